"""The vocabularies kg writes (:mod:`kg.vocab`), as pyoxigraph-friendly namespaces.

Only mapping (and the floors above it reading the store) use these terms; readers, kb and
extraction never import this module.
"""
from __future__ import annotations

from pyoxigraph import NamedNode

from kg import vocab


class Namespace:
    """A closed-enough namespace: ``KG.Topic`` gives ``NamedNode(base + "Topic")``."""

    def __init__(self, base: str):
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return NamedNode(self.base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)

    def __str__(self) -> str:
        return self.base


KG = Namespace(vocab.KG)
KGID = Namespace(vocab.KGID)
PLOVER = Namespace(vocab.PLOVER)
SEM = Namespace(vocab.SEM)
SCHEMA = Namespace(vocab.SCHEMA)
SKOS = Namespace(vocab.SKOS)
ORG = Namespace(vocab.ORG)
FOAF = Namespace(vocab.FOAF)
PROV = Namespace(vocab.PROV)
TIME = Namespace(vocab.TIME)
OA = Namespace(vocab.OA)
DCTERMS = Namespace(vocab.DCTERMS)
GEO = Namespace(vocab.GEO)
RDF = Namespace(vocab.RDF)
RDFS = Namespace(vocab.RDFS)
OWL = Namespace(vocab.OWL)
XSD = Namespace(vocab.XSD)
EDTF = NamedNode(vocab.EDTF_DATATYPE)

PREFIXES: dict[str, str] = vocab.PREFIXES
