"""Issue 20, item 3: names where people think in names.

Parameters typed iri take a label, a code or an alias, resolved through the store (one rule for
`kg query` and `kg plot`: kg.services.names); an actor can include its parts (include_parts=true);
tables never cut an IRI; --limit; a query that does not parse is named by line and column.

Real stores: the reference page (seed_store), and a two-article corpus built here whose two
"Maria Lopez-Sanchez" are bound to different states (two resolved actors of one name) and whose
Nikol Pashinyan speaks once in office (2023) and once before it (2016).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.cli.plot import plot
from kg.services.names import matches, resolve
from kg.services.query import load_query, run_query
from kg.store.local import Store

from conftest import build_store, run_kg

ACTOR = "https://w3id.org/kg/id/actor/"
ARM, RUS = ACTOR + "state/ARM", ACTOR + "state/RUS"
ARM_GOVERNMENT = ACTOR + "government-body/arm-government"
PASHINYAN = ACTOR + "person/nikol-pashinyan"
MARIA_MEX = ACTOR + "resolved/person/maria-lopez-sanchez/state-mex"
MARIA_CHL = ACTOR + "resolved/person/maria-lopez-sanchez/state-chl"

ARTICLES = [
    {"id": "t1", "title": "Yerevan and Moscow", "published": "2023-09-11", "publisher": "Example Monitor",
     "text": "Armenian Prime Minister Nikol Pashinyan criticized Russia on Monday. "
             "Mexican Foreign Minister Maria Lopez-Sanchez praised Armenia on Monday."},
    {"id": "t2", "title": "Opposition protests", "published": "2016-03-01", "publisher": "Example Monitor",
     "text": "Nikol Pashinyan accused Russia of meddling on Monday. "
             "Chilean Senator Maria Lopez-Sanchez criticized Chile on Monday."},
]


@pytest.fixture(scope="module")
def two_marias(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    corpus = folder / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = folder / "store"
    build_store(store, corpus)
    return store


def kg_query(store: Path, name, *params: str, fmt: str = "csv", options=()):
    args = ["query", name, "--store", store, "--format", fmt, *options]
    for p in params:
        args += ["-p", p]
    return run_kg(*args)


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert line.startswith("kg: error: ") and "\n" not in line
    return line


# -- names for IRIs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, parameter", [("events", "actor"), ("actor-events", "actor"), ("coverage", "actor")])
def test_a_label_a_code_an_alias_and_the_iri_give_the_same_rows(seed_store, query, parameter):
    by_iri = rows(kg_query(seed_store, query, f"{parameter}={RUS}"))
    assert by_iri, "Russia has events on the reference page"
    for name in ("Russia", "RUS", "russia", " Russia ", "state:RUS", "kgid:actor/state/RUS", "Kremlin",
                 "russian federation"):
        assert rows(kg_query(seed_store, query, f"{parameter}={name}")) == by_iri, name


def test_the_other_iri_parameters_take_names_too(seed_store):
    # a knowledge-base id without its kind (igo:NATO) and the publisher's glossary topic "NATO", which
    # denotes the alliance: the alliance
    assert rows(kg_query(seed_store, "alliances", "alliance=NATO")) == \
        rows(kg_query(seed_store, "alliances", "alliance=kgid:actor/alliance/nato")) != []
    # a publisher by its name
    assert rows(kg_query(seed_store, "topics", "publisher_iri=alwaght")) == \
        rows(kg_query(seed_store, "topics", "publisher_iri=kgid:publisher/alwaght-net")) != []
    dyad = rows(kg_query(seed_store, "dyad", "a=Russia", "b=ARM"))
    assert dyad and dyad == rows(kg_query(seed_store, "dyad", f"a={RUS}", f"b={ARM}"))


def test_the_rule_of_resolution(seed_store):
    with Store(seed_store, read_only=True) as store:
        assert resolve(store, "ARM", "x") == ARM  # ISO 3166 alpha-3
        assert resolve(store, "IGOWSTNAT", "x") == ACTOR + "alliance/nato"  # CAMEO code
        assert resolve(store, "Taliban", "x") == ACTOR + "movement/taliban"  # the actor, not the topic
        # a document-scoped actor stands for its resolved actor (both are labelled Karabakh)
        assert resolve(store, "karabakh", "x") == ACTOR + "resolved/organization/karabakh"
        # an alias of the knowledge base, for an actor the store holds
        assert resolve(store, "Pashinyan", "x") == PASHINYAN
        assert matches(store, "Pashinyan").how == "alias"
        # IRIs and prefixed names are taken as they are, unchecked
        assert resolve(store, "https://example.org/nobody", "x") == "https://example.org/nobody"
        assert resolve(store, "kgid:actor/state/XXX", "x") == ACTOR + "state/XXX"


def test_an_unknown_name_exits_2_naming_close_candidates(seed_store):
    line = one_line_error(kg_query(seed_store, "actor-events", "actor=Narnia"))
    assert "parameter actor: 'Narnia' is not an absolute IRI, nor a name the store knows" in line
    assert "close:" not in line
    line = one_line_error(kg_query(seed_store, "actor-events", "actor=Pashin"))
    assert "close: kgid:actor/person/nikol-pashinyan (Nikol Pashinyan, Person)" in line
    # a value that looks like SPARQL is looked up as a name, never pasted into a query
    line = one_line_error(kg_query(seed_store, "events", 'actor=x" } UNION { ?s ?p ?o } #'))
    assert "nor a name the store knows" in line


def test_an_ambiguous_name_exits_2_listing_the_candidates(two_marias):
    for name in ("Maria Lopez-Sanchez", "maria lopez-sanchez"):
        line = one_line_error(kg_query(two_marias, "actor-events", f"actor={name}"))
        assert "is ambiguous: it names 2 things" in line
        assert "kgid:actor/resolved/person/maria-lopez-sanchez/state-chl (Maria Lopez-Sanchez, Person)" in line
        assert "kgid:actor/resolved/person/maria-lopez-sanchez/state-mex (Maria Lopez-Sanchez, Person)" in line
    # either IRI is taken
    assert [r["source"] for r in rows(kg_query(two_marias, "events", f"actor={MARIA_MEX}"))] == [MARIA_MEX]


def test_kg_plot_takes_names_by_the_same_rule(seed_store, two_marias, tmp_path):
    from click.testing import CliRunner

    def plot_cli(*args):
        return CliRunner().invoke(plot, [str(a) for a in args], catch_exceptions=False)

    by_name, by_iri = tmp_path / "name.svg", tmp_path / "iri.svg"
    assert plot_cli("network", "--store", seed_store, "--actor", "Armenia", "-o", by_name).exit_code == 0
    assert plot_cli("network", "--store", seed_store, "--actor", ARM, "-o", by_iri).exit_code == 0
    assert by_name.read_bytes() == by_iri.read_bytes()
    assert plot_cli("timeline", "--store", seed_store, "--dyad", "Russia", "ARM", "-o", by_name).exit_code == 0
    same = plot_cli("timeline", "--store", seed_store, "--dyad", "Russia", "RUS", "-o", tmp_path / "x.svg")
    assert same.exit_code == 2 and "two different actors" in same.stderr
    result = plot_cli("timeline", "--store", two_marias, "--actor", "Maria Lopez-Sanchez", "-o", tmp_path / "m.svg")
    line = one_line_error(result)
    assert line.startswith("kg: error: --actor: 'Maria Lopez-Sanchez' is ambiguous")
    assert MARIA_CHL.replace(ACTOR, "kgid:actor/") in line and MARIA_MEX.replace(ACTOR, "kgid:actor/") in line
    unknown = one_line_error(plot_cli("coverage", "--store", seed_store, "--actor", "Narnia", "-o", tmp_path / "c.svg"))
    assert "--actor: 'Narnia' is not an absolute IRI" in unknown
    assert not list(tmp_path.glob("[xmc].svg"))


# -- an actor with its parts ---------------------------------------------------------------------------
def test_include_parts_adds_the_events_of_the_government_of_armenia(seed_store):
    alone = rows(kg_query(seed_store, "events", "actor=Armenia"))
    parts = rows(kg_query(seed_store, "events", "actor=Armenia", "include_parts=true"))
    assert all(ARM in (r["source"], r["target"]) for r in alone)
    added = [r for r in parts if r not in alone]
    assert [r for r in parts if r in alone] == alone
    assert [(r["type"], r["source_label"]) for r in added] == [("COERCE", "Government of Armenia")] * 2
    assert rows(kg_query(seed_store, "events", "actor=Armenia", "include_parts=false")) == alone
    mine = rows(kg_query(seed_store, "actor-events", "actor=Armenia", "include_parts=true"))
    assert {r["part"] for r in mine} == {"", ARM_GOVERNMENT}
    assert [r for r in mine if r["part"]] and all(r["role"] == "source" for r in mine if r["part"])
    assert len(mine) == len(rows(kg_query(seed_store, "actor-events", "actor=Armenia"))) + 2


def test_include_parts_counts_office_holders_on_the_events_date(two_marias):
    """Pashinyan is Armenia's prime minister from 2018 (the knowledge base's offices): his event of
    2023 is Armenia's, the one of 2016 is not. The Mexican minister, of whom the knowledge base knows
    no office, counts for Mexico because the document titles her so."""
    events = rows(kg_query(two_marias, "events", "actor=Armenia", "include_parts=true"))
    by_pashinyan = [r for r in events if r["source"] == PASHINYAN]
    assert [(r["date"], r["type"], r["target_label"]) for r in by_pashinyan] == [("2023-09-11", "ACCUSE", "Russia")]
    assert not [r for r in rows(kg_query(two_marias, "events", "actor=Armenia")) if r["source"] == PASHINYAN]
    mine = rows(kg_query(two_marias, "actor-events", "actor=ARM", "include_parts=true"))
    assert [(r["date"], r["part"]) for r in mine if r["part"]] == [("2023-09-11", PASHINYAN)]
    dyad = rows(kg_query(two_marias, "dyad", "a=Armenia", "b=Russia", "include_parts=true"))
    assert [(r["date"], r["source_label"], r["target_label"]) for r in dyad] == [("2023-09-11", "Nikol Pashinyan", "Russia")]
    assert rows(kg_query(two_marias, "dyad", "a=Armenia", "b=Russia")) == []
    mexico = rows(kg_query(two_marias, "events", "actor=Mexico", "include_parts=true"))
    assert [(r["source"], r["target_label"]) for r in mexico] == [(MARIA_MEX, "Armenia")]


# -- tables, limits --------------------------------------------------------------------------------------
def test_a_table_shows_long_iris_whole_and_cuts_only_text(seed_store):
    table = kg_query(seed_store, "events", "actor=ARM", fmt="table")
    assert table.exit_code == 0, table.output
    events = [r["event"] for r in rows(kg_query(seed_store, "events", "actor=ARM"))]
    shown = [e.replace("https://w3id.org/kg/id/", "kgid:") for e in events]
    assert all(len(e) > 60 for e in shown)  # longer than a text cell may be
    for event in shown:
        assert event in table.stdout
    evidence = rows(kg_query(seed_store, "events", "actor=ARM"))[0]["evidence"]
    assert len(evidence) > 60 and evidence not in table.stdout and evidence[:59] + "…" in table.stdout
    whole = kg_query(seed_store, "events", "actor=ARM", fmt="table", options=["--no-truncate"])
    assert evidence in whole.stdout
    narrow = kg_query(seed_store, "events", "actor=ARM", fmt="table", options=["--width", "20"])
    assert evidence[:19] + "…" in narrow.stdout and all(e in narrow.stdout for e in shown)


def test_limit_keeps_the_first_rows_in_the_querys_order(seed_store):
    every = rows(kg_query(seed_store, "events"))
    assert len(every) > 3
    assert rows(kg_query(seed_store, "events", options=["--limit", "3"])) == every[:3]
    assert rows(kg_query(seed_store, "events", options=["--limit", "0"])) == []
    table = kg_query(seed_store, "actors", fmt="table", options=["--limit", "3"])
    assert table.exit_code == 0 and table.stdout.rstrip().endswith("(3 rows)")
    with Store(seed_store, read_only=True) as store:
        first = run_query(store, load_query("actors"), limit=2)
        whole = run_query(store, load_query("actors"))
    assert first.rows == whole.rows[:2]
    bad = kg_query(seed_store, "events", options=["--limit", "-1"])
    assert bad.exit_code == 2


# -- a query that does not parse ----------------------------------------------------------------------------
def test_a_syntax_error_names_the_line_and_column_and_shows_the_text(seed_store, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX kg: <https://w3id.org/kg/ontology#>\n\nSELEC ?x WHERE { ?x a kg:State }\n")
    line = one_line_error(kg_query(seed_store, bad))
    assert "bad.rq: line 3, column 10: the query does not parse: " in line
    assert "`SELEC ?x ⟨here⟩WHERE { ?x a kg:State }`" in line
    # the line and column are the file's, not those of the text with the parameters' VALUES block
    rq = tmp_path / "typo.rq"
    rq.write_text("# param: who iri optional  someone\nSELECT ?x WHERE {\n  ?x ?p ?who .\n  FILTR(?x = ?who)\n}\n")
    plain = one_line_error(kg_query(seed_store, rq))
    bound = one_line_error(kg_query(seed_store, rq, f"who={ARM}"))
    assert plain == bound and "typo.rq: line 4, column 11: " in plain and "`FILTR(?x⟨here⟩ = ?who)`" in plain
    # the parser's character classes are left out of the reason
    prefix = tmp_path / "prefix.rq"
    prefix.write_text("SELECT ?x WHERE { ?x foo:bar ?o }\n")
    line = one_line_error(kg_query(seed_store, prefix))
    assert "line 1, column 29" in line and "after `foo:bar`" in line and "..=" not in line
