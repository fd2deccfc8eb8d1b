"""What a glossary definition states about its topic, as facts with the span each was read from.

A definition is the publisher's description: "A Zaidi Shiite movement operating in Yemen. It seeks
to establish a democratic government in Yemen." kg reads from it the topic's class, what it is a
kind or a part of, its members and memberships, its founding, beginning or independence (with an
EDTF date and its founder or the event that began it), where it operates or is based, its religion,
ideology and language, its stated goals, and the other topics of the same glossary it names.

The reading is by patterns over the definition's sentences, the knowledge base (actors), kg's
concept vocabulary (religions, ideologies, regions), the GeoNames city table and the time-expression
parser. A fact is only taken from a sentence (or clause) that is about the topic: the first
sentence, or one whose subject refers to the topic (its name, an acronym, "it", "the country" …).
Relation names and what they mean: docs/definition-facts.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from kg.documents import GlossaryEntry, Span
from kg.kb.actors import Actor
from kg.extraction.gazetteer import Gazetteer
from kg.extraction.groups import resolve_groups
from kg.extraction.places import Place, find_city
from kg.extraction.gazetteer import concepts
from kg.extraction.term_links import TermMatcher
from kg.extraction.timex import TimeValue, find_times
from kg.extraction.topic_classes import TopicClass

RELATIONS = ("class", "kindOf", "partOf", "member", "memberOf", "founder", "founded", "began",
             "independence", "initiatedBy", "operatesIn", "basedIn", "religion", "ideology",
             "language", "languageFamily", "goal", "related", "associated")
BEGINNINGS = ("founded", "began", "independence")
ORGANISATION_CLASSES = {"IntergovernmentalOrganization", "Alliance", "Organization", "GovernmentBody"}


@dataclass(frozen=True)
class Fact:
    """``relation`` (one of RELATIONS) of the topic, read from ``span`` (document offsets).

    The value is one of: ``actor`` (a knowledge-base actor, a concept, or a person kg names
    itself), ``place`` (a city), ``time`` (for founded/began/independence, and the start of a
    membership), ``text`` (a class name, a goal, a language, an event's name, a related term).
    """

    relation: str
    span: Span
    actor: Actor | None = None
    place: Place | None = None
    time: TimeValue | None = None
    text: str | None = None
    reasoning: str | None = None  # how a described group was resolved to its members

    @property
    def value(self) -> str:
        """The value as a reader would name it: a label, an EDTF date or the text."""
        if self.relation in BEGINNINGS and self.time is not None:
            return self.time.edtf
        if self.actor is not None:
            return self.actor.label
        if self.place is not None:
            return self.place.name
        return self.text or ""

    def names(self) -> set[str]:
        """Every name the value goes by (for matching against a hand-written answer)."""
        found = {self.value}
        if self.actor is not None:
            found |= {self.actor.id.split(":", 1)[-1], *self.actor.aliases}
            if self.actor.iso3:
                found.add(self.actor.iso3)
        return {n.casefold() for n in found if n}


# -------------------------------------------------------------------------------------------------
# sentences and what refers to the topic

# A sentence ends at . ! ? before a space and a capital, unless the dot ends an initial or a
# common abbreviation ("U.S.", "D.C.", "i.e.").
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Dr|St|vs|Jr|Sr|no))(?<!\bi\.e)(?<!\be\.g)[.!?](?=\s+[\"'(]?[A-Z0-9])")
_GENERIC_SUBJECT = re.compile(
    r"\b(?:it|its|they|their|the (?:\w+ )?(?:country|state|nation|kingdom|republic|archipelago|island|islands|"
    r"organi[sz]ation|alliance|group|movement|union|bloc|treaty|protocol|court|agency|war|party|"
    r"federation|emirate|sultanate|principality|council|body|institution))\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:]|,\s+(?:and|but|while|when|where|after|before|although|which)\b|\b(?:and|but|while|when|whereas)\s+(?=[A-Z])")


@dataclass
class _Context:
    entry: GlossaryEntry
    gazetteer: Gazetteer
    itself: Actor | None
    names: tuple[str, ...]  # ways the definition names its topic

    @property
    def text(self) -> str:
        return self.entry.definition

    @property
    def base(self) -> int:
        return self.entry.definition_span.start

    def span(self, start: int, end: int) -> Span:
        return Span(self.base + start, self.base + end)

    def names_topic(self, fragment: str) -> bool:
        if self.itself is not None and any(m.actor.id == self.itself.id for m in self.gazetteer.find(fragment)):
            return True
        folded = fragment.casefold()
        return any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", folded) for n in self.names)

    def about_topic(self, sentence_start: int, trigger: int) -> bool:
        """Whether the clause leading up to ``trigger`` has the topic as its subject."""
        if sentence_start == self.first_sentence_start:
            return True
        before = self.text[sentence_start:trigger]
        boundaries = list(_CLAUSE_START.finditer(before))
        clause = before[boundaries[-1].end():] if boundaries else before
        return self.names_topic(clause) or bool(_GENERIC_SUBJECT.search(clause))

    first_sentence_start: int = 0
    begun: set = field(default_factory=set)  # beginning relations already found


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without surrounding space."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _topic_names(entry: GlossaryEntry, itself: Actor | None) -> tuple[str, ...]:
    names = {entry.term}
    names.update(part.strip() for part in re.split(r"\s*(?:&|\band\b|/)\s*", entry.term) if len(part.strip()) > 2)
    # acronyms given in the definition: "The International Atomic Energy Agency (IAEA)"
    names.update(re.findall(r"\(([A-Z]{2,}[a-z]?)\b", entry.definition[:300]))
    if itself is not None:
        names.add(itself.label)
        names.update(a for a in itself.aliases if len(a) > 2 and not a.islower())
    # "Modern Turkey", "the Saudi state": the last word of a many-word name also names the topic
    # when it is a kind word ("the war" for "Korean War"); single words are names themselves.
    return tuple(sorted(n for n in names if n))


# -------------------------------------------------------------------------------------------------
# the extractor

def definition_facts(entry: GlossaryEntry, topic_class: TopicClass | None, itself: Actor | None,
                     gazetteer: Gazetteer, other_terms: Sequence[str] = ()) -> list[Fact]:
    """Facts ``entry``'s definition states about its topic; ``itself`` is the knowledge-base actor
    the term names (if any); ``other_terms`` are the other terms of the same glossary."""
    ctx = _Context(entry, gazetteer, itself, _topic_names(entry, itself))
    spans = sentences(entry.definition)
    if spans:
        ctx.first_sentence_start = spans[0][0]
    facts: list[Fact] = []
    facts += _class_facts(ctx, topic_class)
    for start, end in spans:
        facts += _kind_and_part(ctx, start, end)
        facts += _beginnings(ctx, start, end)
        if _is_actor(ctx, topic_class):  # only actors are members ("the Korean War joined …" is not)
            facts += _memberships_of_topic(ctx, start, end)
        facts += _places(ctx, start, end, topic_class)
        facts += _languages(ctx, start, end)
        facts += _goals(ctx, start, end)
    if spans:
        facts += _beliefs(ctx, spans[0], topic_class)
    if topic_class and set(topic_class.classes) & {"Alliance", "IntergovernmentalOrganization"}:
        facts += _members(ctx, spans)
    facts += _related(ctx, other_terms)
    return _unique(facts)


def _is_actor(ctx: _Context, tc: TopicClass | None) -> bool:
    cls = ctx.itself.cls if ctx.itself is not None else (tc.classes[0] if tc else None)
    return cls is not None and cls not in ("Ideology", "Region")


def _unique(facts: list[Fact]) -> list[Fact]:
    seen, out = set(), []
    for fact in facts:
        key = (fact.relation, fact.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def _class_facts(ctx: _Context, tc: TopicClass | None) -> list[Fact]:
    if ctx.itself is not None and ctx.itself.cls == "State":
        # a country's entry is about the state: its name is the evidence
        return [Fact("class", ctx.entry.term_span, text="State")]
    if tc is None:
        return []
    span = ctx.span(tc.cue_start, tc.cue_start + len(tc.cue))
    return [Fact("class", span, text=cls) for cls in tc.classes]


# --- kind and part -------------------------------------------------------------------------------

_KIND_OF = re.compile(r"\b(?P<rel>denomination|branch|sect|school|subgroup|offshoot|strand|variant|"
                      r"interpretation|form|revival|organ|body|institution|agency|arm|wing)s?\s+of\s+(?:the\s+)?",
                      re.IGNORECASE)
_PART_WORDS = {"branch", "organ", "body", "institution", "agency", "arm", "wing"}
_KIND_WORDS = {"denomination", "sect", "school", "subgroup", "offshoot", "strand", "variant", "branch"}


def _kind_and_part(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    concept_index, _ = concepts()
    for m in _KIND_OF.finditer(ctx.text, start, end):
        if not ctx.about_topic(start, m.start()):
            continue
        rest = ctx.text[m.end():end]
        word = m.group("rel").lower()
        found = next(iter(concept_index.find(rest[:40])), None)
        if found is not None and found.start == 0 and found.actor.cls != "Region":
            relation = "kindOf" if word in _KIND_WORDS else "religion" if found.actor.cls == "ReligiousGroup" else None
            if relation:
                yield Fact(relation, ctx.span(m.start(), m.end() + found.end), actor=found.actor)
            continue
        actor = next(iter(ctx.gazetteer.find(rest[:80])), None)
        if actor is not None and actor.start == 0 and word in _PART_WORDS and actor.actor.cls in ORGANISATION_CLASSES:
            yield Fact("partOf", ctx.span(m.start(), m.end() + actor.end), actor=actor.actor)


# --- founding, beginning, independence ---------------------------------------------------------------

_FOUNDING = re.compile(
    r"\b(?P<verb>founded|established|formed|created|set up|signed|launched|inaugurated|instituted|"
    r"(?:merged|united|unified|joined together)\s+(?:to\s+form|as|into))\b", re.IGNORECASE)
_TREATY_ADOPTED = re.compile(r"\b(?P<verb>adopted|concluded)\b", re.IGNORECASE)
_TREATY_TERM = re.compile(r"\b(?:treaty|protocol|convention|accords?|agreement|charter|pact)\b", re.IGNORECASE)
# intransitive only: "the war began on 25 June 1950", not "it began accession talks"
_BEGAN = re.compile(r"\b(?P<verb>began|begun|started|emerged|originated|broke out|entered into force)"
                    r"(?=\s+(?:in|on|at|around|during|after|before|when|as|with|shortly|following)\b|\s*[,.;]|$)",
                    re.IGNORECASE)
_ACTIVE_FOUNDING = re.compile(r"founded|established|formed|created|set up|merged|united|unified|joined together",
                              re.IGNORECASE)
_INDEPENDENCE = re.compile(
    r"\b(?P<verb>(?:attained|gained|achieved|won|obtained|declared|regained|granted|granting|received)"
    r"\s+(?:(?:its|their|it|them|full|formal|partial|nominal)\s+)*independence|became\s+(?:fully\s+)?independent|"
    r"independence\s+(?:was\s+)?(?:declared|proclaimed|won|achieved))\b|(?:'s|’s)\s+independence\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# A person's name: capitalised words, with the particles Arabic and European names carry.
_NAME = (r"[A-Z][\w'’.-]*[A-Za-z]"
         r"(?:(?:\s+|-)(?:(?:bin|ibn|bint|al|el|de|van|von|der|da|di)(?:\s+|-))*[A-Z][\w'’.-]*[A-Za-z])*")
_BY_NAME = re.compile(rf"\bby\s+(?:the\s+)?(?:[a-z][\w-]*\s+(?:and\s+)?){{0,4}}?(?P<name>{_NAME})")
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})(?:\s*\((?P<alias>[^)]{{2,40}})\))?\s*$")
_TITLES = re.compile(r"^(?:(?:Mullah|Ayatollah|Sheikh|Shaykh|King|Queen|Amir|Emir|Sultan|Shah|President|"
                     r"Prime Minister|General|Gen\.|Imam|Prophet|Sir|Reverend|Father)\s+)+")
_EVENT_WORDS = re.compile(r"\b(?:Revolution|War|Uprising|Intifada|Spring|Crisis|Coup|Accords?|Agreement|"
                          r"Treaty|Conference|Invasion|Revolt|Rebellion|Independence|Partition)\b")


def _beginnings(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    sentence = ctx.text[start:end]
    times = find_times(sentence, None)
    patterns = [("founded", _FOUNDING), ("began", _BEGAN), ("independence", _INDEPENDENCE)]
    if _TREATY_TERM.search(ctx.entry.term):
        patterns.insert(1, ("founded", _TREATY_ADOPTED))
    for relation, pattern in patterns:
        for m in pattern.finditer(ctx.text, start, end):
            if relation in ctx.begun:
                break  # the first statement of a founding (or beginning) is the topic's own
            before = ctx.text[start:m.start()]
            clause_end = _clause_end(ctx.text, m.end(), end)
            by = _BY_NAME.search(ctx.text, m.end(), clause_end)
            passive = bool(_PASSIVE.search(before)) or bool(by and by.start() - m.end() < 24)
            relative = re.search(r"(?P<head>[\w'’-]+)\s+(?:that|which|who)\s+(?:\w+\s+)?$", before)
            # active ("Ibn Saud founded …") needs a subject right before the verb; after a comma the
            # verb is a participle about the topic ("… states, founded in Bangkok in 1967")
            active = (relation == "founded" and not passive and not relative and bool(before.strip())
                      and not before.rstrip().endswith(","))
            if active:
                # "Ibn Saud founded the modern Saudi state": the object must be the topic
                if not _ACTIVE_FOUNDING.match(m.group(0)) or not ctx.names_topic(_object_phrase(ctx.text, m.end(), clause_end)):
                    continue
            elif relative and not (ctx.names_topic(relative.group("head")) or _TREATY_TERM.search(relative.group("head"))
                                   or relative.group("head").islower()):
                continue  # "the Iranian Revolution that established an Islamic republic": not the topic
            elif not (ctx.about_topic(start, m.start()) or _participle_about_topic(ctx, start, m, end)
                      or re.search(r"\b(?:it|them)\b", m.group(0))):
                continue
            time = _nearest_time(times, m.start() - start, m.end() - start, clause_end - start)
            if time is None:
                continue
            ctx.begun.add(relation)
            evidence_start, evidence_end = min(m.start(), start + time.start), max(m.end(), start + time.end)
            yield Fact(relation, ctx.span(evidence_start, evidence_end), time=time)
            if active:
                who = _NAME_BEFORE.search(ctx.text, start, m.start()) or _sentence_subject(ctx.text, start, m.start())
                if who:
                    yield _founder(ctx, who.group("name"), who.start("name"), who.end("name"), who.group("alias"))
            elif by:
                name = by.group("name")
                if _EVENT_WORDS.search(name):
                    yield Fact("initiatedBy", ctx.span(by.start("name"), by.end("name")), text=_strip_article(name))
                elif relation == "founded":
                    yield _founder(ctx, name, by.start("name"), by.end("name"))


def _object_phrase(text: str, start: int, end: int) -> str:
    """The noun phrase right after a verb, up to its first preposition or punctuation."""
    stop = re.compile(r"\s(?:in|on|at|from|into|with|after|before|by|for|to|as|during|under)\s|[,;.(]").search(text, start, end)
    return text[start:stop.start() if stop else end]


def _sentence_subject(text: str, start: int, trigger: int) -> re.Match | None:
    """"Ahmad Shah DURRANI unified the Pashtun tribes and founded …": the name the sentence opens
    with, when the founding verb is coordinated with another."""
    if not re.search(r"\band\s+$", text[start:trigger]):
        return None
    return re.compile(rf"(?P<name>{_NAME})(?:\s*\((?P<alias>[^)]{{2,40}})\))?(?=\s+[a-z])").match(text, start, trigger)


def _participle_about_topic(ctx: _Context, start: int, m: re.Match, end: int) -> bool:
    """"Founded in 1949, it has 47 member states": a sentence-opening participle whose subject
    follows the first comma."""
    if ctx.text[start:m.start()].strip():
        return False
    comma = ctx.text.find(",", m.end(), end)
    if comma < 0:
        return False
    after = ctx.text[comma + 1:comma + 60]
    return bool(re.match(r"\s*(?:it|they|the\s+\w+)\b", after, re.IGNORECASE)) or ctx.names_topic(after[:30])


def _clause_end(text: str, position: int, end: int) -> int:
    m = re.compile(r";|,\s+(?:while|whereas|but)\b|\.\s").search(text, position, end)
    return m.start() if m else end


def _nearest_time(times: list[TimeValue], trigger_start: int, trigger_end: int, clause_end: int) -> TimeValue | None:
    after = [t for t in times if trigger_end <= t.start < clause_end]
    if after:
        return after[0]
    before = [t for t in times if t.end <= trigger_start]
    if before and (trigger_start - before[-1].end < 80 or before[-1].start < 4):
        return before[-1]  # "In 1971, six of these states … merged to form …": the opening date
    return None


def _founder(ctx: _Context, name: str, start: int, end: int, alias: str | None = None) -> Fact:
    name = _TITLES.sub("", name.strip(" ,"))
    actor = ctx.gazetteer.lookup(name) or (ctx.gazetteer.lookup(alias) if alias else None)
    if actor is None:
        label = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())
        label = re.sub(r"\b([A-Z][a-z]+)-([A-Z]+)\b", lambda m: f"{m.group(1)}-{m.group(2).capitalize()}", label)
        aliases = (alias.strip(),) if alias else ()
        actor = Actor(f"local:person:{label}", "Person", label, aliases)
    return Fact("founder", ctx.span(start, end), actor=actor)


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


# --- memberships of the topic ("Turkey joined the UN in 1945 and NATO in 1952") ----------------------

_JOINED = re.compile(r"\b(?:joined|(?:(?:became|is|was|remains)\s+)?(?:a\s+|an\s+)?(?:full\s+|founding\s+|associate\s+)?"
                     r"member\s+(?:state\s+)?of|acceded\s+to)\s+|(?:'s|’s)\s+accession\s+to\s+",
                     re.IGNORECASE)


def _memberships_of_topic(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    sentence = ctx.text[start:end]
    times = find_times(sentence, None)
    for m in _JOINED.finditer(ctx.text, start, end):
        if not ctx.about_topic(start, m.start()) or ctx.text[m.start():m.end()].lower().startswith("joined") \
                and re.search(r"\b(?:was|were|had been)\s+$", ctx.text[start:m.start()]):
            continue
        clause_end = _clause_end(ctx.text, m.end(), end)
        found = [x for x in ctx.gazetteer.find(ctx.text[m.end():clause_end], m.end())
                 if x.actor.cls in ORGANISATION_CLASSES and x.actor != ctx.itself]
        for i, org in enumerate(found):
            limit = found[i + 1].start if i + 1 < len(found) else clause_end
            time = next((t for t in times if org.end - start <= t.start < limit - start), None)
            if time is None and i == 0:  # "In 1963, Turkey became an associate member of …"
                time = _nearest_time(times, m.start() - start, m.start() - start, m.start() - start)
            first = min(org.start, start + time.start) if time else org.start
            last = max(org.end, start + time.end) if time else org.end
            yield Fact("memberOf", ctx.span(first, last), actor=org.actor, time=time)


# --- places -------------------------------------------------------------------------------------------

_OPERATES = re.compile(
    r"\b(?:operat(?:ing|es|e|ed)|active|present|living|lives?|inhabit(?:ing|s)?|inhabited|spread|"
    r"spans?|spanning|found)\b(?:\s+(?:mainly|mostly|primarily|largely|chiefly|predominantly))?"
    r"(?:\s+(?:in|across|throughout|over))?\s+", re.IGNORECASE)
_LOCATED = re.compile(r"\b(?:located|situated|based)\s+(?:mainly\s+|mostly\s+|primarily\s+)?in\s+", re.IGNORECASE)
_BASED = re.compile(r"\b(?:headquartered|headquarters\s+(?:is|are)\s+(?:located\s+)?|seated|sits|seat\s+is)\s*(?:in|at)\s+",
                    re.IGNORECASE)


def _places(ctx: _Context, start: int, end: int, tc: TopicClass | None) -> Iterator[Fact]:
    organisation = bool(tc and set(tc.classes) & ORGANISATION_CLASSES) or (
        ctx.itself is not None and ctx.itself.cls in ORGANISATION_CLASSES)
    for m in _BASED.finditer(ctx.text, start, end):
        if ctx.about_topic(start, m.start()) or "headquarters" in m.group(0).lower():
            yield from _base_of(ctx, m.end(), _clause_end(ctx.text, m.end(), end))
    for m in _LOCATED.finditer(ctx.text, start, end):
        if not _predicate_of_topic(ctx, start, m.start(), tc):
            continue
        if organisation and m.group(0).lower().startswith(("based", "located")):
            yield from _base_of(ctx, m.end(), _clause_end(ctx.text, m.end(), end))
        else:
            yield from _areas(ctx, m.start(), m.end(), _clause_end(ctx.text, m.end(), end))
    for m in _OPERATES.finditer(ctx.text, start, end):
        if ctx.about_topic(start, m.start()):
            yield from _areas(ctx, m.start(), m.end(), end)
    yield from _capital(ctx, start, end)
    if tc is not None and start == ctx.first_sentence_start:
        # "a Sunni fundamentalist movement in Afghanistan": the place right after the class words
        after = tc.cue_start + len(tc.cue)
        m = re.compile(r"\s+in\s+").match(ctx.text, after)
        if m:
            stop = re.compile(r"[,;.]|\s(?:that|which|who|with|and\s+[a-z])\b").search(ctx.text, m.end(), end)
            yield from _areas(ctx, after, m.end(), stop.start() if stop else end)


def _predicate_of_topic(ctx: _Context, start: int, trigger: int, tc: TopicClass | None) -> bool:
    """"… is located in", "a movement based in": said of the topic, not of a noun before it
    ("a United Nations-sponsored organization based in Geneva" in a sentence about a treaty)."""
    before = ctx.text[start:trigger]
    if re.search(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", before):
        return ctx.about_topic(start, trigger)
    cue_end = tc.cue_start + len(tc.cue) if tc else -1
    return start == ctx.first_sentence_start and 0 <= trigger - cue_end <= 2


def _capital(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    """"the capital city of Brussels" in a country's entry: the state's seat."""
    if ctx.itself is None or ctx.itself.cls != "State":
        return
    for m in re.finditer(r"\bthe\s+capital(?:\s+city)?\s+of\s+", ctx.text[start:end]):
        name = _CAPITALISED.match(ctx.text, start + m.end(), end)
        place = find_city(name.group(0).rstrip(".")) if name else None
        if place is not None and place.country_iso3 == ctx.itself.iso3:
            yield Fact("basedIn", ctx.span(start + m.start(), name.end()), place=place)
            return


def _areas(ctx: _Context, trigger_start: int, start: int, end: int) -> Iterator[Fact]:
    """States and regions named from ``start`` to ``end``, as places the topic operates in."""
    window = ctx.text[start:end]
    if re.match(r"(?:on|to|by)\b", window):
        return
    found = [(x.start, x.end, x.actor) for x in ctx.gazetteer.find(window, start) if x.actor.cls == "State"]
    found += [(x.start, x.end, x.actor) for x in concepts()[0].find(window, start) if x.actor.cls == "Region"]
    for s, e, actor in sorted(found, key=lambda f: f[0]):
        if actor != ctx.itself:
            yield Fact("operatesIn", ctx.span(trigger_start if s == min(f[0] for f in found) else s, e), actor=actor)


_CAPITALISED = re.compile(r"(?:The\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def _base_of(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    """The city (the most populous one named) where the topic has its seat."""
    best: tuple[int, Place, int, int] | None = None
    for m in _CAPITALISED.finditer(ctx.text, start, end):
        name = m.group(0).rstrip(".")
        place = find_city(name) or find_city(re.sub(r"^The\s+", "", name))
        if place is not None and (best is None or place.population > best[0]):
            best = (place.population, place, m.start(), m.start() + len(name))
    if best is not None:
        _, place, s, e = best
        yield Fact("basedIn", ctx.span(s, e), place=place)


# --- religion and ideology --------------------------------------------------------------------------

def _beliefs(ctx: _Context, first: tuple[int, int], tc: TopicClass | None) -> Iterator[Fact]:
    """Religion and ideology words in the noun phrase that says what the topic is ("a Zaidi
    Shiite movement", "a Sunni fundamentalist movement"); "pseudo-Sunni" is no religion, only a link."""
    start, end = first
    if tc is None:
        return
    cue_end = tc.cue_start + len(tc.cue)
    copula = re.compile(r"\b(?:is|are|was|were|refers to|represents)\b", re.IGNORECASE).search(ctx.text, start, tc.cue_start)
    window_start = copula.end() if copula else start
    # "pseudo-Sunni": linked to Sunni Islam, not of it (the matcher skips words inside a hyphenation)
    for q in re.finditer(r"\b(?:pseudo|non|anti|post|neo)-(?P<word>[A-Z][\w']+)", ctx.text[window_start:cue_end]):
        concept = concepts()[0].lookup(q.group("word"))
        if concept is not None and concept.cls != "Region":
            yield Fact("associated", ctx.span(window_start + q.start(), window_start + q.end()), actor=concept)
    for x in concepts()[0].find(ctx.text[window_start:cue_end], window_start):
        if x.actor.cls == "Region":
            continue
        if ctx.itself is not None and x.actor.id == ctx.itself.id:
            continue
        if ctx.names_topic(x.surface):
            continue
        relation = "religion" if x.actor.cls == "ReligiousGroup" else "ideology"
        yield Fact(relation, ctx.span(x.start, x.end), actor=x.actor)


# --- language -----------------------------------------------------------------------------------------

_SPEAKS = re.compile(r"(?<!-)\bspeak(?:s|ing)?\s+(?:mainly\s+|mostly\s+)?(?:the\s+)?(?P<lang>(?:[A-Z][\w-]*\s+)+languages?\b|[A-Z][\w-]*)")
_FAMILY = re.compile(r"\b(?:subgroup|branch|member|part|family|dialect|group)s?\s+of\s+(?:the\s+)?[^.;]*?"
                     r"(?P<family>(?:[A-Z][\w-]*\s+)+languages)\b")


def _languages(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    for m in _SPEAKS.finditer(ctx.text, start, end):
        if not ctx.about_topic(start, m.start()):
            continue
        language = m.group("lang").strip()
        yield Fact("language", ctx.span(m.start("lang"), m.start("lang") + len(language)), text=language)
        family = None
        for f in _FAMILY.finditer(ctx.text, m.end(), end):
            family = f
        if family is not None:
            # "a subgroup of the Northwestern Iranian branch of Iranian languages": the widest group
            last = list(re.finditer(r"(?:[A-Z][\w-]*\s+)+languages\b", ctx.text[family.start():family.end()]))[-1]
            s = family.start() + last.start()
            yield Fact("languageFamily", ctx.span(s, family.start() + last.end()), text=last.group(0))


# --- goals --------------------------------------------------------------------------------------------

_GOAL = re.compile(
    r"\b(?:(?:seeks?|sought|aims?|aimed|strives?|intends?|(?:is|are|was|were)\s+intended|wants?|works?)\s+to"
    r"|(?:aim|goal|objective|purpose|mission)s?\s+(?:is|are|was|were)\s+to"
    r"|with\s+(?:a\s+|the\s+)?(?:common\s+|shared\s+|stated\s+)?(?:political\s+)?(?:aim|goal|objective|purpose)s?"
    r"(?:\s+of)?,?(?:\s*i\.e\.,?)?"
    r"|for\s+the\s+purposes?\s+of)\s+(?P<goal>[^.;]+)", re.IGNORECASE)


def _goals(ctx: _Context, start: int, end: int) -> Iterator[Fact]:
    for m in _GOAL.finditer(ctx.text, start, end):
        if not ctx.about_topic(start, m.start()) and not re.search(r"\bwhose\s+(?:stated\s+)?$", ctx.text[start:m.start()]):
            continue
        goal = m.group("goal").rstrip(" ,")
        s = m.start("goal")
        yield Fact("goal", ctx.span(s, s + len(goal)), text=goal)


# --- members ------------------------------------------------------------------------------------------

_MEMBERSHIP_CUE = re.compile(
    r"considered (?:as )?(?:the|part of)|consist(?:s|ing) of|members? (?:are|include)|compris(?:es|ing)"
    r"|made up of|includ(?:es|ing)|members\s+are", re.IGNORECASE)
# "Hezbollah in Lebanon": a place qualifying a member is not a member; "except for Iraq" neither.
_NOT_A_MEMBER_BEFORE = re.compile(r"(?:\bin|\bexcept(?: for)?|\bbut not|\bexcluding)\s+$", re.IGNORECASE)


def _members(ctx: _Context, spans: list[tuple[int, int]]) -> Iterator[Fact]:
    for start, end in spans:
        sentence = ctx.text[start:end]
        if not _MEMBERSHIP_CUE.search(sentence):
            continue
        groups = resolve_groups(sentence, ctx.gazetteer)
        for group in groups:
            if group.region is not None:
                yield Fact("operatesIn", ctx.span(start + group.start, start + group.end), actor=group.region)
            for state in group.states:
                actor = ctx.gazetteer.actors.get(state)
                if actor is not None:
                    yield Fact("member", ctx.span(start + group.start, start + group.end), actor=actor,
                               reasoning=group.reasoning)
        inside_group = [(start + g.start, start + g.end) for g in groups]
        for match in ctx.gazetteer.find(sentence, start):
            if any(s <= match.start < e for s, e in inside_group):
                continue
            if _NOT_A_MEMBER_BEFORE.search(ctx.text[:match.start]) or match.actor == ctx.itself:
                continue
            if ctx.names_topic(match.surface):
                continue
            yield Fact("member", ctx.span(match.start, match.end), actor=match.actor)


# --- links to other topics of the glossary ------------------------------------------------------------

def _related(ctx: _Context, other_terms: Sequence[str]) -> Iterator[Fact]:
    """The other terms of the glossary the definition names: each at the first place one of its
    forms (longest first) is found that does not name the topic itself."""
    links = _glossary_links(other_terms)
    first = links.matcher.first_occurrences(ctx.text)  # the one scan of this definition
    own = ctx.entry.term.casefold()
    for index in sorted({index for form in first for index in links.terms_by_form[form]}):
        term, forms = links.terms[index]
        if term.casefold() == own:
            continue
        for form in forms:
            span = first.get(form)
            if span is not None and not ctx.names_topic(ctx.text[span[0]:span[1]]):
                yield Fact("related", ctx.span(*span), text=term)
                break


@dataclass(frozen=True)
class _GlossaryLinks:
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # each term (sorted) with its forms, longest first
    terms_by_form: dict[str, tuple[int, ...]]  # a form -> the terms (indexes) it is a form of
    matcher: TermMatcher  # of every form of every term


_last_glossary: tuple[Sequence[str], _GlossaryLinks] | None = None  # a copy of its terms, and its links


def _glossary_links(other_terms: Sequence[str]) -> _GlossaryLinks:
    """The terms prepared for linking, once per glossary: every entry of a document passes the same
    terms, so they are compared with the last ones (a pointer comparison per term, where hashing
    them for a cache cost 0.1 ms per entry at 10,000 terms; a tuple is the same object, at once)."""
    global _last_glossary
    terms = other_terms if isinstance(other_terms, (list, tuple)) else list(other_terms)
    last = _last_glossary
    if last is not None and (last[0] is terms or last[0] == terms):
        return last[1]
    ordered = tuple((term, _term_forms(term)) for term in sorted(set(terms)))
    by_form: dict[str, list[int]] = {}
    for index, (_, forms) in enumerate(ordered):
        for form in forms:
            by_form.setdefault(form, []).append(index)
    links = _GlossaryLinks(ordered, {form: tuple(ix) for form, ix in by_form.items()},
                           TermMatcher(form for _, forms in ordered for form in forms))
    _last_glossary = (type(terms)(terms), links)  # a copy: the caller may change its list later
    return links


def _term_forms(term: str) -> tuple[str, ...]:
    """The term, and each part of a "Sunni & Shia" term longer than three characters: longest
    first, then alphabetically (so which of two parts of one length is tried first is fixed)."""
    forms = {term} | {p.strip() for p in re.split(r"\s*&\s*", term) if len(p.strip()) > 3}
    return tuple(sorted(sorted(forms), key=len, reverse=True))
