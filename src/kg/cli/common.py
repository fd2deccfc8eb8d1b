"""What every kg command group shares: the --store option, one-line error reporting, and the
progress line a build shows on a terminal."""
from __future__ import annotations

import functools
import shutil
import sys
import time
from pathlib import Path

import click

from kg.errors import KgError, shown_name

STORE_HELP = "Store directory (default: $KG_STORE or ./.kg/store)."


def store_option(f):
    return click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help=STORE_HELP)(f)


def reports_errors(f):
    """Turn kg's errors into a one-line message on stderr and their exit status."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KgError as exc:
            # shown_name on the whole line: whatever file name reached the message unescaped
            # (control characters, bytes that are not UTF-8) is escaped before the terminal sees it
            click.echo(f"kg: error: {shown_name(exc)}", err=True)
            sys.exit(exc.exit_status)
    return wrapper


class BuildProgress:
    """A build's progress on a terminal: one line on stderr, rewritten in place, with the documents
    done out of ``total`` (an estimate: kg.build.inputs.estimate_documents; None: not known), the
    share done, an ETA and the last document; problems go above it on lines of their own. Only
    for a terminal: in a pipe the build prints its problems and summary alone."""

    REDRAW = 0.1  # seconds between redraws

    def __init__(self, total: int | None, stream=None, clock=time.monotonic):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.first_at: float | None = None  # when the first document came: start-up (loading models) is no rate
        self.done = 0
        self.last_key = ""
        self.drawn_at = None
        self.showing = False

    def update(self, outcome, line: str | None = None) -> None:
        """One more document (``outcome``: kg.build.run.Outcome); ``line``: a problem to print above."""
        self.done += 1
        if self.first_at is None:
            self.first_at = self.clock()
        self.last_key = f"{outcome.status}: {shown_name(outcome.key)}"
        if line is not None:
            self._clear()
            self.stream.write(line + "\n")
            self.drawn_at = None  # draw again at once
        now = self.clock()
        if self.drawn_at is None or now - self.drawn_at >= self.REDRAW or self.done == self.total:
            self._draw(now)

    def text(self, now: float | None = None) -> str:
        """The progress line, without the terminal's controls."""
        now = self.clock() if now is None else now
        total = self.total if self.total and self.total >= self.done else None
        if total is None:
            head = f"kg build: {self.done:,} done"
        else:
            head = f"kg build: {self.done:,}/{total:,} ({100 * self.done // total}%)"
            # the rate since the first document (documents come a batch at a time: a second is enough to see one)
            elapsed = now - self.first_at if self.first_at is not None else 0
            if self.done > 1 and elapsed >= 1 and self.done < total:
                head += f", ETA {_duration(elapsed / (self.done - 1) * (total - self.done))}"
        return f"{head} | {self.last_key}" if self.last_key else head

    def _draw(self, now: float) -> None:
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)  # never wrap: \r must reach its start
        self.stream.write("\r\x1b[K" + self.text(now)[:width])
        self.stream.flush()
        self.drawn_at = now
        self.showing = True

    def _clear(self) -> None:
        if self.showing:
            self.stream.write("\r\x1b[K")
            self.showing = False

    def close(self) -> None:
        """Take the line away (the summary follows); closing twice does nothing more."""
        self._clear()
        self.stream.flush()


def _duration(seconds: float) -> str:
    """2h05m, 3m12s, 45s."""
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"
