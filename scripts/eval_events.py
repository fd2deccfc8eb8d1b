#!/usr/bin/env python3
"""Score kg's event coder on PLOVER gold-standard records (the development split by default), for
the LOOK and the CHECK part of the split (scripts/dev_split.py, docs/accuracy.md) and for all of it.

Metric (the one the project is measured by, as in ../shared/checks/score-events-dev.py, so the
"all" column is the acceptance check's figure): micro precision, recall and F1 of
(source country, PLOVER type, target country) triples per sentence, where a "country" is the first
three letters of an actor code (IGO/NGO/IMG... stay as classes of actor); every asserted event kg
codes counts, one without a source as (None, type, target); also dyad F1 (source, target), and type
accuracy over the gold triples whose dyad kg also coded (right when kg coded the gold type for that
dyad). Older PLOVER names in the gold data map to the current ones (DEMAND->REQUEST,
DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT, CRIME->COERCE). The sentences are handed to the
coder with opaque ids (the record ids name their event type) and with their dates.

A record is in the part scripts/dev_split.part("plover_gsr", record id) says. The type confusions
and example sentences are printed for the LOOK part only: the check part is scored, never read.

usage: scripts/eval_events.py [GOLD.json] [--json] [--examples N] [--limit N]
       (default GOLD: ../shared/data/plover_gsr/PLOVER_GSR_dev.json)
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_split import part, work_tree  # noqa: E402

COLLECTION = "plover_gsr"
PARTS = ("look", "check", "all")
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
           "CRIME": "COERCE"}
# Old CAMEO country codes still found in gold data.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "BUL": "BGR", "MAL": "MYS"}
DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover_gsr" / "PLOVER_GSR_dev.json"


def country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return OLD_CODES.get(code[:3], code[:3]) if code else None


def plover(name: str | None) -> str:
    name = (name or "").strip().upper().split("/")[-1].split("#")[-1]
    return RENAMED.get(name, name)


def gold_items(path: Path, limit: int | None = None) -> list[dict]:
    """The sentences of the gold file (the DOCUMENT header record is none), each with its gold
    triples and its part of the split."""
    items = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue

        def codes(value):
            return [country(a.get("code")) for a in value if isinstance(a, dict) and a.get("code")] \
                if isinstance(value, list) else []

        sources, targets = codes(record.get("source")), codes(record.get("target")) or [None]
        triples = {(s, plover(record["event"]), t) for s in sources for t in targets}
        items.append({"id": record["id"], "text": record["text"], "date": record.get("date"), "gold": triples,
                      "part": part(COLLECTION, record["id"])})
        if limit is not None and len(items) >= limit:
            break
    return items


def code(items: list[dict]) -> dict[str, set]:
    """kg's triples per record id (the asserted events, as `kg code` prints them)."""
    from kg import code_records

    lines = [json.dumps({"id": f"s{i:05d}", "text": item["text"], **({"date": item["date"]} if item["date"] else {})})
             for i, item in enumerate(items)]
    coded: dict[str, set] = {}
    for record in code_records(lines):
        if isinstance(record, dict):
            coded[items[int(record["id"][1:])]["id"]] = {
                (country(e["source"]), plover(e["type"]), country(e["target"])) for e in record["events"]}
        else:
            print(f"warning: {items[record.line - 1]['id']} not coded: {record.problem}", file=sys.stderr)
    return coded


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(items: list[dict], coded: dict[str, set]) -> tuple[dict, list]:
    """The figures of a set of sentences, and its type confusions as (gold, coded, record id)."""
    tp = fp = fn = dtp = dfp = dfn = 0
    typed = typed_right = 0
    confusions = []
    for item in items:
        gold, got = item["gold"], coded.get(item["id"], set())
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        gold_dyads, got_dyads = {(s, t) for s, _, t in gold}, {(s, t) for s, _, t in got}
        dtp += len(gold_dyads & got_dyads)
        dfp += len(got_dyads - gold_dyads)
        dfn += len(gold_dyads - got_dyads)
        for s, kind, t in sorted(gold, key=str):
            got_types = {k for gs, k, gt in got if (gs, gt) == (s, t)}
            if got_types:
                typed += 1
                if kind in got_types:
                    typed_right += 1
                else:
                    confusions.append((kind, sorted(got_types)[0], item["id"]))
    p, r, f = prf(tp, fp, fn)
    dp, dr, df = prf(dtp, dfp, dfn)
    return {"sentences": len(items), "gold_triples": tp + fn, "coded_triples": tp + fp, "right_triples": tp,
            "triple_precision": p, "triple_recall": r, "triple_f1": f,
            "dyad_precision": dp, "dyad_recall": dr, "dyad_f1": df,
            "type_accuracy": typed_right / typed if typed else 0.0, "typed": typed}, confusions


def by_part(items: list[dict], coded: dict[str, set]) -> tuple[dict[str, dict], list]:
    """Figures per part (look, check, all) and the LOOK part's confusions; the check part's are
    dropped here, unread."""
    figures, look_confusions = {}, []
    for p in PARTS:
        figures[p], confusions = score([i for i in items if p == "all" or i["part"] == p], coded)
        if p == "look":
            look_confusions = confusions
    return figures, look_confusions


def table(figures: dict[str, dict]) -> str:
    rows = [("sentences", lambda f: str(f["sentences"])),
            ("triple P / R", lambda f: f"{f['triple_precision']:.3f} / {f['triple_recall']:.3f}"),
            ("triple F1", lambda f: f"{f['triple_f1']:.3f} ({f['right_triples']} right, {f['coded_triples']} coded, "
                                    f"{f['gold_triples']} gold)"),
            ("dyad P / R", lambda f: f"{f['dyad_precision']:.3f} / {f['dyad_recall']:.3f}"),
            ("dyad F1", lambda f: f"{f['dyad_f1']:.3f}"),
            ("type accuracy", lambda f: f"{f['type_accuracy']:.3f} (of {f['typed']})")]
    cells = [[name] + [cell(figures[p]) for p in PARTS] for name, cell in rows]
    widths = [max(len(r[i]) for r in cells + [["measure", *PARTS]]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(["measure", *PARTS]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(r) for r in cells])


def look_report(items: list[dict], coded: dict[str, set], confusions: list, n: int) -> str:
    """The LOOK part's type confusions with example sentences, and its sentences with a gold dyad
    kg missed. Only look-part records are ever read here."""
    look = {i["id"]: i for i in items if i["part"] == "look"}
    out = ["", "Type confusions, LOOK part only (the check part is never shown): gold -> coded"]
    counts = Counter((g, c) for g, c, _ in confusions)
    for (g, c), k in counts.most_common(10):
        out.append(f"  {g:<10} -> {c:<10} x{k}")
        for record_id in list(dict.fromkeys(r for gg, cc, r in confusions if (gg, cc) == (g, c)))[:n]:
            item = look[record_id]
            out.append(f"      {record_id}: {sorted(item['gold'], key=str)} -> {sorted(coded.get(record_id, ()), key=str)}")
            out.append(f"        {item['text']}")
    if not counts:
        out.append("  none")
    out.append(f"\nMissed dyads, LOOK part only (first {n}): gold triples -> coded")
    shown = 0
    for record_id, item in look.items():
        got = coded.get(record_id, set())
        if {(s, t) for s, _, t in item["gold"]} - {(s, t) for s, _, t in got} and shown < n:
            shown += 1
            out.append(f"  {record_id}: {sorted(item['gold'], key=str)} -> {sorted(got, key=str)}")
            out.append(f"      {item['text']}")
    if not shown:
        out.append("  none")
    return "\n".join(out)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--json", action="store_true",
                        help="print the scores as JSON (the 'all' figures at the top level, each part under 'parts', "
                             "the look part's confusions; no sentences)")
    parser.add_argument("--examples", type=int, default=2, metavar="N",
                        help="example sentences per confusion, and missed-dyad sentences, LOOK part only (default 2)")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N sentences (for tests)")
    args = parser.parse_args(argv)
    items = gold_items(args.gold, args.limit)
    started = time.perf_counter()
    coded = code(items)
    elapsed = time.perf_counter() - started
    figures, confusions = by_part(items, coded)
    meta = {"collection": COLLECTION, "gold": str(args.gold), "date": datetime.date.today().isoformat(),
            "commit": work_tree(), "seconds": round(elapsed, 2)}
    if args.json:
        look_confusions = [{"gold": g, "coded": c, "count": k}
                           for (g, c), k in Counter((g, c) for g, c, _ in confusions).most_common(10)]
        print(json.dumps({**figures["all"], **meta, "parts": figures, "look_confusions": look_confusions}, indent=2))
        return 0
    print(f"{args.gold.name}: {len(items)} sentences coded in {elapsed:.1f} s, {meta['date']}, {meta['commit']}")
    print(table(figures))
    print(look_report(items, coded, confusions, args.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
