#!/usr/bin/env python3
"""Calibrate the event coder's confidence, and measure how reliable it is (issue 16, item 8).

    scripts/calibrate_confidence.py fit      # writes src/kg/data/lexicon/confidence.tsv
    scripts/calibrate_confidence.py report   # the reliability tables of docs/accuracy.md
    scripts/calibrate_confidence.py report --json OUT

``fit`` codes the LOOK part of the PLOVER development records only (scripts/dev_split.py) and
counts, for each reading of an event (kg.extraction.confidence: the rule that read it, whether it
has a target, whether its source was read from a name, a noun of its kind or inferred), how many
of the asserted events read that way match a gold (source country, type, target country) triple
of their sentence. A reading's confidence is that share, smoothed towards its rule's share and the
rule's towards the overall share (an additive prior of PRIOR events), so a reading seen twice does
not get 0 or 1. The PLOVER
records are CC BY-SA 4.0, and so is the table, which ships in the lexicon folder (NOTICE.md).
ConfliBERT's sentences are never used to fit: nothing derived from them ships.

``report`` codes the PLOVER records and ConfliBERT's quad-class sentences, both parts, and prints
for each part how many asserted events fall in each confidence band and the share of them that is
right: for PLOVER, an event is right when its triple is a gold triple of its sentence; for
ConfliBERT, when its quad class is the sentence's gold class (a weaker test: the actors are not
checked). The check parts are scored, never read.
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_split import work_tree  # noqa: E402
from eval_events import DEFAULT_GOLD, country, gold_items, plover  # noqa: E402
from eval_quad import DATA, class_sentences, quad_class  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TABLE = REPO / "src" / "kg" / "data" / "lexicon" / "confidence.tsv"
PRIOR = 4  # events' worth of the wider share a reading's own share is smoothed towards
BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01))


def coded_events(texts: list[tuple[str, str | None]]) -> list[list[dict]]:
    """The asserted events kg codes in each (text, date), as `kg code` prints them, each with the
    class of its source actor (``source_class``: how the source was read)."""
    from kg.extraction.coding import default_coder
    from kg.services.coding import event_record

    coder = default_coder()
    days = [datetime.date.fromisoformat(day) if day else None for _, day in texts]
    out: list[list[dict]] = []
    for (text, _), day, coded in zip(texts, days, coder.code_texts((t, d) for (t, _), d in zip(texts, days))):
        out.append([{**event_record(e, day, coder, text), "source_class": e.source.cls}
                    for e in coded.events if e.factuality == "asserted"])
    return out


def plover_outcomes(part: str | None) -> list[tuple[dict, bool, str]]:
    """(event, right, part) for each asserted event kg codes in the PLOVER records of ``part`` (all
    parts when None)."""
    items = [i for i in gold_items(DEFAULT_GOLD) if part is None or i["part"] == part]
    events = coded_events([(i["text"], i["date"]) for i in items])
    return [(e, (country(e["source"]), plover(e["type"]), country(e["target"])) in item["gold"], item["part"])
            for item, found in zip(items, events) for e in found]


def quad_outcomes() -> list[tuple[dict, bool, str]]:
    rows = class_sentences(DATA)
    events = coded_events([(r["text"], None) for r in rows])
    return [(e, quad_class(e) == row["gold"], row["part"]) for row, found in zip(rows, events) for e in found]


def reading(event: dict) -> tuple[str, str, str]:
    from kg.extraction.confidence import source_of

    return (event["rule"], "target" if event["target_label"] else "no target",
            source_of(event["source_class"], bool(event["source_text"])))


def fit() -> str:
    """The calibration table from the PLOVER look part."""
    outcomes = plover_outcomes("look")
    overall = sum(right for _, right, _ in outcomes) / len(outcomes)
    by_rule, by_reading = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for event, right, _ in outcomes:
        for counts in (by_rule[event["rule"]], by_reading[reading(event)]):
            counts[0] += 1
            counts[1] += right
    from kg.extraction.confidence import RULES, SOURCES

    lines = [
        "# The confidence of a coded event by how it was read (kg.extraction.confidence). Made by",
        "# scripts/calibrate_confidence.py fit from the look part of the PLOVER development records",
        f"# (CC BY-SA 4.0, see NOTICE.md): {len(outcomes)} asserted events, {overall:.3f} right overall;",
        f"# a reading's share is smoothed towards its rule's ({PRIOR} events' worth), the rule's towards",
        "# the overall share. n and right are the look-part counts of the reading.",
        "rule\ttarget\tsource\tn\tright\tconfidence",
    ]
    for rule in RULES:
        n_rule, right_rule = by_rule.get(rule, (0, 0))
        rule_share = (right_rule + PRIOR * overall) / (n_rule + PRIOR)
        for target in ("target", "no target"):
            for source in SOURCES:
                n, right = by_reading.get((rule, target, source), (0, 0))
                share = (right + PRIOR * rule_share) / (n + PRIOR)
                lines.append(f"{rule}\t{target}\t{source}\t{n}\t{right}\t{share:.2f}")
    return "\n".join(lines) + "\n"


def bands(outcomes: list[tuple[dict, bool, str]]) -> list[dict]:
    out = []
    for low, high in BANDS:
        inside = [right for event, right, _ in outcomes if low <= event["confidence"] < high]
        out.append({"band": f"{low:.1f}–{min(high, 1.0):.1f}", "events": len(inside),
                    "right": sum(inside), "share": sum(inside) / len(inside) if inside else None})
    high = [right for event, right, _ in outcomes if event["confidence"] >= 0.8]
    out.append({"band": "≥ 0.8", "events": len(high), "right": sum(high),
                "share": sum(high) / len(high) if high else None})
    return out


def report() -> dict:
    collections = {"plover_gsr": plover_outcomes(None), "conflibert_cameo_train": quad_outcomes()}
    return {name: {part: bands([o for o in outcomes if o[2] == part]) for part in ("look", "check")}
            for name, outcomes in collections.items()}


def markdown(figures: dict) -> str:
    lines = []
    for name, parts in figures.items():
        lines += [f"{name}:", "", "| confidence | look: events | look: right | check: events | check: right |",
                  "| --- | --- | --- | --- | --- |"]
        for look, check in zip(parts["look"], parts["check"]):
            def cell(b: dict) -> tuple[str, str]:
                return str(b["events"]), (f"{b['share']:.2f} ({b['right']})" if b["share"] is not None else "—")
            lines.append(f"| {look['band']} | {' | '.join(cell(look))} | {' | '.join(cell(check))} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("fit", "report"))
    parser.add_argument("--json", type=Path, metavar="OUT", help="report: also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.action == "fit":
        TABLE.write_text(fit(), encoding="utf-8")
        print(f"wrote {TABLE.relative_to(REPO)}")
        return 0
    figures = report()
    print(f"{datetime.date.today().isoformat()}, {work_tree()}\n")
    print(markdown(figures))
    if args.json:
        args.json.write_text(json.dumps({"commit": work_tree(), **figures}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
