"""Dates as spreadsheets write them, read into the atlas's partial ISO form.

A teacher's file comes from Excel, LibreOffice or Google Sheets, which rewrite dates in
the computer's own convention: 1969-03-02 becomes 02/03/1969 in Britain and 3/2/1969 in
the United States, 02.03.1969 in Russia, "March 1969" or "1969-03-02 00:00:00" after a
round trip. What can be read without guessing is read; what could mean two days is
refused with both readings, so the teacher decides, never the atlas:

- ISO: 1969, 1969-03, 1969-03-02 (a time of midnight after it is dropped);
- year first with / or . : 1969/03/02, 1969/3, 1969.03.02;
- day.month.year with dots: 02.03.1969 (the dotted form is day-first everywhere);
- day/month/year or month/day/year with / or -: read only when one of the first two
  numbers is over 12 or both are equal (13/03/1969, 3/13/1969, 3/3/1969);
- month/year: 03/1969, 3-1969;
- month names in English: March 1969, Mar 1969, 2 March 1969, March 2, 1969.

Two-digit years (2/3/69) are refused: 1969 or 2069 is again a guess.

A file has one convention: where its other dates show it (13/03/1969 can only be
day-first), `file_order` finds it, and `normalise(value, order)` reads 02/03/1969 the
same way; the teacher is told so (teacher.py). A file whose dates show both, or
neither, keeps refusing what could mean two days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

EXPECTED = "write it as YYYY-MM-DD (e.g. 1969-03-02), YYYY-MM (1969-03) or YYYY (1969)"

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(?::00(?:\.0+)?)?")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/-](\d{4})")
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
_NAMED_MONTH_YEAR = re.compile(_MONTH + r",?\s+(\d{4})", re.IGNORECASE)
_DAY_NAMED_MONTH = re.compile(r"(\d{1,2})\.?\s+" + _MONTH + r",?\s+(\d{4})", re.IGNORECASE)
_NAMED_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})", re.IGNORECASE)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError(f"{month} is not a month")
        return f"{year:04d}-{month:02d}"
    date(year, month, day)  # raises ValueError for 31 February
    return f"{year:04d}-{month:02d}-{day:02d}"


def _long(year: int, month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]} {year}"


def _checked(text: str, year: int, month: int | None = None, day: int | None = None) -> str:
    try:
        return _iso(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date; {EXPECTED}") from None


DAY_FIRST, MONTH_FIRST = "day", "month"


def file_order(values) -> tuple[str | None, str | None]:
    """The order a file's a/b/year dates follow, as far as they show it: (DAY_FIRST or
    MONTH_FIRST or None, a date that shows it)."""
    found = {}
    for value in values:
        text = " ".join(str(value).split())
        if match := _SLASHED.fullmatch(text):
            a, b, _ = map(int, match.groups())
            if a > 12 >= b:
                found.setdefault(DAY_FIRST, text)
            elif b > 12 >= a:
                found.setdefault(MONTH_FIRST, text)
    if len(found) == 1:
        return next(iter(found.items()))
    return None, None


def _day_month_or_month_day(text: str, a: int, b: int, year: int, order=None) -> str:
    """a/b/year: day-first or month-first. Read only when just one reading is a date,
    or when the file's `order` says which."""
    if order is not None:
        day, month = (a, b) if order == DAY_FIRST else (b, a)
        return _checked(text, year, month, day)
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append((_iso(year, month, day), _long(year, month, day)))
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        raise ValueError(f"'{text}' is not a real calendar date; {EXPECTED}")
    if len(readings) == 1:
        return readings[0][0]
    (iso1, long1), (iso2, long2) = readings
    raise ValueError(
        f"'{text}' could be {long1} or {long2}; write it as YYYY-MM-DD: {iso1} or {iso2}"
    )


def normalise(value, order: str | None = None) -> str:
    """The date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; ValueError with a message that
    shows the value as given and the form expected. `order`: the file's (file_order)."""
    text = " ".join(str(value).split())
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        return _checked(text, year, month, day)
    if match := _ISO_MIDNIGHT.fullmatch(text):
        return normalise(match.group(1))
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        return _checked(text, year, month, day)
    if match := _DOTTED.fullmatch(text):
        day, month, year = map(int, match.groups())
        return _checked(text, year, month, day)
    if match := _SLASHED.fullmatch(text):
        a, b, year = map(int, match.groups())
        return _day_month_or_month_day(text, a, b, year, order)
    if match := _MONTH_YEAR.fullmatch(text):
        month, year = map(int, match.groups())
        return _checked(text, year, month)
    if match := _NAMED_MONTH_YEAR.fullmatch(text):
        return _checked(text, int(match.group(2)), _MONTHS[match.group(1).casefold()])
    if match := _DAY_NAMED_MONTH.fullmatch(text):
        day, month, year = match.groups()
        return _checked(text, int(year), _MONTHS[month.casefold()], int(day))
    if match := _NAMED_MONTH_DAY.fullmatch(text):
        month, day, year = match.groups()
        return _checked(text, int(year), _MONTHS[month.casefold()], int(day))
    if _TWO_DIGIT_YEAR.fullmatch(text):
        raise ValueError(
            f"'{text}' has a two-digit year; write it in full, as YYYY-MM-DD (e.g. 1969-03-02)"
        )
    raise ValueError(f"'{text}' is not a date the atlas can read; {EXPECTED}")
