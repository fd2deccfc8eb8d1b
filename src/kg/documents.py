"""Plain records that readers produce and extraction consumes.

Readers know nothing of RDF: they turn an input into these records. Every piece of text keeps
its character offsets into ``Document.text`` so later facts can cite the exact span.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary item: a term and the publisher's definition of it."""

    term: str
    definition: str
    term_span: Span
    definition_span: Span


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, with the subheading it sits under (None before the first one)."""

    text: str
    span: Span
    subheading: str | None = None


@dataclass(frozen=True)
class Article:
    title: str
    title_span: Span
    published: date | None = None
    section: str | None = None
    lead: Paragraph | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    tags: tuple[str, ...] = ()
    related_headlines: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # bylines, as the page names them (HTML pages)


@dataclass(frozen=True)
class Document:
    """One source document: what a reader found in one input.

    ``text`` is the document's normalised text (what offsets point into); ``source`` is the
    path or URL it came from; ``content_hash`` is the SHA-256 of the raw bytes read.
    ``language`` is the page's language as a BCP 47 tag ("en", "ar", "fa-IR"): as declared, or
    guessed from its letters (said in ``notes``); None when unknown. ``url`` is the page's
    canonical URL when it names one.
    """

    source: str
    content_hash: str
    text: str
    publisher: str | None = None
    publisher_site: str | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    article: Article | None = None
    reader: str = ""
    notes: tuple[str, ...] = field(default=())
    language: str | None = None
    url: str | None = None
