"""Export the store in standard RDF formats, sorted so that the same store gives the same bytes.

Triple formats (Turtle, N-Triples, JSON-LD) carry the union of all graphs; quad formats
(N-Quads, TriG) keep each document's named graph. JSON-LD is compacted with the bundled context,
passed as a dict so that no context is ever fetched.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import BinaryIO, TextIO

import pyoxigraph
from pyoxigraph import RdfFormat

from kg.errors import KgError, shown_name
from kg.mapping.namespaces import PREFIXES
from kg.resources import jsonld_context_file
from kg.store.local import Store

FORMATS: dict[str, RdfFormat | None] = {
    "turtle": RdfFormat.TURTLE,
    "n-triples": RdfFormat.N_TRIPLES,
    "n-quads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "json-ld": None,
}
QUAD_FORMATS = {"n-quads", "trig"}
EXTENSIONS = {"turtle": "ttl", "n-triples": "nt", "n-quads": "nq", "trig": "trig", "json-ld": "jsonld"}


def bundled_context() -> dict:
    return json.loads(jsonld_context_file().read_text(encoding="utf-8"))["@context"]


def export_file(store: Store, fmt: str, path: Path) -> int:
    """Export to the file ``path``, atomically: written to ``PATH.partial`` and renamed when whole,
    so a failed export (a full disk) never leaves a half-written file under the real name, nor
    replaces a good one. Returns the count of :func:`export`; a :class:`KgError` naming the file
    when it cannot be written."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as f:
            count = export(store, fmt, f)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KgError(f"{shown_name(path)}: cannot write the export: {exc.strerror or exc}") from exc
    return count


def export_events_csv(store: Store, output: TextIO) -> int:
    """The events table (the bundled ``events-table`` query: a GDELT/POLECAT-style row per event) as
    CSV; returns the number of rows."""
    from kg.services.query import load_query, run_query
    from kg.services.results import write_results

    result = run_query(store, load_query("events-table"))
    write_results(result.columns, result.rows, "csv", output)
    return len(result.rows)


def export(store: Store, fmt: str, output: BinaryIO) -> int:
    """Write the store to ``output`` in ``fmt``; returns the number of triples or quads written.

    N-Quads, TriG, N-Triples and Turtle stream from the store in sorted order (memory follows the
    largest graph, or the set of subjects); JSON-LD is one document, built in memory."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    statements = store.sorted_quads() if fmt in QUAD_FORMATS else store.sorted_triples()
    if fmt == "json-ld":
        triples = list(statements)
        output.write(_jsonld(triples))
        return len(triples)
    counted = _Counted(statements)
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    pyoxigraph.serialize(counted, output, format=FORMATS[fmt], prefixes=prefixes)
    return counted.count


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items):
        self.items, self.count = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.count += 1
        return item


def _jsonld(triples) -> bytes:
    import rdflib  # only JSON-LD needs rdflib's serializer

    graph = rdflib.Graph()
    buffer = io.BytesIO()
    pyoxigraph.serialize(triples, buffer, format=RdfFormat.N_TRIPLES)
    graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=bundled_context(), auto_compact=True)
    # rdflib's node and value order follows Python's randomised set order; JSON-LD arrays that are
    # not @list are unordered, so sorting them gives the same bytes on every run.
    document = _sorted_arrays(json.loads(text))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_arrays(value, in_list: bool = False):
    if isinstance(value, dict):
        return {k: _sorted_arrays(v, in_list=(k == "@list")) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
