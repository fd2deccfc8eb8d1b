"""Errors kg raises, each mapped to a documented exit status by the CLI.

Exit statuses: 0 success; 1 data does not conform / some documents failed; 2 usage or input error.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: object) -> str:
    """``text`` on one line: runs of line breaks and other whitespace become one space (a
    message quoting a parser's multi-line complaint stays one line)."""
    return " ".join(str(text).split())


def shown_name(name: object) -> str:
    """A file name as a message shows it: control characters (a newline in a file name)
    escaped, so the message stays one line and says exactly which file."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], str(name))


class KgError(Exception):
    """Base class; ``exit_status`` is what the CLI exits with."""

    exit_status = 2


class InputError(KgError):
    """An input file cannot be read as a document: missing, empty, binary, undecodable, or
    with no recognisable content. The message names the file (and line where it helps)."""

    def __init__(self, source: str, problem: str, line: int | None = None):
        self.source = source
        self.problem = problem
        self.line = line
        where = shown_name(source) + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {one_line(problem)}")


class QueryError(KgError):
    """A query is unknown, malformed, or given bad parameters."""


class StoreError(KgError):
    """The store cannot be opened or written."""


class OntologyError(KgError):
    """The ontology cannot be loaded or is inconsistent."""

    exit_status = 1


class UsageError(KgError):
    """An option or argument is malformed (a bad --columns map, an unknown engine)."""
