"""Run kg's hostile corpus, the reader fuzz tests and the injection tests; rewrite the figures in
docs/robustness.md (between its ``report`` markers).

    .venv/bin/python scripts/robustness_report.py                   # thorough fuzz profile (10,000 per reader)
    .venv/bin/python scripts/robustness_report.py --profile ci      # 200 per reader, as CI runs them
    .venv/bin/python scripts/robustness_report.py --big             # also the 200 MB lines (~1 GB of disk)
    .venv/bin/python scripts/robustness_report.py --no-write        # print the tables only

Hostile files: each is built with the real CLI into a copy of a store holding the example page;
counted are crashes (an exception other than kg's own errors, a traceback), wrong exits (not the
status README promises for it), messages that are not one line naming the input, data lost (a
quad of the store's earlier content missing afterwards, or fewer documents built than the file
holds) and the time. Fuzzing: pytest runs tests/test_fuzz_readers.py with the profile chosen and
Hypothesis' statistics give the examples tried per reader; a failing example is a crash or a
broken span. Injections: tests/test_untrusted_rdf.py and the query binder's tests. Hard failures
(``--no-hard`` skips them, ~15 minutes): builds killed (20 random SIGKILLs, each signal once), a
full disk, two builds on one store, a build beside ``kg serve``, and the served endpoint (SERVICE,
writes, a query past its timeout); each test writes what it saw to $KG_FIGURES_FILE.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "robustness.md"
START, END = "<!-- report:start -->", "<!-- report:end -->"
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
sys.path.insert(0, str(ROOT / "src"))


def hostile_table(big: bool) -> tuple[list[str], dict]:
    import make_hostile
    from click.testing import CliRunner

    from kg.cli import main

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    runner = CliRunner()

    def kg(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=True)

    scratch = Path(tempfile.mkdtemp(prefix="kg-hostile-"))
    try:
        corpus = make_hostile.make(scratch / "files", big=big)
        base = scratch / "base"
        assert kg("build", make_hostile.EXAMPLE, "--store", base, "--no-check").exit_code == 0
        before = set(kg("export", "--format", "n-quads", "--store", base).stdout.splitlines())
        rows = ["| file | reader | expected | got | message | data lost | time |", "| --- | --- | --- | --- | --- | --- | --- |"]
        totals = {"cases": 0, "crashes": 0, "wrong exits": 0, "bad messages": 0, "data lost": 0}
        for case in corpus.cases:
            store = scratch / f"store-{case.name}"
            shutil.copytree(base, store)
            started = time.monotonic()
            result = kg("build", *[corpus.root / p for p in case.paths], *case.args, "--store", store, "--no-check")
            took = time.monotonic() - started
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            stderr = result.stderr if not crashed else (result.stderr + repr(result.exception))
            problems = [li for li in stderr.splitlines() if li.startswith(("kg: error:", "kg: skipped:"))]
            named = [str(corpus.root / p) for p in case.paths]
            message_ok = (not crashed and "Traceback" not in stderr and (problems or case.exit == 0)
                          and all(any(n in li for n in named) for li in problems)
                          and (not case.says or any(case.says.lower() in li.lower() for li in problems)))
            after = set(kg("export", "--format", "n-quads", "--store", store).stdout.splitlines())
            lost = len(before - after)
            built = re.search(r"kg build: (\d+) built", stderr)
            short = max(0, case.builds - int(built.group(1))) if built else case.builds
            grew = case.adds or after == before
            totals["cases"] += 1
            totals["crashes"] += crashed
            totals["wrong exits"] += (result.exit_code != case.exit) and not crashed
            totals["bad messages"] += not message_ok
            totals["data lost"] += bool(lost or short or not grew)
            first = (problems[0] if problems else stderr.strip().splitlines()[-1] if stderr.strip() else "")
            first = re.sub(r" -> \S+$", "", first.replace(str(corpus.root) + "/", "")).replace("|", "\\|")
            if len(first) > 110:
                first = first[:107] + "..."
            got = "crash" if crashed else str(result.exit_code)
            lost_text = "none" if not (lost or short or not grew) else (
                f"{lost} quads" if lost else f"{short} documents" if short else "store changed")
            rows.append(f"| `{case.name}` | {case.reader} | {case.exit} | {got} | {'ok' if message_ok else 'BAD'}: "
                        f"`{first}` | {lost_text} | {took:.1f} s |")
            shutil.rmtree(store, ignore_errors=True)
        return rows, totals
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def pytest_run(args: list[str], env: dict) -> tuple[str, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    return done.stdout + done.stderr, time.monotonic() - started


def fuzz_table(profile: str) -> tuple[list[str], dict, float]:
    env = dict(os.environ, KG_FUZZ_PROFILE=profile)
    out, took = pytest_run(["tests/test_fuzz_readers.py", "--hypothesis-show-statistics", "-rf"], env)
    rows = ["| property test | examples | failing | result |", "| --- | --- | --- | --- |"]
    totals = {"examples": 0, "failing": 0}
    for block in re.split(r"\n(?=tests/test_fuzz_readers\.py::)", out):
        head = re.match(r"tests/test_fuzz_readers\.py::(\w+):", block)
        if not head:
            continue
        counts = re.findall(r"(\d+) passing, (\d+) failing, and (\d+) invalid", block)
        passing = sum(int(c[0]) for c in counts)
        failing = sum(int(c[1]) for c in counts)
        invalid = sum(int(c[2]) for c in counts)
        name = head.group(1)
        failed = f"FAILED tests/test_fuzz_readers.py::{name}" in out
        totals["examples"] += passing + failing
        totals["failing"] += failing
        rows.append(f"| `{name}` | {passing + failing:,} (+{invalid} invalid) | {failing} | "
                    f"{'FAILED' if failed else 'passed'} |")
    summary = re.findall(r"^\d+ (?:passed|failed).*$", out, re.M)
    totals["summary"] = summary[-1] if summary else out.strip().splitlines()[-1]
    return rows, totals, took


def injection_table() -> tuple[list[str], dict]:
    out, took = pytest_run(["tests/test_untrusted_rdf.py", "tests/test_query.py::test_hostile_string_values_stay_values",
                            "tests/test_query.py::test_invalid_iri_parameter_is_refused",
                            "tests/test_query.py::test_string_parameter_cannot_change_the_query_shape"],
                           dict(os.environ))
    last = out.strip().splitlines()[-1] if out.strip() else ""
    passed = sum(int(n) for n in re.findall(r"(\d+) passed", last))
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", last))
    return [f"- untrusted RDF and query injections: {passed} checks passed, {failed} failed ({took:.0f} s)"], \
        {"passed": passed, "failed": failed}


# (figures key, pytest node, what was done, how its figures read)
HARD_FAILURES = [
    ("soak-sigkill", "tests/test_corpus.py::test_soak_twenty_builds_killed_at_random_moments",
     "20 builds killed with SIGKILL at random moments (seeded), one in four with `--jobs 2`",
     lambda f: f"{f['kills']} kills; documents stored after each: {min(f['documents_stored_after_each'])}–"
               f"{max(f['documents_stored_after_each'])}; {f['partial_documents']} partial; re-run exit "
               f"{f['rerun_exit']}, equal to the uninterrupted build: {_yes(f['rerun_equals_uninterrupted'])}"),
    *[(f"signal-{name}",
       f"tests/test_corpus.py::test_a_killed_build_leaves_whole_documents_and_the_next_run_finishes[{name}]",
       f"{name} once 12 graphs are stored",
       lambda f: f"exit {f['exit']}; {f['documents_stored']} documents stored, {f['partial_documents']} partial; "
                 f"re-run exit {f['rerun_exit']}, equal: {_yes(f['rerun_equals_uninterrupted'])}")
      for name in ("SIGKILL", "SIGTERM", "SIGINT")],
    ("orphaned-workers", "tests/test_corpus.py::test_workers_end_when_their_build_is_killed",
     "a `--jobs 2` build's parent killed with SIGKILL",
     lambda f: f"{f['workers']} worker processes; {f['still_running']} left running"
               + (f"; all gone {f['seconds_until_gone']} s after the kill" if f["seconds_until_gone"] is not None else "")),
    ("disk-full", "tests/test_corpus.py::test_a_build_that_runs_out_of_space_fails_clearly_and_keeps_whole_documents",
     "a build that runs out of space (a 4 MB file-size limit, writes fail with EFBIG)",
     lambda f: f"exit {f['exit']}, `{_short(f['message'])}`; traceback: {_yes(f['traceback'])}; "
               f"{f['documents_stored']} documents kept, {f['partial_documents']} partial; re-run exit "
               f"{f['rerun_exit']}, equal: {_yes(f['rerun_equals_uninterrupted'])}"),
    ("store-in-use", "tests/test_corpus.py::test_a_second_build_on_a_store_in_use_is_refused_then_can_wait",
     "a second `kg build` on a store being built, then one with `--wait`",
     lambda f: f"refused: exit {f['refused_exit']}, `{_short(f['message'])}`; with `--wait`: exit "
               f"{f['waiting_exit']}; store equal to the uninterrupted build: {_yes(f['store_equals_uninterrupted'])}"),
    ("build-beside-serve", "tests/test_remote.py::test_kg_serve_allow_updates_accepts_one",
     "a `kg build` beside `kg serve --allow-updates` (which holds the store)",
     lambda f: f"exit {f['exit']}, `{_short(f['message'])}`"),
    ("serve-beside-writer", "tests/test_remote.py::test_kg_serve_read_only_beside_a_writer_shows_the_store_as_it_started",
     "`kg serve` beside a writer: read-only, then with `--allow-updates`",
     lambda f: f"read-only serves the store as it started: {_yes(f['snapshot_kept'])}; `--allow-updates`: exit "
               f"{f['allow_updates_exit']}, `{_short(f['message'])}`"),
    ("endpoint-service", "tests/test_pages.py::test_service_is_refused_and_never_reaches_the_service",
     "`SERVICE` to a listener on loopback through `/query` (GET, form POST, SPARQLWrapper)",
     lambda f: f"{f['refused']} refused ({f['status']}); requests reaching the service: "
               f"{f['requests_reaching_the_service']}"),
    ("endpoint-writes", "tests/test_pages.py::test_load_and_updates_are_refused_through_the_public_port",
     "`LOAD`, an update at `/query`, `/update`, a Graph Store PUT on a read-only server",
     lambda f: f"{f['refused']} refused ({f['status']}); store changed: {_yes(f['store_changed'])}"),
    ("endpoint-timeout", "tests/test_serve_timeout.py::test_a_query_past_the_timeout_gets_a_503_and_is_stopped",
     "a query that would run for hours (a sorted cross product) with `--query-timeout 1`",
     lambda f: f"{f['status']} after {f['seconds_to_answer']} s; the process running it gone: "
               f"{_yes(f['runaway_process_gone'])}; restarts {f['restarts']}; next query answered: "
               f"{_yes(f['next_query_answered'])}"),
]
HARD_EXTRA = ["tests/test_serve_timeout.py"]   # run beside the nodes above (no figures of their own)


def _yes(flag) -> str:
    return "yes" if flag else "no"


def _short(text: str, width: int = 90) -> str:
    text = re.sub(r"/tmp/\S+/", "…/", text).replace("|", "\\|").replace("`", "'")
    return text if len(text) <= width else text[:width - 3] + "..."


def hard_failure_table() -> tuple[list[str], dict, float]:
    import xml.etree.ElementTree as ET

    scratch = Path(tempfile.mkdtemp(prefix="kg-hard-"))
    try:
        figures_file, junit = scratch / "figures.jsonl", scratch / "junit.xml"
        env = dict(os.environ, KG_FIGURES_FILE=str(figures_file))
        nodes = [node for _, node, _, _ in HARD_FAILURES]
        out, took = pytest_run([*dict.fromkeys(nodes + HARD_EXTRA), f"--junitxml={junit}"], env)
        figures = {}
        if figures_file.exists():
            for line in figures_file.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                figures[record.pop("test")] = record
        outcomes = {}
        if junit.exists():
            for case in ET.parse(junit).getroot().iter("testcase"):
                failed = case.find("failure") is not None or case.find("error") is not None
                skipped = case.find("skipped") is not None
                outcomes[case.get("name")] = "FAILED" if failed else "skipped" if skipped else "passed"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = ["| what | result | test |", "| --- | --- | --- |"]
    totals = {"checks": 0, "failed": 0}
    for key, node, what, describe in HARD_FAILURES:
        outcome = outcomes.get(node.split("::", 1)[1], "not run")
        seen = figures.get(key)
        try:
            result = describe(seen) if seen else "no figures recorded"
        except (KeyError, TypeError, ValueError) as exc:
            result = f"figures unreadable ({exc})"
        totals["checks"] += 1
        totals["failed"] += outcome != "passed"
        rows.append(f"| {what} | {result} | {outcome} |")
    summary = re.findall(r"^=*\s*\d+ (?:passed|failed).*$", out, re.M)
    totals["summary"] = summary[-1].strip("= ") if summary else (out.strip().splitlines() or [""])[-1]
    return rows, totals, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=["ci", "thorough", "dev"], default="thorough")
    parser.add_argument("--big", action="store_true", help="also the 200 MB single-line files (slow)")
    parser.add_argument("--no-write", action="store_true", help="print, do not rewrite docs/robustness.md")
    parser.add_argument("--no-hard", action="store_true",
                        help="skip the hard failures (kills, full disk, stores in use, the endpoint: ~15 min)")
    args = parser.parse_args()

    started = time.monotonic()
    hostile_rows, hostile = hostile_table(args.big)
    fuzz_rows, fuzz, fuzz_time = fuzz_table(args.profile)
    injection_rows, injections = injection_table()
    hard_rows, hard, hard_time = ([], {"failed": 0}, 0.0) if args.no_hard else hard_failure_table()
    when = time.strftime("%Y-%m-%d")
    lines = [
        START,
        f"Generated by `python scripts/robustness_report.py --profile {args.profile}"
        f"{' --big' if args.big else ''}{' --no-hard' if args.no_hard else ''}` on {when} "
        f"({time.monotonic() - started:.0f} s in all).",
        "",
        f"**Hostile files:** {hostile['cases']} files, {hostile['crashes']} crashes, {hostile['wrong exits']} wrong "
        f"exits, {hostile['bad messages']} bad messages, {hostile['data lost']} with data lost.",
        "",
        *hostile_rows,
        "",
        f"**Fuzzing** (profile `{args.profile}`, {fuzz_time:.0f} s): {fuzz['examples']:,} examples, "
        f"{fuzz['failing']} failing; pytest: {fuzz['summary']}.",
        "",
        *fuzz_rows,
        "",
        "**Injections:**",
        "",
        *injection_rows,
        *([] if args.no_hard else [
            "",
            f"**Kills, full disks, stores in use, the served endpoint** ({hard_time:.0f} s): {hard['checks']} "
            f"checks, {hard['failed']} failed; pytest: {hard['summary']}.",
            "",
            *hard_rows]),
        END,
    ]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        text = DOC.read_text(encoding="utf-8")
        if START in text and END in text:
            text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")
        print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    bad = hostile["crashes"] + hostile["wrong exits"] + hostile["bad messages"] + hostile["data lost"] \
        + fuzz["failing"] + injections["failed"] + hard["failed"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
