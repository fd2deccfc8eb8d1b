#!/usr/bin/env python3
"""Score kg's sources-side-by-side output on NewsWCL50 (../shared/data/newswcl50_dev): the links
between reports of one happening, and the names each outlet uses for an actor (issue 19, item 4).
Figures for the LOOK and the CHECK part of the split (scripts/dev_split.py: NewsWCL50 is split by
its event, so each part holds whole stories and every outlet's report of them) and for all of it.

kg builds the corpus as a user would (`kg build corpus.jsonl --store TMP`); what it stored is read
back with `kg query`, offsets carried over to the corpus text (the stored text differs in white
space) as scripts/eval_actors.py does.

- **Report links.** A coded event stands for the gold EVENT or ACTION chain whose mention holds its
  trigger word (the trigger's first occurrence in its evidence sentence), else for the one chain
  whose mentions its evidence sentence overlaps; an event whose sentence overlaps several chains'
  mentions and whose trigger is in none is left out (ambiguous), as are events overlapping none.
  Over every pair of such events from different documents: a gold link when both stand for one
  chain, a kg link when kg made them reports of one happening (kg:report). Pairwise precision
  (kg links that are gold links) and recall (gold links kg made).
- **Surface forms.** For each gold actor chain (kinds ACTOR, ACTOR-I, COUNTRY, GROUP) the actor kg
  links is the one most of the chain's mentions overlap (an actor shown as its resolved actor, as
  the queries show it). For the chains kg links, each outlet's gold surface forms (letter case,
  white space, a leading "the" and a possessive 's folded) are looked up among the names
  `actor-names` lists for that actor and that outlet: the share found is the recall. Forms that
  are not names (pronouns, and forms starting with a lower-case word other than "the") are
  counted apart: kg lists what it links, and it links names.

usage: scripts/eval_reports.py [--kg PATH] [--json OUT] [--data DIR] [--examples N]
"""
from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_split import newswcl50_part, work_tree  # noqa: E402
from eval_actors import char_map, doc_id, newswcl50_inputs, sparql  # noqa: E402

PARTS = ("look", "check", "all")
EVENT_KINDS = {"EVENT", "ACTION"}
ACTOR_KINDS = {"ACTOR", "ACTOR-I", "COUNTRY", "GROUP"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "our", "i", "me",
            "my", "you", "your", "who", "whom", "which", "that", "this", "these", "those", "himself", "herself",
            "itself", "themselves"}

EVENTS = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?event ?happening ?doc ?trigger ?start ?end WHERE {
  GRAPH ?g {
    ?event a kg:Event ; kg:trigger ?trigger ; kg:evidence ?span .
    ?span oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector oa:start ?start ; oa:end ?end .
    ?source dcterms:identifier ?doc .
  }
  OPTIONAL { ?happening kg:report ?event }
}
"""
MENTIONS = """PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?doc ?start ?end ?actor ?resolved WHERE {
  GRAPH ?g {
    ?mention oa:hasBody ?actor ; oa:hasTarget ?target .
    ?target oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector oa:start ?start ; oa:end ?end .
    ?source dcterms:identifier ?doc .
  }
  OPTIONAL { ?actor <http://www.w3.org/2002/07/owl#sameAs> ?resolved . ?resolved a kg:ResolvedActor }
}
"""
TEXTS = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?text WHERE { GRAPH ?g { ?source a kg:SourceDocument ; dcterms:identifier ?doc ; kg:text ?text } }
"""


def fold(text: str) -> str:
    """A surface form compared: letter case, white space, a leading "the", a possessive 's folded."""
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()
    text = re.sub(r" ?- ?", "-", text)  # the corpus is tokenised: "Moon Jae - in"
    text = re.sub(r"^the ", "", text)
    return re.sub(r"'s?$", "", text).strip()


def is_name(text: str) -> bool:
    words = text.split()
    if not words or text.lower() in PRONOUNS:
        return False
    first = words[1] if words[0].lower() == "the" and len(words) > 1 else words[0]
    return first[:1].isupper() or first[:1].isdigit()


def run(kg: str, corpus: Path) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """Build the corpus; the stored texts, events, mentions and actor-names rows."""
    with tempfile.TemporaryDirectory(prefix="eval-reports-") as tmp:
        where = Path(tmp)
        store = where / "store"
        built = subprocess.run([kg, "build", str(corpus), "--store", str(store)],
                               capture_output=True, text=True, cwd=where, timeout=3600)
        if not store.exists():
            sys.exit(f"eval_reports: kg build wrote no store ({built.returncode}): {built.stderr.strip()[-800:]}")
        texts = {doc_id(r["doc"]): r["text"] for r in sparql(kg, store, TEXTS, where, "texts")}
        events = sparql(kg, store, EVENTS, where, "events")
        mentions = sparql(kg, store, MENTIONS, where, "mentions")
        names = subprocess.run([kg, "query", "actor-names", "--store", str(store), "--format", "json"],
                               capture_output=True, text=True, cwd=where, timeout=1800)
        if names.returncode != 0:
            sys.exit(f"eval_reports: kg query actor-names failed: {names.stderr.strip()[-800:]}")
        name_rows = [{k: v["value"] for k, v in row.items()} for row in json.loads(names.stdout)["results"]["bindings"]]
    for row in events + mentions:
        row["doc"] = doc_id(row["doc"])
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    return texts, events, mentions, name_rows


def event_chains(gold: list[dict], events: list[dict], texts: dict, back: dict) -> dict[str, tuple[str, str, str]]:
    """event IRI -> (document, gold chain, happening) for the events that stand for one chain."""
    spans = defaultdict(list)  # doc -> gold event mentions as stored offsets
    for g in gold:
        if g["kind"] in EVENT_KINDS:
            where = back[g["doc"]]
            first, last = where[g["start"]], where[g["end"] - 1]
            if first >= 0 and last >= 0:
                spans[g["doc"]].append((first, last + 1, g["chain"]))
    by_event = defaultdict(list)
    for row in events:
        by_event[row["event"]].append(row)
    out = {}
    for event, rows in by_event.items():
        doc = rows[0]["doc"]
        happening = rows[0].get("happening") or event
        chains: set[str] = set()
        at_trigger: set[str] = set()
        for r in rows:
            sentence = texts.get(doc, "")[r["start"]:r["end"]]
            found = sentence.find(r["trigger"])
            trigger = (r["start"] + found, r["start"] + found + len(r["trigger"])) if found >= 0 else None
            for start, end, chain in spans.get(doc, ()):
                if start < r["end"] and end > r["start"]:
                    chains.add(chain)
                    if trigger and start < trigger[1] and end > trigger[0]:
                        at_trigger.add(chain)
        chosen = at_trigger if len(at_trigger) == 1 else (chains if len(chains) == 1 else set())
        if chosen:
            out[event] = (doc, next(iter(chosen)), happening)
    return out


def link_figures(standing: dict[str, tuple[str, str, str]], part: str) -> tuple[dict, list]:
    items = sorted((e, v) for e, v in standing.items() if part == "all" or newswcl50_part(v[0]) == part)
    right = predicted = gold_links = 0
    wrong = []
    for (e1, (d1, c1, h1)), (e2, (d2, c2, h2)) in combinations(items, 2):
        if d1 == d2 or d1.split("_")[0] != d2.split("_")[0]:
            continue  # one document's events are merged by the coder; gold chains never cross stories
        same_gold, same_kg = c1 == c2, h1 == h2
        gold_links += same_gold
        predicted += same_kg
        right += same_gold and same_kg
        if same_kg and not same_gold:
            wrong.append((c1, c2))
    return {"events": len(items), "gold_links": gold_links, "kg_links": predicted, "right_links": right,
            "precision": round(right / predicted, 4) if predicted else None,
            "recall": round(right / gold_links, 4) if gold_links else None}, wrong


def surface_figures(gold: list[dict], mentions: list[dict], names: list[dict], back: dict,
                    publisher_of: dict, part: str) -> tuple[dict, list]:
    by_doc = defaultdict(list)
    for m in mentions:
        by_doc[m["doc"]].append(m)
    chains = defaultdict(list)
    for g in gold:
        if g["kind"] in ACTOR_KINDS and (part == "all" or newswcl50_part(g["doc"]) == part):
            chains[g["chain"]].append(g)
    listed = defaultdict(set)  # (actor, publisher) -> folded names actor-names lists, and without a title
    for row in names:
        listed[(row["actor"], row["publisher"])] |= {fold(row["name"]), fold(untitled(row["name"]))}
    forms_total = forms_found = linked_total = linked_found = other_forms = chains_linked = 0
    missed = []
    for chain, members in sorted(chains.items()):
        votes = Counter()
        hits = {}
        for i, g in enumerate(members):
            where = back[g["doc"]]
            first, last = where[g["start"]], where[g["end"] - 1]
            hits[i] = [] if first < 0 or last < 0 else [
                m.get("resolved") or m["actor"] for m in by_doc[g["doc"]] if m["start"] <= last and m["end"] > first]
            votes.update(hits[i])
        if not votes:
            continue
        actor = min(votes, key=lambda a: (-votes[a], a))
        chains_linked += 1
        forms: dict[tuple[str, str], bool] = {}  # (outlet, form) -> kg linked one of its mentions to the actor
        for i, g in enumerate(members):
            key = (publisher_of[g["doc"]], fold(g["text"]))
            if not is_name(g["text"]):
                other_forms += key not in forms
                forms.setdefault(key, None)
                continue
            forms[key] = bool(forms.get(key)) or actor in hits[i]
        for (publisher, form), linked in sorted(forms.items()):
            if linked is None:
                continue
            found = form in listed[(actor, publisher)]
            forms_total += 1
            forms_found += found
            linked_total += linked
            linked_found += found and linked
            if not found:
                missed.append((chain, publisher, form, "linked" if linked else "not linked"))
    ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {"chains_linked": chains_linked, "forms": forms_total, "forms_listed": forms_found,
            "recall": ratio(forms_found, forms_total), "linked_forms": linked_total,
            "linked_forms_listed": linked_found, "linked_recall": ratio(linked_found, linked_total),
            "forms_not_names": other_forms}, missed


_TITLE = re.compile(r"^(?:(?:[a-z]+ )?[a-z]+(?:an|ese|ish|i|ch) (?=(?:president|prime minister|chancellor|secretary|"
                    r"leader|supreme leader|king|queen|prince|ambassador|general|director)\b))?(?:(?:mr|mrs|ms|dr|president|prime minister|chancellor|secretary|senator|sen|rep|gov|"
                    r"governor|general|gen|king|queen|prince|ambassador|director|speaker|leader|"
                    r"supreme leader|attorney general|special counsel|counsel)\.?\s+)+", re.IGNORECASE)


def untitled(name: str) -> str:
    """ "President Trump" -> "Trump": an outlet that writes the title also writes the name."""
    return _TITLE.sub("", name.strip()) or name


def main(argv: list[str] | None = None) -> int:
    args, kg, corpus_file, corpus, gold = newswcl50_inputs(argv, __doc__)
    began = time.monotonic()
    texts, events, mentions, names = run(kg, corpus_file)
    back = {doc: char_map(d["text"], texts.get(doc, "")) for doc, d in corpus.items()}
    publisher_of = {doc: d.get("publisher") or "" for doc, d in corpus.items()}
    standing = event_chains(gold, events, texts, back)
    figures, look_examples = {}, {}
    for part in PARTS:
        links, wrong = link_figures(standing, part)
        forms, missed = surface_figures(gold, mentions, names, back, publisher_of, part)
        figures[part] = {"links": links, "surface_forms": forms}
        if part == "look":  # the check part's errors are dropped here, unread
            look_examples = {"wrong_links": Counter(wrong).most_common(args.examples),
                             "missed_forms": sorted(missed, key=lambda m: m[3])[:args.examples]}
    meta = {"collection": "newswcl50", "kg": kg, "date": datetime.date.today().isoformat(),
            "commit": work_tree(), "seconds": round(time.monotonic() - began, 1)}
    print(f"NewsWCL50 reports and names, {meta['date']}, {meta['commit']}, {meta['seconds']} s")
    print("| measure | " + " | ".join(PARTS) + " |\n|---|---|---|---|")
    rows = [("events standing for one gold chain", lambda f: str(f["links"]["events"])),
            ("pairwise link precision", lambda f: f'{f["links"]["precision"]} ({f["links"]["right_links"]}/{f["links"]["kg_links"]})'),
            ("pairwise link recall", lambda f: f'{f["links"]["recall"]} ({f["links"]["right_links"]}/{f["links"]["gold_links"]})'),
            ("actor chains kg links", lambda f: str(f["surface_forms"]["chains_linked"])),
            ("surface-form recall (names)", lambda f: f'{f["surface_forms"]["recall"]} ({f["surface_forms"]["forms_listed"]}/{f["surface_forms"]["forms"]})'),
            ("surface-form recall, forms kg links to the actor", lambda f: f'{f["surface_forms"]["linked_recall"]} ({f["surface_forms"]["linked_forms_listed"]}/{f["surface_forms"]["linked_forms"]})'),
            ("forms that are not names (not scored)", lambda f: str(f["surface_forms"]["forms_not_names"]))]
    for name, cell in rows:
        print(f"| {name} | " + " | ".join(cell(figures[p]) for p in PARTS) + " |")
    print("\nLOOK part only (the check part is never shown):")
    print("wrong links (kg joined two chains):")
    for (a, b), n in look_examples["wrong_links"]:
        print(f"  {a} ~ {b}  x{n}")
    print("surface forms not listed (chain, outlet, form):")
    for chain, publisher, form, linked in look_examples["missed_forms"]:
        print(f"  {chain} | {publisher} | {form!r} ({linked})")
    if args.json:
        args.json.write_text(json.dumps({**meta, "parts": figures}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
