#!/usr/bin/env python3
"""Score kg's event coder on PLOVER gold-standard records (the development split by default).

Metric (the one the project is measured by): micro precision, recall and F1 of
(source country, PLOVER type, target country) triples per sentence, where a "country" is the
first three letters of an actor code (IGO/NGO/IMG… stay as classes of actor); also dyad F1
(source, target) and type accuracy on sentences whose gold and coded dyads overlap, and the most
frequent type confusions. Older PLOVER names in the gold data map to the current ones
(DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT, CRIME→COERCE).

usage: scripts/eval_events.py [GOLD.json] [--json]     (default: ../shared/data/plover_gsr/PLOVER_GSR_dev.json)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from kg import code_records

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
           "CRIME": "COERCE"}
# Old CAMEO country codes still found in gold data.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "BUL": "BGR", "MAL": "MYS"}
DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover_gsr" / "PLOVER_GSR_dev.json"


def country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return OLD_CODES.get(code[:3], code[:3]) if code else None


def plover(name: str | None) -> str:
    name = (name or "").strip().upper()
    return RENAMED.get(name, name)


def gold_items(path: Path) -> list[dict]:
    items = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue

        def codes(value):
            return [country(a.get("code")) for a in value if isinstance(a, dict) and a.get("code")] \
                if isinstance(value, list) else []

        sources, targets = codes(record.get("source")), codes(record.get("target")) or [None]
        triples = {(s, plover(record["event"]), t) for s in sources for t in targets}
        items.append({"id": record["id"], "text": record["text"], "date": record.get("date"), "gold": triples})
    return items


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(items: list[dict], coded: dict[str, set]) -> dict:
    tp = fp = fn = dtp = dfp = dfn = 0
    typed = typed_right = 0
    confusions: Counter = Counter()
    for item in items:
        gold, got = item["gold"], coded.get(item["id"], set())
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        gold_dyads, got_dyads = {(s, t) for s, _, t in gold}, {(s, t) for s, _, t in got}
        dtp += len(gold_dyads & got_dyads)
        dfp += len(got_dyads - gold_dyads)
        dfn += len(gold_dyads - got_dyads)
        for dyad in gold_dyads & got_dyads:
            gold_types = {p for s, p, t in gold if (s, t) == dyad}
            got_types = {p for s, p, t in got if (s, t) == dyad}
            typed += 1
            if gold_types & got_types:
                typed_right += 1
            else:
                confusions[(sorted(gold_types)[0], sorted(got_types)[0])] += 1
    p, r, f = prf(tp, fp, fn)
    dp, dr, df = prf(dtp, dfp, dfn)
    return {"sentences": len(items), "triple_precision": p, "triple_recall": r, "triple_f1": f,
            "dyad_precision": dp, "dyad_recall": dr, "dyad_f1": df,
            "type_accuracy_on_matched_dyads": typed_right / typed if typed else 0.0, "matched_dyads": typed,
            "confusions": [{"gold": g, "coded": c, "count": n} for (g, c), n in confusions.most_common(10)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    items = gold_items(args.gold)
    lines = [json.dumps({"id": i["id"], "text": i["text"], "date": i["date"]}) for i in items]
    started = time.perf_counter()
    coded: dict[str, set] = {}
    for record in code_records(lines):
        if isinstance(record, dict):
            coded[record["id"]] = {(country(e["source"]), e["type"], country(e["target"]))
                                   for e in record["events"] if e["source"]}
    elapsed = time.perf_counter() - started
    result = score(items, coded)
    result["seconds"] = round(elapsed, 2)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{args.gold.name}: {result['sentences']} sentences coded in {elapsed:.1f} s")
    print(f"triples  P {result['triple_precision']:.3f}  R {result['triple_recall']:.3f}  F1 {result['triple_f1']:.3f}")
    print(f"dyads    P {result['dyad_precision']:.3f}  R {result['dyad_recall']:.3f}  F1 {result['dyad_f1']:.3f}")
    print(f"type accuracy on {result['matched_dyads']} matched dyads: {result['type_accuracy_on_matched_dyads']:.3f}")
    for c in result["confusions"]:
        print(f"  gold {c['gold']:<10} coded {c['coded']:<10} x{c['count']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
