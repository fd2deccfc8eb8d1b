"""The floors' import rules hold: `lint-imports` checks pyproject.toml's contracts on src/kg.

The contracts (``[tool.importlinter]``): floors import only downwards; readers, kb and extraction
import no rdflib or pyoxigraph; extraction never reaches store or services; only kg.cli imports
kg.cli; no import cycles between sibling modules. README's Layout section states the same floors.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# the console script beside the interpreter running the tests: the venv's import-linter
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess:
    """Run lint-imports with this venv's interpreter from the repository root, on the package kg
    found in `source` (so that a copy can be checked with the repository's own contracts)."""
    environment = {**os.environ, "PYTHONPATH": str(source), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, str(LINT_IMPORTS), "--no-cache", "--config", str(REPO / "pyproject.toml")],
                          cwd=REPO, env=environment, capture_output=True, text=True, timeout=300)


def contracts() -> list[dict]:
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def broken(output: str) -> dict[str, str]:
    """What lint-imports says of each broken contract, by the contract's name."""
    report = output.split("Broken contracts", 1)[-1]
    names = [contract["name"] for contract in contracts()]
    found, current = {}, None
    for line in report.splitlines():
        if line in names:
            current = line
            found[current] = ""
        elif current:
            found[current] += line + "\n"
    return found


def test_the_contracts_hold():
    result = lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_contract_catches_its_violation(tmp_path):
    # a copy of kg with one forbidden import per contract: each must be reported by its contract
    copy = tmp_path / "kg"
    shutil.copytree(REPO / "src" / "kg", copy, ignore=shutil.ignore_patterns("__pycache__"))
    probes = {
        "readers/probe_upward.py": "import kg.build.run\n",
        "kb/probe_rdf.py": "import rdflib\n",
        "extraction/probe_store.py": "from kg.store import local\n",
        "probe_cli.py": "import kg.cli.main\n",
        "labels_probe_a.py": "import kg.labels_probe_b\n",
        "labels_probe_b.py": "import kg.labels_probe_a\n",
    }
    for name, text in probes.items():
        (copy / name).write_text(text, encoding="utf-8")

    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    by_type = {contract["type"] + ":" + ",".join(contract.get("forbidden_modules", [])): contract["name"]
               for contract in contracts()}
    reports = broken(result.stdout)

    def said(kind: str) -> str:
        assert by_type[kind] in reports, f"{by_type[kind]!r} was not broken:\n{result.stdout}"
        return reports[by_type[kind]]

    assert "kg.readers.probe_upward -> kg.build.run" in said("layers:")
    assert "kg.kb.probe_rdf -> rdflib" in said("forbidden:rdflib,pyoxigraph")
    assert "kg.extraction.probe_store -> kg.store" in said("forbidden:kg.store,kg.services")
    assert "kg.probe_cli" in said("protected:")
    assert re.search(r"labels_probe_[ab] -> \.labels_probe_[ab]", said("acyclic_siblings:"))


def layout_floors() -> list[set[str]]:
    """The floors README's Layout section gives for src/kg/, bottom first, as module names."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    entry = re.search(r"^    src/kg/ .*?(?=^    \S)", layout, re.MULTILINE | re.DOTALL).group(0)
    chain = " ".join(line for line in entry.splitlines() if "→" in line)
    return [{"kg." + name.strip().rstrip("/") for name in floor.split(",")} for floor in chain.split("→")]


def contract_floors() -> list[set[str]]:
    [layers] = [contract for contract in contracts() if contract["type"] == "layers"]
    return [{name.strip().strip("()") for name in re.split(r"[|:]", layer)} for layer in reversed(layers["layers"])]


def test_readme_layout_states_the_contracts_floors():
    assert layout_floors() == contract_floors()


def test_every_module_of_kg_is_on_a_floor():
    # A new top-level module or package must be given its floor, or the layers never see it. The
    # front door, kg/__init__.py with its private helpers (kg._*), is above the floors: it exports them.
    on_floors = set().union(*contract_floors())
    top = {"kg." + (entry.stem if entry.suffix == ".py" else entry.name)
           for entry in (REPO / "src" / "kg").iterdir()
           if not entry.name.startswith("_")
           and (entry.suffix == ".py" or (entry.is_dir() and any(entry.rglob("*.py"))))}
    assert top <= on_floors, f"not on any floor of pyproject.toml's layers contract: {sorted(top - on_floors)}"
