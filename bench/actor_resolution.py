#!/usr/bin/env python3
"""What cross-document actor resolution costs a build (issue 17, item 6).

    python bench/actor_resolution.py --sizes 1000,10000 [--seed 1] [--workdir DIR] [--json FILE] [--no-check]

For each size N it writes a JSONL corpus of N short news items (two or three sentences each,
deterministic for a seed) whose people and organisations the knowledge base lacks are drawn from
pools, so that names recur across documents: some items name an organisation with its acronym
("the Northern Farmers Union (NFU)"), others the acronym alone, and some bind a person to a state by
a title ("Mexican Foreign Minister …"). Then, in this process (spaCy and the knowledge base loaded
once, before any timing), it times:

- ``kg.build`` of the corpus into a fresh store with resolution off (``resolve_actors=False``) and
  on (the default), the wall time of each, and with resolution on the time of the resolution step
  itself (``BuildSummary.timings["actor resolution"]``: the keys noted before each batch plus the
  resolving after the build) and its share of the build; ``--repeat R`` builds each R times,
  alternating off and on, and keeps the fastest of each (every time is in the JSON);
- an incremental build: 20 more items (names from the same pools) built into the store with
  resolution on, and the resolution step's share of it;
- resolving the whole store afresh (``resolve_all``, what a build does when the graph was dropped;
  the graph is dropped first, untimed).

Stores and corpora go under ``--workdir`` (default /tmp/kg-bench-resolution). Results: a table on
standard output and JSON (``--json``, default ``bench/results/DATE-actor-resolution.json``).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

FIRST = ("Maria", "Jonas", "Amara", "Kenji", "Leila", "Tomas", "Ingrid", "Rafael", "Nadia", "Oskar",
         "Priya", "Mateo", "Yara", "Felix", "Sofia", "Emeka", "Hana", "Lucas", "Zainab", "Viktor",
         "Elena", "Idris", "Marta", "Anders", "Chloe", "Dmitri", "Farah", "Gustavo", "Helga", "Ivan")
LAST = ("Lopez-Sanchez", "Okafor", "Lindqvist", "Takahashi", "Haddad", "Novak", "Brennan", "Castillo",
        "Moreau", "Kowalczyk", "Adeyemi", "Fischer", "Rahimi", "Svensson", "Delgado", "Mbeki",
        "Petrov", "Nakamura", "Ferreira", "Oduya", "Halvorsen", "Quispe", "Marchetti", "Abernathy",
        "Vasquez", "Lindgren", "Osei", "Sorensen", "Albrecht", "Carvalho")
QUALIFIERS = ("Northern", "Southern", "Eastern", "Western", "Central", "National", "United", "Coastal",
              "Highland", "Federal", "Popular", "Green", "Civic", "Rural", "Urban", "Independent")
SUBJECTS = ("Farmers", "Fishing", "Teachers", "Workers", "Traders", "Miners", "Students", "Nurses",
            "Builders", "Drivers", "Growers", "Pilots", "Bankers", "Writers", "Doctors", "Engineers")
KINDS = ("Union", "Council", "Association", "Federation", "League", "Committee", "Alliance", "Forum")
DEMONYMS = ("Mexican", "Chilean", "Peruvian", "Kenyan", "Norwegian", "Portuguese")
TITLES = ("Foreign Minister", "Trade Minister", "Finance Minister")
CITIES = ("Lyon", "Leeds", "Porto", "Malmo", "Bergen", "Graz", "Utrecht", "Ghent")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def pools(seed: int, people: int = 400, organisations: int = 150) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    persons = sorted({f"{f} {l}" for f in FIRST for l in LAST})
    rng.shuffle(persons)
    names = sorted({f"{q} {s} {k}" for q in QUALIFIERS for s in SUBJECTS for k in KINDS})
    rng.shuffle(names)
    return persons[:people], [(n, "".join(w[0] for w in n.split())) for n in names[:organisations]]


def item(rng: random.Random, i: int, persons, organisations) -> dict:
    # names recur: a few are common (a Zipf-like draw), most are rare
    p1, p2 = (persons[min(int(rng.paretovariate(1.2)) - 1, len(persons) - 1)] if rng.random() < 0.5
              else rng.choice(persons) for _ in range(2))
    org, acronym = rng.choice(organisations)
    city, day = rng.choice(CITIES), rng.choice(DAYS)
    form = i % 4
    if form == 0:
        text = (f"The {org} ({acronym}) met in {city} on {day}. {p1}, a spokeswoman for the {acronym}, said "
                f"the talks would continue. {p2} welcomed the decision.")
    elif form == 1:
        text = (f"{rng.choice(DEMONYMS)} {rng.choice(TITLES)} {p1} criticised the {acronym} on {day}. "
                f"{p2} rejected the claim in {city}.")
    elif form == 2:
        text = f"{p1} and {p2} of the {org} announced a new plan in {city} on {day}."
    else:
        text = f"The {acronym} held a vote on {day}. {p1} told reporters in {city} that it had passed."
    published = date(2024, 1, 1) + timedelta(days=i % 300)
    return {"id": f"r{i}", "title": f"Report {i}", "published": published.isoformat(),
            "publisher": f"Outlet {i % 7}", "text": text}


def write_corpus(path: Path, n: int, seed: int, start: int = 0) -> Path:
    persons, organisations = pools(seed)
    rng = random.Random(seed * 1_000_003 + start)
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            out.write(json.dumps(item(rng, i, persons, organisations)) + "\n")
    return path


def counts(store) -> dict:
    from kg.build.actor_resolution import RESOLUTION_GRAPH

    q = ("PREFIX kg: <https://w3id.org/kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { %s } }"
         % (RESOLUTION_GRAPH.value, "%s"))
    one = lambda pattern: int(next(iter(store.query(q % pattern)))["n"].value)  # noqa: E731
    return {"quads": len(store), "resolution_quads": one("?s ?p ?o"),
            "links": one("?s <http://www.w3.org/2002/07/owl#sameAs> ?o"),
            "resolved_actors": one("?s a kg:ResolvedActor")}


def timed_build(paths, store, **options) -> tuple[float, object]:
    import kg

    started = time.perf_counter()
    summary = kg.build(paths, store, **options)
    return time.perf_counter() - started, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-resolution"))
    parser.add_argument("--json", type=Path,
                        default=HERE / "results" / f"{date.today().isoformat()}-actor-resolution.json")
    parser.add_argument("--no-check", action="store_true", help="build without the per-document shape check")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each mode and size (the fastest kept)")
    args = parser.parse_args()

    import kg
    from kg.build.actor_resolution import RESOLUTION_GRAPH, resolve_all

    sizes = [int(s) for s in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    check = not args.no_check
    # load spaCy, the knowledge base and the shapes before any timing
    warm = write_corpus(args.workdir / "warm.jsonl", 3, args.seed, start=10_000_000)
    shutil.rmtree(args.workdir / "warm-store", ignore_errors=True)
    with kg.open_store(args.workdir / "warm-store") as store:
        kg.build([warm], store, check=check)

    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "seed": args.seed, "check": check, "runs": []}
    print(f"{'docs':>7} {'off s':>8} {'on s':>8} {'step s':>8} {'share':>6} {'links':>7} {'resolved':>8} "
          f"{'incr s':>7} {'incr step':>9} {'full s':>7}")
    for n in sizes:
        corpus = write_corpus(args.workdir / f"corpus-{n}.jsonl", n, args.seed)
        extra = write_corpus(args.workdir / f"extra-{n}.jsonl", 20, args.seed, start=n)
        run = {"documents": n}
        for attempt in range(args.repeat):
            for mode in ("off", "on"):
                path = args.workdir / f"store-{n}-{mode}"
                shutil.rmtree(path, ignore_errors=True)
                with kg.open_store(path) as store:
                    seconds, summary = timed_build([corpus], store, check=check, resolve_actors=mode == "on")
                    assert summary.count("built") == n, summary.line()
                    found = {"seconds": round(seconds, 2), "summary": summary.line(), **counts(store)}
                    if mode == "on":
                        step = summary.timings["actor resolution"]
                        found["resolution_seconds"] = round(step, 3)
                        found["resolution_share"] = round(step / seconds, 4)
                    run.setdefault(f"{mode}_all", []).append(found)
                    if mode not in run or seconds < run[mode]["seconds"]:
                        run[mode] = found
        with kg.open_store(args.workdir / f"store-{n}-on") as store:  # the last build with resolution on
            seconds, summary = timed_build([extra], store, check=check)
            step = summary.timings["actor resolution"]
            run["incremental"] = {"documents": 20, "seconds": round(seconds, 2), "resolution_seconds": round(step, 3),
                                  "resolution_share": round(step / seconds, 4)}
            store.remove_graph(RESOLUTION_GRAPH)  # as a researcher undoing it would: the next build resolves all
            started = time.perf_counter()
            resolve_all(store)
            run["full_resolution_seconds"] = round(time.perf_counter() - started, 3)
        run["overhead"] = round(run["on"]["seconds"] / run["off"]["seconds"] - 1, 4)
        results["runs"].append(run)
        on, inc = run["on"], run["incremental"]
        print(f"{n:>7} {run['off']['seconds']:>8.1f} {on['seconds']:>8.1f} {on['resolution_seconds']:>8.2f} "
              f"{on['resolution_share']:>6.1%} {on['links']:>7} {on['resolved_actors']:>8} {inc['seconds']:>7.2f} "
              f"{inc['resolution_seconds']:>9.3f} {run['full_resolution_seconds']:>7.2f}", flush=True)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
