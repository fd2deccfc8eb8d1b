"""The shared actors graph: knowledge-base actors described once for the whole store, pruned when
documents change, so an incremental build ends where a fresh build of the same inputs does."""
from __future__ import annotations

import json

from kg.mapping.writer import ACTORS_GRAPH
from kg.store.local import Store

from conftest import EXAMPLE, run_kg

RUSSIA = "https://w3id.org/kg/id/actor/state/RUS"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def corpus(path, texts):
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"n{i}", "title": f"Item {i}", "published": "2024-05-0{}".format(i + 1),
                                "text": text}) + "\n")
    return path


def nquads(store) -> bytes:
    result = run_kg("export", "--store", store, "--format", "n-quads")
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_a_knowledge_base_actor_is_described_once_for_many_documents(tmp_path, seed_path):
    texts = [f"Russia warned Ukraine on Monday about the talks, number {i}." for i in range(5)]
    store = tmp_path / "store"
    result = run_kg("build", seed_path, EXAMPLE, corpus(tmp_path / "news.jsonl", texts), "--store", store)
    assert result.exit_code == 0, result.output
    s = Store(store, read_only=True)
    labels = [q for q in s.quads() if q.subject.value == RUSSIA and q.predicate.value == LABEL]
    assert len(labels) == 1 and labels[0].graph_name == ACTORS_GRAPH
    # documents point to the actor without describing it
    mentioning = {q.graph_name for q in s.quads() if q.object.value == RUSSIA and q.graph_name != ACTORS_GRAPH}
    assert len(mentioning) >= 6
    assert not [q for q in s.quads() if q.subject.value == RUSSIA and q.graph_name != ACTORS_GRAPH]
    assert run_kg("validate", "--store", store).exit_code == 0


def test_a_changed_document_leaves_no_stale_descriptions(tmp_path):
    # states are all described anyway (the reference memberships name them): use armed groups
    before = ["Russia warned Ukraine on Monday.", "Hezbollah fighters attacked Israel on Tuesday."]
    after = ["Russia warned Ukraine on Monday.", "Hamas fighters attacked Israel on Tuesday."]
    news = tmp_path / "news.jsonl"
    incremental = tmp_path / "incremental"
    assert run_kg("build", corpus(news, before), "--store", incremental).exit_code == 0
    s = Store(incremental, read_only=True)
    assert any("hezbollah" in q.subject.value for q in s.graph_quads(ACTORS_GRAPH))
    del s
    result = run_kg("build", corpus(news, after), "--store", incremental)
    assert "1 built, 1 unchanged" in result.stderr, result.output
    fresh = tmp_path / "fresh"
    assert run_kg("build", news, "--store", fresh).exit_code == 0
    assert nquads(incremental) == nquads(fresh)
    s = Store(incremental, read_only=True)
    described = {q.subject.value for q in s.graph_quads(ACTORS_GRAPH)}
    assert not any("hezbollah" in v for v in described)
    assert any("hamas" in v for v in described)
