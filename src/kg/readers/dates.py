"""Date lines as news pages write them, for every reader: "Monday 11 September 2023",
"11 September 2023", "September 11, 2023", "2023-09-11", with abbreviated month and weekday
names ("Mon, 11 Sept 2023") and ordinals ("11th"). A line is a date only when the whole of it
is one; a date that does not exist (31 February) is none.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {  # name -> date.weekday() (Monday is 0)
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def _alternation(names) -> str:
    # longest first, so that "sept" is not read as "sep" followed by a stray "t"
    return "|".join(sorted(names, key=len, reverse=True))


_WD = rf"(?:(?P<wd>{_alternation(WEEKDAYS)})\.?,?\s+)?"
_MON = rf"(?P<m>{_alternation(MONTHS)})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    re.compile(rf"{_WD}(?P<d>\d{{1,2}}){_ORD}\s+{_MON},?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"{_WD}{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
)


def parse_date_line(text: str) -> tuple[date, str | None] | None:
    """(date, weekday as written or None) if the whole of ``text`` is a date, else None."""
    text = " ".join(text.split())
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if not m:
            continue
        month = m.group("m")
        month_no = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            day = date(int(m.group("y")), month_no, int(m.group("d")))
        except ValueError:
            return None
        return day, m.groupdict().get("wd")
    return None


def parse_date(text: str) -> date | None:
    """Parse a date line: "Monday 11 September 2023", "11 September 2023",
    "September 11, 2023", "2023-09-11" (and abbreviated month/weekday names)."""
    found = parse_date_line(text)
    return found[0] if found else None
