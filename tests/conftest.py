"""Shared fixtures: the reference page from ../shared, real stores on disk, the real CLI."""
from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from kg.cli import main

REPO = Path(__file__).resolve().parents[1]
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


def run_kg(*args: str, input: bytes | None = None):
    """Run the real CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_path) -> Path:
    """A store with the reference page built into it (read-only use by tests)."""
    store = tmp_path_factory.mktemp("seed") / "store"
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):
        result = run_kg("build", seed_path, "--store", store)
    assert result.exit_code == 0, result.output
    return store
