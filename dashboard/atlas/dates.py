"""Partial ISO 8601 dates: a year, a month or a day, never more precise than the source.

An event dated "1950-02" is the whole of February 1950: it starts on the 1st and ends
on the 28th. These helpers keep that meaning when dates are compared and drawn.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..i18n import DEFAULT, LANGS, date_label

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day:
            return self.first_day
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def label(self, lang: str = "en") -> str:
        """The date at its stated precision in `lang`: '1950', 'February 1950',
        '14 February 1950' (i18n.date_label)."""
        precision = "year" if self.month is None else "month" if self.day is None else "day"
        return date_label(self.first_day, precision, lang)


def parse(text: str) -> PartialDate:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raise ValueError with a plain message."""
    match = _PATTERN.match(str(text).strip())
    if not match:
        raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        parsed = PartialDate(year, month, day)
        parsed.first_day  # noqa: B018 - validates month and day
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None
    return parsed


def span_label(start: str, end: str | None, lang: str = "en") -> str:
    """'1937 – August 1941', or the start alone for a moment."""
    first = parse(start).label(lang)
    if not end or end == start:
        return first
    return f"{first} – {parse(end).label(lang)}"


def span_labels(start: str, end: str | None) -> dict[str, str]:
    """The span's label in every language, by column: date_label (English),
    date_label_zh, date_label_ru (read with i18n.column)."""
    return {
        "date_label" if lang == DEFAULT else f"date_label_{lang}": span_label(start, end, lang)
        for lang in LANGS
    }
