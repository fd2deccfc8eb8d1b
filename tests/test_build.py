"""kg build on the reference page: incremental, idempotent, one graph per document, hostile input refused."""
from __future__ import annotations

import shutil

import pyoxigraph
import pytest

from kg.build.actor_resolution import RESOLUTION_GRAPH
from kg.build.happenings import HAPPENINGS_GRAPH
from kg.build.alignment import ALIGNMENT_GRAPH
from kg.build.run import ONTOLOGY_GRAPH
from kg.build.shared_statements import SHARED_GRAPH
from kg.build.inputs import input_key
from kg.mapping.reference_graph import MEMBERSHIPS_GRAPH
from kg.mapping.writer import ACTORS_GRAPH
from kg.mapping import iris
from kg.store.local import Store
from kg.build.topic_labels import TOPICS_GRAPH

from conftest import EXAMPLE, run_kg


def quad_count(store_path) -> int:
    return len(Store(store_path, read_only=True))


def nquads(store_path) -> bytes:
    result = run_kg("export", "--store", store_path, "--format", "n-quads")
    assert result.exit_code == 0
    return result.stdout_bytes


def test_build_then_rebuild_changes_nothing(tmp_path, seed_path):
    store = tmp_path / "store"
    first = run_kg("build", seed_path, "--store", store)
    assert first.exit_code == 0, first.output
    assert "1 built, 0 unchanged, 0 skipped, 0 failed" in first.stderr
    before = nquads(store)
    second = run_kg("build", seed_path, "--store", store)
    assert second.exit_code == 0
    assert "0 built, 1 unchanged, 0 skipped, 0 failed" in second.stderr
    assert nquads(store) == before
    forced = run_kg("build", seed_path, "--store", store, "--force")
    assert "1 built" in forced.stderr
    assert nquads(store) == before  # same input, same IRIs, same bytes


def test_one_named_graph_per_document(seed_store, seed_path):
    graphs = Store(seed_store, read_only=True).graphs()
    assert ONTOLOGY_GRAPH in graphs
    assert graphs == sorted({ONTOLOGY_GRAPH, MEMBERSHIPS_GRAPH, ALIGNMENT_GRAPH, ACTORS_GRAPH, TOPICS_GRAPH,
                             RESOLUTION_GRAPH, HAPPENINGS_GRAPH, SHARED_GRAPH, iris.graph_iri(input_key(seed_path))},
                            key=str)


def test_same_input_same_output_in_two_stores(tmp_path, seed_path):
    for name in ("a", "b"):
        assert run_kg("build", seed_path, "--store", tmp_path / name).exit_code == 0
    assert nquads(tmp_path / "a") == nquads(tmp_path / "b")


def test_changed_document_replaces_only_its_graph(tmp_path, seed_path):
    page = tmp_path / "page.txt"
    shutil.copy(seed_path, page)
    shutil.copy(EXAMPLE, tmp_path / "example.txt")
    store = tmp_path / "store"
    assert run_kg("build", page, tmp_path / "example.txt", "--store", store).exit_code == 0
    example_graph = iris.graph_iri(input_key(tmp_path / "example.txt"))
    example_before = [q for q in Store(store, read_only=True).quads() if q.graph_name == example_graph]

    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("founded by Mohammed Omar in 1994", "founded by Mohammed Omar in 1995"),
                    encoding="utf-8")
    result = run_kg("build", page, tmp_path / "example.txt", "--store", store)
    assert "1 built, 1 unchanged" in result.stderr
    s = Store(store, read_only=True)
    definitions = [str(r["d"].value) for r in s.query(
        "SELECT ?d WHERE { ?t <http://www.w3.org/2004/02/skos/core#definition> ?d "
        "FILTER(CONTAINS(?d, 'Mohammed Omar')) }")]
    assert len(definitions) == 1 and "1995" in definitions[0]
    assert [q for q in s.quads() if q.graph_name == example_graph] == example_before


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"  \n\t \n", "empty"),
    (bytes(range(256)) * 8, "binary"),
    ("In Focus\n\nNATO\n\nNATO\n\nAn alliance caf\u00e9".encode("utf-8")[:-1], "UTF-8"),
    (b"just some words\nwith no glossary or article here\n", "no glossary or article"),
])
def test_hostile_input_exits_2_and_leaves_store_as_it_was(tmp_path, seed_path, content, problem):
    store = tmp_path / "store"
    assert run_kg("build", seed_path, "--store", store).exit_code == 0
    before = nquads(store)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run_kg("build", bad, "--store", store)
    assert result.exit_code == 2
    assert str(bad) in result.stderr and problem in result.stderr
    assert nquads(store) == before


def test_missing_file_exits_2(tmp_path):
    result = run_kg("build", tmp_path / "nope.txt", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "no such file" in result.stderr


def test_a_failing_document_does_not_stop_the_others(tmp_path, seed_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seed_path, corpus / "a-page.txt")
    (corpus / "b-empty.txt").write_bytes(b"")
    shutil.copy(EXAMPLE, corpus / "c-example.txt")
    result = run_kg("build", corpus, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "2 built, 0 unchanged, 0 skipped, 1 failed" in result.stderr
    assert "b-empty.txt: file is empty" in result.stderr
    graphs = Store(tmp_path / "store", read_only=True).graphs()
    assert iris.graph_iri(input_key(corpus / "a-page.txt")) in graphs
    assert iris.graph_iri(input_key(corpus / "c-example.txt")) in graphs
    assert iris.graph_iri(input_key(corpus / "b-empty.txt")) not in graphs


def test_store_in_use_is_refused_clearly(tmp_path, seed_path):
    store = tmp_path / "store"
    holder = pyoxigraph.Store(str(store))  # another writer holds the lock
    try:
        result = run_kg("build", seed_path, "--store", store)
        assert result.exit_code == 2
        assert "in use" in result.stderr
    finally:
        del holder


def test_reads_and_queries_need_an_existing_store(tmp_path):
    result = run_kg("query", "topics", "--store", tmp_path / "none")
    assert result.exit_code == 2
    assert "no kg store here" in result.stderr


def test_directory_with_a_symlink_loop_is_read_once(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "up").symlink_to(corpus, target_is_directory=True)
    shutil.copy(EXAMPLE, corpus / "page.txt")
    result = run_kg("build", corpus, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "1 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr


@pytest.mark.parametrize("cut_after, problem", [
    ("the repeat of a glossary term", "ends inside its glossary"),
    ("the article's date line", "has a title but no body"),
])
def test_truncated_page_is_refused(tmp_path, seed_path, cut_after, problem):
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    stripped = [line.strip() for line in lines]
    if cut_after.startswith("the repeat"):
        # the third glossary item: a term, a blank line, the term again
        items = [i for i in range(len(stripped) - 2)
                 if stripped[i] and stripped[i] == stripped[i + 2] and not stripped[i + 1]]
        cut = items[2] + 3
    else:
        cut = next(i for i, s in enumerate(stripped) if s.endswith(" 2023")) + 1
    store = tmp_path / "store"
    assert run_kg("build", seed_path, "--store", store).exit_code == 0
    before = nquads(store)
    page = tmp_path / "cut.txt"
    page.write_text("".join(lines[:cut]), encoding="utf-8")
    result = run_kg("build", page, "--store", store)
    assert result.exit_code == 2
    assert problem in result.stderr and "truncated" in result.stderr
    assert nquads(store) == before
