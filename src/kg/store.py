"""The embedded store: Oxigraph on disk, one named graph per source document.

Replacing a document's graph is one SPARQL Update (DROP + INSERT DATA), which Oxigraph applies
as a single transaction: a reader never sees half a document, and a failure leaves the previous
graph in place.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from kg.errors import StoreError
from kg.mapping.namespaces import KG

DEFAULT_STORE = Path(".kg") / "store"
STORE_ENV = "KG_STORE"


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def sort_key(quad: Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


class Store:
    """A kg store at ``path``. ``read_only`` opens it without taking the writer's lock."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, create: bool = True):
        self.path = Path(path) if path is not None else default_store_path()
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no kg store here (build one with `kg build`)")
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no kg store here")
        try:
            if read_only:
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                message = "the store is in use by another kg process (wait for it to finish)"
            raise StoreError(f"{self.path}: cannot open the store: {message}") from exc

    def close(self) -> None:
        """Release the store (and its lock); pyoxigraph closes it when the last reference goes."""
        self._store = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------------------
    def graph_hash(self, graph: NamedNode) -> str | None:
        """The content hash recorded with ``graph``, or None if the graph is not stored."""
        return self._graph_note(graph, KG.contentHash)

    def graph_fingerprint(self, graph: NamedNode) -> str | None:
        """What the graph was extracted with (kg version, pipeline, knowledge-base files)."""
        return self._graph_note(graph, KG.extractedWith)

    def _graph_note(self, graph: NamedNode, predicate: NamedNode) -> str | None:
        for quad in self._store.quads_for_pattern(graph, predicate, None, graph):
            return quad.object.value
        return None

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> int:
        """Atomically replace ``graph`` with ``quads`` (all of which must be in ``graph``)."""
        unique = sorted(set(quads), key=sort_key)
        for quad in unique:
            if quad.graph_name != graph:
                raise ValueError(f"quad outside graph {graph}: {quad}")
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in unique)
        self._store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
        return len(unique)

    def remove_graph(self, graph: NamedNode) -> None:
        self._store.update(f"DROP SILENT GRAPH {graph}")

    def graphs(self) -> list[NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, NamedNode)), key=str)

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all graphs."""
        return self._store.query(sparql, use_default_graph_as_union=True,
                                 substitutions=substitutions or None)

    def quads(self) -> list[Quad]:
        """Every quad, sorted: the order every export uses."""
        return sorted(self._store.quads_for_pattern(None, None, None, None), key=sort_key)

    def triples(self) -> list[pyoxigraph.Triple]:
        """The union of all graphs as distinct triples, sorted."""
        seen = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in
                self._store.quads_for_pattern(None, None, None, None)}
        return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def __len__(self) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, None))

    def flush(self) -> None:
        self._store.flush()


