"""From a Document to the facts kg records about it (no RDF here: mapping does that).

Glossary entries give topics: their class, the actor or concept the term names, and the facts the
definition states (kg.extraction.definitions); articles give actor mentions, coded events and tags
linked to topics and actors.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.documents import Document, GlossaryEntry
from kg.extraction.coding import Coder, default_coder
from kg.extraction.definitions import Fact, definition_facts
from kg.extraction.events import CodedEvent
from kg.kb.actors import Actor
from kg.extraction.gazetteer import Gazetteer
from kg.extraction.mentions import Mention
from kg.extraction.gazetteer import concepts
from kg.extraction.topic_classes import TopicClass, classify_definition


@dataclass(frozen=True)
class TopicFacts:
    entry: GlossaryEntry
    topic_class: TopicClass | None
    known_actor: Actor | None  # the knowledge-base actor or concept the term names, if any
    facts: tuple[Fact, ...] = ()

    def of(self, *relations: str) -> list[Fact]:
        return [f for f in self.facts if f.relation in relations]


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
    # the document's language when events were not coded because the pipeline does not read it
    uncoded_language: str | None = None
    # the states in which people held office (ISO alpha-3 -> state), for their roles: the whole
    # knowledge base's, so a person is described the same way whichever document names them
    role_states: dict[str, Actor] = field(default_factory=dict)


def extract(document: Document, coder: Coder | None = None) -> Extraction:
    """Facts of ``document``: topics from its glossary; mentions, events and tag links from its
    article. ``coder`` (shared by a whole build) holds the pipeline, knowledge base and lexicon."""
    coder = coder or default_coder()
    gazetteer = coder.gazetteer
    result = Extraction(role_states=coder.states)
    terms = [e.term for e in document.glossary]
    for entry in document.glossary:
        result.topics.append(topic_facts(entry, gazetteer, terms))
    article = document.article
    if article is not None:
        coded = coder.code_document(document)
        result.mentions, result.events = coded.mentions, coded.events
        if not coder.reads_language(document.language):
            result.uncoded_language = document.language
        terms = {e.term.casefold(): e.term for e in document.glossary}
        for tag in article.tags:
            actor = gazetteer.lookup(tag)
            result.tags.append(TagLink(tag, terms.get(tag.casefold()), actor))
    return result


def topic_facts(entry: GlossaryEntry, gazetteer: Gazetteer, terms: Sequence[str] = ()) -> TopicFacts:
    """What ``entry`` says its topic is, the actor or concept its term names, and the facts its
    definition states; ``terms`` are the glossary's terms (for links between topics)."""
    topic_class = classify_definition(entry.term, entry.definition)
    known = known_thing(entry.term, gazetteer)
    return TopicFacts(entry, topic_class, known,
                      tuple(definition_facts(entry, topic_class, known, gazetteer, terms)))


def known_thing(term: str, gazetteer: Gazetteer) -> Actor | None:
    """The knowledge-base actor, or else the religion, ideology or region, a term names:
    "Shiite" -> Shia Islam; "Wahhabism & Extremism" -> Wahhabism (its first part)."""
    concept_index = concepts()[0]
    for name in (term, *re.split(r"\s*&\s*", term)[:1]):
        found = gazetteer.lookup(name) or concept_index.lookup(name)
        if found is not None:
            return found
    return None
