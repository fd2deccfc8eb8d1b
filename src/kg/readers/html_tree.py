"""Parsing decoded HTML into an lxml tree, and reading text and CSS selections out of it.

Text is read as a browser renders it on one line: runs of ASCII whitespace become one space
(no-break spaces and other Unicode spaces stay as the publisher wrote them), block elements and
``<br>`` separate words, scripts, styles and templates are never text, and the result is in
Unicode NFC with its edges trimmed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector

from kg.errors import InputError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_EDGE = " \t\n\r\f\u00a0\u200b\u200c\u200d\u2060\ufeff\u2002\u2003\u2009\u202f"
NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"})
BLOCKS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot "
    "td th tr ul br option".split())


def parse_html(text: str, source: str) -> lxml.html.HtmlElement:
    """The document tree of a decoded page; InputError if there is nothing to parse."""
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot be parsed as HTML ({exc})") from exc


def clean(text: str) -> str:
    """Whitespace collapsed as HTML renders it, edges trimmed, NFC."""
    return unicodedata.normalize("NFC", _ASCII_SPACE.sub(" ", text)).strip(_EDGE)


def element_text(element) -> str:
    """The rendered text of ``element`` on one line."""
    parts: list[str] = []
    _collect(element, parts)
    return clean("".join(parts))


def _collect(element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in NOT_TEXT or not isinstance(element.tag, str):
        return  # comments and processing instructions are no text either (their tails are)
    block = tag.lower() in BLOCKS
    if block:
        parts.append(" ")
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append(" ")


@lru_cache(maxsize=512)
def selector(css: str) -> CSSSelector:
    """A compiled CSS selector (cached); raises lxml's SelectorError for a malformed one."""
    return CSSSelector(css, translator="html")


def select(root, css: str) -> list:
    return selector(css)(root)


def first_text(root, css: str) -> str | None:
    """The rendered text of the first element ``css`` selects that has any."""
    for element in select(root, css):
        text = element_text(element)
        if text:
            return text
    return None
