"""What the graphs kg derives after a build (the actor resolution, the happenings) share: their
nodes are recomputed by key, only for the keys a build touched, and the store is changed by one
update that deletes what is gone and inserts what is new.

A key (``kg:resolutionKey``, ``kg:happeningKey``) is an indexed literal on the nodes of the
documents' graphs. Before a batch is written, the keys of its nodes and of the stored graphs it
replaces are marked pending in the derived graph; after the build the derived graph's nodes of those
keys are made again from what the store holds, and the marks removed in the same update. A build
stopped in between leaves the marks for the next.
"""
from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from kg.store.base import KgStore
from kg.store.sparql_update import delete_data

CHUNK = 2000  # values in one VALUES block

_KEYS_OF_GRAPHS = "SELECT DISTINCT ?key WHERE { %s GRAPH ?g { ?node %s ?key } }"
_SUBJECT_QUADS = "SELECT ?s ?p ?o WHERE { %s GRAPH %s { ?s ?p ?o } }"


def values(variable: str, terms: Iterable) -> str:
    """A VALUES block binding ``?variable`` to ``terms`` (written by Oxigraph's serialiser)."""
    return f"VALUES ?{variable} {{ " + " ".join(str(t) for t in terms) + " }"


def chunks(items: Iterable, size: int = CHUNK):
    """``items`` sorted, in lists of at most ``size``: one VALUES block each."""
    items = sorted(items, key=str)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def insert_data(graph: NamedNode, quads: Iterable[Quad]) -> str | None:
    body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}" if body else None


def mark_pending(store: KgStore, graph: NamedNode, key: NamedNode, pending: NamedNode,
                 written: list[tuple[NamedNode, list[Quad]]], replaced: Iterable[NamedNode] = ()) -> None:
    """Mark pending in ``graph`` (predicate ``pending``) the ``key`` values of the quads about to be
    ``written`` (a graph, its quads) and of the stored graphs they replace (the same graphs, and
    ``replaced``)."""
    keys = {q.object.value for _, quads in written for q in quads if q.predicate == key}
    for chunk in chunks({g for g, _ in written} | set(replaced)):
        keys |= {r["key"].value for r in store.query(_KEYS_OF_GRAPHS % (values("g", chunk), key))}
    update = insert_data(graph, (Quad(graph, pending, Literal(k), graph) for k in sorted(keys)))
    if update:
        store.update(update)


def pending_marks(store: KgStore, graph: NamedNode, pending: NamedNode) -> list[Quad]:
    return list(store.quads_for_pattern(graph, pending, None, graph))


def has_graph(store: KgStore, graph: NamedNode, graph_class: NamedNode) -> bool:
    """Whether the derived graph was made (it describes itself as ``graph_class``)."""
    from kg.mapping.namespaces import RDF

    return any(True for _ in store.quads_for_pattern(graph, RDF.type, graph_class, graph))


def rewrite(store: KgStore, graph: NamedNode, subjects: Iterable[NamedNode], new: set[Quad],
            marks: Iterable[Quad] = ()) -> int:
    """Make ``graph``'s statements about ``subjects`` (and the subjects of ``new``) be ``new``, and
    remove the pending ``marks``, in one update; the number of quads changed."""
    subjects = set(subjects) | {q.subject for q in new}
    have = set()
    for chunk in chunks(subjects):
        have |= {Quad(r["s"], r["p"], r["o"], graph) for r in store.query(_SUBJECT_QUADS % (values("s", chunk), graph))}
    gone, added = (have - new) | set(marks), new - have
    update = ";\n".join(u for u in (delete_data(gone), insert_data(graph, sorted(added, key=str))) if u)
    if update:
        store.update(update)
    return len(gone) + len(added)
