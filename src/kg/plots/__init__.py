"""Pictures of the store, drawn offline: the actor network (svg, png, or an interactive HTML page),
an actor's or a dyad's events over time (svg, png), and which outlets reported which happenings
(svg, png, or an HTML page).

Everything comes from the store (:mod:`kg.plots.data` runs the SPARQL and gives plain rows);
every picture is the same bytes for the same store and options (a seeded layout, sorted inputs, a
fixed SVG hash salt, no dates or versions in the file's metadata). When nothing matches, the
picture is still written and says "Nothing to show" and why, so a stale file never stays behind.

    from kg.store.local import Store
    from kg.plots import Filters, plot_network, plot_timeline

    with Store("my-store", read_only=True) as store:
        result = plot_network(store, Filters(actor="https://w3id.org/kg/id/actor/state/ARM"),
                              Path("armenia.svg"))
        print(result.message)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.plots.data import DEFAULT_TOP, Coverage, Filters, Network, Timeline, coverage_data, network_data, timeline_data

__all__ = ["Coverage", "Filters", "Network", "Timeline", "PlotResult", "coverage_data", "network_data",
           "timeline_data", "plot_coverage", "plot_map", "plot_network", "plot_timeline"]


@dataclass
class PlotResult:
    path: Path
    format: str
    empty: bool  # nothing matched: the picture says "Nothing to show"
    message: str  # one line for the user
    model: object  # Network, Timeline, Coverage or kg.plots.eventmap.EventMap


def plot_network(store, filters: Filters, output: Path, *, weight: str = "count",
                 fmt: str | None = None, top: int | None = DEFAULT_TOP, all_members: bool = False) -> PlotResult:
    """Draw the network of ``filters`` to ``output`` (svg, png or html, from its extension): the
    ``top`` actors the articles mention most (None: every actor), an organisation's members only
    where their events draw them (``all_members``: every member)."""
    from kg.plots import html, network, style

    fmt = fmt or style.output_format(output, ("svg", "png", "html"))
    model = network_data(store, filters, top=top, all_members=all_members)
    if model.empty:
        reason = ("no events or memberships match" if filters.any_event_filter
                  else "the store holds no events or memberships")
        reason += _filters_text(filters, model.labels)
        return _nothing_to_show(output, fmt, network.TITLE, reason, model, html.nothing_to_show)
    if fmt == "html":
        html.render(model, output, weight)
    else:
        network.render(model, output, fmt, weight)
    message = (f"wrote {output}: {len(model.nodes)} actors, {model.event_count} events as {len(model.events)} "
               f"links, {len(model.memberships)} memberships")
    if weight == "goldstein" and model.goldstein_values == 0:
        message += " (no Goldstein values in these events: widths show counts)"
    return PlotResult(output, fmt, False, message, model)


def plot_timeline(store, filters: Filters, output: Path, *, by: str = "type",
                  fmt: str | None = None, bin_size: str | None = None) -> PlotResult:
    """Draw the events of ``filters.actor`` (and ``filters.other``: a dyad) to ``output``, by day,
    week, month or year (``bin_size``; None: chosen from the span)."""
    from kg.plots import style, timeline

    fmt = fmt or style.output_format(output, ("svg", "png"))
    model = timeline_data(store, filters, bin_size)
    heading = timeline.title(model, by)
    if not model.dated:
        reason = "no dated events match" if model.events else "no events match"
        reason += _filters_text(filters, model.labels)
        style.nothing_to_show(output, fmt, heading, reason)
        return PlotResult(output, fmt, True, f"nothing to show: {reason}; wrote a picture saying so to {output}",
                          model)
    timeline.render(model, output, fmt, by)
    periods = model.periods()
    return PlotResult(output, fmt, False, f"wrote {output}: {len(model.dated)} events over {len(periods)} "
                                          f"{model.bin}{'s' if len(periods) != 1 else ''} ({periods[0]} to {periods[-1]})", model)


def plot_coverage(store, filters: Filters, output: Path, *, top: int = 30,
                  fmt: str | None = None) -> PlotResult:
    """Draw which outlets reported which of the ``top`` happenings matching ``filters`` (actor,
    since, until, types) to ``output`` (svg, png or html, from its extension)."""
    from kg.plots import coverage, html, style

    fmt = fmt or style.output_format(output, ("svg", "png", "html"))
    model = coverage_data(store, filters, top)
    if model.empty:
        reason = ("no happenings match" if filters.any_event_filter
                  else "the store holds no happenings (events linked across documents by kg build)")
        reason += _filters_text(filters, model.labels)
        return _nothing_to_show(output, fmt, coverage.TITLE, reason, model,
                                lambda path, why: html.nothing_to_show(path, why, coverage.TITLE))
    if fmt == "html":
        html.coverage_page(model, output)
    else:
        coverage.render(model, output, fmt)
    shared = sum(1 for h in model.happenings if h.outlets > 1)
    outlets = len(model.publishers)
    message = (f"wrote {output}: {outlets} outlet{'s' if outlets != 1 else ''}, {len(model.happenings)} of "
               f"{model.matching} happenings ({shared} reported by more than one outlet)")
    return PlotResult(output, fmt, False, message, model)


def plot_map(store, filters: Filters, output: Path, *, by: str = "quad", actors: bool = False,
             extent: str | None = None, fmt: str | None = None) -> PlotResult:
    """Draw where the events of ``filters`` happen to ``output`` (svg, png or html, from its
    extension): markers at their places sized by count and coloured by quad class (or PLOVER type,
    ``by``), countries shaded by the events in them (``actors``: by the events their actors take
    part in); ``extent`` a region name, a country or "minlon,minlat,maxlon,maxlat" (None: fitted)."""
    from kg.errors import UsageError
    from kg.plots import eventmap, style

    fmt = fmt or style.output_format(output, ("svg", "png", "html"))
    labels = _labels_of(store, filters)
    try:
        model = eventmap.map_data(store, filters, shade_by_actors=actors, extent=extent, labels=labels)
    except ValueError as exc:  # a malformed or unknown --extent
        raise UsageError(f"--extent: {exc}") from exc
    if model.empty:
        if model.total:
            reason = f"none of the {model.total} matching events has a place or a country named"
        else:
            reason = "no events match" if filters.any_event_filter else "the store holds no events"
        reason += _filters_text(filters, labels)
        return _nothing_to_show(output, fmt, eventmap.TITLE, reason, model, eventmap.nothing_to_show_html)
    if fmt == "html":
        eventmap.render_html(model, output, by)
    else:
        eventmap.render(model, output, fmt, by)
    places, shaded = len(model.points), len(model.shading)
    message = (f"wrote {output}: {model.drawn} of {model.total} events at {places} place{'s' if places != 1 else ''}, "
               f"{shaded} countr{'ies' if shaded != 1 else 'y'} shaded")
    if model.undrawn:
        message += f" ({model.undrawn} events with no place or country named are counted, not drawn)"
    return PlotResult(output, fmt, False, message, model)


def _nothing_to_show(output: Path, fmt: str, title: str, reason: str, model, html_page) -> PlotResult:
    """The picture that says there is nothing to show, and why (``html_page(path, reason)`` for
    the html form), so no stale picture stays behind."""
    from kg.plots import style

    if fmt == "html":
        html_page(output, reason)
    else:
        style.nothing_to_show(output, fmt, title, reason)
    return PlotResult(output, fmt, True, f"nothing to show: {reason}; wrote a picture saying so to {output}", model)


def _labels_of(store, filters: Filters) -> dict[str, str]:
    from kg.plots.data import labels

    iris = [i for i in (filters.actor, filters.other) if i]
    return labels(store, iris) if iris else {}


def _filters_text(filters: Filters, labels: dict[str, str]) -> str:
    parts = []
    if filters.actor and filters.other:
        parts.append(f"between {labels.get(filters.actor, filters.actor)} and "
                     f"{labels.get(filters.other, filters.other)}")
    elif filters.actor:
        parts.append(f"involving {labels.get(filters.actor, filters.actor)}")
    if filters.since:
        parts.append(f"from {filters.since}")
    if filters.until:
        parts.append(f"until {filters.until}")
    if filters.types:
        parts.append(f"of types {', '.join(filters.types)}")
    if filters.historical:
        parts.append("historical events included")
    return (" " + " ".join(parts)) if parts else ""
