"""Write one document's facts as RDF quads in the document's own named graph.

Only this package knows the ontology's terms. Every claim points back to a span of the source
text (an ``oa:SpecificResource`` with position and quote selectors), and the graph itself says
where it came from and which kg run made it (PROV-O).
"""
from __future__ import annotations

from datetime import datetime

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.documents import Article, Document, Span
from kg.labels import clean_label
from kg.extraction.extract import Extraction, TopicFacts
from kg.mapping import iris
from kg.mapping.definition_graph import write_topic_facts
from kg.mapping.writer import Writer, describe_actor, happening_key, place_node
from kg.extraction.events import CodedEvent
from kg.extraction.lexicon import goldstein
from kg.extraction.person_names import written_form
from kg.extraction.timex import undated
from kg.mapping.namespaces import (DCTERMS, EDTF, KG, OA, PLOVER, PROV, RDF, RDFS, SCHEMA, SEM,
                                   SKOS, XSD)

def document_quads(document: Document, extraction: Extraction, key: str,
                   built_at: datetime, fingerprint: str = "") -> tuple[NamedNode, list[Quad], list[Quad]]:
    """The named graph IRI for ``document``, every quad kg writes into it, and the quads of the
    shared actors graph that describe the knowledge-base actors and places it names."""
    graph = iris.graph_iri(key)
    w = Writer(graph, document, iris.document_iri(key))
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
    return graph, w.quads, w.reference_quads


def _provenance(w: Writer, key: str, built_at: datetime) -> None:
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
    if w.document.source.startswith(("http://", "https://")):  # a page from a web archive or corpus
        w.add(doc, DCTERMS.source, Literal(w.document.source, datatype=XSD.anyURI))
    if w.document.language:
        w.add(doc, SCHEMA.inLanguage, Literal(w.document.language))
    w.add(doc, KG.text, Literal(w.document.text))
    w.add(activity, RDF.type, KG.BuildActivity)
    w.add(activity, PROV.used, doc)
    w.add(activity, PROV.wasAssociatedWith, software)
    w.add(activity, PROV.endedAtTime, stamp)
    # the software and the publisher are the same nodes for every document: described once, in
    # the shared graph, so the union states each of their triples once (documents point to them)
    w.reference.add(software, RDF.type, PROV.SoftwareAgent)
    w.reference.text(software, RDFS.label, f"kg {__version__}", None)


def _publisher(w: Writer, publisher: NamedNode, site: str) -> None:
    shared = w.reference
    shared.add(publisher, RDF.type, KG.Publisher)
    shared.text(publisher, SCHEMA.name, w.document.publisher or site, None)
    if w.document.publisher_site:
        shared.text(publisher, DCTERMS.identifier, w.document.publisher_site, None)


def _glossary(w: Writer, topics: list[TopicFacts], site: str, publisher: NamedNode) -> None:
    scheme = iris.glossary_iri(site)
    w.add(scheme, RDF.type, KG.Glossary)
    w.text(scheme, SKOS.prefLabel, f"{w.document.publisher or site} glossary")
    w.add(scheme, DCTERMS.publisher, publisher)
    w.add(scheme, PROV.wasAttributedTo, publisher)
    for facts in topics:
        _topic(w, facts, scheme, site, publisher)


def _topic(w: Writer, facts: TopicFacts, scheme: NamedNode, site: str, publisher: NamedNode) -> None:
    entry = facts.entry
    topic = iris.topic_iri(site, entry.term)
    definition = iris.under(w.doc_node, "definition", iris.slug(entry.term))
    w.add(topic, RDF.type, KG.Topic)
    # The topic's skos:prefLabel is not written here: several pages of one publisher may spell its
    # term differently ("Kurds", "KURDS"), and the one label the topic gets is chosen from all of
    # them in the shared topics graph (kg.build.topic_labels). This page's spelling is its definition's
    # title.
    w.text(definition, DCTERMS.title, clean_label(entry.term))
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

    write_topic_facts(w, facts, topic, definition, publisher, site)


def _article(w: Writer, article: Article, extraction: Extraction, key: str, site: str,
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
    if w.document.url:
        w.add(node, SCHEMA.url, Literal(w.document.url, datatype=XSD.anyURI))
    if w.document.language:
        w.add(node, SCHEMA.inLanguage, Literal(w.document.language))
    for name in article.authors:  # bylines as the page gives them: names, not resolved actors
        author = iris.under(w.doc_node, "author", iris.slug(name))
        w.add(node, SCHEMA.author, author)
        w.add(author, RDF.type, SCHEMA.Person)
        w.text(author, SCHEMA.name, name, None)
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
            w.add(node, SCHEMA.about, describe_actor(w, link.actor))
    for match in extraction.mentions:
        actor = describe_actor(w, match.actor)
        mention = iris.under(w.doc_node, "mention", f"{match.start}-{match.end}")
        w.add(mention, RDF.type, KG.Mention)
        w.add(mention, OA.hasBody, actor)
        w.add(mention, OA.hasTarget, w.span(Span(match.start, match.end)))
        if match.actor.cls in ("Person", "State"):  # "Mr. Trump", "the Syrian regime": the outlet's choice of words
            written = written_form(w.document.text, match.start, match.end, match.actor.cls)
            if written != " ".join(match.surface.split()):
                w.text(mention, KG.writtenAs, written, None)
        w.add(node, SCHEMA.mentions, actor)
    for event in extraction.events:
        _event(w, event, node, article.published)


def _event(w: Writer, event: CodedEvent, article: NamedNode, published) -> None:
    target_id = event.target.id if event.target else ""
    time_key = event.time.edtf if event.time else ""
    node = iris.under(w.doc_node, "event", iris.short_hash(
        "|".join([event.source.id, event.entry.plover, target_id, time_key, event.factuality]), 16))
    w.add(node, RDF.type, KG.Event)
    w.add(node, SEM.eventType, PLOVER[event.entry.plover])
    w.add(node, KG.cameoCode, Literal(event.entry.cameo))
    value = goldstein(event.entry.cameo)
    if value is not None:  # GDELT's Goldstein table, by the CAMEO code
        w.add(node, KG.goldstein, Literal(f"{value:.1f}", datatype=XSD.decimal))
    if event.entry.mode:
        w.add(node, KG.ploverMode, Literal(event.entry.mode))
    if event.entry.context:
        w.add(node, KG.ploverContext, Literal(event.entry.context))
    source = describe_actor(w, event.source)
    w.add(node, KG.sourceActor, source)
    for words, role in ((event.source_words, KG.sourceSpan), (event.target_words, KG.targetSpan)):
        if words is not None:  # the words the actor was read from
            w.add(node, role, w.span(Span(words[0], words[1])))
    label = f"{event.source.label} {event.entry.plover.lower()}"
    if event.target is not None:
        w.add(node, KG.targetActor, describe_actor(w, event.target))
        label += f" {event.target.label}"
    w.text(node, RDFS.label, label)
    w.text(node, KG.trigger, event.trigger, None)
    w.text(node, KG.factuality, event.factuality, None)
    w.add(node, KG.historical, Literal("true" if event.historical else "false", datatype=XSD.boolean))
    w.add(node, KG.confidence, Literal(f"{event.confidence:.2f}", datatype=XSD.decimal))
    w.add(node, PROV.wasDerivedFrom, article)
    # indexed, so the reports of one happening are found without reading every event (kg.build.happenings)
    key, side = happening_key(event.source, event.target, w.doc_node)
    w.text(node, KG.happeningKey, key, None)
    w.text(node, KG.happeningSource, side, None)
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
        w.add(node, SEM.hasPlace, place_node(w, event.place))
    elif event.country is not None:  # "in Ukraine": where it happened, no closer than the state
        w.add(node, KG.happenedIn, describe_actor(w, event.country))
