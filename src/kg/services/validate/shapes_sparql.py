"""SPARQL inside a user's shapes (``--shapes``) must not reach other servers.

SHACL-SPARQL and SHACL-AF put queries in a shapes graph (``sh:select``, ``sh:ask``,
``sh:construct``) that the validator runs over the data. A ``SERVICE`` clause in one makes it send
a request elsewhere: measured with pyshacl 0.40 over rdflib 7.6, a SPARQL target's ``sh:select``
with ``SERVICE <http://127.0.0.1:PORT/>`` opened a connection there (its own SERVICE check covers
constraints only, and by a regular expression); pyshacl-turbo refuses SERVICE in constraints and
fails in targets. So kg refuses such shapes before validation, whatever the engine, by reading
each query twice:

* as the SPARQL grammar and Oxigraph tokenise it (a ``#`` comment ends at a line feed *or* a
  carriage return), looking for the keyword outside strings, IRIs and comments;
* as rdflib parses it (what pyshacl runs), looking for a SERVICE pattern in the parse tree.

Either finding it refuses the file. The prefixes pyshacl writes in front of each query
(``PREFIX p: <ns>`` from ``sh:declare``) are checked too: a prefix or namespace that is not one
could carry query text of its own.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph
import rdflib
from rdflib.namespace import SH

from kg.errors import InputError, one_line

QUERY_PROPERTIES = (SH.select, SH.ask, SH.construct)

# One SPARQL token at a time (SPARQL 1.1 section 19.8, with its comment rule: to the end of the
# line, marked by CR or LF): long strings, strings, IRIs, comments, variables, prefixed names,
# words; anything else is one character.
_TOKEN = re.compile(r'''
    (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d]\w*(?:[.-]\w+)*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_PREFIX = re.compile(r"(?:[^\W\d_](?:[\w.-]*\w)?)?")  # PN_PREFIX, or the empty prefix


def keywords(query: str) -> Iterator[str]:
    """The words of ``query`` outside strings, IRIs, comments, variables and prefixed names, in
    capitals."""
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word":
            yield m.group().upper()


def _rdflib_service(query: str) -> bool:
    """Whether rdflib's parse of ``query`` holds a SERVICE pattern; a SyntaxError (carrying
    rdflib's complaint) when it does not parse."""
    from pyparsing import ParseBaseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(query)
    except ParseBaseException as exc:
        raise SyntaxError(one_line(exc)) from None
    stack = [tree]
    while stack:  # walked without recursion: a deeply nested query must not overflow the stack
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def refuse_remote_sparql(shapes: rdflib.Graph, source: str) -> None:
    """InputError naming ``source`` when a query in ``shapes`` holds SERVICE (or cannot be read),
    or a declared prefix or namespace would change the text of the queries it is put before."""
    for declaration in sorted(set(shapes.subjects(SH.prefix, None)) | set(shapes.subjects(SH.namespace, None))):
        for prefix in shapes.objects(declaration, SH.prefix):
            if not _PREFIX.fullmatch(str(prefix)):
                raise InputError(source, f"sh:prefix {one_line(repr(str(prefix))[:80])} is not a SPARQL prefix name")
        for namespace in shapes.objects(declaration, SH.namespace):
            try:
                pyoxigraph.NamedNode(str(namespace))
            except ValueError:
                raise InputError(source, f"sh:namespace {one_line(repr(str(namespace))[:80])} is not an IRI") from None
    for prop in QUERY_PROPERTIES:
        for query in sorted(str(q) for q in shapes.objects(None, prop)):
            shown = f"sh:{prop.rsplit('#', 1)[-1]}"
            if "SERVICE" in keywords(query):
                raise InputError(source, f"a query in {shown} uses SERVICE, which would make the validator "
                                         "send requests to another server: kg does not run such shapes")
            try:
                remote = _rdflib_service(query)
            except (SyntaxError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else one_line(exc)
                raise InputError(source, f"a query in {shown} is not SPARQL kg can read ({reason})") from None
            if remote:
                raise InputError(source, f"a query in {shown} uses SERVICE, which would make the validator "
                                         "send requests to another server: kg does not run such shapes")
