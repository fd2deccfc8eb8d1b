"""The shared actors graph: the knowledge base's descriptions of the actors and places documents name.

Documents point to knowledge-base actors; what the knowledge base says of them (class, label,
codes, offices held) is written once, in ``kgid:graph/reference/actors``, as builds name them. The
first time a build describes an actor, its description replaces whatever an earlier build wrote
(so a newer knowledge base wins); later batches of the same build only add actors not yet seen.
After a build that replaced or removed documents, descriptions no document (or reference graph)
points to any more are pruned, so the graph is what a fresh build of the same inputs would write.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from kg.mapping.namespaces import ORG
from kg.mapping.writer import ACTORS_GRAPH
from kg.store.base import KgStore


class ActorsGraphWriter:
    """Adds the descriptions a batch of documents needs, each actor's once per build."""

    def __init__(self, store: KgStore):
        self.store = store
        self.seen: set[NamedNode] = set()  # bounded by the knowledge base, not by the corpus

    def add(self, quads: Iterable[Quad]) -> None:
        fresh = [q for q in quads if q.subject not in self.seen]
        if not fresh:
            return
        subjects = {q.subject for q in fresh}
        self.store.replace_subjects(ACTORS_GRAPH, subjects, fresh)
        self.seen |= subjects


def prune(store: KgStore) -> int:
    """Remove descriptions nothing outside the actors graph leads to; the number of quads removed.

    What is kept: every node another graph points to, what those nodes point to within the actors
    graph (a government body's state, an office's interval), and the offices held by the people
    kept (an office points to its holder, not the other way)."""
    quads = list(store.graph_quads(ACTORS_GRAPH))
    out: dict = defaultdict(list)
    offices_of: dict = defaultdict(list)
    for q in quads:
        out[q.subject].append(q)
        if q.predicate == ORG.member:
            offices_of[q.object].append(q.subject)
    keep = {s for s in out if store.referenced_outside(s, ACTORS_GRAPH)}
    todo = list(keep)
    while todo:
        node = todo.pop()
        following = [q.object for q in out.get(node, ()) if q.object in out] + offices_of.get(node, [])
        for nxt in following:
            if nxt not in keep:
                keep.add(nxt)
                todo.append(nxt)
    gone = [q for q in quads if q.subject not in keep]
    store.delete_quads(gone)
    return len(gone)
