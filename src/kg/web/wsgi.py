"""The HTTP side of ``kg serve``: a WSGI application on waitress, in front of the pages and Oxigraph.

HTTP itself (request lines, headers, ``Content-Length`` and chunked bodies, keep-alive and
pipelining, limits on header and body sizes) is waitress's: a maintained server that reads every
request body before the next request on the connection, refuses malformed and negative lengths, and
answers 413 past :data:`MAX_BODY`. This module decides what each request gets:

- the ``Host``/``Origin`` checks of :mod:`kg.web.access` first (DNS rebinding, cross-site writes);
- the pages (:class:`kg.web.app.Site`) and their static files;
- SPARQL protocol requests, checked by :mod:`kg.web.proxy` / :mod:`kg.web.guard` and relayed to
  Oxigraph's server on its internal port, the answer streamed back as it comes. A query at
  ``/query`` that runs past the server's ``--query-timeout`` is stopped by restarting Oxigraph
  (:meth:`kg.web.oxigraph.Server.restart`): the client gets a 503, or, if rows were already under way, an
  answer cut off before its end (the connection is closed), never a short one that looks complete.
"""
from __future__ import annotations

import logging
import re
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, quote

from kg import __version__
from kg.errors import KgError
from kg.web import proxy
from kg.web.access import Access
from kg.web.app import (CSP, QUERY_PATHS, STATIC_FILES, UPDATE_PATHS, YASGUI_CSP, YASGUI_FILES, PageError,
                        Settings, Site)

MAX_BODY = proxy.UPDATE_BODY_LIMIT  # bytes: waitress answers 413 past this (queries: proxy.QUERY_BODY_LIMIT)
THREADS = 16  # requests answered at once; more wait their turn (a query may take --query-timeout)
IDLE_TIMEOUT = 300  # seconds a connection may sit idle before it is closed


class RunawayQuery(Exception):
    """Raised inside a streamed answer past the deadline: waitress then closes the connection
    before the answer's end (the client sees it unfinished)."""


class _QuietRunaways(logging.Filter):
    """waitress logs every exception raised inside an answer; a query stopped at its deadline is
    kg's own doing and already said on stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RunawayQuery)


logging.getLogger("waitress").addFilter(_QuietRunaways())
# "Task queue depth is N" at every request that waits for a thread: normal under load, not news
logging.getLogger("waitress.queue").setLevel(logging.ERROR)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: Iterator[bytes] | list[bytes]
    reason: str | None = None


@dataclass
class Request:
    method: str
    path: str
    query: str  # the query string, undecoded
    headers: dict[str, str]  # HTTP header names as sent ("Content-Type")
    environ: dict

    @classmethod
    def from_environ(cls, environ: dict) -> "Request":
        headers = {}
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                headers[key[5:].replace("_", "-").title()] = value
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").title()] = environ[key]
        return cls(environ["REQUEST_METHOD"].upper(), environ.get("PATH_INFO") or "/",
                   environ.get("QUERY_STRING", ""), headers, environ)

    @property
    def target(self) -> str:
        return quote(self.path) + (f"?{self.query}" if self.query else "")

    def body(self, limit: int) -> bytes:
        """The request body (waitress has read it already, de-chunked); a 413 past ``limit``."""
        length = int(self.environ.get("CONTENT_LENGTH") or 0)
        if length > limit:
            raise proxy.ProxyError(413, f"kg serve: the request body is larger than {limit // (1024 * 1024)} MB")
        return self.environ["wsgi.input"].read(length) if length else b""

    def body_stream(self) -> tuple[Iterator[bytes] | None, int]:
        length = int(self.environ.get("CONTENT_LENGTH") or 0)
        stream = self.environ["wsgi.input"]

        def chunks():
            left = length
            while left > 0:
                chunk = stream.read(min(proxy.CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk
        return (chunks() if length else None), length


class App:
    """The WSGI application: pages, static files and the guarded SPARQL endpoint."""

    def __init__(self, site: Site, access: Access | None = None):
        self.site = site
        self.settings: Settings = site.settings
        self.access = access or Access()

    def __call__(self, environ, start_response):
        request = Request.from_environ(environ)
        response = self.respond(request)
        reason = response.reason or HTTPStatus(response.status).phrase
        start_response(f"{response.status} {reason}", response.headers)
        return response.body

    def respond(self, request: Request) -> Response:
        path, method = request.path, request.method
        refusal = self.access.refusal(method, request.headers.get("Host"), request.headers.get("Origin"),
                                      request.headers.get("Sec-Fetch-Site"), query=path in QUERY_PATHS)
        if refusal:
            return text(403, refusal)
        try:
            if path in QUERY_PATHS:
                return self._sparql_query(request)
            if path in UPDATE_PATHS:
                if not self.settings.allow_updates:
                    raise proxy.guard_error(proxy.guard.read_only_refusal())
                return self._sparql_update(request)
            if path == "/store":
                return self._graph_store(request)
            if path in YASGUI_FILES and method in ("GET", "HEAD"):
                return self._forward(proxy.Forward(method, YASGUI_FILES[path], {}),
                                     extra=[("Content-Security-Policy", YASGUI_CSP)])
            if method not in ("GET", "HEAD"):
                return text(405, f"kg serve: {method} is not accepted at {path}", extra=[("Allow", "GET, HEAD")])
            return self._page(path, request.query)
        except proxy.ProxyError as exc:
            return text(exc.status, exc.message)

    # -- pages
    def _page(self, path: str, query: str) -> Response:
        site = self.site
        pairs = parse_qsl(query, keep_blank_values=True)
        params = {k: v for k, v in pairs}
        try:
            if path.startswith("/static/"):
                return self._static(path[len("/static/"):])
            routes = {"/": site.home, "/topic": site.topic, "/actor": site.actor, "/event": site.event,
                      "/place": site.place, "/resource": site.resource, "/network": site.network,
                      "/queries": site.queries}
            if path in routes:
                return page(200, routes[path](params))
            m = re.fullmatch(r"/queries/([A-Za-z0-9_.-]+?)(?:\.(csv|json))?", path)
            if m:
                name, fmt = m.group(1), m.group(2)
                if fmt:
                    body, content_type = site.query_download(name, fmt, pairs)
                    return Response(200, [("Content-Type", content_type),
                                          ("Content-Disposition", f'attachment; filename="{name}.{fmt}"')],
                                    [body.encode("utf-8")])
                return page(200, site.query(name, pairs))
            if path == "/favicon.ico":
                return Response(204, [("Content-Type", "image/x-icon")], [])
            raise PageError(404, f"no page at {path}")
        except PageError as exc:
            return page(exc.status, site.error(exc.status, exc.message))
        except KgError as exc:
            return page(400, site.error(400, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken page must not stop the server
            traceback.print_exc(file=sys.stderr)
            return page(500, site.error(500, f"the page failed: {type(exc).__name__}: {exc}"))

    @staticmethod
    def _static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise PageError(404, f"no static file {name!r}")
        path, content_type = STATIC_FILES[name]
        return Response(200, [("Content-Type", content_type), ("Cache-Control", "max-age=3600")],
                        [path.read_bytes()])

    # -- SPARQL
    def _sparql_query(self, request: Request) -> Response:
        settings = self.settings
        body = request.body(proxy.QUERY_BODY_LIMIT) if request.method == "POST" else b""
        forward = proxy.plan_query(request.method, request.target, request.headers, body,
                                   allow_service=settings.allow_service, allow_updates=settings.allow_updates)
        return self._forward(forward, limit=settings.query_timeout if request.method != "OPTIONS" else None)

    def _sparql_update(self, request: Request) -> Response:
        settings = self.settings
        body = request.body(proxy.UPDATE_BODY_LIMIT) if request.method == "POST" else b""
        forward = proxy.plan_update(request.method, request.target, request.headers, body,
                                    allow_service=settings.allow_service)
        return self._forward(forward)

    def _graph_store(self, request: Request) -> Response:
        method = request.method
        target = "/store" + (f"?{request.query}" if request.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() in proxy.FORWARD_REQUEST_HEADERS}
        if method in ("GET", "HEAD", "OPTIONS"):
            return self._forward(proxy.Forward(method, target, headers))
        if method not in ("PUT", "POST", "DELETE"):
            raise proxy.ProxyError(405, f"kg serve: {method} is not a Graph Store Protocol request")
        if not self.settings.allow_updates:
            raise proxy.guard_error(proxy.guard.read_only_refusal())
        body, length = request.body_stream()
        if body is not None:
            headers["Content-Length"] = str(length)
        return self._forward(proxy.Forward(method, target, headers, body))

    def _forward(self, forward: proxy.Forward, extra=(), limit: float | None = None) -> Response:
        """Relay ``forward`` to Oxigraph and stream its answer back. ``limit``: seconds the whole
        answer may take; past it the query is stopped (:meth:`_stop_runaway`)."""
        backend = self.settings.backend
        if backend is not None and not backend.wait_up(backend.startup_timeout):
            return text(503, "kg serve: the SPARQL server (Oxigraph) is not up: it is being restarted; try again")
        seen = getattr(backend, "restarts", 0)
        crashes = getattr(backend, "crashes", 0)
        process = getattr(backend, "process", None)
        deadline = time.monotonic() + limit if limit else None
        try:
            connection, response = proxy.send(self.settings.upstream, forward, timeout=limit)
        except TimeoutError:
            return text(503, self._stop_runaway(limit, seen))
        except (OSError, proxy.http.client.HTTPException) as exc:
            if process is not None and _ended(process, within=3.0) and backend.wait_up(backend.startup_timeout):
                why = ("it stopped unexpectedly (kg serve's output says why) and was started again"
                       if backend.crashes != crashes else
                       "it was restarted to stop another query that ran past --query-timeout")
                return text(503, f"kg serve: the SPARQL server (Oxigraph) did not finish this request: {why}; "
                                 f"send it again")
            return text(502, f"kg serve: the SPARQL server (Oxigraph) did not answer ({exc})")
        headers = [*proxy.response_headers(response), *extra]
        length = response.getheader("Content-Length")
        if length is not None:
            headers.append(("Content-Length", length))
        return Response(response.status, headers, self._stream(connection, response, deadline, limit, seen),
                        reason=response.reason)

    def _stream(self, connection, response, deadline, limit, seen) -> Iterator[bytes]:
        try:
            read = getattr(response, "read1", response.read)
            while True:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise RunawayQuery(self._stop_runaway(limit, seen))
                    if connection.sock is not None:
                        connection.sock.settimeout(left)
                try:
                    chunk = read(proxy.CHUNK)
                except TimeoutError:
                    raise RunawayQuery(self._stop_runaway(limit, seen)) from None
                except (OSError, proxy.http.client.HTTPException) as exc:
                    # Oxigraph went away in the middle of the answer: cut it off unfinished
                    raise RunawayQuery(f"the SPARQL server stopped while answering: {exc}") from None
                if not chunk:
                    return
                yield chunk
        finally:
            response.close()
            connection.close()

    def _stop_runaway(self, limit: float, seen: int) -> str:
        """A query ran past ``limit``. Oxigraph cannot cancel one query from outside, and its own
        --timeout-s does not reach every operator (a sort or a join runs on), so its server is
        restarted: that stops the query, and whatever else was running on it at that moment."""
        backend = self.settings.backend
        up = backend.restart(seen) if backend is not None else True
        message = (f"kg serve: the query ran longer than {limit:g} s (the server's --query-timeout) and was "
                   f"stopped" + ("" if up else "; the SPARQL server did not come back up"))
        sys.stderr.write(message + "\n")
        return message


def _ended(process, within: float) -> bool:
    """Whether ``process`` has ended, or ends within ``within`` seconds (a crash takes a moment)."""
    try:
        process.wait(within)
        return True
    except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: it is still running
        return False


def text(status: int, message: str, extra=()) -> Response:
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    return Response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                             *extra], [body])


def page(status: int, html: str) -> Response:
    body = html.encode("utf-8")
    return Response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                             ("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                             ("Referrer-Policy", "no-referrer")], [body])


class WebServer:
    """The public server: waitress, bound at once (so a port in use is known before anything else
    starts); :meth:`attach` gives it the application before it serves."""

    def __init__(self, address: tuple[str, int]):
        from waitress.server import create_server

        host, port = address
        self._server = create_server(self._not_ready, host=host, port=port, threads=THREADS,
                                     ident=f"kg/{__version__}", max_request_body_size=MAX_BODY,
                                     channel_timeout=IDLE_TIMEOUT, asyncore_use_poll=True,
                                     expose_tracebacks=False, connection_limit=200)
        self.server_address = (host, self._server.effective_port)

    @staticmethod
    def _not_ready(environ, start_response):
        start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"kg serve: starting\n"]

    def attach(self, app: App) -> None:
        self._server.application = app

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop serving: no new connections, open ones closed, worker threads ended."""
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        wasyncore.close_all(self._server._map)

    def server_close(self) -> None:
        self.shutdown()
