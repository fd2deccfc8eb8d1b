"""Hostile inputs through the real CLI (issue 8): every file of tests/hostile/make_hostile.py gets
the exit status README promises (2 an input error, 1 a document failed, 0 built or skipped
records), a one-line message naming the input, no traceback, and a store that keeps exactly
what it held (the example page, built first) — the N-Quads export compared before and after.
The big ones (a 200 MB line) run in a real subprocess, marked slow, with their memory measured.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from kg.build.happenings import HAPPENINGS_GRAPH
from conftest import EXAMPLE, run_kg
from kg import limits
from kg.build.inputs import input_key
from kg.errors import InputError
from kg.readers import read_document

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import make_hostile  # noqa: E402

KG = Path(sys.executable).with_name("kg")


def _case_names(big: bool) -> list[str]:
    # The cases are defined by make_hostile.make; list their names without writing anything big.
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        return [c.name for c in make_hostile.make(Path(scratch), big=False).cases if c.big == big]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> make_hostile.Corpus:
    return make_hostile.make(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> tuple[Path, str]:
    """A store with the example page built into it, and its N-Quads export."""
    store = tmp_path_factory.mktemp("example") / "store"
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):
        result = run_kg("build", EXAMPLE, "--store", store, "--no-check")
        assert result.exit_code == 0, result.output
        return store, export(store)


def export(store: Path) -> str:
    result = run_kg("export", "--format", "n-quads", "--store", store)
    assert result.exit_code == 0, result.output
    return result.stdout


def check_messages(stderr: str, case, root: Path) -> list[str]:
    """The problem lines: each one line, naming the input; no traceback anywhere."""
    assert "Traceback" not in stderr, stderr
    problems = [line for line in stderr.splitlines() if line.startswith(("kg: error:", "kg: skipped:"))]
    named = [str(root / p) for p in case.paths]
    for line in problems:
        assert any(n in line for n in named), f"{case.name}: the message does not name the input: {line}"
    if case.says:
        assert any(case.says.lower() in line.lower() for line in problems), \
            f"{case.name}: no message says {case.says!r}:\n{stderr}"
    if case.exit != 0:
        assert problems, f"{case.name}: exit {case.exit} without a message"
    return problems


@pytest.mark.parametrize("name", _case_names(big=False))
def test_hostile_file_through_the_cli(name, hostile, example_store, tmp_path):
    case = next(c for c in hostile.cases if c.name == name)
    base, before = example_store
    store = tmp_path / "store"
    shutil.copytree(base, store)
    result = run_kg("build", *[hostile.root / p for p in case.paths], *case.args, "--store", store, "--no-check")
    check_messages(result.stderr, case, hostile.root)
    assert result.exit_code == case.exit, f"{name}: exit {result.exit_code}, expected {case.exit}:\n{result.stderr}"
    after = export(store)
    if case.adds:
        # the happenings are linked again over what the store holds (a new report may join a
        # happening and rename it): derived, not lost; every event stays a report of one
        derived = HAPPENINGS_GRAPH.value
        lost = {q for q in set(before.splitlines()) - set(after.splitlines()) if derived not in q}
        assert not lost, f"{name}: quads lost: {sorted(lost)[:3]}"
        reported = lambda nquads: {q.split()[2] for q in nquads.splitlines()  # noqa: E731
                                   if derived in q and "ontology#report>" in q}
        assert reported(before) <= reported(after)
        assert len(after) > len(before)
        assert f"kg build: {case.builds} built" in result.stderr, result.stderr
    else:
        assert after == before, f"{name}: the store changed"


def test_a_thousand_line_corpus_with_one_broken_line_builds_the_rest(hostile, tmp_path):
    result = run_kg("build", hostile.root / "jsonl-one-broken-in-1000" / "corpus.jsonl", "--store", tmp_path / "s",
                    "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "999 built, 0 unchanged, 1 skipped, 0 failed" in result.stderr
    assert "corpus.jsonl:500: not valid JSON" in result.stderr


def test_an_unbalanced_csv_quote_costs_one_record(hostile, tmp_path):
    result = run_kg("build", hostile.root / "csv-unbalanced-quote" / "corpus.csv", "--store", tmp_path / "s",
                    "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "19 built, 0 unchanged, 1 skipped, 0 failed" in result.stderr


def test_a_file_removed_between_listing_and_reading(tmp_path):
    """The directory is listed, the first page built; the second file is deleted before it is read
    (deterministically: from the build's progress callback). It is reported, the rest stands."""
    from kg.build.run import build
    from kg.store.local import Store

    folder = tmp_path / "pages"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("Russia", "Rusia"), encoding="utf-8")
    outcomes = []

    a, b = input_key(folder / "a.txt"), input_key(folder / "b.txt")

    def progress(outcome):
        outcomes.append(outcome)
        if outcome.key == a:
            (folder / "b.txt").unlink()

    with Store(tmp_path / "store") as store:
        summary = build([folder], store, progress=progress, batch_size=1, check=False)
    assert [(o.key, o.status) for o in outcomes] == [(a, "built"), (b, "failed")]
    assert outcomes[1].message.startswith(f"{folder / 'b.txt'}: file not found")
    assert "\n" not in outcomes[1].message
    assert summary.exit_status == 2


def test_a_fifo_in_a_directory_is_skipped_not_read(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # opening it would block until a writer came
    shutil.copy(EXAMPLE, folder / "sample-page.txt")
    result = run_kg("build", folder, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert f"kg: skipped: {folder / 'pipe.txt'}: not a regular file" in result.stderr
    assert "1 built, 0 unchanged, 1 skipped" in result.stderr


def test_a_file_name_with_a_newline_stays_one_line(tmp_path):
    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_document(bad)
    assert "\n" not in str(caught.value) and "two\\nlines.txt: file is empty" in str(caught.value)


# --- limits -----------------------------------------------------------------------------------


def test_limits_come_from_the_api_then_the_environment_then_the_defaults(monkeypatch):
    monkeypatch.delenv("KG_MAX_DOCUMENT_BYTES", raising=False)
    assert limits.current().max_document_bytes == 50 * limits.MiB
    monkeypatch.setenv("KG_MAX_DOCUMENT_BYTES", "2M")
    assert limits.current().max_document_bytes == 2 * limits.MiB
    with limits.override(max_document_bytes=1000):
        assert limits.current().max_document_bytes == 1000
        assert os.environ["KG_MAX_DOCUMENT_BYTES"] == "1000"  # worker processes read the same
    assert limits.current().max_document_bytes == 2 * limits.MiB
    assert limits.parse_size("2GiB") == 2 * limits.GiB and limits.parse_size("5MB") == 5_000_000


def test_a_bad_limit_in_the_environment_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_MAX_DOCUMENT_BYTES", "lots")
    result = run_kg("build", EXAMPLE, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "KG_MAX_DOCUMENT_BYTES='lots'" in result.stderr and "Traceback" not in result.stderr


def test_a_document_over_the_limit_names_the_limit_and_how_to_raise_it(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_MAX_DOCUMENT_BYTES", "1K")
    result = run_kg("build", EXAMPLE, "--store", tmp_path / "store")
    assert result.exit_code == 2
    line = next(li for li in result.stderr.splitlines() if li.startswith("kg: error:"))
    assert str(EXAMPLE) in line and "the limit is 1 KiB: set KG_MAX_DOCUMENT_BYTES to raise it" in line
    monkeypatch.setenv("KG_MAX_DOCUMENT_BYTES", "1M")
    assert run_kg("build", EXAMPLE, "--store", tmp_path / "store", "--no-check").exit_code == 0


def test_a_line_over_the_limit_is_skipped_without_being_held(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "short"}\n{"id": "b", "text": "' + "x" * 5000 + '"}\n'
                      '{"id": "c", "text": "short too"}\n', encoding="utf-8")
    from kg.readers.corpus import BadRecord, ColumnMap, read_records

    with limits.override(max_line_chars=1000):
        found = list(read_records(corpus, ColumnMap()))
    assert [getattr(r, "record_id", None) for r in found] == ["a", None, "c"]
    assert isinstance(found[1], BadRecord) and "KG_MAX_LINE_CHARS" in found[1].reason


def test_a_gzip_page_within_the_limits_reads(tmp_path):
    import gzip

    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(make_hostile.html_page().encode()))
    document = read_document(page)
    assert document.article.title == "Talks Resume in Geneva"


# --- the big ones: real subprocesses ----------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> make_hostile.Corpus:
    return make_hostile.make(tmp_path_factory.mktemp("hostile-big"), big=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["200mb-line-text", "200mb-line-jsonl", "200mb-line-csv"])
def test_a_200mb_line_in_a_real_process(name, big, example_store, tmp_path):
    case = next(c for c in big.cases if c.name == name)
    base, before = example_store
    store = tmp_path / "store"
    shutil.copytree(base, store)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([str(KG), "build", *[str(big.root / p) for p in case.paths], *case.args, "--store",
                           str(store), "--no-check"], capture_output=True, text=True, env=env, timeout=900)
    check_messages(done.stderr, case, big.root)
    assert done.returncode == case.exit, done.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert peak < 2 * limits.GiB, f"{name}: the build took {peak / limits.MiB:.0f} MiB"
    after = export(store)
    assert set(before.splitlines()) <= set(after.splitlines())
    if case.adds:
        assert f"kg build: {case.builds} built" in done.stderr, done.stderr
    else:
        assert after == before
