"""What ``kg serve`` refuses before a query or update reaches Oxigraph, and the text it sends on.

Oxigraph's server follows ``SERVICE <url>`` clauses (federated queries) by sending HTTP requests
to ``url``, and ``LOAD <url>`` fetches a URL, with no switch to turn either off; a deeply nested
query overflows its stack and ends the process. So every query and update is read here first, the
way Oxigraph reads it:

1. The text is split into tokens by Oxigraph's own lexical rules (:mod:`kg.web.sparql_lexer`:
   comments end at CR *or* LF, whitespace is space/tab/CR/LF, no escape processing outside strings
   and IRIs). What cannot be split is refused (400): Oxigraph would refuse it too.
2. Nesting is measured on the tokens (:func:`nesting`): brackets inside brackets, and the chains
   Oxigraph turns into nested trees (groups, OPTIONAL, MINUS, UNION, BIND, binary operators, path
   steps). Past :data:`MAX_DEPTH` the request is refused (400) before Oxigraph could overflow.
3. ``SERVICE`` (and in updates ``LOAD``) is refused unless allowed, wherever Oxigraph could read
   the keyword: Oxigraph matches keywords without a word boundary (``SERVICEex:a``, ``trueSERVICE``,
   ``SERVICE:a`` are all a SERVICE clause to it), so a bare word that *contains* the keyword, or a
   prefixed name whose prefix does, is refused too (:func:`could_spell`).
4. What is sent on is the text rebuilt from those tokens (:func:`kg.web.sparql_lexer.emit`):
   without comments, so no difference between two readers of comments can hide anything, and with
   IRIs written so that their inside cannot open a string or a comment should Oxigraph read ``<`` as
   less-than.
5. As a second opinion, rdflib's parser reads the text sent on (up to :data:`PARSE_LIMIT`
   characters) and its algebra is searched for ``ServiceGraphPattern`` and ``Load``, and it tells a
   query from an update for the messages.

``tests/test_guard.py`` holds the guard against pyoxigraph (the same parser as the server): every
control and line-break character, glued and hidden keywords, and generated queries whose SERVICE a
local listener would see.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from kg.web.sparql_lexer import (BNODE, IRI, LANGTAG, PNAME, PUNCT, STRING, VAR, WORD, LexError, Token, emit,
                                 lex, significant)

PARSE_LIMIT = 256_000  # characters: rdflib's second reading (about 1 MB/s) only up to this size
DEFAULT_MAX_DEPTH = 1000  # see nesting(): far above real queries, far below Oxigraph's stack


def max_depth() -> int:
    """The nesting limit: ``KG_MAX_QUERY_DEPTH`` if set, else :data:`DEFAULT_MAX_DEPTH`."""
    raw = os.environ.get("KG_MAX_QUERY_DEPTH", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_DEPTH


UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_rdflib_lock = threading.Lock()  # pyparsing keeps state between calls: one parse at a time


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the HTTP status and a one-paragraph message for the client."""

    status: int
    message: str


@dataclass(frozen=True)
class Verdict:
    """The guard's answer: a refusal, or the text to send to Oxigraph."""

    refusal: Refusal | None
    text: str = ""


def service_refusal() -> Refusal:
    return Refusal(403, "kg serve refuses this request: it has a SERVICE clause (a federated query). Following "
                        "it would make this server send requests to another address, so SERVICE is refused "
                        "unless kg serve was started with --allow-service. (A bare word or a prefix that "
                        "contains SERVICE counts: the SPARQL server would read the keyword in it.)")


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


def unreadable_refusal(what: str, exc: LexError) -> Refusal:
    return Refusal(400, f"kg serve cannot read this {what}: {exc}")


def too_deep_refusal(what: str, depth: int, limit: int) -> Refusal:
    return Refusal(400, f"kg serve refuses this {what}: it nests {depth:,} levels deep (brackets, and chains "
                        f"of groups, OPTIONAL, UNION, BIND or operators count as levels); the limit is "
                        f"{limit:,}, since deeper requests can crash the SPARQL server. Flatten it (VALUES "
                        f"instead of long UNION chains), or raise KG_MAX_QUERY_DEPTH for kg serve.")


# -- the checks --------------------------------------------------------------------------------------
def check_query(text: str, *, allow_service: bool = False, allow_updates: bool = False,
                depth_limit: int | None = None) -> Verdict:
    """Whether ``text`` may go to Oxigraph's query endpoint, and the text to send."""
    read = _read(text, "query", depth_limit)
    if isinstance(read, Verdict):
        return read
    tokens, words = read
    operation = _operation(words)
    if operation in UPDATE_KEYWORDS:  # Oxigraph's query parser knows no LOAD: only the operation matters
        return Verdict(update_on_query_refusal(allow_updates, load=operation == "LOAD"))
    if not allow_service and any(could_spell(t, "SERVICE") for t in words):
        return Verdict(service_refusal())
    forwarded = emit(tokens)
    if len(forwarded) <= PARSE_LIMIT:
        parsed = _parse(forwarded, "query")
        if parsed is None:
            update = _parse(forwarded, "update")
            if update is not None:
                return Verdict(update_on_query_refusal(allow_updates, load="Load" in update))
        elif not allow_service and "ServiceGraphPattern" in parsed:
            return Verdict(service_refusal())
    return Verdict(None, forwarded)  # if it does not parse, Oxigraph will say what is wrong with it


def check_update(text: str, *, allow_service: bool = False, depth_limit: int | None = None) -> Verdict:
    """Whether ``text`` may go to Oxigraph's update endpoint (on a server with updates)."""
    read = _read(text, "update", depth_limit)
    if isinstance(read, Verdict):
        return read
    tokens, words = read
    if not allow_service:
        if any(could_spell(t, "SERVICE") for t in words):
            return Verdict(service_refusal())
        if any(could_spell(t, "LOAD") for t in words):
            return Verdict(load_refusal())
    forwarded = emit(tokens)
    if not allow_service and len(forwarded) <= PARSE_LIMIT:  # a large INSERT DATA would take rdflib seconds
        names = _parse(forwarded, "update")
        if names and "ServiceGraphPattern" in names:
            return Verdict(service_refusal())
        if names and "Load" in names:
            return Verdict(load_refusal())
    return Verdict(None, forwarded)


def _read(text: str, what: str, depth_limit: int | None) -> tuple[list[Token], list[Token]] | Verdict:
    """The tokens of ``text`` and its significant ones; a refusal when it cannot be split into
    tokens or nests past the limit."""
    try:
        tokens = lex(text)
    except LexError as exc:
        return Verdict(unreadable_refusal(what, exc))
    words = significant(tokens)
    limit = depth_limit or max_depth()
    depth = nesting(words)
    if depth > limit:
        return Verdict(too_deep_refusal(what, depth, limit))
    return tokens, words


def could_spell(token: Token, keyword: str) -> bool:
    """Whether Oxigraph could read ``keyword`` in ``token``. Its parser matches keywords by their
    letters alone, so a keyword can be glued to what comes before or after it: to a boolean
    (``trueSERVICE``), to a prefixed name (``SERVICEex:a``, ``SERVICE:a``) or to another keyword
    (``SERVICESILENT``). Strings, IRIs and variables are read whole and never hold a keyword; a
    prefixed name's local part is read whole after its colon (checked with the same parser)."""
    word = keyword.lower()
    text = token.text.lower()
    if token.kind in (WORD, LANGTAG, BNODE):
        return word in text
    if token.kind == PNAME:
        prefix, _, local = text.partition(":")
        return word in prefix or f".{word}" in local
    return False


def _operation(words: list[Token]) -> str | None:
    """The first bare word after the prologue (PREFIX and BASE declarations): SELECT, INSERT …"""
    skip = 0
    for token in words:
        if skip:
            skip -= 1
            continue
        if token.kind == WORD:
            upper = token.text.upper()
            if upper == "PREFIX":
                skip = 2  # the prefix and its IRI
                continue
            if upper == "BASE":
                skip = 1
                continue
            return upper
    return None


# -- nesting -------------------------------------------------------------------------------------------
_OPEN, _CLOSE = "{([", "})]"
# Words that add one more level to the tree of the group they are in: Oxigraph nests each of these
# around what came before it in the group (a join, a left join, a union, an extension …).
_CHAIN_WORDS = frozenset({"OPTIONAL", "MINUS", "UNION", "BIND", "SERVICE", "GRAPH", "VALUES", "SELECT",
                          "EXISTS", "NOT", "IN", "FILTER"})
# Operators that nest their left side in expressions and property paths
_CHAIN_PUNCT = frozenset({"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!", "|", "^"})


def nesting(words: list[Token]) -> int:
    """How deep the trees Oxigraph builds from these tokens could be: for every point of the text,
    the sum over the brackets open there of one plus the chain elements (sub-groups, the words of
    :data:`_CHAIN_WORDS`, the operators of :data:`_CHAIN_PUNCT`) seen so far inside each. The data
    of ``INSERT DATA``/``DELETE DATA`` is a flat list of quads and counts only its brackets.

    An upper bound, not Oxigraph's exact depth: it counts some flat lists too (many FILTERs in one
    group), which only matters for queries far larger than people write."""
    frames: list[list] = [[None, 0, False]]  # [bracket, chain elements, inside quad data]
    depth = current = 1
    previous = ""
    for token in words:
        text = token.text
        frame = frames[-1]
        if token.kind == PUNCT and text in _OPEN:
            in_data = frame[2] or (text == "{" and previous == "DATA")
            if text == "{" and frame[0] in (None, "{") and not in_data:
                frame[1] += 1
                current += 1
            frames.append([text, 0, in_data])
            current += 1
        elif token.kind == PUNCT and text in _CLOSE:
            if len(frames) > 1:
                closed = frames.pop()
                current -= 1 + closed[1]
        elif not frame[2] and ((token.kind == PUNCT and text in _CHAIN_PUNCT)
                               or (token.kind == WORD and text.upper() in _CHAIN_WORDS)):
            frame[1] += 1
            current += 1
        depth = max(depth, current)
        previous = text.upper() if token.kind == WORD else ""
    return depth


# -- rdflib's second opinion ---------------------------------------------------------------------------
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


# tokens the checks read; re-exported for tests and the report
__all__ = ["Refusal", "Verdict", "check_query", "check_update", "could_spell", "nesting", "max_depth",
           "IRI", "STRING", "VAR"]
