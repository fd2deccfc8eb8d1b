"""Bundled queries on the reference page, their headers, and parameters bound as values."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kg.errors import QueryError
from kg.services.query import bind, bundled_queries, load_query, parse_query_file, run_query, top_level_group_start
from kg.readers import read_document
from kg.store.local import Store

from conftest import run_kg

EXPECTED_COLUMNS = {
    "topics": ["topic", "label", "definition", "class", "publisher"],
    "actors": ["actor", "label", "class", "mentions"],
    "articles": ["article", "headline", "published", "section", "publisher", "tags"],
    "alliances": ["alliance", "alliance_label", "member", "member_label", "source"],
    "events": ["event", "type", "date", "historical", "source", "source_label", "target", "target_label", "confidence",
               "article", "evidence"],
}


def csv_rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_bundled_query_has_a_header_and_runs(seed_store):
    queries = bundled_queries()
    assert set(EXPECTED_COLUMNS) <= set(queries)
    sample = {"iri": "kgid:actor/state/ARM", "date": "2023-09-01", "string": "x", "integer": "1", "decimal": "0.5"}
    with Store(seed_store, read_only=True) as store:
        for name, query in queries.items():
            assert query.description, name
            assert query.columns, name
            required = {p.name: sample[p.type] for p in query.parameters if p.required}
            if name == "dyad":
                required["b"] = "kgid:actor/state/RUS"
            result = run_query(store, query, required)
            assert result.columns == list(query.columns), name
    for name, columns in EXPECTED_COLUMNS.items():
        assert list(queries[name].columns) == columns


def test_topics_are_exactly_the_ten_glossary_entries(seed_store, seed_path):
    rows = csv_rows(run_kg("query", "topics", "--store", seed_store, "--format", "csv"))
    document = read_document(seed_path)
    assert sorted((r["label"], r["definition"]) for r in rows) == \
        sorted((e.term, e.definition) for e in document.glossary)
    assert len(rows) == 10
    assert {r["publisher"] for r in rows} == {"Alwaght"}
    classes = {r["label"]: r["class"] for r in rows}
    assert classes["Kurds"] == "EthnicGroup"
    assert classes["Shiite"] == "ReligiousGroup"
    assert classes["NATO"] == "Alliance"
    assert classes["Al-Qaeda"] == "ArmedGroup"
    assert classes["Ansarullah"] == "Movement"


def test_articles_query(seed_store):
    rows = csv_rows(run_kg("query", "articles", "--store", seed_store, "--format", "csv"))
    assert len(rows) == 1
    row = rows[0]
    assert row["headline"] == "Russia-Armenia Relations Hit by Differences over Karabakh Dispute"
    assert row["published"] == "2023-09-11"
    assert row["section"] == "Analysis"
    assert row["publisher"] == "Alwaght"
    assert sorted(row["tags"].split(", ")) == sorted(["Russia", "Armenia", "Karabakh", "War", "West", "Ukraine"])


def test_actors_resolve_capitals_demonyms_and_acronyms(seed_store):
    rows = {r["actor"].rsplit("/", 1)[-1]: r for r in
            csv_rows(run_kg("query", "actors", "--store", seed_store, "--format", "csv"))}
    # "Moscow", "the Kremlin", "Russian" and "Russia" are one actor; "Yerevan" and "Armenian" another.
    assert rows["RUS"]["class"] == "State" and int(rows["RUS"]["mentions"]) > 20
    assert int(rows["ARM"]["mentions"]) > 20
    assert rows["csto"]["class"] == "Alliance" and int(rows["csto"]["mentions"]) >= 2
    states = csv_rows(run_kg("query", "actors", "--store", seed_store, "--format", "csv",
                             "--param", "of_class=kg:State"))
    assert states and all(r["class"] == "State" for r in states)


def test_alliance_members_stated_in_a_definition(seed_store):
    rows = csv_rows(run_kg("query", "alliances", "--store", seed_store, "--format", "csv"))
    members = {r["member_label"] for r in rows if r["alliance_label"] == "Resistance"}
    assert members == {"Iran", "Syria", "Hezbollah", "Hamas"}  # "in Lebanon", "in Palestine" are places
    assert {r["source"] for r in rows if r["alliance_label"] == "Resistance"} == {"Alwaght"}


def test_alliances_leave_office_holders_out_regression(seed_store):
    """Pashinyan's office (an org:Membership of the Government of Armenia, from the knowledge base)
    is stored, but it is not an alliance's membership."""
    with Store(seed_store, read_only=True) as store:
        offices = list(store.query(
            "PREFIX org: <http://www.w3.org/ns/org#> PREFIX kg: <https://w3id.org/kg/ontology#> "
            "SELECT ?m WHERE { ?m org:member <https://w3id.org/kg/id/actor/person/nikol-pashinyan> ; "
            "org:organization ?g . ?g a kg:GovernmentBody }"))
    assert offices  # the office is in the store
    rows = csv_rows(run_kg("query", "alliances", "--store", seed_store, "--format", "csv"))
    assert rows and not [r for r in rows if r["alliance_label"].startswith("Government of")]


def test_events_query_lists_the_articles_events(seed_store):
    result = run_kg("query", "events", "--store", seed_store, "--format", "csv")
    assert result.stdout.splitlines()[0] == ",".join(EXPECTED_COLUMNS["events"])
    assert len(csv_rows(result)) >= 5  # the reference events are checked in test_events.py


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_output_formats(seed_store, fmt):
    result = run_kg("query", "topics", "--store", seed_store, "--format", fmt)
    assert result.exit_code == 0
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["head"]["vars"] == EXPECTED_COLUMNS["topics"]
        assert len(data["results"]["bindings"]) == 10
        assert data["results"]["bindings"][0]["topic"]["type"] == "uri"
    elif fmt == "tsv":
        assert out.splitlines()[0].split("\t") == EXPECTED_COLUMNS["topics"]
    elif fmt == "table":
        lines = out.splitlines()
        assert lines[0].split() == EXPECTED_COLUMNS["topics"] and lines[-1] == "(10 rows)"
        assert "kgid:topic/alwaght-net/kurds" in out  # IRIs compacted for reading


def test_parameter_selects_publisher(seed_store):
    rows = csv_rows(run_kg("query", "topics", "--store", seed_store, "--format", "csv",
                           "--param", "publisher_iri=kgid:publisher/alwaght-net"))
    assert len(rows) == 10
    none = csv_rows(run_kg("query", "topics", "--store", seed_store, "--format", "csv",
                           "--param", "publisher_iri=https://example.org/nobody"))
    assert none == []


HOSTILE = ['x" } UNION { ?s ?p ?o } #', "'} ; DROP ALL ; {'", "a\nb", "#", "\\u0022 }", "} UNION {"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_values_stay_values(seed_store, value):
    query = parse_query_file(load_query("topics").path)
    text = bind(query, {})
    assert text == query.text  # nothing bound, nothing changed
    # A string bound where an IRI is expected is refused, never pasted.
    result = run_kg("query", "topics", "--store", seed_store, "--param", f"publisher_iri={value}")
    assert result.exit_code == 2
    assert "publisher_iri" in result.stderr


@pytest.mark.parametrize("value", ["http://a b", "http://x/>", "<http://x>", "not an iri", "javascript alert"])
def test_invalid_iri_parameter_is_refused(seed_store, value):
    result = run_kg("query", "alliances", "--store", seed_store, "--param", f"alliance={value}")
    assert result.exit_code == 2
    assert "not a valid IRI" in result.stderr or "not an absolute IRI" in result.stderr


def test_string_parameter_cannot_change_the_query_shape(seed_store, tmp_path):
    rq = tmp_path / "by-label.rq"
    rq.write_text("# description: topics with a label\n# param: wanted string  the label\n"
                  "# columns: topic\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?topic WHERE { ?topic skos:prefLabel ?l FILTER(STR(?l) = ?wanted) }\n")
    assert len(csv_rows(run_kg("query", rq, "--store", seed_store, "--format", "csv",
                               "--param", "wanted=Kurds"))) == 1
    for value in HOSTILE:
        rows = csv_rows(run_kg("query", rq, "--store", seed_store, "--format", "csv", "--param", f"wanted={value}"))
        assert rows == [], value


def test_date_parameters(seed_store):
    assert len(csv_rows(run_kg("query", "articles", "--store", seed_store, "--format", "csv",
                               "--param", "since=2023-09-01"))) == 1
    assert csv_rows(run_kg("query", "articles", "--store", seed_store, "--format", "csv",
                           "--param", "since=2023-09-12")) == []
    bad = run_kg("query", "articles", "--store", seed_store, "--param", "since=yesterday")
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_usage_errors(seed_store, tmp_path):
    unknown = run_kg("query", "nonsense", "--store", seed_store)
    assert unknown.exit_code == 2 and "no bundled query named 'nonsense'" in unknown.stderr
    wrong_param = run_kg("query", "topics", "--store", seed_store, "--param", "nope=1")
    assert wrong_param.exit_code == 2 and "no parameter 'nope'" in wrong_param.stderr
    malformed = run_kg("query", "topics", "--store", seed_store, "--param", "novalue")
    assert malformed.exit_code == 2 and "NAME=VALUE" in malformed.stderr
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x ")
    result = run_kg("query", broken, "--store", seed_store)
    assert result.exit_code == 2 and "does not parse" in result.stderr
    missing = run_kg("query", tmp_path / "absent.rq", "--store", seed_store)
    assert missing.exit_code == 2 and "no such query file" in missing.stderr


def test_required_parameter_must_be_given(tmp_path):
    rq = tmp_path / "needs.rq"
    rq.write_text("# param: who iri  someone\nSELECT ?who WHERE { ?who ?p ?o }\n")
    with pytest.raises(QueryError, match="needs parameter"):
        bind(parse_query_file(rq), {})


@pytest.mark.parametrize("header, expected_columns, expected_row", [
    ("# columns: a, b, c\n", ["a", "b", "c"], ["1", "2", None]),   # the SELECT's own order
    ("# columns: c, a, b\n", ["c", "a", "b"], [None, "1", "2"]),   # the header's order
    ("# columns: b, nothing\n", ["b"], ["2"]),                     # only the listed columns
    ("", ["a", "b", "c"], ["1", "2", None]),                        # no header: the SELECT's
])
def test_rows_follow_the_header_columns(tmp_path, header, expected_columns, expected_row):
    rq = tmp_path / "cols.rq"
    rq.write_text(header + 'SELECT ?a ?b ?c WHERE { VALUES (?a ?b) { ("1" "2") } }\n')
    with Store(tmp_path / "store") as store:
        result = run_query(store, parse_query_file(rq))
    assert result.columns == expected_columns
    assert [[None if t is None else t.value for t in row] for row in result.rows] == [expected_row]


@pytest.mark.parametrize("query, prefix", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE {"),
    ("# WHERE { in a comment\nSELECT (\"{\" AS ?x) { ?s ?p ?o }", "# WHERE { in a comment\nSELECT (\"{\" AS ?x) {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
    ("PREFIX a: <http://x/where#>\nSELECT * { { SELECT ?s WHERE { ?s ?p ?o } } }",
     "PREFIX a: <http://x/where#>\nSELECT * {"),
])
def test_values_block_goes_into_the_top_level_group(query, prefix):
    assert query[:top_level_group_start(query)] == prefix


def test_queries_command_lists_parameters_and_columns():
    result = run_kg("queries")
    assert result.exit_code == 0
    for name, columns in EXPECTED_COLUMNS.items():
        assert f"{name}: " in result.stdout
        assert "columns: " + ", ".join(columns) in result.stdout
    assert "--param publisher_iri=<iri>" in result.stdout


def test_min_confidence_keeps_only_events_at_or_above_it(seed_store):
    """Issue 16, item 8: the event queries take min_confidence (a decimal parameter)."""
    every = csv_rows(run_kg("query", "events", "--store", seed_store, "--format", "csv"))
    bar = sorted(float(r["confidence"]) for r in every)[len(every) // 2]
    kept = csv_rows(run_kg("query", "events", "--store", seed_store, "--format", "csv", "-p", f"min_confidence={bar}"))
    assert kept and len(kept) < len(every)
    assert {r["event"] for r in kept} == {r["event"] for r in every if float(r["confidence"]) >= bar}
    table = csv_rows(run_kg("query", "events-table", "--store", seed_store, "--format", "csv", "-p", f"min_confidence={bar}"))
    assert table and all(float(r["confidence"]) >= bar for r in table)
    for name in ("event-counts", "actor-events"):
        extra = ["-p", "actor=kgid:actor/state/ARM"] if name == "actor-events" else []
        none = csv_rows(run_kg("query", name, "--store", seed_store, "--format", "csv", "-p", "min_confidence=1.01", *extra))
        assert none == [], name
    bad = run_kg("query", "events", "--store", seed_store, "-p", "min_confidence=high")
    assert bad.exit_code == 2 and "not a decimal number" in bad.stderr


def test_historical_events_are_listed_only_when_asked(tmp_path):
    """Issue 16, items 5 and 7: a war of 2008 named in an article of 2023 is coded, marked
    historical, and left out of `events` and `event-counts` unless include_historical says so."""
    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({"id": "a1", "published": "2023-09-11", "title": "Caucasus",
                                "text": "Russia's Georgian war in 2008 showed the limits of Western support. "
                                        "Armenia accused Russia of inaction on Monday."}) + "\n")
    store = tmp_path / "store"
    assert run_kg("build", page, "--store", store).exit_code == 0
    current = csv_rows(run_kg("query", "events", "--store", store, "--format", "csv"))
    both = csv_rows(run_kg("query", "events", "--store", store, "--format", "csv", "-p", "include_historical=true"))
    only = csv_rows(run_kg("query", "events", "--store", store, "--format", "csv", "-p", "include_historical=only"))
    assert only and all(r["historical"] == "true" for r in only)
    assert [(r["type"], r["source_label"], r["target_label"], r["date"]) for r in only] == [
        ("ASSAULT", "Russia", "Georgia", "2008")]
    assert current and all(r["historical"] == "false" for r in current)
    assert len(both) == len(current) + len(only)
    counted = csv_rows(run_kg("query", "event-counts", "--store", store, "--format", "csv"))
    assert "ASSAULT" not in {r["type"] for r in counted}
    counted = csv_rows(run_kg("query", "event-counts", "--store", store, "--format", "csv", "-p", "include_historical=true"))
    assert "ASSAULT" in {r["type"] for r in counted}


def test_an_ask_query_answers_true_or_false_regression(seed_store, tmp_path):
    """pyoxigraph answers ASK with a QueryBoolean, not a bool: kg said only SELECT and ASK could be printed."""
    ask = tmp_path / "ask.rq"
    ask.write_text("PREFIX kg: <https://w3id.org/kg/ontology#>\nASK { ?e a kg:Event }\n", encoding="utf-8")
    result = run_kg("query", ask, "--store", seed_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["result", "true"]
    ask.write_text("PREFIX kg: <https://w3id.org/kg/ontology#>\nASK { ?e a kg:NoSuchClass }\n", encoding="utf-8")
    assert run_kg("query", ask, "--store", seed_store, "--format", "csv").stdout.splitlines() == ["result", "false"]
