"""SPARQL text split into tokens by the lexical rules Oxigraph's parser applies.

:mod:`kg.web.guard` decides from these tokens what ``kg serve`` lets through to Oxigraph, so the
rules here are Oxigraph's (spargebra's), checked against pyoxigraph of the same version by
``tests/test_guard.py``:

- whitespace is exactly space, tab, CR and LF; a comment runs from ``#`` to the first CR or LF
  (not only LF, as in rdflib's parser: the difference was a bypass of the earlier guard);
- ``\\uXXXX`` escapes are *not* expanded before parsing: they are read inside strings and IRIs only;
- the SPARQL 1.1 terminals (IRIREF, strings, variables, prefixed names, blank node labels, language
  tags, numbers, punctuation and bare words).

One ambiguity is contextual and cannot be settled by a lexer: ``<`` opens an IRI or is the
less-than operator (Oxigraph reads ``FILTER(?a<?b&&?b>?c)`` as two comparisons). This lexer takes an
IRI wherever one matches; :func:`emit` then writes every IRI so that its inside, should Oxigraph read
it as operators, holds nothing that starts a string or a comment (``'`` and ``#`` are written as
``\\u0027``/``\\u0023``, which Oxigraph decodes inside an IRI to the same characters).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# the token kinds
WS, COMMENT, IRI, STRING, VAR, LANGTAG, BNODE, PNAME, NUMBER, WORD, PUNCT = (
    "ws", "comment", "iri", "string", "var", "langtag", "bnode", "pname", "number", "word", "punct")

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ESC = r"\\[tbnrf\"'\\]|" + _UCHAR
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_EXP = r"[eE][+-]?[0-9]+"

_TOKEN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    (WS, r"[ \t\r\n]+"),
    (COMMENT, r"\#[^\r\n]*"),
    (IRI, r"<(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>"),
    (STRING, r"'''(?:(?:'|'')?(?:[^'\\]|" + _ESC + r"))*'''"
             r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ESC + r'))*"""'
             r"|'(?:[^'\\\r\n]|" + _ESC + r")*'"
             r'|"(?:[^"\\\r\n]|' + _ESC + r')*"'),
    (VAR, f"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    (LANGTAG, r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    (BNODE, f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    (PNAME, f"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    (NUMBER, f"[0-9]+\\.[0-9]*{_EXP}|\\.[0-9]+{_EXP}|[0-9]+{_EXP}|[0-9]*\\.[0-9]+|[0-9]+"),
    (WORD, r"[A-Za-z_][A-Za-z0-9_]*"),
    (PUNCT, r"\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;*/|^!=<>+\-?]"),
)))


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int  # character offset in the text


class LexError(ValueError):
    """Text that is not SPARQL at the character level (Oxigraph would refuse it too)."""

    def __init__(self, text: str, offset: int, reason: str):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        super().__init__(f"{reason} at line {line}, column {column}")
        self.offset = offset


def lex(text: str) -> list[Token]:
    """Every token of ``text``, whitespace and comments included (so that :func:`emit` can
    write the text back); a :class:`LexError` where no SPARQL token starts."""
    tokens: list[Token] = []
    position, end = 0, len(text)
    match = _TOKEN.match
    while position < end:
        found = match(text, position)
        if found is None:
            raise LexError(text, position, _what_is_wrong(text, position))
        tokens.append(Token(found.lastgroup, found.group(), position))
        position = found.end()
    return tokens


def _what_is_wrong(text: str, offset: int) -> str:
    char = text[offset]
    if char in "\"'":
        return "a string that does not end (or has a line break or a bad escape in it)"
    if char == "\\":
        return "a backslash outside a string or IRI"
    if char == "<":
        return "an IRI that does not end"
    if char.isprintable() and not char.isspace():
        return f"{char!r} cannot start a SPARQL token"
    return f"the character U+{ord(char):04X}, which SPARQL does not allow outside strings"


def significant(tokens: list[Token]) -> list[Token]:
    """The tokens without whitespace and comments."""
    return [t for t in tokens if t.kind not in (WS, COMMENT)]


_IRI_UNSAFE = str.maketrans({"'": "\\u0027", "#": "\\u0023"})


def emit(tokens: list[Token]) -> str:
    """The text to send on: the tokens as they came, comments dropped (their line end kept), and
    ``'`` and ``#`` inside IRIs written as escapes (see the module's note on ``<``)."""
    parts = []
    for token in tokens:
        if token.kind == COMMENT:
            continue
        parts.append(token.text.translate(_IRI_UNSAFE) if token.kind == IRI else token.text)
    return "".join(parts)
