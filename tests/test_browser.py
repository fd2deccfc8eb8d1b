"""kg serve's pages in a real browser, as a person would use them.

Debian's Chromium (``/usr/bin/chromium``, the ``chromium`` package; .ci/run installs it) runs
headless, driven by Playwright from PyPI with that system browser (Playwright's own browser
downloads are never used). ``kg serve`` runs as a subprocess on a free 127.0.0.1 port over the
reference page's store. On a failure the test saves a screenshot into its tmp_path and prints where.
"""
from __future__ import annotations

import csv
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from kg.services.query import bundled_queries, run_query
from kg.store.local import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no {CHROMIUM}: install Debian's chromium "
                                                     f"(apt-get install -y chromium) to run the browser tests"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """`kg serve` on the reference page's store; yields its base URL."""
    logs = tmp_path_factory.mktemp("kg-serve")
    port = free_port()
    with open(logs / "stdout", "w") as out, open(logs / "stderr", "w") as err:
        process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(seed_store),
                                    "--port", str(port)], stdout=out, stderr=err)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError(f"kg serve exited: {(logs / 'stderr').read_text()}")
        if "query:" in (logs / "stdout").read_text():
            break
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("kg serve did not start")
        time.sleep(0.1)
    try:
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                                 "(pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, served, tmp_path, request):
    """A fresh page on the served site; records any request that leaves it, and screenshots a failure."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.outside = []
    tab.on("request", lambda r: tab.outside.append(r.url) if not r.url.startswith((served, "data:")) else None)
    failures = request.session.testsfailed
    yield tab
    if request.session.testsfailed > failures:  # the test's call failed (reported before teardown)
        shot = tmp_path / "failure.png"
        try:
            tab.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failing page ({tab.url}): {shot}")
        except Exception as exc:  # noqa: BLE001 - the failure itself matters more
            print(f"\nno screenshot: {exc}")
    context.close()


@pytest.fixture(scope="module")
def local(seed_store):
    with Store(seed_store, read_only=True) as store:
        yield store


def test_follow_a_topic_to_its_definitions(page, served, local):
    page.goto(served + "/")
    assert page.locator("h1").inner_text() == "The knowledge graph"
    page.get_by_role("link", name="NATO", exact=True).first.click()
    page.wait_for_url("**/topic?iri=*")
    assert page.locator("h1").inner_text() == "NATO"
    sources = run_query(local, bundled_queries()["topic-sources"], {"term": "NATO"})
    shown = page.locator(".definition blockquote").all_inner_texts()
    assert shown == [row[sources.columns.index("definition")].value.strip() for row in sources.rows]
    assert "https://w3id.org/kg/id/topic/alwaght-net/nato" in page.locator("p.iri").inner_text()
    assert page.outside == []


def test_follow_an_actor_to_an_event_and_its_highlighted_evidence(page, served, local):
    page.goto(served + "/")
    page.locator("section", has_text="Most active actors").get_by_role("link", name="Armenia", exact=True).click()
    page.wait_for_url("**/actor?iri=*")
    assert page.locator("h1").inner_text() == "Armenia"
    rows = page.locator("#events tbody tr")
    events = run_query(local, bundled_queries()["actor-events"], {"actor": "kgid:actor/state/ARM"})
    assert rows.count() == len(events.rows) > 0
    assert page.locator("#timeline svg").count() == 1 and page.locator("#network-picture svg").count() == 1
    first = rows.first.locator("td").first.locator("a")
    event_iri = first.get_attribute("title")
    first.click()
    page.wait_for_url("**/event?iri=*")
    spans = run_query(local, bundled_queries()["mentions"], {"event": event_iri})
    quote_text = spans.rows[0][spans.columns.index("evidence")].value
    mark = page.locator("mark#evidence-1")
    assert mark.inner_text() == quote_text
    assert mark.is_visible()
    page.get_by_role("link", name="1", exact=True).click()  # jumps to the mark in the text
    assert mark.is_visible()
    source = page.locator("#source").inner_text()
    assert "https://w3id.org/kg/id/article/" in source and "000_5acde872f18f0611.txt" in source
    assert page.outside == []


def test_run_a_bundled_query_through_its_form_and_download_the_csv(page, served, local, tmp_path):
    page.goto(served + "/queries")
    form = page.locator("#form-topic-sources")
    form.locator("input[name=term]").fill("NATO")
    form.get_by_role("button", name="Run").click()
    page.wait_for_url("**/queries/topic-sources?*")
    assert page.locator("#results tbody tr").count() >= 1
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    saved = tmp_path / "topic-sources.csv"
    download.value.save_as(str(saved))
    table = list(csv.reader(saved.open(encoding="utf-8")))
    expected = run_query(local, bundled_queries()["topic-sources"], {"term": "NATO"})
    assert table[0] == expected.columns
    assert len(table) - 1 == len(expected.rows) >= 1
    assert page.outside == []


def test_the_interactive_network_draws_offline(page, served):
    page.goto(served + "/network?actor=" + quote("https://w3id.org/kg/id/actor/state/ARM", safe=""))
    page.locator("#network canvas").wait_for()
    assert page.evaluate("typeof vis") == "object"
    assert page.outside == []


def test_yasgui_runs_queries_through_the_checks(page, served):
    page.goto(served + "/yasgui")
    page.locator(".yasqe_queryButton").click()  # YASGUI's default query: ten triples
    page.locator(".yasr table tbody tr").first.wait_for()
    assert page.locator(".yasr table tbody tr").count() == 10
    assert page.outside == []  # YASGUI's prefix list (prefix.cc) is blocked by the page's policy
