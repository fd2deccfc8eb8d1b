"""What a build reads: files, directories (recursively) and globs, with files that hold many
documents opened up into one work item each. Items come one at a time, so a corpus of any size
streams.

A work item knows its key (its identity in the store, see ``input_key``: the path as the user named
it, normalised; ``FILE#NAME`` for a part of a file that holds many), its content hash, and how to
become a Document. Problems are items too: a path that does not exist, a file that cannot be read
(failed), a part that gives no document (skipped).

Which reader an input goes to is the readers' registry's decision (``kg.readers.registry``): a file
is first offered, from its name and first 64 KiB, to the formats that open into many parts — a
web archive (``.warc``, ``.warc.gz``, or WARC records under any name: each HTML page a work item
keyed ``FILE#URL``, its document recording the URL as its source; a truncated or corrupt archive
fails after the pages read before the damage), a corpus (JSONL/CSV article records: ``FILE#ID``).
Parts are streamed, never read whole. Any other file is read whole, and the format that reads it
is found when its document is made (``kg.readers.read_document``); ``profiles``
(kg.readers.html.profiles.SiteProfile) steer how HTML pages are read.
"""
from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.documents import Document
from kg.errors import InputError, shown_name
from kg.readers import corpus, read_document, registry
from kg.readers.corpus import ColumnMap
from kg.readers.html.profiles import SiteProfile
from kg.readers.input_format import InputFormat, Part, Probe, Skip
from kg.readers.text_input import regular_file

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class WorkItem:
    """One document to build: a whole file (``data``) or one part of a file that holds many."""

    key: str
    source: str
    digest: str
    path: Path
    data: bytes | None = None
    part: Part | None = None  # a corpus record, an archived page ...
    profiles: tuple[SiteProfile, ...] = ()  # site profiles for a whole file that is an HTML page
    legacy_key: str | None = None  # the key kg gave the same input before issue 21 (see input_key)

    def document(self) -> Document:
        if self.part is not None:
            return self.part.read()
        return read_document(self.path, self.source, self.data, profiles=self.profiles)

    @property
    def record(self) -> Part | None:
        """The part when it starts on a line of its file (``record.line``), else None: what
        kg.build.pipeline names a failure's place with."""
        return self.part if self.part is not None and self.part.line is not None else None


@dataclass(frozen=True)
class Problem:
    """An input that gives no document: ``status`` is "failed" (a file) or "skipped" (a record)."""

    key: str
    source: str
    status: str
    message: str
    input_error: bool = True


@dataclass(frozen=True)
class InputFile:
    """A file to read: its path, its key, and the key the rule before issue 21 gave it."""

    path: Path
    key: str
    legacy_key: str


def input_key(path: Path | str) -> str:
    """A path's identity in the store, as the user named it: normalised (POSIX separators, no "."
    or repeated separators, ".." taken lexically), relative to the working directory when it lies
    under it, else absolute. So ``a/page.txt`` and ``b/page.txt`` are two documents; ``kg build a/``
    and ``kg build a/page.txt`` (or ``./a//page.txt``) name ``a/page.txt`` alike; and the same command
    run from the same directory gives the same keys on every run and machine. Symbolic links are
    not resolved: the key follows the name given. A file name's bytes that are not UTF-8 are written
    as ``\\xNN``, so every key can be stored."""
    text = os.fspath(path)
    try:
        cwd = os.getcwd()
        absolute = os.path.abspath(text)
    except OSError:  # the working directory was removed: the path as given, normalised
        cwd, absolute = None, os.path.normpath(text)
    if cwd is not None and absolute == cwd:
        key = ""
    elif cwd is not None and absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        key = os.path.relpath(absolute, cwd)
    else:
        key = absolute
    key = Path(key).as_posix() if key else ""
    return key.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _under(folder_key: str, rel: str) -> str:
    """The key of a file found at ``rel`` under a directory keyed ``folder_key``."""
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return f"{folder_key.rstrip('/')}/{rel}" if folder_key else rel


def expand_paths(paths: Iterable[Path | str]) -> Iterator[InputFile | Problem]:
    """An InputFile for every file named, found under a directory (sorted, hidden files left out)
    or matched by a glob ("corpus/**/*.jsonl"); a Problem for a path that names nothing or cannot
    be looked at (a directory on its way unreadable, a name too long): one line naming it, and the
    other paths are still read.

    Symbolic links under a directory are followed, each directory read once (a link that leads
    back to a directory already read, a loop, is not followed again); a broken link and a FIFO,
    socket or device are named and skipped, never followed forever or read."""
    for raw in paths:
        path = Path(raw)
        text = str(raw)
        key = input_key(path)
        try:
            st = os.stat(path)  # follows links
        except (FileNotFoundError, NotADirectoryError):
            st = None
        except OSError as exc:  # EACCES on a directory on the way, ELOOP, ENAMETOOLONG ...
            if exc.errno == errno.ELOOP:
                reason = "is a symbolic link that loops (it leads back to itself)"
            else:
                reason = f"cannot be read ({exc.strerror or exc})"
            yield Problem(key, text, "failed", f"{shown_name(text)}: {reason}")
            continue
        if st is not None and stat.S_ISDIR(st.st_mode):
            yield from _walk(path, key)
        elif st is not None:
            yield InputFile(path, key, path.name)
        elif os.path.lexists(path):  # a broken symbolic link named directly
            try:
                regular_file(path, text)
            except InputError as exc:
                yield Problem(key, text, "failed", str(exc))
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if _is_file(m))
            if not matches:
                yield Problem(key, text, "failed", f"{shown_name(text)}: no file matches this pattern")
            for match in matches:
                yield InputFile(match, input_key(match), match.as_posix())
        else:
            yield Problem(key, text, "failed", f"{shown_name(text)}: no such file or directory")


def _is_file(name: str) -> bool:
    """A regular file (after links); False for what cannot be looked at, which then goes unmatched."""
    try:
        return stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return False


def _walk(top: Path, top_key: str) -> Iterator[InputFile | Problem]:
    """The files under ``top`` in sorted order of their path's parts, without recursion; each keyed
    ``top_key`` + "/" + its path under ``top``."""
    found: list[tuple[tuple[str, ...], InputFile | Problem]] = []
    try:
        first = top.stat()
    except OSError as exc:
        yield Problem(top_key, str(top), "failed", f"{shown_name(top)}: cannot be read ({exc.strerror or exc})")
        return
    seen = {(first.st_dev, first.st_ino)}
    stack: list[tuple[Path, tuple[str, ...]]] = [(top, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            rel = "/".join(parts)
            found.append((parts, Problem(_under(top_key, rel) if rel else top_key, str(folder), "skipped",
                                         f"{shown_name(folder)}: directory cannot be read ({exc.strerror or exc})")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = folder / entry.name
            rel_parts = parts + (entry.name,)
            rel = "/".join(rel_parts)
            key = _under(top_key, rel)
            where = shown_name(child)
            try:
                st = os.stat(child)  # follows links
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    reason = "a symbolic link that loops (it leads back to itself): not followed"
                elif entry.is_symlink():
                    reason = "a broken symbolic link (what it points to does not exist)"
                else:
                    reason = f"cannot be read ({exc.strerror or exc})"
                found.append((rel_parts, Problem(key, str(child), "skipped", f"{where}: {reason}")))
                continue
            ident = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if ident in seen:  # a link loop, or a second way to a directory: it is read once
                    continue
                seen.add(ident)
                stack.append((child, rel_parts))
            elif stat.S_ISREG(st.st_mode):
                found.append((rel_parts, InputFile(child, key, rel)))
            else:
                found.append((rel_parts, Problem(key, str(child), "skipped",
                                                 f"{where}: not a regular file (a FIFO, socket or device): not read")))
    for _, item in sorted(found, key=lambda f: f[0]):
        yield item


def work_items(paths: Iterable[Path | str], columns: ColumnMap | None = None,
               profiles: Iterable[SiteProfile] = ()) -> Iterator[WorkItem | Problem]:
    """Every document the paths hold, one at a time; ``profiles`` are site profiles for HTML
    pages (tried before the bundled ones)."""
    columns = columns if columns is not None else ColumnMap()
    profiles = tuple(profiles)
    for found in expand_paths(paths):
        if isinstance(found, Problem):
            yield found
            continue
        path, key, legacy = found.path, found.key, found.legacy_key
        source = str(path)
        probe = Probe(path, source, columns=columns, profiles=profiles)
        try:
            many = registry.opening_many(probe)
            if many is None:
                data = probe.data  # a document is read whole (up to max_document_bytes)
        except InputError as exc:
            yield Problem(key, source, "failed", str(exc))
            continue
        if many is not None:
            yield from _parts(many, probe, key, legacy)
            continue
        yield WorkItem(key, source, probe.digest, path, data=data, profiles=profiles, legacy_key=legacy)


def column_problems(paths: Iterable[Path | str], columns: ColumnMap) -> Iterator[str]:
    """A one-line message for each corpus file among ``paths`` that ``columns`` does not fit, naming
    the file, the column and the columns it has (kg.readers.corpus.check_columns): checked before a
    build begins, so that such a map fails the build before anything is stored. Paths that name
    nothing, and files that cannot be read, are left to the build to report."""
    for found in expand_paths(paths):
        if isinstance(found, Problem):
            continue
        probe = Probe(found.path, str(found.path), columns=columns)
        try:
            fmt = registry.opening_many(probe)
        except InputError:
            continue
        if fmt is None or fmt.name != corpus.READER_NAME:
            continue
        try:
            corpus.check_columns(found.path, columns, str(found.path))
        except InputError as exc:
            yield str(exc)


_ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def estimate_documents(paths: Iterable[Path | str], columns: ColumnMap | None = None) -> int | None:
    """About how many documents (and problems) a build of ``paths`` reports, for its progress line:
    one per file or path that names nothing, and a corpus file's lines (less a CSV's header row:
    blank lines and records that span lines make it an estimate). None when a web archive is among
    them (its pages are not counted ahead of reading). Reads the corpus files once more, fast (their
    line ends only)."""
    columns = columns if columns is not None else ColumnMap()
    total = 0
    for found in expand_paths(paths):
        if isinstance(found, Problem):
            total += 1
            continue
        name = found.path.name.lower()
        if name.endswith(_ARCHIVE_SUFFIXES):
            return None
        if not name.endswith(corpus.CORPUS_SUFFIXES):
            total += 1
            continue
        probe = Probe(found.path, str(found.path), columns=columns)
        try:
            fmt = registry.opening_many(probe)
        except InputError:
            fmt = None
        if fmt is None or fmt.name != corpus.READER_NAME:
            total += 1
            continue
        lines = _count_lines(found.path)
        header = name.endswith(".csv") and not columns.by_position
        total += max(1, lines - (1 if header else 0))
    return total


def _count_lines(path: Path) -> int:
    """The lines of a file (LF, CRLF or CR line ends), counted 1 MiB at a time; 0 if it cannot be read."""
    lf = cr = 0
    last = b""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lf += chunk.count(b"\n")
                cr += chunk.count(b"\r")
                last = chunk[-1:]
    except OSError:
        return 0
    lines = lf or cr
    return lines + (1 if last and last not in b"\r\n" else 0)


def _parts(fmt: InputFormat, probe: Probe, key: str, legacy: str) -> Iterator[WorkItem | Problem]:
    """The parts of a file that holds many documents, each keyed ``key#NAME``; a part that gives
    none is skipped; a file that cannot be read on (truncated, corrupt, too large) fails after the
    parts read before."""
    try:
        for part in fmt.parts(probe):
            if isinstance(part, Skip):
                yield Problem(f"{key}#{part.name}", part.source, "skipped", part.message)
                continue
            yield WorkItem(f"{key}#{part.name}", part.source, part.digest, probe.path, part=part,
                           legacy_key=f"{legacy}#{part.name}")
    except InputError as exc:
        yield Problem(key, probe.source, "failed", str(exc))
