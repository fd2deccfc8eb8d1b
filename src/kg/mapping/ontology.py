"""The ontology as data: the graph every build writes, and the ontology files read as one graph.

``kg build`` keeps the bundled ontology and PLOVER scheme in a named graph of their own
(:data:`ONTOLOGY_GRAPH`), written again only when the files change. Blank nodes get fresh labels
on every parse, so they are given skolem IRIs numbered in parse order (RDF 1.1, section 3.5): the
stored ontology, and so every export, is identical from one build to the next.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

from kg import resources
from kg.errors import OntologyError
from kg.mapping.namespaces import KGID

ONTOLOGY_GRAPH = KGID["graph/ontology"]


def ontology_digest(files: list[Path] | None = None) -> str:
    """What identifies the ontology files' content (a changed file gives another)."""
    files = resources.ontology_files() if files is None else files
    return hashlib.sha256(b"".join(Path(p).read_bytes() for p in files)).hexdigest()


def ontology_quads(files: list[Path] | None = None) -> list[pyoxigraph.Quad]:
    """The ontology files' triples in :data:`ONTOLOGY_GRAPH`, blank nodes skolemised in parse order."""
    files = resources.ontology_files() if files is None else files
    labels: dict[pyoxigraph.BlankNode, pyoxigraph.NamedNode] = {}

    def stable(term):
        if isinstance(term, pyoxigraph.BlankNode):
            return labels.setdefault(term, KGID[f".well-known/genid/ontology-{len(labels)}"])
        return term

    out = []
    for path in files:
        with open(path, "rb") as f:
            for t in pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE):
                out.append(pyoxigraph.Quad(stable(t.subject), t.predicate, stable(t.object), ONTOLOGY_GRAPH))
    return out


def load_ontology_graph(paths: list[Path] | None = None) -> Graph:
    """Parse the ontology Turtle files (default: the bundled ones) into one rdflib graph."""
    if paths is None:
        paths = resources.ontology_files()
    paths = [Path(p) for p in paths]
    if not paths:
        raise OntologyError("no ontology files to load")
    graph = Graph()
    for path in paths:
        if not path.is_file():
            raise OntologyError(f"{path}: ontology file not found")
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser-specific exception types
            raise OntologyError(f"{path}: not valid Turtle: {exc}") from exc
    return graph


def load_jsonld_context() -> dict[str, Any]:
    """The bundled JSON-LD context, as the dict to pass to rdflib's ``context=`` argument.

    This is the *inside* of the file's ``"@context"`` key: handing rdflib the whole file object
    makes it write a nested ``"@context": {"@context": ...}``, which JSON-LD 1.1 forbids.
    """
    with open(resources.jsonld_context_file(), encoding="utf-8") as handle:
        return json.load(handle)["@context"]
