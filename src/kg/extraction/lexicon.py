"""The event coder's lexicon: verb lemmas (with the words that may follow them) and nouns that
trigger political events, each with a CAMEO code and its PLOVER type.

Data (``kg/data/lexicon/``, CC BY-SA 4.0, see NOTICE.md there):

* ``verbs.tsv`` -- derived by ``scripts/build_lexicon.py`` from the PETRARCH-2 CAMEO verb
  dictionary: one row per verb lemma and pattern (the words that follow the verb);
* ``nouns.tsv`` -- nominal triggers written by hand;
* ``cameo_plover.tsv`` -- the CAMEO -> PLOVER table (CAMEO2PLOVER-2021).

A code of ``---`` means "not an event": when such a row is the best match, :meth:`Lexicon.verb`
returns None. CAMEO 01x (public statements) and 02x (appeals) have no PLOVER type; their
entries have ``plover`` None.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from kg import resources

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
NULL_CODE = "---"
_DATA = "data/lexicon"


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One lexicon entry. ``pattern`` holds the lemmas that must follow the verb (empty: the
    verb's default); ``plover``, ``mode`` and ``context`` are None when the table has none."""

    lemma: str
    pattern: tuple[str, ...]
    cameo: str
    plover: str | None
    mode: str | None
    context: str | None
    source: str


def _rows(text: str, header: str) -> Iterable[list[str]]:
    """Tab-separated rows of ``text``, skipping comments, blank lines and the header row."""
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith(header + "\t"):
            continue
        yield line.split("\t")


def _is_subsequence(needle: tuple[str, ...], hay: tuple[str, ...]) -> bool:
    it = iter(hay)
    return all(word in it for word in needle)


class Lexicon:
    """Look up event codes for verbs (with what follows them) and nouns."""

    def __init__(self, verbs_tsv: str, nouns_tsv: str, cameo_tsv: str, supplement_tsv: str = "",
                 agents_tsv: str = ""):
        # nouns that name an actor only by its kind ("police", "protester") -> CAMEO agent code
        self._agents: dict[str, str] = {phrase: code for phrase, code, *_ in _rows(agents_tsv, "phrase")} \
            if agents_tsv else {}
        self._cameo: dict[str, tuple[str, str | None, str | None]] = {}
        for code, plover, mode, context, *_ in _rows(cameo_tsv, "code"):
            self._cameo[code] = (plover, mode or None, context or None)
        self._supplement: dict[str, LexEntry] = {}
        supplement_patterns: list[LexEntry] = []
        for line in supplement_tsv.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            lemma, cameo, *note = line.split("\t")
            plover, mode, context = self._cameo_row(cameo)
            if not plover:
                continue
            verb, *words = lemma.split()
            if words:  # "summon ambassador": a pattern, tried with the dictionary's own
                supplement_patterns.append(LexEntry(verb, tuple(words), cameo, plover, mode, context,
                                                    "verbs_supplement.tsv"))
            else:
                self._supplement.setdefault(lemma, LexEntry(lemma, (), cameo, plover, mode, context,
                                                            "verbs_supplement.tsv"))

        # head verb -> [(words to match after the head, entry)], best candidates first.
        by_head: dict[str, list[tuple[tuple[str, ...], int, int, LexEntry]]] = {}
        entries = []
        for order, (lemma, pattern, cameo, plover, mode, context, source) in enumerate(
                _rows(verbs_tsv, "lemma")):
            words = tuple(pattern.split()) if pattern else ()
            entry = LexEntry(lemma, words, cameo, plover or None, mode or None, context or None, source)
            entries.append(entry)
            head, *particles = lemma.split(" ")
            seq = (*particles, *words)
            # Longest match first; on a tie a multi-word verb first (PETRARCH tries multi-word
            # verbs before single words), then file order.
            by_head.setdefault(head, []).append((seq, -len(particles), order, entry))
        for order, entry in enumerate(supplement_patterns, len(entries)):
            entries.append(entry)
            by_head.setdefault(entry.lemma, []).append((entry.pattern, 0, order, entry))
        self.verb_entries: tuple[LexEntry, ...] = tuple(entries)
        self._verb_lemmas = frozenset(e.lemma for e in entries)
        self._verbs = {
            head: tuple((seq, entry) for seq, _, _, entry in
                        sorted(cands, key=lambda c: (-len(c[0]), c[1], c[2])))
            for head, cands in by_head.items()
        }

        nouns = {}
        for noun, cameo, plover, *_ in _rows(nouns_tsv, "noun"):
            _, mode, context = self._cameo_row(cameo)
            nouns[noun] = LexEntry(noun, (), cameo, plover or None, mode, context, "nouns.tsv")
        self._nouns = nouns
        self.noun_entries: tuple[LexEntry, ...] = tuple(nouns.values())

    @classmethod
    def from_package(cls) -> "Lexicon":
        folder = resources.package_path(_DATA)
        read = lambda name: folder.joinpath(name).read_text(encoding="utf-8")  # noqa: E731
        return cls(read("verbs.tsv"), read("nouns.tsv"), read("cameo_plover.tsv"),
                   read("verbs_supplement.tsv"), read("agents.tsv"))

    # ------------------------------------------------------------------ lookups

    def verb(self, lemma: str, following: Sequence[str] = ()) -> LexEntry | None:
        """The entry for verb ``lemma`` followed (in order, not necessarily adjacent) by the
        lemmas ``following`` (prepositions, particles, object head nouns).

        The longest matching pattern wins, else the verb's default. A phrasal verb is found
        from its particle: ``verb("pull", ["out", "of"])`` can return a "pull out" entry, and
        ``verb("pull out", ["of"])`` is the same lookup. Returns None for an unknown verb and
        when the best match is coded ``---`` (no event)."""
        head, *rest = lemma.lower().split() or [""]
        candidates = self._verbs.get(head) or []
        after = (*rest, *(w.lower() for w in following))
        present = set(after)
        for seq, entry in candidates:
            if seq and (seq[0] not in present or not _is_subsequence(seq, after)):
                continue
            if not seq and not rest and head in self._supplement:
                break  # no pattern applies: the supplement's reading of the verb replaces the default
            if entry.cameo != NULL_CODE:
                return entry
            break
        # PETRARCH codes many common verbs only through patterns; the supplement gives their
        # usual meaning in political news when no pattern applies (see verbs_supplement.tsv).
        return self._supplement.get(head) if not rest else None

    def has_verb(self, lemma: str) -> bool:
        """Whether the lexicon lists the verb ``lemma`` ("say", "pull out"), event or not."""
        return " ".join(lemma.lower().split()) in self._verb_lemmas

    def noun(self, lemma: str) -> LexEntry | None:
        """The entry for a nominal trigger given its lemma ("talk" for "talks")."""
        return self._nouns.get(lemma.lower())

    def agent(self, phrase: str) -> str | None:
        """The CAMEO agent code of a noun that names an actor by its kind, given as lemmas
        ("police officer", "protester"): PETRARCH's agents dictionary; None for other nouns."""
        return self._agents.get(" ".join(phrase.lower().split()))

    def plover_of_cameo(self, code: str) -> str | None:
        """The PLOVER type of a CAMEO code, from its most specific code in CAMEO2PLOVER
        (the code, its 3-digit prefix, its 2-digit root); None for 01x, 02x and ``---``."""
        return self._cameo_row(code)[0]

    def _cameo_row(self, code: str) -> tuple[str | None, str | None, str | None]:
        code = code.strip()
        if code and code != NULL_CODE and code.isdigit():
            for key in (code, code[:3], code[:2]):
                if len(key) >= 2 and key in self._cameo:
                    return self._cameo[key]
        return (None, None, None)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon bundled with kg, loaded once."""
    return Lexicon.from_package()


@lru_cache(maxsize=1)
def _goldstein_table() -> dict[str, float]:
    text = resources.package_path(_DATA, "goldstein.tsv").read_text(encoding="utf-8")
    return {code: float(value) for code, value, *_ in _rows(text, "code")}


def goldstein(code: str | None) -> float | None:
    """The Goldstein conflict-cooperation value (-10 to +10; GDELT's table) of a CAMEO code: the
    code's own, else its 3-digit prefix's, else its root's; None for no code or ``---``."""
    code = (code or "").strip()
    if not code.isdigit():
        return None
    table = _goldstein_table()
    for key in (code, code[:3], code[:2]):
        if len(key) >= 2 and key in table:
            return table[key]
    return None
