"""Where each of a glossary's terms first occurs in a text: all terms in one pass over the text.

A term occurs where it is written as given, case ignored as Python's ``re.IGNORECASE`` ignores it,
with no letter, digit, underscore or hyphen before it, then optionally a plural "s" or "es", and
then no letter, digit, underscore or hyphen: ``(?<![\\w-])TERM(?:s|es)?(?![\\w-])``. kg used to
search each definition with that expression once per term, compiled afresh: N² searches for a
glossary of N terms (issue 21). The terms are now one trie, built once per glossary, that is
walked from each place a term may begin, so a text is read once whatever the number of terms.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

_START = re.compile(r"(?<![\w-])")  # the places a term may begin
_PLURAL_END = re.compile(r"(?:s|es)?(?![\w-])", re.IGNORECASE)  # what may follow it
_FORMS = object()  # the trie key under which a node lists the terms that end there


@lru_cache(maxsize=None)
def _key(char: str) -> str:
    """The same key for two characters exactly when re.IGNORECASE takes one for the other (the
    tests check every character). re compares simple lowercases ("İ" lowers to "i": the only
    character whose full lowercase is longer) and takes lowercases that share an uppercase for one
    another ("i" and "ı", "s" and "ſ")."""
    lower = char.lower()
    return lower[:1].upper() if len(lower) > 1 else lower.upper()


class TermMatcher:
    """The first occurrence of each of ``forms`` in a text, by the rule of this module's docstring."""

    def __init__(self, forms: Iterable[str]):
        self.forms = tuple(dict.fromkeys(forms))
        self._root: dict = {}
        for index, form in enumerate(self.forms):
            node = self._root
            for char in form:
                node = node.setdefault(_key(char), {})
            node.setdefault(_FORMS, []).append(index)

    def first_occurrences(self, text: str) -> dict[str, tuple[int, int]]:
        """Each form that occurs in ``text``: the (start, end) of its leftmost occurrence, the end
        after a plural ending if there is one."""
        found: dict[int, tuple[int, int]] = {}
        size = len(text)
        for boundary in _START.finditer(text):
            start = pos = boundary.start()
            node = self._root
            while node is not None:
                ending = node.get(_FORMS) and _PLURAL_END.match(text, pos)
                if ending:
                    for index in node[_FORMS]:
                        found.setdefault(index, (start, ending.end()))  # the first is the leftmost
                if pos == size:
                    break
                node = node.get(_key(text[pos]))
                pos += 1
        return {self.forms[index]: span for index, span in found.items()}
