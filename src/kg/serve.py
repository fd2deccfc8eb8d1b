"""Serve a kg store: server-rendered pages and a guarded SPARQL 1.1 endpoint.

``kg serve`` runs two servers:

- **Oxigraph's own server** (the ``oxigraph`` command of the `oxigraph` PyPI package: the same
  engine and on-disk format as pyoxigraph) answers SPARQL, bound to a free port on 127.0.0.1 that
  only this process talks to. This module finds the binary, checks that its version is
  pyoxigraph's (a different version may not read the store, or may change it), starts it, waits
  until it listens, and stops it (:func:`start`).
- **kg's web app** (:mod:`kg.web`) listens on the user's ``--host``/``--port``: it serves the pages
  and forwards SPARQL protocol requests (``/query``; with updates ``/update`` and ``/store``) to
  Oxigraph after refusing SPARQL Update and ``LOAD`` on the query endpoint, any ``SERVICE``
  clause (unless ``allow_service``) and, on a read-only server, every write (:func:`start_web`).

Read-only by default: ``oxigraph serve-read-only --location DIR --bind 127.0.0.1:PORT
--union-default-graph``. It opens the store the way ``kg query`` does (no lock), so it runs beside
a ``kg build``, but it serves the store *as it was when the server started*: restart it to see what
a build wrote since; the pages read a read-only store opened at the same time, and show the same.
Opening it at the very moment a writer rewrites the store's files can fail; it is then retried a
few times. ``allow_updates``: ``oxigraph serve`` (``/update`` and the Graph Store Protocol at
``/store`` too); it takes the store's lock, so no ``kg build`` can run on the same store meanwhile,
and the pages then read the store through the server, so they show what updates wrote.
``--union-default-graph`` makes the default graph the union of all named graphs, as kg's own
queries see the store, so the bundled queries give the same rows through the server.

:func:`queries_page` writes a static HTML page listing kg's bundled queries with links that run
them on the server (the pages' ``/queries`` does the same, with forms).
"""
from __future__ import annotations

import html
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph

from kg.errors import StoreError, UsageError

STARTUP_TIMEOUT = 20.0
DEFAULT_QUERY_TIMEOUT = 60  # seconds, as public SPARQL endpoints commonly allow
# Oxigraph's own --timeout-s is set this much later than kg's limit: kg stops /query requests
# itself (cleanly: a 503, or an unfinished answer), and Oxigraph's cancellation, which sends a 200
# and then an error text inside the results, is only a backstop for the pages' own requests
OXIGRAPH_BACKSTOP_S = 5
_RETRIES_WHILE_WRITTEN = 3


def find_oxigraph(explicit: str | Path | None = None) -> Path:
    """The ``oxigraph`` binary: ``explicit`` if given, else the one beside this Python (the
    virtual environment's bin), else the first on ``PATH``."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{path}: no such oxigraph binary")
        return path
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise UsageError(f"no `oxigraph` command beside {sys.executable} or on PATH: install Oxigraph's server "
                     f"with `pip install oxigraph=={pyoxigraph.__version__}`")


def oxigraph_version(binary: Path) -> str:
    """What ``oxigraph --version`` says (``oxigraph 0.5.13`` -> ``0.5.13``)."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"{binary}: cannot run it: {exc}") from exc
    words = (done.stdout or done.stderr).split()
    if done.returncode != 0 or not words:
        raise UsageError(f"{binary}: `--version` failed: {(done.stderr or done.stdout).strip()[:200]}")
    return words[-1].lstrip("v")


def check_version(binary: Path) -> str:
    """Refuse an ``oxigraph`` whose version is not pyoxigraph's: the server opens the very
    directory kg writes, so both must be the same Oxigraph."""
    version = oxigraph_version(binary)
    if version != pyoxigraph.__version__:
        raise UsageError(f"{binary} is Oxigraph {version}, but kg stores are written by pyoxigraph "
                         f"{pyoxigraph.__version__}: install the same version (`pip install "
                         f"oxigraph=={pyoxigraph.__version__}`) or pass --oxigraph PATH")
    return version


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def endpoint_urls(host: str, port: int, allow_updates: bool) -> dict[str, str]:
    """The URLs a server on ``host:port`` answers: ``page`` (its root), ``query``, and with
    updates ``update`` and ``store`` (the Graph Store Protocol)."""
    base = f"http://{_url_host(host)}:{port}"
    urls = {"page": base + "/", "query": base + "/query"}
    if allow_updates:
        urls.update(update=base + "/update", store=base + "/store")
    return urls


def server_command(binary: Path, store: Path, host: str, port: int, allow_updates: bool,
                   timeout_s: int | None = None, cors: bool = False) -> list[str]:
    """The ``oxigraph`` command line that serves ``store``."""
    command = [str(binary), "serve" if allow_updates else "serve-read-only", "--location", str(store),
               "--bind", f"{_url_host(host)}:{port}", "--union-default-graph"]
    if timeout_s:
        command += ["--timeout-s", str(int(timeout_s))]
    if cors:
        command.append("--cors")
    return command


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StoreError(f"cannot listen on {_url_host(host)}:{port}: {exc.strerror or exc} "
                             f"(another server there? choose another --port)") from exc


@dataclass
class Server:
    """A running ``oxigraph`` server process and its URLs."""

    process: subprocess.Popen
    urls: dict[str, str]
    command: list[str]
    output: deque = field(default_factory=lambda: deque(maxlen=50))
    forward: Callable[[str], None] | None = None
    _ready: bool = False
    restarts: int = 0
    _restart_lock: threading.Lock = field(default_factory=threading.Lock)
    _restarting: bool = False
    _stopped: bool = False

    def _pump(self, process: subprocess.Popen | None = None) -> None:
        for line in (process or self.process).stdout:
            line = line.rstrip("\n")
            self.output.append(line)
            if self._ready and self.forward:
                self.forward(line)

    def last_error(self) -> str:
        """The server's error line (its ``Error: …``), or its last line of output."""
        lines = [l.strip() for l in self.output if l.strip()]
        for line in lines:
            if line.startswith("Error:"):
                return line[len("Error:"):].strip()
        return lines[-1] if lines else f"exit status {self.process.returncode}"

    def wait(self) -> int:
        """Wait for the server to stop by itself (not for a :meth:`restart`); return its exit status."""
        while True:
            process = self.process
            status = process.wait()
            with self._restart_lock:
                if self.process is process and not self._restarting:
                    return status
            time.sleep(0.05)

    def restart(self, seen: int, startup_timeout: float = STARTUP_TIMEOUT) -> bool:
        """Stop the process and start the same command again: the only way to stop a query that
        runs on in Oxigraph (it cannot cancel one query from outside). ``seen`` is the
        :attr:`restarts` count the caller saw when its query started: if another thread has
        restarted the server since, this does nothing (one runaway query, one restart).
        Returns whether the server is up afterwards."""
        with self._restart_lock:
            if self._stopped or self.restarts != seen:
                return self.process.poll() is None
            self._restarting = True
        try:
            self.stop(grace=2.0, final=False)
            parts = urlsplit(self.urls["query"])   # where this server listens
            host, port = parts.hostname, parts.port
            for _ in range(50):   # the old socket may linger a moment
                try:
                    _check_port_free(host, port)
                    break
                except StoreError:
                    time.sleep(0.1)
            process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, text=True, errors="replace")
            with self._restart_lock:
                self.process = process
                self.restarts += 1
            threading.Thread(target=self._pump, args=(process,), name="oxigraph-output", daemon=True).start()
            return _wait_until_up(process, host, port, startup_timeout)
        finally:
            with self._restart_lock:
                self._restarting = False

    def stop(self, grace: float = 5.0, final: bool = True) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``grace`` seconds)."""
        if final:
            with self._restart_lock:
                self._stopped = True
        process = self.process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(store: Path | str, *, host: str = "127.0.0.1", port: int = 7878, allow_updates: bool = False,
          binary: str | Path | None = None, timeout_s: int | None = None,
          startup_timeout: float = STARTUP_TIMEOUT, forward: Callable[[str], None] | None = None,
          cors: bool = False) -> Server:
    """Start Oxigraph's server on ``store`` and return once it accepts connections.

    ``forward(line)`` receives the server's output once it is up (before that it is kept for
    the error message). Raises :class:`StoreError` (exit 2) when the store is missing, the port
    is taken, or the server does not come up."""
    store = Path(store)
    if not allow_updates and not store.is_dir():
        raise StoreError(f"{store}: no kg store here (build one with `kg build`)")
    if store.exists() and not store.is_dir():
        raise StoreError(f"{store}: not a store directory")
    oxigraph = find_oxigraph(binary)
    check_version(oxigraph)
    command = server_command(oxigraph, store, host, port, allow_updates, timeout_s, cors)
    urls = endpoint_urls(host, port, allow_updates)
    for attempt in range(1, _RETRIES_WHILE_WRITTEN + 1):
        _check_port_free(host, port)
        server = _launch(command, urls, forward)
        try:
            failure = _wait_until_listening(server, host, port, startup_timeout)
        except BaseException:  # Ctrl-C or SIGTERM while starting: leave no server behind
            server.stop()
            raise
        if failure is None:
            return server
        written_meanwhile = "no such file" in failure.lower() or "io error" in failure.lower()
        if not allow_updates and written_meanwhile and attempt < _RETRIES_WHILE_WRITTEN:
            time.sleep(0.5 * attempt)  # a writer was rewriting the store's files as it opened them
            continue
        raise StoreError(_startup_message(store, failure, allow_updates))
    raise AssertionError("unreachable")


def _launch(command: list[str], urls: dict[str, str], forward) -> Server:
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace")
    except OSError as exc:
        raise StoreError(f"{command[0]}: cannot start the server: {exc}") from exc
    server = Server(process, urls, command, forward=forward)
    threading.Thread(target=server._pump, name="oxigraph-output", daemon=True).start()
    return server


def _wait_until_listening(server: Server, host: str, port: int, limit: float) -> str | None:
    """None once the server accepts connections; else why it did not come up."""
    connect_to = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if _wait_until_up(server.process, connect_to, port, limit):
        server._ready = True
        for line in list(server.output):
            if server.forward and "Listening for requests" not in line:
                server.forward(line)
        return None
    if server.process.poll() is not None:
        time.sleep(0.1)  # let the output thread read the last lines
        return server.last_error()
    server.stop()
    return f"it did not listen on {_url_host(host)}:{port} within {limit:g} s"


def _wait_until_up(process: subprocess.Popen, host: str, port: int, limit: float) -> bool:
    """True once ``process`` accepts connections on ``host:port``; False if it exits first or
    ``limit`` seconds pass."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return process.poll() is None
        except OSError:
            time.sleep(0.1)
    return False


def _startup_message(store: Path, failure: str, allow_updates: bool) -> str:
    if "lock" in failure.lower():
        return (f"{store}: cannot serve the store with updates: it is in use by another process (a kg "
                f"build?); wait for it, or serve it read-only (without --allow-updates)")
    if "no such file" in failure.lower() or "io error" in failure.lower():
        return (f"{store}: the server could not open the store while another process was writing it; "
                f"start it again when the build has finished ({failure})")
    return f"{store}: the Oxigraph server did not start: {failure}"


# -- kg's web app in front of Oxigraph -----------------------------------------------------------
def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for the internal Oxigraph server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class WebService:
    """``kg serve`` running: kg's web app on the public address, Oxigraph behind it."""

    oxigraph: Server
    httpd: object  # kg.web.app.WebServer
    urls: dict[str, str]
    store: object  # what the pages read: a read-only Store, or a RemoteStore on Oxigraph
    thread: threading.Thread | None = None

    def wait(self) -> int:
        """Wait until the Oxigraph server stops (it should not by itself); return its status."""
        return self.oxigraph.wait()

    def last_error(self) -> str:
        return self.oxigraph.last_error()

    def stop(self) -> None:
        """Stop answering (the web app, then Oxigraph) and close the store. Safe to call twice."""
        httpd, self.httpd = self.httpd, None
        if httpd is not None:
            if self.thread is not None:
                httpd.shutdown()
            httpd.server_close()
        self.oxigraph.stop()
        store, self.store = self.store, None
        if store is not None:
            store.close()

    def __enter__(self) -> "WebService":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_web(store: Path | str, *, host: str = "127.0.0.1", port: int = 7878, allow_updates: bool = False,
              allow_service: bool = False, cors: bool = False, binary: str | Path | None = None,
              timeout_s: int | None = DEFAULT_QUERY_TIMEOUT, startup_timeout: float = STARTUP_TIMEOUT,
              forward: Callable[[str], None] | None = None) -> WebService:
    """Start ``kg serve``: bind ``host:port`` (a :class:`StoreError` if it is taken), start Oxigraph
    on an internal 127.0.0.1 port, open what the pages read, and serve in a background thread.

    ``timeout_s``: seconds a ``/query`` request may run (0 or None: no limit). A query past it is
    answered 503 (or, if its answer had begun, cut off unfinished) and stopped by restarting the
    internal Oxigraph server, which also ends any other query running there at that moment.

    ``allow_service``: let queries and updates through that have ``SERVICE`` clauses (and
    ``LOAD``, with updates): both make the server send requests to other addresses."""
    from kg.store import Store
    from kg.web.app import Settings, Site, WebServer

    store = Path(store)
    if not allow_updates and not store.is_dir():
        raise StoreError(f"{store}: no kg store here (build one with `kg build`)")
    try:
        httpd = WebServer((host, port))
    except OSError as exc:
        raise StoreError(f"cannot listen on {_url_host(host)}:{port}: {exc.strerror or exc} "
                         f"(another server there? choose another --port)") from exc
    backstop = timeout_s + OXIGRAPH_BACKSTOP_S if timeout_s else None
    try:
        internal = free_port()
        oxigraph = start(store, host="127.0.0.1", port=internal, allow_updates=allow_updates, binary=binary,
                         timeout_s=backstop, startup_timeout=startup_timeout, forward=forward, cors=cors)
    except BaseException:
        httpd.server_close()
        raise
    try:
        if allow_updates:  # the pages follow what updates write: they read through the server
            from kg.remote import RemoteStore
            pages_store = RemoteStore(f"http://127.0.0.1:{internal}/query", environ={}, timeout=backstop or 600)
        else:  # the same snapshot as Oxigraph's read-only server: opened now, read in this process
            pages_store = Store(store, read_only=True)
    except BaseException:
        httpd.server_close()
        oxigraph.stop()
        raise
    bound_port = httpd.server_address[1]
    settings = Settings(store_label=str(store), upstream=("127.0.0.1", internal), allow_updates=allow_updates,
                        allow_service=allow_service, snapshot=not allow_updates,
                        query_timeout=float(timeout_s) if timeout_s else None, backend=oxigraph)
    httpd.attach(Site(pages_store, settings))
    urls = endpoint_urls(host, bound_port, allow_updates)
    urls["pages"] = urls["page"]
    urls["yasgui"] = urls["page"] + "yasgui"
    service = WebService(oxigraph, httpd, urls, pages_store)
    service.thread = threading.Thread(target=httpd.serve_forever, name="kg-serve", daemon=True)
    service.thread.start()
    return service


# -- the bundled queries, as a page --------------------------------------------------------------
def queries_page(query_url: str) -> str:
    """A static HTML page listing kg's bundled queries, each with its text, its parameters, the
    ``kg query`` command that runs it on ``query_url``, and (for queries that need no parameter)
    a link that runs it there directly (a SPARQL protocol GET)."""
    from kg.query import bundled_queries

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>kg: bundled queries</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
             "pre{background:#f4f4f4;padding:.8em;overflow:auto}code{background:#f4f4f4}</style>",
             "</head><body>", "<h1>kg: bundled queries</h1>",
             f"<p>SPARQL endpoint: <code>{html.escape(query_url)}</code> (kg's pages are at the server's "
             f"root, with every query as a form at /queries; YASGUI at /yasgui). Parameters are bound by <code>kg query</code>, which checks their type "
             f"and writes them as RDF terms; the links run the queries without parameters.</p>"]
    for q in bundled_queries().values():
        parts.append(f'<h2 id="{html.escape(q.name)}">{html.escape(q.name)}</h2>')
        parts.append(f"<p>{html.escape(q.description)}</p>")
        if q.columns:
            parts.append(f"<p>Columns: {html.escape(', '.join(q.columns))}</p>")
        if q.parameters:
            parts.append("<ul>" + "".join(
                f"<li><code>{html.escape(p.name)}</code> ({html.escape(p.type)}, "
                f"{'required' if p.required else 'optional'}) {html.escape(p.description)}</li>"
                for p in q.parameters) + "</ul>")
        example = " ".join(f"-p {p.name}=…" for p in q.parameters if p.required)
        command = f"kg query {q.name} --endpoint {query_url}" + (f" {example}" if example else "")
        parts.append(f"<p><code>{html.escape(command)}</code></p>")
        if not any(p.required for p in q.parameters):
            link = query_url + "?" + urlencode({"query": q.text})
            parts.append(f'<p><a href="{html.escape(link)}">Run on the server</a></p>')
        parts.append(f"<pre>{html.escape(q.text)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
