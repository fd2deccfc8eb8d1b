"""Glossaries as JSONL/CSV files: a second glossary shape, each file its publisher's scheme."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kg.readers import read_document

from conftest import SHARED, run_kg

WIKI = SHARED / "data" / "wikipedia_geopolitics_glossary" / "glossary.jsonl"


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def wiki() -> list[dict]:
    if not WIKI.is_file():
        pytest.skip(f"{WIKI} is not there (../shared beside the checkout)")
    return [json.loads(line) for line in WIKI.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_jsonl_glossary_reads_every_entry_with_spans(wiki):
    document = read_document(WIKI)
    assert [e.term for e in document.glossary] == [r["term"] for r in wiki]
    for entry, record in zip(document.glossary, wiki):
        assert entry.definition == " ".join(record["definition"].split())
        assert entry.term_span.of(document.text) == entry.term
        assert entry.definition_span.of(document.text) == entry.definition
    assert document.reader == "glossary-file" and document.publisher == "glossary"


def test_a_second_glossary_beside_the_reference_page(tmp_path, wiki, seed_path):
    store = tmp_path / "store"
    assert run_kg("build", WIKI, seed_path, "--store", store).exit_code == 0
    assert run_kg("validate", "--store", store).exit_code == 0
    topics = rows(run_kg("query", "topics", "--store", store, "--format", "csv"))
    assert len(topics) == 10 + len(wiki)
    by_publisher = {}
    for t in topics:
        by_publisher.setdefault(t["publisher"], set()).add(t["label"])
    assert len(by_publisher["Alwaght"]) == 10
    assert by_publisher["glossary"] == {r["term"] for r in wiki}


def test_csv_glossary_with_its_publisher(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text('term,definition,publisher\nQuad,"An informal strategic forum of four states.",Example Review\n'
                    'Druze,"A religious community of the Levant.",Example Review\n', encoding="utf-8")
    store = tmp_path / "store"
    assert run_kg("build", path, "--store", store).exit_code == 0
    topics = rows(run_kg("query", "topics", "--store", store, "--format", "csv"))
    assert {(t["label"], t["publisher"]) for t in topics} == {("Quad", "Example Review"), ("Druze", "Example Review")}
    assert {t["class"] for t in topics if t["label"] == "Druze"} == {"ReligiousGroup"}


@pytest.mark.parametrize("name, content, problem", [
    ("bad.jsonl", '{"term": "A", "definition": "B"}\n{not json\n', "bad.jsonl:2: is not valid JSON"),
    ("bad.jsonl", '{"term": "A"}\n', "bad.jsonl:1: a record needs"),
    ("bad.jsonl", '[1, 2]\n', "bad.jsonl:1: a record must be an object"),
    ("bad.csv", "name,body\nA,B\n", 'bad.csv:1: a glossary CSV needs the columns "term" and "definition"'),
    ("empty.jsonl", "\n\n", "empty.jsonl: file is empty"),
    ("blank.jsonl", "  \n\n\n{}\n", "blank.jsonl:4: a record needs"),
])
def test_malformed_glossary_files_are_refused_and_store_nothing(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert problem in result.stderr


FACTBOOK = SHARED / "data" / "factbook_json" / "central-asia"


def test_factbook_background_paragraphs_as_a_glossary(tmp_path, seed_path):
    if not FACTBOOK.is_dir():
        pytest.skip(f"{FACTBOOK} is not there")
    store = tmp_path / "store"
    result = run_kg("build", FACTBOOK, seed_path, "--store", store)
    assert result.exit_code == 0, result.output
    assert run_kg("validate", "--store", store).exit_code == 0
    topics = [t for t in rows(run_kg("query", "topics", "--store", store, "--format", "csv"))
              if t["publisher"] == "The World Factbook"]
    assert len(topics) == len(list(FACTBOOK.glob("*.json")))
    armenia = next(t for t in topics if t["label"] == "Armenia")
    assert armenia["class"] == "State" and "<p>" not in armenia["definition"]
    assert "Christianity" in armenia["definition"]
    # the Factbook's Armenia denotes the same state the article mentions
    actors = {r["actor"].rsplit("/", 1)[-1]: r for r in rows(run_kg("query", "actors", "--store", store,
                                                                        "--format", "csv"))}
    assert actors["ARM"]["class"] == "State" and int(actors["ARM"]["mentions"]) > 20


def test_a_json_file_that_is_not_a_factbook_country_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"name": "x"}', encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2 and "other.json" in result.stderr and "Background" in result.stderr
