#!/usr/bin/env python3
"""The look/check split of every development collection (docs/accuracy.md).

Accuracy is judged on text nobody here has read, so each development collection is cut by a
stable hash into a part we LOOK at while writing rules and a CHECK part we only score. A change is
kept only if no check part drops; both parts are reported.

The rule, fixed forever:

    part(collection, key) = "check"  if int(sha256(f"{collection}:{key}")[:8 hex digits], 16) % 100 < 30
                            "look"   otherwise                                       (30% check)

Changing the rule, the 30, a collection's name or what its keys are voids every figure recorded
in docs/accuracy.md (and lets rules written while looking leak into the check part): do not.

Collections and their keys (KEYS below says the same):
- "newswcl50": the EVENT id, the part of a document id before "_" ("0_L" -> "0"), so one
  happening's five outlets stay together and the check part holds events never read;
- "plover_gsr": the record id ("GSR-dev-0001"); the DOCUMENT header record has no sentence;
- "conflibert_cameo_train": the sentence id; the files have none, so the 1-based line number in
  cameo_class_train.tsv ("1" is the first line). cameo_ner_train.txt holds many of the same
  sentences in another order: a sentence of it takes the line number of the same sentence in
  cameo_class_train.tsv (compared without spaces and punctuation, see conflibert_ner_keys), and
  "ner:N" (N its 1-based ordinal in the NER file) when it is not there;
- "trafilatura_eval": the page's file name in trafilatura_eval/html (evaldata_news_en_subset.json
  lists the 55 English news pages scripts/eval_html.py scores);
- "reference-page": the one reference page (../shared/seeds) is a single document we read while
  writing rules: it is look-only and never a check part (part() says "look" whatever the key).

usage: python scripts/dev_split.py COLLECTION KEY      prints look or check
       python scripts/dev_split.py --counts [DATA_DIR]  the size of each part of each collection found
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

CHECK_PERCENT = 30
LOOK_ONLY = frozenset({"reference-page"})
KEYS = {
    "newswcl50": "event id: the document id before '_' (newswcl50_dev/corpus.jsonl, '0_L' -> '0')",
    "plover_gsr": "record id (plover_gsr/PLOVER_GSR_dev.json, 'GSR-dev-0001')",
    "conflibert_cameo_train": "sentence id; none in the files: the 1-based line number in cameo_class_train.tsv",
    "trafilatura_eval": "file name of the page (trafilatura_eval/html, the pages evaldata_news_en_subset.json lists)",
    "reference-page": "one document: look-only",
}
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def work_tree() -> str:
    """Which code a figure was measured on: "work tree at <commit>", and whether it had uncommitted
    changes (the eval scripts print it with their figures)."""
    import subprocess

    repo = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=repo).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=repo).stdout.strip()
    except OSError:
        return "unknown"
    return f"work tree at {head}" + (" with uncommitted changes" if dirty else "")


def part(collection: str, key: str) -> str:
    """"look" or "check" for one item of a collection (the module docstring gives the rule)."""
    if collection in LOOK_ONLY:
        return "look"
    digest = hashlib.sha256(f"{collection}:{key}".encode("utf-8")).hexdigest()
    return "check" if int(digest[:8], 16) % 100 < CHECK_PERCENT else "look"


def newswcl50_event(doc_id: str) -> str:
    """The key of a NewsWCL50 document: its event id ("0_L" -> "0")."""
    return doc_id.split("_", 1)[0]


def newswcl50_part(doc_id: str) -> str:
    return part("newswcl50", newswcl50_event(doc_id))


def _squeeze(text: str) -> str:
    """Letters and digits only, lower case, accents and odd apostrophes dropped ("Erdoğan's" -> "erdogans")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def conflibert_class_keys(data: Path = DATA) -> list[tuple[str, str]]:
    """(key, sentence) of cameo_class_train.tsv: the key is the 1-based line number."""
    path = data / "conflibert_cameo_train" / "cameo_class_train.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(str(number), line.rsplit("\t", 1)[0]) for number, line in enumerate(lines, 1) if line.strip()]


def conflibert_ner_keys(data: Path = DATA) -> list[tuple[str, list[str]]]:
    """(key, tokens) of each sentence of cameo_ner_train.txt, keyed like the same sentence in
    cameo_class_train.tsv, so a sentence is in the same part in both files: the first line whose
    text (squeezed: letters and digits, accents folded) equals it, else the first line that
    contains it (the NER file has some sentences cut short), else "ner:N" (its 1-based ordinal)."""
    by_text, lines = {}, []
    for key, sentence in conflibert_class_keys(data):
        by_text.setdefault(_squeeze(sentence), key)
        lines.append((key, _squeeze(sentence)))

    def key_of(words: list[str], ordinal: int) -> str:
        text = _squeeze("".join(words))
        if text in by_text:
            return by_text[text]
        return next((key for key, line in lines if text and text in line), f"ner:{ordinal}")

    sentences, tokens = [], []
    for line in (data / "conflibert_cameo_train" / "cameo_ner_train.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            tokens.append(line.rsplit(" ", 1)[0])
        elif tokens:
            sentences.append(tokens)
            tokens = []
    if tokens:
        sentences.append(tokens)
    return [(key_of(words, ordinal), words) for ordinal, words in enumerate(sentences, 1)]


def collection_keys(data: Path = DATA) -> dict[str, list[str]]:
    """The keys of each collection present under DATA (missing ones are left out)."""
    found = {}
    corpus = data / "newswcl50_dev" / "corpus.jsonl"
    if corpus.is_file():
        events = {newswcl50_event(json.loads(line)["id"])
                  for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()}
        found["newswcl50"] = sorted(events, key=lambda e: (len(e), e))
    gsr = data / "plover_gsr" / "PLOVER_GSR_dev.json"
    if gsr.is_file():
        found["plover_gsr"] = [r["id"] for r in json.loads(gsr.read_text(encoding="utf-8")) if r.get("text")]
    if (data / "conflibert_cameo_train" / "cameo_class_train.tsv").is_file():
        found["conflibert_cameo_train"] = [key for key, _ in conflibert_class_keys(data)]
    subset = data / "trafilatura_eval" / "evaldata_news_en_subset.json"
    if subset.is_file():
        found["trafilatura_eval"] = sorted(_page_file_names(json.loads(subset.read_text(encoding="utf-8"))))
    return found


def _page_file_names(subset: dict) -> list[str]:
    """The pages' file names: the subset maps each page's URL to its record, whose "file" it is."""
    return [record["file"] for record in subset.values()]


def counts(data: Path = DATA) -> dict[str, dict[str, int]]:
    out = {}
    for collection, keys in collection_keys(data).items():
        parts = [part(collection, key) for key in keys]
        out[collection] = {"look": parts.count("look"), "check": parts.count("check")}
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--counts":
        data = Path(argv[1]) if len(argv) > 1 else DATA
        for collection, n in counts(data).items():
            print(f"{collection}: look {n['look']}, check {n['check']}")
        return 0
    if len(argv) != 2 or argv[0] in ("-h", "--help"):
        print("usage: python scripts/dev_split.py COLLECTION KEY | --counts [DATA_DIR]", file=sys.stderr)
        return 2
    if argv[0] not in KEYS:
        print(f"note: {argv[0]!r} is not a known collection ({', '.join(KEYS)})", file=sys.stderr)
    print(part(argv[0], argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
