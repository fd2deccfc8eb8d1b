"""kg serve's pages and its guarded SPARQL endpoint, over the reference page's store.

The pages run in the real web app (``kg.web.serve.start_web``: kg's server on a free 127.0.0.1 port,
Oxigraph's server behind it) and are read with urllib, as a client would; the endpoint's checks
run through the real ``kg serve`` command on a free port (SPARQLWrapper and plain HTTP), with a
loopback listener standing in for a remote SPARQL service, to show that a refused SERVICE
clause never reaches it.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlencode

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from conftest import record_figures
from kg.services.query import bundled_queries, run_query
from kg.web.serve import start_web
from kg.store.local import Store
from kg.web.app import inline_svg, page_for

ARM = "https://w3id.org/kg/id/actor/state/ARM"
NATO_TOPIC = "https://w3id.org/kg/id/topic/alwaght-net/nato"
NATO = "https://w3id.org/kg/id/actor/alliance/nato"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, accept: str | None = None) -> tuple[int, Message, str]:
    """Status, headers (looked up without regard to case, as HTTP has them) and text of a GET."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def post(url: str, body: bytes, content_type: str, method: str = "POST") -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Links(HTMLParser):
    """Every href/src of a page, the ids, and the text of each <mark>."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, dict]] = []
        self.ids: list[str] = []
        self.marks: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.urls.append((tag, attrs[name], attrs))
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def parse(page: str) -> Links:
    links = Links()
    links.feed(page)
    return links


@pytest.fixture(scope="module")
def site(seed_store):
    """The web app on a free loopback port, over the reference page's store (read-only)."""
    service = start_web(seed_store, host="127.0.0.1", port=free_port())
    try:
        yield service.urls["pages"].rstrip("/")
    finally:
        service.stop()


@pytest.fixture(scope="module")
def local(seed_store):
    with Store(seed_store, read_only=True) as store:
        yield store


def page(site: str, path: str) -> str:
    status, headers, text = get(site + path)
    assert status == 200, (path, status, text[:500])
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    return text


def only_local_links(text: str) -> None:
    """Nothing a page loads comes from elsewhere: every src/href/action is on this server, except
    the links marked external (a source URL, an owl:sameAs), which are only followed when clicked."""
    for tag, url, attrs in parse(text).urls:
        if attrs.get("class") == "external":
            assert tag == "a"
            continue
        assert url.startswith(("/", "#")), (tag, url)


# -- pages --------------------------------------------------------------------------------------------
def test_home_shows_counts_publishers_topics_and_the_most_active(site, local):
    text = page(site, "/")
    only_local_links(text)
    topics = run_query(local, bundled_queries()["topics"])
    assert re.search(r"<b>1</b>\s*documents", text) and re.search(rf"<b>{len(topics.rows)}</b>\s*topics", text)
    events = len(list(local.query("SELECT DISTINCT ?e WHERE { ?e a <https://w3id.org/kg/ontology#Event> }")))
    assert re.search(rf"<b>{events}</b>\s*events", text)
    assert "Alwaght" in text and "alwaght.net" in text
    for row in topics.rows:  # every topic links to its page, by IRI
        assert f'href="{page_for(row[0].value)}"' in text.replace("&amp;", "&")
    assert f'href="/actor?iri={quote(ARM, safe="")}"' in text  # Armenia is among the most active actors
    assert "/queries/dyad?a=" in text


def test_a_topic_page_shows_each_definition_the_facts_and_what_it_denotes(site, local):
    text = page(site, f"/topic?iri={quote(NATO_TOPIC)}")
    only_local_links(text)
    assert f"IRI: <code>{NATO_TOPIC}</code>" in text
    sources = run_query(local, bundled_queries()["topic-sources"], {"term": "NATO"})
    for row in sources.rows:
        definition = row[sources.columns.index("definition")].value
        assert definition in text
    facts = run_query(local, bundled_queries()["topic-facts"], {"term": "NATO"})
    assert facts.rows and text.count("<tr>") >= len(facts.rows)
    assert "founded" in text and "The World Factbook" in text  # who states each fact
    assert f'href="/actor?iri={quote(NATO, safe="")}"' in text


def test_an_actor_page_shows_identifiers_memberships_events_and_pictures(site, local):
    text = page(site, f"/actor?iri=kgid:actor/state/ARM")  # a prefixed name is expanded
    only_local_links(text)
    assert f"IRI: <code>{ARM}</code>" in text and "<h1>Armenia</h1>" in text
    assert '<span class="badge">State</span>' in text
    assert "<code>ARM</code>" in text and "<code>state:ARM</code>" in text  # ISO, CAMEO, knowledge base
    assert "Yerevan" in text  # named in the documents as
    assert "Collective Security Treaty Organization" in text and "The World Factbook" in text
    events = run_query(local, bundled_queries()["actor-events"], {"actor": ARM})
    table = text.split('id="events"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == len(events.rows) + 1  # the header row
    for row in events.rows:
        assert page_for(row[0].value).replace("&", "&amp;") in table
    pictures = parse(text)
    assert 'id="timeline"' in text and 'id="network-picture"' in text and text.count("<svg") == 3 and 'id="state-map"' in text
    assert len(pictures.ids) == len(set(pictures.ids)), "two inline pictures share an id"
    assert "Events involving Armenia" in text  # the pictures' own titles, as SVG text


def test_an_event_page_marks_its_evidence_in_the_article_text(site, local):
    events = run_query(local, bundled_queries()["actor-events"], {"actor": ARM})
    event = events.rows[0][0].value
    spans = run_query(local, bundled_queries()["mentions"], {"event": event})
    text = page(site, f"/event?iri={quote(event, safe='')}")
    only_local_links(text)
    links = parse(text)
    quotes = [row[spans.columns.index("evidence")].value for row in spans.rows]
    assert links.marks == quotes  # each evidence span, in document order, wrapped in <mark>
    start, end = spans.rows[0][2].value, spans.rows[0][3].value
    assert f'data-start="{start}" data-end="{end}"' in text
    assert "https://w3id.org/kg/id/article/" in text and "000_5acde872f18f0611.txt" in text  # the source
    assert 'id="evidence-1"' in text and '<p class="error">' not in text  # offsets and quote agree
    for label in ("type", "source actor", "target actor", "time", "place", "PLOVER context", "PLOVER mode"):
        assert f"<th>{label}</th>" in text


def test_the_resource_page_and_errors(site):
    text = page(site, f"/resource?iri={quote(ARM)}")
    assert "rdfs:label" in text and "Armenia" in text and "kgid:graph/reference/actors" in text
    status, _, body = get(site + "/actor?iri=" + quote("not an iri"))
    assert status == 400 and ("not a valid IRI" in body or "absolute IRI" in body)
    status, _, body = get(site + "/actor?iri=" + quote("https://example.org/nobody"))
    assert status == 404 and "says nothing of https://example.org/nobody" in body
    assert get(site + "/queries/no-such-query")[0] == 404
    assert get(site + "/nowhere")[0] == 404
    assert get(site + "/event?iri=" + quote(ARM))[0] == 404  # not an event


def test_every_bundled_query_has_a_form_and_runs_with_downloads(site, local):
    text = page(site, "/queries")
    for name, query in bundled_queries().items():
        form = text.split(f'id="form-{name}"', 1)[1].split("</form>", 1)[0]
        for p in query.parameters:
            assert f'name="{p.name}"' in form
            assert ("required" in form.split(f'name="{p.name}"', 1)[1].split(">", 1)[0]) == p.required
    # run one through its form's fields, as the browser would
    status, _, result = get(site + "/queries/topic-sources?" + urlencode({"term": "NATO", "run": "1"}))
    assert status == 200 and 'id="results"' in result
    expected = run_query(local, bundled_queries()["topic-sources"], {"term": "NATO"})
    status, headers, body = get(site + "/queries/topic-sources.csv?term=NATO")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert 'filename="topic-sources.csv"' in headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(body)))
    assert table[0] == expected.columns and len(table) == len(expected.rows) + 1
    status, _, body = get(site + "/queries/topic-sources.json?term=NATO")
    answer = json.loads(body)
    assert answer["head"]["vars"] == expected.columns and len(answer["results"]["bindings"]) == len(expected.rows)
    # a bad parameter is said on the page; a query without required parameters shows its form
    status, _, body = get(site + "/queries/actor-events?actor=" + quote("no iri"))
    assert status == 200 and 'class="error"' in body and "not" in body
    status, _, body = get(site + "/queries/actor-events")
    assert status == 200 and 'id="results"' not in body


def test_the_network_page_uses_the_bundled_vis_network(site):
    text = page(site, f"/network?actor={quote(ARM)}")
    scripts = [url for tag, url, _ in parse(text).urls if tag == "script"]
    assert scripts == ["/static/vis-network.min.js", "/static/network.js"]
    data = json.loads(text.split('id="kg-network-data">', 1)[1].split("</script>", 1)[0])
    assert ARM in {n["id"] for n in data["nodes"]}
    status, headers, body = get(site + "/static/vis-network.min.js")
    assert status == 200 and "javascript" in headers["Content-Type"] and len(body) > 100_000


def test_inline_svg_ids_are_prefixed():
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg><defs><clipPath id="p1"/></defs><g id="a" clip-path="url(#p1)"/><use xlink:href="#a"/></svg>'
    out = inline_svg(svg, "t")
    assert out.startswith("<svg") and 'id="t-p1"' in out and "url(#t-p1)" in out and 'xlink:href="#t-a"' in out


# -- the endpoint, through the real `kg serve` -------------------------------------------------------
class _Service(BaseHTTPRequestHandler):
    """A stand-in remote SPARQL service on loopback: counts requests, answers no rows."""

    hits: list[str] = []

    def _answer(self):
        type(self).hits.append(self.path)
        body = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def remote_service():
    _Service.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Service.hits
    finally:
        server.shutdown()
        server.server_close()


def start_kg_serve(*args: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"kg serve exited ({process.wait()})")
        if line.strip().startswith("query:"):
            return process, line.split()[-1]
    process.kill()
    raise AssertionError("kg serve did not print its URLs")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.fixture(scope="module")
def endpoint(seed_store, tmp_path_factory):
    log = open(tmp_path_factory.mktemp("serve") / "kg-serve.log", "w")
    process, url = start_kg_serve("--store", str(seed_store), log=log)
    try:
        yield url
    finally:
        stop(process)
        log.close()


def sparql_select(url: str, text: str) -> list[dict]:
    wrapper = SPARQLWrapper(url, returnFormat=JSON)
    wrapper.setMethod(POST)
    wrapper.setQuery(text)
    return wrapper.query().convert()["results"]["bindings"]


def test_a_sparqlwrapper_select_through_the_public_port(endpoint, local):
    query = "SELECT ?topic WHERE { ?topic a <https://w3id.org/kg/ontology#Topic> } ORDER BY ?topic"
    remote = [b["topic"]["value"] for b in sparql_select(endpoint, query)]
    assert remote == [row[0].value for row in local.query(query)] and remote
    # GET ?query= and a POST application/sparql-query body work too, with the content type asked for
    status, headers, body = get(endpoint + "?" + urlencode({"query": query}), accept="text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv") and body.splitlines()[0] == "topic"
    status, body = post(endpoint, query.encode(), "application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(remote)


def test_service_is_refused_and_never_reaches_the_service(endpoint, remote_service):
    service_url, hits = remote_service
    query = f"SELECT * WHERE {{ SERVICE <{service_url}> {{ ?s ?p ?o }} }}"
    status, _, body = get(endpoint + "?" + urlencode({"query": query}))
    assert status == 403 and "SERVICE" in body and "--allow-service" in body
    status, body = post(endpoint, urlencode({"query": query}).encode(), "application/x-www-form-urlencoded")
    assert status == 403 and "SERVICE" in body
    wrapper = SPARQLWrapper(endpoint, returnFormat=JSON)
    wrapper.setMethod(POST)
    wrapper.setQuery(query)
    with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper passes a 403 on as it is
        wrapper.query()
    assert refused.value.code == 403 and b"SERVICE" in refused.value.read()
    assert hits == []  # nothing reached the "remote" service
    record_figures("endpoint-service", refused=3, status=403, requests_reaching_the_service=len(hits))


def test_load_and_updates_are_refused_through_the_public_port(endpoint, seed_store):
    status, body = post(endpoint, b"LOAD <http://127.0.0.1:9/data.ttl>", "application/sparql-query")
    assert status == 403 and "LOAD" in body
    status, _, body = get(endpoint + "?" + urlencode({"query": "INSERT DATA { <http://e/s> <http://e/p> 1 }"}))
    assert status == 403 and "SPARQL Update" in body
    update = endpoint.replace("/query", "/update")
    status, body = post(update, b"INSERT DATA { <http://e/s> <http://e/p> 1 }", "application/sparql-update")
    assert status == 403 and "read-only" in body
    status, body = post(endpoint.replace("/query", "/store") + "?graph=http://e/g", b"<http://e/s> <http://e/p> 1 .",
                        "application/n-triples", method="PUT")
    assert status == 403 and "read-only" in body
    with Store(seed_store, read_only=True) as store:  # nothing changed
        assert not bool(store.query("ASK { <http://e/s> ?p ?o }"))
    record_figures("endpoint-writes", refused=4, status=403, store_changed=False)


def test_a_query_that_does_not_parse_gets_oxigraphs_message(endpoint):
    status, body = post(endpoint, b"SELEC * WHERE { ?s ?p ?o }", "application/sparql-query")
    assert status == 400 and "error at 1:" in body
    status, body = post(endpoint, b"SELECT * WHERE {}", "text/plain")
    assert status == 415 and "application/sparql-query" in body


def test_allow_service_and_updates(seed_store, tmp_path, remote_service):
    """With --allow-updates, updates go through (the pages then show them); LOAD and SERVICE are
    still refused; with --allow-service too, a SERVICE clause reaches its service."""
    service_url, hits = remote_service
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    with open(tmp_path / "log", "w") as log:
        process, url = start_kg_serve("--store", str(store), "--allow-updates", log=log)
        try:
            update = url.replace("/query", "/update")
            label = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> a <https://w3id.org/kg/ontology#State> ; " \
                    "<http://www.w3.org/2000/01/rdf-schema#label> \"Testland\" } }"
            assert post(update, label.encode(), "application/sparql-update")[0] == 204
            status, _, body = get(url.replace("/query", "/resource") + "?iri=" + quote("http://e/a"))
            assert status == 200 and "Testland" in body  # the pages read through the server
            status, body = post(update, f"LOAD <{service_url}> INTO GRAPH <http://e/x>".encode(),
                                "application/sparql-update")
            assert status == 403 and "LOAD" in body
            status, _, body = get(url + "?" + urlencode({"query": f"ASK {{ SERVICE <{service_url}> {{ ?s ?p ?o }} }}"}))
            assert status == 403
        finally:
            stop(process)
        assert hits == []
        process, url = start_kg_serve("--store", str(store), "--allow-service", log=log)
        try:
            status, _, body = get(url + "?" + urlencode({"query": f"SELECT * WHERE {{ SERVICE <{service_url}> {{ ?s ?p ?o }} }}"}),
                                  accept="application/sparql-results+json")
            assert status == 200, body
        finally:
            stop(process)
    assert hits, "with --allow-service the SERVICE clause was followed"


def test_cors_is_off_unless_asked(endpoint, seed_store, tmp_path):
    preflight = urllib.request.Request(endpoint, method="OPTIONS", headers={
        "Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"})

    def allowed(url: str) -> str | None:
        preflight.full_url = url
        try:
            with urllib.request.urlopen(preflight, timeout=30) as answer:
                return answer.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as exc:
            return exc.headers.get("Access-Control-Allow-Origin")
    assert allowed(endpoint) is None
    with open(tmp_path / "log", "w") as log:
        process, url = start_kg_serve("--store", str(seed_store), "--cors", log=log)
        try:
            assert allowed(url) == "*"
        finally:
            stop(process)
