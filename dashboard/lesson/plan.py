"""A lesson to hand out: the events of a chapter, a stretch of the tour or a range of
years, in sections, each with the year its map shows. Pure: no Dash, no Flask.

A print (lesson_print.py) and a CSV (export.py) take the same range. A link asks for
one of:

- `?chapter=the-split`: the chapter's years, a section per tour step of the chapter;
- `?tour=12` or `?tour=12-18`: those tour steps, from the first one's year to the last's;
- `?from=1956&to=1969`: those years, a section per tour step that falls in them.

Every event of the range (one that touches its years) goes into the section of the
last step that begins no later than it does, so the sections run in time order and
nothing is left out; events before the first step open the first section. A section's
map shows the year of its latest event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..atlas.chapters import TOUR, Chapter, chapter_by_id
from ..atlas.data import Atlas
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..atlas.years import in_range
from ..i18n import Translate, field, translator


@dataclass(frozen=True)
class Range:
    """What a link asks for: the years, and the tour steps (1-based) that make sections."""

    first: int
    last: int
    steps: tuple[int, ...]
    chapter: Chapter | None = None
    query: str = ""  # the canonical link for this range: chapter=…, tour=…, from=…&to=…


@dataclass(frozen=True)
class Section:
    heading: str
    narrative: str | None
    year: int
    events: pd.DataFrame  # in time order
    step: int | None = None


@dataclass(frozen=True)
class Lesson:
    title: str
    years: str
    intro: str | None
    sections: tuple[Section, ...]
    events: pd.DataFrame  # every event of the range, in time order
    range: Range


def _year(text) -> int | None:
    text = str(text).strip()
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return None


def _step_years(atlas: Atlas) -> tuple[int, ...]:
    """Each tour step's year, found once per atlas: a link is read on the worker's event
    loop, where a pandas filter per step cost 6-14 ms a request."""
    cached = _STEP_YEARS.get(id(atlas))
    if cached is None or cached[0] is not atlas:
        years = dict(zip(atlas.events["id"], atlas.events["start_year"].astype(int)))
        cached = (atlas, tuple(years[step.event] for _, step in TOUR))
        _STEP_YEARS.clear()  # one atlas per process (a few in the tests)
        _STEP_YEARS[id(atlas)] = cached
    return cached[1]


_STEP_YEARS: dict[int, tuple[Atlas, tuple[int, ...]]] = {}


def _step_year(atlas: Atlas, step: int) -> int:
    return _step_years(atlas)[step - 1]


def step_years(atlas: Atlas) -> tuple[int, ...]:
    """Each tour step's year (the chooser's, callbacks.py)."""
    return _step_years(atlas)


def requested_range(args: Mapping[str, str], atlas: Atlas, t: Translate) -> Range | str:
    """The range a link asks for, or why it cannot be read (in the page's language,
    never repeating what was sent)."""
    if args.get("chapter") is not None:
        chapter = chapter_by_id(args.get("chapter"))
        if chapter is None:
            return t("The chapter in the link is not in the atlas.")
        steps = tuple(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
        return Range(chapter.first, chapter.last, steps, chapter, f"chapter={chapter.id}")
    if args.get("tour") is not None:
        first, _, last = str(args.get("tour")).partition("-")
        first, last = first.strip(), (last or first).strip()
        ok = all(x.isascii() and x.isdigit() for x in (first, last))
        if not ok or not 1 <= int(first) <= int(last) <= len(TOUR):
            return t("The tour has steps 1 to {n}; the link's step is not one.").format(n=len(TOUR))
        steps = tuple(range(int(first), int(last) + 1))
        query = f"tour={first}" if first == last else f"tour={first}-{last}"
        return Range(_step_year(atlas, steps[0]), _step_year(atlas, steps[-1]), steps, None, query)
    first, last = _year(args.get("from", FIRST_YEAR)), _year(args.get("to", LAST_YEAR))
    if first is None or last is None or first > last:
        return t("Years must run from {first} to {last}, the first no later than the last.").format(
            first=FIRST_YEAR, last=LAST_YEAR
        )
    steps = tuple(i for i in range(1, len(TOUR) + 1) if first <= _step_year(atlas, i) <= last)
    return Range(first, last, steps, None, f"from={first}&to={last}")


def build_lesson(atlas: Atlas, chosen: Range, lang: str) -> Lesson:
    """The lesson for a range in `lang`: its title, the chapter's introduction, and its
    sections, in the tour's order. An event goes to the step whose own event is the
    latest not after it in time (the atlas's `order`), so two steps of one year each
    keep their own events."""
    t = translator(lang)
    events = in_range(atlas.events, chosen.first, chosen.last)
    order = dict(zip(atlas.events["id"], atlas.events["order"]))
    bound = {step: order[TOUR[step - 1][1].event] for step in chosen.steps}
    home = [  # each event's step: the one whose event is the latest not after it
        max(
            (step for step in chosen.steps if bound[step] <= rank),
            key=bound.get,
            default=chosen.steps[0] if chosen.steps else None,
        )
        for rank in events["order"]
    ]
    sections = []
    for step in chosen.steps or (None,):
        mine = [h == step for h in home]
        group = events[mine]
        if step is None:
            heading, narrative, year = f"{chosen.first}–{chosen.last}", None, chosen.last
        else:
            current = TOUR[step - 1][1]
            own = atlas.events.loc[atlas.events["id"] == current.event].iloc[0]
            heading = t("Tour step {step}").format(step=step) + ": " + field(own, "title", lang)
            narrative = t(current.narrative)
            year = max([int(own["start_year"]), *group["start_year"].clip(upper=chosen.last)])
        sections.append(Section(heading, narrative, max(int(year), chosen.first), group, step))
    if chosen.chapter is not None:
        title, intro = t(chosen.chapter.title), t(chosen.chapter.intro)
    else:
        title, intro = t("China and Soviet power: an atlas, 1917–1991"), None
    years = f"{chosen.first}–{chosen.last}" if chosen.first != chosen.last else str(chosen.first)
    return Lesson(title, years, intro, tuple(sections), events, chosen)
