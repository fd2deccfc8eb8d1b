"""The surface forms that name canonical actors, found in text.

The actors are :mod:`kg.kb`'s (the bundled knowledge base, and users' own through
:meth:`Gazetteer.with_actors`).

Matching is case-sensitive, longest-first and on word boundaries (a hyphen counts as part of a
word), so "US" matches the state and "us" does not, and "Russian" is not read as "Russia". It
walks a trie of tokens, so its cost does not grow with the number of names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Iterable, Iterator

# the actor model is the knowledge base's; named here too for the many modules that match actors
from kg.kb.actors import ACTOR_CLASSES, Actor, Role, bundled_actors  # noqa: F401
from kg.kb.reference import concept_actors

# Which actor keeps a surface form that several claim: states, then organisations, then groups.
_CLASS_RANK = {"State": 0, "IntergovernmentalOrganization": 1, "Alliance": 1, "ArmedGroup": 2,
               "Movement": 2, "PoliticalParty": 2, "Person": 4}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    actor: Actor


_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORDISH = re.compile(r"[\w-]")
_END = None  # the trie key that marks a complete form


def _form_keys(form: str) -> list[str]:
    """Trie keys of a surface form: its tokens, each after the first marked by whether space
    precedes it ("U.N." and "U. N." differ; "White House" matches "White\\nHouse")."""
    keys, previous = [], None
    for m in _TOKEN.finditer(form):
        if previous is None:
            keys.append(m.group(0))
        else:
            keys.append((" " if m.start() > previous else "") + m.group(0))
        previous = m.end()
    return keys


class Gazetteer:
    """Actors by id and the surface forms that name them.

    ``match_labels``: whether an actor's label is matched besides its aliases (the bundled
    knowledge base lists every matchable form in ``aliases``, and leaves out labels that are
    ambiguous, so it is loaded with ``match_labels=False``)."""

    def __init__(self, actors: Iterable[Actor], *, match_labels: bool = True):
        self._layers: list[tuple[tuple[Actor, ...], bool]] = [(tuple(actors), match_labels)]
        self._build()

    def with_actors(self, extra: Iterable[Actor]) -> Gazetteer:
        """A gazetteer with ``extra`` actors added; they win over these actors with the same id
        or the same surface form."""
        combined = Gazetteer.__new__(Gazetteer)
        combined._layers = [(tuple(extra), True)] + self._layers
        combined._build()
        return combined

    def _build(self) -> None:
        actors: dict[str, Actor] = {}
        for layer, _ in reversed(self._layers):  # later layers (users) replace earlier ones
            for actor in layer:
                actors[actor.id] = actor
        # a body named by its state's id ("part_of": "state:USA") belongs to that state's actor
        resolved = {ident: replace(actor, part_of=actors[actor.part_of]) for ident, actor in actors.items()
                    if isinstance(actor.part_of, str) and actor.part_of in actors}
        if resolved:
            swap = {id(actors[ident]): body for ident, body in resolved.items()}
            self._layers = [(tuple(swap.get(id(a), a) for a in layer), labels) for layer, labels in self._layers]
            actors.update(resolved)
        self.actors = actors
        forms: dict[str, Actor] = {}
        for layer, match_labels in self._layers:  # first layer first: it wins
            current = [a for a in layer if actors.get(a.id) is a]
            current.sort(key=lambda a: (_CLASS_RANK.get(a.cls, 3), a.id))
            claimed: dict[str, Actor] = {}
            for actor in current:
                for form in actor.aliases:
                    if form and form not in forms:
                        claimed.setdefault(form, actor)
            if match_labels:
                labels: dict[str, list[Actor]] = {}
                for actor in current:
                    labels.setdefault(actor.label, []).append(actor)
                for label, owners in labels.items():
                    # A label shared by different actors names none of them.
                    if label and label not in forms and label not in claimed and len(owners) == 1:
                        claimed[label] = owners[0]
            forms.update(claimed)
        self._forms = forms
        trie: dict = {}
        for form, actor in forms.items():
            keys = _form_keys(form)
            if not keys:
                continue
            node = trie
            for k in keys:
                node = node.setdefault(k, {})
            node[_END] = form
        self._trie = trie
        exact = {f: a for f, a in forms.items()}
        folded: dict[str, Actor] = {}
        for form, actor in forms.items():
            folded.setdefault(" ".join(form.split()).casefold(), actor)
        self._exact, self._casefold = exact, folded

    def find(self, text: str, offset: int = 0) -> Iterator[Match]:
        """Every non-overlapping mention in ``text``, leftmost then longest; positions are
        shifted by ``offset``."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        trie, n, length = self._trie, len(tokens), len(text)
        i = 0
        while i < n:
            start, _, first = tokens[i]
            node = trie.get(first)
            best = None
            if node is not None and not (start > 0 and _WORDISH.match(text[start - 1])):
                j = i
                while True:
                    form = node.get(_END)
                    if form is not None:
                        end = tokens[j][1]
                        if end >= length or not _WORDISH.match(text[end]):
                            best = (j, form)
                    j += 1
                    if j >= n:
                        break
                    gap = " " if tokens[j][0] > tokens[j - 1][1] else ""
                    node = node.get(gap + tokens[j][2])
                    if node is None:
                        break
            if best is None:
                i += 1
                continue
            j, form = best
            end = tokens[j][1]
            yield Match(start + offset, end + offset, text[start:end], self._forms[form])
            i = j + 1

    def lookup(self, name: str) -> Actor | None:
        """Whole-name lookup, exact case first, then case-insensitive: for tags and glossary
        terms."""
        name = " ".join(name.split())
        return self._exact.get(name) or self._casefold.get(name.casefold())

    def state_of(self, actor: Actor | str, on: date | None = None) -> Actor | None:
        """The state ``actor`` acts for on the day ``on``: a state is its own; a government body
        its ``part_of``; a person the state of the role held that day (the one begun last, if
        several), or of the latest role when ``on`` is None. None when no role fits."""
        if isinstance(actor, str):
            actor = self.actors.get(actor)
            if actor is None:
                return None
        if isinstance(on, datetime):
            on = on.date()
        if actor.cls == "State":
            return self.actors.get(actor.id, actor)
        if actor.part_of is not None:
            return self.state_of(actor.part_of, on)
        roles = [r for r in actor.roles if r.state]
        if on is None:
            held = roles
            pick = max(held, key=lambda r: (r.end is None, r.end_date or date.min, r.start_date or date.min),
                       default=None)
        else:
            held = [r for r in roles if r.holds_on(on)]
            pick = max(held, key=lambda r: r.start_date or date.min, default=None)
        if pick is None:
            return None
        return self.actors.get(f"state:{pick.state}")


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled knowledge base (its aliases are exactly the forms to match)."""
    return Gazetteer(bundled_actors(), match_labels=False)


@lru_cache(maxsize=1)
def concepts() -> tuple[Gazetteer, dict[str, str]]:
    """Religions, ideologies and regions as a matcher over their surface forms, and each one's
    broader concept (``religion:ZAYDISM`` -> ``religion:SHIA_ISLAM``)."""
    found, broader = concept_actors()
    return Gazetteer(found, match_labels=False), broader
