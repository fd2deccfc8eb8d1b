"""The knowledge base's reference data beside its actors: memberships, locations and concepts.

``memberships.jsonl`` and ``locations.jsonl`` are derived from the World Factbook by the scripts in
``scripts/``; ``concepts.tsv`` (religions, ideologies, regions) is kg's own. All are read once per
process from the installed package.
"""
from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache

from kg import resources
from kg.kb.actors import Actor

MEMBERSHIPS_RESOURCE = "data/kb/memberships.jsonl"
LOCATIONS_RESOURCE = "data/kb/locations.jsonl"
CONCEPTS_RESOURCE = "data/concepts.tsv"
CONCEPT_CLASSES = ("ReligiousGroup", "Ideology", "Region")


def _read(resource: str) -> str:
    return resources.package_path(resource).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def memberships_text() -> str:
    return _read(MEMBERSHIPS_RESOURCE)


@lru_cache(maxsize=1)
def members_of() -> dict[str, frozenset[str]]:
    """Organisation id -> ids of its current members."""
    members: dict[str, set[str]] = defaultdict(set)
    for line in memberships_text().splitlines():
        if line.strip():
            row = json.loads(line)
            members[row["organization"]].add(row["member"])
    return {org: frozenset(ids) for org, ids in members.items()}


@lru_cache(maxsize=1)
def locations() -> dict[str, str]:
    """State id -> the Factbook's sentence saying where it lies."""
    rows = (json.loads(line) for line in _read(LOCATIONS_RESOURCE).splitlines() if line.strip())
    return {row["state"]: row["location"] for row in rows}


@lru_cache(maxsize=1)
def concept_actors() -> tuple[tuple[Actor, ...], dict[str, str]]:
    """Religions, ideologies and regions with their surface forms, and each one's broader concept
    (``religion:ZAYDISM`` -> ``religion:SHIA_ISLAM``)."""
    found, broader = [], {}
    for number, line in enumerate(_read(CONCEPTS_RESOURCE).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or fields[1] not in CONCEPT_CLASSES:
            raise ValueError(f"{CONCEPTS_RESOURCE}:{number}: expected id, class, label, aliases, broader")
        concept_id, cls, label, aliases, parent = fields
        found.append(Actor(concept_id, cls, label, tuple(a for a in aliases.split("|") if a)))
        if parent:
            broader[concept_id] = parent
    return tuple(found), broader
