"""What every kg command group shares: the --store option and one-line error reporting."""
from __future__ import annotations

import functools
import sys
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
