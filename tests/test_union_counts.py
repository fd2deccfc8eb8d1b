"""Counts that add up over the union (issue 20, item 5): a fact several documents share is stated
in one graph, so a query over the default graph (the union of all graphs) meets each triple once.

Built for real from the reference page (a glossary and an article of one publisher) and a corpus
of articles by two more publishers that name the same people, with the same titles, built by the
same software: what used to be repeated in every document's graph (the publisher's type and name,
the software agent, a head of state's binding to their state) is stated once.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

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
        # each document that titles Putin "Russian President" binds him to Russia: one statement,
        # in the shared statements graph, which each document's record names
        putin = pyoxigraph.NamedNode(KGID + "actor/person/vladimir-putin")
        part_of = list(s._store.quads_for_pattern(putin, pyoxigraph.NamedNode("https://w3id.org/kg/ontology#partOf"),
                                                  None))
        assert [(q.object.value, q.graph_name.value) for q in part_of] == [
            (KGID + "actor/state/RUS", KGID + "graph/shared/statements")]
        records = list(s._store.quads_for_pattern(None, pyoxigraph.NamedNode("https://w3id.org/kg/ontology#statesAbout"),
                                                  putin))
        assert len(records) >= 4  # each of the four records of the corpus
    # and the events table still codes him as Russia's government on the day
    rows = run_kg("query", "events-table", "--store", str(store), "--format", "csv").stdout
    assert "RUSGOV" in rows


def _count_file(tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return path


GLOSSARY = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikipedia_geopolitics_glossary" / "glossary.jsonl"


def _glossaries(folder: Path, spans: dict[str, tuple[str, int, int]]) -> list[Path]:
    """Glossary files cut from the shared Wikipedia glossary: name -> (publisher, first, last)."""
    rows = [json.loads(line) for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for name, (publisher, first, last) in spans.items():
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"term": r["term"], "definition": r["definition"], "publisher": publisher})
                                + "\n" for r in rows[first:last]), encoding="utf-8")
        out.append(path)
    return out


def _triples(store: Path) -> Counter:
    with Store(store, read_only=True) as s:
        return Counter((q.subject, q.predicate, q.object) for q in s._store.quads_for_pattern(None, None, None))


def _without_times(store: Path) -> set:
    """The store's quads but the build's time stamps."""
    with Store(store, read_only=True) as s:
        return {q for q in s._store.quads_for_pattern(None, None, None)
                if q.predicate.value != "http://www.w3.org/ns/prov#endedAtTime"}


def test_glossaries_that_say_the_same_state_it_once(tmp_path, seed_path):
    """Two publishers defining the same terms, and one publisher's terms in two files: the topics,
    the scheme, the things and the facts their definitions give are each stated once."""
    files = _glossaries(tmp_path, {"a": ("Alpha Review", 0, 10), "b": ("Beta Monitor", 4, 16),
                                   "a2": ("Alpha Review", 8, 14)})
    store = tmp_path / "store"
    build_store(store, *files, seed_path)
    counts = _triples(store)
    assert not {k: n for k, n in counts.items() if n > 1}
    with Store(store, read_only=True) as s:
        total = int(next(iter(s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
        # both publishers still claim what they say, each in its own claim
        claims = {r[0].value for r in s.query(
            "PREFIX kg: <https://w3id.org/kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX schema: <https://schema.org/> SELECT DISTINCT ?name WHERE { ?c a kg:Claim ; "
            "prov:wasAttributedTo/schema:name ?name }")}
    assert total == len(counts)
    assert {"Alpha Review", "Beta Monitor"} <= claims


def test_a_changed_glossary_leaves_what_a_fresh_build_would_regression(tmp_path, seed_path):
    """Statements only the old version of a glossary made go; those another document also makes stay."""
    files = _glossaries(tmp_path, {"a": ("Alpha Review", 0, 10), "b": ("Beta Monitor", 4, 16)})
    store = tmp_path / "store"
    build_store(store, *files, seed_path)
    _glossaries(tmp_path, {"b": ("Beta Monitor", 4, 7)})  # b loses most of its entries
    build_store(store, *files, seed_path)
    fresh = tmp_path / "fresh"
    build_store(fresh, *files, seed_path)
    assert _without_times(store) == _without_times(fresh)
    assert not {k: n for k, n in _triples(store).items() if n > 1}
