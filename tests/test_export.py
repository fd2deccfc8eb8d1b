"""kg export: every format re-parses with rdflib to the same number of statements, offline."""
from __future__ import annotations

import json
import os
import socket

import pytest
import rdflib

from kg.store.local import Store

from conftest import run_kg

RDFLIB_FORMAT = {"turtle": "turtle", "json-ld": "json-ld", "n-triples": "nt", "n-quads": "nquads", "trig": "trig"}


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMAT))
def test_every_format_reparses_with_the_same_count(seed_store, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = run_kg("export", "--store", seed_store, "--format", fmt, "--output", out)
    assert result.exit_code == 0, result.output
    store = Store(seed_store, read_only=True)
    if fmt in ("n-quads", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(out, format=RDFLIB_FORMAT[fmt])
        quads = [q for q in dataset.quads() if q[3] is not None]
        assert len(quads) == len(store)
        graphs = {str(g.identifier) for g in dataset.graphs()} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
        assert graphs == {g.value for g in store.graphs()}  # the named graphs survive
    else:
        graph = rdflib.Graph()
        graph.parse(out, format=RDFLIB_FORMAT[fmt])
        assert len(graph) == len(store.triples())
    assert f"-> {out}" in result.stderr


def test_export_to_stdout_is_deterministic(seed_store):
    first = run_kg("export", "--store", seed_store, "--format", "turtle")
    second = run_kg("export", "--store", seed_store, "--format", "turtle")
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout.startswith("@prefix")


def test_jsonld_uses_the_bundled_context_and_never_the_network(seed_store, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("export tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    out = tmp_path / "out.jsonld"
    assert run_kg("export", "--store", seed_store, "--format", "json-ld", "--output", out).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    context = document["@context"]
    assert isinstance(context, dict)  # inline: nothing to fetch
    assert context["kg"] == "https://w3id.org/kg/ontology#"
    assert context["schema"] == "https://schema.org/"


def test_export_to_an_unwritable_place_fails_cleanly(seed_store, tmp_path):
    target = tmp_path / "missing-dir" / "out.ttl"
    result = run_kg("export", "--store", seed_store, "--output", target)
    assert result.exit_code != 0
    assert not target.exists()


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMAT))
def test_same_bytes_in_every_process(seed_store, fmt):
    # Set order in Python differs between processes (hash randomisation); output must not.
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg.cli", "export", "--store", str(seed_store),
                               "--format", fmt], capture_output=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
