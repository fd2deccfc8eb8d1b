"""An HTML page's article body as blocks: paragraphs and the subheadings they sit under.

The main text comes from trafilatura (boilerplate, navigation, comments and teasers left out),
or, for a site whose profile names the body (``[article] body``), from the elements that
profile selects. Either way the result is a list of ``Block``s of rendered text, in reading
order; the page reader lays them out into the document's text.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

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

    result = trafilatura.bare_extraction(copy.deepcopy(root), url=url, with_metadata=True,
                                         include_comments=False, include_tables=True,
                                         include_images=False, include_links=False,
                                         deduplicate=False)
    if result is None or result.body is None:
        return MainText(())
    return MainText(tuple(_blocks(result.body)), title=result.title, date=result.date,
                    author=result.author)


def _blocks(body) -> list[Block]:
    out: list[Block] = []
    for element in body:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "head":
            text = clean(" ".join(_lines(element)))
            if text:
                out.append(Block("subheading", text))
        elif tag == "list":
            for item in element.iter("item"):
                out += [Block("paragraph", t) for t in _lines(item, skip=("list",))]
        elif tag == "table":
            for row in element.iter("row"):
                cells = [clean(" ".join(_lines(c))) for c in row.iter("cell")]
                text = " | ".join(c for c in cells if c)
                if text:
                    out.append(Block("paragraph", text))
        elif tag == "quote" and any(c.tag == "p" for c in element):
            out += _blocks(element)
        elif tag in ("graphic", "image"):
            continue
        else:
            out += [Block("paragraph", t) for t in _lines(element)]
    return out


def _lines(element, skip: tuple[str, ...] = ()) -> list[str]:
    """The element's text split at its line breaks (``<lb/>``), each line cleaned; children
    whose tag is in ``skip`` (a nested list) are left to be read on their own."""
    parts: list[str] = []

    def walk(node, top: bool) -> None:
        if not top and node.tag in skip:
            if node.tail:
                parts.append(node.tail)
            return
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child, False)
        if not top and node.tail:
            parts.append(node.tail)

    walk(element, True)
    return [t for t in (clean(line) for line in "".join(parts).split("\n")) if t]
