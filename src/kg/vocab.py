"""Every vocabulary kg uses, once: the namespace IRIs (plain strings) and their prefixes.

The floors that write or read RDF build their terms from these (:mod:`kg.mapping.namespaces` as
pyoxigraph terms, the ontology check as rdflib terms, the pages as strings); a floor that knows no
RDF (readers, kb, extraction) may use the strings to name things without importing an RDF library.
"""
from __future__ import annotations

KG = "https://w3id.org/kg/ontology#"
KGID = "https://w3id.org/kg/id/"
PLOVER = "https://w3id.org/kg/plover/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"  # SEM has no rdflib namespace module
SCHEMA = "https://schema.org/"  # one schema.org form, everywhere (https, with the slash)
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"  # W3C Basic Geo: WGS84 lat/long, what GDELT-style tools read
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
EDTF_DATATYPE = "http://id.loc.gov/datatypes/edtf/EDTF"

# the prefixes of the bundled queries and of prefixed names given to kg (kgid:actor/state/ARM)
PREFIXES: dict[str, str] = {
    "kg": KG, "kgid": KGID, "plover": PLOVER, "sem": SEM, "schema": SCHEMA, "skos": SKOS, "org": ORG,
    "foaf": FOAF, "prov": PROV, "time": TIME, "oa": OA, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS,
    "owl": OWL, "xsd": XSD, "geo": GEO,
}
