"""Corpus files: JSONL or CSV with one article per record.

The fields kg reads are ``id``, ``url``, ``title``, ``published``, ``text`` and optionally
``publisher``, ``section`` and ``tags``. A ``ColumnMap`` says where each is: a column name
("description") or, for a CSV file without a header, a 1-based position ("3"). Records are read
one at a time (a corpus never has to fit in memory); a malformed one becomes a ``BadRecord`` with
its line and reason, and reading goes on. A record's title and text are read with the entities,
tags and backslash escapes feeds leave in them decoded (``kg.readers.escapes``); a record without a
readable date takes the map's ``published`` date. A map that names a column the file lacks fails
the whole file before a record is read (``check_columns``).

As an input format (``FORMAT``): a .jsonl/.ndjson/.csv file whose first record holds articles
(``is_corpus``) opens into one part per record, keyed ``FILE#ID``.
"""
from __future__ import annotations

import collections
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from kg import limits
from kg.documents import Article, Document, Paragraph, Span
from kg.errors import InputError, UsageError, one_line, unexpected
from kg.readers.escapes import clean_text
from kg.readers.input_format import InputFormat, Part, Probe, Skip

FIELDS = ("id", "url", "title", "published", "text", "publisher", "section", "tags")
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv")
READER_NAME = "corpus"
MAX_RECORD_CHARS = limits.DEFAULTS.max_line_chars  # the default bound on one record (kg.limits.max_line_chars)


@dataclass(frozen=True)
class ColumnMap:
    """Field -> column name, or 1-based position for a CSV file without a header row; and
    ``published``, the date (YYYY-MM-DD) of every record that gives none (``kg build --published``)."""

    columns: dict[str, str] = field(default_factory=dict)
    published: str | None = None

    @classmethod
    def parse(cls, spec: str | None, published: str | None = None) -> ColumnMap:
        """"title=headline,text=body" or "title=2,text=3" (positions: a CSV without header);
        ``published``: a date for the records without one, exactly YYYY-MM-DD."""
        if published is not None:
            published = published.strip()
            if not _ISO_DATE.fullmatch(published) or _date(published) is None:
                raise UsageError(f"--published {published!r}: expected a date as YYYY-MM-DD (2024-05-01)")
        columns: dict[str, str] = {}
        for part in (p.strip() for p in (spec or "").split(",") if p.strip()):
            name, sep, column = part.partition("=")
            name, column = name.strip(), column.strip()
            if not sep or name not in FIELDS or not column:
                raise UsageError(f"--columns {spec!r}: expected FIELD=COLUMN pairs, FIELD one of {', '.join(FIELDS)}")
            columns[name] = column
        positions = [_is_position(c) for c in columns.values()]
        if any(positions) and not all(positions):
            raise UsageError(f"--columns {spec!r}: give all columns by name or all by position")
        for column in columns.values():
            if _is_position(column) and not 0 < int(column.lstrip("0")[:7] or "0") <= MAX_POSITION:
                raise UsageError(f"--columns {spec!r}: a column position runs from 1 to {MAX_POSITION:,}")
        return cls(columns, published)

    @property
    def by_position(self) -> bool:
        return bool(self.columns) and all(_is_position(c) for c in self.columns.values())

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def __bool__(self) -> bool:
        return bool(self.columns)


MAX_POSITION = 100_000  # a CSV column's position: far past any real file's columns
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_position(column: str) -> bool:
    """"3" is a position; "²" passes str.isdigit but int() refuses it, and "٣" is no digit a CSV
    user types for a position: both are column names."""
    return column.isascii() and column.isdigit()


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
    head = _head_text(path, head)
    if path.suffix.lower() == ".csv":
        try:  # newline="": rows end at CR, LF or CRLF, as the file is read (a Mac's CR-only CSV)
            header = next(csv.reader(io.StringIO(head, newline="")), [])
        except csv.Error:  # a NUL byte, a field past the limit: no header to read
            return False
        keys = {h.strip().lower() for h in header}
    else:
        first = next((line for line in _LINE_END.split(head) if line.strip()), "")
        try:
            record = json.loads(first, parse_int=str)
        except (ValueError, RecursionError):  # not JSON, or nested too deeply to read
            return False
        keys = set(record) if isinstance(record, dict) else set()
    return "text" in keys and not {"term", "definition"} <= keys


# The line ends a corpus is read with (io's newline=""): not str.splitlines', which also splits
# at U+2028 and other characters a JSON string may hold as they are.
_LINE_END = re.compile(r"\r\n|\r|\n")


def _head_text(path: Path, head: str) -> str:
    """The start of the file as text in its own encoding: ``head`` is read as UTF-8, which leaves
    a UTF-8 BOM in front and turns UTF-16/32 into replacement characters and NULs."""
    if head.startswith("\ufeff"):
        return head[1:]
    if "\x00" in head or head.startswith("\ufffd"):
        from kg.readers.text_input import read_head, stream_encoding

        try:
            raw = read_head(path, 65_536)
        except InputError:
            return head
        encoding, _ = stream_encoding(raw)
        return raw.decode(encoding, errors="replace").lstrip("\ufeff")
    return head


def read_records(path: Path, columns: ColumnMap, source: str | None = None) -> Iterator[Record | BadRecord]:
    """The records of a corpus file, one at a time; BadRecord for each one that cannot be read.

    Lines are read with a bound (``kg.limits``' ``max_line_chars``): a longer line is skipped
    as a BadRecord without being held in memory. A CSV record whose quote never closes (it runs
    to the end of the file, past the bound, or swallows the next rows so that its field count is
    wrong) is a BadRecord, and reading goes on from the line after the one it started on, so one
    stray quote costs one record, not the rest of the file."""
    from kg.readers.text_input import open_input, stream_encoding

    source = source or str(path)
    raw = open_input(Path(path), source, "max_input_bytes")
    try:
        encoding, name = stream_encoding(raw.read(4096))  # UTF-8, or UTF-16/32 by BOM or zero bytes
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    handle = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    cap = limits.current().max_line_chars
    with handle:
        try:
            if path.suffix.lower() == ".csv":
                yield from _csv_records(_Lines(handle, cap), columns, source)
            else:
                yield from _jsonl_records(_Lines(handle, cap), columns)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"is not {name} text (byte {exc.start} of a line: {exc.reason})") from exc
        except OSError as exc:
            raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc


class _LongLine(Exception):
    def __init__(self, line: int, chars: int):
        super().__init__(line)
        self.line, self.chars = line, chars


class _LongRecord(Exception):
    pass


class _Lines:
    """A file's lines, each read with a bound, numbered, with the lines of the record being read
    kept (its chars bounded too) so that they can be given again after a record that went wrong."""

    def __init__(self, handle, cap: int):
        self.handle, self.cap = handle, cap
        self.number = 0  # the last line read from the file
        self.pushed: collections.deque[tuple[int, str]] = collections.deque()
        self.record: list[tuple[int, str]] = []
        self.chars = 0
        self.eof_in_record = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pushed:
            number, text = self.pushed.popleft()
        else:
            text = self.handle.readline(self.cap + 1)
            if not text:
                self.eof_in_record = bool(self.record)  # the file ended inside a record (a quote left open)
                raise StopIteration
            self.number += 1
            number = self.number
            if len(text) > self.cap and not text.endswith(("\n", "\r")):
                raise _LongLine(number, self._skip_rest(len(text)))
        self.record.append((number, text))
        self.chars += len(text)
        if self.chars > self.cap:
            raise _LongRecord()
        return text

    def _skip_rest(self, chars: int) -> int:
        while True:
            more = self.handle.readline(1 << 20)
            chars += len(more)
            if not more or more.endswith(("\n", "\r")):
                return chars

    @property
    def next_number(self) -> int:
        return self.pushed[0][0] if self.pushed else self.number + 1

    def new_record(self) -> None:
        self.record, self.chars = [], 0
        self.eof_in_record = False

    def again_after_first(self) -> None:
        """Give the current record's lines again, all but its first."""
        self.pushed.extendleft(reversed(self.record[1:]))
        self.new_record()

    @property
    def spanned(self) -> int:
        return len(self.record)


def _too_long(exc: _LongLine) -> str:
    return limits.exceeded("max_line_chars", f"a line longer than the limit ({exc.chars:,} characters)",
                           unit="characters")


def _jsonl_records(lines: _Lines, columns: ColumnMap) -> Iterator[Record | BadRecord]:
    while True:
        lines.new_record()
        try:
            line = next(lines)
        except StopIteration:
            return
        except _LongLine as exc:
            yield BadRecord(exc.line, _too_long(exc))
            continue
        except _LongRecord:  # a line of exactly the limit: no room for its newline
            yield BadRecord(lines.number, limits.exceeded("max_line_chars", "a line as long as the limit",
                                                          unit="characters"))
            continue
        number = lines.number
        if not line.strip():
            continue
        try:
            # numbers stay as written: kg reads every field as text, and Python reads no integer
            # longer than 4,300 digits (a record holding one would fail, not its field)
            raw = json.loads(line, parse_int=str)
        except json.JSONDecodeError as exc:
            yield BadRecord(number, f"not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield BadRecord(number, "not a record: JSON nested too deeply to read")
            continue
        except ValueError as exc:  # a number Python cannot hold
            yield BadRecord(number, f"not a record kg can read ({one_line(exc)})")
            continue
        if not isinstance(raw, dict):
            yield BadRecord(number, "not a JSON object")
            continue
        yield _guarded(number, lambda: _record(number, lambda name: raw.get(columns.column(name)), columns))


def _csv_records(lines: _Lines, columns: ColumnMap, source: str) -> Iterator[Record | BadRecord]:
    csv.field_size_limit(max(csv.field_size_limit(), lines.cap + 1))  # lines.cap bounds every record first
    reader = csv.reader(lines)
    header: list[str] | None = None
    if not columns.by_position:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except _LongLine as exc:
            raise InputError(source, f"its header row cannot be read ({_too_long(exc)})", 1) from None
        except (csv.Error, _LongRecord) as exc:
            raise InputError(source, f"its header row cannot be read ({exc or 'a quote that never closes'})", 1) from None
        problem = _header_problem(header, columns)
        if problem:
            raise InputError(source, problem, 1)
    while True:
        lines.new_record()
        start = lines.next_number
        try:
            row = next(reader)
        except StopIteration:
            return
        except _LongLine as exc:
            yield BadRecord(exc.line, _too_long(exc))
            if lines.spanned > 1:
                lines.again_after_first()
            continue
        except _LongRecord:
            yield BadRecord(start, limits.exceeded(
                "max_line_chars", "a quoted field runs on past the limit (a quote that never closes?)",
                unit="characters"))
            lines.again_after_first()
            continue
        except csv.Error as exc:  # a quote that runs to the end of the file
            end = lines.record[-1][0] if lines.record else start
            yield BadRecord(start, f"not a valid CSV row ({exc}): a quote opened here runs to line {end}")
            if lines.spanned > 1:
                lines.again_after_first()
            continue
        if lines.eof_in_record:  # csv (not strict) gives a quote left open to the end as a field
            yield BadRecord(start, f"a quote opened in this record never closes (it runs to the end of the file, "
                                   f"line {lines.record[-1][0]})")
            if lines.spanned > 1:
                lines.again_after_first()
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is not None:
            if len(row) != len(header):
                reason = f"{len(row)} fields where the header has {len(header)}"
                if lines.spanned > 1:  # a quote that closed rows later: read those rows again
                    reason += f" (a quoted field runs from line {start} to line {lines.record[-1][0]}: a stray quote?)"
                    lines.again_after_first()
                yield BadRecord(start, reason)
                continue
            values = dict(zip(header, row))
            yield _guarded(start, lambda: _record(start, lambda name: values.get(columns.column(name)), columns))
        else:
            def at(name, row=row):
                position = columns.columns.get(name)
                return row[int(position) - 1] if position and 0 < int(position) <= len(row) else None
            yield _guarded(start, lambda: _record(start, at, columns))


# -------------------------------------------------------------------------------------------------
# a column map the file does not fit: refused before any record is read

COLUMN_SAMPLE = 100  # the JSONL records whose keys a --columns map is checked against


def check_columns(path: Path, columns: ColumnMap, source: str | None = None) -> None:
    """Refuse a corpus file that ``columns`` does not fit, before a record is read: an InputError
    naming the file, the column and the columns the file has, for a name its CSV header lacks (and
    for a CSV header without the text column), a position past the fields of its first row, or a
    key none of its first ``COLUMN_SAMPLE`` JSONL records has. A file that cannot be read passes:
    reading it says why."""
    from kg.readers.text_input import open_input, stream_encoding

    source = source or str(path)
    if not columns.columns:
        return
    try:
        raw = open_input(Path(path), source, "max_input_bytes")
    except InputError:
        return
    try:
        encoding, _ = stream_encoding(raw.read(4096))
        raw.seek(0)
        handle = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    except OSError:
        raw.close()
        return
    with handle:
        lines = _Lines(handle, limits.current().max_line_chars)
        try:
            if path.suffix.lower() == ".csv":
                problem = _csv_columns_problem(lines, columns)
            else:
                problem = _jsonl_columns_problem(lines, columns)
        except (UnicodeDecodeError, OSError, csv.Error, _LongLine, _LongRecord):
            return  # reading the records says what is wrong with the file
    if problem:
        raise InputError(source, problem, 1 if path.suffix.lower() == ".csv" and not columns.by_position else None)


def _csv_columns_problem(lines: _Lines, columns: ColumnMap) -> str | None:
    csv.field_size_limit(max(csv.field_size_limit(), lines.cap + 1))
    rows = (row for row in csv.reader(lines) if any(cell.strip() for cell in row))
    first = next(rows, None)
    if first is None:
        return None
    if not columns.by_position:
        return _header_problem([h.strip() for h in first], columns)
    for name, position in columns.columns.items():
        if int(position) > len(first):
            return (f"has no column {int(position)} (--columns {name}={position}): its first row has "
                    f"{len(first)} field{'s' if len(first) != 1 else ''} ({field_listing(first)})")
    return None


def _jsonl_columns_problem(lines: _Lines, columns: ColumnMap) -> str | None:
    keys: set[str] = set()
    seen = 0
    for line in lines:
        lines.new_record()
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_int=str)
        except (ValueError, RecursionError):
            continue  # a malformed record: reading the records reports it
        if isinstance(record, dict):
            keys |= set(record)
            seen += 1
        if seen >= COLUMN_SAMPLE:
            break
    if not seen:
        return None
    for name, column in columns.columns.items():
        if column not in keys:
            among = (f"any of its first {seen} records" if seen >= COLUMN_SAMPLE
                     else "its only record" if seen == 1 else f"any of its {seen} records")
            return (f"has no field {column!r} (--columns {name}={column}) in {among}; "
                    f"their fields are: {field_listing(sorted(keys))}")
    return None


def _header_problem(header: list[str], columns: ColumnMap) -> str | None:
    """Why a CSV header does not fit the column map (a mapped name it lacks, or no text column), or None."""
    for name, column in columns.columns.items():
        if column not in header:
            return f"has no column {column!r} (--columns {name}={column}); its columns are: {field_listing(header)}"
    if columns.column("text") not in header:
        return (f"has no column {columns.column('text')!r} for the article text (map it with --columns "
                f"text=NAME, or text=N for a file without a header); its columns are: {field_listing(header)}")
    return None


def field_listing(names, most: int = 20) -> str:
    """Column or field names as a message lists them: quoted, each cut at 40 characters, at most ``most``."""
    names = [str(n).strip() for n in names]
    shown = [repr(n if len(n) <= 40 else n[:39] + "…") for n in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return (", ".join(shown) or "none") + more


def _guarded(line: int, make) -> Record | BadRecord:
    """``make()``'s record; the last line of defence for one record: an exception nobody
    foresaw makes it a BadRecord with a one-line reason (KG_DEBUG=1 shows the traceback), and
    the file goes on. A record's value must never stop the records after it."""
    try:
        return make()
    except Exception as exc:
        return BadRecord(line, f"cannot be read: {unexpected(exc)}")


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
        if name in ("title", "text"):  # entities, tags and backslash escapes a feed left in it
            text = clean_text(text).strip()
        if text:
            fields[name] = text
    if columns.published and _date(fields.get("published")) is None:
        fields["published"] = columns.published  # kg build --published: a record's own date wins
    if not fields.get("text") and not fields.get("title"):
        return BadRecord(line, f"no article text (field {columns.column('text')!r} is missing or empty)")
    if "url" in fields:
        problem = _url_problem(fields["url"])
        if problem:
            return BadRecord(line, f"field {columns.column('url')!r} is not a URL kg can read ({problem})")
    return Record(line, fields)


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be taken apart ("Invalid IPv6 URL" for ``http://[::1``), or None."""
    try:
        urlsplit(url).hostname
    except ValueError as exc:
        return one_line(exc)
    return None


# -------------------------------------------------------------------------------------------------
# a record as a Document

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")  # a literal "\n" was made one when the record was read
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


# -------------------------------------------------------------------------------------------------
# the corpus as an input format

def record_part(record: Record, source: str) -> Part:
    """A record as one part of its corpus file, keyed by its id."""
    return Part(record.record_id, source, record.digest, partial(record_document, record, source), line=record.line)


def _columns(probe: Probe) -> ColumnMap:
    """The probe's column map (an empty map is falsy, yet may carry a --published date)."""
    return probe.columns if probe.columns is not None else ColumnMap()


def _recognises(probe: Probe) -> bool:
    # a corpus is told from its first record, never read whole to be recognised
    return (probe.suffix in CORPUS_SUFFIXES
            and is_corpus(probe.path, probe.head.decode("utf-8", errors="replace"), _columns(probe)))


def _parts(probe: Probe) -> Iterator[Part | Skip]:
    """Each record, read one at a time; a malformed record (``FILE#L{line}``) and a record whose
    id an earlier one used (which would overwrite its twin's graph) are skipped, saying why."""
    source = probe.source
    seen: set[str] = set()
    check_columns(probe.path, _columns(probe), source)  # a map the file does not fit fails it whole
    for record in read_records(probe.path, _columns(probe), source):
        if isinstance(record, BadRecord):
            yield Skip(f"L{record.line}", source, f"{source}:{record.line}: {record.reason}")
            continue
        if record.record_id in seen:
            yield Skip(record.record_id, source,
                       f"{source}:{record.line}: id {record.record_id!r} was used by an earlier record")
            continue
        seen.add(record.record_id)
        yield record_part(record, source)


FORMAT = InputFormat(READER_NAME, _recognises, parts=_parts)
