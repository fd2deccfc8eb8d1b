"""Notebooks (issue 20, item 2): ``kg.open`` (read-only unless asked), ``QueryResult.to_pandas()``
(typed by the terms' RDF datatypes) and ``kg.sparql`` for inline queries, on real stores built from
the reference page and the example page; and kg without pandas."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from unittest import mock

import pandas as pd
import pytest
from pyoxigraph import NamedNode

import kg
from conftest import EXAMPLE, REPO
from kg.services.query import QueryResult

EVENTS_COLUMNS = ["event", "type", "date", "date_edtf", "historical", "source", "source_label", "target",
                  "target_label", "confidence", "article", "evidence"]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    """The example page built with the API into a new store (kg.open(..., write=True))."""
    path = tmp_path_factory.mktemp("example") / "store"
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):
        with kg.open(path, write=True) as store:
            summary = kg.build([EXAMPLE], store)
    assert summary.exit_status == 0, summary.line()
    return path


@pytest.fixture()
def seed(seed_store):
    with kg.open(seed_store) as store:
        yield store


def test_events_on_the_reference_page_are_typed(seed):
    result = kg.run_query(seed, kg.load_query("events"))
    frame = result.to_pandas()
    assert list(frame.columns) == EVENTS_COLUMNS
    assert len(frame) == len(result.rows) > 10
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame["confidence"].dtype == "float64"
    assert frame["historical"].dtype == bool
    assert pd.api.types.is_string_dtype(frame["date_edtf"]) and pd.api.types.is_string_dtype(frame["source"])

    # "on Friday the latter summoned Armenian ambassador": Russia, on the day before the article
    summoning = frame[frame["evidence"].str.contains("summoned Armenian ambassador")]
    assert len(summoning) == 1
    row = summoning.iloc[0]
    assert (row["type"], row["source"], row["target"]) == ("ACCUSE", "kgid:actor/state/RUS", "kgid:actor/state/ARM")
    assert row["date"] == pd.Timestamp("2023-09-08") and row["date_edtf"] == "2023-09-08"
    assert row["confidence"] == pytest.approx(0.56)
    assert not row["historical"]

    # a date that is not one day is NaT in `date`, its EDTF text kept in `date_edtf`
    bounded = frame[frame["date_edtf"] == "../2023-09-11"]
    assert len(bounded) > 3 and bounded["date"].isna().all()
    days = frame[frame["date_edtf"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    assert len(days) >= 4 and (days["date"].dt.strftime("%Y-%m-%d") == days["date_edtf"]).all()
    # an unbound target is missing, not the text "None"
    assert frame["target"].isna().sum() == sum(1 for r in result.rows if r[6] is None) > 0


def test_every_cell_is_its_term(seed):
    """Values are the terms' own: compact IRIs are kg's compact form of the IRI, numbers their literal."""
    from kg.services.results import compact

    result = kg.run_query(seed, kg.load_query("events"), {"include_historical": "true"})
    frame = result.to_pandas()
    for terms, (_, row) in zip(result.rows, frame.iterrows()):
        assert row["event"] == compact(terms[0]) and row["source"] == compact(terms[4])
        assert row["confidence"] == float(terms[8].value)
        assert row["historical"] == (terms[3].value == "true")
    assert frame["historical"].any() and not frame["historical"].all()


def test_iris_in_full_on_request(seed):
    result = kg.run_query(seed, kg.load_query("events"))
    full = result.to_pandas(iris="full")
    assert "https://w3id.org/kg/id/actor/state/RUS" in set(full["source"])
    assert not any(value.startswith("kgid:") for value in full["source"])
    with pytest.raises(kg.UsageError, match="compact, full"):
        result.to_pandas(iris="short")


def test_actor_names_and_articles(seed):
    names = kg.run_query(seed, kg.load_query("actor-names")).to_pandas()
    assert list(names.columns) == ["actor", "actor_label", "publisher", "name", "mentions"]
    assert names["mentions"].dtype == "int64" and names["mentions"].min() >= 1
    russia = names[names["actor"] == "kgid:actor/state/RUS"]
    assert "Russia" in set(russia["name"]) and set(russia["publisher"]) == {"Alwaght"}

    articles = kg.run_query(seed, kg.load_query("articles")).to_pandas()
    assert pd.api.types.is_datetime64_any_dtype(articles["published"])
    assert list(articles["published"]) == [pd.Timestamp("2023-09-11")]


def test_inline_sparql_count_matches_the_store(seed):
    events = {q.subject for q in seed.quads_for_pattern(
        None, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode("https://w3id.org/kg/ontology#Event"))}
    result = kg.sparql(seed, "PREFIX kg: <https://w3id.org/kg/ontology#>\n"
                             "SELECT (COUNT(DISTINCT ?e) AS ?events) WHERE { ?e a kg:Event }")
    assert isinstance(result, QueryResult) and result.columns == ["events"]
    frame = result.to_pandas()
    assert frame["events"].dtype == "int64"
    assert frame["events"].tolist() == [len(events)] and len(events) > 20


def test_an_inline_query_that_does_not_parse_is_a_query_error(seed):
    with pytest.raises(kg.KgError) as caught:
        kg.sparql(seed, "SELECT ?x WHERE { ?x ?y }")
    assert type(caught.value).__name__ == "QueryError"
    message = str(caught.value)
    assert "pars" in message.lower() and "\n" not in message
    with pytest.raises(kg.KgError, match="text"):
        kg.sparql(seed, kg.load_query("events"))


def test_each_datatype_gets_its_column_type(seed):
    """One query of literal VALUES (on a real store): every kind of term, missing values, mixed kinds."""
    result = kg.sparql(seed, """
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?iri ?count ?share ?flag ?day ?stamp ?year ?month ?label ?mixed ?edtf ?plain WHERE {
          VALUES (?iri ?count ?share ?flag ?day ?stamp ?year ?month ?label ?mixed ?edtf ?plain) {
            (<https://w3id.org/kg/id/actor/state/RUS> 3 0.5 true "2023-09-08"^^xsd:date
             "2023-09-08T10:30:00Z"^^xsd:dateTime "2020"^^xsd:gYear "2023-09"^^xsd:gYearMonth "Russia"@en
             <https://w3id.org/kg/id/actor/state/ARM> "2023-09-08"^^xsd:date "2023-09")
            (<http://example.org/x> UNDEF 2 false "2024-02-29"^^xsd:date
             "2023-09-08T12:00:00+02:00"^^xsd:dateTime "1999"^^xsd:gYear "1999-12"^^xsd:gYearMonth UNDEF
             7 "../2023-09-11"^^<http://id.loc.gov/datatypes/edtf/EDTF> "unknown")
            (UNDEF 5 UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF "text" "text" "2023-09-04~/2023-09-11" UNDEF)
          }
        }""")
    frame = result.to_pandas()
    assert list(frame.columns) == ["iri", "count", "share", "flag", "day", "stamp", "year", "month", "label",
                                   "mixed", "edtf", "edtf_edtf", "plain"]
    assert frame["iri"].tolist()[:2] == ["kgid:actor/state/RUS", "http://example.org/x"] and pd.isna(frame["iri"][2])
    assert str(frame["count"].dtype) == "Int64" and frame["count"].tolist()[0] == 3 and pd.isna(frame["count"][1])
    assert frame["share"].dtype == "float64" and frame["share"].tolist()[:2] == [0.5, 2.0]  # decimal and integer
    assert str(frame["flag"].dtype) == "boolean" and frame["flag"].tolist()[:2] == [True, False]
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert frame["day"].tolist()[:2] == [pd.Timestamp("2023-09-08"), pd.Timestamp("2024-02-29")]
    assert str(frame["stamp"].dt.tz) == "UTC"
    assert frame["stamp"][1] == pd.Timestamp("2023-09-08T10:00:00Z")
    assert str(frame["year"].dtype).startswith("period[Y") and frame["year"][1] == pd.Period("1999", "Y")
    assert str(frame["month"].dtype) == "period[M]" and frame["month"][0] == pd.Period("2023-09", "M")
    assert pd.api.types.is_string_dtype(frame["label"]) and frame["label"][0] == "Russia"
    # a column of several kinds stays object, each cell its Python value
    assert frame["mixed"].dtype == object and frame["mixed"].tolist() == ["kgid:actor/state/ARM", 7, "text"]
    # a day, an EDTF literal and EDTF text: the day where there is one, the text beside
    assert pd.api.types.is_datetime64_any_dtype(frame["edtf"])
    assert frame["edtf"][0] == pd.Timestamp("2023-09-08") and frame["edtf"][1:].isna().all()
    assert frame["edtf_edtf"].tolist() == ["2023-09-08", "../2023-09-11", "2023-09-04~/2023-09-11"]
    # text that is a month or a word is text, not a date
    assert pd.api.types.is_string_dtype(frame["plain"]) and frame["plain"].tolist()[:2] == ["2023-09", "unknown"]

    assert frame.loc[0, "iri"] != result.to_pandas(iris="full").loc[0, "iri"]


def test_an_empty_result_is_an_empty_frame_with_the_columns(seed):
    result = kg.run_query(seed, kg.load_query("events"), {"since": "2100-01-01"})
    assert result.rows == []
    frame = result.to_pandas()
    assert frame.empty and list(frame.columns) == result.columns == EVENTS_COLUMNS[:3] + EVENTS_COLUMNS[4:]


def test_open_is_read_only_and_refuses_what_is_not_a_store(example_store, tmp_path):
    missing = tmp_path / "no-such-store"
    with pytest.raises(kg.StoreError, match="no such directory"):
        kg.open(missing)
    assert not missing.exists()  # not a new empty store
    (tmp_path / "empty").mkdir()
    with pytest.raises(kg.StoreError, match="not a kg store"):
        kg.open(tmp_path / "empty")
    assert list((tmp_path / "empty").iterdir()) == []
    (tmp_path / "notes.txt").write_text("notes", encoding="utf-8")
    with pytest.raises(kg.StoreError, match="not a kg store"):
        kg.open(tmp_path / "notes.txt")
    with pytest.raises(kg.StoreError, match="directory of other files"):
        kg.open(tmp_path, write=True)  # a folder of other things never gets a store written into it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "notes.txt"]

    with kg.open(example_store) as store:
        before = len(store)
        with pytest.raises(Exception):  # noqa: B017  (Oxigraph refuses any write to a read-only store)
            store.update('INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }')
        with pytest.raises(Exception):  # noqa: B017
            kg.build([EXAMPLE], store, force=True)
        assert len(store) == before > 0
        assert len(kg.run_query(store, kg.load_query("events")).to_pandas()) > 0

    made = tmp_path / "empty"
    with kg.open(made, write=True) as store:  # writing is explicit: a store in an empty directory
        store.update('INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> "c" } }')
    with kg.open(made) as store:
        assert kg.sparql(store, "SELECT ?o WHERE { ?s ?p ?o }").to_pandas()["o"].tolist() == ["c"]


def test_kg_runs_without_pandas_and_to_pandas_says_how_to_install_it(example_store):
    code = f"""
import sys
sys.modules["pandas"] = None  # as if pandas were not installed: importing it raises ImportError
import kg
with kg.open({str(example_store)!r}) as store:
    result = kg.sparql(store, "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}")
    events = kg.run_query(store, kg.load_query("events"))
print(int(result.rows[0][0].value) > 0, len(events.rows) > 0)
try:
    result.to_pandas()
except ImportError as error:
    print(error)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "True True"
    assert "pip install 'kg[notebook]'" in lines[1]


def test_the_readme_notebook_block_runs_as_written(example_store, tmp_path, monkeypatch):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API"):text.index("\n## ", text.index("## Python API") + 1)]
    block = next(b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "to_pandas" in b)
    (tmp_path / "my-store").symlink_to(example_store, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"kg": kg}  # imported by the section's first block
    exec(compile(block, "README.md: Python API (notebooks)", "exec"), namespace)
    assert namespace["events"]["type"].nunique() > 1
    assert namespace["counts"]["events"].dtype == "int64" and namespace["counts"]["events"][0] >= len(namespace["events"])
