"""The vocabularies kg writes, as pyoxigraph-friendly namespaces.

Only mapping (and the services reading the store) know these terms; readers and extraction
never import this module.
"""
from __future__ import annotations

from pyoxigraph import NamedNode


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


KG = Namespace("https://w3id.org/kg/ontology#")
KGID = Namespace("https://w3id.org/kg/id/")
PLOVER = Namespace("https://w3id.org/kg/plover/")
# SEM has no rdflib namespace module, so it is defined here next to ours.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EDTF = NamedNode("http://id.loc.gov/datatypes/edtf/EDTF")

PREFIXES: dict[str, str] = {
    "kg": KG.base, "kgid": KGID.base, "plover": PLOVER.base, "sem": SEM.base,
    "schema": SCHEMA.base, "skos": SKOS.base, "org": ORG.base, "foaf": FOAF.base,
    "prov": PROV.base, "time": TIME.base, "oa": OA.base, "dcterms": DCTERMS.base,
    "rdf": RDF.base, "rdfs": RDFS.base, "owl": OWL.base, "xsd": XSD.base,
}
