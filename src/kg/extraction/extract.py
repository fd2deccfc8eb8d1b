"""From a Document to the facts kg records about it (no RDF here: mapping does that).

This is the first, gazetteer-based pass: topic classes from definitions, memberships stated in
alliance definitions, actor mentions in the article, and tags linked to topics and actors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.documents import Document, GlossaryEntry, Span
from kg.extraction.coding import Coder, default_coder
from kg.extraction.events import CodedEvent
from kg.extraction.gazetteer import Actor, Gazetteer
from kg.extraction.mentions import Mention
from kg.extraction.topic_classes import TopicClass, classify_definition


@dataclass(frozen=True)
class Membership:
    """``member`` is stated to belong to the topic's alliance, at ``span`` of the document."""

    member: Actor
    span: Span
    sentence: Span


@dataclass(frozen=True)
class TopicFacts:
    entry: GlossaryEntry
    topic_class: TopicClass | None
    known_actor: Actor | None  # the gazetteer actor the term names, if any
    memberships: tuple[Membership, ...] = ()


@dataclass(frozen=True)
class TagLink:
    tag: str
    topic_term: str | None = None
    actor: Actor | None = None


@dataclass
class Extraction:
    topics: list[TopicFacts] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    tags: list[TagLink] = field(default_factory=list)
    events: list[CodedEvent] = field(default_factory=list)
    # states in which the people mentioned held office (ISO alpha-3 -> state), for their roles
    role_states: dict[str, Actor] = field(default_factory=dict)


_MEMBERSHIP_CUE = re.compile(
    r"considered (?:as )?(?:the|part of)|consist(?:s|ing) of|members? (?:are|include)|compris(?:es|ing)"
    r"|made up of|includ(?:es|ing)", re.IGNORECASE)
# "Hezbollah in Lebanon": a place qualifying a member is not a member; "except for Iraq" neither.
_NOT_A_MEMBER_BEFORE = re.compile(r"(?:\bin|\bexcept(?: for)?|\bbut not)\s+$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


def extract(document: Document, coder: Coder | None = None) -> Extraction:
    """Facts of ``document``: topics from its glossary; mentions, events and tag links from its
    article. ``coder`` (shared by a whole build) holds the pipeline, knowledge base and lexicon."""
    coder = coder or default_coder()
    gazetteer = coder.gazetteer
    result = Extraction()
    for entry in document.glossary:
        result.topics.append(_topic_facts(entry, gazetteer))
    article = document.article
    if article is not None:
        coded = coder.code_document(document)
        result.mentions, result.events = coded.mentions, coded.events
        people = [m.actor for m in result.mentions if m.actor.cls == "Person"]
        for role in (r for person in people for r in person.roles if r.state):
            state = gazetteer.actors.get(f"state:{role.state}")
            if state is not None:
                result.role_states[role.state] = state
        terms = {e.term.casefold(): e.term for e in document.glossary}
        for tag in article.tags:
            actor = gazetteer.lookup(tag)
            result.tags.append(TagLink(tag, terms.get(tag.casefold()), actor))
    return result


def _topic_facts(entry: GlossaryEntry, gazetteer: Gazetteer) -> TopicFacts:
    topic_class = classify_definition(entry.term, entry.definition)
    known = gazetteer.lookup(entry.term)
    memberships: tuple[Membership, ...] = ()
    if topic_class and set(topic_class.classes) & {"Alliance", "IntergovernmentalOrganization"}:
        memberships = tuple(_stated_members(entry, gazetteer, known))
    return TopicFacts(entry, topic_class, known, memberships)


def _stated_members(entry: GlossaryEntry, gazetteer: Gazetteer, itself: Actor | None):
    base = entry.definition_span.start
    seen: set[str] = set()
    for sentence in _SENTENCE.finditer(entry.definition):
        if not _MEMBERSHIP_CUE.search(sentence.group(0)):
            continue
        for match in gazetteer.find(sentence.group(0), sentence.start()):
            before = entry.definition[:match.start]
            if _NOT_A_MEMBER_BEFORE.search(before) or match.actor == itself or match.actor.id in seen:
                continue
            seen.add(match.actor.id)
            yield Membership(match.actor, Span(base + match.start, base + match.end),
                             Span(base + sentence.start(), base + sentence.end()))
