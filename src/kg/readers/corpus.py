"""Corpus files: JSONL or CSV with one article per record.

The fields kg reads are ``id``, ``url``, ``title``, ``published``, ``text`` and optionally
``publisher``, ``section`` and ``tags``. A ``ColumnMap`` says where each is: a column name
("description") or, for a CSV file without a header, a 1-based position ("3"). Records are read
one at a time (a corpus never has to fit in memory); a malformed one becomes a ``BadRecord`` with
its line and reason, and reading goes on.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from kg.documents import Article, Document, Paragraph, Span
from kg.errors import InputError, UsageError

FIELDS = ("id", "url", "title", "published", "text", "publisher", "section", "tags")
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv")
READER_NAME = "corpus"
MAX_RECORD_CHARS = 5_000_000  # one article; a longer "record" is a broken file, not an article


@dataclass(frozen=True)
class ColumnMap:
    """Field -> column name, or 1-based position for a CSV file without a header row."""

    columns: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str | None) -> ColumnMap:
        """"title=headline,text=body" or "title=2,text=3" (positions: a CSV without header)."""
        columns: dict[str, str] = {}
        for part in (p.strip() for p in (spec or "").split(",") if p.strip()):
            name, sep, column = part.partition("=")
            name, column = name.strip(), column.strip()
            if not sep or name not in FIELDS or not column:
                raise UsageError(f"--columns {spec!r}: expected FIELD=COLUMN pairs, FIELD one of {', '.join(FIELDS)}")
            columns[name] = column
        positions = [c.isdigit() for c in columns.values()]
        if any(positions) and not all(positions):
            raise UsageError(f"--columns {spec!r}: give all columns by name or all by position")
        return cls(columns)

    @property
    def by_position(self) -> bool:
        return bool(self.columns) and all(c.isdigit() for c in self.columns.values())

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def __bool__(self) -> bool:
        return bool(self.columns)


@dataclass(frozen=True)
class Record:
    """One article record: where it is (``line``) and its fields, as strings."""

    line: int
    fields: dict[str, str]

    @property
    def digest(self) -> str:
        """SHA-256 of the fields kg reads: a change elsewhere in the row does not rebuild it."""
        return hashlib.sha256(json.dumps(self.fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()

    @property
    def record_id(self) -> str:
        return self.fields.get("id") or f"L{self.line}"


@dataclass(frozen=True)
class BadRecord:
    line: int
    reason: str


def is_corpus(path: Path, head: str, columns: ColumnMap) -> bool:
    """A JSONL/CSV file holds articles (not glossary terms) when the user mapped its columns, or
    its first record has a text field and no term/definition."""
    if path.suffix.lower() not in CORPUS_SUFFIXES:
        return False
    if columns:
        return True
    if path.suffix.lower() == ".csv":
        header = next(csv.reader(io.StringIO(head)), [])
        keys = {h.strip().lower() for h in header}
    else:
        first = next((line for line in head.splitlines() if line.strip()), "")
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            return False
        keys = set(record) if isinstance(record, dict) else set()
    return "text" in keys and not {"term", "definition"} <= keys


def read_records(path: Path, columns: ColumnMap, source: str | None = None) -> Iterator[Record | BadRecord]:
    """The records of a corpus file, one at a time; BadRecord for each one that cannot be read."""
    source = source or str(path)
    try:
        handle = path.open("r", encoding="utf-8-sig", errors="strict", newline="")
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    with handle:
        try:
            if path.suffix.lower() == ".csv":
                yield from _csv_records(handle, columns, source)
            else:
                yield from _jsonl_records(handle, columns)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"is not UTF-8 text (byte {exc.start} of a line: {exc.reason})") from exc


def _jsonl_records(handle, columns: ColumnMap) -> Iterator[Record | BadRecord]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            yield BadRecord(number, f"a record of {len(line):,} characters (at most {MAX_RECORD_CHARS:,})")
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRecord(number, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(raw, dict):
            yield BadRecord(number, "not a JSON object")
            continue
        yield _record(number, lambda name: raw.get(columns.column(name)), columns)


def _csv_records(handle, columns: ColumnMap, source: str) -> Iterator[Record | BadRecord]:
    csv.field_size_limit(MAX_RECORD_CHARS)
    reader = csv.reader(handle)
    header: list[str] | None = None
    if not columns.by_position:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(source, f"its header row cannot be read ({exc})", 1) from exc
        missing = [columns.column(f) for f in ("text",) if columns.column(f) not in header]
        if missing:
            raise InputError(source, f"has no column {missing[0]!r} for the article text (map it with --columns "
                                     f"text=NAME, or text=N for a file without a header)", 1)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # an unbalanced quote, a field over the limit
            yield BadRecord(start, f"not a valid CSV row ({exc})")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is not None:
            if len(row) != len(header):
                yield BadRecord(start, f"{len(row)} fields where the header has {len(header)}")
                continue
            values = dict(zip(header, row))
            yield _record(start, lambda name: values.get(columns.column(name)), columns)
        else:
            def at(name, row=row):
                position = columns.columns.get(name)
                return row[int(position) - 1] if position and 0 < int(position) <= len(row) else None
            yield _record(start, at, columns)


def _record(line: int, get, columns: ColumnMap) -> Record | BadRecord:
    fields: dict[str, str] = {}
    for name in FIELDS:
        value = get(name)
        if value is None:
            continue
        if isinstance(value, list) and name == "tags":
            value = ", ".join(str(v) for v in value)
        if not isinstance(value, (str, int, float)):
            return BadRecord(line, f"field {columns.column(name)!r} is not text")
        text = str(value).strip()
        if text:
            fields[name] = text
    if not fields.get("text") and not fields.get("title"):
        return BadRecord(line, f"no article text (field {columns.column('text')!r} is missing or empty)")
    return Record(line, fields)


# -------------------------------------------------------------------------------------------------
# a record as a Document

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n|\\n")
_OPENING = re.compile(r"[^\n]{1,200}?(?:[.!?](?=\s)|$)|[^\n]{1,200}", re.MULTILINE)


def record_document(record: Record, source: str) -> Document:
    """The record as an article: title, date, section, tags and the text's paragraphs, with
    offsets into the document text (title, a blank line, the paragraphs)."""
    f = record.fields
    title = " ".join(f.get("title", "").split())
    parts = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(f.get("text", ""))]
    parts = [p for p in parts if p]
    text, paragraphs = title, []
    for part in parts:
        text += "\n\n" if text else ""
        paragraphs.append(Paragraph(part, Span(len(text), len(text) + len(part))))
        text += part
    title_span = Span(0, len(title))
    if not title:  # no headline in the record: its opening sentence stands for one
        opening = _OPENING.match(text)
        title = opening.group(0).strip()
        title_span = Span(0, len(title))
    tags = tuple(t.strip() for t in re.split(r"[,;|]", f.get("tags", "")) if t.strip())
    article = Article(title=title, title_span=title_span, published=_date(f.get("published")),
                      section=f.get("section"), lead=paragraphs[0] if paragraphs else None,
                      paragraphs=tuple(paragraphs), tags=tags)
    publisher = f.get("publisher") or (urlsplit(f["url"]).hostname if f.get("url") else None)
    return Document(source=f.get("url") or f"{source}#L{record.line}", content_hash=record.digest, text=text,
                    publisher=publisher, publisher_site=None, article=article, reader=READER_NAME)


def _date(value: str | None) -> date | None:
    """ISO 8601 dates and date-times ("2024-02-24", "2024-02-24T09:00:00Z"); anything else: None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
