"""A first-pass gazetteer: canonical actors and the surface forms that name them.

States come from ISO 3166 (pycountry) with the aliases of the bundled table (capitals, seats of
power, demonyms); organisations and groups come from the table alone. Matching is longest-first,
case-sensitive and on word boundaries, so "US" matches the state and "us" does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

import pycountry


@dataclass(frozen=True)
class Actor:
    """A canonical actor: ``id`` is stable ("state:ARM", "org:NATO"); ``cls`` is a kg class name."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    actor: Actor


def _state_names(country) -> list[str]:
    names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    out = []
    for name in names:
        if not name:
            continue
        out.append(name)
        if ", " in name:  # "Iran, Islamic Republic of" -> "Iran"
            out.append(name.split(", ")[0])
    return list(dict.fromkeys(out))


class Gazetteer:
    def __init__(self, actors: Iterable[Actor]):
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        forms: dict[str, Actor] = {}
        for actor in sorted(self.actors.values(), key=lambda a: a.id):
            for form in (actor.label, *actor.aliases):
                # The first actor to claim a surface form keeps it; ids sort states first.
                forms.setdefault(form, actor)
        self._forms = forms
        alternatives = sorted(forms, key=lambda f: (-len(f), f))
        self._pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in alternatives) + r")(?![\w-])"
        )
        self._casefold = {f.casefold(): a for f, a in forms.items()}

    def find(self, text: str, offset: int = 0) -> Iterator[Match]:
        """Every non-overlapping mention in ``text``; positions are shifted by ``offset``."""
        for m in self._pattern.finditer(text):
            yield Match(m.start() + offset, m.end() + offset, m.group(0), self._forms[m.group(0)])

    def lookup(self, name: str) -> Actor | None:
        """Whole-name lookup, case-insensitive: for tags and glossary terms."""
        return self._casefold.get(name.strip().casefold())


def _rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    table = resources.files("kg").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    extra: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for row in _rows(table):
        ident, cls, label, aliases = (row + ["", "", "", ""])[:4]
        extra[ident] = (cls, label, tuple(a for a in aliases.split("|") if a))
    actors = []
    for country in pycountry.countries:
        ident = f"state:{country.alpha_3}"
        names = _state_names(country)
        _, _, aliases = extra.pop(ident, ("State", "", ()))
        label = getattr(country, "common_name", None) or country.name
        actors.append(Actor(ident, "State", label, tuple(dict.fromkeys(names[1:] + list(aliases))),
                            iso3=country.alpha_3))
    for ident, (cls, label, aliases) in extra.items():
        if ident.startswith("state:"):
            raise ValueError(f"gazetteer.tsv: {ident} is not an ISO 3166 alpha-3 code")
        actors.append(Actor(ident, cls, label, aliases))
    return Gazetteer(actors)
