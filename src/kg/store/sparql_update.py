"""SPARQL 1.1 Update requests kg sends, written once for the embedded store and remote servers.

Each request is one transaction on the server that runs it. Terms are written with Oxigraph's own
N-Triples serialisation (``str(term)``), never pasted from text.
"""
from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad


def sort_key(quad: Quad) -> tuple[str, str, str, str]:
    """Export order: graph, subject, predicate, object, compared as N-Quads terms."""
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def _triples(quads: Iterable[Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def distinct_in_graph(graph: NamedNode, quads: Iterable[Quad]) -> list[Quad]:
    """``quads`` without repeats, sorted; all must be in ``graph``."""
    unique = sorted(set(quads), key=sort_key)
    for quad in unique:
        if quad.graph_name != graph:
            raise ValueError(f"quad outside graph {graph}: {quad}")
    return unique


def replace_graph(graph: NamedNode, quads: list[Quad]) -> str:
    """Drop ``graph`` and insert ``quads`` (already distinct, all in ``graph``)."""
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{_triples(quads)}}} }}"


def replace_subjects(graph: NamedNode, subjects: Iterable[NamedNode], quads: list[Quad]) -> str:
    """In ``graph``, delete everything said of ``subjects``, then insert ``quads``."""
    values = " ".join(str(s) for s in sorted(set(subjects), key=str))
    return (f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
            f"GRAPH {graph} {{ ?s ?p ?o }} }} ;\nINSERT DATA {{ GRAPH {graph} {{\n{_triples(quads)}}} }}")


def delete_data(quads: Iterable[Quad]) -> str | None:
    """DELETE DATA for ``quads``, grouped by graph; None when there is nothing to delete."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    if not by_graph:
        return None
    parts = [f"GRAPH {graph} {{\n{_triples(group)}}}"
             for graph, group in sorted(by_graph.items(), key=lambda kv: str(kv[0]))]
    return "DELETE DATA {\n" + "\n".join(parts) + "\n}"
