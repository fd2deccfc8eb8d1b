"""What goes wrong talking to a SPARQL server, as one :class:`RemoteError` with a one-line message
that names the URL: an HTTP error answer (:func:`status_error`), no connection or no answer in
time (:func:`connection_error`), a server's HTML or long message trimmed to one line (:func:`one_line`).
"""
from __future__ import annotations

import html
import http.client
import re
import socket
from urllib.parse import urlsplit

import requests

from kg.errors import StoreError

_MESSAGE_LIMIT = 300


class RemoteError(StoreError):
    """A request to a remote store failed. ``kind`` says how:

    ``unreachable`` (no connection), ``timeout``, ``auth`` (401/403), ``not-found`` (404),
    ``server`` (5xx, 429: worth retrying), ``rejected`` (another 4xx: the request itself was
    refused). ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, kind: str, status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status

    @property
    def transient(self) -> bool:
        """Whether the same request might succeed if tried again."""
        return self.kind in ("unreachable", "timeout", "server")


def one_line(body: bytes | str | None, limit: int = _MESSAGE_LIMIT) -> str:
    """A server's message as one trimmed line (tags dropped if it is HTML)."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if re.search(r"<(html|body|head|p|h1|pre)\b", text, re.IGNORECASE):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_error(url: str, status: int, reason: str, body, *, what: str = "request",
                 auth_hint: str = "") -> RemoteError:
    """The :class:`RemoteError` for an HTTP error answer. ``auth_hint`` ends a 401/403 message: where
    credentials come from and whether any were sent (:func:`kg.store.credentials.credential_hint`)."""
    message = one_line(body)
    head = f"{url}: {status} {reason or http.client.responses.get(status, '')}".rstrip()
    if status in (401, 403):
        detail = f" ({message})" if message else ""
        return RemoteError(f"{head}{detail}: access refused; {auth_hint}", kind="auth", status=status)
    if status == 404:
        return RemoteError(f"{head}: no such SPARQL endpoint or dataset at this URL"
                           + (f" ({message})" if message else ""), kind="not-found", status=status)
    if status >= 500 or status == 429:
        return RemoteError(f"{head}: the server failed the {what}" + (f": {message}" if message else ""),
                           kind="server", status=status)
    return RemoteError(f"{head}: the server rejected the {what}" + (f": {message}" if message else ""),
                       kind="rejected", status=status)


def connection_error(url: str, exc: BaseException, timeout: float) -> RemoteError:
    """The :class:`RemoteError` for a request that got no answer (refused, unknown host, timeout)."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)) or isinstance(exc, requests.Timeout):
        return RemoteError(f"{url}: no answer within {timeout:g} s (a longer --timeout SECONDS may help)",
                           kind="timeout")
    text = str(reason)
    if isinstance(reason, ConnectionRefusedError) or "refused" in text.lower():
        return RemoteError(f"{url}: cannot connect: connection refused (is the server running, "
                           f"and is this its address?)", kind="unreachable")
    if isinstance(reason, socket.gaierror) or "name or service not known" in text.lower():
        return RemoteError(f"{url}: cannot connect: unknown host {urlsplit(url).hostname!r}",
                           kind="unreachable")
    return RemoteError(f"{url}: cannot connect: {one_line(text) or type(reason).__name__}", kind="unreachable")
