"""Shared fixtures: the reference page from ../shared, real stores on disk, the real CLI."""
from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from kg.cli.main import main

import ipaddress
import socket
import sys

REPO = Path(__file__).resolve().parents[1]


class NetworkAccessError(RuntimeError):
    """A test tried to open a connection beyond the loopback interface."""


def _loopback(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost: it would need DNS, i.e. the network


def _network_guard(event: str, args) -> None:
    """"Nothing reaches the network unless the user asks": enforced for every test in this process.
    Connections (and DNS look-ups) to anything but 127.0.0.0/8, ::1 and localhost fail."""
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise NetworkAccessError(f"a test tried to connect to {address!r}: only 127.0.0.1 is allowed")
    elif event == "socket.getaddrinfo":
        if not _loopback(args[0]):
            raise NetworkAccessError(f"a test tried to look up {args[0]!r}: only 127.0.0.1 is allowed")


sys.addaudithook(_network_guard)  # audit hooks cannot be removed: the guard holds for the whole run
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_5acde872f18f0611.txt"
EXAMPLE = REPO / "examples" / "sample-page.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"the reference page is not at {SEED} (../shared is beside the checkout in CI)")
    return SEED


@pytest.fixture(autouse=True)
def _fixed_build_time(monkeypatch):
    # Builds stamp their time; a fixed SOURCE_DATE_EPOCH makes outputs comparable byte for byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def record_figures(test: str, **figures) -> None:
    """What a hard-failure test saw (kills, exits, documents whole, seconds), as one JSON line in
    $KG_FIGURES_FILE when it is set: scripts/robustness_report.py runs these tests and builds its
    table from the lines. The long tests record before they assert, so a failure still shows its
    figures; a short one records once it passed (a failure is then a FAILED row)."""
    target = os.environ.get("KG_FIGURES_FILE")
    if target:
        import json

        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": test, **figures}, sort_keys=True, default=str) + "\n")


class Canary:
    """A TCP port on 127.0.0.1 that counts the connections made to it and closes each at once:
    what stands in for a remote service a query or a shape must never reach."""

    def __init__(self):
        import threading

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.hits = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def connections(self) -> int:
        return self.hits

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.hits += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()


def run_kg(*args: str, input: bytes | None = None):
    """Run the real CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def build_store(store: Path, *paths, expect: int = 0):
    """``kg build PATHS --store STORE``, which must exit with ``expect``."""
    result = run_kg("build", *paths, "--store", store)
    assert result.exit_code == expect, result.output
    return result


def query_rows(store: Path, name: str, *params: str) -> list[dict]:
    """``kg query NAME --param P …`` as CSV rows (dicts); the query must succeed."""
    import csv
    import io

    args = ["query", name, "--store", store, "--format", "csv"]
    for p in params:
        args += ["--param", p]
    result = run_kg(*args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_path) -> Path:
    """A store with the reference page built into it (read-only use by tests)."""
    store = tmp_path_factory.mktemp("seed") / "store"
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):
        result = run_kg("build", seed_path, "--store", store)
    assert result.exit_code == 0, result.output
    return store
