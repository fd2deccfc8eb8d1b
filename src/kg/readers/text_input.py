"""Reading an input file's bytes and decoding them as text, refusing what is not text.

``read_bytes`` refuses missing files, directories, unreadable and oversized files;
``decode_text`` refuses empty, binary and undecodable data, and normalises what it accepts:
newlines become ``\\n`` and the text is put in Unicode NFC. Nothing else is changed (curly
quotes, no-break spaces and the like stay as the publisher wrote them), so offsets into the
returned string are offsets into the publisher's text.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from kg.errors import InputError

DEFAULT_MAX_BYTES = 50_000_000

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


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole input file, with a clear InputError for anything that is not a readable
    file of at most ``max_bytes`` bytes."""
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            raise InputError(source, "is a directory, not a file")
        if not path.exists():
            raise InputError(source, "file not found")
        size = path.stat().st_size
    except OSError as exc:  # e.g. a path through a directory we may not enter
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise InputError(source, _too_large(size, max_bytes))
    try:
        with path.open("rb") as fh:
            # Read one byte past the limit: files that grow, pipes and devices report no
            # honest size up front.
            data = fh.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError(source, "cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise InputError(source, _too_large(None, max_bytes))
    return data


def _too_large(size: int | None, max_bytes: int) -> str:
    have = f"{size:,} bytes" if size is not None else "more than that"
    return f"file is too large ({have}; the limit is {max_bytes:,} bytes)"


def decode_text(data: bytes, source: str) -> str:
    """Decode an input's bytes as text (UTF-8 with or without BOM; UTF-16/32 only when a BOM
    says so), normalise newlines to ``\\n`` and Unicode to NFC, and refuse empty, binary or
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
