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

Then kg is set side by side with trafilatura alone on the same page files: ``trafilatura.extract``
on the file's bytes with its default settings (``include_comments=False``), and again with
``favor_recall=True``. Each system's **body** is scored: for kg the article's paragraphs and
subheadings as laid out in ``Document.text`` (its glossary too, when the page has one), without
the headline; for trafilatura the text ``extract`` returns (which carries no headline). Per page:

- **token recall**: the share of the "with" snippets' tokens found in the body;
- **token precision** (a proxy: the pages have no full gold body): the share of the "without"
  snippets' tokens NOT found in the body (1 on a page with no "without" snippet);
- **token F1**: their harmonic mean;

where a snippet's token (a run of letters and digits of the normalised text) counts as found when
some run of ``NGRAM`` consecutive tokens of its snippet that holds it (the whole snippet when it is
shorter) occurs in the body's tokens, so a word found somewhere else on the page does not count.
The table gives the mean over pages, and the snippet shares (``with`` found, ``without`` kept) on
the same bodies. The pages are cut into the look and check parts of ``scripts/dev_split.py``
(collection ``trafilatura_eval``, key: the page's file name); every row is given for look, check
and all pages. ``--show`` lists the misses of look pages only.

usage: scripts/eval_html.py [--shared ../shared] [--json FILE] [--show] [--no-compare]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared"
SUBSET = Path("data") / "trafilatura_eval" / "evaldata_news_en_subset.json"
COLLECTION = "trafilatura_eval"  # its look/check parts: scripts/dev_split.py, key = the file name
NGRAM = 3
PARTS = ("look", "check", "all")
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
    bodies: dict[str, str] = {}
    headlines: dict[str, str] = {}
    texts: dict[str, str] = {}
    refused = 0
    for url, expected in sorted(pages.items()):
        path = folder / "html" / expected["file"]
        where = page_part(expected["file"])
        try:
            doc = read_document(path)
        except InputError as exc:
            doc, refused = None, refused + 1
            misses.append({"file": expected["file"], "part": where, "what": "refused", "got": str(exc)})
        bodies[expected["file"]] = kg_body(doc)
        headlines[expected["file"]] = doc.article.title if doc and doc.article else ""
        texts[expected["file"]] = doc.text if doc else ""
        article = doc.article if doc else None
        text = norm(doc.text) if doc else ""
        if expected.get("title"):
            got = article.title if article else None
            ok = norm(got) == norm(expected["title"])
            counts["title"][0] += ok
            counts["title"][1] += 1
            if not ok:
                misses.append({"file": expected["file"], "part": where, "what": "title", "got": got, "expected": expected["title"]})
        if expected.get("date"):
            got = article.published.isoformat() if article and article.published else None
            ok = got == expected["date"][:10]
            counts["date"][0] += ok
            counts["date"][1] += 1
            if not ok:
                misses.append({"file": expected["file"], "part": where, "what": "date", "got": got, "expected": expected["date"]})
        for snippet in expected.get("with", []):
            found = norm(snippet) in text
            counts["with"][0] += found
            counts["with"][1] += 1
            if not found:
                misses.append({"file": expected["file"], "part": where, "what": "with", "expected": snippet})
        for snippet in expected.get("without", []):
            found = norm(snippet) in text
            counts["without"][0] += found
            counts["without"][1] += 1
            if found:
                misses.append({"file": expected["file"], "part": where, "what": "without", "got": snippet})
    figures = {name: (hit / total if total else 0.0) for name, (hit, total) in counts.items()}
    return {"pages": len(pages), "refused": refused, "figures": figures,
            "counts": {k: {"hit": v[0], "total": v[1]} for k, v in counts.items()}, "misses": misses,
            "bodies": bodies, "headlines": headlines, "texts": texts}


def page_part(file: str) -> str:
    """"look" or "check": scripts/dev_split.py's rule, collection ``trafilatura_eval``."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from dev_split import part

    return part(COLLECTION, file)


def kg_body(doc) -> str:
    """The article body kg stores: ``Document.text`` without the headline (kept when it is only
    the opening sentence standing in for a missing one)."""
    if doc is None:
        return ""
    article = doc.article
    if article is None or article.title_span is None:
        return doc.text
    start, end = article.title_span.start, article.title_span.end
    if any(p.span.start <= start < p.span.end for p in article.paragraphs):
        return doc.text  # the stand-in title lies inside the lead paragraph
    return doc.text[:start] + doc.text[end:]


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", norm(text))


def found_tokens(snippet: str, body: set[tuple[str, ...]], n: int) -> tuple[int, int]:
    """(tokens of ``snippet`` found, its tokens): a token is found when a run of ``n`` consecutive
    snippet tokens holding it (the whole snippet when shorter) is among ``body``'s runs."""
    words = tokens(snippet)
    if not words:
        return 0, 0
    size = min(n, len(words))
    hit = [False] * len(words)
    for i in range(len(words) - size + 1):
        if tuple(words[i:i + size]) in body:
            for j in range(i, i + size):
                hit[j] = True
    return sum(hit), len(words)


def ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + size]) for size in range(1, n + 1) for i in range(len(words) - size + 1)}


def score_body(body: str, expected: dict) -> dict:
    """Token recall, precision proxy and F1 of one body, and its snippet counts."""
    text, grams = norm(body), ngrams(tokens(body), NGRAM)
    with_hit = with_total = without_hit = without_total = 0
    for snippet in expected.get("with", []):
        h, t = found_tokens(snippet, grams, NGRAM)
        with_hit, with_total = with_hit + h, with_total + t
    for snippet in expected.get("without", []):
        h, t = found_tokens(snippet, grams, NGRAM)
        without_hit, without_total = without_hit + h, without_total + t
    recall = with_hit / with_total if with_total else 1.0
    precision = 1 - without_hit / without_total if without_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"recall": recall, "precision": precision, "f1": f1,
            "with": [sum(norm(s) in text for s in expected.get("with", [])), len(expected.get("with", []))],
            "without": [sum(norm(s) in text for s in expected.get("without", [])), len(expected.get("without", []))]}


def trafilatura_body(path: Path, **options) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes(), include_comments=False, **options) or ""


SYSTEMS = (("kg", "bodies"), ("kg, headline included", "texts"), ("trafilatura", {}),
           ("trafilatura favor_recall", {"favor_recall": True}))


def overlap(a: str, b: str) -> int:
    """How many tokens of ``a`` are in ``b`` (as a bag: a word twice in ``a`` needs it twice in ``b``)."""
    have = Counter(tokens(b))
    return sum(min(n, have[w]) for w, n in Counter(tokens(a)).items())


def compare(shared: Path = DEFAULT_SHARED, kg_result: dict | None = None) -> dict:
    """Token and snippet figures of kg's body and trafilatura's, per page and per part; for kg
    also the "with" snippets found in its headline but not its body, and how much of
    trafilatura's body kg's holds (tokens as a bag) and the other way round."""
    folder = shared / SUBSET.parent
    pages = json.loads((shared / SUBSET).read_text(encoding="utf-8"))
    kg_result = kg_result or evaluate(shared)
    headlines = kg_result["headlines"]
    per_page: dict[str, dict] = {}
    for _url, expected in sorted(pages.items()):
        name = expected["file"]
        row = {"part": page_part(name)}
        for system, options in SYSTEMS:
            if isinstance(options, str):  # kg's body, or its whole Document.text
                body = kg_result[options].get(name, "")
            else:
                body = trafilatura_body(folder / "html" / name, **options)
            row[system] = score_body(body, expected)
            if options == "bodies":
                kg_text = body
                row[system]["with_in_headline"] = sum(
                    norm(s) not in norm(body) and norm(s) in norm(headlines.get(name)) for s in expected.get("with", []))
            elif not options:
                row["agreement"] = {"kg_tokens": len(tokens(kg_text)), "trafilatura_tokens": len(tokens(body)),
                                    "trafilatura_in_kg": overlap(body, kg_text), "kg_in_trafilatura": overlap(kg_text, body)}
        per_page[name] = row
    table: dict[str, dict] = {}
    for system, _ in SYSTEMS:
        table[system] = {}
        for where in PARTS:
            rows = [r[system] for r in per_page.values() if where == "all" or r["part"] == where]
            n = len(rows)
            table[system][where] = {
                "pages": n,
                **{m: (sum(r[m] for r in rows) / n if n else 0.0) for m in ("precision", "recall", "f1")},
                "with": [sum(r["with"][0] for r in rows), sum(r["with"][1] for r in rows)],
                "without": [sum(r["without"][0] for r in rows), sum(r["without"][1] for r in rows)],
            }
            if system == "kg":
                table[system][where]["with_in_headline"] = sum(r["with_in_headline"] for r in rows)
    agreement = {}
    for where in PARTS:
        rows = [r["agreement"] for r in per_page.values() if where == "all" or r["part"] == where]
        total = {k: sum(r[k] for r in rows) for k in rows[0]} if rows else {}
        agreement[where] = {
            **total,
            "trafilatura_kept": total["trafilatura_in_kg"] / total["trafilatura_tokens"] if rows else 0.0,
            "kg_also_in_trafilatura": total["kg_in_trafilatura"] / total["kg_tokens"] if rows else 0.0,
        }
    return {"table": table, "agreement": agreement, "pages": per_page}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", type=Path, help="write the figures and misses here")
    parser.add_argument("--show", action="store_true", help="list every miss on a look page")
    parser.add_argument("--no-compare", action="store_true", help="leave out the comparison with trafilatura")
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
    if not args.no_compare:
        result["compare"] = compare(args.shared, result)
        print()
        print_table(result["compare"]["table"], result["compare"]["agreement"])
    if args.show:
        for miss in result["misses"]:
            if miss["part"] == "look":
                print(json.dumps(miss, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def print_table(table: dict, agreement: dict) -> None:
    print(f"{'body of':26} {'part':5} {'pages':>5} {'tok P':>6} {'tok R':>6} {'tok F1':>6} {'with found':>11} {'without kept':>13}")
    for system, rows in table.items():
        for where in PARTS:
            r = rows[where]
            print(f"{system:26} {where:5} {r['pages']:5} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                  f"{r['with'][0]:5}/{r['with'][1]:<5} {r['without'][0]:6}/{r['without'][1]:<6}")
    print("kg's headline (kept apart from the body) holds 'with' snippets its body lacks: "
          + ", ".join(f"{w} {table['kg'][w]['with_in_headline']}" for w in PARTS))
    print("tokens of trafilatura's body that kg's holds (kg's that trafilatura's holds): "
          + ", ".join(f"{w} {a['trafilatura_kept']:.3f} ({a['kg_also_in_trafilatura']:.3f})" for w, a in agreement.items()))


if __name__ == "__main__":
    sys.exit(main())
