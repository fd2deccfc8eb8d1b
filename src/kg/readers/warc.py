"""Web archives: the HTML pages in a WARC (or WARC.gz) file, read with warcio.

Each ``response`` record (and ``resource`` record) whose payload is an HTML page becomes a
``WarcPage``: its target URI, record id, the HTTP charset, and the payload with transfer and
content encodings undone. Records that hold something else (an image, JSON, a redirect, an
error page, a revisit with no payload) are ``WarcSkip``s with the reason; request, metadata and
warcinfo records are no pages and are passed over in silence.

warcio stops quietly at a cut-off file. This module does not: the file is read through a
decompressor of its own that notices a gzip member cut short, and each record's payload is
checked against its declared length, so ``iter_warc`` yields every complete record read before
the damage and then raises an InputError saying where the file ends.

What warcio says of odd records it still reads (a record not followed by its blank lines, a
Content-Length that looks wrong, spaces in a target URI) it writes straight to stderr or logs,
over several lines; here each becomes one ``kg.errors.KgWarning`` naming the file and record,
which the CLI shows as ``kg: warning: ...``. A record whose target URI cannot be taken apart as a
URL is skipped, saying so.

As an input format (``FORMAT``): a file named .warc/.warc.gz, or starting with a WARC record
(gzipped or not) under any name, opens into one part per page, keyed ``FILE#URL``.
"""
from __future__ import annotations

import contextlib
import logging
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import InputError, KgWarning, one_line, shown_name
from kg.readers.html.decode import charset_of_content_type
from kg.readers.html.page import read_html
from kg.readers.html.profiles import load_profiles
from kg.readers.input_format import InputFormat, Part, Probe, Skip, content_hash

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SILENT = frozenset({"request", "metadata", "warcinfo", "conversion", "continuation"})


@dataclass(frozen=True)
class WarcPage:
    uri: str | None
    record_id: str | None
    payload: bytes
    charset: str | None  # from the HTTP Content-Type header

    @property
    def name(self) -> str:
        """What names the record: its target URI, else its record id."""
        return self.uri or self.record_id or "?"


@dataclass(frozen=True)
class WarcSkip:
    uri: str | None
    record_id: str | None
    reason: str

    @property
    def name(self) -> str:
        return self.uri or self.record_id or "?"


def is_warc_path(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def starts_like_warc(head: bytes) -> bool:
    """A WARC file, gzipped or not, by its first bytes (an archive under another name)."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(wbits=31).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


class _Stream:
    """The file's bytes, un-gzipped member after member when it is gzipped, in bounded steps
    (``kg.readers.compressed``: a record that expands past ``kg.limits`` raises ``Expansion``).
    Where the data ends inside a gzip member (or a member is corrupt) reading stops and
    ``damage`` says why; warcio then sees the end of the file, and ``iter_warc`` reports it.
    At most ``max_input_bytes`` are read from the file."""

    def __init__(self, handle, max_input: int):
        from kg.readers.compressed import Inflater

        self.handle = handle
        self.damage: str | None = None
        self.buffer = bytearray()  # consumed from the front with del, which CPython does in O(1)
        self.left = max_input  # bytes the file may still give
        magic = handle.read(2)
        handle.seek(0)
        self.gzipped = magic == b"\x1f\x8b"
        self.inflater = Inflater("a record's gzip data") if self.gzipped else None

    def new_record(self) -> None:
        if self.inflater is not None:
            self.inflater.restart()

    def _fill(self, size: int) -> None:
        from kg.readers.compressed import Corrupt

        while len(self.buffer) < size and self.damage is None:
            if self.gzipped:
                try:
                    out = self.inflater.step()
                except Corrupt as exc:
                    self.damage = f"its gzip data is corrupt ({exc})"
                    return
                if out:
                    self.buffer += out
                    continue
            chunk = self._read()
            if not chunk:
                if self.gzipped and self.inflater.in_member:
                    self.damage = "its gzip data ends inside a member"
                return
            if self.gzipped:
                self.inflater.feed(chunk)
            else:
                self.buffer += chunk

    def _read(self) -> bytes:
        if self.left <= 0:
            if self.handle.read(1):
                raise _TooLarge()
            return b""
        chunk = self.handle.read(min(65_536, self.left))
        self.left -= len(chunk)
        return chunk

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 62
        self._fill(size)
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def readline(self, size: int = -1) -> bytes:
        limit = size if size is not None and size >= 0 else 1 << 62
        while b"\n" not in self.buffer[:limit] and self.damage is None and len(self.buffer) < limit:
            before = len(self.buffer)
            self._fill(len(self.buffer) + 8192)
            if len(self.buffer) == before:
                break
        end = self.buffer.find(b"\n", 0, limit)
        cut = end + 1 if end >= 0 else min(limit, len(self.buffer))
        data = bytes(self.buffer[:cut])
        del self.buffer[:cut]
        return data

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return bytes(self.buffer[:size])


class _TooLarge(Exception):
    """The file gave more than ``max_input_bytes`` (it grew while being read)."""


def iter_warc(path: Path, source: str | None = None,
              max_payload: int | None = None) -> Iterator[WarcPage | WarcSkip]:
    """The pages of a WARC file, one record at a time; InputError (after what was read) for a
    file that is not a WARC, is truncated or corrupt, or goes past ``kg.limits``: the file
    larger than ``max_input_bytes``, a record expanding past ``max_decompressed_bytes`` or the
    expansion ratio. A page larger than ``max_payload`` (default ``max_document_bytes``) is a
    WarcSkip."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from kg import limits
    from kg.readers.compressed import Expansion
    from kg.readers.text_input import open_input

    source = source or str(path)
    lim = limits.current()
    max_payload = lim.max_document_bytes if max_payload is None else max_payload
    handle = open_input(Path(path), source, "max_input_bytes")
    with handle:
        stream = _Stream(handle, lim.max_input_bytes)
        head = stream.peek(16)
        if not head.strip():
            raise InputError(source, "file is empty" if stream.damage is None else _damaged(stream.damage))
        if not (head.startswith(b"WARC/") or head.startswith(b"filedesc://")):
            raise InputError(source, "is not a WARC file (it does not start with a WARC record)")
        records = 0
        name = None
        said = _WarcioSays(source)
        try:
            archive = iter(ArchiveIterator(stream, arc2warc=True))
            while True:
                before = _label(records, name)  # warcio notices a record's bad length reading the next
                with said.about(lambda: _label(records, name), before):
                    record = next(archive, None)
                    if record is None:
                        break
                    records += 1
                    headers = record.rec_headers
                    name = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID")
                    found = _page(record, max_payload)
                    stream.new_record()
                if found is not None:  # yielded outside: what runs meanwhile writes to the real stderr
                    yield found
        except Expansion as exc:
            raise InputError(source, f"record {records + (records == 0)} ({name or '?'}): {exc.message}") from None
        except _TooLarge:
            raise InputError(source, limits.exceeded("max_input_bytes", "the file grew past the size limit while "
                                                     "it was read", lim.max_input_bytes)) from None
        except ArchiveLoadFailed as exc:
            if stream.damage is None:
                raise InputError(source, f"the archive is corrupt after record {records} ({name}): "
                                         f"{_first_line(exc)}") from exc
        except _Truncated as exc:
            where = f"record {records} ({exc.name})" if exc.name != "?" else f"record {records}"
            if not exc.expected:
                raise InputError(source, f"the file is truncated or corrupt inside {where}: its header "
                                         "is incomplete") from exc
            raise InputError(source, f"the file is truncated inside {where}: "
                                     f"{exc.got:,} of {exc.expected:,} bytes present"
                             + (f"; {stream.damage}" if stream.damage else "")) from exc
        except (AttributeError, TypeError, ValueError, KeyError, IndexError, EOFError, UnicodeError) as exc:
            # warcio trips over some damaged headers (a record cut inside its header block)
            # with errors of its own; they say the same as a corrupt or truncated file
            if stream.damage is None:
                raise InputError(source, f"the archive is corrupt or truncated after record {records}"
                                         f"{f' ({name})' if name else ''}: a record's header cannot be read "
                                         f"({type(exc).__name__})") from None
        if stream.damage is not None:
            raise InputError(source, _damaged(stream.damage, records))


class _WarcioSays:
    """warcio's complaints while it reads one record, each made one KgWarning:
    ``FILE: record N (URI): warcio: WHAT``. warcio writes them to ``sys.stderr`` itself (several
    lines for one) and logs others; both are caught only while warcio runs, never around a yield."""

    def __init__(self, source: str):
        self.source = source

    @contextlib.contextmanager
    def about(self, current, before: str):
        """``current()``: the record being read, once it is; ``before``: the one read last."""
        lines: list[str] = []

        class Catch(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                lines.append(record.getMessage())

        class Written:
            def write(self, text: str) -> int:
                lines.append(text)
                return len(text)

            def flush(self) -> None:
                pass

        logger = logging.getLogger("warcio")
        handler, propagate = Catch(), logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            with contextlib.redirect_stderr(Written()):
                yield
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
            for text in lines:
                said = _said(text)
                if said:
                    # "not followed by newline" is found past the end of the record it is about
                    where = before if said.startswith("Record not followed") else current()
                    warnings.warn(KgWarning(f"{shown_name(self.source)}: {where}: warcio: {shown_name(said)}"),
                                  stacklevel=2)


def _label(records: int, name: str | None) -> str:
    return f"record {records}" + (f" ({name})" if name else "") if records else "the start of the file"


def _said(text: str) -> str:
    """warcio's words on one line: "WARNING: Record not followed by newline, perhaps
    Content-Length is invalid / Offset: 976 / Remainder: b'...'" -> "Record ... (at byte 976)"."""
    parts = [p.strip() for p in text.strip().splitlines() if p.strip()]
    if not parts:
        return ""
    head = parts[0].removeprefix("WARNING:").strip()
    offset = next((p.split(":", 1)[1].strip() for p in parts[1:] if p.lower().startswith("offset:")), None)
    rest = [p for p in parts[1:] if not p.lower().startswith(("offset:", "remainder:"))]
    return one_line(" ".join([head, *rest]) + (f" (at byte {offset})" if offset else ""))


def _damaged(damage: str, records: int | None = None) -> str:
    after = f" after {records} records" if records is not None else ""
    if "corrupt" in damage:
        return f"the archive is corrupt{after} ({damage})"
    return f"the file is truncated{after} ({damage})"


class _Truncated(Exception):
    def __init__(self, name: str, got: int, expected: int):
        super().__init__(name)
        self.name, self.got, self.expected = name, got, expected


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _page(record, max_payload: int) -> WarcPage | WarcSkip | None:
    headers = record.rec_headers
    kind = record.rec_type
    uri = headers.get_header("WARC-Target-URI")
    record_id = headers.get_header("WARC-Record-ID")
    name = uri or record_id or "?"
    if not kind:
        raise _Truncated(name, 0, record.length or 0)
    if kind in _SILENT:
        _drain(record, name)
        return None
    if kind not in ("response", "resource"):
        _drain(record, name)
        return WarcSkip(uri, record_id, f"a {kind} record holds no page")
    if uri is not None:
        try:
            urlsplit(uri).hostname  # the page's URL names its site and is the document's source
        except ValueError as exc:
            _drain(record, name)
            return WarcSkip(uri, record_id, f"its WARC-Target-URI is not a URL kg can read ({one_line(exc)})")
    http = record.http_headers
    if http is not None:
        content_type = http.get_header("Content-Type") or ""
        status = http.get_statuscode() or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
        status = "200"
    payload = record.content_stream().read(max_payload + 1)
    _drain(record, name)
    mime = content_type.split(";")[0].strip().lower()
    if status and not status.startswith("2"):
        return WarcSkip(uri, record_id, f"HTTP status {status}, not a page")
    if len(payload) > max_payload:
        from kg import limits

        return WarcSkip(uri, record_id, limits.exceeded("max_document_bytes", "the page is too large", max_payload))
    if mime and mime not in _HTML_TYPES:
        return WarcSkip(uri, record_id, f"not an HTML page ({mime})")
    if not mime:
        from kg.readers.html.page import looks_like_html

        if not looks_like_html(payload):
            return WarcSkip(uri, record_id, "not an HTML page (no content type, and it does not look like HTML)")
    return WarcPage(uri, record_id, payload, charset_of_content_type(content_type))


def _drain(record, name: str) -> None:
    """Read the rest of the record and check that all of its declared bytes were there."""
    raw = record.raw_stream
    while raw.read(65_536):
        pass
    remaining = getattr(raw, "limit", 0)
    if remaining:
        expected = record.length or 0
        raise _Truncated(name, expected - remaining, expected)


# -------------------------------------------------------------------------------------------------
# the archive as an input format

def _recognises(probe: Probe) -> bool:
    return is_warc_path(probe.path) or starts_like_warc(probe.head)


def _parts(probe: Probe) -> Iterator[Part | Skip]:
    """Each HTML page archived, read when its document is made, with the page's URL as its
    source; a record that holds no page, and a later capture of a URL already read, are skipped."""
    profiles = load_profiles(probe.profiles)
    seen: dict[str, str] = {}  # page name -> the record id it was read from
    for found in iter_warc(probe.path, probe.source):
        where = f"{probe.source}#{found.name}"
        if isinstance(found, WarcSkip):
            yield Skip(found.name, where, f"{where}: {found.reason}")
            continue
        if found.name in seen:  # a URL archived twice: the first capture is the document
            yield Skip(found.name, where, f"{where}: record {found.record_id} archives a URL already read from "
                                          f"record {seen[found.name]}")
            continue
        seen[found.name] = found.record_id or "?"
        digest = content_hash(found.payload)
        yield Part(found.name, where, digest, partial(read_html, found.payload, found.uri or where, digest, where=where,
                                                      url=found.uri, http_charset=found.charset, profiles=profiles))


FORMAT = InputFormat("warc", _recognises, parts=_parts)
