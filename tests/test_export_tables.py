"""Issue 20, items 1 and 7: the events table as CSV and Parquet that GDELT and POLECAT users can load
as they are (docs/columns.md), `--format csv` meaning events, and Turtle without escaped slashes."""
from __future__ import annotations

import csv
import io
import json
import re
import sys

import pytest

from kg.services.export import EVENT_COLUMNS, TURTLE_PREFIXES
from kg.services.query import load_query
from kg.store.local import Store

from conftest import REPO, build_store, run_kg

NAMES = [name for name, _ in EVENT_COLUMNS]


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def seed_csv(seed_store) -> str:
    result = run_kg("export", "--store", seed_store, "--format", "csv", "--what", "events")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def seed_parquet(seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet") / "events.parquet"
    result = run_kg("export", "--store", seed_store, "--format", "parquet", "--output", out)
    assert result.exit_code == 0, result.output
    assert f"-> {out}" in result.stderr
    return out


# Three reports written for these tests: one happening reported by two outlets in April 2018, when
# Donald Trump held office, and the same words in a 2012 article, when he did not; and an agent
# named by a noun ("the police"), at a place.
CORPUS = [
    {"id": "a1", "url": "https://news.example.org/2018/04/24/trump-iran", "publisher": "Example News",
     "published": "2018-04-24", "title": "Trump criticizes Iran",
     "text": "Donald Trump criticized Iran on Monday over its missile tests.\n\n"
             "The police arrested dozens of protesters in Tehran on Sunday."},
    {"id": "a2", "url": "https://other.example.com/iran-trump", "publisher": "Other Paper", "published": "2018-04-25",
     "title": "Iran and the US", "text": "On Monday, Donald Trump denounced Iran over its missile programme."},
    {"id": "a3", "url": "https://old.example.net/2012/trump", "publisher": "Old Paper", "published": "2012-05-02",
     "title": "A businessman's view", "text": "Donald Trump criticized Iran on Monday over its missile tests."},
]


@pytest.fixture(scope="module")
def corpus_rows(tmp_path_factory) -> list[dict]:
    base = tmp_path_factory.mktemp("corpus")
    path = base / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in CORPUS), encoding="utf-8")
    build_store(base / "store", path)
    result = run_kg("export", "--store", base / "store", "--format", "csv")
    assert result.exit_code == 0, result.output
    return csv_rows(result.stdout)


def test_the_summoning_event_keeps_its_codes(seed_csv, seed_store):
    """The reference page: Russia summoned Armenia's ambassador on Friday (CAMEO 111, a code that
    must stay text), as the GDELT-style columns split it, with its article and its evidence."""
    rows = csv_rows(seed_csv)
    [row] = [r for r in rows if (r["source_code"], r["type"], r["target_code"], r["date"])
             == ("RUS", "ACCUSE", "ARM", "2023-09-08")]
    assert (row["cameo"], row["mode"], row["source_country"], row["source_type"]) == ("111", "disapprove", "RUS", "")
    assert (row["quad_class"], row["quad_class_name"], float(row["goldstein"])) == ("3", "verbal conflict", -2.0)
    assert (row["target_country"], row["target_label"], row["source_class"]) == ("ARM", "Armenia", "State")
    assert (row["published"], row["publisher"], row["publisher_site"]) == ("2023-09-11", "Alwaght", "alwaght.net")
    assert row["headline"] == "Russia-Armenia Relations Hit by Differences over Karabakh Dispute"
    assert row["url"] == ""  # a page saved as a file has no URL, and none is made up
    assert "summoned" in row["evidence"] and row["evidence_count"] == "1"
    assert re.fullmatch(r"[0-9a-f]{16}", row["event_id"]) and row["happening_id"] and row["happening_reports"] == "1"
    # the offsets point into the document's text
    with Store(seed_store, read_only=True) as store:
        text = next(iter(store.query(
            "SELECT ?t WHERE { ?d <https://w3id.org/kg/ontology#text> ?t }")))["t"].value
    assert text[int(row["evidence_start"]):int(row["evidence_end"])] == row["evidence"]
    # in the file itself the code is quoted, the numbers, dates and booleans are not
    [line] = [line for line in seed_csv.splitlines() if line.startswith(f'"{row["event_id"]}"')]
    assert ',"111",3,"verbal conflict",-2.0,' in line and ",2023-09-08,2023-09-08,2023-09-08," in line
    assert ',"asserted",false,' in line


def test_every_event_is_one_row_with_a_unique_id(seed_csv, seed_store):
    rows = csv_rows(seed_csv)
    with Store(seed_store, read_only=True) as store:
        events = len(list(store.query("SELECT ?e WHERE { ?e a <https://w3id.org/kg/ontology#Event> }")))
    assert len(rows) == events > 20
    assert len({r["event_id"] for r in rows}) == len(rows)
    assert all(r["quad_class"] in "1234" and r["quad_class_name"] for r in rows)
    # every evidence sentence is the text between its offsets, every event has one
    assert all(int(r["evidence_start"]) < int(r["evidence_end"]) and r["evidence"] for r in rows)


def test_actor_codes_are_split_the_gdelt_way(seed_csv):
    rows = csv_rows(seed_csv)
    body = next(r for r in rows if r["source_label"] == "Government of Armenia")
    assert (body["source_code"], body["source_country"], body["source_type"], body["source_class"]) == \
        ("ARMGOV", "ARM", "GOV", "GovernmentBody")
    nato = next(r for r in rows if r["target_label"] == "North Atlantic Treaty Organization")
    assert (nato["target_code"], nato["target_country"], nato["target_type"]) == ("IGOWSTNAT", "", "IGO")
    # the detention in Goris: a place, its country, its GeoNames id; no coordinates unless the graph has them
    goris = next(r for r in rows if r["place"] == "Goris")
    assert (goris["place_country"], goris["place_geonames"]) == ("ARM", "174895")
    assert (goris["place_lat"] == "") == (goris["place_long"] == "")


def test_place_coordinates_come_only_from_the_graph(seed_csv, seed_store):
    rows = [r for r in csv_rows(seed_csv) if r["place"]]
    assert rows
    with Store(seed_store, read_only=True) as store:
        lats = {r["label"].value for r in store.query(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { "
            "?p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; rdfs:label ?label }")}
    for r in rows:
        assert (r["place_lat"] != "") == (r["place"] in lats), r["place"]
    # a city has its GeoNames id; an area of kg's own table (a named war's "Nagorno-Karabakh") none
    assert all((r["place_geonames"] != "") == (r["place_type"] == "city") for r in rows)


def test_a_person_acts_for_a_state_only_while_in_office(corpus_rows):
    """Donald Trump held no office in 2012 and was president in April 2018 (the knowledge base's
    dates): the same words give USAGOV then and no code before."""
    trump = [r for r in corpus_rows if r["source_label"] == "Donald J. Trump"]
    by_url = {r["url"]: r for r in trump}
    in_office = by_url["https://news.example.org/2018/04/24/trump-iran"]
    assert (in_office["source_code"], in_office["source_country"], in_office["source_type"]) == ("USAGOV", "USA", "GOV")
    assert (in_office["target_code"], in_office["cameo"], in_office["date"]) == ("IRN", "111", "2018-04-23")
    before = by_url["https://old.example.net/2012/trump"]
    assert before["date"] == "2012-04-30"
    assert (before["source_code"], before["source_country"], before["source_type"]) == ("", "", "")
    # the publisher and the URL come from the corpus record
    assert (in_office["publisher"], in_office["published"], in_office["headline"]) == \
        ("Example News", "2018-04-24", "Trump criticizes Iran")


def test_two_outlets_reporting_one_happening_share_its_id(corpus_rows):
    reports = [r for r in corpus_rows if r["source_code"] == "USAGOV" and r["type"] == "ACCUSE"]
    assert {r["publisher"] for r in reports} == {"Example News", "Other Paper"}
    assert len({r["event_id"] for r in reports}) == 2
    assert len({r["happening_id"] for r in reports}) == 1
    assert {r["happening_reports"] for r in reports} == {"2"}


def test_an_agent_named_by_a_noun_has_its_cameo_agent_code(corpus_rows):
    police = next(r for r in corpus_rows if r["source_label"] == "police")
    assert (police["source_code"], police["source_type"], police["source_country"], police["source_class"]) == \
        ("COP", "COP", "", "UnnamedAgent")
    assert (police["place"], police["place_country"]) == ("Tehran", "IRN")


def test_parquet_has_the_same_rows_and_typed_columns(seed_csv, seed_parquet):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(seed_parquet)
    header = next(csv.reader(io.StringIO(seed_csv)))
    assert table.column_names == header == NAMES
    expected = {"text": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    assert [table.schema.field(n).type for n in NAMES] == [expected[kind] for _, kind in EVENT_COLUMNS]
    assert table.schema.field("cameo").type == pa.string() and table.schema.field("date").type == pa.date32()
    rows = csv_rows(seed_csv)
    assert table.num_rows == len(rows)
    kinds = dict(EVENT_COLUMNS)

    def as_text(value, kind):
        if value is None:
            return ""
        if kind == "bool":
            return "true" if value else "false"
        if kind == "float":
            return repr(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    for row, record in zip(rows, table.to_pylist()):
        assert {n: as_text(record[n], kinds[n]) for n in NAMES} == row
    summoning = next(r for r in table.to_pylist() if r["cameo"] == "111" and r["source_code"] == "RUS")
    assert summoning["date"] == datetime.date(2023, 9, 8) and summoning["quad_class"] == 3
    assert summoning["historical"] is False and summoning["goldstein"] == -2.0


def test_pandas_keeps_zero_led_codes(seed_csv, seed_parquet):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(seed_csv), dtype={"cameo": str})
    codes = set(frame["cameo"])
    assert "090" in codes and all(len(c) >= 3 for c in codes)  # CAMEO 090 (investigate) stays "090"
    assert frame["quad_class"].dtype.kind == "i" and frame["confidence"].dtype.kind == "f"
    parquet = pd.read_parquet(seed_parquet)
    assert set(parquet["cameo"]) == codes
    assert list(parquet.columns) == list(frame.columns) == NAMES


def test_parquet_to_a_pipe(seed_store, seed_parquet):
    import pyarrow.parquet as pq

    result = run_kg("export", "--store", seed_store, "--format", "parquet")
    assert result.exit_code == 0, result.output
    piped = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert piped.equals(pq.read_table(seed_parquet))


def test_parquet_without_pyarrow_says_how_to_install_it(seed_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "events.parquet"
    result = run_kg("export", "--store", seed_store, "--format", "parquet", "--output", out)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "pip install 'kg[notebook]'" in result.stderr
    assert not out.exists() and not list(tmp_path.iterdir())
    # CSV needs no pyarrow
    assert run_kg("export", "--store", seed_store, "--format", "csv").exit_code == 0


def test_csv_without_what_means_events(seed_store, seed_csv):
    result = run_kg("export", "--store", seed_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == seed_csv
    wrong = run_kg("export", "--store", seed_store, "--format", "turtle", "--what", "events")
    assert wrong.exit_code == 2 and "--what" in wrong.stderr


def test_the_query_the_export_and_the_dictionary_agree(seed_store):
    """The bundled events-table query, the export's typed columns and docs/columns.md list the same
    columns in the same order; `kg query events-table` still runs."""
    assert list(load_query("events-table").columns) == NAMES
    result = run_kg("query", "events-table", "--store", seed_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert next(csv.reader(io.StringIO(result.stdout))) == NAMES
    page = (REPO / "docs" / "columns.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", page, re.MULTILINE)
    assert documented == NAMES


@pytest.mark.parametrize("fmt,rdflib_format", [("turtle", "turtle"), ("trig", "trig")])
def test_turtle_writes_no_escaped_slashes_and_round_trips(seed_store, tmp_path, fmt, rdflib_format):
    """Issue 20, item 7: `kgid:actor\\/state\\/TWN` is valid Turtle but unreadable; kg's identifiers
    are written as full IRIs, the vocabularies' terms as prefixed names."""
    import pyoxigraph
    import rdflib

    out = tmp_path / f"out.{fmt}"
    assert run_kg("export", "--store", seed_store, "--format", fmt, "--output", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "\\/" not in text and "kgid:" not in text
    assert "<https://w3id.org/kg/id/actor/state/RUS> a kg:State" in text
    assert "@prefix kg: <https://w3id.org/kg/ontology#>" in text and "kgid" not in TURTLE_PREFIXES
    nt = tmp_path / "out.nq"
    assert run_kg("export", "--store", seed_store, "--format", "n-quads", "--output", nt).exit_code == 0
    reference = rdflib.Dataset()
    reference.parse(nt, format="nquads")
    if fmt == "turtle":
        graph = rdflib.Graph()
        graph.parse(out, format=rdflib_format)
        assert set(graph) == {(s, p, o) for s, p, o, _ in reference.quads()}  # the union, as Turtle carries it
    else:
        dataset = rdflib.Dataset()
        dataset.parse(out, format=rdflib_format)
        assert set(dataset.quads()) == set(reference.quads())
    with Store(seed_store, read_only=True) as store:
        parsed = pyoxigraph.Store()
        parsed.load(path=str(out), format=pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.TRIG)
        assert len(parsed) == (len(store.triples()) if fmt == "turtle" else len(store))
