"""A kg store behind any SPARQL 1.1 endpoint: queries, pushes and the methods build uses.

kg speaks only the standard protocols, so the same client works with Oxigraph's server (what
``kg serve`` runs), Apache Jena Fuseki, GraphDB, Virtuoso or QLever:

- **queries** go through SPARQLWrapper (SPARQL 1.1 Protocol, results as SPARQL JSON), with the
  same text the local store runs (parameters are bound by :func:`kg.services.query.bind`), and come back
  as pyoxigraph terms, so :func:`kg.services.query.run_query` and :func:`kg.services.results.write_results` work
  unchanged;
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

Credentials are never taken from arguments (they would show in ``ps`` and shell histories):
``KG_ENDPOINT_TOKEN`` (sent as ``Authorization: Bearer …``), else ``KG_ENDPOINT_USER`` and
``KG_ENDPOINT_PASSWORD`` (HTTP basic), else the netrc entry for the URL's host (``$NETRC`` or
``~/.netrc``). Every failure raises :class:`RemoteError` (a :class:`kg.errors.StoreError`) or,
for a query the server rejects, :class:`kg.errors.QueryError`, with a one-line message that
names the URL.
"""
from __future__ import annotations

import ast
import base64
import html
import http.client
import json
import netrc
import os
import re
import socket
import time
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple, Variable
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions

from kg import __version__
from kg.store import sparql_update
from kg.errors import QueryError, StoreError, UsageError
from kg.mapping.namespaces import KG
from kg.services.query import NamedQuery, QueryResult, run_query

TOKEN_ENV = "KG_ENDPOINT_TOKEN"
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
NETRC_ENV = "NETRC"

DEFAULT_TIMEOUT = 60.0
#: Oxigraph's per-request switch that makes the default graph the union of all graphs.
OXIGRAPH_UNION = ("union-default-graph", "true")
#: Status codes by which a Graph Store Protocol URL says it does not exist or does not do PUT.
NO_GSP = frozenset({404, 405, 415, 501})
USER_AGENT = f"kg/{__version__}"
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


# -- credentials -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Credentials:
    """What is sent in the ``Authorization`` header, and where it was found."""

    scheme: str  # "basic" or "bearer"
    source: str
    user: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    def header(self) -> str:
        if self.scheme == "bearer":
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.password}".encode("utf-8")
        return "Basic " + base64.b64encode(pair).decode("ascii")


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials to send to ``url``: from the environment, else from netrc, else None.

    ``KG_ENDPOINT_TOKEN`` wins over ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD``; netrc is looked
    up by the URL's host name (``$NETRC``, else ``~/.netrc``; a missing file is no error)."""
    env = os.environ if environ is None else environ
    if env.get(TOKEN_ENV):
        return Credentials("bearer", TOKEN_ENV, token=env[TOKEN_ENV])
    if env.get(USER_ENV):
        if PASSWORD_ENV not in env:
            raise RemoteError(f"{USER_ENV} is set but {PASSWORD_ENV} is not: set both for HTTP basic "
                              f"authentication", kind="auth")
        return Credentials("basic", f"{USER_ENV}/{PASSWORD_ENV}", user=env[USER_ENV],
                           password=env[PASSWORD_ENV])
    host = urlsplit(url).hostname
    path = Path(env[NETRC_ENV]).expanduser() if env.get(NETRC_ENV) else Path("~/.netrc").expanduser()
    if not host or not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise RemoteError(f"{path}: cannot read the netrc file: {exc}", kind="auth") from exc
    if entry is None:
        return None
    login, _account, password = entry
    return Credentials("basic", f"netrc ({path}, machine {host})", user=login or "", password=password or "")


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


# -- results -----------------------------------------------------------------------------------
class RemoteSolution:
    """One row of a SELECT result: ``solution["name"]``, ``solution[Variable("name")]`` or
    ``solution[0]`` give the term (None when unbound), like pyoxigraph's QuerySolution."""

    __slots__ = ("_names", "_terms")

    def __init__(self, names: list[str], terms: list):
        self._names = names
        self._terms = terms

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._terms[key]
        name = key.value if isinstance(key, Variable) else str(key)
        try:
            return self._terms[self._names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return "<RemoteSolution " + " ".join(f"{n}={t}" for n, t in zip(self._names, self._terms)) + ">"


class RemoteSolutions:
    """The solutions of a SELECT query: ``variables`` (pyoxigraph Variables) and the rows, like
    pyoxigraph's QuerySolutions (but they can be iterated more than once)."""

    def __init__(self, names: list[str], rows: list[list]):
        self.variables = [Variable(n) for n in names]
        self._names = names
        self._rows = rows

    def __iter__(self) -> Iterator[RemoteSolution]:
        return (RemoteSolution(self._names, r) for r in self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def parse_term(value: dict, bnodes: dict[str, BlankNode]):
    """A pyoxigraph term from one SPARQL 1.1 JSON results binding.

    Accepts ``typed-literal`` (what older Virtuoso versions write) and RDF-star ``triple``
    terms; a blank-node label that is not a valid N-Triples label is mapped to a fresh blank
    node, the same one for the same label within one result."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return NamedNode(text)
    if kind in ("literal", "typed-literal"):
        if value.get("xml:lang"):
            return Literal(text, language=value["xml:lang"])
        if value.get("datatype"):
            return Literal(text, datatype=NamedNode(value["datatype"]))
        return Literal(text)
    if kind == "bnode":
        if text not in bnodes:
            try:
                bnodes[text] = BlankNode(text)
            except ValueError:
                bnodes[text] = BlankNode()
        return bnodes[text]
    if kind == "triple":
        inner = value["value"]
        return Triple(parse_term(inner["subject"], bnodes), parse_term(inner["predicate"], bnodes),
                      parse_term(inner["object"], bnodes))
    raise ValueError(f"unknown term type {kind!r}")


def parse_results(data: bytes, url: str = "the endpoint") -> RemoteSolutions | bool:
    """SPARQL 1.1 Query Results JSON (a SELECT's solutions, or an ASK's boolean)."""
    try:
        document = json.loads(data.decode("utf-8"))
        if "boolean" in document:
            return bool(document["boolean"])
        names = list(document["head"].get("vars", []))
        bnodes: dict[str, BlankNode] = {}
        rows = []
        for binding in document["results"]["bindings"]:
            rows.append([parse_term(binding[n], bnodes) if n in binding else None for n in names])
        return RemoteSolutions(names, rows)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        start = " ".join(data[:120].decode("utf-8", "replace").split())
        raise RemoteError(f"{url}: the answer is not SPARQL JSON results ({exc}): {start!r}",
                          kind="rejected") from exc


# -- error messages ----------------------------------------------------------------------------
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


def _credential_hint(url: str, credentials: Credentials | None) -> str:
    host = urlsplit(url).hostname or "the host"
    sent = (f"sent credentials from {credentials.source}" if credentials else "no credentials were sent")
    return (f"{sent}; kg reads them only from {TOKEN_ENV} (bearer), {USER_ENV}/{PASSWORD_ENV} "
            f"(basic) or a netrc entry for {host} (${NETRC_ENV} or ~/.netrc)")


def status_error(url: str, status: int, reason: str, body, *, what: str = "request",
                 credentials: Credentials | None = None) -> RemoteError:
    """The :class:`RemoteError` for an HTTP error answer."""
    message = one_line(body)
    head = f"{url}: {status} {reason or http.client.responses.get(status, '')}".rstrip()
    if status in (401, 403):
        detail = f" ({message})" if message else ""
        return RemoteError(f"{head}{detail}: access refused; {_credential_hint(url, credentials)}",
                           kind="auth", status=status)
    if status == 404:
        return RemoteError(f"{head}: no such SPARQL endpoint or dataset at this URL"
                           + (f" ({message})" if message else ""), kind="not-found", status=status)
    if status >= 500 or status == 429:
        return RemoteError(f"{head}: the server failed the {what}" + (f": {message}" if message else ""),
                           kind="server", status=status)
    return RemoteError(f"{head}: the server rejected the {what}" + (f": {message}" if message else ""),
                       kind="rejected", status=status)


def _connection_error(url: str, exc: BaseException, timeout: float) -> RemoteError:
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


# -- the store ---------------------------------------------------------------------------------
class RemoteStore:
    """A kg store on a SPARQL 1.1 server, with the methods :class:`kg.store.local.Store` offers to
    build, align and query: ``graph_hash``, ``graph_fingerprint``, ``replace_graph``,
    ``write_graphs``, ``remove_graph``, ``graphs``, ``graph_quads``, ``replace_subjects``,
    ``delete_quads``, ``referenced_outside``, ``query``, ``flush``, ``close``.

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

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections kept open."""
        self._session.close()

    def flush(self) -> None:
        """Nothing to do: every write is one request the server has answered."""

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
            raise _connection_error(url, exc, self.timeout) from None

    def _error(self, url: str, status: int, reason, body, what: str) -> Exception:
        if status == 400 and what == "query":
            message = one_line(body)
            return QueryError(f"{url}: the server rejected the query" + (f": {message}" if message else ""))
        return status_error(url, status, str(reason or ""), body, what=what, credentials=self.credentials(url))

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SELECT or ASK query; return :class:`RemoteSolutions` (iterated like pyoxigraph's
        QuerySolutions) or a bool. ``substitutions`` are not supported remotely (bind values into
        the text with :func:`kg.services.query.bind`)."""
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

    # -- documents ---------------------------------------------------------------------------
    def graph_hash(self, graph: NamedNode) -> str | None:
        """The content hash recorded with ``graph``, or None if the graph is not stored."""
        return self._graph_note(graph, KG.contentHash)

    def graph_fingerprint(self, graph: NamedNode) -> str | None:
        """What the graph was extracted with (kg version, pipeline, knowledge-base files)."""
        return self._graph_note(graph, KG.extractedWith)

    def _graph_note(self, graph: NamedNode, predicate: NamedNode) -> str | None:
        rows = self.query(f"SELECT ?v WHERE {{ GRAPH {graph} {{ {graph} {predicate} ?v }} }} LIMIT 1")
        for row in rows:
            return row[0].value if row[0] is not None else None
        return None

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> int:
        """Replace ``graph`` on the server with ``quads`` (all of which must be in ``graph``) in one
        request; return the number of distinct quads sent."""
        unique = sparql_update.distinct_in_graph(graph, quads)
        body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in unique)
        if self._gsp and self._put_graph(graph, body):
            return len(unique)
        self.update(sparql_update.replace_graph(graph, unique))
        return len(unique)

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
            raise _connection_error(url, exc, self.timeout) from None
        if response.status_code in NO_GSP:
            self._gsp = False  # every later graph goes through SPARQL Update at once
            return False
        if response.status_code >= 400:
            raise status_error(f"{url} (PUT graph {graph.value})", response.status_code, response.reason,
                               response.content, what="upload", credentials=credentials)
        return True

    def write_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> int:
        """Replace each of ``graphs`` (one request each); return the number of quads written.
        Unlike the local store, a batch is not one transaction: each graph is whole on its own."""
        return sum(self.replace_graph(graph, quads) for graph, quads in graphs)

    def remove_graph(self, graph: NamedNode) -> None:
        """Remove ``graph`` (no error if it is not there)."""
        try:
            self.update(f"DROP SILENT GRAPH {graph}")
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
            raise _connection_error(url, exc, self.timeout) from None
        if response.status_code >= 400 and response.status_code != 404:  # 404: already absent
            raise status_error(f"{url} (DELETE graph {graph.value})", response.status_code, response.reason,
                               response.content, what="deletion", credentials=credentials)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        """The quads of one named graph."""
        rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return [Quad(s, p, o, graph) for s, p, o in rows]

    def replace_subjects(self, graph: NamedNode, subjects: Iterable[NamedNode], quads: Iterable[Quad]) -> None:
        """In ``graph``, replace everything said of ``subjects`` with ``quads`` (one update request)."""
        unique = sparql_update.distinct_in_graph(graph, quads)
        if subjects or unique:
            self.update(sparql_update.replace_subjects(graph, subjects, unique))

    def delete_quads(self, quads: Iterable[Quad]) -> None:
        """Remove ``quads`` (one update request)."""
        update = sparql_update.delete_data(quads)
        if update:
            self.update(update)

    def referenced_outside(self, node: NamedNode, graph: NamedNode) -> bool:
        """Whether any graph other than ``graph`` uses ``node`` as an object."""
        return self.query(f"ASK {{ GRAPH ?g {{ ?s ?p {node} }} FILTER (?g != {graph}) }}") is True

    def graphs(self) -> list[NamedNode]:
        """The named graphs that hold at least one triple, sorted."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted((r[0] for r in rows if isinstance(r[0], NamedNode)), key=str)

    def __len__(self) -> int:
        """The number of quads in named graphs."""
        for row in self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"):
            return int(row[0].value)
        return 0


def remote_query(remote: RemoteStore, query: NamedQuery, values: dict[str, str] | None = None) -> QueryResult:
    """Run a bundled or custom query on ``remote``: the same text, parameters and columns as
    :func:`kg.services.query.run_query` on a local store."""
    return run_query(remote, query, values)


# -- push --------------------------------------------------------------------------------------
def local_graph_quads(store, graph: NamedNode) -> list[Quad]:
    """Every quad of ``graph`` in a local :class:`kg.store.local.Store`."""
    if hasattr(store, "graph_quads"):
        return list(store.graph_quads(graph))
    # a Store without the public per-graph reader: read its pyoxigraph store directly (read-only)
    return list(store._store.quads_for_pattern(None, None, None, graph))


@dataclass
class PushSummary:
    """What ``push`` did: the graphs and quads sent, and the graphs that failed (with why)."""

    url: str
    graphs: int = 0
    quads: int = 0
    failed: list[tuple[NamedNode, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.graphs} graph{'s' if self.graphs != 1 else ''} ({self.quads} quads) -> {self.url}, "
                f"{len(self.failed)} failed")

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def push(store, remote: RemoteStore, *, tries: int = 3, backoff: float = 1.0,
         progress: Callable[[str, NamedNode, str], None] | None = None) -> PushSummary:
    """Upload every named graph of the local ``store`` to ``remote``, replacing what the server
    holds under the same names (so pushing twice changes nothing). Graphs only on the server are
    left alone.

    A graph whose upload fails for a reason that may pass (no connection, timeout, 5xx) is tried
    up to ``tries`` times, waiting ``backoff``, then twice that, … seconds in between; one that
    still fails, or that the server rejects, is counted in ``failed`` and the others go on.
    Raises :class:`RemoteError` at once if the server cannot be reached at all or refuses the
    credentials (nothing else could succeed). ``progress(event, graph, detail)`` is called with
    ``"pushed"`` (detail: quad count), ``"retry"`` and ``"failed"`` (detail: the reason)."""
    remote.ping()
    summary = PushSummary(remote.query_url)
    for graph in store.graphs():
        quads = local_graph_quads(store, graph)
        for attempt in range(1, max(1, tries) + 1):
            try:
                count = remote.replace_graph(graph, quads)
            except RemoteError as exc:
                if exc.kind == "auth":
                    raise
                if exc.transient and attempt < tries:
                    if progress:
                        progress("retry", graph, f"{exc} (try {attempt + 1} of {tries})")
                    time.sleep(backoff * 2 ** (attempt - 1))
                    continue
                if exc.kind == "unreachable":
                    raise  # the server is gone: every other graph would fail the same way
                summary.failed.append((graph, str(exc)))
                if progress:
                    progress("failed", graph, str(exc))
            else:
                summary.graphs += 1
                summary.quads += count
                if progress:
                    progress("pushed", graph, str(count))
            break
    return summary
