"""What the server puts in the comparison: the two maps, each under its year, and what
changed between the two years (atlas/compare.py), in the page's language."""

from __future__ import annotations

from dash import dcc, html

from .. import ids
from ..atlas.compare import Changes, Outline, changes
from ..atlas.data import Atlas
from ..atlas.vocabulary import CATEGORY_STYLE, SYMBOL_GLYPHS
from ..figures.compare_figure import compare_figure
from ..figures.map_figure import TERRITORY_STYLE, TOPOJSON_URL
from ..i18n import DEFAULT, column, plural_translator, translator

COMPARE_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": "geo",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
    "topojsonURL": TOPOJSON_URL,
}
STATE_SWATCH = {"soviet": "#F4C9C3", "chinese": "#F8E7A8", "other": "#E4E4E4"}


def _side(graph_id: str, year: int, side: str, atlas: Atlas, lang: str) -> html.Div:
    return html.Div(
        className=f"atlas-compare-side atlas-compare-side-{side}",
        **{"data-year": str(year)},
        children=[
            html.H2(str(year), className="atlas-compare-year-title"),
            html.Div(
                className="atlas-plot-box atlas-compare-map",
                children=[
                    dcc.Graph(
                        id=graph_id,
                        responsive=True,
                        style={"height": "100%"},
                        figure=compare_figure(atlas, year, lang),
                        config=COMPARE_CONFIG,
                    ),
                    html.Div(
                        id=f"{graph_id}-overlay",
                        className="atlas-overlay",
                        **{"aria-hidden": "true"},
                    ),
                ],
            ),
        ],
    )


def _swatch(outline: Outline) -> html.Span:
    colour = (
        TERRITORY_STYLE[outline.kind][0]
        if outline.layer == "territory"
        else STATE_SWATCH.get(outline.kind, "#E4E4E4")
    )
    return html.Span(
        className="atlas-compare-swatch", style={"background": colour}, **{"aria-hidden": "true"}
    )


def _outlines(heading: str, outlines: tuple[Outline, ...], css: str) -> list:
    if not outlines:
        return []
    return [
        html.H4(heading, className="atlas-compare-heading"),
        html.Ul(
            className=f"atlas-compare-outlines {css}",
            children=[
                html.Li(
                    [_swatch(o), o.name, html.Span(f" {o.first}–{o.last}", className="atlas-hint")],
                    **{"data-outline": o.id},
                )
                for o in outlines
            ],
        ),
    ]


def _counts(counts, lang: str) -> html.Ul:
    t = translator(lang)
    return html.Ul(
        className="atlas-compare-counts",
        children=[
            html.Li(
                [
                    html.Span(
                        SYMBOL_GLYPHS[CATEGORY_STYLE[category][1]],
                        className="atlas-glyph",
                        style={"color": CATEGORY_STYLE[category][0]},
                        **{"aria-hidden": "true"},
                    ),
                    f"{t(category)}: {n}",
                ],
                **{"data-category": category},
            )
            for category, n in counts
        ],
    )


def changes_panel(atlas: Atlas, found: Changes, lang: str) -> html.Div:
    """What changed from `found.first` to `found.last`: territories and states, then the
    events in between by chapter, each a button that opens its details."""
    t, tn = translator(lang), plural_translator(lang)
    events = atlas.events.set_index("id")
    titles = column(atlas.events, "title", lang)
    titles.index = atlas.events["id"]
    dates = column(atlas.events, "date_label", lang)
    dates.index = atlas.events["id"]
    outlines = [
        *_outlines(t("Ended"), found.ended, "atlas-compare-ended"),
        *_outlines(t("Appeared"), found.appeared, "atlas-compare-appeared"),
        *_outlines(t("Came and went in between"), found.between, "atlas-compare-between"),
    ] or [html.P(t("The same territories and states in both years."))]
    n = len(found.events)
    chapters = [
        html.Section(
            className="atlas-compare-chapter",
            **{"data-chapter": group.chapter.id},
            children=[
                html.H4(
                    f"{t(group.chapter.title)} ({group.chapter.first}–{group.chapter.last})",
                    className="atlas-compare-heading",
                ),
                _counts(group.counts, lang),
                html.Ol(
                    className="atlas-compare-events",
                    children=[
                        html.Li(
                            html.Button(
                                [
                                    html.Span(
                                        SYMBOL_GLYPHS[
                                            CATEGORY_STYLE[events.at[event_id, "category"]][1]
                                        ],
                                        className="atlas-glyph",
                                        style={
                                            "color": CATEGORY_STYLE[
                                                events.at[event_id, "category"]
                                            ][0]
                                        },
                                        **{"aria-hidden": "true"},
                                    ),
                                    html.Span(dates[event_id], className="atlas-compare-date"),
                                    " ",
                                    titles[event_id],
                                ],
                                className="atlas-compare-event",
                                type="button",
                                **{"data-event": event_id},
                            )
                        )
                        for event_id in group.events
                    ],
                ),
            ],
        )
        for group in found.chapters
    ]
    return html.Div(
        className="atlas-compare-changes",
        id=ids.COMPARE_CHANGES,
        children=[
            html.H3(
                t("What changed from {a} to {b}").format(a=found.first, b=found.last),
                className="atlas-panel-title",
            ),
            html.Div(
                className="atlas-compare-columns",
                children=[
                    html.Section(
                        [html.H4(t("Territories and states"), className="atlas-panel-title")]
                        + outlines,
                        className="atlas-compare-territories",
                    ),
                    html.Section(
                        [
                            html.H4(t("Events in between"), className="atlas-panel-title"),
                            html.P(
                                tn(
                                    "{n} event after {a}, up to {b}",
                                    "{n} events after {a}, up to {b}",
                                    n,
                                ).format(n=n, a=found.first, b=found.last),
                                className="atlas-compare-total",
                            ),
                            _counts(found.counts, lang),
                            *chapters,
                        ],
                        className="atlas-compare-history",
                    ),
                ],
            ),
        ],
    )


def compare_view(atlas: Atlas, a: int, b: int, lang: str = DEFAULT) -> list:
    """The two maps side by side (the earlier first), and what changed."""
    found = changes(atlas, a, b, lang)
    return [
        html.Div(
            className="atlas-compare-maps",
            children=[
                _side(ids.COMPARE_MAP_A, found.first, "a", atlas, lang),
                _side(ids.COMPARE_MAP_B, found.last, "b", atlas, lang),
            ],
        ),
        changes_panel(atlas, found, lang),
    ]
