"""scripts/dev_split.py: the look/check split of the development collections (docs/accuracy.md).
The split is fixed forever: these known keys pin it, so a change to the rule fails here first."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def load():
    spec = importlib.util.spec_from_file_location("dev_split", REPO / "scripts" / "dev_split.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


split = load()


def test_deterministic():
    for collection, key in [("newswcl50", "0"), ("plover_gsr", "GSR-dev-0042"), ("conflibert_cameo_train", "17")]:
        first = split.part(collection, key)
        assert first in ("look", "check")
        assert all(split.part(collection, key) == first for _ in range(5))
        assert load().part(collection, key) == first  # a fresh import: nothing depends on process state


def test_the_rule():
    import hashlib
    for collection, key in [("newswcl50", "2"), ("plover_gsr", "GSR-dev-0001"), ("x", "y")]:
        value = int(hashlib.sha256(f"{collection}:{key}".encode()).hexdigest()[:8], 16) % 100
        assert split.part(collection, key) == ("check" if value < 30 else "look")


@pytest.mark.parametrize("collection, key, expected", [
    # the five NewsWCL50 events held here: only event 2 (North Korea suspends tests) is checked
    ("newswcl50", "0", "look"), ("newswcl50", "2", "check"), ("newswcl50", "4", "look"),
    ("newswcl50", "6", "look"), ("newswcl50", "8", "look"),
    ("plover_gsr", "GSR-dev-0001", "check"), ("plover_gsr", "GSR-dev-0002", "look"),
    ("conflibert_cameo_train", "1", "check"), ("conflibert_cameo_train", "2", "look"),
    ("reference-page", "000_5acde872f18f0611", "look"),
])
def test_fixed_split_of_known_keys(collection, key, expected):
    assert split.part(collection, key) == expected


def test_newswcl50_keyed_by_event():
    # the five outlets of one happening share its part
    assert {split.newswcl50_part(f"2_{outlet}") for outlet in ("LL", "L", "M", "R", "RR")} == {"check"}
    assert {split.newswcl50_part(f"0_{outlet}") for outlet in ("LL", "L", "M", "R", "RR")} == {"look"}


def test_reference_page_is_look_only():
    assert {split.part("reference-page", str(n)) for n in range(200)} == {"look"}


def test_cli():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "dev_split.py"), "newswcl50", "2"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "check\n"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "dev_split.py"), "newswcl50"],
                            capture_output=True, text=True)
    assert result.returncode == 2


@pytest.mark.parametrize("collection", ["newswcl50", "plover_gsr", "conflibert_cameo_train", "trafilatura_eval"])
def test_each_collection_present_has_both_parts(collection):
    keys = split.collection_keys(DATA).get(collection)
    if not keys:
        pytest.skip(f"{collection} is not under {DATA}")
    parts = [split.part(collection, key) for key in keys]
    assert parts.count("look") and parts.count("check"), f"{collection}: {len(parts)} keys, one part empty"


def test_conflibert_ner_sentences_keep_their_class_file_part():
    if not (DATA / "conflibert_cameo_train" / "cameo_ner_train.txt").is_file():
        pytest.skip("conflibert_cameo_train is not under ../shared/data")
    classes = dict(split.conflibert_class_keys(DATA))
    keyed = split.conflibert_ner_keys(DATA)
    shared = [(key, words) for key, words in keyed if not key.startswith("ner:")]
    assert len(shared) > len(keyed) // 2
    # the first NER sentence is the first line of the class file
    assert keyed[0][0] == "1" and classes["1"].startswith("In September, a car bomb in Kiev")
    parts = [split.part("conflibert_cameo_train", key) for key, _ in keyed]
    assert parts.count("look") and parts.count("check")
