#!/usr/bin/env python3
"""Score kg's actor linking on NewsWCL50 (../shared/data/newswcl50_dev), for the LOOK and the CHECK
part of the split (scripts/dev_split.py, docs/accuracy.md) and for all of it.

kg builds the corpus (`kg build corpus.jsonl --store TMP`) as a user would; the actor mentions it
stores (oa:hasBody actor, oa:start/oa:end into the document's kg:text, the document's
dcterms:identifier; the actor's rdfs:label, kg:partOf, kg:cameoCode) are read back with `kg query`,
their offsets carried over to the corpus text (the stored text differs in white space), and
compared with the gold mentions. A gold mention is linked to a stored one when their character
ranges overlap. The measures are those of ../shared/checks/score-actors-dev.py, so the "all"
column is comparable with it:

- country recall: gold COUNTRY mentions with a country code ("U.S.", "Washington", "the White
  House", "Tehran") linked to that country: the state itself (.../actor/state/ISO3), an actor
  kg:partOf it, or an actor whose CAMEO code starts with it;
- person coverage: gold ACTOR mentions (persons) linked to a person actor (an IRI with /person/);
- wrong person: of those, the share linked to a namesake: the person kg chose for the mention
  (the longest overlapping person mention) has a name that neither contains the gold chain's
  name nor is contained in it, nor holds its first and last words ("Kim Jong - un" -> "Hyun Soong
  Jong"); chains named for a group ("administration", "campaign", ...) are not judged;
- cross-document identity: for every person chain with linked mentions in 2+ documents, the share
  of those mentions whose node (the overlapping mention's actor, a person first, then the longest)
  is the chain's most common node; averaged over chains (1.0 = one node across the outlets).

Chains never cross events (their names start with the event id), so each part is scored on its own.
The worst errors are listed for the LOOK part only: the check part is scored, never read.

usage: scripts/eval_actors.py [--kg PATH] [--json OUT] [--data DIR] [--examples N]
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_split import newswcl50_part, work_tree  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "newswcl50_dev"
PARTS = ("look", "check", "all")

MENTIONS = """PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?start ?end ?actor ?resolved ?label ?partOf ?cameo WHERE {
  GRAPH ?g {
    ?mention oa:hasBody ?actor ; oa:hasTarget ?target .
    ?target oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector oa:start ?start ; oa:end ?end .
    ?source dcterms:identifier ?doc .
  }
  OPTIONAL { ?actor <http://www.w3.org/2002/07/owl#sameAs> ?resolved }
  OPTIONAL { ?actor rdfs:label ?label }
  OPTIONAL { ?actor kg:partOf ?partOf }
  OPTIONAL { ?actor kg:cameoCode ?cameo }
}
"""
TEXTS = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?text WHERE { GRAPH ?g { ?source a kg:SourceDocument ; dcterms:identifier ?doc ; kg:text ?text } }
"""
STATE = re.compile(r"/actor/state/([A-Z]{3})$")
# words that make a chain a group rather than one person; such chains are not judged for namesakes
GROUP_WORDS = {"administration", "campaign", "officials", "government", "team", "family", "staff", "lawyers",
               "aides", "democrats", "republicans", "intelligence", "white", "house", "misc"}
NOT_NAME = {"mr", "ms", "the", "actor"}


# ---------------------------------------------------------------- running kg

def kg_path(value: str | None) -> str:
    if value is None:
        return str(REPO / ".venv" / "bin" / "kg")
    if "/" in value:
        return str(Path(value).resolve())  # kg runs from a temporary directory: a relative path would break
    return shutil.which(value) or value


def sparql(kg: str, store: Path, text: str, where: Path, name: str) -> list[dict[str, str]]:
    query = where / f"{name}.rq"
    query.write_text(text, encoding="utf-8")
    done = subprocess.run([kg, "query", str(query), "--format", "json", "--store", str(store)],
                          capture_output=True, text=True, cwd=where, timeout=1800)
    if done.returncode != 0:
        sys.exit(f"eval_actors: kg query failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    rows = json.loads(done.stdout)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def build_and_read(kg: str, corpus: Path) -> tuple[int, str, dict[str, str], list[dict[str, str]]]:
    """Build the corpus into a fresh store; the stored texts by document id and the mention rows."""
    with tempfile.TemporaryDirectory(prefix="eval-actors-") as tmp:
        where = Path(tmp)
        store = where / "store"
        built = subprocess.run([kg, "build", str(corpus), "--store", str(store)],
                               capture_output=True, text=True, cwd=where, timeout=3600)
        if not store.exists():
            sys.exit(f"eval_actors: kg build wrote no store ({built.returncode}): {built.stderr.strip()[-800:]}")
        texts = {doc_id(r["doc"]): r["text"] for r in sparql(kg, store, TEXTS, where, "texts")}
        rows = sparql(kg, store, MENTIONS, where, "mentions")
    for row in rows:
        row["doc"] = doc_id(row["doc"])
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    return built.returncode, built.stderr, texts, rows


def doc_id(identifier: str) -> str:
    """A corpus line's identifier is PATH#ID."""
    return identifier.rsplit("#", 1)[-1]


# ---------------------------------------------------------------- alignment

def char_map(source: str, stored: str) -> list[int]:
    """For each character of the corpus text, its position in the stored text (-1: none), through
    the runs of identical characters difflib finds (kg changes white space, nothing else)."""
    where = [-1] * (len(source) + 1)
    matcher = difflib.SequenceMatcher(None, source, stored, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        where[a:a + size] = range(b, b + size)
    return where


# ---------------------------------------------------------------- what a stored mention says

def countries(row: dict[str, str]) -> set[str]:
    found = set()
    for iri in (row.get("actor"), row.get("partOf")):
        if iri and (m := STATE.search(iri)):
            found.add(m.group(1))
    cameo = row.get("cameo") or ""
    if re.fullmatch(r"[A-Z]{3}.*", cameo):
        found.add(cameo[:3])
    return found


def is_person(row: dict[str, str]) -> bool:
    return "/person/" in row["actor"]


def span(row: dict[str, str]) -> int:
    return row["end"] - row["start"]


def node_of(rows: list[dict[str, str]]) -> dict[str, str]:
    """The stored mention that speaks for a gold mention: a person first, then the longest."""
    return max(rows, key=lambda r: (is_person(r), span(r)))


def words(text: str | None) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", (text or "").replace("_", " ").lower()) if w not in NOT_NAME]


def chain_name(chain: str) -> str:
    """"0_USA_Mike_Pompeo_ACTOR" -> "Mike_Pompeo": no event id, country code or kind."""
    name = chain.split("_", 1)[-1]
    if re.match(r"[A-Z]{3}_", name):
        name = name.split("_", 1)[1]
    return name.rsplit("_", 1)[0]


def namesake(chain: str, label: str | None) -> bool:
    gold, got = words(chain_name(chain)), words(label)
    if not gold or not got or set(gold) & GROUP_WORDS:
        return False
    g, l = set(gold), set(got)
    return not (g <= l or l <= g or (gold[0] in l and gold[-1] in l))


def short(iri: str) -> str:
    """An actor IRI, shortly: document-scoped nodes say so ("0-l:person/trump")."""
    m = re.search(r"/doc/corpus-jsonl-([^/]+?)-[0-9a-f]{8}/actor/(.+)$", iri)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    return iri.split("/actor/", 1)[-1]


def kind(iri: str) -> str:
    """An actor IRI's kind and name, without the document ("organization/trump")."""
    return short(iri).split(":", 1)[-1]


# ---------------------------------------------------------------- scoring

def score(gold: list[dict], hits) -> tuple[dict, dict]:
    """The figures for a set of gold mentions, and the material of their errors."""
    country_total = country_ok = 0
    person_total = person_linked = wrong = 0
    nodes = defaultdict(lambda: defaultdict(Counter))  # chain -> doc -> node -> mentions
    resolved = defaultdict(lambda: defaultdict(Counter))  # the same, each node taken as its resolved actor
    errors = {"namesake": [], "missed_country": [], "missed_person": []}
    for g in gold:
        found = hits(g)
        if g["kind"] == "COUNTRY" and g["code"]:
            country_total += 1
            if any(g["code"] in countries(r) for r in found):
                country_ok += 1
            else:
                errors["missed_country"].append((g, found))
        elif g["kind"] == "ACTOR":
            person_total += 1
            if found:
                node = node_of(found)
                nodes[g["chain"]][g["doc"]][node["actor"]] += 1
                resolved[g["chain"]][g["doc"]][node.get("resolved") or node["actor"]] += 1
            persons = [r for r in found if is_person(r)]
            if not persons:
                errors["missed_person"].append((g, found))
                continue
            person_linked += 1
            chosen = max(persons, key=span)
            if namesake(g["chain"], chosen.get("label")):
                wrong += 1
                errors["namesake"].append((g, chosen))
    def identity(chains) -> list[float]:
        out = []
        for per_doc in chains.values():
            if len(per_doc) >= 2:
                total = Counter()
                for counts in per_doc.values():
                    total.update(counts)
                out.append(total.most_common(1)[0][1] / sum(total.values()))
        return out

    resolved_shares = identity(resolved)
    shares, split = [], []
    for chain, per_doc in nodes.items():
        if len(per_doc) < 2:
            continue
        total = Counter()
        for counts in per_doc.values():
            total.update(counts)
        share = total.most_common(1)[0][1] / sum(total.values())
        shares.append(share)
        if share < 1:
            split.append((chain, share, per_doc))
    errors["split_person"] = split

    def ratio(n, d):
        return round(n / d, 4) if d else None

    figures = {
        "docs": len({g["doc"] for g in gold}),
        "country_recall": ratio(country_ok, country_total), "country_linked": country_ok, "country_mentions": country_total,
        "person_coverage": ratio(person_linked, person_total), "person_linked": person_linked, "person_mentions": person_total,
        "wrong_person": ratio(wrong, person_linked), "wrong_person_mentions": wrong,
        "cross_document_identity": round(sum(shares) / len(shares), 4) if shares else None,
        "cross_document_chains": len(shares),
        # the same, following owl:sameAs from a document's actor to its resolved actor (what the
        # bundled queries report); the first figure counts the mention bodies as stored
        "cross_document_identity_resolved": round(sum(resolved_shares) / len(resolved_shares), 4) if resolved_shares else None,
    }
    return figures, errors


# ---------------------------------------------------------------- report

def fmt(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(figures: dict[str, dict]) -> str:
    rows = [("documents (events)", lambda f: f"{f['docs']} ({f['events']})"),
            ("country recall", lambda f: f"{fmt(f['country_recall'])} ({f['country_linked']}/{f['country_mentions']})"),
            ("person coverage", lambda f: f"{fmt(f['person_coverage'])} ({f['person_linked']}/{f['person_mentions']})"),
            ("wrong person (lower is better)", lambda f: f"{fmt(f['wrong_person'])} ({f['wrong_person_mentions']}/{f['person_linked']})"),
            ("cross-document identity", lambda f: f"{fmt(f['cross_document_identity'])} ({f['cross_document_chains']} chains)"),
            ("identity, resolved actors", lambda f: fmt(f["cross_document_identity_resolved"]))]
    cells = [[name] + [cell(figures[p]) for p in PARTS] for name, cell in rows]
    widths = [max(len(r[i]) for r in cells + [["measure", *PARTS]]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(["measure", *PARTS]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(r) for r in cells])


def worst(errors: dict, n: int) -> str:
    out = ["", "Worst errors, LOOK part only (the check part is never shown):"]

    out.append("\nnamesake (a person linked to someone else of a similar name): gold text -> kg's person")
    c = Counter(f'{g["text"]!r} ({chain_name(g["chain"])}) -> {r.get("label")!r} [{short(r["actor"])}]'
                for g, r in errors["namesake"])
    out += [f"  {k}  x{v}" for k, v in c.most_common(n)] or ["  none"]

    out.append("\nmissed country (metonym, office or name not linked to its state): gold text [code] -> what kg linked there")
    c = Counter()
    for g, found in errors["missed_country"]:
        got = sorted({kind(r["actor"]) + (f' (in {",".join(sorted(countries(r)))})' if countries(r) else "")
                      for r in found}) or ["nothing"]
        c[f'{g["text"]!r} [{g["code"]}] -> {"; ".join(got)}'] += 1
    out += [f"  {k}  x{v}" for k, v in c.most_common(n)] or ["  none"]

    out.append("\nsplit person across documents: chain (identity share): node -> mentions, documents")
    for chain, share, per_doc in sorted(errors["split_person"], key=lambda x: x[1])[:n]:
        per_node = defaultdict(lambda: [0, set()])
        for doc, counts in per_doc.items():
            for node, k in counts.items():
                per_node[node][0] += k
                per_node[node][1].add(doc.split("_", 1)[1])
        parts = [f"{short(node)} {k} ({','.join(sorted(docs))})"
                 for node, (k, docs) in sorted(per_node.items(), key=lambda x: -x[1][0])[:5]]
        out.append(f"  {chain} ({share:.2f}): " + "; ".join(parts) + (" ..." if len(per_node) > 5 else ""))
    if not errors["split_person"]:
        out.append("  none")

    out.append("\nmissed person (a gold person mention linked to no person): chain: mentions missed, "
               "named ones first [what kg linked there]")
    by_chain = defaultdict(Counter)
    for g, found in errors["missed_person"]:
        got = sorted({kind(r["actor"]) for r in found})
        by_chain[g["chain"]][g["text"] + (f" [{'; '.join(got)}]" if got else "")] += 1
    for chain, texts in sorted(by_chain.items(), key=lambda x: -sum(x[1].values()))[:n]:
        named = sorted(texts.items(), key=lambda x: (not any(ch.isupper() for ch in x[0].split(" [")[0]), -x[1]))
        out.append(f"  {chain} ({sum(texts.values())}): " + ", ".join(f"{t!r} x{k}" for t, k in named[:6]))
    if not by_chain:
        out.append("  none")
    return "\n".join(out)



def newswcl50_inputs(argv: list[str] | None, doc: str):
    """The options every NewsWCL50 scoring script takes, parsed; the kg program; the corpus file, its
    records by id and the gold rows."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--kg", help="the kg program (default: the repository's .venv/bin/kg)")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the figures (no examples) to this JSON file")
    ap.add_argument("--data", type=Path, default=DATA, help="the NewsWCL50 folder (corpus.jsonl, gold.jsonl)")
    ap.add_argument("--examples", type=int, default=10, help="errors shown per class (LOOK part only)")
    args = ap.parse_args(argv)
    corpus_file = args.data / "corpus.jsonl"
    corpus = {d["id"]: d for d in map(json.loads, corpus_file.read_text(encoding="utf-8").splitlines()) if d}
    gold = [json.loads(line) for line in (args.data / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return args, kg_path(args.kg), corpus_file, corpus, gold


def main(argv: list[str] | None = None) -> int:
    args, kg, corpus_file, corpus, gold = newswcl50_inputs(argv, __doc__)
    began = time.monotonic()

    rc, stderr, texts, rows = build_and_read(kg, corpus_file)
    if rc != 0:
        print(f"warning: kg build exited {rc}: {stderr.strip()[-400:]}", file=sys.stderr)
    missing = sorted(set(corpus) - set(texts))
    if missing:
        print(f"warning: {len(missing)} documents not in the store: {missing}", file=sys.stderr)
    by_doc = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(row)
    maps = {doc: char_map(d["text"], texts.get(doc, "")) for doc, d in corpus.items()}

    def hits(g):
        where = maps[g["doc"]]
        first, last = where[g["start"]], where[g["end"] - 1]
        if first < 0 or last < 0:
            return []
        return [r for r in by_doc[g["doc"]] if r["start"] <= last and r["end"] > first]

    figures, look_errors = {}, None
    for p in PARTS:
        subset = [g for g in gold if p == "all" or newswcl50_part(g["doc"]) == p]
        figures[p], errors = score(subset, hits)
        figures[p]["events"] = len({g["doc"].split("_", 1)[0] for g in subset})
        if p == "look":
            look_errors = errors
        # the check part's errors are dropped here, unread
    meta = {"collection": "newswcl50", "data": str(args.data), "kg": kg, "build_exit": rc,
            "date": datetime.date.today().isoformat(), "commit": work_tree(),
            "seconds": round(time.monotonic() - began, 1)}
    print(f"NewsWCL50 actors, {meta['date']}, {meta['commit']}, kg build exit {rc}, {meta['seconds']} s")
    print(table(figures))
    print(worst(look_errors, args.examples))
    if args.json:
        args.json.write_text(json.dumps({**meta, "parts": figures}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
