"""The events map on the pages: :mod:`kg.plots.eventmap`'s inline SVG (markers with their events'
evidence as hover titles; no script, nothing fetched), for an actor, the whole store, a place and a
state.

Every map of the store's events at large (the home page's, and the windows round a place or a
state) is cut from one model of all the store's events (``map_data(store, Filters())``): the
window is set to the place or the state, and only the markers inside it are kept. Country outlines
are thinned to what the drawing can show (:func:`kg.plots.eventmap.svg_map`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

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
    return MapPicture(_svg(cut), note)


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

    return MapPicture(_svg(model), f"{describe(model)}. {HOVER}")


def _svg(model) -> str:
    from kg.plots.eventmap import svg_map

    return svg_map(model)
