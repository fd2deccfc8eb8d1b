#!/usr/bin/env python3
"""Build src/kg/data/geo/countries.json.gz: the country outlines `kg plot map` draws, offline.

Source: the npm package world-atlas 2.0.2 (ISC, Mike Bostock), whose countries-50m.json is TopoJSON
of Natural Earth's 1:50m admin-0 countries (public domain). Get it with
``npm pack world-atlas@2.0.2`` and pass the tarball's path. The TopoJSON is decoded here (no
topojson library): arcs are delta-decoded and scaled by the topology's transform, stitched into rings
(a negative index ~i is arc i reversed), cut at the antimeridian (see cut_antimeridian), rounded to 3
decimals, consecutive duplicate points dropped.

Countries are keyed by ISO 3166-1 alpha-3 (pycountry maps Natural Earth's numeric ids). Entries
without an ISO numeric id keep a stable key: Kosovo "XKX" (the code in common use), the others a
lower-case slug of their name (see NO_ISO). Ashmore and Cartier Is., which shares Australia's
numeric id, is merged into AUS. Names are Natural Earth's (short, as drawn on maps).

usage: scripts/build_world_map.py WORLD_ATLAS_TGZ [--output src/kg/data/geo/countries.json.gz]
The output is written with sorted keys, a fixed layout and a zero gzip timestamp, so the same
tarball gives the same bytes.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tarfile
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "src" / "kg" / "data" / "geo" / "countries.json.gz"
MEMBER = "package/countries-50m.json"
DECIMALS = 3
FORMAT = 1

# Entries of world-atlas without an ISO 3166-1 numeric id, by Natural Earth name.
NO_ISO = {
    "Kosovo": "XKX",  # user-assigned code used by the EU, IMF, World Bank, CLDR
    "Somaliland": "somaliland",
    "N. Cyprus": "n-cyprus",
    "Indian Ocean Ter.": "indian-ocean-ter",  # Australia's Christmas and Cocos (Keeling) Islands
    "Siachen Glacier": "siachen-glacier",
}


def read_topology(tarball: Path) -> dict:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{tarball}: no {MEMBER} in the tarball")
        return json.load(member)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc: delta-decoded, then scaled and translated."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def stitch(ring_arcs: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One ring from its arc indexes: each arc after the first starts where the previous ended, so
    that shared point is kept once. A negative index ~i is arc i walked backwards."""
    ring: list[tuple[float, float]] = []
    for index in ring_arcs:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        if ring:
            ring.pop()
        ring.extend(points)
    return ring


def unwrap(ring: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], float]:
    """The ring with longitudes made continuous (no step over 180 degrees) and its net longitude
    turn: 0 for an ordinary ring, +-360 for one that goes round a pole."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        step = lon - out[-1][0]
        step -= 360 * round(step / 360) if abs(step) > 180 else 0
        out.append((out[-1][0] + step, lat))
    return out, out[-1][0] - out[0][0]


def clip(ring: list[tuple[float, float]], low: float, high: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the closed ring cut to low <= lon <= high (a convex strip, so one ring,
    joined along the strip's edge where the ring leaves and comes back)."""
    points = ring[:-1] if ring[0] == ring[-1] else list(ring)
    for edge, keep in ((low, lambda x: x >= low), (high, lambda x: x <= high)):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if keep(current[0]) != keep(previous[0]):
                (x1, y1), (x2, y2) = previous, current
                out.append((edge, y1 + (edge - x1) * (y2 - y1) / (x2 - x1)))
            if keep(current[0]):
                out.append(current)
        points = out
        if not points:
            return []
    return points + points[:1]


def cut_antimeridian(polygon: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    """world-atlas is stitched for spherical drawing: Russia's mainland and a Fiji island run across
    the antimeridian, and Antarctica's coast goes round the South Pole. On a flat lon/lat map those
    draw as streaks across the world, so such a polygon is cut into one polygon per side, each
    within -180..180. A ring round a pole is closed through the pole; a polar cap ring (every point
    within 0.1 degree of the pole; world-atlas's Antarctica has one) is dropped."""
    unwrapped = [unwrap(ring) for ring in polygon]
    if all(abs(net) < 1e-9 and all(-180 <= x <= 180 for x, _ in ring) for ring, net in unwrapped):
        return [polygon]
    rings = []
    for ring, net in unwrapped:
        if abs(net) < 1e-9:
            rings.append(ring)
            continue
        if all(abs(lat) >= 89.9 for _, lat in ring):
            continue
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        rings.append(ring + [(ring[-1][0], pole), (ring[0][0], pole), ring[0]])
    pieces = []
    for shift in (-360, 0, 360):
        low, high = -180 + shift, 180 + shift
        outer = clip(rings[0], low, high) if rings else []
        if len(outer) < 4:
            continue
        holes = [clip(ring, low, high) for ring in rings[1:]]
        pieces.append([[(x - shift, y) for x, y in ring] for ring in [outer, *holes] if len(ring) >= 4])
    return pieces


def clean_ring(ring: list[tuple[float, float]]) -> list[list[float]] | None:
    """Rounded, without consecutive duplicates, closed; None when fewer than three corners are left."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0]  # + 0.0: no "-0.0"
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    if len(out) < 4 or not shoelace(out):
        return None
    return out


def shoelace(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def key_of(geometry: dict) -> str:
    name = geometry["properties"]["name"]
    numeric = geometry.get("id")
    if numeric is None:
        if name in NO_ISO:
            return NO_ISO[name]
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        print(f"note: {name!r} has no ISO numeric id; kept as {slug!r}", file=sys.stderr)
        return slug
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise SystemExit(f"ISO numeric id {numeric} ({name}) is unknown to pycountry")
    return country.alpha_3


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes = []
        for polygon in polygons:
            for piece in cut_antimeridian([stitch(ring, arcs) for ring in polygon]):
                rings = [clean_ring(ring) for ring in piece]
                if rings and rings[0] is not None:  # an outer ring too small to draw drops its holes too
                    shapes.append([ring for ring in rings if ring is not None])
        if not shapes:
            continue
        key = key_of(geometry)
        name = geometry["properties"]["name"]
        if key in countries:  # Ashmore and Cartier Is. shares Australia's numeric id
            first, second = countries[key], {"name": name, "polygons": shapes}
            if len(second["polygons"]) > len(first["polygons"]):
                first, second = second, first
            countries[key] = {"name": first["name"], "polygons": first["polygons"] + second["polygons"]}
        else:
            countries[key] = {"name": name, "polygons": shapes}
    return {
        "format": FORMAT,
        "source": "Natural Earth 1:50m admin-0 countries (public domain) via world-atlas 2.0.2 "
                  "countries-50m.json; see NOTICE.md",
        "countries": countries,
    }


def dump(data: dict) -> bytes:
    """One country a line, compact within it, keys sorted: small, stable and diffable."""
    lines = ["{"]
    for key in sorted(k for k in data if k != "countries"):
        lines.append(f"{json.dumps(key)}:{json.dumps(data[key], ensure_ascii=False)},")
    lines.append('"countries":{')
    items = sorted(data["countries"].items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        lines.append(f"{json.dumps(key)}:{body}{comma}")
    lines.append("}}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def compress(raw: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(raw)
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tarball", type=Path, help="world-atlas-2.0.2.tgz (npm pack world-atlas@2.0.2)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    raw = dump(build(read_topology(args.tarball)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(compress(raw) if args.output.suffix == ".gz" else raw)
    print(f"{args.output}: {len(json.loads(raw)['countries'])} countries, {args.output.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
