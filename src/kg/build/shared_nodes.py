"""What a batch does to the nodes it shares with documents already stored.

The shapes are checked on each batch before it is written (kg.services.validate.core.DocumentChecker), but a
batch alone cannot show every violation of the union: a topic is one node for all of a publisher's
pages, a thing one node for every glossary that defines it, a knowledge-base actor one node for
the whole store. Two pages can each be valid and together give a topic two ``kg:denotes`` (a
``sh:maxCount 1``) or an alliance two ``kg:isFormal``. Adding a document can break only the
constraints that bound a node's values: sh:maxCount and sh:uniqueLang (what is required, a value's
datatype or pattern, holds for the union when it holds for each document). So for every node a
batch says something about that is not its own (not under one of its documents' IRIs), this check
reads from the store what other documents say of it with a bounded property of its classes' shapes,
and when the union then holds more than one value, runs those shapes on the node's types and values:
a document that adds a violation the store did not already have fails, with its reason, and is
not written. Documents of one batch are taken in order, each seeing those accepted before it.

Cheap when nothing is shared: one query for the types of shared nodes not seen before in this
build, one for the stored values of the bounded properties the batch states, and shapes are run
only for a node and property with more than one value in the union.
"""
from __future__ import annotations

import io
from collections import defaultdict

import pyoxigraph
from pyoxigraph import NamedNode, Quad, Triple

from kg import vocab
from kg.build.shared_statements import OWN_PREFIXES, SHARED_GRAPH, recorded
from kg.mapping.namespaces import KGID, RDF, RDFS

_SH = vocab.SH
BOUNDING = ("MaxCountConstraintComponent", "UniqueLangConstraintComponent")
_BATCH_QUERY = 200  # nodes per VALUES block
_TYPE = RDF.type


def shared_statements(quads: list[Quad]) -> list[Quad]:
    """The quads about shared nodes. Found through the set of subjects (a few hundred per document)
    rather than by testing each quad's subject: at 54,000 quads a batch, 0.03 s against 0.1 s."""
    shared = {s for s in {q.subject for q in quads} if is_shared(s)}
    return [q for q in quads if q.subject in shared] if shared else []


def is_shared(node) -> bool:
    """Whether ``node`` may be named by several documents (a topic, publisher, actor, place ...)."""
    if not isinstance(node, NamedNode):
        return False
    value = node.value
    return value.startswith(KGID.base) and not value.startswith(OWN_PREFIXES, len(KGID.base))


class SharedNodeCheck:
    """The union check of one build: ``failures`` for each batch, ``written`` after it is stored."""

    def __init__(self, store, checker):
        self.store = store
        self.checker = checker
        self.bounded = _bounded_predicates(_shapes_triples(checker), _supers(checker.ontology))
        # the only statements that matter: types, and values of a property some shape bounds
        self.relevant = {_TYPE}.union(*self.bounded.values())
        self.types: dict[NamedNode, set[NamedNode]] = {}  # what the store types shared nodes as

    def failures(self, documents: list[tuple[str, list[Quad], set[NamedNode]]],
                 rewritten: dict[NamedNode, set[NamedNode]]) -> dict[str, str]:
        """Key -> reason for each document of ``documents`` that would make a shared node violate a
        bound. A document is (key, its statements about shared nodes: in its graph, its reference
        quads, its topics' labels; the stored graphs it replaces: its own, or its old key's).
        ``rewritten``: shared graph -> the subjects whose statements there the batch rewrites (what
        the store says there of them does not count)."""
        stated: list[dict[tuple, set]] = []  # per document: (node, predicate) -> values
        batch_types: dict[NamedNode, set[NamedNode]] = defaultdict(set)
        relevant = self.relevant
        for _, quads, _ in documents:
            values: dict[tuple, set] = defaultdict(set)
            for q in quads:
                predicate = q.predicate
                if predicate in relevant:
                    values[(q.subject, predicate)].add(q.object)
                    if predicate == _TYPE:
                        batch_types[q.subject].add(q.object)
            stated.append(values)
        nodes = {n for values in stated for n, _ in values}
        self._learn_types(nodes)
        bounds = {n: self._bounds(n, batch_types) for n in nodes}
        wanted = {(n, p) for values in stated for (n, p) in values if p in bounds[n]}
        if not wanted:
            return {}
        stored = self._stored_values(wanted, rewritten)
        # more than one value in the store and the batch together (even in graphs the batch
        # replaces: whether they go depends on their documents passing)
        union: dict[tuple, set] = defaultdict(set)
        for pair, found in stored.items():
            union[pair] |= {o for o, _ in found}
        for values in stated:
            for pair in wanted & values.keys():
                union[pair] |= values[pair]
        crowded = {pair for pair in wanted if len(union[pair]) > 1}
        if not crowded:
            return {}
        return self._judge(documents, stated, crowded, stored)

    def written(self, documents: list[list[Quad]]) -> None:
        """Remember the types a stored batch gave shared nodes (later batches see them); each
        document as its statements about shared nodes."""
        for quads in documents:
            for q in quads:
                if q.predicate == _TYPE:
                    self.types.setdefault(q.subject, set()).add(q.object)

    # -- internals ------------------------------------------------------------------------------

    def _bounds(self, node: NamedNode, batch_types: dict) -> set[NamedNode]:
        out: set[NamedNode] = set()
        for cls in self.types.get(node, set()) | batch_types.get(node, set()):
            out |= self.bounded.get(cls, set())
        return out

    def _learn_types(self, nodes: set[NamedNode]) -> None:
        todo = sorted((n for n in nodes if n not in self.types), key=str)
        for start in range(0, len(todo), _BATCH_QUERY):
            chunk = todo[start:start + _BATCH_QUERY]
            for node in chunk:
                self.types[node] = set()
            query = ("SELECT DISTINCT ?n ?t WHERE { VALUES ?n { " + " ".join(str(n) for n in chunk)
                     + " } ?n a ?t }")
            for row in self.store.query(query):
                if isinstance(row["t"], NamedNode):
                    self.types[row["n"]].add(row["t"])

    def _stored_values(self, pairs: set[tuple], rewritten: dict[NamedNode, set[NamedNode]]) -> dict[tuple, set]:
        """What the store says of each (node, predicate): (value, graph) pairs."""
        out: dict[tuple, set] = defaultdict(set)
        ordered = sorted(pairs, key=lambda p: (str(p[0]), str(p[1])))
        for start in range(0, len(ordered), _BATCH_QUERY):
            chunk = ordered[start:start + _BATCH_QUERY]
            query = ("SELECT DISTINCT ?n ?p ?o ?g WHERE { VALUES (?n ?p) { "
                     + " ".join(f"({n} {p})" for n, p in chunk) + " } GRAPH ?g { ?n ?p ?o } "
                     + f"FILTER(?g != {SHARED_GRAPH}) }}")
            for row in self.store.query(query):
                graph, node = row["g"], row["n"]
                if node not in rewritten.get(graph, ()):
                    out[(node, row["p"])].add((row["o"], graph))
            # what documents say of shared nodes is in one graph for all: each statement is read
            # with the documents that make it from their records
            wanted = set(chunk)
            for node, found in recorded(self.store, {n for n, _ in chunk}).items():
                for t, graph in found:
                    if (node, t.predicate) in wanted and node not in rewritten.get(graph, ()):
                        out[(node, t.predicate)].add((t.object, graph))
        return out

    def _judge(self, documents, stated, crowded: set[tuple], stored: dict) -> dict[str, str]:
        """Run the shapes on the crowded nodes, document after document: each sees what the store
        says of them (but in the graphs of documents accepted before it, and in its own old ones)
        and what the documents accepted before it say."""
        nodes = {n for n, _ in crowded}
        types = [Triple(n, _TYPE, t) for n in sorted(nodes, key=str) for t in sorted(self.types.get(n, ()), key=str)]
        gone: set[NamedNode] = set()  # graphs replaced by accepted documents
        accepted: list[Triple] = []
        failed: dict[str, str] = {}
        for (key, _, replaces), values in zip(documents, stated):
            mine = [Triple(n, p, o) for (n, p), objects in values.items()
                    if (n, p) in crowded or (n in nodes and p == _TYPE) for o in objects]
            if not any((t.subject, t.predicate) in crowded for t in mine):
                gone |= replaces
                accepted += mine
                continue
            others = [Triple(n, p, o) for (n, p) in crowded for o, g in stored.get((n, p), ())
                      if g not in gone and g not in replaces]
            before = types + others + accepted
            found = self._violations(before + mine, crowded)
            if found:  # what the store and the batch already broke is not this document's doing
                found -= self._violations(before + [t for t in mine if t.predicate == _TYPE], crowded)
            if not found:
                gone |= replaces
                accepted += mine
                continue
            focus, path, component, message = sorted(found)[0]
            pair = (NamedNode(focus), NamedNode(path))
            own = values.get(pair, set())
            elsewhere = sorted({str(t.object) for t in others + accepted if (t.subject, t.predicate) == pair} - {str(o) for o in own})
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            failed[key] = (f"violates the shapes together with other documents: <{focus}> <{path}>: {component}: "
                           f"{message}; this document gives {', '.join(sorted(str(o) for o in own))}, others "
                           f"{', '.join(elsewhere) or 'the same'}{more}")
        return failed

    def _violations(self, triples: list[Triple], crowded: set[tuple]) -> set[tuple]:
        from kg.services.validate.core import validate_graph

        buffer = io.BytesIO()
        pyoxigraph.serialize(set(triples), buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
        report = validate_graph(self.checker.ontology + buffer.getvalue(), self.checker.shapes, self.checker.engine)
        pairs = {(n.value, p.value) for n, p in crowded}
        return {(v.focus, v.path, v.component, v.message) for v in report.violations
                if v.component in BOUNDING and (v.focus, v.path) in pairs}


def _shapes_triples(checker) -> list[Triple]:
    """The shapes the checker applies, as pyoxigraph triples."""
    if checker.shapes is not None:
        data = checker.shapes.serialize(format="nt", encoding="utf-8")
        return list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    from kg.resources import shape_files

    return [t for path in shape_files() for t in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)]


def _supers(ontology_ntriples: bytes) -> dict[NamedNode, set[NamedNode]]:
    """Each class with all its superclasses (itself included), from the ontology's rdfs:subClassOf."""
    parents: dict = defaultdict(set)
    for t in pyoxigraph.parse(ontology_ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES):
        if t.predicate == RDFS.subClassOf and isinstance(t.object, NamedNode):
            parents[t.subject].add(t.object)
    out: dict[NamedNode, set[NamedNode]] = {}
    for cls in list(parents):
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        out[cls] = seen
    return out


def _bounded_predicates(shapes: list[Triple], supers: dict) -> dict[NamedNode, set[NamedNode]]:
    """Class -> the predicates whose values a shape targeting it (or a superclass) bounds: property
    shapes with a plain predicate path and sh:maxCount or sh:uniqueLang true."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for t in shapes:
        by_subject[t.subject][t.predicate.value].append(t.object)
    direct: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for shape, props in by_subject.items():
        classes = [c for c in props.get(_SH + "targetClass", []) if isinstance(c, NamedNode)]
        for prop in props.get(_SH + "property", []):
            p = by_subject.get(prop, {})
            path = (p.get(_SH + "path") or [None])[0]
            unique = any(o.value == "true" for o in p.get(_SH + "uniqueLang", []))
            if isinstance(path, NamedNode) and (p.get(_SH + "maxCount") or unique):
                for cls in classes:
                    direct[cls].add(path)
    out: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for cls in set(direct) | set(supers):
        for ancestor in supers.get(cls, {cls}):
            out[cls] |= direct.get(ancestor, set())
    return {cls: preds for cls, preds in out.items() if preds}
