#!/usr/bin/env python3
"""Score kg's event coder on ConfliBERT's CAMEO sentences (../shared/data/conflibert_cameo_train), for
the LOOK and the CHECK part of the split (scripts/dev_split.py, docs/accuracy.md) and for all of it.

Quad class (the measure of ../shared/checks/score-quad-dev.py, so the "all" column is comparable
with it): each sentence of cameo_class_train.tsv has a gold class, 0 statement or no event,
1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. kg's class
for a sentence is that of the first asserted event kg codes in it (as `kg code` prints them: no
date, the text stripped): from its CAMEO root where it has one (01 -> 0, 02-05 -> 1, 06-08 -> 2,
09-13 -> 3, 14-20 -> 4), else from its PLOVER type; 0 when kg codes no event. Reported: accuracy,
macro-F1 over the five classes, and the majority-class baseline (the share of the part's most
common gold class: what always answering that class would score on the part).

Actor spans (cameo_ner_train.txt, tokens tagged B-S/I-S source, B-T/I-T target, B-R/I-R relation):
each sentence, its tokens joined back into text, is coded too; of the sentences with a gold source
span, the share where the source words of kg's first asserted event overlap a gold source span
(and the same for targets). A NER sentence takes the key of the same sentence in the class file
(dev_split.conflibert_ner_keys), so a sentence is in the same part in both files.

A sentence is in the part scripts/dev_split.part("conflibert_cameo_train", key) says (the key is
its 1-based line number in cameo_class_train.tsv). Confusions and example sentences are printed for
the LOOK part only: the check part is scored, never read.

usage: scripts/eval_quad.py [--data DIR] [--json OUT] [--examples N] [--limit N] [--no-spans]
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
from dev_split import conflibert_ner_keys, part, work_tree  # noqa: E402

COLLECTION = "conflibert_cameo_train"
PARTS = ("look", "check", "all")
CLASSES = (0, 1, 2, 3, 4)
NAMES = {0: "statement/none", 1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}
REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"

# PLOVER type -> quad class, for an event without a CAMEO code (old PLOVER names included).
QUAD_OF_TYPE = {}
for _quad, _types in {1: "AGREE CONSULT SUPPORT CONCEDE", 2: "COOPERATE AID RETREAT",
                      3: "REQUEST ACCUSE REJECT THREATEN DEMAND DISAPPROVE INVESTIGATE",
                      4: "PROTEST SANCTION MOBILIZE COERCE ASSAULT FIGHT"}.items():
    QUAD_OF_TYPE.update(dict.fromkeys(_types.split(), _quad))


def quad_class(event: dict | None) -> int:
    """The quad class of one coded event (0 for none)."""
    if event is None:
        return 0
    cameo = str(event.get("cameo") or "").strip()
    if cameo[:2].isdigit():
        root = int(cameo[:2])
        if root == 1:
            return 0
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    kind = str(event.get("type") or "").strip().upper().split("/")[-1].split("#")[-1]
    return QUAD_OF_TYPE.get(kind, 0)


# ---------------------------------------------------------------- data

def class_sentences(data: Path, limit: int | None = None) -> list[dict]:
    """The sentences of cameo_class_train.tsv with a class: key (1-based line number), text, gold, part."""
    out = []
    path = data / COLLECTION / "cameo_class_train.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.rstrip("\r")
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if not label.strip().isdigit():
            continue
        out.append({"key": str(number), "text": text.strip(), "gold": int(label), "part": part(COLLECTION, str(number))})
        if limit is not None and len(out) >= limit:
            break
    return out


NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "%", "'s", "’s", "n't", "'", "’", "”", "-"}
NO_SPACE_AFTER = {"(", "[", "$", "€", "£", "“", "-"}


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text from tokens (no space before a comma, after an opening bracket, around a hyphen;
    "Baghdad ’ s" -> "Baghdad’s") and each token's character range in it."""
    text, spans = "", []
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else None
        glued = previous is None or token in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER \
            or (token == "s" and previous in ("’", "'"))
        if not glued:
            text += " "
        spans.append((len(text), len(text) + len(token)))
        text += token
    return text, spans


def ner_sentences(data: Path, limit: int | None = None) -> list[dict]:
    """The sentences of cameo_ner_train.txt: key, part, text, and the character ranges of the gold
    source and target spans (S, T)."""
    tags_of = []
    tags = []
    for line in (data / COLLECTION / "cameo_ner_train.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            tags.append(line.rsplit(" ", 1)[1] if " " in line else "O")
        elif tags:
            tags_of.append(tags)
            tags = []
    if tags:
        tags_of.append(tags)
    out = []
    for (key, tokens), tags in zip(conflibert_ner_keys(data), tags_of):
        assert len(tokens) == len(tags)
        text, spans = detokenize(tokens)
        gold = {"S": [], "T": []}
        for (start, end), tag in zip(spans, tags):
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if kind not in gold:
                continue
            if tag.startswith("I-") and gold[kind] and gold[kind][-1][2] == len(out):
                gold[kind][-1] = (gold[kind][-1][0], end, len(out))
            else:
                gold[kind].append((start, end, len(out)))
        out.append({"key": key, "part": part(COLLECTION, key), "text": text,
                    "source": [(s, e) for s, e, _ in gold["S"]], "target": [(s, e) for s, e, _ in gold["T"]]})
        if limit is not None and len(out) >= limit:
            break
    return out


def first_events(texts: list[str]) -> list[dict | None]:
    """kg's first asserted event of each text (None when it codes none)."""
    from kg import code_records

    lines = [json.dumps({"id": f"s{i}", "text": text}) for i, text in enumerate(texts)]
    first: list[dict | None] = [None] * len(texts)
    for record in code_records(lines):
        if isinstance(record, dict):
            events = [e for e in record["events"] if (e.get("factuality") or "asserted") == "asserted"]
            first[int(record["id"][1:])] = events[0] if events else None
        else:
            print(f"warning: sentence {record.line} not coded: {record.problem}", file=sys.stderr)
    return first


# ---------------------------------------------------------------- measures

def quad_figures(rows: list[dict]) -> dict:
    gold = [r["gold"] for r in rows]
    got = [r["pred"] for r in rows]
    n = len(rows)
    f1s = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, got))
        fp = sum(g != c and p == c for g, p in zip(gold, got))
        fn = sum(g == c and p != c for g, p in zip(gold, got))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    majority, majority_n = Counter(gold).most_common(1)[0] if gold else (None, 0)
    return {"sentences": n, "right": sum(g == p for g, p in zip(gold, got)),
            "accuracy": sum(g == p for g, p in zip(gold, got)) / n if n else 0.0,
            "macro_f1": sum(f1s) / len(CLASSES), "f1_per_class": f1s,
            "majority_class": majority, "majority_baseline": majority_n / n if n else 0.0,
            "gold_classes": [gold.count(c) for c in CLASSES], "coded_classes": [got.count(c) for c in CLASSES]}


def overlaps(span: tuple[int, int] | None, gold: list[tuple[int, int]]) -> bool:
    return span is not None and any(span[0] < e and s < span[1] for s, e in gold)


def span_figures(rows: list[dict]) -> dict:
    out = {"sentences": len(rows)}
    for role in ("source", "target"):
        with_gold = [r for r in rows if r[role]]
        words = [r for r in with_gold if r["event"] and r["event"].get(f"{role}_start") is not None]
        hit = [r for r in words if overlaps((r["event"][f"{role}_start"], r["event"][f"{role}_end"]), r[role])]
        out[role] = {"gold": len(with_gold), "kg_words": len(words), "overlap": len(hit),
                     "overlap_share": len(hit) / len(with_gold) if with_gold else 0.0,
                     "overlap_share_of_kg_words": len(hit) / len(words) if words else 0.0}
    return out


def per_part(rows: list[dict], figures) -> dict[str, dict]:
    return {p: figures([r for r in rows if p == "all" or r["part"] == p]) for p in PARTS}


# ---------------------------------------------------------------- report

def table(header: list[str], cells: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in cells + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in cells])


def quad_table(figures: dict[str, dict]) -> str:
    rows = [("sentences", lambda f: str(f["sentences"])),
            ("quad accuracy", lambda f: f"{f['accuracy']:.3f} ({f['right']}/{f['sentences']})"),
            ("majority baseline", lambda f: f"{f['majority_baseline']:.3f} (class {f['majority_class']})"),
            ("macro-F1", lambda f: f"{f['macro_f1']:.3f}"),
            ("F1 per class 0-4", lambda f: " ".join(f"{x:.2f}" for x in f["f1_per_class"])),
            ("gold classes 0-4", lambda f: " ".join(map(str, f["gold_classes"]))),
            ("kg's classes 0-4", lambda f: " ".join(map(str, f["coded_classes"])))]
    return table(["measure", *PARTS], [[name] + [cell(figures[p]) for p in PARTS] for name, cell in rows])


def span_table(figures: dict[str, dict]) -> str:
    cells = [["NER sentences"] + [str(figures[p]["sentences"]) for p in PARTS]]
    for role in ("source", "target"):
        cells.append([f"{role} overlaps gold"] + [
            f"{f[role]['overlap_share']:.3f} ({f[role]['overlap']}/{f[role]['gold']})" for f in map(figures.get, PARTS)])
        cells.append([f"  of those with kg {role} words"] + [
            f"{f[role]['overlap_share_of_kg_words']:.3f} ({f[role]['overlap']}/{f[role]['kg_words']})"
            for f in map(figures.get, PARTS)])
    return table(["measure", *PARTS], cells)


def look_report(rows: list[dict], n: int) -> str:
    """The LOOK part's confusions, each with example sentences. Only look-part rows are read."""
    look = [r for r in rows if r["part"] == "look"]
    out = ["", "Quad confusions, LOOK part only (the check part is never shown): gold -> kg"]
    counts = Counter((r["gold"], r["pred"]) for r in look if r["gold"] != r["pred"])
    for (g, p), k in counts.most_common(8):
        out.append(f"  {g} {NAMES[g]:<17} -> {p} {NAMES[p]:<17} x{k}")
        for r in [r for r in look if (r["gold"], r["pred"]) == (g, p)][:n]:
            e = r["event"]
            coded = (f"{e['type']} {e.get('cameo')} {e.get('source')}->{e.get('target')} "
                     f"trigger {e.get('trigger')!r}") if e else "no event"
            out.append(f"      line {r['key']}: [{coded}] {r['text']}")
    if not counts:
        out.append("  none")
    return "\n".join(out)



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="the folder holding conflibert_cameo_train/")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the figures (no sentences) to this JSON file")
    ap.add_argument("--examples", type=int, default=2, metavar="N", help="example sentences per confusion, LOOK part only")
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N sentences of each file (for tests)")
    ap.add_argument("--no-spans", action="store_true", help="skip the actor-span measure on cameo_ner_train.txt")
    args = ap.parse_args(argv)

    began = time.perf_counter()
    rows = class_sentences(args.data, args.limit)
    for row, event in zip(rows, first_events([r["text"] for r in rows])):
        row["event"], row["pred"] = event, quad_class(event)
    quad = per_part(rows, quad_figures)
    quad_seconds = time.perf_counter() - began

    spans, span_seconds = None, 0.0
    if not args.no_spans:
        started = time.perf_counter()
        ner = ner_sentences(args.data, args.limit)
        for row, event in zip(ner, first_events([r["text"] for r in ner])):
            row["event"] = event
        spans = per_part(ner, span_figures)
        span_seconds = time.perf_counter() - started

    meta = {"collection": COLLECTION, "data": str(args.data), "date": datetime.date.today().isoformat(),
            "commit": work_tree(), "seconds_quad": round(quad_seconds, 1), "seconds_spans": round(span_seconds, 1)}
    print(f"ConfliBERT CAMEO quad class, {meta['date']}, {meta['commit']}: {len(rows)} sentences in {quad_seconds:.1f} s")
    print(quad_table(quad))
    if spans is not None:
        print(f"\nActor spans (cameo_ner_train.txt, kg's first asserted event): {spans['all']['sentences']} sentences "
              f"in {span_seconds:.1f} s")
        print(span_table(spans))
    print(look_report(rows, args.examples))
    if args.json:
        args.json.write_text(json.dumps({**meta, "quad": quad, "spans": spans}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
