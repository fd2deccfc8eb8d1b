"""Corpora at scale: JSONL/CSV corpus files, malformed records, incremental re-runs, globs,
parallel extraction, per-document shape checks, and builds killed or run twice at once —
with real files, real stores and real processes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest

from conftest import SHARED, record_figures, run_kg
from kg.build.inputs import input_key
from kg.mapping import iris
from kg.readers.corpus import ColumnMap, Record, read_records, record_document
from kg.store.local import Store

AG_NEWS = SHARED / "data" / "ag_news_test" / "test_world.csv"
KG = Path(sys.executable).with_name("kg")


def article(i: int, **extra) -> dict:
    record = {"id": f"a{i}", "url": f"https://news.example.org/{i}", "title": f"Talks resume in Geneva ({i})",
              "published": "2024-03-0%d" % (1 + i % 9), "publisher": "Example Wire", "section": "World",
              "tags": ["Iran", "Diplomacy"],
              "text": f"Iran and the United States held talks in Geneva on Monday, round {i}.\n\n"
                      "Russia condemned the sanctions imposed by the European Union."}
    record.update(extra)
    return record


def write_jsonl(path: Path, records: list, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r) for r in records]
    for at, line in sorted((raw_lines or {}).items()):
        lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ag_news_slice(tmp_path: Path, rows: int) -> Path:
    if not AG_NEWS.is_file():
        pytest.skip("../shared/data/ag_news_test is not beside the checkout")
    with AG_NEWS.open(encoding="utf-8") as source:
        head = [next(source) for _ in range(rows)]
    path = tmp_path / "world.csv"
    path.write_text("".join(head), encoding="utf-8")
    return path


def is_document_graph(graph: str) -> bool:
    """Whether ``graph`` (as graph_sets names it) holds a document, not data every build shares."""
    from kg.build.actor_resolution import RESOLUTION_GRAPH
    from kg.build.alignment import ALIGNMENT_GRAPH
    from kg.build.happenings import HAPPENINGS_GRAPH
    from kg.build.run import ONTOLOGY_GRAPH
    from kg.mapping.reference_graph import MEMBERSHIPS_GRAPH
    from kg.mapping.writer import ACTORS_GRAPH
    from kg.build.topic_labels import TOPICS_GRAPH
    from kg.build.shared_statements import SHARED_GRAPH

    # the shared statements graph is the union of the documents' records, settled batch by batch
    # and at the end of a build (a killed build leaves it for the next): not a document
    return graph not in {str(g) for g in (ALIGNMENT_GRAPH, ONTOLOGY_GRAPH, MEMBERSHIPS_GRAPH, ACTORS_GRAPH, TOPICS_GRAPH,
                                          RESOLUTION_GRAPH, HAPPENINGS_GRAPH, SHARED_GRAPH)}


def graph_sets(store_dir: Path) -> dict[str, frozenset]:
    """Each named graph's quads, as N-Quads lines."""
    with Store(store_dir, read_only=True) as store:
        by_graph: dict[str, set] = {}
        for quad in store.quads():
            by_graph.setdefault(str(quad.graph_name), set()).add(str(quad))
    return {g: frozenset(q) for g, q in by_graph.items()}


# ---- reading corpus files ---------------------------------------------------------------------------

def test_jsonl_corpus_builds_one_graph_per_record_and_skips_malformed_ones(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [article(i) for i in range(3)] + [article(0)],
                         raw_lines={1: "{not json", 3: "[1, 2]", 5: json.dumps({"id": "x", "title": ""})})
    result = run_kg("build", corpus, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output  # skipped records are reported, not failures
    assert "3 built, 0 unchanged, 4 skipped, 0 failed" in result.stderr
    for line, reason in ((2, "not valid JSON"), (4, "not a JSON object"), (6, "no article text"),
                         (7, "id 'a0' was used by an earlier record")):
        assert f"news.jsonl:{line}: {reason}" in result.stderr
    rows = run_kg("query", "articles", "--store", tmp_path / "store", "--format", "csv").stdout
    assert rows.count("Example Wire") == 3 and "2024-03-02" in rows


def test_csv_corpus_with_mapped_column_names(tmp_path):
    corpus = tmp_path / "feed.csv"
    corpus.write_text('story_id,headline,body,date\n'
                      's1,Clashes in Aleppo,"Syrian forces attacked rebels in Aleppo on Friday.",2024-05-03\n'
                      's2,Summit ends,"Leaders of France and Germany signed an agreement.",2024-05-04\n'
                      's3,Short row\n', encoding="utf-8")
    result = run_kg("build", corpus, "--store", tmp_path / "store",
                    "--columns", "id=story_id,title=headline,text=body,published=date")
    assert result.exit_code == 0, result.output
    assert "2 built, 0 unchanged, 1 skipped, 0 failed" in result.stderr
    assert "feed.csv:4: 2 fields where the header has 4" in result.stderr
    with Store(tmp_path / "store", read_only=True) as store:
        graphs = {str(g) for g in store.graphs()}
    key = input_key(corpus)
    assert str(iris.graph_iri(f"{key}#s1")) in graphs and str(iris.graph_iri(f"{key}#s2")) in graphs


def test_ag_news_without_header_by_column_position(tmp_path):
    corpus = ag_news_slice(tmp_path, 25)
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", "title=2,text=3")
    assert result.exit_code == 0, result.output
    assert "25 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr
    events = run_kg("query", "events", "--store", tmp_path / "store", "--format", "csv").stdout.splitlines()
    assert len(events) > 5  # real world news: events are coded


def test_records_read_one_at_a_time_with_their_lines(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [article(1), article(2)])
    records = read_records(corpus, ColumnMap())
    first = next(records)  # a generator: nothing beyond the first record is read yet
    assert isinstance(first, Record) and first.line == 1 and first.fields["id"] == "a1"
    document = record_document(first, str(corpus))
    assert document.article.title_span.of(document.text) == "Talks resume in Geneva (1)"
    assert [p.span.of(document.text) for p in document.article.paragraphs] == [
        p.text for p in document.article.paragraphs]


@pytest.mark.parametrize("spec, problem", [
    ("title", "expected FIELD=COLUMN pairs"),
    ("headline=2", "expected FIELD=COLUMN pairs"),
    ("title=2,text=body", "all columns by name or all by position"),
])
def test_bad_column_maps_are_refused(tmp_path, spec, problem):
    corpus = write_jsonl(tmp_path / "c.jsonl", [article(1)])
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", spec)
    assert result.exit_code == 2 and problem in result.stderr


def test_csv_without_the_text_column_names_it(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text("headline,body\nA,B\n", encoding="utf-8")
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", "title=headline")
    assert result.exit_code == 2 and "c.csv:1: has no column 'text'" in result.stderr


def test_globs_pick_files(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        write_jsonl(tmp_path / "in" / name, [article(1, id=name)])
    (tmp_path / "in" / "notes.txt").write_text("not a corpus", encoding="utf-8")
    result = run_kg("build", str(tmp_path / "in" / "*.jsonl"), "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stderr
    missing = run_kg("build", str(tmp_path / "in" / "*.xml"), "--store", tmp_path / "store")
    assert missing.exit_code == 2 and "no file matches this pattern" in missing.stderr


# ---- incremental -----------------------------------------------------------------------------------

def test_unchanged_records_are_skipped_and_a_changed_one_replaced(tmp_path):
    records = [article(i) for i in range(4)]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    store = tmp_path / "store"
    assert run_kg("build", corpus, "--store", store).exit_code == 0
    again = run_kg("build", corpus, "--store", store)
    assert "0 built, 4 unchanged" in again.stderr
    records[2] = article(2, text="Turkey threatened Syria with military action.")
    write_jsonl(corpus, records)
    changed = run_kg("build", corpus, "--store", store)
    assert "1 built, 3 unchanged" in changed.stderr
    graph = str(iris.graph_iri(f"{input_key(corpus)}#a2"))
    quads = graph_sets(store)[graph]
    assert any("Turkey threatened Syria" in q for q in quads) and not any("round 2" in q for q in quads)
    forced = run_kg("build", corpus, "--store", store, "--force")
    assert "4 built, 0 unchanged" in forced.stderr


# ---- parallel ---------------------------------------------------------------------------------------

def test_two_workers_write_exactly_what_one_writes(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [article(i) for i in range(12)])
    for jobs in ("1", "2"):
        result = run_kg("build", corpus, "--store", tmp_path / f"store{jobs}", "--jobs", jobs, "--batch-size", "4")
        assert result.exit_code == 0, result.output
    one, two = graph_sets(tmp_path / "store1"), graph_sets(tmp_path / "store2")
    # the records, the ontology, the reference memberships and actors, the alignment, the happenings
    assert len(one) == 12 + 5
    assert one == two


# ---- shapes applied while building ------------------------------------------------------------------

STRICT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix schema: <https://schema.org/> .
<urn:example:DatedArticle> a sh:NodeShape ;
    sh:targetClass kg:Article ;
    sh:property [ sh:path schema:datePublished ; sh:minCount 1 ] .
"""


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_document_that_violates_the_shapes_is_reported_not_stored(tmp_path, engine):
    corpus = write_jsonl(tmp_path / "c.jsonl", [article(1), article(2, published="")])
    shapes = tmp_path / "dated.ttl"
    shapes.write_text(STRICT, encoding="utf-8")
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--shapes", shapes, "--engine", engine)
    assert result.exit_code == 1
    assert "1 built, 0 unchanged, 0 skipped, 1 failed" in result.stderr
    assert "violates the shapes" in result.stderr and "datePublished" in result.stderr
    graphs = graph_sets(tmp_path / "store")
    key = input_key(corpus)
    assert str(iris.graph_iri(f"{key}#a1")) in graphs and str(iris.graph_iri(f"{key}#a2")) not in graphs


# ---- killed builds and a store in use -----------------------------------------------------------------

def _default_sigint() -> None:
    # a shell starts background jobs with SIGINT ignored, and the child would inherit that (and so
    # never see the SIGINT the test sends): the build gets the default, as in a terminal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _build_process(corpus: Path, store: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    return subprocess.Popen([str(KG), "build", str(corpus), "--store", str(store), "--columns", "title=2,text=3",
                             "--batch-size", "4", "-q", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_default_sigint)


def _wait_for_documents(store: Path, count: int, timeout: float = 300) -> None:
    """Until the build writing ``store`` has stored ``count`` graphs (a reader may open a store
    while a writer holds it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if store.exists():
            try:
                reader = pyoxigraph.Store.read_only(str(store))
                if sum(1 for _ in reader.named_graphs()) >= count:
                    return
            except (OSError, RuntimeError):
                pass  # being created
        time.sleep(0.1)
    raise AssertionError(f"no {count} graphs in {store} after {timeout} s")


@pytest.fixture(scope="module")
def reference_build(tmp_path_factory):
    """A slice of AG News built in full, uninterrupted: what every document graph must be."""
    root = tmp_path_factory.mktemp("reference")
    corpus = ag_news_slice(root, 400)
    store = root / "store"
    process = _build_process(corpus, store)
    assert process.wait(timeout=600) == 0, process.stderr.read().decode()
    return corpus, graph_sets(store)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_killed_build_leaves_whole_documents_and_the_next_run_finishes(tmp_path, reference_build, sig):
    corpus, reference = reference_build
    store = tmp_path / "store"
    process = _build_process(corpus, store)
    _wait_for_documents(store, 12)  # past start-up, into the documents
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(sig)
    status = process.wait(timeout=120)
    whole, partial = _documents_checked(store, reference)  # the store opens
    again = _build_process(corpus, store)
    rerun = again.wait(timeout=600)
    equal = graph_sets(store) == reference
    record_figures(f"signal-{sig.name}", exit=status, documents_stored=whole, partial_documents=partial,
                   rerun_exit=rerun, rerun_equals_uninterrupted=equal)
    assert status == (-9 if sig == signal.SIGKILL else 130), process.stderr.read().decode()
    assert 0 < whole < sum(is_document_graph(g) for g in reference) and partial == 0
    assert rerun == 0, again.stderr.read().decode()
    assert equal


@pytest.mark.slow
def test_a_second_build_on_a_store_in_use_is_refused_then_can_wait(tmp_path, reference_build):
    corpus, reference = reference_build
    store = tmp_path / "store"
    first = _build_process(corpus, store)
    _wait_for_documents(store, 4)
    assert first.poll() is None
    refused = subprocess.run([str(KG), "build", str(corpus), "--store", str(store), "--columns", "title=2,text=3"],
                             capture_output=True, text=True, timeout=120)
    waiting = _build_process(corpus, store, "--wait", "600")
    first_status, waiting_status = first.wait(timeout=600), waiting.wait(timeout=600)
    equal = graph_sets(store) == reference
    record_figures("store-in-use", refused_exit=refused.returncode,
                   message=refused.stderr.strip().splitlines()[-1] if refused.stderr.strip() else "",
                   first_exit=first_status, waiting_exit=waiting_status, store_equals_uninterrupted=equal)
    assert refused.returncode == 2 and "in use by another kg process" in refused.stderr
    assert first_status == 0
    assert waiting_status == 0  # it waited, then found every document unchanged
    assert equal


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_end_when_their_build_is_killed(tmp_path, reference_build):
    corpus, _ = reference_build
    process = _build_process(corpus, tmp_path / "store", "--jobs", "2")
    _wait_for_documents(tmp_path / "store", 8)
    workers = [p for p in _children(process.pid) if _alive(p)]
    assert len(workers) >= 2, workers  # the pool's workers (and its resource tracker)
    process.kill()  # no chance to shut the pool down
    process.wait(timeout=60)
    killed = time.monotonic()
    deadline = killed + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    left = [p for p in workers if _alive(p)]
    record_figures("orphaned-workers", workers=len(workers), still_running=len(left),
                   seconds_until_gone=None if left else round(time.monotonic() - killed, 1))
    assert not left, "orphaned worker processes kept running"


def _documents_checked(store: Path, reference: dict) -> tuple[int, int]:
    """How many document graphs ``store`` holds, and how many of them differ from the same graph
    in the uninterrupted build (a partial or wrong document)."""
    if not store.exists():
        return 0, 0  # killed before it opened the store
    stored = graph_sets(store)  # the store opens
    documents = [g for g in stored if is_document_graph(g)]
    return len(documents), sum(stored[g] != reference.get(g) for g in documents)


@pytest.mark.slow
def test_soak_twenty_builds_killed_at_random_moments(tmp_path, reference_build):
    """SIGKILL at 20 random moments (seeded, so a failure can be replayed): after each, the store
    opens and holds only whole documents; the next run finishes it."""
    import random

    corpus, reference = reference_build
    store = tmp_path / "store"
    rng = random.Random(20261201)
    stored, partial = [], 0
    for round_ in range(20):
        process = _build_process(corpus, store, *(["--jobs", "2"] if round_ % 4 == 3 else []))
        time.sleep(rng.uniform(0.5, 12.0))  # from start-up (loading spaCy) to deep into the documents
        process.kill()
        process.wait(timeout=60)
        whole, wrong = _documents_checked(store, reference)
        stored.append(whole)
        partial += wrong
    again = _build_process(corpus, store)
    rerun = again.wait(timeout=600)
    got = graph_sets(store)
    record_figures("soak-sigkill", kills=len(stored), documents_stored_after_each=stored, partial_documents=partial,
                   rerun_exit=rerun, rerun_equals_uninterrupted=got == reference)
    assert max(stored) > 0  # the kills did land among the documents
    assert partial == 0
    assert rerun == 0, again.stderr.read().decode()
    _assert_same_graphs(got, reference)


def _assert_same_graphs(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    for graph in sorted(want):
        extra, missing = sorted(got[graph] - want[graph]), sorted(want[graph] - got[graph])
        assert not extra and not missing, f"{graph}: extra {extra[:5]}, missing {missing[:5]}"


@pytest.mark.slow
def test_a_build_that_runs_out_of_space_fails_clearly_and_keeps_whole_documents(tmp_path, reference_build):
    import resource

    corpus, reference = reference_build
    store = tmp_path / "store"

    def small_disk():  # a file-size limit stands in for a full disk: writes fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4_000_000, 4_000_000))

    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    full = subprocess.run([str(KG), "build", str(corpus), "--store", str(store), "--columns", "title=2,text=3",
                           "--batch-size", "8"], capture_output=True, text=True, env=env, preexec_fn=small_disk,
                          timeout=600)
    message = full.stderr.strip().splitlines()[-1] if full.stderr.strip() else ""
    whole, partial = _documents_checked(store, reference)
    again = _build_process(corpus, store)
    rerun = again.wait(timeout=600)
    got = graph_sets(store)
    record_figures("disk-full", exit=full.returncode, message=message, traceback="Traceback" in full.stderr,
                   documents_stored=whole, partial_documents=partial, rerun_exit=rerun,
                   rerun_equals_uninterrupted=got == reference)
    assert full.returncode == 2, full.stderr
    assert "cannot write the store" in message and "File too large" in message and "Traceback" not in full.stderr
    assert whole > 0 and partial == 0
    assert rerun == 0, again.stderr.read().decode()
    _assert_same_graphs(got, reference)


def test_wait_for_a_writer_that_finishes(tmp_path, seed_path):
    store = tmp_path / "store"
    holder = pyoxigraph.Store(str(store))

    def release():
        time.sleep(1.5)
        nonlocal holder
        holder = None

    threading.Thread(target=release).start()
    result = run_kg("build", seed_path, "--store", store, "--wait", "30")
    assert result.exit_code == 0, result.output


def test_a_worker_whose_build_died_while_it_started_ends_regression():
    """A build killed while its workers were still importing left them waiting for ever: each
    took its parent to be whoever had adopted it by then. The build now gives its process id."""
    import subprocess

    code = ("import os, time\nfrom kg.build.pipeline import _exit_with_parent\n"
            "_exit_with_parent(interval=0.1, parent=os.getppid() + 1_000_000)\ntime.sleep(5)\nprint('alive')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "alive" not in done.stdout
    # with its real parent, it lives on
    code = code.replace("os.getppid() + 1_000_000", "os.getppid()").replace("time.sleep(5)", "time.sleep(0.3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "alive" in done.stdout
