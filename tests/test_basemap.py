"""The base map's geometry (kg.plots.basemap) over the shipped Natural Earth outlines.

Everything reads the real src/kg/data/geo/countries.json.gz. The regeneration check needs the
world-atlas 2.0.2 tarball (``npm pack world-atlas@2.0.2``) at $KG_WORLD_ATLAS_TGZ and is skipped
without it: nothing here touches the network.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.plots import basemap
from kg.plots.basemap import REGIONS, anchor, bbox, countries, fit_extent, parse_extent
from kg.resources import package_path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = package_path("data", "geo", "countries.json.gz")


def inside(point, polygon) -> bool:
    """Even-odd ray casting, written independently of the module's: in the outer ring, in no hole."""
    def in_ring(ring):
        x, y = point
        hit = False
        for i in range(len(ring) - 1):
            (x1, y1), (x2, y2) = ring[i], ring[i + 1]
            if (y1 > y) != (y2 > y):
                if x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    hit = not hit
        return hit
    return in_ring(polygon[0]) and not any(in_ring(hole) for hole in polygon[1:])


def in_country(iso3, point) -> bool:
    return any(inside(point, polygon) for polygon in countries()[iso3].polygons)


def test_shipped_data_is_small_complete_and_flat():
    assert SHIPPED.stat().st_size < 600_000
    table = countries()
    assert len(table) >= 235
    for key in ("ARM", "AZE", "GEO", "RUS", "UKR", "USA", "FRA", "CHN", "BRA", "ZAF", "LSO", "ATA",
                "XKX", "somaliland", "n-cyprus"):
        assert key in table, key
    assert table["ARM"].name == "Armenia" and table["XKX"].name == "Kosovo"
    assert table["USA"].iso3 == "USA"
    for country in table.values():
        for polygon in country.polygons:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4, country.iso3
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)
                # cut at the antimeridian: no edge jumps across the map (but Antarctica's along the pole)
                jumps = [(a, b) for a, b in zip(ring, ring[1:]) if abs(a[0] - b[0]) > 180]
                assert all(a[1] == b[1] == -90 for a, b in jumps), country.iso3
    with pytest.raises(Exception):
        table["ARM"].name = "x"  # frozen


def test_countries_is_a_copy():
    first = countries()
    first.pop("ARM")
    assert "ARM" in countries()


@pytest.mark.parametrize("iso3, lon_range, lat_range", [
    ("RUS", (60, 140), (50, 70)),      # Siberia, not the Chukotka tip nor Kaliningrad
    ("FRA", (-2, 7), (43, 50)),        # metropolitan France, not French Guiana
    ("USA", (-110, -80), (32, 45)),    # the contiguous states, not Alaska
    ("ARM", (43.4, 46.7), (38.8, 41.4)),
    ("AZE", (45, 50.5), (38.5, 42)),   # the main part, not Nakhchivan
    ("UKR", (24, 38), (46, 52)),
])
def test_anchor_inside_own_largest_polygon(iso3, lon_range, lat_range):
    point = anchor(iso3)
    assert point is not None
    lon, lat = point
    assert lon_range[0] <= lon <= lon_range[1] and lat_range[0] <= lat <= lat_range[1], point
    assert in_country(iso3, point)
    assert basemap.contains(iso3, point)
    assert anchor(iso3.lower()) == point  # keys case-insensitive, and the same point every time


def test_anchor_of_every_country_is_inside_it():
    for key in countries():
        assert in_country(key, anchor(key)), key


def test_anchor_of_unknown_key_is_none():
    assert anchor("XXX") is None and bbox("XXX") is None


def test_lesotho_is_a_hole_in_south_africa():
    lesotho = anchor("LSO")
    assert in_country("LSO", lesotho)
    assert not in_country("ZAF", lesotho)
    holes = [hole for polygon in countries()["ZAF"].polygons for hole in polygon[1:]]
    assert any(inside(lesotho, (hole,)) for hole in holes)


def test_antimeridian_countries_have_a_mainland_box():
    rus = bbox("RUS")
    assert 20 < rus[0] < 30 and rus[2] == 180 and 40 < rus[1] < 45 and 75 < rus[3] < 82
    fji = bbox("FJI")
    assert 175 < fji[0] and fji[2] <= 180 and -20 < fji[1] < fji[3] < -15
    usa = bbox("USA")
    assert -170 < usa[0] < -160 and -68 < usa[2] < -66 and usa[1] > 24  # Alaska in, Hawaii out
    fra = bbox("FRA")
    assert -6 < fra[0] < -4 and 9 < fra[2] < 10  # Corsica in, the overseas regions out
    # Chukotka's tip east of 180 is a polygon of its own, at the map's western edge
    assert any(max(lon for lon, _ in polygon[0]) < -169 for polygon in countries()["RUS"].polygons)


def test_parse_extent_regions_boxes_and_countries():
    assert parse_extent("Middle East") == parse_extent("middle-east") == REGIONS["middle-east"]
    assert parse_extent("  CAUCASUS ") == REGIONS["caucasus"]
    for name in ("world", "europe", "middle-east", "caucasus", "central-asia", "south-asia", "east-asia",
                 "southeast-asia", "africa", "north-africa", "sahel", "east-africa", "north-america",
                 "south-america", "latin-america", "oceania", "arctic"):
        low_lon, low_lat, high_lon, high_lat = parse_extent(name.replace("-", " ").title())
        assert -180 <= low_lon < high_lon <= 180 and -90 <= low_lat < high_lat <= 90
    assert parse_extent("36,38,51,45") == (36.0, 38.0, 51.0, 45.0)
    assert parse_extent(" -10.5 , 35 , 40 , 60.25 ") == (-10.5, 35.0, 40.0, 60.25)
    armenia = parse_extent("ARM")
    assert parse_extent("arm") == parse_extent("Armenia") == parse_extent("AM") == armenia
    box = bbox("ARM")
    assert armenia[0] < box[0] and armenia[1] < box[1] and armenia[2] > box[2] and armenia[3] > box[3]
    assert parse_extent("Russia") == parse_extent("Russian Federation") == parse_extent("RUS")
    assert parse_extent("Kosovo") == parse_extent("XKX")


@pytest.mark.parametrize("text, words", [
    ("1,2,3", "4 needed"),
    ("a,2,3,4", "not a number"),
    ("10,20,5,30", "minlon 10 is not below maxlon 5"),
    ("10,40,20,30", "minlat 40 is not below maxlat 30"),
    ("-190,0,10,10", "outside -180..180"),
    ("0,-95,10,10", "outside -90..90"),
    ("nan,0,1,1", "not a finite number"),
    ("", "empty extent"),
])
def test_parse_extent_bad_boxes(text, words):
    with pytest.raises(ValueError) as error:
        parse_extent(text)
    message = str(error.value)
    assert words in message and "\n" not in message
    assert "minlon,minlat,maxlon,maxlat" in message


def test_parse_extent_unknown_name_lists_regions():
    with pytest.raises(ValueError) as error:
        parse_extent("Atlantis")
    message = str(error.value)
    assert "Atlantis" in message and "\n" not in message
    assert all(name in message for name in ("middle-east", "caucasus", "sahel", "arctic"))


def width_height(extent):
    return extent[2] - extent[0], extent[3] - extent[1]


def test_fit_extent_of_one_point_is_a_regional_window():
    yerevan = (44.51, 40.18)
    extent = fit_extent([yerevan])
    width, height = width_height(extent)
    assert width >= 8 and height >= 5 and width <= 30 and height <= 20
    assert extent[0] < yerevan[0] < extent[2] and extent[1] < yerevan[1] < extent[3]
    assert fit_extent([yerevan]) == extent
    # at the world's edge the window moves inside rather than shrinking
    edge = fit_extent([(179.5, -17.0)])
    assert edge[2] == 180 and width_height(edge)[0] >= 8


def test_fit_extent_of_armenia_russia_ukraine():
    points = [(44.51, 40.18), (37.62, 55.75), (30.52, 50.45)]  # Yerevan, Moscow, Kyiv
    extent = fit_extent(points)
    for lon, lat in points:
        assert extent[0] < lon < extent[2] and extent[1] < lat < extent[3]
    assert width_height(extent)[0] < 40  # points only: no need to show all of Russia
    with_countries = fit_extent(points, ["ARM", "RUS", "UKR"])
    assert with_countries[2] == 180 and with_countries[0] < 22  # Russia's mainland up to the Pacific
    assert with_countries[1] < 38.8 and with_countries[3] > 77
    assert -180 <= with_countries[0] and with_countries[3] <= 90
    assert fit_extent([], ["NOPE"]) == REGIONS["world"] == fit_extent([])


def test_fit_extent_keeps_a_reasonable_aspect():
    import math

    for extent in (fit_extent([(0, 0), (100, 1)]), fit_extent([(10, -40), (11, 40)]),
                   fit_extent([], ["CHL"]), fit_extent([], ["RUS"])):
        width, height = width_height(extent)
        scale = math.cos(math.radians((extent[1] + extent[3]) / 2))
        assert 0.7 <= width * max(0.2, scale) / height <= 2.3, extent


@pytest.mark.skipif(not os.environ.get("KG_WORLD_ATLAS_TGZ"),
                    reason="set KG_WORLD_ATLAS_TGZ to world-atlas-2.0.2.tgz (npm pack world-atlas@2.0.2)")
def test_shipped_file_regenerates_byte_identical(tmp_path):
    tarball = Path(os.environ["KG_WORLD_ATLAS_TGZ"])
    assert tarball.is_file(), f"KG_WORLD_ATLAS_TGZ={tarball} is not a file"
    output = tmp_path / "countries.json.gz"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_world_map.py"), str(tarball),
                    "--output", str(output)], check=True, capture_output=True)
    assert gzip.decompress(output.read_bytes()) == gzip.decompress(SHIPPED.read_bytes())
    # gzip's header is fixed (no name, timestamp 0); deflate itself is zlib's, stable across releases
    assert output.read_bytes() == SHIPPED.read_bytes(), "same JSON, other deflate bytes: another zlib?"
    assert json.loads(gzip.decompress(output.read_bytes()))["format"] == 1
