"""One real actor, one node across documents: document-scoped actors resolved by name.

A person or organisation the knowledge base lacks is an actor of its own document
(``kgid:doc/…/actor/person/maria-lopez-sanchez``, kg.mapping.writer), so that two strangers who
share a name are never one node by accident. This module links those nodes across documents,
after the documents are written, in a graph of its own (``kgid:graph/resolution/actors``): drop
the graph and every document says what it said before.

- **Who is resolved:** every document-scoped actor with a ``kg:resolutionKey``, the writer's
  ``group|normalised name`` (``person|maria lopez sanchez``, ``organization|dnc``): letter case,
  whitespace, punctuation, diacritics, a possessive 's and a leading "the" folded; persons only with
  a name of two words or more. Each gets a resolved actor, even a name only one document uses (so a
  query treats every local actor alike: ``COALESCE`` of its resolved node, never a special case).
- **Same name:** nodes with the same key (a person with persons, an organisation with
  organisations of any kind) are one resolved actor.
- **Acronym:** an organisation's acronym ("DNC") joins the full name ("Democratic National
  Committee") when some document names both (as two actors; "Democratic National Committee (DNC)"
  is the usual case) and the acronym is the initials of the name's words, or of its significant
  words (without "of", "the", "for" …). The join is store-wide (every "DNC" node), unless documents
  pair the acronym with two different names ("NFU": "Northern Farmers Union" here, "National Fishing
  Union" there): then only the acronym of a document that pairs it joins that document's name, and
  the others stay an actor of their own ("NFU").
- **Context:** a document may bind an actor to a state ("Mexican Foreign Minister Maria
  Lopez-Sanchez": ``kg:partOf`` the state or a body of it). Nodes of one name bound to different
  states (or other actors) are split, one resolved actor each, ``…/person/{name}/state-mex``; nodes
  bound to none join the one context there is, or, if there are several, make a resolved actor of
  their own. No state is compatible with any state but itself.
- **IRIs:** ``kgid:actor/resolved/{person|organization}/{name-slug}[/{context-slug}]``, minted
  from the group, the normalised name (its hash added where the slug would lose part of it) and
  the context; never under ``kgid:actor/{class}/`` where the knowledge base's actors live (a
  namesake of a known person stays apart from them). The resolved actor has its class (kg:Person;
  the organisations' one class, or kg:Organization when they differ), ``kg:ResolvedActor``, the
  label most of its documents use and ``kg:partOf`` its context.
- **Evidence:** each link ``document-scoped node owl:sameAs resolved actor`` has a record
  (``kg:ActorResolution``, a reified statement: ``rdf:subject``/``rdf:predicate``/``rdf:object``)
  saying which name (``kg:matchedName``, ``kg:resolutionKey``), which document
  (``prov:wasDerivedFrom``) and why (``kg:resolutionBasis`` "same-name" or "acronym"; an acronym's
  record names a document that pairs it with the name, ``kg:pairedIn``: its own when it does).

**Incremental and order-free.** Before a batch of documents is written, the keys of its actors and
of the graphs it replaces are recorded in the resolution graph (``kg:resolutionPending``); after the
build, only those names are recomputed, from every stored node with the same key
(``kg:resolutionKey`` is an indexed literal: the store is asked for the nodes of a key), together
with the names they are or were joined with (acronyms and full names, the components recorded in
the graph). The result depends only on which documents are stored: a component is always computed
whole from what the store holds, so building A then B, B then A, or both at once writes the same
graph, and a document removed or changed takes the links it supported with it. A build killed
before the end leaves its keys pending, and the next build resolves them. A store whose graph was
dropped (or built with resolution off) is resolved in full at the next build.
"""
from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.mapping import iris
from kg.mapping.namespaces import KG, KGID, OWL, PROV, RDF, RDFS
from kg.build.keyed_graph import chunks as _chunks, has_graph, mark_pending, pending_marks, rewrite
from kg.build.keyed_graph import values as _values
from kg.store.base import KgStore

RESOLUTION_GRAPH = KGID["graph/resolution/actors"]
SAME_NAME, ACRONYM = "same-name", "acronym"

_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# Every document-scoped node with a key (of the keys in VALUES, or all), with its document, class,
# label and what its document binds it to: a state (directly or through a body of it), else the
# actor it is part of. The nested OPTIONAL reads a body's state only where the node has a part.
_NODES = _PREFIXES + """SELECT ?key ?node ?doc ?cls ?label ?context WHERE {
  %s
  GRAPH ?g { ?node kg:resolutionKey ?key ; a ?cls ; rdfs:label ?label . ?g prov:wasDerivedFrom ?doc }
  OPTIONAL { GRAPH ?g { ?node kg:partOf ?part } OPTIONAL { ?part kg:partOf ?state . ?state a kg:State } }
  BIND (COALESCE(?state, ?part) AS ?context)
}"""
# The organisations of many words a document names beside a one-word organisation (a possible
# acronym), with the acronym's spelling there.
_PAIRS = _PREFIXES + """SELECT ?akey ?alabel ?doc ?fkey WHERE {
  %s
  GRAPH ?g { ?a kg:resolutionKey ?akey ; rdfs:label ?alabel . ?f kg:resolutionKey ?fkey .
             ?g prov:wasDerivedFrom ?doc }
  FILTER (STRSTARTS(?akey, "organization|") && !CONTAINS(?akey, " ")
          && STRSTARTS(?fkey, "organization|") && CONTAINS(?fkey, " "))
}"""
# The records of the components the keys were in: every record that points to the same resolved
# actor as a record of one of the keys (the resolved actors first, each once: joining each record of
# a key with every record of its actor grew as the square of a common name's documents).
_OLD = _PREFIXES + """SELECT ?record ?node ?resolved ?key WHERE {
  { SELECT DISTINCT ?resolved WHERE { %s
      GRAPH <""" + RESOLUTION_GRAPH.value + """> { ?seed kg:resolutionKey ?seedKey ; rdf:object ?resolved } } }
  GRAPH <""" + RESOLUTION_GRAPH.value + """> {
    ?record rdf:object ?resolved ; kg:resolutionKey ?key ; rdf:subject ?node } }"""

# Words an acronym may leave out: "Organisation of the Petroleum Exporting Countries" -> OPEC.
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "a", "an", "by", "with",
                          "de", "du", "des", "del", "der", "da", "do", "y", "et", "und"})
_ACRONYM = re.compile(r"^[A-Z]{2,8}$")


@dataclass(frozen=True)
class LocalActor:
    """A document-scoped actor as resolution sees it."""

    node: NamedNode
    key: str
    document: NamedNode
    cls: str  # the kg class's local name
    label: Literal  # its smallest label
    contexts: frozenset  # what its document binds it to (states; else the actors it is part of)


def initials(name: str) -> set[str]:
    """The acronyms a normalised name of two words or more may go by: the initials of all its
    words, and of its significant ones. "democratic national committee" -> {"dnc"}."""
    words = name.split()
    if len(words) < 2:
        return set()
    found = {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _MINOR_WORDS)}
    return {a for a in found if len(a) >= 2}


def is_acronym(label: str) -> bool:
    """"DNC", "C.I.A.", "the UN": two to eight capitals, dots and a leading "the" aside."""
    text = re.sub(r"^the\s+", "", label.strip(), flags=re.IGNORECASE)
    text = re.sub(r"['\u2019]s$", "", text).replace(".", "")
    return bool(_ACRONYM.match(text))


def _acronym_key(key: str) -> bool:
    group, _, name = key.partition("|")
    return group == "organization" and " " not in name




# -- reading the store ---------------------------------------------------------------------------
def local_actors(store: KgStore, keys: Iterable[str] | None = None) -> list[LocalActor]:
    """The document-scoped actors with ``keys`` (every key when None)."""
    rows: dict[NamedNode, dict] = {}
    blocks = [""] if keys is None else [_values("key", (Literal(k) for k in chunk)) for chunk in _chunks(keys)]
    for block in blocks:
        for key, node, doc, cls, label, context in store.query(_NODES % block):  # the columns in order
            seen = rows.get(node)
            if seen is None:
                seen = rows[node] = {"key": key.value, "doc": doc, "classes": set(), "labels": set(), "contexts": set()}
            seen["classes"].add(cls.value)
            seen["labels"].add(label)
            if context is not None:
                seen["contexts"].add(context)
    out = []
    for node, seen in rows.items():
        classes = sorted(c[len(KG.base):] for c in seen["classes"] if c.startswith(KG.base))
        out.append(LocalActor(node, seen["key"], seen["doc"], classes[0] if classes else "Actor",
                              min(seen["labels"], key=lambda lit: (lit.value, str(lit))),
                              frozenset(seen["contexts"])))
    return sorted(out, key=lambda a: a.node.value)


Pairs = dict[str, list[tuple[NamedNode, str, str]]]  # acronym key -> (document, its spelling there, full-name key)


def pairings(store: KgStore, acronym_keys: Iterable[str] | None = None) -> Pairs:
    """For each one-word organisation key, the documents that name it beside an organisation of
    many words: (document, the acronym's spelling there, the other's key). Every key when None."""
    out: Pairs = defaultdict(list)
    blocks = [""] if acronym_keys is None else [_values("akey", (Literal(k) for k in chunk))
                                                for chunk in _chunks(acronym_keys)]
    for block in blocks:
        for akey, alabel, doc, fkey in store.query(_PAIRS % block):  # the columns in order
            out[akey.value].append((doc, alabel.value, fkey.value))
    return out


def _old_records(store: KgStore, keys: Iterable[str]) -> dict[NamedNode, tuple[NamedNode, NamedNode, str]]:
    """The resolution graph's records of the components ``keys`` are in: record -> (node, resolved, key)."""
    out = {}
    for chunk in _chunks(keys):
        for r in store.query(_OLD % _values("seedKey", (Literal(k) for k in chunk))):
            out[r["record"]] = (r["node"], r["resolved"], r["key"].value)
    return out


# -- resolving -----------------------------------------------------------------------------------
def paired_documents(pairs: Pairs) -> dict[tuple[str, str], set[NamedNode]]:
    """(acronym key, full-name key) -> the documents that pair them: name both as actors, the
    acronym spelled in capitals and being the initials of the name's words (or significant words)."""
    out: dict[tuple[str, str], set[NamedNode]] = defaultdict(set)
    for akey, rows in pairs.items():
        acronym = akey.partition("|")[2]
        for doc, spelling, fkey in rows:
            if is_acronym(spelling) and acronym in initials(fkey.partition("|")[2]):
                out[(akey, fkey)].add(doc)
    return out


def _label(actors: list[LocalActor]) -> Literal:
    """The spelling most documents use (a leading "the" left out: "the DNC" is "DNC"); then one not
    in capitals only; then the first in code-point order."""
    documents: dict[Literal, set] = defaultdict(set)
    for a in actors:
        text = re.sub(r"^the\s+", "", a.label.value, flags=re.IGNORECASE) or a.label.value
        documents[Literal(text, language=a.label.language) if a.label.language else Literal(text)].add(a.document)
    return min(documents, key=lambda lit: (-len(documents[lit]), lit.value.isupper(), lit.value, str(lit)))


def _slug(text: str) -> str:
    """A slug that keeps the whole of ``text`` apart from any other: its hash added where the slug
    would drop or cut something."""
    slug = iris.slug(text)
    return slug if slug == text.replace(" ", "-") else f"{slug}-{iris.short_hash(text)}"


def _context_slug(contexts: frozenset) -> str:
    prefix = KGID.base + "actor/"
    return "+".join(sorted(iris.slug(c.value[len(prefix):] if c.value.startswith(prefix) else c.value)
                           for c in contexts))


def resolved_iri(main_key: str, contexts: frozenset) -> NamedNode:
    group, _, name = main_key.partition("|")
    path = f"actor/resolved/{group}/{_slug(name)}"
    return KGID[path + (f"/{_context_slug(contexts)}" if contexts else "")]


def record_iri(node: NamedNode) -> NamedNode:
    return KGID[f"resolution/actor/{iris.short_hash(node.value, 16)}"]


def _clusters(actors: list[LocalActor]) -> list[tuple[frozenset, list[LocalActor]]]:
    """The actors of one component split by context: one cluster per context documents bind them
    to; the unbound join the only context there is, else make a cluster of their own."""
    bound: dict[frozenset, list[LocalActor]] = defaultdict(list)
    free = []
    for a in actors:
        (bound[a.contexts] if a.contexts else free).append(a)
    if not bound:
        return [(frozenset(), free)]
    if len(bound) == 1:
        (context, members), = bound.items()
        return [(context, members + free)]
    return sorted(bound.items(), key=lambda kv: sorted(str(c) for c in kv[0])) + ([(frozenset(), free)] if free else [])


def resolution_quads(actors: list[LocalActor], pairs: Pairs) -> list[Quad]:
    """The resolved actors, links and records for ``actors`` (whole components)."""
    g = RESOLUTION_GRAPH
    same_as, a_type, label, part_of = OWL.sameAs, RDF.type, RDFS.label, KG.partOf
    subject, predicate, object_, key_, name_, derived, basis_, paired_in = (
        RDF.subject, RDF.predicate, RDF.object, KG.resolutionKey, KG.matchedName, PROV.wasDerivedFrom,
        KG.resolutionBasis, KG.pairedIn)
    record_class, same, acronym = KG.ActorResolution, Literal(SAME_NAME), Literal(ACRONYM)
    documents = paired_documents(pairs)
    names: dict[str, set[str]] = defaultdict(set)  # acronym key -> the full names documents pair it with
    in_document: dict[tuple[str, NamedNode], set[str]] = defaultdict(set)  # (acronym key, document) -> full names
    for (akey, fkey), docs in documents.items():
        names[akey].add(fkey)
        for doc in docs:
            in_document[(akey, doc)].add(fkey)
    first = {pair: min(docs, key=str) for pair, docs in documents.items()}
    components: dict[str, list[LocalActor]] = defaultdict(list)  # main key -> its actors
    for a in actors:
        full = names.get(a.key, set())
        here = in_document.get((a.key, a.document), set())
        if len(full) == 1:  # an acronym documents pair with one name: every node of it joins the name
            main = next(iter(full))
        elif len(here) == 1:  # paired with several names across the store: only where a document says which
            main = next(iter(here))
        else:
            main = a.key
        components[main].append(a)
    quads: list[Quad] = []
    for main, component in sorted(components.items()):
        group = main.partition("|")[0]
        for context, members in _clusters(component):
            resolved = resolved_iri(main, context)
            named = [a for a in members if a.key == main] or members
            classes = {a.cls for a in members}
            cls = "Person" if group == "person" else (classes.pop() if len(classes) == 1 else "Organization")
            quads += [Quad(resolved, a_type, KG.ResolvedActor, g), Quad(resolved, a_type, KG[cls], g),
                      Quad(resolved, label, _label(named), g)]
            quads += [Quad(resolved, part_of, c, g) for c in context]
            for a in members:
                record = record_iri(a.node)
                quads += [Quad(a.node, same_as, resolved, g),
                          Quad(record, a_type, record_class, g),
                          Quad(record, subject, a.node, g),
                          Quad(record, predicate, same_as, g),
                          Quad(record, object_, resolved, g),
                          Quad(record, key_, Literal(a.key), g),
                          Quad(record, name_, Literal(a.label.value), g),
                          Quad(record, derived, a.document, g),
                          Quad(record, basis_, same if a.key == main else acronym, g)]
                if a.key != main:  # a document that pairs the acronym with the name: its own if it does
                    paired = a.document if a.document in documents[(a.key, main)] else first[(a.key, main)]
                    quads.append(Quad(record, paired_in, paired, g))
    return quads


def header_quads() -> list[Quad]:
    g = RESOLUTION_GRAPH
    return [Quad(g, RDF.type, KG.ActorResolutionGraph, g),
            Quad(g, PROV.wasAttributedTo, iris.software_iri(__version__), g),
            Quad(g, RDFS.comment, Literal(
                "Actors the knowledge base lacks, resolved across documents by kg: each document-scoped "
                "actor owl:sameAs its resolved actor, by the same name or an acronym a document pairs with "
                "the name, with a record of each link (kg:ActorResolution). Drop this graph to undo it.",
                language="en"), g)]




class ActorResolver:
    """Keeps the resolution graph up to date through one build: ``pending`` before each batch is
    written, ``resolve`` after the last."""

    def __init__(self, store: KgStore):
        self.store = store
        self.seconds = 0.0  # time spent in resolution (recording keys, resolving), for the benchmark

    def pending(self, graphs: list[tuple[NamedNode, list[Quad]]], replaced: Iterable[NamedNode] = ()) -> None:
        """Record, before they are written, the keys of the actors of ``graphs`` (a graph, its quads)
        and of the stored graphs they replace (the same graphs, and ``replaced``)."""
        started = time.perf_counter()
        mark_pending(self.store, RESOLUTION_GRAPH, KG.resolutionKey, KG.resolutionPending, graphs, replaced)
        self.seconds += time.perf_counter() - started

    def resolve(self) -> int:
        """Recompute the pending names (every name, if the graph was never made or was dropped);
        return the number of quads changed."""
        started = time.perf_counter()
        try:
            return self._resolve()
        finally:
            self.seconds += time.perf_counter() - started

    def _resolve(self) -> int:
        store, g = self.store, RESOLUTION_GRAPH
        marks = pending_marks(store, g, KG.resolutionPending)
        if not has_graph(store, g, KG.ActorResolutionGraph):
            return resolve_all(store)
        if not marks:
            return 0
        keys, old = self._closure({q.object.value for q in marks})
        actors = local_actors(store, keys)
        new = set(resolution_quads(actors, pairings(store, [k for k in keys if _acronym_key(k)])))
        subjects = {s for record, (node, resolved, _key) in old.items() for s in (record, node, resolved)}
        changed = rewrite(store, g, subjects, new, marks)
        if not any(True for _ in store.quads_for_pattern(None, RDF.type, KG.ActorResolution, g)):
            store.remove_graph(g)  # nothing resolved any more: no graph, as in a store that never had one
        return changed

    def _closure(self, touched: set[str]) -> tuple[set[str], dict]:
        """The touched keys with every key they are or were resolved with: their components as the
        graph records them, their acronyms, and the full names documents pair them with."""
        keys: set[str] = set()
        old: dict = {}
        frontier = set(touched)
        while frontier:
            keys |= frontier
            found: set[str] = set()
            records = _old_records(self.store, frontier)
            old.update(records)
            found |= {key for _node, _resolved, key in records.values()}
            for key in frontier:
                group, _, name = key.partition("|")
                if group == "organization":
                    found |= {f"organization|{a}" for a in initials(name)}
            acronyms = [k for k in frontier if _acronym_key(k)]
            if acronyms:
                found |= {fkey for _akey, fkey in paired_documents(pairings(self.store, acronyms))}
            frontier = found - keys
        return keys, {r: v for r, v in old.items() if v[2] in keys}


def resolve_all(store: KgStore) -> int:
    """Resolve every document-scoped actor in the store afresh (the graph replaced whole, pending
    marks with it); the number of quads written."""
    quads = resolution_quads(local_actors(store), pairings(store))
    store.remove_graph(RESOLUTION_GRAPH)
    if not quads:
        return 0
    # written as a new graph (the embedded store's bulk insert, 10x faster than INSERT DATA text): a
    # build stopped in between leaves no graph, which the next build resolves in full again
    return store.write_graphs([(RESOLUTION_GRAPH, quads + header_quads())])


def drop(store: KgStore) -> None:
    """Remove the resolution graph (a build with resolution off): nothing stale stays behind, and
    the next build with resolution on resolves the store in full."""
    store.remove_graph(RESOLUTION_GRAPH)
