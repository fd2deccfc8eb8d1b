"""What the pages show, read from the store with kg's own query functions.

The SPARQL lives in ``kg/web/queries/*.rq`` (headers as for the bundled queries) and in the bundled
queries themselves (``topic-sources``, ``topic-facts``, ``actor-events``, ``topics``); parameters are
bound by :func:`kg.services.query.run_query` (a ``VALUES`` block written by Oxigraph's term serialiser),
and lists of IRIs the same way. ``store`` is anything with kg's ``query`` method: a read-only
:class:`kg.store.local.Store` or a :class:`kg.store.remote.RemoteStore`.

Rows are dicts of pyoxigraph terms (``None`` when unbound), so a page can tell an IRI (a link)
from a literal (text).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from kg import resources, vocab
from kg.vocab import DCTERMS, GEO, KG, KGID, PROV, SCHEMA, SEM, SKOS  # also the pages' names for them
from kg.services.query import NamedQuery, bundled_queries, parse_query_file, run_query, top_level_group_start

QUERY_DIR = resources.package_path("web", "queries")

RDF_TYPE = vocab.RDF + "type"
RDFS_LABEL = vocab.RDFS + "label"
OWL_SAMEAS = vocab.OWL + "sameAs"


@lru_cache(maxsize=None)
def page_query(name: str) -> NamedQuery:
    return parse_query_file(QUERY_DIR / f"{name}.rq")


def bundled(name: str) -> NamedQuery:
    return bundled_queries()[name]


def rows(store, query: NamedQuery, values: dict[str, str] | None = None) -> list[dict]:
    """The query's solutions as dicts of terms, its columns as keys."""
    result = run_query(store, query, values or {})
    return [dict(zip(result.columns, row)) for row in result.rows]


def rows_for(store, query: NamedQuery, variable: str, iris: list[str]) -> list[dict]:
    """The query run once for every IRI in ``iris`` (bound as ``VALUES ?variable { … }``)."""
    if not iris:
        return []
    block = f"VALUES ?{variable} {{ " + " ".join(str(NamedNode(i)) for i in sorted(set(iris))) + " }\n"
    position = top_level_group_start(query.text)
    text = query.text[:position] + "\n" + block + query.text[position:]
    return rows(store, NamedQuery(query.name, query.path, text, query.description, (), query.columns))


def value(term) -> str | None:
    """A term's lexical value (an IRI's text), or None."""
    return None if term is None else term.value


def number(term, default: int = 0) -> int:
    try:
        return int(term.value) if term is not None else default
    except ValueError:
        return default


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# -- labels and resources ----------------------------------------------------------------------------
def labels(store, iris) -> dict[str, str]:
    """A label for each IRI the store labels (rdfs:label, skos:prefLabel, schema:name, schema:headline)."""
    best: dict[str, tuple[int, str]] = {}
    for row in rows_for(store, page_query("labels"), "resource", [i for i in iris if i]):
        if row["label"] is None:
            continue
        key = (number(row["rank"], 9), row["label"].value)
        iri = row["resource"].value
        if iri not in best or key < best[iri]:
            best[iri] = key
    return {iri: label for iri, (_rank, label) in best.items()}


@dataclass
class Resource:
    """Everything stated about one IRI as subject: ``values[predicate IRI]`` -> terms."""

    iri: str
    values: dict[str, list] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return bool(self.values)

    def all(self, predicate: str) -> list:
        return self.values.get(predicate, [])

    def first(self, predicate: str):
        terms = self.values.get(predicate)
        return terms[0] if terms else None

    def text(self, predicate: str) -> str | None:
        return value(self.first(predicate))

    def types(self) -> list[str]:
        return [t.value for t in self.all(RDF_TYPE) if isinstance(t, NamedNode)]

    def kg_classes(self) -> list[str]:
        """The resource's classes in kg's ontology, by local name (State, Alliance …)."""
        return sorted(t[len(KG):] for t in self.types() if t.startswith(KG))


def describe(store, iri: str) -> Resource:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows(store, page_query("describe"), {"resource": iri}):
        grouped[row["predicate"].value].append(row["object"])
    return Resource(iri, dict(grouped))


def incoming(store, iri: str) -> list[dict]:
    return rows(store, page_query("incoming"), {"resource": iri})


def graphs(store, iri: str) -> list[str]:
    return [r["graph"].value for r in rows(store, page_query("graphs"), {"resource": iri}) if r["graph"] is not None]


# -- the home page -----------------------------------------------------------------------------------
def counts(store) -> dict[str, int]:
    found = rows(store, page_query("counts"))
    row = found[0] if found else {}
    return {name: number(row.get(name)) for name in ("documents", "articles", "topics", "actors", "events")}


def publishers(store) -> list[dict]:
    return rows(store, page_query("publishers"))


def topics(store) -> list[dict]:
    return rows(store, bundled("topics"))


@dataclass(frozen=True)
class Activity:
    """An actor (or a pair of actors) and its asserted events, with the PLOVER types among them."""

    iris: tuple[str, ...]
    events: int
    types: tuple[tuple[str, int], ...]  # (type, events), most frequent first


def activity(store, limit: int = 10) -> tuple[list[Activity], list[Activity]]:
    """The most active actors (source or target of the most asserted events) and dyads (the
    unordered pairs of actors with the most asserted events between them, either direction)."""
    by_actor: dict[str, dict[str, str]] = defaultdict(dict)
    by_pair: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in rows(store, page_query("event-actors")):
        event, source, target, kind = (value(row[k]) for k in ("event", "source", "target", "type"))
        by_actor[source][event] = kind
        if target:
            by_actor[target][event] = kind
            if target != source:
                by_pair[tuple(sorted((source, target)))][event] = kind

    def ranked(groups) -> list[Activity]:
        items = [Activity(key if isinstance(key, tuple) else (key,), len(events),
                          tuple(sorted(Counter(events.values()).items(), key=lambda kv: (-kv[1], kv[0]))))
                 for key, events in groups.items()]
        return sorted(items, key=lambda a: (-a.events, a.iris))[:limit]
    return ranked(by_actor), ranked(by_pair)


# -- topics, actors, events --------------------------------------------------------------------------
def topic_sources(store, term: str) -> list[dict]:
    return rows(store, bundled("topic-sources"), {"term": term})


def topic_facts(store, term: str) -> list[dict]:
    return rows(store, bundled("topic-facts"), {"term": term})


def articles_about(store, iri: str) -> list[dict]:
    return rows(store, page_query("topic-articles"), {"thing": iri})


def denoting_topics(store, iri: str) -> list[dict]:
    return rows(store, page_query("denoting-topics"), {"thing": iri})


def memberships(store, iri: str) -> list[dict]:
    return rows(store, page_query("memberships"), {"actor": iri})


def mention_forms(store, iri: str) -> list[dict]:
    return rows(store, page_query("mention-forms"), {"actor": iri})


def actor_events(store, iri: str) -> list[dict]:
    return rows(store, bundled("actor-events"), {"actor": iri})


def place_events(store, place: str) -> list[dict]:
    """What happened at a kg:Place: event, date, type, source, target, factuality, evidence."""
    return rows(store, page_query("place-events"), {"place": place})


def state_events(store, state: str) -> list[dict]:
    """What happened in a state (kg:happenedIn it, or at a place kg:inState it): as
    :func:`place_events`, with the place (None where the text names the state alone)."""
    return rows(store, page_query("state-events"), {"state": state})


@dataclass
class Evidence:
    span: str
    document: str
    start: int
    end: int
    exact: str | None


def evidence(store, iri: str) -> list[Evidence]:
    out = []
    for r in rows(store, page_query("evidence"), {"resource": iri}):
        out.append(Evidence(r["span"].value, r["document"].value, number(r["start"]), number(r["end"]),
                            value(r["exact"])))
    return out


@dataclass
class SourceText:
    document: str
    text: str | None
    identifier: str | None
    source: str | None


def document_text(store, document: str) -> SourceText:
    found = rows(store, page_query("document-text"), {"document": document})
    row = found[0] if found else {}
    return SourceText(document, value(row.get("text")), value(row.get("identifier")), value(row.get("source")))


@dataclass
class Piece:
    """A run of a document's text: plain, or one evidence span (``mark``: its number, from 1)."""

    text: str
    mark: int | None = None
    span: Evidence | None = None


def marked_text(text: str, spans: list[Evidence]) -> tuple[list[Piece], list[str]]:
    """``text`` cut into pieces so that each evidence span is a piece of its own (to be wrapped in
    ``<mark>``), and the problems found (a span outside the text, or whose quote differs from the
    text at its offsets). Overlapping spans are marked as the first one."""
    pieces: list[Piece] = []
    problems: list[str] = []
    position = 0
    for number_, span in enumerate(sorted(spans, key=lambda s: (s.start, s.end)), start=1):
        if not (0 <= span.start < span.end <= len(text)):
            problems.append(f"evidence {span.start}–{span.end} lies outside the document's text "
                            f"({len(text)} characters)")
            continue
        if span.exact is not None and text[span.start:span.end] != span.exact:
            problems.append(f"evidence {span.start}–{span.end}: the text there differs from the quoted evidence")
        if span.start < position:
            continue
        if span.start > position:
            pieces.append(Piece(text[position:span.start]))
        pieces.append(Piece(text[span.start:span.end], number_, span))
        position = span.end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return pieces, problems


def plain_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    return str(term)


# -- one happening, many reports ---------------------------------------------------------------------
EXCERPT_CHARS = 180  # of context on either side of a report's evidence, within its paragraph


@dataclass
class Report:
    """One report of a happening (a row of the bundled ``event-reports`` query), with where it
    comes from and its evidence in context."""

    event: str
    type: str | None
    publisher: str | None
    document: str | None
    published: str | None
    date: str | None
    factuality: str | None
    source_label: str | None
    target_label: str | None
    quote: str | None  # the evidence as the query quotes it (when no offsets can be used)
    article: str | None = None
    headline: str | None = None
    excerpts: list[list[Piece]] = field(default_factory=list)  # each evidence span, marked in its context
    this: bool = False  # the event whose page this is


@dataclass
class Reports:
    """Every report of an event's happening, and where they disagree."""

    happening: str | None  # None: the store links this event to no happening
    reports: list[Report]
    links: list[dict]  # how kg linked them: first, second, score, features

    @property
    def documents(self) -> int:
        return len({r.document for r in self.reports if r.document})

    @property
    def outlets(self) -> list[str]:
        return sorted({r.publisher for r in self.reports if r.publisher}, key=str.casefold)

    def disagreements(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The properties whose values differ between reports: (name, [(value, reports)])."""
        out = []
        for name in ("factuality", "date", "type"):
            counted = Counter(getattr(r, name) or "none" for r in self.reports)
            if len(counted) > 1:
                out.append((name, sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))))
        return out

    def name_of(self, event: str) -> str:
        """How the page names a report: "this event", or "report N" (its row in the table)."""
        for number_, r in enumerate(self.reports, start=1):
            if r.event == event:
                return "this event" if r.this else f"report {number_}"
        return event

    def differs(self, report: Report, name: str) -> bool:
        """Whether ``report`` gives another value than the event of the page."""
        this = next((r for r in self.reports if r.this), None)
        return this is not None and getattr(report, name) != getattr(this, name)


def reports(store, event: str) -> Reports:
    """The reports of ``event``'s happening (itself among them), each with its evidence marked in
    the text around it: the bundled ``event-reports`` query, and the page's ``report-sources``."""
    answer = rows(store, bundled("event-reports"), {"event": event})
    if not answer:
        return Reports(None, [], [])
    happening = value(answer[0]["happening"])
    found = [_report(row, event) for row in answer]
    sources = rows_for(store, page_query("report-sources"), "event", [r.event for r in found])
    texts: dict[str, str] = {}
    for report in found:
        mine = [s for s in sources if value(s["event"]) == report.event]
        report.article = next((value(s["article"]) for s in mine if s["article"] is not None), None)
        report.headline = next((value(s["headline"]) for s in mine if s["headline"] is not None), None)
        for s in mine:
            if s["document"] is None:
                continue
            document = s["document"].value
            if document not in texts:
                texts[document] = document_text(store, document).text or ""
            span = Evidence("", document, number(s["start"]), number(s["end"]), value(s["exact"]))
            pieces = excerpt(texts[document], span)
            if pieces:
                report.excerpts.append(pieces)
    links = [{"first": value(r["first"]), "second": value(r["second"]), "score": value(r["score"]),
              "features": sorted(set((value(r["features"]) or "").split("|")) - {""})}
             for r in rows(store, page_query("happening-links"), {"happening": happening})]
    return Reports(happening, found, links)


def _report(row: dict, event: str) -> Report:
    return Report(value(row["event"]), value(row["type"]), value(row["publisher"]), value(row["document"]),
                  value(row["published"]), value(row["date"]), value(row["factuality"]), value(row["source_label"]),
                  value(row["target_label"]), value(row["evidence"]), this=value(row["event"]) == event)


def excerpt(text: str, span: Evidence, around: int = EXCERPT_CHARS) -> list[Piece]:
    """The evidence span as a marked piece between some of the text around it (cut at a space,
    "…" where cut, a paragraph break shown as "¶"); nothing when the offsets do not fit the text
    or the quote differs from the text there."""
    if not (0 <= span.start < span.end <= len(text)):
        return []
    if span.exact is not None and text[span.start:span.end] != span.exact:
        return []
    start, end = max(0, span.start - around), min(len(text), span.end + around)
    if start > 0:  # cut at a space, not in a word
        space = max(text.find(" ", start, span.start), text.find("\n", start, span.start))
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = max(text.rfind(" ", span.end, end), text.rfind("\n", span.end, end))
        end = space if space > span.end else end
    before = ("…" if start > 0 else "") + _paragraphs(text[start:span.start]).lstrip(" ¶")
    after = _paragraphs(text[span.end:end]).rstrip(" ¶") + ("…" if end < len(text) else "")
    return [Piece(before), Piece(text[span.start:span.end], 1, span), Piece(after)]


def _paragraphs(text: str) -> str:
    """Context on one line: each paragraph break (a run of line ends) as " ¶ "."""
    return re.sub(r"\s*\n\s*", " ¶ ", text)


# -- an actor's names, outlet by outlet ----------------------------------------------------------------
@dataclass(frozen=True)
class NameUse:
    name: str
    mentions: int
    z: float | None = None  # distinctive-names' standardised score (more than one outlet)
    distinctive: str | None = None  # "more" or "less" where |z| >= 1.96


@dataclass
class OutletNames:
    publisher: str
    names: list[NameUse]  # the names it uses, most used first; then those it uses far less (never)

    @property
    def mentions(self) -> int:
        return sum(n.mentions for n in self.names)


def names_by_outlet(store, iri: str) -> list[OutletNames]:
    """The names each outlet uses for the actor (the bundled ``actor-names``) and, when more than
    one outlet names it, how distinctive each is (``distinctive-names``)."""
    used: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows(store, bundled("actor-names"), {"actor": iri}):
        if row["publisher"] is not None and row["name"] is not None:
            names = used[row["publisher"].value]
            names[row["name"].value] = names.get(row["name"].value, 0) + number(row["mentions"])
    scores: dict[tuple[str, str], tuple[float | None, str | None]] = {}
    if len(used) > 1:
        for row in rows(store, bundled("distinctive-names"), {"actor": iri}):
            key = (value(row["publisher"]), value(row["name"]))
            scores[key] = (_decimal(row["z"]), value(row["distinctive"]) or None)
    out = []
    for publisher in sorted(used, key=lambda p: (p.casefold(), p)):
        names = [NameUse(name, n, *scores.get((publisher, name), (None, None)))
                 for name, n in sorted(used[publisher].items(), key=lambda kv: (-kv[1], kv[0]))]
        never = sorted(name for (p, name), (_, mark) in scores.items()
                       if p == publisher and mark and name not in used[publisher])
        names += [NameUse(name, 0, *scores[(publisher, name)]) for name in never]
        out.append(OutletNames(publisher, names))
    return out


def _decimal(term) -> float | None:
    try:
        return float(term.value) if term is not None and term.value != "" else None
    except ValueError:
        return None
