"""Reading an input file's bytes and decoding them as text, refusing what is not text.

``read_bytes`` refuses missing files, directories, FIFOs and devices, broken or looping symbolic
links, unreadable and oversized files (``kg.limits``); ``decode_text`` refuses empty, binary and
undecodable data (UTF-8 with or without BOM; UTF-16/32 with a BOM, or UTF-16 without one when
its zero bytes say so), and normalises what it accepts:
newlines become ``\\n`` and the text is put in Unicode NFC. Nothing else is changed (curly
quotes, no-break spaces and the like stay as the publisher wrote them), so offsets into the
returned string are offsets into the publisher's text.
"""
from __future__ import annotations

import codecs
import errno
import os
import stat
import unicodedata
from pathlib import Path

from kg import limits
from kg.errors import InputError

DEFAULT_MAX_BYTES = limits.DEFAULTS.max_document_bytes  # the default; kg.limits says what is in force

# Share of control characters (other than tab, newline, carriage return, form feed, vertical
# tab and escape) above which data is taken for binary. Text has almost none; random bytes
# have about 10%.
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE = 65_536
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in _TEXT_CONTROLS)

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def stream_encoding(head: bytes) -> tuple[str, str]:
    """The codec to read a text stream starting with ``head`` with, and the encoding's name for
    messages: UTF-16/32 by their byte order marks, UTF-16 without one when its zero bytes say so,
    else UTF-8 (a BOM, if any, is dropped). As ``decode_text``, for what is read line by line."""
    for mark, encoding, name in _BOMS:
        if head.startswith(mark):
            return ("utf-8-sig" if name == "UTF-8" else name.lower()), name  # "utf-16" reads its BOM
    utf16 = utf16_without_bom(head)
    if utf16:
        return utf16, "UTF-16"
    return "utf-8-sig", "UTF-8"


def regular_file(path: Path, source: str | None = None) -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file (a symbolic link to one is fine); an
    InputError naming it for anything else: missing, a directory, a FIFO, socket or device (whose
    reading could block or never end), a broken or looping symbolic link, unreadable."""
    path = Path(path)
    source = source or str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(source, "is a broken symbolic link (what it points to does not exist)") from None
        raise InputError(source, "file not found") from None
    except OSError as exc:  # ELOOP, EACCES on a directory on the way, ENAMETOOLONG ...
        if exc.errno == errno.ELOOP:
            raise InputError(source, "is a symbolic link that loops (it leads back to itself)") from None
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(source, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device")
        raise InputError(source, f"is {kind}, not a regular file: kg reads files")
    return st


def open_input(path: Path, source: str | None = None, limit: str = "max_input_bytes"):
    """A regular file opened for binary reading, after checking its size against ``limit``
    (a field of ``kg.limits.Limits``); InputError naming it otherwise."""
    path = Path(path)
    source = source or str(path)
    st = regular_file(path, source)
    max_bytes = getattr(limits.current(), limit)
    if st.st_size > max_bytes:
        raise InputError(source, _too_large(st.st_size, max_bytes, limit))
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(source, "file not found (it was removed while kg was reading the inputs)") from None
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None


def read_head(path: Path, size: int = 65_536, source: str | None = None) -> bytes:
    """The first ``size`` bytes of a regular file (InputError as for ``open_input``, with no size limit)."""
    path = Path(path)
    source = source or str(path)
    regular_file(path, source)
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise InputError(source, "file not found (it was removed while kg was reading the inputs)") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """Read a whole input file, with a clear InputError for anything that is not a readable
    regular file of at most ``max_bytes`` bytes (default: ``kg.limits``' ``max_document_bytes``)."""
    path = Path(path)
    source = str(path)
    name = "max_document_bytes"
    if max_bytes is None:
        max_bytes = limits.current().max_document_bytes
    st = regular_file(path, source)
    if st.st_size > max_bytes:
        raise InputError(source, _too_large(st.st_size, max_bytes, name))
    try:
        with path.open("rb") as fh:
            # Read one byte past the limit: files that grow report no honest size up front.
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "file not found (it was removed while kg was reading the inputs)") from None
    except PermissionError as exc:
        raise InputError(source, "cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise InputError(source, _too_large(None, max_bytes, name))
    return data


def _too_large(size: int | None, max_bytes: int, name: str = "max_document_bytes") -> str:
    have = f"{size:,} bytes" if size is not None else "more than the limit"
    return limits.exceeded(name, f"file is too large ({have})", max_bytes)


def decode_text(data: bytes, source: str) -> str:
    """Decode an input's bytes as text (UTF-8 with or without BOM; UTF-16/32 when a BOM says
    so, UTF-16 without one when every other byte of ASCII text is zero), normalise newlines to ``\\n`` and Unicode to NFC, and refuse empty, binary or
    undecodable data with an InputError naming ``source``."""
    if not data.strip():
        raise InputError(source, "file is empty")

    bom = next(((b, enc, name) for b, enc, name in _BOMS if data.startswith(b)), None)
    if bom is not None and bom[1] != "utf-8":
        mark, encoding, name = bom
        try:
            text = data[len(mark):].decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"is not valid {name} text (invalid data at byte offset {exc.start + len(mark)})"
            ) from exc
    elif bom is None and utf16_without_bom(data):
        encoding = utf16_without_bom(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"looks like UTF-16 text without a byte order mark but is not valid "
                                     f"UTF-16 (invalid data at byte offset {exc.start})") from exc
    else:
        skip = len(codecs.BOM_UTF8) if bom is not None else 0
        if b"\x00" in data:
            raise InputError(source, "looks like binary data, not text")
        try:
            text = data[skip:].decode("utf-8")
        except UnicodeDecodeError as exc:
            if _control_share(data) > _BINARY_CONTROL_SHARE:
                raise InputError(source, "looks like binary data, not text") from exc
            raise InputError(
                source, f"is not valid UTF-8 text (invalid byte at offset {exc.start + skip})"
            ) from exc

    if "\x00" in text or _control_share(text) > _BINARY_CONTROL_SHARE:
        raise InputError(source, "looks like binary data, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.replace("\ufeff", "").strip():
        raise InputError(source, "file is empty")
    return text


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: ASCII text or markup leaves every other byte zero.
    The codec ("utf-16-le", "utf-16-be"), or None."""
    sample = data[:2048]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _control_share(data: bytes | str) -> float:
    """Share of non-text control characters in the first 64 KiB."""
    sample = data[:_SAMPLE]
    if not sample:
        return 0.0
    if isinstance(sample, str):
        sample = sample.encode("utf-8", "surrogatepass")
        # Multi-byte characters never contain control bytes, so counting bytes is fine; the
        # share is only slightly understated for non-Latin text.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample)
