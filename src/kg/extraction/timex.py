"""Time expressions in news sentences, resolved against the article's publication date.

``find_times`` finds every time expression in a sentence, ``resolve_event_time`` picks the one
that dates the sentence's main event, and ``undated`` gives the fallback for a sentence with
no time expression at all. Each value is an EDTF string (Library of Congress Extended
Date/Time Format, parseable by ``edtf.parse_edtf``) plus plain ``earliest``/``latest`` dates.

The rules are our own regular expressions, written for English news prose; dateparser is not
used. It reads "between September 11 and 20" as the year 2020 and puts future weekdays in the
past, and everything it does get right (absolute dates) is a few lines of regex here.

Decisions (each one a judgement call on ambiguous prose):

* Weekdays. "on Friday" is the most recent Friday *before* publication when the tense is past,
  present or unknown, and the next Friday when it is future. A weekday equal to the
  publication's weekday ("on Monday" in a Monday article) is the publication day itself, for
  every tense: wire copy names the day of publication rather than saying "today".
  "last Friday" / "this past Friday" is always before publication (a week back if the weekday
  is the publication's own); "next Friday" / "this coming Friday" is the nearest one after
  publication (never the same day); "this Friday" is the upcoming one unless the tense is past.
* Tense. ``tense`` from the caller wins. When it is None, one cue is inferred: a future
  auxiliary ("will", "is due to", "is set to", ...) between the start of the expression's clause
  and the expression ("will meet on Friday") makes it future; nothing else is guessed, so an
  unknown tense is treated like the past for weekdays (news mostly reports what happened).
* A day or month written without a year ("on September 5", "in December") takes the year that puts
  it nearest before publication: the publication year, or the previous one when that date would
  be after publication; only an announced future (the tense is future: "will meet on 5
  September") puts it after publication, in the next year when it is before. (Issue 16: a photo
  caption's "December 29" in an article of 20 January 2020 is 2019-12-29.)
* Calendar periods: "last week" is Monday-Sunday of the previous ISO week, "this week" the
  whole current week (not clipped at publication), "earlier this week/month/year" runs from the
  period's start to publication and "later this ..." from publication to its end.
  "last/this/next month" and "... year" have kinds "month" and "year".
* Rolling periods: "in the past/last N days/weeks/months/years" is the exact interval ending at
  publication (kind "interval"). Vague ones are "approximate" intervals ending at publication,
  their start marked "~" in the EDTF: "in recent days" / "in the past few days" 7 days,
  "recently" / "lately" 30 days, "in recent weeks" 6 weeks, "in recent months" 6 months,
  "in recent years" 5 years, "over the past decades" 30 years. "in the coming days/weeks/..."
  mirrors these after publication.
* "early/mid/late" (and "the start/middle/end of") split a year into Jan-Apr, May-Aug, Sep-Dec,
  a month into 1-10, 11-20, 21-end, a week into Mon-Tue, Wed-Thu, Fri-Sun and a decade into
  0-3, 3-6, 6-9; the result is "approximate" with both endpoints marked "~" ("the first/second
  half of" marks only the inner one).
* "N days ago" is a day, "N weeks ago" that day approximate (plus or minus 3 days), "N months
  ago" a month, "N years ago" a year; "a few days ago" is 2-7 days before, approximate.
* "last weekend" is the Saturday-Sunday before the current week's, "next weekend" the nearest
  one to come; "this weekend" is the coming one unless the tense is past, "over the weekend" the
  last one unless the tense is future.
* "around/about/circa" before a date make it approximate ("2023-09~") and widen its bounds by
  3 days (day), 15 days (month) or a year (year).
* Seasons are meteorological, northern hemisphere; spring/summer/autumn use the EDTF season
  codes (21-23), winter is written as the interval "Y-12/Y+1-02" ("winter of 2022" is
  December 2022 - February 2023) because the edtf package reads code 24 as December only.
* Decades ("in the 1990s") are "199X" and centuries ("the 19th century") "18XX", kind
  "interval".
* Prepositions ("since", "until", "before", "by") are part of the expression's ``text`` but are
  not interpreted: "since 2020" is the year 2020, not an open interval.
* Nominal years ("the 2008 war", "Russia's 2022 invasion") are year values whose ``text`` is just
  the year; ``resolve_event_time`` ranks them, and any possessive time ("this year's summit",
  "Friday's attack"), below adverbial times, since they date a noun, not the clause.
* ``historical`` is true when ``latest`` is more than 365 days before publication (never when
  the publication date is unknown).
* With ``published`` None only absolute expressions (with a year, or years alone) resolve.
* ``undated`` gives "../YYYY-MM-DD" (EDTF open start) with ``earliest`` one year before
  publication: a practical floor matching the ``historical`` threshold, since prose about
  events older than a year normally dates them.

Not handled: clock times, "the day before"/"the following week" (relative to another event,
not to publication), holidays ("Good Friday", "Ramadan"), fiscal quarters, two-digit years
except in "'90s" and "1988-89", written-out years ("nineteen ninety"), non-English prose, and
numbers that look like years but are counts of nouns outside the built-in list
("in 2000 schools" is read as the year 2000), and dates that name an event rather than
date one ("the Sept. 11 attacks" is September 11 of the publication year).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Iterator

__all__ = ["TimeValue", "find_times", "resolve_event_time", "undated", "KINDS", "TENSES"]

KINDS = ("day", "interval", "month", "year", "approximate", "upper-bound")
TENSES = ("past", "present", "future")
HISTORICAL_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class TimeValue:
    """One time expression of a sentence and the span of days it denotes."""

    text: str  # the expression as written ("on Friday", "between September 11 and 20")
    start: int  # character offsets of the expression in the sentence passed in
    end: int
    edtf: str  # EDTF: "2023-09-08", "2023-09-11/2023-09-20", "2023-09", "1988/1989", "2023-09~"
    earliest: date  # lower bound
    latest: date  # upper bound
    kind: str  # one of KINDS
    historical: bool  # more than a year before publication ("in 2008", "the 2008 war")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} is after latest {self.latest}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}..{self.end}")


def undated(published: date) -> TimeValue:
    """The time of an event in a sentence with no time expression: at or before publication.

    EDTF "../YYYY-MM-DD" (open start); ``earliest`` is the same day one year earlier (Feb 29 →
    Feb 28), a practical floor: older events are normally dated in news prose.
    """
    try:
        floor = _years_before(published, 1)
    except ValueError:  # published in the year 1: the calendar has no year before it
        floor = date.min
    return TimeValue(text="", start=0, end=0, edtf=f"../{published.isoformat()}",
                     earliest=floor, latest=published, kind="upper-bound", historical=False)


def find_times(sentence: str, published: date | None, tense: str | None = None) -> list[TimeValue]:
    """Every time expression in ``sentence``, in order of position."""
    return [c.value for c in _find(sentence, published, tense)]


def resolve_event_time(sentence: str, published: date | None,
                       tense: str | None = None) -> TimeValue | None:
    """The time expression that dates the sentence's main event, or None if there is none.

    Ranked by: agreement with ``tense`` (a past event cannot start after publication, a future
    one cannot end before it), adverbial before nominal ("the 2008 war"), current before
    historical, precise before vague (approximate/upper-bound), shorter span, earlier position.
    """
    cands = _find(sentence, published, tense)
    if not cands:
        return None

    def key(c: _Cand) -> tuple:
        v = c.value
        conflict = published is not None and (
            (tense == "past" and v.earliest > published)
            or (tense == "future" and v.latest < published))
        vague = v.kind in ("approximate", "upper-bound")
        span = (v.latest - v.earliest).days + 1
        precision = next(i for i, limit in enumerate(_SPAN_BUCKETS) if span <= limit)
        return (conflict, c.nominal, v.historical, vague, precision, v.start)

    return min(cands, key=key).value


# --------------------------------------------------------------------------------------------
# internals

# precision classes of a value's span in days: a day, a week, a month, a season, a year, a
# decade, longer (values within one class rank by position in the sentence)
_SPAN_BUCKETS = (1, 7, 31, 92, 366, 3653, float("inf"))


@dataclass(frozen=True)
class _Val:
    edtf: str
    earliest: date
    latest: date
    kind: str
    nominal: bool = False


@dataclass(frozen=True)
class _Cand:
    value: TimeValue
    nominal: bool


@dataclass(frozen=True)
class _Ctx:
    sentence: str
    published: date | None
    tense: str | None  # as given by the caller

    def tense_at(self, start: int) -> str | None:
        return self.tense if self.tense is not None else _infer_tense(self.sentence, start)


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                 "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "a couple of": 2, "couple of": 2}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}

# Nouns counted by a number that could pass for a year: "2000 troops" is not the year 2000.
_QUANTITY_NOUNS = frozenset("""
people persons troops soldiers servicemen men women children kids civilians refugees migrants
fighters militants rebels insurgents peacekeepers monitors observers officers police policemen
personnel residents inhabitants families households homes houses buildings apartments villages
tons tonnes barrels kilometres kilometers km miles metres meters feet hectares acres sq square
dollars euros rubles roubles pounds yuan yen hryvnias manats drams lira liras rials riyals
votes voters members delegates deputies employees workers jobs cases deaths dead casualties
victims wounded injured prisoners detainees hostages students pilgrims tourists vehicles cars
trucks tanks missiles drones rockets shells bombs rounds aircraft planes jets helicopters
ships vessels boats units weapons guns rifles more additional other others new extra
""".split())

# Cue words before a bare year that make it a date ("in 2020", "since 1994", "of 2008").
_YEAR_CUES = (r"in|on|during|from|since|until|till|by|before|after|of|through|throughout|"
              r"as of|back in|as early as|as late as|starting in|beginning in|year|the year")
_APPROX_LEAD = ("around", "about", "circa", "c.", "ca.", "approximately", "roughly")
# A number preceded by these is a count: "some 2000", "at least 1500", "$2020".
_COUNT_BEFORE = re.compile(
    r"(?:\b(?:some|nearly|almost|over|under|more than|less than|fewer than|up to|at least|"
    r"at most|approximately|roughly|around|about|estimated|total of|only|just|another|number|"
    r"No\.|no\.|nos\.|Nos\.|page|pages|p\.|pp\.|article|Article|resolution|Resolution|flight|"
    r"Flight|route|Route|room|Room)\s*|[$€£¥#]\s*|\b(?:USD|EUR|GBP|US\$)\s*)$")
_COUNT_AFTER = re.compile(r"(?i)\s*(?:%|percent\b|per cent\b|-strong\b|-member\b|-man\b|"
                          r"-(?:km|kilometre|kilometer|mile|metre|meter|page|seat)s?\b|"
                          r"[.,]\d)")

_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YR = r"(?:1\d{3}|20\d{2})"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


def _day_g(name: str) -> str:
    return rf"(?<![\d,.$€£]){_g(name, _DAY)}(?!\d)(?![,.]\d)"


def _year_g(name: str) -> str:
    return rf"(?<![\d,.$€£]){_g(name, _YR)}(?![\dA-Za-z])(?![,.]\d)"


_LEAD = (r"(?:(?P<lead>(?i:on|in|during|from|since|until|till|by|before|after|of|through|"
         r"throughout|as of|back in|as early as|as late as|around|about|circa|c\.|ca\.|"
         r"approximately|roughly|starting|beginning))\s+)?")
_RANGE_LEAD = (r"(?:(?i:at some point|some time|sometime|at some time|at a time)\s+)?"
               r"(?:(?P<lead>(?i:between|from|during|in))\s+(?:(?i:the period)\s+)?)?")
_RANGE_SEP = r"\s*(?:-|–|—|(?i:to|and|through|until|till|thru))\s*"
_WD_PREFIX = rf"(?:{_WD},?\s+(?:the\s+)?)?"
_PART = (r"(?P<part>(?i:early|mid|late|the start of|the beginning of|the end of|the middle of|"
         r"the first half of|the second half of))")


# ---- date arithmetic ----------------------------------------------------------------------

def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + (d.month - 1) + n
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _years_before(d: date, n: int) -> date:
    return _add_months(d, -12 * n)


def _shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (negative: back)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_months(d, 12 * n)
    if unit == "decade":
        return _add_months(d, 120 * n)
    raise ValueError(unit)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


# ---- value builders -----------------------------------------------------------------------

def _day(d: date) -> _Val:
    return _Val(d.isoformat(), d, d, "day")


def _month(y: int, m: int) -> _Val:
    return _Val(f"{y:04d}-{m:02d}", date(y, m, 1), _last_day(y, m), "month")


def _year(y: int, nominal: bool = False) -> _Val:
    return _Val(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year", nominal)


def _days(a: date, b: date, kind: str = "interval") -> _Val:
    return _Val(f"{a.isoformat()}/{b.isoformat()}", a, b, kind)


def _approx_span(a: date, b: date, fuzzy_start: bool = True, fuzzy_end: bool = True) -> _Val:
    s = a.isoformat() + ("~" if fuzzy_start else "")
    e = b.isoformat() + ("~" if fuzzy_end else "")
    return _Val(f"{s}/{e}", a, b, "approximate")


def _approximate(v: _Val) -> _Val:
    """"around X": X marked approximate, its bounds widened by the unit's fuzz."""
    if v.kind == "day":
        return _Val(v.edtf + "~", v.earliest - timedelta(days=3), v.latest + timedelta(days=3),
                    "approximate")
    if v.kind == "month":
        return _Val(v.edtf + "~", v.earliest - timedelta(days=15), v.latest + timedelta(days=15),
                    "approximate")
    if v.kind == "year":
        return _Val(v.edtf + "~", _shift(v.earliest, -1, "year"), _shift(v.latest, 1, "year"),
                    "approximate")
    return v


def _part_of(a: date, b: date, part: str, unit: str) -> _Val:
    """"early/mid/late" (and "the start/end of") a period [a, b] as an approximate interval."""
    part = part.lower()
    if part in ("early", "the start of", "the beginning of"):
        third = 0
    elif part in ("mid", "the middle of"):
        third = 1
    elif part in ("late", "the end of"):
        third = 2
    elif part == "the first half of":
        return _approx_span(a, a + (b - a) / 2, False, True) if unit != "year" else \
            _approx_span(a, date(a.year, 6, 30), False, True)
    elif part == "the second half of":
        return _approx_span(a + (b - a) / 2, b, True, False) if unit != "year" else \
            _approx_span(date(a.year, 7, 1), b, True, False)
    else:
        raise ValueError(part)
    if unit == "year":
        s, e = [(1, 4), (5, 8), (9, 12)][third]
        return _approx_span(date(a.year, s, 1), _last_day(a.year, e))
    if unit == "month":
        s, e = [(1, 10), (11, 20), (21, b.day)][third]
        return _approx_span(date(a.year, a.month, s), date(a.year, a.month, e))
    if unit == "week":
        s, e = [(0, 1), (2, 3), (4, 6)][third]
        return _approx_span(a + timedelta(days=s), a + timedelta(days=e))
    if unit == "decade":
        s, e = [(0, 3), (3, 6), (6, 9)][third]
        return _approx_span(date(a.year + s, 1, 1), date(a.year + e, 12, 31))
    raise ValueError(unit)


# ---- tense and year inference -------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"(?i)(?:\b(?:will|shall|won['’]t|(?:is|are|was|were) (?:due|set|scheduled|slated|expected|"
    r"planned|going|poised)(?: to| for)?|(?:is|are) to|plans? to|intends? to|to be held|upcoming|"
    r"forthcoming)\b|['’]ll\b)")
_CLAUSE_CUT = re.compile(
    r"(?i)[,;:()\"“”—]|\b(?:said|says|say|told|tells|announced|announces|stated|states|added|"
    r"reported|reports|confirmed|noted|claimed|warned|declared|that|which|who|but|while|"
    r"although|though|because)\b")


def _infer_tense(sentence: str, start: int) -> str | None:
    """"future" when a future auxiliary opens the expression's clause ("will meet on Friday")."""
    left = sentence[:start]
    cut = 0
    for m in _CLAUSE_CUT.finditer(left):
        cut = m.end()
    return "future" if _FUTURE_CUE.search(left[cut:]) else None


def _year_for(month: int, day: int, ctx: _Ctx, start: int) -> int | None:
    """The year of a day of a month written without one, or None without a publication date."""
    pub = ctx.published
    if pub is None:
        return None
    y = pub.year
    tense = ctx.tense_at(start)
    if tense != "future" and (month, day) > (pub.month, pub.day):
        y -= 1  # reported, or of unknown tense: the nearest such day before publication
    elif tense == "future" and (month, day) < (pub.month, pub.day):
        y += 1
    return y


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _off_the_calendar(exc: Exception) -> bool:
    """Whether ``exc`` is date arithmetic leaving years 1-9999 (the only years Python's dates,
    and so kg's, can hold): OverflowError from adding days, "year 10000 is out of range" from
    making one. A text published on 0001-01-01 or 9999-12-31 can point past either end."""
    return isinstance(exc, OverflowError) or "out of range" in str(exc)


def _mon(text: str) -> int:
    return _MONTHS[text.rstrip(".").lower()]


def _dnum(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _num(text: str) -> int | None:
    t = text.lower().strip()
    if t.isdigit():
        return int(t)
    return _NUMBER_WORDS.get(t)


def _lead_approx(m: re.Match) -> bool:
    lead = m.groupdict().get("lead")
    return bool(lead) and lead.lower() in _APPROX_LEAD


def _year_is_count(sentence: str, ystart: int, yend: int, check_before: bool = True) -> bool:
    """Whether the number at [ystart, yend) is a count, a sum or a percentage, not a year."""
    if _COUNT_AFTER.match(sentence, yend):
        return True
    nxt = re.match(r"[\s-]+([A-Za-z]+)", sentence[yend:])
    if nxt and nxt.group(1).lower() in _QUANTITY_NOUNS:
        return True
    return check_before and bool(_COUNT_BEFORE.search(sentence[:ystart]))


# ---- rules --------------------------------------------------------------------------------
# Each rule is a regex and a builder returning a _Val (or None: not a time here, or not
# resolvable without a publication date). The expression's text is group "t" if present.

_Builder = Callable[[re.Match, _Ctx], "_Val | None"]
_RULES: list[tuple[re.Pattern, _Builder]] = []


def _rule(pattern: str, flags: int = 0):
    def register(fn: _Builder) -> _Builder:
        _RULES.append((re.compile(pattern, flags), fn))
        return fn
    return register


def _with_lead(m: re.Match, v: _Val | None) -> _Val | None:
    return _approximate(v) if v is not None and _lead_approx(m) else v


# absolute days

_ISO = r"(?<![\d-])(?P<y>1\d{3}|20\d{2})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"


@_rule(_LEAD + _ISO)
def _iso(m, ctx):
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _with_lead(m, _day(d)) if d else None


def _full_date(m, ctx):
    """A day with month and year, in either order ("4 April 1949", "September 11, 2023")."""
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False):
        return None
    d = _safe_date(int(m["y"]), _mon(m["m"]), _dnum(m["d"]))
    return _with_lead(m, _day(d)) if d else None


_rule(rf"{_LEAD}{_WD_PREFIX}{_day_g('d')}\s+(?:(?i:of)\s+)?{_g('m', _MON)},?\s+{_year_g('y')}")(_full_date)
_rule(rf"{_LEAD}{_WD_PREFIX}{_g('m', _MON)}\s+{_day_g('d')},?\s+{_year_g('y')}")(_full_date)


# days without a year

@_rule(rf"{_LEAD}{_WD_PREFIX}(?:(?i:the)\s+)?{_day_g('d')}\s+(?:(?i:of)\s+)?{_g('m', _MON)}")
def _dm(m, ctx):
    mo, d = _mon(m["m"]), _dnum(m["d"])
    y = _year_for(mo, d, ctx, m.start())
    dd = _safe_date(y, mo, d) if y else None
    return _with_lead(m, _day(dd)) if dd else None


@_rule(rf"{_LEAD}{_WD_PREFIX}{_g('m', _MON)}\s+(?:(?i:the)\s+)?{_day_g('d')}(?!\s*(?:%|(?i:percent)))")
def _md(m, ctx):
    return _dm(m, ctx)


# ranges of days

def _day_range(ctx: _Ctx, start: int, m1: int, d1: int, m2: int, d2: int,
               y1: str | None, y2: str | None) -> _Val | None:
    """Days d1/m1 to d2/m2; a missing year comes from the other end or from publication."""
    if y1 or y2:
        ye = int(y2 or y1)
        ys = int(y1) if y1 else (ye if (m1, d1) <= (m2, d2) else ye - 1)
        a, b = _safe_date(ys, m1, d1), _safe_date(ye, m2, d2)
    else:
        pub = ctx.published
        if pub is None:
            return None
        ys = pub.year
        ye = ys if (m1, d1) <= (m2, d2) else ys + 1
        a, b = _safe_date(ys, m1, d1), _safe_date(ye, m2, d2)
        tense = ctx.tense_at(start)
        if a and b and tense != "future" and a > pub:  # a range not announced cannot start after publication
            a, b = _safe_date(ys - 1, m1, d1), _safe_date(ye - 1, m2, d2)
        elif a and b and tense == "future" and b < pub:  # nor a future one end before it
            a, b = _safe_date(ys + 1, m1, d1), _safe_date(ye + 1, m2, d2)
    if not a or not b or a >= b:
        return None
    return _days(a, b)


@_rule(rf"{_RANGE_LEAD}{_day_g('d1')}{_RANGE_SEP}{_day_g('d2')}\s+(?:(?i:of)\s+)?{_g('m', _MON)}"
       rf"(?:,?\s+{_year_g('y')})?")
def _dd_m(m, ctx):
    mo = _mon(m["m"])
    return _day_range(ctx, m.start(), mo, _dnum(m["d1"]), mo, _dnum(m["d2"]), m["y"], None)


@_rule(rf"{_RANGE_LEAD}{_g('m', _MON)}\s+{_day_g('d1')}{_RANGE_SEP}{_day_g('d2')}"
       rf"(?!\s*{_MON})(?!\s*(?:%|(?i:percent)))(?:,?\s+{_year_g('y')})?")
def _m_dd(m, ctx):
    mo = _mon(m["m"])
    return _day_range(ctx, m.start(), mo, _dnum(m["d1"]), mo, _dnum(m["d2"]), m["y"], None)


@_rule(rf"{_RANGE_LEAD}{_day_g('d1')}\s+(?:(?i:of)\s+)?{_g('m1', _MON)}(?:,?\s+{_year_g('y1')})?"
       rf"{_RANGE_SEP}{_day_g('d2')}\s+(?:(?i:of)\s+)?{_g('m2', _MON)}(?:,?\s+{_year_g('y2')})?")
def _dm_dm(m, ctx):
    return _day_range(ctx, m.start(), _mon(m["m1"]), _dnum(m["d1"]), _mon(m["m2"]),
                      _dnum(m["d2"]), m["y1"], m["y2"])


@_rule(rf"{_RANGE_LEAD}{_g('m1', _MON)}\s+{_day_g('d1')}(?:,?\s+{_year_g('y1')})?"
       rf"{_RANGE_SEP}{_g('m2', _MON)}\s+{_day_g('d2')}(?:,?\s+{_year_g('y2')})?")
def _md_md(m, ctx):
    return _day_range(ctx, m.start(), _mon(m["m1"]), _dnum(m["d1"]), _mon(m["m2"]),
                      _dnum(m["d2"]), m["y1"], m["y2"])


# months

@_rule(rf"{_LEAD}(?:{_PART}[- ]?\s*)?{_g('m', _MON)},?\s+{_year_g('y')}")
def _month_year(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False):
        return None
    y, mo = int(m["y"]), _mon(m["m"])
    if m["part"]:
        return _part_of(date(y, mo, 1), _last_day(y, mo), m["part"], "month")
    return _with_lead(m, _month(y, mo))


_MONTH_CUE = (r"(?:(?P<cue>(?i:in|during|since|until|till|by|before|after|from|through|throughout|"
              r"of|around|about|last|next|this|this past|this coming|earlier in|later in|"
              r"in early|in mid|in late|early|mid|late|the start of|the beginning of|the end of|"
              r"the middle of|in the first half of|in the second half of|the first half of|"
              r"the second half of|at the start of|at the beginning of|at the end of|"
              r"in the middle of)))[- ]\s*")


@_rule(rf"{_MONTH_CUE}{_g('m', _MON)}(?!\s*{_day_g('x')})(?!,?\s+{_YR}\b)")
def _month_only(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    cue = re.sub(r"\s+", " ", m["cue"].lower())
    mo = _mon(m["m"])
    tense = ctx.tense_at(m.start())
    y = pub.year
    if cue in ("last", "this past"):
        y = pub.year if mo < pub.month else pub.year - 1
    elif cue in ("next", "this coming"):
        y = pub.year if mo > pub.month else pub.year + 1
    elif cue == "this":
        pass
    elif tense != "future" and mo > pub.month:
        y -= 1
    elif tense == "future" and mo < pub.month:
        y += 1
    a, b = date(y, mo, 1), _last_day(y, mo)
    part = re.sub(r"^(?:in|at) ", "", cue)
    if part in ("early", "mid", "late", "the start of", "the beginning of", "the end of",
                "the middle of", "the first half of", "the second half of"):
        return _part_of(a, b, part, "month")
    if cue == "earlier in":
        return _days(a, min(b, pub)) if a <= pub else _month(y, mo)
    if cue == "later in":
        return _days(max(a, pub), b) if b >= pub else _month(y, mo)
    if cue in ("around", "about"):
        return _approximate(_month(y, mo))
    return _month(y, mo)


@_rule(rf"{_RANGE_LEAD}{_g('m1', _MON)}(?:,?\s+{_year_g('y1')})?"
       rf"\s*(?:-|–|(?i:to|and|through|until|till))\s*{_g('m2', _MON)}(?!\s*{_day_g('x')})"
       rf"(?:,?\s+{_year_g('y2')})?")
def _month_range(m, ctx):
    if not m["lead"] or m["lead"].lower() not in ("between", "from"):
        return None
    m1, m2 = _mon(m["m1"]), _mon(m["m2"])
    if m["y1"] or m["y2"]:
        y2 = int(m["y2"] or m["y1"])
        y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    else:
        pub = ctx.published
        if pub is None:
            return None
        y1 = pub.year
        tense = ctx.tense_at(m.start())
        if tense != "future" and m1 > pub.month:
            y1 -= 1
        elif tense == "future" and m2 < pub.month:
            y1 += 1
        y2 = y1 if m1 <= m2 else y1 + 1
    if (y1, m1) >= (y2, m2):
        return None
    return _Val(f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", date(y1, m1, 1), _last_day(y2, m2),
                "interval")


# years

@_rule(rf"{_RANGE_LEAD}{_year_g('y1')}(?:\s*(?P<sep>-|–|—|/)\s*|\s+(?P<word>(?i:and|to|through|"
       rf"until|till))\s+)(?:{_year_g('y2')}|(?<![\d,.])(?P<yy>\d\d)(?![\d%A-Za-z-])(?![,.]\d))")
def _year_range(m, ctx):
    """"between 1988 and 1989", "from 2018 to 2020", "2018-2020", "1988-89"."""
    lead = (m["lead"] or "").lower()
    if m["word"]:
        word = m["word"].lower()
        if m["yy"] or not ((lead == "between" and word == "and") or
                           (lead == "from" and word != "and")):
            return None  # "in 1988 and 1989": two years, found one by one
    y1 = int(m["y1"])
    y2 = y1 // 100 * 100 + int(m["yy"]) if m["yy"] else int(m["y2"])
    y2_start = m.start("yy") if m["yy"] else m.start("y2")
    if not y1 < y2 <= y1 + 200 or \
            _year_is_count(ctx.sentence, m.start("y1"), m.end("y1"), check_before=not lead) or \
            _year_is_count(ctx.sentence, y2_start, m.end(), check_before=False):
        return None
    return _Val(f"{y1:04d}/{y2:04d}", date(y1, 1, 1), date(y2, 12, 31), "interval")


@_rule(rf"(?<![\w-])(?P<cue>(?i:{_YEAR_CUES}))\s+{_year_g('y')}")
def _year_cue(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False) or (
            m["cue"].lower() in ("of", "by") and _COUNT_BEFORE.search(ctx.sentence[:m.start()])):
        return None
    return _year(int(m["y"]))


@_rule(rf"(?<![\w-])(?P<lead>(?i:around|about|circa|c\.|ca\.))\s*{_year_g('y')}")
def _year_approx(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False):
        return None
    return _approximate(_year(int(m["y"])))


@_rule(rf"(?:(?i:in|by|during|until|since|from|before|after)\s+)?(?:(?i:the)\s+)?{_PART}[- ]?\s*"
       rf"{_year_g('y')}")
def _year_part(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False):
        return None
    y = int(m["y"])
    return _part_of(date(y, 1, 1), date(y, 12, 31), m["part"], "year")


# "(and|or|,) 1989" after another year: "in 1988 and 1989", "in 2008, 2014 and 2022"
@_rule(rf"(?<=\d{{4}})(?:,\s*(?:(?i:and|or)\s+)?|\s+(?i:and|or)\s+)(?P<t>{_year_g('y')})")
def _year_list(m, ctx):
    prev = re.search(rf"{_YR}$", ctx.sentence[:m.start()])
    if not prev or _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False) \
            or _year_is_count(ctx.sentence, prev.start(), prev.end(), check_before=False):
        return None
    if not any(c.start() <= prev.start() < c.end() for c in _year_anchors(ctx.sentence)):
        return None
    return _year(int(m["y"]))


def _year_anchors(sentence: str) -> Iterator[re.Match]:
    yield from re.finditer(rf"(?<![\w-])(?i:{_YEAR_CUES})\s+{_YR}(?:(?:,\s*|\s+(?:and|or)\s+)"
                           rf"{_YR})*", sentence)


_DETERMINER = (r"(?i:the|a|an|its|their|his|her|our|this|that|these|those|whose)|"
               r"[A-Z][\w-]*(?:['’]s|s['’])")


@_rule(rf"(?<![\w-])(?:{_DETERMINER})\s+(?P<t>{_year_g('y')})(?=(?:\s+|-)[A-Za-z])")
def _year_nominal(m, ctx):
    y = m.start("y")
    if _year_is_count(ctx.sentence, y, m.end("y"), check_before=False):
        return None
    if not 1800 <= int(m["y"]):
        return None
    return _year(int(m["y"]), nominal=True)


@_rule(rf"^\W*(?P<t>{_year_g('y')})(?=\s+[a-z]|,|\s*$)")
def _year_initial(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y")) or int(m["y"]) < 1800:
        return None
    return _year(int(m["y"]))


@_rule(rf"{_year_g('y')}['’]s\s+(?=[a-z])")
def _year_possessive(m, ctx):
    return _year(int(m["y"]), nominal=True)


# decades and centuries

@_rule(rf"(?:(?i:in|during|since|until|by|from|through|throughout|of)\s+)?(?:(?i:the)\s+)?"
       rf"(?:{_PART}[- ]?\s*)?(?:(?<![\d,.])(?P<dec>1\d\d0|20\d0)|['’](?P<dd>[03-9]0|10))['’]?s\b")
def _decade(m, ctx):
    if m["dec"]:
        d = int(m["dec"])
    else:
        dd = int(m["dd"])
        d = 2000 + dd if dd <= 10 else 1900 + dd
    if m["part"]:
        return _part_of(date(d, 1, 1), date(d + 9, 12, 31), m["part"], "decade")
    return _Val(f"{d // 10:03d}X", date(d, 1, 1), date(d + 9, 12, 31), "interval")


@_rule(rf"(?:(?i:in|during|since|until|by|from|through|throughout|of)\s+)?(?i:the)\s+"
       rf"(?:(?P<n>1\d|20|21|[1-9])(?i:st|nd|rd|th)|(?P<w>(?i:{'|'.join(_ORDINAL_WORDS)})))"
       rf"[- ](?i:century)\b")
def _century(m, ctx):
    n = int(m["n"]) if m["n"] else _ORDINAL_WORDS[m["w"].lower()]
    if not 11 <= n <= 21:
        return None
    c = n - 1
    return _Val(f"{c:02d}XX", date(c * 100, 1, 1), date(c * 100 + 99, 12, 31), "interval")


# seasons

_SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}


def _season(y: int, name: str) -> _Val:
    code = _SEASONS[name]
    if code == 24:
        return _Val(f"{y:04d}-12/{y + 1:04d}-02", date(y, 12, 1), _last_day(y + 1, 2), "interval")
    first = {21: 3, 22: 6, 23: 9}[code]
    return _Val(f"{y:04d}-{code}", date(y, first, 1), _last_day(y, first + 2), "interval")


@_rule(rf"(?:(?i:in|during|since|until|by|from|through|throughout)\s+)?(?:(?i:the)\s+)?"
       rf"(?P<s>(?i:spring|summer|autumn|fall|winter))(?:\s+(?i:of))?\s+{_year_g('y')}")
def _season_year(m, ctx):
    if _year_is_count(ctx.sentence, m.start("y"), m.end("y"), check_before=False):
        return None
    return _season(int(m["y"]), m["s"].lower())


@_rule(r"(?<![\w-])(?P<rel>(?i:last|this past|this|next|this coming))\s+"
       r"(?P<s>(?i:spring|summer|autumn|fall|winter))\b")
def _season_rel(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    name, rel = m["s"].lower(), m["rel"].lower()
    # the season running at publication, as (year, value)
    y = pub.year if pub.month != 1 and pub.month != 2 else pub.year - 1
    cur = _season(y, name)
    if rel in ("last", "this past"):
        while cur.latest >= pub:
            y -= 1
            cur = _season(y, name)
    elif rel in ("next", "this coming"):
        while cur.earliest <= pub:
            y += 1
            cur = _season(y, name)
    else:  # "this summer": the one of the publication's year (winter: the one around it)
        if name == "winter":
            y = pub.year - 1 if pub.month <= 6 else pub.year
        else:
            y = pub.year
        cur = _season(y, name)
    return cur


# relative days

_REL_DAY = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "earlier today": 0, "later today": 0, "yesterday": -1, "last night": -1,
            "the day before yesterday": -2, "tomorrow": 1, "the day after tomorrow": 2}


@_rule(r"(?<![\w-])(?i:the day before yesterday|the day after tomorrow|yesterday|today|tonight|"
       r"tomorrow|this morning|this afternoon|this evening|earlier today|later today|last night)"
       r"(?:\s+(?i:morning|afternoon|evening|night))?(?![\w-])")
def _rel_day(m, ctx):
    if ctx.published is None:
        return None
    words = re.sub(r"\s+", " ", m.group().lower())
    key = next(k for k in sorted(_REL_DAY, key=len, reverse=True) if words.startswith(k))
    return _day(ctx.published + timedelta(days=_REL_DAY[key]))


# weekdays

@_rule(rf"(?<![\w-])(?:(?i:on|by|until|till|since|from|before|after)\s+)?"
       rf"(?:(?P<mod>(?i:this past|this coming|last|next|this|coming|past))\s+)?"
       rf"(?:(?i:early|late)\s+)?(?:(?i:on)\s+)?(?P<w>{_WD})(?:['’]s)?"
       rf"(?:\s+(?i:morning|afternoon|evening|night))?(?![\w-])")
def _weekday(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    if re.search(r"(?:Good|Black|Holy|Ash|Easter|Palm|Maundy|Cyber|Super|Bloody|Blue|Clean)\s+$",
                 ctx.sentence[:m.start("w")]):
        return None
    w = _WEEKDAYS[m["w"].lower()]
    back = (pub.weekday() - w) % 7
    ahead = (w - pub.weekday()) % 7
    mod = (m["mod"] or "").lower()
    tense = ctx.tense_at(m.start())
    if mod in ("last", "this past", "past"):
        d = pub - timedelta(days=back or 7)
    elif mod in ("next", "this coming", "coming"):
        d = pub + timedelta(days=ahead or 7)
    elif mod == "this":
        d = pub - timedelta(days=back) if tense == "past" else pub + timedelta(days=ahead)
    elif tense == "future":
        d = pub + timedelta(days=ahead)
    else:
        d = pub - timedelta(days=back)
    return _day(d)


# calendar periods relative to publication

_UNITS = r"(?P<unit>(?i:week|weekend|month|year))"


def _period(pub: date, unit: str, offset: int) -> tuple[date, date]:
    """The calendar week/month/year ``offset`` periods from the one containing ``pub``."""
    if unit == "week":
        a = _monday(pub) + timedelta(weeks=offset)
        return a, a + timedelta(days=6)
    if unit == "month":
        a = _add_months(pub.replace(day=1), offset)
        return a, _last_day(a.year, a.month)
    if unit == "year":
        return date(pub.year + offset, 1, 1), date(pub.year + offset, 12, 31)
    raise ValueError(unit)


def _period_value(a: date, b: date, unit: str) -> _Val:
    if unit == "month":
        return _month(a.year, a.month)
    if unit == "year":
        return _year(a.year)
    return _days(a, b)


def _weekend(pub: date, rel: str, tense: str | None) -> _Val:
    """Saturday-Sunday: "last weekend" the one before the current week's, "next weekend" the
    nearest one to come, "this weekend" upcoming unless the tense is past, "the weekend" past
    unless the tense is future; a weekend article's own weekend for "this"/"the"."""
    sat = _monday(pub) + timedelta(days=5)  # this ISO week's Saturday
    in_weekend = pub.weekday() >= 5
    if rel in ("last", "this past", "the previous"):
        sat -= timedelta(weeks=1)
    elif rel in ("next", "this coming", "the coming"):
        if in_weekend:
            sat += timedelta(weeks=1)
    elif not in_weekend:
        past = tense == "past" if rel == "this" else tense != "future"
        if past:
            sat -= timedelta(weeks=1)
    return _days(sat, sat + timedelta(days=1))


@_rule(rf"(?<![\w-])(?:(?P<prep>(?i:at|over|during|in|on|for|by|until|since|from|through|"
       rf"throughout))\s+)?"
       rf"(?:(?P<part>(?i:earlier|later|early|late|mid|the start of|the beginning of|the end of|"
       rf"the middle of|so far|the rest of|the remainder of))[- ]\s*)?"
       rf"(?P<rel>(?i:last|this past|this coming|this|next|the previous|the coming|the))\s+"
       rf"{_UNITS}(?![\w-])(?!\s+(?i:of|before|after|ago)\b)")
def _rel_period(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    unit, rel = m["unit"].lower(), re.sub(r"\s+", " ", m["rel"].lower())
    part = re.sub(r"\s+", " ", (m["part"] or "").lower())
    if unit == "weekend":
        if part or (rel == "the" and not m["prep"]):
            return None  # "the weekend clashes"
        return _weekend(pub, rel, ctx.tense_at(m.start()))
    if rel == "the" and not part:
        return None  # "the week" alone is not a time
    offset = {"last": -1, "this past": -1, "the previous": -1, "next": 1, "this coming": 1,
              "the coming": 1}.get(rel, 0)
    if rel == "the coming" and not part:
        offset = 1
    a, b = _period(pub, unit, offset)
    if not part:
        return _period_value(a, b, unit)
    if part in ("earlier", "so far"):
        return _days(a, pub) if offset == 0 else _part_of(a, b, "early", unit)
    if part in ("later", "the rest of", "the remainder of"):
        return _days(pub, b) if offset == 0 else _part_of(a, b, "late", unit)
    return _part_of(a, b, part, unit)


# rolling periods ending (or starting) at publication

_COUNT = r"(?P<n>\d{1,3}|(?i:a couple of|couple of|an|a|one|two|three|four|five|six|seven|eight|nine|" \
         r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|" \
         r"twenty|thirty|forty|fifty))"
# how far "recent days" (etc.) reach from publication: (count, unit)
_VAGUE = {"day": (7, "day"), "week": (6, "week"), "month": (6, "month"), "year": (5, "year"),
          "decade": (30, "year")}


def _vague_span(pub: date, unit: str, future: bool) -> _Val:
    n, u = _VAGUE[unit]
    if future:
        return _approx_span(pub, _shift(pub, n, u), False, True)
    return _approx_span(_shift(pub, -n, u), pub, True, False)


@_rule(rf"(?<![\w-])(?:(?i:in|over|during|within|for|throughout)\s+)?(?i:the)\s+"
       rf"(?P<dir>(?i:past|last|previous|next|coming|following))\s+"
       rf"(?:(?P<few>(?i:few|several|couple of|many))\s+|{_COUNT}\s+)?"
       rf"(?P<unit>(?i:day|week|month|year|decade))(?P<pl>s)?(?![\w-])(?!\s+(?i:of)\b)")
def _rolling(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    unit, direction = m["unit"].lower(), m["dir"].lower()
    if direction == "following":
        return None  # "the following week": relative to another event
    future = direction in ("next", "coming")
    n = _num(m["n"]) if m["n"] else None
    if n is None and not m["few"] and not m["pl"]:
        n = 1  # "over the past year"
    if n is not None:
        if n == 0:
            return None
        edge = _shift(pub, n if future else -n, unit)
        return _days(pub, edge) if future else _days(edge, pub)
    return _vague_span(pub, unit, future)


@_rule(r"(?<![\w-])(?:(?i:in|over|during|within|throughout)\s+)?(?:(?i:the)\s+)?"
       r"(?P<dir>(?i:recent|coming|next few|past few|last few))\s+(?P<unit>(?i:day|week|month|"
       r"year|decade))s(?![\w-])")
def _recent(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    return _vague_span(pub, m["unit"].lower(), m["dir"].lower() in ("coming", "next few"))


@_rule(r"(?<![\w-])(?i:recently|lately|in recent times|of late|(?:in|over) the recent past)"
       r"(?![\w-])")
def _recently(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    return _approx_span(pub - timedelta(days=30), pub, True, False)


@_rule(rf"(?<![\w-])(?:{_COUNT}|(?P<few>(?i:a few|few|several|some)))\s+"
       rf"(?P<unit>(?i:day|week|month|year|decade))s?\s+(?i:ago|earlier|before)(?![\w-])")
def _ago(m, ctx):
    pub = ctx.published
    if pub is None:
        return None
    word = m.group().rsplit(None, 1)[-1].lower()
    if word != "ago":
        return None  # "two days earlier": relative to another event
    unit = m["unit"].lower()
    if m["few"]:
        return _approx_span(_shift(pub, -7, unit), _shift(pub, -2, unit))
    n = _num(m["n"])
    if not n:
        return None
    d = _shift(pub, -n, unit)
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _Val(d.isoformat() + "~", d - timedelta(days=3), d + timedelta(days=3),
                    "approximate")
    if unit == "month":
        return _month(d.year, d.month)
    if unit == "year":
        return _year(d.year)
    return _approximate(_year(d.year))


# ---- the scanner --------------------------------------------------------------------------

_ABBREV_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|c|ca)\.$")


def _find(sentence: str, published: date | None, tense: str | None) -> list[_Cand]:
    if tense is not None and tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES} or None, not {tense!r}")
    ctx = _Ctx(sentence, published, tense)
    found: list[tuple[int, int, _Val]] = []
    for pattern, build in _RULES:
        for m in pattern.finditer(sentence):
            if not m.group().strip():
                continue
            try:
                v = build(m, ctx)
            except (OverflowError, ValueError) as exc:
                if _off_the_calendar(exc):  # "next year" in a text of 9999-12-31: no date to give
                    continue
                raise
            if v is None:
                continue
            s, e = m.span("t") if "t" in pattern.groupindex and m["t"] else m.span()
            # trim surrounding whitespace/punctuation from the span
            while s < e and sentence[s] in " \t\n,":
                s += 1
            while e > s and sentence[e - 1] in " \t\n,":
                e -= 1
            if sentence[e - 1] == "." and not _ABBREV_END.search(sentence, 0, e):
                e -= 1  # a sentence's full stop, not "Sept."
            if sentence.startswith(("'s", "’s"), e):
                v = replace(v, nominal=True)  # "this year's summit", "Friday's attack"
            found.append((s, e, v))
    # longest first, then leftmost; keep those that overlap nothing already kept
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, _Val]] = []
    for s, e, v in found:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, v))
    kept.sort(key=lambda f: f[0])
    out = []
    try:
        floor = published - HISTORICAL_AFTER if published is not None else None
    except OverflowError:  # published in the year 1: nothing can be more than a year older
        floor = None
    for s, e, v in kept:
        historical = floor is not None and v.latest < floor
        out.append(_Cand(TimeValue(text=sentence[s:e], start=s, end=e, edtf=v.edtf,
                                   earliest=v.earliest, latest=v.latest, kind=v.kind,
                                   historical=historical), v.nominal))
    return out
