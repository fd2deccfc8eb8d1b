"""The base map's geometry: country outlines, a point to put each country's marker at, and the
extent (lon/lat window) a map shows.

The outlines are Natural Earth's 1:50m admin-0 countries (public domain), taken from the npm package
world-atlas 2.0.2 and shipped in ``kg/data/geo/countries.json.gz`` (see NOTICE.md there, and
scripts/build_world_map.py, which regenerates it byte for byte). They are shipped, not fetched, so a
map is drawn offline and the same input always gives the same picture.

Keys are ISO 3166-1 alpha-3 codes; the few entries without an ISO code are Kosovo ("XKX") and
lower-case slugs ("somaliland", "n-cyprus", "indian-ocean-ter", "siachen-glacier"). Coordinates are
(lon, lat) in degrees, within [-180, 180] x [-90, 90], ready for a flat lon/lat map: the build cuts
polygons at the antimeridian (Russia's Chukotka tip and Fiji's eastern islands are polygons at the
other edge of the map) and closes Antarctica through the South Pole (its ring runs along lat -90
from 180 to -180). Extents never cross the antimeridian
(min_lon < max_lon always): a country's box is that of its main landmass and what lies near it.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import resources

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]
Extent = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

DATA_FILE = ("data", "geo", "countries.json.gz")
WORLD: Extent = (-180.0, -90.0, 180.0, 90.0)
MIN_WIDTH = 10.0  # degrees of longitude a fitted extent spans at least (one point: a regional window)
MIN_HEIGHT = 6.0  # degrees of latitude
MAX_ASPECT = 2.2  # shown width / height (longitude scaled by cos(mid-latitude)), at most
MIN_ASPECT = 0.8  # and at least

# Named regions (min_lon, min_lat, max_lon, max_lat). None crosses the antimeridian, so "oceania"
# stops at 180 and leaves out Samoa, Tonga and French Polynesia.
REGIONS: dict[str, Extent] = {
    "world": (-180.0, -60.0, 180.0, 85.0),
    "europe": (-25.0, 34.0, 45.0, 72.0),
    "western-europe": (-11.0, 35.0, 20.0, 61.0),
    "eastern-europe": (12.0, 40.0, 50.0, 62.0),
    "balkans": (13.0, 34.5, 30.0, 47.0),
    "middle-east": (25.0, 12.0, 63.0, 42.0),
    "levant": (32.0, 29.0, 40.0, 37.5),
    "gulf": (43.0, 16.0, 60.0, 31.0),
    "caucasus": (37.0, 38.0, 51.0, 44.5),
    "central-asia": (46.0, 35.0, 88.0, 56.0),
    "south-asia": (60.0, 5.0, 98.0, 38.0),
    "east-asia": (73.0, 18.0, 150.0, 54.0),
    "southeast-asia": (92.0, -11.0, 142.0, 29.0),
    "africa": (-20.0, -36.0, 55.0, 38.0),
    "north-africa": (-18.0, 15.0, 37.0, 38.0),
    "west-africa": (-18.0, 3.0, 16.0, 25.0),
    "sahel": (-18.0, 8.0, 40.0, 24.0),
    "central-africa": (8.0, -14.0, 32.0, 24.0),
    "east-africa": (21.0, -12.0, 52.0, 18.0),
    "horn-of-africa": (33.0, -2.0, 52.0, 18.0),
    "southern-africa": (11.0, -35.0, 41.0, -8.0),
    "north-america": (-170.0, 7.0, -50.0, 75.0),
    "central-america": (-118.0, 7.0, -77.0, 33.0),
    "caribbean": (-86.0, 9.0, -59.0, 27.0),
    "south-america": (-82.0, -56.0, -34.0, 13.0),
    "latin-america": (-118.0, -56.0, -34.0, 33.0),
    "oceania": (110.0, -50.0, 180.0, 5.0),
    "arctic": (-180.0, 60.0, 180.0, 90.0),
}
_BOX_HELP = "expected minlon,minlat,maxlon,maxlat (e.g. 36,38,51,45)"


@dataclass(frozen=True)
class Country:
    iso3: str  # ISO 3166-1 alpha-3, "XKX" (Kosovo), or a lower-case slug for the few without one
    name: str  # Natural Earth's short name ("Dem. Rep. Congo")
    polygons: tuple[Polygon, ...]  # each: outer ring first, then its holes; rings are closed


# -- data ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _load() -> dict[str, Country]:
    path = resources.package_path(*DATA_FILE)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return {
        key: Country(key, value["name"], tuple(
            tuple(tuple((lon, lat) for lon, lat in ring) for ring in polygon)
            for polygon in value["polygons"]))
        for key, value in data["countries"].items()
    }


def countries() -> dict[str, Country]:
    """Every country of the base map by key (a copy: the Country objects are shared and frozen)."""
    return dict(_load())


def _country(iso3: str) -> Country | None:
    table = _load()
    return table.get(iso3) or table.get(iso3.strip().upper())


# -- plane geometry --------------------------------------------------------------------------------

def point_in_ring(point: Point, ring: Ring) -> bool:
    """Even-odd ray casting: whether ``point`` lies inside the closed ``ring``."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def point_in_polygon(point: Point, polygon: Polygon) -> bool:
    """Whether ``point`` lies inside the outer ring and in none of the holes."""
    return bool(polygon) and point_in_ring(point, polygon[0]) and not any(
        point_in_ring(point, hole) for hole in polygon[1:])


def contains(iso3: str, point: Point) -> bool:
    """Whether (lon, lat) ``point`` lies in any of the country's polygons."""
    country = _country(iso3)
    return country is not None and any(point_in_polygon(point, p) for p in country.polygons)


def _ring_bbox(ring: Ring) -> Extent:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _ring_area(ring: Ring) -> float:
    """Area on the sphere, approximately (shoelace in the equal-area cylindrical projection), in
    square degrees of longitude times sin(latitude): only compared, never shown."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        total += (x2 - x1) * (math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
    return abs(total) / 2


def _polygon_area(polygon: Polygon) -> float:
    return max(0.0, _ring_area(polygon[0]) - sum(_ring_area(hole) for hole in polygon[1:]))


@lru_cache(maxsize=None)
def _ranked(iso3: str) -> tuple[tuple[float, Polygon], ...]:
    """The country's polygons with their areas, largest first (ties: first in the file)."""
    country = _country(iso3)
    if country is None:
        return ()
    scored = [(_polygon_area(p), i, p) for i, p in enumerate(country.polygons)]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple((area, polygon) for area, _, polygon in scored)


def _gap(a: Extent, b: Extent) -> float:
    """Distance in degrees between two boxes (0 when they touch or overlap)."""
    dx = max(0.0, a[0] - b[2], b[0] - a[2])
    dy = max(0.0, a[1] - b[3], b[1] - a[3])
    return math.hypot(dx, dy)


def _union(a: Extent, b: Extent) -> Extent:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


@lru_cache(maxsize=None)
def bbox(iso3: str) -> Extent | None:
    """The box of the country's main landmass and what lies near it; None for an unknown key.

    It starts from the largest polygon and takes in, repeatedly, every polygon of at least 1% of its
    area within 0.75 times its larger side (at least 2 degrees) of the box so far: Corsica joins
    France and French Guiana does not, Papua and Sumatra join Indonesia, Alaska joins the USA and
    Hawaii does not. Polygons past the antimeridian are never near (no longitude wraps), so Russia's
    box ends at 180 and Fiji's at its western islands.
    """
    ranked = _ranked(iso3)
    if not ranked:
        return None
    largest_area, largest = ranked[0]
    box = _ring_bbox(largest[0])
    reach = max(2.0, 0.75 * max(box[2] - box[0], box[3] - box[1]))
    candidates = [_ring_bbox(p[0]) for area, p in ranked[1:] if area >= 0.01 * largest_area]
    grown = True
    while grown:
        grown = False
        for other in list(candidates):
            if _gap(box, other) <= reach:
                box = _union(box, other)
                candidates.remove(other)
                grown = True
    return box


# -- a point inside ---------------------------------------------------------------------------------

def _simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring (split at the point farthest from the first)."""
    if len(ring) <= 8:
        return ring
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    keep = [False] * len(ring)
    keep[0] = keep[far] = keep[-1] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = ring[first], ring[last]
        best, index = -1.0, first
        for i in range(first + 1, last):
            d = _segment_distance_sq(ring[i][0], ring[i][1], ax, ay, bx, by)
            if d > best:
                best, index = d, i
        if best > tolerance * tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(ring, keep) if k]


def _segment_distance_sq(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    if dx or dy:
        t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
        if t > 1:
            ax, ay = bx, by
        elif t > 0:
            ax, ay = ax + dx * t, ay + dy * t
    return (px - ax) ** 2 + (py - ay) ** 2


def _signed_distance(x: float, y: float, rings: list[list[Point]]) -> float:
    """Distance from (x, y) to the nearest edge: positive inside (even-odd), negative outside."""
    inside = False
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:]):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            d = _segment_distance_sq(x, y, ax, ay, bx, by)
            if d < best:
                best = d
    return (1 if inside else -1) * math.sqrt(best)


def _polylabel(rings: list[list[Point]], precision: float) -> Point:
    """The pole of inaccessibility (Mapbox's polylabel): the inside point farthest from any edge,
    found by a best-first search over square cells. Deterministic: ties are broken by the order the
    cells were made in."""
    import heapq

    minx, miny, maxx, maxy = _ring_bbox(tuple(rings[0]))
    size = min(maxx - minx, maxy - miny)
    if size <= 0:
        return minx, miny
    half = size / 2
    queue: list[tuple[float, int, float, float, float, float]] = []
    counter = 0

    def push(cx: float, cy: float, h: float) -> None:
        nonlocal counter
        d = _signed_distance(cx, cy, rings)
        heapq.heappush(queue, (-(d + h * math.sqrt(2)), counter, cx, cy, h, d))
        counter += 1

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + half, y + half, half)
            y += size
        x += size
    cx, cy = _ring_centroid(rings[0])
    best = (cx, cy, _signed_distance(cx, cy, rings))
    centre = ((minx + maxx) / 2, (miny + maxy) / 2)
    centre_d = _signed_distance(*centre, rings)
    if centre_d > best[2]:
        best = (*centre, centre_d)
    steps = 0
    while queue and steps < 5000:
        potential, _, cx, cy, h, d = heapq.heappop(queue)
        steps += 1
        if d > best[2]:
            best = (cx, cy, d)
        if -potential - best[2] <= precision:
            continue
        h /= 2
        for sx, sy in ((-h, -h), (h, -h), (-h, h), (h, h)):
            push(cx + sx, cy + sy, h)
    return best[0], best[1]


def _ring_centroid(ring: list[Point]) -> Point:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        f = x1 * y2 - x2 * y1
        area += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if area == 0:
        return ring[0]
    return cx / (3 * area), cy / (3 * area)


def _scanline_point(polygon: Polygon, y: float) -> Point | None:
    """The middle of the widest inside stretch of the horizontal line at latitude ``y``."""
    crossings = sorted(
        (bx - ax) * (y - ay) / (by - ay) + ax
        for ring in polygon for (ax, ay), (bx, by) in zip(ring, ring[1:]) if (ay > y) != (by > y))
    stretches = [(b - a, (a + b) / 2) for a, b in zip(crossings[0::2], crossings[1::2]) if b > a]
    if not stretches:
        return None
    return max(stretches)[1], y


@lru_cache(maxsize=None)
def anchor(iso3: str) -> Point | None:
    """A (lon, lat) point inside the country's largest polygon, well away from its coasts and
    borders (its pole of inaccessibility with longitude scaled by cos(latitude), as the map shows it),
    to 3 decimals; None for an unknown key. Russia's lies in Siberia, France's in metropolitan
    France, the USA's in the contiguous states."""
    ranked = _ranked(iso3)
    if not ranked:
        return None
    polygon = ranked[0][1]
    minx, miny, maxx, maxy = _ring_bbox(polygon[0])
    scale = max(0.2, math.cos(math.radians((miny + maxy) / 2)))
    rings = [[(x * scale, y) for x, y in ring] for ring in polygon]
    extent = max((maxx - minx) * scale, maxy - miny)
    rings = [_simplify(ring, extent / 400) for ring in rings]
    rings = [ring for ring in rings if len(ring) >= 4]
    candidates = []
    if rings:
        x, y = _polylabel(rings, extent / 200)
        candidates.append((x / scale, y))
    for lat in ([candidates[0][1]] if candidates else []) + [(miny + maxy) / 2]:
        point = _scanline_point(polygon, lat)
        if point is not None:
            candidates.append(point)
    for lon, lat in candidates:
        point = (round(lon, 3) + 0.0, round(lat, 3) + 0.0)
        if point_in_polygon(point, polygon):
            return point
    return polygon[0][0]  # a ring too thin to hold a 3-decimal point: its first vertex


# -- extents ----------------------------------------------------------------------------------------

def _region_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower()).strip("-")


def _number(part: str, text: str) -> float:
    try:
        value = float(part)
    except ValueError:
        raise ValueError(f"extent {text!r}: {part.strip()!r} is not a number; {_BOX_HELP}") from None
    if not math.isfinite(value):
        raise ValueError(f"extent {text!r}: {part.strip()!r} is not a finite number; {_BOX_HELP}")
    return value


def _parse_box(text: str) -> Extent:
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError(f"extent {text!r}: {len(parts)} numbers given, 4 needed; {_BOX_HELP}")
    min_lon, min_lat, max_lon, max_lat = (_number(part, text) for part in parts)
    for name, value, limit in (("minlon", min_lon, 180), ("maxlon", max_lon, 180),
                               ("minlat", min_lat, 90), ("maxlat", max_lat, 90)):
        if not -limit <= value <= limit:
            raise ValueError(f"extent {text!r}: {name} {value:g} is outside -{limit}..{limit}; {_BOX_HELP}")
    if min_lon >= max_lon:
        raise ValueError(f"extent {text!r}: minlon {min_lon:g} is not below maxlon {max_lon:g} "
                         f"(a box cannot cross the antimeridian); {_BOX_HELP}")
    if min_lat >= max_lat:
        raise ValueError(f"extent {text!r}: minlat {min_lat:g} is not below maxlat {max_lat:g}; {_BOX_HELP}")
    return min_lon, min_lat, max_lon, max_lat


def country_key(text: str) -> str | None:
    """The base map's key for a country given as alpha-3, alpha-2, ISO numeric, or a name pycountry
    knows or the map uses ("Russia", "Kosovo"), case-insensitively; None when none matches."""
    text = text.strip()
    if not text:
        return None
    table = _load()
    if text in table or text.upper() in table:
        return text if text in table else text.upper()
    folded = text.casefold()
    for key, country in sorted(table.items()):
        if country.name.casefold() == folded:
            return key
    import pycountry

    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return found.alpha_3 if found.alpha_3 in table else None


def parse_extent(text: str) -> Extent:
    """The (min_lon, min_lat, max_lon, max_lat) a map shows, from ``text``: a box
    "minlon,minlat,maxlon,maxlat", a region of :data:`REGIONS` ("middle-east", "Middle East"), or a
    country ("ARM", "Armenia") — its :func:`bbox` with a margin, as :func:`fit_extent` gives it.
    Raises ValueError, one line, saying what was wrong."""
    if text is None or not str(text).strip():
        raise ValueError(f"empty extent: {_BOX_HELP}, a country, or a region: {', '.join(REGIONS)}")
    text = str(text).strip()
    if "," in text:
        return _parse_box(text)
    region = _region_key(text)
    if region in REGIONS:
        return REGIONS[region]
    key = country_key(text)
    if key is not None:
        return fit_extent([], [key])
    raise ValueError(f"unknown extent {text!r}: expected minlon,minlat,maxlon,maxlat, a country "
                     f"(ISO alpha-3 or name), or a region: {', '.join(REGIONS)}")


def fit_extent(points: list[Point], countries: list[str] = (), margin: float = 0.08) -> Extent:
    """The extent showing every (lon, lat) of ``points`` and the :func:`bbox` of every country of
    ``countries`` (keys; unknown ones are skipped).

    Padded on each side by ``margin`` times its larger shown span (at least 1 degree), at least
    :data:`MIN_WIDTH` x :data:`MIN_HEIGHT` degrees (one point gives a regional window round it), its
    shown aspect (longitude scaled by the cosine of the mid-latitude, as the map draws it) kept
    between :data:`MIN_ASPECT` and :data:`MAX_ASPECT`, and kept within the world: a window that sticks
    out is cut at the edge, then grown on its other side back to its minimum size. Nothing to fit:
    the "world" region. Rounded to 3 decimals."""
    boxes = [(float(lon), float(lat), float(lon), float(lat)) for lon, lat in points]
    boxes += [box for box in (bbox(key) for key in countries) if box is not None]
    if not boxes:
        return REGIONS["world"]
    box = boxes[0]
    for other in boxes[1:]:
        box = _union(box, other)
    min_lon, min_lat, max_lon, max_lat = box
    scale = _lon_scale(min_lat, max_lat)
    pad = max(1.0, margin * max((max_lon - min_lon) * scale, max_lat - min_lat))
    min_lat, max_lat = _fit(min_lat - pad, max_lat + pad, -90.0, 90.0, MIN_HEIGHT)
    min_lon, max_lon = _fit(min_lon - pad / scale, max_lon + pad / scale, -180.0, 180.0, MIN_WIDTH)
    scale = _lon_scale(min_lat, max_lat)
    shown_width, height = (max_lon - min_lon) * scale, max_lat - min_lat
    if shown_width / height > MAX_ASPECT:
        min_lat, max_lat = _fit(min_lat, max_lat, -90.0, 90.0, shown_width / MAX_ASPECT)
    elif shown_width / height < MIN_ASPECT:
        min_lon, max_lon = _fit(min_lon, max_lon, -180.0, 180.0, height * MIN_ASPECT / scale)
    return tuple(round(v, 3) + 0.0 for v in (min_lon, min_lat, max_lon, max_lat))


def _lon_scale(min_lat: float, max_lat: float) -> float:
    """How much narrower a degree of longitude is drawn than one of latitude, mid-window."""
    return max(0.2, math.cos(math.radians((max(-90.0, min_lat) + min(90.0, max_lat)) / 2)))


def _fit(low: float, high: float, lowest: float, highest: float, span: float) -> tuple[float, float]:
    """[low, high] grown round its middle to ``span`` at least, cut to [lowest, highest], then grown
    on the side away from the edge it was cut at, back to ``span`` (or the whole range)."""
    if high - low < span:
        middle = (low + high) / 2
        low, high = middle - span / 2, middle + span / 2
    span = min(span, highest - lowest)
    low, high = max(lowest, low), min(highest, high)
    if high - low < span:
        if low == lowest:
            high = low + span
        else:
            low = high - span
    return low, high
