"""A lesson's range and its handout's options: the plain functions behind the chooser,
and the callbacks that wire it (the chooser itself is layout.py; the print is
handout.py, its options options.py)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, callback_context, no_update
from dash.exceptions import PreventUpdate

from .. import ids
from ..atlas.chapters import CHAPTERS, TOUR, chapter_by_id
from ..atlas.data import Atlas
from ..atlas.export import range_csv, worksheet_csv
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..classroom.classsets import ClassSets
from ..classroom.share import shown_atlas
from ..figures.page_data import page_lang
from ..i18n import DEFAULT, LANGS, translator
from .options import (
    QUESTION_MAX,
    QUESTIONS_ROOM,
    Options,
    clean_question,
    questions_room,
    undrawable,
)
from .plan import step_years
from .question_fields import STEPS, field_id, row_id

TOUR_CHOICE = "tour"  # the chooser's "tour steps of your choice"


def _year(value, default: int) -> int:
    try:
        return min(LAST_YEAR, max(FIRST_YEAR, int(value)))
    except (TypeError, ValueError):
        return default


def _step(value, default: int) -> int:
    try:
        return min(len(TOUR), max(1, int(value)))
    except (TypeError, ValueError):
        return default


def handout_links(range_query, lang, set_state, per_page=1, questions=None, steps=()):
    """(print link, PDF link, answer key link, note) of a range's handout: its language,
    class set and options. The teacher's questions (`questions`: {step: text}) go in
    for the range's `steps` only; when they need more room than a link has, they are
    left out, and the note says so (else how much room they leave)."""
    t = translator(lang if lang in LANGS else DEFAULT)
    query = str(range_query)
    if lang in LANGS and lang != DEFAULT:
        query += f"&lang={lang}"
    if isinstance(set_state, dict) and isinstance(set_state.get("id"), str):
        query += f"&set={set_state['id']}"
    asked, note, refused, missing = {}, "", False, ""
    for step, text in (questions or {}).items():
        cleaned = clean_question(text[: 2 * QUESTION_MAX]) if isinstance(text, str) else None
        lacking = undrawable(cleaned) if cleaned else ""
        if step in steps and cleaned and not lacking:
            asked[step] = cleaned[:QUESTION_MAX]
        refused |= isinstance(text, str) and text.strip() != "" and cleaned is None
        missing += lacking
    room = questions_room(asked)
    if room > QUESTIONS_ROOM:
        note = t("Your questions are too long for a link: please shorten them. Until they "
                 "fit, Print and PDF leave them out.")  # fmt: skip
        asked = {}
    elif asked:
        note = t("Room left for your questions: {percent}%.").format(
            percent=max(0, 100 - round(100 * room / QUESTIONS_ROOM))
        )
    if refused:
        note = (note + " " + t("A question with characters that cannot be printed is left "
                               "out.")).strip()  # fmt: skip
    if missing:
        lacking = t(
            "The print cannot draw {chars}: a question with them is left out; please "
            "write it another way."
        ).format(chars="".join(dict.fromkeys(missing))[:10])
        note = (note + " " + lacking).strip()  # fmt: skip
    questions = tuple(sorted(asked.items()))
    layout = 2 if str(per_page) == "2" else 1
    handout = query + Options(per_page=layout, questions=questions).query()
    key = query + Options(key=True, questions=questions).query()
    return f"/print?{handout}", f"/print.pdf?{handout}", f"/print?{key}", note


def choose_range(
    chapter_id, first, last, trigger, lang, set_state, step_first=None, step_last=None,
    years=None, per_page=1, questions=None,
):  # fmt: skip
    """(EXPORT_RANGE, print link, PDF link, from, to, chapter, answer key link, step
    from, step to, LESSON_QUERY, note) for what was changed:
    - a chapter sets the years and the tour steps;
    - tour steps (typed, or "tour steps of your choice") make a lesson across chapters
      (`?tour=18-27`), from the first step's year to the last's (`years`: each tour
      step's year, plan.step_years);
    - years typed make the choice "years of your choice" unless they are a chapter's.
    Bad years and steps are brought into the atlas's and put in order. Step fields are
    None (left as they are) where the steps are not known (no `years` given)."""
    chapter = chapter_by_id(chapter_id)
    tour = trigger in (ids.RANGE_STEP_FROM, ids.RANGE_STEP_TO) or (
        trigger == ids.RANGE_CHAPTER and chapter_id == TOUR_CHOICE
    )
    steps: tuple[int, ...] | None = None
    if trigger == ids.RANGE_CHAPTER and chapter is not None:
        first, last = chapter.first, chapter.last
        steps = tuple(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
        query = f"chapter={chapter.id}"
    elif tour and years is not None:
        a, b = sorted((_step(step_first, 1), _step(step_last, len(TOUR))))
        steps, chapter = tuple(range(a, b + 1)), None
        first, last = years[a - 1], years[b - 1]
        query = f"tour={a}" if a == b else f"tour={a}-{b}"
    else:
        first, last = sorted((_year(first, FIRST_YEAR), _year(last, LAST_YEAR)))
        chapter = next((c for c in CHAPTERS if (c.first, c.last) == (first, last)), None)
        query = f"chapter={chapter.id}" if chapter else f"from={first}&to={last}"
        if chapter is not None:
            steps = tuple(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
        elif years is not None:
            steps = tuple(i for i, year in enumerate(years, start=1) if first <= year <= last)
    printed, pdf, key, note = handout_links(
        query, lang, set_state, per_page, questions, steps or ()
    )
    choice = chapter.id if chapter else (TOUR_CHOICE if query.startswith("tour=") else "")
    return (
        {"from": first, "to": last},
        printed,
        pdf,
        first,
        last,
        choice,
        key,
        steps[0] if steps else None,
        steps[-1] if steps else None,
        {"range": query, "steps": list(steps) if steps is not None else None},
        note,
    )


def _typed(values) -> dict[int, str]:
    """{step: text} from the question fields' values, one per tour step in order."""
    return {step: v for step, v in zip(STEPS, values) if isinstance(v, str) and v.strip()}


def on_range_change(
    prop_id, chapter_id, first, last, story, lang, set_state, step_first=None,
    step_last=None, years=None, per_page=1, questions=None,
):  # fmt: skip
    """choose_range for what changed (`prop_id`, as Dash names it: "range-to.value").

    - a year or step as typed (its value, at each keystroke): the range and links follow
      it at once, but the fields are left as they are (no_update), never rewritten under
      the teacher's fingers; they are put right when one loses focus (its n_blur);
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
    out = list(choose_range(chapter_id, first, last, trigger, lang, set_state, step_first,
                            step_last, years, per_page, questions))  # fmt: skip
    if prop_id in (f"{ids.RANGE_FROM}.value", f"{ids.RANGE_TO}.value"):
        out[3] = out[4] = no_update
    if prop_id in (f"{ids.RANGE_STEP_FROM}.value", f"{ids.RANGE_STEP_TO}.value"):
        out[7] = out[8] = no_update
    if out[7] is None:  # the steps are not known: the fields stay as they are
        out[7] = out[8] = no_update
    return tuple(out)


def on_options_change(lesson_query, set_state, lang, per_page, questions):
    """The links and note when the layout or a question changes (the range stays)."""
    lesson_query = lesson_query if isinstance(lesson_query, dict) else {}
    query = lesson_query.get("range")
    if not isinstance(query, str):
        raise PreventUpdate
    steps = tuple(s for s in lesson_query.get("steps") or () if isinstance(s, int))
    return handout_links(query, lang, set_state, per_page, questions, steps)


def register_lesson_callbacks(app: Dash, atlas: Atlas, sets: ClassSets) -> None:
    years = step_years(atlas)

    def on_change(chapter_id, first, last, _bf, _bt, step_first, step_last, _bsf, _bst, story,
                  set_state, page, per_page, *values):  # fmt: skip
        triggered = callback_context.triggered
        prop_id = triggered[0]["prop_id"] if triggered else ""
        out = on_range_change(prop_id, chapter_id, first, last, story, page_lang(page),
                              set_state, step_first, step_last, years, per_page,
                              _typed(values))  # fmt: skip
        steps = out[9]["steps"]
        # the fields of the range's steps shown; each keeps what was typed in it
        shown = [no_update] * len(STEPS) if steps is None else [s not in steps for s in STEPS]
        return (*out, *shown)

    app.callback(
        Output(ids.EXPORT_RANGE, "data"),
        Output(ids.PRINT_LINK, "href"),
        Output(ids.PDF_LINK, "href"),
        Output(ids.RANGE_FROM, "value"),
        Output(ids.RANGE_TO, "value"),
        Output(ids.RANGE_CHAPTER, "value"),
        Output(ids.KEY_LINK, "href"),
        Output(ids.RANGE_STEP_FROM, "value"),
        Output(ids.RANGE_STEP_TO, "value"),
        Output(ids.LESSON_QUERY, "data"),
        Output(ids.QUESTIONS_NOTE, "children"),
        *(Output(row_id(step), "hidden") for step in STEPS),
        Input(ids.RANGE_CHAPTER, "value"),
        Input(ids.RANGE_FROM, "value"),
        Input(ids.RANGE_TO, "value"),
        Input(ids.RANGE_FROM, "n_blur"),
        Input(ids.RANGE_TO, "n_blur"),
        Input(ids.RANGE_STEP_FROM, "value"),
        Input(ids.RANGE_STEP_TO, "value"),
        Input(ids.RANGE_STEP_FROM, "n_blur"),
        Input(ids.RANGE_STEP_TO, "n_blur"),
        Input(ids.STORY_STATE, "data"),
        Input(ids.CLASS_SET, "data"),
        State(ids.PAGE_DATA, "data"),
        State(ids.HANDOUT_LAYOUT, "value"),
        *(State(field_id(step), "value") for step in STEPS),
        prevent_initial_call=True,
    )(on_change)

    # the layout or a question typed: the links follow each keystroke, as for the years
    app.callback(
        Output(ids.PRINT_LINK, "href", allow_duplicate=True),
        Output(ids.PDF_LINK, "href", allow_duplicate=True),
        Output(ids.KEY_LINK, "href", allow_duplicate=True),
        Output(ids.QUESTIONS_NOTE, "children", allow_duplicate=True),
        Input(ids.HANDOUT_LAYOUT, "value"),
        *(Input(field_id(step), "value") for step in STEPS),
        State(ids.LESSON_QUERY, "data"),
        State(ids.CLASS_SET, "data"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,
    )(
        lambda per_page, *rest: on_options_change(
            rest[-3], rest[-2], page_lang(rest[-1]), per_page, _typed(rest[:-3])
        )
    )

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
