"""The events map on the pages: :mod:`kg.plots.eventmap`'s inline SVG (markers with their events'
evidence as hover titles; no script, nothing fetched), for an actor, the whole store, a place and a
state.

Every map of the store's events at large (the home page's, and the windows round a place or a
state) is cut from one model of all the store's events (``map_data(store, Filters())``): the
window is set to the place or the state, and only the markers inside it are kept. Country outlines
are thinned to what the drawing can show (points closer than :data:`TOLERANCE` of the SVG's units
to the last one kept are dropped): a world map falls from about 1.2 MB to about 0.35 MB of markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

TOLERANCE = 0.6  # SVG units (the map is 900 wide): well under a pixel at the width a page shows it
HOVER = "Hover over a marker for its events and their evidence. Map data: Natural Earth (public domain)."


@dataclass(frozen=True)
class MapPicture:
    """A map ready for a page: its SVG and legend (None: nothing to show), and one line that says
    what it shows or, when there is nothing, why."""

    svg: str | None
    note: str


def everything(store):
    """The model of every asserted event of the store (the home page's map, cut to windows below)."""
    from kg.plots import Filters
    from kg.plots.eventmap import map_data

    return map_data(store, Filters())


def actor_map(store, actor: str, label: str) -> MapPicture:
    """Where the events the actor takes part in happen (as ``kg plot map --actor``), countries shaded
    by how many of them happen there."""
    from kg.plots import Filters
    from kg.plots.eventmap import map_data

    model = map_data(store, Filters(actor=actor), labels={actor: label})
    if model.empty:
        if model.total == 1:
            return MapPicture(None, f"Nothing to show on a map: the one event involving {label} names no place "
                                    "or country.")
        if model.total:
            return MapPicture(None, f"Nothing to show on a map: none of the {model.total} events involving {label} "
                                    "names a place or a country.")
        return MapPicture(None, f"Nothing to show on a map: no events involving {label} "
                                "(asserted, not only historical).")
    return _picture(model)


def store_map(model) -> MapPicture:
    if model.empty:
        if model.total:
            return MapPicture(None, f"Nothing to show on a map: none of the store's {model.total} events names "
                                    "a place or a country.")
        return MapPicture(None, "Nothing to show on a map: the store holds no events (asserted, not only historical).")
    return _picture(model)


def window_map(model, extent: tuple[float, float, float, float], where: str) -> MapPicture:
    """``model`` (every event of the store) shown in ``extent`` only, with the markers inside it."""
    x0, y0, x1, y1 = extent
    inside = [p for p in model.points if x0 <= p.lon <= x1 and y0 <= p.lat <= y1]
    if not inside:
        return MapPicture(None, f"Nothing to show on a map: no event of the store is drawn in or near {where}.")
    cut = replace(model, points=inside, extent=extent)
    drawn = sum(p.count for p in inside)
    markers = len(inside)
    note = (f"The store's events drawn in and around {where}: {drawn} event{'s' if drawn != 1 else ''} at "
            f"{markers} marker{'s' if markers != 1 else ''} in this window (the countries shaded by all the "
            f"store's events). {HOVER}")
    return MapPicture(thin(_svg(cut)), note)


def place_extent(lon: float, lat: float) -> tuple[float, float, float, float]:
    """A regional window centred on one point."""
    from kg.plots import basemap

    return basemap.fit_extent([(lon, lat)])


def state_extent(iso3: str) -> tuple[float, float, float, float] | None:
    """The window of a state (its main landmass, with a margin); None for a key the map lacks."""
    from kg.plots import basemap

    try:
        return basemap.parse_extent(iso3)
    except ValueError:
        return None


def _picture(model) -> MapPicture:
    from kg.plots.eventmap import describe

    return MapPicture(thin(_svg(model)), f"{describe(model)}. {HOVER}")


def _svg(model) -> str:
    from kg.plots.eventmap import svg_map

    return svg_map(model)


_PATH = re.compile(r'(<path d=")([^"]*)(")')
_RING = re.compile(r"M([^MZ]+)Z")


def thin(svg: str, tolerance: float = TOLERANCE) -> str:
    """The SVG with each outline ring's points closer than ``tolerance`` to the last point kept
    dropped (the first and last of a ring always kept); what is not an outline is left as it is."""

    def ring(match: re.Match) -> str:
        points = [p.strip() for p in match.group(1).split("L")]
        if len(points) < 4:
            return match.group(0)
        try:
            last = tuple(float(c) for c in points[0].split(","))
            kept = [points[0]]
            for point in points[1:-1]:
                x, y = (float(c) for c in point.split(","))
                if abs(x - last[0]) >= tolerance or abs(y - last[1]) >= tolerance:
                    kept.append(point)
                    last = (x, y)
        except ValueError:  # not the "x,y L x,y …" svg_map writes: leave it
            return match.group(0)
        kept.append(points[-1])
        return "M" + " L".join(kept) + " Z"

    return _PATH.sub(lambda m: m.group(1) + _RING.sub(ring, m.group(2)) + m.group(3), svg)
