"""What every picture shares: colours, labels, and saving a figure so the same input gives the
same bytes.

Figures are ``matplotlib.figure.Figure`` objects, never pyplot's global ones, drawn with the
settings in :data:`RC` (the font matplotlib ships, SVG text kept as ``<text>``, a fixed SVG hash
salt) and saved without a date or a software version, so two runs over the same store are
byte-identical.
"""
from __future__ import annotations

import re
import textwrap
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from kg import __version__
from kg.errors import UsageError

QUAD_COLOURS = {
    "VerbalCooperation": "#7fbf5a",
    "MaterialCooperation": "#1b7837",
    "VerbalConflict": "#f08c2e",
    "MaterialConflict": "#c4161c",
}
OTHER_QUAD_COLOUR = "#777777"
# Shades of each quad class's colour for the PLOVER types within it (timeline --by type), light to
# dark: types come in the scheme's order (by CAMEO root), so the more intense a type, the darker.
QUAD_SHADES = {
    "VerbalCooperation": ("#b5dc98", "#8cc56a", "#63a83f", "#3f7f22"),
    "MaterialCooperation": ("#74b98a", "#2f8a4c", "#0f5c2b"),
    "VerbalConflict": ("#fbc27f", "#f5a04a", "#e07b1f", "#b35806"),
    "MaterialConflict": ("#f4a09a", "#e8675e", "#d03027", "#a50f15", "#6b0008"),
}

CLASS_COLOURS = {
    "State": "#4e79a7",
    "Alliance": "#8e6bbf",
    "IntergovernmentalOrganization": "#c08bb5",
    "ArmedGroup": "#8c510a",
    "Movement": "#e6c229",
    "PoliticalParty": "#ff9da7",
    "GovernmentBody": "#76b7b2",
    "Person": "#bab0ac",
    "EthnicGroup": "#9c755f",
    "ReligiousGroup": "#d7b5d8",
    "UnnamedAgent": "#c7c7c7",
    "Organization": "#a0cbe8",
    "Actor": "#dddddd",
}
CLASS_NAMES = {
    "State": "state",
    "Alliance": "alliance",
    "IntergovernmentalOrganization": "intergovernmental organisation",
    "ArmedGroup": "armed group",
    "Movement": "movement",
    "PoliticalParty": "political party",
    "GovernmentBody": "government body",
    "Person": "person",
    "EthnicGroup": "ethnic group",
    "ReligiousGroup": "religious group",
    "UnnamedAgent": "unnamed agent",
    "Organization": "organisation",
    "Actor": "other actor",
}
MEMBERSHIP_COLOUR = "#8a8a8a"
NOTHING_TO_SHOW = "Nothing to show"

RC = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs on every machine
    "svg.fonttype": "none",  # text stays text (<text> elements), searchable and small
    "svg.hashsalt": "kg",  # matplotlib's SVG ids are hashes: a fixed salt makes them stable
    "svg.image_inline": True,
    "axes.titlesize": 12,
    "legend.fontsize": 9,
    "path.simplify": True,
}
DPI = 100

FORMATS = {".svg": "svg", ".png": "png", ".html": "html", ".htm": "html"}


def output_format(path: Path, allowed: tuple[str, ...]) -> str:
    """The picture format ``path``'s extension names, if the command draws it."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt not in allowed:
        raise UsageError(f"--output {path}: give a file ending in "
                         f"{', '.join('.' + a for a in allowed)} (the format follows the extension)")
    return fmt


@contextmanager
def style():
    with matplotlib.rc_context(RC):
        yield


def new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=DPI)


def save(fig: Figure, path: Path, fmt: str, title: str) -> None:
    """Write ``fig`` as svg or png with nothing in it that changes from run to run."""
    if fmt == "svg":
        metadata = {"Date": None, "Title": title, "Creator": f"kg {__version__}"}
    else:
        metadata = {"Software": None, "Title": title}
    try:
        with style():
            fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
    except OSError as exc:
        raise UsageError(f"--output {path}: cannot write the picture: {exc.strerror or exc}") from exc


def nothing_to_show(path: Path, fmt: str, title: str, reason: str) -> None:
    """A small picture that says there is nothing to show, and why (svg or png)."""
    with style():
        fig = new_figure(9, 3)
        fig.text(0.03, 0.85, title, fontsize=14, fontweight="bold", va="top")
        fig.text(0.5, 0.45, f"{NOTHING_TO_SHOW}: {reason}", fontsize=11, ha="center", va="center",
                 wrap=True, color="#444444")
    save(fig, path, fmt, f"{title}: {NOTHING_TO_SHOW}")


def display_label(iri: str, label: str, width: int = 16) -> str:
    """A label short enough to read in a picture: a long name whose IRI ends in its acronym is
    drawn as the acronym (Collective Security Treaty Organization -> CSTO), a long one is wrapped."""
    slug = re.split(r"[#/]", iri)[-1]
    if len(label) > 24 and re.fullmatch(r"[a-z]{2,6}", slug):
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", label) if w[0].isupper())
        if initials.lower() == slug:
            return slug.upper()
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def quad_colour(quad: str) -> str:
    return QUAD_COLOURS.get(quad, OTHER_QUAD_COLOUR)


def quad_name(quad: str) -> str:
    from kg.plots.data import QUAD_LABELS
    return QUAD_LABELS.get(quad, re.sub(r"(?<!^)(?=[A-Z])", " ", quad).lower())


def wrap_lines(lines: list[str], width_inches: float, fontsize: float) -> str:
    """``lines`` wrapped to fit ``width_inches`` at ``fontsize`` points (DejaVu Sans averages a bit
    over half an em a character)."""
    chars = max(40, int(width_inches * 72 / (fontsize * 0.6)))
    return "\n".join("\n".join(textwrap.wrap(line, chars, break_long_words=False)) or line for line in lines)


def joined(items: list[str], limit: int = 6) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
