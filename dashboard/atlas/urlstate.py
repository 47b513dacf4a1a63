"""Read the view a link asks for (?year=1969&event=<id>&mode=present) without trusting it.

Anything malformed falls back to the default and yields a notice for the page, in the
page's language; a notice never repeats what the visitor sent, so nothing from a link
is reflected. (`lang` itself is read where the page is built: i18n.choose.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from ..i18n import LANGS, Translate
from .chapters import CHAPTERS, TOUR
from .vocabulary import FIRST_YEAR, LAST_YEAR

MAX_QUERY = 2000
# set: classsets.py; view, q and compare: read in the browser (assets/js/), checked there
KNOWN = ("year", "event", "mode", "chapter", "tour", "lang", "set", "view", "q", "compare")
MODES = ("present",)  # ?mode=present: projector mode, applied in the browser
VIEWS = ("map",)  # ?view=map: the big map, applied in the browser


@dataclass(frozen=True)
class ViewState:
    year: int
    event: str | None = None
    notices: tuple[str, ...] = field(default=())
    chapter: str | None = None
    step: int | None = None  # 1-based position in the tour


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def parse_query(
    search: str | None,
    event_years: dict[str, int],
    default_year: int,
    chapter_years: dict[str, int] | None = None,
    tour: tuple[str, ...] = (),
    t: Translate = str,
) -> ViewState:
    """Turn a query string into a ViewState; `event_years` maps known ids to their year,
    `chapter_years` chapter ids to their first year, `tour` lists the tour's events;
    `t` translates the notices."""
    chapter_years = chapter_years or {}
    search = (search or "").lstrip("?")
    if len(search) > MAX_QUERY:
        return ViewState(
            default_year, None, (t("The link was too long to read; showing the default view."),)
        )
    params = parse_qs(search, keep_blank_values=True)
    notices = []
    if set(params) - set(KNOWN):
        notices.append(t("Parts of the link were not understood and were ignored."))

    mode = _single(params, "mode")
    if mode is not None and mode not in MODES:
        notices.append(t("The mode in the link is not known; showing the usual view."))
    view = _single(params, "view")
    if view is not None and view not in VIEWS:
        notices.append(t("The view in the link is not known; showing the usual view."))

    lang = _single(params, "lang")
    if lang is not None and lang not in LANGS:
        notices.append(t("The language in the link is not known; use en, zh or ru."))

    chapter = _single(params, "chapter")
    if chapter is not None and chapter not in chapter_years:
        notices.append(t("The chapter in the link is not in the atlas."))
        chapter = None
    step = None
    raw_step = _single(params, "tour")
    if raw_step is not None:
        text = raw_step.strip()
        if text.isascii() and text.isdigit() and 1 <= int(text) <= len(tour):
            step = int(text)
        else:
            notices.append(
                t("The tour has steps 1 to {n}; the link's step is not one.").format(n=len(tour))
            )

    event = _single(params, "event")
    if event is not None and event not in event_years:
        notices.append(t("The event in the link is not in the atlas; no event is selected."))
        event = None
    if event is None and step is not None:
        event = tour[step - 1]

    year = event_years[event] if event else chapter_years.get(chapter, default_year)
    raw_year = _single(params, "year")
    if raw_year is not None:
        text = raw_year.strip()
        if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
            year = int(text)
        else:
            notices.append(
                t(
                    "The year in the link must be a year from {first} to {last}; "
                    "showing {year} instead."
                ).format(first=FIRST_YEAR, last=LAST_YEAR, year=year)
            )
    return ViewState(year, event, tuple(notices), chapter, step)


def parse_link(
    search: str | None, event_years: dict[str, int], default_year: int, t: Translate = str
) -> ViewState:
    """parse_query with the atlas's own chapters and tour: what any link to a view of
    the atlas may name (the page's own, a class set's links)."""
    return parse_query(
        search,
        event_years,
        default_year,
        {c.id: c.first for c in CHAPTERS},
        tuple(step.event for _, step in TOUR),
        t,
    )


def link(params: str, lang: str) -> str:
    """A link within the atlas (`?chapter=…`) that keeps the page's language."""
    return f"?{params}" if lang == "en" else f"?{params}&lang={lang}"
