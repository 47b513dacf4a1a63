"""The page's part in a lesson to hand out: choose a chapter, years or tour steps, the
handout's layout and your own questions, then take its events as CSV, print it (or its
PDF, or its answer key), or take the whole atlas as GeoJSON or KML.
No callbacks here (callbacks.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import ids
from ..atlas.chapters import CHAPTERS, TOUR
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..i18n import translator
from .callbacks import TOUR_CHOICE, choose_range
from .question_fields import question_fields


def _year_input(
    component_id: str, label: str, value: int, low: int = FIRST_YEAR, high: int = LAST_YEAR
) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=component_id),
            dbc.Input(
                id=component_id, type="number", min=low, max=high, step=1,
                # the links follow each keystroke, so that a click on Print right
                # after typing prints what the field shows (issue 22); the field is
                # put right (1917-1991, in order) when it loses focus
                value=value, debounce=False, className="atlas-range-year",
            ),
        ],
        className="atlas-field",
    )  # fmt: skip


def lesson_box(default_year: int, lang: str) -> html.Div:
    """The range chooser (a chapter, or from-to years, in ids.EXPORT_RANGE) and what it
    gives: CSV, print and PDF; and the whole atlas as files."""
    t = translator(lang)
    chapter = next((c for c in CHAPTERS if c.first <= default_year <= c.last), CHAPTERS[0])
    chosen, print_href, pdf_href, first, last, _, key_href, step_first, step_last, query, _ = (
        choose_range(chapter.id, None, None, ids.RANGE_CHAPTER, lang, None)
    )
    return html.Div(
        className="atlas-lesson",
        role="group",
        **{"aria-labelledby": "lesson-heading"},
        children=[
            html.H2(t("A lesson to hand out"), className="atlas-panel-title", id="lesson-heading"),
            html.Div(
                [
                    dbc.Label(t("Chapter or years"), html_for=ids.RANGE_CHAPTER),
                    dbc.Select(
                        id=ids.RANGE_CHAPTER,
                        options=[
                            {"label": t("Years of your choice"), "value": ""},
                            {"label": t("Tour steps of your choice"), "value": TOUR_CHOICE},
                        ]
                        + [
                            {"label": f"{t(c.title)} ({c.first}–{c.last})", "value": c.id}
                            for c in CHAPTERS
                        ],
                        value=chapter.id,
                    ),
                ],
                className="atlas-field",
            ),
            html.Div(
                [
                    _year_input(ids.RANGE_FROM, t("From"), first),
                    _year_input(ids.RANGE_TO, t("To"), last),
                ],
                className="atlas-range-years",
            ),
            html.Div(  # a lesson across chapters: tour steps 18 to 27
                [
                    _year_input(ids.RANGE_STEP_FROM, t("From tour step"), step_first, 1, len(TOUR)),
                    _year_input(ids.RANGE_STEP_TO, t("To tour step"), step_last, 1, len(TOUR)),
                ],
                className="atlas-range-years",
            ),
            html.Div(
                [
                    dbc.Label(t("Handout"), html_for=ids.HANDOUT_LAYOUT),
                    dbc.Select(
                        id=ids.HANDOUT_LAYOUT,
                        options=[
                            {
                                "label": t("Steps one after another, with the sources' words"),
                                "value": "1",
                            },
                            {
                                "label": t("Two steps to a page (a sheet per pair of steps)"),
                                "value": "2",
                            },
                        ],
                        value="1",
                    ),
                ],
                className="atlas-field",
            ),  # fmt: skip
            html.Details(
                [
                    html.Summary(t("Your own questions (optional)")),
                    html.P(
                        t(
                            "A question per step, printed under the step and among the "
                            "questions, and in the answer key with a line for the answer. "
                            "It goes in the print link: nothing is kept on the server."
                        ),
                        className="atlas-hint",
                    ),  # fmt: skip
                    html.Div(question_fields(query["steps"], lang), id=ids.STEP_QUESTIONS),
                    html.P(id=ids.QUESTIONS_NOTE, className="atlas-hint", role="status"),
                ],
                className="atlas-field atlas-own-questions",
            ),
            dcc.Store(id=ids.EXPORT_RANGE, data=chosen),
            dcc.Store(id=ids.LESSON_QUERY, data=query),
            html.Div(
                className="atlas-exports",
                children=[
                    html.Button(
                        t("Events of these years (CSV)"),
                        id=ids.EXPORT_RANGE_CSV,
                        className="btn btn-outline-dark",
                        title=t("Download the events of the chapter or years, with their sources"),
                    ),
                    html.Button(
                        t("Worksheet (CSV)"),
                        id=ids.EXPORT_WORKSHEET,
                        className="btn btn-outline-dark",
                        title=t(
                            "The events of these years with their Chinese and Russian "
                            "titles, and an empty column for your class's answers"
                        ),
                    ),
                    html.Button(
                        t("Map of these years (PNG)"),
                        id=ids.EXPORT_RANGE_PNG,
                        className="btn btn-outline-dark",
                        title=t(
                            "The map at the last of these years, with the events of all of "
                            "them, a title, the legend and the sources, 1920×1080"
                        ),
                    ),
                    html.A(
                        t("Print"),
                        id=ids.PRINT_LINK,
                        href=print_href,
                        target="_blank",
                        className="btn btn-outline-dark",
                        title=t(
                            "A section per tour step: a map, the events and their sources; "
                            "space for questions at the end"
                        ),
                    ),
                    html.A(
                        t("PDF"),
                        id=ids.PDF_LINK,
                        href=pdf_href,
                        className="btn btn-outline-dark",
                        title=t("The same, as a PDF made by the server"),
                    ),
                    html.A(
                        t("Answer key"),
                        id=ids.KEY_LINK,
                        href=key_href,
                        target="_blank",
                        className="btn btn-outline-dark",
                        title=t(
                            "For the teacher: the handout's questions with the answers from "
                            "the atlas's data, the sources' words among them"
                        ),
                    ),
                ],
            ),  # fmt: skip
            html.P(
                [
                    t("The whole atlas:") + " ",
                    html.A("GeoJSON", href="/download/atlas.geojson", download=""),
                    " · ",
                    html.A(
                        t("KML (Google Earth, My Maps)"), href="/download/atlas.kml", download=""
                    ),
                ],
                className="atlas-hint",
            ),
        ],
    )
