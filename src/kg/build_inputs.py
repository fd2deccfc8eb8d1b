"""What a build reads: files, directories (recursively) and globs, with corpus files opened up into
one work item per article record. Items come one at a time, so a corpus of any size streams.

A work item knows its key (its identity in the store: a file's name, or its path under a directory
given to ``kg build``; ``FILE#ID`` for a corpus record), its content hash, and how to become a
Document. Problems are items too: a path that does not exist, a file that cannot be read (failed),
a malformed corpus record (skipped).

A web archive (``.warc``, ``.warc.gz``) is opened up like a corpus: each HTML page it holds is a
work item keyed ``FILE#URL`` (the record's WARC-Target-URI, or its record id), whose document
records the URL as its source; a record that holds no HTML page is skipped with its reason; a
truncated or corrupt archive fails after the pages read before the damage. Archives are streamed
record by record, never read whole. HTML pages (``.html``/``.htm``, gzipped or not) are files like
any other; ``profiles`` (kg.readers.profiles.SiteProfile) steer how their HTML is read.
"""
from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.documents import Document
from kg.errors import InputError
from kg.readers import content_hash, read_document
from kg.readers.corpus import BadRecord, ColumnMap, Record, is_corpus, read_records, record_document
from kg.readers.html_page import read_html
from kg.readers.profiles import SiteProfile
from kg.readers.text_input import read_bytes
from kg.readers.warc import WarcSkip, is_warc_path, iter_warc

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class WorkItem:
    """One document to build: a whole file (``data``) or one corpus record (``record``)."""

    key: str
    source: str
    digest: str
    path: Path
    data: bytes | None = None
    record: Record | None = None
    archived: bool = False  # ``data`` is an HTML page from a web archive record
    url: str | None = None  # that record's target URI
    charset: str | None = None  # the charset its HTTP headers gave
    profiles: tuple[SiteProfile, ...] = ()

    def document(self) -> Document:
        if self.record is not None:
            return record_document(self.record, self.source)
        if self.archived:
            assert self.data is not None
            return read_html(self.data, self.url or self.source, self.digest, where=self.source,
                             url=self.url, http_charset=self.charset, profiles=self.profiles)
        return read_document(self.path, self.source, self.data, profiles=self.profiles)


@dataclass(frozen=True)
class Problem:
    """An input that gives no document: ``status`` is "failed" (a file) or "skipped" (a record)."""

    key: str
    source: str
    status: str
    message: str
    input_error: bool = True


def expand_paths(paths: Iterable[Path | str]) -> Iterator[tuple[Path, str] | Problem]:
    """(file, key) for every file named, found under a directory (sorted, hidden files left out)
    or matched by a glob ("corpus/**/*.jsonl"); a Problem for a path that names nothing."""
    for raw in paths:
        path = Path(raw)
        text = str(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))):
                yield child, child.relative_to(path).as_posix()
        elif path.exists():
            yield path, path.name
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                yield Problem(path.name, text, "failed", f"{text}: no file matches this pattern")
            for match in matches:
                yield match, match.as_posix()
        else:
            yield Problem(path.name, text, "failed", f"{text}: no such file or directory")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def work_items(paths: Iterable[Path | str], columns: ColumnMap | None = None,
               profiles: Iterable[SiteProfile] = ()) -> Iterator[WorkItem | Problem]:
    """Every document the paths hold, one at a time; ``profiles`` are site profiles for HTML
    pages (tried before the bundled ones)."""
    columns = columns or ColumnMap()
    profiles = tuple(profiles)
    for found in expand_paths(paths):
        if isinstance(found, Problem):
            yield found
            continue
        path, key = found
        source = str(path)
        if is_warc_path(path):
            yield from _archive(path, key, source, profiles)
            continue
        try:
            data = read_bytes(path)
        except InputError as exc:
            yield Problem(key, source, "failed", str(exc))
            continue
        if data.startswith(b"WARC/"):  # an archive under another name
            del data
            yield from _archive(path, key, source, profiles)
            continue
        head = data[:65_536].decode("utf-8", errors="replace")
        if is_corpus(path, head, columns):
            del data  # a corpus is read again record by record, never held whole
            yield from _records(path, key, source, columns)
        else:
            yield WorkItem(key, source, content_hash(data), path, data=data, profiles=profiles)


def _archive(path: Path, key: str, source: str, profiles: tuple[SiteProfile, ...]) -> Iterator[WorkItem | Problem]:
    """The HTML pages of a web archive, one work item each; skipped records and damage as Problems."""
    seen: dict[str, str] = {}
    try:
        for found in iter_warc(path, source):
            record_key = f"{key}#{found.name}"
            where = f"{source}#{found.name}"
            if isinstance(found, WarcSkip):
                yield Problem(record_key, where, "skipped", f"{where}: {found.reason}")
                continue
            if record_key in seen:  # a URL archived twice: the first capture is the document
                yield Problem(record_key, where, "skipped",
                              f"{where}: record {found.record_id} archives a URL already read from "
                              f"record {seen[record_key]}")
                continue
            seen[record_key] = found.record_id or "?"
            yield WorkItem(record_key, where, content_hash(found.payload), path, data=found.payload,
                           archived=True, url=found.uri, charset=found.charset, profiles=profiles)
    except InputError as exc:
        yield Problem(key, source, "failed", str(exc))


def _records(path: Path, key: str, source: str, columns: ColumnMap) -> Iterator[WorkItem | Problem]:
    seen: set[str] = set()
    try:
        for record in read_records(path, columns, source):
            if isinstance(record, BadRecord):
                yield Problem(f"{key}#L{record.line}", source, "skipped", f"{source}:{record.line}: {record.reason}")
                continue
            record_key = f"{key}#{record.record_id}"
            if record_key in seen:  # a repeated id would overwrite its twin's graph
                yield Problem(record_key, source, "skipped",
                              f"{source}:{record.line}: id {record.record_id!r} was used by an earlier record")
                continue
            seen.add(record_key)
            yield WorkItem(record_key, source, record.digest, path, record=record)
    except InputError as exc:
        yield Problem(key, source, "failed", str(exc))
