"""What a kg store is: the operations build, the services, the pages and the CLI call on one,
whichever it is: the embedded Oxigraph store on disk (:class:`kg.store.local.Store`) or a SPARQL
1.1 server (:class:`kg.store.remote.RemoteStore`). Code that works with either names
:class:`KgStore`.

A store holds named graphs, one per source document plus kg's shared graphs (actors, topics,
alignment, ontology…); kg writes no quad in the default graph. A graph records what it was made
from in two notes, stated by the graph about itself inside itself (:meth:`KgStore.graph_note`):
``kg:contentHash`` (:meth:`KgStore.graph_hash`) and ``kg:extractedWith``
(:meth:`KgStore.graph_fingerprint`), which ``kg build`` compares to skip unchanged documents.

An abstract base class rather than a ``typing.Protocol``: half of the contract is the same code for
both stores (the notes, the edits written as SPARQL Update, which :mod:`kg.store.sparql_update`
writes), and a base class is where one implementation of it can live; a store that misses an
operation is refused when it is made, not when a build reaches the call. Both implementations are
kg's own, so naming the base class costs nothing. Each store implements the primitives
(:meth:`~KgStore.query`, :meth:`~KgStore.update`, :meth:`~KgStore.quads_for_pattern`,
:meth:`~KgStore.graphs`, ``len()``, :meth:`~KgStore.close`) and may do an operation its own
faster way (the embedded store writes new graphs with one batched insert; a server replaces a
graph with one Graph Store Protocol ``PUT``), with the semantics written here.

The embedded store offers more, which only commands on a local store use: the export order
(``sorted_quads``, ``sorted_triples``) and the N-Triples dump the validator reads (``union_ntriples``).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from kg.mapping.namespaces import KG
from kg.store import sparql_update


class KgStore(ABC):
    """A kg store: named graphs that are read with SPARQL and replaced whole, one at a time.

    Every write is one transaction of the store that runs it (a request a server applies whole):
    a graph is never seen half written. Use it as a context manager, or call :meth:`close`."""

    #: Where the store is, for messages: a local store's directory, a server's query URL.
    path: Path | str

    # -- primitives: each store does these its own way ---------------------------------------
    @abstractmethod
    def query(self, sparql: str):
        """Run a SELECT or ASK query over the union of all named graphs (the default graph a
        query sees is every graph together: kg's queries never name one).

        A SELECT gives its solutions: iterated once, ``.variables`` (pyoxigraph Variables), each
        row indexed by position, by name or by Variable, None where a variable is unbound; an
        ASK gives its answer as a value with no ``.variables`` whose ``bool()`` is the answer (a
        bool from a server, pyoxigraph's QueryBoolean from the embedded store). Terms are
        pyoxigraph terms. A text that does not parse raises
        ``SyntaxError`` (the embedded store) or :class:`kg.errors.QueryError` (a server refusing it)."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run one SPARQL 1.1 Update request, as one transaction."""

    @abstractmethod
    def quads_for_pattern(self, subject=None, predicate=None, object=None,
                          graph: NamedNode | None = None) -> Iterator[Quad]:
        """The quads that match: each of ``subject``, ``predicate``, ``object`` and ``graph`` that
        is given (an IRI, or a literal as object) must be equal; None matches anything. In the
        store's own order."""

    @abstractmethod
    def graphs(self) -> list[NamedNode]:
        """The named graphs, sorted by IRI: every graph that holds a quad. (The embedded store may
        also list a graph emptied quad by quad, by :meth:`delete_quads` or :meth:`replace_subjects`;
        a graph replaced or removed whole is never listed empty.)"""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in the store."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (a local store's lock, a server's open connections)."""

    # -- the same for every store ------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ping(self) -> None:
        """Check the store answers; raise :class:`kg.errors.StoreError` if not. An embedded store
        opened is there: nothing to do."""

    def flush(self) -> None:
        """Make what was written cheap to hold (the embedded store writes its memory tables to
        disk). What was written is already durable: by default, nothing to do."""

    def graph_note(self, graph: NamedNode, predicate: NamedNode) -> str | None:
        """The value ``graph`` states of itself with ``predicate``, inside itself; None if the
        graph is not stored (or states none)."""
        for quad in self.quads_for_pattern(graph, predicate, None, graph):
            return quad.object.value
        return None

    def graph_hash(self, graph: NamedNode) -> str | None:
        """The content hash recorded with ``graph`` (``kg:contentHash``), or None if the graph is
        not stored."""
        return self.graph_note(graph, KG.contentHash)

    def graph_fingerprint(self, graph: NamedNode) -> str | None:
        """What the graph was extracted with (``kg:extractedWith``: kg version, pipeline,
        knowledge-base files), or None."""
        return self.graph_note(graph, KG.extractedWith)

    def graph_quads(self, graph: NamedNode) -> Iterator[Quad]:
        """The quads of one named graph, in the store's order."""
        return self.quads_for_pattern(None, None, None, graph)

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> int:
        """Replace ``graph`` with ``quads`` in one transaction (a graph not stored yet is made);
        return the number of distinct quads written. Every quad must be in ``graph``: one that is
        not raises ValueError before anything is written."""
        unique = sparql_update.distinct_in_graph(graph, quads)
        self.update(sparql_update.replace_graph(graph, unique))
        return len(unique)

    def write_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> int:
        """Replace each of ``graphs`` (a graph, its quads) as :meth:`replace_graph` does; return the
        number of distinct quads written. Each graph is whole on its own; whether the batch is one
        transaction is the store's (the embedded store's is)."""
        return sum(self.replace_graph(graph, quads) for graph, quads in graphs)

    def replace_subjects(self, graph: NamedNode, subjects: Iterable[NamedNode], quads: Iterable[Quad]) -> None:
        """In ``graph``, replace everything said of ``subjects`` with ``quads`` (one transaction);
        the rest of the graph, and what other graphs say of the subjects, stay."""
        unique = sparql_update.distinct_in_graph(graph, quads)
        if subjects or unique:
            self.update(sparql_update.replace_subjects(graph, subjects, unique))
            self._written(len(unique))

    def delete_quads(self, quads: Iterable[Quad]) -> None:
        """Remove ``quads``, those that are stored (one transaction)."""
        update = sparql_update.delete_data(quads)
        if update:
            self.update(update)

    def remove_graph(self, graph: NamedNode) -> None:
        """Remove ``graph`` whole (no error if it is not there)."""
        self.update(f"DROP SILENT GRAPH {graph}")

    def referenced_outside(self, node: NamedNode, graph: NamedNode) -> bool:
        """Whether any named graph other than ``graph`` uses ``node`` as an object."""
        return bool(self.query(f"ASK {{ GRAPH ?g {{ ?s ?p {node} }} FILTER (?g != {graph}) }}"))

    def _written(self, quads: int) -> None:
        """Told after ``quads`` were written by an edit (the embedded store flushes every so often)."""
