"""The map: where the events happen.

Each event is drawn at its place (a GeoNames city, with the coordinates the graph gives it), or,
where the text names no closer place than a state ("fighting in Ukraine"), at that state's
representative point, drawn hollow and said so in the legend. Events with neither are counted in
the title, not drawn. Markers are sized by how many events a place holds and coloured by quad class
(or PLOVER type); countries are shaded by how many events happen in them or, with ``actors``, by
how many events their actors (the states, their bodies, their office holders) take part in.

The countries come from :mod:`kg.plots.basemap` (Natural Earth 1:50m, shipped with kg: nothing is
fetched). The projection is plain longitude/latitude with the aspect of the map's middle latitude,
which keeps a regional map true to shape and needs no projection library. The html form is one
self-contained page: the same map as inline SVG, each marker with its events' evidence on hover.
"""
from __future__ import annotations

import html as html_escape
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.plots import basemap
from kg.plots.data import QUAD_CLASSES, Filters, _rows, events, filters_phrase, plot_query

TITLE = "Where the events happen"
LAND = "#ececec"
BORDER = "#ffffff"
SHADES = ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40")  # few -> many
COUNTRY_MARK = "no closer place"


@dataclass
class MapEvent:
    event: str
    type: str
    quad: str
    label: str  # "Source TYPE Target"
    evidence: str


@dataclass
class MapPoint:
    lon: float
    lat: float
    label: str
    precision: str  # "place" (a city) or "country" (the state the text names)
    events: list[MapEvent] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.events)

    def main_class(self, by: str) -> str:
        """The quad class (or type) most of the point's events have, the first in order on a tie."""
        keys = Counter(e.quad if by == "quad" else e.type for e in self.events)
        return sorted(keys.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


@dataclass
class EventMap:
    filters: Filters
    labels: dict[str, str]
    points: list[MapPoint]
    shading: dict[str, int]  # ISO alpha-3 -> events
    shade_by: str  # "place" or "actors"
    total: int  # events matching the filters
    undrawn: int  # of which with neither a place nor a state
    extent: tuple[float, float, float, float]

    @property
    def empty(self) -> bool:
        return not self.points and not self.shading

    @property
    def drawn(self) -> int:
        return sum(p.count for p in self.points)


def map_data(store, filters: Filters, *, shade_by_actors: bool = False, extent: str | None = None,
             labels: dict[str, str] | None = None) -> EventMap:
    """The map's model: the events of ``filters`` grouped by place, the countries' counts, the
    extent (``extent``: a region name, a country or a box; None: fitted to what is drawn)."""
    from kg.plots.data import labels as actor_labels

    rows = events(store, filters)
    by_event = {r["event"]: r for r in _rows(store, plot_query("event-places"), actors=[e.event for e in rows],
                                             variable="event")} if rows else {}
    names = actor_labels(store, sorted({e.source for e in rows} | {e.target for e in rows if e.target}))
    points: dict[tuple, MapPoint] = {}
    shading: Counter = Counter()
    happen_in: set[str] = set()
    undrawn = 0
    for e in rows:
        where = by_event.get(e.event, {})
        label = " ".join(x for x in (names.get(e.source, ""), e.type, names.get(e.target, "") if e.target else "") if x)
        item = MapEvent(e.event, e.type, e.quad, label, " ".join((where.get("evidence") or "").split()))
        point = _point_of(where)
        if point is None:
            undrawn += 1
        else:
            points.setdefault(point[:3], MapPoint(*point)).events.append(item)
        if where.get("place_state") or where.get("country"):
            happen_in.add(where.get("place_state") or where.get("country"))
        if shade_by_actors:
            for state in {where.get("source_state"), where.get("target_state")} - {None}:
                shading[state] += 1
        else:
            state = where.get("place_state") or where.get("country")
            if state:
                shading[state] += 1
    ordered = sorted(points.values(), key=lambda p: (-p.count, p.label, p.lon, p.lat))
    if extent:
        window = basemap.parse_extent(extent)
    else:
        # the places drawn and the countries events happen in; shading by actors, whose partners
        # may be half a world away, does not widen it (else the most involved country alone)
        # (nothing placed at all: the countries that take part in at least half as many events as the most)
        most = max(shading.values(), default=0)
        where = sorted(happen_in) or sorted(k for k, n in shading.items() if 2 * n >= most)
        window = basemap.fit_extent([(p.lon, p.lat) for p in ordered], where)
    return EventMap(filters, labels or {}, ordered, dict(sorted(shading.items())),
                    "actors" if shade_by_actors else "place", len(rows), undrawn, window)


def _point_of(where: dict) -> tuple[float, float, str, str] | None:
    if where.get("lat") is not None and where.get("long") is not None:
        return float(where["long"]), float(where["lat"]), where.get("place_label") or "", "place"
    country = where.get("country")
    if country:
        at = basemap.anchor(country)
        if at is not None:
            known = basemap.countries().get(country)
            return at[0], at[1], known.name if known else country, "country"
    return None


# -- what the picture says -------------------------------------------------------------------------
def describe(model: EventMap) -> str:
    f = model.filters
    what = "Events"
    if f.actor and f.other:
        what += f" between {model.labels.get(f.actor, f.actor)} and {model.labels.get(f.other, f.other)}"
    elif f.actor:
        what += f" involving {model.labels.get(f.actor, f.actor)}"
    what += filters_phrase(f)
    places = sum(1 for p in model.points if p.precision == "place")
    if not model.points:
        return f"{what}: none of the {model.total} events names a place or a country, so none is drawn"
    line = f"{what}: {model.drawn} of {model.total} drawn at {places} place{'s' if places != 1 else ''}"
    states = sum(1 for p in model.points if p.precision == "country")
    if states:
        line += f" and {states} countr{'ies' if states != 1 else 'y'}"
    if model.undrawn:
        line += f"; {model.undrawn} with no place or country named are not drawn"
    return line


def shading_note(model: EventMap) -> str:
    if model.shade_by == "actors":
        return "Countries shaded by how many events their actors (the state, its bodies, its office holders) take part in"
    return "Countries shaded by how many events happen in them"


def shade(count: int, most: int) -> str:
    if count <= 0 or most <= 0:
        return LAND
    step = 0 if most == 1 else round((len(SHADES) - 1) * math.log(count) / math.log(most))
    return SHADES[min(step, len(SHADES) - 1)]


def marker_size(count: int) -> float:
    """Points squared: the area grows with the number of events."""
    return 40.0 + 60.0 * math.sqrt(count - 1) if count > 1 else 40.0


def colours(model: EventMap, by: str) -> dict[str, str]:
    from kg.plots.style import quad_colour

    if by == "quad":
        return {q: quad_colour(q) for q in QUAD_CLASSES}
    types = sorted({e.type for p in model.points for e in p.events})
    from matplotlib import colormaps
    palette = colormaps["tab20"]
    return {t: _hex(palette(i % 20)) for i, t in enumerate(types)}


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgba[:3])


def _aspect(extent) -> float:
    middle = (extent[1] + extent[3]) / 2
    return 1 / max(0.2, math.cos(math.radians(middle)))


def _visible(country: basemap.Country, extent) -> bool:
    box = basemap.bbox(country.iso3) or extent
    pad = 5
    return not (box[2] < extent[0] - pad or box[0] > extent[2] + pad or box[3] < extent[1] - pad or box[1] > extent[3] + pad)


# -- svg / png -------------------------------------------------------------------------------------
def render(model: EventMap, path: Path, fmt: str, by: str = "quad") -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import PathPatch, Patch
    from matplotlib.path import Path as MPath

    from kg.plots.style import new_figure, quad_name, save, style, wrap_lines

    x0, y0, x1, y1 = model.extent
    aspect = _aspect(model.extent)
    map_w = 9.0
    map_h = max(3.0, min(9.0, map_w * (y1 - y0) * aspect / (x1 - x0)))
    width = map_w + 3.4
    lines = wrap_lines([describe(model), shading_note(model) + "; marker size: events at the place",
                        "Map data: Natural Earth (public domain)"], width - 0.6, 9.5)
    header = 0.7 + 0.19 * (lines.count("\n") + 1)
    height = header + map_h + 0.3
    palette = colours(model, by)
    most = max(model.shading.values(), default=0)
    with style():
        fig = new_figure(width, height)
        ax = fig.add_axes((0.2 / width, 0.3 / height, map_w / width, map_h / height))
        ax.set_facecolor("#f4f8fb")
        for iso3, country in sorted(basemap.countries().items()):
            if not _visible(country, model.extent):
                continue
            vertices, codes = [], []
            for polygon in country.polygons:
                for ring in polygon:
                    vertices.extend(ring)
                    codes.extend([MPath.MOVETO] + [MPath.LINETO] * (len(ring) - 2) + [MPath.CLOSEPOLY])
            ax.add_patch(PathPatch(MPath(vertices, codes), facecolor=shade(model.shading.get(iso3, 0), most),
                                   edgecolor=BORDER, linewidth=0.6, zorder=1))
        # points per degree as drawn (the box keeps the aspect: the tighter side sets the scale)
        scale = 72 * min(map_w / (x1 - x0), map_h / ((y1 - y0) * aspect))
        placer = _LabelPlacer(x0, y0, scale, scale * aspect, ((x1 - x0) * scale, (y1 - y0) * scale * aspect))
        points = sorted(model.points, key=lambda p: (-p.count, p.label))
        for point in points:  # markers first: no label may cover one
            placer.block(point.lon, point.lat, math.sqrt(marker_size(point.count)) / 2 + 1)
        for point in points:
            colour = palette.get(point.main_class(by), "#777777")
            hollow = point.precision == "country"
            ax.scatter([point.lon], [point.lat], s=marker_size(point.count), marker="D" if hollow else "o",
                       facecolors="white" if hollow else colour, edgecolors=colour,
                       linewidths=2.0 if hollow else 0.8, zorder=3, alpha=0.95)
            text = f"{point.label} ({point.count})"
            spot = placer.place(point.lon, point.lat, text, 8.5, math.sqrt(marker_size(point.count)) / 2 + 2)
            if spot is not None:  # else the list below the picture and the html page name it
                ax.annotate(text, (point.lon, point.lat), xytext=spot[0], textcoords="offset points",
                            fontsize=8.5, zorder=4, ha=spot[1], va="center",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        for iso3, count in sorted(model.shading.items(), key=lambda kv: (-kv[1], kv[0])):
            at = _anchor_in(iso3, model.extent)
            if at and not any(
                    p.precision == "country" and abs(p.lon - at[0]) < 1e-9 for p in model.points):
                name = basemap.countries()[iso3].name if iso3 in basemap.countries() else iso3
                if placer.fits(at[0], at[1], f"{name} {count}", 8.5):  # a country's name only where there is room
                    ax.text(at[0], at[1], f"{name} {count}", fontsize=8.5, color="#4a3020", ha="center",
                            va="center", zorder=2)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(aspect)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.text(0.2 / width, 1 - 0.2 / height, TITLE, fontsize=14, fontweight="bold", va="top")
        fig.text(0.2 / width, 1 - 0.55 / height, lines, fontsize=9.5, va="top", color="#333333")
        shown = sorted({p.main_class(by) for p in model.points})
        handles = [Patch(facecolor=palette.get(k, "#777777"), label=quad_name(k) if by == "quad" else k) for k in shown]
        kinds = {p.precision for p in model.points}
        if "place" in kinds:
            handles.append(Line2D([], [], marker="o", color="#555555", linestyle="", label="at a named place"))
        if "country" in kinds:
            handles.append(Line2D([], [], marker="D", markerfacecolor="white", markeredgecolor="#555555",
                                  markeredgewidth=1.5, linestyle="", label=f"at the country ({COUNTRY_MARK})"))
        if most == 1:
            handles.append(Patch(facecolor=SHADES[0], label="country: 1 event"))
        elif most:
            handles.append(Patch(facecolor=SHADES[0], label="country: 1 event"))
            handles.append(Patch(facecolor=SHADES[-1], label=f"country: {most} events (the most)"))
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=((map_w + 0.35) / width, (0.3 + map_h) / height),
                   fontsize=8.5, frameon=False, title=("quad class" if by == "quad" else "type") if model.points else None, title_fontsize=9)
    save(fig, path, fmt, TITLE)


def _anchor_in(iso3: str, extent) -> tuple[float, float] | None:
    """Where to name a country on a map of ``extent``: its representative point, or, when that lies
    outside the window (Russia's is in Siberia), the middle of the part the window shows (a grid
    over the window); None when the country is not in the window."""
    x0, y0, x1, y1 = extent
    at = basemap.anchor(iso3)
    if at is None:
        return None
    if x0 <= at[0] <= x1 and y0 <= at[1] <= y1:
        return at
    box = basemap.bbox(iso3)
    if box is None or box[2] < x0 or box[0] > x1 or box[3] < y0 or box[1] > y1:
        return None
    steps = 16
    inside = [(x0 + (x1 - x0) * (i + 0.5) / steps, y0 + (y1 - y0) * (j + 0.5) / steps)
              for i in range(steps) for j in range(steps)]
    inside = [pt for pt in inside if box[0] <= pt[0] <= box[2] and box[1] <= pt[1] <= box[3]
              and basemap.contains(iso3, pt)]
    if not inside:
        return None
    # the middle of the part the window shows: the grid point inside nearest to their centre
    cx, cy = sum(p[0] for p in inside) / len(inside), sum(p[1] for p in inside) / len(inside)
    return min(inside, key=lambda pt: ((pt[0] - cx) ** 2 + (pt[1] - cy) ** 2, pt))


class _LabelPlacer:
    """Greedy label placement in points: each label takes the first side of its marker where it
    covers no marker and no label placed before it (the places with the most events first)."""

    def __init__(self, x0: float, y0: float, per_lon: float, per_lat: float, size: tuple[float, float]):
        self.x0, self.y0, self.per_lon, self.per_lat = x0, y0, per_lon, per_lat
        self.width, self.height = size  # of the map, in points: a label stays inside it
        self.taken: list[tuple[float, float, float, float]] = []

    def _at(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.x0) * self.per_lon, (lat - self.y0) * self.per_lat

    @staticmethod
    def _size(text: str, fontsize: float) -> tuple[float, float]:
        return len(text) * fontsize * 0.6 + 4, fontsize * 1.3  # DejaVu Sans: about 0.6 em a character

    def block(self, lon: float, lat: float, radius: float) -> None:
        x, y = self._at(lon, lat)
        self.taken.append((x - radius, y - radius, x + radius, y + radius))

    def _free(self, box) -> bool:
        if box[0] < 0 or box[1] < 0 or box[2] > self.width or box[3] > self.height:
            return False
        return not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in self.taken)

    def place(self, lon: float, lat: float, text: str, fontsize: float, gap: float):
        """((dx, dy) offset in points, horizontal alignment) of a free spot, or None."""
        x, y = self._at(lon, lat)
        w, h = self._size(text, fontsize)
        for dx, dy, ha in ((gap, 0, "left"), (-gap, 0, "right"), (gap, h, "left"), (-gap, h, "right"),
                           (gap, -h, "left"), (-gap, -h, "right"), (0, gap + h / 2, "center"),
                           (0, -gap - h / 2, "center"), (gap, 2 * h, "left"), (gap, -2 * h, "left")):
            left = x + dx - (w if ha == "right" else w / 2 if ha == "center" else 0)
            box = (left, y + dy - h / 2, left + w, y + dy + h / 2)
            if self._free(box):
                self.taken.append(box)
                return (dx, dy), ha
        return None

    def fits(self, lon: float, lat: float, text: str, fontsize: float) -> bool:
        x, y = self._at(lon, lat)
        w, h = self._size(text, fontsize)
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if self._free(box):
            self.taken.append(box)
            return True
        return False


# -- html ------------------------------------------------------------------------------------------
def render_html(model: EventMap, path: Path, by: str = "quad") -> None:
    """One self-contained page: the map as inline SVG (no tiles, no script or style fetched), each
    marker with its events and their evidence on hover (an SVG title) and listed below."""
    from kg.plots.style import quad_name

    path.write_text(page(model, by, quad_name), encoding="utf-8")


def svg_map(model: EventMap, by: str = "quad", width: int = 900, tolerance: float = 0.6) -> str:
    """The map as an inline SVG element (the pages of kg serve embed it). Outlines keep only the
    points at least ``tolerance`` SVG units (of ``width``) from the last one kept: well under a
    pixel, and a world map is about 0.35 MB of markup, not 1.2 MB."""
    from kg.plots.style import quad_name

    x0, y0, x1, y1 = model.extent
    aspect = _aspect(model.extent)
    height = max(240, min(900, round(width * (y1 - y0) * aspect / (x1 - x0))))
    sx, sy = width / (x1 - x0), height / (y1 - y0)

    def xy(lon, lat):
        return f"{(lon - x0) * sx:.1f},{(y1 - lat) * sy:.1f}"

    most = max(model.shading.values(), default=0)
    palette = colours(model, by)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-label="{html_escape.escape(TITLE)}" style="background:#f4f8fb">']
    for iso3, country in sorted(basemap.countries().items()):
        if not _visible(country, model.extent):
            continue
        d = " ".join("M" + " L".join(_thinned([xy(*pt) for pt in ring], tolerance)) + " Z"
                     for polygon in country.polygons for ring in polygon)
        count = model.shading.get(iso3, 0)
        tip = f"{country.name}: {count} event{'s' if count != 1 else ''}" if count else country.name
        out.append(f'<path d="{d}" fill="{shade(count, most)}" stroke="{BORDER}" stroke-width="0.7" '
                   f'fill-rule="evenodd"><title>{html_escape.escape(tip)}</title></path>')
    for point in sorted(model.points, key=lambda p: (-p.count, p.label)):
        colour = palette.get(point.main_class(by), "#777777")
        r = math.sqrt(marker_size(point.count)) / 2 + 1
        x, y = xy(point.lon, point.lat).split(",")
        kind = "at the country (no closer place named)" if point.precision == "country" else "at the place"
        tip = "\n".join([f"{point.label} ({point.count} event{'s' if point.count != 1 else ''}, {kind})"] +
                        [f"• {e.label}: {e.evidence[:240]}" for e in point.events[:12]] +
                        ([f"… and {point.count - 12} more"] if point.count > 12 else []))
        shape = (f'<rect x="{float(x) - r:.1f}" y="{float(y) - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                 f'transform="rotate(45 {x} {y})" fill="white" stroke="{colour}" stroke-width="2.5"/>'
                 if point.precision == "country" else
                 f'<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{colour}" fill-opacity="0.9" stroke="#333" stroke-width="0.6"/>')
        out.append(f'<g class="point">{shape}<title>{html_escape.escape(tip)}</title></g>')
        out.append(f'<text x="{float(x) + r + 3:.1f}" y="{float(y) - 3:.1f}" font-size="12" '
                   f'font-family="sans-serif" paint-order="stroke" stroke="white" stroke-width="3">'
                   f'{html_escape.escape(point.label)} ({point.count})</text>')
    out.append("</svg>")
    legend = " · ".join(f'<span style="color:{palette.get(k, "#777")}">●</span> '
                        f'{html_escape.escape(quad_name(k) if by == "quad" else k)}'
                        for k in sorted({p.main_class(by) for p in model.points}))
    marks = " · ◇ at the country (" + COUNTRY_MARK + ")" if any(p.precision == "country" for p in model.points) else ""
    return "\n".join(out) + (f'\n<p class="legend">{legend}{marks} · '
                             f'{html_escape.escape(shading_note(model))}</p>')


def _thinned(points: list[str], tolerance: float) -> list[str]:
    """``points`` ("x,y") without those closer than ``tolerance`` to the last kept (a ring's first
    and last always kept)."""
    if len(points) < 4 or tolerance <= 0:
        return points
    kept = [points[0]]
    last = tuple(float(c) for c in points[0].split(","))
    for point in points[1:-1]:
        x, y = (float(c) for c in point.split(","))
        if abs(x - last[0]) >= tolerance or abs(y - last[1]) >= tolerance:
            kept.append(point)
            last = (x, y)
    kept.append(points[-1])
    return kept


def page(model: EventMap, by: str, quad_name) -> str:
    rows = []
    for point in model.points:
        for e in point.events:
            rows.append(f"<tr><td>{html_escape.escape(point.label)}{' (country)' if point.precision == 'country' else ''}"
                        f"</td><td>{html_escape.escape(e.label)}</td><td>{html_escape.escape(e.evidence)}</td></tr>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html_escape.escape(TITLE)}</title>"
            "<style>body{font-family:sans-serif;margin:1.5em;max-width:1100px}table{border-collapse:collapse}"
            "td{border-top:1px solid #ddd;padding:.3em .6em;vertical-align:top;font-size:.9em}"
            ".legend{font-size:.9em;color:#333}</style></head><body>\n"
            f"<h1>{html_escape.escape(TITLE)}</h1>\n<p>{html_escape.escape(describe(model))}</p>\n"
            + svg_map(model, by) +
            "\n<p>Hover over a marker for its events and their evidence. Map data: Natural Earth (public domain).</p>\n"
            "<table><tr><th>where</th><th>event</th><th>evidence</th></tr>\n" + "\n".join(rows) +
            "\n</table>\n</body></html>\n")


def nothing_to_show_html(path: Path, reason: str) -> None:
    path.write_text("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    f"<title>{html_escape.escape(TITLE)}</title></head><body><h1>{html_escape.escape(TITLE)}</h1>"
                    f"<p>Nothing to show: {html_escape.escape(reason)}</p></body></html>\n", encoding="utf-8")

