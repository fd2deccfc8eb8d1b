"""The bundled knowledge base of actors, the matcher over it, and users' own actor files."""
from __future__ import annotations

import collections
import importlib.util
import json
import re
import subprocess
import sys
import time
import unicodedata
from datetime import date
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from kg.errors import InputError
from kg.kb.actors import Actor, Role, bundled_actors
from kg.extraction.gazetteer import Gazetteer, default_gazetteer
from kg.mapping.kb_files import load_actors as load_user_actors

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SEED = REPO.parent / "shared" / "seeds" / "000_5acde872f18f0611.txt"
KB_FILE = REPO / "src" / "kg" / "data" / "kb" / "actors.jsonl"
ON_THE_DAY = date(2023, 9, 11)  # the reference page's date


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in KB_FILE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def page() -> str:
    if not SEED.is_file():
        pytest.skip(f"the reference page is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


# ---- the file ---------------------------------------------------------------------------------

def test_file_is_sorted_small_and_shipped_with_its_notice(records):
    lines = KB_FILE.read_text(encoding="utf-8").splitlines()
    assert KB_FILE.stat().st_size < 6_000_000
    ids = [r["id"] for r in records]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for line, record in zip(lines, records):
        assert list(record) == sorted(record)
        assert json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) == line
        assert {"id", "class", "label", "aliases", "sources"} <= set(record)
    notice = resources.files("kg").joinpath("data/kb/NOTICE.md").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in notice and "Open Event Data" in notice
    assert "public domain" in notice and "mledoze" in notice


def test_every_alias_belongs_to_one_actor(records):
    owners = collections.defaultdict(set)
    for record in records:
        for alias in record["aliases"]:
            owners[alias].add(record["id"])
    assert not {a: o for a, o in owners.items() if len(o) > 1}


def test_no_alias_is_a_common_english_word(gaz):
    for word in ("Youth", "Order", "The Order", "Trump", "May", "Rice", "Brown", "Will", "Party of God",
                 "Red Line", "Organization", "Tigers", "Zero", "Victoria", "Hamilton", "Male"):
        assert word not in gaz._forms, word
    assert gaz.lookup("War") is None and gaz.lookup("West") is None and gaz.lookup("Karabakh") is None


# ---- states ---------------------------------------------------------------------------------

def test_every_iso_3166_state_is_present_with_its_alpha3(gaz):
    ambiguous = []
    for country in pycountry.countries:
        actor = gaz.actors[f"state:{country.alpha_3}"]
        assert actor.cls == "State"
        assert actor.iso3 == country.alpha_3 == actor.cameo
        # Its ISO name names it, unless two states share that name ("Congo").
        assert gaz.lookup(country.name) in (actor, None), country.name
        if gaz.lookup(country.name) is None:
            ambiguous.append(country.name)
    assert ambiguous == ["Congo"]


def test_states_have_capitals_demonyms_and_short_names(gaz):
    expect = {"DEU": ["Berlin", "German", "Germans"], "AUT": ["Vienna", "Austrian"], "AUS": ["Canberra", "Australian"],
              "ARM": ["Yerevan", "Armenian", "Armenians", "Republic of Armenia"], "RUS": ["Moscow", "Russia"],
              "USA": ["Washington", "Washington, D.C.", "American"], "NLD": ["Dutch", "Amsterdam"],
              "KOR": ["Seoul", "South Korea"], "PRK": ["Pyongyang", "North Korea"]}
    for iso3, forms in expect.items():
        for form in forms:
            assert gaz.lookup(form) is not None and gaz.lookup(form).id == f"state:{iso3}", form
    # Ambiguous demonyms name no state; a dependency does not take its sovereign's demonym.
    assert "Korean" not in gaz._forms and "Congolese" not in gaz._forms
    assert gaz.lookup("Dutch").id == "state:NLD"


def test_factbook_capitals_agree_with_an_independent_list(gaz):
    """Cross-check (test only: mledoze/countries is ODbL and is not a source of the KB)."""
    path = DATA / "mledoze_countries" / "countries.json"
    if not path.is_file():
        pytest.skip("mledoze/countries is not in ../shared/data")
    checked = agree = 0
    for country in json.loads(path.read_text(encoding="utf-8")):
        actor = gaz.actors.get(f"state:{country['cca3']}")
        capitals = [c for c in country.get("capital", []) if c]
        if actor is None or not capitals:
            continue
        checked += 1
        ours = {_fold(a) for a in actor.aliases}
        agree += any(_fold(c) in ours for c in capitals)
    assert checked > 200 and agree / checked > 0.85, (agree, checked)


def _fold(text: str) -> str:
    """"Yaoundé" and "Yaounde", "Sana'a" and "Sanaa", "St." and "Saint" alike."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return re.sub(r"[^a-z]", "", text.replace("st.", "saint"))


# ---- organisations and groups -----------------------------------------------------------------

@pytest.mark.parametrize("name,ident", [
    ("NATO", "igo:NATO"), ("EU", "igo:EU"), ("UN", "igo:UN"), ("CSTO", "igo:CSTO"), ("GCC", "igo:GCC"),
    ("ICC", "igo:ICC"), ("SCO", "igo:SCO"), ("BRICS", "igo:BRICS"), ("Arab League", "igo:ARAB_LEAGUE"),
    ("African Union", "igo:AU"), ("ASEAN", "igo:ASEAN"), ("OSCE", "igo:OSCE"), ("IAEA", "igo:IAEA"),
    ("OPEC", "igo:OPEC"), ("CIS", "igo:CIS"),
])
def test_intergovernmental_organisations(gaz, name, ident):
    actor = gaz.lookup(name)
    assert actor is not None and actor.id == ident
    assert actor.cls in ("IntergovernmentalOrganization", "Alliance")
    assert actor.cameo and actor.cameo.startswith("IGO")


def test_organisations_take_their_codes_and_names_from_phoenix(gaz):
    assert gaz.actors["igo:NATO"].cameo == "IGOWSTNAT" and gaz.actors["igo:NATO"].cls == "Alliance"
    assert gaz.lookup("Economic Community of West African States") is gaz.lookup("ECOWAS")
    assert gaz.lookup("Organisation for Security and Cooperation in Europe").id == "igo:OSCE"
    assert gaz.lookup("World Bank").cameo == "IGOUNODEVWBK"


def test_armed_groups(gaz):
    for name, ident, cls in [("Hezbollah", "group:HEZBOLLAH", "ArmedGroup"), ("Hamas", "group:HAMAS", "ArmedGroup"),
                             ("Taliban", "group:TALIBAN", "Movement"), ("al-Qaeda", "group:AL_QAEDA", "ArmedGroup"),
                             ("ISIL", "group:ISLAMIC_STATE", "ArmedGroup"), ("FARC", None, "ArmedGroup"),
                             ("Hizballah", "group:HEZBOLLAH", "ArmedGroup"), ("Tamil Tigers", None, "ArmedGroup")]:
        actor = gaz.lookup(name)
        assert actor is not None and actor.cls == cls, name
        assert ident is None or actor.id == ident
    # Persons listed inside a group's block are not names of the group.
    assert gaz.lookup("Hassan Nasrallah") is None or gaz.lookup("Hassan Nasrallah").cls == "Person"
    assert "Nasrallah" not in gaz.actors["group:HEZBOLLAH"].aliases
    assert gaz.actors["group:HEZBOLLAH"].cameo == "LBNREB"


# ---- the reference page -----------------------------------------------------------------------

def test_reference_page_mentions_resolve(gaz, page):
    found = collections.defaultdict(set)
    for match in gaz.find(page):
        assert page[match.start:match.end] == match.surface
        found[match.surface].add(match.actor.id)
    expect = {"Moscow": "state:RUS", "Kremlin": "state:RUS", "Russian": "state:RUS", "Russia": "state:RUS",
              "Washington": "state:USA", "the White House": "state:USA", "Yerevan": "state:ARM",
              "Armenian": "state:ARM", "CSTO": "igo:CSTO",
              "Collective Security Treaty Organization": "igo:CSTO"}
    for surface, ident in expect.items():
        assert found.get(surface) == {ident}, surface
    pashinyan = {gaz.actors[i] for i in found["Pashinyan"]}
    assert len(pashinyan) == 1
    person = pashinyan.pop()
    assert person.cls == "Person" and gaz.state_of(person, ON_THE_DAY).iso3 == "ARM"
    putin = {gaz.actors[i] for i in found["Vladimir Putin"]}
    assert len(putin) == 1
    person = putin.pop()
    assert person.cls == "Person" and gaz.state_of(person, ON_THE_DAY).iso3 == "RUS"
    assert gaz.state_of(person).iso3 == "RUS"
    # "the Kremlin" and "White House" as they appear elsewhere.
    text = "The Kremlin said the White House and the Kremlin disagree; White House officials left."
    forms = {(m.surface, m.actor.id) for m in gaz.find(text)}
    assert {("Kremlin", "state:RUS"), ("the White House", "state:USA"), ("the Kremlin", "state:RUS"),
            ("White House", "state:USA")} <= forms


def test_building_and_matching_is_fast(page):
    default_gazetteer.cache_clear()
    bundled_actors.cache_clear()
    started = time.perf_counter()
    gazetteer = default_gazetteer()
    matches = list(gazetteer.find(page))
    elapsed = time.perf_counter() - started
    assert matches and elapsed < 2.0, elapsed  # measured: about 0.3 s on the project's machines


def test_matching_is_case_sensitive_word_bounded_and_longest_first(gaz):
    text = "us and US; Russians, Russia's envoy; the North Atlantic Treaty Organization; NATO-led; White\nHouse"
    got = [(m.surface, m.actor.id) for m in gaz.find(text, offset=100)]
    assert got == [("US", "state:USA"), ("Russians", "state:RUS"), ("Russia", "state:RUS"),
                   ("North Atlantic Treaty Organization", "igo:NATO"), ("White\nHouse", "state:USA")]
    first = next(gaz.find(text, offset=100))
    assert (first.start, first.end) == (107, 109)


# ---- persons --------------------------------------------------------------------------------

def test_two_people_with_the_same_name_are_distinct(gaz, records):
    by_label = collections.defaultdict(list)
    for record in records:
        if record["class"] == "Person":
            by_label[record["label"]].append(record["id"])
    albert = sorted(by_label["Albert II"])
    assert len(albert) == 2 and len(set(albert)) == 2
    states = {gaz.state_of(gaz.actors[i]).iso3 for i in albert}
    assert states == {"BEL", "MCO"}  # the King of the Belgians and the Prince of Monaco
    assert "Albert II" not in gaz._forms  # an ambiguous name matches neither
    assert sum(len(ids) > 1 for ids in by_label.values()) >= 2


def test_state_of_respects_the_dates(gaz):
    levon = gaz.lookup("Levon Ter Petrosyan")
    assert levon is not None and levon.cls == "Person"
    assert gaz.state_of(levon, date(1995, 1, 1)).iso3 == "ARM"
    assert gaz.state_of(levon, ON_THE_DAY) is None  # his presidency ended in 1998
    assert gaz.state_of(levon).iso3 == "ARM"
    ban = gaz.lookup("Ban Ki-moon")
    assert gaz.state_of(ban, date(2005, 6, 1)).iso3 == "KOR"
    assert gaz.state_of(ban, date(2010, 6, 1)) is None  # then at the UN, no state's
    roles = [r for r in ban.roles if r.cameo == "IGOUNO"]
    assert roles and roles[0].state is None and roles[0].start == "2007-01-01"


def test_state_of_on_a_made_up_career():
    career = Actor("person:x", "Person", "X Y", ("X Y",), roles=(
        Role("FRA", "Minister", "government", "2001", "2005-06", "FRAGOV"),
        Role("DEU", None, "elite", "2005-07-01", None, "DEUELI"),
        Role(None, None, "intergovernmental organization", "2008", "2009", "IGOUNO"),
    ))
    states = [Actor("state:FRA", "State", "France", iso3="FRA"), Actor("state:DEU", "State", "Germany", iso3="DEU")]
    gazetteer = Gazetteer(states + [career])
    assert gazetteer.state_of(career, date(2001, 1, 1)).id == "state:FRA"
    assert gazetteer.state_of(career, date(2005, 6, 30)).id == "state:FRA"  # "2005-06" ends with June
    assert gazetteer.state_of(career, date(2005, 7, 1)).id == "state:DEU"
    assert gazetteer.state_of(career, date(2000, 12, 31)) is None
    assert gazetteer.state_of(career).id == "state:DEU"
    assert gazetteer.state_of("person:x", date(2003, 3, 3)).id == "state:FRA"
    assert gazetteer.state_of(states[0]) is states[0]
    body = Actor("gov:FRA-government", "GovernmentBody", "Government of France", part_of="state:FRA")
    assert gazetteer.state_of(body).id == "state:FRA"


def test_factbook_leaders_have_titled_dated_roles(gaz):
    pashinyan = gaz.lookup("Nikol Pashinyan")
    role = next(r for r in pashinyan.roles if r.role == "head of government" and r.end is None)
    assert (role.state, role.title, role.start, role.end) == ("ARM", "Prime Minister", "2021-09-10", None)
    putin = gaz.lookup("Putin")
    assert {"Vladimir Putin", "Vladimir Vladimirovich Putin", "Putin"} <= set(putin.aliases)
    assert any(r.role == "chief of state" and r.title == "President" for r in putin.roles)
    assert any(r.cameo == "RUSGOV" and r.end == "2008-05-07" for r in putin.roles)  # from Phoenix
    assert gaz.lookup("Khamenei") is gaz.lookup("Ali Hoseini-Khamenei")
    charles = gaz.lookup("Charles III")
    assert [r.state for r in charles.roles] == ["GBR"]  # not the realms where a governor represents him


# ---- office holders through time (factbook-history) -------------------------------------------

HISTORY = DATA / "factbook_executives_history" / "factbook_executives_history.jsonl"


@pytest.fixture(scope="module")
def build_kb():
    """scripts/build_kb.py as a module."""
    name = "_kg_test_build_kb"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "build_kb.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def terms(build_kb) -> list[dict]:
    """The terms the build reads from the real history file."""
    if not HISTORY.is_file() or not (DATA / "factbook_json").is_dir():
        pytest.skip("the factbook's history is not in ../shared/data")
    kb = build_kb.KB(DATA)
    kb.build_states()
    return kb._history_tenures()


def _holding(terms, state, role, day):
    found = set()
    for t in terms:
        if t["state"] == state and t["role"] == role and Role(start=t["start"], end=t["end"]).holds_on(day):
            found.add(t["names"][0].full)
    return found


def test_history_texts_give_one_holder_per_item(build_kb):
    def read(text, field="head of government"):
        holders, _ = build_kb.parse_holders(text, field)
        return [(h.leader.full, h.leader.title, h.role, h.leader.start) for h in holders]

    assert read("President Donald J. TRUMP (since 20 January 2017); Vice President Michael R. PENCE "
                "(since 20 January 2017); note - the president is both chief of state and head of government",
                "chief of state") == [
        ("Donald J. Trump", "President", "chief of state", "2017-01-20"),
        ("Michael R. Pence", "Vice President", "vice president", "2017-01-20")]
    # a list shares its title and its date; "both since" dates the items before it
    assert read("Prime Minister Nikol PASHINYAN (since 8 May 2018); Deputy Prime Ministers Mher GRIGORYAN "
                "and Tigran AVINYAN (since 16 January 2019)") == [
        ("Nikol Pashinyan", "Prime Minister", "head of government", "2018-05-08"),
        ("Mher Grigoryan", "Deputy Prime Minister", "deputy", "2019-01-16"),
        ("Tigran Avinyan", "Deputy Prime Minister", "deputy", "2019-01-16")]
    assert [h[3] for h in read("Prime Minister X Y ZED (since 5 January 2006); Deputy Prime Ministers SAIF bin "
                               "Zayid Al-Nuhayyan, MANSUR bin Zayid Al-Nuhayyan (both since 11 May 2009)")] == [
        "2006-01-05", "2009-05-11", "2009-05-11"]
    # a governor-general, a vacancy, a president-elect, an heir's apposition, prose without a date
    assert read("King CHARLES III (since 8 September 2022); represented by Governor General Mary SIMON "
                "(since 26 July 2021)", "chief of state") == []
    assert read("Prime Minister (vacant); President-elect Masoud PEZESHKIAN (assumes office on 30 July 2024)") == []
    assert read("King PHILIPPE (since 21 July 2013); Heir Apparent Princess ELISABETH, daughter of the monarch",
                "chief of state")[0][:3] == ("Philippe", "King", "chief of state")
    assert read("President Kais SAIED dismissed Prime Minister Ahmed HACHANI on 7 August 2024") == []
    assert read("Sebastian KURZ elected chancellor (since 2 January 2020)") == [
        ("Sebastian Kurz", None, "head of government", "2020-01-02")]
    # a nickname and another spelling are names too
    (english,), _ = build_kb.parse_holders('Prime Minister Simon William "Bill" ENGLISH (since 12 December 2016)',
                                            "head of government")
    assert english.leader.other_names == ["Bill English"]
    (settha,), _ = build_kb.parse_holders("Prime Minister SETTHA Thawisin, also spelled SRETTHA Thavisin "
                                           "(since 5 September 2023)", "head of government")
    assert settha.leader.start == "2023-09-05" and "Srettha Thavisin" in settha.leader.other_names


def test_history_tenures_from_the_real_file(terms, build_kb):
    assert len(terms) > 1500
    # on 2018-06-01 the USA's head of state is Trump and its vice president Pence
    day = date(2018, 6, 1)
    assert _holding(terms, "USA", "chief of state", day) == {"Donald J. Trump"}
    assert _holding(terms, "USA", "vice president", day) == {"Michael R. Pence"}
    assert _holding(terms, "USA", "chief of state", date(2023, 6, 1)) == {"Joseph R. Biden Jr."}
    assert _holding(terms, "GBR", "head of government", date(2023, 6, 1)) == {"Rishi Sunak"}
    assert _holding(terms, "GBR", "head of government", date(2024, 8, 1)) == {"Keir Starmer"}
    # Sunak's term ends where Starmer's begins, or at the first snapshot without him
    (sunak,) = [t for t in terms if t["names"][0].full == "Rishi Sunak"]
    rows = [json.loads(line) for line in HISTORY.read_text(encoding="utf-8").splitlines()]
    without = min(r["first_seen"] for r in rows if r["code"] == "uk" and r["field"] == "head of government"
                  and "SUNAK" not in r["text"] and r["first_seen"] > "2022-10-25")
    assert (sunak["start"], sunak["title"]) == ("2022-10-25", "Prime Minister")
    assert sunak["end"] in ("2024-07-05", without)
    # no term ends before it starts
    for t in terms:
        assert not (t["start"] and t["end"]) or build_kb._padded(t["start"]) <= build_kb._padded(t["end"]), t


def test_office_holders_have_dated_roles(gaz):
    def roles(name, state, role):
        actor = gaz.lookup(name)
        assert actor is not None and actor.cls == "Person", name
        return sorted((r.title, r.start, r.end) for r in actor.roles if r.state == state and r.role == role)

    assert roles("Donald J. Trump", "USA", "chief of state") == [
        ("President", "2017-01-20", "2021-01-20"), ("President", "2025-01-20", None)]
    assert {"Donald J. Trump", "Donald Trump"} <= set(gaz.lookup("Donald J. Trump").aliases)
    assert roles("Michael R. Pence", "USA", "vice president") == [("Vice President", "2017-01-20", "2021-01-20")]
    assert gaz.lookup("Pence") is gaz.lookup("Michael R. Pence") is gaz.lookup("Michael Pence")
    assert roles("Joe Biden", "USA", "chief of state") == [("President", "2021-01-20", "2025-01-20")]
    assert roles("Joe Biden", "USA", "vice president") == [("Vice President", "2009-01-20", "2017-01-20")]
    assert gaz.lookup("Joseph R. Biden Jr.") is gaz.lookup("Joe Biden")
    assert roles("Narendra Modi", "IND", "head of government") == [("Prime Minister", "2014-05-26", None)]
    assert roles("Rishi Sunak", "GBR", "head of government") == [("Prime Minister", "2022-10-25", "2024-07-05")]
    assert roles("Moon Jae-in", "KOR", "chief of state") == [("President", "2017-05-10", "2022-05-10")]
    kim = gaz.lookup("Kim Jong Un")
    assert any(r.state == "PRK" and r.role == "chief of state" and r.end is None for r in kim.roles)
    assert gaz.state_of(kim, date(2018, 6, 1)).iso3 == "PRK"
    # who held the office that day
    day = date(2018, 6, 1)
    holders = {(r.role, a.label) for a in gaz.actors.values() if a.cls == "Person"
               for r in a.roles if r.state == "USA" and r.role in ("chief of state", "vice president")
               and r.start and r.holds_on(day)}
    assert holders == {("chief of state", "Donald J. Trump"), ("vice president", "Michael R. Pence")}
    assert gaz.state_of(gaz.lookup("Rishi Sunak"), date(2023, 1, 1)).iso3 == "GBR"
    assert gaz.state_of(gaz.lookup("Rishi Sunak"), date(2025, 1, 1)) is None


def test_history_keeps_the_persons_and_names_already_known(records):
    """Persons known from the other sources keep their identifiers; a person known only from
    the history takes the state suffix when another has the name (Phoenix files Baciro Dja
    under Guinea, the factbook under Guinea-Bissau)."""
    ids = {r["id"]: r for r in records}
    assert "phoenix" in ids["person:baciro-dja"]["sources"]
    assert ids["person:baciro-dja-gnb"]["sources"] == ["factbook-history"]
    assert {r["state"] for r in ids["person:baciro-dja-gnb"]["roles"]} == {"GNB"}
    for ident in ("person:nikol-pashinyan", "person:vladimir-putin", "person:joe-biden", "person:kim-jong-un"):
        assert ident in ids


# ---- users' own actors ------------------------------------------------------------------------

def test_user_actors_from_yaml_win_over_bundled_ones(gaz, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- id: group:WAGNER\n"
        "  class: ArmedGroup\n"
        "  label: Wagner Group\n"
        "  aliases: [Wagner, PMC Wagner]\n"
        "  cameo: RUSMIL\n"
        "- id: state:RUS\n"
        "  class: State\n"
        "  label: Russian Federation\n"
        "  iso3: RUS\n"
        "  aliases: [Russia, Moscow]\n"
        "- id: person:someone\n"
        "  class: Person\n"
        "  label: Some One\n"
        "  aliases: Kremlin|Some One\n"
        "  roles:\n"
        "    - {state: ARM, title: Envoy, role: government, start: 2020-01-01, end: 2022}\n",
        encoding="utf-8")
    extra = load_user_actors(path)
    assert [a.id for a in extra] == ["group:WAGNER", "state:RUS", "person:someone"]
    assert extra[2].roles == (Role("ARM", "Envoy", "government", "2020-01-01", "2022", None),)
    combined = gaz.with_actors(extra)
    assert combined.lookup("Wagner").id == "group:WAGNER"
    assert combined.actors["state:RUS"].label == "Russian Federation"
    assert combined.lookup("Kremlin").id == "person:someone"  # the user's surface form wins
    assert combined.lookup("Russians") is None  # the bundled RUS is replaced, aliases and all
    assert combined.state_of("person:someone", date(2021, 5, 5)).label == "Armenia"
    assert gaz.lookup("Kremlin").id == "state:RUS"  # the bundled gazetteer is unchanged
    got = [(m.surface, m.actor.id) for m in combined.find("PMC Wagner left Moscow.")]
    assert got == [("PMC Wagner", "group:WAGNER"), ("Moscow", "state:RUS")]


def test_user_actors_from_csv(gaz, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("id,class,label,aliases,iso3,cameo\n"
                    "group:WAGNER,ArmedGroup,Wagner Group,Wagner|PMC Wagner,,RUSMIL\n"
                    "\n"
                    "igo:QUAD,IntergovernmentalOrganization,Quadrilateral Security Dialogue,Quad,,\n",
                    encoding="utf-8")
    extra = load_user_actors(path)
    assert [(a.id, a.aliases, a.cameo) for a in extra] == [
        ("group:WAGNER", ("Wagner", "PMC Wagner"), "RUSMIL"), ("igo:QUAD", ("Quad",), None)]
    combined = gaz.with_actors(extra)
    assert combined.lookup("Quadrilateral Security Dialogue").id == "igo:QUAD"  # labels match too
    assert [m.actor.id for m in combined.find("the Quad met")] == ["igo:QUAD"]


def test_user_actors_from_turtle(gaz, tmp_path):
    path = tmp_path / "mine.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/kg/ontology#> .\n"
        "@prefix kgid: <https://w3id.org/kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/kg/id/actor/armed-group/wagner> a kg:ArmedGroup ; rdfs:label \"Wagner Group\"@en ;\n"
        "    skos:altLabel \"Wagner\"@en , \"PMC Wagner\" ; kg:cameoCode \"RUSMIL\" .\n"
        "<https://example.org/actors#Tatarstan> a kg:Organization , kg:GovernmentBody ; rdfs:label \"Tatarstan\" .\n"
        "<https://w3id.org/kg/id/actor/state/XKX> a kg:State ; rdfs:label \"Kosovo\" .\n"
        "<https://example.org/not-an-actor> rdfs:label \"Nothing\" .\n",
        encoding="utf-8")
    extra = {a.id: a for a in load_user_actors(path)}
    assert set(extra) == {"group:wagner", "gov:Tatarstan", "state:XKX"}
    wagner = extra["group:wagner"]
    assert (wagner.cls, wagner.label, wagner.cameo) == ("ArmedGroup", "Wagner Group", "RUSMIL")
    assert {"Wagner", "PMC Wagner", "Wagner Group"} <= set(wagner.aliases)
    assert extra["gov:Tatarstan"].cls == "GovernmentBody"
    assert extra["state:XKX"].iso3 == "XKX"
    combined = gaz.with_actors(list(extra.values()))
    assert [m.actor.id for m in combined.find("Kosovo and Wagner")] == ["state:XKX", "group:wagner"]


@pytest.mark.parametrize("name,content,line,problem", [
    ("bad.yaml", "- id: group:A\n  class: ArmedGroup\n  label: [unclosed\n", 4, "not valid YAML"),
    ("bad.yaml", "- id: group:A\n  class: ArmedGroup\n  label: A\n- id: group:B\n  class: ArmedGroup\n", 4, "needs a label"),
    ("bad.yaml", "- id: group:A\n  class: Gang\n  label: A\n", 1, "not a kg actor class"),
    ("bad.yaml", "id: group:A\n", 1, "expected a list"),
    ("bad.yaml", "- id: group:A\n  class: Person\n  label: A\n  roles:\n  - {state: ARM, start: 12 May}\n", 5, "not a date"),
    ("bad.yaml", "- id: A\n  class: Person\n  label: A\n", 1, "prefix:name"),
    ("bad.yaml", "- id: group:A\n  class: ArmedGroup\n  label: A\n  alias: [B]\n", 1, "unknown field"),
    ("bad.yaml", "- {id: group:A, class: ArmedGroup, label: A}\n- {id: group:A, class: ArmedGroup, label: B}\n", 2, "defined twice"),
    ("bad.csv", "id,class,name\ngroup:A,ArmedGroup,A\n", 1, "unknown column"),
    ("bad.csv", "id,class,label\ngroup:A,ArmedGroup,A\n,ArmedGroup,B\n", 3, "needs an id"),
    ("bad.csv", "id,class,label\ngroup:A,ArmedGroup,A,extra\n", 2, "4 fields where the header has 3"),
    ("bad.csv", "id,class,label,iso3\nstate:X,State,X,Xland\n", 2, "not an ISO 3166"),
    ("bad.csv", "", 1, "empty file"),
    ("bad.ttl", "@prefix kg: <https://w3id.org/kg/ontology#> .\n<a> a kg:State ;\n  rdfs:label \"x\" .\n", 3, "not valid Turtle"),
    ("bad.ttl", "@prefix kg: <https://w3id.org/kg/ontology#> .\n<https://e.org/a> a kg:Person .\n", None, "no rdfs:label"),
    ("bad.ttl", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n<https://e.org/a> rdfs:label \"a\" .\n", None, "no actors"),
    ("bad.json", "[]", None, "unknown format"),
])
def test_malformed_user_files_are_input_errors(tmp_path, name, content, line, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_user_actors(path)
    assert caught.value.source == str(path)
    assert problem in caught.value.problem, caught.value.problem
    assert caught.value.line == line


def test_missing_and_binary_user_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_user_actors(tmp_path / "absent.yaml")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00id,class")
    with pytest.raises(InputError, match="not UTF-8"):
        load_user_actors(binary)


# ---- the build script -------------------------------------------------------------------------

def test_build_script_is_deterministic_and_matches_the_bundled_file(tmp_path):
    if not all((DATA / d).is_dir() for d in ("factbook_json", "petrarch2_dictionaries", "factbook_executives_history")):
        pytest.skip("the third-party sources are not in ../shared/data")
    script = REPO / "scripts" / "build_kb.py"
    runs = [subprocess.Popen([sys.executable, str(script), "--output", str(tmp_path / name), "--data", str(DATA)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"PYTHONHASHSEED": seed,
                                                                                   "PATH": "/usr/bin:/bin"})
            for name, seed in (("a", "1"), ("b", "2"))]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    for name in ("actors.jsonl", "NOTICE.md"):
        first, second = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert first == second, name
        bundled = (REPO / "src" / "kg" / "data" / "kb" / name).read_bytes()
        assert first == bundled, f"{name} is stale: run scripts/build_kb.py"


def test_a_state_institution_belongs_to_its_state():
    """gazetteer.tsv's GovernmentBody rows (gov:ISO3-…) carry their state, resolved to the state's actor,
    so "the FBI" is a mention of a body of the United States (issue 17: metonyms of states)."""
    from kg.extraction.gazetteer import default_gazetteer

    fbi = default_gazetteer().actors["gov:USA-FBI"]
    assert fbi.cls == "GovernmentBody" and fbi.part_of is not None and fbi.part_of.iso3 == "USA"
    assert default_gazetteer().lookup("F.B.I.") is fbi


def test_demonym_in_parentheses_with_or_is_two_forms_regression():
    """The Factbook's "Taiwan (or Taiwanese)" gave the alias "Taiwanese)"; now "Taiwanese"."""
    from kg.kb.actors import bundled_actors

    aliases = [a for actor in bundled_actors() for a in actor.aliases]
    assert not [a for a in aliases if a.endswith(")") and "(" not in a]
    taiwan = next(a for a in bundled_actors() if a.id == "state:TWN")
    assert "Taiwanese" in taiwan.aliases


def test_a_country_block_whose_codes_changed_is_no_person_regression(records):
    """Phoenix's "KOSOVO [KSV]" block, coded [YUGKSV …] [FRYKSV …] [KSVUNO …] over time, made a
    person named "Kosovo" (and "Srbija", "Bih"): a block with its own bare country code names a
    country (issue 16)."""
    people = {r["label"] for r in records if r["class"] == "Person"}
    assert not people & {"Kosovo", "Srbija", "Republika Srbija", "Bih", "Montenegro", "Slovenia"}
