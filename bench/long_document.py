#!/usr/bin/env python3
"""Coding one long document: time against its number of paragraphs.

What a coder remembers of a document's earlier paragraphs (the people it named, their offices, the
states) must cost each paragraph the same, or a long article costs the square of its length. This
codes one synthetic article of N paragraphs (three short sentences each, naming states, offices and
people) with kg's coder and prints the seconds; the ratio between two sizes should stay near the
ratio of the sizes.

usage: .venv/bin/python bench/long_document.py [N ...]     (default: 500 2000)
"""
from __future__ import annotations

import random
import sys
import time
from datetime import date

from kg.documents import Article, Document, Paragraph, Span
from kg.extraction.coding import default_coder

NAMES = ["Russia", "Armenia", "President Trump", "Mr. Pashinyan", "Iran", "the Kremlin", "Turkey", "NATO",
         "Maria Lopez", "Baku"]


def article(paragraphs: int, seed: int = 1) -> Document:
    rng = random.Random(seed)
    text, spans = "Title\n", []
    for _ in range(paragraphs):
        body = " ".join(f"{rng.choice(NAMES)} met officials on Monday." for _ in range(3))
        spans.append(Paragraph(body, Span(len(text), len(text) + len(body))))
        text += body + "\n"
    return Document("bench", "bench", text, article=Article("Title", Span(0, 5), date(2018, 6, 1),
                                                              paragraphs=tuple(spans)))


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [500, 2000]
    coder = default_coder()
    coder.code_text("Russia met Armenia.", None)  # load the pipeline before timing
    for n in sizes:
        document = article(n)
        started = time.perf_counter()
        coded = coder.code_document(document)
        print(f"{n} paragraphs: {time.perf_counter() - started:.2f} s, {len(coded.mentions)} mentions, "
              f"{len(coded.events)} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
