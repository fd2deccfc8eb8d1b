"""What an event's confidence means: the share of events read the same way that were right.

Each coded event is read by one rule (a verb's pattern, a verb's default sense, a nominal trigger,
an expressed intent…), with or without a target, and with its source read from a name in the
sentence, from a noun of its kind ("the police"), or inferred. ``data/lexicon/confidence.tsv``
gives, for each such reading, the share of events coded that way that matched the gold triple on
the look part of the PLOVER development records, smoothed towards the rule's and then the overall
share (``scripts/calibrate_confidence.py`` makes it; docs/accuracy.md gives the reliability table
on the check parts). Without the table, or for a reading it lacks, an event keeps the coder's own
estimate.
"""
from __future__ import annotations

from functools import lru_cache
from spacy.tokens import Token

from kg import resources
from kg.extraction.lexicon import LexEntry

# The readings, from the most to the least specific cue; the names are the table's keys.
RULES = ("verb pattern", "verb default", "verb (supplement)", "noun", "intent", "demand", "protest purpose",
         "joint activity", "named conflict")
_BY_SOURCE = {"expressed intent": "intent", "announced harm": "intent", "demand": "demand",
              "demand in reported speech": "demand", "action in protest": "protest purpose",
              "joint activity": "joint activity", "named conflict": "named conflict"}


def rule_of(entry: LexEntry, trigger: Token) -> str:
    """How an event with lexicon ``entry`` and ``trigger`` was read (one of RULES)."""
    if entry.source in _BY_SOURCE:
        return _BY_SOURCE[entry.source]
    if trigger.pos_ not in ("VERB", "AUX"):
        return "noun"
    if entry.pattern:
        return "verb pattern"
    return "verb (supplement)" if entry.source == "verbs_supplement.tsv" else "verb default"


SOURCES = ("named", "kind", "inferred")  # read from a name, from a noun of its kind ("the police"), or inferred


def key(rule: str, has_target: bool, source: str) -> str:
    return f"{rule}|{'target' if has_target else 'no target'}|{source}"


@lru_cache(maxsize=1)
def table() -> dict[str, float]:
    """The calibration table: reading key -> confidence (empty when the file is missing)."""
    path = resources.package_path("data", "lexicon", "confidence.tsv")
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip() or line.startswith("rule\t"):
            continue
        rule, target, source, _n, _right, confidence = line.split("\t")
        out[f"{rule}|{target}|{source}"] = float(confidence)
    return out


def calibrated(rule: str, has_target: bool, source: str, estimate: float) -> float:
    """The event's confidence: the table's share for its reading (``source`` one of SOURCES),
    else ``estimate``."""
    return table().get(key(rule, has_target, source), estimate)


def source_of(source_class: str, source_from_words: bool) -> str:
    """How an event's source was read (one of SOURCES), from its class and whether words name it."""
    if not source_from_words:
        return "inferred"
    return "kind" if source_class == "UnnamedAgent" else "named"
