"""Export the store in standard RDF formats, sorted so that the same store gives the same bytes,
and its events as a table (CSV or Parquet) that GDELT and POLECAT users can load as it is.

Triple formats (Turtle, N-Triples, JSON-LD) carry the union of all graphs; quad formats
(N-Quads, TriG) keep each document's named graph. JSON-LD is compacted with the bundled context,
passed as a dict so that no context is ever fetched. Turtle and TriG declare the prefixes of the
vocabularies (``kg:``, ``schema:``, ``sem:`` …), whose terms are plain names; kg's own identifiers
(``https://w3id.org/kg/id/actor/state/TWN``) are paths, which a prefixed name could only write
with escaped slashes (``kgid:actor\\/state\\/TWN``), so they are written as full IRIs.

The events table is the bundled ``events-table`` query, one row per event; :data:`EVENT_COLUMNS`
types its columns (docs/columns.md says what each means). CSV quotes every text column (so a
CAMEO code "090" reads as text where a tool honours quotes) and leaves numbers, dates and
booleans bare; Parquet (pyarrow, the optional extra ``kg[notebook]``) types them: dates as
date32, numbers as int64/float64, booleans as bool, codes and text as strings.
"""
from __future__ import annotations

import io
import json
import re
from datetime import date
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
# the prefixes Turtle and TriG declare: the vocabularies' (plain names), not kgid:, whose local
# names are paths ("actor/state/TWN") that a prefixed name could only write as kgid:actor\/state\/TWN
TURTLE_PREFIXES = {prefix: base for prefix, base in PREFIXES.items() if prefix != "kgid"}


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


# The events table's columns, in the order of the bundled events-table query, with their kinds:
# "text" (codes, names, IRIs), "date" (YYYY-MM-DD), "int", "float", "bool". docs/columns.md
# describes each; a test checks that the query, this list and the dictionary agree.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "text"), ("happening_id", "text"),
    ("date", "date"), ("earliest", "date"), ("latest", "date"), ("edtf", "text"), ("time_basis", "text"),
    ("source_code", "text"), ("source_country", "text"), ("source_type", "text"), ("source_label", "text"),
    ("source_class", "text"),
    ("type", "text"), ("mode", "text"), ("context", "text"), ("cameo", "text"), ("quad_class", "int"),
    ("quad_class_name", "text"), ("goldstein", "float"),
    ("target_code", "text"), ("target_country", "text"), ("target_type", "text"), ("target_label", "text"),
    ("target_class", "text"),
    ("place", "text"), ("place_country", "text"), ("place_lat", "float"), ("place_long", "float"),
    ("place_geonames", "text"), ("place_type", "text"),
    ("factuality", "text"), ("historical", "bool"), ("confidence", "float"),
    ("published", "date"), ("publisher", "text"), ("publisher_site", "text"), ("headline", "text"), ("url", "text"),
    ("evidence", "text"), ("evidence_start", "int"), ("evidence_end", "int"), ("evidence_count", "int"),
    ("happening_reports", "int"),
    ("event_iri", "text"), ("source_iri", "text"), ("target_iri", "text"), ("article", "text"),
)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TABLE_FORMATS = ("csv", "parquet")
TABLES = ("events",)
INSTALL_HINT = "pip install 'kg[notebook]'"


def events_table(store: Store):
    """The events table: the bundled ``events-table`` query's result (columns, rows of terms)."""
    from kg.services.query import load_query, run_query

    return run_query(store, load_query("events-table"))


def _kinds(columns: list[str]) -> list[str]:
    known = dict(EVENT_COLUMNS)
    return [known.get(c, "text") for c in columns]


def _value(term, kind: str):
    """A term as the Python value of its column's kind (None where unbound)."""
    if term is None:
        return None
    text = term.value
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text in ("true", "1")
    if kind == "date":  # a day (a zone, if any, dropped); a year before 1 or after 9999 has no date32
        return date.fromisoformat(text[:10]) if _DAY.fullmatch(text[:10]) else None
    return text


def _csv_cell(term, kind: str) -> str:
    if term is None:
        return ""  # unbound: an empty, unquoted field (NA to pandas and R)
    if kind == "text":
        return '"' + term.value.replace('"', '""') + '"'
    if kind == "date":
        return term.value  # as the graph has it (YYYY-MM-DD)
    value = _value(term, kind)
    if kind == "bool":
        return "true" if value else "false"
    return repr(value) if kind == "float" else str(value)


def export_events_csv(store: Store, output: TextIO) -> int:
    """The events table (the bundled ``events-table`` query: a GDELT/POLECAT-style row per event) as
    CSV; returns the number of rows. Text columns are always quoted ("090" stays a code where a tool
    honours quotes); numbers, dates and booleans are bare; a missing value is an empty field."""
    result = events_table(store)
    kinds = _kinds(result.columns)
    output.write(",".join(result.columns) + "\n")
    for row in result.rows:
        output.write(",".join(_csv_cell(term, kind) for term, kind in zip(row, kinds)) + "\n")
    return len(result.rows)


def require_pyarrow():
    """The pyarrow module, or a :class:`UsageError` (exit 2) saying how to install it."""
    from kg.errors import UsageError

    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the writer is a submodule)
    except ImportError as exc:
        raise UsageError(f"--format parquet needs pyarrow, an optional extra of kg: {INSTALL_HINT}") from exc
    return pyarrow


def events_arrow_table(store: Store):
    """The events table as a typed ``pyarrow.Table`` (needs pyarrow: :func:`require_pyarrow`)."""
    pa = require_pyarrow()
    types = {"text": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    result = events_table(store)
    kinds = _kinds(result.columns)
    arrays = [pa.array([_value(row[i], kind) for row in result.rows], type=types[kind])
              for i, kind in enumerate(kinds)]
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in zip(result.columns, kinds)],
                       metadata={"kg.table": "events", "kg.columns": "docs/columns.md"})
    return pa.Table.from_arrays(arrays, schema=schema)


def export_events_parquet(store: Store, output: BinaryIO) -> int:
    """The events table as Parquet (typed columns, the same as the CSV's, in the same order) written
    to ``output``; returns the number of rows. Needs pyarrow (``kg[notebook]``)."""
    require_pyarrow()
    import pyarrow.parquet as pq

    table = events_arrow_table(store)
    buffer = io.BytesIO()  # written whole, then copied: ``output`` may be a pipe, which cannot seek
    pq.write_table(table, buffer)
    output.write(buffer.getvalue())
    return table.num_rows


def export_table(store: Store, what: str, fmt: str, output) -> int:
    """Write table ``what`` ("events") in ``fmt`` ("csv": ``output`` is text; "parquet": binary)."""
    if what not in TABLES:
        raise ValueError(f"unknown table {what!r}; choose one of {', '.join(TABLES)}")
    if fmt == "csv":
        return export_events_csv(store, output)
    if fmt == "parquet":
        return export_events_parquet(store, output)
    raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def export_table_file(store: Store, what: str, fmt: str, path: Path) -> int:
    """:func:`export_table` to the file ``path``, atomically (as :func:`export_file`)."""
    if fmt == "parquet":
        require_pyarrow()  # before any file is touched
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        if fmt == "csv":
            with partial.open("w", encoding="utf-8", newline="") as f:
                count = export_table(store, what, fmt, f)
        else:
            with partial.open("wb") as f:
                count = export_table(store, what, fmt, f)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KgError(f"{shown_name(path)}: cannot write the export: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


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
    prefixes = TURTLE_PREFIXES if fmt in ("turtle", "trig") else None
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
