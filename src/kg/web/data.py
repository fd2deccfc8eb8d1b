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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from kg import resources, vocab
from kg.vocab import DCTERMS, KG, KGID, PROV, SCHEMA, SEM, SKOS  # also the pages' names for them
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
