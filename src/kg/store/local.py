"""The embedded store: Oxigraph on disk, one named graph per source document.

Every write is one Oxigraph transaction: a batch of new documents goes in with one ``extend``; a
changed document's graph is replaced with one SPARQL Update (DROP + INSERT DATA). A reader never
sees half a document, and a process killed at any moment leaves each document fully in or not at
all. One process writes at a time (Oxigraph's lock); a second is refused with a message, or
waits when asked to. What every kg store does, and what this one does its own way, is
:class:`kg.store.base.KgStore`.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from kg.errors import StoreError, shown_name
from kg.store.base import KgStore
from kg.store.sparql_update import sort_key  # noqa: F401  (re-exported: the export order)

DEFAULT_STORE = Path(".kg") / "store"
# Oxigraph keeps written data in RocksDB memtables until they are flushed: without a flush a long
# build's memory grows with everything it wrote (measured: +350 MB per 200k quads). Flushing after
# this many quads keeps a build's store memory flat (~200 MB) and is no slower than never flushing.
FLUSH_EVERY_QUADS = 200_000
STORE_ENV = "KG_STORE"


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def is_store(path: Path) -> bool:
    """Whether ``path`` is a store's directory (Oxigraph's RocksDB keeps a ``CURRENT`` file in it)."""
    return (Path(path) / "CURRENT").is_file()


def missing_store_error(path: Path) -> StoreError:
    """The error for reading a store that is not there: a mistyped --store (or $KG_STORE) is never
    taken for a new, empty store. Exit status 2."""
    what = "the directory holds no kg store" if Path(path).is_dir() else "no kg store here"
    return StoreError(f"no store at {shown_name(path)} ({what}: check --store and $KG_STORE, or build one "
                      f"with `kg build`)")


def _first_missing(path: Path) -> Path | None:
    """The outermost directory of ``path`` that does not exist yet (what making it will create), or None."""
    path = Path(os.path.abspath(path))
    if path.exists():
        return None
    while not path.parent.exists() and path.parent != path:
        path = path.parent
    return path


def discard_created(store: "Store") -> bool:
    """Remove the store's directory (and the parents its opening made) when this opening created it:
    for a build that stored nothing, which leaves no empty store behind. Closes the store first;
    True when something was removed. A store that existed before is never touched."""
    import shutil

    made = getattr(store, "created", None)
    if made is None:
        return False
    store.close()
    target = Path(os.path.abspath(store.path))
    shutil.rmtree(target, ignore_errors=True)
    parent = target.parent
    while parent != made.parent and parent != parent.parent:  # the parents it made, while they are empty
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    store.created = None
    return not target.exists()


@contextmanager
def _writing(path: Path):
    """Turn a failed write (disk full, a file-size limit, a read-only file system) into a
    StoreError naming the store; the write was one transaction, so nothing of it is stored."""
    try:
        yield
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the store ({exc}); everything stored before this "
                         f"write is whole: free some space and run the same command again") from exc


class Store(KgStore):
    """A kg store at ``path``. ``read_only`` opens it without taking the writer's lock."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, create: bool = True,
                 wait: float = 0):
        """``wait``: seconds to wait for another kg process writing to the store to finish
        (0: refuse at once with a message saying so)."""
        self.path = Path(path) if path is not None else default_store_path()
        self.created: Path | None = None  # the directory this opening made (see discard_created)
        if (read_only or not create) and not is_store(self.path):
            raise missing_store_error(self.path)
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                if read_only:
                    self._store = pyoxigraph.Store.read_only(str(self.path))
                else:
                    made = _first_missing(self.path)
                    self.path.mkdir(parents=True, exist_ok=True)
                    self.created = self.created or made
                    self._store = pyoxigraph.Store(str(self.path))
                self._unflushed = 0
                return
            except (OSError, RuntimeError) as exc:  # RuntimeError: a store another process is creating
                message = str(exc)
                locked = "lock" in message.lower()
                if locked and time.monotonic() < deadline:
                    time.sleep(0.5)
                    continue
                if locked:
                    message = ("the store is in use by another kg process; wait for it to finish "
                               "(or pass --wait SECONDS)")
                raise StoreError(f"{self.path}: cannot open the store: {message}") from exc

    def close(self) -> None:
        """Release the store (and its lock); pyoxigraph closes it when the last reference goes."""
        self._store = None

    def __enter__(self) -> "Store":
        return self

    # -- the contract's primitives (kg.store.base) --------------------------------------------
    def update(self, sparql: str) -> None:
        """Run one SPARQL Update (one Oxigraph transaction)."""
        with _writing(self.path):
            self._store.update(sparql)

    def quads_for_pattern(self, subject=None, predicate=None, object=None,
                          graph: NamedNode | None = None) -> Iterator[Quad]:
        """The quads that match (None: anything), in Oxigraph's index order."""
        return self._store.quads_for_pattern(subject, predicate, object, graph)

    def graphs(self) -> list[NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, NamedNode)), key=str)

    # -- writing documents ---------------------------------------------------------------------
    def write_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> int:
        """Write a batch of document graphs; return the number of quads written.

        Graphs new to the store go in through one ``extend`` (Oxigraph's batched insert, one
        transaction: a batch is all in or not at all, whatever stops the process); a graph already
        stored is replaced on its own (DROP + INSERT DATA, one transaction)."""
        new: list[Quad] = []
        written = 0
        for graph, quads in graphs:
            if self.graph_hash(graph) is None and not self._store.contains_named_graph(graph):
                unique = set(quads)
                outside = next((q for q in unique if q.graph_name != graph), None)
                if outside is not None:  # what replace_graph refuses, refused here too
                    raise ValueError(f"quad outside graph {graph}: {outside}")
                new.extend(unique)
                written += len(unique)
            else:
                written += self.replace_graph(graph, quads)
        if new:
            with _writing(self.path):
                self._store.extend(new)
        self._written(written)
        return written

    def _written(self, quads: int) -> None:
        self._unflushed += quads
        if self._unflushed >= FLUSH_EVERY_QUADS:
            self.flush()

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all graphs."""
        return self._store.query(sparql, use_default_graph_as_union=True,
                                 substitutions=substitutions or None)

    def quads(self) -> list[Quad]:
        """Every quad, sorted: the order every export uses."""
        return list(self.sorted_quads())

    def sorted_quads(self) -> Iterator[Quad]:
        """Every quad in export order (graph, subject, predicate, object, compared as N-Quads
        terms), streamed a graph at a time: memory follows the largest graph, not the store."""
        graphs = [pyoxigraph.DefaultGraph(), *self._store.named_graphs()]
        for graph in sorted(graphs, key=str):
            yield from sorted(self._store.quads_for_pattern(None, None, None, graph), key=sort_key)

    def triples(self) -> list[pyoxigraph.Triple]:
        """The union of all graphs as distinct triples, sorted."""
        return list(self.sorted_triples())

    def sorted_triples(self) -> Iterator[pyoxigraph.Triple]:
        """The union of all graphs as distinct triples, sorted, streamed a subject at a time
        (only the set of subjects is held)."""
        subjects = {q.subject for q in self._store.quads_for_pattern(None, None, None, None)}
        for subject in sorted(subjects, key=str):
            pairs = {(q.predicate, q.object) for q in self._store.quads_for_pattern(subject, None, None, None)}
            for predicate, obj in sorted(pairs, key=lambda po: (str(po[0]), str(po[1]))):
                yield pyoxigraph.Triple(subject, predicate, obj)

    def union_ntriples(self) -> bytes:
        """Every graph's triples as N-Triples, graph after graph (repeats left in). Dumped by
        several threads (Oxigraph releases the GIL: 5.7 s -> 2.9 s at 1M quads on 2 cores), all
        reading this one opened store, so one snapshot."""
        from concurrent.futures import ThreadPoolExecutor

        graphs = [pyoxigraph.DefaultGraph(), *self._store.named_graphs()]

        def dump(graph) -> bytes:
            return self._store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)

        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            return b"".join(pool.map(dump, graphs))

    def __len__(self) -> int:
        return len(self._store)  # counted by Oxigraph: 0.35 s at 1M quads, against 12.6 s in Python

    def flush(self) -> None:
        """Write Oxigraph's memtables to disk (frees their memory; the data was already durable)."""
        with _writing(self.path):
            self._store.flush()
        self._unflushed = 0


