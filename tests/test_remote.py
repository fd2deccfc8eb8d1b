"""kg against SPARQL servers: push, remote queries, errors, kg serve.

Everything runs real processes on 127.0.0.1: Oxigraph's own server (the `oxigraph` package,
started on a free port with a temporary directory), the real CLI, and, for answers Oxigraph does
not give (401, a slow answer, a failing upload), tiny http.server threads on loopback.
"""
from __future__ import annotations

import base64
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.services.query import bundled_queries, run_query
from kg.store.credentials import credentials_for
from kg.store.remote import RemoteStore, derive_urls
from kg.store.sparql_results import parse_results
from kg.web.oxigraph import find_oxigraph
from kg.store.local import Store

from conftest import record_figures, run_kg

ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch, tmp_path):
    """Credentials come from the environment and netrc: keep the developer's own out of the tests."""
    for name in ("KG_ENDPOINT_TOKEN", "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, limit: float = 15) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {limit} s")


def port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return False
    except OSError:
        return True


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def oxigraph(tmp_path):
    """A real `oxigraph serve` (read-write, default graph NOT the union) on a free loopback port;
    yields its query URL."""
    port = free_port()
    process = subprocess.Popen([str(find_oxigraph()), "serve", "--location", str(tmp_path / "server-db"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)


def local_rows(store_path: Path, name: str, values: dict) -> tuple[list[str], list[list[str]]]:
    with Store(store_path, read_only=True) as store:
        result = run_query(store, bundled_queries()[name], values)
    return result.columns, sorted([str(t) for t in row] for row in result.rows)


def remote_rows(url: str, name: str, values: dict) -> tuple[list[str], list[list[str]]]:
    with RemoteStore(url) as remote:
        result = run_query(remote, bundled_queries()[name], values)
    return result.columns, sorted([str(t) for t in row] for row in result.rows)


def remote_quads(url: str) -> set[str]:
    with RemoteStore(url) as remote:
        return {" ".join(str(t) for t in row) for row in remote.query(ALL_QUADS)}


def local_quads(store_path: Path) -> set[str]:
    with Store(store_path, read_only=True) as store:
        return {f"{q.graph_name} {q.subject} {q.predicate} {q.object}" for q in store.quads()}


def parameters_for(store_path: Path) -> dict[str, dict[str, str]]:
    """Values for the bundled queries' required parameters (the queries/*.rq headers)."""
    with Store(store_path, read_only=True) as store:
        events = run_query(store, bundled_queries()["events"])
    assert events.rows, "the reference page codes events"
    event = events.rows[0][events.columns.index("event")].value
    values = {"actor-events": {"actor": "kgid:actor/state/ARM"},
              "dyad": {"a": "kgid:actor/state/ARM", "b": "kgid:actor/state/RUS"},
              "mentions": {"event": event},
              "event-reports": {"event": event},
              "topic-sources": {"term": "NATO"},
              "topic-facts": {"term": "Taliban"}}
    for name, query in bundled_queries().items():
        needed = {p.name for p in query.parameters if p.required}
        assert needed <= set(values.get(name, {})), f"no test value for {name}'s {needed}"
    return values


# -- push and remote queries ---------------------------------------------------------------------
def test_push_then_every_bundled_query_gives_the_local_rows(seed_store, oxigraph):
    result = run_kg("push", "--store", seed_store, "--endpoint", oxigraph)
    assert result.exit_code == 0, result.output
    with Store(seed_store, read_only=True) as store:
        graphs, quads = len(store.graphs()), len(store)
    assert f"kg push: {graphs} graphs ({quads} quads) -> {oxigraph}, 0 failed" in result.stderr
    assert remote_quads(oxigraph) == local_quads(seed_store)

    values = parameters_for(seed_store)
    nonempty = 0
    for name in bundled_queries():
        local = local_rows(seed_store, name, values.get(name, {}))
        assert remote_rows(oxigraph, name, values.get(name, {})) == local, name
        nonempty += bool(local[1])
    # the comparisons are not of empty results (distinctive-names compares outlets: the page has one)
    assert nonempty >= len(bundled_queries()) - 2

    # an optional parameter too, and the CLI's output formats
    for fmt in ("csv", "json"):
        here = run_kg("query", "events", "-p", "actor=kgid:actor/state/ARM", "--format", fmt, "--store", seed_store)
        there = run_kg("query", "events", "-p", "actor=kgid:actor/state/ARM", "--format", fmt, "--endpoint", oxigraph)
        assert there.exit_code == 0, there.output
        if fmt == "csv":
            assert sorted(there.stdout.splitlines()) == sorted(here.stdout.splitlines())
        else:
            key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
            mine, theirs = json.loads(here.stdout), json.loads(there.stdout)
            assert theirs["head"] == mine["head"]
            assert sorted(map(key, theirs["results"]["bindings"])) == sorted(map(key, mine["results"]["bindings"]))


def test_a_second_push_changes_nothing_and_a_push_replaces_graphs(seed_store, oxigraph):
    assert run_kg("push", "--store", seed_store, "--endpoint", oxigraph).exit_code == 0
    first = remote_quads(oxigraph)
    again = run_kg("push", "--store", seed_store, "--endpoint", oxigraph)
    assert again.exit_code == 0, again.output
    assert remote_quads(oxigraph) == first == local_quads(seed_store)

    # what build reads to skip unchanged documents reads the same through the server
    with Store(seed_store, read_only=True) as store:
        notes = {g: (store.graph_hash(g), store.graph_fingerprint(g)) for g in store.graphs()}
    assert any(h for h, _ in notes.values())
    with RemoteStore(oxigraph) as remote:
        assert remote.graphs() == sorted(notes, key=str)
        assert {g: (remote.graph_hash(g), remote.graph_fingerprint(g)) for g in notes} == notes

    # something added on the server to a pushed graph is gone after the next push (replaced, not merged)
    graph = next(iter(notes))
    with RemoteStore(oxigraph) as remote:
        remote.update(f"INSERT DATA {{ GRAPH {graph} {{ <http://example.org/s> <http://example.org/p> 'x' }} }}")
        assert len(remote) == len(first) + 1
    assert run_kg("push", "--store", seed_store, "--endpoint", oxigraph).exit_code == 0
    assert remote_quads(oxigraph) == first


def test_push_falls_back_to_sparql_update_without_a_graph_store(seed_store, oxigraph):
    base = oxigraph.rsplit("/", 1)[0]
    result = run_kg("push", "--store", seed_store, "--endpoint", oxigraph, "--graph-store", base + "/no-gsp-here")
    assert result.exit_code == 0, result.output
    assert remote_quads(oxigraph) == local_quads(seed_store)
    again = run_kg("push", "--store", seed_store, "--endpoint", oxigraph, "--graph-store", "")  # Update only
    assert again.exit_code == 0, again.output
    assert remote_quads(oxigraph) == local_quads(seed_store)


def test_remote_store_has_the_methods_build_uses(oxigraph):
    g = NamedNode("http://example.org/graph/doc")
    kg = "https://w3id.org/kg/ontology#"
    quads = [pyoxigraph.Quad(g, NamedNode(kg + "contentHash"), Literal("abc"), g),
             pyoxigraph.Quad(g, NamedNode(kg + "extractedWith"), Literal("kg test"), g),
             pyoxigraph.Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"),
                             Literal("ünïcode \"quoted\"\nline", language="en"), g)]
    with RemoteStore(oxigraph) as remote:
        assert remote.graph_hash(g) is None and remote.graphs() == []
        assert remote.write_graphs([(g, quads)]) == 3
        assert remote.graph_hash(g) == "abc" and remote.graph_fingerprint(g) == "kg test"
        assert remote.graphs() == [g] and len(remote) == 3
        rows = list(remote.query("SELECT ?o WHERE { ?s <http://example.org/p> ?o }"))
        assert rows[0]["o"] == quads[2].object and rows[0][0] == quads[2].object
        assert remote.query("ASK { ?s ?p ?o }") is True
        remote.flush()
        remote.remove_graph(g)
        remote.remove_graph(g)  # absent: no error
        assert remote.graphs() == [] and remote.graph_hash(g) is None
        with pytest.raises(ValueError):
            remote.replace_graph(g, [pyoxigraph.Quad(g, g, g, NamedNode("http://example.org/other"))])


def test_remote_and_local_stores_edit_graphs_alike(oxigraph, tmp_path):
    """The finer edits the shared actors graph uses give the same graphs on both kinds of store."""
    ex = "http://example.org/"
    actors, doc = NamedNode(ex + "actors"), NamedNode(ex + "doc")
    a, b, c, p = (NamedNode(ex + n) for n in ("a", "b", "c", "p"))
    start = [pyoxigraph.Quad(a, p, Literal("old a"), actors), pyoxigraph.Quad(b, p, Literal("b"), actors),
             pyoxigraph.Quad(c, p, Literal("c"), actors), pyoxigraph.Quad(doc, p, a, doc)]
    results = []
    with Store(tmp_path / "local") as local, RemoteStore(oxigraph) as remote:
        for store in (local, remote):
            store.write_graphs([(actors, start[:3]), (doc, start[3:])])
            store.replace_subjects(actors, {a}, [pyoxigraph.Quad(a, p, Literal("new a"), actors)])
            store.delete_quads([pyoxigraph.Quad(c, p, Literal("c"), actors)])
            assert store.referenced_outside(a, actors) and not store.referenced_outside(b, actors)
            results.append(sorted(map(str, store.graph_quads(actors))))
    assert results[0] == results[1] == sorted(map(str, [pyoxigraph.Quad(a, p, Literal("new a"), actors),
                                                          pyoxigraph.Quad(b, p, Literal("b"), actors)]))


def test_sparql_json_terms_parse_into_pyoxigraph_terms():
    document = {"head": {"vars": ["a", "b", "c", "d", "e", "f"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "http://example.org/a"},
         "b": {"type": "literal", "value": "chat", "xml:lang": "fr"},
         "c": {"type": "typed-literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
         "d": {"type": "bnode", "value": "b0"},
         "e": {"type": "bnode", "value": "nodeID://b10"}},
        {"d": {"type": "bnode", "value": "b0"}, "f": {"type": "literal", "value": "plain"}}]}}
    solutions = parse_results(json.dumps(document).encode())
    assert [v.value for v in solutions.variables] == ["a", "b", "c", "d", "e", "f"]
    first, second = list(solutions)
    assert first["a"] == NamedNode("http://example.org/a")
    assert first["b"] == Literal("chat", language="fr")
    assert first["c"] == Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert first["d"] == BlankNode("b0") == second["d"] and isinstance(first["e"], BlankNode)
    assert first["f"] is None and second["f"] == Literal("plain")
    assert parse_results(b'{"head": {}, "boolean": false}') is False


def test_derived_urls_follow_oxigraphs_layout():
    assert derive_urls("http://h:7878/query") == ("http://h:7878/update", "http://h:7878/store")
    assert derive_urls("http://h:3030/ds/query") == ("http://h:3030/ds/update", "http://h:3030/ds/store")
    assert derive_urls("http://h:8890/sparql") == ("http://h:8890/sparql", None)
    result = run_kg("query", "topics", "--endpoint", "ftp://h/query")
    assert result.exit_code == 2 and "not an http(s) URL" in result.stderr


# -- errors ------------------------------------------------------------------------------------
def test_connection_refused_is_exit_2_naming_the_url(seed_store):
    url = f"http://127.0.0.1:{free_port()}/query"
    for args in (("query", "topics", "--endpoint", url), ("push", "--store", seed_store, "--endpoint", url)):
        result = run_kg(*args)
        assert result.exit_code == 2, result.output
        assert url in result.stderr and "connection refused" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_query_the_server_rejects_shows_its_message(oxigraph, tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT * WHERE { ?s ?p }\n")  # binds locally (it has a group), but does not parse
    result = run_kg("query", rq, "--endpoint", oxigraph)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"kg: error: {oxigraph}: the server rejected the query: ")
    assert "error at" in line  # Oxigraph's own parser message


def test_no_endpoint_at_the_url_is_a_404_message(oxigraph):
    url = oxigraph.rsplit("/", 1)[0] + "/nowhere"
    result = run_kg("query", "topics", "--endpoint", url)
    assert result.exit_code == 2 and "404" in result.stderr and "no such SPARQL endpoint" in result.stderr


class _Recorder(BaseHTTPRequestHandler):
    """Answers like a SPARQL endpoint behind basic/bearer authentication, recording each request."""

    expected: set[str] = set()
    seen: list[dict] = []
    delay = 0.0

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append({"auth": self.headers.get("Authorization"), "body": parse_qs(body)})
        time.sleep(self.delay)
        if self.headers.get("Authorization") not in self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg test"')
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"Authentication required\n")
            return
        answer = {"head": {"vars": ["topic", "label"]}, "results": {"bindings": [
            {"topic": {"type": "uri", "value": "http://example.org/t"},
             "label": {"type": "literal", "value": "Topic", "xml:lang": "en"}}]}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # e.g. a client that gave up on a slow answer
        pass


def _serve(handler) -> tuple[ThreadingHTTPServer, str]:
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/query"


@pytest.fixture
def guarded():
    handler = type("Guarded", (_Recorder,), {"seen": [], "expected": {
        "Basic " + base64.b64encode(b"alice:s3cret").decode(), "Bearer t0ken"}})
    server, url = _serve(handler)
    yield handler, url
    server.shutdown()
    server.server_close()


def test_401_says_where_credentials_come_from(guarded):
    handler, url = guarded
    result = run_kg("query", "topics", "--endpoint", url)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert url in message and "401" in message and "no credentials were sent" in message
    assert "KG_ENDPOINT_USER" in message and "KG_ENDPOINT_TOKEN" in message and "netrc" in message
    assert handler.seen[-1]["auth"] is None


def test_credentials_from_the_environment_and_netrc(guarded, monkeypatch, tmp_path):
    handler, url = guarded
    monkeypatch.setenv("KG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    result = run_kg("query", "topics", "--endpoint", url, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("http://example.org/t,Topic")
    assert handler.seen[-1]["auth"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert handler.seen[-1]["body"]["union-default-graph"] == ["true"]

    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    refused = run_kg("query", "topics", "--endpoint", url)
    assert refused.exit_code == 2 and "sent credentials from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD" in refused.stderr

    monkeypatch.delenv("KG_ENDPOINT_USER")
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD")
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "t0ken")
    assert run_kg("query", "topics", "--endpoint", url).exit_code == 0
    assert handler.seen[-1]["auth"] == "Bearer t0ken"

    monkeypatch.delenv("KG_ENDPOINT_TOKEN")
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine 127.0.0.1 login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc_file))
    assert run_kg("query", "topics", "--endpoint", url).exit_code == 0
    assert handler.seen[-1]["auth"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert credentials_for("http://elsewhere.example/query") is None  # netrc is matched by host

    plain = run_kg("query", "topics", "--endpoint", url, "--union-param", "none")
    assert plain.exit_code == 0 and "union-default-graph" not in handler.seen[-1]["body"]
    custom = run_kg("query", "topics", "--endpoint", url, "--server-timeout", "30s")
    assert custom.exit_code == 0 and handler.seen[-1]["body"]["timeout"] == ["30s"]


def test_a_server_too_slow_for_the_timeout(monkeypatch):
    handler = type("Slow", (_Recorder,), {"seen": [], "expected": {None}, "delay": 3.0})
    server, url = _serve(handler)
    try:
        started = time.monotonic()
        result = run_kg("query", "topics", "--endpoint", url, "--timeout", "0.5")
        assert time.monotonic() - started < 2.5
        assert result.exit_code == 2 and f"{url}: no answer within 0.5 s" in result.stderr
    finally:
        server.shutdown()
        server.server_close()


class _FlakyStore(BaseHTTPRequestHandler):
    """A Graph Store that fails one graph every time and another graph once (503)."""

    puts: dict[str, int] = {}
    always_fails = once_fails = ""

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # the ping: ASK {}
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(200, b'{"head": {}, "boolean": true}', "application/sparql-results+json")

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        self.puts[graph] = self.puts.get(graph, 0) + 1
        if graph == self.always_fails:
            self._answer(500, b"disk full\n")
        elif graph == self.once_fails and self.puts[graph] == 1:
            self._answer(503, b"busy, try again\n")
        else:
            self._answer(204)


@pytest.mark.slow
def test_a_failing_upload_is_retried_reported_and_exits_1(seed_store):
    with Store(seed_store, read_only=True) as store:
        graphs = [g.value for g in store.graphs()]
    assert len(graphs) >= 3
    handler = type("Flaky", (_FlakyStore,), {"puts": {}, "always_fails": graphs[0], "once_fails": graphs[1]})
    server, url = _serve(handler)
    try:
        result = run_kg("push", "--store", seed_store, "--endpoint", url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    assert handler.puts[graphs[0]] == 3 and handler.puts[graphs[1]] == 2
    assert all(handler.puts[g] == 1 for g in graphs[2:])
    errors = [l for l in result.stderr.splitlines() if l.startswith("kg: error:")]
    assert len(errors) == 1 and graphs[0] in errors[0] and "500" in errors[0] and "disk full" in errors[0]
    assert f"kg push: {len(graphs) - 1} graphs" in result.stderr and "1 failed" in result.stderr


# -- kg serve ----------------------------------------------------------------------------------
def start_kg_serve(*args: str) -> tuple[subprocess.Popen, dict[str, str]]:
    """`kg serve ARGS` as a real process; returns it once it printed its URLs."""
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    urls, deadline = {}, time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"kg serve exited: {process.stderr.read()}")
        if line.startswith("kg serve:"):
            continue
        key, _sep, value = line.strip().partition(": ")
        urls[key] = value.split()[0]
        if key == "query" and "--allow-updates" not in args and "--queries-page" not in args:
            break
        if key == "store" or key == "bundled queries":
            break
    return process, urls


def sparql_count(query_url: str) -> int:
    wrapper = SPARQLWrapper(query_url, returnFormat=JSON)
    wrapper.setMethod(POST)
    wrapper.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the default graph: the union, as kg serves it
    return int(wrapper.query().convert()["results"]["bindings"][0]["n"]["value"])


def sparql_update(update_url: str, text: str) -> None:
    wrapper = SPARQLWrapper(update_url.replace("/update", "/query"), updateEndpoint=update_url)
    wrapper.setMethod(POST)
    wrapper.setQuery(text)
    wrapper.query()


def test_kg_serve_answers_queries_and_refuses_updates(seed_store, tmp_path):
    port = free_port()
    page = tmp_path / "queries.html"
    process, urls = start_kg_serve("--store", str(seed_store), "--port", str(port), "--queries-page", str(page))
    try:
        assert urls["query"] == f"http://127.0.0.1:{port}/query" and "update" not in urls
        with Store(seed_store, read_only=True) as store:  # the same union default graph kg queries see
            local = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
        assert sparql_count(urls["query"]) == local
        with pytest.raises(urllib.error.HTTPError) as refused:
            sparql_update(f"http://127.0.0.1:{port}/update", "INSERT DATA { <http://e.org/s> <http://e.org/p> 1 }")
        assert refused.value.code == 403 and b"read-only" in refused.value.read()
        pushed = run_kg("push", "--store", seed_store, "--endpoint", urls["query"])
        assert pushed.exit_code == 2 and "403" in pushed.stderr and "The server is read-only" in pushed.stderr

        text = page.read_text()
        assert all(f'id="{name}"' in text for name in bundled_queries())
        link = text.split('<a href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        request = urllib.request.Request(link, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.loads(answer.read())["results"]["bindings"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
    assert "stopped" in process.stderr.read()
    assert port_closed(port)  # the oxigraph child went with it


def test_kg_serve_allow_updates_accepts_one(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    port = free_port()
    process, urls = start_kg_serve("--store", str(store), "--port", str(port), "--allow-updates")
    try:
        assert urls["update"] == f"http://127.0.0.1:{port}/update" and urls["store"].endswith("/store")
        before = sparql_count(urls["query"])
        sparql_update(urls["update"], "INSERT DATA { GRAPH <http://e.org/g> { <http://e.org/s> <http://e.org/p> 1 } }")
        assert sparql_count(urls["query"]) == before + 1
        # while it runs, it holds the store's lock: a kg build is refused
        blocked = run_kg("build", "--store", store, Path(__file__).parents[1] / "examples" / "sample-page.txt")
        assert blocked.exit_code == 2 and "in use" in blocked.stderr
        record_figures("build-beside-serve", exit=blocked.exit_code, message=blocked.stderr.strip().splitlines()[-1])
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
    with Store(store, read_only=True) as reopened:
        assert NamedNode("http://e.org/g") in reopened.graphs()


def test_kg_serve_read_only_beside_a_writer_shows_the_store_as_it_started(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    writer = pyoxigraph.Store(str(store))  # a writer (as kg build is) holds the store open
    port = free_port()
    process, urls = start_kg_serve("--store", str(store), "--port", str(port))
    try:
        before = sparql_count(urls["query"])
        writer.update("INSERT DATA { GRAPH <http://e.org/g> { <http://e.org/s> <http://e.org/p> 1 } }")
        writer.flush()
        assert sparql_count(urls["query"]) == before  # a snapshot: restart the server to see the write
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)
    refused = run_kg("serve", "--store", store, "--port", str(free_port()), "--allow-updates")
    assert refused.exit_code == 2 and "in use by another process" in refused.stderr
    record_figures("serve-beside-writer", snapshot_kept=True, allow_updates_exit=refused.exit_code,
                   message=refused.stderr.strip().splitlines()[-1])
    del writer


def test_kg_serve_refuses_another_oxigraph_version(seed_store, tmp_path):
    fake = tmp_path / "oxigraph"
    fake.write_text("#!/bin/sh\necho 'oxigraph 0.4.0'\n")
    fake.chmod(0o755)
    result = run_kg("serve", "--store", seed_store, "--oxigraph", fake)
    assert result.exit_code == 2
    assert "Oxigraph 0.4.0" in result.stderr and pyoxigraph.__version__ in result.stderr
    missing = run_kg("serve", "--store", tmp_path / "nothing-here")
    assert missing.exit_code == 2 and "no kg store here" in missing.stderr


def test_kg_serve_refuses_a_port_in_use(seed_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_kg("serve", "--store", seed_store, "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 2 and "cannot listen on 127.0.0.1:" in result.stderr


# -- kg build --endpoint ------------------------------------------------------------------------
def test_build_into_a_server_gives_the_graphs_of_a_local_build(seed_path, oxigraph, tmp_path):
    from conftest import EXAMPLE

    local = tmp_path / "local"
    assert run_kg("build", seed_path, EXAMPLE, "--store", local).exit_code == 0
    result = run_kg("build", seed_path, EXAMPLE, "--endpoint", oxigraph)
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stderr and oxigraph in result.stderr
    assert remote_quads(oxigraph) == local_quads(local)
    again = run_kg("build", seed_path, EXAMPLE, "--endpoint", oxigraph)
    assert "0 built, 2 unchanged" in again.stderr, again.output
    assert remote_quads(oxigraph) == local_quads(local)


def test_build_into_an_unreachable_server_is_a_usage_error(seed_path):
    result = run_kg("build", seed_path, "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.exit_code == 2
    assert "connection refused" in result.stderr
