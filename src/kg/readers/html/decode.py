"""Decoding an HTML page's bytes: which character encoding, then the text.

The order is the one browsers follow (WHATWG HTML, "determining the character encoding"): a byte
order mark; the charset of the HTTP ``Content-Type`` header when the page came with one (a WARC
record); a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` declaration in the first
bytes; then strict UTF-8 if the bytes are valid UTF-8; then charset-normalizer's detection. A
declared encoding that does not decode the bytes is passed over, with a note, for the next way.
Labels are read as browsers read them: "iso-8859-1" and "ascii" mean windows-1252, a meta
declaration of UTF-16 in a page whose bytes are ASCII-compatible means UTF-8.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import InputError
from kg.readers.text_input import utf16_without_bom

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN = 4096  # bytes a browser looks through for a meta declaration (the spec says 1024)
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# WHATWG label aliases Python's codec registry reads differently.
_ALIASES = {
    "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "latin1": "windows-1252",
    "latin-1": "windows-1252", "l1": "windows-1252", "us-ascii": "windows-1252",
    "ascii": "windows-1252", "iso-8859-9": "windows-1254", "x-sjis": "shift_jis",
    "x-user-defined": "windows-1252", "unicode": "utf-16-le", "utf-16": "utf-16-le",
    "gb2312": "gbk", "gb_2312-80": "gbk", "x-gbk": "gbk", "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949", "shift_jis": "cp932", "sjis": "cp932", "windows-31j": "cp932",
    "big5": "big5hkscs", "tis-620": "cp874", "iso-8859-11": "cp874", "windows-874": "cp874",
}
_BINARY_CONTROL_SHARE = 0.05
_CONTROLS = frozenset(chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n\r\x0b\x0c\x1b")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name
    how: str  # "bom", "http", "meta", "utf-8" or "detected"
    notes: tuple[str, ...] = ()


def charset_of_content_type(value: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header value, if any."""
    if not value:
        return None
    m = _CONTENT_TYPE_CHARSET.search(value)
    return m.group(1) if m else None


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first bytes declares (ASCII-compatible pages only)."""
    head = re.sub(rb"<!--.*?-->", b"", data[:_PRESCAN], flags=re.S)
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def codec_for(label: str | None) -> str | None:
    """Python's codec for an encoding label, or None if the label names no known encoding."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, source: str, http_charset: str | None = None) -> Decoded:
    """Decode a page's bytes (see the module's docstring for the order). Raises InputError
    naming ``source`` for empty, binary or undecodable data."""
    if not data.strip():
        raise InputError(source, "file is empty")
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom):].decode(encoding), encoding, "bom", notes, source)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"is not valid {encoding.upper()} text although it starts "
                                         f"with a byte order mark (invalid data at byte {exc.start + len(bom)})") from exc
    candidates = [("http", http_charset)]
    meta = declared_charset(data)
    if meta is not None and codec_for(meta) in ("utf_16_le", "utf_16_be", "utf_16", "utf_32", "utf_32_le", "utf_32_be"):
        meta = "utf-8"  # the declaration was read as ASCII, so the page is not UTF-16
    candidates.append(("meta", meta))
    for how, label in candidates:
        if not label:
            continue
        encoding = codec_for(label)
        if encoding is None:
            notes.append(f"unknown {how} charset {label!r} ignored")
            continue
        try:
            return _finish(data.decode(encoding), encoding, how, notes, source)
        except UnicodeDecodeError:
            notes.append(f"the {how} charset {label!r} does not decode this page; detected instead")
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            return _finish(data.decode(utf16), utf16, "detected", notes, source)
        except UnicodeDecodeError:
            pass
    try:
        return _finish(data.decode("utf-8"), "utf-8", "utf-8", notes, source)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, "looks like binary data, not an HTML page (no character encoding fits it)")
    return _finish(str(best), best.encoding, "detected", notes, source)


def _finish(text: str, encoding: str, how: str, notes: list[str], source: str) -> Decoded:
    sample = text[:65_536]
    if sample and ("\x00" in sample or sum(c in _CONTROLS for c in sample) / len(sample) > _BINARY_CONTROL_SHARE):
        raise InputError(source, "looks like binary data, not an HTML page")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.replace("\ufeff", "").strip():
        raise InputError(source, "file is empty")
    return Decoded(text, codecs.lookup(encoding).name, how, tuple(notes))
