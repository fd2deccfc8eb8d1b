"""Glossaries in HTML pages: term–definition items that trafilatura drops as boilerplate.

Found, in this order (the first that finds items wins):

1. the site profile's ``[glossary]`` selectors (items, and the term and definition inside each);
2. definition lists: ``<dl>`` with ``<dt>`` terms and ``<dd>`` definitions (at least two items,
   definitions of some length, so a ``<dl>`` of "Published: date" facts is not taken);
3. the layout of the reference site's "In Focus" box: a term, the same term again, then its
   definition, as the page renders line by line (the saved-page layout, read from the HTML);
4. repeated heading-plus-paragraph blocks: a run of short headings each followed by exactly
   one paragraph that reads as a definition ("X is …", "refers to …"), or any such run under
   a heading that says it is a glossary ("Glossary", "In Focus", "Key terms", "Definitions").

Each finder also returns the elements the glossary occupies, so the article extractor can be
run on the page without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.labels import clean_label
from kg.readers.html.tree import BLOCKS, NOT_TEXT, element_text, select
from kg.readers.html.profiles import SiteProfile

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PLACEHOLDER_TERMS = frozenset({"new node", "untitled", "untitled node", "new item", "new page"})
_GLOSSARY_HEADING = re.compile(
    r"(?:in\s+focus|glossary|key\s+terms|terms|definitions|explainer|who'?s\s+who|a\s*-\s*z)\s*:?", re.I)
_GLOSSARY_CLASS = re.compile(r"glossary|in-?focus|definitions|key-?terms", re.I)
_DEFINITIONAL = re.compile(
    r"\b(?:is|are|was|were|refers?\s+to|means|describes?|denotes?|stands?\s+for)\b", re.I)
_LINE_OWNERS = frozenset(BLOCKS | set(_HEADINGS))


@dataclass(frozen=True)
class Item:
    term: str
    definition: str


@dataclass
class Found:
    items: list[Item] = field(default_factory=list)
    elements: list = field(default_factory=list)  # what to leave out of the article
    how: str = ""
    notes: list[str] = field(default_factory=list)


def find_glossary(root, profile: SiteProfile | None = None) -> Found:
    if profile is not None and profile.glossary:
        found = by_profile(root, profile)
        if found.items:
            return _clean_terms(found)
    for finder in (definition_lists, repeated_terms, heading_blocks):
        found = finder(root)
        if found.items:
            return _clean_terms(found)
    return Found()


def _clean_terms(found: Found) -> Found:
    """Terms without invisible characters or odd whitespace (kg.labels), whichever finder read them."""
    found.items = [Item(term, i.definition) for i in found.items if (term := clean_label(i.term))]
    return found


def by_profile(root, profile: SiteProfile) -> Found:
    rules = profile.glossary
    found = Found(how=f"profile {profile.name}")
    for item in select(root, rules["items"]):
        term = next((t for t in (element_text(e) for e in select(item, rules["term"])) if t), None)
        definition = next((t for t in (element_text(e) for e in select(item, rules["definition"])) if t), None)
        found.elements.append(item)
        if not term:
            found.notes.append("a glossary item with no term was left out")
            continue
        if not definition or term.casefold() in _PLACEHOLDER_TERMS:
            found.notes.append(f"glossary item {term!r} has no definition: left out")
            continue
        found.items.append(Item(term, definition))
    return found


def _words(text: str) -> int:
    return len(text.split())


def _term_like(text: str) -> bool:
    return 1 <= _words(text) <= 12 and len(text) <= 120 and not text.endswith((".", ",", ";", "!", "?"))


def definition_lists(root) -> Found:
    found = Found(how="definition list")
    for dl in root.iter("dl"):
        pairs: list[Item] = []
        term: str | None = None
        parts: list[str] = []
        for child in dl.iterchildren():
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "div":  # HTML allows <div> groups of dt/dd inside a <dl>
                children = list(child.iterchildren())
            else:
                children = [child]
            for c in children:
                if c.tag == "dt":
                    if term and parts:
                        pairs.append(Item(term, " ".join(parts)))
                    term, parts = element_text(c), []
                elif c.tag == "dd" and term:
                    text = element_text(c)
                    if text:
                        parts.append(text)
        if term and parts:
            pairs.append(Item(term, " ".join(parts)))
        pairs = [p for p in pairs if p.term.casefold() not in _PLACEHOLDER_TERMS]
        if (len(pairs) >= 2 and all(_term_like(p.term) for p in pairs)
                and sum(_words(p.definition) for p in pairs) / len(pairs) >= 6):
            found.items += pairs
            found.elements.append(dl)
    return found


# --- the page as rendered lines ----------------------------------------------------------


def rendered_lines(root) -> list[tuple[str, object]]:
    """The page's text line by line as a browser lays it out (block elements break lines),
    each line with the innermost block element it was written in."""
    lines: list[tuple[str, object]] = []
    buffer: list[str] = []
    owner: list = [None]
    stack: list = [root]

    def add(text: str) -> None:
        if not buffer and text.strip():
            owner[0] = stack[-1]
        if buffer or text.strip():
            buffer.append(text)

    def flush() -> None:
        text = element_text_of(buffer)
        if text:
            lines.append((text, owner[0]))
        buffer.clear()

    def walk(element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in NOT_TEXT:
            return
        block = tag in _LINE_OWNERS
        if block:
            flush()
            stack.append(element)
        if element.text:
            add(element.text)
        for child in element:
            walk(child)
            if child.tail:
                add(child.tail)
        if block:
            flush()
            stack.pop()

    body = next(root.iter("body"), root)
    walk(body)
    flush()
    return lines


def element_text_of(parts: list[str]) -> str:
    from kg.readers.html.tree import clean

    return clean("".join(parts))


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def repeated_terms(root) -> Found:
    """Items laid out as term, the term again, definition (two items at least)."""
    lines = rendered_lines(root)
    best = Found(how="term, term again, definition")
    i = 0
    while i < len(lines) - 2:
        run: list[tuple[Item, list]] = []
        j = i
        while j < len(lines) - 2:
            (t1, e1), (t2, e2), (d, e3) = lines[j], lines[j + 1], lines[j + 2]
            if not (_term_like(t1) and _same(t1, t2) and not _same(t2, d)):
                break
            if t1.casefold() in _PLACEHOLDER_TERMS or _words(d) < 3:
                break
            run.append((Item(t1, d), [e1, e2, e3]))
            j += 3
        if len(run) >= 2 and len(run) > len(best.items):
            best = Found(items=[item for item, _ in run], how=best.how,
                         elements=[e for _, elements in run for e in elements])
            if j < len(lines) and lines[j][0].casefold() in _PLACEHOLDER_TERMS:
                best.notes.append(f"glossary ends at the placeholder item {lines[j][0]!r}")
        i = j + 1 if run else i + 1
    best.elements = _own_elements(best.elements, lines)
    return best


def _own_elements(elements: list, lines) -> list:
    """Only elements whose whole text is their line (never a container of other text)."""
    texts = {id(e): t for t, e in lines}
    out = []
    for e in elements:
        if e is not None and id(e) in texts and element_text(e) == texts[id(e)] and e not in out:
            out.append(e)
    return out


def heading_blocks(root) -> Found:
    """Runs of sibling headings each followed by exactly one paragraph."""
    found = Found(how="headings with one paragraph each")
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        children = [c for c in parent.iterchildren() if isinstance(c.tag, str)]
        k = 0
        while k < len(children):
            run: list[tuple[Item, list]] = []
            m = k
            while m + 1 < len(children):
                head, para = children[m], children[m + 1]
                after = children[m + 2] if m + 2 < len(children) else None
                if head.tag not in _HEADINGS or para.tag not in ("p", "div"):
                    break
                if after is not None and after.tag in ("p",):
                    break  # a heading with several paragraphs is an article section
                term, definition = element_text(head), element_text(para)
                if not (term and _term_like(term) and _words(definition) >= 5):
                    break
                run.append((Item(term, definition), [head, para]))
                m += 2
            if run and _is_glossary_run(run, children[:k], parent):
                found.items += [item for item, _ in run]
                found.elements += [e for _, pair in run for e in pair]
            k = m + 1 if run else k + 1
    return found


def _is_glossary_run(run, before: list, parent) -> bool:
    titled = any(_GLOSSARY_HEADING.fullmatch(element_text(e) or "") for e in before[-2:]
                 if e.tag in _HEADINGS) or _GLOSSARY_CLASS.search(
        " ".join(filter(None, [parent.get("class"), parent.get("id")])) or "-")
    if titled and len(run) >= 2:
        return True
    if len(run) < 3:
        return False
    definitional = sum(
        1 for item, _ in run
        if item.definition.casefold().startswith(item.term.casefold())
        or _DEFINITIONAL.search(" ".join(item.definition.split()[:12]))
    )
    return definitional >= 0.6 * len(run)
