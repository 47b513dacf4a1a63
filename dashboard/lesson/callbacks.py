"""A lesson's range: the plain function behind the chooser, and the callbacks that
wire it (the chooser itself is lesson_layout.py; the print is lesson_print.py)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, callback_context

from .. import ids
from ..atlas.chapters import CHAPTERS, chapter_by_id
from ..atlas.data import Atlas
from ..atlas.export import range_csv
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..classroom.classsets import ClassSets
from ..classroom.share import shown_atlas
from ..figures.page_data import page_lang
from ..i18n import DEFAULT, LANGS


def _year(value, default: int) -> int:
    try:
        return min(LAST_YEAR, max(FIRST_YEAR, int(value)))
    except (TypeError, ValueError):
        return default


def choose_range(chapter_id, first, last, trigger, lang, set_state):
    """(EXPORT_RANGE, print link, PDF link, from, to, chapter) for what was changed:
    a chapter sets the years; years typed make the choice "years of your choice" unless
    they are a chapter's. Bad years are brought into 1917-1991 and put in order."""
    chapter = chapter_by_id(chapter_id)
    if trigger == ids.RANGE_CHAPTER and chapter is not None:
        first, last = chapter.first, chapter.last
    else:
        first, last = sorted((_year(first, FIRST_YEAR), _year(last, LAST_YEAR)))
        chapter = next((c for c in CHAPTERS if (c.first, c.last) == (first, last)), None)
    query = f"chapter={chapter.id}" if chapter else f"from={first}&to={last}"
    if lang in LANGS and lang != DEFAULT:
        query += f"&lang={lang}"
    if isinstance(set_state, dict) and isinstance(set_state.get("id"), str):
        query += f"&set={set_state['id']}"
    chosen = {"from": first, "to": last}
    return (
        chosen,
        f"/print?{query}",
        f"/print.pdf?{query}",
        first,
        last,
        chapter.id if chapter else "",
    )


def register_lesson_callbacks(app: Dash, atlas: Atlas, sets: ClassSets) -> None:
    def on_change(chapter_id, first, last, page, set_state):
        trigger = callback_context.triggered_id or ids.RANGE_CHAPTER
        return choose_range(chapter_id, first, last, trigger, page_lang(page), set_state)

    app.callback(
        Output(ids.EXPORT_RANGE, "data"),
        Output(ids.PRINT_LINK, "href"),
        Output(ids.PDF_LINK, "href"),
        Output(ids.RANGE_FROM, "value"),
        Output(ids.RANGE_TO, "value"),
        Output(ids.RANGE_CHAPTER, "value"),
        Input(ids.RANGE_CHAPTER, "value"),
        Input(ids.RANGE_FROM, "value"),
        Input(ids.RANGE_TO, "value"),
        State(ids.PAGE_DATA, "data"),
        Input(ids.CLASS_SET, "data"),
        prevent_initial_call=True,
    )(on_change)

    app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=True),
        Input(ids.EXPORT_RANGE_CSV, "n_clicks"),
        State(ids.EXPORT_RANGE, "data"),
        State(ids.THEATER_FILTER, "value"),
        State(ids.CATEGORY_FILTER, "value"),
        State(ids.YOUR_EVENTS, "data"),
        State(ids.CLASS_SET, "data"),
        prevent_initial_call=True,
    )(
        lambda _clicks, chosen, theaters, categories, store, set_state: range_csv(
            shown_atlas(atlas, store, set_state, sets), chosen, theaters, categories
        )
    )
