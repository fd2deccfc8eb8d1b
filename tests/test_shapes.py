"""The SHACL shapes (shapes/*.ttl): every shape accepts good data and rejects bad data.

A small hand-written dataset (``FIXTURE``) describes everything kg writes (and a coded event,
which kg will write): together with the ontology and the PLOVER scheme, exactly as the store's
union graph holds them, it conforms. Each case in ``CASES`` then makes one change to a copy of
it with rdflib and checks that the report names the expected focus node, constraint component,
path and node shape. Messages are never compared.

``test_every_node_shape_has_a_violating_case`` and ``test_every_constraint_has_a_violating_case``
fail when a shape (or a constraint of one) is added without a case here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.services.ontology import load_ontology_graph
from kg.store.local import Store
from kg.services.validate.core import ValidationReport, Violation, format_text, load_shapes, validate_graph
from kg.services.validate import validate_store

# The cases name the node shape each violation comes from, which needs the report's source shapes
# to be nodes of the shapes graph the test loaded: pySHACL reports them so. pyshacl-turbo (the
# default engine) reports the same violations, checked case by case in test_validate_engines.py.
REFERENCE_ENGINE = "pyshacl"

# Plain namespaces: pytest probes module attributes, which rdflib's closed namespaces warn about.
KG = Namespace("https://w3id.org/kg/ontology#")
KGSH = Namespace("https://w3id.org/kg/shapes#")
ID = Namespace("https://w3id.org/kg/id/")
PLOVER = Namespace("https://w3id.org/kg/plover/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")

# ---------------------------------------------------------------------------------------------
# The valid dataset
# ---------------------------------------------------------------------------------------------

# The source text the spans count into (offsets below are into this string).
TEXT = ("NATO\n"
        "NATO is a military alliance of North American and European states. France is a member.\n"
        "Russian forces shell Kharkiv\n"
        "Russian artillery shelled Kharkiv, Ukraine, on 24 February 2024.")
HASH = "8e2022aa1762b0d8c48dd5a669c29b16e6ab81b9b982724e57e85138ea990b3d"  # sha256 of TEXT

FIXTURE = r'''
@base    <https://w3id.org/kg/id/> .
@prefix kg:      <https://w3id.org/kg/ontology#> .
@prefix plover:  <https://w3id.org/kg/plover/> .
@prefix sem:     <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema:  <https://schema.org/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

# ---- provenance: the document graph, its source, the kg run that made it
<graph/sample-page-txt-9b8515dd> a kg:DocumentGraph ;
    prov:wasDerivedFrom <doc/sample-page-txt-9b8515dd> ;
    prov:wasGeneratedBy <build/sample-page-txt-9b8515dd/8e2022aa1762b0d8/0-1-0> ;
    kg:contentHash "8e2022aa1762b0d8c48dd5a669c29b16e6ab81b9b982724e57e85138ea990b3d" ;
    kg:reader "savedpage" .

<doc/sample-page-txt-9b8515dd> a kg:SourceDocument ;
    dcterms:identifier "sample-page.txt" ;
    kg:text "NATO\nNATO is a military alliance of North American and European states. France is a member.\nRussian forces shell Kharkiv\nRussian artillery shelled Kharkiv, Ukraine, on 24 February 2024." .

<build/sample-page-txt-9b8515dd/8e2022aa1762b0d8/0-1-0> a kg:BuildActivity ;
    prov:used <doc/sample-page-txt-9b8515dd> ;
    prov:wasAssociatedWith <software/kg/0-1-0> ;
    prov:endedAtTime "2023-11-14T22:13:20+00:00"^^xsd:dateTime .

<software/kg/0-1-0> a prov:SoftwareAgent ; rdfs:label "kg 0.1.0" .

# ---- publisher, glossary, topic and its attributed definition
<publisher/example-org> a kg:Publisher ;
    schema:name "Example News" ;
    dcterms:identifier "example.org" .

<glossary/example-org> a kg:Glossary ;
    skos:prefLabel "Example News glossary"@en ;
    dcterms:publisher <publisher/example-org> ;
    prov:wasAttributedTo <publisher/example-org> ;
    skos:hasTopConcept <topic/example-org/nato> .

<topic/example-org/nato> a kg:Topic ;
    skos:prefLabel "NATO"@en ;
    skos:definition "NATO is a military alliance of North American and European states. France is a member."@en ;
    skos:inScheme <glossary/example-org> ;
    skos:topConceptOf <glossary/example-org> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/0-4> ;
    kg:hasDefinition <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:denotes <actor/alliance/nato> .

<doc/sample-page-txt-9b8515dd/definition/nato> a kg:Definition ;
    rdf:value "NATO is a military alliance of North American and European states. France is a member."@en ;
    prov:wasAttributedTo <publisher/example-org> ;
    prov:wasDerivedFrom <doc/sample-page-txt-9b8515dd> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

# ---- actors and a membership
<actor/alliance/nato> a kg:Alliance ;
    rdfs:label "NATO"@en ;
    kg:isFormal true ;
    kg:describedBy <doc/sample-page-txt-9b8515dd/definition/nato> .

<actor/state/FRA> a kg:State ; rdfs:label "France"@en ; kg:iso3166Alpha3 "FRA" .
<actor/state/RUS> a kg:State ; rdfs:label "Russia"@en ; kg:iso3166Alpha3 "RUS" .
<actor/state/UKR> a kg:State ; rdfs:label "Ukraine"@en ; kg:iso3166Alpha3 "UKR" .
<actor/place/kharkiv> a kg:Place ; rdfs:label "Kharkiv"@en ;
    <http://www.w3.org/2003/01/geo/wgs84_pos#lat> 49.98081 ; <http://www.w3.org/2003/01/geo/wgs84_pos#long> 36.25272 .

<doc/sample-page-txt-9b8515dd/membership/nato/state-fra> a org:Membership ;
    org:organization <actor/alliance/nato> ;
    org:member <actor/state/FRA> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/72-91> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:relation "member" ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:reasoning "\"France\" is the state FRA of the knowledge base" .

# ---- facts NATO's definition states: each plain triple and the kg:Claim that reifies it
<actor/alliance/nato> kg:beginning <doc/sample-page-txt-9b8515dd/beginning/nato/founded> ;
    kg:founder <actor/person/ernest-bevin> ;
    kg:language <language/english> ;
    kg:goal "the collective defence of its members"@en .

<doc/sample-page-txt-9b8515dd/beginning/nato/founded> a kg:Founding ;
    rdfs:label "founding of NATO"@en ;
    kg:beginningOf <actor/alliance/nato> ;
    kg:edtf "1949-04-04"^^<http://id.loc.gov/datatypes/edtf/EDTF> ;
    sem:hasTimeStamp "1949-04-04"^^xsd:date ;
    sem:hasEarliestBeginTimeStamp "1949-04-04"^^xsd:date ;
    sem:hasLatestEndTimeStamp "1949-04-04"^^xsd:date ;
    sem:hasActor <actor/person/ernest-bevin> ;
    kg:initiatedBy <event/named/signing-of-the-north-atlantic-treaty> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<event/named/signing-of-the-north-atlantic-treaty> a kg:HistoricalEvent ;
    rdfs:label "signing of the North Atlantic Treaty"@en .
<actor/person/ernest-bevin> a kg:Person ; rdfs:label "Ernest Bevin"@en .
<language/english> a kg:Language ; rdfs:label "English"@en ; kg:languageFamily <language/germanic-languages> .
<language/germanic-languages> a kg:Language ; rdfs:label "Germanic languages"@en .

<doc/sample-page-txt-9b8515dd/claim/nato/founded> a kg:Claim ;
    kg:relation "founded" ;
    rdf:subject <actor/alliance/nato> ;
    rdf:predicate kg:beginning ;
    rdf:object <doc/sample-page-txt-9b8515dd/beginning/nato/founded> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<doc/sample-page-txt-9b8515dd/claim/nato/initiatedBy> a kg:Claim ;
    kg:relation "initiatedBy" ;
    rdf:subject <doc/sample-page-txt-9b8515dd/beginning/nato/founded> ;
    rdf:predicate kg:initiatedBy ;
    rdf:object <event/named/signing-of-the-north-atlantic-treaty> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<doc/sample-page-txt-9b8515dd/claim/nato/founder> a kg:Claim ;
    kg:relation "founder" ;
    rdf:subject <actor/alliance/nato> ;
    rdf:predicate kg:founder ;
    rdf:object <actor/person/ernest-bevin> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<doc/sample-page-txt-9b8515dd/claim/nato/language> a kg:Claim ;
    kg:relation "language" ;
    rdf:subject <actor/alliance/nato> ;
    rdf:predicate kg:language ;
    rdf:object <language/english> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<doc/sample-page-txt-9b8515dd/claim/nato/languageFamily> a kg:Claim ;
    kg:relation "languageFamily" ;
    rdf:subject <language/english> ;
    rdf:predicate kg:languageFamily ;
    rdf:object <language/germanic-languages> ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

<doc/sample-page-txt-9b8515dd/claim/nato/goal> a kg:Claim ;
    kg:relation "goal" ;
    rdf:subject <actor/alliance/nato> ;
    rdf:predicate kg:goal ;
    rdf:object "the collective defence of its members"@en ;
    prov:wasAttributedTo <publisher/example-org> ;
    kg:statedIn <doc/sample-page-txt-9b8515dd/definition/nato> ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/5-91> .

# ---- the article, a paragraph, a mention
<article/sample-page-txt-9b8515dd> a kg:Article ;
    schema:headline "Russian forces shell Kharkiv"@en ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/92-120> ;
    schema:publisher <publisher/example-org> ;
    prov:wasDerivedFrom <doc/sample-page-txt-9b8515dd> ;
    schema:datePublished "2024-02-24"^^xsd:date ;
    schema:keywords "NATO"@en ;
    schema:about <topic/example-org/nato> ;
    schema:hasPart <doc/sample-page-txt-9b8515dd/paragraph/0> ;
    kg:lead <doc/sample-page-txt-9b8515dd/paragraph/0> ;
    schema:mentions <actor/state/FRA> .

<doc/sample-page-txt-9b8515dd/paragraph/0> a kg:Paragraph ;
    kg:order 0 ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/121-185> .

<doc/sample-page-txt-9b8515dd/mention/72-78> a kg:Mention ;
    oa:hasBody <actor/state/FRA> ;
    oa:hasTarget <doc/sample-page-txt-9b8515dd/span/72-78> .

# ---- a coded event
<event/sample-page-txt-9b8515dd/0> a kg:Event ;
    sem:eventType plover:ASSAULT ;
    kg:sourceActor <actor/state/RUS> ;
    kg:targetActor <actor/state/UKR> ;
    sem:hasPlace <actor/place/kharkiv> ;
    sem:hasTimeStamp "2024-02-24"^^xsd:date ;
    kg:cameoCode "194" ;
    kg:goldstein -10.0 ;
    kg:confidence 0.8 ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/121-185> ;
    kg:sourceSpan <doc/sample-page-txt-9b8515dd/span/72-78> ;
    kg:targetSpan <doc/sample-page-txt-9b8515dd/span/0-4> .

# ---- an actor the knowledge base lacks, its resolved actor, and the record of the link
<doc/sample-page-txt-9b8515dd/actor/person/jane-roe> a kg:Person ;
    rdfs:label "Jane Roe"@en ;
    kg:resolutionKey "person|jane roe" ;
    <http://www.w3.org/2002/07/owl#sameAs> <actor/resolved/person/jane-roe> .

<actor/resolved/person/jane-roe> a kg:ResolvedActor , kg:Person ; rdfs:label "Jane Roe"@en .

<resolution/actor/0123456789abcdef> a kg:ActorResolution ;
    rdf:subject <doc/sample-page-txt-9b8515dd/actor/person/jane-roe> ;
    rdf:predicate <http://www.w3.org/2002/07/owl#sameAs> ;
    rdf:object <actor/resolved/person/jane-roe> ;
    kg:resolutionKey "person|jane roe" ;
    kg:matchedName "Jane Roe" ;
    prov:wasDerivedFrom <doc/sample-page-txt-9b8515dd> ;
    kg:resolutionBasis "same-name" .

# ---- a second report of the event's happening (another outlet's), the happening and its link
<event/other-page/0> a kg:Event ;
    sem:eventType plover:ASSAULT ;
    kg:sourceActor <actor/state/RUS> ;
    kg:targetActor <actor/state/UKR> ;
    sem:hasTimeStamp "2024-02-24"^^xsd:date ;
    kg:cameoCode "190" ;
    kg:confidence 0.6 ;
    kg:evidence <doc/sample-page-txt-9b8515dd/span/121-185> .

<happening/0123456789abcdef> a kg:Happening ;
    kg:happeningKey "RUS + UKR" ;
    kg:reportCount 2 ;
    kg:report <event/sample-page-txt-9b8515dd/0> , <event/other-page/0> .

<happening-link/0123456789abcdef> a kg:HappeningLink ;
    kg:happeningKey "RUS + UKR" ;
    kg:linkedReport <event/sample-page-txt-9b8515dd/0> , <event/other-page/0> ;
    kg:linkOf <happening/0123456789abcdef> ;
    kg:linkScore 0.75 ;
    kg:matchedFeature "actors" , "type" , "time" .

# ---- evidence spans, each with a position and a quote selector
<doc/sample-page-txt-9b8515dd/span/0-4> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/0-4/position> , <doc/sample-page-txt-9b8515dd/span/0-4/quote> .
<doc/sample-page-txt-9b8515dd/span/0-4/position> a oa:TextPositionSelector ; oa:start 0 ; oa:end 4 .
<doc/sample-page-txt-9b8515dd/span/0-4/quote> a oa:TextQuoteSelector ; oa:exact "NATO" .

<doc/sample-page-txt-9b8515dd/span/5-91> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/5-91/position> , <doc/sample-page-txt-9b8515dd/span/5-91/quote> .
<doc/sample-page-txt-9b8515dd/span/5-91/position> a oa:TextPositionSelector ; oa:start 5 ; oa:end 91 .
<doc/sample-page-txt-9b8515dd/span/5-91/quote> a oa:TextQuoteSelector ;
    oa:exact "NATO is a military alliance of North American and European states. France is a member." .

<doc/sample-page-txt-9b8515dd/span/72-91> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/72-91/position> , <doc/sample-page-txt-9b8515dd/span/72-91/quote> .
<doc/sample-page-txt-9b8515dd/span/72-91/position> a oa:TextPositionSelector ; oa:start 72 ; oa:end 91 .
<doc/sample-page-txt-9b8515dd/span/72-91/quote> a oa:TextQuoteSelector ; oa:exact "France is a member." .

<doc/sample-page-txt-9b8515dd/span/72-78> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/72-78/position> , <doc/sample-page-txt-9b8515dd/span/72-78/quote> .
<doc/sample-page-txt-9b8515dd/span/72-78/position> a oa:TextPositionSelector ; oa:start 72 ; oa:end 78 .
<doc/sample-page-txt-9b8515dd/span/72-78/quote> a oa:TextQuoteSelector ; oa:exact "France" .

<doc/sample-page-txt-9b8515dd/span/92-120> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/92-120/position> , <doc/sample-page-txt-9b8515dd/span/92-120/quote> .
<doc/sample-page-txt-9b8515dd/span/92-120/position> a oa:TextPositionSelector ; oa:start 92 ; oa:end 120 .
<doc/sample-page-txt-9b8515dd/span/92-120/quote> a oa:TextQuoteSelector ; oa:exact "Russian forces shell Kharkiv" .

<doc/sample-page-txt-9b8515dd/span/121-185> a kg:Span ;
    oa:hasSource <doc/sample-page-txt-9b8515dd> ;
    oa:hasSelector <doc/sample-page-txt-9b8515dd/span/121-185/position> , <doc/sample-page-txt-9b8515dd/span/121-185/quote> .
<doc/sample-page-txt-9b8515dd/span/121-185/position> a oa:TextPositionSelector ; oa:start 121 ; oa:end 185 .
<doc/sample-page-txt-9b8515dd/span/121-185/quote> a oa:TextQuoteSelector ;
    oa:exact "Russian artillery shelled Kharkiv, Ukraine, on 24 February 2024." .
'''

# The fixture's nodes, for the cases below.
DOC = ID["doc/sample-page-txt-9b8515dd"]
GRAPH = ID["graph/sample-page-txt-9b8515dd"]
BUILD = ID["build/sample-page-txt-9b8515dd/8e2022aa1762b0d8/0-1-0"]
SOFTWARE = ID["software/kg/0-1-0"]
PUBLISHER = ID["publisher/example-org"]
GLOSSARY = ID["glossary/example-org"]
TOPIC = ID["topic/example-org/nato"]
DEFINITION = ID["doc/sample-page-txt-9b8515dd/definition/nato"]
NATO = ID["actor/alliance/nato"]
FRA = ID["actor/state/FRA"]
UKR = ID["actor/state/UKR"]
RUS = ID["actor/state/RUS"]
KHARKIV = ID["actor/place/kharkiv"]
MEMBERSHIP = ID["doc/sample-page-txt-9b8515dd/membership/nato/state-fra"]
FOUNDING = ID["doc/sample-page-txt-9b8515dd/beginning/nato/founded"]
SIGNING = ID["event/named/signing-of-the-north-atlantic-treaty"]  # the kg:HistoricalEvent that began NATO
FOUNDER = ID["actor/person/ernest-bevin"]
ENGLISH = ID["language/english"]
GERMANIC = ID["language/germanic-languages"]
GOAL = Literal("the collective defence of its members", lang="en")
FOUNDED_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/founded"]
INITIATED_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/initiatedBy"]
FOUNDER_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/founder"]
LANGUAGE_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/language"]
FAMILY_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/languageFamily"]
GOAL_CLAIM = ID["doc/sample-page-txt-9b8515dd/claim/nato/goal"]
EDTF = URIRef("http://id.loc.gov/datatypes/edtf/EDTF")
ARTICLE = ID["article/sample-page-txt-9b8515dd"]
PARAGRAPH = ID["doc/sample-page-txt-9b8515dd/paragraph/0"]
MENTION = ID["doc/sample-page-txt-9b8515dd/mention/72-78"]
EVENT = ID["event/sample-page-txt-9b8515dd/0"]
SPANS = [(0, 4), (5, 91), (72, 91), (72, 78), (92, 120), (121, 185)]
LOCAL_ACTOR = ID["doc/sample-page-txt-9b8515dd/actor/person/jane-roe"]  # one the knowledge base lacks
RESOLVED = ID["actor/resolved/person/jane-roe"]
RESOLUTION = ID["resolution/actor/0123456789abcdef"]
SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")
OTHER_EVENT = ID["event/other-page/0"]
HAPPENING = ID["happening/0123456789abcdef"]
HAPPENING_LINK = ID["happening-link/0123456789abcdef"]


def span(start: int, end: int) -> URIRef:
    return ID[f"doc/sample-page-txt-9b8515dd/span/{start}-{end}"]


def position(start: int, end: int) -> URIRef:
    return ID[f"doc/sample-page-txt-9b8515dd/span/{start}-{end}/position"]


def quote(start: int, end: int) -> URIRef:
    return ID[f"doc/sample-page-txt-9b8515dd/span/{start}-{end}/quote"]


TERM_SPAN, DEFINITION_SPAN, HEADLINE_SPAN = span(0, 4), span(5, 91), span(92, 120)
POSITION, QUOTE = position(0, 4), quote(0, 4)

# ---------------------------------------------------------------------------------------------
# The violating cases: one change each to a copy of the valid graph
# ---------------------------------------------------------------------------------------------

Triple = tuple[Node, Node, Union[Node, None]]
Path = Union[URIRef, tuple[URIRef, ...]]
EVENT_TYPE_SCHEME = (SEM.eventType, SKOS.inScheme)  # the sequence path of EventShape's sh:hasValue


def lit(value: str, datatype: URIRef | None = None, lang: str | None = None) -> Literal:
    return Literal(value, datatype=datatype, lang=lang)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def decimal(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


@dataclass(frozen=True)
class Case:
    """One change (``remove`` then ``add``) and the violation it must produce."""

    name: str
    shape: str  # local name of the kgsh: node shape that must report it
    focus: Node
    component: str  # "MinCount" for sh:MinCountConstraintComponent, …
    path: Path | None  # None for a constraint on the node itself
    remove: tuple[Triple, ...] = ()
    add: tuple[Triple, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.shape}:{self.name}"


def missing(shape: str, focus: Node, path: URIRef, name: str, value: Node | None = None) -> Case:
    """Remove ``focus path value`` (every value when ``value`` is None): sh:minCount."""
    return Case(name, shape, focus, "MinCount", path, remove=((focus, path, value),))


def replaced(shape: str, focus: Node, path: URIRef, value: Node, component: str, name: str) -> Case:
    """Replace every value of ``focus path`` with ``value``."""
    return Case(name, shape, focus, component, path, remove=((focus, path, None),), add=((focus, path, value),))


def extra(shape: str, focus: Node, path: URIRef, value: Node, name: str, component: str = "MaxCount") -> Case:
    """Add one more value of ``focus path``."""
    return Case(name, shape, focus, component, path, add=((focus, path, value),))


BLANK_PERSON = BNode("unnamed-person")

CASES: list[Case] = [
    # ---- TopicShape
    missing("TopicShape", TOPIC, SKOS.prefLabel, "no prefLabel"),
    replaced("TopicShape", TOPIC, SKOS.prefLabel, lit("NATO"), "Datatype", "prefLabel without language"),
    extra("TopicShape", TOPIC, SKOS.prefLabel, lit("North Atlantic alliance", lang="en"), "two English prefLabels",
          "UniqueLang"),
    missing("TopicShape", TOPIC, SKOS.definition, "no definition"),
    replaced("TopicShape", TOPIC, SKOS.definition, lit("A military alliance.", XSD.string), "Datatype",
             "definition typed xsd:string"),
    missing("TopicShape", TOPIC, SKOS.inScheme, "no scheme"),
    replaced("TopicShape", TOPIC, SKOS.inScheme, PLOVER.scheme, "Class", "scheme is not a kg:Glossary"),
    missing("TopicShape", TOPIC, KG.hasDefinition, "no hasDefinition"),
    replaced("TopicShape", TOPIC, KG.hasDefinition, span(5, 91), "Class", "hasDefinition points at the span"),
    missing("TopicShape", TOPIC, KG.evidence, "no evidence"),
    replaced("TopicShape", TOPIC, KG.evidence, DEFINITION, "Class", "evidence is not a kg:Span"),
    extra("TopicShape", TOPIC, KG.denotes, FRA, "denotes two things"),
    replaced("TopicShape", TOPIC, KG.denotes, lit("NATO"), "NodeKind", "denotes a literal"),
    # ---- GlossaryShape
    missing("GlossaryShape", GLOSSARY, SKOS.prefLabel, "no prefLabel"),
    missing("GlossaryShape", GLOSSARY, DCTERMS.publisher, "no publisher"),
    replaced("GlossaryShape", GLOSSARY, DCTERMS.publisher, URIRef("https://example.org/"), "Class",
             "publisher is the untyped site IRI"),
    # ---- DefinitionShape
    missing("DefinitionShape", DEFINITION, RDF.value, "no value"),
    extra("DefinitionShape", DEFINITION, RDF.value, lit("Une alliance militaire.", lang="fr"), "two values"),
    replaced("DefinitionShape", DEFINITION, RDF.value, lit("A military alliance."), "Datatype",
             "value without language"),
    missing("DefinitionShape", DEFINITION, PROV.wasAttributedTo, "not attributed"),
    replaced("DefinitionShape", DEFINITION, PROV.wasAttributedTo, NATO, "Class", "attributed to the actor it defines"),
    missing("DefinitionShape", DEFINITION, PROV.wasDerivedFrom, "no source"),
    replaced("DefinitionShape", DEFINITION, PROV.wasDerivedFrom, GRAPH, "Class", "derived from the graph"),
    missing("DefinitionShape", DEFINITION, KG.evidence, "no evidence"),
    replaced("DefinitionShape", DEFINITION, KG.evidence, DOC, "Class", "evidence is the whole document"),
    # ---- PublisherShape
    missing("PublisherShape", PUBLISHER, SCHEMA.name, "no name"),
    replaced("PublisherShape", PUBLISHER, SCHEMA.name, lit("Example News", lang="en"), "Datatype",
             "name is a langString"),
    # ---- ActorShape (kg:Actor and its subclasses, kg:Ideology, kg:Place)
    missing("ActorShape", FRA, RDFS.label, "state without label"),
    missing("ActorShape", NATO, RDFS.label, "alliance without label (reached through rdfs:subClassOf)"),
    missing("ActorShape", KHARKIV, RDFS.label, "place without label"),
    Case("ideology without label", "ActorShape", ID["actor/ideology/atlanticism"], "MinCount", RDFS.label,
         add=((ID["actor/ideology/atlanticism"], RDF.type, KG.Ideology),)),
    Case("blank-node actor", "ActorShape", BLANK_PERSON, "NodeKind", None,
         add=((BLANK_PERSON, RDF.type, KG.Person), (BLANK_PERSON, RDFS.label, lit("someone", lang="en")))),
    # ---- LocalActorKeyShape, ResolvedActorShape, ActorResolutionShape (cross-document resolution)
    extra("LocalActorKeyShape", LOCAL_ACTOR, KG.resolutionKey, lit("person|roe jane"), "two keys"),
    replaced("LocalActorKeyShape", LOCAL_ACTOR, KG.resolutionKey, lit("person|jane roe", lang="en"), "Datatype",
             "key is a langString"),
    replaced("LocalActorKeyShape", LOCAL_ACTOR, KG.resolutionKey, lit("jane roe"), "Pattern", "key without its group"),
    missing("ResolvedActorShape", RESOLVED, RDFS.label, "no label"),
    extra("ResolvedActorShape", RESOLVED, RDFS.label, lit("J. Roe", lang="en"), "two labels"),
    Case("neither a person nor an organisation", "ResolvedActorShape", RESOLVED, "Or", None,
         remove=((RESOLVED, RDF.type, KG.Person),), add=((RESOLVED, RDF.type, KG.EthnicGroup),)),
    missing("ActorResolutionShape", RESOLUTION, RDF.subject, "links nothing"),
    extra("ActorResolutionShape", RESOLUTION, RDF.subject, FRA, "links two actors"),
    replaced("ActorResolutionShape", RESOLUTION, RDF.subject, TOPIC, "Class", "links a topic"),
    missing("ActorResolutionShape", RESOLUTION, RDF.predicate, "no predicate"),
    extra("ActorResolutionShape", RESOLUTION, RDF.predicate, SKOS.exactMatch, "two predicates"),
    replaced("ActorResolutionShape", RESOLUTION, RDF.predicate, SKOS.exactMatch, "HasValue", "not owl:sameAs"),
    missing("ActorResolutionShape", RESOLUTION, RDF.object, "links to nothing"),
    extra("ActorResolutionShape", RESOLUTION, RDF.object, ID["actor/resolved/person/j-roe"], "links to two"),
    replaced("ActorResolutionShape", RESOLUTION, RDF.object, FRA, "Class", "links to a state, not a resolved actor"),
    missing("ActorResolutionShape", RESOLUTION, KG.resolutionKey, "no key"),
    extra("ActorResolutionShape", RESOLUTION, KG.resolutionKey, lit("person|roe jane"), "two keys"),
    replaced("ActorResolutionShape", RESOLUTION, KG.resolutionKey, Literal(7), "Datatype", "key is a number"),
    missing("ActorResolutionShape", RESOLUTION, KG.matchedName, "no name"),
    extra("ActorResolutionShape", RESOLUTION, KG.matchedName, lit("J. Roe"), "two names"),
    replaced("ActorResolutionShape", RESOLUTION, KG.matchedName, lit("Jane Roe", lang="en"), "Datatype",
             "name is a langString"),
    missing("ActorResolutionShape", RESOLUTION, PROV.wasDerivedFrom, "no document"),
    extra("ActorResolutionShape", RESOLUTION, PROV.wasDerivedFrom, ID["doc/other"], "two documents"),
    replaced("ActorResolutionShape", RESOLUTION, PROV.wasDerivedFrom, ARTICLE, "Class", "derived from the article"),
    missing("ActorResolutionShape", RESOLUTION, KG.resolutionBasis, "no reason"),
    extra("ActorResolutionShape", RESOLUTION, KG.resolutionBasis, lit("acronym"), "two reasons"),
    replaced("ActorResolutionShape", RESOLUTION, KG.resolutionBasis, lit("similar"), "In", "unknown reason"),
    Case("paired in two documents", "ActorResolutionShape", RESOLUTION, "MaxCount", KG.pairedIn,
         add=((RESOLUTION, KG.pairedIn, DOC), (RESOLUTION, KG.pairedIn, ID["doc/other"]))),
    extra("ActorResolutionShape", RESOLUTION, KG.pairedIn, ARTICLE, "paired in the article", "Class"),
    Case("recorded link absent", "ActorResolutionShape", RESOLUTION, "SPARQL", None,
         remove=((LOCAL_ACTOR, SAME_AS, RESOLVED),)),
    Case("actor linked to a second resolved actor", "ActorResolutionShape", RESOLUTION, "SPARQL", None,
         add=((LOCAL_ACTOR, SAME_AS, ID["actor/resolved/person/j-roe"]),
              (ID["actor/resolved/person/j-roe"], RDF.type, KG.ResolvedActor))),
    # ---- EventShape: where its reports of one happening are sought
    Case("two happening keys", "EventShape", EVENT, "MaxCount", KG.happeningKey,
         add=((EVENT, KG.happeningKey, lit("state:RUS + state:UKR")), (EVENT, KG.happeningKey, lit("state:UKR + -")))),
    extra("EventShape", EVENT, KG.happeningKey, integer(3), "happening key is a number", "Datatype"),
    Case("two source sides", "EventShape", EVENT, "MaxCount", KG.happeningSource,
         add=((EVENT, KG.happeningSource, lit("state:RUS")), (EVENT, KG.happeningSource, lit("state:UKR")))),
    extra("EventShape", EVENT, KG.happeningSource, lit("state:RUS", lang="en"), "source side is a langString",
          "Datatype"),
    # ---- HappeningShape, HappeningLinkShape (one happening, many reports)
    missing("HappeningShape", HAPPENING, KG.happeningKey, "no key"),
    extra("HappeningShape", HAPPENING, KG.happeningKey, lit("RUS + USA"), "two keys"),
    replaced("HappeningShape", HAPPENING, KG.happeningKey, integer(3), "Datatype", "key is a number"),
    missing("HappeningShape", HAPPENING, KG.reportCount, "no count"),
    extra("HappeningShape", HAPPENING, KG.reportCount, integer(3), "two counts"),
    replaced("HappeningShape", HAPPENING, KG.reportCount, lit("2"), "Datatype", "count is text"),
    replaced("HappeningShape", HAPPENING, KG.reportCount, integer(0), "MinInclusive", "no reports counted"),
    missing("HappeningShape", HAPPENING, KG.report, "no report"),
    extra("HappeningShape", HAPPENING, KG.report, ARTICLE, "an article as a report", "Class"),
    Case("report count wrong", "HappeningShape", HAPPENING, "SPARQL", None,
         remove=((HAPPENING, KG.report, OTHER_EVENT),), add=()),
    Case("an event reports two happenings", "HappeningShape", HAPPENING, "SPARQL", None,
         add=((ID["happening/fedcba9876543210"], KG.report, OTHER_EVENT),)),
    missing("HappeningLinkShape", HAPPENING_LINK, KG.linkedReport, "joins nothing"),
    Case("joins one event", "HappeningLinkShape", HAPPENING_LINK, "MinCount", KG.linkedReport,
         remove=((HAPPENING_LINK, KG.linkedReport, OTHER_EVENT),)),
    extra("HappeningLinkShape", HAPPENING_LINK, KG.linkedReport, ID["event/third-page/0"], "joins three"),
    extra("HappeningLinkShape", HAPPENING_LINK, KG.linkedReport, ARTICLE, "joins an article", "Class"),
    missing("HappeningLinkShape", HAPPENING_LINK, KG.linkOf, "of no happening"),
    extra("HappeningLinkShape", HAPPENING_LINK, KG.linkOf, ID["happening/fedcba9876543210"], "of two happenings"),
    replaced("HappeningLinkShape", HAPPENING_LINK, KG.linkOf, EVENT, "Class", "of an event"),
    missing("HappeningLinkShape", HAPPENING_LINK, KG.linkScore, "no score"),
    extra("HappeningLinkShape", HAPPENING_LINK, KG.linkScore, decimal("0.5"), "two scores"),
    replaced("HappeningLinkShape", HAPPENING_LINK, KG.linkScore, lit("high"), "Datatype", "score is text"),
    replaced("HappeningLinkShape", HAPPENING_LINK, KG.linkScore, decimal("-0.1"), "MinInclusive", "negative score"),
    replaced("HappeningLinkShape", HAPPENING_LINK, KG.linkScore, decimal("1.5"), "MaxInclusive", "score above one"),
    Case("one feature", "HappeningLinkShape", HAPPENING_LINK, "MinCount", KG.matchedFeature,
         remove=((HAPPENING_LINK, KG.matchedFeature, None),), add=((HAPPENING_LINK, KG.matchedFeature, lit("type")),)),
    replaced("HappeningLinkShape", HAPPENING_LINK, KG.matchedFeature, lit("type", lang="en"), "Datatype",
             "feature is a langString"),
    # ---- StateShape
    missing("StateShape", FRA, KG.iso3166Alpha3, "no ISO code"),
    extra("StateShape", FRA, KG.iso3166Alpha3, lit("FXX"), "two ISO codes"),
    replaced("StateShape", FRA, KG.iso3166Alpha3, lit("FRA", lang="en"), "Datatype", "ISO code is a langString"),
    replaced("StateShape", FRA, KG.iso3166Alpha3, lit("fra"), "Pattern", "ISO code in lower case"),
    replaced("StateShape", FRA, KG.iso3166Alpha3, lit("FR"), "Pattern", "ISO alpha-2 code"),
    # ---- AllianceShape
    extra("AllianceShape", NATO, KG.isFormal, Literal(False), "formal and informal"),
    replaced("AllianceShape", NATO, KG.isFormal, lit("true"), "Datatype", "isFormal is a string"),
    # ---- MembershipShape
    missing("MembershipShape", MEMBERSHIP, ORG.member, "no member"),
    extra("MembershipShape", MEMBERSHIP, ORG.member, UKR, "two members"),
    replaced("MembershipShape", MEMBERSHIP, ORG.member, TOPIC, "Class", "member is the glossary topic"),
    missing("MembershipShape", MEMBERSHIP, ORG.organization, "no organization"),
    extra("MembershipShape", MEMBERSHIP, ORG.organization, FRA, "two organizations"),
    replaced("MembershipShape", MEMBERSHIP, ORG.organization, FRA, "Class", "organization is a state"),
    Case("neither evidence nor a reference source", "MembershipShape", MEMBERSHIP, "Or", None,
         remove=((MEMBERSHIP, KG.evidence, None),)),
    replaced("MembershipShape", MEMBERSHIP, KG.evidence, DEFINITION, "Class", "evidence is the definition"),
    missing("MembershipShape", MEMBERSHIP, PROV.wasAttributedTo, "not attributed"),
    extra("MembershipShape", MEMBERSHIP, KG.relation, lit("memberOf"), "two relations"),
    replaced("MembershipShape", MEMBERSHIP, KG.relation, lit("partOf"), "In", "relation of a claim, not a membership"),
    replaced("MembershipShape", MEMBERSHIP, KG.relation, lit("member", lang="en"), "In", "relation is a langString"),
    extra("MembershipShape", MEMBERSHIP, KG.statedIn, ID["doc/sample-page-txt-9b8515dd/definition/otan"],
          "stated in two definitions"),
    replaced("MembershipShape", MEMBERSHIP, KG.statedIn, TOPIC, "Class", "stated in the topic"),
    extra("MembershipShape", MEMBERSHIP, KG.reasoning, lit("France is named in the definition."),
          "two accounts of the reasoning"),
    replaced("MembershipShape", MEMBERSHIP, KG.reasoning, lit("France is named.", lang="en"), "Datatype",
             "reasoning is a langString"),
    # ---- MentionShape
    missing("MentionShape", MENTION, OA.hasBody, "no body"),
    extra("MentionShape", MENTION, OA.hasBody, UKR, "two bodies"),
    replaced("MentionShape", MENTION, OA.hasBody, TOPIC, "Class", "body is the glossary topic"),
    missing("MentionShape", MENTION, OA.hasTarget, "no target"),
    extra("MentionShape", MENTION, OA.hasTarget, HEADLINE_SPAN, "two targets"),
    replaced("MentionShape", MENTION, OA.hasTarget, DOC, "Class", "target is the whole document"),
    Case("written two ways", "MentionShape", MENTION, "MaxCount", KG.writtenAs,
         add=((MENTION, KG.writtenAs, lit("President Macron")), (MENTION, KG.writtenAs, lit("Mr. Macron")))),
    extra("MentionShape", MENTION, KG.writtenAs, lit("Mr. Macron", lang="en"), "written form is a langString",
          "Datatype"),
    # ---- ArticleShape
    missing("ArticleShape", ARTICLE, SCHEMA.headline, "no headline"),
    extra("ArticleShape", ARTICLE, SCHEMA.headline, lit("Les forces russes pilonnent Kharkiv", lang="fr"),
          "two headlines"),
    replaced("ArticleShape", ARTICLE, SCHEMA.headline, lit("Russian forces shell Kharkiv"), "Datatype",
             "headline without language"),
    extra("ArticleShape", ARTICLE, SCHEMA.datePublished, lit("2024-02-25", XSD.date), "two publication dates"),
    replaced("ArticleShape", ARTICLE, SCHEMA.datePublished, lit("2024-02-24T09:00:00Z", XSD.dateTime), "Datatype",
             "datePublished is a dateTime"),
    replaced("ArticleShape", ARTICLE, SCHEMA.datePublished, lit("24 February 2024"), "Datatype",
             "datePublished is a string"),
    missing("ArticleShape", ARTICLE, SCHEMA.publisher, "no publisher"),
    replaced("ArticleShape", ARTICLE, SCHEMA.publisher, GLOSSARY, "Class", "publisher is the glossary"),
    missing("ArticleShape", ARTICLE, PROV.wasDerivedFrom, "no source"),
    replaced("ArticleShape", ARTICLE, PROV.wasDerivedFrom, GRAPH, "Class", "derived from the graph"),
    replaced("ArticleShape", ARTICLE, SCHEMA.keywords, lit("NATO"), "Datatype", "keyword without language"),
    replaced("ArticleShape", ARTICLE, SCHEMA.hasPart, span(121, 185), "Class", "part is the paragraph's span"),
    extra("ArticleShape", ARTICLE, KG.lead, ID["doc/sample-page-txt-9b8515dd/paragraph/1"], "two leads"),
    replaced("ArticleShape", ARTICLE, KG.lead, span(121, 185), "Class", "lead is the paragraph's span"),
    replaced("ArticleShape", ARTICLE, SCHEMA.about, lit("NATO"), "NodeKind", "about a string"),
    replaced("ArticleShape", ARTICLE, SCHEMA.mentions, TOPIC, "Class", "mentions the topic, not an actor"),
    # ---- ParagraphShape
    missing("ParagraphShape", PARAGRAPH, KG.order, "no order"),
    extra("ParagraphShape", PARAGRAPH, KG.order, integer(1), "two orders"),
    replaced("ParagraphShape", PARAGRAPH, KG.order, lit("0"), "Datatype", "order is a string"),
    replaced("ParagraphShape", PARAGRAPH, KG.order, integer(-1), "MinInclusive", "order -1"),
    missing("ParagraphShape", PARAGRAPH, KG.evidence, "no evidence"),
    extra("ParagraphShape", PARAGRAPH, KG.evidence, HEADLINE_SPAN, "two spans"),
    replaced("ParagraphShape", PARAGRAPH, KG.evidence, DOC, "Class", "evidence is the whole document"),
    # ---- SpanShape
    missing("SpanShape", TERM_SPAN, OA.hasSource, "no source"),
    extra("SpanShape", TERM_SPAN, OA.hasSource, ARTICLE, "two sources"),
    replaced("SpanShape", TERM_SPAN, OA.hasSource, ARTICLE, "Class", "source is the article"),
    Case("no position selector", "SpanShape", TERM_SPAN, "QualifiedMinCount", OA.hasSelector,
         remove=((TERM_SPAN, OA.hasSelector, POSITION),)),
    Case("no quote selector", "SpanShape", TERM_SPAN, "QualifiedMinCount", OA.hasSelector,
         remove=((TERM_SPAN, OA.hasSelector, QUOTE),)),
    extra("SpanShape", TERM_SPAN, OA.hasSelector, position(92, 120), "two position selectors", "QualifiedMaxCount"),
    extra("SpanShape", TERM_SPAN, OA.hasSelector, quote(92, 120), "two quote selectors", "QualifiedMaxCount"),
    Case("quote is not the text at the position", "SourceDocumentShape", DOC, "SPARQL", None,
         remove=((QUOTE, OA.exact, None),), add=((QUOTE, OA.exact, lit("OTAN")),)),
    Case("position runs past the end of the text", "SourceDocumentShape", DOC, "SPARQL", None,
         remove=((POSITION, OA.end, None),), add=((POSITION, OA.end, integer(10_000)),)),
    # ---- PositionSelectorShape (span 0-4)
    missing("PositionSelectorShape", POSITION, OA.start, "no start"),
    extra("PositionSelectorShape", POSITION, OA.start, integer(1), "two starts"),
    replaced("PositionSelectorShape", POSITION, OA.start, lit("0"), "Datatype", "start is a string"),
    replaced("PositionSelectorShape", POSITION, OA.start, integer(-1), "MinInclusive", "negative start"),
    replaced("PositionSelectorShape", POSITION, OA.start, integer(10), "LessThanOrEquals", "start after end"),
    missing("PositionSelectorShape", POSITION, OA.end, "no end"),
    extra("PositionSelectorShape", POSITION, OA.end, integer(3), "two ends"),
    replaced("PositionSelectorShape", POSITION, OA.end, lit("4", XSD.nonNegativeInteger), "Datatype",
             "end is an xsd:nonNegativeInteger"),
    replaced("PositionSelectorShape", POSITION, OA.end, integer(-1), "MinInclusive", "negative end"),
    # ---- QuoteSelectorShape (span 0-4)
    missing("QuoteSelectorShape", QUOTE, OA.exact, "no exact"),
    extra("QuoteSelectorShape", QUOTE, OA.exact, lit("NATO "), "two exacts"),
    replaced("QuoteSelectorShape", QUOTE, OA.exact, lit("NATO", lang="en"), "Datatype", "exact is a langString"),
    replaced("QuoteSelectorShape", QUOTE, OA.exact, lit(""), "MinLength", "empty exact"),
    # ---- DocumentGraphShape
    missing("DocumentGraphShape", GRAPH, KG.contentHash, "no hash"),
    extra("DocumentGraphShape", GRAPH, KG.contentHash, lit("0" * 64), "two hashes"),
    replaced("DocumentGraphShape", GRAPH, KG.contentHash, lit(HASH[:63]), "Pattern", "hash of 63 digits"),
    replaced("DocumentGraphShape", GRAPH, KG.contentHash, lit(HASH.upper()), "Pattern", "hash in upper case"),
    replaced("DocumentGraphShape", GRAPH, KG.contentHash, lit("sha256:" + HASH[:57]), "Pattern",
             "hash with algorithm prefix"),
    missing("DocumentGraphShape", GRAPH, PROV.wasDerivedFrom, "no source"),
    replaced("DocumentGraphShape", GRAPH, KG.contentHash, lit(HASH, lang="en"), "Datatype", "hash is a langString"),
    missing("DocumentGraphShape", GRAPH, KG.reader, "no reader"),
    extra("DocumentGraphShape", GRAPH, KG.reader, lit("html"), "two readers"),
    replaced("DocumentGraphShape", GRAPH, KG.reader, lit("savedpage", lang="en"), "Datatype", "reader is a langString"),
    replaced("DocumentGraphShape", GRAPH, PROV.wasDerivedFrom, ARTICLE, "Class", "derived from the article"),
    missing("DocumentGraphShape", GRAPH, PROV.wasGeneratedBy, "no build"),
    replaced("DocumentGraphShape", GRAPH, PROV.wasGeneratedBy, SOFTWARE, "Class", "generated by the software agent"),
    # ---- SourceDocumentShape
    missing("SourceDocumentShape", DOC, DCTERMS.identifier, "no identifier"),
    extra("SourceDocumentShape", DOC, DCTERMS.identifier, lit("other.txt"), "two identifiers"),
    replaced("SourceDocumentShape", DOC, DCTERMS.identifier, URIRef("file:///tmp/x.txt"), "Datatype",
             "identifier is an IRI"),
    missing("SourceDocumentShape", DOC, KG.text, "no text"),
    extra("SourceDocumentShape", DOC, KG.text, lit("NATO"), "two texts"),
    replaced("SourceDocumentShape", DOC, KG.text, lit(TEXT, lang="en"), "Datatype", "text is a langString"),
    # ---- BuildActivityShape
    missing("BuildActivityShape", BUILD, PROV.wasAssociatedWith, "no agent"),
    replaced("BuildActivityShape", BUILD, PROV.wasAssociatedWith, PUBLISHER, "Class",
             "associated with the publisher"),
    missing("BuildActivityShape", BUILD, PROV.endedAtTime, "no end time"),
    extra("BuildActivityShape", BUILD, PROV.endedAtTime, lit("2023-11-15T00:00:00+00:00", XSD.dateTime),
          "two end times"),
    replaced("BuildActivityShape", BUILD, PROV.endedAtTime, lit("2023-11-14", XSD.date), "Datatype",
             "end time is a date"),
    # ---- EventShape
    missing("EventShape", EVENT, SEM.eventType, "no event type"),
    extra("EventShape", EVENT, SEM.eventType, PLOVER.PROTEST, "two event types"),
    replaced("EventShape", EVENT, SEM.eventType, KG.MaterialConflict, "Class", "event type is a quad class"),
    Case("event type taken out of the PLOVER scheme", "EventShape", EVENT, "HasValue", EVENT_TYPE_SCHEME,
         remove=((PLOVER.ASSAULT, SKOS.inScheme, PLOVER.scheme),)),
    Case("home-made event type outside the PLOVER scheme", "EventShape", EVENT, "HasValue", EVENT_TYPE_SCHEME,
         remove=((EVENT, SEM.eventType, None),),
         add=((EVENT, SEM.eventType, ID["event-type/shelling"]),
              (ID["event-type/shelling"], RDF.type, KG.EventType),
              (ID["event-type/shelling"], KG.quadClass, KG.MaterialConflict),
              (ID["event-type/shelling"], SKOS.prefLabel, lit("shelling", lang="en")),
              (ID["event-type/shelling"], SKOS.notation, lit("SHELL")))),
    missing("EventShape", EVENT, KG.sourceActor, "no source actor"),
    replaced("EventShape", EVENT, KG.sourceActor, TOPIC, "Class", "source actor is a glossary topic"),
    replaced("EventShape", EVENT, KG.targetActor, KHARKIV, "Class", "target actor is a place"),
    extra("EventShape", EVENT, KG.sourceActor, UKR, "two source actors"),
    extra("EventShape", EVENT, KG.targetActor, FRA, "two target actors"),
    replaced("EventShape", EVENT, SEM.hasPlace, UKR, "Class", "place is a state"),
    Case("happened in two states", "EventShape", EVENT, "MaxCount", KG.happenedIn,
         add=((EVENT, KG.happenedIn, UKR), (EVENT, KG.happenedIn, RUS))),
    Case("happened in a place, not a state", "EventShape", EVENT, "Class", KG.happenedIn,
         add=((EVENT, KG.happenedIn, KHARKIV),)),
    # ---- PlaceCoordinatesShape
    extra("PlaceCoordinatesShape", KHARKIV, GEO.lat, decimal("50.0"), "two latitudes"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.lat, lit("49.98"), "Datatype", "latitude as text"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.lat, decimal("91.5"), "MaxInclusive", "latitude past the pole"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.lat, decimal("-90.5"), "MinInclusive", "latitude below the pole"),
    extra("PlaceCoordinatesShape", KHARKIV, GEO.long, decimal("36.0"), "two longitudes"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.long, lit("36.25"), "Datatype", "longitude as text"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.long, decimal("180.5"), "MaxInclusive", "longitude past 180"),
    replaced("PlaceCoordinatesShape", KHARKIV, GEO.long, decimal("-181"), "MinInclusive", "longitude before -180"),
    replaced("EventShape", EVENT, KG.cameoCode, integer(194), "Datatype", "CAMEO code is an integer"),
    extra("EventShape", EVENT, SEM.hasTimeStamp, lit("2024-02-25", XSD.date), "two time stamps"),
    replaced("EventShape", EVENT, SEM.hasTimeStamp, lit("24 February 2024"), "Or", "time stamp is a string"),
    replaced("EventShape", EVENT, SEM.hasTimeStamp, lit("2024-02-24", XSD.string), "Or", "time stamp is xsd:string"),
    extra("EventShape", EVENT, KG.cameoCode, lit("190"), "two CAMEO codes"),
    replaced("EventShape", EVENT, KG.cameoCode, lit("19A"), "Pattern", "CAMEO code with a letter"),
    replaced("EventShape", EVENT, KG.cameoCode, lit("1"), "Pattern", "CAMEO code of one digit"),
    extra("EventShape", EVENT, KG.goldstein, decimal("-9.0"), "two Goldstein scores"),
    extra("EventShape", EVENT, KG.sourceSpan, ID["doc/sample-page-txt-9b8515dd/span/0-4"], "source read from two spans"),
    extra("EventShape", EVENT, KG.targetSpan, ID["doc/sample-page-txt-9b8515dd/span/72-78"], "target read from two spans"),
    replaced("EventShape", EVENT, KG.sourceSpan, UKR, "Class", "source span is an actor"),
    replaced("EventShape", EVENT, KG.targetSpan, UKR, "Class", "target span is an actor"),
    replaced("EventShape", EVENT, KG.goldstein, integer(-10), "Datatype", "Goldstein score is an integer"),
    replaced("EventShape", EVENT, KG.goldstein, decimal("11"), "MaxInclusive", "Goldstein 11"),
    replaced("EventShape", EVENT, KG.goldstein, decimal("-10.5"), "MinInclusive", "Goldstein -10.5"),
    extra("EventShape", EVENT, KG.confidence, decimal("0.5"), "two confidences"),
    replaced("EventShape", EVENT, KG.confidence, Literal(0.8), "Datatype", "confidence is a double"),
    replaced("EventShape", EVENT, KG.confidence, decimal("1.5"), "MaxInclusive", "confidence 1.5"),
    replaced("EventShape", EVENT, KG.confidence, decimal("-0.1"), "MinInclusive", "confidence -0.1"),
    missing("EventShape", EVENT, KG.evidence, "no evidence"),
    replaced("EventShape", EVENT, KG.evidence, PARAGRAPH, "Class", "evidence is the paragraph, not its span"),
    # ---- EventTypeShape (the PLOVER concepts from the ontology)
    missing("EventTypeShape", PLOVER.ASSAULT, KG.quadClass, "no quad class"),
    extra("EventTypeShape", PLOVER.ASSAULT, KG.quadClass, KG.VerbalConflict, "two quad classes"),
    replaced("EventTypeShape", PLOVER.ASSAULT, KG.quadClass, PLOVER.COERCE, "Class", "quad class is an event type"),
    missing("EventTypeShape", PLOVER.ASSAULT, SKOS.prefLabel, "no prefLabel"),
    missing("EventTypeShape", PLOVER.ASSAULT, SKOS.notation, "no notation"),
    # ---- ClaimShape (mostly the founder claim)
    missing("ClaimShape", FOUNDER_CLAIM, RDF.subject, "no subject"),
    extra("ClaimShape", FOUNDER_CLAIM, RDF.subject, FRA, "two subjects"),
    replaced("ClaimShape", FOUNDER_CLAIM, RDF.subject, lit("NATO"), "NodeKind", "subject is a string"),
    missing("ClaimShape", FOUNDER_CLAIM, RDF.predicate, "no predicate"),
    extra("ClaimShape", FOUNDER_CLAIM, RDF.predicate, KG.basedIn, "two predicates"),
    replaced("ClaimShape", FOUNDER_CLAIM, RDF.predicate, lit("founder"), "NodeKind", "predicate is a string"),
    missing("ClaimShape", FOUNDER_CLAIM, RDF.object, "no object"),
    extra("ClaimShape", GOAL_CLAIM, RDF.object, lit("the defence of Europe", lang="en"), "two objects"),
    missing("ClaimShape", FOUNDER_CLAIM, KG.relation, "no relation"),
    extra("ClaimShape", FOUNDER_CLAIM, KG.relation, lit("founded"), "two relations"),
    replaced("ClaimShape", FOUNDER_CLAIM, KG.relation, lit("foundedBy"), "In", "relation kg does not name"),
    replaced("ClaimShape", FOUNDER_CLAIM, KG.relation, lit("founder", lang="en"), "In", "relation is a langString"),
    missing("ClaimShape", FOUNDER_CLAIM, PROV.wasAttributedTo, "not attributed"),
    replaced("ClaimShape", FOUNDER_CLAIM, PROV.wasAttributedTo, SOFTWARE, "Class", "attributed to kg itself"),
    missing("ClaimShape", FOUNDER_CLAIM, KG.statedIn, "no definition"),
    extra("ClaimShape", FOUNDER_CLAIM, KG.statedIn, ID["doc/sample-page-txt-9b8515dd/definition/otan"],
          "stated in two definitions"),
    replaced("ClaimShape", FOUNDER_CLAIM, KG.statedIn, TOPIC, "Class", "stated in the topic"),
    missing("ClaimShape", FOUNDER_CLAIM, KG.evidence, "no evidence"),
    replaced("ClaimShape", FOUNDER_CLAIM, KG.evidence, DEFINITION, "Class", "evidence is the definition, not its span"),
    Case("claimed triple absent", "ClaimShape", FOUNDER_CLAIM, "SPARQL", None, remove=((NATO, KG.founder, FOUNDER),)),
    Case("claimed goal in another language than the fact", "ClaimShape", GOAL_CLAIM, "SPARQL", None,
         remove=((GOAL_CLAIM, RDF.object, None),),
         add=((GOAL_CLAIM, RDF.object, lit("the collective defence of its members")),)),
    # ---- StatedFactShape (the focus is the fact's subject)
    Case("fact without a claim", "StatedFactShape", NATO, "SPARQL", None, add=((NATO, KG.operatesIn, FRA),)),
    extra("StatedFactShape", NATO, KG.founder, ENGLISH, "founder is a language", "Class"),
    extra("StatedFactShape", NATO, KG.basedIn, FRA, "based in a state, not a place", "Class"),
    extra("StatedFactShape", NATO, KG.religion, FRA, "religion is a state", "Class"),
    extra("StatedFactShape", NATO, KG.ideology, FRA, "ideology is a state", "Class"),
    extra("StatedFactShape", NATO, KG.language, FRA, "language is a state", "Class"),
    extra("StatedFactShape", NATO, KG.goal, lit("defence"), "goal without language", "Datatype"),
    extra("StatedFactShape", NATO, KG.beginning, FRA, "beginning is not an event", "Class"),
    Case("language family whose claim is gone", "StatedFactShape", ENGLISH, "SPARQL", None,
         remove=((FAMILY_CLAIM, None, None),)),
    Case("initiating event whose claim has no evidence", "StatedFactShape", FOUNDING, "SPARQL", None,
         remove=((INITIATED_CLAIM, KG.evidence, None),)),
    Case("claim about another subject", "StatedFactShape", NATO, "SPARQL", None,
         remove=((FOUNDER_CLAIM, RDF.subject, None),), add=((FOUNDER_CLAIM, RDF.subject, FRA),
                                                              (FRA, KG.founder, FOUNDER))),
    Case("claim that is not typed kg:Claim", "StatedFactShape", NATO, "SPARQL", None,
         remove=((GOAL_CLAIM, RDF.type, KG.Claim),)),
    # ---- BeginningShape (NATO's founding)
    missing("BeginningShape", FOUNDING, KG.beginningOf, "nothing began"),
    extra("BeginningShape", FOUNDING, KG.beginningOf, FRA, "beginning of two things"),
    replaced("BeginningShape", FOUNDING, KG.beginningOf, lit("NATO"), "NodeKind", "beginning of a string"),
    missing("BeginningShape", FOUNDING, KG.edtf, "no EDTF date"),
    extra("BeginningShape", FOUNDING, KG.edtf, lit("1949", EDTF), "two EDTF dates"),
    replaced("BeginningShape", FOUNDING, KG.edtf, lit("1949-04-04", XSD.date), "Datatype", "EDTF date is xsd:date"),
    replaced("BeginningShape", FOUNDING, KG.edtf, lit("1949-04-04"), "Datatype", "EDTF date is a string"),
    missing("BeginningShape", FOUNDING, SEM.hasEarliestBeginTimeStamp, "no earliest bound"),
    extra("BeginningShape", FOUNDING, SEM.hasEarliestBeginTimeStamp, lit("1949-01-01", XSD.date),
          "two earliest bounds"),
    replaced("BeginningShape", FOUNDING, SEM.hasEarliestBeginTimeStamp, lit("1949", XSD.gYear), "Datatype",
             "earliest bound is a year"),
    replaced("BeginningShape", FOUNDING, SEM.hasEarliestBeginTimeStamp, lit("1949-04-05", XSD.date),
             "LessThanOrEquals", "earliest bound after the latest"),
    missing("BeginningShape", FOUNDING, SEM.hasLatestEndTimeStamp, "no latest bound"),
    extra("BeginningShape", FOUNDING, SEM.hasLatestEndTimeStamp, lit("1949-12-31", XSD.date), "two latest bounds"),
    replaced("BeginningShape", FOUNDING, SEM.hasLatestEndTimeStamp, lit("1949-04-04T00:00:00Z", XSD.dateTime),
             "Datatype", "latest bound is a dateTime"),
    extra("BeginningShape", FOUNDING, SEM.hasTimeStamp, lit("1949-08-24", XSD.date), "two time stamps"),
    replaced("BeginningShape", FOUNDING, SEM.hasTimeStamp, lit("1949", XSD.gYear), "Datatype",
             "time stamp is a year"),
    replaced("BeginningShape", FOUNDING, SEM.hasActor, TOPIC, "Class", "actor is the glossary topic"),
    replaced("BeginningShape", FOUNDING, KG.initiatedBy, FRA, "Class", "initiated by a state"),
    missing("BeginningShape", FOUNDING, PROV.wasAttributedTo, "not attributed"),
    replaced("BeginningShape", FOUNDING, PROV.wasAttributedTo, DEFINITION, "Class", "attributed to the definition"),
    missing("BeginningShape", FOUNDING, KG.evidence, "no evidence"),
    replaced("BeginningShape", FOUNDING, KG.evidence, DOC, "Class", "evidence is the whole document"),
    # ---- LabelledShape (languages and historical events)
    missing("LabelledShape", ENGLISH, RDFS.label, "language without label"),
    missing("LabelledShape", SIGNING, RDFS.label, "historical event without label"),
    replaced("LabelledShape", GERMANIC, RDFS.label, lit("Germanic languages"), "Datatype",
             "language label without language tag"),
]

# Optional or alternative values the shapes must keep accepting: (name, remove, add).
ALLOWED_VARIATIONS = [
    ("event dated by year", ((EVENT, SEM.hasTimeStamp, None),), ((EVENT, SEM.hasTimeStamp, lit("2024", XSD.gYear)),)),
    ("event dated by month", ((EVENT, SEM.hasTimeStamp, None),),
     ((EVENT, SEM.hasTimeStamp, lit("2024-02", XSD.gYearMonth)),)),
    ("event dated to the second", ((EVENT, SEM.hasTimeStamp, None),),
     ((EVENT, SEM.hasTimeStamp, lit("2024-02-24T05:00:00Z", XSD.dateTime)),)),
    ("event with only its type, source actor and evidence",
     ((EVENT, KG.targetActor, None), (EVENT, SEM.hasTimeStamp, None), (EVENT, KG.cameoCode, None),
      (EVENT, KG.goldstein, None), (EVENT, KG.confidence, None)), ()),
    ("Goldstein and confidence at their bounds", ((EVENT, KG.goldstein, None), (EVENT, KG.confidence, None)),
     ((EVENT, KG.goldstein, decimal("10")), (EVENT, KG.confidence, decimal("0")))),
    ("informal alliance", ((NATO, KG.isFormal, None),), ((NATO, KG.isFormal, Literal(False)),)),
    ("alliance of unknown formality", ((NATO, KG.isFormal, None),), ()),
    ("article without date, keywords or parts",
     ((ARTICLE, SCHEMA.datePublished, None), (ARTICLE, SCHEMA.keywords, None), (ARTICLE, SCHEMA.hasPart, None)), ()),
    ("topic that denotes nothing", ((TOPIC, KG.denotes, None),), ()),
    ("membership from a reference source instead of a span", ((MEMBERSHIP, KG.evidence, None),),
     ((MEMBERSHIP, PROV.wasDerivedFrom, ID["source/knowledge-base"]),)),
    ("membership without relation, definition or reasoning",
     ((MEMBERSHIP, KG.relation, None), (MEMBERSHIP, KG.statedIn, None), (MEMBERSHIP, KG.reasoning, None)), ()),
    ("membership stated from the member's side", ((MEMBERSHIP, KG.relation, None),),
     ((MEMBERSHIP, KG.relation, lit("memberOf")),)),
    ("beginning dated by year",
     ((FOUNDING, KG.edtf, None), (FOUNDING, SEM.hasTimeStamp, None), (FOUNDING, SEM.hasEarliestBeginTimeStamp, None),
      (FOUNDING, SEM.hasLatestEndTimeStamp, None)),
     ((FOUNDING, KG.edtf, lit("1949", EDTF)), (FOUNDING, SEM.hasEarliestBeginTimeStamp, lit("1949-01-01", XSD.date)),
      (FOUNDING, SEM.hasLatestEndTimeStamp, lit("1949-12-31", XSD.date)))),
    ("beginning between two years",
     ((FOUNDING, KG.edtf, None), (FOUNDING, SEM.hasTimeStamp, None), (FOUNDING, SEM.hasEarliestBeginTimeStamp, None),
      (FOUNDING, SEM.hasLatestEndTimeStamp, None)),
     ((FOUNDING, KG.edtf, lit("1948/1949", EDTF)),
      (FOUNDING, SEM.hasEarliestBeginTimeStamp, lit("1948-01-01", XSD.date)),
      (FOUNDING, SEM.hasLatestEndTimeStamp, lit("1949-12-31", XSD.date)))),
    ("an independence instead of a founding", ((FOUNDING, RDF.type, KG.Founding),),
     ((FOUNDING, RDF.type, KG.Independence),)),
    ("beginning without actor or initiating event",
     ((FOUNDING, SEM.hasActor, None), (FOUNDING, KG.initiatedBy, None), (INITIATED_CLAIM, None, None)), ()),
    ("claim of a class (rdf:type is not a stated-fact predicate)", (),
     ((ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], RDF.type, KG.Claim),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], KG.relation, lit("class")),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], RDF.subject, NATO),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], RDF.predicate, RDF.type),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], RDF.object, KG.Alliance),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], PROV.wasAttributedTo, PUBLISHER),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], KG.statedIn, DEFINITION),
      (ID["doc/sample-page-txt-9b8515dd/claim/nato/class"], KG.evidence, DEFINITION_SPAN))),
    ("claim read from two spans", (), ((FOUNDER_CLAIM, KG.evidence, TERM_SPAN),)),
]

# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology_graph()


@pytest.fixture(scope="session")
def valid_graph(ontology) -> Graph:
    """The ontology (with the PLOVER scheme) plus the fixture, as the store's union graph holds them.

    Session-scoped and never modified: tests work on ``copy_of`` it.
    """
    graph = copy_of(ontology)
    graph.parse(data=FIXTURE, format="turtle")
    return graph


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def apply(graph: Graph, remove=(), add=()) -> Graph:
    """A copy of ``graph`` with the triples matching each ``remove`` pattern gone, then ``add`` added.

    Every pattern must match something and every added triple must be new, so a case that no
    longer changes anything (the fixture moved on) fails instead of passing vacuously.
    """
    changed = copy_of(graph)
    for pattern in remove:
        assert (pattern in changed) if None not in pattern else any(changed.triples(pattern)), \
            f"nothing to remove: {pattern}"
        changed.remove(pattern)
    for triple in add:
        assert triple not in changed, f"already there: {triple}"
        changed.add(triple)
    return changed


def node_shapes(shapes: Graph) -> set[URIRef]:
    return {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def as_path(shapes: Graph, node: Node | None) -> Path | None:
    """A shapes-graph path node as a predicate IRI, or as a tuple for a sequence path."""
    if node is None:
        return None
    if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        return tuple(Collection(shapes, node))
    assert isinstance(node, URIRef), f"path kind not handled by this test: {node}"
    return node


def violation_path(shapes: Graph, violation: Violation) -> Path | None:
    """The violation's sh:resultPath; a sequence path is a blank node of the shapes graph."""
    if violation.path is None:
        return None
    if (BNode(violation.path), RDF.first, None) in shapes:
        return as_path(shapes, BNode(violation.path))
    return URIRef(violation.path)


def violation_node_shape(shapes: Graph, violation: Violation) -> URIRef | None:
    """The node shape that reported ``violation``: its sh:sourceShape, or the node shape that
    holds that property shape."""
    if violation.shape is None:
        return None
    for source in (URIRef(violation.shape), BNode(violation.shape)):
        if (source, RDF.type, SH.NodeShape) in shapes:
            return source
        owner = shapes.value(predicate=SH.property, object=source)
        if owner is not None:
            return owner
    return None


def describe(report: ValidationReport) -> str:
    return "\n".join(f"  {v.focus} {v.path} {v.component} [{v.shape}] value={v.value}" for v in report.violations)


def reports(shapes: Graph, report: ValidationReport, case: Case) -> bool:
    return any(
        v.focus == str(case.focus)
        and v.component == f"{case.component}ConstraintComponent"
        and v.severity == "Violation"
        and violation_path(shapes, v) == case.path
        and violation_node_shape(shapes, v) == KGSH[case.shape]
        for v in report.violations
    )


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


def test_fixture_spans_quote_their_text(valid_graph):
    """The fixture is internally honest: every quote selector is the text at its position."""
    assert str(valid_graph.value(DOC, KG.text)) == TEXT
    for start, end in SPANS:
        assert valid_graph.value(position(start, end), OA.start).toPython() == start
        assert valid_graph.value(position(start, end), OA.end).toPython() == end
        assert str(valid_graph.value(quote(start, end), OA.exact)) == TEXT[start:end]


def test_valid_fixture_conforms(valid_graph, shapes):
    assert (PLOVER.ASSAULT, SKOS.inScheme, PLOVER.scheme) in valid_graph  # the PLOVER scheme is loaded
    report = validate_graph(copy_of(valid_graph), shapes, REFERENCE_ENGINE)
    assert report.conforms, describe(report)
    assert report.violations == []


def test_every_shape_has_focus_nodes_in_the_valid_fixture(valid_graph, shapes):
    """So "the valid fixture conforms" says something about every shape."""
    idle = []
    for shape in sorted(node_shapes(shapes)):
        focus = {
            node
            for cls in shapes.objects(shape, SH.targetClass)
            for (node,) in valid_graph.query("SELECT ?x WHERE { ?x a/rdfs:subClassOf* ?c }",
                                          initBindings={"c": cls}, initNs={"rdfs": RDFS})
        }
        focus |= set(shapes.objects(shape, SH.targetNode))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            focus |= set(valid_graph.subjects(prop, None))
        for prop in shapes.objects(shape, SH.targetObjectsOf):
            focus |= set(valid_graph.objects(None, prop))
        if not focus:
            idle.append(shape)
    assert idle == []


def test_fixture_without_the_ontology_does_not_conform(shapes):
    """Why the ontology is part of the data graph: sh:class follows rdfs:subClassOf there."""
    bare = Graph().parse(data=FIXTURE, format="turtle")
    report = validate_graph(bare, shapes, REFERENCE_ENGINE)
    assert not report.conforms
    # a kg:State is a kg:Actor only through the ontology's rdfs:subClassOf
    assert reports(shapes, report, Case("state is an actor", "MentionShape", MENTION, "Class", OA.hasBody))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_violating_case_is_reported(case, valid_graph, shapes):
    report = validate_graph(apply(valid_graph, case.remove, case.add), shapes, REFERENCE_ENGINE)
    assert not report.conforms
    assert reports(shapes, report, case), (
        f"expected {case.component} on {case.focus} path {case.path} from kgsh:{case.shape}; got:\n"
        + describe(report))


@pytest.mark.parametrize("name, remove, add", ALLOWED_VARIATIONS, ids=[v[0] for v in ALLOWED_VARIATIONS])
def test_allowed_variation_conforms(name, remove, add, valid_graph, shapes):
    report = validate_graph(apply(valid_graph, remove, add), shapes, REFERENCE_ENGINE)
    assert report.conforms, describe(report)


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_node_shape_has_a_violating_case(shapes):
    covered = {KGSH[case.shape] for case in CASES}
    assert node_shapes(shapes), "no sh:NodeShape found in the shapes files"
    assert sorted(node_shapes(shapes) - covered) == [], "node shapes without a violating case"
    assert sorted(covered - node_shapes(shapes)) == [], "cases name shapes that do not exist"


# The constraint parameters the shapes use, by the component they belong to.
COMPONENT_OF = {
    SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.datatype: "Datatype", SH["class"]: "Class",
    SH.nodeKind: "NodeKind", SH.pattern: "Pattern", SH.minLength: "MinLength", SH.maxLength: "MaxLength",
    SH.minInclusive: "MinInclusive", SH.maxInclusive: "MaxInclusive", SH.minExclusive: "MinExclusive",
    SH.maxExclusive: "MaxExclusive", SH.lessThan: "LessThan", SH.lessThanOrEquals: "LessThanOrEquals",
    SH.hasValue: "HasValue", SH["in"]: "In", SH["or"]: "Or", SH["and"]: "And", SH["not"]: "Not",
    SH.xone: "Xone", SH.node: "Node", SH.equals: "Equals", SH.disjoint: "Disjoint",
    SH.uniqueLang: "UniqueLang", SH.languageIn: "LanguageIn", SH.closed: "Closed",
    SH.qualifiedMinCount: "QualifiedMinCount", SH.qualifiedMaxCount: "QualifiedMaxCount",
    SH.sparql: "SPARQL",
}
NOT_CONSTRAINTS = {
    RDF.type, RDFS.comment, RDFS.label, SH.path, SH.property, SH.message, SH.severity, SH.name,
    SH.description, SH.order, SH.group, SH.deactivated, SH.flags, SH.ignoredProperties,
    SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
}


def test_every_constraint_has_a_violating_case(shapes):
    """Stricter than per node shape: each constraint (node shape, path, component) is broken by a case."""
    required, unknown = set(), set()
    for shape in node_shapes(shapes):
        holders = [(shape, None)] + [(ps, as_path(shapes, shapes.value(ps, SH.path)))
                                     for ps in shapes.objects(shape, SH.property)]
        for holder, path in holders:
            for parameter in set(shapes.predicates(holder, None)) - NOT_CONSTRAINTS:
                if parameter in COMPONENT_OF:
                    required.add((shape.rsplit("#", 1)[-1], path, COMPONENT_OF[parameter]))
                else:
                    unknown.add(str(parameter))
    assert unknown == set(), "constraint parameters this test does not know yet: add them to COMPONENT_OF"
    covered = {(case.shape, case.path, case.component) for case in CASES}
    assert sorted(required - covered, key=str) == [], "constraints without a violating case"


def test_reference_page_built_by_kg_conforms(seed_store):
    with Store(seed_store, read_only=True) as store:
        built = {str(row["c"].value): int(row["n"].value) for row in store.query(
            "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c")}
        report = validate_store(store)
    # the page really exercises the shapes (glossary topics, an article, spans, memberships)
    for cls in ("Topic", "Definition", "Article", "Paragraph", "Mention", "Span", "DocumentGraph"):
        assert built.get(str(KG[cls]), 0) > 0, cls
    assert built.get("http://www.w3.org/ns/org#Membership", 0) > 0
    assert report.conforms, format_text(report)
