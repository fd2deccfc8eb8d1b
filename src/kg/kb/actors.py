"""The actor model and the knowledge base kg ships.

The bundled knowledge base (``kg/data/kb/actors.jsonl``, made by ``scripts/build_kb.py`` from ISO
3166, the World Factbook, the PETRARCH2 Phoenix dictionaries and kg's own supplement; sources and
notices in ``kg/data/kb/NOTICE.md``) holds every ISO 3166 state, intergovernmental organisations,
armed groups and persons with dated roles. Users add actors of their own
(:mod:`kg.kb.user_files`; RDF files through :mod:`kg.mapping.kb_files`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kg import resources

KB_RESOURCE = "data/kb/actors.jsonl"

# kg's actor classes (ontology/kg.ttl), most specific first.
ACTOR_CLASSES = (
    "State", "IntergovernmentalOrganization", "Alliance", "ArmedGroup", "Movement", "PoliticalParty",
    "GovernmentBody", "Person", "EthnicGroup", "ReligiousGroup", "UnnamedAgent", "Organization", "Actor",
)
# The prefix of an actor id by class ("state:ARM", "igo:NATO", "group:WAGNER", "person:…").
ID_PREFIX = {"State": "state", "Person": "person", "IntergovernmentalOrganization": "igo", "Alliance": "igo",
             "ArmedGroup": "group", "Movement": "group", "PoliticalParty": "group", "GovernmentBody": "gov"}
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Role:
    """A position a person held: in ``state`` (ISO alpha-3, or None for an organisation), with a
    ``title`` ("Prime Minister"), a ``role`` ("head of government", "government", "elite"), from
    ``start`` to ``end`` (ISO 8601 dates, possibly of reduced precision: "2021-09-10", "2018-04",
    "1997"; None is unknown for a start and ongoing for an end), and its CAMEO code."""

    state: str | None = None
    title: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    cameo: str | None = None

    @property
    def start_date(self) -> date | None:
        return partial_date(self.start, last=False)

    @property
    def end_date(self) -> date | None:
        return partial_date(self.end, last=True)

    def holds_on(self, day: date) -> bool:
        start, end = self.start_date, self.end_date
        return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: ``id`` is stable ("state:ARM", "igo:NATO", "person:nikol-pashinyan");
    ``cls`` is a kg class name; ``aliases`` are the surface forms matched in text; ``cameo`` is its
    CAMEO actor code where one exists; ``roles`` are a person's positions; ``part_of`` is the
    actor (or its id) this one belongs to (a government body's state)."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    cameo: str | None = None
    roles: tuple[Role, ...] = ()
    part_of: Actor | str | None = None


def partial_date(text: str | None, last: bool) -> date | None:
    """"2021-09-10" -> that day; "2018-04" / "1997" -> the first (or, with ``last``, the last)
    day of that month or year."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not last:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def actor_from_record(record: dict) -> Actor:
    """An Actor from one line of ``actors.jsonl``."""
    roles = tuple(Role(**{k: v for k, v in r.items() if k in Role.__dataclass_fields__})
                  for r in record.get("roles") or ())
    return Actor(record["id"], record["class"], record["label"], tuple(record.get("aliases") or ()),
                 record.get("iso3"), record.get("cameo"), roles, record.get("part_of"))


@lru_cache(maxsize=1)
def bundled_actors() -> tuple[Actor, ...]:
    text = resources.package_path(KB_RESOURCE).read_text(encoding="utf-8")
    return tuple(actor_from_record(json.loads(line)) for line in text.splitlines() if line.strip())
