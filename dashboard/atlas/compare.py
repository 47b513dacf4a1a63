"""Two years compared (issue 24): what changed between them, and `?compare=` read.

`changes(atlas, a, b)` says, by the same rules that draw each year's map
(years.period_active for the territories, years.basemap_active for the states of the
basemap), which territories and states one year shows and the other does not, which
came and went in between, and which events happened after the earlier year up to the
later one, grouped by chapter with counts by category. No Dash here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..i18n import DEFAULT, Translate, column, translator
from .chapters import CHAPTERS, Chapter
from .data import Atlas
from .vocabulary import CATEGORIES, FIRST_YEAR, LAST_YEAR
from .years import basemap_active, outlines_shown, period_active

MAX_TEXT = 40  # longer than any pair of years, spaces included: refused unread


@dataclass(frozen=True)
class Outline:
    """A territory of the period (`layer` 'territory', `kind` its kind) or a state of
    the basemap (`layer` 'state', `kind` its group), named in the page's language."""

    id: str
    name: str
    layer: str
    kind: str
    first: int  # the years it stands
    last: int


@dataclass(frozen=True)
class ChapterEvents:
    chapter: Chapter
    events: tuple[str, ...]  # ids, in time order
    counts: tuple[tuple[str, int], ...]  # (category, n), in the vocabulary's order


@dataclass(frozen=True)
class Changes:
    first: int  # the earlier year
    last: int  # the later one
    ended: tuple[Outline, ...]  # shown in `first`, not in `last`
    appeared: tuple[Outline, ...]  # shown in `last`, not in `first`
    between: tuple[Outline, ...]  # came and went in between: shown in neither
    chapters: tuple[ChapterEvents, ...]  # the events after `first`, up to `last`
    counts: tuple[tuple[str, int], ...]  # all of them, by category

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(e for c in self.chapters for e in c.events)


def _counts(categories) -> tuple[tuple[str, int], ...]:
    counted = Counter(categories)
    return tuple((c, counted[c]) for c in CATEGORIES if counted[c])


def _outlines(atlas: Atlas, lang: str) -> list[tuple[Outline, object]]:
    """Every territory and basemap state, with its frame's row (dates) for the rules."""
    terr, base = atlas.territories, atlas.basemap
    t = translator(lang)
    out = []
    for row, name in zip(terr.itertuples(), column(terr, "label", lang)):
        out.append(
            (
                Outline(row.id, name, "territory", row.kind, row.start_year, row.end_year),
                period_active,
            )
        )
    for row in base.itertuples():
        out.append(
            (
                Outline(row.id, t(row.label), "state", row.group, row.start_year, row.end_year),
                basemap_active,
            )
        )
    return out


def _shown(atlas: Atlas, year: int) -> set[str]:
    """The ids of the territories and basemap states the map of `year` draws."""
    terr, base = atlas.territories, atlas.basemap
    return {
        *(i for i, on in zip(terr["id"], outlines_shown(terr, year, period_active)) if on),
        *(i for i, on in zip(base["id"], outlines_shown(base, year, basemap_active)) if on),
    }


def changes(atlas: Atlas, year_a: int, year_b: int, lang: str = DEFAULT) -> Changes:
    """What changed from the earlier of the two years to the later (in either order).

    Territories and states are compared as the two maps draw them. The events are
    those that start after the earlier year, up to and including the later one (the
    earlier year's own are on its map), each in the chapter whose years hold its start.
    """
    first, last = sorted((int(year_a), int(year_b)))
    before, after = _shown(atlas, first), _shown(atlas, last)
    between: set[str] = set()
    for year in range(first + 1, last):
        between |= _shown(atlas, year)
    ended, appeared, passing = [], [], []
    for outline, _ in _outlines(atlas, lang):
        if outline.id in before and outline.id not in after:
            ended.append(outline)
        elif outline.id in after and outline.id not in before:
            appeared.append(outline)
        elif outline.id in between and outline.id not in before | after:
            passing.append(outline)
    events = atlas.events.sort_values("order")
    events = events[(events["start_year"] > first) & (events["start_year"] <= last)]
    chapters = []
    for chapter in CHAPTERS:
        mine = events[
            (events["start_year"] >= chapter.first) & (events["start_year"] <= chapter.last)
        ]
        if not mine.empty:
            chapters.append(ChapterEvents(chapter, tuple(mine["id"]), _counts(mine["category"])))
    return Changes(
        first,
        last,
        tuple(ended),
        tuple(appeared),
        tuple(passing),
        tuple(chapters),
        _counts(events["category"]),
    )


def parse_compare(text, t: Translate = str) -> tuple[tuple[int, int] | None, str | None]:
    """`?compare=1950,1969` read without trusting it: ((earlier, later), None), or
    (None, a notice in the page's language that never repeats what was sent). Two
    different years from FIRST_YEAR to LAST_YEAR, in either order; None or "" asks for
    nothing, (None, None)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, None
    notice = t(
        "The years to compare must be two different years from {first} to {last}, "
        "such as 1950,1969; the comparison is not shown."
    ).format(first=FIRST_YEAR, last=LAST_YEAR)
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None, notice
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) == 4 for p in parts):
        return None, notice
    a, b = (int(p) for p in parts)
    if a == b or not all(FIRST_YEAR <= y <= LAST_YEAR for y in (a, b)):
        return None, notice
    return (min(a, b), max(a, b)), None
