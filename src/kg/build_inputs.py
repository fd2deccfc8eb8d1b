"""What a build reads: files, directories (recursively) and globs, with corpus files opened up into
one work item per article record. Items come one at a time, so a corpus of any size streams.

A work item knows its key (its identity in the store: a file's name, or its path under a directory
given to ``kg build``; ``FILE#ID`` for a corpus record), its content hash, and how to become a
Document. Problems are items too: a path that does not exist, a file that cannot be read (failed),
a malformed corpus record (skipped).
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
from kg.readers.text_input import read_bytes

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

    def document(self) -> Document:
        if self.record is not None:
            return record_document(self.record, self.source)
        return read_document(self.path, self.source, self.data)


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


def work_items(paths: Iterable[Path | str], columns: ColumnMap | None = None) -> Iterator[WorkItem | Problem]:
    """Every document the paths hold, one at a time."""
    columns = columns or ColumnMap()
    for found in expand_paths(paths):
        if isinstance(found, Problem):
            yield found
            continue
        path, key = found
        source = str(path)
        try:
            data = read_bytes(path)
        except InputError as exc:
            yield Problem(key, source, "failed", str(exc))
            continue
        head = data[:65_536].decode("utf-8", errors="replace")
        if is_corpus(path, head, columns):
            del data  # a corpus is read again record by record, never held whole
            yield from _records(path, key, source, columns)
        else:
            yield WorkItem(key, source, content_hash(data), path, data=data)


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
