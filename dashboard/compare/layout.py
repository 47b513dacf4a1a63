"""The page's part in comparing two years: a "compare with" picker, and the comparison
itself (two maps and what changed), which the server fills (callbacks.py) and the page
shows in place of the map and the timeline while it is on. No callbacks here."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import ids
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..i18n import translator

YEARS = [{"label": str(y), "value": str(y)} for y in range(FIRST_YEAR, LAST_YEAR + 1)]


def compare_words(lang: str) -> dict:
    """What the page's script (assets/js/85-compare.js) writes, in the page's language."""
    t = translator(lang)
    return {
        "title": t("China and Soviet power: an atlas, 1917–1991"),
        "pair": t("{a} and {b}"),
        "attribution": t(
            "Events: the atlas's four sources, cited in each event. Basemap: Natural Earth."
        ),
    }


def compare_picker(lang: str) -> html.Div:
    """The "compare with" picker: the shown year and another, side by side (the page
    puts it with its other tools, so that it takes no room from the map; key C too)."""
    t = translator(lang)
    return html.Div(
        className="atlas-compare-open",
        children=[
            html.Label(
                t("Compare with"),
                htmlFor=ids.COMPARE_WITH,
                title=t("Two years side by side, and what changed (C)"),
                className="form-label",
            ),
            dbc.Select(
                id=ids.COMPARE_WITH,
                options=[{"label": "…", "value": ""}, *YEARS],
                value="",
                className="atlas-compare-year",
            ),
        ],
    )


def compare_box(lang: str) -> html.Section:
    """The comparison, shown while it is on (the html element then has the class
    atlas-comparing, set by 85-compare.js): the pair's pickers, its actions, the maps."""
    t = translator(lang)
    return html.Section(
        id=ids.COMPARE_BOX,
        className="atlas-compare",
        **{"aria-label": t("Compare two years")},
        children=[
            html.Div(
                className="atlas-compare-bar",
                children=[
                    html.Div(
                        className="atlas-compare-pair",
                        children=[
                            dbc.Label(t("Compare"), html_for=ids.COMPARE_A),
                            dbc.Select(
                                id=ids.COMPARE_A, options=YEARS, className="atlas-compare-year"
                            ),
                            dbc.Label(t("with"), html_for=ids.COMPARE_B),
                            dbc.Select(
                                id=ids.COMPARE_B, options=YEARS, className="atlas-compare-year"
                            ),
                        ],
                    ),
                    html.Div(
                        className="atlas-compare-actions",
                        children=[
                            html.Button(
                                t("Two maps as PNG"),
                                id=ids.COMPARE_PNG,
                                className="btn btn-outline-dark",
                                title=t("Download both maps as one picture, 1920×1080"),
                            ),
                            html.A(
                                t("Print"),
                                id=ids.COMPARE_PRINT,
                                className="btn btn-outline-dark",
                                target="_blank",
                                href="/print/compare",
                            ),
                            html.A(
                                "PDF",
                                id=ids.COMPARE_PDF,
                                className="btn btn-outline-dark",
                                href="/print/compare.pdf",
                            ),
                            html.Button(
                                t("Close the comparison"),
                                id=ids.COMPARE_CLOSE,
                                className="btn btn-dark",
                                title=t("Back to one map (C)"),
                            ),
                        ],
                    ),
                ],
            ),
            html.Div(id=ids.COMPARE_NOTICE, role="status", className="atlas-compare-notice"),
            html.Div(id=ids.COMPARE_VIEW, className="atlas-compare-view"),
            dcc.Store(id=ids.COMPARE_ASKED),
            dcc.Store(id=ids.COMPARE, data={"words": compare_words(lang)}),
        ],
    )
