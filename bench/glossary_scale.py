#!/usr/bin/env python3
"""How `kg build` scales with the size of one glossary (issue 21, item 7).

    python bench/glossary_scale.py --sizes 250,500,1000,10000 [--seed 1] [--workdir DIR] [--json FILE]
    python bench/glossary_scale.py --sizes 250,500 --pythonpath /tmp/kg-old/src   # another kg's source
    python bench/glossary_scale.py --sizes 10000 --no-check    # without the per-document shape check
    python bench/glossary_scale.py --sizes 1000,10000 --extract-only   # reading and extraction alone

Writes, for each size N, one HTML page holding a ``<dl>`` glossary of N terms (deterministic for a
seed), and times ``kg build PAGE --store NEW_STORE`` on it as a whole process under
``/usr/bin/time -f "%e %M"`` (wall seconds, peak RSS in KB), with ``SOURCE_DATE_EPOCH`` fixed. Then it
counts the ``skos:related`` triples (two a link) in ``kg export --format n-quads`` (not timed), so
two kg versions can be compared on the same pages. With ``--extract-only`` it times, in a process of
its own per size, reading the page, kg's extraction of it and, apart, the linking between topics
alone (``time.perf_counter``; the pipeline's loading is left out), with the process's peak RSS.

The terms are realistic names ("Northern Liberation Front", "Caspian Accord", "Baltic & Caspian
Relations", one-word terms that nest inside longer ones); each definition has two or three
sentences that name two to four other terms of the glossary, some in the plural or in lower case,
and places and years as a publisher's definitions do.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

TIME = "/usr/bin/time"
SOURCE_DATE_EPOCH = "1700000000"
RELATED = "<http://www.w3.org/2004/02/skos/core#related>"

QUALIFIERS = (
    "Northern", "Southern", "Eastern", "Western", "Central", "Islamic", "Democratic", "Popular",
    "Revolutionary", "National", "United", "Free", "Baltic", "Caspian", "Andean", "Sahel", "Arctic",
    "Atlantic", "Pacific", "Balkan", "Levantine", "Nordic", "Alpine", "Coastal", "Highland",
    "Federal", "Provisional", "Liberation", "Patriotic", "Socialist", "Conservative", "Reformist",
    "Secular", "Maritime", "Continental", "Imperial", "Republican", "Royal", "Green", "Red", "Black",
    "White", "Golden", "Silver", "Crescent", "Cedar", "Jasmine", "Orange", "Velvet", "Iron",
    "Steel", "Copper", "River", "Desert", "Mountain", "Island", "Border", "Frontier", "Unity",
    "Solidarity", "Justice", "Dignity", "Freedom", "Progress", "Renewal", "Harmony", "Covenant",
    "Vanguard", "Horizon", "Meridian", "Equator", "Delta", "Summit", "Gulf", "Strait", "Valley",
    "Plateau", "Steppe", "Tundra", "Monsoon", "Harbour", "Lagoon", "Canyon", "Oasis", "Fjord",
    "Transatlantic", "Eurasian", "Pan-African", "Pan-Arab", "Trans-Caspian", "Indo-Pacific",
    "Sino-Soviet", "Anglo-Irish", "Franco-German", "Greater", "Lesser", "Upper", "Lower", "New",
    "Old", "First", "Second", "Third", "Grand", "Supreme", "Joint", "Allied", "Sovereign",
)
KINDS = (
    "Alliance", "Front", "Council", "Movement", "Accord", "Doctrine", "Treaty", "Brigade", "Party",
    "Union", "League", "Congress", "Assembly", "Coalition", "Pact", "Initiative", "Agreement",
    "Commission", "Authority", "Army", "Militia", "Federation", "Confederation", "Bloc", "Forum",
    "Partnership", "Dialogue", "Process", "Summit", "Declaration", "Charter", "Protocol", "Crisis",
    "War", "Uprising", "Revolution", "Conflict", "Ceasefire", "Mission", "Corridor", "Zone",
    "Question", "Dispute", "Reform", "Programme", "Strategy", "Network", "Brotherhood", "Order",
    "Guard", "Directorate", "Tribunal", "Court", "Bank", "Fund", "Company", "Institute", "Centre",
    "Society", "Association", "Committee", "Secretariat", "Agency", "Office", "Ministry",
    "Command", "Division", "Regiment", "Battalion", "Squadron", "Fleet", "Corps", "Legion",
    "Cartel", "Syndicate", "Consortium", "Compact", "Convention", "Concordat", "Entente", "Axis",
)
PLACES = ("Yemen", "Iraq", "Syria", "Lebanon", "Jordan", "Egypt", "Libya", "Sudan", "Ethiopia",
          "Somalia", "Kenya", "Nigeria", "Mali", "Niger", "Chad", "Afghanistan", "Pakistan", "India",
          "Iran", "Turkey", "Armenia", "Georgia", "Ukraine", "Poland", "Germany", "France", "Spain",
          "Colombia", "Peru", "Bolivia", "Venezuela", "Mexico", "Cuba", "Myanmar", "Thailand")
ROLES = ("a political movement", "an armed group", "an intergovernmental organisation", "a military alliance",
         "a treaty", "a regional bloc", "a political party", "a government body", "a doctrine",
         "an armed conflict", "a peace process", "a trade agreement")


# Terms that other terms contain, as "Islam" is in "Shia Islam", and "&" terms whose parts are found
# on their own ("Baltic" in "Baltic Fleet"): a fixed few, so that a definition names about as many
# terms in a glossary of 250 as in one of 10,000 (the work of linking follows the links found).
NESTED = ("Alliance", "Front", "Council", "Treaty", "Movement", "Accord")
AMPERSAND = ("Baltic & Caspian Relations", "Sahel & Andean Relations", "Islamic & Secular Relations",
             "Nordic & Alpine Relations")


def terms(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct terms: the few above, two-word names, and one in ten of three words."""
    two = [f"{q} {k}" for q in QUALIFIERS for k in KINDS]
    rng.shuffle(two)
    out = list(dict.fromkeys([*NESTED, *AMPERSAND]))[:n]
    seen = {t.casefold() for t in out}
    while len(out) < n:
        if two and rng.random() < 0.9:
            term = two.pop()
        else:
            term = f"{rng.choice(QUALIFIERS)} {rng.choice(QUALIFIERS)} {rng.choice(KINDS)}"
        if term.casefold() not in seen:
            seen.add(term.casefold())
            out.append(term)
    rng.shuffle(out)
    return out


def mention(term: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return term.lower()
    if r < 0.30 and not term.endswith("s"):
        return term + "s"
    return term


def definition(term: str, others: list[str], rng: random.Random) -> str:
    a, b, *rest = [mention(t, rng) for t in others]
    year = rng.randint(1900, 2020)
    place = rng.choice(PLACES)
    text = (f"The {term} is {rng.choice(ROLES)} founded in {year} that operates in {place}. "
            f"It works closely with the {a} and has long opposed the {b}.")
    if rest:
        text += f" Its leaders met representatives of the {' and the '.join(rest)} in {rng.choice(PLACES)}."
    return text


def glossary_page(n: int, seed: int) -> str:
    rng = random.Random(seed)
    names = terms(n, rng)
    items = []
    for term in names:
        others = rng.sample(names, min(len(names), rng.randint(2, 4)))
        others = [t for t in others if t != term] or [names[0]]
        while len(others) < 2:
            others.append(names[-1])
        items.append(f"<dt>{html.escape(term)}</dt><dd>{html.escape(definition(term, others, rng))}</dd>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Glossary | Bench Monitor</title>"
            f"</head><body><h1>Glossary</h1><dl>{''.join(items)}</dl></body></html>")


def kg_command(pythonpath: str | None) -> tuple[list[str], dict]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "kg.cli"], env


def build(page: Path, store: Path, pythonpath: str | None, no_check: bool, timeout: float | None) -> dict:
    kg, env = kg_command(pythonpath)
    cmd = [TIME, "-f", "TIME %e %M", *kg, "build", str(page), "--store", str(store)]
    if no_check:
        cmd.append("--no-check")
    started = time.perf_counter()
    # a session of its own, so that a build past --timeout is stopped with its children
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"seconds": None, "timed_out_after": timeout}
    wall = time.perf_counter() - started
    measured = re.findall(r"^TIME ([\d.]+) (\d+)$", stderr, re.M)
    if proc.returncode != 0 or not measured:
        raise SystemExit(f"kg build {page} failed ({proc.returncode}): {stderr[-2000:]}")
    seconds, kb = measured[-1]
    return {"seconds": float(seconds), "wall_seconds": round(wall, 2), "max_rss_mb": round(int(kb) / 1024, 1)}


def extract(page: Path, pythonpath: str | None) -> dict:
    _, env = kg_command(pythonpath)
    cmd = [TIME, "-f", "TIME %e %M", sys.executable, __file__, "--extract-page", str(page)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    measured = re.findall(r"^TIME ([\d.]+) (\d+)$", done.stderr, re.M)
    if done.returncode != 0 or not measured:
        raise SystemExit(f"extracting {page} failed ({done.returncode}): {done.stderr[-2000:]}")
    return {**json.loads(done.stdout), "max_rss_mb": round(int(measured[-1][1]) / 1024, 1)}


def extract_page(page: Path) -> dict:
    """In this process: read ``page``, extract it, then link every definition to the other terms
    again on its own (with a new matcher, where kg has one)."""
    from kg.extraction import definitions
    from kg.extraction.coding import default_coder
    from kg.extraction.extract import extract as extract_document, known_thing
    from kg import read_document

    coder = default_coder()
    started = time.perf_counter()
    document = read_document(page)
    read = time.perf_counter()
    extraction = extract_document(document, coder)
    extracted = time.perf_counter()
    terms = [e.term for e in document.glossary]
    contexts = []
    for entry in document.glossary:
        itself = known_thing(entry.term, coder.gazetteer)
        contexts.append(definitions._Context(entry, coder.gazetteer, itself, definitions._topic_names(entry, itself)))
    definitions._last_glossary = None  # so the linking below prepares the terms again, where kg does
    linking = time.perf_counter()
    links = sum(len(list(definitions._related(ctx, terms))) for ctx in contexts)
    linked = time.perf_counter()
    return {"read_seconds": round(read - started, 2), "extract_seconds": round(extracted - read, 2),
            "linking_seconds": round(linked - linking, 2),
            "related": sum(len(t.of("related")) for t in extraction.topics), "related_again": links}


def related_links(store: Path, pythonpath: str | None) -> int:
    kg, env = kg_command(pythonpath)
    out = store.parent / f"{store.name}.nq"
    subprocess.run([*kg, "export", "--store", str(store), "--format", "n-quads", "--output", str(out)],
                   check=True, env=env, capture_output=True)
    with out.open(encoding="utf-8") as fh:
        # the predicate position only: a document's record of its shared statements is one literal
        # that holds the words too (kg.build.shared_statements)
        return sum(1 for line in fh if line.split(" ", 2)[1:2] == [RELATED])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench/glossary"))
    parser.add_argument("--pythonpath", help="put this directory first on PYTHONPATH (another kg's src)")
    parser.add_argument("--label", default="", help="a name for this run in the output")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-check", action="store_true", help="build with --no-check (no per-document shapes)")
    parser.add_argument("--timeout", type=float, help="stop a build after this many seconds (and say so)")
    parser.add_argument("--write-only", action="store_true", help="write the pages, build nothing")
    parser.add_argument("--extract-only", action="store_true", help="time reading and extraction, build nothing")
    parser.add_argument("--extract-page", type=Path, help=argparse.SUPPRESS)  # the child of --extract-only
    args = parser.parse_args()
    if args.extract_page:
        print(json.dumps(extract_page(args.extract_page)))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = {"label": args.label, "seed": args.seed, "pythonpath": args.pythonpath, "no_check": args.no_check,
               "extract_only": args.extract_only,
               "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                           "python": platform.python_version(), "load_before": os.getloadavg()},
               "runs": []}
    if not args.extract_only:  # "related": skos:related triples in the export
        print(f"{'terms':>7} {'seconds':>9} {'max RSS MB':>11} {'related':>8}  (load {os.getloadavg()[0]:.2f})")
    for n in (int(s) for s in args.sizes.split(",")):
        page = args.workdir / f"glossary-{n}-seed{args.seed}.html"
        page.write_text(glossary_page(n, args.seed), encoding="utf-8")
        if args.write_only:
            print(page)
            continue
        if args.extract_only:
            run = {"terms": n, **extract(page, args.pythonpath)}
            results["runs"].append(run)
            print(f"{n:>7} read {run['read_seconds']:.1f} s, extract {run['extract_seconds']:.1f} s, linking alone "
                  f"{run['linking_seconds']:.2f} s, max RSS {run['max_rss_mb']:.0f} MB, {run['related']} related",
                  flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            continue
        store = args.workdir / f"store-{n}-{args.label or 'run'}"
        shutil.rmtree(store, ignore_errors=True)
        run = {"terms": n, **build(page, store, args.pythonpath, args.no_check, args.timeout),
               "load_after": os.getloadavg()[0]}
        if run["seconds"] is None:
            print(f"{n:>7} stopped after {args.timeout:.0f} s", flush=True)
        else:
            run["related"] = related_links(store, args.pythonpath)
            print(f"{n:>7} {run['seconds']:>9.1f} {run['max_rss_mb']:>11.1f} {run['related']:>8}", flush=True)
        results["runs"].append(run)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
