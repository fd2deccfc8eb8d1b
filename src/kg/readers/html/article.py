"""An HTML page's article body as blocks: paragraphs and the subheadings they sit under.

The main text comes from trafilatura (boilerplate, navigation, comments and teasers left out),
or, for a site whose profile names the body (``[article] body``), from the elements that
profile selects. Either way the result is a list of ``Block``s of rendered text, in reading
order; the page reader lays them out into the document's text.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import lxml.etree

from kg.readers.html.tree import clean, element_text, select
from kg.readers.html.profiles import DEFAULT_PARAGRAPHS, DEFAULT_SUBHEADINGS, SiteProfile


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" or "subheading"
    text: str


@dataclass(frozen=True)
class MainText:
    blocks: tuple[Block, ...]
    title: str | None = None  # trafilatura's title, a hint for the page's metadata
    date: str | None = None  # trafilatura's date (htmldate's, on the page it was given)
    author: str | None = None
    how: str = "trafilatura"


def main_text(root, url: str | None = None, profile: SiteProfile | None = None) -> MainText:
    """The article body of the page ``root`` (not modified)."""
    if profile is not None and profile.article.get("body"):
        bodies = select(root, profile.article["body"])
        if bodies:
            return MainText(tuple(profile_blocks(bodies, profile)), how=f"profile {profile.name}")
    return trafilatura_text(root, url)


def profile_blocks(bodies: list, profile: SiteProfile) -> list[Block]:
    """Paragraphs and subheadings inside the selected body elements, in document order; an
    element inside one already taken (a ``<p>`` inside a ``<blockquote>``) is not taken twice."""
    paragraphs = profile.article.get("paragraphs", DEFAULT_PARAGRAPHS)
    subheadings = profile.article.get("subheadings", DEFAULT_SUBHEADINGS)
    blocks: list[Block] = []
    for body in bodies:
        heads = set(select(body, subheadings))
        wanted = heads | set(select(body, paragraphs))
        taken: set = set()
        for element in body.iter():
            if element not in wanted or any(a in taken for a in element.iterancestors()):
                continue
            taken.add(element)
            text = element_text(element)
            if text:
                blocks.append(Block("subheading" if element in heads else "paragraph", text))
    return blocks


def trafilatura_text(root, url: str | None = None) -> MainText:
    import trafilatura

    tree = copy.deepcopy(root)
    # as trafilatura's own parser does (remove_comments): its walk reads no text that follows an
    # HTML comment inside an element ("<blockquote><!-- x -->The quote</blockquote>")
    lxml.etree.strip_tags(tree, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    result = trafilatura.bare_extraction(tree, url=url, with_metadata=True,
                                         include_comments=False, include_tables=True,
                                         include_images=False, include_links=False,
                                         deduplicate=False)
    if result is None or result.body is None:
        return MainText(())
    return MainText(tuple(_blocks(result.body)), title=result.title, date=result.date,
                    author=result.author)


# trafilatura's output is its own XML (p, head, list/item, table/row/cell, quote, lb, hi, ref...),
# but when its extraction falls back (to its baseline or readability) the body may still hold
# HTML wrappers (div, section, ul/li, td...): every tag below starts a block of its own, and any
# other element is inline text.
_LISTS = frozenset({"list", "ul", "ol", "dl"})
_HEADS = frozenset({"head", "h1", "h2", "h3", "h4", "h5", "h6"})
_TABLES = frozenset({"table"})
_ROWS = frozenset({"row", "tr"})
_CELLS = frozenset({"cell", "td", "th"})
_CONTAINERS = frozenset(
    "p item li dt dd quote blockquote div section article main aside header footer figure "
    "figcaption details summary pre address center form fieldset body tbody thead tfoot".split())
_BLOCK_TAGS = _LISTS | _HEADS | _TABLES | _ROWS | _CELLS | _CONTAINERS
_SKIP = frozenset({"graphic", "image", "img"})


def _blocks(body) -> list[Block]:
    """The blocks of trafilatura's body, in reading order.

    A block element's own text and the loose text between its block children (an element's
    tail, text after a subheading inside a wrapper, a cell's first line before its paragraphs)
    are paragraphs of their own, split at line breaks; block children are read on their own,
    so the paragraphs of a wrapper ``<div>`` stay apart and nothing is glued to its neighbour."""
    reader = _Reader()
    reader.content(body)
    reader.flush()
    return reader.out


class _Reader:
    """Blocks read from an element tree: ``inline`` gathers the loose text since the last block."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.inline: list[str] = []

    def flush(self) -> None:
        text = "".join(self.inline)
        self.inline.clear()
        self.out += [Block("paragraph", t) for t in (clean(line) for line in text.split("\n")) if t]

    def content(self, element) -> None:
        """The element's text and children, each child's tail after it."""
        if element.text:
            self.inline.append(element.text)
        for child in element:
            self.visit(child)
            if child.tail:
                self.inline.append(child.tail)

    def visit(self, node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in _SKIP:  # comments, images: no text (their tails are read by content)
            return
        if tag == "lb":
            self.inline.append("\n")
            return
        if tag not in _BLOCK_TAGS:
            self.content(node)  # inline: its text runs on with what surrounds it
            return
        self.flush()
        if tag in _HEADS:
            text = clean(" ".join(b.text for b in _read(node)))
            if text:
                self.out.append(Block("subheading", text))
        elif tag in _TABLES:
            self.table(node)
        else:  # a paragraph, list, item, quote or wrapper: its text, and its blocks in turn
            self.content(node)
            self.flush()

    def table(self, table) -> None:
        """One paragraph per row, its cells joined by " | "; a row of a layout table (one cell, or
        cells holding paragraphs or lists: columns of text) gives each cell's paragraphs."""
        rows = [r for r in table.iter(*_ROWS) if _nearest(r, _TABLES) is table]
        if not rows:  # cells straight in the table, or no rows at all
            self.content(table)
            self.flush()
            return
        for row in rows:
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in _CELLS]
            read = [_read(c) for c in cells]
            read = [blocks for blocks in read if blocks]
            layout = any(isinstance(e.tag, str) and e.tag in _BLOCK_TAGS for c in cells for e in c.iterdescendants())
            if len(read) == 1 or layout:
                self.out += [b for blocks in read for b in blocks]
            elif read:
                text = " | ".join(clean(" ".join(b.text for b in blocks)) for blocks in read)
                self.out.append(Block("paragraph", text))


def _read(element) -> list[Block]:
    """The blocks inside one element (a subheading's lines, a table cell's paragraphs)."""
    reader = _Reader()
    reader.content(element)
    reader.flush()
    return reader.out


def _nearest(element, tags: frozenset):
    return next((a for a in element.iterancestors() if isinstance(a.tag, str) and a.tag in tags), None)
