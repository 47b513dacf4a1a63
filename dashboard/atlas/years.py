"""The rules for what a year shows, and the order of events in time.

Defined once here for the figures, the exports and the page; assets/js/00-core.js
mirrors `event_phase`, `period_active` and `basemap_active` for the browser, which
repaints a year itself, and the browser tests check that the two agree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def event_phase(start_year: int, end_year: int, year: int) -> str:
    """'future' (not drawn), 'current' (stands out) or 'past' (faded) for the given year."""
    if start_year > year:
        return "future"
    return "current" if year <= end_year else "past"


def period_active(valid_from: date, valid_to: date, year: int) -> bool:
    """A territory shows in every year it touches."""
    return valid_from <= date(year, 12, 31) and valid_to >= date(year, 1, 1)


def basemap_active(valid_from: date, valid_to: date, year: int) -> bool:
    """A basemap outline shows if valid at mid-year, so successive states never overlap."""
    return valid_from <= date(year, 7, 1) <= valid_to


def outlines_shown(frame: pd.DataFrame, year: int, rule) -> list[bool]:
    """Which of a layer's outlines (its start_date and end_date) `rule`, period_active
    or basemap_active, shows in `year`."""
    return [rule(f.date(), t.date(), year) for f, t in zip(frame["start_date"], frame["end_date"])]


def in_range(events: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The events that touch the years first..last (a chapter's, a lesson's), in time
    order (the atlas's `order`, from time_order)."""
    touching = (events["start_year"] <= last) & (events["end_year"] >= first)
    return events[touching].sort_values("order")


def time_order(events: pd.DataFrame) -> pd.Series:
    """Each event's rank in time (0 first), by its start, then by `after`.

    A source often dates an event only by its year, which would put it on the year's
    first day, before everything else in that year. `after` lists the events an event
    is known to follow (a report after what it reports, a reaction after its cause;
    the data's `added` says how it is known), so the rank takes the later of an
    event's own start and the starts of the events it follows, and then puts it after
    them. The data contract refuses cycles and unknown ids.
    """
    start = dict(zip(events["id"], events["start_date"]))
    follows = dict(zip(events["id"], events["after"]))
    settled: dict[str, tuple] = {}

    def key(event_id: str) -> tuple:
        if event_id not in settled:
            earlier = [key(e) for e in follows[event_id] if e in start]
            latest = max([start[event_id], *(k[0] for k in earlier)])
            depth = 1 + max((k[1] for k in earlier if k[0] == latest), default=-1)
            settled[event_id] = (latest, depth, event_id)
        return settled[event_id]

    ranked = sorted(events["id"], key=key)
    rank = {event_id: i for i, event_id in enumerate(ranked)}
    return events["id"].map(rank)
