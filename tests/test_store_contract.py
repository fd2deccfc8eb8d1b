"""The store contract (kg.store.base.KgStore): the same tests, with the same expected answers,
against the embedded store on disk and against a real Oxigraph server (`oxigraph serve` on
127.0.0.1, its default graph not the union: kg's request parameter makes it so). Then opening a
store (kg.store.open_store) and what moved out of kg.store.remote.
"""
from __future__ import annotations

import subprocess

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Variable

from kg.errors import QueryError, StoreError, UsageError
from kg.mapping.namespaces import KG
from kg.services.query import parse_query_file, run_query
from kg.store import KgStore, StoreChoiceError, open_store
from kg.store.local import Store
from kg.store.remote import RemoteStore

from conftest import run_kg
from test_remote import find_oxigraph, free_port, stop, wait_for_port  # how test_remote runs a server

EX = "http://example.org/"
G1, G2, G3 = NamedNode(EX + "graph/one"), NamedNode(EX + "graph/two"), NamedNode(EX + "graph/three")
A, B, C, P, Q = (NamedNode(EX + n) for n in ("a", "b", "c", "p", "q"))
XSD_INT = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# literals a server must give back as they were written: escapes, a language, a datatype
HARD = [Literal('ünïcode "quoted"\nline\ttab \\ back'), Literal("chat", language="fr"),
        Literal("42", datatype=XSD_INT), Literal("")]


def quad(s, p, o, g) -> Quad:
    return Quad(s, p, o, g)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One `oxigraph serve` (read-write) for the module; each test empties it first."""
    port = free_port()
    process = subprocess.Popen([str(find_oxigraph()), "serve", "--location", str(tmp_path_factory.mktemp("server")),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)


@pytest.fixture(params=["local", "remote"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def reopen(kind, tmp_path, request):
    """Opens the store under test (a fresh, empty one per test), as many times as asked."""
    if kind == "local":
        return lambda: open_store(tmp_path / "store")
    url = request.getfixturevalue("server")
    with open_store(endpoint=url, environ={}) as remote:
        remote.update("DROP ALL")
    return lambda: open_store(endpoint=url, environ={})


@pytest.fixture
def store(reopen):
    with reopen() as opened:
        yield opened


def stored(store: KgStore, graph: NamedNode) -> set[Quad]:
    return set(store.graph_quads(graph))


# -- the contract, on both stores --------------------------------------------------------------
def test_a_store_is_a_kg_store_and_a_new_one_is_empty(store, kind):
    assert isinstance(store, KgStore) and isinstance(store, Store if kind == "local" else RemoteStore)
    store.ping()
    assert store.graphs() == [] and len(store) == 0
    assert store.graph_hash(G1) is None and store.graph_fingerprint(G1) is None
    assert stored(store, G1) == set()
    assert not bool(store.query("ASK { ?s ?p ?o }"))


def test_write_graphs_stores_each_graph_and_counts_distinct_quads(store):
    one = [quad(A, P, o, G1) for o in HARD]
    two = [quad(B, Q, A, G2)]
    assert store.write_graphs([(G2, two), (G1, one + one[:2])]) == len(one) + 1  # repeats once
    assert store.graphs() == [G1, G2]  # sorted by IRI
    assert len(store) == len(one) + 1
    assert stored(store, G1) == set(one) and stored(store, G2) == set(two)


def test_write_graphs_replaces_a_graph_already_stored(store):
    store.write_graphs([(G1, [quad(A, P, B, G1), quad(A, P, C, G1)])])
    assert store.write_graphs([(G1, [quad(B, P, C, G1)])]) == 1
    assert stored(store, G1) == {quad(B, P, C, G1)}


def test_replace_graph_replaces_the_whole_graph_and_nothing_else(store):
    store.write_graphs([(G1, [quad(A, P, B, G1), quad(A, Q, Literal("old"), G1)]), (G2, [quad(A, P, B, G2)])])
    new = [quad(C, P, Literal(text), G1) for text in ("x", "y")]
    assert store.replace_graph(G1, new + new) == 2
    assert stored(store, G1) == set(new)
    assert stored(store, G2) == {quad(A, P, B, G2)}  # the same triple in another graph stays
    assert store.replace_graph(G3, [quad(A, P, C, G3)]) == 1  # a graph not stored yet is made
    assert store.graphs() == [G1, G3, G2]


def test_a_quad_outside_its_graph_is_refused_before_it_is_written(store):
    store.write_graphs([(G1, [quad(A, P, B, G1)])])
    stray = [quad(A, P, C, G1), quad(A, P, C, G2)]
    with pytest.raises(ValueError, match="outside graph"):
        store.replace_graph(G1, stray)
    with pytest.raises(ValueError, match="outside graph"):
        store.write_graphs([(G3, [quad(A, P, C, G2)])])
    assert store.graphs() == [G1] and stored(store, G1) == {quad(A, P, B, G1)}


def test_graph_notes_are_what_a_graph_says_of_itself_inside_itself(store):
    store.write_graphs([(G1, [quad(G1, KG.contentHash, Literal("abc"), G1),
                              quad(G1, KG.extractedWith, Literal("kg 0.1; mapping 2"), G1),
                              quad(G1, P, Literal("not a note"), G1)]),
                        # what another graph says of G1, or of a graph not stored, is not a note
                        (G2, [quad(G1, KG.contentHash, Literal("other"), G2),
                              quad(G3, KG.contentHash, Literal("nobody's"), G2)])])
    assert store.graph_hash(G1) == "abc"
    assert store.graph_fingerprint(G1) == "kg 0.1; mapping 2"
    assert store.graph_note(G1, P) == "not a note"
    assert store.graph_hash(G2) is None and store.graph_hash(G3) is None
    assert store.graph_note(G1, Q) is None


def test_queries_see_the_union_of_the_named_graphs(store):
    # a path that exists only across two graphs: found only if the default graph is their union
    store.write_graphs([(G1, [quad(A, P, B, G1)]), (G2, [quad(B, P, C, G2), quad(B, Q, HARD[1], G2)])])
    solutions = store.query(f"SELECT ?x ?z ?label WHERE {{ ?x {P} ?y . ?y {P} ?z OPTIONAL {{ ?x {Q} ?label }} }}")
    assert [v.value for v in solutions.variables] == ["x", "z", "label"]
    rows = list(solutions)
    assert len(rows) == 1
    row = rows[0]
    assert row["x"] == row[Variable("x")] == row[0] == A
    assert row["z"] == C and row["label"] is None  # unbound: None
    labels = [r[0] for r in store.query(f"SELECT ?l WHERE {{ {B} {Q} ?l }}")]
    assert labels == [HARD[1]]
    assert bool(store.query(f"ASK {{ {A} {P} {B} }}")) and not bool(store.query(f"ASK {{ {A} {P} {C} }}"))


def test_quads_for_pattern_matches_each_position_given(store):
    everything = {quad(A, P, B, G1), quad(A, Q, HARD[0], G1), quad(B, P, B, G1), quad(A, P, B, G2)}
    store.write_graphs([(G1, [q for q in everything if q.graph_name == G1]),
                        (G2, [q for q in everything if q.graph_name == G2])])

    def match(s=None, p=None, o=None, g=None):
        return set(store.quads_for_pattern(s, p, o, g))

    assert match() == everything
    assert match(s=A) == {q for q in everything if q.subject == A}
    assert match(p=P) == {q for q in everything if q.predicate == P}
    assert match(o=B) == {q for q in everything if q.object == B}
    assert match(o=HARD[0]) == {quad(A, Q, HARD[0], G1)}
    assert match(g=G2) == {quad(A, P, B, G2)}
    assert match(A, P, B, G1) == {quad(A, P, B, G1)}  # every position given: the quad, if stored
    assert match(A, P, C, G1) == set()


def test_replace_subjects_replaces_only_what_the_graph_says_of_them(store):
    store.write_graphs([(G1, [quad(A, P, Literal("old a"), G1), quad(A, Q, B, G1), quad(B, P, Literal("b"), G1)]),
                        (G2, [quad(A, P, Literal("a elsewhere"), G2)])])
    store.replace_subjects(G1, {A}, [quad(A, P, Literal("new a"), G1)])
    assert stored(store, G1) == {quad(A, P, Literal("new a"), G1), quad(B, P, Literal("b"), G1)}
    assert stored(store, G2) == {quad(A, P, Literal("a elsewhere"), G2)}
    store.replace_subjects(G1, {B}, [])  # nothing new: what it said of B goes
    assert stored(store, G1) == {quad(A, P, Literal("new a"), G1)}
    with pytest.raises(ValueError, match="outside graph"):
        store.replace_subjects(G1, {A}, [quad(A, P, C, G2)])


def test_delete_quads_removes_those_and_only_those(store):
    kept, gone = quad(A, P, B, G1), [quad(A, P, C, G1), quad(B, P, HARD[0], G1), quad(A, P, C, G2)]
    store.write_graphs([(G1, [kept, *gone[:2]]), (G2, gone[2:] + [quad(B, P, C, G2)])])
    store.delete_quads(gone + [quad(C, P, A, G1)])  # one not stored: no error
    store.delete_quads([])
    assert stored(store, G1) == {kept} and stored(store, G2) == {quad(B, P, C, G2)}


def test_referenced_outside_looks_at_other_graphs_objects(store):
    store.write_graphs([(G1, [quad(A, P, B, G1), quad(C, P, A, G1)]), (G2, [quad(B, Q, C, G2), quad(A, P, B, G2)])])
    assert store.referenced_outside(B, G1)  # G2 uses B as an object
    assert not store.referenced_outside(A, G1)  # only G1 does (G2 has A as a subject only)
    assert store.referenced_outside(C, G1) and not store.referenced_outside(C, G2)


def test_remove_graph_removes_one_graph_whole(store):
    store.write_graphs([(G1, [quad(G1, KG.contentHash, Literal("abc"), G1), quad(A, P, B, G1)]),
                        (G2, [quad(A, P, B, G2)])])
    store.remove_graph(G1)
    store.remove_graph(G1)  # not there: no error
    store.remove_graph(G3)
    assert store.graphs() == [G2] and store.graph_hash(G1) is None
    assert stored(store, G1) == set() and len(store) == 1


def test_run_query_binds_parameters_and_orders_columns_on_either_store(store, tmp_path):
    """The one way to run a named query on any store (what remote_query was)."""
    rq = tmp_path / "about.rq"
    rq.write_text("# description: what a resource points at\n# param: resource iri  The resource\n"
                  "# columns: value, property\nSELECT ?property ?value WHERE { ?resource ?property ?value }\n"
                  "ORDER BY ?property ?value\n", encoding="utf-8")
    store.write_graphs([(G1, [quad(A, P, B, G1), quad(A, Q, HARD[2], G1)]), (G2, [quad(B, P, C, G2)])])
    result = run_query(store, parse_query_file(rq), {"resource": A.value})
    assert result.columns == ["value", "property"]
    assert result.rows == [[B, P], [HARD[2], Q]]
    with pytest.raises(QueryError, match="resource"):
        run_query(store, parse_query_file(rq), {})  # a required parameter missing


def test_what_is_written_is_there_for_the_next_opening(reopen):
    with reopen() as first:
        first.write_graphs([(G1, [quad(A, P, HARD[0], G1)])])
        first.replace_subjects(G2, set(), [quad(B, P, C, G2)])
        first.flush()
    with reopen() as second:  # a local store's lock went with close(): it opens for writing again
        assert second.graphs() == [G1, G2]
        assert stored(second, G1) == {quad(A, P, HARD[0], G1)}
        second.remove_graph(G2)
    with reopen() as third:
        assert third.graphs() == [G1]


def test_a_store_missing_an_operation_cannot_be_made():
    class Half(KgStore):
        path = "nowhere"

        def query(self, sparql):
            return False

        def close(self):
            pass

    with pytest.raises(TypeError, match="abstract"):
        Half()


# -- opening a store ---------------------------------------------------------------------------
def test_open_store_opens_the_directory_the_environment_or_the_endpoint_names(tmp_path, monkeypatch, server):
    named = tmp_path / "named"
    with open_store(named) as local:
        assert isinstance(local, Store) and local.path == named
    monkeypatch.setenv("KG_STORE", str(tmp_path / "from-env"))
    with open_store() as default:
        assert default.path == tmp_path / "from-env" and default.path.is_dir()
    with open_store(endpoint=server, environ={}) as remote:
        assert isinstance(remote, RemoteStore) and remote.path == server
        remote.ping()


def test_open_store_refuses_what_it_cannot_open(tmp_path, server):
    with pytest.raises(StoreChoiceError, match="not both") as both:
        open_store(tmp_path / "store", server)
    assert isinstance(both.value, UsageError) and both.value.exit_status == 2
    with pytest.raises(StoreError, match="no kg store here"):
        open_store(tmp_path / "missing", read_only=True)
    assert not (tmp_path / "missing").exists()
    with pytest.raises(UsageError, match="not an http"):
        open_store(endpoint="ftp://127.0.0.1/query")
    with pytest.raises(UsageError, match="--union-param"):
        open_store(endpoint=server, union_param="=x")


def test_open_store_union_param_decides_what_a_plain_oxigraph_sees(server):
    with open_store(endpoint=server, environ={}) as remote:
        remote.update("DROP ALL")
        remote.write_graphs([(G1, [quad(A, P, B, G1)])])
        assert bool(remote.query(f"ASK {{ {A} {P} {B} }}"))  # Oxigraph's parameter, sent by default
    with open_store(endpoint=server, union_param="none", environ={}) as plain:
        assert not bool(plain.query(f"ASK {{ {A} {P} {B} }}"))  # its own, empty, default graph


def test_the_cli_says_both_is_a_usage_error(tmp_path, server):
    for args in (("query", "topics"), ("build", tmp_path / "page.txt")):
        result = run_kg(*args, "--store", tmp_path / "store", "--endpoint", server)
        assert result.exit_code == 2
        assert "Error: give --store or --endpoint, not both" in result.output
    assert not (tmp_path / "store").exists()  # refused before anything was opened


def test_kg_info_reads_the_store_through_open_store(tmp_path):
    with open_store(tmp_path / "store") as local:
        local.write_graphs([(G1, [quad(A, P, B, G1), quad(A, P, C, G1)]), (G2, [quad(A, P, B, G2)])])
    result = run_kg("info", "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"store: {tmp_path / 'store'}\ndocuments: 0\ngraphs: 2\nquads: 3\nevents: 0\n"
                             f"actors: 0 (0 named in documents)\n")
    missing = run_kg("info", "--store", tmp_path / "missing")
    assert missing.exit_code == 2 and "no kg store here" in missing.stderr


# -- what moved out of kg.store.remote ---------------------------------------------------------
def test_push_is_a_service_and_the_old_import_says_where_it_went(tmp_path, server):
    from kg.services.push import push

    with open_store(endpoint=server, environ={}) as remote:
        remote.update("DROP ALL")
        with open_store(tmp_path / "store") as local:
            local.write_graphs([(G1, [quad(A, P, HARD[0], G1)]), (G2, [quad(B, P, C, G2)])])
            summary = push(local, remote)
            assert (summary.graphs, summary.quads, summary.failed, summary.exit_status) == (2, 2, [], 0)
            assert {g: stored(remote, g) for g in remote.graphs()} == {g: stored(local, g) for g in local.graphs()}
    for name, where in (("push", "kg.services.push"), ("PushSummary", "kg.services.push"),
                        ("remote_query", "kg.services.query.run_query")):
        with pytest.raises(ImportError, match=where.replace(".", r"\.")):
            exec(f"from kg.store.remote import {name}", {})
