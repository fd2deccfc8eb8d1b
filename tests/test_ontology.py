"""Tests of the bundled ontology files and of ``kg.services.ontology.check_ontology`` (real files,
real HermiT; needs ``java`` on PATH)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg import resources
from kg.services.ontology import OWL2_DATATYPES, OntologyReport, check_ontology, load_jsonld_context, load_ontology_graph

KG = Namespace("https://w3id.org/kg/ontology#")
PLOVER = Namespace("https://w3id.org/kg/plover/")
# a plain Namespace: pytest probes module attributes, which rdflib's closed XSD namespace warns about
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_DIR = resources.asset_dir("ontology")
REPO_DIR = Path(__file__).resolve().parent.parent
VOCABULARY_DOC = REPO_DIR / "docs" / "vocabulary.md"
CAMEO_TABLE = REPO_DIR.parent / "shared" / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"

QUADS = {
    KG.VerbalCooperation: {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
    KG.MaterialCooperation: {"COOPERATE", "AID", "RETREAT"},
    KG.VerbalConflict: {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
    KG.MaterialConflict: {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"},
}

PREFIXES = {
    "kg": "https://w3id.org/kg/ontology#",
    "kgid": "https://w3id.org/kg/id/",
    "plover": "https://w3id.org/kg/plover/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def bundled_report() -> OntologyReport:
    return check_ontology()


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(value)
        for value in graph.objects(subject, predicate)
        if isinstance(value, Literal) and value.language == "en" and str(value).strip()
    ]


# --- the files ---------------------------------------------------------------------------------


def test_bundled_turtle_files_are_kg_and_plover():
    names = [path.name for path in resources.ontology_files()]
    assert {"kg.ttl", "plover.ttl"} <= set(names)


@pytest.mark.parametrize("name", ["kg.ttl", "plover.ttl"])
def test_turtle_parses_with_rdflib_and_pyoxigraph(name):
    path = ONTOLOGY_DIR / name
    parsed = Graph().parse(path, format="turtle")
    assert len(parsed) > 100
    with open(path, "rb") as handle:
        triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(parsed)
    written = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE)
    assert isomorphic(parsed, Graph().parse(data=written.decode("utf-8"), format="turtle"))


def test_ontology_header(graph):
    header = URIRef("https://w3id.org/kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in graph
    assert graph.value(header, OWL.versionInfo) == Literal("1.0.0")
    assert english(graph, header, RDFS.label)
    assert english(graph, header, DCTERMS.description)
    assert graph.value(header, DCTERMS.license) == Literal("MIT")
    assert not list(graph.objects(None, OWL.imports))


# --- the vocabulary ----------------------------------------------------------------------------


def vocabulary_terms(section: str) -> set[str]:
    """kg: names in the first column of a table section of docs/vocabulary.md."""
    text = VOCABULARY_DOC.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| kg:(\w+) \|", body, flags=re.MULTILINE))


def test_every_documented_class_and_property_is_declared(graph):
    classes = vocabulary_terms("Classes")
    properties = vocabulary_terms("Properties")
    assert len(classes) == 29 and len(properties) == 21  # kg:UnnamedAgent since issue 16
    for name in classes:
        assert (KG[name], RDF.type, OWL.Class) in graph, name
    for name in properties:
        kinds = {kind for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) if (KG[name], RDF.type, kind) in graph}
        assert len(kinds) == 1, name


def test_every_kg_term_has_english_label_and_definition(graph):
    terms = {
        subject
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for subject in graph.subjects(RDF.type, kind)
        if str(subject).startswith(str(KG))
    }
    assert len(terms) >= 28 + 21  # the v1 terms at least; later issues add more
    for term in terms:
        assert english(graph, term, RDFS.label), term
        definitions = english(graph, term, SKOS.definition)
        assert definitions and len(definitions[0].split()) >= 5, term


def test_every_referenced_term_is_declared(graph):
    """Each IRI used as a class or property (outside RDF, RDFS, OWL, XSD) is declared locally."""
    builtin = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
    declared = {
        subject
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for subject in graph.subjects(RDF.type, kind)
    }
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    used |= set(graph.objects(None, RDFS.subClassOf)) | set(graph.objects(None, RDFS.subPropertyOf))
    used |= {o for o in graph.objects(None, RDFS.domain)} | {
        o for o in graph.objects(None, RDFS.range) if isinstance(o, URIRef) and o not in OWL2_DATATYPES
    }
    for term in used:
        if isinstance(term, URIRef) and not str(term).startswith(builtin):
            assert term in declared, term
            assert list(graph.objects(term, RDFS.label)), term


def test_no_range_outside_the_owl2_datatype_map(graph):
    for prop, datatype in graph.subject_objects(RDFS.range):
        if isinstance(datatype, URIRef) and str(datatype).startswith(str(XSD)):
            assert datatype in OWL2_DATATYPES, (prop, datatype)


def test_stays_within_owl2_dl_punning_rules(graph):
    classes = set(graph.subjects(RDF.type, OWL.Class))
    object_props = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    data_props = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    individuals = set(graph.subjects(RDF.type, OWL.NamedIndividual))
    assert not object_props & data_props
    assert not classes & individuals
    assert not classes & (object_props | data_props)


def test_domains_ranges_and_hierarchy_follow_the_table(graph):
    assert (KG.sourceActor, RDFS.subPropertyOf, URIRef(PREFIXES["sem"] + "hasActor")) in graph
    assert (KG.targetActor, RDFS.range, KG.Actor) in graph
    assert (KG.quadClass, RDFS.domain, KG.EventType) in graph
    assert (KG.quadClass, RDFS.range, KG.QuadClass) in graph
    assert (KG.isFormal, RDFS.range, XSD.boolean) in graph
    assert (KG.order, RDFS.range, XSD.integer) in graph
    assert (KG.Paragraph, RDFS.subClassOf, PROV.Entity) in graph
    assert (KG.GovernmentBody, RDFS.subClassOf, URIRef(PREFIXES["org"] + "OrganizationalUnit")) in graph
    assert (KG.Actor, OWL.disjointWith, KG.Topic) in graph


def test_quad_class_individuals(graph):
    notations = {}
    for quad in QUADS:
        assert (quad, RDF.type, KG.QuadClass) in graph
        assert english(graph, quad, RDFS.label) and english(graph, quad, SKOS.definition)
        notations[str(graph.value(quad, SKOS.notation))] = quad
    assert sorted(notations) == ["1", "2", "3", "4"]


# --- PLOVER ------------------------------------------------------------------------------------


def test_plover_scheme_has_sixteen_concepts_with_one_quad_class_each(graph):
    scheme = PLOVER.scheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert english(graph, scheme, RDFS.label) and english(graph, scheme, SKOS.definition)
    assert "CC BY-SA 4.0" in str(graph.value(scheme, RDFS.comment))
    assert "PLOVER" in str(graph.value(scheme, DCTERMS.source))

    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == 16
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == concepts
    membership: dict[URIRef, set[str]] = {quad: set() for quad in QUADS}
    for concept in concepts:
        name = str(concept).removeprefix(str(PLOVER))
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert (concept, RDF.type, KG.EventType) in graph
        assert (concept, SKOS.topConceptOf, scheme) in graph
        assert graph.value(concept, SKOS.notation) == Literal(name)
        assert english(graph, concept, SKOS.prefLabel) == [name.lower()]
        assert english(graph, concept, SKOS.definition)
        quads = list(graph.objects(concept, KG.quadClass))
        assert len(quads) == 1, concept
        membership[quads[0]].add(name)
    assert membership == QUADS


def test_plover_cameo_roots_match_the_conversion_table(graph):
    expected: dict[str, set[str]] = {}
    if CAMEO_TABLE.is_file():
        for line in CAMEO_TABLE.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(\d\d):\s*([A-Z]+)\s*$", line)
            if match:
                expected.setdefault(match.group(2), set()).add(match.group(1))
    else:  # the shared data folder is not on every machine; fall back to the known table
        expected = {
            "AGREE": {"03"}, "CONSULT": {"04"}, "SUPPORT": {"05"}, "COOPERATE": {"06"},
            "AID": {"07"}, "CONCEDE": {"08"}, "RETREAT": {"08"}, "ACCUSE": {"09", "11"},
            "REQUEST": {"10"}, "REJECT": {"12"}, "THREATEN": {"13"}, "PROTEST": {"14"},
            "MOBILIZE": {"15"}, "SANCTION": {"16"}, "COERCE": {"17"}, "ASSAULT": {"18", "19", "20"},
        }
    actual = {
        str(concept).removeprefix(str(PLOVER)): {str(code) for code in graph.objects(concept, KG.cameoCode)}
        for concept in graph.subjects(SKOS.inScheme, PLOVER.scheme)
    }
    actual = {name: codes for name, codes in actual.items() if codes}
    assert actual == expected


# --- JSON-LD context ---------------------------------------------------------------------------


def test_context_is_local_and_has_every_prefix():
    raw = (ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8")
    document = json.loads(raw)
    assert set(document) == {"@context"}
    context = document["@context"]
    assert isinstance(context, dict)  # an array or string would mean a (possibly remote) reference
    assert "@import" not in raw
    for prefix, iri in PREFIXES.items():
        assert context[prefix] == iri, prefix
    # no value anywhere is a remote context: the only http(s) strings are namespace or term IRIs
    for key, value in context.items():
        if isinstance(value, dict):
            assert "@context" not in value, key
    assert load_jsonld_context() == context


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_context_serialises_and_round_trips_with_rdflib():
    data = Graph()
    state = URIRef("https://w3id.org/kg/id/actor/state/FRA")
    data.add((state, RDF.type, KG.State))
    data.add((state, SKOS.prefLabel, Literal("France", lang="en")))
    data.add((state, KG.iso3166Alpha3, Literal("FRA")))
    data.add((state, KG.edtf, Literal("1988/1989", datatype=URIRef("http://id.loc.gov/datatypes/edtf/EDTF"))))
    data.add((URIRef("https://w3id.org/kg/id/actor/ministry/x"), KG.partOf, state))
    text = data.serialize(format="json-ld", context=load_jsonld_context())
    assert '"label"' in text and '"partOf"' in text
    assert isomorphic(data, Graph().parse(data=text, format="json-ld"))


# --- the reasoner ------------------------------------------------------------------------------


def test_bundled_ontology_is_consistent(bundled_report):
    assert bundled_report.consistent, bundled_report.problems
    assert bundled_report.problems == []
    assert bundled_report.unsatisfiable == []
    assert bundled_report.dropped_for_reasoner == []
    assert bundled_report.classes >= 28
    assert bundled_report.properties >= 21
    assert bundled_report.individuals >= 4 + 16 + 1  # quad classes, PLOVER types, the scheme


def test_check_prints_nothing(capfd):
    check_ontology()
    captured = capfd.readouterr()
    assert captured.out == ""


def write_variant(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "variant.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/kg/ontology#> .\n"
        "@prefix kgid: <https://w3id.org/kg/id/> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + body,
        encoding="utf-8",
    )
    return path


def test_individual_in_two_disjoint_classes_is_inconsistent(tmp_path):
    variant = write_variant(tmp_path, "<https://w3id.org/kg/id/actor/person-state/x> a kg:Person , kg:State .\n")
    report = check_ontology([*resources.ontology_files(), variant])
    assert report.consistent is False
    assert any("inconsistent" in problem for problem in report.problems)


def test_class_under_two_disjoint_classes_is_unsatisfiable(tmp_path):
    variant = write_variant(
        tmp_path,
        'kg:PersonState a owl:Class ; rdfs:subClassOf kg:Person , kg:State ;\n'
        '    rdfs:label "person state"@en ; skos:definition "A class that cannot have members at all."@en .\n',
    )
    report = check_ontology([*resources.ontology_files(), variant])
    assert report.consistent is False
    assert report.unsatisfiable == [str(KG.PersonState)]


def test_ranges_hermit_rejects_are_dropped_and_listed(tmp_path):
    variant = write_variant(
        tmp_path,
        'kg:founded a owl:DatatypeProperty ; rdfs:range xsd:date ;\n'
        '    rdfs:label "founded"@en ; skos:definition "The date on which an organisation was founded."@en .\n',
    )
    report = check_ontology([*resources.ontology_files(), variant])
    assert report.consistent
    assert report.dropped_for_reasoner == ["kg:founded rdfs:range xsd:date"]
    assert report.problems == []


def test_confidence_outside_zero_to_one_is_inconsistent(tmp_path):
    variant = write_variant(tmp_path, '<https://w3id.org/kg/id/claim/1> kg:confidence "1.5"^^xsd:decimal .\n')
    assert check_ontology([*resources.ontology_files(), variant]).consistent is False


def test_undocumented_kg_term_is_a_problem_but_not_inconsistent(tmp_path):
    variant = write_variant(tmp_path, "kg:Undocumented a owl:Class .\n")
    report = check_ontology([*resources.ontology_files(), variant])
    assert report.consistent
    assert "kg:Undocumented has no English rdfs:label" in report.problems
    assert "kg:Undocumented has no English skos:definition" in report.problems


def test_unparsable_file_raises_ontology_error(tmp_path):
    from kg.errors import OntologyError

    broken = tmp_path / "broken.ttl"
    broken.write_text("kg:Oops a ", encoding="utf-8")
    with pytest.raises(OntologyError, match="broken.ttl"):
        check_ontology([broken])
