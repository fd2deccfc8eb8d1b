"""A kg store behind any SPARQL 1.1 endpoint: :class:`RemoteStore`, the adapter that does
:class:`kg.store.base.KgStore`'s operations over HTTP.

kg speaks only the standard protocols, so the same client works with Oxigraph's server (what
``kg serve`` runs), Apache Jena Fuseki, GraphDB, Virtuoso or QLever:

- **queries** go through SPARQLWrapper (SPARQL 1.1 Protocol, results as SPARQL JSON, read by
  :mod:`kg.store.sparql_results`), with the same text the local store runs, and come back as
  pyoxigraph terms, so :func:`kg.services.query.run_query` and :func:`kg.services.results.write_results`
  work unchanged;
- **a graph is replaced** with one SPARQL 1.1 Graph Store Protocol ``PUT`` of its triples
  (N-Triples) to ``GSP_URL?graph=IRI``; where the server has no Graph Store Protocol (it answers
  404, 405, 415 or 501) kg falls back to one SPARQL Update request,
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``.

The default graph. kg's local queries run over the union of all named graphs (every document
has a graph of its own). A server must do the same: Oxigraph does it when a query carries the
``union-default-graph`` parameter (sent by default), or when started with
``--union-default-graph`` (what ``kg serve`` does). GraphDB, Virtuoso and QLever treat the
default graph as the union already; Fuseki needs ``tdb2:unionDefaultGraph true`` in its dataset
configuration. ``union_param=None`` sends no parameter. See docs/remote-stores.md.

Credentials come from the environment or netrc (:mod:`kg.store.credentials`), never from
arguments. Every failure raises :class:`kg.store.remote_errors.RemoteError` (a
:class:`kg.errors.StoreError`) or, for a query the server rejects, :class:`kg.errors.QueryError`,
with a one-line message that names the URL. Pushing a local store to a server is a service:
:func:`kg.services.push.push`.
"""
from __future__ import annotations

import ast
import http.client
import urllib.error
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urlsplit, urlunsplit

import requests
from pyoxigraph import NamedNode, Quad
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions

from kg import __version__
from kg.errors import QueryError, UsageError
from kg.store import sparql_update
from kg.store.base import KgStore
from kg.store.credentials import Credentials, credential_hint, credentials_for
from kg.store.remote_errors import RemoteError, connection_error, one_line, status_error
from kg.store.sparql_results import parse_results

DEFAULT_TIMEOUT = 60.0
#: Oxigraph's per-request switch that makes the default graph the union of all graphs.
OXIGRAPH_UNION = ("union-default-graph", "true")
#: Status codes by which a Graph Store Protocol URL says it does not exist or does not do PUT.
NO_GSP = frozenset({404, 405, 415, 501})
USER_AGENT = f"kg/{__version__}"
#: What moved out of this module in issue 18, and where to (a store does not import services).
_MOVED = {"push": "kg.services.push", "PushSummary": "kg.services.push", "local_graph_quads": "kg.services.push",
          "remote_query": "kg.services.query.run_query (the same call on any kg store)"}


def __getattr__(name: str):
    # One release of a clear message for the old import paths, instead of re-exporting them: a
    # re-export would make this store module import a service, the upward import issue 18 removed.
    if name in _MOVED:
        raise ImportError(f"kg.store.remote.{name} has moved: use {_MOVED[name]}")
    raise AttributeError(f"module 'kg.store.remote' has no attribute {name!r}")


# -- URLs and options --------------------------------------------------------------------------
def parse_union_param(text: str | None) -> tuple[str, str] | None:
    """``NAME=VALUE`` (or a bare ``NAME``, sent with an empty value) as a request parameter;
    ``none`` or an empty text: no parameter. None (not given): Oxigraph's default."""
    if text is None:
        return OXIGRAPH_UNION
    text = text.strip()
    if not text or text.lower() == "none":
        return None
    name, _sep, value = text.partition("=")
    if not name.strip():
        raise UsageError(f"--union-param {text!r}: expected NAME=VALUE or none")
    return name.strip(), value.strip()


def derive_urls(query_url: str) -> tuple[str, str | None]:
    """The update and Graph Store Protocol URLs that go with ``query_url``.

    Oxigraph's layout (``…/query``, ``…/update``, ``…/store``) when the path ends in ``/query``;
    otherwise updates go to the query URL itself (as Virtuoso and QLever take them) and there is
    no Graph Store Protocol URL unless one is given (replacing a graph then uses SPARQL Update)."""
    parts = urlsplit(query_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{query_url}: not an http(s) URL of a SPARQL endpoint")
    if parts.path.endswith("/query"):
        base = parts.path[: -len("/query")]
        update = urlunsplit(parts._replace(path=base + "/update", query="", fragment=""))
        store = urlunsplit(parts._replace(path=base + "/store", query="", fragment=""))
        return update, store
    return query_url, None


# -- SPARQLWrapper's errors ----------------------------------------------------------------------
def _wrapper_body(exc: Exception) -> bytes:
    """The server's answer SPARQLWrapper keeps in its exception's message (as a bytes repr)."""
    text = str(exc)
    marker = "Response:\n"
    if marker in text:
        try:
            value = ast.literal_eval(text.split(marker, 1)[1].strip())
            return value if isinstance(value, bytes) else str(value).encode("utf-8")
        except (ValueError, SyntaxError):
            return text.split(marker, 1)[1].encode("utf-8")
    return b""


_WRAPPER_STATUS = {
    SPARQLExceptions.QueryBadFormed: 400, SPARQLExceptions.Unauthorized: 401,
    SPARQLExceptions.EndPointNotFound: 404, SPARQLExceptions.URITooLong: 414,
    SPARQLExceptions.EndPointInternalError: 500,
}
_PATTERN_NAMES = ("s", "p", "o", "g")


# -- the store ---------------------------------------------------------------------------------
class RemoteStore(KgStore):
    """A kg store on a SPARQL 1.1 server: every operation of :class:`kg.store.base.KgStore`, plus
    :meth:`ping` and :meth:`credentials`.

    ``endpoint``: the query URL. ``update_url`` / ``graph_store_url``: default to
    :func:`derive_urls`. ``timeout``: seconds to wait for the server (connecting and each read).
    ``server_timeout``: a value asking the server itself to stop a query after so long, sent as
    the request parameter ``server_timeout_param`` (default ``timeout``). The name and unit
    differ between servers: QLever ``timeout=30s``, Virtuoso ``timeout`` in milliseconds; Oxigraph
    has no per-request one (start it with ``--timeout-s``); see docs/remote-stores.md.
    ``union_param``: the (name, value) request parameter that makes the default graph the union
    of all named graphs (default Oxigraph's ``union-default-graph=true``; None: send nothing).
    ``environ``: where credentials are read (default ``os.environ``)."""

    def __init__(self, endpoint: str, *, update_url: str | None = None, graph_store_url: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, server_timeout: str | None = None,
                 server_timeout_param: str = "timeout", union_param: tuple[str, str] | None = OXIGRAPH_UNION,
                 environ: Mapping[str, str] | None = None):
        derived_update, derived_store = derive_urls(endpoint)
        self.query_url = endpoint
        self.update_url = update_url or derived_update
        self.graph_store_url = graph_store_url if graph_store_url is not None else derived_store
        for url in (self.update_url, self.graph_store_url):
            if url:
                derive_urls(url)  # checks it is an http(s) URL
        self.timeout = float(timeout)
        self.server_timeout = server_timeout
        self.server_timeout_param = server_timeout_param
        self.union_param = union_param
        self._environ = environ
        self._credentials: dict[str, Credentials | None] = {}
        self._gsp = bool(self.graph_store_url)  # False once the server has shown it has none
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT

    @property
    def path(self) -> str:
        """Where the store is, for messages (a local Store's ``path`` is its directory)."""
        return self.query_url

    def __repr__(self) -> str:
        return f"<RemoteStore {self.query_url}>"

    def __enter__(self) -> "RemoteStore":
        return self

    def close(self) -> None:
        """Close the HTTP connections kept open."""
        self._session.close()

    def credentials(self, url: str) -> Credentials | None:
        """The credentials for ``url`` (looked up once per host)."""
        host = urlsplit(url).netloc
        if host not in self._credentials:
            self._credentials[host] = credentials_for(url, self._environ)
        return self._credentials[host]

    # -- SPARQL protocol ---------------------------------------------------------------------
    def _wrapper(self, url: str) -> SPARQLWrapper:
        """A SPARQLWrapper for one request to ``url`` (the query or the update URL)."""
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url, returnFormat=JSON,
                                agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # plain SPARQL protocol: no format=/output= extras
        wrapper.timeout = self.timeout  # setTimeout() would truncate to whole seconds
        credentials = self.credentials(url)
        if credentials:
            wrapper.addCustomHttpHeader("Authorization", credentials.header())
        return wrapper

    def _send(self, wrapper: SPARQLWrapper, url: str, what: str) -> bytes:
        try:
            response = wrapper.query().response
            try:
                return response.read()
            finally:
                response.close()
        except tuple(_WRAPPER_STATUS) as exc:
            status = _WRAPPER_STATUS[type(exc)]
            raise self._error(url, status, "", _wrapper_body(exc), what) from None
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp else b""
            raise self._error(url, exc.code, exc.reason, body, what) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise connection_error(url, exc, self.timeout) from None

    def _error(self, url: str, status: int, reason, body, what: str) -> Exception:
        if status == 400 and what == "query":
            message = one_line(body)
            return QueryError(f"{url}: the server rejected the query" + (f": {message}" if message else ""))
        return self._status_error(url, url, status, str(reason or ""), body, what)

    def _status_error(self, url: str, shown: str, status: int, reason: str, body, what: str) -> RemoteError:
        """A :class:`RemoteError` for an error answer from ``url``, naming it as ``shown``."""
        return status_error(shown, status, reason, body, what=what,
                            auth_hint=credential_hint(url, self.credentials(url)))

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SELECT or ASK query; return :class:`kg.store.sparql_results.RemoteSolutions`
        (iterated like pyoxigraph's QuerySolutions) or a bool. ``substitutions`` are not supported
        remotely (bind values into the text with :func:`kg.services.query.bind`)."""
        if substitutions:
            raise QueryError("a remote query takes its values in its text (kg.services.query.bind), not as substitutions")
        wrapper = self._wrapper(self.query_url)
        wrapper.setQuery(sparql)
        if wrapper.queryType not in ("SELECT", "ASK"):
            raise QueryError(f"{self.query_url}: only SELECT and ASK queries are run remotely "
                             f"(this one is {wrapper.queryType})")
        if self.union_param:
            wrapper.addParameter(*self.union_param)
        if self.server_timeout:
            wrapper.addParameter(self.server_timeout_param, str(self.server_timeout))
        return parse_results(self._send(wrapper, self.query_url, "query"), self.query_url)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (one request; a server applies it as one transaction)."""
        wrapper = self._wrapper(self.update_url)
        wrapper.setQuery(sparql)
        if not wrapper.isSparqlUpdateRequest():
            raise QueryError(f"not a SPARQL Update: {one_line(sparql, 80)!r}")
        self._send(wrapper, self.update_url, "update")

    def ping(self) -> None:
        """Check the endpoint answers a query (``ASK {}``); raises :class:`RemoteError` if not."""
        try:
            self.query("ASK {}")
        except QueryError as exc:  # a server that rejects even ASK {} is not a SPARQL endpoint
            raise RemoteError(str(exc), kind="rejected") from exc

    # -- reading -----------------------------------------------------------------------------
    def quads_for_pattern(self, subject=None, predicate=None, object=None,
                          graph: NamedNode | None = None) -> Iterator[Quad]:
        """The quads in named graphs that match (None: anything), read with one SELECT."""
        given = (subject, predicate, object, graph)
        s, p, o, g = (f"?{name}" if term is None else str(term) for name, term in zip(_PATTERN_NAMES, given))
        rows = self.query(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}")
        return iter([Quad(*(term if term is not None else row[name] for name, term in zip(_PATTERN_NAMES, given)))
                     for row in rows])

    def graphs(self) -> list[NamedNode]:
        """The named graphs that hold at least one triple, sorted."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted((r[0] for r in rows if isinstance(r[0], NamedNode)), key=str)

    def __len__(self) -> int:
        """The number of quads in named graphs."""
        for row in self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"):
            return int(row[0].value)
        return 0

    # -- writing: the Graph Store Protocol where the server has it -------------------------------
    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> int:
        """Replace ``graph`` on the server with ``quads`` (all of which must be in ``graph``) in one
        request: a Graph Store Protocol ``PUT``, else SPARQL Update; return the number of distinct
        quads sent."""
        unique = sparql_update.distinct_in_graph(graph, quads)
        body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in unique)
        if self._gsp and self._put_graph(graph, body):
            return len(unique)
        return super().replace_graph(graph, unique)

    def _put_graph(self, graph: NamedNode, body: str) -> bool:
        """GSP PUT; False when the server turns out to have no Graph Store Protocol there."""
        url = self.graph_store_url
        headers = {"Content-Type": "application/n-triples; charset=utf-8"}
        credentials = self.credentials(url)
        if credentials:
            headers["Authorization"] = credentials.header()
        try:
            response = self._session.put(url, params={"graph": graph.value}, data=body.encode("utf-8"),
                                         headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise connection_error(url, exc, self.timeout) from None
        if response.status_code in NO_GSP:
            self._gsp = False  # every later graph goes through SPARQL Update at once
            return False
        if response.status_code >= 400:
            raise self._status_error(url, f"{url} (PUT graph {graph.value})", response.status_code,
                                     response.reason, response.content, "upload")
        return True

    def remove_graph(self, graph: NamedNode) -> None:
        """Remove ``graph`` (no error if it is not there): SPARQL Update, else the Graph Store Protocol."""
        try:
            super().remove_graph(graph)
        except RemoteError as exc:
            if exc.status not in NO_GSP or not self._gsp:
                raise
            self._delete_graph(graph)  # no SPARQL Update service there: the Graph Store Protocol

    def _delete_graph(self, graph: NamedNode) -> None:
        url = self.graph_store_url
        credentials = self.credentials(url)
        headers = {"Authorization": credentials.header()} if credentials else {}
        try:
            response = self._session.delete(url, params={"graph": graph.value}, headers=headers,
                                            timeout=self.timeout)
        except requests.RequestException as exc:
            raise connection_error(url, exc, self.timeout) from None
        if response.status_code >= 400 and response.status_code != 404:  # 404: already absent
            raise self._status_error(url, f"{url} (DELETE graph {graph.value})", response.status_code,
                                     response.reason, response.content, "deletion")
