"""Which requests ``kg serve`` answers, by their ``Host`` and ``Origin`` headers.

Two attacks come through the user's own browser, whatever address the server is bound to:

- **DNS rebinding**: a page on ``evil.example`` makes its name resolve to 127.0.0.1 and then reads
  the server as if it were its own site. The browser sends ``Host: evil.example``, so a request is
  answered only when its ``Host`` names the server: an IP address, ``localhost`` (and
  ``*.localhost``, which browsers resolve to loopback themselves), or a name given with
  ``--allow-host`` (``*``: any).
- **Cross-site requests** (CSRF): any page can make the browser POST a form to
  ``http://127.0.0.1:7878/update``. Browsers send ``Origin`` with such requests, so every request
  that is not a read (anything but GET, HEAD and OPTIONS) must come from the server's own origin,
  from one given with ``--allow-origin`` (``*``: any), or from no browser at all (no ``Origin``;
  curl, SPARQLWrapper). With ``--cors``, queries (POST to the query endpoint) from any origin are
  let through, since that is what ``--cors`` is for; writes still need ``--allow-origin``.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)  # lower case; "*" for any
    allowed_origins: frozenset[str] = field(default_factory=frozenset)  # "scheme://host[:port]"; "*" for any
    cors: bool = False

    @classmethod
    def from_options(cls, hosts=(), origins=(), cors: bool = False) -> "Access":
        return cls(frozenset(h.strip().lower().rstrip(".") for h in hosts if h.strip()),
                   frozenset(_origin_key(o) for o in origins if o.strip()), cors)

    def refusal(self, method: str, host: str | None, origin: str | None, fetch_site: str | None,
                query: bool) -> str | None:
        """Why the request is refused (a 403 message), or None. ``query``: the request goes to the
        SPARQL query endpoint (a read, however it is sent)."""
        if host is not None and not self._host_ok(host):
            return (f"kg serve refuses this request: it names the server {_shown(host)!r} (Host header), which "
                    f"is not this server's address, as when a web page rebinds its own name to this machine. "
                    f"Start kg serve with --allow-host NAME to answer that name.")
        if method in SAFE_METHODS:
            return None
        if origin is None:
            if fetch_site in ("cross-site", "same-site"):  # a browser that did not say where from
                return ("kg serve refuses this request: a browser sent it from another site. Start kg serve "
                        "with --allow-origin ORIGIN to accept that site's requests.")
            return None
        if query and self.cors:
            return None
        if self._origin_ok(origin, host):
            return None
        return (f"kg serve refuses this request: it comes from the web page of another site ({_shown(origin)}), "
                f"which a browser sends without the user knowing (cross-site request). Start kg serve with "
                f"--allow-origin {_shown(origin) if origin != 'null' else 'ORIGIN'} to accept it.")

    def _host_ok(self, host: str) -> bool:
        if "*" in self.allowed_hosts:
            return True
        name = _host_name(host)
        if name is None:
            return False
        if name in self.allowed_hosts or name == "localhost" or name.endswith(".localhost"):
            return True
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False

    def _origin_ok(self, origin: str, host: str | None) -> bool:
        if origin == "null":
            return False
        key = _origin_key(origin)
        if "*" in self.allowed_origins or key in self.allowed_origins:
            return True
        if host is None:
            return False
        # the server's own origin: the page it served (same scheme-less authority as Host)
        return key in (f"http://{host.strip().lower()}", f"https://{host.strip().lower()}")


def _host_name(host: str) -> str | None:
    """``name`` of a Host header ``name[:port]`` / ``[v6]:port``, lower case; None if malformed."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 else None
    name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    if port and not port.isdigit():
        return None
    return (name or host).rstrip(".") or None


def _origin_key(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, default ports left out."""
    origin = origin.strip()
    if origin == "*":
        return origin
    parts = urlsplit(origin.lower())
    if not parts.scheme or not parts.hostname:
        return origin.lower()
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    try:
        port = parts.port
    except ValueError:
        return origin.lower()
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def _shown(text: str) -> str:
    """A header value for a message: printable, short."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text)
    return cleaned[:200]
