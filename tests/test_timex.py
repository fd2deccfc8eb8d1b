"""kg.extraction.timex: time expressions in news sentences, resolved against publication dates.

Real dates throughout; the reference article (../shared/seeds/000_...) is dated Monday
2023-09-11, and so is ``PUB`` here. Every value any test produces is checked by ``_checked``:
offsets match the text, earliest <= latest, and the EDTF string parses with the edtf package
with strict bounds that agree with earliest/latest.
"""
from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from edtf import parse_edtf

from kg.extraction.timex import KINDS, TimeValue, find_times, resolve_event_time, undated

PUB = date(2023, 9, 11)  # a Monday, the reference article's date
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_5acde872f18f0611.txt"


def _edtf_bounds(value: str) -> tuple[date | None, date | None]:
    parsed = parse_edtf(value)  # raises on anything that is not EDTF

    def as_date(t) -> date | None:
        return date(t.tm_year, t.tm_mon, t.tm_mday) if isinstance(t, time.struct_time) else None

    return as_date(parsed.lower_strict()), as_date(parsed.upper_strict())


def _check(v: TimeValue, sentence: str) -> TimeValue:
    assert v.kind in KINDS
    assert sentence[v.start:v.end] == v.text
    assert v.earliest <= v.latest
    lo, hi = _edtf_bounds(v.edtf)
    if v.kind in ("day", "month", "year", "interval"):
        assert (lo, hi) == (v.earliest, v.latest), v
    elif v.kind == "approximate":  # the EDTF's strict reading lies within the widened bounds
        assert v.earliest <= lo <= hi <= v.latest, v
    else:  # upper-bound: open start
        assert lo is None and hi == v.latest, v
    return v


def _times(sentence: str, published: date | None = PUB, tense: str | None = None):
    return [_check(v, sentence) for v in find_times(sentence, published, tense)]


def _one(sentence: str, published: date | None = PUB, tense: str | None = None) -> TimeValue:
    found = _times(sentence, published, tense)
    assert len(found) == 1, found
    return found[0]


def _event(sentence: str, published: date | None = PUB, tense: str | None = None):
    _times(sentence, published, tense)
    v = resolve_event_time(sentence, published, tense)
    return v if v is None else _check(v, sentence)


# --- one expression per sentence: (sentence, published, tense, text, edtf, kind, historical) ---

CASES = [
    # weekdays, relative to Monday 2023-09-11
    ("Moscow summoned the ambassador on Friday.", PUB, None, "on Friday", "2023-09-08", "day", False),
    ("Moscow summoned the ambassador on Friday.", PUB, "past", "on Friday", "2023-09-08", "day", False),
    ("The ministers meet on Friday.", PUB, "future", "on Friday", "2023-09-15", "day", False),
    ("The ministers will meet on Friday in Minsk.", PUB, None, "on Friday", "2023-09-15", "day", False),
    ("Police detained two bloggers on Thursday.", PUB, "past", "on Thursday", "2023-09-07", "day", False),
    ("The premier spoke on Monday.", PUB, "past", "on Monday", "2023-09-11", "day", False),
    ("The premier will speak on Monday.", PUB, "future", "on Monday", "2023-09-11", "day", False),
    ("The envoy left last Monday.", PUB, "past", "last Monday", "2023-09-04", "day", False),
    ("The summit opens next Friday.", PUB, None, "next Friday", "2023-09-15", "day", False),
    ("Shelling resumed late on Sunday night.", PUB, "past", "late on Sunday night", "2023-09-10", "day",
     False),
    ("He said he arrived on Sunday.", date(2023, 9, 10), None, "on Sunday", "2023-09-10", "day", False),
    # relative days and calendar periods
    ("The border was closed yesterday.", PUB, "past", "yesterday", "2023-09-10", "day", False),
    ("The border is closed today.", PUB, "present", "today", "2023-09-11", "day", False),
    ("The border reopens tomorrow.", PUB, "future", "tomorrow", "2023-09-12", "day", False),
    ("The premier gave a speech last week.", PUB, "past", "last week", "2023-09-04/2023-09-10",
     "interval", False),
    ("Talks continue this week.", PUB, "present", "this week", "2023-09-11/2023-09-17", "interval", False),
    ("Talks will resume next week.", PUB, "future", "next week", "2023-09-18/2023-09-24", "interval",
     False),
    ("Prices rose last month.", PUB, "past", "last month", "2023-08", "month", False),
    ("Troops arrived earlier this month.", PUB, "past", "earlier this month", "2023-09-01/2023-09-11",
     "interval", False),
    ("Turnout was low last year.", PUB, "past", "last year", "2022", "year", False),
    ("Clashes broke out at the end of last week.", PUB, "past", "at the end of last week",
     "2023-09-08~/2023-09-10~", "approximate", False),
    ("Shelling intensified over the weekend.", PUB, "past", "over the weekend", "2023-09-09/2023-09-10",
     "interval", False),
    ("A protester died three days ago.", PUB, "past", "three days ago", "2023-09-08", "day", False),
    # rolling and vague periods ending (or starting) at publication
    ("Yerevan had in recent days taken unfriendly steps.", PUB, "past", "in recent days",
     "2023-09-04~/2023-09-11", "approximate", False),
    ("The government recently presented the statute.", PUB, "past", "recently",
     "2023-08-12~/2023-09-11", "approximate", False),
    ("In recent weeks, tensions grew.", PUB, "past", "In recent weeks", "2023-07-31~/2023-09-11",
     "approximate", False),
    ("Baku tried to execute its plans over the past year.", PUB, "past", "over the past year",
     "2022-09-11/2023-09-11", "interval", False),
    ("Over the past two weeks, shelling intensified.", PUB, "past", "Over the past two weeks",
     "2023-08-28/2023-09-11", "interval", False),
    ("The EU will decide in the coming days.", PUB, "future", "in the coming days",
     "2023-09-11/2023-09-18~", "approximate", False),
    # absolute days and ranges
    ("The treaty was signed on 4 April 1949.", PUB, "past", "on 4 April 1949", "1949-04-04", "day", True),
    ("The drills began on September 11, 2023.", PUB, "past", "on September 11, 2023", "2023-09-11",
     "day", False),
    ("The drills began on 11 September 2023.", PUB, "past", "on 11 September 2023", "2023-09-11", "day",
     False),
    ("On Friday, 8 September 2023, the minister resigned.", PUB, None, "On Friday, 8 September 2023",
     "2023-09-08", "day", False),
    ("The protest on 2023-09-07 was large.", PUB, None, "on 2023-09-07", "2023-09-07", "day", False),
    ("They met on the 5th of September.", PUB, "past", "on the 5th of September", "2023-09-05", "day",
     False),
    ("Exercises will be held between September 11 and 20.", PUB, "future",
     "between September 11 and 20", "2023-09-11/2023-09-20", "interval", False),
    ("Exercises run from 11 to 20 September.", PUB, None, "from 11 to 20 September",
     "2023-09-11/2023-09-20", "interval", False),
    ("Exercises ran 11-20 September 2022.", PUB, "past", "11-20 September 2022",
     "2022-09-11/2022-09-20", "interval", False),  # 356 days back: not historical
    ("Talks ran from 28 December to 3 January.", date(2024, 1, 5), "past",
     "from 28 December to 3 January", "2023-12-28/2024-01-03", "interval", False),
    # months
    ("Elections were held in September.", PUB, "past", "in September", "2023-09", "month", False),
    ("Elections were held in December.", PUB, "past", "in December", "2022-12", "month", False),
    ("Elections will be held in December.", PUB, "future", "in December", "2023-12", "month", False),
    ("Elections will be held in March.", PUB, "future", "in March", "2024-03", "month", False),
    ("Elections are due in December.", PUB, None, "in December", "2023-12", "month", False),
    ("Theresa May resigned in May.", PUB, "past", "in May", "2023-05", "month", False),
    ("The deal was struck in July 2015.", PUB, "past", "in July 2015", "2015-07", "month", True),
    ("Fighting peaked in early September.", PUB, "past", "in early September",
     "2023-09-01~/2023-09-10~", "approximate", False),
    ("Between March and May 2022 the army advanced.", PUB, "past", "Between March and May 2022",
     "2022-03/2022-05", "interval", True),
    # years, decades, centuries, seasons
    ("Armenia lost the war in 2020.", PUB, "past", "in 2020", "2020", "year", True),
    ("The Taliban was founded by Mohammed Omar in 1994.", PUB, "past", "in 1994", "1994", "year", True),
    ("Al-Qaeda was founded at some point between 1988 and 1989.", PUB, "past",
     "at some point between 1988 and 1989", "1988/1989", "interval", True),
    ("Fighting raged from 2014 to 2016.", PUB, "past", "from 2014 to 2016", "2014/2016", "interval", True),
    ("The ceasefire held in 2020-21.", PUB, "past", "in 2020-21", "2020/2021", "interval", True),
    ("The economy collapsed in the 1990s.", PUB, "past", "in the 1990s", "199X", "interval", True),
    ("The economy collapsed in the early 1990s.", PUB, "past", "in the early 1990s",
     "1990-01-01~/1993-12-31~", "approximate", True),
    ("The border was drawn in the 19th century.", PUB, "past", "in the 19th century", "18XX", "interval",
     True),
    ("The talks collapsed in mid-2021.", PUB, "past", "in mid-2021", "2021-05-01~/2021-08-31~",
     "approximate", True),
    ("Around 2015 the group split.", PUB, "past", "Around 2015", "2015~", "approximate", True),
    ("Fires broke out in the summer of 2022.", PUB, "past", "in the summer of 2022", "2022-22",
     "interval", True),
    ("The Russians fought the 2008 war in Georgia.", PUB, "past", "2008", "2008", "year", True),
    ("Russia's 2022 invasion changed everything.", PUB, "past", "2022", "2022", "year", False),
    ("Turnout fell in 2022.", PUB, "past", "in 2022", "2022", "year", False),  # < 1 year back
    ("Turnout fell in 2022.", date(2023, 12, 31), "past", "in 2022", "2022", "year", False),
    ("Turnout fell in 2022.", date(2024, 1, 1), "past", "in 2022", "2022", "year", True),
    # published None: absolute expressions still resolve, never historical
    ("The treaty was signed on 4 April 1949.", None, "past", "on 4 April 1949", "1949-04-04", "day",
     False),
    ("Al-Qaeda was founded at some point between 1988 and 1989.", None, None,
     "at some point between 1988 and 1989", "1988/1989", "interval", False),
]


@pytest.mark.parametrize("sentence,published,tense,text,edtf,kind,historical", CASES)
def test_single_expression(sentence, published, tense, text, edtf, kind, historical):
    v = _one(sentence, published, tense)
    assert (v.text, v.edtf, v.kind, v.historical) == (text, edtf, kind, historical)
    assert sentence.index(text) == v.start and v.end == v.start + len(text)
    assert resolve_event_time(sentence, published, tense) == v


# --- not times ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The US officials cite 19 months of Ukraine war.",
    "10,000 Russian peacekeepers guard the borders.",
    "The US and Europe have spent $170 billion so far.",
    "They lost 15 percent of Ukrainian territory.",
    "The deployment of 30 EU border monitors to Karabakh.",
    "NATO wanted a toehold after the Afghanistan war.",
    "Some 2000 troops and 1500 police were sent.",
    "The 2000 soldiers were deployed along 1,999 kilometres.",
    "Joint exercises, codenamed Eagle Partner 2023, will follow.",
    "The Good Friday Agreement holds.",
    "The weekend clashes were deadly.",
    "The last week of talks was tense.",
    "Armenia has nothing to lose, Russia said.",
])
def test_not_a_time(sentence):
    assert _times(sentence) == []
    assert resolve_event_time(sentence, PUB) is None


@pytest.mark.parametrize("sentence", [
    "The ambassador was summoned on Friday.",
    "The drills run between September 11 and 20.",
    "Prices rose last week and in recent days.",
    "Elections were held in September.",
    "He left yesterday.",
])
def test_relative_expressions_need_a_publication_date(sentence):
    assert _times(sentence, None) == []
    assert resolve_event_time(sentence, None) is None


# --- several expressions, and which one dates the event ----------------------------------

def test_find_times_lists_every_expression_in_order():
    s = "He spoke yesterday and will speak tomorrow; in 2008 and 2014 he did not."
    found = _times(s)
    assert [(v.text, v.edtf) for v in found] == [
        ("yesterday", "2023-09-10"), ("tomorrow", "2023-09-12"), ("in 2008", "2008"), ("2014", "2014")]
    assert [v.start for v in found] == sorted(v.start for v in found)


def test_resolve_prefers_a_specific_interval_over_a_vague_one():
    s = ("In recent days, the Armenian media announced that between September 11 and 20, "
         "joint exercises will be held with the US.")
    assert [v.kind for v in _times(s)] == ["approximate", "interval"]
    assert _event(s).edtf == "2023-09-11/2023-09-20"
    assert _event(s, tense="past").edtf == "2023-09-11/2023-09-20"


def test_resolve_prefers_the_adverbial_day_over_a_nominal_year():
    s = "Since the 2008 war, Russia said on Friday that it will stay."
    assert [v.text for v in _times(s)] == ["2008", "on Friday"]
    assert _event(s, tense="past").edtf == "2023-09-08"


def test_resolve_prefers_current_over_historical():
    s = "NATO, founded in 1949, said this week that it would expand."
    assert _event(s, tense="past").text == "this week"


def test_resolve_prefers_a_time_that_agrees_with_the_tense():
    s = "Talks ended yesterday and resume next week."
    assert _event(s, tense="past").text == "yesterday"
    assert _event(s, tense="future").text == "next week"


def test_resolve_without_any_expression_is_none_and_undated_is_the_fallback():
    s = "Moscow has warned Yerevan about the consequences."
    assert _event(s) is None
    u = _check(undated(PUB), "")
    assert (u.kind, u.edtf, u.earliest, u.latest, u.historical) == (
        "upper-bound", "../2023-09-11", date(2022, 9, 11), PUB, False)
    leap = _check(undated(date(2024, 2, 29)), "")
    assert (leap.edtf, leap.earliest) == ("../2024-02-29", date(2023, 2, 28))


def test_a_future_tense_in_the_clause_decides_but_not_one_after_the_expression():
    assert _one("Russia said on Friday it will retaliate.").edtf == "2023-09-08"
    assert _one("The minister, who will visit Baku, said on Friday it was fine.").edtf == "2023-09-08"
    assert _one("Russia is set to respond on Friday.").edtf == "2023-09-15"


def test_day_ranges_without_a_year_follow_the_tense():
    s = "The drills were held between September 11 and 20."
    assert _one(s, date(2023, 9, 5), "past").edtf == "2022-09-11/2022-09-20"
    s = "The drills will be held between September 1 and 5."
    assert _one(s, PUB, "future").edtf == "2024-09-01/2024-09-05"
    s = "The drills will run from September 5 to 20."  # under way at publication: no shift
    assert _one(s, PUB, "future").edtf == "2023-09-05/2023-09-20"


def test_invalid_dates_are_not_times():
    assert _times("The vote took place on 31 September.", PUB, "past") == []
    assert _times("The vote took place on 29 February.", PUB, "past") == []  # 2023 is not leap
    assert _one("The vote took place on 29 February.", date(2024, 3, 1), "past").edtf == "2024-02-29"


def test_an_unknown_tense_is_rejected():
    with pytest.raises(ValueError):
        find_times("on Friday", PUB, "pluperfect")


def test_time_value_refuses_inverted_bounds():
    with pytest.raises(ValueError):
        TimeValue("x", 0, 1, "2023", date(2023, 12, 31), date(2023, 1, 1), "year", False)


# --- the reference article ---------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"the reference article is not at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _sentence_with(sentences: list[str], phrase: str) -> str:
    hits = [s for s in sentences if phrase in s]
    assert hits, phrase
    return hits[0]


@pytest.mark.parametrize("phrase,tense,text,edtf,kind,historical", [
    ("on Friday the latter summoned", "past", "on Friday", "2023-09-08", "day", False),
    ("detained on Thursday", "past", "on Thursday", "2023-09-07", "day", False),
    ("Russia on Thursday announced", "past", "on Thursday", "2023-09-07", "day", False),
    ("between September 11 and 20", None, "between September 11 and 20", "2023-09-11/2023-09-20",
     "interval", False),
    ("in a speech last week", "past", "last week", "2023-09-04/2023-09-10", "interval", False),
    ("had in recent days taken", "past", "in recent days", "2023-09-04~/2023-09-11", "approximate",
     False),
    ("second Karabakh war in 2020", "past", "in 2020", "2020", "year", True),
    ("Karabakh peace agreement in 2020", "past", "in 2020", "2020", "year", True),
    ("Georgian war in 2008", "past", "in 2008", "2008", "year", True),
    ("signed on 4 April 1949", "past", "on 4 April 1949", "1949-04-04", "day", True),
    ("between 1988 and 1989", "past", "at some point between 1988 and 1989", "1988/1989", "interval",
     True),
    ("Mohammed Omar in 1994", "past", "in 1994", "1994", "year", True),
    ("Monday 11 September 2023", None, "Monday 11 September 2023", "2023-09-11", "day", False),
])
def test_reference_article_events(seed_sentences, phrase, tense, text, edtf, kind, historical):
    s = _sentence_with(seed_sentences, phrase)
    v = _event(s, PUB, tense)
    assert v is not None
    assert (v.text, v.edtf, v.kind, v.historical) == (text, edtf, kind, historical)


@pytest.mark.parametrize("phrase", [
    "19 months of Ukraine war",
    "$170 billion",
    "30 EU border monitors",
    "10,000 Russian peacekerpers",
    "after the Afghanistan war",
    "codenamed Eagle Partner 2023",
])
def test_reference_article_numbers_that_are_not_times(seed_sentences, phrase):
    s = _sentence_with(seed_sentences, phrase)
    assert phrase not in " ".join(v.text for v in _times(s))
    if phrase != "codenamed Eagle Partner 2023":  # that sentence also holds the drills' dates
        assert _times(s) == []


def test_reference_article_every_value_is_valid(seed_sentences):
    values = [v for s in seed_sentences for v in _times(s)]  # _times checks each one
    assert len(values) >= 15
    assert not any("2023" == v.edtf for v in values)  # "Eagle Partner 2023" is a name
    assert all(v.latest <= PUB or v.edtf == "2023-09-11/2023-09-20" for v in values)


def test_reference_article_without_a_publication_date(seed_sentences):
    s = _sentence_with(seed_sentences, "on Friday the latter summoned")
    assert _times(s, None) == []
    s = _sentence_with(seed_sentences, "Georgian war in 2008")
    (v,) = _times(s, None)
    assert (v.edtf, v.historical) == ("2008", False)


def test_a_day_without_a_year_is_the_nearest_before_publication_regression():
    """Issue 16, item 7: a caption's "December 29" in an article of 20 January 2020 was dated
    2020-12-29 (no tense, no year shift); it is 2019-12-29. Only an announced future goes after."""
    published = date(2020, 1, 20)
    caption = find_times("Protesters in the capital, December 29.", published, None)
    assert [v.edtf for v in caption] == ["2019-12-29"]
    month = find_times("Talks broke down in December.", published, None)
    assert [v.edtf for v in month] == ["2019-12"]
    announced = find_times("The summit will be held on February 3.", published, None)
    assert [v.edtf for v in announced] == ["2020-02-03"]
    due = find_times("Elections are due in March.", published, None)
    assert [v.edtf for v in due] == ["2020-03"]
