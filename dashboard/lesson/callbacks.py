"""A lesson's range: the plain function behind the chooser, and the callbacks that
wire it (the chooser itself is lesson_layout.py; the print is lesson_print.py)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from .. import ids
from ..atlas.chapters import CHAPTERS, chapter_by_id
from ..atlas.data import Atlas
from ..atlas.export import range_csv, worksheet_csv
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


def on_range_change(prop_id, chapter_id, first, last, story, lang, set_state):
    """choose_range for what changed (`prop_id`, as Dash names it: "range-to.value").

    - a year as typed (its value, at each keystroke): the range and links follow it at
      once, but the fields are left as they are (no_update), never rewritten under the
      teacher's fingers; they are put right when one loses focus (its n_blur);
    - the story's state: a chapter link (?chapter=the-split, or a chapter followed)
      chooses its chapter; any other story changes nothing.
    """
    trigger = prop_id.rsplit(".", 1)[0] if prop_id else ids.RANGE_CHAPTER
    if trigger == ids.STORY_STATE:
        story = story if isinstance(story, dict) else {}
        chosen = story.get("chapter")
        if story.get("kind") != "chapter" or not isinstance(chosen, str):
            raise PreventUpdate
        if chapter_by_id(chosen) is None:
            raise PreventUpdate
        chapter_id, trigger = chosen, ids.RANGE_CHAPTER
    out = choose_range(chapter_id, first, last, trigger, lang, set_state)
    if prop_id in (f"{ids.RANGE_FROM}.value", f"{ids.RANGE_TO}.value"):
        out = (*out[:3], no_update, no_update, out[5])
    return out


def register_lesson_callbacks(app: Dash, atlas: Atlas, sets: ClassSets) -> None:
    def on_change(chapter_id, first, last, _blur_from, _blur_to, story, set_state, page):
        triggered = callback_context.triggered
        prop_id = triggered[0]["prop_id"] if triggered else ""
        return on_range_change(prop_id, chapter_id, first, last, story, page_lang(page), set_state)

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
        Input(ids.RANGE_FROM, "n_blur"),
        Input(ids.RANGE_TO, "n_blur"),
        Input(ids.STORY_STATE, "data"),
        Input(ids.CLASS_SET, "data"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,
    )(on_change)

    # the range's events as a table and as a worksheet: the same range, filters and layers
    for button, make in ((ids.EXPORT_WORKSHEET, worksheet_csv), (ids.EXPORT_RANGE_CSV, range_csv)):
        app.callback(
            Output(ids.DOWNLOAD, "data", allow_duplicate=True),
            Input(button, "n_clicks"),
            State(ids.EXPORT_RANGE, "data"),
            State(ids.THEATER_FILTER, "value"),
            State(ids.CATEGORY_FILTER, "value"),
            State(ids.YOUR_EVENTS, "data"),
            State(ids.CLASS_SET, "data"),
            prevent_initial_call=True,
        )(
            lambda _clicks, chosen, theaters, categories, store, set_state, make=make: make(
                shown_atlas(atlas, store, set_state, sets), chosen, theaters, categories
            )
        )
