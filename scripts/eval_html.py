#!/usr/bin/env python3
"""Score kg's HTML reader on trafilatura's news evaluation pages (../shared/data/trafilatura_eval).

The set is ``evaldata_news_en_subset.json``: 55 English news pages (a few are Chinese or German
despite the name), each with "with" snippets that belong in the article text and "without"
snippets (navigation, teasers, comments, footers) that do not; 41 also have the expected title
and publication date. Each page is read exactly as ``kg build page.html`` reads it
(``kg.readers.read_document`` on the file, no URL given) and scored on:

- **title**: the article's title equals the expected one after normalisation (Unicode NFKC,
  case folded, whitespace collapsed, curly quotes and dashes made plain); pages with no expected
  title are not counted;
- **date**: the publication date equals the expected one as YYYY-MM-DD (the calendar date the
  page gives, never shifted to UTC); pages with no expected date are not counted;
- **with**: the share of "with" snippets found (normalised the same way) in ``Document.text``;
- **without**: the share of "without" snippets wrongly found in ``Document.text``.

A page the reader refuses counts as a miss on everything it should have (and keeps no "without"
snippet). Prints the figures; ``--json FILE`` writes them with the per-page misses; ``--show``
lists the misses.

usage: scripts/eval_html.py [--shared ../shared] [--json FILE] [--show]
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared"
SUBSET = Path("data") / "trafilatura_eval" / "evaldata_news_en_subset.json"
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00ad": None})


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_PLAIN)
    return " ".join(text.split()).casefold()


def evaluate(shared: Path = DEFAULT_SHARED) -> dict:
    """The figures (and the misses) for the pages under ``shared``."""
    from kg import InputError, read_document

    folder = shared / SUBSET.parent
    pages = json.loads((shared / SUBSET).read_text(encoding="utf-8"))
    counts = {"title": [0, 0], "date": [0, 0], "with": [0, 0], "without": [0, 0]}
    misses: list[dict] = []
    refused = 0
    for url, expected in sorted(pages.items()):
        path = folder / "html" / expected["file"]
        try:
            doc = read_document(path)
        except InputError as exc:
            doc, refused = None, refused + 1
            misses.append({"file": expected["file"], "what": "refused", "got": str(exc)})
        article = doc.article if doc else None
        text = norm(doc.text) if doc else ""
        if expected.get("title"):
            got = article.title if article else None
            ok = norm(got) == norm(expected["title"])
            counts["title"][0] += ok
            counts["title"][1] += 1
            if not ok:
                misses.append({"file": expected["file"], "what": "title", "got": got, "expected": expected["title"]})
        if expected.get("date"):
            got = article.published.isoformat() if article and article.published else None
            ok = got == expected["date"][:10]
            counts["date"][0] += ok
            counts["date"][1] += 1
            if not ok:
                misses.append({"file": expected["file"], "what": "date", "got": got, "expected": expected["date"]})
        for snippet in expected.get("with", []):
            found = norm(snippet) in text
            counts["with"][0] += found
            counts["with"][1] += 1
            if not found:
                misses.append({"file": expected["file"], "what": "with", "expected": snippet})
        for snippet in expected.get("without", []):
            found = norm(snippet) in text
            counts["without"][0] += found
            counts["without"][1] += 1
            if found:
                misses.append({"file": expected["file"], "what": "without", "got": snippet})
    figures = {name: (hit / total if total else 0.0) for name, (hit, total) in counts.items()}
    return {"pages": len(pages), "refused": refused, "figures": figures,
            "counts": {k: {"hit": v[0], "total": v[1]} for k, v in counts.items()}, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", type=Path, help="write the figures and misses here")
    parser.add_argument("--show", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not (args.shared / SUBSET).is_file():
        print(f"eval_html: {args.shared / SUBSET} not found", file=sys.stderr)
        return 2
    result = evaluate(args.shared)
    c = result["counts"]
    print(f"pages: {result['pages']} (refused: {result['refused']})")
    for name, label in (("title", "titles right"), ("date", "dates right"),
                        ("with", "'with' snippets found"), ("without", "'without' snippets kept (lower is better)")):
        print(f"{label:45} {c[name]['hit']:4}/{c[name]['total']:<4} {result['figures'][name]:.3f}")
    if args.show:
        for miss in result["misses"]:
            print(json.dumps(miss, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
