"""What documents say about shared nodes, stated once for the whole store.

A document's graph holds what is its own: its source, article, mentions, events, claims, spans …
(every node under its own IRIs). What it says of a node other documents may name too (a glossary
topic of its publisher, the scheme, an actor or a thing its definition describes, "NATO kg:isFormal
true") would, written in its graph, be written again in the graph of every document that says the
same, and a query over the union of the graphs (the default graph) would meet it that many times:
``COUNT(*)`` would not count facts. So those statements go into one graph,
``kgid:graph/shared/statements``, each once; the document's graph keeps a record of them (whose
claim a fact is stays in its ``kg:Claim``, attributed and with its evidence):

- ``<graph> kg:statesAbout <node>`` for each shared node it says something of, and
- ``<graph> kg:sharedStatements "…"``: those statements as N-Triples, sorted.

When a document is replaced, the statements about the nodes it spoke of are made again from the
records of the documents that still speak of them; statements added by a batch are simply added.
Like the derived graphs (kg.build.keyed_graph), the nodes a batch touches are marked pending first,
and the marks go with the update that settles them: a build stopped in between is settled by the
next.
"""
from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from kg.build.keyed_graph import chunks, insert_data, pending_marks, rewrite, values
from kg.mapping.namespaces import KG, KGID
from kg.store.base import KgStore
from kg.store.sparql_update import delete_data

SHARED_GRAPH = KGID["graph/shared/statements"]
STATES_ABOUT, SHARED_STATEMENTS, PENDING = KG.statesAbout, KG.sharedStatements, KG.pendingSubject
# kgid: IRIs that belong to one document: its source, graph, article, build activity and what is
# minted under them (kg.build.shared_nodes.is_shared applies the same prefixes)
OWN_PREFIXES = ("doc/", "article/", "build/", "graph/")
_RECORDS = """SELECT ?g ?text WHERE { %s GRAPH ?g { ?g <%s> ?s ; <%s> ?text } }"""


def owned(node) -> bool:
    """Whether ``node`` belongs to one document (a blank node, or one of its own IRIs)."""
    if isinstance(node, BlankNode):
        return True
    value = getattr(node, "value", "")
    return value.startswith(KGID.base) and value.startswith(OWN_PREFIXES, len(KGID.base))


def split(graph: NamedNode, quads: list[Quad]) -> tuple[list[Quad], list[Triple]]:
    """The quads a document's graph keeps (its own nodes' and the record of the rest), and its
    statements about shared nodes, sorted."""
    own: list[Quad] = []
    shared: set[Triple] = set()
    for q in quads:
        if owned(q.subject) or q.graph_name != graph:
            own.append(q)
        else:
            shared.add(Triple(q.subject, q.predicate, q.object))
    if shared:
        ordered = sorted(shared, key=str)
        own += [Quad(graph, STATES_ABOUT, s, graph) for s in sorted({t.subject for t in ordered}, key=str)]
        own.append(Quad(graph, SHARED_STATEMENTS, Literal(ntriples(ordered)), graph))
    return own, sorted(shared, key=str)


def ntriples(triples: Iterable[Triple]) -> str:
    buffer = io.BytesIO()
    pyoxigraph.serialize(triples, buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return "".join(sorted(buffer.getvalue().decode("utf-8").splitlines(keepends=True)))


def parse(text: str) -> list[Triple]:
    return list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))


def recorded(store: KgStore, subjects: Iterable[NamedNode],
             exclude: Iterable[NamedNode] = ()) -> dict[NamedNode, set[tuple[Triple, NamedNode]]]:
    """What the stored documents' records say of ``subjects``: subject -> (statement, graph),
    leaving out the graphs in ``exclude``."""
    wanted = set(subjects)
    skip = set(exclude)
    out: dict[NamedNode, set] = defaultdict(set)
    for chunk in chunks(wanted):
        texts = {(r["g"], r["text"].value)
                 for r in store.query(_RECORDS % (values("s", chunk), STATES_ABOUT.value, SHARED_STATEMENTS.value))}
        for graph, text in sorted(texts, key=lambda gt: str(gt[0])):
            if graph in skip:
                continue
            for t in parse(text):
                if t.subject in wanted:
                    out[t.subject].add((t, graph))
    return out


class SharedStatementsWriter:
    """Keeps ``kgid:graph/shared/statements`` the union of the documents' records, batch by batch."""

    def __init__(self, store: KgStore):
        self.store = store
        self.settled = False

    def before(self, written: list[tuple[NamedNode, list[Quad]]],
               replaced: Iterable[NamedNode] = ()) -> tuple[set[NamedNode], set[NamedNode]]:
        """Mark pending the nodes the batch (its graphs, as split) and the stored graphs it
        replaces speak of. Returns (the nodes the replaced graphs speak of: to be made again from
        the records, every node marked)."""
        if not self.settled:  # what a stopped build left, first
            self.finish()
            self.settled = True
        replaced = {g for g, _ in written} | set(replaced)
        again: set[NamedNode] = set()
        for chunk in chunks(replaced):
            query = "SELECT DISTINCT ?s WHERE { %s GRAPH ?g { ?g <%s> ?s } }" % (values("g", chunk), STATES_ABOUT.value)
            again |= {r["s"] for r in self.store.query(query)}
        added = {q.object for _, quads in written for q in quads if q.predicate == STATES_ABOUT}
        marked = again | added
        update = insert_data(SHARED_GRAPH, (Quad(SHARED_GRAPH, PENDING, node, SHARED_GRAPH)
                                            for node in sorted(marked, key=str)))
        if update:
            self.store.update(update)
        return again, marked

    def after(self, statements: list[Triple], again: set[NamedNode], marked: set[NamedNode]) -> None:
        """Add the batch's statements; make the statements about ``again`` anew from the records;
        remove the batch's marks, in one update."""
        marks = [Quad(SHARED_GRAPH, PENDING, node, SHARED_GRAPH) for node in sorted(marked, key=str)]
        added = insert_data(SHARED_GRAPH, (Quad(t.subject, t.predicate, t.object, SHARED_GRAPH)
                                           for t in statements if t.subject not in again))
        if again:  # the added statements first: the marks go with the last update
            if added:
                self.store.update(added)
            self._remake(again, marks)
            return
        update = ";\n".join(u for u in (delete_data(marks), added) if u)
        if update:
            self.store.update(update)

    def finish(self) -> None:
        """Settle the nodes a stopped build left pending."""
        marks = pending_marks(self.store, SHARED_GRAPH, PENDING)
        if marks:
            self._remake({m.object for m in marks}, marks)

    def _remake(self, subjects: set[NamedNode], marks: list[Quad]) -> None:
        """The statements about ``subjects``: what the records of the stored documents say."""
        found = recorded(self.store, subjects)
        new = {Quad(t.subject, t.predicate, t.object, SHARED_GRAPH) for s in found for t, _ in found[s]}
        rewrite(self.store, SHARED_GRAPH, subjects, new, marks)
