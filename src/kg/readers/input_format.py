"""What a reader declares about its input: how to recognise it and how to open it.

An ``InputFormat`` is named, recognises an input from a ``Probe`` (its name at once; its first
bytes, its whole bytes or its text when asked, each read once), and opens it either as one
Document (``read``: a page, a glossary file, a Factbook file, a saved page) or as many parts
(``parts``: the pages of a web archive, the records of a corpus), each a ``Part`` that becomes
its own document or a ``Skip`` saying why it does not. ``kg.readers.registry`` keeps the formats
in their order of precedence.

A Part's ``read`` is called later, perhaps in a worker process: it must pickle (a
``functools.partial`` of a module-level function does).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.documents import Document
from kg.readers.text_input import decode_text, read_bytes, read_head

HEAD_BYTES = 65_536  # what formats that open many parts are recognised from: the file is not read whole


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Probe:
    """An input as formats see it: its path and name, and its bytes read only when a format asks.

    ``columns`` (a ``kg.readers.corpus.ColumnMap``) and ``profiles`` (site profiles, or profile
    files, for HTML pages) are the user's reading options. Reading errors are InputErrors naming
    ``source``, raised where a format first asks for what cannot be read."""

    def __init__(self, path: Path | str, source: str | None = None, *, data: bytes | None = None,
                 columns: Any = None, profiles: Sequence[Any] = ()):
        self.path = Path(path)
        self.source = source or str(self.path)
        self.columns = columns
        self.profiles = tuple(profiles)
        self._data = data

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def suffix(self) -> str:
        """The last suffix, lower-cased (".gz" for "page.html.gz")."""
        return self.path.suffix.lower()

    @cached_property
    def head(self) -> bytes:
        """The first ``HEAD_BYTES`` bytes (the file is not read whole for them)."""
        if self._data is not None:
            return self._data[:HEAD_BYTES]
        return read_head(self.path, HEAD_BYTES, self.source)

    @cached_property
    def data(self) -> bytes:
        """The whole file (up to ``kg.limits``' ``max_document_bytes``)."""
        return self._data if self._data is not None else read_bytes(self.path)

    @cached_property
    def digest(self) -> str:
        return content_hash(self.data)

    @cached_property
    def text(self) -> str:
        """The data decoded (``kg.readers.text_input.decode_text``): InputError if it is not text."""
        return decode_text(self.data, self.source)


@dataclass(frozen=True)
class Part:
    """One document of an input that holds many: the file's key + "#" + ``name`` is its key."""

    name: str  # the record's id, the archived page's URL
    source: str  # what names it in messages and outcomes
    digest: str
    read: Callable[[], Document]  # must pickle: a functools.partial of a module-level function
    line: int | None = None  # the line of its file it starts on, when it has one


@dataclass(frozen=True)
class Skip:
    """A part of an input that gives no document, and why: ``message`` names it."""

    name: str
    source: str
    message: str


@dataclass(frozen=True)
class InputFormat:
    """A reader's input: ``recognises(probe)`` says whether an input is one; ``read(probe)``
    opens it as one Document, or ``parts(probe)`` as many (exactly one of the two is given)."""

    name: str
    recognises: Callable[[Probe], bool]
    read: Callable[[Probe], Document] | None = None
    parts: Callable[[Probe], Iterator[Part | Skip]] | None = None

    def __post_init__(self) -> None:
        if (self.read is None) == (self.parts is None):
            raise ValueError(f"input format {self.name!r}: give read (one document) or parts (many), not both")

    @property
    def opens_many(self) -> bool:
        return self.parts is not None
