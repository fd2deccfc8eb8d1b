"""Loading and checking the kg ontology (the library behind ``kg ontology check``).

``check_ontology`` parses the bundled Turtle files (or the ones given) with rdflib, looks for
modelling slips (missing labels or definitions on kg terms, IRIs used in two incompatible
roles), and then asks the HermiT reasoner, through owlready2, whether the ontology is
consistent and whether any class is unsatisfiable.

owlready2 reads RDF/XML and N-Triples only, so the merged graph is handed to it as RDF/XML
written into a temporary directory; HermiT needs a Java runtime on ``PATH``. Nothing here
prints: whatever owlready2 or Java would say is captured.
"""
from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import vocab
from kg.errors import OntologyError
from kg.mapping.ontology import load_jsonld_context, load_ontology_graph  # noqa: F401  (also this module's API)

KG = Namespace(vocab.KG)
PLOVER = Namespace(vocab.PLOVER)
EDTF_DATATYPE = URIRef(vocab.EDTF_DATATYPE)

JAVA_MISSING = (
    "Java is needed for the HermiT reasoner: install a JRE "
    "(Debian: apt-get install default-jre-headless)"
)

# The datatypes of the OWL 2 datatype map (OWL 2 Structural Specification, section 4), which
# is what HermiT accepts. rdf:langString is left out: the HermiT bundled with owlready2 predates
# RDF 1.1 and does not know it.
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    [OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal]
    + [
        XSD[name]
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
            "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
            "unsignedByte double float string normalizedString token language Name NCName "
            "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
)

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# owlready2 keeps global state (the Java executable, its reasoning module); one check at a time.
_REASONER_LOCK = threading.Lock()


@dataclass
class OntologyReport:
    """What ``check_ontology`` found.

    ``consistent`` is False when HermiT finds the ontology inconsistent or any class
    unsatisfiable. ``problems`` lists every finding in words, including modelling slips that do
    not make the ontology inconsistent. ``unsatisfiable`` holds the full IRIs of unsatisfiable
    classes. ``dropped_for_reasoner`` lists the rdfs:range statements removed before reasoning
    because HermiT cannot handle their datatype (they stay in the ontology itself).
    """

    consistent: bool
    classes: int
    properties: int
    individuals: int
    problems: list[str] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    dropped_for_reasoner: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------


def check_ontology(paths: list[Path] | None = None, reasoner_timeout: float = 120) -> OntologyReport:
    """Check the ontology (default: the bundled files) with rdflib and the HermiT reasoner.

    Raises OntologyError when the files cannot be loaded, Java is missing, owlready2 does not
    see the classes rdflib declared, or HermiT fails or runs longer than ``reasoner_timeout``
    seconds. An inconsistent ontology is not an error: it is reported with ``consistent=False``.
    """
    graph = load_ontology_graph(paths)
    classes = _named(graph.subjects(RDF.type, OWL.Class)) - {OWL.Thing, OWL.Nothing}
    properties = set().union(*(_named(graph.subjects(RDF.type, t)) for t in _PROPERTY_TYPES))
    individuals = _individuals(graph, classes)

    report = OntologyReport(
        consistent=True,
        classes=len(classes),
        properties=len(properties),
        individuals=len(individuals),
        problems=_modelling_problems(graph, classes, individuals),
    )

    java = shutil.which("java")
    if java is None:
        raise OntologyError(JAVA_MISSING)

    reasoner_graph, report.dropped_for_reasoner = _graph_for_reasoner(graph)
    inconsistent, unsatisfiable = _run_hermit(reasoner_graph, classes, java, reasoner_timeout)
    if inconsistent:
        report.consistent = False
        report.problems.append("HermiT: the ontology is inconsistent (no model satisfies all its axioms)")
    if unsatisfiable:
        report.consistent = False
        report.unsatisfiable = unsatisfiable
        for iri in unsatisfiable:
            report.problems.append(f"HermiT: class {_short(graph, URIRef(iri))} is unsatisfiable (can have no members)")
    return report


def _named(nodes: Iterable[Any]) -> set[URIRef]:
    return {node for node in nodes if isinstance(node, URIRef)}


def _individuals(graph: Graph, classes: set[URIRef]) -> set[URIRef]:
    """IRIs declared owl:NamedIndividual or typed with a declared class."""
    found = _named(graph.subjects(RDF.type, OWL.NamedIndividual))
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and cls in classes:
            found.add(subject)
    return found


def _short(graph: Graph, node: Any) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib refuses some IRIs as QNames
            return f"<{node}>"
    if isinstance(node, BNode):
        return "a blank node"
    return str(node)


def _has_english(graph: Graph, subject: URIRef, predicate: URIRef) -> bool:
    return any(
        isinstance(value, Literal) and (value.language or "").lower().startswith("en") and str(value).strip()
        for value in graph.objects(subject, predicate)
    )


def _modelling_problems(graph: Graph, classes: set[URIRef], individuals: set[URIRef]) -> list[str]:
    """Slips that keep the ontology from being well documented or OWL 2 DL."""
    problems: list[str] = []
    kg_properties = _named(graph.subjects(RDF.type, OWL.ObjectProperty)) | _named(
        graph.subjects(RDF.type, OWL.DatatypeProperty)
    )
    kg_terms = {term for term in classes | kg_properties if str(term).startswith(str(KG))}
    for term in sorted(kg_terms):
        if not _has_english(graph, term, RDFS.label):
            problems.append(f"{_short(graph, term)} has no English rdfs:label")
        if not _has_english(graph, term, SKOS.definition):
            problems.append(f"{_short(graph, term)} has no English skos:definition")

    object_props = _named(graph.subjects(RDF.type, OWL.ObjectProperty))
    data_props = _named(graph.subjects(RDF.type, OWL.DatatypeProperty))
    for term in sorted(object_props & data_props):
        problems.append(f"{_short(graph, term)} is declared both an object and a datatype property")
    for term in sorted(classes & individuals):
        problems.append(f"{_short(graph, term)} is used both as a class and as an individual")
    for term in sorted(classes & (object_props | data_props)):
        problems.append(f"{_short(graph, term)} is declared both a class and a property")
    return problems


def _unsupported_datatype(graph: Graph, prop: Any, datatype: Any) -> bool:
    """True when ``datatype`` (the range of ``prop``) is a named datatype HermiT rejects."""
    if not isinstance(datatype, URIRef) or datatype in OWL2_DATATYPES:
        return False
    if str(datatype).startswith(str(XSD)) or datatype == EDTF_DATATYPE:
        return True
    declared_datatype = (datatype, RDF.type, RDFS.Datatype) in graph
    defined = (datatype, OWL.equivalentClass, None) in graph
    if declared_datatype and not defined:
        return True
    return (prop, RDF.type, OWL.DatatypeProperty) in graph and not defined


def _graph_for_reasoner(graph: Graph) -> tuple[Graph, list[str]]:
    """A copy of ``graph`` without ranges whose datatype HermiT does not support."""
    reasoner_graph = Graph()
    for prefix, namespace in graph.namespaces():
        reasoner_graph.bind(prefix, namespace, override=True)
    dropped: list[str] = []
    for triple in graph:
        prop, predicate, datatype = triple
        if predicate == RDFS.range and _unsupported_datatype(graph, prop, datatype):
            dropped.append(f"{_short(graph, prop)} rdfs:range {_short(graph, datatype)}")
            continue
        reasoner_graph.add(triple)
    return reasoner_graph, sorted(dropped)


def _write_for_owlready(graph: Graph, directory: Path) -> Path:
    """Write ``graph`` where owlready2 can read it: RDF/XML, or N-Triples when rdflib cannot
    express some predicate IRI as an XML qualified name."""
    target = directory / "ontology.owl"
    try:
        graph.serialize(destination=target, format="xml", encoding="utf-8")
    except Exception:
        target = directory / "ontology.nt"
        graph.serialize(destination=target, format="nt", encoding="utf-8")
    return target


@contextlib.contextmanager
def _contained_owlready2(directory: Path, timeout: float, java: str) -> Iterator[Any]:
    """Run owlready2 with its output captured, its temporary files in ``directory``, the given
    Java executable, and a time limit on the Java process.

    owlready2 has no switch for a time limit or a temporary folder, so its reasoning module is
    given stand-ins for ``subprocess`` and ``tempfile`` that add them, for the duration of the
    check only.
    """
    sink = io.StringIO()
    with _REASONER_LOCK, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        import owlready2
        import owlready2.reasoning as reasoning

        class _TimedSubprocess:
            def __getattr__(self, name: str) -> Any:
                return getattr(subprocess, name)

            @staticmethod
            def check_output(*args: Any, **kwargs: Any) -> Any:
                kwargs.setdefault("timeout", timeout)
                return subprocess.check_output(*args, **kwargs)

            @staticmethod
            def run(*args: Any, **kwargs: Any) -> Any:
                kwargs.setdefault("timeout", timeout)
                return subprocess.run(*args, **kwargs)

        class _LocalTempfile:
            def __getattr__(self, name: str) -> Any:
                return getattr(tempfile, name)

            @staticmethod
            def NamedTemporaryFile(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - mirrors tempfile
                kwargs.setdefault("dir", str(directory))
                return tempfile.NamedTemporaryFile(*args, **kwargs)

        saved = {
            name: getattr(reasoning, name)
            for name in ("subprocess", "tempfile")
            if hasattr(reasoning, name)
        }
        saved_java = owlready2.JAVA_EXE
        try:
            if "subprocess" in saved:
                reasoning.subprocess = _TimedSubprocess()
            if "tempfile" in saved:
                reasoning.tempfile = _LocalTempfile()
            owlready2.JAVA_EXE = java
            yield owlready2
        finally:
            for name, module in saved.items():
                setattr(reasoning, name, module)
            owlready2.JAVA_EXE = saved_java


def _run_hermit(
    graph: Graph, declared_classes: set[URIRef], java: str, timeout: float
) -> tuple[bool, list[str]]:
    """Run HermiT on ``graph``; return (inconsistent, IRIs of unsatisfiable classes)."""
    with tempfile.TemporaryDirectory(prefix="kg-ontology-") as tmp:
        directory = Path(tmp)
        source = _write_for_owlready(graph, directory)
        with _contained_owlready2(directory, timeout, java) as owlready2:
            world = owlready2.World()
            try:
                try:
                    world.get_ontology(source.as_uri()).load()
                except Exception as exc:
                    raise OntologyError(f"owlready2 could not read the ontology: {exc}") from exc

                seen = {URIRef(cls.iri) for cls in world.classes()}
                missing = declared_classes - seen
                if missing:
                    names = ", ".join(sorted(_short(graph, cls) for cls in missing)[:10])
                    raise OntologyError(
                        f"owlready2 loaded {len(declared_classes) - len(missing)} of the "
                        f"{len(declared_classes)} classes rdflib declared (missing: {names})"
                    )

                try:
                    owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
                except owlready2.OwlReadyInconsistentOntologyError:
                    return True, []
                except subprocess.TimeoutExpired as exc:
                    raise OntologyError(f"HermiT did not finish within {timeout:g} seconds") from exc
                except owlready2.OwlReadyJavaError as exc:
                    message = str(exc).strip().splitlines()
                    detail = " ".join(line.strip() for line in message[:6])
                    raise OntologyError(f"HermiT failed: {detail}") from exc

                unsatisfiable = sorted(
                    {
                        cls.iri
                        for cls in world.inconsistent_classes()
                        if getattr(cls, "iri", None) and cls.iri != str(OWL.Nothing)
                    }
                )
                return False, unsatisfiable
            finally:
                world.close()
