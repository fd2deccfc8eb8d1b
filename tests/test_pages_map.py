"""The events map on kg serve's pages (issue 22): the actor, home, place and state pages.

The pages run in the real web app (``start_web``: kg's server on a free 127.0.0.1 port, Oxigraph
behind it) and are read with urllib, over two real stores: the reference page's (its detentions
happened in Goris, ``kgid:place/geonames/174895``) and a small corpus written here, where one
sentence names only a state ("in Ukraine": ``kg:happenedIn``) and another no place at all.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import build_store
from kg.store.local import Store
from kg.web.app import page_for
from kg.web.serve import start_web

ARM = "https://w3id.org/kg/id/actor/state/ARM"
GORIS = "https://w3id.org/kg/id/place/geonames/174895"
KG = "https://w3id.org/kg/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"

RECORDS = [
    {"id": "w1", "title": "Strikes", "published": "2024-03-05", "publisher": "Map Wire",
     "text": "Russia attacked targets in Ukraine on Monday."},
    {"id": "w2", "title": "Praise", "published": "2024-03-06", "publisher": "Map Wire",
     "text": "Brazil praised Argentina on Tuesday."},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the ids."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def page(site: str, path: str) -> str:
    status, text = get(site + path)
    assert status == 200, (path, status, text[:500])
    fetches_nothing_from_elsewhere(text)
    return text


def fetches_nothing_from_elsewhere(text: str) -> None:
    """No script, stylesheet, image or SVG reference loads from another address (links marked
    external are followed only when clicked), and no id is used twice."""
    parser = Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        for name in ("src", "href", "xlink:href", "action"):
            url = attrs.get(name)
            if url is None or (tag == "a" and attrs.get("class") == "external"):
                continue
            assert url.startswith(("/", "#")), (tag, name, url)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.sub(
        r'<a class="external" href="[^"]*"', "", text)), "a URL of another address is loaded"
    ids = [attrs["id"] for _tag, attrs in parser.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "an id is used twice"


def section(text: str, element_id: str) -> str:
    """The markup of the element with ``id`` (a map's <div class="picture">) up to its SVG's end."""
    start = text.index(f'id="{element_id}"')
    return text[start:text.index("</svg>", start)]


def titles(svg: str) -> list[str]:
    return re.findall(r"<title>(.*?)</title>", svg, flags=re.S)


@pytest.fixture(scope="module")
def seed_site(seed_store):
    service = start_web(seed_store, host="127.0.0.1", port=free_port())
    try:
        yield service.urls["pages"].rstrip("/")
    finally:
        service.stop()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages-map")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    build_store(folder / "store", corpus)
    return folder / "store"


@pytest.fixture(scope="module")
def small_site(small_store):
    service = start_web(small_store, host="127.0.0.1", port=free_port())
    try:
        yield service.urls["pages"].rstrip("/")
    finally:
        service.stop()


def goris_events(store_dir: Path) -> list[str]:
    with Store(store_dir, read_only=True) as store:
        found = store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a <{KG}Event> ; <{SEM}hasPlace> <{GORIS}> }}")
        return sorted(row["e"].value for row in found)


# -- the reference page: Armenia, Goris, the home page ---------------------------------------------
def test_armenias_page_maps_what_happened_in_it_at_goris(seed_site, seed_store):
    text = page(seed_site, "/actor?iri=kgid:actor/state/ARM")
    assert "<h2>Where</h2>" in text
    # Armenia's own events (the actor-events ones) name no place: a sentence, no empty picture
    where = text.split("<h2>Where</h2>", 1)[1].split("<h2", 1)[0]
    assert "<svg" not in where and "Nothing to show on a map" in where and "involving Armenia" in where
    # the detentions in Goris were done by its government: they happened in Armenia
    assert '<h2 id="happened-in">What happened in Armenia</h2>' in text
    happened = text.split('id="happened-in"', 1)[1].split("</table>", 1)[0]
    events = goris_events(seed_store)
    assert len(events) == 2
    for event in events:
        assert page_for(event).replace("&", "&amp;") in happened
    assert f'href="{page_for(GORIS)}"' in happened.replace("&amp;", "&") and ">Goris</a>" in happened
    svg = section(text, "state-map")
    assert "<svg" in svg and "Goris (2)" in svg
    tips = [t for t in titles(svg) if t.startswith("Goris")]
    assert tips and "detained" in tips[0] and "COERCE" in tips[0]  # the events' evidence on hover
    assert text.count("<svg") == 3  # timeline, network and the map of what happened in Armenia


def test_a_resolved_actors_page_maps_its_events_at_goris(seed_site):
    # one of the two detained: a person the knowledge base lacks, one resolved actor across documents
    text = page(seed_site, "/actor?iri=kgid:actor/resolved/person/ashot-gevorkyan")
    svg = section(text, "events-map")
    assert "Goris (1)" in svg and any("detained" in t for t in titles(svg))
    assert "Events involving Ashot Gevorkyan: 1 of 1 drawn at 1 place" in text
    assert "What happened in" not in text  # not a state


def test_the_home_page_maps_every_event(seed_site):
    text = page(seed_site, "/")
    svg = section(text, "events-map")
    assert "<svg" in svg and "Goris (2)" in svg and 'aria-label="Where the events happen"' in svg
    assert re.search(r"Events: \d+ of \d+ drawn at 1 place", text)
    assert "Map data: Natural Earth" in text
    assert text.count("<svg") == 1


def test_goris_page_lists_the_detentions_with_their_evidence_and_a_map(seed_site, seed_store):
    assert page_for(GORIS) == f"/place?iri={quote(GORIS, safe='')}"
    text = page(seed_site, "/place?iri=kgid:place/geonames/174895")
    assert "<h1>Goris</h1>" in text and f"IRI: <code>{GORIS}</code>" in text
    assert f'href="/actor?iri={quote(ARM, safe="")}"' in text  # in Armenia
    assert "39.51111, 46.34168" in text
    assert 'class="external" href="https://sws.geonames.org/174895/"' in text
    table = text.split('id="happened"', 1)[1].split("</table>", 1)[0]
    events = goris_events(seed_store)
    assert table.count("<tr>") == len(events) + 1  # the header row
    for event in events:
        assert page_for(event).replace("&", "&amp;") in table
    assert table.count("COERCE") == 2 and table.count("2023-09-07") == 2
    assert table.count("detained") == 2 and "Goris" in table  # the evidence sentence
    assert "Government of Armenia" in table and "Mikael Badalyan" in table and "Ashot Gevorkyan" in table
    svg = section(text, "place-map")
    assert "Goris (2)" in svg and any("detained" in t for t in titles(svg))


def test_an_event_links_its_place_to_the_place_page(seed_site, seed_store):
    event = goris_events(seed_store)[0]
    text = page(seed_site, f"/event?iri={quote(event, safe='')}")
    assert f'href="{page_for(GORIS)}"' in text.replace("&amp;", "&")


def test_a_place_page_for_what_is_not_a_place_is_not_found(seed_site):
    status, text = get(seed_site + f"/place?iri={quote(ARM, safe='')}")
    assert status == 404 and "no place" in text
    status, _ = get(seed_site + "/place?iri=kgid:place/geonames/1")
    assert status == 404


# -- a small corpus: a state named alone, an actor with no place ----------------------------------------
def test_ukraines_page_lists_what_happened_in_it(small_site, small_store):
    text = page(small_site, "/actor?iri=kgid:actor/state/UKR")
    with Store(small_store, read_only=True) as store:
        found = list(store.query(f"SELECT ?e ?type WHERE {{ ?e <{KG}happenedIn> <https://w3id.org/kg/id/actor/state/UKR> ; "
                                 f"<{SEM}eventType>/<http://www.w3.org/2004/02/skos/core#notation> ?type }}"))
    assert len(found) == 1
    event, kind = found[0]["e"].value, found[0]["type"].value
    happened = text.split('id="happened-in"', 1)[1].split("</table>", 1)[0]
    assert page_for(event).replace("&", "&amp;") in happened
    assert "Russia attacked targets in Ukraine on Monday." in happened
    assert "the state (no closer place named)" in happened and f"<td>{kind}</td>" in happened
    assert f'href="/actor?iri={quote("https://w3id.org/kg/id/actor/state/RUS", safe="")}"' in happened
    # Ukraine's own map (it is the target) and the window of what happened in it both draw it, hollow
    for element in ("events-map", "state-map"):
        svg = section(text, element)
        assert "Ukraine (1)" in svg and "<rect" in svg  # the country marker: no closer place named


def test_an_actor_with_no_placed_events_gets_a_sentence_not_an_empty_map(small_site):
    text = page(small_site, "/actor?iri=kgid:actor/state/BRA")
    where = text.split("<h2>Where</h2>", 1)[1].split("<h2", 1)[0]
    assert "<svg" not in where and "<path" not in where
    assert 'id="events-map-none"' in where and "the one event involving Brazil names no place or country" in where
    assert "No event is placed in Brazil." in text


def test_the_small_stores_home_page_draws_ukraine(small_site):
    text = page(small_site, "/")
    svg = section(text, "events-map")
    assert "Ukraine (1)" in svg and "1 of 2 drawn" in text


# -- the outlines are thinned, not changed ----------------------------------------------------------
def test_outlines_drop_only_points_closer_than_the_tolerance():
    from kg.plots.eventmap import _thinned

    ring = ["0.0,0.0", "0.1,0.1", "5.0,0.0", "5.2,0.1", "5.0,5.0", "0.0,0.0"]
    assert _thinned(ring, 0.5) == ["0.0,0.0", "5.0,0.0", "5.0,5.0", "0.0,0.0"]
    assert _thinned(["9.0,9.0", "9.5,9.5", "9.0,9.0"], 0.5) == ["9.0,9.0", "9.5,9.5", "9.0,9.0"]  # too short to thin


def test_a_world_map_is_thinned_to_what_it_can_show():
    from kg.plots import Filters
    from kg.plots.eventmap import EventMap, svg_map

    world = EventMap(Filters(), {}, [], {"ARM": 1}, "place", 1, 1, (-180.0, -60.0, 180.0, 85.0))
    thinned, full = svg_map(world), svg_map(world, tolerance=0)
    assert len(thinned) < 0.5 * len(full) and thinned.count("<path") == full.count("<path")
