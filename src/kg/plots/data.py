"""What the pictures show, read from the store as plain Python rows (no RDF terms past this module).

The SPARQL lives in ``kg/plots/queries/*.rq`` (headers as for the bundled queries); parameters are
bound by :func:`kg.services.query.bind` (a ``VALUES`` block written by Oxigraph's term serialiser), and the
lists of actors the per-actor queries need go in the same way, one row per actor. Everything is
returned sorted, so the same store and options give the same model, and the same picture.

The network (:func:`network_data`):

- **events**: asserted events with a source and a target, matching ``actor``/``since``/``until``/
  ``types``, aggregated into one directed edge per (source, target, quad class), with the count,
  the Goldstein sum (where events carry a value) and the PLOVER types it gathers;
- **memberships**: every membership a publisher states (its glossary's claim) and, from the
  reference data and the knowledge base, the memberships between actors already in the picture.
  With an event filter (actor, dates, types) only the stated memberships that touch an actor of the
  matching events are kept, so the picture stays about those events; with an actor, all of that
  actor's own memberships are drawn too, whoever states them;
- **nodes**: the actors at either end, with label, class (the most specific kg class) and how many
  mentions of them the articles hold (in the whole store, not only the filtered events).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from kg import resources
from kg.errors import QueryError, UsageError
from kg.services.names import resolve
from kg.services.query import NamedQuery, Parameter, bind, parse_query_file, parse_value, top_level_group_start

QUERY_DIR = resources.package_path("plots", "queries")

# The four quad classes in reading order, with their colours (cooperation greens, conflict reds).
QUAD_CLASSES = ("VerbalCooperation", "MaterialCooperation", "VerbalConflict", "MaterialConflict")
QUAD_LABELS = {"VerbalCooperation": "verbal cooperation", "MaterialCooperation": "material cooperation",
               "VerbalConflict": "verbal conflict", "MaterialConflict": "material conflict"}

# Most specific first: an actor typed kg:Alliance and kg:Organization is drawn as an alliance.
ACTOR_CLASSES = ("Alliance", "IntergovernmentalOrganization", "ArmedGroup", "PoliticalParty", "Movement",
                 "GovernmentBody", "State", "Person", "EthnicGroup", "ReligiousGroup", "UnnamedAgent",
                 "Organization")
OTHER_CLASS = "Actor"


# -- the model -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    cls: str  # one of ACTOR_CLASSES, or OTHER_CLASS
    mentions: int


@dataclass(frozen=True)
class EventEdge:
    source: str
    target: str
    quad: str  # one of QUAD_CLASSES (or the quad class's local name, for another scheme)
    count: int
    goldstein: float | None  # the sum over the events that carry a value; None if none does
    types: tuple[tuple[str, int], ...]  # (PLOVER type, events), sorted by type


@dataclass(frozen=True)
class MembershipEdge:
    member: str
    alliance: str
    sources: tuple[str, ...]  # who states it, sorted
    stated: bool  # stated by a publisher (else reference data / knowledge base only)


@dataclass(frozen=True)
class EventRow:
    event: str
    source: str
    target: str | None
    type: str
    quad: str
    goldstein: float | None
    earliest: str | None  # YYYY-MM-DD
    latest: str | None
    publisher: str | None

    @property
    def month(self) -> str | None:
        """The month of the event's latest possible date (as event-counts.rq counts it)."""
        return self.latest[:7] if self.latest else None


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    other: str | None = None
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    historical: bool = False  # also events whose only date is history

    @property
    def any_event_filter(self) -> bool:
        return bool(self.actor or self.other or self.since or self.until or self.types)


@dataclass
class Network:
    nodes: list[Node]
    events: list[EventEdge]
    memberships: list[MembershipEdge]
    sources: list[str]  # publishers of the events' articles and whoever states the memberships drawn
    filters: Filters
    event_count: int  # events drawn (as edges)
    untargeted: int  # matching events with no target (not drawn)
    goldstein_values: int  # how many of the drawn events carry a Goldstein value
    labels: dict[str, str] = field(default_factory=dict)  # label of every IRI in the filters
    left_out: int = 0  # actors of matching events not drawn (beyond the top N)
    members_not_drawn: dict[str, int] = field(default_factory=dict)  # organisation -> its members not drawn

    @property
    def empty(self) -> bool:
        return not self.events and not self.memberships

    def node(self, iri: str) -> Node:
        for n in self.nodes:
            if n.iri == iri:
                return n
        raise KeyError(iri)


@dataclass
class Timeline:
    events: list[EventRow]  # every matching event, sorted by (latest, event)
    filters: Filters
    labels: dict[str, str]
    sources: list[str]
    type_quads: dict[str, str]  # PLOVER type -> quad class, for the types of the store's scheme
    type_order: list[str]

    @property
    def dated(self) -> list[EventRow]:
        return [e for e in self.events if e.month]

    @property
    def undated(self) -> int:
        return sum(1 for e in self.events if not e.month)

    @property
    def goldstein_values(self) -> int:
        return sum(1 for e in self.events if e.goldstein is not None)

    def months(self) -> list[str]:
        """Every month from the first event's to the last's, the empty ones included."""
        present = sorted({e.month for e in self.dated})
        if not present:
            return []
        (y, m), (y_end, m_end) = (tuple(int(x) for x in present[0].split("-")),
                                  tuple(int(x) for x in present[-1].split("-")))
        months = []
        while (y, m) <= (y_end, m_end):
            months.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return months

    bin_size: str | None = None  # "day", "week", "month" or "year"; None: chosen from the span

    @property
    def bin(self) -> str:
        """The bars' width: the one asked for, else from the span of the events' latest dates, so
        that a picture has a few dozen bars at most (a 60-year span is 60 bars, not 720)."""
        if self.bin_size:
            return self.bin_size
        days = sorted(e.latest[:10] for e in self.dated)
        if not days:
            return "month"
        span = (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days
        return "day" if span <= 31 else "week" if span <= 92 else "month" if span <= 5 * 366 else "year"

    def period(self, e: EventRow) -> str:
        """The bar an event counts in: its latest possible date's day, week (its Monday), month or year."""
        day = date.fromisoformat(e.latest[:10])
        if self.bin == "day":
            return day.isoformat()
        if self.bin == "week":
            return (day - timedelta(days=day.weekday())).isoformat()
        return e.month if self.bin == "month" else e.latest[:4]

    def periods(self) -> list[str]:
        """Every period from the first event's to the last's, the empty ones included."""
        if self.bin == "month":
            return self.months()
        present = sorted({self.period(e) for e in self.dated})
        if not present:
            return []
        if self.bin == "year":
            return [f"{y:04d}" for y in range(int(present[0]), int(present[-1]) + 1)]
        step = 1 if self.bin == "day" else 7
        first, last = date.fromisoformat(present[0]), date.fromisoformat(present[-1])
        return [(first + timedelta(days=i)).isoformat() for i in range(0, (last - first).days + 1, step)]


# -- options ---------------------------------------------------------------------------------------
def parse_iri(option: str, raw: str, store=None) -> str:
    """An IRI given on the command line (prefixed names such as ``kgid:actor/state/ARM`` expanded,
    as ``kg query`` does); with ``store``, also a name (``Armenia``, ``ARM``, ``Kremlin``) resolved
    through it by the rule of ``kg query``'s ``iri`` parameters (:mod:`kg.services.names`). A
    one-line :class:`UsageError` naming ``option`` if it is neither, or if the name is unknown or
    ambiguous (listing the candidates)."""
    try:
        if store is not None:
            raw = resolve(store, raw, option)
        return parse_value(Parameter(option, "iri", True, ""), raw).value
    except QueryError as exc:
        raise UsageError(re.sub(r"^parameter \S+: ", f"{option}: ", str(exc))) from exc


def parse_date(option: str, raw: str | None) -> str | None:
    """``--since``/``--until``: exactly YYYY-MM-DD, by the rule of ``kg query``'s date parameters."""
    from kg.errors import QueryError
    from kg.services.query import Parameter, parse_value

    if raw is None:
        return None
    try:
        return parse_value(Parameter(option, "date", False, ""), raw).value
    except QueryError as exc:
        raise UsageError(str(exc).replace(f"parameter {option}: ", f"{option}: ")) from exc


def parse_types(raw: str | None, known: list[str]) -> tuple[str, ...]:
    """``--types AGREE,ACCUSE`` as PLOVER notations of the store's scheme (any letter case)."""
    if raw is None:
        return ()
    wanted = [t.strip().upper() for t in raw.split(",") if t.strip()]
    if not wanted:
        raise UsageError("--types: give one or more PLOVER types, e.g. --types ACCUSE,THREATEN")
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise UsageError(f"--types: unknown PLOVER type(s) {', '.join(unknown)} "
                         f"(the store's scheme has: {', '.join(known) or 'none'})")
    return tuple(sorted(set(wanted)))


def check_dates(since: str | None, until: str | None) -> None:
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")


# -- running the queries ---------------------------------------------------------------------------
@lru_cache(maxsize=None)
def plot_query(name: str) -> NamedQuery:
    return parse_query_file(QUERY_DIR / f"{name}.rq")


def _py(term):
    """A result term as plain Python: IRIs and strings as str, numbers as int/float, dates as text."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if datatype.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _rows(store, query: NamedQuery, values: dict[str, str] | None = None,
          actors: list[str] | None = None, variable: str = "actor") -> list[dict]:
    """The query's solutions as plain rows; with ``actors``, once for each of those IRIs (bound to
    ``?variable``: the actors, or the happenings of the coverage picture)."""
    text = bind(query, values or {})
    if actors is not None:
        if not actors:
            return []
        block = f"VALUES ?{variable} {{ " + " ".join(str(NamedNode(a)) for a in actors) + " }\n"
        position = top_level_group_start(text)
        text = text[:position] + "\n" + block + text[position:]
    solutions = store.query(text)
    if not hasattr(solutions, "variables"):  # ASK: a QueryBoolean
        return [{"result": bool(solutions)}]
    names = [v.value for v in solutions.variables]
    return [{name: _py(solution[name]) for name in names} for solution in solutions]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def event_types(store) -> tuple[list[str], dict[str, str]]:
    """The PLOVER types of the store's scheme in reading order (by quad class, then CAMEO root),
    and each type's quad class."""
    rows = _rows(store, plot_query("event-types"))
    quads = {r["type"]: _local(r["quad"]) for r in rows}
    cameo = {r["type"]: r["cameo"] or "99" for r in rows}

    def key(t):
        q = quads[t]
        return (QUAD_CLASSES.index(q) if q in QUAD_CLASSES else len(QUAD_CLASSES), q, cameo[t], t)
    return sorted(quads, key=key), quads


def check_actor(store, option: str, iri: str) -> None:
    if not _rows(store, plot_query("actor-known"), {"actor": iri})[0]["result"]:
        raise UsageError(f"{option} {iri}: the store says nothing of this actor "
                         f"(`kg query actors` lists them)")


def events(store, filters: Filters) -> list[EventRow]:
    values = {k: v for k, v in (("actor", filters.actor), ("other", filters.other),
                                ("since", filters.since), ("until", filters.until),
                                ("include_historical", "true" if filters.historical else None)) if v}
    out = []
    seen = set()
    for r in _rows(store, plot_query("events"), values):
        if filters.types and r["type"] not in filters.types:
            continue
        if r["event"] in seen:  # one row per event even if the store holds two types for it
            continue
        seen.add(r["event"])
        out.append(EventRow(r["event"], r["source"], r["target"], r["type"], _local(r["quad"]),
                            r["goldstein"], _day(r["earliest"]), _day(r["latest"]), r["publisher"]))
    return sorted(out, key=lambda e: (e.latest or "9999", e.event))


def _day(value) -> str | None:
    return str(value)[:10] if value is not None else None


def labels(store, iris: list[str]) -> dict[str, str]:
    found = {r["actor"]: r["label"] for r in _rows(store, plot_query("actor-labels"), actors=sorted(iris))}
    return {iri: found.get(iri) or _local(iri) for iri in iris}


def actor_classes(store, iris: list[str]) -> dict[str, str]:
    classes = defaultdict(set)
    for r in _rows(store, plot_query("actor-classes"), actors=sorted(iris)):
        classes[r["actor"]].add(_local(r["class"]))
    out = {}
    for iri in iris:
        out[iri] = next((c for c in ACTOR_CLASSES if c in classes[iri]), OTHER_CLASS)
    return out


def mentions(store, iris: list[str]) -> dict[str, int]:
    found = {r["actor"]: r["mentions"] for r in _rows(store, plot_query("actor-mentions"), actors=sorted(iris))}
    return {iri: int(found.get(iri) or 0) for iri in iris}


def memberships(store) -> list[MembershipEdge]:
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for r in _rows(store, plot_query("memberships")):
        grouped[(r["member"], r["alliance"])].append((_source_name(r["source"]), bool(r["stated"])))
    return [MembershipEdge(member, alliance, tuple(sorted({s for s, _ in rows})), any(st for _, st in rows))
            for (member, alliance), rows in sorted(grouped.items())]


def _source_name(name: str) -> str:
    # "kg's bundled knowledge base (see src/kg/data/kb/NOTICE.md)" -> "kg's bundled knowledge base"
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip() or name


# -- the pictures' data ----------------------------------------------------------------------------
DEFAULT_TOP = 40  # actors in a network picture, unless asked for more


def _top_actors(rows: list[EventRow], counts: dict[str, int], top: int, keep: set[str]) -> set[str]:
    """The ``top`` actors of the events the documents mention most (then with the most events;
    ties by IRI), with ``keep`` (the filter's actors) always among them."""
    events_of = Counter(a for e in rows for a in (e.source, e.target))
    ranked = sorted(events_of, key=lambda a: (-counts.get(a, 0), -events_of[a], a))
    return set(keep) | set([a for a in ranked if a not in keep][:max(0, top - len(keep))])


def network_data(store, filters: Filters, top: int | None = DEFAULT_TOP, all_members: bool = False) -> Network:
    """The network picture's model (see the module's docstring for what goes in): the ``top``
    actors the documents mention most (None: all), and an organisation's members only where they
    are in the picture for their events (``all_members``: every member the memberships list)."""
    rows = events(store, filters)
    targeted = [e for e in rows if e.target]
    left_out = 0
    if top is not None:
        actors = sorted({a for e in targeted for a in (e.source, e.target)})
        keep = {i for i in (filters.actor, filters.other) if i}
        chosen = _top_actors(targeted, mentions(store, actors), top, keep)
        left_out = len(set(actors) - chosen)
        targeted = [e for e in targeted if e.source in chosen and e.target in chosen]
    grouped: dict[tuple[str, str, str], list[EventRow]] = defaultdict(list)
    for e in targeted:
        grouped[(e.source, e.target, e.quad)].append(e)
    edges = []
    for (source, target, quad), group in sorted(grouped.items()):
        values = [e.goldstein for e in group if e.goldstein is not None]
        edges.append(EventEdge(source, target, quad, len(group), sum(values) if values else None,
                               tuple(sorted(Counter(e.type for e in group).items()))))

    event_actors = {e.source for e in targeted} | {e.target for e in targeted}
    if filters.actor:
        event_actors.add(filters.actor)
    every = memberships(store)
    if filters.any_event_filter:
        stated = [m for m in every if m.stated and (m.member in event_actors or m.alliance in event_actors)]
    else:
        stated = [m for m in every if m.stated]
    if filters.actor:  # the actor's own memberships, whoever states them
        stated += [m for m in every if filters.actor in (m.member, m.alliance) and m not in stated]
    members_not_drawn: dict[str, int] = {}
    collapsed: set[str] = set()
    if not all_members and event_actors:
        # a membership star (NATO and its 31 members) collapses to the organisation: in a picture of
        # events, members join for their events, not for their membership
        hidden = [m for m in stated if m.member not in event_actors and m.member != filters.actor]
        for m in hidden:
            members_not_drawn[m.alliance] = members_not_drawn.get(m.alliance, 0) + 1
        collapsed = {m.alliance for m in hidden}
        stated = [m for m in stated if m not in hidden]
    nodes = set(event_actors) | {m.member for m in stated} | {m.alliance for m in stated} | collapsed
    kept = set(stated)
    drawn = [m for m in every if m in kept or (m.member in nodes and m.alliance in nodes)]
    if not edges and not drawn and not collapsed:
        nodes = set()

    ordered = sorted(nodes)
    names, classes, counts = labels(store, ordered), actor_classes(store, ordered), mentions(store, ordered)
    node_list = [Node(iri, names[iri], classes[iri], counts[iri]) for iri in ordered]
    sources = sorted({e.publisher for e in targeted if e.publisher}
                     | {s for m in drawn for s in m.sources}, key=str.lower)
    filter_iris = [i for i in (filters.actor, filters.other) if i]
    return Network(node_list, edges, drawn, sources, filters, len(targeted), len(rows) - len(targeted),
                   sum(1 for e in targeted if e.goldstein is not None),
                   labels(store, filter_iris) if filter_iris else {}, left_out,
                   {a: n for a, n in sorted(members_not_drawn.items()) if a in nodes})


def timeline_data(store, filters: Filters, bin_size: str | None = None) -> Timeline:
    """The timeline picture's model: every matching event (with or without a target)."""
    rows = events(store, filters)
    order, quads = event_types(store)
    for e in rows:  # a type outside the store's scheme still gets a place, at the end
        if e.type not in quads:
            quads[e.type] = e.quad
            order.append(e.type)
    filter_iris = [i for i in (filters.actor, filters.other) if i]
    return Timeline(rows, filters, labels(store, filter_iris), sorted({e.publisher for e in rows if e.publisher},
                                                                        key=str.lower), quads, order, bin_size)


# -- who reported what -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Happening:
    """One column of the coverage picture: a happening (kg.build.happenings) and its reports."""

    iri: str
    type: str  # the PLOVER type of its reports (the smallest, if they differ)
    quad: str
    source: str | None  # the source actor's label
    target: str | None
    date: str | None  # YYYY-MM-DD: the earliest day its reports give
    reports: int  # its reports in every outlet's articles
    outlets: int  # the outlets with a report of it

    @property
    def label(self) -> str:
        """"Donald J. Trump CONSULT Kim Jong Un (2018-04-17)"."""
        words = " ".join(w for w in (self.source or "?", self.type, self.target) if w)
        return f"{words} ({self.date})" if self.date else words


@dataclass
class Coverage:
    publishers: list[str]  # every outlet with an article in the store, by name
    happenings: list[Happening]  # the columns: the most reported first
    cells: dict[tuple[str, str], int]  # (publisher, happening IRI) -> that outlet's reports of it (> 0)
    matching: int  # happenings matching the filters, before --top
    filters: Filters
    top: int
    labels: dict[str, str] = field(default_factory=dict)  # label of the filters' actor

    @property
    def empty(self) -> bool:
        return not self.happenings

    def reported(self, publisher: str) -> int:
        """How many of the happenings shown ``publisher`` reported."""
        return sum(1 for h in self.happenings if (publisher, h.iri) in self.cells)


def coverage_data(store, filters: Filters, top: int = 30) -> Coverage:
    """The coverage picture's model: every outlet against the ``top`` happenings matching
    ``filters`` (actor, since, until, types) with the most reports (then the most outlets)."""
    from kg.services.query import bundled_queries

    values = {k: v for k, v in (("actor", filters.actor), ("since", filters.since), ("until", filters.until)) if v}
    rows = _rows(store, bundled_queries()["coverage"], values)
    if filters.types:
        rows = [r for r in rows if r["type"] in filters.types]
    publishers = sorted({r["publisher"] for r in rows}, key=lambda p: (p.casefold(), p))
    cells = {(r["publisher"], r["happening"]): int(r["reports"]) for r in rows if r["reported"]}
    first = {}  # one row per happening carries its type and labels (the same in each of its rows)
    for r in rows:
        first.setdefault(r["happening"], r)
    reports, outlets = Counter(), Counter()
    for (_, iri), n in cells.items():
        reports[iri] += n
        outlets[iri] += 1
    shown = sorted(first, key=lambda h: (-reports[h], -outlets[h], h))[:top]
    dates = {r["happening"]: r["date"] for r in _rows(store, plot_query("happening-dates"), actors=sorted(shown),
                                                        variable="happening")}
    quads = event_types(store)[1] if shown else {}
    happenings = []
    for iri in shown:
        r = first[iri]
        happenings.append(Happening(iri, r["type"], quads.get(r["type"], ""), r["source_label"], r["target_label"],
                                    _day(dates.get(iri)), reports[iri], outlets[iri]))
    kept = {h.iri for h in happenings}
    return Coverage(publishers, happenings, {k: n for k, n in cells.items() if k[1] in kept}, len(first), filters,
                    top, labels(store, [filters.actor]) if filters.actor else {})


def filters_phrase(f) -> str:
    """The date and type filters of a picture as the end of its description: ", 2024-01-01 to
    2024-06-30, types ASSAULT, COERCE" (empty without filters)."""
    out = ""
    if f.since and f.until:
        out += f", {f.since} to {f.until}"
    elif f.since:
        out += f", from {f.since}"
    elif f.until:
        out += f", until {f.until}"
    if f.types:
        out += f", types {', '.join(f.types)}"
    return out
