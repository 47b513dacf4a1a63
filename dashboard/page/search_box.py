"""The search box in the header (issue 24): events, places, people and territories, in
three languages, found in the page itself (assets/js/75-search.js, MiniSearch).

Dash 4 has no plain <input> component, and dcc.Input would tell Dash of every
keystroke; so this fragment is a placeholder that carries its words, and the page's
script builds the input, the results list and the typed year in it. A query in the
link (?q=) is read there too, in the browser.
"""

from __future__ import annotations

from dash import html

from .. import ids
from ..i18n import translator


def search_box(lang: str) -> html.Div:
    """A search landmark; its words for the script in data- attributes."""
    t = translator(lang)
    return html.Div(
        id=ids.SEARCH,
        className="atlas-search",
        role="search",
        **{
            "aria-label": t("Search events, places, people"),
            "data-label": t("Search events, places, people"),
            "data-placeholder": t("Search: Zhenbao, 旅顺, Урга…"),
            "data-year-label": t("Type a year and press Enter"),
        },
    )
