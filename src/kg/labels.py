"""One normal form for names read from pages: glossary terms and the labels kg writes for them.

Saved pages carry invisible characters (a zero-width space inside "NA​TO", a soft hyphen, a byte
order mark, bidi marks) and odd whitespace (no-break spaces, tabs, line separators). None of them
may make a different term or a different label, so readers and the mapping pass every term
through ``clean_label``, and a topic's identity is its ``term_key``.
"""
from __future__ import annotations

import unicodedata


def clean_label(text: str) -> str:
    """``text`` without format characters (Unicode category Cf: zero-width space and joiners, soft
    hyphen, BOM, bidi marks …) or control characters, its whitespace runs made one space, trimmed,
    in NFC. "NA\\u200bTO" -> "NATO"; " Kurds\\u00a0 " -> "Kurds"."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cf", "Cc"))
    # removing a format character can bring a base letter and its accent together: NFC last
    return unicodedata.normalize("NFC", " ".join(kept.split()))


def term_key(text: str) -> str:
    """What makes two terms one: the clean label, case folded ("KURDS", "Kurds" -> "kurds")."""
    return clean_label(text).casefold()
