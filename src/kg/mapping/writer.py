"""The pieces every graph kg writes shares: a quad collector bound to one named graph, spans as
Web Annotation selectors, and actors and places as nodes.

What the knowledge base says of an actor (class, label, codes, offices) and what GeoNames says of a
place do not depend on the document that names them, so they are written once for the whole store,
in the reference graph ``kgid:graph/reference/actors``, not in every document's graph: a corpus of
a million articles naming Russia holds one label for Russia, not a million. A document's graph
keeps what the document says (mentions, events, its own actors the knowledge base lacks) and
points to the shared nodes; each ``Writer`` collects those reference quads apart (``reference``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg.documents import Document, Span
from kg.kb.actors import Actor
from kg.extraction.mentions import government_body
from kg.extraction.places import Place
from kg.mapping import iris
from kg.mapping.namespaces import EDTF, GEO, KG, KGID, OA, ORG, OWL, PROV, RDF, RDFS, TIME, XSD

KNOWLEDGE_BASE = KGID["source/knowledge-base"]
ACTORS_GRAPH = KGID["graph/reference/actors"]

_QUOTE_CONTEXT = 32  # characters of prefix/suffix kept with a quoted span

# The classes whose document-scoped actors are resolved across documents (kg.build.actor_resolution),
# by the group a name is compared within: a person with persons, an organisation with organisations
# of any kind (kg:Organization and its subclasses in ontology/kg.ttl).
RESOLUTION_GROUPS = {"Person": "person", **{cls: "organization" for cls in (
    "Organization", "IntergovernmentalOrganization", "Alliance", "ArmedGroup", "Movement", "PoliticalParty",
    "GovernmentBody")}}
_JOINING = re.compile(r"[.'\u2019`\u00b4]")  # "U.S." -> "us", "O'Brien" -> "obrien"
_POSSESSIVE = re.compile(r"['\u2019`\u00b4]s\b")


def name_key(name: str) -> str:
    """A name as cross-document resolution compares it: diacritics, letter case and punctuation
    folded, a possessive 's and a leading "the" dropped, words separated by one space. "the
    Democratic National Committee's" -> "democratic national committee"; "María López-Sánchez" ->
    "maria lopez sanchez"; "C.I.A." -> "cia"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    text = _JOINING.sub("", _POSSESSIVE.sub("", text))
    words = re.sub(r"[\W_]+", " ", text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def resolution_key(cls: str, name: str) -> str | None:
    """``group|normalised name`` (``person|maria lopez sanchez``), the key a document-scoped actor is
    resolved by across documents; None when it is not resolved: a class outside the groups, a
    person's name of one word, a name of fewer than two characters."""
    group = RESOLUTION_GROUPS.get(cls)
    key = name_key(name)
    words = len(re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).split())  # as written: "Lopez-Sanchez" is one
    if group is None or len(key) < 2 or (group == "person" and words < 2):
        return None
    if group == "person":  # "Robert S. Mueller III" is "Robert Mueller", "James B. Comey" "James Comey"
        parts = key.split()
        while len(parts) > 2 and parts[-1] in _SUFFIXES:
            parts.pop()
        parts = [parts[0], *(p for p in parts[1:-1] if len(p) > 1), parts[-1]] if len(parts) > 2 else parts
        key = " ".join(parts)
    return f"{group}|{key}"


_SUFFIXES = {"ii", "iii", "iv"}  # a formal name's numeral; "Jr." names another person (the son)


def actor_key(actor: Actor, document: NamedNode) -> str:
    """What an actor is called by wherever it is named: the knowledge base's id, a document-scoped
    actor's resolution key, else its node (an actor of one document only)."""
    if not actor.id.startswith("local:"):
        return actor.id
    return resolution_key(actor.cls, actor.label) or actor_node(actor, document).value


def side_key(actor: Actor, document: NamedNode) -> str:
    """The side an actor is on, as reports of one happening are sought: the state it is or acts
    for (a government body's state, a person's through the document's binding or an office held),
    else the actor itself (actor_key). Outlets name one side differently: "Trump" here, "the United
    States" there, "Washington" in a third."""
    if actor.iso3:
        return f"state:{actor.iso3}"
    part_of = getattr(actor, "part_of", None)
    if part_of is not None and not isinstance(part_of, str) and part_of.iso3:
        return f"state:{part_of.iso3}"
    states = sorted({role.state for role in getattr(actor, "roles", ()) if role.state})
    if len(states) == 1:  # a person who held office in one state only
        return f"state:{states[0]}"
    return actor_key(actor, document)


def happening_key(source: Actor, target: Actor | None, document: NamedNode) -> tuple[str, str]:
    """The key under which reports of one happening are sought across documents, and the source's
    side in it: the sides of the event in code-point order ("state:PRK + state:USA"; "-" for no
    target), the same whichever words a document uses for them and whichever way round it tells it."""
    first = side_key(source, document)
    sides = sorted([first, side_key(target, document) if target is not None else "-"])
    return " + ".join(sides), first


def actor_node(actor: Actor, document: NamedNode | None = None) -> NamedNode:
    """The IRI of ``actor``: states by ISO code; knowledge-base actors by class and id; actors
    the knowledge base lacks ("local:") under their document, so same-named strangers stay apart."""
    if actor.iso3:
        return iris.state_iri(actor.iso3)
    if actor.id.startswith("local:"):
        if document is None:
            raise ValueError(f"a document-scoped actor needs its document: {actor.id}")
        return iris.under(document, "actor", iris.class_slug(actor.cls), iris.slug(actor.label))
    if actor.cls == "Region":
        return KGID[f"place/region/{iris.slug(actor.id.split(':', 1)[1])}"]
    return iris.actor_iri(actor.cls, actor.id.split(":", 1)[1])


@dataclass
class Writer:
    graph: NamedNode
    document: Document
    doc_node: NamedNode

    def __post_init__(self):
        self.quads: list[Quad] = []
        self.described: set = set()
        self.role_states: dict[str, Actor] = {}
        self._reference: Writer | None = self if self.graph == ACTORS_GRAPH else None

    @property
    def reference(self) -> "Writer":
        """The writer of the shared actors graph (knowledge-base actors, places) for this document."""
        if self._reference is None:
            self._reference = Writer(ACTORS_GRAPH, self.document, self.doc_node)
            self._reference.described = self.described
            self._reference.role_states = self.role_states
        return self._reference

    @property
    def reference_quads(self) -> list[Quad]:
        return [] if self._reference is None or self._reference is self else self._reference.quads

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def text(self, s, p, value: str, lang: str | None = "en") -> None:
        self.add(s, p, Literal(value, language=lang) if lang else Literal(value))

    def span(self, span: Span) -> NamedNode:
        """A node for ``span`` of the document, with position and quote selectors."""
        node = iris.under(self.doc_node, "span", f"{span.start}-{span.end}")
        position, quote = iris.under(node, "position"), iris.under(node, "quote")
        text = self.document.text
        self.add(node, RDF.type, KG.Span)
        self.add(node, OA.hasSource, self.doc_node)
        self.add(node, OA.hasSelector, position)
        self.add(node, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(str(span.start), datatype=XSD.integer))
        self.add(position, OA.end, Literal(str(span.end), datatype=XSD.integer))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.of(text)))
        self.add(quote, OA.prefix, Literal(text[max(0, span.start - _QUOTE_CONTEXT):span.start]))
        self.add(quote, OA.suffix, Literal(text[span.end:span.end + _QUOTE_CONTEXT]))
        return node


def describe_actor(w: Writer, actor: Actor) -> NamedNode:
    """The node of ``actor``, described once: in the document's graph for an actor of the
    document's own ("local:"), in the shared actors graph for one of the knowledge base."""
    node = actor_node(actor, w.doc_node)
    if (node, actor.id) in w.described:
        return node
    w.described.add((node, actor.id))
    local = actor.id.startswith("local:")
    out = w if local else w.reference
    out.add(node, RDF.type, KG[actor.cls])
    out.text(node, RDFS.label, actor.label)
    if actor.iso3:
        out.text(node, KG.iso3166Alpha3, actor.iso3, None)
    if not local:
        out.text(node, KG.fromKnowledgeBase, actor.id, None)
    elif (node, "resolution key") not in w.described:  # one key per node, from its first spelling
        w.described.add((node, "resolution key"))
        key = resolution_key(actor.cls, actor.label)
        if key:
            out.text(node, KG.resolutionKey, key, None)
    if getattr(actor, "cameo", None):
        out.text(node, KG.cameoCode, actor.cameo, None)
    part_of = getattr(actor, "part_of", None)
    if part_of is not None and not isinstance(part_of, str):
        # A government body is part of its state whatever the text; a person is bound to a state
        # by how this document titles them ("Australian PM John Howard"): the document says so.
        # (what several documents say of one person is stated once: kg.build.shared_statements)
        said_here = local or actor.cls == "Person"
        (w if said_here else out).add(node, KG.partOf, describe_actor(w, part_of))
    for role in getattr(actor, "roles", ()):
        state = w.role_states.get(role.state or "")
        if state is not None:
            _office(w, node, actor, role, state)
    return node


def _office(doc: Writer, person: NamedNode, actor: Actor, role, state: Actor) -> None:
    """A leader linked to the state for the dates of office: an org:Membership of the person in
    the state's government, with its interval, from the knowledge base (not from the text)."""
    government = describe_actor(doc, government_body(state, "government"))
    w = doc.reference
    key = iris.slug(f"{actor.id}-{role.state}-{role.title or role.role or ''}-{role.start or ''}")
    membership = KGID[f"membership/{key}"]
    interval = KGID[f"membership/{key}/interval"]
    w.add(membership, RDF.type, ORG.Membership)
    w.add(membership, ORG.member, person)
    w.add(membership, ORG.organization, government)
    title = role.title or role.role or "office holder"
    w.text(membership, RDFS.label, f"{actor.label}: {title}, {state.label}")
    w.add(membership, PROV.wasDerivedFrom, KNOWLEDGE_BASE)
    w.add(membership, PROV.wasAttributedTo, KNOWLEDGE_BASE)
    w.add(KNOWLEDGE_BASE, RDF.type, PROV.Entity)
    w.add(KNOWLEDGE_BASE, RDF.type, PROV.Agent)
    w.text(KNOWLEDGE_BASE, RDFS.label, "kg's bundled knowledge base (see src/kg/data/kb/NOTICE.md)", None)
    w.add(membership, ORG.memberDuring, interval)
    w.add(interval, RDF.type, TIME.Interval)
    w.add(interval, KG.edtf, Literal(f"{role.start or '..'}/{role.end or '..'}", datatype=EDTF))




def place_node(doc: Writer, place: Place) -> NamedNode:
    """A GeoNames city as a kg:Place, with its GeoNames IRI, the state it lies in and its WGS84
    coordinates (geo:lat, geo:long; shared)."""
    w = doc.reference
    if place.kind == "area":  # a part of a state from kg's own table: no GeoNames id
        node = KGID[f"place/area/{iris.slug(place.name)}"]
        w.add(node, RDF.type, KG.Place)
        w.text(node, RDFS.label, place.name)
    else:
        node = KGID[f"place/geonames/{place.geonames_id}"]
        w.add(node, RDF.type, KG.Place)
        w.text(node, RDFS.label, place.name)
        w.add(node, OWL.sameAs, NamedNode(f"https://sws.geonames.org/{place.geonames_id}/"))
    if place.country_iso3:
        w.add(node, KG.inState, iris.state_iri(place.country_iso3))
    if place.latitude is not None and place.longitude is not None:
        w.add(node, GEO.lat, Literal(f"{place.latitude:.5f}", datatype=XSD.decimal))
        w.add(node, GEO.long, Literal(f"{place.longitude:.5f}", datatype=XSD.decimal))
    return node
