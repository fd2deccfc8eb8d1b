"""`kg plot network` and `kg plot timeline`: pictures from real stores, checked structurally.

The network comes from the reference page's store (seed_store); the timelines from a small corpus
of articles, built here, with events between Armenia and Azerbaijan over several months. The plot
group is invoked directly (kg.cli.main adds it to `kg`).
"""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from kg.cli.plot import plot
from kg.plots import Filters, network_data, plot_network, timeline_data
from kg.plots.data import parse_iri
from kg.plots.timeline import counts
from kg.store.local import Store

from conftest import run_kg

SVG = "{http://www.w3.org/2000/svg}"
ACTOR = "https://w3id.org/kg/id/actor/"
ARM, AZE, RUS = ACTOR + "state/ARM", ACTOR + "state/AZE", ACTOR + "state/RUS"
RESISTANCE = ACTOR + "alliance/resistance"
KG = "https://w3id.org/kg/ontology#"

ARTICLES = [
    {"id": "a1", "title": "Armenia accuses Azerbaijan", "published": "2023-01-16", "publisher": "Example Monitor",
     "text": "Armenia accused Azerbaijan of blocking the Lachin corridor. Azerbaijan rejected the accusation."},
    {"id": "a2", "title": "Talks in Washington", "published": "2023-02-20", "publisher": "Example Monitor",
     "text": "Armenian Foreign Minister Ararat Mirzoyan met Azerbaijani Foreign Minister Jeyhun Bayramov in "
             "Washington. Armenia accused Azerbaijan of violating the ceasefire."},
    {"id": "a3", "title": "Border clashes", "published": "2023-03-13", "publisher": "Example Monitor",
     "text": "Azerbaijani troops attacked Armenian positions near the border. Armenia condemned Azerbaijan."},
    {"id": "a4", "title": "Peace talks", "published": "2023-05-08", "publisher": "Example Monitor",
     "text": "Armenia and Azerbaijan agreed to continue peace talks. Russia urged Armenia and Azerbaijan to "
             "respect the ceasefire."},
]


def plot_cli(*args):
    return CliRunner().invoke(plot, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def dyad_store(tmp_path_factory) -> Path:
    """Four articles, January to May 2023 (nothing in April), built with the real `kg build`."""
    folder = tmp_path_factory.mktemp("dyad")
    corpus = folder / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = folder / "store"
    result = run_kg("build", corpus, "--store", store)
    assert result.exit_code == 0, result.output
    return store


def without_goldstein(source: Path, store: Path) -> Path:
    """A copy of the store at ``source`` whose events carry no Goldstein value (a store built
    before kg assigned them, or with codes the table lacks)."""
    shutil.copytree(source, store)
    with Store(store) as s:
        s.delete_quads(list(s.quads_for_pattern(None, NamedNode(KG + "goldstein"), None)))
    return store


@pytest.fixture(scope="module")
def bare_dyad_store(dyad_store, tmp_path_factory) -> Path:
    return without_goldstein(dyad_store, tmp_path_factory.mktemp("bare-dyad") / "store")


@pytest.fixture(scope="module")
def bare_seed_store(seed_store, tmp_path_factory) -> Path:
    return without_goldstein(seed_store, tmp_path_factory.mktemp("bare-seed") / "store")


@pytest.fixture(scope="module")
def goldstein_store(bare_dyad_store, tmp_path_factory) -> Path:
    """The dyad store with a graph giving every event a known Goldstein value instead of GDELT's."""
    store = tmp_path_factory.mktemp("goldstein") / "store"
    shutil.copytree(bare_dyad_store, store)
    values = {"ACCUSE": -2.0, "ASSAULT": -10.0, "AGREE": 3.0, "REQUEST": -0.5, "CONSULT": 1.0}
    graph = NamedNode("https://w3id.org/kg/id/graph/test-goldstein")
    with Store(store) as s:
        events = timeline_data(s, Filters()).events
        quads = [Quad(NamedNode(e.event), NamedNode(KG + "goldstein"),
                      Literal(str(values.get(e.type, 1.0)), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
                      graph) for e in events]
        s.write_graphs([(graph, quads)])
    return store


# -- reading the pictures ----------------------------------------------------------------------------
def svg_groups(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


def group_text(group: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in group.iter(SVG + "text"))


def all_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))


def with_prefix(groups: dict, prefix: str) -> list[str]:
    return sorted(g for g in groups if re.fullmatch(re.escape(prefix) + r"\d+", g))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


class Links(HTMLParser):
    """Every src/href attribute and every element name of a page."""

    def __init__(self):
        super().__init__()
        self.refs, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [(tag, name, value) for name, value in attrs if name in ("src", "href") and value]


# -- the network -------------------------------------------------------------------------------------
def test_network_model_from_the_reference_page(seed_store):
    with Store(seed_store, read_only=True) as store:
        model = network_data(store, Filters())
    nodes = {n.iri: n for n in model.nodes}
    for iri in (ARM, RUS, AZE, ACTOR + "state/USA", RESISTANCE):
        assert iri in nodes
    assert nodes[ARM].label == "Armenia" and nodes[ARM].cls == "State" and nodes[ARM].mentions > 0
    assert nodes[RESISTANCE].cls == "Alliance"
    # the Axis of Resistance is drawn as one node: its members have no events in the article (issue 20)
    assert not [m for m in model.memberships if m.alliance == RESISTANCE]
    assert model.members_not_drawn[RESISTANCE] == 4
    # and with its members when asked
    with Store(seed_store, read_only=True) as store:
        whole = network_data(store, Filters(), all_members=True)
    members = {m.member for m in whole.memberships if m.alliance == RESISTANCE}
    assert members == {ACTOR + "state/IRN", ACTOR + "state/SYR", ACTOR + "armed-group/hezbollah",
                       ACTOR + "armed-group/hamas"}
    assert all(m.stated and "Alwaght" in m.sources for m in whole.memberships if m.alliance == RESISTANCE)
    assert whole.members_not_drawn == {}
    # events aggregated by (source, target, quad class), the quad class read from the PLOVER scheme
    edges = {(e.source, e.target, e.quad): e for e in model.events}
    accuse = edges[(ARM, RUS, "VerbalConflict")]
    assert accuse.count == 2 and dict(accuse.types) == {"ACCUSE": 2}
    assert (RUS, AZE, "VerbalCooperation") in edges
    assert model.event_count == sum(e.count for e in model.events)
    # every event carries GDELT's Goldstein value of its CAMEO code (ACCUSE, 11x: -2.0)
    assert model.goldstein_values == model.event_count
    assert accuse.goldstein == -2.0 * accuse.count
    assert "Alwaght" in model.sources
    # every edge's ends are nodes
    for e in model.events:
        assert e.source in nodes and e.target in nodes
    for m in model.memberships:
        assert m.member in nodes and m.alliance in nodes


def test_network_svg_structure(seed_store, tmp_path):
    out = tmp_path / "network.svg"
    result = plot_cli("network", "--store", seed_store, "--output", out)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and str(out) in result.stderr
    with Store(seed_store, read_only=True) as store:
        model = network_data(store, Filters())
    groups = svg_groups(out)

    # one marker per node, one patch per event link and per membership, one label per node
    assert len([p for p in groups["nodes"].iter(SVG + "path")]) == len(model.nodes)
    assert len(with_prefix(groups, "event-edge-")) == len(model.events)
    assert len(with_prefix(groups, "membership-")) == len(model.memberships)
    labels = [group_text(groups[g]) for g in with_prefix(groups, "label-")]
    unlabelled = re.search(r"(\d+) smaller actors? (?:are|is) not labelled", group_text(groups["subtitle"]))
    assert len(labels) + (int(unlabelled.group(1)) if unlabelled else 0) == len(model.nodes)
    for name in ("Armenia", "Russia", "Azerbaijan", "United States", "Resistance"):
        assert name in labels
    assert "CSTO" in labels  # Collective Security Treaty Organization, drawn as its acronym

    # a title saying what is shown and from which sources, and a legend
    assert group_text(groups["title"]) == "Actors, alliances and events"
    subtitle = group_text(groups["subtitle"])
    assert "All asserted events" in subtitle and f"{len(model.nodes)} actors" in subtitle
    assert "Sources: Alwaght" in subtitle and "The World Factbook" in subtitle
    legend = group_text(groups["legend"])
    for entry in ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict",
                  "member of", "state", "alliance", "width: number of events"):
        assert entry in legend
    svg_title = ET.parse(out).getroot().find(SVG + "title")
    assert svg_title is not None and svg_title.text.startswith("Actors, alliances and events")
    # no date in the file
    assert "<dc:date>" not in out.read_text(encoding="utf-8")


def test_network_is_deterministic(seed_store, tmp_path):
    for suffix in ("svg", "png", "html"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        assert plot_cli("network", "--store", seed_store, "-o", first).exit_code == 0
        assert plot_cli("network", "--store", seed_store, "-o", second).exit_code == 0
        assert first.read_bytes() == second.read_bytes(), suffix


def test_network_png(seed_store, tmp_path):
    out = tmp_path / "network.png"
    assert plot_cli("network", "--store", seed_store, "--output", out).exit_code == 0
    width, height = png_size(out)
    assert width >= 900 and height >= 600
    assert out.stat().st_size > 20_000  # a drawing, not a blank page


def test_network_html_is_self_contained(seed_store, tmp_path):
    out = tmp_path / "network.html"
    result = plot_cli("network", "--store", seed_store, "--output", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    parser = Links()
    parser.feed(page)
    # nothing is fetched when the page is viewed: no src or href at all, hence none to http(s)
    assert not [r for r in parser.refs if re.match(r"(?i)(https?:)?//", r[2])]
    assert parser.refs == []
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"""<script[^>]*\bsrc\s*=""", page, re.I)
    assert not re.search(r"""@import|url\(\s*['"]?(https?:)?//""", page, re.I)
    # vis-network is inline, with the data
    assert "@version 10.1.5" in page and "new vis.Network(" in page
    data = json.loads(re.search(r"const kgData = (\{.*?\});\n", page).group(1))
    with Store(seed_store, read_only=True) as store:
        model = network_data(store, Filters())
    assert len(data["nodes"]) == len(model.nodes)
    assert len(data["edges"]) == len(model.events) + len(model.memberships)
    labels = {n["label"] for n in data["nodes"]}
    for name in ("Armenia", "Russia", "Azerbaijan", "United States", "Resistance"):
        assert name in labels and name in page
    assert data["options"]["physics"]["enabled"] is False  # fixed positions: the same page each time
    assert "Actors, alliances and events" in page and "Sources: Alwaght" in page and "Legend" in page


def test_network_filters(seed_store, tmp_path):
    out = tmp_path / "armenia.svg"
    result = plot_cli("network", "--store", seed_store, "--actor", "kgid:actor/state/ARM", "--output", out)
    assert result.exit_code == 0, result.output
    with Store(seed_store, read_only=True) as store:
        model = network_data(store, Filters(actor=ARM))
        accusations = network_data(store, Filters(types=("ACCUSE",)))
        september = network_data(store, Filters(since="2023-09-07", until="2023-09-07"))
    assert model.events and all(ARM in (e.source, e.target) for e in model.events)
    # stated memberships touching none of these events' actors are left out; Armenia's CSTO is in
    assert RESISTANCE not in {n.iri for n in model.nodes}
    assert (ARM, ACTOR + "alliance/csto") in {(m.member, m.alliance) for m in model.memberships}
    groups = svg_groups(out)
    assert len(with_prefix(groups, "event-edge-")) == len(model.events)
    assert "Events involving Armenia" in group_text(groups["subtitle"])

    assert accusations.events and all(dict(e.types).keys() == {"ACCUSE"} for e in accusations.events)
    assert september.events and september.event_count < network_data_count(seed_store)


def network_data_count(store_path) -> int:
    with Store(store_path, read_only=True) as store:
        return network_data(store, Filters()).event_count


def test_network_types_are_read_from_the_scheme(seed_store, tmp_path):
    out = tmp_path / "t.svg"
    result = plot_cli("network", "--store", seed_store, "--types", "accuse,threaten", "-o", out)
    assert result.exit_code == 0, result.output
    assert "types ACCUSE, THREATEN" in group_text(svg_groups(out)["subtitle"])


def test_network_goldstein_absent_is_said(bare_seed_store, tmp_path):
    out = tmp_path / "g.svg"
    result = plot_cli("network", "--store", bare_seed_store, "--weight", "goldstein", "-o", out)
    assert result.exit_code == 0, result.output
    assert "no Goldstein values" in result.stderr
    groups = svg_groups(out)
    assert "none of these events carries a Goldstein value" in group_text(groups["subtitle"])
    assert "no Goldstein values" in group_text(groups["legend"])


def test_network_goldstein_present(goldstein_store, tmp_path):
    with Store(goldstein_store, read_only=True) as store:
        model = network_data(store, Filters())
    assert model.goldstein_values == model.event_count > 0
    edge = next(e for e in model.events if (e.source, e.target) == (ARM, AZE))
    assert edge.goldstein == -2.0 * edge.count
    out = tmp_path / "g.svg"
    assert plot_cli("network", "--store", goldstein_store, "--weight", "goldstein", "-o", out).exit_code == 0
    groups = svg_groups(out)
    assert "|sum of Goldstein values|" in group_text(groups["subtitle"])
    assert "width: |Goldstein sum|" in group_text(groups["legend"])


def test_network_nothing_to_show(seed_store, tmp_path):
    for suffix in ("svg", "png", "html"):
        out = tmp_path / f"empty.{suffix}"
        result = plot_cli("network", "--store", seed_store, "--since", "2030-01-01", "-o", out)
        assert result.exit_code == 0, result.output
        assert "nothing to show" in result.stderr and "2030-01-01" in result.stderr
        assert out.is_file()
        if suffix == "svg":
            assert "Nothing to show" in all_text(out)
        elif suffix == "html":
            assert "Nothing to show" in out.read_text(encoding="utf-8")
        else:
            assert png_size(out)[0] > 0


def test_library_api(seed_store, tmp_path):
    with Store(seed_store, read_only=True) as store:
        result = plot_network(store, Filters(actor=ARM), tmp_path / "n.svg")
    assert not result.empty and result.format == "svg" and result.path.is_file()
    assert result.message == (f"wrote {result.path}: {len(result.model.nodes)} actors, {result.model.event_count} "
                              f"events as {len(result.model.events)} links, {len(result.model.memberships)} memberships")


# -- the timeline ------------------------------------------------------------------------------------
def test_timeline_model(dyad_store, bare_dyad_store):
    with Store(bare_dyad_store, read_only=True) as store:
        assert timeline_data(store, Filters(actor=ARM)).goldstein_values == 0
    with Store(dyad_store, read_only=True) as store:
        dyad = timeline_data(store, Filters(actor=ARM, other=AZE))
        armenia = timeline_data(store, Filters(actor=ARM))
    assert dyad.events and all({e.source, e.target} == {ARM, AZE} for e in dyad.events)
    assert {e.type for e in dyad.events} >= {"ACCUSE", "ASSAULT"}
    assert dyad.months()[0] == "2023-01" and "2023-03" in dyad.months()
    assert dyad.labels == {ARM: "Armenia", AZE: "Azerbaijan"}
    assert dyad.sources == ["Example Monitor"]
    # every month from the first to the last, April (no events) included
    assert armenia.months() == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    table = counts(armenia, "type")
    assert sum(sum(v) for v in table.values()) == len(armenia.dated)
    assert all(v[3] == 0 for v in table.values())
    assert armenia.goldstein_values == len(armenia.events) > 0  # GDELT's values, by CAMEO code
    # events dated only by their article (no known beginning) count as beginning by that date
    with Store(dyad_store, read_only=True) as store:
        spring = timeline_data(store, Filters(actor=ARM, since="2023-02-01", until="2023-03-31"))
    assert spring.months() == ["2023-02", "2023-03"]


def test_timeline_svg_structure(dyad_store, bare_dyad_store, tmp_path):
    out = tmp_path / "dyad.svg"
    result = plot_cli("timeline", "--store", bare_dyad_store, "--dyad", "kgid:actor/state/ARM", "kgid:actor/state/AZE",
                      "--output", out)
    assert result.exit_code == 0, result.output
    with Store(dyad_store, read_only=True) as store:
        model = timeline_data(store, Filters(actor=ARM, other=AZE))
    table = counts(model, "type")
    groups = svg_groups(out)
    bars = [g for g in groups if g.startswith("bar-")]
    assert len(bars) == sum(1 for values in table.values() for v in values if v)
    # the dyad's events span less than three months: a bar per week (its Monday)
    assert model.bin == "week"
    first_accusation = min(model.period(e) for e in model.dated if e.type == "ACCUSE")
    assert first_accusation.startswith("2023-01") and f"bar-ACCUSE-{first_accusation}" in groups
    text = all_text(out)
    for week in model.periods():
        assert week in text
    title = group_text(groups["title"])
    assert "Armenia" in title and "Azerbaijan" in title and "PLOVER type" in title
    subtitle = group_text(groups["subtitle"])
    assert "either direction" in subtitle and "Sources: Example Monitor" in subtitle
    assert "no cumulative Goldstein line" in subtitle  # no values: said, and no line drawn
    assert "goldstein" not in groups
    # with the values kg assigns, the cumulative line is drawn
    drawn = tmp_path / "dyad-goldstein.svg"
    assert plot_cli("timeline", "--store", dyad_store, "--dyad", "kgid:actor/state/ARM", "kgid:actor/state/AZE",
                    "--output", drawn).exit_code == 0
    assert "goldstein" in svg_groups(drawn)
    legend = group_text(groups["legend"])
    assert "ACCUSE (verbal conflict)" in legend and "ASSAULT (material conflict)" in legend


def test_timeline_by_quad_and_png_determinism(dyad_store, tmp_path):
    out = tmp_path / "quad.svg"
    assert plot_cli("timeline", "--store", dyad_store, "--actor", "kgid:actor/state/ARM", "--by", "quad",
                    "-o", out).exit_code == 0
    groups = svg_groups(out)
    legend = group_text(groups["legend"])
    assert "verbal conflict" in legend and "material conflict" in legend and "ACCUSE" not in legend
    assert "2023-04" in all_text(out)  # the empty month has its place
    for suffix in ("png", "svg"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        for path in (first, second):
            assert plot_cli("timeline", "--store", dyad_store, "--actor", "kgid:actor/state/ARM",
                            "-o", path).exit_code == 0
        assert first.read_bytes() == second.read_bytes(), suffix
    width, height = png_size(tmp_path / "a.png")
    assert width >= 800 and height >= 500 and (tmp_path / "a.png").stat().st_size > 10_000


def test_timeline_goldstein_line(goldstein_store, tmp_path):
    out = tmp_path / "g.svg"
    assert plot_cli("timeline", "--store", goldstein_store, "--actor", "kgid:actor/state/ARM", "-o", out).exit_code == 0
    groups = svg_groups(out)
    assert "goldstein" in groups
    assert "cumulative Goldstein sum" in group_text(groups["legend"])
    assert "no cumulative Goldstein line" not in group_text(groups["subtitle"])


def test_timeline_nothing_to_show(dyad_store, tmp_path):
    out = tmp_path / "empty.svg"
    result = plot_cli("timeline", "--store", dyad_store, "--actor", "kgid:actor/state/ARM", "--since", "2030-01-01",
                      "-o", out)
    assert result.exit_code == 0, result.output
    assert "nothing to show" in result.stderr
    assert "Nothing to show" in all_text(out)


# -- bad options -------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["network", "--actor", "not an iri", "-o", "x.svg"], "--actor"),
    (["network", "--actor", "kgid:actor/state/XXX", "-o", "x.svg"], "says nothing of this actor"),
    (["network", "--since", "2023-13-01", "-o", "x.svg"], "not a date"),
    (["network", "--since", "20230911", "-o", "x.svg"], "not a date (YYYY-MM-DD)"),  # as kg query's dates
    (["timeline", "--actor", "kgid:actor/state/ARM", "--until", "2023-W37-1", "-o", "x.svg"], "(YYYY-MM-DD)"),
    (["network", "--since", "2023-09-30", "--until", "2023-09-01", "-o", "x.svg"], "after --until"),
    (["network", "--types", "ACCUSE,NONSENSE", "-o", "x.svg"], "unknown PLOVER type(s) NONSENSE"),
    (["network", "-o", "x.gif"], ".svg, .png, .html"),
    (["timeline", "-o", "x.svg"], "--actor IRI or --dyad"),
    (["timeline", "--actor", "kgid:actor/state/ARM", "--dyad", "kgid:actor/state/ARM", "kgid:actor/state/AZE",
      "-o", "x.svg"], "--actor IRI or --dyad"),
    (["timeline", "--actor", "kgid:actor/state/ARM", "-o", "x.html"], ".svg, .png"),
    (["timeline", "--dyad", "kgid:actor/state/ARM", "kgid:actor/state/ARM", "-o", "x.svg"], "two different"),
    (["timeline", "--actor", "kgid:actor/state/ARM", "--until", "yesterday", "-o", "x.svg"], "not a date"),
])
def test_bad_options_exit_2_with_one_line(seed_store, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = plot_cli(*args, "--store", seed_store)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("kg: error: ")
    assert not list(tmp_path.glob("x.*"))  # nothing written


def test_missing_store_exit_2(tmp_path):
    result = plot_cli("network", "--store", tmp_path / "none", "-o", tmp_path / "x.svg")
    assert result.exit_code == 2 and "no kg store here" in result.stderr


def test_prefixed_names_expand_like_kg_query():
    assert parse_iri("--actor", "kgid:actor/state/ARM") == ARM
    assert parse_iri("--actor", ARM) == ARM


@pytest.mark.parametrize("order", ["kg.cli.plot, kg.cli.main", "kg.cli.main, kg.cli.plot"])
def test_cli_modules_import_in_either_order(order):
    # kg.cli.main adds the group with main.add_command(plot): neither module may need the other half-loaded
    code = f"import {order}; from kg.cli.plot import plot; assert set(plot.commands) == {{'network', 'timeline', 'coverage', 'map'}}"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_the_network_draws_the_top_actors_and_no_label_over_another(seed_store):
    """Issue 20, item 6: without filters the picture shows the actors the documents mention most,
    and labels never overlap (a label with no room is left out, and the picture says how many)."""
    import math

    from kg.plots.network import _overlap, label_boxes, layout, node_size, place_labels

    with Store(seed_store, read_only=True) as store:
        whole = network_data(store, Filters(), top=None)
        top = network_data(store, Filters(), top=3)
    drawn = {a for e in top.events for a in (e.source, e.target)}
    assert 0 < len(drawn) <= 3 and top.left_out == len({a for e in whole.events for a in (e.source, e.target)}) - len(drawn)
    mentions = {n.iri: n.mentions for n in whole.nodes}
    assert min(mentions[a] for a in drawn) >= sorted(mentions.values(), reverse=True)[len(drawn) + 5]
    for model in (whole, top):
        pos = layout(model)
        sizes = {n.iri: node_size(n.mentions) for n in model.nodes}
        sides = place_labels(model, pos, sizes, 72.0)
        boxes = [label_boxes(n, (pos[n.iri][0] * 72, pos[n.iri][1] * 72), math.sqrt(sizes[n.iri]) / 2)[sides[n.iri]]
                 for n in model.nodes if sides[n.iri]]
        assert boxes and not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_the_timeline_chooses_its_bars_from_the_span(dyad_store):
    """Issue 20, item 6: days for a month, weeks for three, months for five years, years beyond,
    so that a 60-year span is 60 bars, not 720."""
    from kg.plots.data import EventRow, Timeline

    def spanning(*days):
        rows = [EventRow(f"e{i}", ARM, AZE, "ACCUSE", "VerbalConflict", None, None, day, None) for i, day in enumerate(days)]
        return Timeline(rows, Filters(actor=ARM), {}, [], {"ACCUSE": "VerbalConflict"}, ["ACCUSE"])

    assert spanning("2023-09-01", "2023-09-20").bin == "day"
    assert spanning("2023-09-01", "2023-09-20").periods()[:2] == ["2023-09-01", "2023-09-02"]
    assert spanning("2023-07-01", "2023-09-20").bin == "week"
    assert spanning("2020-01-01", "2023-09-20").bin == "month"
    sixty = spanning("1963-05-01", "2023-09-20")
    assert sixty.bin == "year" and len(sixty.periods()) == 61 and sixty.period(sixty.events[0]) == "1963"
    with Store(dyad_store, read_only=True) as store:
        assert timeline_data(store, Filters(actor=ARM)).bin == "month"  # January to May
        assert timeline_data(store, Filters(actor=ARM), "year").periods() == ["2023"]


def test_the_picture_options_for_top_members_and_bins(seed_store, dyad_store, tmp_path):
    out = tmp_path / "n.svg"
    result = plot_cli("network", "--store", seed_store, "--top", "3", "--output", out)
    assert result.exit_code == 0, result.output
    assert "more and their events are not (--top)" in group_text(svg_groups(out)["subtitle"])
    result = plot_cli("network", "--store", seed_store, "--all", "--all-members", "--output", out)
    assert result.exit_code == 0 and "--top" not in group_text(svg_groups(out)["subtitle"])
    assert "members with no event here" not in group_text(svg_groups(out)["subtitle"])
    result = plot_cli("timeline", "--store", dyad_store, "--actor", "kgid:actor/state/ARM", "--bin", "year",
                      "-o", tmp_path / "t.svg")
    assert result.exit_code == 0 and "over 1 year (2023 to 2023)" in result.stderr
