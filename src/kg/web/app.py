"""The web app ``kg serve`` runs on the public address: pages over the store, and the SPARQL endpoint.

The pages are rendered here (:class:`Site`) with Jinja2 templates; :mod:`kg.web.wsgi` serves them,
with the SPARQL endpoint, on waitress. The pages are server-rendered HTML with one bundled
stylesheet, and the only scripts are the vendored vis-network library and the few lines that draw
the interactive network from data inside the page. Nothing is fetched from anywhere else (the
pages say so to the browser with a Content-Security-Policy that allows only this server).

Routes (every page takes its resource as ``?iri=``; prefixed names such as ``kgid:actor/state/ARM``
are expanded as ``kg query`` does):

========================  ====================================================================
``/``                     home: counts, publishers, topics, the most active actors and dyads, the map
``/topic?iri=``           a glossary topic: each publisher's definition, the facts stated about it
``/actor?iri=``           an actor: class, names (each outlet's), identifiers, memberships, events, pictures
                          (a state: also what happened in it)
``/event?iri=``           an event: type, actors, time, place, PLOVER context, evidence in its text, and
                          every report of its happening side by side (outlet, dates, factuality)
``/place?iri=``           a place (a GeoNames city, an area): where it lies, what happened there, a map round it
``/resource?iri=``        any IRI: every statement about it and pointing at it
``/network[?actor=]``     the interactive actor network (vis-network, from :mod:`kg.plots`)
``/queries``              every bundled query as a form; ``/queries/NAME[.csv|.json]?…`` runs one
``/query``, ``/sparql``   the SPARQL endpoint (checked by :mod:`kg.web.guard`, then Oxigraph)
``/update``, ``/store``   SPARQL Update and the Graph Store Protocol (writes with --allow-updates)
``/yasgui``               Oxigraph's own query page (YASGUI), through the same checks
========================  ====================================================================
"""
from __future__ import annotations

import io
import json
import re
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup
from pyoxigraph import BlankNode, Literal, NamedNode

from kg import __version__, resources
from kg.errors import KgError, QueryError
from kg.services.query import Parameter, bundled_queries, parse_value, run_query
from kg.services.results import compact, write_results
from kg.web import data, maps
from kg.web.data import DCTERMS, GEO, KG, KGID, OWL_SAMEAS, PROV, RDFS_LABEL, SCHEMA, SEM, SKOS

TEMPLATES = resources.package_path("web", "templates")
STATIC = resources.package_path("web", "static")
VIS_NETWORK = resources.package_path("assets", "vis-network.min.js")
STATIC_FILES = {
    "kg.css": (STATIC / "kg.css", "text/css; charset=utf-8"),
    "network.js": (STATIC / "network.js", "text/javascript; charset=utf-8"),
    "vis-network.min.js": (VIS_NETWORK, "text/javascript; charset=utf-8"),
}
# Oxigraph's YASGUI page and what it loads (all served by Oxigraph itself)
YASGUI_FILES = {"/yasgui": "/", "/yasgui/": "/", "/yasgui.min.js": "/yasgui.min.js",
                "/yasgui.min.css": "/yasgui.min.css", "/logo.svg": "/logo.svg"}
QUERY_PATHS = {"/query", "/sparql", "/yasgui/query", "/yasgui/sparql"}
UPDATE_PATHS = {"/update", "/yasgui/update"}
PAGE_ROWS = 500  # rows of a query shown on its page (the downloads have them all)
HOME_TOPICS = 200  # topics listed on the home page (the topics query lists them all)

# Oxigraph's YASGUI page runs inline scripts; it may still talk to this server only
YASGUI_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class PageError(Exception):
    """A page that cannot be shown: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Settings:
    """How the app was started."""

    store_label: str  # the store directory, for the pages' footer
    upstream: tuple[str, int]  # Oxigraph's internal address
    allow_updates: bool = False
    allow_service: bool = False
    snapshot: bool = True  # True: the pages read a read-only store opened at start (cacheable)
    query_timeout: float | None = None  # seconds a /query request may run; None: no limit
    backend: object | None = None  # the Oxigraph Server (kg.web.oxigraph.Server): restarted to stop a runaway query
    started: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


# -- links ---------------------------------------------------------------------------------------
_EVENT = re.compile(r"^doc/[^/]+/event/")
_DOC_ACTOR = re.compile(r"^doc/[^/]+/actor/")


def page_for(iri: str) -> str:
    """The page of an IRI: its topic, actor, event or place page, else its resource page."""
    kind = "resource"
    if iri.startswith(KGID):
        rest = iri[len(KGID):]
        if rest.startswith("topic/"):
            kind = "topic"
        elif rest.startswith("actor/") or _DOC_ACTOR.match(rest):
            kind = "actor"
        elif _EVENT.match(rest):
            kind = "event"
        elif rest.startswith(("place/geonames/", "place/area/")):  # a city, or an area of kg's table
            kind = "place"
    return f"/{kind}?iri={quote(iri, safe='')}"


class Linker:
    """Renders terms for one page: IRIs as links to their page, labelled where the store labels them."""

    def __init__(self, labels: dict[str, str] | None = None):
        self.labels = dict(labels or {})

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or compact(NamedNode(iri))

    def __call__(self, term, text: str | None = None) -> Markup:
        if term is None:
            return Markup("")
        if isinstance(term, str):
            term = NamedNode(term)
        if isinstance(term, NamedNode):
            shown = text if text is not None else self.label(term.value)
            return Markup('<a href="{}" title="{}">{}</a>').format(page_for(term.value), term.value, shown)
        if isinstance(term, BlankNode):
            return Markup("<span class=\"bnode\">_:{}</span>").format(term.value)
        if isinstance(term, Literal):
            return Markup("{}").format(term.value)
        return Markup("{}").format(str(term))

    def external(self, iri: str) -> Markup:
        return Markup('<a class="external" href="{0}" rel="noreferrer noopener">{0}</a>').format(iri)


def iris_in(rows: list[dict] | list[list]) -> set[str]:
    found = set()
    for row in rows:
        for term in (row.values() if isinstance(row, dict) else row):
            if isinstance(term, NamedNode):
                found.add(term.value)
    return found


# -- pictures ------------------------------------------------------------------------------------
class Pictures:
    """The network, timeline and map pictures of :mod:`kg.plots` as inline SVG. Matplotlib is not
    thread-safe (its settings are global), so one picture is drawn at a time; with a snapshot
    store each picture is drawn once (and the model of every event the maps are cut from is read
    once)."""

    def __init__(self, cache: bool):
        self._lock = threading.Lock()  # matplotlib's
        # the maps' own (no matplotlib: reading the model of every event of a large store takes
        # seconds, and need not hold up the other pictures); re-entrant: a window map asks for that model
        self._map_lock = threading.RLock()
        self._cache: dict[tuple, object] | None = {} if cache else None

    def network(self, store, actor: str) -> tuple[str | None, str]:
        return self._draw(("network", actor), lambda path: self._plot_network(store, actor, path))

    def timeline(self, store, actor: str) -> tuple[str | None, str]:
        return self._draw(("timeline", actor), lambda path: self._plot_timeline(store, actor, path))

    @staticmethod
    def _plot_network(store, actor, path):
        from kg.plots import Filters, plot_network
        return plot_network(store, Filters(actor=actor), path, fmt="svg")

    @staticmethod
    def _plot_timeline(store, actor, path):
        from kg.plots import Filters, plot_timeline
        return plot_timeline(store, Filters(actor=actor), path, fmt="svg")

    # the events map (kg.plots.eventmap's inline SVG, through kg.web.maps)
    def actor_map(self, store, actor: str, label: str) -> maps.MapPicture:
        return self._remember(("map", actor), lambda: maps.actor_map(store, actor, label), self._map_lock)

    def store_map(self, store) -> maps.MapPicture:
        return self._remember(("map", None), lambda: maps.store_map(self._everything(store)), self._map_lock)

    def window_map(self, store, key: str, extent, where: str) -> maps.MapPicture:
        """The store's events in ``extent`` (round a place or a state: ``key`` its IRI)."""
        return self._remember(("map-window", key),
                              lambda: maps.window_map(self._everything(store), extent, where), self._map_lock)

    def _everything(self, store):
        return self._remember(("map-model",), lambda: maps.everything(store), self._map_lock)

    def _remember(self, key, compute, lock=None):
        """``compute()``, once for each key when the pictures are cached."""
        with lock or self._lock:
            if self._cache is not None and key in self._cache:
                return self._cache[key]
            answer = compute()
            if self._cache is not None:
                self._cache[key] = answer
            return answer

    def _draw(self, key, plot) -> tuple[str | None, str]:
        """(the SVG markup, or None when there is nothing to show; the one-line message)."""
        def draw():
            with tempfile.TemporaryDirectory(prefix="kg-picture-") as tmp:
                path = Path(tmp) / "picture.svg"
                result = plot(path)
                svg = None if result.empty else inline_svg(path.read_text(encoding="utf-8"), key[0])
            message = re.sub(r";? ?wrote .*$", "", result.message) if result.empty else result.message
            return (svg, message.replace(f"wrote {path}: ", ""))
        return self._remember(key, draw)


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG file's markup for inlining in a page: no XML prolog or doctype, and its ids
    prefixed so that two pictures on one page do not share any."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', svg)
    return svg


# -- the pages -----------------------------------------------------------------------------------
class Site:
    """Renders the pages from ``store`` (a read-only Store, or a RemoteStore on Oxigraph)."""

    def __init__(self, store, settings: Settings):
        self.store = store
        self.settings = settings
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                      autoescape=jinja2.select_autoescape(["html"]),
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.globals.update(kg_version=__version__, settings=settings, page_for=page_for,
                                compact=lambda iri: compact(NamedNode(iri)), plain=data.plain_term,
                                local_name=data.local_name, quote=lambda s: quote(s, safe=""),
                                is_iri=lambda t: isinstance(t, NamedNode))
        self.pictures = Pictures(cache=settings.snapshot)
        self._home: str | None = None

    def render(self, template: str, **context) -> str:
        context.setdefault("link", Linker())
        return self.env.get_template(template).render(**context)

    # each page: (status, html)
    def home(self, params: dict) -> str:
        if self._home is not None:
            return self._home
        store = self.store
        counts = data.counts(store)
        publishers = data.publishers(store)
        topics = data.topics(store)
        actors, dyads = data.activity(store)
        shown = topics[:HOME_TOPICS]
        iris = iris_in(publishers) | iris_in(shown) | {i for a in actors + dyads for i in a.iris}
        events_map = self.pictures.store_map(store)
        page = self.render("home.html", title="kg", counts=counts, publishers=publishers, topics=shown,
                           more_topics=len(topics) - len(shown), actors=actors, dyads=dyads,
                           map_svg=Markup(events_map.svg) if events_map.svg else None, map_note=events_map.note,
                           link=Linker(data.labels(store, iris)))
        if self.settings.snapshot:  # the store does not change under a read-only server: once is enough
            self._home = page
        return page

    def topic(self, params: dict) -> str:
        iri = self._iri(params)
        store = self.store
        topic = data.describe(store, iri)
        if not topic.known:
            raise PageError(404, f"the store says nothing of {iri}")
        label = topic.text(SKOS + "prefLabel") or data.local_name(iri)
        sources = data.topic_sources(store, label)
        facts = data.topic_facts(store, label)
        denotes = [t.value for t in topic.all(KG + "denotes") if isinstance(t, NamedNode)]
        denoted = {d: data.describe(store, d).kg_classes() for d in denotes}
        schemes = [t.value for t in topic.all(SKOS + "inScheme") if isinstance(t, NamedNode)]
        publishers = {}
        for scheme in schemes:
            for p in data.describe(store, scheme).all(DCTERMS + "publisher"):
                publishers[scheme] = p.value
        articles = data.articles_about(store, iri)
        iris = ({iri} | set(denotes) | set(schemes) | set(publishers.values()) | iris_in(sources)
                | iris_in(facts) | iris_in(articles))
        return self.render("topic.html", title=label, iri=iri, topic=topic, label=label, sources=sources,
                           facts=facts, denoted=denoted, schemes=schemes, publishers=publishers,
                           definition=topic.text(SKOS + "definition"), articles=articles,
                           graphs=data.graphs(store, iri), link=Linker(data.labels(store, iris)))

    def actor(self, params: dict) -> str:
        iri = self._iri(params)
        store = self.store
        actor = data.describe(store, iri)
        if not actor.known:
            raise PageError(404, f"the store says nothing of {iri}")
        label = actor.text(RDFS_LABEL) or data.local_name(iri)
        memberships = data.memberships(store, iri)
        events = data.actor_events(store, iri)
        forms = data.mention_forms(store, iri)
        outlet_names = data.names_by_outlet(store, iri)
        topics = data.denoting_topics(store, iri)
        articles = data.articles_about(store, iri)
        timeline_svg, timeline_note = self.pictures.timeline(store, iri)
        network_svg, network_note = self.pictures.network(store, iri)
        events_map = self.pictures.actor_map(store, iri, label)
        # a state: what happened in it (kg:happenedIn, or at a place kg:inState it), with its window of the map
        happened, state_map = None, None
        if "State" in actor.kg_classes():
            happened = data.state_events(store, iri)
            extent = maps.state_extent(actor.text(KG + "iso3166Alpha3") or "") if happened else None
            if extent is not None:
                state_map = self.pictures.window_map(store, iri, extent, label)
        part_of = [t.value for t in actor.all(KG + "partOf") if isinstance(t, NamedNode)]
        iris = ({iri} | set(part_of) | iris_in(memberships) | iris_in(events) | iris_in(topics)
                | iris_in(articles) | iris_in((happened or [])[:PAGE_ROWS]))
        identifiers = [(name, actor.all(KG + local)) for name, local in
                       (("ISO 3166 alpha-3", "iso3166Alpha3"), ("CAMEO code", "cameoCode"),
                        ("knowledge-base id", "fromKnowledgeBase"))]
        return self.render("actor.html", title=label, iri=iri, actor=actor, label=label,
                           classes=actor.kg_classes(), labels=actor.all(RDFS_LABEL),
                           alt_labels=actor.all(SKOS + "altLabel"), identifiers=identifiers,
                           same_as=[t.value for t in actor.all(OWL_SAMEAS)], part_of=part_of,
                           memberships=memberships, events=events, forms=forms, outlet_names=outlet_names,
                           topics=topics,
                           articles=articles, timeline_svg=Markup(timeline_svg) if timeline_svg else None,
                           timeline_note=timeline_note,
                           network_svg=Markup(network_svg) if network_svg else None, network_note=network_note,
                           map_svg=Markup(events_map.svg) if events_map.svg else None, map_note=events_map.note,
                           happened=happened[:PAGE_ROWS] if happened is not None else None,
                           happened_total=len(happened or []), state_map_svg=Markup(state_map.svg) if state_map and state_map.svg else None,
                           state_map_note=state_map.note if state_map else None,
                           graphs=data.graphs(store, iri), link=Linker(data.labels(store, iris)))

    def event(self, params: dict) -> str:
        iri = self._iri(params)
        store = self.store
        event = data.describe(store, iri)
        if KG + "Event" not in event.types():
            raise PageError(404, f"the store holds no event {iri}")
        kind = event.first(SEM + "eventType")
        kind_info = data.describe(store, kind.value) if isinstance(kind, NamedNode) else None
        quad = kind_info.first(KG + "quadClass") if kind_info else None
        articles = [t.value for t in event.all(PROV + "wasDerivedFrom") if isinstance(t, NamedNode)]
        article_info = {a: data.describe(store, a) for a in articles}
        spans = data.evidence(store, iri)
        documents = []
        for document in sorted({s.document for s in spans}):
            source = data.document_text(store, document)
            pieces, problems = data.marked_text(source.text or "", [s for s in spans if s.document == document])
            documents.append((source, pieces, problems))
        places = [t.value for t in event.all(SEM + "hasPlace") if isinstance(t, NamedNode)]
        place_info = {p: data.describe(store, p) for p in places}
        publishers = {a: info.first(SCHEMA + "publisher") for a, info in article_info.items()}
        reports = data.reports(store, iri)
        iris = ({iri} | set(articles) | set(places) | {t.value for t in publishers.values() if t is not None}
                | {t.value for p in (KG + "sourceActor", KG + "targetActor") for t in event.all(p)}
                | ({kind.value} if isinstance(kind, NamedNode) else set())
                | ({quad.value} if isinstance(quad, NamedNode) else set())
                | {s.document for s in spans})
        for info in place_info.values():
            iris |= {t.value for t in info.all(KG + "inState")}
        return self.render("event.html", title=event.text(RDFS_LABEL) or "event", iri=iri, event=event,
                           kind=kind, kind_info=kind_info, quad=quad, articles=articles,
                           article_info=article_info, publishers=publishers, documents=documents,
                           spans=spans, places=places, place_info=place_info, graphs=data.graphs(store, iri),
                           reports=reports, link=Linker(data.labels(store, iris)))

    def place(self, params: dict) -> str:
        iri = self._iri(params)
        store = self.store
        place = data.describe(store, iri)
        if KG + "Place" not in place.types():
            raise PageError(404, f"the store holds no place {iri}")
        label = place.text(RDFS_LABEL) or data.local_name(iri)
        happened = data.place_events(store, iri)
        states = [t.value for t in place.all(KG + "inState") if isinstance(t, NamedNode)]
        try:
            lat, lon = float(place.text(GEO + "lat")), float(place.text(GEO + "long"))
        except (TypeError, ValueError):
            lat = lon = None
        if lat is None:
            events_map = maps.MapPicture(None, "The store gives no coordinates for this place, so no map.")
        else:
            events_map = self.pictures.window_map(store, iri, maps.place_extent(lon, lat), label)
        iris = {iri} | set(states) | iris_in(happened[:PAGE_ROWS])
        return self.render("place.html", title=label, iri=iri, place=place, label=label, lat=lat, lon=lon,
                           states=states, same_as=[t.value for t in place.all(OWL_SAMEAS)],
                           happened=happened[:PAGE_ROWS], happened_total=len(happened),
                           map_svg=Markup(events_map.svg) if events_map.svg else None, map_note=events_map.note,
                           graphs=data.graphs(store, iri), link=Linker(data.labels(store, iris)))

    def resource(self, params: dict) -> str:
        iri = self._iri(params)
        store = self.store
        resource = data.describe(store, iri)
        pointing = data.incoming(store, iri)
        if not resource.known and not pointing:
            raise PageError(404, f"the store says nothing of {iri}")
        iris = {iri} | set(resource.values) | {t.value for ts in resource.values.values() for t in ts
                                               if isinstance(t, NamedNode)} | iris_in(pointing)
        label = data.labels(store, [iri]).get(iri) or compact(NamedNode(iri))
        special = page_for(iri)
        return self.render("resource.html", title=label, iri=iri, label=label, resource=resource,
                           pointing=pointing, graphs=data.graphs(store, iri),
                           special=None if special.startswith("/resource") else special,
                           link=Linker(data.labels(store, iris)))

    def network(self, params: dict) -> str:
        from kg.plots import Filters
        from kg.plots.data import check_actor, network_data
        from kg.plots.html import page_data
        from kg.plots.network import describe, sources_line
        from kg.plots.style import CLASS_COLOURS, CLASS_NAMES, MEMBERSHIP_COLOUR, quad_colour, quad_name
        from kg.plots.data import QUAD_CLASSES

        actor = self._iri(params, "actor", required=False)
        store = self.store
        if actor:
            try:
                check_actor(store, "actor", actor)
            except KgError as exc:
                raise PageError(404, str(exc)) from exc
        model = network_data(store, Filters(actor=actor))
        payload = page_data(model) if not model.empty else None
        classes = sorted({n.cls for n in model.nodes}, key=lambda c: CLASS_NAMES.get(c, c))
        return self.render(
            "network.html", title="Actor network", actor=actor, empty=model.empty,
            description=describe(model) if not model.empty else "", sources=sources_line(model) if not model.empty else "",
            payload=Markup(_script_json(payload)) if payload else None,
            quads=[(quad_name(q), quad_colour(q)) for q in QUAD_CLASSES], membership_colour=MEMBERSHIP_COLOUR,
            classes=[(CLASS_NAMES.get(c, c), CLASS_COLOURS.get(c, CLASS_COLOURS["Actor"])) for c in classes],
            link=Linker(data.labels(store, [actor] if actor else [])))

    # -- queries
    def queries(self, params: dict) -> str:
        return self.render("queries.html", title="Queries", queries=list(bundled_queries().values()))

    def query(self, name: str, params: list[tuple[str, str]]) -> str:
        named = self._named(name)
        values, run = self._values(named, params)
        result, error = None, None
        if run:
            try:
                result = run_query(self.store, named, values)
            except QueryError as exc:
                error = str(exc)
        downloads = None
        if result is not None:
            qs = urlencode(sorted(values.items()))
            downloads = {fmt: f"/queries/{quote(name)}.{fmt}" + (f"?{qs}" if qs else "") for fmt in ("csv", "json")}
        shown = result.rows[:PAGE_ROWS] if result else []
        command = "kg query " + name + "".join(f" -p {k}={v}" for k, v in sorted(values.items()))
        return self.render("query.html", title=f"Query: {name}", query=named, values=values, result=result,
                           rows=shown, total=len(result.rows) if result else 0, error=error, downloads=downloads,
                           command=command, link=Linker(data.labels(self.store, iris_in(shown))))

    def query_download(self, name: str, fmt: str, params: list[tuple[str, str]]) -> tuple[str, str]:
        named = self._named(name)
        values, _run = self._values(named, params)
        try:
            result = run_query(self.store, named, values)
        except QueryError as exc:
            raise PageError(400, str(exc)) from exc
        out = io.StringIO()
        write_results(result.columns, result.rows, fmt, out)
        return out.getvalue(), {"csv": "text/csv; charset=utf-8",
                                "json": "application/sparql-results+json; charset=utf-8"}[fmt]

    def _named(self, name: str):
        queries = bundled_queries()
        if name not in queries:
            raise PageError(404, f"no bundled query named {name!r} (see /queries)")
        return queries[name]

    @staticmethod
    def _values(named, params: list[tuple[str, str]]) -> tuple[dict[str, str], bool]:
        """The parameter values given (blank fields left out), and whether to run the query: a
        submitted form (``run``) or any value runs it; a bare address shows the form."""
        known = {p.name for p in named.parameters}
        values = {k: v.strip() for k, v in params if k in known and v.strip()}
        return values, any(k == "run" for k, _ in params) or bool(values)

    @staticmethod
    def _iri(params: dict, name: str = "iri", required: bool = True) -> str | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            if required:
                raise PageError(400, f"give the resource as ?{name}=IRI")
            return None
        try:
            return parse_value(Parameter(name, "iri", True, ""), raw).value
        except QueryError as exc:
            raise PageError(400, str(exc).replace(f"parameter {name}: ", "")) from exc

    def error(self, status: int, message: str) -> str:
        return self.render("error.html", title=f"{status} {HTTPStatus(status).phrase}", status=status,
                           phrase=HTTPStatus(status).phrase, message=message)


def _script_json(value) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
