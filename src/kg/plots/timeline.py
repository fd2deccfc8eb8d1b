"""The timeline picture: an actor's events (or a dyad's) by day, week, month or year, as stacked bars
by PLOVER type or quad class, with the cumulative Goldstein sum on a second axis where events carry
values.

The bars' width follows the span of the events (a month or less: days; three months: weeks; five
years: months; longer: years), unless asked. An event counts in the period of its latest possible
date (``sem:hasLatestEndTimeStamp``, as ``event-counts.rq`` counts them); events with no date at all
are left out and counted in a note. Every period from the first event's to the last's has its place,
empty ones included.
"""
from __future__ import annotations

from collections import Counter
from itertools import accumulate
from pathlib import Path

from matplotlib.patches import Patch
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from kg.plots.data import QUAD_CLASSES, Timeline
from kg.plots.style import QUAD_SHADES, joined, new_figure, quad_colour, quad_name, save, style, wrap_lines

GOLDSTEIN_COLOUR = "#222222"


def title(timeline: Timeline, by: str) -> str:
    f = timeline.filters
    who = timeline.labels.get(f.actor, f.actor)
    if f.other:
        what = f"Events between {who} and {timeline.labels.get(f.other, f.other)}"
    else:
        what = f"Events involving {who}"
    return f"{what}, by {timeline.bin} and {'PLOVER type' if by == 'type' else 'quad class'}"


def subtitle(timeline: Timeline) -> list[str]:
    f = timeline.filters
    lines = []
    span = ""
    if f.since and f.until:
        span = f"{f.since} to {f.until}"
    elif f.since:
        span = f"from {f.since}"
    elif f.until:
        span = f"until {f.until}"
    n = len(timeline.events)
    first = f"{n} asserted event{'s' if n != 1 else ''}" + (f", {span}" if span else "")
    if f.other:
        first += " (either direction)"
    if f.types:
        first += f", types {', '.join(f.types)}"
    first += f"; {timeline.bin}: {'the Monday of ' if timeline.bin == 'week' else ''}the event's latest possible date"
    lines.append(first)
    lines.append("Sources: " + (joined(timeline.sources) if timeline.sources else "none named in the store"))
    if timeline.undated:
        lines.append(f"{timeline.undated} event{'s' if timeline.undated != 1 else ''} with no date "
                     f"{'are' if timeline.undated != 1 else 'is'} not shown")
    if timeline.goldstein_values == 0:
        lines.append("Goldstein: none of these events carries a Goldstein value (kg assigns none yet), "
                     "so there is no cumulative Goldstein line")
    elif timeline.goldstein_values < n:
        lines.append(f"Goldstein: {timeline.goldstein_values} of {n} events carry a value; the others add 0")
    return lines


def categories(timeline: Timeline, by: str) -> list[tuple[str, str, str]]:
    """(key, legend label, colour) for each category present, in reading order."""
    dated = timeline.dated
    if by == "quad":
        present = {e.quad for e in dated}
        order = [q for q in QUAD_CLASSES if q in present] + sorted(present - set(QUAD_CLASSES))
        return [(q, quad_name(q), quad_colour(q)) for q in order]
    present = {e.type for e in dated}
    out = []
    position: Counter = Counter()  # a type's shade follows its place in the scheme: the same in every picture
    for t in timeline.type_order:
        quad = timeline.type_quads.get(t, "")
        shades = QUAD_SHADES.get(quad)
        colour = shades[position[quad] % len(shades)] if shades else quad_colour(quad)
        position[quad] += 1
        if t in present:
            out.append((t, f"{t} ({quad_name(quad)})", colour))
    return out


def counts(timeline: Timeline, by: str) -> dict[str, list[int]]:
    """For each category, the number of events in each period of :meth:`Timeline.periods`."""
    months = timeline.periods()
    index = {m: i for i, m in enumerate(months)}
    table = {key: [0] * len(months) for key, _, _ in categories(timeline, by)}
    for e in timeline.dated:
        table[e.quad if by == "quad" else e.type][index[timeline.period(e)]] += 1
    return table


def cumulative_goldstein(timeline: Timeline) -> list[float]:
    months = timeline.periods()
    per_month = {m: 0.0 for m in months}
    for e in timeline.dated:
        if e.goldstein is not None:
            per_month[timeline.period(e)] += e.goldstein
    return list(accumulate(per_month[m] for m in months))


def render(timeline: Timeline, path: Path, fmt: str, by: str = "type") -> None:
    months = timeline.periods()
    table = counts(timeline, by)
    cats = categories(timeline, by)
    heading = title(timeline, by)
    # sizes in inches: left margin, the bars, the Goldstein axis (if any), the legend
    left, ax_w = 0.8, min(18.0, max(6.0, 2.5 + 0.6 * len(months)))
    twin_w = 0.9 if timeline.goldstein_values else 0.15
    legend_w = 3.3
    width = left + ax_w + twin_w + legend_w
    lines = wrap_lines(subtitle(timeline), width - left - 0.3, 9.5)
    height = 6.4
    header = 0.75 + 0.19 * (lines.count("\n") + 1)  # inches above the axes: title and subtitle
    with style():
        fig = new_figure(width, height)
        ax = fig.add_axes((left / width, 0.9 / height, ax_w / width, 1 - (0.9 + header) / height))
        xs = list(range(len(months)))
        bottom = [0] * len(months)
        for key, label, colour in cats:
            values = table[key]
            bars = ax.bar(xs, values, bottom=bottom, color=colour, edgecolor="white", linewidth=0.6,
                          label=label, width=0.78)
            for month, value, patch in zip(months, values, bars):
                patch.set_gid(f"bar-{key}-{month}")
                patch.set_visible(value > 0)  # an empty cell draws nothing
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_xticks(xs)
        ax.set_xticklabels(months, rotation=45 if len(months) > 8 else 0, ha="right" if len(months) > 8 else "center")
        ax.set_xlim(-0.6, len(months) - 0.4)
        ax.set_ylim(0, max(bottom + [1]) * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("events")
        ax.set_xlabel(timeline.bin if timeline.bin != "week" else "week (its Monday)")
        ax.spines[["top"]].set_visible(False)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)

        handles = [Patch(facecolor=colour, label=label) for _, label, colour in cats]
        if timeline.goldstein_values:
            ax2 = ax.twinx()
            line = ax2.plot(xs, cumulative_goldstein(timeline), color=GOLDSTEIN_COLOUR, marker="o",
                            linewidth=1.8, markersize=4, label="cumulative Goldstein sum")[0]
            line.set_gid("goldstein")
            ax2.axhline(0, color="#999999", linewidth=0.7, linestyle=":")
            ax2.set_ylabel("cumulative Goldstein sum")
            handles.append(Line2D([], [], color=GOLDSTEIN_COLOUR, marker="o", label="cumulative Goldstein sum"))
        else:
            ax.spines[["right"]].set_visible(False)
            handles.append(Line2D([], [], linestyle="", label="(no Goldstein values: no line)"))
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1 + twin_w / ax_w, 1.0),
                           frameon=False, title="Legend", alignment="left", borderaxespad=0.0)
        legend.set_gid("legend")

        fig.text(left / width, 1 - 0.2 / height, heading, fontsize=15, fontweight="bold", va="top", gid="title")
        fig.text(left / width, 1 - 0.55 / height, lines, fontsize=9.5, va="top", color="#333333",
                 gid="subtitle", linespacing=1.35)
    save(fig, path, fmt, heading)
