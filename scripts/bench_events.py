#!/usr/bin/env python3
"""Throughput of event coding against the bare spaCy pipeline on the same text.

Texts: the reference page's article paragraphs (../shared/seeds/000_5acde872f18f0611.txt) and the
1,900 world-news items of ../shared/data/ag_news_test/test_world.csv (title + description). For
each: the bare pipeline (``nlp.pipe``), and kg's coder (pipeline + knowledge-base mentions + event
coding, what ``kg code`` does); sentences/s, tokens/s and the coder's share of the bare speed.
Also times a whole ``kg build`` of the reference page (a fresh process; start-up included).

usage: scripts/bench_events.py [--repeat N]
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_5acde872f18f0611.txt"
AG_NEWS = SHARED / "data" / "ag_news_test" / "test_world.csv"


def corpora() -> dict[str, list[str]]:
    from kg import read_document

    document = read_document(SEED)
    paragraphs = [p.span.of(document.text) for p in document.article.paragraphs]
    with AG_NEWS.open(encoding="utf-8", newline="") as f:
        news = [f"{row[1]}. {row[2]}" for row in csv.reader(f) if len(row) >= 3]
    return {"reference page": paragraphs, "ag_news world (1,900 items)": news}


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from kg.extraction.coding import default_coder

    coder = default_coder()
    nlp = coder.nlp
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')}; best of {args.repeat} runs")
    for name, texts in corpora().items():
        docs = list(nlp.pipe(texts))
        sentences = sum(1 for d in docs for _ in d.sents)
        tokens = sum(len(d) for d in docs)
        bare = best_of(args.repeat, lambda: list(nlp.pipe(texts, batch_size=64)))
        coded = best_of(args.repeat, lambda: list(coder.code_texts(((t, None) for t in texts), batch_size=64)))
        print(f"{name}: {len(texts)} texts, {sentences} sentences, {tokens} tokens")
        print(f"  bare pipeline : {bare:6.2f} s  {sentences / bare:7.0f} sentences/s  {tokens / bare:7.0f} tokens/s")
        print(f"  kg coder      : {coded:6.2f} s  {sentences / coded:7.0f} sentences/s  {tokens / coded:7.0f} tokens/s"
              f"  ({bare / coded:.0%} of the bare pipeline)")
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as tmp:
        build = best_of(1, lambda: subprocess.run([str(kg), "build", str(SEED), "--store", f"{tmp}/s", "-q"],
                                                  check=True))
    print(f"kg build of the reference page (fresh process, fresh store): {build:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
