"""One normal form for names read from pages: glossary terms and the labels kg writes for them.

Saved pages carry invisible characters (a zero-width space inside "NA​TO", a soft hyphen, a byte
order mark, bidi marks) and odd whitespace (no-break spaces, tabs, line separators). None of them
may make a different term or a different label, so readers and the mapping pass every term
through ``clean_label``, and a topic's identity is its ``term_key``.

One kind of invisible character is spelling, not noise: the zero-width non-joiner and joiner
(U+200C, U+200D) between two letters of a script that joins its letters (Persian "می‌خواهم",
Indic conjuncts, emoji sequences) change how a word is written, so ``clean_label`` keeps them
there; everywhere else (between Latin letters, at the edges) they go like the rest. ``term_key``
drops them always, so a term written with or without one is one topic.
"""
from __future__ import annotations

import unicodedata

_JOINERS = frozenset("\u200c\u200d")


def clean_label(text: str) -> str:
    """``text`` without format characters (Unicode category Cf: zero-width space, soft hyphen, BOM,
    bidi marks …; the joiners only where they are not spelling) or control characters, its
    whitespace runs made one space, trimmed, in NFC. "NA\\u200bTO" -> "NATO"; " Kurds\\u00a0 " ->
    "Kurds"; "می\\u200cخواهم" keeps its non-joiner."""
    kept = []
    for i, c in enumerate(text):
        if c.isspace():
            kept.append(c)
            continue
        kind = unicodedata.category(c)
        if kind == "Cc":
            continue
        if kind == "Cf" and not (c in _JOINERS and _joins(text, i)):
            continue
        kept.append(c)
    # removing a format character can bring a base letter and its accent together: NFC last
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def _joins(text: str, i: int) -> bool:
    """Whether the joiner at ``i`` stands between two non-Latin letters or marks (or, for U+200D,
    symbols: emoji sequences), where it is part of the word's spelling."""
    if i == 0 or i == len(text) - 1:
        return False
    before, after = text[i - 1], text[i + 1]

    def joinable(c: str) -> bool:
        kind = unicodedata.category(c)
        if kind[0] == "L":
            return not ("LATIN" in unicodedata.name(c, "") or c.isascii())
        return kind[0] == "M" or (text[i] == "\u200d" and kind == "So")
    return joinable(before) and joinable(after)


def term_key(text: str) -> str:
    """What makes two terms one: the clean label without joiners, case folded ("KURDS", "Kurds" ->
    "kurds")."""
    return "".join(c for c in clean_label(text) if c not in _JOINERS).casefold()
