"""Validate the store against the bundled SHACL shapes.

The data graph is the union of the store's graphs (documents, reference data and the ontology,
so ``sh:targetClass`` reaches instances of subclasses through ``rdfs:subClassOf``). No inference
is run: kg writes the types it means.
"""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import RDF, SH

from kg.resources import shape_files
from kg.store import Store


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


def load_shapes(paths: list[Path] | None = None) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for path in paths or shape_files():
        shapes.parse(path, format="turtle")
    return shapes


def store_graph(store: Store) -> rdflib.Graph:
    """The store's union graph as an rdflib graph (parsed from N-Triples written by Oxigraph)."""
    buffer = io.BytesIO()
    pyoxigraph.serialize(store.triples(), buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return graph


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> ValidationReport:
    from pyshacl import validate  # imported here: it is slow to import and only this needs it

    conforms, report_graph, text = validate(data, shacl_graph=shapes if shapes is not None else load_shapes(),
                                            inference="none", advanced=True, allow_warnings=True)
    if not isinstance(report_graph, rdflib.Graph):  # pyshacl could not run the shapes at all
        raise ValueError(f"the shapes could not be applied: {text.strip()}")
    violations = sorted(_violations(report_graph), key=lambda v: (v.focus, v.path or "", v.component, v.value or ""))
    return ValidationReport(bool(conforms), violations, report_graph)


def validate_store(store: Store, shapes: rdflib.Graph | None = None) -> ValidationReport:
    return validate_graph(store_graph(store), shapes)


def _violations(report: rdflib.Graph):
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
