"""Errors kg raises, each mapped to a documented exit status by the CLI.

Exit statuses: 0 success; 1 data does not conform / some documents failed; 2 usage or input error.
"""
from __future__ import annotations

import os
import re
import sys
import traceback

# What a terminal would act on rather than show: C0 and C1 controls (ESC starts a colour or cursor
# sequence), line and paragraph separators, the bidirectional overrides that reorder what follows,
# and lone surrogates (a file name's undecodable bytes, as Python keeps them).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: object) -> str:
    """``text`` on one line: runs of line breaks and other whitespace become one space (a
    message quoting a parser's multi-line complaint stays one line)."""
    return " ".join(str(text).split())


def shown_name(name: object) -> str:
    """A file name as a message shows it: control characters (a newline or ESC in a file name)
    escaped, so the message stays one line, cannot drive the terminal and says exactly which
    file. A byte of the name that is not UTF-8 shows as that byte (``\\xff``). Applying it twice
    changes nothing more."""
    return _CONTROL.sub(_escaped, str(name))


def _escaped(match: re.Match) -> str:
    char = match.group(0)
    if "\udc80" <= char <= "\udcff":  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    code = ord(char)
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def unexpected(exc: BaseException) -> str:
    """The one-line reason an unexpected exception gives for the record or document it stopped
    (the caller names which). With ``KG_DEBUG`` set the traceback goes to stderr as well: such an
    exception is most likely a bug in kg, and the line alone would not show where."""
    debug = bool(os.environ.get("KG_DEBUG"))
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    detail = one_line(exc)
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{reason} (unexpected: {'its traceback is above' if debug else 'set KG_DEBUG=1 for a traceback'})"


class KgWarning(UserWarning):
    """Something odd in an input that kg read anyway; the CLI shows it as one line,
    ``kg: warning: MESSAGE`` (the message names the file)."""


def kg_warning_line(message: object) -> str:
    """How a KgWarning is shown: ``kg: warning: MESSAGE`` on one line."""
    return f"kg: warning: {shown_name(one_line(message))}"


def show_kg_warnings_as_lines(stream=None) -> None:
    """Show KgWarnings as :func:`kg_warning_line` on stderr, every time, in this process (a build's
    worker processes, which the CLI's own setting does not reach); other warnings as Python does."""
    import sys
    import warnings

    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, KgWarning):
            print(kg_warning_line(message), file=stream or sys.stderr, flush=True)
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    warnings.simplefilter("always", KgWarning)


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
