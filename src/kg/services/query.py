"""Bundled and custom SPARQL queries, with parameters bound as RDF terms.

A query file starts with a header of ``#`` comment lines::

    # description: Glossary topics with their definitions.
    # param: publisher iri optional  The publisher to list (default: all)
    # columns: topic, label, definition, class, publisher

Parameter values are parsed into RDF terms (an IRI is checked to be an IRI, a date to be a
date …) and bound with a ``VALUES`` block placed first in the query's top-level group, written
by the RDF library's own term serialiser: a value can never change the query's shape. A value of an
``iri`` parameter may also be a name (a label, an ISO or CAMEO code, an alias), resolved through the
store by :mod:`kg.services.names` when the query runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryBoolean

from kg.errors import QueryError, one_line, shown_name
from kg.mapping.namespaces import XSD
from kg.resources import asset_dir
from kg.services.names import expand_prefixed, is_iri_text, resolve

PARAM_TYPES = ("iri", "string", "date", "integer", "decimal")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    description: str
    variable: str = ""  # the variable the value is bound to, when not the name ("event=of_event")

    @property
    def bound_to(self) -> str:
        return self.variable or self.name


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    description: str
    parameters: tuple[Parameter, ...] = ()
    columns: tuple[str, ...] = ()
    compute: str = ""  # a statistic computed in Python over the SPARQL's rows (COMPUTED), for what SPARQL lacks

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


@dataclass
class QueryResult:
    """A query's ``columns`` and its ``rows`` (pyoxigraph terms, None where unbound)."""

    columns: list[str]
    rows: list[list] = field(default_factory=list)

    def to_pandas(self, *, iris: str = "compact"):
        """The result as a typed pandas DataFrame (dates as datetime64, numbers as numbers, IRIs
        compact or, with ``iris="full"``, full): :func:`kg.services.frames.to_pandas`. Needs the
        optional extra: ``pip install 'kg[notebook]'``."""
        from kg.services.frames import to_pandas

        return to_pandas(self.columns, self.rows, iris=iris)


_HEADER = re.compile(r"^#\s*(description|param|columns|input|compute)\s*:\s*(.*)$", re.IGNORECASE)


def parse_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{shown_name(path)}: cannot read the query: {one_line(exc)}") from exc
    description, params, columns, compute, source = "", [], (), "", None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "description":
            description = (description + " " + value).strip()
        elif key == "columns":
            columns = tuple(c.strip() for c in value.split(",") if c.strip())
        elif key == "compute":
            if value not in COMPUTED:
                raise QueryError(f"{shown_name(path)}: unknown computation {value!r} (known: {', '.join(sorted(COMPUTED))})")
            compute = value
        elif key == "input":  # the SPARQL is that of a query beside this one ("input: actor-names")
            source = path.with_name(f"{value}.rq")
        else:
            parts = value.split(None, 3)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"{shown_name(path)}: bad parameter line {line!r}: "
                                 f"expected '# param: NAME TYPE [optional] DESCRIPTION', TYPE one of {PARAM_TYPES}")
            optional = len(parts) > 2 and parts[2] == "optional"
            rest = parts[3] if len(parts) > 3 else ""
            if len(parts) > 2 and not optional:
                rest = " ".join(parts[2:])
            # "event=of_event": the parameter event binds ?of_event, so that the query may list
            # rows of its own ?event (every report of the given event's happening)
            name, _, variable = parts[0].partition("=")
            params.append(Parameter(name, parts[1], not optional, rest, variable))
    if source is not None:
        text = _body(source)
    return NamedQuery(path.stem, path, text, description, tuple(params), columns, compute)


def _body(path: Path) -> str:
    """A query file's SPARQL without its header (its own parameters and columns do not apply)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{shown_name(path)}: cannot read the query: {one_line(exc)}") from exc
    return "".join(line for line in lines if not _HEADER.match(line))


def bundled_queries() -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(asset_dir("queries").glob("*.rq"))}


def load_query(name_or_path: str) -> NamedQuery:
    """A bundled query by name, or a query file by path."""
    if name_or_path.endswith((".rq", ".sparql")) or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(f"{shown_name(path)}: no such query file")
        return parse_query_file(path)
    queries = bundled_queries()
    if name_or_path not in queries:
        raise QueryError(f"no bundled query named {name_or_path!r} (try `kg queries`: "
                         f"{', '.join(sorted(queries))})")
    return queries[name_or_path]


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \\d would take "２０２３" too
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")  # xsd:decimal's lexical form
MAX_INTEGER_DIGITS = 4300  # the longest integer Python reads from text (sys.get_int_max_str_digits)


def parse_value(param: Parameter, raw: str):
    """The RDF term for a parameter value given as text; refuses what is not of its type.

    Text that is not Unicode (a command-line argument whose bytes are not UTF-8 arrives with
    them as lone surrogates) is refused for every type: no RDF term can hold it."""
    if _not_unicode(raw):
        raise QueryError(f"parameter {param.name}: {_shown(raw)} is not valid UTF-8 text")
    if param.type == "iri":
        value = expand_prefixed(raw.strip())
        try:
            node = NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}: {raw!r} is not a valid IRI ({shown_name(exc)})") from exc
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise QueryError(f"parameter {param.name}: {raw!r} is not an absolute IRI")
        return node
    if param.type == "date":
        # exactly YYYY-MM-DD, as documented: date.fromisoformat alone also takes "20230911",
        # "2023-W37-1" and, before Python 3.11, fewer forms, so what is accepted would vary
        if _DATE.fullmatch(raw.strip()):
            try:
                return Literal(date.fromisoformat(raw.strip()).isoformat(), datatype=XSD.date)
            except ValueError:
                pass  # "2023-02-30", "0000-01-01"
        raise QueryError(f"parameter {param.name}: {_shown(raw)} is not a date (YYYY-MM-DD)")
    if param.type == "integer":
        text = raw.strip()
        if not _INTEGER.fullmatch(text):
            raise QueryError(f"parameter {param.name}: {_shown(raw)} is not an integer")
        if len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise QueryError(f"parameter {param.name}: an integer of {len(text.lstrip('+-')):,} digits "
                             f"(kg reads at most {MAX_INTEGER_DIGITS:,})")
        return Literal(str(int(text)), datatype=XSD.integer)
    if param.type == "decimal":
        text = raw.strip()
        if not _DECIMAL.fullmatch(text) or len(text) > MAX_INTEGER_DIGITS:
            raise QueryError(f"parameter {param.name}: {_shown(raw)} is not a decimal number (e.g. 0.8)")
        return Literal(text, datatype=XSD.decimal)
    return Literal(raw)


def _not_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _shown(raw: str, limit: int = 60) -> str:
    """A value as a message quotes it: control characters escaped (a byte that is not UTF-8 as
    ``\\xff``), cut short when long."""
    text = shown_name(raw)
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}...'"


def bind(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with ``values`` bound; checks required parameters are given."""
    return _bound(query, values)[0]


def _bound(query: NamedQuery, values: dict[str, str]) -> tuple[str, int, int]:
    """The bound text, and where the ``VALUES`` block went into it (offset, length; 0, 0 for none)."""
    terms = {}
    for name, raw in values.items():
        terms[name] = parse_value(query.parameter(name), raw)
    missing = [p.name for p in query.parameters if p.required and p.name not in terms]
    if missing:
        raise QueryError(f"query {query.name!r} needs parameter(s): {', '.join(missing)} "
                         f"(give them with --param NAME=VALUE)")
    if not terms:
        return query.text, 0, 0
    names = sorted(terms)
    block = ("\nVALUES (" + " ".join("?" + query.parameter(n).bound_to for n in names) + ") { ("
             + " ".join(str(terms[n]) for n in names) + ") }\n")
    position = top_level_group_start(query.text)
    return query.text[:position] + block + query.text[position:], position, len(block)


def resolve_names(store, query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """``values`` with each value of an ``iri`` parameter that is a name (``Russia``, ``RUS``,
    ``Kremlin``) replaced by the IRI it names in ``store`` (:mod:`kg.services.names`); a
    :class:`QueryError` listing the candidates when a name is unknown or ambiguous."""
    out = dict(values)
    for name, raw in values.items():
        if query.parameter(name).type == "iri" and not is_iri_text(raw):
            out[name] = resolve(store, raw, f"parameter {name}")
    return out


def top_level_group_start(text: str) -> int:
    """Offset just inside the ``{`` that opens the query's WHERE group.

    Skips comments, string literals and IRIs, and a CONSTRUCT template, so nothing inside them
    is mistaken for the group.
    """
    i, n = 0, len(text)
    saw_where = construct = False
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        if c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        word = re.match(r"[A-Za-z_]\w*", text[i:]) if (c.isalpha() or c == "_") else None
        if word:
            keyword = word.group(0).upper()
            saw_where = saw_where or keyword == "WHERE"
            construct = construct or keyword == "CONSTRUCT"
            i += len(word.group(0))
            continue
        if c == "{" and (saw_where or not construct):
            return i + 1
        if c == "{":  # a CONSTRUCT template: skip to its end
            i = _matching_brace(text, i)
        i += 1
    raise QueryError("the query has no group pattern { … } to bind parameters into")


def _matching_brace(text: str, i: int) -> int:
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return j
    raise QueryError("unbalanced braces in the query")


def run_query(store, query: NamedQuery, values: dict[str, str] | None = None, *,
              limit: int | None = None) -> QueryResult:
    """Run ``query`` on ``store`` with parameter ``values``; columns follow the query's header.

    A value of an ``iri`` parameter may be a name, resolved through ``store`` first
    (:func:`resolve_names`). ``limit``: at most that many rows, the first ones in the query's
    order (read from the solutions as they come; the query text is not changed)."""
    values = resolve_names(store, query, values or {})
    text, position, inserted = _bound(query, values)
    try:
        solutions = store.query(text)
    except SyntaxError as exc:
        raise QueryError(syntax_error_message(query, exc, text, position, inserted)) from exc
    if isinstance(solutions, (bool, QueryBoolean)):  # the embedded store answers ASK with a QueryBoolean
        return QueryResult(["result"], [[Literal("true" if solutions else "false", datatype=XSD.boolean)]])
    if not hasattr(solutions, "variables"):
        raise QueryError(f"{shown_name(query.path)}: only SELECT and ASK queries can be printed as a table")
    variables = [v.value for v in solutions.variables]
    if query.compute:
        result = _computed(query.compute, variables, solutions)
        if limit is not None:
            result.rows = result.rows[:limit]
        return result
    columns = [c for c in query.columns if c in variables] or variables
    # Rows are read by position: a lookup by name costs about as much as a hash join per row
    # and column (0.15 s of events-table's 1.3 s at 1M quads).
    positions = [variables.index(c) for c in columns]
    if limit is not None:
        solutions = islice(solutions, limit)
    return QueryResult(columns, [[solution[i] for i in positions] for solution in solutions])


_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*", re.IGNORECASE)
_CHAR_RANGES = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]")  # ['A' ..= 'Z' | …]: the parser's character classes


def syntax_error_message(query: NamedQuery, exc: SyntaxError, bound: str | None = None, position: int = 0,
                         inserted: int = 0) -> str:
    """One line for a query that does not parse: the file, the line and column in the file (not in
    the text with the bound ``VALUES`` block), the parser's reason and the text of that line with
    the column marked. ``bound`` is the text that was run, with ``inserted`` characters of ``VALUES``
    block at ``position`` (none: the query's own text).

    Oxigraph says ``error at LINE:COLUMN: expected …`` (1-based, in characters), followed by the
    tokens it would have taken, character classes included; those are left out."""
    where = shown_name(query.path)
    message = str(exc)
    m = _ERROR_AT.match(message)
    if not m:
        return f"{where}: the query does not parse: {one_line(message)}"
    reason = _reason(message[m.end():])
    offset = _offset(query.text if bound is None else bound, int(m.group(1)), int(m.group(2)))
    if inserted and offset >= position + inserted:
        offset -= inserted
    elif inserted and offset > position:
        offset = position  # inside the VALUES block kg added: shown where the block went
    if not query.text[offset:].strip():  # at the end of the query: shown after its last token
        offset = len(query.text.rstrip())
    line = query.text.count("\n", 0, offset) + 1
    start = query.text.rfind("\n", 0, offset) + 1
    column = offset - start + 1
    text = query.text[start:].split("\n", 1)[0].rstrip("\r")
    return (f"{where}: line {line}, column {column}: the query does not parse: {reason}; "
            f"{_marked(text, column - 1)}")


def _offset(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column (in characters) in ``text``, at most its length."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + max(column - 1, 0), len(text))


def _reason(text: str, limit: int = 160) -> str:
    text = _CHAR_RANGES.sub("", one_line(text))
    text = re.sub(r"\['([^']{1,2})'\]", r"'\1'", text)  # ['%'] -> '%'
    parts = [p.strip() for p in text.split(",")]
    text = ", ".join(p for p in parts if p and p != "[_]")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _marked(line: str, index: int, width: int = 70) -> str:
    """Where the parser stopped: the token there (or the one it follows) and the line, cut to about
    ``width`` characters around ``index``, with ``⟨here⟩`` at that point, in backticks."""
    at = re.match(r"\S+", line[index:])
    before = re.search(r"\S+$", line[:index])
    if at:
        where = f"at `{shown_name(at.group(0))}`"
    elif before:
        where = f"after `{shown_name(before.group(0))}`"
    else:
        where = "at the start of the line"
    lo = max(0, min(index - width // 2, len(line) - width))
    hi = min(len(line), lo + width)
    shown = ("…" if lo > 0 else "") + line[lo:index] + "⟨here⟩" + line[index:hi] + ("…" if hi < len(line) else "")
    return f"{where} in `{shown_name(shown.strip())}`"


def _distinctive_names(rows: list[dict]) -> QueryResult:
    from kg.services.word_choice import COLUMNS, distinctive_names

    return QueryResult(list(COLUMNS), distinctive_names(rows))


# Statistics a query file may name with "# compute: NAME": a function of the SPARQL's rows (dicts of
# Python values) returning the result. Only these: a query file cannot name code to run.
COMPUTED = {"distinctive-names": _distinctive_names}


def _python(term):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype.value in (XSD.integer.value,):
        return int(term.value)
    return term.value


def _term(value):
    if value is None or isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(repr(value), datatype=XSD.decimal)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return NamedNode(value)
    return Literal(str(value))


def _computed(name: str, variables: list[str], solutions) -> QueryResult:
    rows = [{v: _python(solution[i]) for i, v in enumerate(variables)} for solution in solutions]
    result = COMPUTED[name](rows)
    return QueryResult(result.columns, [[_term(v) for v in row] for row in result.rows])
