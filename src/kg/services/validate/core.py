"""Validate the store against the bundled SHACL shapes.

The data graph is the union of the store's graphs (documents, reference data and the ontology,
so ``sh:targetClass`` reaches instances of subclasses through ``rdfs:subClassOf``). No inference
is run: kg writes the types it means.
"""
from __future__ import annotations

import io
import json
from functools import lru_cache
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import RDF, SH

from kg.errors import InputError, KgError, UsageError, one_line, shown_name
from kg.resources import shape_files
from kg.store.local import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    component: str
    value: str | None
    severity: str
    message: str
    shape: str | None


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report_graph: rdflib.Graph | None = None

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms,
                           "violations": [asdict(v) for v in self.violations]}, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        return self.report_graph.serialize(format="turtle") if self.report_graph is not None else ""


class ShapesError(KgError):
    """The shapes cannot be applied by the engine (exit 2, like any bad input)."""


def load_shapes(paths: list[Path] | None = None) -> rdflib.Graph:
    """The shapes graph of ``paths`` (Turtle files; default: the bundled shapes). A file that
    cannot be read, is not Turtle, or holds a SPARQL query that would make the validator reach
    another server (SERVICE) is an InputError naming it: exit 2, before anything is validated."""
    shapes = rdflib.Graph()
    for path in paths or shape_files():
        shapes += read_shapes_file(Path(path))
    return shapes


def read_shapes_file(path: Path) -> rdflib.Graph:
    """One shapes file, checked (see ``load_shapes``)."""
    from kg.readers.text_input import read_bytes

    source = str(path)
    data = read_bytes(path)  # a regular file within max_document_bytes, else an InputError
    try:  # Oxigraph's parser first: it is strict (IRIs are checked) and says where it stopped
        for _ in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.absolute().as_uri()):
            pass
    except (SyntaxError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) and exc.msg else exc  # without Python's "(line N)"
        raise InputError(source, f"is not a Turtle shapes file ({one_line(reason)})") from None
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format="turtle", publicID=path.absolute().as_uri())
    except Exception as exc:  # rdflib's own complaint (BadSyntax is several lines)
        raise InputError(source, f"is not a Turtle shapes file rdflib can read ({one_line(exc)})") from None
    from kg.services.validate.shapes_sparql import refuse_remote_sparql

    refuse_remote_sparql(graph, source)
    return graph


def checked_shapes(paths: list[Path], engine: str = "turbo") -> rdflib.Graph:
    """The bundled shapes and a user's ``paths`` (``--shapes``), read (``load_shapes``) and
    compiled once by ``engine``, so that a shapes graph the engine cannot apply is refused
    (exit 2, naming the files) before any document is read or validated."""
    shapes = load_shapes(list(shape_files()) + [Path(p) for p in paths])
    try:
        if engine == "turbo":
            _turbo_shapes(_ntriples_of(shapes))
        else:
            validate_graph(b"", shapes, engine)  # no data: the shapes are loaded, nothing is checked
    except KgError:
        raise
    except Exception as exc:
        raise ShapesError(f"{', '.join(shown_name(p) for p in paths)}: the shapes cannot be applied by "
                          f"{engine} ({one_line(exc)})") from None
    return shapes


def store_ntriples(store: Store) -> bytes:
    """The union of the store's graphs as N-Triples, dumped graph by graph by Oxigraph itself
    (a triple stated in several graphs comes several times; loading it again keeps one). Faster
    than a CONSTRUCT over the union: 3.8 s against 6.4 s at 829k quads."""
    return store.union_ntriples()


def store_graph(store: Store) -> rdflib.Graph:
    """The store's union graph as an rdflib graph."""
    graph = rdflib.Graph()
    graph.parse(data=store_ntriples(store).decode("utf-8"), format="nt")
    return graph


ENGINES = ("turbo", "pyshacl")
DEFAULT_ENGINE = "turbo"  # chosen by measurement (bench/README.md): the same results, far faster


def validate_graph(data: rdflib.Graph | bytes, shapes: rdflib.Graph | None = None,
                   engine: str = DEFAULT_ENGINE, use_shapes: list[str] | None = None) -> ValidationReport:
    """Validate ``data`` (an rdflib graph, or N-Triples bytes) with one of ENGINES: "turbo"
    (pyshacl-turbo, a Rust engine with pySHACL's API) or "pyshacl". Both give the same report
    graph; tests/test_validate_engines.py checks it, and lists the two corner cases where they
    differ. ``use_shapes``: only the shapes with these IRIs select focus nodes (the others are
    still evaluated where those refer to them)."""
    if engine == "turbo":
        compiled = _turbo_shapes(None if shapes is None else _ntriples_of(shapes))
        options = {"use_shapes": list(use_shapes)} if use_shapes else {}
        conforms, report_graph, text = compiled.validate(_turbo_input(data), inference="none", allow_warnings=True,
                                                         **options)
    elif engine == "pyshacl":
        from pyshacl import validate  # imported here: it is slow to import and only this needs it

        _quiet_pyshacl()

        if isinstance(data, bytes):
            graph = rdflib.Graph()
            graph.parse(data=data.decode("utf-8"), format="nt")
            data = graph
        options = {"use_shapes": [rdflib.URIRef(s) for s in use_shapes]} if use_shapes else {}
        conforms, report_graph, text = validate(data, shacl_graph=shapes if shapes is not None else load_shapes(),
                                                inference="none", advanced=True, allow_warnings=True, **options)
    else:
        raise UsageError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    if not isinstance(report_graph, rdflib.Graph):  # the engine could not run the shapes at all
        raise ShapesError(f"the shapes could not be applied: {one_line(text)}")
    return ValidationReport(bool(conforms), sorted(violations_of(report_graph), key=violation_order), report_graph)


@lru_cache(maxsize=1)
def _quiet_pyshacl() -> None:
    """pyshacl logs a shape it cannot load to stderr (over two lines) before raising it; kg
    reports what it raises, in one line, so the log records are dropped."""
    import logging

    logging.getLogger("pyshacl-validate").addFilter(lambda record: False)


@lru_cache(maxsize=4)
def _turbo_shapes(shapes_ntriples: bytes | None):
    """pyshacl-turbo's compiled shapes (the bundled ones when None), read through Oxigraph like
    the data: turbo compares literals by how they were loaded, and mixing rdflib-parsed shapes
    with Oxigraph-loaded data makes "member" and "member"^^xsd:string differ in sh:in."""
    from pyshacl_turbo import compile_shapes

    store = pyoxigraph.Store()
    if shapes_ntriples is None:
        for path in shape_files():
            store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    else:
        store.load(shapes_ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return compile_shapes(store, advanced=True)


def _turbo_input(data: rdflib.Graph | bytes):
    """The data as N-Triples text for pyshacl-turbo's own parser. Faster than an in-memory
    Oxigraph store, which turbo dumps to N-Quads and parses again (3 s of 26 at 1M quads), and
    far faster than bytes, which it parses in Python."""
    from pyshacl_turbo import Input

    text = (data if isinstance(data, bytes) else _ntriples_of(data)).decode("utf-8")
    return Input(text, "oxigraph-nquads", None, {}, preserve_ids=True)  # as turbo reads a pyoxigraph store


def _ntriples_of(graph: rdflib.Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


class DocumentChecker:
    """The shapes applied to documents as they are built, before they are stored.

    A document's graph is checked together with the ontology (so targets reach subclasses).
    A batch of documents is checked at once; only when it does not conform is each document
    checked alone, to say which."""

    def __init__(self, engine: str = DEFAULT_ENGINE, extra_shapes: list[Path] | tuple = ()):
        from kg.resources import ontology_files

        self.engine = engine
        self.extra_shapes = tuple(Path(p) for p in extra_shapes)
        # the bundled shapes, plus a user's own (say, "every article has a date") when given
        self.shapes = checked_shapes(list(self.extra_shapes), engine) if extra_shapes else None
        ontology = [t for path in ontology_files() for t in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)]
        self.ontology = _ntriples(ontology)

    def failures(self, documents: list[tuple[str, list[pyoxigraph.Quad]]]) -> dict[str, str]:
        """Key -> a one-line account of the first violation, for each document that violates a shape."""
        if not documents:
            return {}
        if self._check([q for _, quads in documents for q in quads]).conforms:
            return {}
        found = {}
        for key, quads in documents:
            report = self._check(quads)
            if not report.conforms:
                v = report.violations[0]
                where = f" {v.path}" if v.path else ""
                more = f" (and {len(report.violations) - 1} more)" if len(report.violations) > 1 else ""
                found[key] = f"violates the shapes: {v.focus}{where}: {v.component}: {v.message}{more}"
        return found

    def _check(self, quads: list[pyoxigraph.Quad]) -> ValidationReport:
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        try:
            return validate_graph(self.ontology + _ntriples(triples), self.shapes, self.engine)
        except KgError:
            raise
        except Exception as exc:
            if not self.extra_shapes:
                raise  # the bundled shapes failing is kg's own bug: its traceback is wanted
            # a user's shapes the engine compiled but cannot evaluate (a SPARQL constraint that
            # fails on the data): the build stops as for any bad --shapes file; what was stored stays
            raise ShapesError(f"{', '.join(shown_name(p) for p in self.extra_shapes)}: the shapes cannot be "
                              f"applied by {self.engine} ({one_line(exc)})") from None


def violation_order(v: Violation) -> tuple:
    return (v.focus, v.path or "", v.component, v.value or "")


def _ntriples(triples) -> bytes:
    buffer = io.BytesIO()
    pyoxigraph.serialize(triples, buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return buffer.getvalue()


def violations_of(report: rdflib.Graph):
    def one(node, prop):
        value = report.value(node, prop)
        return None if value is None else str(value)

    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = one(result, SH.resultSeverity) or ""
        yield Violation(
            focus=one(result, SH.focusNode) or "",
            path=one(result, SH.resultPath),
            component=(one(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
            value=one(result, SH.value),
            severity=severity.rsplit("#", 1)[-1],
            message=one(result, SH.resultMessage) or "",
            shape=one(result, SH.sourceShape),
        )


def format_text(report: ValidationReport, limit: int = 50) -> str:
    if report.conforms:
        return "conforms: the store satisfies every shape"
    lines = [f"does not conform: {len(report.violations)} result(s)"]
    for v in report.violations[:limit]:
        where = f" {v.path}" if v.path else ""
        value = f" = {v.value}" if v.value is not None else ""
        lines.append(f"- [{v.severity}] {v.focus}{where}{value}: {v.component}: {v.message}")
    if len(report.violations) > limit:
        lines.append(f"… and {len(report.violations) - limit} more (use --format json for all)")
    return "\n".join(lines)
