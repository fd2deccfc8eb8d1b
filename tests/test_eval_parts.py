"""scripts/eval_events.py and scripts/eval_quad.py report look / check / all (docs/accuracy.md): each
record is scored in the part scripts/dev_split.py gives it, and no check-part sentence is ever
printed. On a few records only, not the full evaluation."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
DATA = REPO.parent / "shared" / "data"
GOLD = DATA / "plover_gsr" / "PLOVER_GSR_dev.json"
CONFLIBERT = DATA / "conflibert_cameo_train"


def load(name):
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


split, events, quad = load("dev_split"), load("eval_events"), load("eval_quad")
needs_plover = pytest.mark.skipif(not GOLD.is_file(), reason="plover_gsr is not under ../shared/data")
needs_conflibert = pytest.mark.skipif(not (CONFLIBERT / "cameo_ner_train.txt").is_file(),
                                      reason="conflibert_cameo_train is not under ../shared/data")


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(SCRIPTS / script), *args], capture_output=True, text=True,
                            timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr[-600:]
    return result.stdout


# ---------------------------------------------------------------- PLOVER (eval_events.py)

@needs_plover
def test_plover_records_land_in_their_part():
    items = events.gold_items(GOLD, limit=20)
    assert len(items) == 20 and all(i["id"].startswith("GSR-dev-") for i in items)  # the DOCUMENT header is none
    assert all(i["part"] == split.part("plover_gsr", i["id"]) for i in items)
    assert {i["part"] for i in items} == {"look", "check"}
    assert items[0]["id"] == "GSR-dev-0001" and items[0]["part"] == "check"  # pinned in test_dev_split.py


@needs_plover
def test_plover_parts_add_up_and_confusions_come_from_the_look_part_only():
    items = events.gold_items(GOLD, limit=30)
    # every gold dyad coded with a wrong type: every record has a confusion
    wrong = {i["id"]: {(s, "NOT-" + k, t) for s, k, t in i["gold"]} for i in items}
    figures, confusions = events.by_part(items, wrong)
    assert figures["look"]["sentences"] + figures["check"]["sentences"] == figures["all"]["sentences"] == 30
    assert figures["look"]["typed"] + figures["check"]["typed"] == figures["all"]["typed"]
    assert figures["all"]["type_accuracy"] == 0.0 and figures["all"]["dyad_f1"] == 1.0
    parts = {i["id"]: i["part"] for i in items}
    assert confusions and {parts[record_id] for _, _, record_id in confusions} == {"look"}
    report = events.look_report(items, wrong, confusions, n=100)
    for item in items:
        assert (item["text"] in report) == (item["part"] == "look" and bool(item["gold"])), item["id"]


@needs_plover
def test_eval_events_prints_no_check_sentence():
    items = events.gold_items(GOLD, limit=12)
    out = run("eval_events.py", "--limit", "12", "--examples", "50")
    assert "| sentences" in out and "look" in out and "check" in out
    for item in items:
        if item["part"] == "check":
            assert item["text"] not in out and item["id"] not in out


# ---------------------------------------------------------------- ConfliBERT (eval_quad.py)

@needs_conflibert
def test_quad_sentences_keyed_by_line_number():
    rows = quad.class_sentences(DATA, limit=25)
    lines = (CONFLIBERT / "cameo_class_train.tsv").read_text(encoding="utf-8").splitlines()
    assert [r["key"] for r in rows] == [str(n) for n in range(1, 26)]
    for r in rows:
        assert lines[int(r["key"]) - 1].startswith(r["text"]) and r["gold"] in range(5)
        assert r["part"] == split.part("conflibert_cameo_train", r["key"])
    assert rows[0]["part"] == "check" and rows[1]["part"] == "look"  # pinned in test_dev_split.py


@needs_conflibert
def test_ner_sentences_take_their_class_file_part():
    ner = quad.ner_sentences(DATA, limit=15)
    keyed = split.conflibert_ner_keys(DATA)[:15]
    assert [n["key"] for n in ner] == [k for k, _ in keyed]
    assert all(n["part"] == split.part("conflibert_cameo_train", n["key"]) for n in ner)
    first = ner[0]  # "In September, a car bomb in Kiev killed another ethnic Chechen ..."
    assert [first["text"][s:e] for s, e in first["source"]] == ["a car bomb"]
    assert [first["text"][s:e] for s, e in first["target"]] == ["another ethnic Chechen"]


def test_quad_class_of_an_event():
    assert quad.quad_class(None) == 0
    assert quad.quad_class({"cameo": "010", "type": "CONSULT"}) == 0
    assert quad.quad_class({"cameo": "042", "type": "CONSULT"}) == 1
    assert quad.quad_class({"cameo": "0874", "type": "RETREAT"}) == 2
    assert quad.quad_class({"cameo": "112", "type": "ACCUSE"}) == 3
    assert quad.quad_class({"cameo": "190", "type": "ASSAULT"}) == 4
    assert quad.quad_class({"cameo": None, "type": "SANCTION"}) == 4
    assert quad.quad_class({"type": "AID"}) == 2


@needs_conflibert
def test_quad_confusions_come_from_the_look_part_only():
    rows = quad.class_sentences(DATA, limit=40)
    for r in rows:  # every sentence wrong
        r["event"], r["pred"] = None, (r["gold"] + 1) % 5
    figures = quad.per_part(rows, quad.quad_figures)
    assert figures["look"]["sentences"] + figures["check"]["sentences"] == figures["all"]["sentences"] == 40
    assert figures["all"]["accuracy"] == 0.0
    report = quad.look_report(rows, n=100)
    for r in rows:
        assert (r["text"] in report) == (r["part"] == "look"), r["key"]


@needs_conflibert
def test_eval_quad_prints_no_check_sentence():
    rows = quad.class_sentences(DATA, limit=20)
    ner = quad.ner_sentences(DATA, limit=20)
    out = run("eval_quad.py", "--limit", "20", "--examples", "50")
    assert "quad accuracy" in out and "majority baseline" in out and "source overlaps gold" in out
    for r in rows + ner:
        if r["part"] == "check":
            assert r["text"] not in out
