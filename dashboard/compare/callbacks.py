"""Comparing two years: a plain function, and `register_compare_callbacks`.

The link's `?compare=` and the page's controls (the picker, the two years, the key C,
assets/js/85-compare.js) ask for a pair as text in ids.COMPARE_ASKED; the server
checks it (atlas/compare.parse_compare), draws the two maps and what changed, and
says in ids.COMPARE which pair is shown, which the page then shows. Nothing is asked
of the server on arrival without `?compare=`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from .. import ids
from ..atlas.compare import parse_compare
from ..atlas.data import Atlas
from ..figures.page_data import page_lang
from ..i18n import DEFAULT, translator
from .layout import compare_words
from .panel import compare_view
from .print import install_print


def print_links(a: int, b: int, lang: str) -> tuple[str, str]:
    """The pair's page to print and its PDF, in the page's language."""
    query = urlencode({"compare": f"{a},{b}", **({} if lang == DEFAULT else {"lang": lang})})
    return f"/print/compare?{query}", f"/print/compare.pdf?{query}"


def show_compare(asked, atlas: Atlas, lang: str = DEFAULT, shown=None) -> tuple:
    """(the pair shown, the view, a notice, year A, year B, print link, PDF link) for
    the pair asked: None or "" leaves the comparison; a pair that is not one leaves
    the page as it was (`shown`, the pair shown before, puts its pickers back) and
    says why."""
    t = translator(lang)
    words = compare_words(lang)
    pair, problem = parse_compare(asked, t)
    if problem is not None:
        before = shown if isinstance(shown, dict) else {}
        back = [str(before[k]) if isinstance(before.get(k), int) else no_update for k in "ab"]
        return (no_update, no_update, [html_notice(problem)], *back, no_update, no_update)
    if pair is None:
        return ({"words": words}, [], [], no_update, no_update, no_update, no_update)
    a, b = pair
    print_href, pdf_href = print_links(a, b, lang)
    return (
        {"words": words, "a": a, "b": b},
        compare_view(atlas, a, b, lang),
        [],
        str(a),
        str(b),
        print_href,
        pdf_href,
    )


def html_notice(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="warning", dismissable=True, className="atlas-notice")


def register_compare_callbacks(app: Dash, atlas: Atlas) -> None:
    """Wire the comparison to `app`, and add its print routes to the app's server."""
    app.clientside_callback(
        ClientsideFunction("compare", "fromLink"),
        Output(ids.COMPARE_ASKED, "data"),
        Input(ids.URL, "search"),
    )
    app.callback(
        Output(ids.COMPARE, "data"),
        Output(ids.COMPARE_VIEW, "children"),
        Output(ids.COMPARE_NOTICE, "children"),
        Output(ids.COMPARE_A, "value"),
        Output(ids.COMPARE_B, "value"),
        Output(ids.COMPARE_PRINT, "href"),
        Output(ids.COMPARE_PDF, "href"),
        Input(ids.COMPARE_ASKED, "data"),
        State(ids.PAGE_DATA, "data"),
        State(ids.COMPARE, "data"),
        prevent_initial_call=True,
    )(lambda asked, page, shown: show_compare(asked, atlas, page_lang(page), shown))
    app.clientside_callback(
        ClientsideFunction("compare", "shown"),
        Input(ids.COMPARE, "data"),
    )
    install_print(app.server, atlas)
