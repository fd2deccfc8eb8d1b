"""Reference data as RDF: memberships of states in organisations, from the knowledge base.

They live in a named graph of their own, attributed to their source (the World Factbook), so a
query can tell "the reference data says" from "a publisher says".
"""
from __future__ import annotations

from pyoxigraph import Literal, Quad

from kg.extraction.gazetteer import Gazetteer
from kg.mapping import iris
from kg.mapping.writer import ACTORS_GRAPH, Writer, describe_actor
from kg.mapping.namespaces import DCTERMS, KGID, ORG, PROV, RDF, RDFS

MEMBERSHIPS_GRAPH = KGID["graph/reference/memberships"]
FACTBOOK = KGID["source/world-factbook"]


def membership_quads(rows: list[dict], gazetteer: Gazetteer) -> tuple[list[Quad], list[Quad]]:
    """Quads for membership ``rows`` ({"organization", "member", "source"}) in their own graph,
    and the quads of the shared actors graph describing the organisations and members."""
    g = MEMBERSHIPS_GRAPH
    quads = [Quad(FACTBOOK, RDF.type, PROV.Entity, g), Quad(FACTBOOK, RDF.type, PROV.Agent, g),
             Quad(FACTBOOK, RDFS.label, Literal("The World Factbook", language="en"), g),
             Quad(FACTBOOK, DCTERMS.license, Literal("public domain (US government work)"), g)]
    actors = Writer(ACTORS_GRAPH, None, None)
    for row in rows:
        organisation = gazetteer.actors.get(row["organization"])
        member = gazetteer.actors.get(row["member"])
        if organisation is None or member is None:
            continue  # the knowledge base no longer lists one of them
        org_node, member_node = describe_actor(actors, organisation), describe_actor(actors, member)
        membership = KGID[f"membership/reference/{iris.slug(row['organization'])}/{iris.slug(row['member'])}"]
        quads += [Quad(membership, RDF.type, ORG.Membership, g),
                  Quad(membership, ORG.organization, org_node, g),
                  Quad(membership, ORG.member, member_node, g),
                  Quad(membership, PROV.wasDerivedFrom, FACTBOOK, g),
                  Quad(membership, PROV.wasAttributedTo, FACTBOOK, g)]
    return quads, actors.quads
