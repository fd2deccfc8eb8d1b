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

from spacy.tokens import Doc

from kg.kb.actors import Actor
from kg.extraction.gazetteer import Gazetteer
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
               "Republic", "Valley", "Strip", "Bank", "Square", "Street", "Airport", "University"}
_NOT_A_NAME = re.compile(r"^\w+-\s|\b(?:19|20)\d\d$|[\n\"“”]")
_LATTER = re.compile(r"\b(?:the )?(latter|former)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text the Doc was made from (plus the caller's offset)
    end: int
    surface: str
    actor: Actor
    via: str  # "kb", "government", "coreference", "ner"


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
                  previous: list[Mention] | None = None) -> list[Mention]:
    """Every actor mention in ``doc``, sorted by position; ``previous`` mentions (earlier text of
    the same document) let "the latter" reach back across paragraphs."""
    text = doc.text
    found: list[Mention] = [Mention(m.start, m.end, m.surface, m.actor, "kb") for m in gazetteer.find(text)
                            if not _part_of_longer_name(text, m)]
    found = [_government(doc, m) for m in found]
    taken = [(m.start, m.end) for m in found]
    for ent in doc.ents:
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        name = ent.text.strip()
        if _NOT_A_NAME.search(name):
            continue  # "Alwaght- Continuation" (a dateline), "Eagle Partner 2023" (an operation)
        if ent.label_ == "PERSON" and not find_city(name) and len(name.split()) >= 2 \
                and name.split()[-1] not in PLACE_WORDS:
            found.append(Mention(ent.start_char, ent.end_char, name, local_actor("Person", name), "ner"))
        elif ent.label_ == "ORG" and len(name) > 2 and not name.islower():
            found.append(Mention(ent.start_char, ent.end_char, name,
                                 local_actor("Organization", name), "ner"))
    found.sort(key=lambda m: (m.start, m.end))
    found = [_affiliated(doc, m, found) if m.actor.cls == "Person" else m for m in found]
    found = _latter_and_former(text, found, previous or [])
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in found]


def _part_of_longer_name(text: str, match) -> bool:
    """"Tom" in "Tom King" is not the politician whose surname is Tom: a one-word person alias
    followed by another capitalised name is a given name."""
    if match.actor.cls != "Person" or " " in match.surface:
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
    for other in sorted(found, key=lambda m: -m.end):
        if other.actor.cls in ("State", "IntergovernmentalOrganization", "Alliance", "GovernmentBody") \
                and any(a <= other.start < b for a, b in spans):
            return replace(mention, actor=replace(mention.actor, part_of=other.actor))
    # "President Omar El Bashir … the curfew imposed in Sudan": a head of state or government
    # titled without a country is taken to hold office in the state the sentence names
    if mention.via == "ner" and any(t.lemma_.lower() in HEAD_TITLES for t in title):
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
