"""What the page hands a teacher: the events the map shows, as CSV.

The columns follow the order a spreadsheet reader expects (title, dates, place and
position, category, summary, source and quote), with the atlas's own id, theater and
note beside them. Text a visitor uploaded comes back in these cells, so no cell may
start a formula when a spreadsheet opens the file (see `spreadsheet_safe`).
"""

from __future__ import annotations

import pandas as pd

from .data import Atlas, citation, contested
from .vocabulary import ALL_THEATERS, CATEGORIES, FIRST_YEAR, LAST_YEAR
from .years import event_phase, in_range

COLUMNS = [
    "title", "start", "end", "place", "lat", "lon", "category", "summary", "source", "quote",
    "id", "theater", "note",
]  # fmt: skip


def chosen(values, vocabulary) -> list[str]:
    """A filter's value from the page: None means everything; anything malformed, too."""
    if not isinstance(values, list):
        return list(vocabulary)
    return [v for v in values if isinstance(v, str)]


def events_shown(
    atlas: Atlas, year, theaters=None, categories=None, contested_only: bool = False
) -> pd.DataFrame:
    """The events on the map for `year` and the filters: every one that has begun (and,
    with `contested_only`, is told from both sides)."""
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        year = LAST_YEAR
    events = atlas.events
    theaters, categories = set(chosen(theaters, ALL_THEATERS)), set(chosen(categories, CATEGORIES))
    shown = [
        event_phase(s, e, year) != "future" and t in theaters and c in categories
        for s, e, t, c in zip(
            events["start_year"], events["end_year"], events["theater"], events["category"]
        )
    ]  # fmt: skip
    if contested_only:
        shown = [on and told for on, told in zip(shown, contested(events))]
    return _table(events[shown])


def _table(rows: pd.DataFrame) -> pd.DataFrame:
    """Events as the export's rows, in COLUMNS."""
    return pd.DataFrame(
        {
            "title": rows["title"],
            "start": rows["start"],
            "end": rows["end"].fillna(""),
            "place": rows["place"],
            "lat": rows["lat"].round(4),
            "lon": rows["lon"].round(4),
            "category": rows["category"],
            "summary": rows["summary"],
            "source": [" | ".join(citation(s) for s in x) for x in rows["sources"]],
            "quote": [" | ".join(s["quote"] for s in x) for x in rows["sources"]],
            "id": rows["id"],
            "theater": rows["theater"],
            "note": rows["note"].fillna(""),
        },
        columns=COLUMNS,
    )


# What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a single quote before every text cell that begins like a formula,
    as OWASP advises; numbers (a negative longitude) stay numbers. `teacher.py` takes
    the quote off again when the file comes back, so an export still round-trips."""
    return table.apply(
        lambda column: column.map(
            lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v
        )
    )


def table_csv(table: pd.DataFrame) -> str:
    """A table as CSV text that is safe to open in a spreadsheet."""
    return spreadsheet_safe(table).to_csv(index=False)


def csv_download(text: str, filename: str) -> dict:
    """A dcc.Download payload of CSV text: UTF-8 with a byte-order mark, so spreadsheet
    programs read the Chinese and Russian names right."""
    return {"content": "\ufeff" + text, "filename": filename, "type": "text/csv"}


def events_csv(
    atlas: Atlas, year, theaters=None, categories=None, contested_only: bool = False
) -> dict:
    """The events shown, as a download."""
    table = events_shown(atlas, year, theaters, categories, contested_only)
    label = year if isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR else "all"
    return csv_download(table_csv(table), f"atlas-events-{label}.csv")


def _rows_in_range(atlas: Atlas, first, last, theaters=None, categories=None) -> pd.DataFrame:
    events = in_range(atlas.events, *_span(first, last))
    keep = events["theater"].isin(chosen(theaters, ALL_THEATERS)) & events["category"].isin(
        chosen(categories, CATEGORIES)
    )
    return events[keep]


def events_in_range(atlas: Atlas, first, last, theaters=None, categories=None) -> pd.DataFrame:
    """The events that touch the years first..last (a chapter's, a lesson's), with the
    filters, in time order; years out of the atlas's span are brought into it."""
    return _table(_rows_in_range(atlas, first, last, theaters, categories))


WORKSHEET_COLUMNS = [
    "no", "title", "title_zh", "title_ru", "start", "end", "place", "Your answer",
]  # fmt: skip


def _text(rows: pd.DataFrame, name: str) -> pd.Series:
    """A column of texts, empty where an event has none (a teacher's event may have no
    Chinese or Russian title)."""
    if name not in rows:
        return pd.Series([""] * len(rows), index=rows.index)
    return rows[name].map(lambda v: v if isinstance(v, str) else "")


def worksheet_in_range(atlas: Atlas, first, last, theaters=None, categories=None) -> pd.DataFrame:
    """A class's worksheet for a range: each event numbered in time order, its title in
    English, Chinese and Russian, its dates and place, and an empty "Your answer"."""
    rows = _rows_in_range(atlas, first, last, theaters, categories)
    return pd.DataFrame(
        {
            "no": range(1, len(rows) + 1),
            "title": _text(rows, "title").values,
            "title_zh": _text(rows, "title_zh").values,
            "title_ru": _text(rows, "title_ru").values,
            "start": _text(rows, "start").values,
            "end": _text(rows, "end").values,
            "place": _text(rows, "place").values,
            "Your answer": "",
        },
        columns=WORKSHEET_COLUMNS,
    )


def worksheet_csv(atlas: Atlas, chosen_range, theaters=None, categories=None) -> dict:
    """The worksheet of a range ({"from": …, "to": …}), as a download; as safe to open
    in a spreadsheet as every export."""
    chosen_range = chosen_range if isinstance(chosen_range, dict) else {}
    first, last = _span(chosen_range.get("from"), chosen_range.get("to"))
    table = worksheet_in_range(atlas, first, last, theaters, categories)
    return csv_download(table_csv(table), f"atlas-worksheet-{first}-{last}.csv")


def _year(value, default: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(LAST_YEAR, max(FIRST_YEAR, value))


def _span(first, last) -> tuple[int, int]:
    """first..last within the atlas's years and in order; what is not a year is the end
    of the span it stands for."""
    first, last = sorted((_year(first, FIRST_YEAR), _year(last, LAST_YEAR)))
    return first, last


def range_csv(atlas: Atlas, chosen_range, theaters=None, categories=None) -> dict:
    """The events of a range ({"from": …, "to": …}, as ids.EXPORT_RANGE holds it)."""
    chosen_range = chosen_range if isinstance(chosen_range, dict) else {}
    first, last = _span(chosen_range.get("from"), chosen_range.get("to"))
    table = events_in_range(atlas, first, last, theaters, categories)
    return csv_download(table_csv(table), f"atlas-events-{first}-{last}.csv")
