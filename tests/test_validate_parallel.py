"""kg validate --jobs N: the shapes shared out among worker processes give the serial report.

The store is the reference page's, plus a named graph holding every broken case of
tests/test_shapes.py at once (violations of nearly every shape), so that a shape lost or counted
twice in the split shows as a difference.
"""
from __future__ import annotations

import shutil
from collections import Counter

import pytest
from pyoxigraph import Quad, NamedNode, parse, RdfFormat

import test_shapes as shape_cases
from conftest import run_kg
from kg.store.local import Store
from kg.services.validate.core import load_shapes
from kg.services.validate import validate_store
from kg.services.validate.parallel import split, targeted_shapes
from test_validate_engines import normalised

BROKEN = NamedNode("urn:kg-test:broken")


@pytest.fixture(scope="module")
def broken_store(seed_store, tmp_path_factory):
    from kg.services.ontology import load_ontology_graph

    store_dir = tmp_path_factory.mktemp("parallel") / "store"
    shutil.copytree(seed_store, store_dir)
    graph = shape_cases.copy_of(load_ontology_graph())
    graph.parse(data=shape_cases.FIXTURE, format="turtle")
    for case in shape_cases.CASES:  # every case's change at once (several touch the same triples)
        for pattern in case.remove:
            graph.remove(pattern)
        for triple in case.add:
            graph.add(triple)
    text = graph.serialize(format="nt", encoding="utf-8")
    with Store(store_dir) as store:
        store._store.extend(Quad(t.subject, t.predicate, t.object, BROKEN)
                            for t in parse(text, format=RdfFormat.N_TRIPLES))
    return store_dir


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_workers_report_what_one_process_reports(broken_store, engine):
    with Store(broken_store, read_only=True) as store:
        serial = validate_store(store, engine=engine, jobs=1)
        shared = validate_store(store, engine=engine, jobs=2)
    assert not serial.conforms and not shared.conforms
    components = Counter(v.component for v in serial.violations)
    assert len(components) >= 10, components  # the fixture breaks many kinds of constraint
    assert normalised(shared) == normalised(serial)
    assert len(shared.violations) == len(serial.violations)  # nothing reported twice
    # one report node, as a serial run gives
    from rdflib.namespace import RDF, SH
    assert len(list(shared.report_graph.subjects(RDF.type, SH.ValidationReport))) == 1


def test_three_workers_and_a_conforming_store(broken_store, seed_store):
    with Store(broken_store, read_only=True) as store:
        assert normalised(validate_store(store, jobs=3)) == normalised(validate_store(store, jobs=1))
    with Store(seed_store, read_only=True) as store:
        report = validate_store(store, jobs=2)
    assert report.conforms and report.violations == []


def test_every_targeted_shape_goes_to_exactly_one_group():
    shapes = load_shapes()
    names = targeted_shapes(shapes)
    assert len(names) >= 20
    weights = {name: float(i % 5 + 1) for i, name in enumerate(names)}
    for groups in (1, 2, 3, 7):
        parts = split(weights, groups)
        assert sorted(s for part in parts for s in part) == sorted(names)
        assert len(parts) == min(groups, len(names))
        assert split(weights, groups) == parts  # deterministic
    heavy = dict(weights, **{names[0]: 1000.0})
    assert [names[0]] in split(heavy, 2)  # the heaviest shape alone, the rest beside it


def test_the_command_gives_the_same_text_and_exit(broken_store):
    one = run_kg("validate", "--store", broken_store, "--jobs", "1", "--format", "json")
    two = run_kg("validate", "--store", broken_store, "--jobs", "2", "--format", "json")
    assert one.exit_code == two.exit_code == 1
    bad = run_kg("validate", "--store", broken_store, "--jobs", "none")
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_auto_jobs_follow_the_store_cores_and_memory(monkeypatch):
    import os

    from kg.services.validate import parallel as validate_parallel

    assert validate_parallel.default_jobs(10_000) == 1  # workers cost more than they save
    monkeypatch.setattr(validate_parallel, "_available_memory", lambda: 64 * 2**30)
    assert validate_parallel.default_jobs(1_000_000) == min(4, os.cpu_count() or 1)
    monkeypatch.setattr(validate_parallel, "_available_memory", lambda: 4 * 2**30)
    assert validate_parallel.default_jobs(1_000_000) == 1  # two copies would take most of the memory
    monkeypatch.setattr(validate_parallel, "_available_memory", lambda: None)
    assert validate_parallel.default_jobs(1_000_000) == 1  # memory unknown: one
