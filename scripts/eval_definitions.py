#!/usr/bin/env python3
"""Score the definition-fact extractor against the hand-written set in tests/data.

For every entry of ``tests/data/definition_facts_gold.jsonl`` (glossary entries of the reference
page, the Wikipedia-style glossary and World Factbook Background paragraphs, read from ../shared),
the facts kg extracts are compared with the facts written down by hand: a predicted fact is right
when its relation agrees and its value is the expected one (any of the value's names: label,
aliases, ISO code; for goals, languages and events the expected phrase contained in the extracted
text, or the other way round). Prints precision, recall and F1 per relation and overall;
``--json`` writes them; ``--show`` lists the misses.

usage: scripts/eval_definitions.py [--shared ../shared] [--gold FILE] [--json FILE] [--show]
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent / "tests" / "data" / "definition_facts_gold.jsonl"
CONTAINED = {"goal", "language", "languageFamily", "initiatedBy"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _entries(shared: Path, source: str):
    from kg import read_document

    path = shared / source
    return {e.term: e for e in read_document(path).glossary}


def _matches(relation: str, expected: str, names: set[str], value: str) -> bool:
    want = expected.casefold()
    if want in names:
        return True
    if relation in CONTAINED:
        got = value.casefold()
        return want in got or (len(got) > 3 and got in want)
    return False


def evaluate(shared: Path, gold: Path = GOLD) -> tuple[dict[str, Score], list[str]]:
    from kg.extraction.extract import topic_facts
    from kg.extraction.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    scores: dict[str, Score] = {}
    misses: list[str] = []
    documents: dict[str, dict] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        entries = documents.setdefault(item["source"], _entries(shared, item["source"]))
        entry = entries[item["term"]]
        facts = topic_facts(entry, gazetteer, list(entries)).facts
        expected = [tuple(f) for f in item["facts"]]
        used = set()
        for relation, value in expected:
            hit = next((i for i, f in enumerate(facts) if i not in used and f.relation == relation
                        and _matches(relation, value, f.names(), f.value)), None)
            score = scores.setdefault(relation, Score())
            if hit is None:
                score.fn += 1
                misses.append(f"missed  {item['term']}: {relation} {value}")
            else:
                used.add(hit)
                score.tp += 1
        for i, fact in enumerate(facts):
            if i not in used:
                scores.setdefault(fact.relation, Score()).fp += 1
                misses.append(f"extra   {item['term']}: {fact.relation} {fact.value}")
    return scores, misses


def total(scores: dict[str, Score]) -> Score:
    return Score(sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()),
                 sum(s.fn for s in scores.values()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--gold", type=Path, default=GOLD,
                        help="the hand-written set (default: tests/data/definition_facts_gold.jsonl; "
                             "tests/data/definition_facts_heldout.jsonl was kept apart while the extractor was written)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", action="store_true", help="list missed and extra facts")
    args = parser.parse_args(argv)
    scores, misses = evaluate(args.shared, args.gold)
    print(f"{'relation':<16}{'gold':>6}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}")
    rows = {}
    for relation, s in sorted(scores.items()) + [("all", total(scores))]:
        print(f"{relation:<16}{s.tp + s.fn:>6}{s.tp + s.fp:>7}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}")
        rows[relation] = {"gold": s.tp + s.fn, "found": s.tp + s.fp, "tp": s.tp,
                          "precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
    if args.show:
        print("\n".join(misses))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
