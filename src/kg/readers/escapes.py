"""HTML entities, tags and backslash escapes left in corpus text, decoded.

News corpora put together from feeds keep the markup and escapes of the pages they came from, and
sometimes lose part of them on the way. AG News (``../shared/data/ag_news_test``) shows every kind:

- entities whose ``&`` became a space: ``Nepal #39;s`` (``Nepal's``), ``the  quot;foolish quot;
  move``, ``up to  #36;50 million``, ``Johnson  amp; Johnson``, ``AT amp;T``, `` #151;`` (an em
  dash, numbered as in Windows-1252);
- entities that kept it: ``&lt;b&gt;...&lt;/b&gt;``, ``&lt;A HREF=...&gt;JNJ.N&lt;/A&gt;``
  (the tags they spell are markup, not text);
- line breaks written as a backslash whose ``n`` was lost: ``gave\\no indication`` (``gave no
  indication``), ``Australian\\Foreign Minister``, ``on\\Tuesday``; two of them between
  paragraphs (``Sophos."\\\\"The 18-year-old``); ``\\$`` for a dollar sign.

:func:`clean_text` undoes them, and only them: an ``&`` or ``#`` in ordinary text (``R&D``,
``AT&T``, ``#1 seed``, ``a #10 pick``) is left alone, a number-sign entity without its ``&`` is
decoded only where the ``&`` was (after a space or at the start) and only into punctuation or a
character past ASCII (``#39;`` → ``'``, never ``#65;`` → ``A``), and a tag is removed only when it
is one of the inline or paragraph tags feeds carry (``b``, ``i``, ``a``, ``p``, ``br``, ``font``…).

A literal backslash-``n`` is the one ambiguous case: text escaped twice (``"one.\\\\nTwo"`` in JSON)
means a line break, AG News's ``gave\\no`` means "gave no". It is read as a line break after the
end of a sentence or before anything but a lower-case letter, and as the lost-``n`` break (a space)
between a word and a lower-case word, as in running text; ``\\t`` and ``\\r`` likewise.
"""
from __future__ import annotations

import html
import re

__all__ = ["clean_text"]

# ---- backslashes ------------------------------------------------------------------------------------

_BACKSLASH = re.compile(r"\\+(\r\n|[\s\S])?")
_ESCAPED = {"n": "\n", "r": "\n", "t": " "}


def _backslash(match: re.Match) -> str:
    run = len(match.group(0)) - len(match.group(1) or "")
    after = match.group(1) or ""
    if run >= 2:  # AG News's paragraph break: two line breaks, each a lone backslash
        return "\n\n" + ("" if after in ("\\", "") else after)
    if not after:  # a backslash that ends the text
        return ""
    if after in ("\r\n", "\n", "\r"):  # a backslash before a line break (a continued line)
        return "\n"
    if after == "$":  # "record \$US46.75": an escaped dollar sign
        return "$"
    if after in _ESCAPED:
        text, start, end = match.string, match.start(), match.end()
        before = text[start - 1] if start else ""
        nxt = text[end] if end < len(text) else ""
        if (before.isalnum() or before in ",;") and nxt.islower():
            return " " + after  # "gave\no indication", "on\the": a line break whose n was lost
        return _ESCAPED[after]  # "one.\nTwo": an escaped line break (or tab)
    return " " + after  # "Australian\Foreign", "\&lt;p&gt;": a line break whose n was lost


# ---- entities ---------------------------------------------------------------------------------------

# an entity whose "&" became a space (the space is taken with it), or that starts the text or a line
_BARE = re.compile(r"(?:^| )(#[0-9]{2,5}|quot|amp|lt|gt|apos|nbsp);", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _bare(match: re.Match) -> str:
    name = match.group(1)
    if name.startswith("#"):
        decoded = html.unescape(f"&{name};")  # 151 is an em dash, as browsers read it
        if not _bare_character(decoded):
            return match.group(0)  # "#65;" is as likely text as an entity: left as it is
    return f"&{name};"


def _bare_character(char: str) -> bool:
    """Punctuation, or a character past ASCII that is no control: what a numbered entity in news
    text stands for (a letter or digit written as ``#65;`` is more likely text)."""
    if len(char) != 1 or char == "\ufffd" or _CONTROL.match(char):
        return False
    return not char.isascii() or (char.isprintable() and not char.isalnum() and not char.isspace())


def _entity(match: re.Match) -> str:
    decoded = html.unescape(match.group(0))
    return _CONTROL.sub("", decoded).replace("\ufffd", "") if decoded != match.group(0) else decoded


# ---- tags -------------------------------------------------------------------------------------------

_BREAK_TAGS = "br|p|div|li|tr|h[1-6]"
_INLINE_TAGS = "a|b|i|u|s|em|strong|font|span|nobr|sup|sub|small|big|tt|code|abbr|cite|q|img|wbr"
_TAG = re.compile(rf"<(/?)({_BREAK_TAGS}|{_INLINE_TAGS})(?:\s[^<>]{{0,1000}}?)?\s*/?>", re.IGNORECASE)
_BREAK = re.compile(rf"^(?:{_BREAK_TAGS})$", re.IGNORECASE)


def _tag(match: re.Match) -> str:
    return "\n" if _BREAK.match(match.group(2)) else ""


def clean_text(text: str) -> str:
    """``text`` with the entities, markup and backslash escapes a feed left in it decoded (see the
    module's notes); text without them comes back unchanged."""
    if "\\" in text:
        text = _BACKSLASH.sub(_backslash, text)
    if ";" in text:
        text = _BARE.sub(_bare, text)
        for _ in range(2):  # "&amp;quot;": escaped twice, as feeds often are
            decoded = _ENTITY.sub(_entity, text)
            if decoded == text:
                break
            text = decoded
    if "<" in text:
        text = _TAG.sub(_tag, text)
    return text
