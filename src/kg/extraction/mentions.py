"""Actor mentions in parsed text: knowledge base first, statistical NER for what it lacks.

A mention is a character span linked to an actor:
- a knowledge-base actor by name, capital, seat of power, demonym or acronym ("Moscow", "the
  Kremlin", "Armenian", "CSTO");
- a government body of a state ("the Armenian government", "Russia's Foreign Ministry"), recorded
  as part of that state;
- "the latter" / "the former", resolved to the actors mentioned just before;
- a person or organisation the NER finds and the knowledge base lacks: an actor of its own,
  scoped to the document, so two different people who share a name are never merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc

from kg.kb.actors import Actor
from kg.extraction.gazetteer import Gazetteer, concepts
from kg.extraction.person_names import (HONORIFICS, TITLE_WORDS, TITLED_NAME, DocumentPeople, PersonIndex, active,
                                        fold, preceded_by_name_word, titled)
from kg.extraction.places import find_city

# Head nouns that make "<state> <noun>" a body of that state's government.
GOVERNMENT_NOUNS = {
    "government": "government", "cabinet": "cabinet", "parliament": "parliament",
    "ministry": "ministry", "foreign ministry": "foreign ministry", "defense ministry": "defence ministry",
    "defence ministry": "defence ministry", "interior ministry": "interior ministry",
    "presidency": "presidency", "leadership": "leadership", "authorities": "authorities",
    "congress": "congress", "senate": "senate", "court": "court", "supreme court": "supreme court",
    "assembly": "assembly", "national assembly": "national assembly", "police": "police",
}
# Head nouns whose modifier names the actor behind them ("Armenian officials", "Russian troops").
AGENT_NOUNS = {
    "official", "officials", "leader", "leaders", "president", "minister", "envoy", "ambassador",
    "diplomat", "diplomats", "spokesman", "spokeswoman", "spokesperson", "troops", "forces", "army",
    "military", "police", "navy", "media", "side", "delegation", "peacekeeper", "peacekeepers",
    "soldier", "soldiers", "people", "authorities", "regime", "embassy", "court", "prosecutors",
}
HEAD_TITLES = {"president", "premier", "king", "queen", "emir", "sheikh", "chancellor", "judge", "prince"}
OFFICIAL_TITLES = {
    "president", "minister", "secretary", "official", "ambassador", "envoy", "diplomat", "general",
    "commander", "spokesman", "spokeswoman", "spokesperson", "premier", "chancellor", "king", "queen",
    "prince", "emir", "sheikh", "leader", "governor", "mayor", "coordinator", "representative",
    "negotiator", "mediator", "chief", "head", "prosecutor", "judge", "senator", "deputy", "speaker",
    "chairman", "chairwoman", "director", "commissioner", "delegate", "monarch", "ruler",
}
# The small model sometimes calls places people: "Rakhine State", "Sindh Province".
PLACE_WORDS = {"State", "Province", "Region", "City", "County", "District", "Island", "Islands",
               "Republic", "Valley", "Strip", "Bank", "Square", "Street", "Airport", "University",
               "Crossing", "Corridor", "Border", "Checkpoint", "Camp", "Base", "Port", "River", "Lake",
               "Mountain", "Mountains", "Sea", "Gulf", "Bay", "Park", "Bridge", "Hospital", "Mosque", "Church"}
_NOT_A_NAME = re.compile(r"^\w+-\s|\b(?:19|20)\d\d$|[\n\"“”]")
_WIRE = re.compile(r"^(?:AFP|AP|Reuters|UPI|DPA|ANSA|Xinhua|TASS|IRNA|KUNA|WAFA|Kyodo|Yonhap|PTI|APP|Interfax|"
                   r"Canadian Press|Associated Press|Agence France-Presse)\b\s*[-–—:]")
_LATTER = re.compile(r"\b(?:the )?(latter|former)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text the Doc was made from (plus the caller's offset)
    end: int
    surface: str
    actor: Actor
    via: str  # "kb", "government", "coreference", "ner"; "agent" for an actor named by its kind (events.py)


def government_body(state: Actor, noun: str) -> Actor:
    """The body ``noun`` ("government", "foreign ministry") of ``state``: a part of it."""
    kind = GOVERNMENT_NOUNS.get(noun.lower(), noun.lower())
    label = f"{kind[0].upper()}{kind[1:]} of {state.label}"
    return Actor(f"gov:{state.iso3 or state.id}-{kind.replace(' ', '-')}", "GovernmentBody", label,
                 (), None, part_of=state)


def local_actor(cls: str, name: str) -> Actor:
    """An actor the knowledge base lacks; mapping scopes it to its document (one name, one actor
    per document; never merged across documents)."""
    name = " ".join(name.split())
    return Actor(f"local:{cls.lower()}:{name}", cls, name)


def find_mentions(doc: Doc, gazetteer: Gazetteer, offset: int = 0,
                  previous: list[Mention] | None = None, published: date | None = None,
                  named: DocumentPeople | None = None) -> list[Mention]:
    """Every actor mention in ``doc``, sorted by position; ``previous`` mentions (earlier text of
    the same document) let "the latter", a surname or "the president" reach back across
    paragraphs; ``published`` (the article's date) says who held an office and who is still named
    by surname alone (:mod:`kg.extraction.person_names`). ``named``: the document's people so far,
    kept by the caller across paragraphs (this paragraph's are added to it); without it they are
    read again from ``previous``."""
    text = doc.text
    index = person_index(gazetteer)
    base = named if named is not None else DocumentPeople(previous or (), published)
    people = base.copy()
    matches = [m for m in gazetteer.find(text) if not _part_of_longer_name(text, m)]
    for m in matches:  # full names first: "President Donald Trump … Trump" in one paragraph
        if m.actor.cls == "Person" and len(fold(m.surface).split()) >= 2:
            people.add(m.surface, m.actor)
    # the parser's full names too: "Rick Gates … Gates" is not the knowledge base's Robert Gates
    local_surnames = {fold(e.text).split()[-1] for e in doc.ents
                      if e.label_ == "PERSON" and len(fold(e.text).split()) >= 2}
    matches = [m for m in matches if not (m.actor.cls == "Person" and len(fold(m.surface).split()) == 1
                                          and fold(m.surface) in local_surnames and not people.named(m.surface))]
    states = _states_named(matches, people)
    found: list[Mention] = [Mention(m.start, m.end, m.surface, m.actor, "kb") for m in matches
                            if m.actor.cls != "Person" or kb_person_evident(text, m, people, index, published, states)]
    found = [_government(doc, m) for m in found]
    found = [_office_holder(text, m, index, people, published) for m in found]
    taken = [(m.start, m.end) for m in found]
    ner: list[Mention] = []
    for ent in sorted(doc.ents, key=lambda e: (len(e.text.split()) < 2, e.start_char)):  # full names first
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        mention = _ner_mention(text, ent, people, index, published)
        if mention is not None:
            ner.append(mention)
            taken.append((mention.start, mention.end))
            people.add(mention.surface, mention.actor)
    found += ner
    found += _titled_names(text, taken, people, index, published, states)
    found += _surnames_again(text, taken, people)
    found += _administrations(text, taken, people, index, published)
    found.sort(key=lambda m: (m.start, m.end))
    found = [_affiliated(doc, m, found) if m.actor.cls == "Person" else m for m in found]
    found = _the_office(text, found, people)
    found = _the_administration(text, found, index, people)
    found = _latter_and_former(text, found, previous or [])
    base.note(found)
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in found]


def kb_mentions(text: str, gazetteer: Gazetteer, published: date | None = None,
                previous: list[Mention] | None = None, named: DocumentPeople | None = None) -> list[Mention]:
    """Knowledge-base names in a text read without a parser (a headline, a page in a language the
    coder does not parse), with the same evidence for people as :func:`find_mentions`."""
    index = person_index(gazetteer)
    base = named if named is not None else DocumentPeople(previous or (), published)
    people = base.copy()
    matches = [m for m in gazetteer.find(text) if not _part_of_longer_name(text, m)]
    for m in matches:
        if m.actor.cls == "Person" and len(fold(m.surface).split()) >= 2:
            people.add(m.surface, m.actor)
    states = _states_named(matches, people)
    found = [Mention(m.start, m.end, m.surface, m.actor, "kb") for m in matches
             if m.actor.cls != "Person" or kb_person_evident(text, m, people, index, published, states)]
    base.note(found)
    return found


def _states_named(matches, people: DocumentPeople) -> frozenset[str]:
    """The states (ISO alpha-3) a text and the document before it name: a surname's person is
    preferably one who held office in one of them."""
    return frozenset(people.states | {m.actor.iso3 for m in matches if m.actor.cls == "State" and m.actor.iso3})


def person_index(gazetteer: Gazetteer) -> PersonIndex:
    """The gazetteer's people by surname and its offices (built once per gazetteer)."""
    index = gazetteer.__dict__.get("_person_index")
    if index is None:
        index = gazetteer.__dict__["_person_index"] = PersonIndex(gazetteer.actors.values())
    return index


def kb_person_evident(text: str, match, people: DocumentPeople, index: PersonIndex, day: date | None,
                      states: frozenset[str] = frozenset()) -> bool:
    """Whether a knowledge-base person matched by name has the evidence a link needs: the full
    name; or a surname the document gave this person before, or a titled or recent office holder's
    (:mod:`kg.extraction.person_names`)."""
    words = fold(match.surface).split()
    if len(words) >= 2:
        return True
    if not words or preceded_by_name_word(text, match.start):
        return False
    named = people.named(match.surface)
    if named is not None:
        return named.id == match.actor.id
    if day is None:  # nothing tells namesakes apart but the knowledge base itself
        chosen = index.by_surname(match.surface, None, titled(text, match.start), states)
        return chosen is not None and chosen.id == match.actor.id
    if titled(text, match.start) is not None:
        # "King Hassan of Morocco": a title, and the person of that name who held office around the
        # date in a state the text names, whoever the matcher took
        chosen = index.by_surname(match.surface, day, titled(text, match.start), states)
        return chosen is not None and chosen.id == match.actor.id
    chosen = index.by_surname(match.surface, day, None, states)
    return active(match.actor, day) and chosen is not None and chosen.id == match.actor.id


def _ner_mention(text: str, ent, people: DocumentPeople, index: PersonIndex, day: date | None) -> Mention | None:
    """The mention a statistical entity gives, if any: a person or organisation the knowledge base
    lacks (an actor of the document's own), or a person named again by surname."""
    start, end = ent.start_char, ent.end_char
    name = ent.text.strip()
    junior = re.match(r",?\s+(?:Jr|Sr)\b\.?", text[end:]) if ent.label_ == "PERSON" else None
    if junior:  # "Donald Trump, Jr.": the son's whole name
        name, end = name + " " + junior.group(0).strip(" ,"), end + junior.end()
    possessive = re.search(r"['’]s?$", name)
    if possessive:  # "Osama bin Laden's" is Osama bin Laden
        name = name[:possessive.start()].rstrip()
        end = start + len(name)
    while len(name.split()) >= 2 and name.split()[0].rstrip(".").lower() in TITLE_WORDS:
        rest = name[len(name.split()[0]):]  # "PM Pashinyan", "President Trump": the name without its title
        start += len(name) - len(rest.lstrip())
        name = rest.lstrip()
    if ent.label_ not in ("PERSON", "ORG") or not _looks_like_a_name(text, start, end, name):
        return None
    words = name.split()
    if len(words) == 1:
        again = people.named(name) or index.by_surname(name, day, titled(text, start))
        if again is not None and not preceded_by_name_word(text, start):
            return Mention(start, end, name, again, "coreference" if people.named(name) else "kb")
        if ent.label_ == "PERSON" or name in index.by_key or fold(name) in index.by_key:
            return None  # a surname alone, of nobody the document or the date points to
        if len(name) > 2 and not name.islower() and not find_city(name):  # "Ghazni", "Herat": places
            return Mention(start, end, name, local_actor("Organization", name), "ner")
        return None
    if ent.label_ == "PERSON":
        if find_city(name) or words[-1] in PLACE_WORDS:
            return None
        same = people.named(words[-1])
        if same is not None and _same_person(name, same):
            return Mention(start, end, name, same, "coreference")
        return Mention(start, end, name, local_actor("Person", name), "ner")
    if len(name) > 2 and not name.islower() and not find_city(name):
        return Mention(start, end, name, local_actor("Organization", name), "ner")
    return None


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*\w")


def _surnames_again(text: str, taken: list[tuple[int, int]], people: DocumentPeople) -> list[Mention]:
    """"Rick Gates … Gates agreed": a surname alone, of a person the document named in full."""
    found = []
    for m in _CAPITALISED.finditer(text):
        start, end = m.start(), m.end()
        if any(s < end and start < e for s, e in taken) or not people.is_surname(m.group(0)):
            continue
        if preceded_by_name_word(text, start) or re.match(r"\s+[A-Z]", text[end:end + 2]):
            continue  # "Melania Trump" is her own name; "Gates Foundation" another
        actor = people.named(m.group(0))
        if actor is not None:
            found.append(Mention(start, end, m.group(0), actor, "coreference"))
            taken.append((start, end))
    return found


_DATELINE_AFTER = re.compile(r"\s*(?:,[^()\n]{0,40})?\s*\((?:AFP|AP|Reuters|UPI|DPA|Xinhua|IRNA|AFX|CP)\)")
_CAPS_DASH = re.compile(r"^[A-Z.]+,?\s+-\s")  # "S.C. - Tropical Storm Gaston": a dateline run into a name
_NOT_AN_ACTOR_START = re.compile(r"^(?:Hurricane|Tropical Storm|Typhoon|Cyclone|Storm|Operation)\b")
# single words the parser calls organisations that name no one in particular: "Army", "Cabinet"
_GENERIC = set(GOVERNMENT_NOUNS) | AGENT_NOUNS | {"finance", "reserve", "defense", "defence", "treasury", "state"}


def _looks_like_a_name(text: str, start: int, end: int, name: str) -> bool:
    """Whether a statistical entity can be an actor: not a dateline ("BAGHDAD", "NAJAF, Iraq"), a
    wire-service credit ("(Reuters)", "AFP - A", "S.C. - Tropical Storm"), a place, a storm, a
    fragment ("post-Taliban") or a generic noun ("Army")."""
    if not name or _NOT_A_NAME.search(name) or _WIRE.match(name) or _CAPS_DASH.match(name) or "\\" in name:
        return False  # "Alwaght- Continuation", "AFP - A", "Eagle Partner 2023" (an operation)
    bare = re.sub(r"^[Tt]he\s+", "", name)
    if not bare[:1].isupper() or _NOT_AN_ACTOR_START.match(bare):
        return False  # "post-Taliban", "Hurricane Charley"
    letters = [c for c in name if c.isalpha()]
    if name.isupper() and (len(letters) > 5 or " " in name):
        return False  # a dateline in capitals; acronyms ("NATO", "IAEA") are short
    if start < 80 and name.isupper() and len(letters) > 3 and re.match(r"\s*(?:,[^()\n]{0,40})?\s*[(\-–—]", text[end:end + 60]):
        return False  # "NAJAF, Iraq (Reuters) -", "GAZA -": where the story was filed
    if (text[max(0, start - 1):start] == "(" and text[end:end + 1] == ")" or re.match(r"\s*[-–—]", text[end:end + 3])) \
            and _WIRE.match(name + " -"):
        return False  # "(Reuters)", "Reuters - …": who sent the story
    if re.match(r"^[A-Z]{3,}(?:\s+[A-Z]{2,})*,", name):
        return False  # "NAJAF, Iraq" taken as one name: a dateline
    if name.isupper() and len(letters) > 3 and _DATELINE_AFTER.match(text[end:end + 60]):
        return False  # "NAJAF, Iraq (Reuters) -" anywhere: where the story was filed
    if bare.lower() in _GENERIC or concepts()[0].lookup(bare) is not None:
        return False  # "Army"; "Caucasus", "Shi'ite": a region, a religion, not an actor of its own
    return True


def _same_person(name: str, known: Actor) -> bool:
    """"Muqtada al-Sadr" after "Moqtada al-Sadr", "Rod J. Rosenstein" after "Rod Rosenstein": the
    same surname and the same initial of the given name."""
    a, b = fold(name).split(), fold(known.label).split()
    return bool(a and b) and a[-1] == b[-1] and a[0][:1] == b[0][:1]


def _titled_names(text: str, taken: list[tuple[int, int]], people: DocumentPeople, index: PersonIndex,
                  day: date | None, states: frozenset[str] = frozenset()) -> list[Mention]:
    """"Mr. Pompeo", "President Trump", "Secretary Gates": a title or honorific and one name that
    no other mention covers, linked to the person the document or the date points to."""
    found = []
    for m in TITLED_NAME.finditer(text):
        if m.group("next"):
            continue  # "President Donald Trump": a full name, the matcher's or the parser's
        start, end = m.start("name"), m.end("name")
        if any(s < end and start < e for s, e in taken):
            continue
        name = m.group("name")
        actor = people.named(name) or index.by_surname(name, day, m.group("title"), states)
        if actor is None:
            continue
        honorific = m.group("title") in HONORIFICS
        span_start = m.start("title") if honorific else start  # "Mr. Trump" whole; "President" is an office
        found.append(Mention(span_start, end, text[span_start:end], actor,
                             "coreference" if people.named(name) else "kb"))
        taken.append((span_start, end))
        people.add(name, actor)
    return found


_OFFICE_AFTER = re.compile(r"^(?:['’]s)?\s+(vice president|prime minister|supreme leader|president|premier|chancellor|"
                           r"leader|dictator|king|queen|emir)\b(?!\s+of\b)(?P<name>(?-i:\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*))?",
                           re.IGNORECASE)
_OFFICE_BEFORE = re.compile(r"\b(vice president|prime minister|supreme leader|president|premier|chancellor|leader|"
                            r"king|queen|emir)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ADMINISTRATION = re.compile(r"^(?:['’]s)?\s+(administration|government|cabinet)\b", re.IGNORECASE)


def _office_holder(text: str, mention: Mention, index: PersonIndex, people: DocumentPeople,
                   day: date | None) -> Mention:
    """"North Korean leader", "Israel's prime minister", "president of the United States": the
    person in that office on the article's date, acting for the state; "the Trump administration":
    the government of the state the person led then. Unchanged when the knowledge base does not
    say who held the office (or a name follows: "President Moon Jae-in" is his own mention)."""
    actor = mention.actor
    if actor.cls == "State" and actor.iso3:
        after = _OFFICE_AFTER.match(text[mention.end:])
        before = _OFFICE_BEFORE.search(text[max(0, mention.start - 40):mention.start])
        if after or before:
            office = (after or before).group(1).lower()
            holder = index.holder(actor.iso3, office, day)
            named = after.group("name") if after else None
            if holder is not None and named and not set(fold(named).split()) & set(fold(holder.actor.label).split()):
                holder = None  # "Japanese Prime Minister Yoshida": someone else than the holder that day
            if holder is not None:
                start = mention.start - (len(before.group(0)) if before and not after else 0)
                end = mention.end + (after.end(1) if after else 0)  # the office; a name after it is its own mention
                people.add(holder.actor.label, holder.actor, office=office)
                return Mention(start, end, text[start:end], replace(holder.actor, part_of=actor), "office")
    elif actor.cls == "Person" and day is not None:
        after = _ADMINISTRATION.match(text[mention.end:])
        if after:
            heads = [r for r in actor.roles if r.state and r.role in ("chief of state", "head of government")
                     and r.holds_on(day)]
            state = index.states.get(heads[0].state) if heads else None
            if state is not None:
                end = mention.end + after.end()
                return Mention(mention.start, end, text[mention.start:end], government_body(state, "government"),
                               "government")
    return mention


_LEADERS_ADMINISTRATION = re.compile(r"\b([A-Z][\w'’-]+)(?:['’]s)?\s+(?:administration|government)\b")


def _administrations(text: str, taken: list[tuple[int, int]], people: DocumentPeople, index: PersonIndex,
                     day: date | None) -> list[Mention]:
    """"the Trump administration", "the Obama administration": the government of the state the
    person led (on the article's date, else last)."""
    found = []
    for m in _LEADERS_ADMINISTRATION.finditer(text):
        start, end = m.start(), m.end()
        if any(s < end and start < e for s, e in taken):
            continue
        person = people.named(m.group(1)) or index.by_surname(m.group(1), day)
        heads = sorted((r for r in (person.roles if person else ()) if r.state and r.role in ("chief of state",
                        "head of government")), key=lambda r: (r.holds_on(day) if day else False, r.start or ""))
        state = index.states.get(heads[-1].state) if heads else None
        if state is not None:
            # the leader is named too: "the Trump administration" speaks of Trump's government
            found.append(Mention(m.start(1), m.end(1), m.group(1), person, "coreference"))
            found.append(Mention(start, end, text[start:end], government_body(state, "government"), "government"))
            taken.append((start, end))
    return found


_THE_OFFICE = re.compile(r"\b(?:[Tt]he|Mr\.?|Madam)\s+(vice president|prime minister|president|premier|chancellor)\b"
                         r"(?!\s+(?:of\b|[A-Z]))")


def _the_office(text: str, found: list[Mention], people: DocumentPeople) -> list[Mention]:
    """"the president", "Mr. President": the holder of that office the document named last."""
    out = list(found)
    for m in _THE_OFFICE.finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in found):
            continue
        named_before = [x for x in found if x.end <= m.start() and x.actor.cls == "Person"]
        holder = people.last_holder(m.group(1))
        if holder is None or (named_before and holder.id not in {x.actor.id for x in named_before}
                              and not people.known(holder)):
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), holder, "coreference"))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _part_of_longer_name(text: str, match) -> bool:
    """"Tom" in "Tom King" is not the politician whose surname is Tom: a one-word person alias
    followed by another capitalised name is a given name."""
    if match.actor.cls != "Person":
        return False
    if re.match(r",?\s+(?:Jr|Sr)\b\.?", text[match.end:]):
        return True  # "Donald Trump, Jr." is the son, not the knowledge base's Donald Trump
    if " " in match.surface:
        return False
    following = re.match(r"\s+([A-Z][\w'-]+)", text[match.end:])
    return bool(following)


def _affiliated(doc: Doc, mention: Mention, found: list[Mention]) -> Mention:
    """"Russian Foreign Minister Andrei Kozyrev", "Kenzo Oshima, the United Nations relief
    coordinator": a person the knowledge base lacks acts for the state or body in their title."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention
    root = span.root
    title = [t for t in root.subtree if t.i < span.start]
    for child in root.children:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of"):
            title += list(child.subtree)  # "…, the UN relief coordinator", "King Hassan of Morocco"
    if not any(t.lemma_.lower() in OFFICIAL_TITLES for t in title):
        return mention  # "Sputnik Armenia analyst X" works for a medium, not for Armenia
    spans = [(t.idx, t.idx + len(t)) for t in title]
    # the nearest body wins, the title before the name first ("fired FBI Director James Comey, …
    # and his campaign's connections to Russia": the FBI's, not Russia's)
    bodies = [o for o in found if o.actor.cls in ("State", "IntergovernmentalOrganization", "Alliance", "GovernmentBody")
              and any(a <= o.start < b for a, b in spans)]
    before = sorted((o for o in bodies if o.end <= mention.start), key=lambda o: -o.end)
    after = sorted((o for o in bodies if o.start >= mention.end), key=lambda o: o.start)
    for other in before + after:
        return replace(mention, actor=replace(mention.actor, part_of=other.actor))
    # "President Omar El Bashir … the curfew imposed in Sudan": a head of state or government
    # titled without a country is taken to hold office in the state the sentence names
    # ("Taiwanese President Tsai Ing-wen met Japanese officials": a nationality in the title that
    # the knowledge base does not know is still a nationality, and not the sentence's other state)
    if mention.via == "ner" and any(t.lemma_.lower() in HEAD_TITLES for t in title) \
            and not any(t.ent_type_ in ("NORP", "GPE") or (t.pos_ == "ADJ" and t.text[:1].isupper()) for t in title):
        sentence = span.sent
        states = [m for m in found if m.actor.cls == "State"
                  and sentence.start_char <= m.start < sentence.end_char]
        if states:
            return replace(mention, actor=replace(mention.actor, part_of=states[0].actor),
                           via="ner-context")
    return mention


def _government(doc: Doc, mention: Mention) -> Mention:
    """"the Armenian government", "Russia's Foreign Ministry": the state's body, spanning both."""
    if mention.actor.cls != "State":
        return mention
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention
    head = span.root.head if span.root.dep_ in ("amod", "compound", "poss", "nmod") else None
    if head is None or head.i < span.root.i:
        return mention
    words = [t for t in doc[span.end:head.i + 1] if t.dep_ != "case" and t.text != "'s"]
    phrase = " ".join(t.lower_ for t in words)
    for noun in sorted(GOVERNMENT_NOUNS, key=len, reverse=True):
        if phrase.endswith(noun):
            return Mention(mention.start, head.idx + len(head.text), doc.text[mention.start:head.idx + len(head.text)],
                           government_body(mention.actor, noun), "government")
    return mention


_THE_ADMINISTRATION = re.compile(r"\b(?:[Tt]he|[Hh]is|[Hh]er) (administration|government)\b(?!\s+of\b)")


def _the_administration(text: str, found: list[Mention], index: PersonIndex,
                       people: DocumentPeople) -> list[Mention]:
    """"the administration", "his government": the government of the state whose leader the
    document names most. (Not "the North" for North Korea: it raised country links on the
    development set's check part but lowered its cross-document identity, so it is not kept.)"""
    out = list(found)
    leader = people.leading(index.states)
    if leader is not None:
        for m in _THE_ADMINISTRATION.finditer(text):
            if not any(x.start < m.end() and m.start() < x.end for x in found):
                out.append(Mention(m.start(), m.end(), m.group(0), government_body(leader, "government"),
                                   "coreference"))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _latter_and_former(text: str, found: list[Mention], previous: list[Mention]) -> list[Mention]:
    out = list(found)
    for m in _LATTER.finditer(text):
        # previous mentions carry document offsets, found ones offsets in this text: all of the
        # former come first
        before = list(previous) + [x for x in found if x.end <= m.start()]
        distinct: list[Actor] = []
        for x in reversed(before):
            if x.actor not in distinct:
                distinct.append(x.actor)
        index = 0 if m.group(1).lower() == "latter" else 1
        if len(distinct) > index:
            out.append(Mention(m.start(), m.end(), m.group(0), distinct[index], "coreference"))
    out.sort(key=lambda x: (x.start, x.end))
    return out
