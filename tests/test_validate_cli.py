"""kg validate on real stores, and the CLI's promises: documented exit statuses (help and
documentation of every command and option: tests/test_docs.py)."""
from __future__ import annotations

import json
import shutil

import pyoxigraph

from conftest import run_kg


def test_reference_page_conforms(seed_store):
    result = run_kg("validate", "--store", seed_store)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms")


def broken_copy(seed_store, tmp_path, update: str):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    s = pyoxigraph.Store(str(store))
    s.update(update)
    del s
    return store


def test_a_topic_without_definition_does_not_conform(seed_store, tmp_path):
    store = broken_copy(seed_store, tmp_path, """
        DELETE WHERE { GRAPH ?g { <https://w3id.org/kg/id/topic/alwaght-net/kurds>
                                  <http://www.w3.org/2004/02/skos/core#definition> ?d } }""")
    result = run_kg("validate", "--store", store)
    assert result.exit_code == 1
    assert "does not conform: 1 result(s)" in result.stdout
    assert "topic/alwaght-net/kurds" in result.stdout and "skos/core#definition" in result.stdout

    as_json = json.loads(run_kg("validate", "--store", store, "--format", "json").stdout)
    assert as_json["conforms"] is False
    [violation] = as_json["violations"]
    assert violation["focus"] == "https://w3id.org/kg/id/topic/alwaght-net/kurds"
    assert violation["component"] == "MinCountConstraintComponent"

    turtle = run_kg("validate", "--store", store, "--format", "turtle")
    assert turtle.exit_code == 1
    assert "sh:ValidationReport" in turtle.stdout and "sh:conforms false" in turtle.stdout


def test_a_date_with_the_wrong_datatype_does_not_conform(seed_store, tmp_path):
    store = broken_copy(seed_store, tmp_path, """
        PREFIX schema: <https://schema.org/>
        DELETE { GRAPH ?g { ?a schema:datePublished ?d } } INSERT { GRAPH ?g { ?a schema:datePublished "11 Sept" } }
        WHERE { GRAPH ?g { ?a schema:datePublished ?d } }""")
    result = run_kg("validate", "--store", store, "--format", "json")
    assert result.exit_code == 1
    assert {v["component"] for v in json.loads(result.stdout)["violations"]} == {"DatatypeConstraintComponent"}


def test_validate_without_a_store_is_a_usage_error(tmp_path):
    result = run_kg("validate", "--store", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "no kg store here" in result.stderr


def test_version_and_usage_errors():
    assert run_kg("--version").stdout.startswith("kg, version ")
    result = run_kg("build")
    assert result.exit_code == 2 and "Missing argument" in result.stderr
    result = run_kg("export", "--format", "rdfxml")
    assert result.exit_code == 2


def test_info_counts_the_store(seed_store):
    result = run_kg("info", "--store", seed_store)
    assert result.exit_code == 0
    # the ontology, the reference memberships and actors, the alignment, the topics' labels, the
    # resolution of the actors the knowledge base lacks, the happenings its events report, what the
    # glossary says of its shared topics and things (once for the store), the page
    assert "graphs: 9" in result.stdout


def test_ontology_check_command(tmp_path):
    result = run_kg("ontology", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("consistent")
    variant = tmp_path / "both.ttl"
    variant.write_text("@prefix kg: <https://w3id.org/kg/ontology#> .\n"
                       "<https://example.org/x> a kg:Person , kg:State .\n", encoding="utf-8")
    result = run_kg("ontology", "check", "--extend", variant)
    assert result.exit_code == 1
    assert "INCONSISTENT" in result.stdout
