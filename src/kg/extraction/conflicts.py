"""Wars a reader knows by name.

"After the Ukraine war" or "the second Karabakh war" says neither who fought nor when: a reader
supplies both. ``data/lexicon/conflicts.tsv`` (written by the kg project) lists such wars by the
words that name them, with the side that opened each, the side it fought and its dates. The
event coder asks here only when the sentence itself names no party.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kg import resources


@dataclass(frozen=True)
class NamedConflict:
    names: tuple[str, ...]  # the words before "war", lowercase: "ukraine", "second karabakh"
    source: str  # CAMEO country code of the side that opened it
    target: str
    start: date
    end: date | None  # None: still going on
    where: str = ""  # where it was fought: an area of regions.tsv or a state's ISO code; "" not one place


def parse(text: str) -> tuple[NamedConflict, ...]:
    """The rows of a conflicts table (see the file's header for its columns)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("names\t"):
            continue
        cells = line.split("\t")
        if len(cells) not in (5, 6):
            raise ValueError(f"conflicts table line {number}: 6 tab-separated cells expected, got {len(cells)}")
        names, source, target, start, end = cells[:5]
        out.append(NamedConflict(tuple(n.strip() for n in names.split("|") if n.strip()), source, target,
                                 date.fromisoformat(start), date.fromisoformat(end) if end else None,
                                 cells[5].strip() if len(cells) == 6 else ""))
    return tuple(out)


@lru_cache(maxsize=1)
def _table() -> tuple[NamedConflict, ...]:
    return parse(resources.package_path("data", "lexicon", "conflicts.tsv").read_text(encoding="utf-8"))


def named_conflict(words: str, published: date | None,
                   table: tuple[NamedConflict, ...] | None = None) -> NamedConflict | None:
    """The war named by ``words`` (the modifiers of "war", in order: "second Karabakh") as an
    article published on ``published`` means it: of the wars so named, the one begun last before
    publication (any, when the date is unknown); None when no war is known by these words."""
    key = " ".join(words.lower().replace("–", "-").split())
    known = [c for c in (_table() if table is None else table) if key in c.names
             and (published is None or c.start <= published)]
    return max(known, key=lambda c: c.start) if known else None
