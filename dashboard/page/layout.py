"""The page, built from small fragment functions. No callbacks here.

Sized for a 1920x1080 projector first: the map is the largest element, nothing that
matters is smaller than 18 px, and the selected year is shown large in the header.
Beside the map, the year's events are named as a list (the map's text alternative),
above the details of the selected one; the legend sits under the map.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import ids
from ..atlas.chapters import CHAPTERS
from ..atlas.data import Atlas
from ..atlas.urlstate import link
from ..atlas.vocabulary import (
    CATEGORY_STYLE,
    CONTESTED_GLYPH,
    FIRST_YEAR,
    LAST_YEAR,
    SYMBOL_GLYPHS,
)
from ..classroom.share_layout import class_set_box, share_box
from ..classroom.teacher import MAX_BYTES, MAX_ROWS
from ..compare.layout import compare_box, compare_picker
from ..figures.map_figure import TOPOJSON_URL, map_figure
from ..figures.page_data import ERAS, SPEEDS, event_index, page_data, search_data
from ..figures.timeline_figure import lanes, timeline_figure, timeline_placeholder
from ..i18n import HTML_LANG, LANGS, NAMES, machine_made, translator
from ..lesson.layout import lesson_box
from ..server.config import Settings
from .panels import details_placeholder
from .search_box import search_box

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
MAP_CONFIG = {
    **GRAPH_CONFIG,
    "scrollZoom": "geo",  # the wheel zooms the map (the page keeps the selection in view)
    "topojsonURL": TOPOJSON_URL,  # served here: no CDN
}


def languages(lang: str) -> html.Nav:
    """The three languages, each a link (a new page, in that language; the page's script keeps
    the year, the event and the mode), and a word on machine-made translations."""
    t = translator(lang)
    items = [
        html.A(
            NAMES[other],
            href=f"?lang={other}",
            lang=HTML_LANG[other],
            className="atlas-lang-link",
            **({"aria-current": "true"} if other == lang else {}),
        )
        for other in LANGS
    ]
    note = (
        html.P(t("Machine translation, not yet reviewed"), className="atlas-machine")
        if machine_made(lang)
        else None
    )
    return html.Nav(
        [html.Div(items, className="atlas-langs"), note],
        className="atlas-language",
        **{"aria-label": t("Language")},
    )


def header(year: int, lang: str) -> html.Header:
    t = translator(lang)
    return html.Header(
        className="atlas-header",
        children=[
            html.Div(
                [
                    html.H1(t("China and Soviet power"), className="atlas-title"),
                    html.P(
                        t("An atlas of Sino-Soviet relations, 1917–1991"),
                        className="atlas-subtitle",
                    ),
                ]
            ),
            html.Div(
                className="atlas-header-end",
                children=[
                    search_box(lang),
                    languages(lang),
                    html.Button(
                        t("Projector mode"),
                        id=ids.PRESENT_TOGGLE,
                        className="btn btn-outline-dark atlas-present-toggle",
                        title=t("Map fills the screen, high contrast, large text (?mode=present)"),
                        **{"aria-pressed": "false"},
                    ),
                    html.Button(
                        t("Big map"),
                        id=ids.BIG_MAP_TOGGLE,
                        className="btn btn-outline-dark atlas-big-map-toggle",
                        title=t(
                            "The map over the whole screen, the timeline as a strip "
                            "(key M, ?view=map)"
                        ),
                        **{"aria-pressed": "false", "aria-keyshortcuts": "M"},
                    ),
                    html.Div(
                        str(year),
                        id=ids.YEAR_DISPLAY,
                        className="atlas-year",
                        **{"aria-live": "polite"},
                    ),
                ],
            ),
        ],
    )


def year_controls(year: int, lang: str) -> html.Div:
    """Play (at a chosen speed, stopping at the end of the chapter) and the year slider,
    marked with the eras. The page itself runs Play, without the server."""
    t = translator(lang)
    return html.Div(
        className="atlas-controls",
        children=[
            html.Div(
                className="atlas-play-box",
                children=[
                    dbc.Button(
                        t("▶ Play"),
                        id=ids.PLAY_BUTTON,
                        color="dark",
                        className="atlas-play",
                        title=t("Play through the years, to the end of the chapter (Space)"),
                    ),
                    html.Label(
                        t("Play speed"), htmlFor=ids.PLAY_SPEED, className="visually-hidden"
                    ),
                    dbc.Select(
                        id=ids.PLAY_SPEED,
                        options=[
                            {"label": t("{s} s a year").format(s=f"{s:g}"), "value": f"{s:g}"}
                            for s in SPEEDS
                        ],
                        value=f"{SPEEDS[0]:g}",
                        className="atlas-speed",
                    ),
                ],
            ),
            html.Div(
                dcc.Slider(
                    id=ids.YEAR_SLIDER,
                    min=FIRST_YEAR,
                    max=LAST_YEAR,
                    step=1,
                    value=year,
                    marks={y: f"{y}\n{t(era)}" for y, era in ERAS.items()},
                    allow_direct_input=False,
                    updatemode="drag",
                    included=False,
                ),
                className="atlas-slider",
                title=t("Year: drag, or focus and use the arrow keys"),
            ),
        ],
    )


def _category_label(category: str, lang: str) -> html.Span:
    colour, symbol = CATEGORY_STYLE[category]
    return html.Span(
        [
            html.Span(
                SYMBOL_GLYPHS[symbol],
                className="atlas-glyph",
                style={"color": colour},
                **{"aria-hidden": "true"},
            ),
            translator(lang)(category),
        ]
    )


def theater_options(theaters: list[str], lang: str) -> list[dict]:
    t = translator(lang)
    return [{"label": t(theater), "value": theater} for theater in theaters]


def contested_filter(lang: str) -> dbc.Checklist:
    """Only the contested events, those the two sides told differently (issue 23); its
    label is also the legend of the mark (◐) they carry on the map and the timeline."""
    t = translator(lang)
    label = html.Span(
        [
            html.Span(
                CONTESTED_GLYPH,
                className="atlas-glyph atlas-contested-glyph",
                **{"aria-hidden": "true"},
            ),
            t("Only contested events (two accounts)"),
        ],
        title=t("Show only the events that China and the Soviet Union told differently"),
    )
    return dbc.Checklist(
        id=ids.CONTESTED_FILTER,
        options=[{"label": label, "value": "contested"}],
        value=[],
        switch=True,
        inline=True,
        className="atlas-contested-filter",
    )


def legend(lang: str) -> html.Div:
    """The category legend under the map, which doubles as its toggle."""
    t = translator(lang)
    return html.Div(
        className="atlas-legend",
        role="group",
        **{"aria-labelledby": "category-heading"},
        children=[
            html.H2(t("Categories"), className="atlas-panel-title", id="category-heading"),
            dbc.Checklist(
                id=ids.CATEGORY_FILTER,
                options=[{"label": _category_label(c, lang), "value": c} for c in CATEGORY_STYLE],
                value=list(CATEGORY_STYLE),
                inline=True,
                className="atlas-categories",
            ),
            contested_filter(lang),
        ],
    )


def theaters_box(theaters: list[str], lang: str) -> html.Details:
    t = translator(lang)
    return html.Details(
        className="atlas-theater-box",
        children=[
            html.Summary(t("Theaters shown"), className="atlas-panel-title"),
            dbc.Checklist(
                id=ids.THEATER_FILTER,
                options=theater_options(theaters, lang),
                value=list(theaters),
                switch=True,
                inline=True,
                className="atlas-theaters",
            ),
        ],
    )


def year_events(year: int, lang: str) -> html.Section:
    """The year's events by name, each a button that opens its details: the map's text
    alternative. The page fills it at every step (assets/js/50-year-list.js)."""
    t = translator(lang)
    return html.Section(
        id=ids.YEAR_EVENTS,
        className="atlas-year-events",
        **{"aria-label": t("Events of the year")},
        children=[html.H2(t("In {year}").format(year=year), className="atlas-panel-title")],
    )


def _graph(graph_id: str, figure, config: dict, box_class: str, overlay_id: str, *over) -> html.Div:
    """A plot, and over it a layer the page's scripts draw on (names on the map, the
    selection ring, the pointer's label); screen readers get the year's list instead.
    `over`: more to lay over the plot."""
    return html.Div(
        className=f"atlas-plot-box {box_class}",
        children=[
            dcc.Graph(
                id=graph_id,
                responsive=True,
                style={"height": "100%"},
                figure=figure,
                config=config,
            ),
            html.Div(id=overlay_id, className="atlas-overlay", **{"aria-hidden": "true"}),
            *over,
        ],
    )


def map_caption() -> html.Div:
    """What the big map shows over its corner (html.atlas-big-map): the year and the
    selected event's title, date and first line, written by the page
    (assets/js/69-big-map.js); the details beside the map say it in full otherwise."""
    return html.Div(id=ids.MAP_CAPTION, className="atlas-map-caption", **{"aria-hidden": "true"})


def timeline_years() -> html.Div:
    """The years of a timeline taller than its box, at the box's foot however far it is
    scrolled (Plotly's own are at the plot's foot): written by the page
    (assets/js/40-timeline.js), for the eye, like the plots' overlays."""
    return html.Div(
        id=ids.TIMELINE_YEARS,
        className="atlas-timeline-years",
        hidden=True,
        **{"aria-hidden": "true"},
    )


def exports(lang: str) -> html.Div:
    """Take the moment away: the map as a picture, the events shown as a table."""
    t = translator(lang)
    return html.Div(
        className="atlas-exports",
        children=[
            html.Button(
                t("Map as PNG"),
                id=ids.EXPORT_PNG,
                className="btn btn-outline-dark",
                title=t("Download the map as it is shown, 1920×1080"),
            ),
            html.Button(
                t("Events shown (CSV)"),
                id=ids.EXPORT_CSV,
                className="btn btn-outline-dark",
                title=t("Download the events on the map, with their sources, for a spreadsheet"),
            ),
            dcc.Download(id=ids.DOWNLOAD),
            compare_picker(lang),
        ],
    )


def your_events(lang: str) -> html.Details:
    """Upload a spreadsheet of one's own events; kept in this browser, never on the server.
    Folded away until wanted, so that the details of an event keep their place."""
    t = translator(lang)
    return html.Details(
        className="atlas-yours",
        children=[
            html.Summary(t("Your events"), className="atlas-panel-title"),
            html.P(
                t(
                    "A CSV or GeoJSON file of your own, up to {mb} MB and {rows} rows. "
                    "It stays in this browser; the server keeps nothing."
                ).format(mb=MAX_BYTES // 1_000_000, rows=MAX_ROWS),
                className="atlas-hint",
            ),
            html.Div(
                className="atlas-yours-buttons",
                children=[
                    dcc.Upload(
                        html.Button(t("Add a file…"), className="btn btn-dark"),
                        id=ids.UPLOAD,
                        accept=".csv,.geojson,.json,text/csv,application/geo+json",
                        className="atlas-upload",
                    ),
                    html.Button(
                        t("Template (CSV)"),
                        id=ids.TEMPLATE_CSV,
                        className="btn btn-outline-dark",
                        title=t(
                            "A spreadsheet with the columns to fill in, and two example rows "
                            "to replace"
                        ),
                    ),
                    html.Button(
                        t("Remove your events"),
                        id=ids.REMOVE_YOURS,
                        className="btn btn-outline-danger",
                        hidden=True,
                    ),
                ],
            ),
            html.Div(id=ids.YOURS_STATUS, className="atlas-yours-status", role="status"),
            html.Div(id=ids.UPLOAD_REPORT, className="atlas-upload-report", role="status"),
            dcc.Store(id=ids.YOUR_EVENTS, storage_type="local", data=None),
            dcc.Store(id=ids.UPLOAD_FILE),
            dcc.Store(
                id=ids.UPLOAD_LIMITS,
                data={
                    "bytes": MAX_BYTES,
                    "too_big": t(
                        "{name} is over {mb} MB; nothing was added. Save fewer rows, or split "
                        "it into files under the limit."
                    ).replace("{mb}", str(MAX_BYTES // 1_000_000)),
                },
            ),
        ],
    )


def chapters_nav(lang: str) -> html.Nav:
    """Six chapters and the guided tour, each a link of its own."""
    t = translator(lang)
    return html.Nav(
        className="atlas-chapters",
        **{"aria-labelledby": "chapters-heading"},
        children=[
            html.H2(t("Chapters"), className="atlas-panel-title", id="chapters-heading"),
            html.Ol(
                [
                    html.Li(
                        dcc.Link(
                            f"{t(c.title)} ({c.first}–{c.last})",
                            href=link(f"chapter={c.id}", lang),
                        )
                    )
                    for c in CHAPTERS
                ]
            ),
            dcc.Link(t("▶ Guided tour"), href=link("tour=1", lang), className="atlas-tour-start"),
        ],
    )


def build_layout(settings: Settings, atlas: Atlas, lang: str = "en") -> html.Div:
    year = settings.default_year
    return html.Div(
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.PAGE_DATA, data=page_data(atlas, lang)),
            dcc.Store(id=ids.EVENT_INDEX, data=event_index(atlas, lang)),
            # what the search finds events by besides their titles: in a store of its own,
            # which no server callback reads (PAGE_DATA goes with every callback)
            dcc.Store(id=ids.SEARCH_DATA, data=search_data(atlas, lang)),
            # Stores that start empty are given no `data` at all: a memory dcc.Store
            # given None announces a change to undefined as it mounts, and every
            # callback that reads it runs once more on arrival for nothing.
            dcc.Store(id=ids.SELECTED_EVENT),
            dcc.Store(id=ids.STORY_STATE),  # the link a story step keeps
            # the whole timeline, drawn once the map is up (timeline_placeholder)
            dcc.Store(id=ids.TIMELINE_EVENTS, data=timeline_figure(atlas, year, lang=lang)),
            header(year, lang),
            html.Main(
                className="atlas-stage",
                children=[
                    html.Div(id=ids.NOTICE, role="status"),
                    compare_box(lang),  # two years side by side (dashboard/compare)
                    _graph(
                        ids.MAP,
                        map_figure(atlas, year, lang=lang),
                        MAP_CONFIG,
                        "atlas-map",
                        ids.MAP_OVERLAY,
                        map_caption(),
                    ),
                    year_controls(year, lang),
                    legend(lang),
                    _graph(
                        ids.TIMELINE,
                        timeline_placeholder(atlas, year, lang),
                        # no zoom to offer, and a modebar would cover the latest events
                        {**GRAPH_CONFIG, "displayModeBar": False},
                        "atlas-timeline",
                        ids.TIMELINE_OVERLAY,
                        timeline_years(),
                    ),
                ],
            ),
            html.Aside(
                className="atlas-side",
                children=[
                    class_set_box(),
                    html.Section(id=ids.STORY, className="atlas-story", **{"aria-live": "polite"}),
                    year_events(year, lang),
                    html.Section(
                        details_placeholder(lang),
                        id=ids.DETAILS,
                        className="atlas-details",
                        **{"aria-live": "polite"},
                    ),
                    theaters_box(lanes(atlas), lang),
                    chapters_nav(lang),
                    exports(lang),
                    lesson_box(year, lang),
                    your_events(lang),
                    share_box(settings, lang),
                ],
            ),
        ],
    )
