"""``kg validate --jobs N``: the shapes split across N worker processes.

Both SHACL engines validate on one core. A store's shapes are independent of each other at the
top level (each targets its own focus nodes; shapes it refers to are evaluated through the
reference), so the shapes with targets are split into N groups, each worker validates the whole
data graph against one group (``use_shapes``), and the reports are merged into one. The result
is the serial report: the same results, one report node. Tested in tests/test_validate_parallel.py.

The data is dumped once, by this process, to a temporary N-Triples file that every worker reads:
one consistent snapshot even while a build writes the store. The workers are started before the
dump so that their imports overlap it. Each worker holds the whole data graph, so memory is about
N times the serial run's (1.3 GB per million quads with pyshacl-turbo).

The groups are balanced by an estimate of each shape's work: the number of its focus nodes in the
store, times its constraints (a SPARQL constraint counted as many plain ones, as it costs).
"""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.services.validate.core import (ValidationReport, load_shapes, store_ntriples, validate_graph, violation_order,
                                      violations_of)
from kg.store.local import Store

# below this many quads, starting workers costs more than it saves (measured: bench/README.md)
PARALLEL_FROM_QUADS = 200_000
# what one worker holds per quad of the store (pyshacl-turbo: 1.44 GB max RSS at 1.03M quads)
WORKER_BYTES_PER_QUAD = 1_500
SPARQL_CONSTRAINT_WEIGHT = 25
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def default_jobs(quads: int) -> int:
    """Workers for ``kg validate --jobs auto``: one for a small store; else the cores, up to 4,
    and no more than half the available memory holds (each worker holds the whole data graph)."""
    if quads < PARALLEL_FROM_QUADS:
        return 1
    # workers that each hold much of the memory slow each other down (measured on 2 cores: at
    # 1.03M quads 2 workers took 16.4-16.9 s against 18.3-19.5 s for one; at 5.1M quads, 6.9 GB
    # each, 141 s against 129 s), so together they take at most half of what is available
    available = _available_memory()
    fit = int(0.5 * available // (WORKER_BYTES_PER_QUAD * quads)) if available else 1
    return max(1, min(4, os.cpu_count() or 1, fit))


def _available_memory() -> int | None:
    """MemAvailable from /proc/meminfo, in bytes (None where there is none)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def targeted_shapes(shapes: rdflib.Graph) -> list[rdflib.URIRef] | None:
    """The shapes that select focus nodes themselves (explicit targets, or a shape that is also a
    class); None when one of them is a blank node, which ``use_shapes`` cannot name."""
    found = set()
    for target in _TARGETS:
        found.update(shapes.subjects(target, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(shape for shape in shapes.subjects(RDF.type, kind) if _is_class(shapes, shape))
    if any(not isinstance(s, rdflib.URIRef) for s in found):
        return None
    return sorted(found)


def _is_class(shapes: rdflib.Graph, shape) -> bool:
    """A shape that is also a class targets that class's instances implicitly."""
    return (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes


def shape_weights(store: Store, shapes: rdflib.Graph, names: list[rdflib.URIRef]) -> dict[rdflib.URIRef, float]:
    """Each shape's estimated work: focus nodes in the store times (1 + its constraints)."""
    weights = {}
    for shape in names:
        focus = 0
        for cls in shapes.objects(shape, SH.targetClass):
            focus += _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> . ?x a ?c }}")
        if _is_class(shapes, shape):
            focus += _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{shape}> }}")
        for predicate in shapes.objects(shape, SH.targetSubjectsOf):
            focus += _count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x <{predicate}> ?o }}")
        for predicate in shapes.objects(shape, SH.targetObjectsOf):
            focus += _count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?s <{predicate}> ?x }}")
        focus += len(list(shapes.objects(shape, SH.targetNode)))
        constraints = len(list(shapes.objects(shape, SH.property))) + len(list(shapes.objects(shape, SH.node)))
        sparql = len(list(shapes.objects(shape, SH.sparql)))
        weights[shape] = float(max(focus, 1) * (1 + constraints + SPARQL_CONSTRAINT_WEIGHT * sparql))
    return weights


def _count(store: Store, query: str) -> int:
    return int(next(iter(store.query(query)))[0].value)


def split(weights: dict[rdflib.URIRef, float], groups: int) -> list[list[rdflib.URIRef]]:
    """Shapes into ``groups`` groups of about equal weight: heaviest first, each to the lightest
    group so far (deterministic: ties go by IRI)."""
    bins: list[tuple[float, int, list]] = [(0.0, i, []) for i in range(groups)]
    for shape in sorted(weights, key=lambda s: (-weights[s], str(s))):
        total, i, members = min(bins)
        members.append(shape)
        bins[i] = (total + weights[shape], i, members)
    return [sorted(members) for _, _, members in sorted(bins, key=lambda b: b[1]) if members]


def validate_store_parallel(store: Store, shapes: rdflib.Graph | None, engine: str, jobs: int):
    """The store's validation report, computed by ``jobs`` worker processes (see the module's
    docstring); falls back to one process when the shapes cannot be split."""
    shapes_graph = shapes if shapes is not None else load_shapes()
    names = targeted_shapes(shapes_graph)
    if names is None or len(names) < 2 or jobs < 2:
        return validate_graph(store_ntriples(store), shapes, engine)
    context = multiprocessing.get_context("spawn")   # never fork a process holding RocksDB's threads
    workers = min(jobs, len(names))
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as scratch, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        warming = [pool.submit(_warm, engine) for _ in range(workers)]  # imports overlap the dump
        data = Path(scratch) / "data.nt"
        data.write_bytes(store_ntriples(store))
        groups = split(shape_weights(store, shapes_graph, names), workers)
        shapes_nt = None if shapes is None else shapes.serialize(format="nt", encoding="utf-8")
        for w in warming:
            w.result()
        parts = [pool.submit(_validate_part, str(data), shapes_nt, [str(s) for s in group], engine)
                 for group in groups]
        results = [p.result() for p in parts]
    conforms = all(ok for ok, _ in results)
    report = _merge([report_nt for _, report_nt in results], conforms)
    return ValidationReport(conforms, sorted(violations_of(report), key=violation_order), report)


def _warm(engine: str) -> None:
    import kg.services.validate.core  # noqa: F401  (rdflib, pyoxigraph)

    if engine == "turbo":
        import pyshacl_turbo  # noqa: F401
    else:
        import pyshacl  # noqa: F401


def _validate_part(data_path: str, shapes_nt: bytes | None, use_shapes: list[str], engine: str) -> tuple[bool, bytes]:
    """In a worker: the data file validated against the shapes named; (conforms, report as N-Triples)."""
    shapes = None
    if shapes_nt is not None:
        shapes = rdflib.Graph()
        shapes.parse(data=shapes_nt.decode("utf-8"), format="nt")
    report = validate_graph(Path(data_path).read_bytes(), shapes, engine, use_shapes=use_shapes)
    return report.conforms, report.report_graph.serialize(format="nt", encoding="utf-8")


def _merge(parts: list[bytes], conforms: bool) -> rdflib.Graph:
    """One SHACL report from the workers' reports: their results under a single report node."""
    merged = rdflib.Graph()
    merged.bind("sh", SH)
    report = rdflib.BNode()
    merged.add((report, RDF.type, SH.ValidationReport))
    merged.add((report, SH.conforms, rdflib.Literal(conforms)))
    for text in parts:
        part = rdflib.Graph()
        part.parse(data=text.decode("utf-8"), format="nt")
        old = set(part.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in part:
            if s in old:
                if p == SH.result:
                    merged.add((report, SH.result, o))
                continue
            merged.add((s, p, o))
    return merged
