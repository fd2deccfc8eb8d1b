"""kg's front door (issue 18, item 5): the documented Python API importable from ``kg``, the
README's Python section run as it is written, and the module paths that moved kept for one release."""
from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys

import pytest

import kg
from conftest import EXAMPLE, REPO
from kg import _moved


def test_every_public_name_is_importable_from_kg():
    for name in kg.__all__:
        value = getattr(kg, name)
        assert value is not None, name
        if name == "build":
            assert value is importlib.import_module("kg.build") and callable(value)
        elif name != "__version__":
            assert value is getattr(importlib.import_module(kg._API[name]), name)
    assert set(dir(kg)) >= set(kg.__all__)
    with pytest.raises(AttributeError):
        kg.not_a_name  # noqa: B018


def test_import_kg_loads_no_rdf_library_and_no_nlp():
    """``import kg`` is what every ``kg`` command and worker does first: it must stay light."""
    code = ("import sys, kg; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('rdflib', 'pyoxigraph', 'spacy', 'pyshacl', 'pyshacl_turbo', 'click')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_readme_python_section_runs_as_written(tmp_path, monkeypatch):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API"):]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    (tmp_path / "pages").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "pages" / EXAMPLE.name)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md: Python API", "exec"), {})
    assert (tmp_path / "graph.trig").stat().st_size > 10_000
    with kg.open_store("my-store") as store:
        assert len(kg.run_query(store, kg.load_query("topics")).rows) > 0


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_a_moved_module_path_still_imports_the_new_module_and_warns(old):
    new = _moved.MOVED[old]
    # forget only the old path: loading the new module a second time would leave two copies of its
    # functions, which multiprocessing then cannot pickle (the workers' initialiser)
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=re.escape(new)):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)


def test_nothing_in_the_repository_uses_a_moved_path():
    """The old paths are for users' scripts; kg's own code, tests, scripts and benchmarks use the new."""
    names = "|".join(re.escape(m) for m in sorted(_moved.MOVED, key=len, reverse=True))
    # an import of an old path, or one named in a string (mock targets, ``-m`` arguments)
    old = re.compile(rf"(?:\b(?:from|import)\s+|[\"'])({names})(?![\w])")
    found = []
    for folder in ("src", "tests", "scripts", "bench"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.name in ("_moved.py", "test_api.py"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if old.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []
