"""Memberships from reference data: their own graph, attributed to their source."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

from conftest import REPO, SHARED, run_kg


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_alliances_from_reference_data_carry_their_source(seed_store):
    found = rows(run_kg("query", "alliances", "--store", seed_store, "--format", "csv"))
    six = {"Bahrain", "Kuwait", "Oman", "Qatar", "Saudi Arabia", "United Arab Emirates"}
    # the same six, once as the reference data has them and once as the publisher's definition
    # ("Arab states of the Persian Gulf, except for Iraq") resolves to them
    for source in ("The World Factbook", "Alwaght"):
        gcc = {r["member_label"] for r in found
               if r["alliance_label"] == "Gulf Cooperation Council" and r["source"] == source}
        assert gcc == six, source
    nato = {r["member"].rsplit("/", 1)[-1] for r in found if r["alliance_label"] == "North Atlantic Treaty Organization"}
    assert {"FRA", "TUR", "USA", "FIN", "SWE"} <= nato and len(nato) >= 30
    csto = {r["member_label"] for r in found if r["alliance_label"] == "Collective Security Treaty Organization"}
    assert "Armenia" in csto and "Russia" in csto
    # a parameter narrows to one organisation
    only = rows(run_kg("query", "alliances", "--store", seed_store, "--format", "csv",
                       "-p", "alliance=kgid:actor/intergovernmental-organization/gcc"))
    assert len(only) == 12 and {r["source"] for r in only} == {"The World Factbook", "Alwaght"}


def test_publisher_claims_and_reference_data_stay_apart(seed_store):
    found = rows(run_kg("query", "alliances", "--store", seed_store, "--format", "csv"))
    sources = {r["source"] for r in found}
    assert {"Alwaght", "The World Factbook"} <= sources


def test_membership_table_is_reproducible(tmp_path):
    if not (SHARED / "data" / "factbook_json").is_dir():
        import pytest
        pytest.skip("../shared/data is not beside the checkout")
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        subprocess.run([sys.executable, str(REPO / "scripts" / "build_memberships.py"), "--output", str(out)],
                       check=True, capture_output=True, timeout=300)
        outputs.append((out / "memberships.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == (REPO / "src" / "kg" / "data" / "kb" / "memberships.jsonl").read_bytes()


def test_locations_table_is_reproducible(tmp_path):
    if not (SHARED / "data" / "factbook_json").is_dir():
        import pytest
        pytest.skip("../shared/data is not beside the checkout")
    out = tmp_path / "locations"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_locations.py"), "--output", str(out)],
                   check=True, capture_output=True, timeout=300)
    assert (out / "locations.jsonl").read_bytes() == (REPO / "src" / "kg" / "data" / "kb" / "locations.jsonl").read_bytes()


def test_arab_league_membership_comes_from_participation_lists():
    from kg.kb.reference import members_of

    arab = members_of()["igo:ARAB_LEAGUE"]
    assert {"state:SAU", "state:EGY", "state:IRQ", "state:MAR"} <= arab
    assert "state:IRN" not in arab and "state:TUR" not in arab
