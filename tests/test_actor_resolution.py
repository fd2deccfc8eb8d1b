"""Issue 17, items 3 and 4: one real actor, one node across documents. Actors the knowledge base
lacks are scoped to their document; the build resolves them across documents by name (and a name's
acronym where a document pairs them), in a graph of its own with the evidence of every link, and
the bundled queries report the resolved actor. Real corpora, real builds, the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from conftest import REPO, SHARED, build_store, query_rows, run_kg
from kg.build.actor_resolution import RESOLUTION_GRAPH, ActorResolver, initials, is_acronym, resolved_iri
from kg.mapping.namespaces import KG, OWL, RDF
from kg.mapping.writer import RESOLUTION_GROUPS, name_key, resolution_key
from kg.store.local import Store

NEWSWCL = SHARED / "data" / "newswcl50_dev" / "corpus.jsonl"
DNC = "https://w3id.org/kg/id/actor/resolved/organization/democratic-national-committee"
MARIA = "https://w3id.org/kg/id/actor/resolved/person/maria-lopez-sanchez"

# Two outlets on one committee and one spokeswoman the knowledge base does not know: A pairs the
# name with its acronym, B uses the acronym alone and spells her name without the hyphen.
A = [{"id": "a1", "title": "Committee meets", "published": "2024-03-01", "publisher": "Outlet A",
      "text": "The Democratic National Committee (DNC) met on Friday in Chicago. Maria Lopez-Sanchez, a "
              "spokeswoman for the DNC, said the party would hold a vote. The DNC criticised the plan."}]
B = [{"id": "b1", "title": "Vote delayed", "published": "2024-03-02", "publisher": "Outlet B",
      "text": "The DNC delayed its vote on Saturday. Maria Lopez Sanchez told reporters that the party "
              "would meet again next week."}]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


build, query = build_store, query_rows


def resolution(store: Path) -> list[str]:
    """The resolution graph, as sorted N-Quads lines."""
    with Store(store, read_only=True) as s:
        return sorted(str(q) for q in s.quads_for_pattern(None, None, None, RESOLUTION_GRAPH))


def links(store: Path) -> dict[str, str]:
    """Each document-scoped actor -> its resolved actor."""
    with Store(store, read_only=True) as s:
        return {q.subject.value: q.object.value for q in s.quads_for_pattern(None, OWL.sameAs, None, RESOLUTION_GRAPH)}


def validates(store: Path) -> None:
    result = run_kg("validate", "--store", store)
    assert result.exit_code == 0, result.output


# -- the names compared ----------------------------------------------------------------------------
def test_names_are_folded_for_case_whitespace_punctuation_diacritics_possessive_and_the():
    assert name_key("María  López-Sánchez") == name_key("maria lopez sanchez") == "maria lopez sanchez"
    assert name_key("the Democratic National Committee's") == "democratic national committee"
    assert name_key("C.I.A.") == name_key("CIA") == "cia"
    assert resolution_key("Person", "Maria Lopez-Sanchez") == "person|maria lopez sanchez"
    assert resolution_key("PoliticalParty", "The Greens") == "organization|greens"  # subclasses share a group
    assert resolution_key("Person", "Lopez-Sanchez") is None  # a person needs two words or more
    assert resolution_key("Person", "the Smith") is None
    assert resolution_key("State", "Narnia") is None  # only persons and organisations are resolved
    assert resolution_key("Organization", "X") is None


def test_acronyms_are_the_initials_of_the_words_or_of_the_significant_ones():
    assert initials("democratic national committee") == {"dnc"}
    assert "opec" in initials("organization of the petroleum exporting countries")
    assert initials("hamas") == set()
    assert is_acronym("DNC") and is_acronym("C.I.A.") and is_acronym("the UN")
    assert not is_acronym("Hamas") and not is_acronym("D") and not is_acronym("NATO2")


def test_the_groups_follow_the_ontology():
    graph = pyoxigraph.Store()
    graph.bulk_load(path=str(REPO / "ontology" / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    found = {r["c"].value.rsplit("#", 1)[1] for r in graph.query(
        "PREFIX kg: <https://w3id.org/kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?c WHERE { ?c rdfs:subClassOf* kg:Organization }")}
    assert {c for c, group in RESOLUTION_GROUPS.items() if group == "organization"} == found
    assert RESOLUTION_GROUPS["Person"] == "person"
    assert {KG.ResolvedActor, KG.ActorResolution, KG.ActorResolutionGraph} <= {
        r["c"] for r in graph.query("SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }")}


# -- one actor, one node ---------------------------------------------------------------------------
def test_a_name_and_its_acronym_in_two_outlets_are_one_actor_with_its_evidence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", A + B)
    store = tmp_path / "store"
    build(store, "news.jsonl")
    validates(store)
    linked = links(store)
    # "Democratic National Committee" (A), "DNC" (A and B): one node; her name with and without hyphen: one node
    assert sorted(v for v in linked.values() if v == DNC) == [DNC] * 3
    assert sorted(v for v in linked.values() if v == MARIA) == [MARIA] * 2
    actors = {r["actor"]: r for r in query(store, "actors")}
    assert actors[DNC]["label"] == "Democratic National Committee" and actors[DNC]["class"] == "Organization"
    assert int(actors[DNC]["mentions"]) >= 4 and actors[MARIA]["class"] == "Person"
    assert not any("/doc/" in a for a in actors)  # no document-scoped actor stands on its own
    # every link has its record: which name, which document, why
    with Store(store, read_only=True) as s:
        records = {}
        for q in s.quads_for_pattern(None, RDF.type, KG.ActorResolution, RESOLUTION_GRAPH):
            facts = {(p.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]): p.object
                     for p in s.quads_for_pattern(q.subject, None, None, RESOLUTION_GRAPH)}
            records[facts["subject"].value] = facts
    assert set(records) == set(linked)
    acronyms = [r for r in records.values() if r["resolutionBasis"].value == "acronym"]
    assert {r["matchedName"].value for r in acronyms} == {"DNC"} and len(acronyms) == 2
    a_doc = next(r["wasDerivedFrom"] for r in records.values() if r["matchedName"].value.endswith("Committee"))
    assert all(r["pairedIn"] == a_doc for r in acronyms)  # B's "DNC" rests on A, which pairs the two
    assert {r["resolutionBasis"].value for r in records.values() if r["object"].value == MARIA} == {"same-name"}
    # the events of both outlets, gathered under the resolved actor
    events = query(store, "actor-events", f"actor={DNC}")
    assert len({e["event"].split("/event/")[0] for e in events}) == 2
    assert {e["source"] for e in query(store, "events")} >= {DNC}
    labels = {r["source_label"] for r in query(store, "events-table")}
    assert "Democratic National Committee" in labels and "DNC" not in labels


def test_the_same_name_bound_to_two_states_is_two_actors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "ministers.jsonl", [
        {"id": "m1", "title": "Talks", "published": "2024-03-01", "publisher": "Outlet A",
         "text": "Mexican Foreign Minister Maria Lopez-Sanchez met officials in Madrid on Friday."},
        {"id": "m2", "title": "Talks", "published": "2024-03-02", "publisher": "Outlet B",
         "text": "Chilean Foreign Minister Maria Lopez-Sanchez visited Lima on Saturday."},
        {"id": "m3", "title": "Festival", "published": "2024-03-03", "publisher": "Outlet C",
         "text": "Maria Lopez-Sanchez, who writes novels, spoke at a festival in Lyon on Sunday."}])
    store = tmp_path / "store"
    build(store, "ministers.jsonl")
    validates(store)
    resolved = sorted(set(links(store).values()))
    assert resolved == [MARIA, MARIA + "/state-chl", MARIA + "/state-mex"]  # the unbound novelist apart too
    with Store(store, read_only=True) as s:
        assert [q.object.value for q in s.quads_for_pattern(pyoxigraph.NamedNode(MARIA + "/state-mex"), KG.partOf,
                                                             None, RESOLUTION_GRAPH)] == \
            ["https://w3id.org/kg/id/actor/state/MEX"]
    # without the Chilean document, the novelist joins the one minister there is
    write_jsonl(tmp_path / "ministers.jsonl", [json.loads(line) for line in
                                               (tmp_path / "ministers.jsonl").read_text().splitlines()
                                               if '"m2"' not in line])
    fresh = tmp_path / "fresh"
    build(fresh, "ministers.jsonl")
    assert sorted(set(links(fresh).values())) == [MARIA + "/state-mex"]


def test_an_acronym_two_documents_read_two_ways_joins_neither_name_store_wide(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "unions.jsonl", [
        {"id": "n1", "title": "Union", "published": "2024-03-01", "publisher": "Outlet A",
         "text": "The Northern Farmers Union (NFU) held a protest on Friday. The NFU said prices were too low."},
        {"id": "n2", "title": "Union", "published": "2024-03-02", "publisher": "Outlet B",
         "text": "The National Fishing Union (NFU) signed a deal on Saturday. The NFU welcomed it."},
        {"id": "n3", "title": "Union", "published": "2024-03-03", "publisher": "Outlet C",
         "text": "Leaders of the NFU met on Sunday in Leeds."}])
    store = tmp_path / "store"
    build(store, "unions.jsonl")
    base = "https://w3id.org/kg/id/actor/resolved/organization/"
    # "n1|nfu": the record's id (kgid:doc/unions-jsonl-n1-{hash}/actor/…) and the actor's slug
    by_document = {node.split("/actor/")[0].rsplit("-", 1)[0][-2:] + "|" + node.rsplit("/", 1)[1]: target
                   for node, target in links(store).items()}
    assert by_document["n1|nfu"] == base + "northern-farmers-union"  # where a document says which
    assert by_document["n2|nfu"] == base + "national-fishing-union"
    assert by_document["n3|nfu"] == base + "nfu"  # where none does: neither


# -- incremental, and the same whatever the order -------------------------------------------------
def test_the_resolution_depends_on_the_documents_stored_not_on_the_order_they_came_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", A)
    write_jsonl(tmp_path / "b.jsonl", B)
    build(tmp_path / "ab", "a.jsonl")
    build(tmp_path / "ab", "b.jsonl")
    build(tmp_path / "ba", "b.jsonl")
    assert set(links(tmp_path / "ba").values()) == {
        "https://w3id.org/kg/id/actor/resolved/organization/dnc", MARIA}  # B alone: "DNC" is all it says
    build(tmp_path / "ba", "a.jsonl")  # A pairs the acronym with the name: B's "DNC" joins it
    build(tmp_path / "both", "a.jsonl", "b.jsonl")
    assert resolution(tmp_path / "ab") == resolution(tmp_path / "ba") == resolution(tmp_path / "both")
    assert set(links(tmp_path / "both").values()) == {DNC, MARIA}
    validates(tmp_path / "ba")


def test_a_changed_document_takes_the_links_it_supported_with_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", A)
    write_jsonl(tmp_path / "b.jsonl", B)
    store = tmp_path / "store"
    build(store, "a.jsonl", "b.jsonl")
    # A no longer names the committee in full, nor her: B's "DNC" is an actor of its own again
    changed = [dict(A[0], text="The DNC met on Friday in Chicago. The party would hold a vote.")]
    write_jsonl(tmp_path / "a.jsonl", changed)
    assert "1 built, 1 unchanged" in build(store, "a.jsonl", "b.jsonl").stderr
    assert set(links(store).values()) == {"https://w3id.org/kg/id/actor/resolved/organization/dnc", MARIA}
    assert len([r for r in links(store).values() if r == MARIA]) == 1  # only B's name is left
    fresh = tmp_path / "fresh"
    build(fresh, "a.jsonl", "b.jsonl")
    assert resolution(store) == resolution(fresh)
    # and neither names her any more: her resolved actor is gone with its last link
    write_jsonl(tmp_path / "b.jsonl", [dict(B[0], text="The DNC delayed its vote on Saturday.")])
    build(store, "a.jsonl", "b.jsonl")
    assert MARIA not in set(links(store).values())
    assert not any(MARIA in line for line in resolution(store))
    validates(store)


def test_a_build_stopped_before_resolving_is_resolved_by_the_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", A)
    write_jsonl(tmp_path / "b.jsonl", B)
    store = tmp_path / "store"
    build(store, "a.jsonl")

    def stopped(self):
        raise KeyboardInterrupt  # as if killed after the documents were written

    with monkeypatch.context() as m:
        m.setattr(ActorResolver, "_resolve", stopped)
        assert run_kg("build", "b.jsonl", "--store", store).exit_code == 130  # stopped, as by Ctrl-C
    with Store(store, read_only=True) as s:
        assert list(s.quads_for_pattern(RESOLUTION_GRAPH, KG.resolutionPending, None, RESOLUTION_GRAPH))
    assert "0 built, 2 unchanged" in build(store, "a.jsonl", "b.jsonl").stderr
    fresh = tmp_path / "fresh"
    build(fresh, "a.jsonl", "b.jsonl")
    assert resolution(store) == resolution(fresh)
    assert not any("resolutionPending" in line for line in resolution(store))


def test_the_graph_dropped_or_turned_off_is_made_again_in_full(tmp_path, monkeypatch):
    import kg

    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", A + B)
    store = tmp_path / "store"
    build(store, "news.jsonl")
    reference = resolution(store)
    with Store(store) as s:
        s.remove_graph(RESOLUTION_GRAPH)  # a researcher undoes the resolution
    build(store, "news.jsonl")  # nothing to build: the names are resolved afresh
    assert resolution(store) == reference
    with kg.open_store(store) as s:  # a build with resolution off leaves no stale graph
        summary = kg.build([tmp_path / "news.jsonl"], s, resolve_actors=False)
        assert summary.count("unchanged") == 2 and "actor resolution" not in summary.timings
        assert not list(s.quads_for_pattern(None, None, None, RESOLUTION_GRAPH))
    build(store, "news.jsonl")
    assert resolution(store) == reference


# -- the queries report the resolved actor --------------------------------------------------------
def test_the_actors_query_lists_mentioned_actors_unless_asked_for_reference_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", A + B)
    store = tmp_path / "store"
    build(store, "news.jsonl")
    mentioned = query(store, "actors")
    assert mentioned and all(int(r["mentions"]) >= 1 for r in mentioned)
    everything = query(store, "actors", "include_reference=true")
    assert len(everything) > len(mentioned) and {r["actor"] for r in mentioned} < {r["actor"] for r in everything}
    assert any(r["mentions"] == "0" for r in everything)  # e.g. the reference memberships' states
    busy = query(store, "actors", "min_mentions=3")
    assert [r["actor"] for r in busy] == [r["actor"] for r in mentioned if int(r["mentions"]) >= 3]
    assert DNC in {r["actor"] for r in busy}
    people = query(store, "actors", "of_class=kg:Person")
    assert [r["actor"] for r in people] == [MARIA]


def test_the_pictures_and_pages_count_the_resolved_actor(tmp_path, monkeypatch):
    from kg.plots import data as plots
    from kg.web import data as pages

    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "news.jsonl", A + B)
    store = tmp_path / "store"
    build(store, "news.jsonl")
    with Store(store, read_only=True) as s:
        mentions = query(store, "actors")
        assert plots.mentions(s, [DNC]) == {DNC: next(int(r["mentions"]) for r in mentions if r["actor"] == DNC)}
        assert {e.source for e in plots.events(s, plots.Filters(actor=DNC))} == {DNC}
        forms = {r["form"].value for r in pages.mention_forms(s, DNC)}
        assert "DNC" in forms and any(f.endswith("Democratic National Committee") for f in forms)
        active, _pairs = pages.activity(s)
        assert DNC in {a.iris[0] for a in active}
        assert pages.counts(s)["actors"] == len(mentions)  # each resolved actor once (no topics here)


# -- real news ------------------------------------------------------------------------------------
@pytest.mark.skipif(not NEWSWCL.is_file(), reason=f"{NEWSWCL} is not there (../shared is beside the checkout in CI)")
def test_a_name_in_several_outlets_is_one_node_in_real_news(tmp_path):
    store = tmp_path / "store"
    build(store, NEWSWCL)
    validates(store)
    with Store(store, read_only=True) as s:
        rows = list(s.query("""
            PREFIX kg: <https://w3id.org/kg/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX schema: <https://schema.org/>
            SELECT ?key ?node ?resolved ?publisher WHERE {
              ?record a kg:ActorResolution ; kg:resolutionKey ?key ; rdf:subject ?node ; rdf:object ?resolved ;
                      prov:wasDerivedFrom ?doc .
              ?article a kg:Article ; prov:wasDerivedFrom ?doc ; schema:publisher ?publisher }"""))
        keyed = {r.subject for r in s.quads_for_pattern(None, KG.resolutionKey, None)
                 if r.graph_name != RESOLUTION_GRAPH}
    assert {r["node"] for r in rows} == keyed  # every keyed actor resolved, once
    outlets: dict = {}
    for r in rows:
        outlets.setdefault(r["resolved"].value, set()).add(r["publisher"].value)
    assert max(len(p) for p in outlets.values()) >= 3  # a name that several outlets use: one node
    # a person's name is one node, but for the contexts documents bind it to
    by_key: dict = {}
    for r in rows:
        by_key.setdefault(r["key"].value, set()).add(r["resolved"].value)
    for key, resolved in by_key.items():
        base = resolved_iri(key, frozenset()).value
        if key.startswith("person|"):
            assert all(iri == base or iri.startswith(base + "/") for iri in resolved), key
    # and the actors query lists the resolved actors, never a document's node that has one
    assert not {r["actor"] for r in query(store, "actors")} & {n.value for n in keyed}
