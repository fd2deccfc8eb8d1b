"""Write one document's facts as RDF quads in the document's own named graph.

Only this package knows the ontology's terms. Every claim points back to a span of the source
text (an ``oa:SpecificResource`` with position and quote selectors), and the graph itself says
where it came from and which kg run made it (PROV-O).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.documents import Article, Document, Span
from kg.extraction.extract import Extraction, TopicFacts
from kg.extraction.gazetteer import Actor
from kg.mapping import iris
from kg.extraction.events import CodedEvent
from kg.extraction.mentions import government_body
from kg.extraction.timex import undated
from kg.mapping.namespaces import (DCTERMS, EDTF, KG, KGID, OA, ORG, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA, SEM,
                                   SKOS, TIME, XSD)

KNOWLEDGE_BASE = KGID["source/knowledge-base"]

_QUOTE_CONTEXT = 32  # characters of prefix/suffix kept with a quoted span


def actor_node(actor: Actor, document: NamedNode | None = None) -> NamedNode:
    """The IRI of ``actor``: states by ISO code; knowledge-base actors by class and id; actors
    the knowledge base lacks ("local:") under their document, so same-named strangers stay apart."""
    if actor.iso3:
        return iris.state_iri(actor.iso3)
    if actor.id.startswith("local:"):
        if document is None:
            raise ValueError(f"a document-scoped actor needs its document: {actor.id}")
        return iris.under(document, "actor", iris.class_slug(actor.cls), iris.slug(actor.label))
    return iris.actor_iri(actor.cls, actor.id.split(":", 1)[1])


@dataclass
class _Writer:
    graph: NamedNode
    document: Document
    doc_node: NamedNode

    def __post_init__(self):
        self.quads: list[Quad] = []
        self.described: set = set()
        self.role_states: dict[str, Actor] = {}

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def text(self, s, p, value: str, lang: str | None = "en") -> None:
        self.add(s, p, Literal(value, language=lang) if lang else Literal(value))

    def span(self, span: Span) -> NamedNode:
        """A node for ``span`` of the document, with position and quote selectors."""
        node = iris.under(self.doc_node, "span", f"{span.start}-{span.end}")
        position, quote = iris.under(node, "position"), iris.under(node, "quote")
        text = self.document.text
        self.add(node, RDF.type, KG.Span)
        self.add(node, OA.hasSource, self.doc_node)
        self.add(node, OA.hasSelector, position)
        self.add(node, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(str(span.start), datatype=XSD.integer))
        self.add(position, OA.end, Literal(str(span.end), datatype=XSD.integer))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.of(text)))
        self.add(quote, OA.prefix, Literal(text[max(0, span.start - _QUOTE_CONTEXT):span.start]))
        self.add(quote, OA.suffix, Literal(text[span.end:span.end + _QUOTE_CONTEXT]))
        return node


def document_quads(document: Document, extraction: Extraction, key: str,
                   built_at: datetime, fingerprint: str = "") -> tuple[NamedNode, list[Quad]]:
    """The named graph IRI for ``document`` and every quad kg writes into it."""
    graph = iris.graph_iri(key)
    w = _Writer(graph, document, iris.document_iri(key))
    w.role_states = extraction.role_states
    site = document.publisher_site or document.publisher or "unknown-publisher"
    publisher = iris.publisher_iri(site)
    _provenance(w, key, built_at)
    if fingerprint:
        w.add(graph, KG.extractedWith, Literal(fingerprint))
    _publisher(w, publisher, site)
    if document.glossary:
        _glossary(w, extraction.topics, site, publisher)
    if document.article is not None:
        _article(w, document.article, extraction, key, site, publisher)
    return graph, w.quads


def _provenance(w: _Writer, key: str, built_at: datetime) -> None:
    doc, graph = w.doc_node, w.graph
    activity, software = iris.build_activity_iri(key, w.document.content_hash, __version__), iris.software_iri(__version__)
    stamp = Literal(built_at.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    w.add(graph, RDF.type, KG.DocumentGraph)
    w.add(graph, PROV.wasDerivedFrom, doc)
    w.add(graph, PROV.wasGeneratedBy, activity)
    w.add(graph, KG.contentHash, Literal(w.document.content_hash))
    w.add(graph, KG.reader, Literal(w.document.reader))
    w.add(doc, RDF.type, KG.SourceDocument)
    w.add(doc, DCTERMS.identifier, Literal(key))
    w.add(doc, KG.text, Literal(w.document.text))
    w.add(activity, RDF.type, KG.BuildActivity)
    w.add(activity, PROV.used, doc)
    w.add(activity, PROV.wasAssociatedWith, software)
    w.add(activity, PROV.endedAtTime, stamp)
    w.add(software, RDF.type, PROV.SoftwareAgent)
    w.text(software, RDFS.label, f"kg {__version__}", None)


def _publisher(w: _Writer, publisher: NamedNode, site: str) -> None:
    w.add(publisher, RDF.type, KG.Publisher)
    w.text(publisher, SCHEMA.name, w.document.publisher or site, None)
    if w.document.publisher_site:
        w.text(publisher, DCTERMS.identifier, w.document.publisher_site, None)


def _glossary(w: _Writer, topics: list[TopicFacts], site: str, publisher: NamedNode) -> None:
    scheme = iris.glossary_iri(site)
    w.add(scheme, RDF.type, KG.Glossary)
    w.text(scheme, SKOS.prefLabel, f"{w.document.publisher or site} glossary")
    w.add(scheme, DCTERMS.publisher, publisher)
    w.add(scheme, PROV.wasAttributedTo, publisher)
    for facts in topics:
        _topic(w, facts, scheme, site, publisher)


def _topic(w: _Writer, facts: TopicFacts, scheme: NamedNode, site: str, publisher: NamedNode) -> None:
    entry = facts.entry
    topic = iris.topic_iri(site, entry.term)
    definition = iris.under(w.doc_node, "definition", iris.slug(entry.term))
    w.add(topic, RDF.type, KG.Topic)
    w.text(topic, SKOS.prefLabel, entry.term)
    w.text(topic, SKOS.definition, entry.definition)
    w.add(topic, SKOS.inScheme, scheme)
    w.add(topic, SKOS.topConceptOf, scheme)
    w.add(scheme, SKOS.hasTopConcept, topic)
    w.add(topic, KG.evidence, w.span(entry.term_span))
    w.add(topic, KG.hasDefinition, definition)
    # The definition is the publisher's claim: attributed, derived from the page, with its span.
    w.add(definition, RDF.type, KG.Definition)
    w.text(definition, RDF.value, entry.definition)
    w.add(definition, PROV.wasAttributedTo, publisher)
    w.add(definition, PROV.wasDerivedFrom, w.doc_node)
    w.add(definition, KG.evidence, w.span(entry.definition_span))

    tc = facts.topic_class
    if facts.known_actor is not None:
        thing = actor_node(facts.known_actor)
    elif tc is not None:
        thing = iris.actor_iri(tc.classes[0], entry.term)
    else:
        return  # the definition says nothing of what the topic is: no node is invented
    w.add(topic, KG.denotes, thing)
    w.text(thing, RDFS.label, facts.known_actor.label if facts.known_actor else entry.term)
    w.add(thing, KG.describedBy, definition)
    classes = tc.classes if tc else (facts.known_actor.cls,)
    if facts.known_actor is not None and facts.known_actor.cls == "State":
        classes = ("State",)  # a state is a state, whatever a paragraph about it mentions first
    for cls in classes:
        w.add(thing, RDF.type, KG[cls])
    if tc is not None and tc.formal is not None:
        w.add(thing, KG.isFormal, Literal("true" if tc.formal else "false", datatype=XSD.boolean))
    for m in facts.memberships:
        member = actor_node(m.member, w.doc_node)
        membership = iris.under(w.doc_node, "membership", iris.slug(entry.term), iris.slug(m.member.id))
        w.add(membership, RDF.type, ORG.Membership)
        w.add(membership, ORG.organization, thing)
        w.add(membership, ORG.member, member)
        w.add(membership, KG.evidence, w.span(m.span))
        w.add(membership, PROV.wasAttributedTo, publisher)
        _describe_actor(w, m.member)


def _describe_actor(w: _Writer, actor: Actor) -> NamedNode:
    node = actor_node(actor, w.doc_node)
    if (node, actor.id) in w.described:
        return node
    w.described.add((node, actor.id))
    w.add(node, RDF.type, KG[actor.cls])
    w.text(node, RDFS.label, actor.label)
    if actor.iso3:
        w.text(node, KG.iso3166Alpha3, actor.iso3, None)
    if not actor.id.startswith("local:"):
        w.text(node, KG.fromKnowledgeBase, actor.id, None)
    if getattr(actor, "cameo", None):
        w.text(node, KG.cameoCode, actor.cameo, None)
    part_of = getattr(actor, "part_of", None)
    if part_of is not None and not isinstance(part_of, str):
        w.add(node, KG.partOf, _describe_actor(w, part_of))
    for role in getattr(actor, "roles", ()):
        state = w.role_states.get(role.state or "")
        if state is not None:
            _office(w, node, actor, role, state)
    return node


def _office(w: _Writer, person: NamedNode, actor: Actor, role, state: Actor) -> None:
    """A leader linked to the state for the dates of office: an org:Membership of the person in
    the state's government, with its interval, from the knowledge base (not from the text)."""
    government = _describe_actor(w, government_body(state, "government"))
    key = iris.slug(f"{actor.id}-{role.state}-{role.title or role.role or ''}-{role.start or ''}")
    membership = KGID[f"membership/{key}"]
    interval = KGID[f"membership/{key}/interval"]
    w.add(membership, RDF.type, ORG.Membership)
    w.add(membership, ORG.member, person)
    w.add(membership, ORG.organization, government)
    title = role.title or role.role or "office holder"
    w.text(membership, RDFS.label, f"{actor.label}: {title}, {state.label}")
    w.add(membership, PROV.wasDerivedFrom, KNOWLEDGE_BASE)
    w.add(membership, PROV.wasAttributedTo, KNOWLEDGE_BASE)
    w.add(KNOWLEDGE_BASE, RDF.type, PROV.Entity)
    w.add(KNOWLEDGE_BASE, RDF.type, PROV.Agent)
    w.text(KNOWLEDGE_BASE, RDFS.label, "kg's bundled knowledge base (see src/kg/data/kb/NOTICE.md)", None)
    w.add(membership, ORG.memberDuring, interval)
    w.add(interval, RDF.type, TIME.Interval)
    w.add(interval, KG.edtf, Literal(f"{role.start or '..'}/{role.end or '..'}", datatype=EDTF))


def _article(w: _Writer, article: Article, extraction: Extraction, key: str, site: str,
             publisher: NamedNode) -> None:
    node = iris.article_iri(key)
    w.add(node, RDF.type, KG.Article)
    w.text(node, SCHEMA.headline, article.title)
    w.add(node, KG.evidence, w.span(article.title_span))
    w.add(node, SCHEMA.publisher, publisher)
    w.add(node, PROV.wasDerivedFrom, w.doc_node)
    if article.published:
        w.add(node, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date))
    if article.section:
        w.text(node, SCHEMA.articleSection, article.section)
    for headline in article.related_headlines:
        w.text(node, KG.relatedHeadline, headline)
    for i, paragraph in enumerate(article.paragraphs):
        part = iris.under(w.doc_node, "paragraph", i)
        w.add(node, SCHEMA.hasPart, part)
        w.add(part, RDF.type, KG.Paragraph)
        w.add(part, KG.order, Literal(str(i), datatype=XSD.integer))
        w.add(part, KG.evidence, w.span(paragraph.span))
        if paragraph.subheading:
            w.text(part, KG.subheading, paragraph.subheading)
        if article.lead is not None and paragraph.span == article.lead.span:
            w.add(node, KG.lead, part)
    for link in extraction.tags:
        w.text(node, SCHEMA.keywords, link.tag)
        if link.topic_term:
            w.add(node, SCHEMA.about, iris.topic_iri(site, link.topic_term))
        if link.actor:
            w.add(node, SCHEMA.about, _describe_actor(w, link.actor))
    for match in extraction.mentions:
        actor = _describe_actor(w, match.actor)
        mention = iris.under(w.doc_node, "mention", f"{match.start}-{match.end}")
        w.add(mention, RDF.type, KG.Mention)
        w.add(mention, OA.hasBody, actor)
        w.add(mention, OA.hasTarget, w.span(Span(match.start, match.end)))
        w.add(node, SCHEMA.mentions, actor)
    for event in extraction.events:
        _event(w, event, node, article.published)


def _event(w: _Writer, event: CodedEvent, article: NamedNode, published) -> None:
    target_id = event.target.id if event.target else ""
    time_key = event.time.edtf if event.time else ""
    node = iris.under(w.doc_node, "event", iris.short_hash(
        "|".join([event.source.id, event.entry.plover, target_id, time_key, event.factuality]), 16))
    w.add(node, RDF.type, KG.Event)
    w.add(node, SEM.eventType, PLOVER[event.entry.plover])
    w.add(node, KG.cameoCode, Literal(event.entry.cameo))
    if event.entry.mode:
        w.add(node, KG.ploverMode, Literal(event.entry.mode))
    if event.entry.context:
        w.add(node, KG.ploverContext, Literal(event.entry.context))
    source = _describe_actor(w, event.source)
    w.add(node, KG.sourceActor, source)
    label = f"{event.source.label} {event.entry.plover.lower()}"
    if event.target is not None:
        w.add(node, KG.targetActor, _describe_actor(w, event.target))
        label += f" {event.target.label}"
    w.text(node, RDFS.label, label)
    w.text(node, KG.trigger, event.trigger, None)
    w.text(node, KG.factuality, event.factuality, None)
    w.add(node, KG.historical, Literal("true" if event.historical else "false", datatype=XSD.boolean))
    w.add(node, KG.confidence, Literal(f"{event.confidence:.2f}", datatype=XSD.decimal))
    w.add(node, PROV.wasDerivedFrom, article)
    for start, end in sorted(event.evidence):
        w.add(node, KG.evidence, w.span(Span(start, end)))
    time = event.time if event.time is not None else (undated(published) if published else None)
    if time is not None:
        w.add(node, KG.timeBasis, Literal("stated" if event.time is not None else "publication-upper-bound"))
        w.add(node, KG.edtf, Literal(time.edtf, datatype=EDTF))
        if time.kind == "day":
            w.add(node, SEM.hasTimeStamp, Literal(time.earliest.isoformat(), datatype=XSD.date))
        if event.time is not None:
            w.add(node, SEM.hasEarliestBeginTimeStamp, Literal(time.earliest.isoformat(), datatype=XSD.date))
        w.add(node, SEM.hasLatestEndTimeStamp, Literal(time.latest.isoformat(), datatype=XSD.date))
    if event.place is not None:
        place = KGID[f"place/geonames/{event.place.geonames_id}"]
        w.add(place, RDF.type, KG.Place)
        w.text(place, RDFS.label, event.place.name)
        w.add(place, OWL.sameAs, NamedNode(f"https://sws.geonames.org/{event.place.geonames_id}/"))
        if event.place.country_iso3:
            state = iris.state_iri(event.place.country_iso3)
            w.add(place, KG.inState, state)
        w.add(node, SEM.hasPlace, place)
