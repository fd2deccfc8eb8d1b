"""A non-editable install into a fresh virtual environment works with no checkout around it."""
from __future__ import annotations

import os
import subprocess
import venv

import pytest

from conftest import EXAMPLE, REPO


@pytest.mark.slow
def test_wheel_install_builds_validates_and_queries_from_elsewhere(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", REPO / "constraints.txt", str(REPO)],
        capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    kg = env_dir / "bin" / "kg"
    work = tmp_path / "elsewhere"
    work.mkdir()
    page = work / "page.txt"
    page.write_bytes(EXAMPLE.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_STORE")}

    def run(*args):
        return subprocess.run([kg, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)

    # The installed package must not find the assets through the checkout.
    where = subprocess.run([python, "-c", "import kg.resources as r; print(r.asset_dir('queries'))"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr

    assert run("build", "page.txt").returncode == 0
    assert (work / ".kg" / "store").is_dir()  # the default store path
    validate = run("validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    topics = run("query", "topics", "--format", "csv")
    assert topics.returncode == 0
    assert len(topics.stdout.strip().splitlines()) == 1 + 4  # header + the example's four topics
    assert run("export", "--format", "json-ld", "--output", "out.jsonld").returncode == 0
    check = run("ontology", "check")
    assert check.returncode == 0, check.stdout + check.stderr
