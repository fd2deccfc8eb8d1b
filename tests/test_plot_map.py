"""``kg plot map`` (issue 22): events drawn where they happen, on the map data shipped with kg.

Real stores built from the reference page (../shared) and from a small corpus written here whose
sentences name a city ("in Goris"), only a state ("in Ukraine") or no place at all.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.plot import plot
from kg.plots import Filters
from kg.plots.eventmap import map_data
from kg.store.local import Store

from conftest import build_store, run_kg

RECORDS = [
    {"id": "m1", "title": "Fighting", "published": "2024-03-05", "publisher": "Map Wire",
     "text": "Russia attacked targets in Ukraine on Monday. Azerbaijan detained two Armenian soldiers in Goris."},
    {"id": "m2", "title": "Exercises", "published": "2024-03-06", "publisher": "Map Wire",
     "text": "Armenia held military exercises in Armenia with the United States. Russia condemned Armenia."},
    {"id": "m3", "title": "Looking back", "published": "2023-09-06", "publisher": "Map Wire",
     "text": "Armenia lost territory in the second Karabakh war in 2020. Israeli forces shelled targets in Gaza. "
             "Fatah visited Hamas in Addis Ababa on Friday."},
]


def plot_cli(*args):
    return CliRunner().invoke(plot, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def places_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("map")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    build_store(folder / "store", corpus)
    return folder / "store"


def test_places_carry_coordinates_and_a_state_only_event_its_country(places_store):
    with Store(places_store, read_only=True) as store:
        model = map_data(store, Filters())
    by_label = {p.label: p for p in model.points}
    goris = by_label["Goris"]
    assert goris.precision == "place" and (round(goris.lat, 2), round(goris.lon, 2)) == (39.51, 46.34)
    assert by_label["Ukraine"].precision == "country"
    # "in Armenia" is the state, not the Colombian city of that name
    assert by_label["Armenia"].precision == "country" and by_label["Armenia"].lat > 38
    assert model.shading["UKR"] >= 1 and model.shading["ARM"] >= 2
    assert model.undrawn >= 1  # "Russia condemned Armenia" names no place
    assert model.total == model.drawn + model.undrawn
    assert by_label["Gaza"].precision == "place"  # an area of kg's table, with its coordinates
    # a place phrase spaCy hangs from the object ("visited Hamas in Addis Ababa") still says where
    assert by_label["Addis Ababa"].precision == "place"
    assert "Nagorno-Karabakh" not in by_label  # the 2020 war is history: drawn only when asked
    with Store(places_store, read_only=True) as store:
        war = {p.label: p for p in map_data(store, Filters(historical=True)).points}["Nagorno-Karabakh"]
    assert war.precision == "place" and war.events[0].type == "ASSAULT"


def test_events_table_has_the_coordinates_and_the_place_type(places_store):
    rows = run_kg("query", "events-table", "--store", str(places_store), "--format", "csv").stdout
    assert "Goris,ARM,39.51111,46.34168,174895,city" in rows
    assert ",Ukraine,UKR,,,,country," in rows
    assert ",Nagorno-Karabakh,AZE,39.82,46.75,,area," in rows


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_map_is_the_same_bytes_each_time(places_store, tmp_path, suffix):
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    for out in (first, second):
        result = plot_cli("map", "--store", places_store, "-o", out)
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 10_000
    if suffix == "svg":
        text = first.read_text(encoding="utf-8")
        for words in ("Goris (1)", "Ukraine", "no closer place", "Natural Earth"):
            assert words in text


def test_html_map_is_self_contained_with_evidence_on_hover(places_store, tmp_path):
    out = tmp_path / "map.html"
    assert plot_cli("map", "--store", places_store, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "<title>" in page
    assert "detained two Armenian soldiers in Goris" in page  # the evidence, in the marker's title
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched when viewed


def test_map_filters_extent_and_actor_shading(places_store, tmp_path):
    out = tmp_path / "dyad.svg"
    result = plot_cli("map", "--store", places_store, "--dyad", "Azerbaijan", "Armenia", "-o", out)
    assert result.exit_code == 0 and "1 of 1 events" in result.output
    with Store(places_store, read_only=True) as store:
        by_actors = map_data(store, Filters(), shade_by_actors=True)
        boxed = map_data(store, Filters(), extent="caucasus")
    assert by_actors.shading["RUS"] >= 2  # Russia takes part, though nothing happens in Russia
    assert boxed.extent[0] < 46.3 < boxed.extent[2]


def test_map_errors_are_one_line_with_exit_2(places_store, tmp_path):
    result = run_kg("plot", "map", "--store", str(places_store), "--extent", "10,20,5,30", "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 2 and "--extent" in result.output and len(result.output.strip().splitlines()) == 1
    result = run_kg("plot", "map", "--store", str(places_store), "--actor", "Atlantis", "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 2
    result = run_kg("plot", "map", "--store", str(places_store), "-o", str(tmp_path / "x.gif"))
    assert result.exit_code == 2


def test_nothing_to_show_is_still_a_picture(places_store, tmp_path):
    out = tmp_path / "none.svg"
    result = plot_cli("map", "--store", places_store, "--since", "2030-01-01", "-o", out)
    assert result.exit_code == 0 and "nothing to show" in result.output
    assert "Nothing to show" in out.read_text(encoding="utf-8")


def test_reference_page_map(seed_store, tmp_path):
    """The reference article: the detentions in Goris drawn there; Armenia, Azerbaijan, Russia and
    Ukraine shaded by the events their actors take part in, on one regional map."""
    out = tmp_path / "reference.svg"
    result = plot_cli("map", "--store", seed_store, "--actors", "--extent", "20,30,60,60", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Goris (2)" in text and "Armenia" in text and "Ukraine" in text
    with Store(seed_store, read_only=True) as store:
        model = map_data(store, Filters(), shade_by_actors=True)
    assert {"ARM", "AZE", "RUS", "UKR"} <= set(model.shading)


def test_example_page_map(tmp_path):
    """The bundled example page (ASEAN and Myanmar): its events name no city, so the map shades the
    countries their actors are and says how many events it could not place."""
    from conftest import EXAMPLE

    store = tmp_path / "store"
    build_store(store, EXAMPLE)
    out = tmp_path / "example.png"
    result = plot_cli("map", "--store", store, "--actors", "-o", out)
    assert result.exit_code == 0, result.output
    with Store(store, read_only=True) as s:
        model = map_data(s, Filters(), shade_by_actors=True)
    assert model.total >= 5 and {"IDN", "CHN"} <= set(model.shading)
    assert model.drawn + model.undrawn == model.total
    if model.empty:
        assert "nothing to show" in result.output
    else:
        assert "wrote" in result.output and out.stat().st_size > 10_000
