"""Counts that add up over the union (issue 20, item 5): a fact several documents share is stated
in one graph, so a query over the default graph (the union of all graphs) meets each triple once.

Built for real from the reference page (a glossary and an article of one publisher) and a corpus
of articles by two more publishers that name the same people, with the same titles, built by the
same software: what used to be repeated in every document's graph (the publisher's type and name,
the software agent, a head of state's binding to their state) is in the shared graph once.
"""
from __future__ import annotations

import json
from collections import Counter

import pyoxigraph

from kg.store.local import Store

from conftest import build_store, run_kg

KGID = "https://w3id.org/kg/id/"


def _record(i: int, publisher: str) -> dict:
    return {"id": f"u{i}", "url": f"https://{publisher.lower().replace(' ', '')}.example.org/{i}",
            "title": f"Leaders meet ({i})", "published": f"2024-05-1{i}", "publisher": publisher,
            "text": "Russian President Vladimir Putin met Armenian Prime Minister Nikol Pashinyan in Moscow "
                    f"on Monday, round {i}.\n\nFrench President Emmanuel Macron criticised Russia."}


def _union_store(tmp_path, seed_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(_record(i, p)) for i, p in enumerate(
        ["North Wire", "North Wire", "South Post", "South Post"])) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    build_store(store, seed_path, corpus)
    return store


def test_count_over_the_union_equals_the_distinct_triples(tmp_path, seed_path):
    store = _union_store(tmp_path, seed_path)
    with Store(store, read_only=True) as s:
        counts = Counter((q.subject, q.predicate, q.object) for q in s._store.quads_for_pattern(None, None, None))
        repeated = {k: n for k, n in counts.items() if n > 1}
        assert not repeated, f"stated in several graphs: {sorted(map(str, repeated))[:5]}"
        total = next(iter(s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    assert int(total.value) == len(counts) > 1000
    # the answer a user gets from the CLI is the same
    out = run_kg("query", str(_count_file(tmp_path)), "--store", str(store), "--format", "csv").stdout
    assert out.split()[-1] == str(len(counts))


def test_shared_descriptions_live_in_the_shared_graph_once(tmp_path, seed_path):
    store = _union_store(tmp_path, seed_path)
    with Store(store, read_only=True) as s:
        quads = list(s._store.quads_for_pattern(pyoxigraph.NamedNode(KGID + "publisher/north-wire"), None, None))
        assert {str(q.graph_name) for q in quads} == {f"<{KGID}graph/reference/actors>"}
        assert [q.object.value for q in quads if q.predicate.value == "https://schema.org/name"] == ["North Wire"]
        # Putin's binding to Russia is his office in the knowledge base (with its dates), not a
        # kg:partOf repeated in each document that titles him "Russian President"
        part_of = list(s._store.quads_for_pattern(pyoxigraph.NamedNode(KGID + "actor/person/vladimir-putin"),
                                                  pyoxigraph.NamedNode("https://w3id.org/kg/ontology#partOf"), None))
        assert part_of == []
    # and the events table still codes him as Russia's government on the day
    rows = run_kg("query", "events-table", "--store", str(store), "--format", "csv").stdout
    assert "RUSGOV" in rows


def _count_file(tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return path
