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

from kg import limits
from kg.errors import InputError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_EDGE = " \t\n\r\f\u00a0\u200b\u200c\u200d\u2060\ufeff\u2002\u2003\u2009\u202f"
NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"})
BLOCKS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot "
    "td th tr ul br option".split())


def parse_html(text: str, source: str, notes: list[str] | None = None) -> lxml.html.HtmlElement:
    """The document tree of a decoded page; InputError if there is nothing to parse.

    libxml2 on its own stops reading a page nested more than 256 elements deep (and drops the
    rest without a word): the page is parsed without that limit, and elements nested deeper than
    ``kg.limits``' ``max_html_depth`` are unwrapped into their ancestor at that depth, their text
    kept in place (said in ``notes``), so no later walk over the tree recurses without bound."""
    text = _XML_DECLARATION.sub("", text, count=1)
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot be parsed as HTML ({exc})") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 2,048 levels even with huge_tree, dropping what lies deeper
        raise InputError(source, f"the page nests its elements more than {LIBXML2_MAX_DEPTH:,} levels deep, "
                                 "beyond what the HTML parser (libxml2) reads: what lies deeper cannot be read")
    flattened = flatten_deep(root, limits.current().max_html_depth)
    if flattened and notes is not None:
        notes.append(f"the page nests elements too deeply: {flattened:,} unwrapped to bring it within "
                     f"{limits.current().max_html_depth:,} levels, their text kept (KG_MAX_HTML_DEPTH sets the depth)")
    return root


LIBXML2_MAX_DEPTH = 2048


def _parser() -> lxml.html.HTMLParser:
    # huge_tree lifts libxml2's depth limit of 256 (and its 10 MB text-node limit: the page's size
    # is bounded by kg.limits before it gets here); the HTML parser expands no external entities.
    return lxml.html.HTMLParser(huge_tree=True, no_network=True)


def flatten_deep(root, max_depth: int) -> int:
    """Bring every element within ``max_depth`` levels of ``root``; returns how many elements
    were unwrapped. First the empty wrappers below half the limit go (elements with no text of
    their own: a paragraph under 100,000 ``<div>``s keeps its ``<p>``), then whatever still lies
    deeper than the limit is unwrapped into its ancestor, children first, their text kept."""
    if _depth(root) <= max_depth:
        return 0
    wrappers = [e for e in _deeper(root, max_depth // 2)
                if isinstance(e.tag, str) and not (e.text or "").strip() and not (e.tail or "").strip()]
    for element in reversed(wrappers):  # descendants before their ancestors
        _unwrap(element)
    rest = _deeper(root, max_depth)
    for element in reversed(rest):
        if isinstance(element.tag, str):
            _unwrap(element)
        else:  # a comment or processing instruction: no text, only its tail
            element.drop_tree()
    return len(wrappers) + len(rest)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _unwrap(element) -> None:
    """``drop_tag``, for text libxml2's HTML parser let in but lxml will not set back (control
    characters, found by atheris): those characters are dropped first."""
    try:
        element.drop_tag()
    except ValueError:
        neighbours = [element, element.getprevious(), element.getparent(), element[-1] if len(element) else None]
        for node in neighbours:
            if node is None:
                continue
            if node.text:
                node.text = _NOT_XML.sub("", node.text)
            if node.tail:
                node.tail = _NOT_XML.sub("", node.tail)
        element.drop_tag()


def _deeper(root, max_depth: int) -> list:
    """The elements more than ``max_depth`` levels below ``root``, in document order."""
    deep = []
    depth = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > max_depth:
                deep.append(element)
        else:
            depth -= 1
    return deep


def _depth(root) -> int:
    deepest = depth = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def clean(text: str) -> str:
    """Whitespace collapsed as HTML renders it, edges trimmed, NFC."""
    return unicodedata.normalize("NFC", _ASCII_SPACE.sub(" ", text)).strip(_EDGE)


def element_text(element) -> str:
    """The rendered text of ``element`` on one line."""
    parts: list[str] = []
    _collect(element, parts)
    return clean("".join(parts))


def _collect(element, parts: list[str]) -> None:
    """The element's text in document order, walked without recursion (a deep page cannot
    exhaust the stack)."""
    stack: list = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:  # after the element's children: its closing space, then its tail
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in NOT_TEXT or not isinstance(node.tag, str):
            # comments and processing instructions are no text either (their tails are)
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        block = tag.lower() in BLOCKS
        if block:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        if block:
            stack.append((_SPACE, True))
        for child in reversed(node):
            stack.append((child, False))


class _Space:
    """Stands on the walk's stack for the space after a block element's children."""

    tail = " "


_SPACE = _Space()


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
