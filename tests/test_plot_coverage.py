"""`kg plot coverage`: which outlets reported which happenings, from a real store.

The store holds one story of NewsWCL50's development corpus (../shared/data/newswcl50_dev: its first
five articles, one per outlet, on the same day's news), built here with the real `kg build`, so
several happenings have reports from more than one outlet. What the picture must show is read from
the bundled `coverage` query over the same store. The plot group is invoked directly (kg.cli.main
adds it to `kg`).
"""
from __future__ import annotations

import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED, run_kg
from kg.cli.plot import plot
from kg.plots import Filters, coverage_data, plot_coverage
from kg.plots.coverage import short
from kg.services.query import bundled_queries, run_query
from kg.store.local import Store

CORPUS = SHARED / "data" / "newswcl50_dev" / "corpus.jsonl"
SVG = "{http://www.w3.org/2000/svg}"
PRK = "https://w3id.org/kg/id/actor/state/PRK"
OUTLETS = {"Breitbart", "Fox News", "HuffPost", "The New York Times", "USA Today"}


def plot_cli(*args):
    return CliRunner().invoke(plot, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def story_store(tmp_path_factory) -> Path:
    """The first story of NewsWCL50 (five articles, five outlets), built with the real `kg build`."""
    if not CORPUS.is_file():
        pytest.skip(f"NewsWCL50's development corpus is not at {CORPUS}")
    folder = tmp_path_factory.mktemp("story")
    lines = CORPUS.read_text(encoding="utf-8").splitlines(keepends=True)[:5]
    corpus = folder / "story.jsonl"
    corpus.write_text("".join(lines), encoding="utf-8")
    store = folder / "store"
    result = run_kg("build", corpus, "--store", store)
    assert result.exit_code == 0, result.output
    return store


def expected(store_path: Path, **values) -> tuple[set[str], dict[str, Counter]]:
    """From the bundled coverage query: the publishers, and each happening's reports by publisher."""
    with Store(store_path, read_only=True) as store:
        result = run_query(store, bundled_queries()["coverage"], values)
    c = result.columns
    publishers, reports = set(), {}
    for row in result.rows:
        publisher, happening = row[c.index("publisher")].value, row[c.index("happening")].value
        publishers.add(publisher)
        counts = reports.setdefault(happening, Counter())
        if row[c.index("reported")].value == "true":
            counts[publisher] = int(row[c.index("reports")].value)
    return publishers, reports


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def svg_groups(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


def group_text(group: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in group.iter(SVG + "text"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# -- the model ---------------------------------------------------------------------------------------
def test_the_model_is_the_coverage_query_ranked(story_store):
    publishers, reports = expected(story_store)
    assert publishers == OUTLETS
    with Store(story_store, read_only=True) as store:
        model = coverage_data(store, Filters(), top=10)
    assert model.publishers == sorted(OUTLETS)
    assert model.matching == len(reports) and len(model.happenings) == 10 < len(reports)
    # the most reported first: no happening left out has more reports than one shown
    totals = [sum(reports[h.iri].values()) for h in model.happenings]
    assert totals == sorted(totals, reverse=True)
    left_out = [sum(c.values()) for h, c in reports.items() if h not in {x.iri for x in model.happenings}]
    assert max(left_out) <= min(totals)
    # a cell for each outlet that reported a happening shown, with its number of reports
    for h in model.happenings:
        assert {p: n for (p, i), n in model.cells.items() if i == h.iri} == dict(reports[h.iri])
        assert h.reports == sum(reports[h.iri].values()) and h.outlets == len(reports[h.iri])
    assert model.happenings[0].outlets >= 2  # one story, five outlets: some happenings are reported twice
    # labels: "Source TYPE Target (date)"
    for h in model.happenings:
        assert re.fullmatch(r".+ [A-Z]+( .+)? \(\d{4}-\d\d-\d\d\)", h.label), h.label
        assert h.type in h.label and h.source in h.label and h.quad


# -- the picture -------------------------------------------------------------------------------------
def test_the_svg_names_the_outlets_and_fills_the_reported_cells(story_store, tmp_path):
    out = tmp_path / "coverage.svg"
    result = plot_cli("coverage", "--store", story_store, "--top", "12", "--output", out)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and str(out) in result.stderr and "5 outlets, 12 of" in result.stderr
    with Store(story_store, read_only=True) as store:
        model = coverage_data(store, Filters(), top=12)
    groups = svg_groups(out)
    filled = sorted(g for g in groups if g.startswith("cell-"))
    empty = sorted(g for g in groups if g.startswith("gap-"))
    assert len(filled) == len(model.cells) > 0 and len(filled) + len(empty) == 5 * 12
    for (publisher, iri) in model.cells:  # each filled cell where the outlet reported the happening
        r, c = model.publishers.index(publisher), [h.iri for h in model.happenings].index(iri)
        assert f"cell-{r}-{c}" in groups
    texts = svg_texts(out)
    for publisher in OUTLETS:  # each outlet's row, with how many of the happenings shown it reported
        assert f"{publisher} ({model.reported(publisher)})" in texts
    for h in model.happenings:
        assert short(h) in texts
    assert group_text(groups["title"]) == "Who reported what: outlets and happenings"
    assert "the 12 with the most reports" in group_text(groups["subtitle"])
    legend = group_text(groups["legend"])
    assert "no report" in legend and any(q in legend for q in ("verbal cooperation", "verbal conflict"))
    assert "<dc:date>" not in out.read_text(encoding="utf-8")


def test_the_same_bytes_each_time(story_store, tmp_path):
    for suffix in ("svg", "png", "html"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        assert plot_cli("coverage", "--store", story_store, "-o", first).exit_code == 0
        assert plot_cli("coverage", "--store", story_store, "-o", second).exit_code == 0
        assert first.read_bytes() == second.read_bytes(), suffix
    width, height = png_size(tmp_path / "a.png")
    assert width >= 900 and height >= 400 and (tmp_path / "a.png").stat().st_size > 20_000


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.tags, self.cells = [], [], Counter()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [value for name, value in attrs if name in ("src", "href") and value]
        if tag == "td":
            self.cells[dict(attrs).get("class")] += 1


def test_the_html_page_is_the_same_table(story_store, tmp_path):
    out = tmp_path / "coverage.html"
    assert plot_cli("coverage", "--store", story_store, "--top", "8", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    assert page.refs == [] and "script" not in page.tags  # nothing loaded, nothing run
    with Store(story_store, read_only=True) as store:
        model = coverage_data(store, Filters(), top=8)
    assert page.cells["cell"] == len(model.cells) and page.cells["cell"] + page.cells["gap"] == 5 * 8
    for publisher in OUTLETS:
        assert f"<th>{publisher} ({model.reported(publisher)})</th>" in text
    for h in model.happenings:  # labels whole on the page
        assert f"<span>{h.label}</span>" in text
    assert "Who reported what" in text and "Legend" in text


def test_filters(story_store, tmp_path):
    out = tmp_path / "korea.svg"
    result = plot_cli("coverage", "--store", story_store, "--actor", "kgid:actor/state/PRK", "-o", out)
    assert result.exit_code == 0, result.output
    _, reports = expected(story_store, actor=PRK)
    with Store(story_store, read_only=True) as store:
        korea = coverage_data(store, Filters(actor=PRK))
        every = coverage_data(store, Filters(), top=500)
        consult = coverage_data(store, Filters(types=("CONSULT",)), top=500)
    assert korea.happenings and {h.iri for h in korea.happenings} <= set(reports)
    assert korea.matching == len(reports) < every.matching
    assert "Happenings involving North Korea" in group_text(svg_groups(out)["subtitle"])
    assert consult.happenings and all(h.type == "CONSULT" for h in consult.happenings)
    # dates keep the happenings with a report in the range, as the query does
    _, later = expected(story_store, since="2018-04-18")
    with Store(story_store, read_only=True) as store:
        assert coverage_data(store, Filters(since="2018-04-18")).matching == len(later) < every.matching


def test_nothing_to_show(story_store, tmp_path):
    for suffix in ("svg", "png", "html"):
        out = tmp_path / f"empty.{suffix}"
        result = plot_cli("coverage", "--store", story_store, "--since", "2030-01-01", "-o", out)
        assert result.exit_code == 0, result.output
        assert "nothing to show: no happenings match from 2030-01-01" in result.stderr
        assert out.is_file()
        if suffix == "svg":
            assert any("Nothing to show" in t for t in svg_texts(out))
        elif suffix == "html":
            assert "Nothing to show" in out.read_text(encoding="utf-8")
        else:
            assert png_size(out)[0] > 0


def test_library_api(story_store, tmp_path):
    with Store(story_store, read_only=True) as store:
        result = plot_coverage(store, Filters(), tmp_path / "c.png", top=5)
    assert not result.empty and result.format == "png" and result.path.is_file()
    assert result.message.startswith(f"wrote {result.path}: 5 outlets, 5 of {result.model.matching} happenings")


@pytest.mark.parametrize("args, message", [
    (["--actor", "not an iri"], "--actor"),
    (["--actor", "kgid:actor/state/XXX"], "says nothing of this actor"),
    (["--since", "2018-13-01"], "not a date"),
    (["--until", "yesterday"], "not a date"),
    (["--since", "2018-05-01", "--until", "2018-04-01"], "after --until"),
    (["--types", "CONSULT,NONSENSE"], "unknown PLOVER type(s) NONSENSE"),
])
def test_bad_options_exit_2_with_one_line(story_store, tmp_path, args, message):
    out = tmp_path / "x.svg"
    result = plot_cli("coverage", *args, "-o", out, "--store", story_store)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("kg: error: ")
    assert not out.exists()


def test_bad_extension_and_top(story_store, tmp_path):
    result = plot_cli("coverage", "--store", story_store, "-o", tmp_path / "x.gif")
    assert result.exit_code == 2 and ".svg, .png, .html" in result.stderr
    result = plot_cli("coverage", "--store", story_store, "--top", "0", "-o", tmp_path / "x.svg")
    assert result.exit_code == 2 and "--top" in result.stderr
    assert not list(tmp_path.glob("x.*"))
    missing = plot_cli("coverage", "--store", tmp_path / "none", "-o", tmp_path / "x.svg")
    assert missing.exit_code == 2 and "no kg store here" in missing.stderr


@pytest.mark.parametrize("order", ["kg.cli.plot, kg.cli.main", "kg.cli.main, kg.cli.plot"])
def test_kg_plot_lists_coverage(order):
    result = run_kg("plot", "--help")
    assert result.exit_code == 0 and "coverage" in result.stdout
    # whichever of the two modules is imported first, the group has its three pictures
    code = (f"import {order}; from kg.cli.plot import plot; "
            "assert set(plot.commands) == {'network', 'timeline', 'coverage', 'map'}")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
