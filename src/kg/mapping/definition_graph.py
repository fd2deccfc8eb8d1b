"""A glossary topic's facts as RDF: what the topic denotes, and each fact its definition states.

Every fact is the publisher's claim. It is written twice, in the glossary document's graph: as the
plain triple (``<Taliban> kg:founder <Mohammed Omar>``) that queries use, and as a ``kg:Claim``
reifying that triple, attributed to the publisher, pointing to the definition and to the span the
fact was read from (a class the knowledge base gives the actor already is stated once, in the
shared graph, and only the claim is written). Memberships are ``org:Membership`` nodes carrying the same attribution and
evidence; a founding, beginning or independence is an event of its own (``kg:Founding`` …) with
its EDTF date and bounds.
"""
from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from kg.extraction.definitions import Fact
from kg.extraction.extract import TopicFacts
from kg.extraction.timex import TimeValue
from kg.labels import clean_label
from kg.mapping import iris
from kg.mapping.namespaces import EDTF, KG, KGID, ORG, PROV, RDF, RDFS, SEM, SKOS, TIME, XSD
from kg.mapping.writer import ACTORS_GRAPH, Writer, actor_node, describe_actor, place_node

# relation -> the predicate of the plain triple (beginnings and memberships are written apart)
PREDICATES = {
    "class": RDF.type, "kindOf": KG.kindOf, "partOf": KG.branchOf, "founder": KG.founder,
    "operatesIn": KG.operatesIn, "basedIn": KG.basedIn, "religion": KG.religion, "ideology": KG.ideology,
    "language": KG.language, "languageFamily": KG.languageFamily, "goal": KG.goal, "related": SKOS.related, "associated": KG.associatedWith,
    "founded": KG.beginning, "began": KG.beginning, "independence": KG.beginning, "initiatedBy": KG.initiatedBy,
}
BEGINNING_CLASSES = {"founded": KG.Founding, "began": KG.Beginning, "independence": KG.Independence}
_BEGINNING_LABELS = {"founded": "founding", "began": "beginning", "independence": "independence"}


def denoted_node(facts: TopicFacts) -> NamedNode:
    """What the topic denotes: the knowledge-base actor or concept its term names; else a node
    minted from the class the definition gives and the term; else (a war, a treaty …) from the
    term alone."""
    if facts.known_actor is not None:
        return actor_node(facts.known_actor)
    if facts.topic_class is not None:
        return iris.actor_iri(facts.topic_class.classes[0], facts.entry.term)
    return KGID[f"thing/{iris.slug(facts.entry.term)}"]


def write_topic_facts(w: Writer, facts: TopicFacts, topic: NamedNode, definition: NamedNode,
                      publisher: NamedNode, site: str) -> None:
    if facts.known_actor is None and facts.topic_class is None and not facts.facts:
        return  # the definition says nothing of what the topic is: no node is invented
    entry = facts.entry
    thing = denoted_node(facts)
    w.add(topic, KG.denotes, thing)
    w.add(thing, KG.describedBy, definition)
    tc = facts.topic_class
    if facts.known_actor is not None:
        describe_actor(w, facts.known_actor)  # its label is the knowledge base's, in the shared graph
    else:
        w.text(thing, RDFS.label, clean_label(entry.term))
    if tc is not None and tc.formal is not None:
        w.add(thing, KG.isFormal, Literal("true" if tc.formal else "false", datatype=XSD.boolean))
    writer = _FactWriter(w, facts, thing, topic, definition, publisher, site)
    for fact in facts.facts:
        writer.write(fact)


def _shared_graph_states(w: Writer, subject, predicate, obj) -> bool:
    """Whether the shared actors graph states this triple already (a knowledge-base actor's class
    that the definition repeats): the union then holds it once."""
    return predicate == RDF.type and Quad(subject, predicate, obj, ACTORS_GRAPH) in w.reference.quads


class _FactWriter:
    def __init__(self, w: Writer, facts: TopicFacts, thing, topic, definition, publisher, site: str):
        self.w, self.facts, self.thing, self.topic = w, facts, thing, topic
        self.definition, self.publisher, self.site = definition, publisher, site
        self.term = iris.slug(facts.entry.term)
        self.beginnings: dict[str, NamedNode] = {}
        self.last_language: NamedNode | None = None

    def write(self, fact: Fact) -> None:
        if fact.relation == "member":
            self._membership(fact, organisation=self.thing, member=self._actor(fact))
        elif fact.relation == "memberOf":
            self._membership(fact, organisation=self._actor(fact), member=self.thing)
        elif fact.relation in BEGINNING_CLASSES:
            self._claim(fact, self.thing, self._beginning(fact))
        elif fact.relation == "founder":
            founder = self._actor(fact)
            self._claim(fact, self.thing, founder)
            founding = self.beginnings.get("founded")
            if founding is not None:
                self.w.add(founding, SEM.hasActor, founder)
        elif fact.relation == "initiatedBy":
            began = self.beginnings.get("began") or self.beginnings.get("founded")
            if began is not None:
                event = KGID[f"event/named/{iris.slug(fact.text or '')}"]
                self.w.add(event, RDF.type, KG.HistoricalEvent)
                self.w.text(event, RDFS.label, fact.text or "")
                self._claim(fact, began, event)
        elif fact.relation == "class":
            self._claim(fact, self.thing, KG[fact.text])
        elif fact.relation == "goal":
            self._claim(fact, self.thing, Literal(fact.text or "", language="en"))
        elif fact.relation == "language":
            self.last_language = self._language(fact.text or "")
            self._claim(fact, self.thing, self.last_language)
        elif fact.relation == "languageFamily":
            if self.last_language is not None:
                self._claim(fact, self.last_language, self._language(fact.text or ""))
        elif fact.relation == "related":
            self._claim(fact, self.topic, iris.topic_iri(self.site, fact.text or ""))
        elif fact.relation == "basedIn" and fact.place is not None:
            self._claim(fact, self.thing, place_node(self.w, fact.place))
        else:
            self._claim(fact, self.thing, self._actor(fact))

    def _actor(self, fact: Fact) -> NamedNode:
        return describe_actor(self.w, fact.actor)

    def _claim(self, fact: Fact, subject, obj) -> None:
        """The plain triple and the claim that reifies it, with attribution and evidence."""
        w = self.w
        predicate = PREDICATES[fact.relation]
        if not _shared_graph_states(w, subject, predicate, obj):  # the claim below still says who said it
            w.add(subject, predicate, obj)
        claim = iris.under(w.doc_node, "claim", self.term, fact.relation, iris.short_hash(str(obj), 12))
        w.add(claim, RDF.type, KG.Claim)
        w.text(claim, KG.relation, fact.relation, None)
        w.add(claim, RDF.subject, subject)
        w.add(claim, RDF.predicate, predicate)
        w.add(claim, RDF.object, obj)
        w.add(claim, PROV.wasAttributedTo, self.publisher)
        w.add(claim, KG.statedIn, self.definition)
        w.add(claim, KG.evidence, w.span(fact.span))

    def _membership(self, fact: Fact, organisation: NamedNode, member: NamedNode) -> None:
        w = self.w
        key = iris.slug(fact.actor.id if fact.actor else "")
        node = iris.under(w.doc_node, "membership", self.term, key)
        if fact.relation == "memberOf":
            node = iris.under(w.doc_node, "membership-of", self.term, key)
        w.add(node, RDF.type, ORG.Membership)
        w.add(node, ORG.organization, organisation)
        w.add(node, ORG.member, member)
        w.text(node, KG.relation, fact.relation, None)
        w.add(node, KG.evidence, w.span(fact.span))
        w.add(node, PROV.wasAttributedTo, self.publisher)
        w.add(node, KG.statedIn, self.definition)
        if fact.reasoning:
            w.text(node, KG.reasoning, fact.reasoning, None)
        if fact.time is not None:
            interval = iris.under(node, "interval")
            w.add(node, ORG.memberDuring, interval)
            w.add(interval, RDF.type, TIME.Interval)
            w.add(interval, KG.edtf, Literal(f"{fact.time.edtf.split('/')[0]}/..", datatype=EDTF))

    def _beginning(self, fact: Fact) -> NamedNode:
        w = self.w
        node = iris.under(w.doc_node, "beginning", self.term, fact.relation)
        self.beginnings[fact.relation] = node
        w.add(node, RDF.type, BEGINNING_CLASSES[fact.relation])
        w.text(node, RDFS.label, f"{_BEGINNING_LABELS[fact.relation]} of {self.facts.entry.term}")
        w.add(node, KG.beginningOf, self.thing)
        w.add(node, KG.evidence, w.span(fact.span))
        w.add(node, PROV.wasAttributedTo, self.publisher)
        _time(w, node, fact.time)
        return node

    def _language(self, name: str) -> NamedNode:
        node = KGID[f"language/{iris.slug(name)}"]
        self.w.add(node, RDF.type, KG.Language)
        self.w.text(node, RDFS.label, name)
        return node


def _time(w: Writer, node: NamedNode, time: TimeValue | None) -> None:
    if time is None:
        return
    w.add(node, KG.edtf, Literal(time.edtf, datatype=EDTF))
    if time.kind == "day":
        w.add(node, SEM.hasTimeStamp, Literal(time.earliest.isoformat(), datatype=XSD.date))
    w.add(node, SEM.hasEarliestBeginTimeStamp, Literal(time.earliest.isoformat(), datatype=XSD.date))
    w.add(node, SEM.hasLatestEndTimeStamp, Literal(time.latest.isoformat(), datatype=XSD.date))
