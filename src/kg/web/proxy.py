"""Forwarding SPARQL protocol requests to Oxigraph's server, after :mod:`kg.web.guard`'s checks.

The public endpoint speaks the SPARQL 1.1 Protocol: ``GET /query?query=…``, ``POST /query`` with a
form (``query=…``) or an ``application/sparql-query`` body, and with ``--allow-updates``
``POST /update`` (form ``update=…`` or ``application/sparql-update``) and the Graph Store Protocol
at ``/store``. The query (or update) is read from the request the way Oxigraph reads it, checked,
and what is forwarded is the text the guard gives back (:class:`kg.web.guard.Verdict`: rebuilt from
the tokens it checked, comments left out), with the parameters re-encoded around it, so that the
checked text and the text Oxigraph runs cannot differ. Oxigraph's answer (status, content type, body) is
streamed back as it comes.
"""
from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from kg.web import guard

QUERY_BODY_LIMIT = 16 * 1024 * 1024  # bytes of a query request (Oxigraph's own limit is 128 MB)
UPDATE_BODY_LIMIT = 128 * 1024 * 1024
CHUNK = 64 * 1024

# request headers passed on to Oxigraph (others, e.g. cookies or credentials, stay here)
FORWARD_REQUEST_HEADERS = ("accept", "content-type", "origin", "access-control-request-method",
                           "access-control-request-headers")
# response headers not passed back (hop-by-hop, or set by kg's server itself)
DROP_RESPONSE_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date",
                         "proxy-authenticate", "te", "trailer", "upgrade"}

FORM = "application/x-www-form-urlencoded"


class ProxyError(Exception):
    """A request refused before it reaches Oxigraph: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Forward:
    """What is sent to Oxigraph: method, path with query string, headers and body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | Iterator[bytes] | None = None


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _parameters(text: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProxyError(400, f"kg serve: cannot read the {where}: {exc}") from exc


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProxyError(400, f"kg serve: the {what} is not UTF-8 text ({exc})") from exc


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProxyError(400, f"kg serve: give one {name} per request (this one has {len(values)})")
    return values[0] if values else None


def plan_query(method: str, target: str, headers, body: bytes, *, allow_service: bool,
               allow_updates: bool) -> Forward:
    """Check a SPARQL query request and say what to send to Oxigraph's ``/query``."""
    url = urlsplit(target)
    params = _parameters(url.query, "request's query string")
    forwarded = {k: v for k, v in headers.items() if k.lower() in FORWARD_REQUEST_HEADERS}
    if method in ("GET", "HEAD"):
        text = _one([v for k, v in params if k == "query"], "query")
        if text is None and any(k == "update" for k, _ in params):
            raise guard_error(guard.update_on_query_refusal(allow_updates))
        checked = _check_query(text, allow_service, allow_updates)
        forwarded.pop("Content-Type", None)
        forwarded.pop("content-type", None)
        return Forward(method, "/query" + _query_string(_replaced(params, "query", checked)), forwarded)
    if method == "OPTIONS":
        return Forward(method, "/query" + _query_string(params), forwarded)
    if method != "POST":
        raise ProxyError(405, f"kg serve: {method} is not a SPARQL query request (use GET or POST)")
    kind = media_type(headers.get("Content-Type"))
    if kind == FORM:
        form = _parameters(_decode(body, "form"), "form")
        if any(k == "update" for k, _ in form):
            raise guard_error(guard.update_on_query_refusal(allow_updates))
        texts = [v for k, v in form if k == "query"] + [v for k, v in params if k == "query"]
        checked = _check_query(_one(texts, "query"), allow_service, allow_updates)
        form = [(k, v) for k, v in form if k != "query"] + ([("query", checked)] if checked is not None else [])
        return Forward("POST", "/query" + _query_string([(k, v) for k, v in params if k != "query"]),
                       {**forwarded, "Content-Type": FORM}, urlencode(form).encode("ascii"))
    if kind == "application/sparql-query":
        text = _decode(body, "query")
        if any(k == "query" for k, _ in params):
            raise ProxyError(400, "kg serve: give the query once: in the body or as ?query=, not both")
        checked = _check_query(text, allow_service, allow_updates)
        return Forward("POST", "/query" + _query_string(params),
                       {**forwarded, "Content-Type": "application/sparql-query"}, checked.encode("utf-8"))
    if kind == "application/sparql-update":
        raise guard_error(guard.update_on_query_refusal(allow_updates))
    raise ProxyError(415, f"kg serve: a SPARQL query is sent as ?query= (GET), as a form ({FORM}) or as "
                          f"application/sparql-query (POST), not as {kind or 'a body without a content type'}")


def plan_update(method: str, target: str, headers, body: bytes, *, allow_service: bool) -> Forward:
    """Check a SPARQL Update request (on a server with updates) and say what to send to ``/update``."""
    url = urlsplit(target)
    params = _parameters(url.query, "request's query string")
    forwarded = {k: v for k, v in headers.items() if k.lower() in FORWARD_REQUEST_HEADERS}
    if method == "OPTIONS":
        return Forward(method, "/update" + _query_string(params), forwarded)
    if method != "POST":
        raise ProxyError(405, "kg serve: a SPARQL Update is sent with POST")
    if any(k in ("update", "query") for k, _ in params):
        raise ProxyError(400, "kg serve: send the update in the request body, not in the URL")
    kind = media_type(headers.get("Content-Type"))
    if kind == FORM:
        form = _parameters(_decode(body, "form"), "form")
        text = _one([v for k, v in form if k == "update"], "update")
        if text is not None:
            text = _checked(guard.check_update(text, allow_service=allow_service))
            form = [(k, v) for k, v in form if k != "update"] + [("update", text)]
        return Forward("POST", "/update" + _query_string(params), {**forwarded, "Content-Type": FORM},
                       urlencode(form).encode("ascii"))
    if kind == "application/sparql-update":
        text = _checked(guard.check_update(_decode(body, "update"), allow_service=allow_service))
        return Forward("POST", "/update" + _query_string(params),
                       {**forwarded, "Content-Type": "application/sparql-update"}, text.encode("utf-8"))
    raise ProxyError(415, f"kg serve: a SPARQL Update is sent as a form ({FORM}) or as "
                          f"application/sparql-update, not as {kind or 'a body without a content type'}")


def _check_query(text: str | None, allow_service: bool, allow_updates: bool) -> str | None:
    """The text to send for ``text`` (None stays None: Oxigraph says a query is missing)."""
    if text is None:
        return None
    return _checked(guard.check_query(text, allow_service=allow_service, allow_updates=allow_updates))


def _checked(verdict: guard.Verdict) -> str:
    if verdict.refusal is not None:
        raise guard_error(verdict.refusal)
    return verdict.text


def _replaced(params: list[tuple[str, str]], name: str, value: str | None) -> list[tuple[str, str]]:
    """``params`` with the value of ``name`` (given at most once) replaced by ``value``."""
    return [(k, value if k == name else v) for k, v in params]


def guard_error(refusal: guard.Refusal) -> ProxyError:
    return ProxyError(refusal.status, refusal.message)


def _query_string(params: list[tuple[str, str]]) -> str:
    return ("?" + urlencode(params)) if params else ""


def send(upstream: tuple[str, int], forward: Forward, timeout: float | None = None):
    """Send ``forward`` to Oxigraph; return the connection and its response (to stream and close)."""
    connection = http.client.HTTPConnection(*upstream, timeout=timeout)
    headers = dict(forward.headers)
    if isinstance(forward.body, bytes):
        headers["Content-Length"] = str(len(forward.body))
    connection.request(forward.method, forward.path, body=forward.body, headers=headers)
    return connection, connection.getresponse()


def response_headers(response) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.getheaders() if k.lower() not in DROP_RESPONSE_HEADERS]
