"""docs/notebook.md runs as written (issue 20, item 2): its code blocks, in order, in a fresh
directory whose ``pages/`` holds the example page kg ships or the reference page; then what the
cells left behind is checked, so that a broken example fails here."""
from __future__ import annotations

import re
import shutil
import tempfile

import pandas as pd
import pytest

from conftest import EXAMPLE, REPO, SEED

NOTEBOOK = REPO / "docs" / "notebook.md"


def cells() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", NOTEBOOK.read_text(encoding="utf-8"), re.S | re.M)


def run_notebook(page, tmp_path, monkeypatch) -> dict:
    """Every cell but the last (which closes the store and removes it), then the checks' namespace."""
    (tmp_path / "pages").mkdir()
    shutil.copy(page, tmp_path / "pages" / page.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the notebook's temporary store, under tmp_path
    namespace: dict = {"__name__": "__notebook__"}
    for number, cell in enumerate(cells()[:-1], 1):
        exec(compile(cell, f"docs/notebook.md: cell {number}", "exec"), namespace)
    return namespace


def close(namespace: dict) -> None:
    exec(compile(cells()[-1], "docs/notebook.md: last cell", "exec"), namespace)


def test_the_notebook_has_its_cells():
    text = " ".join(cells())
    for call in ("kg.open(store_dir, write=True)", "kg.open(store_dir)", 'kg.load_query("events")',
                 'kg.load_query("actor-names")', "kg.sparql(", "COUNT(", ".to_pandas()", ".groupby(", ".head("):
        assert call in text, call
    assert cells()[-1].strip().startswith("store.close()")


def check_common(ns: dict, tmp_path) -> None:
    events, names, counts, per_month = ns["events"], ns["names"], ns["counts"], ns["per_month"]
    store_dir = ns["store_dir"]
    assert store_dir.is_relative_to(tmp_path) and (store_dir / "CURRENT").is_file()
    assert ns["summary"].exit_status == 0
    # read-only: the notebook's store refuses writes
    with pytest.raises(Exception):  # noqa: B017
        ns["store"].update('INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }')

    assert list(events.columns[:4]) == ["event", "type", "date", "date_edtf"]
    assert pd.api.types.is_datetime64_any_dtype(events["date"]) and events["confidence"].dtype == "float64"
    assert events["source"].str.startswith("kgid:actor/").all()
    assert ns["full"]["source"].str.startswith("https://w3id.org/kg/id/actor/").all()
    assert names["mentions"].dtype == "int64" and len(names) > 5
    # the inline COUNT by type agrees with the events frame, type by type
    assert counts["events"].dtype == "int64"
    assert dict(zip(counts["type"], counts["events"])) == events.groupby("type").size().to_dict()
    assert (ns["compared"]["events"] == ns["compared"]["in_frame"]).all()
    # events per type per month add up to the events, each in its article's month
    assert list(per_month.columns) == ["month", "type", "events"]
    assert per_month["events"].sum() == len(events)
    assert set(per_month["type"]) == set(events["type"])


def test_the_notebook_on_the_example_page(tmp_path, monkeypatch):
    ns = run_notebook(EXAMPLE, tmp_path, monkeypatch)
    try:
        check_common(ns, tmp_path)
        assert set(ns["per_month"]["month"].astype(str)) == {"2024-05"}
        assert len(ns["events"]) == 6
    finally:
        close(ns)
    assert not ns["store_dir"].exists()  # the temporary store is gone


def test_the_notebook_on_the_reference_page(seed_path, tmp_path, monkeypatch):
    assert seed_path == SEED
    ns = run_notebook(SEED, tmp_path, monkeypatch)
    try:
        check_common(ns, tmp_path)
        events = ns["events"]
        summoning = events[events["evidence"].str.contains("summoned Armenian ambassador")].iloc[0]
        assert summoning["source"] == "kgid:actor/state/RUS" and summoning["date"] == pd.Timestamp("2023-09-08")
        per_month = ns["per_month"]
        assert set(per_month["month"].astype(str)) == {"2023-09"}
        assert per_month.set_index("type").loc["ACCUSE", "events"] == 3
        russia = ns["names"][ns["names"]["actor"] == "kgid:actor/state/RUS"]
        assert russia["mentions"].sum() > 10
    finally:
        close(ns)
