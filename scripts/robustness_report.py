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
broken span. Injections: tests/test_untrusted_rdf.py and the query binder's tests. The guard of
``kg serve`` against pyoxigraph's own parser (tests/test_guard.py, with the fuzz profile). Hard
failures (``--no-hard`` skips them, ~15 minutes): builds killed (20 random SIGKILLs, each signal
once), a full disk, two builds on one store, a build beside ``kg serve``, and the served endpoint
(SERVICE, writes, a query past its timeout, nesting, crashes, concurrent timeouts, SIGKILL, the
fence, bad lengths, smuggled requests, DNS rebinding, cross-site posts); each test writes what it
saw to $KG_FIGURES_FILE.
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

    from kg.cli.main import main

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
HARD = "tests/test_serve_hardening.py::"
HARD_FAILURES += [
    ("endpoint-nesting", HARD + "test_a_deeply_nested_query_gets_a_400_and_kg_serve_stays",
     "2,500 nested `{ }` (which ended Oxigraph's process) by GET, form and body",
     lambda f: f"{f['refused']} refused ({f['status']}); Oxigraph crashes: {f['oxigraph_crashes']}"),
    ("endpoint-crash-restart", HARD + "test_an_oxigraph_crash_is_a_restart_not_the_end_of_kg_serve",
     "Oxigraph made to crash (limit lifted, 2 MB stack, 50,000 nested groups)",
     lambda f: f"{f['crashes']} crash, restarted; next query {f['next_query']}; kg serve still running"),
    ("endpoint-concurrent-timeouts", HARD + "test_concurrent_timeouts_restart_oxigraph_once_and_leave_no_orphan",
     "50 queries at once past `--query-timeout 2` (restarts raced before)",
     lambda f: f"{f['answered']} answered (503); restarts {f['restarts']}; orphaned Oxigraph processes {f['orphans']}"),
    ("endpoint-sigkill-orphan", HARD + "test_sigkill_of_kg_serve_leaves_no_oxigraph_and_frees_the_store",
     "SIGKILL of `kg serve --allow-updates`, then `kg build` on its store",
     lambda f: f"Oxigraph processes left: {f['oxigraph_left']}; the build after: exit {f['build_after']}"),
    ("endpoint-fence", HARD + "test_the_oxigraph_process_cannot_connect_out",
     "SERVICE sent straight to Oxigraph's internal port, fenced and (premise) unfenced",
     lambda f: f"connections from the fenced process: {f['fenced_connections']}; unfenced: "
               f"{f['unfenced_connections']}"),
    ("endpoint-lengths", HARD + "test_bad_content_lengths_are_refused",
     "`Content-Length` -1, abc, 1e3, +5 and 600 MB",
     lambda f: f"{f['refused']} refused (400, 413), nothing read past the headers"),
    ("endpoint-desync", HARD + "test_a_body_is_never_read_as_the_next_request",
     "a second request smuggled in the body of a page, a static file, a 405 route, a GET query, a chunked 404",
     lambda f: f"{f['requests']} tries: {f['answers_each']} answer each; store dumped: {_yes(f['store_dumped'])}"),
    ("endpoint-dns-rebinding", HARD + "test_dns_rebinding_is_refused_by_host",
     "`Host: evil.example` (a rebound name), and the server's own names",
     lambda f: f"{f['refused']} refused (403); 127.0.0.1, localhost, [::1] answered"),
    ("endpoint-cross-site", HARD + "test_cross_site_writes_are_refused_unless_allowed",
     "updates posted from another site's page, from `Origin: null`, from kg's own pages, from curl; "
     "then with `--allow-origin`",
     lambda f: f"{f['refused']} refused (403); {f['allowed_writes']} written, the allowed ones"),
]
HARD_EXTRA = ["tests/test_serve_timeout.py"]   # run beside the nodes above (no figures of their own)

# the guard of the served endpoint, held against Oxigraph's own parser (run with the fuzz profile)
GUARD = "tests/test_guard.py::"
GUARD_CHECKS = [
    ("guard-known-attacks", GUARD + "test_the_carriage_return_bypass_and_glued_keywords_are_refused",
     "the reported `#…\\r SERVICE` bypass, `#\\x00\\r`, and SERVICE glued to a prefixed name, a boolean, a "
     "number, SILENT, in OPTIONAL, EXISTS, ASK, sub-selects",
     lambda f: f"{f['texts']} texts, {f['real_attacks']} of them followed by Oxigraph; refused {f['refused']}; "
               f"forwarded and reaching the listener: {f['forwarded_reaching_a_listener']}"),
    ("guard-comment-ends", GUARD + "test_comments_end_at_exactly_cr_and_lf_as_in_oxigraph",
     "which of Unicode's control, format, separator and line-break characters end a comment, on Oxigraph",
     lambda f: f"{f['characters']} tried: {', '.join(f['ending_a_comment'])} (the lexer's rule)"),
    ("guard-whitespace", GUARD + "test_whitespace_is_exactly_space_tab_cr_lf_as_in_oxigraph",
     "which of them Oxigraph takes as whitespace between tokens",
     lambda f: f"{f['characters']} tried: {', '.join(f['whitespace'])} (the lexer's rule)"),
    ("guard-characters", GUARD + "test_every_control_and_line_break_character_around_service",
     "each special character in five places around a SERVICE clause (ending a comment, inside one, as a "
     "separator, in a string, after an IRI-or-less-than)",
     lambda f: f"{f['texts']:,} texts ({f['characters']} characters × {f['templates']}), {f['real_attacks']} "
               f"followed by Oxigraph; refused {f['refused']}; forwarded and reaching the listener: "
               f"{f['forwarded_reaching_a_listener']}"),
    ("guard-generated", GUARD + "test_generated_service_clauses_never_make_oxigraph_connect",
     "generated SERVICE clauses: disguised, glued, behind comments and strings ended by special characters",
     lambda f: f"{f['texts']:,} texts ({f['profile']}), {f['real_attacks']} followed by Oxigraph; refused "
               f"{f['refused']}; forwarded and reaching the listener: {f['forwarded_reaching_a_listener']}"),
    ("guard-noise", GUARD + "test_generated_noise_never_makes_oxigraph_connect",
     "generated noise from SPARQL's awkward pieces (quotes, `#`, `<`, escapes, line breaks)",
     lambda f: f"{f['texts']:,} texts ({f['profile']}); refused {f['refused']}; forwarded and reaching the "
               f"listener: {f['forwarded_reaching_a_listener']}"),
]


def _yes(flag) -> str:
    return "yes" if flag else "no"


def _short(text: str, width: int = 90) -> str:
    text = re.sub(r"/tmp/\S+/", "…/", text).replace("|", "\\|").replace("`", "'")
    return text if len(text) <= width else text[:width - 3] + "..."


def hard_failure_table() -> tuple[list[str], dict, float]:
    return figures_table(HARD_FAILURES, HARD_EXTRA, dict(os.environ))


def guard_table(profile: str) -> tuple[list[str], dict, float]:
    return figures_table(GUARD_CHECKS, [], dict(os.environ, KG_FUZZ_PROFILE=profile))


def figures_table(checks, extra: list[str], env: dict) -> tuple[list[str], dict, float]:
    """Run the tests of ``checks`` (key, node, what, describe) and make a table of what each saw."""
    import xml.etree.ElementTree as ET

    scratch = Path(tempfile.mkdtemp(prefix="kg-hard-"))
    try:
        figures_file, junit = scratch / "figures.jsonl", scratch / "junit.xml"
        env = dict(env, KG_FIGURES_FILE=str(figures_file))
        nodes = [node for _, node, _, _ in checks]
        out, took = pytest_run([*dict.fromkeys(nodes + extra), f"--junitxml={junit}"], env)
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
    for key, node, what, describe in checks:
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
    guard_rows, guard, guard_time = guard_table(args.profile)
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
        "",
        f"**The served endpoint's guard against Oxigraph's own parser** (profile `{args.profile}`, {guard_time:.0f} s): "
        f"{guard['checks']} checks, {guard['failed']} failed; pytest: {guard['summary']}.",
        "",
        *guard_rows,
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
        + fuzz["failing"] + injections["failed"] + guard["failed"] + hard["failed"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
