"""The shared topics graph: one skos:prefLabel per language for every glossary topic.

Several pages of one publisher can define the same topic and spell its term differently: "Kurds"
on one saved copy, "KURDS" on another (or "NA\u200bTO" with a zero-width space; readers clean
those, see kg.labels). The topic is one node (``iris.topic_iri`` ignores case, invisible
characters and whitespace), so if each page's graph gave it its own prefLabel the union would hold
two, which SKOS and kg's shapes forbid (one prefLabel per language).

So a document's graph keeps only its own spelling, as the title of its kg:Definition
(``dcterms:title``), and the topic's prefLabel is written once, in ``kgid:graph/topics``, chosen
from the spellings of every document that defines it: the one most documents use; on a tie, one
that is not all capitals, then the first in code-point order. It depends only on which documents
are stored, never on the order they were built in. Each batch rewrites the labels of the topics it
defines before its documents are written (so a killed build leaves every stored topic a label);
after a build that replaced or removed documents, ``refresh`` recomputes them all, so the graph is
what a fresh build of the same inputs would write.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from kg.mapping.namespaces import DCTERMS, KG, KGID, SKOS

TOPICS_GRAPH = KGID["graph/topics"]

_SPELLINGS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?topic ?title (COUNT(DISTINCT ?g) AS ?n) WHERE {
  %s
  ?topic kg:hasDefinition ?definition .  # in the shared statements graph; the title in the document's
  GRAPH ?g { ?definition dcterms:title ?title }
  %s
} GROUP BY ?topic ?title
"""

Counts = dict[NamedNode, dict[Literal, int]]  # topic -> spelling -> documents that use it


_TITLE, _HAS_DEFINITION, _PREF_LABEL = DCTERMS.title, KG.hasDefinition, SKOS.prefLabel


def document_spellings(quads: list[Quad], shared: Iterable[Quad] | None = None) -> dict[NamedNode, set[Literal]]:
    """The topics a document's quads define, each with the spellings the document gives its term.
    ``shared``: its statements about shared nodes (kg.build.shared_nodes.shared_statements), when known:
    a document that defines no topic (an article) is then not read again."""
    defined = [(q.subject, q.object) for q in (quads if shared is None else shared) if q.predicate == _HAS_DEFINITION]
    if not defined:
        return {}
    definitions = {d for _, d in defined}
    titles: dict = defaultdict(set)
    for q in quads:
        if q.predicate == _TITLE and q.subject in definitions:
            titles[q.subject].add(q.object)
    out: dict[NamedNode, set[Literal]] = defaultdict(set)
    for topic, definition in defined:
        out[topic] |= titles.get(definition, set())
    return dict(out)


def choose(spellings: dict[Literal, int]) -> list[Literal]:
    """One label per language: the spelling most documents use; then one not in capitals only;
    then the first in code-point order."""
    by_language: dict[str, list[tuple[int, Literal]]] = defaultdict(list)
    for label, documents in spellings.items():
        by_language[label.language or ""].append((documents, label))
    return [min(options, key=lambda o: (-o[0], o[1].value.isupper(), o[1].value))[1]
            for _, options in sorted(by_language.items())]


def label_quads(counts: Counts) -> list[Quad]:
    return [Quad(topic, _PREF_LABEL, label, TOPICS_GRAPH)
            for topic in sorted(counts, key=str) for label in choose(counts[topic])]


def stored_counts(store, topics: Iterable[NamedNode] | None = None,
                  excluding: Iterable[NamedNode] = ()) -> Counts:
    """How many stored documents use each spelling of ``topics`` (every topic when None), leaving
    out the graphs ``excluding`` (documents about to be replaced or removed)."""
    values = ""
    if topics is not None:
        topics = sorted(set(topics), key=str)
        if not topics:
            return {}
        values = "VALUES ?topic { " + " ".join(str(t) for t in topics) + " }"
    excluded = sorted(set(excluding), key=str)
    where = f"FILTER (?g NOT IN ({', '.join(str(g) for g in excluded)}))" if excluded else ""
    counts: Counts = defaultdict(dict)
    for row in store.query(_SPELLINGS % (values, where)):
        counts[row["topic"]][row["title"]] = int(row["n"].value)
    return dict(counts)


def batch_labels(store, documents: list[tuple[NamedNode, dict[NamedNode, set[Literal]]]],
                 excluding: Iterable[NamedNode] = ()) -> list[Quad]:
    """The topics graph's quads for every topic the ``documents`` (graph, its document_spellings)
    define, counting their spellings with those of the stored documents other than theirs and
    ``excluding``."""
    own: Counts = defaultdict(dict)
    for _, spellings in documents:
        for topic, labels in spellings.items():
            for label in labels:
                own[topic][label] = own[topic].get(label, 0) + 1
    if not own:
        return []
    counts = stored_counts(store, own, [g for g, _ in documents] + list(excluding))
    for topic, labels in own.items():
        merged = counts.setdefault(topic, {})
        for label, n in labels.items():
            merged[label] = merged.get(label, 0) + n
    return label_quads({t: counts[t] for t in own})


def write_labels(store, quads: list[Quad]) -> None:
    """Replace the labels of the topics ``quads`` label (one transaction)."""
    if quads:
        store.replace_subjects(TOPICS_GRAPH, {q.subject for q in quads}, quads)


def refresh(store) -> bool:
    """Recompute every topic's label from the stored documents; rewrite the graph only when it
    changed (labels of replaced spellings, of topics no document defines any more). True if so."""
    wanted = label_quads(stored_counts(store))
    have = set(store.graph_quads(TOPICS_GRAPH))
    if have == set(wanted):
        return False
    store.replace_graph(TOPICS_GRAPH, wanted)
    return True
