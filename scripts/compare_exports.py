"""Build the reference inputs with one kg source tree and keep every export and query answer, so
that two trees can be compared byte for byte (a refactoring must change nothing).

    python scripts/compare_exports.py --out /tmp/before --src /tmp/kg-old/src    # an older tree
    python scripts/compare_exports.py --out /tmp/after                          # this checkout
    python scripts/compare_exports.py --compare /tmp/before /tmp/after          # exit 1 if any file differs

Inputs (read from ``--shared``, default ``../shared``): the reference page; the shared glossaries
(the Wikipedia geopolitics glossary and the World Factbook); the first 300 records of the AG News
world file (``--columns title=2,text=3``). Each is built into its own store with
``SOURCE_DATE_EPOCH`` fixed, from a fixed working directory and with absolute paths, so the
documents' keys (their identity: their paths) are the same for both trees. Kept per store: the
export in every RDF format, the events table as CSV, ``kg validate``'s report (JSON) and every
bundled query's answer as CSV.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["turtle", "json-ld", "n-triples", "n-quads", "trig"]
QUERIES = ["actor-events", "actors", "alliances", "articles", "dyad", "event-counts", "events", "events-table",
           "mentions", "topic-facts", "topic-sources", "topics"]
WORK = Path("/tmp/kg-compare-inputs")  # fixed, so that the 300-record file has the same path (key) each time


def inputs(shared: Path) -> dict[str, list[str]]:
    WORK.mkdir(parents=True, exist_ok=True)
    ag = WORK / "ag_news_300.csv"
    with open(shared / "data" / "ag_news_test" / "test_world.csv", encoding="utf-8") as source:
        ag.write_text("".join(line for _, line in zip(range(300), source)), encoding="utf-8")
    return {
        "reference-page": [str(shared / "seeds" / "000_5acde872f18f0611.txt")],
        "glossaries": [str(shared / "data" / "wikipedia_geopolitics_glossary" / "glossary.jsonl"),
                       str(shared / "data" / "factbook_json")],
        "ag-news-300": [str(ag), "--columns", "title=2,text=3"],
    }


def kg(src: Path | None, *args: str, stdout=None) -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=WORK, env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True)
    return done.returncode


def record(out: Path, shared: Path, src: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, args in inputs(shared).items():
        store = WORK / f"store-{name}"
        shutil.rmtree(store, ignore_errors=True)
        status = kg(src, "build", *args, "--store", str(store))
        (out / f"{name}.build-exit").write_text(f"{status}\n")
        for fmt in FORMATS:
            kg(src, "export", "--store", str(store), "--format", fmt, "--output", str(out / f"{name}.{fmt}"))
        kg(src, "export", "--store", str(store), "--format", "csv", "--what", "events",
           "--output", str(out / f"{name}.events.csv"))
        with open(out / f"{name}.validate.json", "w", encoding="utf-8") as report:
            kg(src, "validate", "--store", str(store), "--format", "json", stdout=report)
        for query in QUERIES:
            with open(out / f"{name}.query-{query}.csv", "w", encoding="utf-8") as answer:
                kg(src, "query", query, "--store", str(store), "--format", "csv", stdout=answer)
        shutil.rmtree(store, ignore_errors=True)
        print(f"{name}: built (exit {status}), exported, validated, queried -> {out}", file=sys.stderr)


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = [n for n in names if not (a / n).exists() or not (b / n).exists()
              or not filecmp.cmp(a / n, b / n, shallow=False)]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} files identical")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="where to keep the exports and answers")
    parser.add_argument("--src", type=Path, default=None, help="the kg source tree (its src/) to run; default: this one")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.out:
        parser.error("give --out DIR (or --compare A B)")
    record(args.out, args.shared.resolve(), args.src.resolve() if args.src else None)


if __name__ == "__main__":
    main()
