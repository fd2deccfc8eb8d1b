"""kg serve's pages, issue 19: every report of a happening side by side on an event's page, and the
names each outlet uses for an actor on the actor's page.

The store is NewsWCL50's development corpus (25 articles on the same stories from five US
outlets, ../shared/data/newswcl50_dev), built here with the real `kg build`; the pages run in the
real web app on a free 127.0.0.1 port and are read with urllib. What a page must show is read from
the bundled queries (event-reports, actor-names, distinctive-names) over the same store.
"""
from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from conftest import SHARED, run_kg
from kg.services.query import bundled_queries, run_query
from kg.store.local import Store
from kg.web.app import page_for
from kg.web.serve import start_web

CORPUS = SHARED / "data" / "newswcl50_dev" / "corpus.jsonl"
PRK = "https://w3id.org/kg/id/actor/state/PRK"
ARM = "https://w3id.org/kg/id/actor/state/ARM"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page(site: str, path: str) -> str:
    try:
        with urllib.request.urlopen(site + path, timeout=60) as answer:
            assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/html")
            return answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        raise AssertionError(f"{path}: {exc.code} {exc.read().decode('utf-8')[:500]}") from exc


class Marks(HTMLParser):
    """The text of each <mark>, with its data-start/data-end."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[str, str, str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            attrs = dict(attrs)
            self.marks.append(("", attrs.get("data-start"), attrs.get("data-end")))
            self._open = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open = False

    def handle_data(self, data):
        if self._open:
            text, start, end = self.marks[-1]
            self.marks[-1] = (text + data, start, end)


def marks(html: str) -> list[tuple[str, str, str]]:
    parser = Marks()
    parser.feed(html)
    return parser.marks


def element(html: str, id_: str, tag: str) -> str:
    """The inside of the element with this id (the first closing tag of its kind ends it)."""
    assert f'id="{id_}"' in html, id_
    return html.split(f'id="{id_}"', 1)[1].split(f"</{tag}>", 1)[0]


def rows_of(table: str) -> list[str]:
    return [row.split("</tr>", 1)[0] for row in table.split("<tr")[1:]]


def cells(row: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def report_rows(html: str) -> dict[str, list[str]]:
    """The side-by-side table's rows by the event each reports (the link in its first cell)."""
    out = {}
    for row in rows_of(element(html, "report-table", "table"))[1:]:
        href = unescape(re.search(r'href="([^"]+)"', row).group(1))
        out[href] = cells(row)
    return out


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


@pytest.fixture(scope="module")
def newswcl_store(tmp_path_factory):
    if not CORPUS.is_file():
        pytest.skip(f"NewsWCL50's development corpus is not at {CORPUS}")
    store = tmp_path_factory.mktemp("newswcl") / "store"
    result = run_kg("build", CORPUS, "--store", store)
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def local(newswcl_store):
    with Store(newswcl_store, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def site(newswcl_store):
    service = start_web(newswcl_store, host="127.0.0.1", port=free_port())
    try:
        yield service.urls["pages"].rstrip("/")
    finally:
        service.stop()


def reports_by_happening(local) -> dict[str, list[dict]]:
    """Every happening that more than one document reports, with its reports (event-reports)."""
    result = run_query(local, bundled_queries()["event-reports"])
    grouped = defaultdict(list)
    for row in result.rows:
        record = {c: (t.value if t is not None else None) for c, t in zip(result.columns, row)}
        grouped[record["happening"]].append(record)
    return grouped


# -- the event page ----------------------------------------------------------------------------------
def test_an_event_page_shows_every_report_of_its_happening_side_by_side(site, local):
    grouped = reports_by_happening(local)
    # a happening two outlets report (NewsWCL50 has several: its five outlets cover the same stories)
    happening, reports = next((h, r) for h, r in sorted(grouped.items()) if len({x["publisher"] for x in r}) >= 2)
    event = reports[0]["event"]
    text = page(site, f"/event?iri={quote(event, safe='')}")
    rows = report_rows(text)
    assert set(rows) == {page_for(r["event"]) for r in reports}  # each report links to its own event page
    for report in reports:
        row = rows[page_for(report["event"])]
        # outlet, publication date, the event's date, factuality, type, actors
        shown = [text_of(c).removesuffix(" differs") for c in row[1:6]]  # a value may be flagged
        assert shown == [report["publisher"], report["published"] or "", report["date"] or "", report["factuality"],
                         report["type"]]
        assert text_of(row[6]) == f"{report['source_label']} → {report['target_label'] or '—'}"
        # its evidence marked in its article's text, at its offsets, and a link to its source document
        assert report["evidence"] in [m for m, _, _ in marks(row[7])]
        assert all(start and end and int(start) < int(end) for _, start, end in marks(row[7]))
        assert page_for(report["document"]) in unescape(row[7])
    assert "this event" in text_of(rows[page_for(event)][0])  # the page's own event is said to be it
    outlets = len({r["publisher"] for r in reports})
    assert f"from {outlets} outlets" in text_of(text)
    assert f'href="{page_for(happening)}"' in text


def test_disagreements_between_reports_are_visible(site, local):
    grouped = reports_by_happening(local)
    # NewsWCL50 has happenings whose reports differ in factuality (one asserted, one hypothetical or negated)
    differing = [(h, r) for h, r in sorted(grouped.items()) if len({x["factuality"] for x in r}) > 1]
    assert differing, "no happening in NewsWCL50 whose reports disagree on factuality"
    happening, reports = differing[0]
    event = reports[0]["event"]
    text = page(site, f"/event?iri={quote(event, safe='')}")
    said = text_of(element(text, "disagreements", "p"))
    assert "factuality differs" in said
    for value in {r["factuality"] for r in reports}:
        assert value in said
    # a report whose factuality is not this event's is flagged in its row, and only such a one
    rows = report_rows(text)
    for report in reports:
        factuality = rows[page_for(report["event"])][4]
        assert ("differs" in factuality) == (report["factuality"] != reports[0]["factuality"]), report["event"]


def test_a_happening_reported_once_says_so(site, local):
    several = {r["event"] for reports in reports_by_happening(local).values() for r in reports}
    events = [row[0].value for row in local.query(
        "SELECT ?e WHERE { ?h <https://w3id.org/kg/ontology#report> ?e ; "
        "<https://w3id.org/kg/ontology#reportCount> 1 } ORDER BY ?e LIMIT 1")]
    assert events and events[0] not in several
    text = page(site, f"/event?iri={quote(events[0], safe='')}")
    assert "Reported by one document only" in text_of(element(text, "one-report", "p"))
    assert 'id="report-table"' not in text
    own = run_query(local, bundled_queries()["mentions"], {"event": events[0]})
    assert [m for m, _, _ in marks(text)] == [row[own.columns.index("evidence")].value for row in own.rows]


# -- the actor page ----------------------------------------------------------------------------------
def test_an_actor_page_lists_the_names_each_outlet_uses(site, local):
    text = page(site, "/actor?iri=kgid:actor/state/PRK")
    table = element(text, "outlet-names", "table")
    by_outlet = {text_of(cells(r)[0]): r for r in rows_of(table)[1:]}
    names = run_query(local, bundled_queries()["actor-names"], {"actor": PRK})
    columns = names.columns
    expected = defaultdict(dict)
    for row in names.rows:
        expected[row[columns.index("publisher")].value][row[columns.index("name")].value] = \
            int(row[columns.index("mentions")].value)
    assert set(by_outlet) == set(expected) and len(expected) >= 3
    for publisher, used in expected.items():
        for name, mentions in used.items():
            assert f"“{name}” ×{mentions}" in text_of(by_outlet[publisher]), (publisher, name)
    # "Pyongyang" for North Korea: word choice as data, under the outlets that use it and no other
    using = {p for p, row in by_outlet.items() if re.search(r"“Pyongyang” ×[1-9]", text_of(row))}
    assert using and using == {p for p, used in expected.items() if "Pyongyang" in used}


def test_distinctive_names_are_marked_with_their_z(site, local):
    text = page(site, "/actor?iri=kgid:actor/state/PRK")
    by_outlet = {text_of(cells(r)[0]): r for r in rows_of(element(text, "outlet-names", "table"))[1:]}
    scores = run_query(local, bundled_queries()["distinctive-names"], {"actor": PRK})
    c = scores.columns
    marked = [(r[c.index("publisher")].value, r[c.index("name")].value, r[c.index("distinctive")].value,
               float(r[c.index("z")].value)) for r in scores.rows if r[c.index("distinctive")].value]
    assert marked, "no name of North Korea is distinctive of an outlet in NewsWCL50"
    for publisher, name, mark, z in marked:
        row = by_outlet[publisher]
        badge = rf'<span class="badge {mark}"[^>]*>{mark}, z {re.escape(f"{z:+.2f}")}</span>'
        assert re.search(rf"“{re.escape(name)}” ×\d+ {badge}", row), (publisher, name, mark)
    badges = sum(t.count('class="badge more"') + t.count('class="badge less"') for t in by_outlet.values())
    assert badges == len(marked)  # no mark where the query gives none


def test_one_outlet_gives_no_marks(seed_store):
    # the reference page has one publisher: its names are listed, with nothing to compare them to
    service = start_web(seed_store, host="127.0.0.1", port=free_port())
    try:
        text = page(service.urls["pages"].rstrip("/"), f"/actor?iri={quote(ARM, safe='')}")
    finally:
        service.stop()
    table = element(text, "outlet-names", "table")
    assert [text_of(cells(r)[0]) for r in rows_of(table)[1:]] == ["Alwaght"]
    assert "“Armenia” ×" in text_of(table)
    assert 'class="badge more"' not in table and 'class="badge less"' not in table
    assert "Only one outlet names it" in text
