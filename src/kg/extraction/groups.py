"""Groups of states named by description, resolved against the reference data.

"Arab states of the Persian Gulf, except for Iraq" names no state, yet a reader knows the six it
means. kg resolves such a phrase with data it ships, and keeps the reasoning: "Arab" is membership
of the Arab League, "of the Persian Gulf" is a Factbook location that names the Persian Gulf,
"independent" is membership of the United Nations, and the exceptions are taken out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.kb.actors import Actor
from kg.extraction.gazetteer import Gazetteer
from kg.extraction.gazetteer import concepts
from kg.kb.reference import locations, members_of

# Adjective -> (organisation whose members it means, how the reasoning names them)
_BY_MEMBERSHIP = {
    "Arab": ("igo:ARAB_LEAGUE", "members of the Arab League"),
    "Muslim": ("igo:OIC", "members of the Organisation of Islamic Cooperation"),
    "Islamic": ("igo:OIC", "members of the Organisation of Islamic Cooperation"),
    "African": ("igo:AU", "members of the African Union"),
    "independent": ("igo:UN", "members of the United Nations"),
    "sovereign": ("igo:UN", "members of the United Nations"),
}
# Regions whose Factbook locations use other words ("Caribbean, island ..." is in the Americas).
_LOCATION_WORDS = {"region:AMERICAS": ("America", "Caribbean"), "region:PERSIAN_GULF": ("Persian Gulf",)}

_GROUP = re.compile(
    r"\b(?:the\s+)?(?:\d+\s+)?(?P<adjectives>(?:(?:[A-Z][a-z]+|independent|sovereign)\s+){0,2})"
    r"(?P<noun>states|countries|nations|monarchies)\s+(?:of|in|on|around|bordering)\s+(?:the\s+)?"
    r"(?P<region>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
    r"(?:,?\s+(?:except(?:\s+for)?|but\s+not|excluding|other\s+than)\s+(?P<excluded>[^.;]+))?")


@dataclass(frozen=True)
class ResolvedGroup:
    start: int  # offsets of the phrase in the text searched
    end: int
    states: tuple[str, ...]  # actor ids, sorted
    reasoning: str
    region: Actor | None = None  # the region the states are "of"


def resolve_groups(text: str, gazetteer: Gazetteer) -> list[ResolvedGroup]:
    """Every described group of states in ``text`` that the reference data can resolve."""
    found = []
    for m in _GROUP.finditer(text):
        resolved = _resolve(m, gazetteer)
        if resolved is not None:
            found.append(resolved)
    return found


def _resolve(m: re.Match, gazetteer: Gazetteer) -> ResolvedGroup | None:
    where = locations()
    candidates = set(where)
    reasons = []
    for adjective in m.group("adjectives").split():
        rule = _BY_MEMBERSHIP.get(adjective)
        if rule is None:
            return None  # an adjective kg cannot resolve: say nothing rather than guess
        organisation, phrase = rule
        candidates &= members_of().get(organisation, frozenset())
        reasons.append(f"{phrase} (reference data: The World Factbook)")
    region = concepts()[0].lookup(m.group("region"))
    if region is None or region.cls != "Region":
        return None
    words = _LOCATION_WORDS.get(region.id, (region.label,))
    candidates = {s for s in candidates if any(w in _home(where.get(s, "")) for w in words)}
    reasons.append(f"whose Factbook location names the {region.label}" if len(words) == 1
                   else f"whose Factbook location names {' or '.join(words)}")
    end = m.end("region")
    if m.group("excluded"):
        excluded = [a for a in _states_in(m.group("excluded"), gazetteer)]
        if excluded:
            candidates -= {a.id for a in excluded}
            reasons.append("except " + ", ".join(a.label for a in excluded))
            end = m.end("excluded")
    if not candidates:
        return None
    states = tuple(sorted(candidates))
    labels = ", ".join(sorted(gazetteer.actors[s].label for s in states if s in gazetteer.actors))
    reasoning = f"{m.group(0).strip()}: {'; '.join(reasons)} -> {labels}"
    return ResolvedGroup(m.start(), end, states, reasoning, region)


def _home(location: str) -> str:
    """The location without the parts about overseas territories: France's goes on to "French
    Guiana: northern South America", which does not put France in the Americas (a "note" stays:
    it says the Bahamas count as Caribbean)."""
    parts = location.split(";")
    return ";".join([parts[0]] + [p for p in parts[1:] if p.strip().startswith("note")])


def _states_in(text: str, gazetteer: Gazetteer) -> list[Actor]:
    return [match.actor for match in gazetteer.find(text) if match.actor.cls == "State"]
