"""Reader for HTML pages: a news article, a glossary, or both, as one Document.

The page is decoded (``html_decode``), parsed, matched to a site profile by its host
(``profiles``); its glossary is found and taken out (``html_glossary``), its main text
extracted from what is left (``html_article``) and its metadata read (``html_meta``).

``Document.text`` is laid out from what was found, every piece separated by a blank line: the
glossary items (term, then definition), then the article's title, then its subheadings and
paragraphs in reading order. Each span points into that text, and every record's text is
exactly ``doc.text[span.start:span.end]``.

As an input format (``FORMAT``): a file named .html/.htm/.xhtml (gzipped or not), or starting
like an HTML document under any name, is one page.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from kg.documents import Article, Document, GlossaryEntry, Paragraph, Span
from kg.errors import InputError
from kg.readers.html.article import Block, main_text
from kg.readers.html.boilerplate import is_boilerplate
from kg.readers.html.decode import decode_html
from kg.readers.html.glossary import find_glossary
from kg.readers.html.meta import host_of, page_meta, parse_date_value
from kg.readers.html.tree import parse_html, select
from kg.readers.language import guess_language, non_latin_share
from kg.readers.html.profiles import SiteProfile, load_profiles, profile_for
from kg.readers.input_format import InputFormat, Probe

READER_NAME = "html"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])")
SEPARATOR = "\n\n"


def is_html_path(name: str) -> bool:
    """A file named as an HTML page: .html/.htm/.xhtml, optionally gzipped (.html.gz)."""
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(HTML_SUFFIXES)


def looks_like_html(data: bytes) -> bool:
    """Bytes that start like an HTML document (a doctype or an <html>/<head> tag); UTF-16 too."""
    head = data[:1024]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        codec = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
        head = head[:len(head) // 2 * 2].decode(codec, "replace").encode("utf-8")
    return bool(_SNIFF.match(head))


def gunzip(data: bytes, where: str) -> bytes:
    """The content of a gzipped page, inflated in bounded steps (``kg.readers.compressed``);
    InputError for a truncated or corrupt file, or one that expands past ``kg.limits``."""
    from kg import limits
    from kg.readers.compressed import gunzip as inflate

    page = inflate(data, where)
    cap = limits.current().max_document_bytes
    if len(page) > cap:
        raise InputError(where, limits.exceeded("max_document_bytes",
                                                f"the page is too large once un-gzipped ({len(page):,} bytes)", cap))
    return page


def read_html(data: bytes, source: str, content_hash: str, *, where: str | None = None,
              url: str | None = None, http_charset: str | None = None,
              profiles: Sequence[SiteProfile] = ()) -> Document:
    """Read an HTML page's bytes (already un-gzipped) into a Document.

    ``source`` is what the Document records as its origin (a path, or a URL for a page from a
    web archive); ``where`` names the input in error messages (default ``source``); ``url`` is
    the URL the page was fetched from, if known; ``http_charset`` the charset its HTTP headers
    gave; ``profiles`` the caller's site profiles, tried before the bundled ones.
    """
    where = where or source
    try:
        return _read_html(data, source, content_hash, where, url, http_charset, profiles)
    except RecursionError:  # a walk over the tree in a library kg calls: the page nests too deep for it
        from kg import limits

        raise InputError(where, limits.exceeded(
            "max_html_depth", "the page nests its elements too deeply to be read", unit="levels")
            .replace("to raise it", "lower to read it")) from None


def _read_html(data: bytes, source: str, content_hash: str, where: str, url: str | None,
               http_charset: str | None, profiles: Sequence[SiteProfile]) -> Document:
    decoded = decode_html(data, where, http_charset)
    notes = list(decoded.notes)
    notes.append(f"decoded as {decoded.encoding} ({decoded.how})")
    root = parse_html(decoded.text, where, notes)

    page_url = _declared_url(root, url)
    profile = profile_for(host_of(page_url), profiles)
    if profile is not None:
        notes.append(f"site profile {profile.name!r} ({profile.source})")
        for css in profile.article.get("remove", ()):
            for element in select(root, css):
                element.drop_tree()

    glossary = find_glossary(root, profile)
    notes += glossary.notes
    for element in glossary.elements:
        if element.getparent() is not None:
            element.drop_tree()  # the article is read from the page without its glossary

    body = main_text(root, url, profile)
    meta = page_meta(root, url=url, title_hints=(body.title,), profile=profile,
                     use_htmldate=body.date is None)
    published = meta.published
    if published is None and body.date:
        published = parse_date_value(body.date)
        if published:
            notes.append("publication date found by htmldate")
    elif meta.date_source:
        notes.append(f"publication date from {meta.date_source}")

    blocks = _article_blocks(body.blocks, meta.title, {i.definition.casefold() for i in glossary.items})
    kept = [b for b in blocks if b.kind == "subheading" or not is_boilerplate(b.text)]
    if len(kept) < len(blocks):
        notes.append(f"left out {len(blocks) - len(kept)} boilerplate paragraphs "
                     "(subscription prompts, copyright notices, credits, teasers)")
        blocks = _article_blocks(kept, meta.title, set())
    if blocks and not any(_is_prose(b.text) for b in blocks if b.kind == "paragraph"):
        notes.append(f"the main text found ({len(blocks)} short lines, no paragraph of prose) is no article: left out")
        blocks = []
    if glossary.items:
        notes.append(f"glossary: {len(glossary.items)} items ({glossary.how})")
    if not blocks and not glossary.items:
        raise InputError(where, "no article text or glossary found in this page")

    layout = _Layout()
    entries = []
    for item in glossary.items:
        term = layout.add(item.term)
        definition = layout.add(item.definition)
        entries.append(GlossaryEntry(item.term, item.definition, term, definition))

    article = None
    if blocks:
        notes.append(f"article text by {body.how}")
        authors = meta.authors or tuple(a.strip() for a in (body.author or "").split(";") if a.strip())
        article = _article(layout, blocks, meta.title, notes, published=published, section=meta.section,
                           tags=meta.tags, related_headlines=_related(root, profile), authors=authors)
    elif meta.title:
        notes.append(f"the page's title {meta.title!r} heads no article text: only its glossary was read")

    text = layout.text()
    language = _language(meta.language, text, notes)
    return Document(
        source=source,
        content_hash=content_hash,
        text=text,
        publisher=meta.publisher,
        publisher_site=host_of(meta.canonical_url or page_url),
        glossary=tuple(entries),
        article=article,
        reader=READER_NAME,
        notes=tuple(notes),
        language=language,
        url=meta.canonical_url,
    )


class _Layout:
    """The document's text, built piece by piece with each piece's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> Span:
        if self.parts:
            self.parts.append(SEPARATOR)
            self.length += len(SEPARATOR)
        span = Span(self.length, self.length + len(text))
        self.parts.append(text)
        self.length += len(text)
        return span

    def text(self) -> str:
        return "".join(self.parts)


def _article(layout: _Layout, blocks: Sequence[Block], title: str | None, notes: list[str], **fields) -> Article:
    """Lay out the title, subheadings and paragraphs; the Article with their spans."""
    title_span = layout.add(title) if title else None
    paragraphs: list[Paragraph] = []
    subheading = None
    for block in blocks:
        span = layout.add(block.text)
        if block.kind == "subheading":
            subheading = block.text
        else:
            paragraphs.append(Paragraph(block.text, span, subheading))
    if title is None or title_span is None:  # no headline anywhere: the opening sentence stands in
        lead = paragraphs[0]
        title = _SENTENCE_END.split(lead.text, maxsplit=1)[0][:300].rstrip()
        title_span = Span(lead.span.start, lead.span.start + len(title))
        notes.append("no headline on the page: the opening sentence stands in")
    return Article(title=title, title_span=title_span, lead=paragraphs[0], paragraphs=tuple(paragraphs), **fields)


def _language(declared: str | None, text: str, notes: list[str]) -> str | None:
    """The declared language; a guess when there is none, or when a page declared English is
    mostly in another script."""
    if declared is None:
        guessed = guess_language(text)
        if guessed:
            notes.append(f"the page declares no language: {guessed!r} guessed from its text")
        return guessed
    if declared.split("-")[0] == "en" and non_latin_share(text) > 0.5:
        guessed = guess_language(text)
        if guessed and guessed != "en":
            notes.append(f"the page declares {declared!r} but its text is not in Latin script: {guessed!r}")
            return guessed
    return declared


def _declared_url(root, url: str | None) -> str | None:
    """The page's own URL (canonical link, og:url), else where it came from: for the profile."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url" and \
                (meta.get("content") or "").startswith("http"):
            return meta.get("content").strip()
    return url


def _article_blocks(blocks: Sequence[Block], title: str | None, definitions: set[str]) -> list[Block]:
    """The body without the title repeated in it, glossary definitions, and the subheadings
    after its last paragraph (they head nothing). Subheadings in a row all stay (a live blog's
    entry headed by one line and then by another, its text a post kg does not read): the last
    of them heads the paragraphs that follow."""
    key = (title or "").casefold()
    kept = [b for b in blocks if b.text.casefold() != key and b.text.casefold() not in definitions]
    while kept and kept[-1].kind == "subheading":
        kept.pop()
    return kept if any(b.kind == "paragraph" for b in kept) else []


def _is_prose(text: str) -> bool:
    """A paragraph of an article, not a menu or a teaser: a sentence of some length."""
    words = len(text.split())
    ending = text.rstrip("\"'”’)]»」").endswith
    return (words >= 20 or len(text) >= 120 or (words >= 10 and ending((".", "!", "?", "؟")))
            or (len(text) >= 20 and ending(("。", "！", "？"))))  # scripts written without spaces


def _related(root, profile: SiteProfile | None) -> tuple[str, ...]:
    if profile is None or not profile.article.get("related"):
        return ()
    from kg.readers.html.tree import element_text

    return tuple(dict.fromkeys(t for t in (element_text(e) for e in select(root, profile.article["related"])) if t))


# -------------------------------------------------------------------------------------------------
# the page as an input format

def _recognises(probe: Probe) -> bool:
    return is_html_path(probe.name) or looks_like_html(probe.data)


def _read(probe: Probe) -> Document:
    page = gunzip(probe.data, probe.source) if probe.name.lower().endswith(".gz") else probe.data
    return read_html(page, probe.source, probe.digest, profiles=load_profiles(probe.profiles))


FORMAT = InputFormat(READER_NAME, _recognises, read=_read)
