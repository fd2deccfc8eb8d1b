"""Topics of different publishers aligned, never merged.

Two glossaries define "NATO" each in their own words; kg keeps both definitions and links the
topics: ``skos:exactMatch`` when both denote the same actor (the knowledge base's NATO), and
``skos:closeMatch`` when their names agree but what they denote differs or is unknown. The links
live in a graph of their own, derived from the document graphs after every build and attributed
to kg (they are kg's reading, not any publisher's claim).
"""
from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.mapping import iris
from kg.mapping.namespaces import KG, KGID, PROV, RDF, RDFS, SKOS
from kg.store.base import KgStore

ALIGNMENT_GRAPH = KGID["graph/alignment"]

# Pairs are found by joining on what makes them a pair (the thing both denote; the lower-cased
# label), never by pairing every topic with every other and filtering: that grew as the square of
# the topics (217 s of a 10,000-term glossary's build, with no pair to find).
_SAME_THING = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?a ?b WHERE {
  ?a a kg:Topic ; skos:inScheme ?sa ; kg:denotes ?d .
  ?b a kg:Topic ; skos:inScheme ?sb ; kg:denotes ?d .
  FILTER (?sa != ?sb && ?a != ?b)
}
"""
_SAME_NAME = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?a ?b WHERE {
  { ?a a kg:Topic ; skos:inScheme ?sa ; skos:prefLabel ?la . BIND (LCASE(STR(?la)) AS ?name) }
  { ?b a kg:Topic ; skos:inScheme ?sb ; skos:prefLabel ?lb . BIND (LCASE(STR(?lb)) AS ?name) }
  FILTER (?sa != ?sb && ?a != ?b)
}
"""


def alignment_quads(store: KgStore) -> list[Quad]:
    """The links between topics of different glossaries, sorted, in the alignment graph."""
    g = ALIGNMENT_GRAPH
    exact = {(r["a"].value, r["b"].value) for r in store.query(_SAME_THING)}
    close = {(r["a"].value, r["b"].value) for r in store.query(_SAME_NAME)} - exact
    links = sorted([(a, b, "exact") for a, b in exact] + [(a, b, "close") for a, b in close])
    quads = []
    for a, b, kind in links:
        predicate = SKOS.exactMatch if kind == "exact" else SKOS.closeMatch
        quads.append(Quad(NamedNode(a), predicate, NamedNode(b), g))
    software = iris.software_iri(__version__)
    quads += [Quad(g, RDF.type, KG.AlignmentGraph, g),
              Quad(g, PROV.wasAttributedTo, software, g),
              Quad(g, RDFS.comment, Literal("Topics of different glossaries linked by kg: skos:exactMatch when "
                                            "they denote the same thing, skos:closeMatch when only their names "
                                            "agree.", language="en"), g)]
    return quads


def align(store: KgStore) -> bool:
    """Recompute the alignment graph; rewrite it only when it changed. True when it was written."""
    quads = alignment_quads(store)
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()
    if store.graph_hash(ALIGNMENT_GRAPH) == digest:
        return False
    quads.append(Quad(ALIGNMENT_GRAPH, KG.contentHash, Literal(digest), ALIGNMENT_GRAPH))
    store.replace_graph(ALIGNMENT_GRAPH, quads)
    return True
