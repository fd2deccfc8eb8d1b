#!/usr/bin/env python3
"""Build kg's knowledge base of canonical actors: ``src/kg/data/kb/actors.jsonl`` and ``NOTICE.md``.

Run ``.venv/bin/python scripts/build_kb.py`` from the repository after changing a source or
``src/kg/data/gazetteer.tsv``, and commit both files. ``--output DIR`` writes elsewhere; ``--data
DIR`` reads the third-party sources from elsewhere (default: ``../shared/data`` beside the
checkout). The same sources give the same bytes: every list is sorted, nothing depends on the
time, the hash seed or the order of a directory listing (tests/test_kb.py checks this).

Sources (a record's ``sources`` lists those that contributed to it)
------------------------------------------------------------------
``pycountry``
    ISO 3166-1 through pycountry (pinned in constraints.txt; data from Debian's iso-codes,
    LGPL-2.1): one ``State`` for every entry, with its alpha-3 code as ``iso3`` and ``cameo``,
    and its name, official name and common name (and "Iran" for "Iran, Islamic Republic of") as
    aliases. The label is the common name, else the factbook's conventional short form (for a
    sovereign state, when it is a plain name: "Russia", "Syria"), else the ISO name.
``factbook``
    The World Factbook as JSON (``factbook_json/``, public domain). Files are named by GEC
    (ex-FIPS) codes, which are not ISO codes (``gm`` is Germany, ``au`` Austria, ``as``
    Australia): each file is mapped to ISO 3166 through the factbook's own "Internet country
    code" (its ccTLD, the ISO alpha-2 code, ``.uk`` being GB). Files whose ccTLD is shared (Gaza
    Strip and West Bank share ``.ps``), not in ISO 3166 (Kosovo, ``.xk``; the EU, ``.eu``) or
    absent (oceans, uninhabited islands, the world) are left out, and every mapping is checked
    against the names: the run stops when a mapped file shares no name with its ISO entry and is
    not one of the ``NAME_CHECK_EXCEPTIONS`` checked by hand (Burma, DRC, Macau, Turkey, French
    Southern and Antarctic Lands). A mapped file gives: the capital(s) ("Government" > "Capital"
    > "name": every city named, alternative spellings in brackets, "Washington, D.C." also as
    "Washington"); the conventional long and short forms; the demonyms ("People and Society" >
    "Nationality", noun and adjective: "Armenian(s)" gives "Armenian" and "Armenians"); and, for
    sovereign entries only (no "Dependency status"), the current leaders: each "Title Given
    SURNAME (since 10 September 2021)" of "Executive branch" > "chief of state" / "head of
    government" is a ``Person`` with a role {state, title, role, start, no end, cameo ISO3+GOV};
    the role is the field's ("chief of state", "head of government") unless the title says
    "vice president" (Vice President, First Vice President, Vice Chairperson) or "deputy" (Deputy
    Prime Minister, Vice Premier) (``office_role``). The upper-case words are the surname. A
    monarch or president "represented by" a governor in a country has no role there (Charles III
    is King in GBR here, not in his other realms). Dates keep the precision given ("2018-04",
    "1997").
``factbook-history``
    The same two fields through time (``factbook_executives_history/``: every distinct text of
    each country's fields in the git history of factbook.json, 2014-2026, with the dates of its
    first and last snapshot; public domain, the repository CC0), for the same sovereign entries.
    Every holder named is read as the current leaders are (``parse_holders``): one per item of a
    list ("Deputy Prime Ministers A, B (both since ...)", each with the singular title and the
    list's date), vice presidents and deputies included; notes, prose ("... resigned on ..."),
    "(vacant)", presidents-elect and heirs (Crown Prince, Heir Apparent) are left out, and so is
    whoever is "represented by" a governor. Each holder gets a role per term (``_history_tenures``):
    from the "since" date (a later date for the same holder in the same office starts a new term;
    dates within two months are one term), to the "since" date of the office's next different
    holder, or the first snapshot no longer naming the holder if that comes first (a holder
    dropped from the text, an office left empty), or open when the holder is in the country's
    latest snapshot. An office is the first holder of the field's own office in each text
    ("President", "Interim President", a bare name), else the title without qualifiers (Acting,
    Interim, Transition). A holder joins the person of the same state with the same name (case,
    accents, word order and honorifics aside) or, failing that, with the same surname and first
    initial and given names that do not disagree ("Joseph R. BIDEN Jr." is Joe Biden, "Mohamed
    ABDULLAHI Mohamed" is not Mohamed Moallim Hassan Mohamed), or one name a run of the other's
    ("Ratu Epeli NAILATIKAU"); a factbook leader of another state with the same full name is the
    same person too; else the holder is a new person. A person gains a role unless it has one
    for the same office (state, role, title) with the same start. ``--verbose`` lists what was
    left out and every match looser than the same name.
``phoenix``
    The PETRARCH2 Phoenix actor dictionaries (MIT, Open Event Data Alliance):

    * ``Phoenix.Countries.actors.txt``: a block coded with a bare ISO alpha-3 code (the current,
      open-ended one for blocks with dated codes; the old CAMEO codes in ``CAMEO_LEGACY`` are
      translated) adds the variants that are names of that state: a known name (ISO, factbook,
      supplement), a misspelling of one (similarity of 0.85 or more, length within two letters)
      or a known name with words of statehood around it ("Islamic Republic of Afghanistan");
      provinces, cities and epithets ("South Australia", "Kandahar", "Red Korea") stay out. An
      entry with dated codes (``[ARMGOV 900804-980203]``; ``[AFGGOV >100201]`` from that day on;
      ``[AFGGOV <100201]`` until it) is a person, each dated code a role {state: the last ISO
      alpha-3 code before the role code (GBRVGBGOV is the British Virgin Islands), role: the
      first role code, named by ``ROLE_NAMES`` or the codebook (GOV government, ELI elite, MIL
      military...), start, end, cameo: the whole code}. Dates are YYMMDD, or YYYYMMDD where eight
      digits are given; a two-digit year up to 14 is 20YY, 19YY otherwise (the file dates from
      January 2014), and a start that would follow its end moves back a century; malformed
      dates are unknown. A block that carries its own bare country code ("KOSOVO [KSV]" with
      [YUGKSV …] [FRYKSV …] [KSVUNO …]) names a country, never a person ("Kosovo", "Srbija" and
      "Bih" were persons before issue 16). A person is kept only with a role other than "elite"
      whose dates reach 1990 or later; roles that ended before 1990, undated codes (PETRARCH's
      defaults) and the "elite" periods before the first office are left out. Entries with the same main name and
      a state in common are one person, and so are entries sharing a name and holding the same
      office at overlapping dates ("Kofi Annan", "K. Annan"); a shared name alone is not enough
      ("President George Bush" names father and son). Entries coded only ``IMG...`` (Islamic
      State) are armed groups.
    * ``Phoenix.International.actors.txt``: entries coded ``IGO...`` without dates whose names
      look like organisations (an organisation word such as Organization, Union, Council, Bank,
      Court; or one short upper-case word) are ``IntergovernmentalOrganization`` with that code
      as ``cameo``, less the names in ``DENIED_NAMES`` (NGOs, generic names); entries with dated
      codes are persons as above (role "intergovernmental organization", no state).
    * ``Phoenix.MilNonState.actors.txt``: each block is an ``ArmedGroup`` with its code as
      ``cameo``, when one of its names has the form of a group's (a group word such as Army,
      Front, Brigades; one word; an Arabic article; digits; a bracketed acronym). Variants that
      are persons' names (a Phoenix given name or a title such as Sheikh first, or a person's
      surname alone) and variants sharing no word with the group's name and without a group's
      form ("Caesar Achellam" in the Lord's Resistance Army block) are dropped. Persons listed
      there without dates are left out (the 1990 rule cannot be checked).

    Entries naming one organisation or group merge: the same main name (British and American
    spellings alike), a main name that is another's variant within the same CAMEO region, or an
    acronym that is the initials of the other's name within the same region (ECOWAS).
``cameo-codebook``
    text_to_CAMEO (MIT, Philip Schrodt): ``countrynames.txt`` adds the English names whose code
    is the ISO alpha-3 code; ``agentnames.txt`` names the role codes ``ROLE_NAMES`` lacks.
``gazetteer.tsv``
    ``src/kg/data/gazetteer.tsv``, the project's own supplement: seats of power ("the Kremlin",
    "Downing Street", "Zhongnanhai"), short forms, demonyms, organisations with acronyms and
    CAMEO-style codes, armed groups. It wins wherever it disagrees with the derived data: its
    label, class and code replace the derived ones, and its aliases belong to its actor alone;
    an alias written "-Name" removes a derived one (any case). Derived organisations and groups
    with a name of a row merge into the row when their codes agree (the same first three
    letters, or either starting with a region or group code rather than a country).

mledoze/countries (ODbL) is NOT a source: it is share-alike for derived databases. The tests
read it to cross-check capitals.

Names and aliases
-----------------
Phoenix names are upper case with underscores: "NIKOL_PASHINYAN_" becomes "Nikol Pashinyan",
"BASHAR_AL-ASSAD" "Bashar al-Assad", "JAISH-E-MOHAMMAD" "Jaish-e-Mohammad",
"BASQUE_FATHERLAND_AND_FREEDOM_(ETA)" "Basque Fatherland and Freedom" plus "ETA"; titles
("PRESIDENT_", "SHEIKH_") are taken off persons' names, and a person's variant is kept only if
it ends with the same surname and names no office or state. Short organisation names keep their
capitals (UNESCO, plus "Unesco"). A person's aliases are each full name, the surname alone and,
for factbook leaders, the first given name with the surname ("Vladimir Putin") and, from the
factbook's history, a nickname with the surname ("Bill English" for Simon William "Bill"
ENGLISH) and the other spelling given ("Srettha Thavisin"). A person that gains factbook names
keeps the surname its Phoenix label gave it.

``aliases`` are the case-sensitive surface forms to match; the label is one of them unless it
is ambiguous or a common word. Derived aliases are dropped when they: have fewer than three
letters (two for persons); are one common English word ("Youth", "Trump", "Male"), or, for
armed groups, made only of common words ("Red Line"), common meaning written in lower case at
least twice in the factbook's own English text, or listed in ``EXTRA_COMMON_WORDS``; are in
``DENIED_ALIASES`` (capitals that are common given names or other places: "Victoria",
"Hamilton"). ISO names and supplement aliases are never dropped. A form claimed by several
actors goes to one only: the supplement first, then by class (states, organisations, groups,
persons), then by how directly the source names the actor (ISO and factbook names, capitals and
demonyms, a person's main name; then variants; then surnames), then sovereign states before
dependencies ("Dutch" is the Netherlands', not Aruba's); a tie at the best rank drops the form
from every claimant ("Korean", "Congo", "Aliyev", "Albert II").

Records
-------
One JSON object per line, keys sorted, lines sorted by id: ``id`` (``state:ISO3``;
``igo:ACRONYM`` or ``igo:UPPER_CASE_NAME``; ``group:UPPER_CASE_NAME``; ``person:given-surname``,
with ``-iso3`` of the person's state, and a number if still needed, when two persons share a
name; a person known only from the factbook's history takes the suffix when one other person has
the name, so that no identifier changed when that source came), ``class``, ``label``,
``aliases``, ``sources``, and where they apply ``iso3`` (states),
``cameo`` and ``roles`` (persons: {state, title, role, start, end, cameo}, keys without a value
left out: no ``end`` is an ongoing role). Keys without a value are left out to keep the file
under 6 MB.
"""
from __future__ import annotations

import argparse
import collections
import difflib
import functools
import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO / "src" / "kg" / "data" / "kb"
SUPPLEMENT = REPO / "src" / "kg" / "data" / "gazetteer.tsv"

CUTOFF = date(1990, 1, 1)
PIVOT_YY = 14  # two-digit years up to this are 20YY (the Phoenix files date from January 2014)

# GEC files whose mapped ISO entry shares no name with the file (checked by hand).
NAME_CHECK_EXCEPTIONS = {
    "cg": "COD",  # DRC, Democratic Republic of the Congo / Congo, The Democratic Republic of the
    "bm": "MMR",  # Burma / Myanmar
    "mc": "MAC",  # Macau / Macao
    "fs": "ATF",  # French Southern and Antarctic Lands / French Southern Territories
    "tu": "TUR",  # Turkey / Türkiye
}

ROLE_NAMES = {
    "GOV": "government", "ELI": "elite", "MIL": "military", "OPP": "opposition", "REB": "rebel",
    "PTY": "party", "LEG": "legislature", "JUD": "judiciary", "SPY": "intelligence",
    "COP": "police", "BUS": "business", "MED": "media", "EDU": "education", "LAB": "labour",
    "CVL": "civilian", "REF": "refugee", "HRI": "human rights", "HLH": "health",
    "UAF": "armed forces", "INS": "insurgent", "IGO": "intergovernmental organization",
    "NGO": "non-governmental organization", "IMG": "international militarised group",
    "CRM": "criminal", "DEV": "development", "ENV": "environment", "AGR": "agriculture",
    "REL": "religious", "UNR": "unrecognised government", "OCC": "occupation authority",
    "SEP": "separatist", "MOD": "moderate", "RAD": "radical", "PRO": "protester",
}

# Old CAMEO country codes that have an ISO 3166 successor.
CAMEO_LEGACY = {"TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}

ORG_WORDS = {
    "ORGANIZATION", "ORGANISATION", "UNION", "COUNCIL", "BANK", "FUND", "COMMISSION", "LEAGUE",
    "ASSOCIATION", "COMMUNITY", "AGENCY", "COURT", "TRIBUNAL", "PROGRAM", "PROGRAMME",
    "ALLIANCE", "TREATY", "CONFERENCE", "COOPERATION", "CO-OPERATION", "COMMONWEALTH",
    "PARLIAMENT", "SECRETARIAT", "GROUP", "NATIONS", "AUTHORITY", "ASSEMBLY", "FORUM",
    "PARTNERSHIP", "INSTITUTE", "OFFICE", "COMMITTEE", "FEDERATION", "PACT", "MISSION",
    "INITIATIVE", "SYSTEM", "AREA", "MARKET", "STATES", "COUNTRIES", "FRANCOPHONIE",
    "FOUNDATION", "PANEL", "CENTRE", "CENTER",
}
GROUP_WORDS = {
    "ARMY", "FRONT", "BRIGADE", "BRIGADES", "BATTALION", "BATTALIONS", "MOVEMENT", "PARTY",
    "FORCE", "FORCES", "ORGANIZATION", "ORGANISATION", "GROUP", "GROUPS", "CELLS", "CELL",
    "COMMANDO", "COMMANDOS", "FACTION", "NUCLEI", "NUCLEUS", "LEAGUE", "COUNCIL", "MILITIA",
    "TIGERS", "JIHAD", "MUJAHIDEEN", "MUJAHIDIN", "MUJAHEDIN", "LIBERATION", "RESISTANCE",
    "REVOLUTIONARY", "UNION", "COMMITTEE", "STATE", "BASE", "GANG", "NETWORK", "SQUAD",
    "LEGION", "CONGRESS", "ALLIANCE", "COALITION", "FEDERATION", "COMMAND", "UNITS", "UNIT",
    "REGIMENT", "KATAIB", "JAISH", "LASHKAR", "HARAKAT", "JAMAAT", "TANZIM", "ANSAR",
}
TITLE_WORDS = {
    "PRESIDENT", "MINISTER", "PRIME", "KING", "QUEEN", "SECRETARY", "SECRETARY-GENERAL",
    "GENERAL", "CHIEF", "SHEIKH", "SHEIK", "SHAYKH", "SAYYID", "SAYYED", "SEYYED", "MR", "MR.",
    "MRS", "MRS.", "DR", "DR.", "SIR", "LORD", "LADY", "BARON", "BARONESS", "SENATOR",
    "GOVERNOR", "MAYOR", "AMBASSADOR", "COMMANDER", "EMIR", "AMIR", "MULLAH", "AYATOLLAH",
    "COL.", "COLONEL", "GEN.", "CAPTAIN", "CAPT.", "PRINCE", "PRINCESS", "JUDGE", "JUSTICE",
    "UN", "U.N.", "UNITED", "NATIONS", "EU", "FORMER", "DEPUTY", "VICE", "SPOKESMAN", "ENVOY",
    "EXTREMIST", "LEADER", "HEAD", "CHAIRMAN", "THE", "OF", "FOR", "SECY", "SEC.", "GEN",
    "JONKHEER", "POPE", "ARCHBISHOP", "BISHOP", "CARDINAL", "IMAM", "RABBI", "HIGH",
    "REPRESENTATIVE", "COMMISSIONER", "DIRECTOR", "EXECUTIVE", "REPORTER", "JOURNALIST",
}
# Words of a leader's title in the factbook ("Sovereign Council Chair", "Prime Minister").
FACTBOOK_TITLE_WORDS = {
    "President", "Prime", "Minister", "Premier", "King", "Queen", "Emperor", "Supreme", "Leader",
    "Chancellor", "Amir", "Emir", "Sultan", "Crown", "Prince", "and", "Interim", "Transition",
    "Transitional", "Acting", "Chairman", "Chairperson", "Chair", "of", "the", "Council",
    "Gen.", "General", "Col.", "Capt.", "Dr.", "Sr.", "Sir", "Vice", "Co-Vice", "Co-prince",
    "Pope", "Grand", "Duke", "Governor", "Federal", "Cabinet", "Ministers", "Sovereign",
    "Commander-in-Chief", "Sudanese", "Armed", "Forces", "State", "Affairs", "Commission",
    "People's", "Assembly", "Presidential", "Leadership", "Confederation", "Swiss", "Taliban",
    "Foreign", "Government", "Presidency", "GNU", "CNSP", "Executive", "Yuan", "Spain",
    "Secretary", "Political", "for", "Archbishop", "National", "Safeguard", "Homeland",
    "Captain", "Captains", "Regent", "Marshal", "Field", "Lt.", "Gen", "Deputy", "Head",
    # in the factbook's earlier texts (factbook-history)
    "Presidents", "Premiers", "Chairpersons", "Republic", "Afghanistan", "CEO", "Chief", "Heir",
    "Apparent", "Princess", "Taoiseach", "Bailiff", "Administrator", "Commissioner", "Capt", "Maj.",
    "Brig.", "Interior", "Defense", "Infrastructure", "Transport", "Science", "Higher", "Education",
    "Development", "Culture", "Heritage", "Speaker", "House", "Representatives", "Adm.", "Cardinal",
    "Maj.Gen.",
}
RANKS = {"Gen.", "General", "Col.", "Capt.", "Dr.", "Sr.", "Sir", "Lt.", "Marshal", "Field", "Captain"}

LOWER_PARTICLES = {
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "del", "della", "der", "den", "van",
    "von", "da", "das", "do", "dos", "du", "la", "le", "y", "e", "i", "bin", "ibn", "bint", "al",
    "el", "ul", "ud", "ur", "wa", "wal", "against", "from", "with", "by", "des", "di", "a",
}
HYPHEN_PARTICLES = {"al", "el", "e", "i", "ul", "ud", "ur", "ad", "ash", "as", "at", "az", "ar", "an", "ad-din"}
ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")

# Lower-case words that are common English although the factbook's prose never writes them so.
EXTRA_COMMON_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "trump",
    "tigers", "avengers", "mavericks", "boogeymen", "provos", "contras", "zero", "falcon",
    "dawn", "will", "win", "shall", "may", "can",
}
# Phoenix entries that are not organisations of states, or whose names are fragments.
DENIED_NAMES = {
    "International Government Organisation", "International Government Organization", "Saferworld",
    "American Correctional Association", "World Family Organization", "Organization of World Heritage Cities",
    "Association Mondiale des Amis de L'Enfance", "Special Rapporteur of the United Nations Human Rights Council",
    "World Bank Family Network Book Project", "EC/Unfpa Initiative for Reproductive Health in Asia",
    "Southeast Asian Nations", "South Asian Association", "UN Mission", "UN Bodies", "Europarc Federation",
    "Mayors for Peace", "Parliamentarians for Global Action", "Christian Catholic", "Ora International",
    "Asia Pacific Partnership on Clean Development", "Coalition against Wildlife Trafficking",
    "Islamic Chamber of Commerce and Industry", "Arab Towns Organization", "Organization", "Youth",
}
# Surface forms too ambiguous to name a state or an organisation.
DENIED_ALIASES = {
    "Hamilton", "Victoria", "The Valley", "The Settlement", "Plymouth", "Jamestown", "Georgetown",
    "West Island",
    "Islamic Group", "Islamic Community", "Party of God", "Islamic Party", "Organization",
    "Tanzim", "National Front", "Revolutionary Left", "The Foundation", "The Islamic Resistance",
    "Islamic Union", "Islamic Unity", "Army of God", "God's Army", "Youth", "The Order",
}


# ---------------------------------------------------------------------------------------------
# text helpers

def fold(text: str) -> str:
    """ASCII-folded: "Brasília" -> "Brasilia"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=None)
def key(text: str) -> str:
    """A matching key: case-, accent- and punctuation-blind, a leading "the" ignored."""
    text = re.sub(r"^the\s+", "", fold(text).casefold())
    return re.sub(r"[^0-9a-z]+", "", text)


DENIED_NAME_KEYS = {key(n) for n in DENIED_NAMES}


def clean(text: str | None) -> str:
    """Factbook text without HTML tags or entities, on one line."""
    if not text:
        return ""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\u2019", "'").split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def upper_slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", fold(text).upper()).strip("_")


def is_acronym(token: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", token)
    return bool(letters) and letters.isupper() and (len(letters) <= 3 or not re.search(r"[AEIOUY]", letters))


ENGLISH_TWO_LETTER = {"we", "he", "me", "my", "by", "to", "in", "on", "at", "of", "or", "an",
                      "as", "is", "it", "be", "do", "go", "no", "so", "up", "if", "am", "ok"}
ROMAN_NUMERALS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI"}


def _capitalize(text: str) -> str:
    """Lower case with the first letter upper: "(MUHAMMED)" -> "(Muhammed)"."""
    low = text.lower()
    return re.sub(r"[a-z]", lambda m: m.group(0).upper(), low, count=1)


def _case_part(part: str, index: int, first_word: bool, person: bool) -> str:
    """One hyphen- or slash-separated part of an upper-case word."""
    low = part.lower()
    letters = re.sub(r"[^A-Za-z]", "", part)
    if not part:
        return part
    if low in HYPHEN_PARTICLES and (index > 0 or not first_word):
        return low  # JAISH-E-MOHAMMAD -> Jaish-e-Mohammad; BASHAR AL-ASSAD -> Bashar al-Assad
    if len(low) > 3 and low.startswith("mc"):
        return "Mc" + low[2:].capitalize()
    if "'" in part and part.index("'") == 1:  # O'KENNEDY, D'ESCOTO
        return part[:2].upper() + part[2:].capitalize()
    if not person and part.isupper():
        if 2 <= len(letters) <= 4 and not re.search(r"[AEIOUY]", letters) \
                and letters not in {"ST", "MR", "MRS", "JR", "SR", "MS"}:
            return part  # PFLP, DR, KKK
        if len(letters) == 2 and low not in ENGLISH_TWO_LETTER and low not in LOWER_PARTICLES:
            return part  # UN, EU, EC, US
    return _capitalize(part)


def _case_word(word: str, first: bool, person: bool = False) -> str:
    """An upper-case word as written in English; ``first``: the first word of the name."""
    if not first and word in ROMAN_NUMERALS:
        return word
    if re.fullmatch(r"(?:[A-Z]\.)+", word):  # U.N., K.
        return word
    if re.fullmatch(r"\d+(?:ST|ND|RD|TH|S)", word):  # 1ST, 23RD, 1920S
        return word.lower()
    if any(c.isdigit() for c in word):
        return word
    out = []
    for index, (part, sep) in enumerate(re.findall(r"([^-/]*)([-/]?)", word)):
        if part or sep:
            out.append(_case_part(part, index, first, person) + sep)
    return "".join(out)


@functools.lru_cache(maxsize=None)
def readable(name: str, person: bool = False) -> str:
    """A Phoenix name as it is written in English text: "NIKOL_PASHINYAN_" -> "Nikol Pashinyan".
    ``person``: no acronyms (XI_JINPING is "Xi Jinping", not "XI")."""
    words = [w for w in re.split(r"[\s_]+", name.strip("_ ")) if w]
    while words and words[0].upper().endswith("-BASED"):  # HAGUE-BASED_ORGANISATION...
        words = words[1:]
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i > 0 and low in LOWER_PARTICLES:
            out.append(low)
        else:
            out.append(_case_word(word, i == 0, person))
    return " ".join(out)


PAREN = re.compile(r"\(([^()]*)\)")


def phoenix_forms(raw: str) -> tuple[str, list[str]]:
    """("Basque Fatherland and Freedom", ["ETA"]) for "BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_": the
    name without brackets and the acronyms the brackets give. Other bracketed words stay in the
    name ("National Liberation Army (Colombia)")."""
    raw = raw.replace("\u2014", "-").strip()
    extra: list[str] = []
    qualifiers: list[str] = []
    for inner in PAREN.findall(raw):
        inner = inner.strip("_ ")
        if re.fullmatch(r"[A-Z][A-Z0-9.&/-]{1,9}", inner) and len(re.sub(r"[^A-Z]", "", inner)) <= 6:
            extra.append(inner)
        elif inner:
            qualifiers.append(readable(inner))
    base = readable(PAREN.sub(" ", raw))
    if qualifiers:
        base = f"{base} ({', '.join(qualifiers)})"
    return base, extra


SPELLINGS = [("organisation", "organization"), ("co-operation", "cooperation"), ("labour", "labor"),
             ("programme", "program"), ("defence", "defense"), ("centre", "center"),
             ("south east", "southeast")]


def org_key(text: str) -> str:
    """``key`` with British and American spellings made one."""
    text = fold(text).casefold()
    for a, b in SPELLINGS:
        text = text.replace(a, b)
    return key(text)


def initials(name: str) -> str:
    """ "Economic Community of West African States" -> "ECOWAS": the first letter of each word,
    of and the included (ECOWAS) unless the acronym leaves them out."""
    words = [w for w in re.split(r"[\s-]+", strip_qualifier(name)) if w and w[0].isalpha()]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def strip_qualifier(name: str) -> str:
    return PAREN.sub("", name).strip()


# ---------------------------------------------------------------------------------------------
# Phoenix dictionaries

CODE = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Entry:  # noqa: D101 - one block of a Phoenix dictionary
    name: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name] + self.synonyms


def parse_phoenix(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            if current is None:
                continue
            for synonym in re.split(r"\s*\+", line):
                synonym = CODE.sub("", synonym).strip()
                if synonym:
                    current.synonyms.append(synonym)
            current.codes += CODE.findall(line)
        elif line.startswith("["):
            if current is not None:
                current.codes += CODE.findall(line)
        else:
            current = Entry(line.split("[", 1)[0].strip(), number)
            current.codes += CODE.findall(line)
            entries.append(current)
    return entries


@dataclass(frozen=True)
class Code:
    code: str
    start: str | None
    end: str | None
    dated: bool


def _phoenix_date(text: str) -> date | None:
    text = text.strip()
    try:
        if len(text) == 6:
            yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
            return date((2000 if yy <= PIVOT_YY else 1900) + yy, mm, dd)
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return None


@functools.lru_cache(maxsize=None)
def parse_code(text: str) -> Code | None:
    text = " ".join(text.split())
    if not text or text.startswith("-") or text == "s":
        return None
    m = re.fullmatch(r"([A-Za-z]+)(?:\s+(.*))?", text)
    if not m:
        return None
    code, rest = m.group(1).upper(), (m.group(2) or "").replace(" ", "")
    start = end = None
    dated = False
    if rest.startswith(">"):
        start, dated = _phoenix_date(rest[1:]), True
    elif rest.startswith("<"):
        end, dated = _phoenix_date(rest[1:]), True
    elif "-" in rest:
        a, b = rest.split("-", 1)
        start, end, dated = _phoenix_date(a), _phoenix_date(b), True
        if start and end and start > end and len(a) == 6:
            start = start.replace(year=start.year - 100)
    elif rest:
        start, dated = _phoenix_date(rest), True
    return Code(code, start.isoformat() if start else None, end.isoformat() if end else None, dated)


# ---------------------------------------------------------------------------------------------
# the actors being built

CLASS_RANK = {"State": 0, "IntergovernmentalOrganization": 1, "Alliance": 1, "ArmedGroup": 2,
              "Movement": 2, "PoliticalParty": 2, "Person": 4}


@dataclass
class Build:
    id: str
    cls: str
    label: str
    iso3: str | None = None
    cameo: str | None = None
    roles: list[dict] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    # surface form -> its tier (0 supplement, 1 ISO/factbook/label, 2 other derived)
    claims: dict[str, int] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)  # never filtered (ISO names, supplement)
    removed: set[str] = field(default_factory=set)
    dependency: bool = False
    tsv: bool = False

    def claim(self, form: str | None, tier: int = 2, protect: bool = False) -> None:
        if not form:
            return
        form = " ".join(form.split()).strip(" ,;")
        if not form:
            return
        self.claims[form] = min(tier, self.claims.get(form, tier))
        if protect:
            self.protected.add(form)

    def record(self, aliases: list[str]) -> dict:
        record = {"id": self.id, "class": self.cls, "label": self.label, "aliases": aliases,
                  "sources": sorted(self.sources)}
        if self.iso3:
            record["iso3"] = self.iso3
        if self.cameo:
            record["cameo"] = self.cameo
        if self.cls == "Person":
            record["roles"] = [{k: v for k, v in r.items() if v is not None}
                               for r in sorted(self.roles, key=_role_order)]
        body = re.fullmatch(r"gov:([A-Z]{3})-.+", self.id)
        if self.cls == "GovernmentBody" and body:
            record["part_of"] = f"state:{body.group(1)}"  # a state's institution: gov:USA-FBI
        return record


def _role_order(role: dict):
    return (role.get("start") or "", role.get("end") or "9999", role.get("state") or "",
            role.get("cameo") or "", role.get("title") or "", role.get("role") or "")


class CommonWords:
    """Lower-case words written so at least twice in the factbook's English prose, plus a few."""

    def __init__(self, factbook_files: list[Path]):
        counts: collections.Counter[str] = collections.Counter()
        for path in factbook_files:
            for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
                for word in re.findall(r"[A-Za-z]+", clean(text)):
                    if word.islower():
                        counts[word] += 1
        self.words = {w for w, n in counts.items() if n >= 2} | EXTRA_COMMON_WORDS

    def only_common(self, form: str) -> bool:
        words = re.findall(r"[^\W\d_]+", form)  # "Malé" is not "male"
        if not words or len(words) > 3:
            return False
        # An all-capitals form of one word is an acronym unless the word itself is common.
        return all(w.lower() in self.words for w in words)


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


# ---------------------------------------------------------------------------------------------
# sources

def load_supplement(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 5)[:5]
        ident, cls, label, aliases, cameo = (c.strip() for c in cells)
        if ":" not in ident or not cls:
            raise SystemExit(f"{path}:{number}: a row needs an id (prefix:name) and a class")
        adds = [a for a in aliases.split("|") if a and not a.startswith("-")]
        removes = [a[1:] for a in aliases.split("|") if a.startswith("-")]
        rows.append({"id": ident, "class": cls, "label": label, "aliases": adds, "remove": removes,
                     "cameo": cameo or None, "line": number})
    return rows


def state_names(country) -> list[str]:
    names = []
    for name in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)):
        if not name:
            continue
        names.append(name)
        if ", " in name:  # "Iran, Islamic Republic of" -> "Iran"
            names.append(name.split(", ")[0])
    return list(dict.fromkeys(names))


def factbook_files(data: Path) -> list[Path]:
    root = data / "factbook_json"
    return sorted(p for p in root.glob("*/*.json") if p.parent.name not in {"meta"})


def map_factbook(files: list[Path]) -> dict[str, tuple[str, dict]]:
    """ISO alpha-3 -> (GEC code, factbook JSON), through each file's ccTLD, checked by names."""
    by_alpha2: dict[str, list[tuple[str, dict]]] = collections.defaultdict(list)
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        tld = clean(doc.get("Communications", {}).get("Internet country code", {}).get("text"))
        m = re.search(r"\.([a-z]{2})\b", tld)
        if not m:
            continue
        alpha2 = {"uk": "gb"}.get(m.group(1), m.group(1)).upper()
        by_alpha2[alpha2].append((path.stem, doc))
    mapping: dict[str, tuple[str, dict]] = {}
    problems: list[str] = []
    for alpha2, found in sorted(by_alpha2.items()):
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is None or len(found) != 1:
            continue  # .eu, .xk; .ps is both Gaza Strip and West Bank
        gec, doc = found[0]
        names = country_names_of(doc)
        if not _names_agree(names, state_names(country)) and NAME_CHECK_EXCEPTIONS.get(gec) != country.alpha_3:
            problems.append(f"{gec}.json -> {country.alpha_3} ({country.name}): {names}")
            continue
        mapping[country.alpha_3] = (gec, doc)
    if problems:
        raise SystemExit("factbook files mapped by their ccTLD to an ISO entry whose names do not "
                         "match (check NAME_CHECK_EXCEPTIONS):\n  " + "\n  ".join(problems))
    return mapping


def _names_agree(factbook_names: list[str], iso_names: list[str]) -> bool:
    """Some factbook name and some ISO name are the same, once brackets, "the" and accents go."""
    ours = {key(strip_qualifier(n)) for n in factbook_names} | {key(n) for n in factbook_names}
    theirs = {key(n) for n in iso_names} | {key(strip_qualifier(n.split(", ")[0])) for n in iso_names}
    return bool(ours & theirs) or any(len(a) >= 6 and len(b) >= 6 and (a in b or b in a) for a in ours for b in theirs)


def country_names_of(doc: dict) -> list[str]:
    names = doc.get("Government", {}).get("Country name", {})
    out = []
    for field_name in ("conventional short form", "conventional long form"):
        text = clean(names.get(field_name, {}).get("text"))
        text = strip_qualifier(re.split(r";", text)[0]).strip()  # "... (prior to 15 August 2021); ..."
        if text and text.lower() != "none":
            out.append(text)
    return out


def capitals_of(doc: dict) -> list[str]:
    text = clean(doc.get("Government", {}).get("Capital", {}).get("name", {}).get("text"))
    text = re.split(r";?\s*note\s*-", text)[0]
    out: list[str] = []
    for part in _split_outside(text, ";"):
        part = part.strip()
        if not part or part[0].islower():
            continue
        m = re.match(r"^(.*?) is the .*capital", part)
        if m:
            out.append(m.group(1).strip())
            continue
        # "Gitega (political capital), Bujumbura (commercial capital)"
        for piece in re.split(r"(?<=\)),\s*", part):
            piece = re.sub(r"\s+in\s+[A-Z][a-z]+\b", "", piece)  # "Chisinau in Romanian (Kishinev in Russian)"
            name = PAREN.sub("", piece).strip(" ,")
            if name.endswith(", D.C."):
                out.append(name)
                name = name[: -len(", D.C.")]
            if name:
                out.append(name)
            for inner in PAREN.findall(piece):
                inner = inner.strip()
                aka = inner.startswith("aka ")
                inner = re.sub(r"^aka\s+", "", inner)
                if re.search(r"capital|seat|located|on |island|transliteration|spelled|recognized|city\)?$", inner):
                    inner = re.split(r",", inner)[0] if aka else ""  # "aka Yangon, continues to be..."
                for alt in inner.split(","):
                    alt = alt.strip()
                    if alt and alt[0].isupper() and len(alt.split()) <= 3 and not re.search(r"capital|seat|island", alt):
                        out.append(alt)
    return list(dict.fromkeys(out))


def _split_outside(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def demonyms_of(doc: dict) -> list[str]:
    nationality = doc.get("People and Society", {}).get("Nationality", {})
    out: list[str] = []
    for field_name in ("noun", "adjective"):
        text = clean(nationality.get(field_name, {}).get("text"))
        text = re.split(r";\s*note\b", text)[0]
        text = PAREN.sub(lambda m: "" if re.search(r"singular|plural|citizens|colloquial|nationals", m.group(1)) else m.group(0), text)
        text = re.sub(r"\(\s*or\s+([^()]*)\)", r" or \1", text)  # "Taiwan (or Taiwanese)": two forms
        for piece in re.split(r",|;|/|\bor\b", text):
            piece = piece.strip()
            if not piece or piece.lower() in {"none", "na"} or not piece[0].isupper():
                continue
            m = re.fullmatch(r"(.+?)\((\w+)\)", piece.replace(" (", "("))
            if m and m.group(2) == "s":  # Armenian(s)
                out += [m.group(1), m.group(1) + "s"]
            elif m:  # Frenchman(men), Frenchwoman(women)
                stem, plural = m.group(1), m.group(2)
                singular = plural[:-3] + "man" if plural.endswith("men") else ""
                out += [stem, stem[: -len(singular)] + plural if singular and stem.endswith(singular) else stem + plural]
            elif "(" not in piece:
                out.append(piece)
    return list(dict.fromkeys(o.strip() for o in out if o.strip()))


MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}


def factbook_date(text: str) -> str | None:
    m = re.search(r"(?:(\d{1,2})\s+)?([A-Z][a-z]{2,8})\.?\s+(\d{4})", text)
    if m:
        month = next((n for name, n in MONTHS.items() if name.startswith(m.group(2).lower()[:3])), None)
        if month:
            if m.group(1):
                try:
                    return date(int(m.group(3)), month, int(m.group(1))).isoformat()
                except ValueError:
                    return f"{int(m.group(3)):04d}-{month:02d}"
            return f"{int(m.group(3)):04d}-{month:02d}"
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    return m.group(1) if m else None


@dataclass
class Leader:
    full: str  # "Vladimir Vladimirovich Putin"
    short: str | None  # "Vladimir Putin": first given name and surname
    surnames: list[str]  # "Putin"; "Hoseini-Khamenei", "Khamenei"
    first: str  # the first word of the name
    title: str | None
    start: str | None
    also: list[str] = field(default_factory=list)  # "also spelled" forms
    # other names of the person: "Bill English" for Simon William "Bill" ENGLISH, "Srettha
    # Thavisin" for SETTHA Thawisin, also spelled SRETTHA Thavisin (factbook-history)
    other_names: list[str] = field(default_factory=list)


class _NamePart:
    """A word of a name: Vahagn, Élisabeth, 'Akilisi, d'Oliveira, al-Shara."""

    PARTICLE = re.compile(r"^[a-z]{1,3}['-][A-Z]")

    def match(self, token: str) -> bool:
        return token.lstrip("'")[:1].isupper() or bool(self.PARTICLE.match(token))


NAME_PART = _NamePart()


def parse_leaders(text: str) -> list[Leader]:
    """Every person named in a factbook "chief of state" / "head of government" text, e.g.
    "Prime Minister Nikol PASHINYAN (since 10 September 2021)": the upper-case run is the
    surname, the capitalised words just before it the given names, what precedes them the
    title."""
    text = clean(text)
    segments = [seg.strip() for seg in _split_outside(text, ";")]
    merged: list[str] = []
    for seg in segments:  # "King WACHIRALONGKON; also spelled Vajiralongkorn (since ...)"
        if seg.startswith("also spelled") and merged:
            merged[-1] += " ALSO " + seg[len("also spelled"):]
        else:
            merged.append(seg)
    leaders = []
    for index, segment in enumerate(merged):
        if not segment or segment[0].islower() or segment.startswith("("):
            continue
        following = merged[index + 1] if index + 1 < len(merged) else ""
        if re.search(r",?\s+represented by\b", segment) or following.startswith("represented by"):
            continue  # a monarch or president represented in the country by a governor
        also = []
        if " ALSO " in segment:
            segment, rest = segment.split(" ALSO ", 1)
            m = re.match(r"\s*([A-Z][\w'-]+)", rest)
            also = [m.group(1)] if m else []
            segment += " " + rest[m.end():] if m else ""
        since = re.search(r"\(([^()]*?since[^()]*)\)", segment)
        bare = re.search(r"\((\d{1,2} [A-Z][a-z]+ \d{4})\)", segment)
        start = factbook_date(since.group(1)) if since else factbook_date(bare.group(1)) if bare else None
        body = re.sub(r'"[^"]*"', " ", PAREN.sub(" ", segment))
        tokens = body.replace(",", " , ").split()
        # A Roman numeral is a regnal number (CHARLES III) unless it starts the name (XI Jinping).
        caps = [i for i, t in enumerate(tokens)
                if _is_caps(t) and t not in {"GNU", "CNSP"}
                and (t.strip(",") not in ROMAN_NUMERALS or i == 0 or tokens[i - 1] in FACTBOOK_TITLE_WORDS)]
        if not caps:
            continue
        end = caps[-1]  # the last run of upper-case words is the surname
        begin = end
        while begin - 1 >= 0 and begin - 1 in caps:
            begin -= 1
        given_start = begin
        while given_start - 1 >= 0:
            t = tokens[given_start - 1]
            if t in FACTBOOK_TITLE_WORDS or t == "," or not (NAME_PART.match(t) or t.lower() in LOWER_PARTICLES):
                break
            given_start -= 1
        after = []
        for t in tokens[end + 1:]:
            if t == ",":
                continue
            if t in {"Jr.", "Sr."} or ((NAME_PART.match(t) or t.lower() in LOWER_PARTICLES) and t not in FACTBOOK_TITLE_WORDS):
                after.append(t)
            else:
                break
        given = tokens[given_start:begin]
        title_tokens = [t for t in tokens[:given_start] if t != ","]
        while title_tokens and title_tokens[-1] in RANKS:
            title_tokens.pop()
        while given and given[0] in RANKS:
            given = given[1:]
        surname_tokens = [t.lower() if i > 0 and t.lower() in LOWER_PARTICLES else _case_caps(t, first=(i == 0 and not given))
                          for i, t in enumerate(tokens[begin:end + 1])]
        full = " ".join(given + surname_tokens + after)
        surname = " ".join(surname_tokens)
        surnames = [surname]
        if after and after[0] in ROMAN_NUMERALS:
            surnames = [f"{surname} {after[0]}"]  # Charles III, not Charles
        last_raw = tokens[end].strip(",")
        pieces = last_raw.split("-")
        if len(pieces) > 1 and not _is_caps(pieces[0]) and pieces[0] not in ("al", "el"):
            surnames.append(_case_caps(pieces[-1]))  # Hoseini-KHAMENEI -> Khamenei
        if surname_tokens[-1].lower().startswith(("al-", "el-")):
            surnames.append(surname_tokens[-1][3:])  # al-Sudani -> Sudani
        first = given[0] if given else surname_tokens[0]
        short = f"{given[0]} {surname}" if given and len(given) + len(after) > 1 else None
        title = " ".join(title_tokens) or None
        leaders.append(Leader(full, short, surnames, first, title, start, also))
    return leaders


def _is_caps(token: str) -> bool:
    """An upper-case name word: PUTIN, SASSOU-Nguesso, al-BURHAN, III (after a name)."""
    token = token.strip(",")
    core = re.sub(r"^(?:al|el)-", "", token)
    for part in core.split("-"):
        letters = re.sub(r"[^A-Za-z]", "", part)
        if len(letters) >= 2 and letters.isupper():
            return True
    return False


def _case_caps(token: str, first: bool = False) -> str:
    """PASHINYAN -> Pashinyan, al-BURHAN -> al-Burhan, SASSOU-Nguesso -> Sassou-Nguesso,
    TUIMALEALI'IFANO -> Tuimaleali'ifano; a Roman numeral stays unless it starts the name."""
    token = token.strip(",")
    if token in ROMAN_NUMERALS and not first:
        return token
    prefix = ""
    m = re.match(r"^((?:al|el)-)(.*)$", token)
    if m:
        prefix, token = m.group(1), m.group(2)
    parts = []
    for part in token.split("-"):
        letters = re.sub(r"[^A-Za-z]", "", part)
        parts.append(_capitalize(part) if letters.isupper() else part)
    return prefix + "-".join(parts)


# ---------------------------------------------------------------------------------------------
# the factbook's history of office holders (factbook-history)

HISTORY_FILE = Path("factbook_executives_history") / "factbook_executives_history.jsonl"
# Lower-case words that may open a segment before an office ("prime minister Andrey KOBYAKOV").
LOWER_TITLE_WORDS = {"president", "prime", "minister", "ministers", "presidents", "first", "second",
                     "third", "deputy", "vice", "transitional", "interim", "acting", "premier"}
PLURAL_TITLE_WORDS = {"Ministers": "Minister", "Presidents": "President", "Premiers": "Premier",
                      "Chairpersons": "Chairperson", "Chairmen": "Chairman", "members": "member",
                      "Members": "Member", "Regents": "Regent", "Captains": "Captain", "Co-Chiefs": "Co-Chief"}
# Ranks written before or after a name ("Brig. Gen. Abdullah Al-Alimi BA WAZIR", "al-AHMAR, Lt. Gen.").
HISTORY_RANKS = RANKS | {"Brig.", "Maj.", "Capt", "Ret.", "Air", "Vice-Marshal", "Chief", "Mar.", "Gen",
                         "Lt", "RN", "Dr", "Jr.", "Adm.", "Admiral", "Mullah", "(Ret.)"}
# Qualifiers of an office that do not make another office (an interim president is president).
OFFICE_QUALIFIERS = {"acting", "interim", "transitional", "transition", "caretaker", "temporary",
                     "gnu", "cnsp", "overall", "sac", "provisional"}
POST_NOMINAL = re.compile(r"^(?:(?:Dr\.?|Jr\.|Sr\.|II|III|IV|Brig\.|Gen\.?|Maj\.|Lt\.?|Col\.|Capt\.?|"
                          r"Ret\.|\(Ret\.\)|RN|Adm\.|Mar\.)\s*)+(?:\(.*\))?$")


@dataclass
class Holder:
    leader: Leader  # name, title as written (singular), start
    role: str  # "chief of state", "head of government", "vice president", "deputy", "heir apparent"


def office_role(title: str | None, field_role: str) -> str:
    """The kind of office a title names in a "chief of state" / "head of government" field: "vice
    president" (Vice President, First Vice President, Vice Chairperson), "deputy" (Deputy Prime
    Minister, Vice Premier, Deputy President), "heir apparent" (Crown Prince, Heir Apparent), else
    the field's own office. A title of several offices ("Crown Prince and Prime Minister", "Vice
    President and Prime Minister") counts as its highest: the field's office, then vice president,
    deputy, heir."""
    if not title:
        return field_role
    ranks = []
    for index, part in enumerate(re.split(r"\s+and\s+|/", title)):
        words = [w for w in part.split() if w.lower() not in OFFICE_QUALIFIERS
                 and w not in {"First", "Second", "Third", "Executive", "Permanent"}]
        text = " ".join(words)
        if not words:
            continue
        if index > 0 and words[0] in {"Minister", "Foreign", "Secretary"}:
            continue  # "Deputy Prime Minister and Minister of Foreign Affairs": a portfolio
        if re.match(r"(?:Co-)?Vice\s+(?:President|Chair)", text):
            ranks.append((1, "vice president"))
        elif re.match(r"(?:Deputy|Vice|Co-Vice)\b", text) and not text.startswith("Deputy Crown Prince"):
            ranks.append((2, "deputy"))
        elif re.match(r"(?:Deputy\s+)?Crown\s+Prince|Heir\b", text) and not re.search(r"Prime|Premier|President", text):
            ranks.append((3, "heir apparent"))
        else:
            ranks.append((0, field_role))
    return min(ranks)[1] if ranks else field_role


def office_key(title: str | None, role: str) -> str:
    """The office a title names, across the ways of writing it: qualifiers (Acting, Interim,
    Transition), ranks, plurals and "Chairman"/"Chairperson" aside."""
    words = []
    for w in (title or "").split():
        if w.lower() in OFFICE_QUALIFIERS or w in HISTORY_RANKS:
            continue
        w = PLURAL_TITLE_WORDS.get(w, w)
        w = {"Chairman": "Chair", "Chairperson": "Chair", "Coprince": "Co-prince", "Co-Prince": "Co-prince"}.get(w, w)
        words.append(w.lower())
    return role + ":" + " ".join(words)


def _clean_title(title: str | None) -> str | None:
    """"Deputy Prime Ministers" -> "Deputy Prime Minister"; ranks and repeated words go."""
    if not title:
        return None
    words = title.replace(",", " ").split()
    if len(words) >= 2 and words[-2] not in {"of", "the"}:  # not "Council of Ministers"
        words[-1] = PLURAL_TITLE_WORDS.get(words[-1], words[-1])
    while words and words[0] in HISTORY_RANKS:
        words = words[1:]
    while words and words[-1] in HISTORY_RANKS:
        words = words[:-1]
    out = []
    for w in words:
        if not out or out[-1] != w:  # "President President Rumen RADEV"
            out.append(w)
    return " ".join(out) or None


def _has_name(piece: str) -> bool:
    body = re.sub(r'"[^"]*"', " ", PAREN.sub(" ", piece))
    return any(_is_caps(t) and t.strip(",") not in {"GNU", "CNSP", "SAC", "CEO", "RN", "UK", "US"}
               and t.strip(",") not in ROMAN_NUMERALS for t in body.split())


def _split_items(segment: str) -> list[tuple[str, str]]:
    """A segment listing several holders ("Deputy Prime Ministers Mher GRIGORYAN and Tigran
    AVINYAN (since ...)", "Vice Presidents A, B, and C (since ...)") as one item per holder; a
    rank or degree after a name ("ABDULLAH, Dr.") stays with it; prose after a name ("eldest son
    of King ABDALLAH II") ends the list. Each item comes with the separator before it ("," or
    " and")."""
    pieces: list[tuple[str, str]] = []
    depth, current, sep, i = 0, [], "", 0
    while i < len(segment):
        ch = segment[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth <= 0 and (ch == "," or segment.startswith(" and ", i)):
            pieces.append((sep, "".join(current)))
            sep = "," if ch == "," else " and"
            current = []
            i += 1 if ch == "," else 5
            continue
        current.append(ch)
        i += 1
    pieces.append((sep, "".join(current)))
    items: list[list[str]] = []
    for sep, piece in pieces:
        piece = piece.strip()
        if piece.startswith("and "):
            piece, sep = piece[4:], " and"
        if not piece:
            continue
        if not items:
            items.append(["", piece])
        elif POST_NOMINAL.match(piece) or piece.startswith("("):
            items[-1][1] += f"{sep} {piece}"
        elif not _has_name(items[-1][1]):
            items[-1][1] += f"{sep} {piece}"  # "Crown Prince and Prime Minister MUHAMMAD ..."
        elif not NAME_PART.match(piece):
            # prose: an apposition ("ELISABETH, daughter of the monarch") goes; a sentence ("ASAD
            # and his family flew to Moscow") stays with its name, for the prose rule
            if sep == " and":
                items[-1][1] += f"{sep} {piece}"
            break
        else:
            items.append([sep, piece])
    return [(sep, item) for sep, item in items]


PROSE_WORD = re.compile(r"^[a-z][a-z']+$")
# Prose after a name that says the holder has gone ("Prime Minister X (since ...) resigned ...").
FORMER = re.compile(r"\b(?:ousted|resign(?:ed|s)|removed|died|dismissed|impeached|deposed|departed)\b")


def _cut_prose(item: str) -> tuple[str, bool]:
    """The item up to the first lower-case word of prose after the name ("Sebastian KURZ elected
    chancellor (since ...)" -> "Sebastian KURZ"), and whether there was prose."""
    depth, tokens, seen_name = 0, [], False
    for token in item.split(" "):
        if depth <= 0 and not token.startswith("("):
            word = token.strip(",.;:")
            if seen_name and PROSE_WORD.match(word) and word not in LOWER_PARTICLES and word != "or":
                return " ".join(tokens), True
            if _is_caps(token) and token.strip(",") not in {"GNU", "CNSP", "SAC", "CEO"}:
                seen_name = True
        depth += token.count("(") - token.count(")")
        tokens.append(token)
    return item, False


def parse_holders(text: str, field_role: str) -> tuple[list[Holder], list[str]]:
    """Every office holder named in one historical "chief of state" / "head of government" text:
    what ``parse_leaders`` reads, one holder per item of a list ("Deputy Prime Ministers A, B (both
    since ...)": each with the singular title and the date given for the list), notes and
    prose left out. Returns the holders and the pieces that looked like holders but were left out
    (for the build's report)."""
    text = clean(text).replace(", also spelled", "; also spelled")
    text = re.sub(r"\b([Aa]l|[Ee]l)- (?=[A-Z])", r"\1-", text)  # "Faraj Salmin al- BAHSANI"
    text += ")" * max(0, text.count("(") - text.count(")"))
    # "(since 16 October 2009) Vice President ...", "(since February 2018) Jean-Pierre BEMBBA": a
    # missing comma
    text = re.sub(r"(\((?:since )?\d{0,2} ?[A-Z]?[a-z]* ?\d{4}\))\s+(?=[A-Z])", r"\1, ", text)
    # "(interim president from 8 September 2016; ...)"
    text = re.sub(r"\((?:[a-z]+ )*from (?=\d{1,2} [A-Z][a-z]+ \d{4})", "(since ", text)
    text = re.sub(r"^Notification Statement:.*?Venezuela\s*(?:\+\+\s*)?", "", text)
    text = re.split(r"\bnote\s*[-:\u2013\u2014]|\bnote\b(?=\s+[-\u2013])", text, maxsplit=1, flags=re.IGNORECASE)[0]
    text = re.sub(r"\((since[^();]*?)\s*;", r"(\1);", text)  # "(since 1 January 2020; Vice President ..."
    # "(head of government since 9 July 2019; chief of state since 28 August 2014)": this field's date
    text = re.sub(r"\(([^()]*\b" + field_role + r" since [^();,]*)[^()]*\)",
                  lambda m: "(since " + m.group(1).split(" since ", 1)[1] + ")", text)
    segments = [s.strip() for s in _split_outside(text, ";")]
    merged: list[str] = []
    for seg in segments:
        if seg.startswith("also spelled") and merged:
            merged[-1] += "; " + seg
        else:
            merged.append(seg)
    holders: list[Holder] = []
    left_out: list[str] = []
    list_title = None
    for index, segment in enumerate(merged):
        segment = re.sub(r"^and\s+", "", segment)
        following = merged[index + 1] if index + 1 < len(merged) else ""
        if not segment or segment.startswith("("):
            continue
        if segment[0].islower():
            words = segment.split(" ")
            lead = 0
            while lead < len(words) and words[lead] in LOWER_TITLE_WORDS:
                lead += 1
            if not lead or not _has_name(segment):
                continue
            segment = " ".join(w.capitalize() if i < lead else w for i, w in enumerate(words))
        if re.search(r",?\s+represent(?:ed|ated) by\b", segment) or re.match(r"represent(?:ed|ated) by", following):
            continue  # a monarch or president represented in the country by a governor
        items = _split_items(segment.split("; also spelled")[0])
        if "; also spelled" in segment and items:
            items[-1] = (items[-1][0], items[-1][1] + "; also spelled" + segment.split("; also spelled", 1)[1])
        parsed: list[tuple[str, Leader, str]] = []
        for sep, item in items:
            if re.search(r"\bvacant\b|[- ]elect\b|-designate\b|\bassumes office\b", item, flags=re.IGNORECASE) \
                    or not _has_name(item):
                continue
            dated = re.search(r"\(([^()]*?since[^()]*)\)|\((\d{1,2} [A-Z][a-z]+ \d{4})\)", item)
            item, _, spelled = item.partition("; also spelled")
            alternative = None
            if _has_name(spelled):  # "SETTHA Thawisin; also spelled SRETTHA Thavisin (since ...)"
                alternative = next(iter(parse_leaders(spelled)), None)
                spelled = ""
            body, prose = _cut_prose(item)
            if prose:
                if not dated or FORMER.search(item):
                    left_out.append(item)
                    continue
                body = f"{body} ({dated.group(0)[1:-1]})" if dated.group(0) not in body else body
            if spelled:
                body += "; also spelled" + spelled
            elif dated and dated.group(0) not in body:
                body += " " + dated.group(0)
            found = parse_leaders(body)
            if not found:
                left_out.append(item)
            for leader in found:
                for nickname in re.findall(r'"([A-Z][a-z]+)"', item):  # Simon William "Bill" ENGLISH
                    leader.other_names.append(f"{nickname} {leader.surnames[0]}")
                if alternative:
                    leader.other_names += [n for n in (alternative.full, alternative.short) if n]
                parsed.append((item, leader, sep))
        # A date given once for several: every item when only the last is dated; the items
        # before "(both since ...)" / "(all since ...)"; an item joined by "and" to a dated one
        # ("Sigrid KAAG and Wopke HOEKSTRA (since 10 January 2022)"); an item between two with
        # the same date.
        dated_items = [i for i, (_, l, _) in enumerate(parsed) if l.start]
        if len(parsed) > 1 and dated_items == [len(parsed) - 1]:
            for _, leader, _ in parsed:
                leader.start = parsed[-1][1].start
        for i, (item, leader, _) in enumerate(parsed):
            if leader.start and re.search(r"\((?:both|all|each)\s+since", item):
                j = i - 1
                while j >= 0 and not parsed[j][1].start:
                    parsed[j][1].start = leader.start
                    j -= 1
        for i in range(len(parsed) - 2, -1, -1):
            leader, following = parsed[i][1], parsed[i + 1]
            before = parsed[i - 1][1].start if i > 0 else None
            if not leader.start and following[1].start and (following[2] == " and" or before == following[1].start):
                leader.start = following[1].start
        for item, leader, _ in parsed:
            # The items of a list share its title ("Deputy Prime Ministers A, B; C, D (since ...)");
            # a name after a single holder's does not ("Prime Minister X (since ...), Y").
            own = _clean_title(leader.title)
            if own:
                list_title = own if leader.title.split()[-1] in PLURAL_TITLE_WORDS else None
            leader.title = own or list_title
            holders.append(Holder(leader, office_role(leader.title, field_role)))
    return holders, left_out


def load_countrynames(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = collections.defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and re.fullmatch(r"[A-Z]{3}", cells[1].strip()):
            out[cells[1].strip()].append(cells[0].strip())
    return out


def load_agentnames(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[1] == cells[2] and re.fullmatch(r"[A-Z]{3}", cells[1]):
            out.setdefault(cells[1], cells[0].split(" / ")[0].lower())
    return out


# ---------------------------------------------------------------------------------------------
# building

class KB:
    def __init__(self, data: Path):
        self.data = data
        self.actors: dict[str, Build] = {}
        self.iso3 = {c.alpha_3 for c in pycountry.countries}
        self.fb_files = factbook_files(data)
        self.common = CommonWords(self.fb_files)
        self.agentnames = load_agentnames(data / "cameo_codebook" / "agentnames.txt")
        self.supplement = load_supplement(SUPPLEMENT)
        pdir = data / "petrarch2_dictionaries"
        self.countries = parse_phoenix(pdir / "Phoenix.Countries.actors.txt")
        self.international = parse_phoenix(pdir / "Phoenix.International.actors.txt")
        self.milnonstate = parse_phoenix(pdir / "Phoenix.MilNonState.actors.txt")
        self.given_names = self._given_names()
        self.history_stats: collections.Counter[str] = collections.Counter()
        self.history_left_out: list[str] = []
        self.history_ambiguous: list[str] = []
        self.history_other_state: list[str] = []
        self.history_loose: list[str] = []

    # -- states --------------------------------------------------------------------------------
    def build_states(self) -> None:
        factbook = map_factbook(self.fb_files)
        countrynames = load_countrynames(self.data / "cameo_codebook" / "countrynames.txt")
        self.factbook = factbook
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
            iso3 = country.alpha_3
            names = state_names(country)
            actor = Build(f"state:{iso3}", "State", names[0], iso3=iso3, cameo=iso3, sources={"pycountry"})
            for name in names:
                actor.claim(name, 1, protect=True)
            fb = factbook.get(iso3)
            if fb:
                gec, doc = fb
                actor.sources.add("factbook")
                actor.dependency = "Dependency status" in doc.get("Government", {})
                short = country_names_of(doc)
                simple = [n for n in short[:1] if "(" not in n and n.lower() != "none" and not n.isupper()]
                if not getattr(country, "common_name", None) and simple and not actor.dependency:
                    actor.label = simple[0]
                for name in short:
                    actor.claim(name, 1)
                for capital in capitals_of(doc):
                    actor.claim(capital, 1)
                    if fold(capital) != capital:
                        actor.claim(fold(capital), 2)
                for demonym in demonyms_of(doc):
                    actor.claim(demonym, 1)
            for name in countrynames.get(iso3, []):
                if name not in actor.claims:
                    actor.claim(name, 2)
                    actor.sources.add("cameo-codebook")
            self.actors[actor.id] = actor

    def _phoenix_state_variants(self) -> None:
        """Name variants from Phoenix country blocks that are names of the state: a known name
        (ISO, factbook, supplement), a misspelling of one (similarity 0.85 or more), or a known
        name with words of statehood around it ("Islamic Republic of Afghanistan"); provinces,
        cities and epithets ("South Australia", "Kandahar", "Red Korea") stay out."""
        for entry in self.countries:
            codes = [c for c in (parse_code(t) for t in entry.codes) if c]
            plain = [c for c in codes if re.fullmatch(r"[A-Z]{3}", c.code) and self._state_code(c.code)]
            current = [c for c in plain if c.end is None]
            if not current:
                continue
            actor = self.actors[f"state:{self._state_code(current[-1].code)}"]
            known = {key(f) for f in actor.claims if len(key(f)) >= 4}
            known_words = [fold(f).lower().replace(",", "").split() for f in actor.claims]
            added = False
            for raw in entry.names:
                name = re.sub(r"^(?:The|THE) ", "", strip_qualifier(phoenix_forms(raw)[0]))
                k = key(name)
                if len(k) < 4 or k in known:
                    continue
                similar = any(len(n) >= 5 and abs(len(n) - len(k)) <= 2
                              and difflib.SequenceMatcher(None, k, n).ratio() >= 0.85 for n in known)
                if similar or _statehood_around(fold(name).lower().replace(",", "").split(), known_words):
                    actor.claim(name, 2)
                    added = True
            if added:
                actor.sources.add("phoenix")

    # -- supplement ------------------------------------------------------------------------------
    def apply_supplement_states(self) -> None:
        for row in self.supplement:
            if not row["id"].startswith("state:"):
                continue
            iso3 = row["id"].split(":", 1)[1]
            if row["id"] not in self.actors:
                raise SystemExit(f"gazetteer.tsv:{row['line']}: {iso3} is not an ISO 3166 alpha-3 code")
            self._apply_row(self.actors[row["id"]], row)

    def _apply_row(self, actor: Build, row: dict) -> None:
        actor.tsv = True
        actor.sources.add("gazetteer.tsv")
        actor.cls = row["class"] or actor.cls
        if row["label"]:
            actor.label = row["label"]
        if row["cameo"]:
            actor.cameo = row["cameo"]
        for alias in row["aliases"]:
            actor.claim(alias, 0, protect=True)
        actor.removed |= set(row["remove"])

    # -- organisations and groups --------------------------------------------------------------
    @staticmethod
    def _words(raw: str) -> list[str]:
        return [w for w in re.split(r"[\s_/()]+", raw.strip("_ ").upper()) if w]

    def _org_like(self, raw: str) -> bool:
        """An organisation's name: an organisation word, or one short upper-case token."""
        if set(self._words(raw)) & ORG_WORDS:
            return True
        return bool(re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", raw.strip("_ ")))

    def _distinctive(self, raw: str) -> bool:
        """A group's name by its form: a group word (Army, Front, Brigades...), one word
        (HEZBOLLAH), an Arabic article (AL-FATAH), digits (17 NOVEMBER) or a bracketed acronym."""
        words = self._words(raw)
        if not words:
            return False
        if set(w.strip("'S") for w in words) & (GROUP_WORDS | ORG_WORDS | {"SOCIETY", "GUERRILLAS", "GUERRILLA"}):
            return True
        if len(words) == 1 or words[0].startswith(("AL-", "AL_")) or words[0] == "AL":
            return True
        if any(any(c.isdigit() for c in w) for w in words):
            return True
        return any(re.fullmatch(r"[A-Z][A-Z0-9.&/-]{1,9}", inner.strip("_ ")) for inner in PAREN.findall(raw))

    def _given_names(self) -> set[str]:
        names: collections.Counter[str] = collections.Counter()
        for entry in self.countries + self.international:
            codes = [c for c in (parse_code(t) for t in entry.codes) if c]
            if any(c.dated for c in codes):
                words = re.split(r"[\s_]+", entry.name.strip("_ ").upper())
                if len(words) >= 2:
                    names[words[0]] += 1
        return {n for n, count in names.items() if count >= 2 and len(n) >= 3} - GROUP_WORDS - ORG_WORDS - {
            "AL", "AL-", "THE", "NEW", "RED", "BLACK", "ARMED", "NATIONAL", "POPULAR", "ISLAMIC",
            "PEOPLE'S", "PEOPLES", "UNITED", "FREE", "ARAB", "REVOLUTIONARY", "GREEN", "WHITE",
            "HOLY", "SOUTH", "NORTH", "EAST", "WEST", "EASTERN", "WESTERN", "SOUTHERN", "NORTHERN"}

    def _person_like(self, raw: str) -> bool:
        words = self._words(raw)
        if not words or set(words) & (GROUP_WORDS | ORG_WORDS):
            return False
        if words[0] in {"SHEIKH", "SHEIK", "SAYYID", "SAYYED", "SEYYED", "MULLAH", "EMIR", "COMMANDER",
                        "ABU", "DR.", "MR.", "EXTREMIST", "BROTHER"}:
            return True
        return words[0] in self.given_names and 2 <= len(words) <= 5

    def build_organisations(self) -> None:
        rows = [r for r in self.supplement if not r["id"].startswith("state:")]
        row_actors: list[Build] = []
        for row in rows:
            actor = Build(row["id"], row["class"], row["label"] or row["id"].split(":", 1)[1])
            self._apply_row(actor, row)
            actor.claim(actor.label, 0, protect=True)
            self.actors[actor.id] = actor
            row_actors.append(actor)
        office_words = {"SECRETARY", "SECRETARY-GENERAL", "PRESIDENT", "CHIEF", "ENVOY", "MONITOR",
                        "PEACEKEEPER", "OFFICIAL", "SPOKESMAN", "COUNTRIES", "MINISTERS", "RESIDENT",
                        "BODIES", "REPRESENTATIVE", "OPERATIVES", "LINKED", "OFFSHOOT", "AFFILIATED"}
        candidates: list[dict] = []
        for entry in self.international:
            codes = [c for c in (parse_code(t) for t in entry.codes) if c]
            igo = [c for c in codes if c.code.startswith("IGO")]
            if not igo or any(c.dated for c in codes) or not self._org_like(entry.name):
                continue
            names = [n for n in entry.names if self._org_like(n) and not set(self._words(n)) & office_words
                     and key(readable(n)) not in DENIED_NAME_KEYS]
            if names:
                candidates.append({"names": names, "code": igo[0].code, "cls": "IntergovernmentalOrganization",
                                   "prefix": "igo"})
        for entry, kind in [(e, "milnonstate") for e in self.milnonstate] + [(e, "countries") for e in self.countries]:
            codes = [c for c in (parse_code(t) for t in entry.codes) if c]
            if not codes:
                continue
            if kind == "countries" and not all(c.code.startswith("IMG") for c in codes):
                continue
            if self._person_like(entry.name) or not any(self._distinctive(n) for n in entry.names):
                continue  # a person, or a name too generic to find
            primary_words = {w for w in self._words(entry.name) if len(w) >= 4}
            person_surnames = {re.sub(r"^AL-", "", self._words(n)[-1]) for n in entry.names if self._person_like(n)}
            names = []
            for n in entry.names:
                words = self._words(n)
                if self._person_like(n) or (len(words) == 1 and re.sub(r"^AL-", "", words[0]) in person_surnames):
                    continue  # HASSAN_NASRALLAH, NASRALLAH in the Hezbollah block
                if set(words) & office_words or key(readable(n)) in DENIED_NAME_KEYS:
                    continue
                if n is not entry.name and not self._distinctive(n) and not (set(words) & primary_words):
                    continue  # CAESAR_ACHELLAM in the Lord's Resistance Army block
                names.append(n)
            if names and key(readable(entry.name)) not in DENIED_NAME_KEYS:
                candidates.append({"names": names, "code": codes[0].code, "cls": "ArmedGroup", "prefix": "group"})
        self._merge_candidates(candidates, row_actors)

    def _merge_candidates(self, candidates: list[dict], row_actors: list[Build]) -> None:
        """Candidates naming the same organisation become one actor: the same primary name
        (spelling aside: Organisation/Organization), or an acronym that is the initials of the
        other's name within the same CAMEO region (ECOWAS). A candidate whose name is a
        supplement row's label or alias merges into that row when the codes agree."""
        for cand in candidates:
            forms, full_names = [], []
            for raw in cand["names"]:
                name, acronyms = phoenix_forms(raw)
                token = raw.strip("_ ")
                if " " not in name and cand["prefix"] == "igo" and re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", token):
                    name = token  # UNESCO, not Unesco
                name = re.sub(r"^(?:The|THE) ", "", name)
                forms.append(name)
                if strip_qualifier(name) != name:
                    forms.append(strip_qualifier(name))
                forms += acronyms
                if " " not in name and len(name) <= 6 and name[:1].isupper() and not name.isupper():
                    forms.append(name.upper())  # Hamas -> HAMAS (headlines)
                if " " not in name and name.isupper() and len(name) >= 5:
                    forms.append(name.capitalize())  # UNESCO -> Unesco
                if " " in strip_qualifier(name):
                    full_names.append(name)
            cand["forms"] = list(dict.fromkeys(f for f in forms if f))
            primary = phoenix_forms(cand["names"][0])[0] if cand["names"] else None
            cand["label"] = (re.sub(r"^(?:The|THE) ", "", primary) if primary and " " in primary
                             else (full_names[0] if full_names else (cand["forms"][0] if cand["forms"] else None)))
            cand["keys"] = {org_key(strip_qualifier(f)) for f in cand["forms"] if len(org_key(f)) >= 2}
            cand["primary_key"] = org_key(strip_qualifier(cand["forms"][0])) if cand["forms"] else ""
            cand["acronyms"] = {f for f in cand["forms"] if re.fullmatch(r"[A-Z][A-Z0-9&-]{2,9}", f)}
            cand["initials"] = {initials(f) for f in cand["forms"] if " " in f} - {""}
        parent = list(range(len(candidates)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        by_primary: dict[tuple[str, str], int] = {}
        for i, cand in enumerate(candidates):
            if not cand["primary_key"]:
                continue
            j = by_primary.setdefault((cand["prefix"], cand["primary_key"]), i)
            if j != i:
                parent[find(i)] = find(j)
        for i, cand in enumerate(candidates):  # a primary name that is another's variant
            for j, other in enumerate(candidates):
                if i < j and cand["prefix"] == other["prefix"] and (
                        cand["primary_key"] in other["keys"] or other["primary_key"] in cand["keys"]) \
                        and cand["code"][:6] == other["code"][:6]:
                    parent[find(j)] = find(i)
        for i, cand in enumerate(candidates):  # acronym = initials, same CAMEO region
            for j, other in enumerate(candidates):
                if i != j and cand["prefix"] == other["prefix"] == "igo" and cand["code"][:6] == other["code"][:6] \
                        and cand["acronyms"] & other["initials"]:
                    parent[find(j)] = find(i)
        groups: dict[int, list[dict]] = collections.defaultdict(list)
        for i, cand in enumerate(candidates):
            groups[find(i)].append(cand)
        row_keys: dict[str, list[Build]] = collections.defaultdict(list)
        for actor in row_actors:
            for form in actor.claims:
                row_keys[org_key(form)].append(actor)
        used_ids = set(self.actors)
        for root in sorted(groups):
            members = groups[root]
            if not any(m["label"] for m in members):
                continue
            target = None
            for m in members:
                for k in sorted(m["keys"]):
                    for actor in row_keys.get(k, []):
                        kind = "igo" if actor.cls in ("IntergovernmentalOrganization", "Alliance") else "group"
                        if kind == m["prefix"] and target is None and self._codes_agree(actor.cameo, m["code"]):
                            target = actor
            codes = collections.Counter(m["code"] for m in members if m["code"])
            best_code = sorted(codes.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0] if codes else None
            if target is None:
                labels = [m["label"] for m in members if m["label"]]
                multi = [l for l in labels if " " in l]
                label = multi[0] if multi else labels[0]
                acronyms = sorted(set().union(*(m["acronyms"] for m in members)))
                prefix = members[0]["prefix"]
                base = acronyms[0] if prefix == "igo" and len(acronyms) == 1 else upper_slug(strip_qualifier(label))
                ident = f"{prefix}:{base}"
                n = 2
                while ident in used_ids:
                    ident = f"{prefix}:{base}_{n}"
                    n += 1
                used_ids.add(ident)
                target = Build(ident, members[0]["cls"], label, cameo=best_code)
                target.claim(label, 1)
                self.actors[ident] = target
            elif not target.cameo:
                target.cameo = best_code
            target.sources.add("phoenix")
            for m in members:
                for form in m["forms"]:
                    target.claim(form, 2)

    def _codes_agree(self, a: str | None, b: str | None) -> bool:
        """Two CAMEO codes may name one actor: the same first three letters, or either of them
        starting with a region or group code rather than a country (MEAREB, IMG...)."""
        if not a or not b or a[:3] == b[:3]:
            return True
        return not (self._state_code(a[:3]) and self._state_code(b[:3]))

    # -- persons -----------------------------------------------------------------------------------
    def build_persons(self) -> None:
        # Upper-case single words that name a state ("RUSSIAN", "AMERICA"): not part of a name.
        self.state_words = {fold(f).upper() for a in self.actors.values() if a.cls == "State"
                            for f in a.claims if " " not in f and len(f) >= 4}
        people: list[dict] = []
        for entry, source in [(e, "countries") for e in self.countries] + \
                             [(e, "international") for e in self.international] + \
                             [(e, "milnonstate") for e in self.milnonstate]:
            codes = [c for c in (parse_code(t) for t in entry.codes) if c]
            if not any(c.dated for c in codes) or any(c.code.startswith("IMG") and not c.dated for c in codes if len(codes) == 1):
                continue
            if source == "countries" and (all(re.fullmatch(r"[A-Z]{3}", c.code) for c in codes) or any(
                    not c.dated and re.fullmatch(r"[A-Z]{3}", c.code) for c in codes)):
                # a country block, also when its codes changed over time ("KOSOVO [KSV]" with
                # [YUGKSV …] [FRYKSV …] [KSVUNO …]: Kosovo, Serbia, Montenegro, Slovenia, Bosnia)
                continue
            if all(c.code.startswith("IMG") for c in codes) and not self._person_like(entry.name):
                continue
            words = set(re.split(r"[\s_/-]+", entry.name.strip("_ ").upper()))
            if words & (GROUP_WORDS | ORG_WORDS) or "," in entry.name or len(words) > 6:
                continue
            # Dated roles that reach 1990; undated codes are PETRARCH's defaults, left out. An
            # "elite" code is CountryInfo's filler around offices: it does not qualify a person,
            # and only the elite periods after a first office are kept.
            roles = [r for r in (self._role(c) for c in codes if c.dated) if _reaches(r)]
            offices = [r for r in roles if r["role"] != "elite"]
            if not offices:
                continue
            first_office = min(r["start"] or "" for r in offices)
            roles = [r for r in roles if r["role"] != "elite" or (r["start"] or "") >= first_office]
            names = []
            for raw in entry.names:
                name = _strip_titles(raw)
                words = set(re.split(r"[\s_-]+", name.upper())) | set(re.split(r"[\s_]+", name.upper()))
                if name and not words & (GROUP_WORDS | ORG_WORDS | TITLE_WORDS | self.state_words | {"ELECT"}):
                    names.append(readable(name, person=True))
            if not names:
                continue
            last = _surname_key(names[0])
            names = [names[0]] + [n for n in names[1:] if _surname_key(n) == last]
            people.append({"names": list(dict.fromkeys(names)), "roles": roles, "source": "phoenix",
                           "states": {r["state"] for r in roles if r["state"]}})
        people = _merge_people(people)
        leaders = self._factbook_leaders()
        self._attach_leaders(people, leaders)
        self._attach_history(people, self._history_tenures())
        self._person_actors(people)

    def _state_code(self, chunk: str) -> str | None:
        chunk = CAMEO_LEGACY.get(chunk, chunk)
        return chunk if chunk in self.iso3 else None

    def _role(self, code: Code) -> dict:
        """{state, title, role, start, end, cameo} for a code such as ARMGOV, GBRVGBGOV, IGOUNO."""
        text = code.code
        chunks = [text[i:i + 3] for i in range(0, len(text), 3)]
        state = None
        role = None
        for chunk in chunks:
            if chunk in ROLE_NAMES or chunk in self.agentnames:
                role = ROLE_NAMES.get(chunk) or self.agentnames[chunk]
                break
            found = self._state_code(chunk)
            if found:
                state = found  # the last country code before the role: a territory (GBR VGB GOV)
        return {"state": state, "title": None, "role": role, "start": code.start, "end": code.end,
                "cameo": text}

    def _factbook_leaders(self) -> list[dict]:
        out = []
        for iso3, (gec, doc) in sorted(self.factbook.items()):
            government = doc.get("Government", {})
            if "Dependency status" in government:
                continue
            branch = government.get("Executive branch", {})
            for field_name, role in (("chief of state", "chief of state"), ("head of government", "head of government")):
                for leader in parse_leaders(branch.get(field_name, {}).get("text", "")):
                    out.append({"leader": leader, "state": iso3, "role": office_role(leader.title, role)})
        return out

    def _attach_leaders(self, people: list[dict], leaders: list[dict]) -> None:
        """Each factbook leader joins the Phoenix person of the same state whose name has the
        same first and last words ("Vladimir Putin" for "Vladimir Vladimirovich PUTIN"), or else
        the only one with the same surname and a compatible first name ("Benjamin" and
        "Benyamin", "Navin" and "Navinchandra"); a leader found in several states (a monarch of
        several realms, a co-prince) is one person."""
        index: dict[tuple, list[dict]] = collections.defaultdict(list)
        by_surname: dict[tuple, list[dict]] = collections.defaultdict(list)
        for person in people:
            for name in person["names"]:
                words = [w for w in name.split() if w not in ("Jr.", "Sr.")]
                for state in person["states"]:
                    index[(state, key(words[0]), key(words[-1]))].append(person)
                    by_surname[(state, key(words[-1]))].append((words[0], person))
        made: dict[str, dict] = {}
        for item in leaders:
            leader, state = item["leader"], item["state"]
            words = [w for w in leader.full.split() if w not in ("Jr.", "Sr.")]
            lasts = list(dict.fromkeys(
                [key(words[-1]), key(words[-1].split("-")[-1])]
                + [key(s.split()[-1]) for s in leader.surnames] + [key(s.split()[-1].split("-")[-1]) for s in leader.surnames]))
            person = made.get(key(leader.full))
            if person is None:
                found = {id(p): p for last in lasts for p in index.get((state, key(words[0]), last), [])}
                if not found:
                    found = {id(p): p for last in lasts for first, p in by_surname.get((state, last), [])
                             if _compatible_given(first, leader.first) or key(first) == last}
                    found = found if len(found) == 1 else {}
                if found:
                    person = sorted(found.values(), key=lambda p: p["names"][0])[0]
                else:
                    person = {"names": [], "roles": [], "source": "factbook", "states": set()}
                    people.append(person)
                person.setdefault("factbook_label", leader.full)
            made[key(leader.full)] = person
            person["states"].add(state)
            person.setdefault("extra_sources", set()).add("factbook")
            for name in (leader.full, leader.short):
                if name and name not in person["names"]:
                    person["names"].append(name)
            person.setdefault("surnames", [])
            for part in leader.surnames + leader.also:
                if part not in person["surnames"]:
                    person["surnames"].append(part)
            role = {"state": state, "title": leader.title, "role": item["role"], "start": leader.start,
                    "end": None, "cameo": f"{state}GOV"}
            if role not in person["roles"]:
                person["roles"].append(role)

    # -- factbook history ------------------------------------------------------------------------
    def _history_tenures(self) -> list[dict]:
        """Each office holder of ``factbook_executives_history.jsonl`` with the dates of the
        office: one record per term {state, role, title, start, end, names (Leader, latest
        first), office, last}. A text is taken to stand from its first to its last snapshot; a
        holder is in an office on a snapshot date when some text standing then names them there.
        A run of dates in one office is a tenure; a later "since" date within it starts a new term
        (dates within two months of each other, or one the other with less precision, are one
        term: the most precise, then latest, wording kept). A holder back in an office with the
        same "since" date (another text named someone else meanwhile) continues the term; a
        holder renamed from one text to the next with the same date ("Bola TINBU", "Bola Ahmed
        TINUBU") is one holder. A tenure ends at the start of
        the office's next different holder, or at the first snapshot without the holder if that
        comes first (an office seen empty, a holder dropped from the text); it is open when the
        holder is in the country's latest snapshot. Offices: the first holder of the field's own
        office in a text ("President", "Interim President", a bare name) is the field's office;
        other holders are offices by their titles (``office_key``)."""
        rows = [json.loads(line) for line in (self.data / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
                if line.strip()]
        gec_to_iso = {gec: iso3 for iso3, (gec, doc) in self.factbook.items()
                      if "Dependency status" not in doc.get("Government", {})}
        snapshots = sorted({r["first_seen"] for r in rows} | {r["last_seen"] for r in rows})
        groups: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
        stats = self.history_stats
        for row in rows:
            if row["code"] not in gec_to_iso:
                stats["texts of dependencies and unmapped entries"] += 1
                continue
            groups[(row["code"], row["field"])].append(row)
        tenures: list[dict] = []
        for (gec, field_role), texts in sorted(groups.items()):
            state = gec_to_iso[gec]
            texts.sort(key=lambda r: (r["first_seen"], r["last_seen"], r["text"]))
            parsed = []
            for row in texts:
                holders, left_out = parse_holders(row["text"], field_role)
                stats["holders parsed"] += len(holders)
                # An heir (Crown Prince, Heir Apparent) holds no office yet: left out.
                stats["heirs left out"] += sum(h.role == "heir apparent" for h in holders)
                holders = [h for h in holders if h.role != "heir apparent"]
                for piece in left_out:
                    self.history_left_out.append(f"{gec} {field_role}: {piece}")
                offices: dict[str, list[Holder]] = collections.defaultdict(list)
                main_done = False
                for holder in holders:
                    if holder.role == field_role and not main_done:
                        offices[f"{field_role}:*"].append(holder)
                        main_done = True
                    else:
                        offices[office_key(holder.leader.title, holder.role)].append(holder)
                parsed.append((row, offices))
            dates = [d for d in snapshots if any(r["first_seen"] <= d <= r["last_seen"] for r in texts)]
            runs: list[dict] = []  # {office, entries: [(date, holder, text first_seen)], first, last, closed}
            open_runs: dict[str, list[dict]] = collections.defaultdict(list)
            for d in dates:
                present: dict[str, list[tuple[Holder, str]]] = collections.defaultdict(list)
                for row, offices in parsed:
                    if row["first_seen"] <= d <= row["last_seen"]:
                        for office, holders in offices.items():
                            present[office] += [(h, row["first_seen"]) for h in holders]
                for office in sorted(set(present) | set(open_runs)):
                    still, fresh = [], []
                    for holder, seen in present.get(office, []):
                        run = next((r for r in open_runs[office] + fresh
                                    if any(_same_holder(e[1].leader, holder.leader) for e in r["entries"][-3:])), None)
                        if run is None:
                            run = {"office": office, "entries": [], "first": d, "last": d, "closed": None}
                            fresh.append(run)
                        run["entries"].append((d, holder, seen))
                        run["last"] = d
                        still.append(run)
                    kept = {id(r) for r in still}
                    gone = [r for r in open_runs[office] if id(r) not in kept]
                    # A holder renamed from one text to the next ("Bola TINBU", "Bola Ahmed
                    # TINUBU"): the one run not seen today and the one new run, with one date.
                    for run in list(fresh):
                        start = run["entries"][0][1].leader.start
                        if not start:
                            continue
                        same = [r for r in gone if r["entries"][-1][1].leader.start
                                and _close_dates(r["entries"][-1][1].leader.start, start)
                                and _alike(r["entries"][-1][1].leader.full, run["entries"][0][1].leader.full)]
                        twins = [f for f in fresh if f["entries"][0][1].leader.start
                                 and _close_dates(f["entries"][0][1].leader.start, start)]
                        if len(same) == 1 and len(twins) == 1:
                            same[0]["entries"] += run["entries"]
                            same[0]["last"] = d
                            fresh.remove(run)
                            gone.remove(same[0])
                    for run in gone:
                        run["closed"] = d  # the first snapshot without the holder
                    runs.extend(fresh)
                    open_runs[office] = [r for r in open_runs[office] if r["closed"] is None] + fresh
            terms: list[dict] = []
            for run in runs:
                for term in self._run_terms(state, run, runs):
                    # The same holder back in the office with the same "since" date (another
                    # text named someone else meanwhile): one term, to the later end.
                    same = next((t for t in terms if t["office"] == term["office"] and t["start"] and term["start"]
                                 and _close_dates(t["start"], term["start"])
                                 and _same_holder(t["names"][0], term["names"][0])), None)
                    if same is None:
                        terms.append(term)
                        continue
                    later, earlier = (same, term) if same["last"] >= term["last"] else (term, same)
                    start = max((earlier["start"], later["start"]), key=len)  # the more precise
                    end = None if None in (same["end"], term["end"]) else max(same["end"], term["end"], key=_padded)
                    same.update(end=end, title=later["title"], role=later["role"], start=start,
                                names=later["names"] + earlier["names"], last=later["last"])
            tenures += terms
        stats["terms"] = len(tenures)
        return tenures

    def _run_terms(self, state: str, run: dict, runs: list[dict]) -> list[dict]:
        """A run's terms: one per "since" date (dates within two months, or one the prefix of the
        other, are one term), each ending where the next begins, the last where the run ends."""
        by_start: dict[str | None, list] = collections.defaultdict(list)
        for entry in run["entries"]:
            by_start[entry[1].leader.start].append(entry)
        starts = sorted((s for s in by_start if s), key=_padded)
        clusters: list[list[str]] = []
        for s in starts:
            if clusters and _close_dates(clusters[-1][-1], s):
                clusters[-1].append(s)
            else:
                clusters.append([s])
        if not clusters:
            clusters = [[None]]
        elif None in by_start:  # undated mentions join the first term
            first = clusters[0][0]
            by_start[first] = by_start[first] + by_start.pop(None)
        terms = []
        for cluster in clusters:
            entries = sorted((e for s in cluster for e in by_start[s]), key=lambda e: (e[0], e[2]))
            latest = entries[-1][1]
            start = max(cluster, key=lambda s: (len(s), max((e[0], e[2]) for e in by_start[s]))) if cluster[0] else None
            terms.append({"state": state, "role": latest.role, "title": latest.leader.title, "start": start,
                          "end": None, "names": [e[1].leader for e in reversed(entries)],
                          "office": run["office"], "last": entries[-1][0]})
        for term, following in zip(terms, terms[1:]):
            term["end"] = following["start"]
        last = terms[-1]
        if run["closed"]:
            end = run["closed"]
            successors = [r for r in runs if r["office"] == run["office"] and r is not run and r["first"] >= run["last"]
                          and not any(_same_holder(e[1].leader, run["entries"][-1][1].leader) for e in r["entries"])]
            if successors:
                first = min(r["first"] for r in successors)
                # the earliest that began after this holder (a co-holder who stays names an
                # earlier date: Deputy Prime Ministers A, B (since 2014) -> C (since 2016), B)
                starts = sorted((e[1].leader.start for r in successors if r["first"] == first
                                 for e in r["entries"] if e[0] == first and e[1].leader.start
                                 and (not last["start"] or _padded(e[1].leader.start) > _padded(last["start"]))),
                                key=_padded)
                if starts and _padded(starts[0]) < _padded(end):
                    end = starts[0]
            if last["start"] and _padded(end) < _padded(last["start"]):
                self.history_stats["terms whose start follows the snapshot that drops them"] += 1
                end = last["start"]
            last["end"] = end
        return terms

    def _attach_history(self, people: list[dict], tenures: list[dict]) -> None:
        """The terms of the factbook's history, grouped by holder (within a state: the same name,
        case, accents and word order aside, a nickname, or the same surname and first initial:
        "Joseph R. BIDEN" and "Joseph R. BIDEN Jr."), join: a person of that state with one of
        the holder's names ("ISSOUFOU Mahamadou" is Mahamadou Issoufou); else a factbook leader of
        another state with the same full name (as ``_attach_leaders`` does); else the one person
        of that state with the same surname and first initial ("Joseph R. BIDEN" is Joe Biden; of
        several, the one whose first name is compatible); else a new person. Names are added as a factbook
        leader's are (full name, first name and surname, a nickname with the surname, surnames),
        and each term's role unless the person has one for the same office (state, role, title)
        with the same start."""
        stats = self.history_stats
        terms = sorted(tenures, key=lambda t: (t["state"], _padded(t["start"] or ""), t["role"],
                                               t["title"] or "", t["names"][0].full))
        # holders: terms of one state that name one person
        parent = list(range(len(terms)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_with: dict[tuple, int] = {}
        with_initial: dict[tuple, list[tuple[int, str, list[str]]]] = collections.defaultdict(list)
        for i, term in enumerate(terms):
            for leader in term["names"]:
                for name in [leader.full] + leader.other_names:
                    for k in [("name", key(name)), ("words", frozenset(key(w) for w in _name_words(name)))]:
                        j = first_with.setdefault((term["state"],) + k, i)
                        if find(j) != find(i):
                            parent[find(i)] = find(j)
                    for k in _initial_keys(name, leader.surnames):
                        for j, other, surnames in with_initial[(term["state"],) + k]:
                            if find(j) != find(i) and _given_agree(name, leader.surnames, other, surnames):
                                parent[find(i)] = find(j)
                        with_initial[(term["state"],) + k].append((i, name, leader.surnames))
        for i, a in enumerate(terms):  # a letter or two apart: "Doris LEUTARD", "Doris LEUTHARD"
            for j in range(i):
                b = terms[j]
                if a["state"] != b["state"] or find(i) == find(j):
                    continue
                x, y = a["names"][0].full, b["names"][0].full
                if key(x.split()[0]) == key(y.split()[0]) and len(x.split()) > 1 and len(y.split()) > 1 \
                        and difflib.SequenceMatcher(None, key(x), key(y)).ratio() >= 0.88:
                    parent[find(i)] = find(j)
        holders: dict[int, list[dict]] = collections.defaultdict(list)
        for i, term in enumerate(terms):
            holders[find(i)].append(term)

        by_name: dict[tuple, list[dict]] = collections.defaultdict(list)
        by_words: dict[tuple, list[dict]] = collections.defaultdict(list)
        by_initial: dict[tuple, list[dict]] = collections.defaultdict(list)
        by_full: dict[str, list[dict]] = collections.defaultdict(list)
        by_state: dict[str, list[dict]] = collections.defaultdict(list)
        leaders_by_name: dict[str, list[dict]] = collections.defaultdict(list)

        def add(index: dict, k, person: dict) -> None:
            if all(p is not person for p in index[k]):
                index[k].append(person)

        def index(person: dict) -> None:
            sources = {person["source"]} | person.get("extra_sources", set()) | person.get("more_sources", set())
            factbook = bool(sources & {"factbook", "factbook-history"})
            for name in person["names"]:
                words = frozenset(key(w) for w in _name_words(name))
                for state in sorted(person["states"]):
                    add(by_state, state, person)
                    add(by_name, (state, key(name)), person)
                    if len(words) >= 2:
                        add(by_words, (state, words), person)
                    for k in _initial_keys(name, person.get("surnames", [])):
                        add(by_initial, (state,) + k, person)
                if len(_name_words(name)) >= 2:
                    add(by_full, key(name), person)
                    if factbook:
                        add(leaders_by_name, key(name), person)

        for person in people:
            index(person)
        existing = {id(p) for p in people}
        gained: set[int] = set()
        history_roles: set[int] = set()
        for root in sorted(holders):
            group = holders[root]
            state = group[0]["state"]
            latest_first = sorted(group, key=lambda t: _padded(t["start"] or ""), reverse=True)
            leaders = [l for t in latest_first for l in t["names"]]
            names = list(dict.fromkeys(n for l in leaders for n in [l.full] + l.other_names))
            long_names = [n for n in names if len(_name_words(n)) >= 2]
            how = "name"
            found = {id(p): p for n in names for p in by_name.get((state, key(n)), [])}
            if not found:
                how = "words"
                found = {id(p): p for n in long_names
                         for p in by_words.get((state, frozenset(key(w) for w in _name_words(n))), [])}
            if not found:
                how = "factbook leader of another state"
                found = {id(p): p for n in long_names for p in leaders_by_name.get(key(n), [])}
            if not found:
                how = "surname and initial"
                hits: dict[int, list[bool]] = collections.defaultdict(list)
                candidates: dict[int, dict] = {}
                for l in leaders:
                    for n in [l.full] + l.other_names:
                        for p in {id(p): p for k in _initial_keys(n, l.surnames)
                                  for p in by_initial.get((state,) + k, [])}.values():
                            candidates[id(p)] = p
                            hits[id(p)].append(_given_agree(n, l.surnames, p["names"][0], p.get("surnames", [])))
                # every way the factbook wrote the name must agree ("Mohamed ABDULLAHI Mohamed"
                # and "Mohamed Abdullahi MOHAMED" are not Mohamed Moallim Hassan Mohamed)
                found = {i: p for i, p in candidates.items() if all(hits[i])}
                if len(found) > 1:
                    stats["holders matching several persons (made a new person)"] += 1
                    self.history_ambiguous.append(f"{state} {names[0]}: "
                                                  + " / ".join(sorted(p['names'][0] for p in found.values())))
                    found = {}
            if not found:  # one name within the other ("Ratu Epeli NAILATIKAU"), or a letter apart
                how = "near name"
                found = {id(p): p for p in self._near_names(
                    [n for l in leaders for n in [l.full] + l.other_names
                     if len(_name_words(n)) >= 2 and key(l.surnames[0]) != key(l.full)], state, by_state)}
                if len(found) > 1:
                    found = {}
            if not found:  # not joined (another state), but worth a look
                for p in {id(p): p for n in long_names for p in by_full.get(key(n), [])}.values():
                    stats["holders named as a person of another state (kept apart)"] += 1
                    self.history_other_state.append(f"{state} {names[0]}: {p['names'][0]} {sorted(p['states'])}")
            elif how != "name":
                self.history_loose.append(f"{state} {names[0]} -> {next(iter(found.values()))['names'][0]} ({how})")
            if found:
                person = next(iter(found.values()))  # the one the latest name found first
            else:
                person = {"names": [], "roles": [], "source": "factbook-history", "states": set(),
                          "factbook_label": leaders[0].full}
                people.append(person)
                stats["new persons"] += 1
            if id(person) in existing:
                person.setdefault("more_sources", set()).add("factbook-history")
                if "surnames" not in person:
                    person["label_surnames"] = True  # keeps the surname its label gave it
            person["states"].add(state)
            for leader in leaders:
                for name in [leader.full, leader.short] + leader.other_names:
                    if name and name not in person["names"]:
                        person["names"].append(name)
            person.setdefault("surnames", [])
            for leader in leaders:
                for part in leader.surnames + leader.also:
                    if part not in person["surnames"]:
                        person["surnames"].append(part)
            index(person)
            for term in group:
                role = {"state": state, "title": term["title"], "role": term["role"], "start": term["start"],
                        "end": term["end"], "cameo": f"{state}GOV"}
                same = next((r for r in person["roles"] if (r["state"], r["role"], r["title"])
                             == (state, term["role"], term["title"]) and _same_start(r["start"], term["start"])), None)
                if same is None:
                    person["roles"].append(role)
                    history_roles.add(id(role))
                    stats["roles added"] += 1
                    if id(person) in existing:
                        gained.add(id(person))
                elif id(same) in history_roles and same["end"] is not None and \
                        (term["end"] is None or _padded(term["end"]) > _padded(same["end"])):
                    same["end"] = term["end"]  # the same office in both fields: the longer reading
        stats["persons already known given roles"] = len(gained)

    @staticmethod
    def _near_names(names: list[str], state: str, by_state: dict[str, list[dict]]) -> list[dict]:
        """Persons of ``state`` with a name that is a run of words of one of ``names``, or holds
        one as a run, two words at least ("Epeli Nailatikau", "Ratu Epeli NAILATIKAU"; "Matata
        Ponyo Mapon", "Augustin MATATA PONYO Mapon"), or a name a letter or two from one of them
        with the same last word ("Omar"/"Umar Abdirashid Ali SHARMARKE")."""
        out = []
        for person in by_state.get(state, []):
            for theirs in person["names"]:
                their_words = [key(w) for w in _name_words(theirs)]
                for ours in names:
                    our_words = [key(w) for w in _name_words(ours)]
                    small, large = sorted((their_words, our_words), key=len)
                    proper = [w for w in small if w not in LOWER_PARTICLES and not re.match(r"(?:al|el)[a-z]{3}", w)]
                    if len(proper) >= 2 and len(small) < len(large) and any(large[i:i + len(small)] == small
                                                            for i in range(len(large) - len(small) + 1)):
                        break
                    if their_words[-1] == our_words[-1] and \
                            difflib.SequenceMatcher(None, "".join(their_words), "".join(our_words)).ratio() >= 0.9:
                        break
                else:
                    continue
                out.append(person)
                break
        return out

    def _person_actors(self, people: list[dict]) -> None:
        drafts = []
        for person in people:
            names = person["names"]
            label = names[0] if names and len(names[0].split()) >= 2 else person.get("factbook_label") or names[0]
            if person.get("factbook_label") and person["source"] in ("factbook", "factbook-history"):
                label = person["factbook_label"]
            label = re.sub(r"(?<=\s)(al|el) (?=[A-Z])", r"\1-", label)  # Bashar al-Assad
            sources = {person["source"]} | person.get("extra_sources", set()) | person.get("more_sources", set())
            actor = Build("", "Person", label, sources=sources)
            actor.roles = _dedupe_roles(person["roles"])
            actor.claim(label, 1)
            for name in names:
                actor.claim(name, 2)
                # "Ban Ki-Moon" is written "Ban Ki-moon"
                variant = re.sub(r"(?<=\s)([A-Z][a-z]{1,4})-([A-Z])(?=[a-z]{1,5}\b)",
                                 lambda m: f"{m.group(1)}-{m.group(2).lower()}", name)
                if variant != name:
                    actor.claim(variant, 2)
                hyphenated = re.sub(r"(?<=\s)(al|el) (?=[A-Z])", r"\1-", name)  # Bashar al Assad
                if hyphenated != name:
                    actor.claim(hyphenated, 2)
            surnames = list(person.get("surnames") or [])
            if not surnames or person.get("label_surnames"):  # a Phoenix person keeps its own
                words = label.split()
                if len(words) >= 2:
                    last = words[-1]
                    surnames = [last] + surnames
                    if re.match(r"^(?:al|el)-", last):
                        surnames.insert(1, last[3:])
            for surname in surnames:
                if len(re.sub(r"[^A-Za-z]", "", fold(surname))) >= 2:
                    actor.claim(surname, 3)
            drafts.append(actor)
        # ids: person:slug, with the state when two persons share a name
        by_slug: dict[str, list[Build]] = collections.defaultdict(list)
        for actor in drafts:
            by_slug[slug(actor.label) or "x"].append(actor)
        for base, same in sorted(by_slug.items()):
            # A person known only from the factbook's history takes the state suffix when another
            # has the name, so that adding that source renamed no one.
            older = [a for a in same if a.sources != {"factbook-history"}]
            if len(same) == 1 or len(older) == 1:
                older = older or same
                older[0].id = f"person:{base}"
                same = [a for a in same if a is not older[0]]
                self.actors[older[0].id] = older[0]
            if same:
                same.sort(key=lambda a: (_main_state(a) or "", sorted(_role_order(r) for r in a.roles)))
                seen: collections.Counter[str] = collections.Counter()
                for actor in same:
                    state = (_main_state(actor) or "igo").lower()
                    ident = f"person:{base}-{state}"
                    seen[ident] += 1
                    if seen[ident] > 1:
                        ident = f"{ident}-{seen[ident]}"
                    actor.id = ident
            for actor in same:
                self.actors[actor.id] = actor

    # -- aliases -----------------------------------------------------------------------------------
    def resolve_aliases(self) -> dict[str, list[str]]:
        """Each surface form goes to one actor: the supplement's first, then by class (states,
        organisations, groups, persons), then by how directly the source names the actor (ISO and
        factbook names, capitals and demonyms before Phoenix variants, full names before
        surnames), then sovereign states before dependencies; a tie drops the form."""
        claims: dict[str, list[tuple[tuple, Build]]] = collections.defaultdict(list)
        for actor in self.actors.values():
            for form, tier in actor.claims.items():
                if form.casefold() in {r.casefold() for r in actor.removed}:
                    continue
                if form not in actor.protected and not self._acceptable(form, actor):
                    continue
                rank = (0 if tier == 0 else 1, CLASS_RANK.get(actor.cls, 3), tier, 1 if actor.dependency else 0)
                claims[form].append((rank, actor))
        won: dict[str, list[str]] = collections.defaultdict(list)
        for form, claimants in claims.items():
            claimants.sort(key=lambda c: (c[0], c[1].id))
            best = claimants[0][0]
            winners = {a.id for r, a in claimants if r == best}
            if len(winners) == 1:
                won[claimants[0][1].id].append(form)
        return won

    def _acceptable(self, form: str, actor: Build) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", fold(form))
        if len(letters) < (2 if actor.cls == "Person" else 3):
            return False
        if form in DENIED_ALIASES or key(form) in DENIED_NAME_KEYS:
            return False
        words = re.findall(r"[^\W\d_]+", form)
        if len(words) == 1 or actor.cls in ("ArmedGroup", "Movement", "PoliticalParty"):
            # One common word ("Youth"), or a group's name made of common words ("Red Line");
            # an organisation's name of several words is a proper name ("World Bank").
            if self.common.only_common(form):
                return False
        return True

    def records(self) -> list[dict]:
        won = self.resolve_aliases()
        out = []
        for ident in sorted(self.actors):
            actor = self.actors[ident]
            aliases = sorted(set(won.get(ident, [])), key=lambda f: (f.casefold(), f))
            out.append(actor.record(aliases))
        return out

    def build(self) -> list[dict]:
        self.build_states()
        self.apply_supplement_states()
        self._phoenix_state_variants()
        self.build_organisations()
        self.build_persons()
        return self.records()


STATEHOOD_WORDS = {
    "republic", "kingdom", "democratic", "people's", "peoples", "of", "the", "state", "states",
    "federal", "islamic", "commonwealth", "union", "united", "socialist", "arab", "federation",
    "principality", "sultanate", "emirate", "emirates", "grand", "duchy", "country", "independent",
    "plurinational", "bolivarian", "cooperative", "oriental", "hashemite", "federative", "and",
    "government", "proper", "nation", "popular", "revolutionary", "dem.", "rep.", "rep",
}


def _statehood_around(words: list[str], known: list[list[str]]) -> bool:
    """``words`` are a known name of the state with only words of statehood around it."""
    for name in known:
        if not name or len(name) >= len(words):
            continue
        for i in range(len(words) - len(name) + 1):
            if words[i:i + len(name)] == name:
                rest = words[:i] + words[i + len(name):]
                if rest and all(w in STATEHOOD_WORDS for w in rest):
                    return True
    return False


def _compatible_given(a: str, b: str) -> bool:
    """Two spellings of one given name: one starts the other, or they differ by a letter or two."""
    a, b = key(a), key(b)
    if not a or not b:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= 3
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _padded(text: str) -> str:
    """A date of any precision as a sortable day: "2018-04" -> "2018-04-00"."""
    parts = (text or "").split("-")
    return "-".join((parts + ["00", "00"])[:3]) if text else ""


def _close_dates(a: str, b: str) -> bool:
    """Two "since" dates of one term: one is the other with less precision, or they are within
    two months (a corrected day or month)."""
    if a.startswith(b) or b.startswith(a):
        return True
    try:
        da = date.fromisoformat(_padded(a).replace("-00", "-01"))
        db = date.fromisoformat(_padded(b).replace("-00", "-01"))
    except ValueError:
        return False
    return abs((da - db).days) <= 62


# English short forms of given names ("Joe Biden" is Joseph R. BIDEN).
DIMINUTIVES = {"joe": "joseph", "mike": "michael", "bill": "william", "bob": "robert", "jim": "james",
               "tony": "anthony", "tom": "thomas", "dan": "daniel", "ben": "benjamin", "nick": "nicholas",
               "alex": "alexander", "sam": "samuel", "liz": "elizabeth", "dick": "richard", "ted": "edward",
               "steve": "stephen", "chris": "christopher", "andy": "andrew", "pete": "peter"}


def _given_words(name: str, surnames: list[str]) -> list[str]:
    """The keys of a name's given names: the words before its surname (the factbook's, else
    the last word), particles left out."""
    words = _name_words(name)
    end = len(words) - 1
    for surname in surnames:
        first = key(surname.split()[0]) if surname else ""
        found = [i for i, w in enumerate(words) if key(w) == first]
        if found:
            end = min(end, found[0]) if found[0] > 0 else end
    return [key(w) for w in words[:end] if w.lower() not in LOWER_PARTICLES and key(w)]


def _given_agree(a: str, a_surnames: list[str], b: str, b_surnames: list[str]) -> bool:
    """The given names of two names with one surname do not contradict each other: the first
    names are one name (spelling, a short form "Joe"/"Joseph", an initial aside), and when both
    have a second given name, one of them is among the other's ("Juan Alfonso FUENTES" is not
    Juan Mario Dary Fuentes; "Victoire Tomegah DOGBE" is Victoire Sidemeho Tomegah Dogbe)."""
    x, y = _given_words(a, a_surnames), _given_words(b, b_surnames)
    if not x or not y or not _same_given(x[0], y[0]):
        return False
    if len(x) >= 2 and len(y) >= 2:
        return any(_same_given(u, v) for u in x[1:] for v in y) or any(_same_given(u, v) for u in y[1:] for v in x)
    return True


def _same_given(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return DIMINUTIVES.get(a) == b or DIMINUTIVES.get(b) == a or _compatible_given(a, b)


def _alike(a: str, b: str) -> bool:
    """Two spellings of one name: most letters in common ("Bola TINBU", "Bola Ahmed TINUBU")."""
    return difflib.SequenceMatcher(None, key(a), key(b)).ratio() >= 0.75


def _same_start(a: str | None, b: str | None) -> bool:
    """Two starts of one term: equal, or one the other with less precision ("1997", "1997-10-25")."""
    return a == b or bool(a and b and (a.startswith(b) or b.startswith(a)))


# Honorifics written before some names in the factbook ("Sheikh Ahmad NAWAF al-Sabah", "Ratu
# Epeli NAILATIKAU", "Tan Sri MUHYIDDIN Yassin"): not given names when matching.
HONORIFICS = {"sheikh", "sheik", "ratu", "tan", "sri", "dato", "datuk", "haji", "ustad", "mullah"}


def _name_words(name: str) -> list[str]:
    """The words of a name that tell persons apart: no "Jr.", regnal number or (before two
    words more) honorific."""
    words = [w for w in name.split() if w not in ("Jr.", "Sr.") and w.strip(",") not in ROMAN_NUMERALS] or name.split()
    while len(words) > 2 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return words


def _initial_keys(name: str, surnames: list[str]) -> set[tuple[str, str]]:
    """(surname, first initial) keys of a name written given names first: the last word of each
    surname the factbook gives ("Hoseini-Khamenei", "Khamenei"; "Abdulla YAMEEN Abdul Gayoom",
    "Nicolas MADURO Moros"), else its last word, with the first letter of its first word. A name that starts with its
    surname (KIM Jong Un, HUN SEN, MUHAMMAD bin Salman) has none: an initial says little there."""
    words = _name_words(name)
    if len(words) < 2 or key(words[0]) in {key(s.split()[0]) for s in surnames if s}:
        return set()
    initial = key(words[0])[:1]
    lasts = {_surname_key(s.split()[-1]) for s in surnames if s} or {_surname_key(words[-1])}
    return {(last, initial) for last in lasts if last and initial}


def _same_holder(a: Leader, b: Leader) -> bool:
    """Two mentions of one office holder in texts of one office: a name in common (case,
    accents and word order aside; "also spelled" forms count); or the same surname and first
    initial (the given names agreeing); or the same "since" date and a surname in common (the
    given names agreeing) or a name a letter or two apart ("SETTHA"/"SRETTHA Thawisin")."""
    names_a, names_b = [a.full] + a.other_names, [b.full] + b.other_names
    if {key(n) for n in names_a} & {key(n) for n in names_b}:
        return True
    words_a = {frozenset(key(w) for w in _name_words(n)) for n in names_a}
    if words_a & {frozenset(key(w) for w in _name_words(n)) for n in names_b}:
        return True
    if _initial_keys(a.full, a.surnames) & _initial_keys(b.full, b.surnames) \
            and _given_agree(a.full, a.surnames, b.full, b.surnames):
        return True
    if a.start and b.start and _close_dates(a.start, b.start):
        ka, kb = key(a.full), key(b.full)
        if {key(s) for s in a.surnames if len(key(s)) >= 4} & {key(s) for s in b.surnames} \
                and _given_agree(a.full, a.surnames, b.full, b.surnames):
            return True
        return ka[:1] == kb[:1] and difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.85
    return False


def _strip_titles(raw: str) -> str:
    words = [w for w in re.split(r"[\s_]+", raw.strip("_ ")) if w]
    while len(words) > 1 and words[0].upper().rstrip(",") in TITLE_WORDS:
        words = words[1:]
    return "_".join(words)


def _surname_key(name: str) -> str:
    last = name.split()[-1]
    return key(re.sub(r"^(?:al|el)-", "", last, flags=re.IGNORECASE))


def _reaches(role: dict) -> bool:
    """The role's interval reaches 1990 or later."""
    return role["end"] is None or role["end"] >= CUTOFF.isoformat()


def _dedupe_roles(roles: list[dict]) -> list[dict]:
    out = []
    for role in roles:
        if role not in out:
            out.append(role)
    return out


def _main_state(actor: Build) -> str | None:
    roles = [r for r in actor.roles if r["state"]]
    if not roles:
        return None
    latest = max(roles, key=lambda r: (r["end"] is None, r["end"] or "", r["start"] is not None, r["start"] or ""))
    return latest["state"]


def _merge_people(people: list[dict]) -> list[dict]:
    """Phoenix entries that are one person: the same main name and a state in common (or no
    state at all), or a shared name and the same office at overlapping dates ("Kofi Annan" and
    "K. Annan"). A shared name alone is not enough: "President George Bush" is a name of both
    George H. W. Bush and George W. Bush."""
    merged: list[dict] = []
    by_main: dict[str, list[dict]] = collections.defaultdict(list)
    by_name: dict[str, list[dict]] = collections.defaultdict(list)
    for person in people:
        target = None
        for other in by_main.get(key(person["names"][0]), []):
            if (person["states"] & other["states"]) or (not person["states"] and not other["states"]):
                target = other
                break
        if target is None:
            for name in person["names"]:
                for other in by_name.get(key(name), []):
                    if _same_office(person["roles"], other["roles"]):
                        target = other
                        break
                if target:
                    break
        if target is None:
            merged.append(person)
            target = person
            by_main[key(person["names"][0])].append(person)
        else:
            target["names"] += [n for n in person["names"] if n not in target["names"]]
            target["roles"] += [r for r in person["roles"] if r not in target["roles"]]
            target["states"] |= person["states"]
        for name in person["names"]:
            if target not in by_name[key(name)]:
                by_name[key(name)].append(target)
    return merged


def _same_office(a: list[dict], b: list[dict]) -> bool:
    for x in a:
        for y in b:
            if x["cameo"] == y["cameo"] and x["role"] != "elite" and \
                    (x["start"] or "") <= (y["end"] or "9999") and (y["start"] or "") <= (x["end"] or "9999"):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# output

def notice(data: Path) -> str:
    def source_line(folder: str, keep: tuple[str, ...] = ()) -> str:
        path = data / folder / "SOURCE.txt"
        text = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
        if keep:  # the lines that say where from and under which licence, on one line
            text = " ".join(line.strip() for line in text.splitlines() if line.startswith(keep))
        return text

    petrarch_license = (data / "petrarch2_dictionaries" / "LICENSE_MIT.txt").read_text(encoding="utf-8").strip()
    cameo_license = (data / "cameo_codebook" / "LICENSE").read_text(encoding="utf-8").strip()
    return f"""# Knowledge base: sources and notices

`actors.jsonl` is made by `scripts/build_kb.py` (its docstring says how) from the sources below.
Each record's `sources` field names the ones that contributed to it.

| source | what was used | licence |
| --- | --- | --- |
| `pycountry` {pycountry_version()} (ISO 3166-1 data from Debian's iso-codes) | state names, official and common names, alpha-3 codes | LGPL-2.1 (pycountry, iso-codes) |
| `factbook` — The World Factbook as JSON | capitals, conventional names, demonyms, current chiefs of state and heads of government | public domain (US government work; repackaged under CC0 1.0) |
| `factbook-history` — The World Factbook's "chief of state" and "head of government" texts 2014–2026, from the git history of factbook.json | past and present office holders (heads of state and government, vice presidents, deputies) with the dates of their terms | public domain (US government work; the factbook.json repository is CC0 1.0) |
| `phoenix` — PETRARCH2 Phoenix actor dictionaries (Countries, International, MilNonState) | country name variants, persons with dated CAMEO roles, intergovernmental organisations and their CAMEO codes, armed non-state groups | MIT (notice below) |
| `cameo-codebook` — text_to_CAMEO code lists | English country names, agent code names | MIT (notice below) |
| `gazetteer.tsv` — kg's own supplement | seats of power, short forms, organisations, armed groups, CAMEO-style codes | MIT (kg) |

Origins, as recorded beside the data:

- factbook: {source_line("factbook_json")}
- factbook history: {source_line("factbook_executives_history", ("Source:", "Licence:"))}
- PETRARCH2 dictionaries: {source_line("petrarch2_dictionaries")}
- CAMEO code lists: {source_line("cameo_codebook")}

`memberships.jsonl` (current members of organisations and alliances: the Factbook-derived
membership list, and each country file's "International organization participation" for the Arab
League and the OIC) and `locations.jsonl` (each state's "Geography -> Location" sentence) are made
by `scripts/build_memberships.py` and `scripts/build_locations.py` from the World Factbook only
(public domain). `src/kg/data/concepts.tsv` (religions, ideologies and regions with their usual
names) is written by kg's developers (MIT).

mledoze/countries (ODbL 1.0) is not a source of this database.

## PETRARCH2 / Phoenix dictionaries (MIT)

The Phoenix country dictionary states: "Copyright (c) 2014 Open Event Data Alliance". Its
CountryInfo data were compiled by the Computational Event Data System Project with funding from
the National Science Foundation (SES-1004414, SES-1259190).

```
{petrarch_license}
```

## text_to_CAMEO code lists (MIT)

```
{cameo_license}
```
"""


def pycountry_version() -> str:
    try:
        from importlib.metadata import version
        return version("pycountry")
    except Exception:  # pragma: no cover
        return ""


def write(records: list[dict], output: Path, data: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records]
    (output / "actors.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output / "NOTICE.md").write_text(notice(data), encoding="utf-8")


def derived_data_args(description: str, argv=None) -> argparse.Namespace:
    """--data (the shared sources) and --output (the bundled kb folder), as every kb script takes them."""
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=here.parents[1] / "shared" / "data")
    parser.add_argument("--output", type=Path, default=here.parent / "src" / "kg" / "data" / "kb")
    return parser.parse_args(argv)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """One sorted-key JSON object a line, LF endings: the same rows give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows -> {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="directory to write (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="third-party data (default: %(default)s)")
    parser.add_argument("--verbose", action="store_true",
                        help="list what the factbook's history left out or matched loosely")
    args = parser.parse_args(argv)
    kb = KB(args.data)
    records = kb.build()
    write(records, args.output, args.data)
    history = kb.history_stats
    print(f"factbook-history: {history['holders parsed']:,} holders parsed ({history['terms']:,} terms); "
          f"{history['new persons']:,} new persons, {history['persons already known given roles']:,} persons "
          f"already known given roles, {history['roles added']:,} roles added", file=sys.stderr)
    for what, n in sorted(history.items()):
        if what not in {"holders parsed", "terms", "new persons", "persons already known given roles", "roles added"}:
            print(f"  {what}: {n:,}", file=sys.stderr)
    if args.verbose:
        for title, lines in (("left out (prose, no date)", kb.history_left_out),
                             ("several persons matched", kb.history_ambiguous),
                             ("named as a person of another state (kept apart)", kb.history_other_state),
                             ("joined to a known person by a looser match", kb.history_loose)):
            print(f"factbook-history, {title}:", *sorted(set(lines)), sep="\n  ", file=sys.stderr)
    counts = collections.Counter(r["class"] for r in records)
    size = (args.output / "actors.jsonl").stat().st_size
    print(f"{len(records)} actors ({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))}); "
          f"{size:,} bytes in {args.output / 'actors.jsonl'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
