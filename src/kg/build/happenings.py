"""One happening, many reports: events of different documents that report the same happening, linked.

Five outlets reporting one meeting give five events, one per document graph. After each build this
module links them to one ``kg:Happening`` in a graph of its own (``kgid:graph/resolution/happenings``):
drop the graph and every document says what it said before. Every event is a report of exactly one
happening (one reported once is a happening with one report), so a query treats them all alike.

- **Blocking.** The writer gives each event a ``kg:happeningKey``: its two sides, each the state an
  actor is or acts for ("Trump", "Washington" and "the United States" are all ``state:USA``), else
  the actor itself as the knowledge base's id or a document-scoped actor's resolution key
  (kg.mapping.writer.happening_key), in code-point order (``state:PRK + state:USA``; "-" for no
  target); ``kg:happeningSource`` says which is the source's. Two events are compared the same way
  round, or either way when one of their types is CONSULT or COOPERATE, whose sides do the same
  thing ("A met B", "B agreed with A"). Only
  events of one key are compared, and within a key only those whose time bounds overlap (a sweep
  over the events sorted by their earliest day), so the work grows with the number of events times
  the reports of one pair of sides in one period, not with the square of the corpus. The key is
  made from each document alone, not from the actor resolution's output: the linking depends on the
  stored documents alone.
- **A link** joins two events of different documents when all of these hold:
  - *type*: the same PLOVER type, or the same quad class (the documented tolerance: "met" and "held
    talks" may be CONSULT in one outlet and COOPERATE in another; both are verbal cooperation);
  - *time*: their bounds overlap (an event dated only by its article's publication is taken to lie
    in the ``UNDATED_DAYS`` days before it); an event whose article has no date is not ruled out,
    but its actors must agree (not only its sides) and the other features must make up for the
    least a time would have added (``THRESHOLD + PUBLICATION_TIME``);
  - *actors*: when one side is unknown (no target), the actors themselves agree: "Trump met" and
    "Washington met" are too little alike to be one meeting;
  - *place*: consistent: unstated in one, or the same place, or two places in the same state;
  - *score* at least ``THRESHOLD``: ``SAME_TYPE`` or ``SAME_QUAD``; ``SAME_ACTORS`` when the actors
    themselves agree, not only their sides ("Trump" and "Trump", not "Trump" and "Washington");
    ``STATED_TIME`` when both dates were stated and are a month or less (``PUBLICATION_TIME`` when
    one was only bounded by publication, or spans longer: "in recent years"); ``SAME_PLACE``; and ``EVIDENCE`` times the overlap (Jaccard) of the content words
    of their evidence sentences. The weights add up to 1.
  Each link is kept as a ``kg:HappeningLink`` with the features that matched and the score. A
  happening is a connected set of linked events; its reports keep their own evidence, date,
  factuality and publisher (in their documents), so disagreements stay visible: one outlet's
  asserted event and another's planned or denied one are reports of the same happening.
- **IRIs.** A happening is named after the smallest IRI of its reports, a link after its two events:
  the same stored documents give the same graph, whatever order they were built in.

**Incremental.** Before a batch is written, the happening keys of its events and of the events of the
graphs it replaces are marked pending in the graph (``kg:linkPending``); after the build only those
keys are linked again, whole, from what the store holds. A build stopped in between leaves its marks,
and the next one links them; a store without the graph (dropped, or built with linking off) is
linked in full.
"""
from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.mapping import iris
from kg.mapping.namespaces import KG, KGID, PROV, RDF, RDFS, XSD
from kg.build.keyed_graph import chunks as _chunks, has_graph, mark_pending, pending_marks, rewrite
from kg.build.keyed_graph import values as _values
from kg.store.base import KgStore

HAPPENINGS_GRAPH = KGID["graph/resolution/happenings"]

# Types whose two sides do the same thing: "A met B" and "B met A" report one meeting.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
UNDATED_DAYS = 7  # an event dated only by its article: the week before publication
CLOSE_DAYS = 31  # a stated time of at most a month counts as a stated time; a longer one as a bound
SAME_TYPE, SAME_QUAD = 0.35, 0.15
SAME_ACTORS = 0.1
STATED_TIME, PUBLICATION_TIME = 0.15, 0.1
SAME_PLACE = 0.1
EVIDENCE = 0.3
THRESHOLD = 0.4

_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# The events of some keys (or all) with what a link compares. Each property is read by a sub-select
# of one pattern, joined by hashing (as in queries/events.rq): at 10,000 documents 0.9 s for the
# whole store and 0.3 s for 30 keys, against 13.6 s and 3.8 s as one pattern joined event by event.
# An optional actor key or place state is read inside its own optional group: outside it, an unbound
# target or place would match every one in the store.
_REPORTS = _PREFIXES + """SELECT ?event ?key ?side ?g ?type ?quad ?source ?sourceKey ?target ?targetKey ?earliest ?latest
       ?place ?state
WHERE {
  %s
  { SELECT ?event ?key ?side ?g WHERE { GRAPH ?g { ?event kg:happeningKey ?key ; kg:happeningSource ?side } } }
  { SELECT ?event ?et WHERE { ?event sem:eventType ?et } }
  { SELECT ?et ?type ?quad WHERE { ?et skos:notation ?type OPTIONAL { ?et kg:quadClass ?quad } } }
  { SELECT ?event ?source WHERE { ?event kg:sourceActor ?source } }
  OPTIONAL { SELECT ?source ?sourceKey WHERE { ?source kg:resolutionKey ?sourceKey } }
  OPTIONAL { { SELECT ?event ?target WHERE { ?event kg:targetActor ?target } }
             OPTIONAL { SELECT ?target ?targetKey WHERE { ?target kg:resolutionKey ?targetKey } } }
  OPTIONAL { SELECT ?event ?earliest WHERE { ?event sem:hasEarliestBeginTimeStamp ?earliest } }
  OPTIONAL { SELECT ?event ?latest WHERE { ?event sem:hasLatestEndTimeStamp ?latest } }
  OPTIONAL { SELECT ?event ?place ?state WHERE { ?event sem:hasPlace ?place OPTIONAL { ?place kg:inState ?state } } }
}"""
# The words of the events' evidence, read apart: joined into the query above, the path from each
# event to its quotes cost ten times the rest when the events are picked by key.
_QUOTES = _PREFIXES + """SELECT ?event ?quote WHERE {
  %s
  ?event kg:evidence ?span . ?span oa:hasSelector ?selector . ?selector oa:exact ?quote
}"""
_OLD_SUBJECTS = _PREFIXES + "SELECT DISTINCT ?s WHERE { %s GRAPH <" + HAPPENINGS_GRAPH.value + "> { ?s kg:happeningKey ?key } }"

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset("""the and for that with this from was were has have had are but not its his her their they
them said says will would could should been being into about after before over than then also which who
whom what when where while more most other some such only very just one two new over under""".split())


@dataclass(frozen=True)
class Report:
    """An event as linking sees it."""

    event: NamedNode
    key: str
    side: str  # the source's side (kg:happeningSource)
    graph: NamedNode
    type: str
    quad: str | None
    actors: tuple[str, str]  # source and target, each its resolution key, else its IRI ("-": none)
    earliest: date | None  # None: no time at all (an article without a date)
    latest: date | None
    stated: bool  # its time was stated, not only bounded by publication
    place: NamedNode | None
    state: NamedNode | None
    words: frozenset


@dataclass(frozen=True)
class Link:
    a: Report
    b: Report
    features: tuple[str, ...]
    score: float


def content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP}




# -- reading the store ---------------------------------------------------------------------------
def reports(store: KgStore, keys: Iterable[str] | None = None) -> list[Report]:
    """The events of ``keys`` (every event with a key when None), sorted by IRI."""
    rows: dict[NamedNode, dict] = {}
    blocks = [""] if keys is None else [_values("key", (Literal(k) for k in chunk)) for chunk in _chunks(keys)]
    for block in blocks:
        for (event, key, side, g, type_, quad, source, source_key, target, target_key, earliest, latest, place,
             state) in store.query(_REPORTS % block):
            if event not in rows:
                actors = ((source_key or source).value, (target_key or target).value if target is not None else "-")
                rows[event] = {"key": key.value, "side": side.value, "g": g, "type": type_.value, "quad": quad,
                               "words": set(), "actors": actors, "earliest": earliest, "latest": latest,
                               "place": place, "state": state}
    for chunk in _chunks(rows):
        for event, quote in store.query(_QUOTES % _values("event", chunk)):
            rows[event]["words"] |= content_words(quote.value)
    out = []
    for event, r in rows.items():
        latest = date.fromisoformat(r["latest"].value) if r["latest"] is not None else None
        stated = r["earliest"] is not None
        earliest = date.fromisoformat(r["earliest"].value) if stated else (
            _days_before(latest, UNDATED_DAYS) if latest is not None else None)
        if earliest is not None and latest is not None:
            earliest = min(earliest, latest)
        out.append(Report(event, r["key"], r["side"], r["g"], r["type"],
                          r["quad"].value if r["quad"] is not None else None, r["actors"], earliest, latest, stated,
                          r["place"], r["state"], frozenset(r["words"])))
    return sorted(out, key=lambda r: r.event.value)


def _days_before(day: date, days: int) -> date:
    """``day`` less ``days``, or the calendar's first day (an article dated in the year 1)."""
    return day - timedelta(days=days) if day.toordinal() > days else date.min


# -- linking -------------------------------------------------------------------------------------
def compare(a: Report, b: Report) -> Link | None:
    """The link between two reports of one key, or None when they are not of one happening."""
    if a.graph == b.graph:
        return None  # one document's events are already merged by the coder
    if a.type == b.type:
        score, features = SAME_TYPE, ["type"]
    elif a.quad is not None and a.quad == b.quad:
        score, features = SAME_QUAD, ["quad class"]
    else:
        return None
    # the sides agree (one key); the same way round unless one of the types is symmetric ("A met B",
    # "B agreed with A"); the actors too when they are the same (or swapped)
    symmetric = a.type in SYMMETRIC_TYPES or b.type in SYMMETRIC_TYPES
    if a.side != b.side and not symmetric:
        return None
    if a.actors == b.actors or (symmetric and a.actors == b.actors[::-1]):
        score += SAME_ACTORS
        features.append("actors")
    elif "-" in a.actors or "-" in b.actors:
        return None  # with one side unknown, "Trump met" and "Washington met" are too little alike
    else:
        features.append("sides")
    dated = a.latest is not None and b.latest is not None
    if dated:
        if a.earliest > b.latest or b.earliest > a.latest:
            return None
        # a stated day or week says more than "on or before publication", or "in recent years"
        stated = a.stated and b.stated and _close(a) and _close(b)
        score += STATED_TIME if stated else PUBLICATION_TIME
        features.append("time" if stated else "publication time")
    elif "sides" in features:
        return None  # no time to tell two happenings of one pair of sides apart
    if a.place is not None and b.place is not None:
        if a.place == b.place:
            score += SAME_PLACE
            features.append("place")
        elif a.state is None or a.state != b.state:
            return None
        else:
            features.append("place's state")
    union = a.words | b.words
    overlap = len(a.words & b.words) / len(union) if union else 0.0
    if overlap:
        score += EVIDENCE * overlap
        features.append("evidence")
    score = round(score, 3)
    # without a time, the other features make up for the least a time would have added
    needed = THRESHOLD if dated else THRESHOLD + PUBLICATION_TIME
    return Link(a, b, tuple(features), score) if score >= needed else None


def _close(report: Report) -> bool:
    """Whether a report's time is narrow enough to tell happenings apart: a month at most."""
    return (report.latest - report.earliest).days <= CLOSE_DAYS


def links(block: list[Report]) -> list[Link]:
    """The links among the reports of one key: each report compared with those before it in time
    whose bounds reach it (a sweep), not with every other."""
    found = []

    def pair(x: Report, y: Report) -> None:
        link = compare(x, y) if x.event.value < y.event.value else compare(y, x)
        if link is not None:
            found.append(link)

    dated = sorted((r for r in block if r.latest is not None), key=lambda r: (r.earliest, r.event.value))
    active: list[Report] = []
    for report in dated:
        active = [r for r in active if r.latest >= report.earliest]
        for other in active:
            pair(other, report)
        active.append(report)
    undated = [r for r in block if r.latest is None]  # no time to rule them out: compared with all
    for i, report in enumerate(undated):
        for other in dated + undated[i + 1:]:
            pair(report, other)
    return sorted(found, key=lambda link: (link.a.event.value, link.b.event.value))


def _components(block: list[Report], found: list[Link]) -> list[list[Report]]:
    parent = {r.event: r.event for r in block}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in found:
        ra, rb = root(link.a.event), root(link.b.event)
        if ra != rb:
            parent[max(ra, rb, key=lambda n: n.value)] = min(ra, rb, key=lambda n: n.value)
    groups: dict[NamedNode, list[Report]] = defaultdict(list)
    for r in block:
        groups[root(r.event)].append(r)
    return [sorted(g, key=lambda r: r.event.value) for g in groups.values()]


def happening_iri(first_report: NamedNode) -> NamedNode:
    return KGID[f"happening/{iris.short_hash(first_report.value, 16)}"]


def link_iri(a: NamedNode, b: NamedNode) -> NamedNode:
    return KGID[f"happening-link/{iris.short_hash(a.value + ' ' + b.value, 16)}"]


def happening_quads(all_reports: list[Report]) -> list[Quad]:
    """The happenings, reports and links of ``all_reports`` (whole keys)."""
    g = HAPPENINGS_GRAPH
    by_key: dict[str, list[Report]] = defaultdict(list)
    for r in all_reports:
        by_key[r.key].append(r)
    quads: list[Quad] = []
    for key, block in sorted(by_key.items()):
        found = links(block)
        happening_of = {}
        for members in _components(block, found):
            node = happening_iri(members[0].event)
            quads += [Quad(node, RDF.type, KG.Happening, g), Quad(node, KG.happeningKey, Literal(key), g),
                      Quad(node, KG.reportCount, Literal(str(len(members)), datatype=XSD.integer), g)]
            for r in members:
                happening_of[r.event] = node
                quads.append(Quad(node, KG.report, r.event, g))
        for link in found:
            node = link_iri(link.a.event, link.b.event)
            quads += [Quad(node, RDF.type, KG.HappeningLink, g), Quad(node, KG.happeningKey, Literal(key), g),
                      Quad(node, KG.linkedReport, link.a.event, g), Quad(node, KG.linkedReport, link.b.event, g),
                      Quad(node, KG.linkScore, Literal(f"{link.score:.3f}", datatype=XSD.decimal), g),
                      Quad(node, KG.linkOf, happening_of[link.a.event], g)]
            quads += [Quad(node, KG.matchedFeature, Literal(f), g) for f in link.features]
    return quads


def header_quads() -> list[Quad]:
    g = HAPPENINGS_GRAPH
    return [Quad(g, RDF.type, KG.HappeningGraph, g),
            Quad(g, PROV.wasAttributedTo, iris.software_iri(__version__), g),
            Quad(g, RDFS.comment, Literal(
                "Events of different documents that report the same happening, linked by kg: each event "
                "is a kg:report of one kg:Happening, with a record of each link (kg:HappeningLink: the "
                "features that matched and a score). Drop this graph to undo it.", language="en"), g)]



class HappeningLinker:
    """Keeps the happenings graph up to date through one build: ``pending`` before each batch is
    written, ``link`` after the last."""

    def __init__(self, store: KgStore):
        self.store = store
        self.seconds = 0.0

    def pending(self, graphs: list[tuple[NamedNode, list[Quad]]], replaced: Iterable[NamedNode] = ()) -> None:
        """Record the happening keys of the events of ``graphs`` and of the stored graphs they replace."""
        started = time.perf_counter()
        mark_pending(self.store, HAPPENINGS_GRAPH, KG.happeningKey, KG.linkPending, graphs, replaced)
        self.seconds += time.perf_counter() - started

    def link(self) -> int:
        """Link the pending keys again (every key, if the graph was never made or was dropped);
        the number of quads changed."""
        started = time.perf_counter()
        try:
            return self._link()
        finally:
            self.seconds += time.perf_counter() - started

    def _link(self) -> int:
        store, g = self.store, HAPPENINGS_GRAPH
        if not has_graph(store, g, KG.HappeningGraph):
            return link_all(store)
        marks = pending_marks(store, g, KG.linkPending)
        if not marks:
            return 0
        keys = {q.object.value for q in marks}
        subjects = set()  # the happenings and links the keys had
        for chunk in _chunks(keys):
            subjects |= {r["s"] for r in store.query(_OLD_SUBJECTS % _values("key", (Literal(k) for k in chunk)))}
        return rewrite(store, g, subjects, set(happening_quads(reports(store, keys))), marks)


def link_all(store: KgStore) -> int:
    """Link every event of the store afresh (the graph replaced whole); the number of quads written."""
    quads = happening_quads(reports(store))
    store.remove_graph(HAPPENINGS_GRAPH)
    if not quads:
        return 0
    return store.write_graphs([(HAPPENINGS_GRAPH, quads + header_quads())])


def drop(store: KgStore) -> None:
    """Remove the happenings graph (a build with linking off); the next build links in full."""
    store.remove_graph(HAPPENINGS_GRAPH)
