"""The coverage picture: who reported what. Rows are the outlets (publishers), columns the
happenings with the most reports (kg.build.happenings links the events of different documents that
report one happening); a cell is filled where the outlet has a report of the happening, coloured by
the happening's quad class, with the number of its reports there when it has more than one.

The html form (:func:`kg.plots.html.coverage_page`) is the same table as a page.
"""
from __future__ import annotations

from pathlib import Path

from matplotlib.patches import Patch, Rectangle

from kg.plots.data import QUAD_CLASSES, Coverage, filters_phrase
from kg.plots.style import joined, new_figure, quad_colour, quad_name, save, style, wrap_lines

TITLE = "Who reported what: outlets and happenings"
EMPTY_CELL = "#f3f3f3"
CELL = 0.34  # inches a side
LABEL_CHARS = 52  # a happening's label longer than this is cut (the html page has it whole)


def describe(coverage: Coverage) -> str:
    """What the picture shows, in one line (the filters and the counts)."""
    f = coverage.filters
    what = "Happenings"
    if f.actor:
        what += f" involving {coverage.labels.get(f.actor, f.actor)}"
    what += filters_phrase(f)
    shown, matching = len(coverage.happenings), coverage.matching
    if shown < matching:
        count = f"the {shown} with the most reports, of {matching}"
    else:
        count = f"all {shown}" if shown > 1 else "one"
    return f"{what}: {count}; {len(coverage.publishers)} outlet{'s' if len(coverage.publishers) != 1 else ''}"


def notes(coverage: Coverage) -> list[str]:
    return ["Sources: " + joined(coverage.publishers, 8),
            "A filled cell: the outlet has a report of the happening (a number: how many); colour: the quad "
            "class of the happening's type; date: the earliest its reports give; (n) after an outlet: the "
            "happenings shown that it reported"]


def short(happening, limit: int = LABEL_CHARS) -> str:
    """The happening's label cut to ``limit`` characters in its words, never in its date."""
    label = happening.label
    if len(label) <= limit:
        return label
    date = f" ({happening.date})" if happening.date else ""
    words = label[:len(label) - len(date)]
    return words[:limit - len(date) - 1].rstrip() + "…" + date


def row_label(coverage: Coverage, publisher: str) -> str:
    return f"{publisher} ({coverage.reported(publisher)})"


def render(coverage: Coverage, path: Path, fmt: str) -> None:
    """Draw ``coverage`` to ``path`` as svg or png."""
    columns, rows = coverage.happenings, coverage.publishers
    longest_row = max(len(row_label(coverage, p)) for p in rows)
    longest_column = max(len(short(h)) for h in columns)
    # inches: the outlets' names, the grid, the legend; the title above, the slanted labels below
    left = 0.4 + 0.085 * longest_row
    grid_w, grid_h = CELL * len(columns), CELL * len(rows)
    legend_w = 2.6
    width = max(9.0, left + grid_w + legend_w)
    lines = wrap_lines([describe(coverage), *notes(coverage)], width - 0.6, 9.5)
    header = 0.85 + 0.19 * (lines.count("\n") + 1)
    below = 0.35 + 0.062 * longest_column  # labels at 60 degrees
    height = header + grid_h + below
    with style():
        fig = new_figure(width, height)
        ax = fig.add_axes((left / width, below / height, grid_w / width, grid_h / height))
        _cells(ax, coverage)
        ax.set_xlim(0, len(columns))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([i + 0.5 for i in range(len(columns))])
        ax.set_xticklabels([short(h) for h in columns], rotation=60, ha="right", rotation_mode="anchor",
                           fontsize=8.5)
        ax.set_yticks([i + 0.5 for i in range(len(rows))])
        ax.set_yticklabels([row_label(coverage, p) for p in rows], fontsize=9.5)
        ax.tick_params(length=0, pad=4)
        for spine in ax.spines.values():
            spine.set_visible(False)
        quads = [q for q in QUAD_CLASSES if any(h.quad == q for h in columns)]
        quads += sorted({h.quad for h in columns} - set(QUAD_CLASSES))
        handles = [Patch(facecolor=quad_colour(q), label=quad_name(q)) for q in quads]
        handles.append(Patch(facecolor=EMPTY_CELL, edgecolor="#cccccc", label="no report"))
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1 + 0.25 / grid_w, 1.0),
                           frameon=False, title="Legend", alignment="left", borderaxespad=0.0)
        legend.set_gid("legend")
        fig.text(0.3 / width, 1 - 0.2 / height, TITLE, fontsize=15, fontweight="bold", va="top", gid="title")
        fig.text(0.3 / width, 1 - 0.6 / height, lines, fontsize=9.5, va="top", color="#333333", gid="subtitle",
                 linespacing=1.35)
    save(fig, path, fmt, f"{TITLE}: {describe(coverage)}")


def _cells(ax, coverage: Coverage) -> None:
    """One square per (outlet, happening): filled where the outlet reported it."""
    for r, publisher in enumerate(coverage.publishers):
        for c, happening in enumerate(coverage.happenings):
            reports = coverage.cells.get((publisher, happening.iri), 0)
            colour = quad_colour(happening.quad) if reports else EMPTY_CELL
            square = Rectangle((c + 0.06, r + 0.06), 0.88, 0.88, facecolor=colour, edgecolor="none")
            square.set_gid(f"{'cell' if reports else 'gap'}-{r}-{c}")
            ax.add_patch(square)
            if reports > 1:
                ax.text(c + 0.5, r + 0.5, str(reports), ha="center", va="center", fontsize=7.5, color="white",
                        fontweight="bold")
