#!/usr/bin/env python3
"""What linking the reports of one happening costs a build (issue 19).

    python bench/happening_linking.py --sizes 1000,10000 [--repeat N] [--seed 1] [--days 365]
                                      [--workdir DIR] [--json FILE] [--no-check]

For each size N it writes a JSONL corpus of N short news items (two or three sentences each,
deterministic for a seed). The items report *stories*: a story is one happening (two actors of the
knowledge base, mostly states drawn by weight so that some pairs recur often, a kind of event, a day
in a window of ``--days`` days, a city), reported by one to six items of different publishers,
published on the day or up to three days later, each in its own wording (a verb of the same kind,
a sentence shape, the date as a weekday, as "March 3", as "3 March 2025" or not at all, capitals
standing for their states in some). About a third of the stories have one report only, and about
a third of the items also report a second, unrelated event (a lone report). Then, in this process
(spaCy, the knowledge base and the shapes loaded once, before any timing), it times:

- ``kg.build`` of the corpus into a fresh store with linking off (``link_happenings=False``) and on
  (the default), the wall time of each, and with linking on the time of the linking step itself
  (``BuildSummary.timings["happening linking"]``: the keys marked pending before each batch plus
  the linking after the build; a first build links the store whole) and its share of the build;
  ``--repeat R`` builds each R times, alternating off and on, and keeps the faster of each (every
  time is in the JSON); actor resolution is on in both;
- what the happenings graph holds: the events with a happening key, the reports, the happenings,
  those with more than one report, the links (``kg:HappeningLink``, counted by a SPARQL query), the
  quads of the graph and of the store; and against the corpus's own stories, how many stories of
  several reports ended as one happening, and how many happenings joined reports of different stories;
- the pairwise comparisons the linker made (``kg.build.happenings.compare`` and ``links`` wrapped
  with counters in this process, during the timed builds: a Python call per pair, nothing next to
  the step), per event, next to the pairs that blocking by the happening key alone would compare
  and to all pairs of events;
- an incremental build: 20 more items (most of them further reports of stories in the store, the
  rest new stories) built into the store with linking on, and the linking step's share of it;
- linking the whole store afresh (``kg.build.happenings.link_all``, what a build does when the graph
  is missing), whether that gives the same graph as the incremental path did, and the same again by
  its parts (reading the reports, linking them, writing the graph; the rows the reports query
  returns, against the events it reads).

The commit measured, the files of kg's build changed since and a digest of the linking module as
imported go into the JSON: the tree may change while a run goes on.

Stores and corpora go under ``--workdir`` (default /tmp/kg-bench-happenings). Results: a table on
standard output and JSON (``--json``, default ``bench/results/DATE-happening-linking.json``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

from generate_corpus import (ANALYSTS, DEEDS, DEMANDS, FILLER_TEMPLATES, ISSUES, MONTHS, OFFICIALS,  # noqa: E402
                             PLACES, WEEKDAYS, Actor, Actors, _cap, data_dir)

YEAR = 2025
PUBLISHERS = ("Meridian Wire", "The Northgate Herald", "Atlas Daily Monitor", "Harbourline News",
              "The Continental Ledger", "Crossroads Report", "Evening Courier", "The Baltic Observer",
              "Southern Cross Times", "Global Dispatch", "The Quayside Post", "Lakeshore Gazette")
# reports per story: a third reported once, a few by five or six outlets
REPORTS = (1, 2, 3, 4, 5, 6)
REPORT_WEIGHTS = (34, 22, 18, 12, 8, 6)
# Kinds of happening, each with the verb phrases outlets use for it (every one coded by `kg code`,
# mostly with one PLOVER type per kind; not all: "met X for talks" is AGREE beside CONSULT, "signed a
# deal" SUPPORT, COOPERATE or RETREAT, as outlets' codes differ in a real corpus). {T}: the target;
# {deed}, {issue}, {demand}, {place}: the story's own. "armed": military kinds take states only.
KINDS: dict[str, dict] = {
    "accuse": {"phrases": ["accused {T} of {deed}", "blamed {T} for {deed}"],
               "passive": "{T} was accused by {s}{when} of {deed}"},
    "criticize": {"phrases": ["criticised {T} over {issue}", "condemned {T} over {issue}",
                              "denounced {T} over {issue}"]},
    "consult": {"phrases": ["met with {T} to discuss {issue}", "held talks with {T} on {issue}",
                            "met {T} for talks on {issue}"]},
    "demand": {"phrases": ["urged {T} to {demand}", "called on {T} to {demand}"]},
    "threaten": {"phrases": ["threatened {T} with sanctions over {issue}",
                             "threatened {T} with retaliation over {issue}"]},
    "assault": {"phrases": ["shelled {T} near {place}", "attacked {T} near {place}", "bombed {T} near {place}"],
                "armed": True},
    "agree": {"phrases": ["signed an agreement with {T} on {issue}", "signed a deal with {T} on {issue}"]},
    "praise": {"phrases": ["praised {T} for their role in {issue}", "commended {T} for their handling of {issue}"]},
}
SHAPES = ["{S} {VP}{when}.", "On {date}, {s} {VP}.", "{S} {VP}{when}, {official} said.",
          "In {city}, {s} {VP}{when}.", "{S} {VP}{when}, according to a statement released in {city}."]


@dataclass(frozen=True)
class Story:
    """One happening and how many items report it."""

    number: int
    source: Actor
    target: Actor
    kind: str
    day: date
    city: str
    reports: int
    details: tuple[str, str, str, str]  # deed, issue, demand, place: the same in every report
    of: int | None = None  # a further report of this story (the extra items)

    @property
    def happening(self) -> int:
        return self.number if self.of is None else self.of


class Stories:
    """A deterministic stream of stories and their reports for a seed."""

    def __init__(self, seed: int, days: int = 365):
        self.seed, self.days = seed, days
        self.actors = Actors(data_dir(), YEAR)
        self.states = self.actors.states

    def pick(self, rng: random.Random, armed: bool, exclude: str = "") -> Actor:
        for _ in range(20):
            if armed or rng.random() < 0.85:
                actor = rng.choices(self.states, self.actors.state_weights)[0]
            else:
                actor = rng.choice(self.actors.orgs)
            if actor.key != exclude:
                return actor
        return actor

    def story(self, rng: random.Random, number: int, reports: int | None = None) -> Story:
        kind = rng.choice(sorted(KINDS))
        armed = KINDS[kind].get("armed", False)
        source = self.pick(rng, armed)
        target = self.pick(rng, armed, exclude=source.key)
        day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(self.days))
        city = source.city or target.city or "the capital"
        details = (rng.choice(DEEDS), rng.choice(ISSUES), rng.choice(DEMANDS), rng.choice(PLACES))
        n = reports if reports is not None else rng.choices(REPORTS, REPORT_WEIGHTS)[0]
        return Story(number, source, target, kind, day, city, n, details)

    def stories(self, documents: int) -> list[Story]:
        """Stories enough for ``documents`` items (the last one cut short)."""
        rng = random.Random(f"kg-bench-happenings:{self.seed}")
        out, total = [], 0
        while total < documents:
            story = self.story(rng, len(out))
            if total + story.reports > documents:
                story = replace(story, reports=documents - total)
            out.append(story)
            total += story.reports
        return out


def _name(actor: Actor, rng: random.Random, start: bool) -> str:
    """The actor as one outlet writes it: its name, or (a state, sometimes) its capital."""
    if actor.kind == "state" and actor.city and rng.random() < 0.2:
        return actor.city
    return _cap(actor.name) if start else actor.as_object()


def _date_phrase(rng: random.Random, day: date, published: date) -> tuple[str, str]:
    """(" on …" or "", the date alone for "On …, ") as one report writes the day."""
    style = rng.random()
    if style < 0.3 and 0 < (published - day).days < 7:
        text = WEEKDAYS[day.weekday()]
    elif style < 0.65:
        text = f"{MONTHS[day.month - 1]} {day.day}"
    elif style < 0.85:
        text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    else:
        return "", ""  # not stated: the event is dated by the article's publication only
    return f" on {text}", text


def event_sentence(rng: random.Random, story: Story, published: date) -> str:
    spec = KINDS[story.kind]
    deed, issue, demand, place = story.details
    when, day = _date_phrase(rng, story.day, published)
    fill = {"deed": deed, "issue": issue, "demand": demand, "place": place, "when": when}
    if spec.get("passive") and rng.random() < 0.25:
        return _cap(spec["passive"].format(T=_name(story.target, rng, True), s=_name(story.source, rng, False),
                                           **fill)) + "."
    phrase = rng.choice(spec["phrases"]).format(T=_name(story.target, rng, False), **fill)
    shape = rng.choice(SHAPES if day else [s for s in SHAPES if "{date}" not in s])
    return _cap(shape.format(S=_name(story.source, rng, True), s=_name(story.source, rng, False), VP=phrase,
                             when=when, date=day, official=rng.choice(OFFICIALS), city=story.city))


def filler(rng: random.Random, city: str) -> str:
    return _cap(rng.choice(FILLER_TEMPLATES).format(
        official=rng.choice(OFFICIALS), city=city, analysts=rng.choice(ANALYSTS), issue=rng.choice(ISSUES),
        n=rng.randint(2, 90)))


def items(stream: Stories, stories: list[Story], seed: int, first: int = 0, lone_from: int = 1_000_000) -> list[dict]:
    """The reports of ``stories``, numbered from ``first``, in order of publication."""
    out = []
    for story in stories:
        rng = random.Random(f"kg-bench-happenings:{seed}:story:{story.number}")
        outlets = rng.sample(PUBLISHERS, story.reports)
        for n, publisher in enumerate(outlets):
            published = story.day + timedelta(days=rng.choices((0, 1, 2, 3), (5, 3, 1, 1))[0])
            sentences = [event_sentence(rng, story, published)]
            if rng.random() < 0.35:  # a second, unrelated event: a lone report
                lone = stream.story(rng, lone_from + story.number * 10 + n, reports=1)
                lone = replace(lone, day=published - timedelta(days=rng.randrange(4)))
                sentences.append(event_sentence(rng, lone, published))
            sentences.insert(rng.randrange(1, len(sentences) + 1), filler(rng, story.city))
            out.append({"title": f"{story.source.short} and {story.target.short}", "published": published.isoformat(),
                        "publisher": publisher, "text": " ".join(sentences), "story": story.happening})
    out.sort(key=lambda r: (r["published"], r["story"], r["publisher"]))
    for i, record in enumerate(out, start=first):
        record["id"] = f"h{i}"
    return out


def write_corpus(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps({k: r[k] for k in ("id", "title", "published", "publisher", "text")},
                                 ensure_ascii=False) + "\n")
    return path


def corpus(stream: Stories, n: int, seed: int) -> tuple[list[Story], list[dict]]:
    stories = stream.stories(n)
    return stories, items(stream, stories, seed)


def extra(stream: Stories, stories: list[Story], n: int, seed: int, documents: int) -> tuple[list[Story], list[dict]]:
    """``n`` more items: three in four further reports of stories already built, the rest new
    stories of one report."""
    rng = random.Random(f"kg-bench-happenings:{seed}:extra:{documents}")
    more = []
    for i in range(n):
        if rng.random() < 0.75:
            old = rng.choice(stories)
            more.append(replace(old, number=10_000_000 + i, reports=1, of=old.number))
        else:
            more.append(stream.story(rng, 20_000_000 + i, reports=1))
    return more, items(stream, more, seed, first=documents)


# -- measuring -----------------------------------------------------------------------------------
class Comparisons:
    """Counts, in this process, the pairs ``kg.build.happenings`` compares and the blocks (events of
    one happening key) it sweeps: ``compare`` and ``links`` are looked up as module globals when
    called, so wrapping them here counts every call without touching the module."""

    def __init__(self):
        import kg.build.happenings as happenings

        self.module = happenings
        self.compare, self.links = happenings.compare, happenings.links
        self.reset()

        def compare(a, b):
            self.pairs += 1
            return self.compare(a, b)

        def links(block):
            self.blocks += 1
            self.events += len(block)
            self.key_pairs += len(block) * (len(block) - 1) // 2
            self.largest = max(self.largest, len(block))
            return self.links(block)

        happenings.compare, happenings.links = compare, links

    def reset(self) -> None:
        self.pairs = self.blocks = self.events = self.key_pairs = self.largest = 0

    def take(self) -> dict:
        """What was counted since the last reset (then reset)."""
        found = {"compared_pairs": self.pairs, "blocks": self.blocks, "events_in_blocks": self.events,
                 "pairs_within_keys": self.key_pairs, "largest_block": self.largest,
                 "all_pairs": self.events * (self.events - 1) // 2,
                 "compared_per_event": round(self.pairs / self.events, 3) if self.events else None}
        self.reset()
        return found


_COUNT = """PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT (COUNT(%s) AS ?n) WHERE { %s }"""


def counts(store) -> dict:
    from kg.build.happenings import HAPPENINGS_GRAPH

    g = f"GRAPH <{HAPPENINGS_GRAPH.value}>"
    one = lambda what, pattern: int(next(iter(store.query(_COUNT % (what, pattern))))["n"].value)  # noqa: E731
    return {"quads": len(store),
            "happening_quads": one("*", f"{g} {{ ?s ?p ?o }}"),
            "events": one("DISTINCT ?e", "GRAPH ?d { ?e a kg:Event ; kg:happeningKey ?k }"),
            "keys": one("DISTINCT ?k", "GRAPH ?d { ?e a kg:Event ; kg:happeningKey ?k }"),
            "reports": one("*", f"{g} {{ ?h kg:report ?e }}"),
            "happenings": one("*", f"{g} {{ ?h a kg:Happening }}"),
            "happenings_of_several": one("*", f"{g} {{ ?h a kg:Happening ; kg:reportCount ?c FILTER(?c > 1) }}"),
            "links": one("*", f"{g} {{ ?l a kg:HappeningLink }}"),
            "pending_marks": one("*", f"{g} {{ ?s kg:linkPending ?k }}")}


_SIDES = re.compile(r" [>+] ")  # a happening key's two sides: "state:USA > state:PRK", "state:FRA + state:DEU"
_DOC = re.compile(r"/doc/[^/]*?-(h\d+)-[0-9a-f]{8}/event/")
_REPORT_ROWS = """PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?h ?e ?key WHERE { GRAPH <%s> { ?h kg:report ?e ; kg:happeningKey ?key } }"""


def against_stories(store, records: list[dict], stories: dict[int, Story]) -> dict:
    """The happenings set against the stories the corpus was written from. An item's own report is
    its event whose happening key has the story's two actors, in either order (its lone event has
    another pair, almost always)."""
    from kg.build.happenings import HAPPENINGS_GRAPH

    story_of = {r["id"]: r["story"] for r in records}
    reports_of: dict[int, set] = defaultdict(set)  # story -> the happenings its items' reports are in
    stories_of: dict[str, set] = defaultdict(set)  # happening -> the stories of its reports
    found_items = set()
    for row in store.query(_REPORT_ROWS % HAPPENINGS_GRAPH.value):
        match = _DOC.search(row["e"].value)
        if not match or match.group(1) not in story_of:
            continue
        item = match.group(1)
        story = stories[story_of[item]]
        if set(_SIDES.split(row["key"].value)) != {story.source.key, story.target.key}:
            continue  # a lone event, or an event of a filler sentence
        found_items.add(item)
        reports_of[story.number].add(row["h"].value)
        stories_of[row["h"].value].add(story.number)
    told = Counter(r["story"] for r in records)
    several = [s for s, n in told.items() if n > 1]
    whole = [s for s in several if len(reports_of.get(s, ())) == 1
             and sum(1 for r in records if r["story"] == s and r["id"] in found_items) == told[s]]
    return {"items": len(records), "items_with_their_report": len(found_items),
            "stories": len(told), "stories_of_several": len(several),
            "stories_of_several_in_one_happening": len(whole),
            "stories_of_several_split": sum(1 for s in several if len(reports_of.get(s, ())) > 1),
            "happenings_joining_stories": sum(1 for v in stories_of.values() if len(v) > 1)}


def happening_graph(store) -> set:
    from kg.build.happenings import HAPPENINGS_GRAPH

    return set(store.quads_for_pattern(None, None, None, HAPPENINGS_GRAPH))


def provenance(module) -> dict:
    """The tree measured: its commit, the files of the linking changed since, and a digest of the
    linking module as imported (other work may change the tree while a run goes on)."""
    def git(*words):
        try:
            return subprocess.run(["git", *words], cwd=REPO, capture_output=True, text=True, check=True).stdout.rstrip()
        except (OSError, subprocess.CalledProcessError):
            return None
    source = Path(module.__file__)
    changed = git("status", "--porcelain", "--", "src/kg/build", "src/kg/mapping", "src/kg/extraction")
    return {"commit": (git("rev-parse", "HEAD") or "").strip() or None, "version": __import__("kg").__version__,
            "changed_since": [line[3:] for line in (changed or "").splitlines()],
            "happenings_py_sha256": hashlib.sha256(source.read_bytes()).hexdigest()}


def timed_build(paths, store, **options) -> tuple[float, object]:
    import kg

    started = time.perf_counter()
    summary = kg.build(paths, store, **options)
    return time.perf_counter() - started, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=365, help="the stories' days lie in this many days of 2025")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-happenings"))
    parser.add_argument("--json", type=Path,
                        default=HERE / "results" / f"{date.today().isoformat()}-happening-linking.json")
    parser.add_argument("--no-check", action="store_true", help="build without the per-document shape check")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each mode and size (the faster kept)")
    args = parser.parse_args()

    import kg
    from kg.build import happenings

    sizes = [int(s) for s in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    check = not args.no_check
    stream = Stories(args.seed, args.days)
    counter = Comparisons()
    # load spaCy, the knowledge base and the shapes before any timing
    warm_stories = [stream.story(random.Random(f"warm:{args.seed}"), 30_000_000, reports=3)]
    warm = write_corpus(args.workdir / "warm.jsonl", items(stream, warm_stories, args.seed, first=90_000_000))
    shutil.rmtree(args.workdir / "warm-store", ignore_errors=True)
    with kg.open_store(args.workdir / "warm-store") as store:
        kg.build([warm], store, check=check)

    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(), "load_average": os.getloadavg()},
               "kg": provenance(happenings), "seed": args.seed, "days": args.days, "check": check, "runs": []}
    print(f"{'docs':>7} {'off s':>7} {'on s':>7} {'step s':>7} {'share':>6} {'events':>7} {'happen.':>7} "
          f"{'of >1':>6} {'links':>6} {'cmp/ev':>6} {'incr s':>7} {'incr step':>9} {'all s':>6}")
    for n in sizes:
        stories, records = corpus(stream, n, args.seed)
        by_number = {s.number: s for s in stories}
        new, more = extra(stream, stories, 20, args.seed, n)
        by_number |= {s.number: s for s in new if s.of is None}
        corpus_path = write_corpus(args.workdir / f"corpus-{n}.jsonl", records)
        extra_path = write_corpus(args.workdir / f"extra-{n}.jsonl", more)
        run = {"documents": n, "stories": len(stories),
               "reports_per_story": dict(sorted(Counter(s.reports for s in stories).items()))}
        for attempt in range(args.repeat):
            for mode in ("off", "on"):
                path = args.workdir / f"store-{n}-{mode}"
                shutil.rmtree(path, ignore_errors=True)
                with kg.open_store(path) as store:
                    counter.reset()
                    seconds, summary = timed_build([corpus_path], store, check=check, link_happenings=mode == "on")
                    assert summary.count("built") == n, summary.line()
                    found = {"seconds": round(seconds, 2), "summary": summary.line(), **counts(store)}
                    if mode == "on":
                        step = summary.timings["happening linking"]
                        found["linking_seconds"] = round(step, 3)
                        found["linking_share"] = round(step / seconds, 4)
                        found["actor_resolution_seconds"] = round(summary.timings.get("actor resolution", 0), 3)
                        found |= counter.take()
                    run.setdefault(f"{mode}_all", []).append(found)
                    if mode not in run or seconds < run[mode]["seconds"]:
                        run[mode] = found
        with kg.open_store(args.workdir / f"store-{n}-on") as store:  # the last build with linking on
            run["stories_check"] = against_stories(store, records, by_number)
            counter.reset()
            seconds, summary = timed_build([extra_path], store, check=check)
            assert summary.count("built") == len(more), summary.line()
            step = summary.timings["happening linking"]
            run["incremental"] = {"documents": len(more), "seconds": round(seconds, 2), "linking_seconds": round(step, 3),
                                  "linking_share": round(step / seconds, 4), **counter.take(), **counts(store)}
            run["incremental"]["stories_check"] = against_stories(store, records + more, by_number)
            before = happening_graph(store)
            # linking the whole store afresh, once timed as a whole and once by its parts
            started = time.perf_counter()
            quads = happenings.link_all(store)
            run["link_all"] = {"seconds": round(time.perf_counter() - started, 3), "quads_written": quads,
                               **counter.take()}
            after = happening_graph(store)
            run["link_all"]["same_graph_as_incremental"] = before == after
            if before != after:
                run["link_all"]["only_incremental"] = sorted(map(str, before - after))[:20]
                run["link_all"]["only_afresh"] = sorted(map(str, after - before))[:20]
            # the same again by its parts: reading the reports (and, apart, the rows that query returns),
            # linking them, writing the graph
            started = time.perf_counter()
            rows = happenings.reports(store)
            read = time.perf_counter()
            made = happenings.happening_quads(rows)
            computed = time.perf_counter()
            store.remove_graph(happenings.HAPPENINGS_GRAPH)
            store.write_graphs([(happenings.HAPPENINGS_GRAPH, made + happenings.header_quads())])
            written = time.perf_counter()
            counter.reset()
            run["link_all"]["parts"] = {"read_reports_seconds": round(read - started, 3),
                                        "compute_seconds": round(computed - read, 3),
                                        "write_seconds": round(written - computed, 3),
                                        "reports_read": len(rows), "quads": len(made),
                                        "rows_of_the_reports_query": sum(1 for _ in store.query(happenings._REPORTS % "")),
                                        "places_with_a_state": int(next(iter(store.query(
                                            _COUNT % ("*", "?place kg:inState ?state"))))["n"].value)}
            run["link_all"]["parts"]["same_graph"] = happening_graph(store) == after
        run["overhead"] = round(run["on"]["seconds"] / run["off"]["seconds"] - 1, 4)
        results["runs"].append(run)
        on, inc = run["on"], run["incremental"]
        print(f"{n:>7} {run['off']['seconds']:>7.1f} {on['seconds']:>7.1f} {on['linking_seconds']:>7.2f} "
              f"{on['linking_share']:>6.1%} {on['events']:>7} {on['happenings']:>7} {on['happenings_of_several']:>6} "
              f"{on['links']:>6} {on['compared_per_event'] or 0:>6.2f} {inc['seconds']:>7.2f} "
              f"{inc['linking_seconds']:>9.3f} {run['link_all']['seconds']:>6.2f}", flush=True)
        results["load_average_after"] = os.getloadavg()
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
