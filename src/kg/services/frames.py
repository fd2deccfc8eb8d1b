"""Query results as typed pandas DataFrames (:func:`to_pandas`, what ``QueryResult.to_pandas()``
calls): for notebooks. pandas is an optional extra (``pip install 'kg[notebook]'``); kg imports
and runs without it, and only this conversion asks for it.

A column's type comes from the RDF datatypes of its terms:

=====================================================  ===========================================
terms                                                  column
=====================================================  ===========================================
xsd:integer and its kinds (int, long, …)               int64 (Int64 where a value is missing)
xsd:decimal, xsd:double, xsd:float (with integers)     float64 (NaN where missing)
xsd:boolean                                            bool (boolean where a value is missing)
xsd:date, xsd:dateTime                                 datetime64 (UTC where the values have zones)
xsd:gYear, xsd:gYearMonth                              period[Y], period[M]
IRIs                                                   text: compact (``kgid:actor/state/RUS``)
                                                       with kg's prefixes, or full (``iris="full"``)
strings, language-tagged strings, other datatypes      text (the language tag is dropped)
dates written as text: the stated day, else an EDTF    datetime64, the day where the value is one
value (``events``' ``date``: "2023-09-08",             day, NaT where it is not; the text is kept
"../2023-09-11", "2023-09-04~/2023-09-11"), or         beside it, in ``<column>_edtf``
xsd:date mixed with kg's EDTF literals
=====================================================  ===========================================

A column whose terms are of several of these kinds (an IRI here, a number there) stays ``object``,
each cell the Python value of its term. Missing values (unbound variables) are NA. Columns keep the
query's order; an empty result gives an empty frame with the query's columns.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from pyoxigraph import BlankNode, Literal, NamedNode

from kg import vocab
from kg.services.results import compact

INSTALL_HINT = "pip install 'kg[notebook]'"
IRI_FORMS = ("compact", "full")

_INTEGER_TYPES = {vocab.XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {vocab.XSD + name for name in ("decimal", "double", "float")}
_STRING_TYPES = {vocab.XSD + "string", vocab.RDF + "langString"}
_KINDS = {vocab.XSD + "boolean": "boolean", vocab.XSD + "date": "date", vocab.XSD + "dateTime": "datetime",
          vocab.XSD + "gYear": "year", vocab.XSD + "gYearMonth": "month", vocab.EDTF_DATATYPE: "edtf"}

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ZONE = re.compile(r"(Z|[+-][0-9]{2}:[0-9]{2})$")
# the EDTF kg writes: a year, a month or a day, perhaps uncertain/approximate, or an interval of
# two of them whose ends may be open ("..") or unknown (empty): "2023-09-04~/2023-09-11", "../2023-09-11"
_EDTF_POINT = r"-?[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[~?%]?"
_EDTF = re.compile(rf"{_EDTF_POINT}|(?:{_EDTF_POINT}|\.\.)?/(?:{_EDTF_POINT}|\.\.)?")


def require_pandas():
    """The pandas module, or an ImportError saying how to install it."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(f"to_pandas needs pandas, an optional extra of kg: {INSTALL_HINT}") from exc
    return pandas


def to_pandas(columns: list[str], rows: list[list], *, iris: str = "compact"):
    """A pandas DataFrame of a query result's ``columns`` and ``rows`` (pyoxigraph terms, None for
    unbound), typed by the terms' datatypes (the module's table). ``iris``: "compact" (IRIs written
    with kg's prefixes, as ``kg query`` tables show them) or "full"."""
    if iris not in IRI_FORMS:
        from kg.errors import UsageError

        raise UsageError(f"iris={iris!r}: expected one of {', '.join(IRI_FORMS)}")
    pd = require_pandas()
    if not rows:
        return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns}, columns=list(columns))
    data: dict[str, object] = {}
    for index, name in enumerate(columns):
        terms = [row[index] for row in rows]
        kinds = {_kind(term) for term in terms if term is not None}
        kind = _column_kind(kinds, terms)
        if kind == "edtf-text" and f"{name}_edtf" not in columns:
            data[name] = _series(pd, "date-of-edtf", terms, iris)
            data[f"{name}_edtf"] = _series(pd, "string", terms, iris)
        else:
            data[name] = _series(pd, kind if kind != "edtf-text" else "string", terms, iris)
    return pd.DataFrame(data)


def _kind(term) -> str:
    if isinstance(term, NamedNode):
        return "iri"
    if isinstance(term, BlankNode):
        return "bnode"
    if not isinstance(term, Literal):
        return "other"  # an RDF-star triple
    datatype = term.datatype.value
    if datatype in _INTEGER_TYPES:
        return "integer"
    if datatype in _FLOAT_TYPES:
        return "float"
    if datatype in _STRING_TYPES:
        return "string"
    return _KINDS.get(datatype, "string")  # a datatype pandas has no type for: its text


def _column_kind(kinds: set[str], terms: list) -> str:
    if not kinds:
        return "object"  # every value missing
    if kinds <= {"integer"}:
        return "integer"
    if kinds <= {"integer", "float"}:
        return "float"
    if kinds <= {"date", "datetime"}:
        return "datetime"
    if kinds <= {"date", "edtf", "string"} and kinds & {"date", "string"} and _edtf_with_days(terms):
        return "edtf-text"  # days and EDTF values (written as text, or typed)
    if kinds <= {"iri", "bnode"}:
        return "iri"
    if len(kinds) == 1:
        return next(iter(kinds))
    return "object"


def _edtf_with_days(terms: list) -> bool:
    """Every value is a day or an EDTF value, and some have a day in them: a column of dates,
    not text that happens to be a year or a month ("2020", "2023-09")."""
    values = [t.value for t in terms if t is not None]
    return all(_EDTF.fullmatch(v) for v in values) and any(_DAY.search(v) for v in values)


def _series(pd, kind: str, terms: list, iris: str):
    try:
        return _typed(pd, kind, terms, iris)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        # a value that does not read as its datatype says ("abc"^^xsd:integer), a date pandas
        # cannot hold: the column as Python values, each as its term reads
        return pd.Series([_python(pd, t, iris) for t in terms], dtype=object)


def _typed(pd, kind: str, terms: list, iris: str):
    missing = any(t is None for t in terms)
    if kind == "integer":
        values = [None if t is None else int(t.value) for t in terms]
        return pd.Series(pd.array(values, dtype="Int64")) if missing else pd.Series(values, dtype="int64")
    if kind == "float":
        return pd.Series([float("nan") if t is None else float(t.value) for t in terms], dtype="float64")
    if kind == "boolean":
        values = [None if t is None else _boolean(t.value) for t in terms]
        return pd.Series(pd.array(values, dtype="boolean")) if missing else pd.Series(values, dtype=bool)
    if kind in ("datetime", "date-of-edtf"):
        texts = [_datetime_text(t, kind) for t in terms]
        zoned = {bool(_ZONE.search(s)) for s in texts if s is not None}
        if len(zoned) > 1:
            raise ValueError("times with and without a zone in one column")
        stamps = pd.to_datetime(pd.Series(texts, dtype=object), format="ISO8601", utc=zoned == {True})
        return stamps
    if kind in ("year", "month"):
        freq = "Y" if kind == "year" else "M"
        return pd.Series(pd.array([None if t is None else pd.Period(_ZONE.sub("", t.value), freq=freq)
                                   for t in terms], dtype=f"period[{freq}]"))
    if kind in ("iri", "string", "edtf"):
        return pd.Series([None if t is None else _text(t, iris) for t in terms])
    return pd.Series([_python(pd, t, iris) for t in terms], dtype=object)


def _datetime_text(term, kind: str) -> str | None:
    """The ISO text pandas reads for a date or time term; None where there is none (a missing
    value, or an EDTF value that is not one day)."""
    if term is None:
        return None
    value = term.value
    if _kind(term) == "date":
        return _ZONE.sub("", value)  # a date's zone says little; the day is what is meant
    if kind == "date-of-edtf":
        return value if _DAY.fullmatch(value) else None
    return value


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"{text!r} is not an xsd:boolean")


def _text(term, iris: str) -> str:
    if isinstance(term, NamedNode):
        return compact(term) if iris == "compact" else term.value
    if isinstance(term, BlankNode):
        return str(term)
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _python(pd, term, iris: str):
    """One term as a Python value (for a column of mixed kinds)."""
    if term is None:
        return None
    kind = _kind(term)
    try:
        if kind == "integer":
            return int(term.value)
        if kind == "float":
            return float(term.value)
        if kind == "boolean":
            return _boolean(term.value)
        if kind == "date":
            return date.fromisoformat(_ZONE.sub("", term.value))
        if kind == "datetime":
            return datetime.fromisoformat(term.value)
        if kind in ("year", "month"):
            return pd.Period(_ZONE.sub("", term.value), freq="Y" if kind == "year" else "M")
    except (ValueError, OverflowError, TypeError):
        pass  # not what its datatype says: its text
    return _text(term, iris)
