"""The page, built from small fragment functions. No callbacks here.

Sized for a 1920x1080 projector first: the map is the largest element, nothing that
matters is smaller than 18 px, and the selected year is shown large in the header.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .chapters import CHAPTERS, TOUR
from .config import Settings
from .data import Atlas
from .figures import map_figure, timeline_figure, timeline_frame
from .teacher import MAX_BYTES, MAX_ROWS
from .upload import Report, stored_events
from .vocabulary import ALL_THEATERS, CATEGORY_STYLE, FIRST_YEAR, LAST_YEAR

ERAS = {
    1917: "Revolution",
    1931: "Manchuria",
    1945: "Victory",
    1950: "Alliance",
    1960: "Split",
    1969: "Border war",
    1979: "Afghanistan",
    1991: "End",
}
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def header(year: int) -> html.Header:
    return html.Header(
        className="atlas-header",
        children=[
            html.Div(
                [
                    html.H1("China and Soviet power", className="atlas-title"),
                    html.P(
                        "An atlas of Sino-Soviet relations, 1917–1991", className="atlas-subtitle"
                    ),
                ]
            ),
            html.Div(
                className="atlas-header-end",
                children=[
                    html.Button(
                        "Projector mode",
                        id=ids.PRESENT_TOGGLE,
                        className="btn btn-outline-dark atlas-present-toggle",
                        title="Map fills the screen, high contrast, large text (?mode=present)",
                        **{"aria-pressed": "false"},
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


def year_controls(year: int) -> html.Div:
    return html.Div(
        className="atlas-controls",
        children=[
            dbc.Button(
                "▶ Play",
                id=ids.PLAY_BUTTON,
                color="dark",
                className="atlas-play",
                title="Play through the years",
            ),
            html.Div(
                dcc.Slider(
                    id=ids.YEAR_SLIDER,
                    min=FIRST_YEAR,
                    max=LAST_YEAR,
                    step=1,
                    value=year,
                    marks={y: f"{y}\n{era}" for y, era in ERAS.items()},
                    allow_direct_input=False,
                    updatemode="drag",
                    included=False,
                ),
                className="atlas-slider",
                title="Year: drag, or focus and use the arrow keys",
            ),
            dcc.Interval(id=ids.PLAY_TIMER, interval=800, disabled=True),
        ],
    )


# plotly marker symbol -> the same shape as a character, for the HTML legend
SYMBOL_GLYPHS = {
    "diamond": "◆",
    "triangle-up": "▲",
    "square": "■",
    "circle": "●",
    "pentagon": "⬟",
    "hexagram": "✶",
    "star": "★",
}


def _category_label(category: str) -> html.Span:
    colour, symbol = CATEGORY_STYLE[category]
    return html.Span(
        [
            html.Span(
                SYMBOL_GLYPHS[symbol],
                className="atlas-glyph",
                style={"color": colour},
                **{"aria-hidden": "true"},
            ),
            category,
        ]
    )


def filters(theaters: list[str]) -> html.Div:
    """The category legend doubles as its toggle; theaters toggle below it."""
    return html.Div(
        className="atlas-filters",
        children=[
            html.H2("Categories", className="atlas-panel-title", id="category-heading"),
            dbc.Checklist(
                id=ids.CATEGORY_FILTER,
                options=[{"label": _category_label(c), "value": c} for c in CATEGORY_STYLE],
                value=list(CATEGORY_STYLE),
                inline=True,
                className="atlas-categories",
            ),
            html.Details(
                className="atlas-theater-box",
                children=[
                    html.Summary("Theaters shown", className="atlas-panel-title"),
                    dbc.Checklist(
                        id=ids.THEATER_FILTER,
                        options=[{"label": t, "value": t} for t in theaters],
                        value=list(theaters),
                        switch=True,
                        inline=True,
                        className="atlas-theaters",
                    ),
                ],
            ),
        ],
    )


def exports() -> html.Div:
    """Take the moment away: the map as a picture, the events shown as a table."""
    return html.Div(
        className="atlas-exports",
        children=[
            html.Button(
                "Map as PNG",
                id=ids.EXPORT_PNG,
                className="btn btn-outline-dark",
                title="Download the map as it is shown, 1920×1080",
            ),
            html.Button(
                "Events shown (CSV)",
                id=ids.EXPORT_CSV,
                className="btn btn-outline-dark",
                title="Download the events on the map, with their sources, for a spreadsheet",
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
    )


def your_events() -> html.Details:
    """Upload a spreadsheet of one's own events; kept in this browser, never on the server.
    Folded away until wanted, so that the details of an event keep their place."""
    return html.Details(
        className="atlas-yours",
        children=[
            html.Summary("Your events", className="atlas-panel-title"),
            html.P(
                f"A CSV or GeoJSON file of your own, up to {MAX_BYTES // 1_000_000} MB and "
                f"{MAX_ROWS:,} rows. It stays in this browser; the server keeps nothing.",
                className="atlas-hint",
            ),
            html.Div(
                className="atlas-yours-buttons",
                children=[
                    dcc.Upload(
                        html.Button("Add a file…", className="btn btn-dark"),
                        id=ids.UPLOAD,
                        accept=".csv,.geojson,.json,text/csv,application/geo+json",
                        className="atlas-upload",
                    ),
                    html.Button(
                        "Template (CSV)",
                        id=ids.TEMPLATE_CSV,
                        className="btn btn-outline-dark",
                        title="A spreadsheet with the columns to fill in, and three examples",
                    ),
                    html.Button(
                        "Remove your events",
                        id=ids.REMOVE_YOURS,
                        className="btn btn-outline-danger",
                        hidden=True,
                    ),
                ],
            ),
            html.Div(id=ids.YOURS_STATUS, className="atlas-yours-status", role="status"),
            html.Div(id=ids.UPLOAD_REPORT, className="atlas-upload-report", role="status"),
            dcc.Store(id=ids.YOUR_EVENTS, storage_type="local"),
            dcc.Store(id=ids.UPLOAD_FILE),
            dcc.Store(
                id=ids.UPLOAD_LIMITS,
                data={
                    "bytes": MAX_BYTES,
                    "too_big": f"{{name}} is over {MAX_BYTES // 1_000_000} MB; nothing was "
                    "added. Save fewer rows, or split it into files under the limit.",
                },
            ),
        ],
    )


MAX_PROBLEMS_SHOWN = 100


def upload_report(report: Report) -> list:
    """What became of an uploaded file: how many events were added, and every problem
    (by row or feature, and field), up to MAX_PROBLEMS_SHOWN of them."""
    if report.store is None:
        head = f"Nothing was added from {report.name}:"
    elif report.problems:
        head = (
            f"Added {report.added} events from {report.name}; "
            f"{len(report.problems)} problem(s) left rows out:"
        )
    else:
        head = f"Added {report.added} events from {report.name}."
    if report.replaced:
        head += " They replace the earlier file of that name."
    shown = report.problems[:MAX_PROBLEMS_SHOWN]
    more = len(report.problems) - len(shown)
    items = [html.Li(p) for p in shown]
    if more:
        items.append(html.Li(f"… and {more} more"))
    alert = "warning" if report.problems else "success"
    return [
        dbc.Alert(
            [html.P(head, className="m-0"), html.Ul(items) if items else None],
            color="danger" if report.store is None else alert,
            dismissable=True,
            className="atlas-notice",
        )
    ]


def yours_status(store) -> str:
    files = [(name, len(events)) for name, events in stored_events(store) if events]
    if not files:
        return ""
    listed = ", ".join(f"{n} from {name}" for name, n in files)
    return f"On the map: {listed}. Kept in this browser only."


def chapters_nav() -> html.Nav:
    """Six chapters and the guided tour, each a link of its own."""
    return html.Nav(
        className="atlas-chapters",
        **{"aria-labelledby": "chapters-heading"},
        children=[
            html.H2("Chapters", className="atlas-panel-title", id="chapters-heading"),
            html.Ol(
                [
                    html.Li(dcc.Link(f"{c.title} ({c.first}–{c.last})", href=f"?chapter={c.id}"))
                    for c in CHAPTERS
                ]
            ),
            dcc.Link("▶ Guided tour", href="?tour=1", className="atlas-tour-start"),
        ],
    )


def _tour_links(step: int) -> html.P:
    links = []
    if step > 1:
        links.append(dcc.Link("◀ Previous", href=f"?tour={step - 1}"))
    if step < len(TOUR):
        links.append(dcc.Link("Next ▶", href=f"?tour={step + 1}"))
    return html.P(links, className="atlas-tour-links")


def story_panel(chapter_id: str | None, step: int | None) -> list:
    """The chapter's introduction, or the tour step's narrative; empty outside a story."""
    if step is not None:
        chapter, current = TOUR[step - 1]
        return [
            html.P(
                f"Tour · step {step} of {len(TOUR)} · {chapter.title}", className="atlas-tour-where"
            ),
            html.P(current.narrative, className="atlas-tour-text"),
            _tour_links(step),
        ]
    chapter = next((c for c in CHAPTERS if c.id == chapter_id), None)
    if chapter is None:
        return []
    first_step = next(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
    return [
        html.H2(
            f"{chapter.title}, {chapter.first}–{chapter.last}", className="atlas-chapter-title"
        ),
        html.P(chapter.intro, className="atlas-chapter-intro"),
        dcc.Link("▶ Tour this chapter", href=f"?tour={first_step}"),
    ]


def details_placeholder() -> list:
    return [
        html.P(
            "Click an event on the map or the timeline to read what happened, "
            "where, and what the sources say.",
            className="atlas-hint",
        )
    ]


def build_layout(settings: Settings, atlas: Atlas) -> html.Div:
    year = settings.default_year
    return html.Div(
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SELECTED_EVENT, data=None),
            dcc.Store(id=ids.STORY_STATE, data=None),  # the link a story step keeps
            # the timeline's events, drawn once the map is up (figures.timeline_frame)
            dcc.Store(id=ids.TIMELINE_EVENTS, data=timeline_figure(atlas, year)),
            header(year),
            html.Main(
                className="atlas-stage",
                children=[
                    html.Div(id=ids.NOTICE, role="status"),
                    dcc.Graph(
                        id=ids.MAP,
                        className="atlas-map",
                        responsive=True,
                        style={"height": "100%"},
                        figure=map_figure(atlas, year),
                        config={**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"},
                    ),
                    year_controls(year),
                    dcc.Graph(
                        id=ids.TIMELINE,
                        className="atlas-timeline",
                        responsive=True,
                        style={"height": "100%"},
                        figure=timeline_frame(atlas, year),
                        config=GRAPH_CONFIG,
                    ),
                ],
            ),
            html.Aside(
                className="atlas-side",
                children=[
                    html.Section(id=ids.STORY, className="atlas-story", **{"aria-live": "polite"}),
                    filters([t for t in ALL_THEATERS if t in set(atlas.events["theater"])]),
                    chapters_nav(),
                    exports(),
                    your_events(),
                    html.Section(
                        details_placeholder(),
                        id=ids.DETAILS,
                        className="atlas-details",
                        **{"aria-live": "polite"},
                    ),
                ],
            ),
        ],
    )


def _place_names(event) -> html.Ul:
    items = [html.Li([html.Span("English ", className="atlas-lang"), event["place"]])]
    if isinstance(event["place_zh"], str):
        pinyin = f" ({event['place_pinyin']})" if isinstance(event["place_pinyin"], str) else ""
        items.append(
            html.Li(
                [
                    html.Span("中文 ", className="atlas-lang"),
                    html.Span(event["place_zh"], lang="zh-Hans"),
                    pinyin,
                ]
            )
        )
    if isinstance(event["place_ru"], str):
        items.append(
            html.Li(
                [
                    html.Span("Русский ", className="atlas-lang"),
                    html.Span(event["place_ru"], lang="ru"),
                ]
            )
        )
    return html.Ul(items, className="atlas-places")


def details_panel(event) -> list:
    """The selected event: what, when, where, in whose words, and what was added."""
    colour = CATEGORY_STYLE[event["category"]][0]
    children = [
        html.H2(event["title"], className="atlas-event-title"),
        html.P(
            [
                html.Strong(event["date_label"]),
                " · ",
                html.Span(
                    event["category"], className="atlas-badge", style={"borderColor": colour}
                ),
                " · ",
                event["theater"],
            ],
            className="atlas-event-meta",
        ),
        _place_names(event),
        html.P(event["summary"], className="atlas-summary"),
        html.H3(
            "In your sources (not checked by the atlas)" if event["theirs"] else "In the sources",
            className="atlas-panel-title",
        ),
        *[
            html.Figure(
                [
                    html.Blockquote(f"“{s['quote']}”"),
                    html.Figcaption(", ".join(p for p in (s["document"], s["locator"]) if p)),
                ],
                className="atlas-quote",
            )
            for s in event["sources"]
        ],
    ]
    if isinstance(event["note"], str):
        children.append(
            html.Div(
                [html.Strong("Reading the sources: "), event["note"]],
                className="atlas-note",
                role="note",
            )
        )
    added = [*event["added"], f"Map position: {event['location_note']}"]
    children.append(
        html.Details(
            [html.Summary("Added from general knowledge"), html.Ul([html.Li(a) for a in added])],
            className="atlas-added",
        )
    )
    return children


def notice(messages) -> list:
    return [
        dbc.Alert(m, color="warning", dismissable=True, className="atlas-notice") for m in messages
    ]
