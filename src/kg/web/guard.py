"""What ``kg serve`` refuses before a request reaches Oxigraph.

Oxigraph's server follows ``SERVICE <url>`` clauses (federated queries) by sending HTTP requests
to ``url``, and ``LOAD <url>`` fetches a URL, with no switch to turn either off: a query sent to a
served store could make the server reach any address it can reach. So every query and update is
checked here first:

1. ``\\uXXXX`` escapes are expanded (SPARQL processes them before parsing; rdflib does).
2. The text is parsed with rdflib's SPARQL parser (:func:`rdflib.plugins.sparql.parser.parseQuery`
   / ``parseUpdate``) and translated to its algebra (``translateQuery`` / ``translateUpdate``),
   which is walked for ``ServiceGraphPattern`` (anywhere: in sub-selects, ``OPTIONAL``,
   ``FILTER EXISTS``, an update's ``WHERE``) and ``Load``.
3. The text is also scanned for the keywords themselves, outside comments, strings, IRIs and
   prefixed names: a bare ``SERVICE`` is refused even where rdflib's parse shows none (should the
   two parsers ever read a text differently), and in what rdflib cannot parse, ``SERVICE`` or an
   update keyword as the operation is refused (kg could not make sure it is harmless); anything
   else is passed on, so that Oxigraph's own syntax error comes back.

Queries larger than :data:`PARSE_LIMIT` characters, and updates larger than
:data:`UPDATE_PARSE_LIMIT`, are only scanned (rdflib parses about 1 MB a second); the scan alone
finds every ``SERVICE`` and ``LOAD``, since each needs its keyword.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

PARSE_LIMIT = 2_000_000  # characters: above this only the keyword scan runs
UPDATE_PARSE_LIMIT = 200_000  # an update's text is parsed (besides the scan) up to this size

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_rdflib_lock = threading.Lock()  # pyparsing keeps state between calls: one parse at a time


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the HTTP status and a one-paragraph message for the client."""

    status: int
    message: str


def service_refusal() -> Refusal:
    return Refusal(403, "kg serve refuses this request: it has a SERVICE clause (a federated query). Following "
                        "it would make this server send requests to another address, so SERVICE is refused "
                        "unless kg serve was started with --allow-service.")


def load_refusal() -> Refusal:
    return Refusal(403, "kg serve refuses this request: LOAD makes the server fetch a URL, so it is refused "
                        "unless kg serve was started with --allow-service (and --allow-updates).")


def update_on_query_refusal(allow_updates: bool, load: bool = False) -> Refusal:
    what = "a SPARQL Update (LOAD)" if load else "a SPARQL Update"
    where = ("send updates to /update" if allow_updates else
             "this server is read-only: updates go to /update, which kg serve accepts only when started "
             "with --allow-updates")
    return Refusal(403, f"kg serve refuses this request: it is {what}, not a query. The query endpoint "
                        f"accepts SELECT, ASK, CONSTRUCT and DESCRIBE only; {where}.")


def read_only_refusal() -> Refusal:
    return Refusal(403, "The server is read-only: kg serve accepts SPARQL Update (/update) and Graph Store "
                        "writes (/store) only when started with --allow-updates.")


# -- the checks --------------------------------------------------------------------------------------
def check_query(text: str, *, allow_service: bool = False, allow_updates: bool = False) -> Refusal | None:
    """None if ``text`` may be sent to Oxigraph's query endpoint; else why not."""
    text = expand_escapes(text)
    keywords, first = scan_keywords(text)
    parsed = _parse(text, "query") if len(text) <= PARSE_LIMIT else None
    if parsed is not None:
        # either finding is enough: the algebra, or the bare keyword (should the two parsers,
        # rdflib's and Oxigraph's, ever read a text differently)
        if not allow_service and ("ServiceGraphPattern" in parsed or "SERVICE" in keywords):
            return service_refusal()
        return None
    update = _parse(text, "update") if len(text) <= PARSE_LIMIT else None
    if update is not None:
        return update_on_query_refusal(allow_updates, load="Load" in update)
    if first in UPDATE_KEYWORDS:
        return update_on_query_refusal(allow_updates, load=first == "LOAD")
    if not allow_service and "SERVICE" in keywords:
        return service_refusal()
    return None  # Oxigraph will say what is wrong with it


def check_update(text: str, *, allow_service: bool = False) -> Refusal | None:
    """None if ``text`` may be sent to Oxigraph's update endpoint (on a server with updates)."""
    if allow_service:
        return None
    text = expand_escapes(text)
    keywords, _first = scan_keywords(text)
    if "SERVICE" in keywords:
        return service_refusal()
    if "LOAD" in keywords:
        return load_refusal()
    # the parser as well, where it is quick (a large INSERT DATA would take it seconds)
    names = _parse(text, "update") if len(text) <= UPDATE_PARSE_LIMIT else None
    if names and "ServiceGraphPattern" in names:
        return service_refusal()
    if names and "Load" in names:
        return load_refusal()
    return None


def _parse(text: str, kind: str) -> set[str] | None:
    """The names of every node of rdflib's algebra for ``text`` (its parse tree where the
    algebra cannot be made, e.g. an undeclared prefix); None if rdflib cannot parse it."""
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _rdflib_lock:
        try:
            tree = parseQuery(text) if kind == "query" else parseUpdate(text)
        except Exception:  # noqa: BLE001 - pyparsing's ParseException, RecursionError, ...
            return None
        names: set[str] = set()
        try:
            algebra = translateQuery(tree).algebra if kind == "query" else translateUpdate(tree).algebra
            _names(algebra, names)
        except Exception:  # noqa: BLE001 - rdflib refuses to translate some valid parses
            names = set()
        try:
            _names(tree, names)  # the parse tree too: what the algebra's translation might drop
        except RecursionError:
            return None
    return names


def _names(node, out: set[str]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        if isinstance(item, CompValue):
            seen.add(id(item))
            out.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, dict):
            seen.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            seen.add(id(item))
            stack.extend(item)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_escapes(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters (SPARQL 1.1, 19.2)."""
    def replace(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _ESCAPE.sub(replace, text)


_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_NAME = re.compile(r"[^\W\d]\w*")
_LOCAL = re.compile(r"(?:[\w\-.:]|%[0-9A-Fa-f]{2}|\\.)*")  # a prefixed name's local part (PN_LOCAL, loosely)
_LONG_QUOTES = ('"""', "'" * 3)


def scan_keywords(text: str) -> tuple[set[str], str | None]:
    """The bare words of ``text`` (upper-cased) outside comments, strings, IRIs, variables,
    prefixed names, blank node labels and language tags, and the first one that is not PREFIX or
    BASE (the operation: SELECT, INSERT, LOAD …)."""
    words: set[str] = set()
    first = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in _LONG_QUOTES else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<":
            m = _IRI.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$@":  # a variable or a language tag: its name is no keyword
            m = _NAME.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c == ":":  # a prefixed name with the empty prefix
            i = _LOCAL.match(text, i + 1).end()
        else:
            m = _NAME.match(text, i)
            if not m:
                i += 1
                continue
            if m.end() < n and text[m.end()] == ":":  # a prefixed name (or a blank node label _:b)
                i = _LOCAL.match(text, m.end() + 1).end()
                continue
            word = m.group(0).upper()
            words.add(word)
            if first is None and word not in ("PREFIX", "BASE"):
                first = word
            i = m.end()
    return words, first
