"""Write query results as an aligned table, CSV, TSV or SPARQL 1.1 JSON results."""
from __future__ import annotations

import csv
import json
from typing import TextIO

from pyoxigraph import BlankNode, Literal, NamedNode

from kg import vocab
from kg.mapping.namespaces import PREFIXES

OUTPUT_FORMATS = ("table", "csv", "tsv", "json")


def plain(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, (NamedNode, Literal, BlankNode)) else str(term)


def compact(term) -> str:
    """An IRI shortened with the bundled prefixes, for reading on a terminal."""
    if isinstance(term, NamedNode):
        for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(base):
                return f"{prefix}:{term.value[len(base):]}"
    return plain(term)


def sparql_json_term(term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != vocab.XSD + "string":
        out["datatype"] = term.datatype.value
    return out


TEXT_WIDTH = 60  # the longest text a table cell shows before cutting it (kg query --width)


def write_results(columns: list[str], rows: list[list], fmt: str, out: TextIO,
                  max_width: int | None = TEXT_WIDTH) -> None:
    """Write the rows in ``fmt``. In a table, text longer than ``max_width`` characters is cut (with
    "…"; ``None``: never); an IRI is never cut, and shows as a prefixed name where a bundled prefix
    fits (``kgid:actor/state/RUS``)."""
    if fmt == "json":
        bindings = []
        for row in rows:
            bindings.append({c: t for c, t in ((c, sparql_json_term(v)) for c, v in zip(columns, row)) if t})
        json.dump({"head": {"vars": columns}, "results": {"bindings": bindings}}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, lineterminator="\n", **({"dialect": "excel-tab"} if fmt == "tsv" else {}))
        writer.writerow(columns)
        for row in rows:
            writer.writerow([plain(v) for v in row])
    elif fmt == "table":
        _table(columns, rows, out, max_width)
    else:
        raise ValueError(f"unknown output format {fmt!r}")


def _table(columns: list[str], rows: list[list], out: TextIO, max_width: int | None) -> None:
    def cell(term) -> str:
        text = " ".join(compact(term).split())
        if max_width is None or len(text) <= max_width or isinstance(term, (NamedNode, BlankNode)):
            return text  # an IRI is shown whole: cut, it would name another thing, or nothing
        return text[:max(max_width - 1, 0)] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
