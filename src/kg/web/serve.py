"""Serve a kg store: server-rendered pages and a guarded SPARQL 1.1 endpoint (``kg serve``).

``kg serve`` runs two servers:

- **Oxigraph's own server** (:mod:`kg.web.oxigraph`) answers SPARQL, bound to a free port on
  127.0.0.1 that only this process talks to.
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
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from kg.errors import StoreError
from kg.web.oxigraph import (DEFAULT_QUERY_TIMEOUT, OXIGRAPH_BACKSTOP_S, STARTUP_TIMEOUT, Server, url_host,
                             endpoint_urls, free_port, start)

@dataclass
class WebService:
    """``kg serve`` running: kg's web app on the public address, Oxigraph behind it."""

    oxigraph: Server
    httpd: object  # kg.web.wsgi.WebServer
    urls: dict[str, str]
    store: object  # what the pages read: a read-only Store, or a RemoteStore on Oxigraph
    thread: threading.Thread | None = None

    def wait(self) -> int:
        """Wait until the Oxigraph server stops for good: 0 after :meth:`stop`, 1 when it crashed
        more often than it can be restarted (:meth:`Server.wait`)."""
        return self.oxigraph.wait()

    def last_error(self) -> str:
        return self.oxigraph.failure() or self.oxigraph.last_error()

    @property
    def fence(self) -> str:
        """What the fence around Oxigraph says it set (:mod:`kg.web.fence`)."""
        return self.oxigraph.fence

    def stop(self) -> None:
        """Stop answering (the web app, then Oxigraph) and close the store. Safe to call twice."""
        httpd, self.httpd = self.httpd, None
        if httpd is not None:
            httpd.shutdown()
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
              forward: Callable[[str], None] | None = None, allow_hosts: tuple[str, ...] = (),
              allow_origins: tuple[str, ...] = ()) -> WebService:
    """Start ``kg serve``: bind ``host:port`` (a :class:`StoreError` if it is taken), start Oxigraph
    on an internal 127.0.0.1 port, open what the pages read, and serve in a background thread.

    ``timeout_s``: seconds a ``/query`` request may run (0 or None: no limit). A query past it is
    answered 503 (or, if its answer had begun, cut off unfinished) and stopped by restarting the
    internal Oxigraph server, which also ends any other query running there at that moment.

    ``allow_service``: let queries and updates through that have ``SERVICE`` clauses (and
    ``LOAD``, with updates): both make the server send requests to other addresses. Without it the
    Oxigraph process is also fenced from opening any connection (:mod:`kg.web.fence`).

    ``allow_hosts``/``allow_origins``: names the server answers besides its addresses and
    ``localhost``, and web origins whose pages may send it writes (:mod:`kg.web.access`)."""
    from kg.store.local import Store
    from kg.web.access import Access
    from kg.web.app import Settings, Site
    from kg.web.wsgi import App, WebServer

    store = Path(store)
    if not allow_updates and not store.is_dir():
        raise StoreError(f"{store}: no kg store here (build one with `kg build`)")
    try:
        httpd = WebServer((host, port))
    except OSError as exc:
        raise StoreError(f"cannot listen on {url_host(host)}:{port}: {exc.strerror or exc} "
                         f"(another server there? choose another --port)") from exc
    backstop = timeout_s + OXIGRAPH_BACKSTOP_S if timeout_s else None
    try:
        internal = free_port()
        oxigraph = start(store, host="127.0.0.1", port=internal, allow_updates=allow_updates, binary=binary,
                         timeout_s=backstop, startup_timeout=startup_timeout, forward=forward, cors=cors,
                         fenced=not allow_service)
    except BaseException:
        httpd.shutdown()
        raise
    try:
        if allow_updates:  # the pages follow what updates write: they read through the server
            from kg.store.remote import RemoteStore
            pages_store = RemoteStore(f"http://127.0.0.1:{internal}/query", environ={}, timeout=backstop or 600)
        else:  # the same snapshot as Oxigraph's read-only server: opened now, read in this process
            pages_store = Store(store, read_only=True)
    except BaseException:
        httpd.shutdown()
        oxigraph.stop()
        raise
    bound_port = httpd.server_address[1]
    settings = Settings(store_label=str(store), upstream=("127.0.0.1", internal), allow_updates=allow_updates,
                        allow_service=allow_service, snapshot=not allow_updates,
                        query_timeout=float(timeout_s) if timeout_s else None, backend=oxigraph)
    httpd.attach(App(Site(pages_store, settings), Access.from_options(allow_hosts, allow_origins, cors)))
    urls = endpoint_urls(host, bound_port, allow_updates)
    urls["pages"] = urls["page"]
    urls["yasgui"] = urls["page"] + "yasgui"
    service = WebService(oxigraph, httpd, urls, pages_store)
    service.thread = threading.Thread(target=httpd.serve_forever, name="kg-serve", daemon=True)
    service.thread.start()
    return service


def serve_warnings(host: str, port: int, allow_updates: bool, allow_service: bool) -> list[str]:
    """What a user should be told before serving with these options (none for the defaults)."""
    loopback = host in ("127.0.0.1", "localhost", "::1")
    warnings = []
    if not loopback and allow_updates:
        warnings.append(f"anyone who can reach {host}:{port} can change the store (the server has no authentication)")
    if allow_service:
        warnings.append("--allow-service: a query can make this server send requests to any address it can reach"
                        + ("" if loopback else f", and anyone who can reach {host}:{port} can send such a query"))
    return warnings


# -- the bundled queries, as a page --------------------------------------------------------------
def queries_page(query_url: str) -> str:
    """A static HTML page listing kg's bundled queries, each with its text, its parameters, the
    ``kg query`` command that runs it on ``query_url``, and (for queries that need no parameter)
    a link that runs it there directly (a SPARQL protocol GET)."""
    from kg.services.query import bundled_queries

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
