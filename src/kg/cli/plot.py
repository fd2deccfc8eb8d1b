"""``kg plot``: pictures of the store (a thin click layer over :mod:`kg.plots`).

``kg.cli.main`` adds the group with ``main.add_command(plot)``; the helpers both share (``--store`` and
the one-line error reporting) live in :mod:`kg.cli.common`, so neither imports the other.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from kg.cli.common import reports_errors, store_option


def filter_options(f):
    f = click.option("--historical", is_flag=True, default=False,
                     help="Also events whose only date is history, mentioned in passing (\"the 2008 "
                          "war\"); left out by default.")(f)
    f = click.option("--until", metavar="YYYY-MM-DD", default=None,
                     help="Only events beginning on or before this date (an event whose beginning is "
                          "unknown, by its latest possible date).")(f)
    f = click.option("--since", metavar="YYYY-MM-DD", default=None,
                     help="Only events ending on or after this date.")(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def plot():
    """Pictures of the store, drawn offline: the actor network, events over time, which outlets
    reported which happenings, and where the events happen (a map).

    Every picture is the same bytes for the same store and options. Actors are IRIs (prefixed names
    such as kgid:actor/state/ARM are expanded) or names, resolved through the store as in `kg
    query` (Armenia, ARM, Kremlin; a name that matches nothing, or several things, is an error
    that lists the candidates); dates are YYYY-MM-DD.
    """


@plot.command()
@click.option("--actor", metavar="IRI", default=None,
              help="Only events with this actor as source or target, and the actor's memberships.")
@filter_options
@click.option("--types", metavar="TYPE,...", default=None,
              help="Only events of these PLOVER types (e.g. ACCUSE,THREATEN).")
@click.option("--weight", type=click.Choice(["count", "goldstein"]), default="count", show_default=True,
              help="Edge width: the number of events, or the sum of their Goldstein values.")
@click.option("--top", type=click.IntRange(1, 10000), default=40, show_default=True, metavar="N",
              help="Draw the N actors the articles mention most (the filter's actors always).")
@click.option("--all", "every_actor", is_flag=True, help="Draw every actor of the matching events (no --top).")
@click.option("--all-members", is_flag=True,
              help="Draw every member of an organisation, not only the members with events here.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture: FILE.svg, FILE.png, or FILE.html (an interactive page, self-contained).")
@store_option
@reports_errors
def network(actor, since, until, historical, types, weight, top, every_actor, all_members, output, store_path):
    """Actors as nodes (size: mentions; colour: class), memberships as dashed edges to their
    alliance, events as arrows from source to target coloured by quad class.

    Memberships drawn: those the publishers' glossaries state, and reference memberships (World
    Factbook, knowledge base) between actors in the picture; with --actor, --since, --until or
    --types, only those touching an actor of the matching events, and with --actor all of that
    actor's own memberships. In a picture of events an organisation's members are drawn only for
    their events (--all-members: all of them). Labels never overlap: a small actor's label with no
    room is left out, and the subtitle says how many.

    When nothing matches, the picture is still written and says "Nothing to show" and why (exit 0).
    """
    from kg.plots import plot_network
    from kg.plots.style import output_format
    from kg.store.local import Store

    fmt = output_format(output, ("svg", "png", "html"))
    with Store(store_path, read_only=True) as store:
        chosen = _filters(store, actor, since, until, types, historical)
        result = plot_network(store, chosen, output, weight=weight, fmt=fmt, top=None if every_actor else top,
                              all_members=all_members)
    click.echo(f"kg plot network: {result.message}", err=True)



@plot.command()
@click.option("--actor", metavar="IRI", default=None, help="The actor whose events to show (source or target).")
@click.option("--dyad", nargs=2, metavar="IRI IRI", default=None,
              help="Two actors: the events between them, in either direction.")
@filter_options
@click.option("--by", "by", type=click.Choice(["type", "quad"]), default="type", show_default=True,
              help="Stack the bars by PLOVER type or by quad class.")
@click.option("--bin", "bin_size", type=click.Choice(["day", "week", "month", "year"]), default=None,
              help="One bar per day, week, month or year (default: from the events' span).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture: FILE.svg or FILE.png.")
@store_option
@reports_errors
def timeline(actor, dyad, since, until, historical, by, bin_size, output, store_path):
    """Events over time by day, week, month or year (of each event's latest possible date; the bars
    follow the span unless --bin says), stacked by PLOVER type or quad class, with the cumulative
    Goldstein sum on a second axis where events carry values.

    Give --actor A or --dyad A B. When nothing matches, the picture is still written and says
    "Nothing to show" and why (exit 0).
    """
    from kg.errors import UsageError
    from kg.plots import Filters, plot_timeline
    from kg.plots.data import check_actor, check_dates, parse_date, parse_iri
    from kg.plots.style import output_format
    from kg.store.local import Store

    if (actor is None) == (dyad is None):
        raise UsageError("give --actor IRI or --dyad IRI IRI (one of them)")
    fmt = output_format(output, ("svg", "png"))
    since, until = parse_date("--since", since), parse_date("--until", until)
    check_dates(since, until)
    with Store(store_path, read_only=True) as store:
        # an IRI, or a name resolved through the store (by kg query's rule: kg.services.names)
        if actor is not None:
            first, second = parse_iri("--actor", actor, store), None
        else:
            first, second = parse_iri("--dyad", dyad[0], store), parse_iri("--dyad", dyad[1], store)
            if first == second:
                raise UsageError("--dyad: give two different actors")
        option = "--actor" if actor is not None else "--dyad"
        for iri in (first, second):
            if iri:
                check_actor(store, option, iri)
        result = plot_timeline(store, Filters(actor=first, other=second, since=since, until=until,
                                                         historical=historical), output,
                               by=by, fmt=fmt, bin_size=bin_size)
    click.echo(f"kg plot timeline: {result.message}", err=True)


@plot.command()
@click.option("--actor", metavar="IRI", default=None,
              help="Only happenings with this actor as source or target of one of their reports.")
@click.option("--since", metavar="YYYY-MM-DD", default=None,
              help="Only happenings with a report ending on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", default=None,
              help="Only happenings with a report beginning on or before this date.")
@click.option("--types", metavar="TYPE,...", default=None,
              help="Only happenings of these PLOVER types (e.g. ACCUSE,THREATEN).")
@click.option("--top", type=click.IntRange(1, 500), default=30, show_default=True, metavar="N",
              help="Draw the N happenings with the most reports (then the most outlets).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture: FILE.svg, FILE.png, or FILE.html (a self-contained page).")
@store_option
@reports_errors
def coverage(actor, since, until, types, top, output, store_path):
    """Who reported what: outlets (publishers) as rows, happenings as columns (the events of
    different documents that `kg build` took for reports of one happening), a filled cell where
    the outlet has a report of it, coloured by quad class. Labels read "Source TYPE Target (date)".

    Every outlet with an article in the store has its row, so gaps show what an outlet left out.
    When nothing matches, the picture is still written and says "Nothing to show" and why (exit 0).
    """
    from kg.plots import plot_coverage
    from kg.plots.style import output_format
    from kg.store.local import Store

    fmt = output_format(output, ("svg", "png", "html"))
    with Store(store_path, read_only=True) as store:
        result = plot_coverage(store, _filters(store, actor, since, until, types), output, top=top, fmt=fmt)
    click.echo(f"kg plot coverage: {result.message}", err=True)


@plot.command(name="map")
@click.option("--actor", metavar="IRI", default=None, help="Only events with this actor as source or target.")
@click.option("--dyad", nargs=2, metavar="IRI IRI", default=None,
              help="Two actors: the events between them, in either direction.")
@filter_options
@click.option("--types", metavar="TYPE,...", default=None, help="Only these PLOVER types (e.g. ASSAULT,COERCE).")
@click.option("--by", "by", type=click.Choice(["quad", "type"]), default="quad", show_default=True,
              help="Colour the markers by quad class or by PLOVER type.")
@click.option("--actors", "shade_actors", is_flag=True,
              help="Shade countries by how many events their actors (the state, its bodies, its office "
                   "holders) take part in, instead of by the events that happen in them.")
@click.option("--extent", metavar="REGION|COUNTRY|BOX", default=None,
              help="The window: a region (europe, middle-east, caucasus, world …), a country (Armenia, ARM) "
                   "or minlon,minlat,maxlon,maxlat (default: fitted to the events).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture: FILE.svg, FILE.png, or FILE.html (a self-contained page, evidence on hover).")
@store_option
@reports_errors
def map_(actor, dyad, since, until, historical, types, by, shade_actors, extent, output, store_path):
    """Where the events happen: each at its place (a city, with the coordinates the graph gives it)
    or, where the text names only the state ("fighting in Ukraine"), at the country, drawn hollow;
    markers sized by count and coloured by quad class; countries shaded by how many events happen
    in them (or, with --actors, by how many their actors take part in). Events with neither a place
    nor a country are counted in the title, not drawn. The map data (Natural Earth, public domain)
    ships with kg: nothing is fetched.

    When nothing matches, the picture is still written and says "Nothing to show" and why (exit 0).
    """
    from kg.errors import UsageError
    from kg.plots import plot_map
    from kg.plots.data import check_actor, parse_iri
    from kg.plots.style import output_format
    from kg.store.local import Store

    if actor is not None and dyad is not None:
        raise UsageError("give --actor IRI or --dyad IRI IRI, not both")
    fmt = output_format(output, ("svg", "png", "html"))
    with Store(store_path, read_only=True) as store:
        filters = _filters(store, actor, since, until, types, historical)
        if dyad is not None:
            first, second = parse_iri("--dyad", dyad[0], store), parse_iri("--dyad", dyad[1], store)
            if first == second:
                raise UsageError("--dyad: give two different actors")
            for iri in (first, second):
                check_actor(store, "--dyad", iri)
            filters = replace(filters, actor=first, other=second)
        result = plot_map(store, filters, output, by=by, actors=shade_actors, extent=extent, fmt=fmt)
    click.echo(f"kg plot map: {result.message}", err=True)


def _filters(store, actor: str | None, since: str | None, until: str | None, types: str | None,
             historical: bool = False):
    """The filters of the options, checked against the store (one-line errors, exit 2)."""
    from kg.plots import Filters
    from kg.plots.data import check_actor, check_dates, event_types, parse_date, parse_iri, parse_types

    actor_iri = parse_iri("--actor", actor, store) if actor is not None else None
    since, until = parse_date("--since", since), parse_date("--until", until)
    check_dates(since, until)
    if actor_iri:
        check_actor(store, "--actor", actor_iri)
    return Filters(actor=actor_iri, since=since, until=until, types=parse_types(types, event_types(store)[0]),
                   historical=historical)
