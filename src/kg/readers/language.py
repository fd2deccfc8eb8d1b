"""A cheap guess at a text's language, for pages that do not declare one.

Only what the letters show with little doubt: the writing system (Hangul is Korean, kana
Japanese, Han without kana Chinese, Thai, Greek, Hebrew, Georgian, Armenian, Devanagari as
Hindi), letters that tell Persian and Urdu from Arabic and Ukrainian from Russian, and for Latin
script only English, by the share of its commonest words. Anything else is None (unknown).
"""
from __future__ import annotations

import re
import unicodedata

_ENGLISH = frozenset(
    "the of and to in a is that for it on was with as by at be this are from have or an not "
    "has were but which their they said its been he his will would who".split())
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (  # (language, first code point, last code point)
    ("ko", 0xAC00, 0xD7AF), ("ko", 0x1100, 0x11FF), ("ja", 0x3040, 0x30FF), ("zh", 0x4E00, 0x9FFF),
    ("th", 0x0E00, 0x0E7F), ("el", 0x0370, 0x03FF), ("he", 0x0590, 0x05FF), ("ka", 0x10A0, 0x10FF),
    ("hy", 0x0530, 0x058F), ("hi", 0x0900, 0x097F), ("arabic", 0x0600, 0x06FF),
    ("arabic", 0x0750, 0x077F), ("cyrillic", 0x0400, 0x04FF),
)


def script_counts(text: str) -> tuple[dict[str, int], int, int]:
    """Letters per script of ``_SCRIPTS``, Latin letters, and all letters."""
    counts: dict[str, int] = {}
    latin = letters = 0
    for ch in text[:50_000]:
        if not ch.isalpha():
            continue
        letters += 1
        code = ord(ch)
        if code < 0x250:
            latin += 1
            continue
        for name, lo, hi in _SCRIPTS:
            if lo <= code <= hi:
                counts[name] = counts.get(name, 0) + 1
                break
    return counts, latin, letters


def guess_language(text: str) -> str | None:
    counts, latin, letters = script_counts(text)
    if letters < 20:
        return None
    if counts:
        script, n = max(counts.items(), key=lambda kv: kv[1])
        if n >= latin and n >= 0.3 * letters:
            if script == "zh" and counts.get("ja", 0) >= 0.05 * n:
                return "ja"
            if script == "arabic":
                return _arabic_script(text)
            if script == "cyrillic":
                return _cyrillic(text)
            return script
    if latin >= 0.5 * letters:
        words = [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text[:50_000]))]
        if len(words) >= 20 and sum(w in _ENGLISH for w in words) >= 0.15 * len(words):
            return "en"
    return None


def non_latin_share(text: str) -> float:
    counts, latin, letters = script_counts(text)
    return (sum(counts.values()) / letters) if letters else 0.0


def _arabic_script(text: str) -> str | None:
    urdu = sum(text.count(c) for c in "ںےٹڈڑ")
    persian = sum(text.count(c) for c in "پچژگکی")
    arabic = sum(text.count(c) for c in "ةىيكأإ")
    if urdu > 0.1 * (persian + arabic + 1) and urdu >= 5:
        return "ur"
    if persian > arabic:
        return "fa"
    return "ar" if arabic else None


def _cyrillic(text: str) -> str | None:
    ukrainian = sum(text.count(c) for c in "іїєґІЇЄҐ")
    russian = sum(text.count(c) for c in "ыэъёЫЭЪЁ")
    if ukrainian > russian:
        return "uk"
    return "ru" if russian else None
