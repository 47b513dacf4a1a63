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
from .i18n import HTML_LANG, LANGS, NAMES, field, machine_made, translator
from .teacher import MAX_BYTES, MAX_ROWS
from .upload import Report
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


def link(params: str, lang: str) -> str:
    """A link within the atlas (`?chapter=…`) that keeps the page's language."""
    return f"?{params}" if lang == "en" else f"?{params}&lang={lang}"


def languages(lang: str) -> html.Nav:
    """The three languages, each a link (a new page, in that language; atlas.js keeps
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
                    languages(lang),
                    html.Button(
                        t("Projector mode"),
                        id=ids.PRESENT_TOGGLE,
                        className="btn btn-outline-dark atlas-present-toggle",
                        title=t("Map fills the screen, high contrast, large text (?mode=present)"),
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


def year_controls(year: int, lang: str) -> html.Div:
    t = translator(lang)
    return html.Div(
        className="atlas-controls",
        children=[
            dbc.Button(
                t("▶ Play"),
                id=ids.PLAY_BUTTON,
                color="dark",
                className="atlas-play",
                title=t("Play through the years"),
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


def filters(theaters: list[str], lang: str) -> html.Div:
    """The category legend doubles as its toggle; theaters toggle below it."""
    t = translator(lang)
    return html.Div(
        className="atlas-filters",
        children=[
            html.H2(t("Categories"), className="atlas-panel-title", id="category-heading"),
            dbc.Checklist(
                id=ids.CATEGORY_FILTER,
                options=[{"label": _category_label(c, lang), "value": c} for c in CATEGORY_STYLE],
                value=list(CATEGORY_STYLE),
                inline=True,
                className="atlas-categories",
            ),
            html.Details(
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
            ),
        ],
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
                        title=t("A spreadsheet with the columns to fill in, and three examples"),
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


MAX_PROBLEMS_SHOWN = 100


def upload_report(report: Report, lang: str) -> list:
    """What became of an uploaded file: how many events were added, and every problem
    (by row or feature, and field), up to MAX_PROBLEMS_SHOWN of them. The problems
    themselves are in English, as `python -m dashboard validate` prints them."""
    t = translator(lang)
    if report.store is None:
        head = t("Nothing was added from {name}:")
    elif report.problems:
        head = t("Added {n} events from {name}; {problems} problem(s) left rows out:")
    else:
        head = t("Added {n} events from {name}.")
    head = head.format(name=report.name, n=report.added, problems=len(report.problems))
    if report.replaced:
        head += " " + t("They replace the earlier file of that name.")
    shown = report.problems[:MAX_PROBLEMS_SHOWN]
    more = len(report.problems) - len(shown)
    items = [html.Li(p, lang="en") for p in shown]
    if more:
        items.append(html.Li(t("… and {n} more").format(n=more)))
    alert = "warning" if report.problems else "success"
    return [
        dbc.Alert(
            [html.P(head, className="m-0"), html.Ul(items) if items else None],
            color="danger" if report.store is None else alert,
            dismissable=True,
            className="atlas-notice",
        )
    ]


def yours_status(files, lang: str) -> str:
    """What is on the map from which file; `files` as upload.stored_events gives them."""
    t = translator(lang)
    files = [(name, len(events)) for name, events in files if events]
    if not files:
        return ""
    listed = ", ".join(t("{n} from {name}").format(n=n, name=name) for name, n in files)
    return t("On the map: {files}. Kept in this browser only.").format(files=listed)


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


def _tour_links(step: int, lang: str) -> html.P:
    t = translator(lang)
    links = []
    if step > 1:
        links.append(dcc.Link(t("◀ Previous"), href=link(f"tour={step - 1}", lang)))
    if step < len(TOUR):
        links.append(dcc.Link(t("Next ▶"), href=link(f"tour={step + 1}", lang)))
    return html.P(links, className="atlas-tour-links")


def story_panel(chapter_id: str | None, step: int | None, lang: str = "en") -> list:
    """The chapter's introduction, or the tour step's narrative; empty outside a story."""
    t = translator(lang)
    if step is not None:
        chapter, current = TOUR[step - 1]
        where = t("Tour · step {step} of {steps} · {chapter}")
        return [
            html.P(
                where.format(step=step, steps=len(TOUR), chapter=t(chapter.title)),
                className="atlas-tour-where",
            ),
            html.P(t(current.narrative), className="atlas-tour-text"),
            _tour_links(step, lang),
        ]
    chapter = next((c for c in CHAPTERS if c.id == chapter_id), None)
    if chapter is None:
        return []
    first_step = next(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
    return [
        html.H2(
            f"{t(chapter.title)}, {chapter.first}–{chapter.last}",
            className="atlas-chapter-title",
        ),
        html.P(t(chapter.intro), className="atlas-chapter-intro"),
        dcc.Link(t("▶ Tour this chapter"), href=link(f"tour={first_step}", lang)),
    ]


def details_placeholder(lang: str = "en") -> list:
    t = translator(lang)
    text = t(
        "Click an event on the map or the timeline to read what happened, "
        "where, and what the sources say."
    )
    return [html.P(text, className="atlas-hint")]


def page_texts(lang: str) -> dict:
    """What atlas.js writes on the page itself, in the page's language."""
    t = translator(lang)
    return {
        "lang": lang,
        "play": t("▶ Play"),
        "pause": t("❚❚ Pause"),
        "present": t("Projector mode"),
        "leave_present": t("Leave projector mode"),
        "year": t("Year"),
    }


def build_layout(settings: Settings, atlas: Atlas, lang: str = "en") -> html.Div:
    year = settings.default_year
    return html.Div(
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.PAGE_TEXTS, data=page_texts(lang)),
            dcc.Store(id=ids.SELECTED_EVENT, data=None),
            dcc.Store(id=ids.STORY_STATE, data=None),  # the link a story step keeps
            # the timeline's events, drawn once the map is up (figures.timeline_frame)
            dcc.Store(id=ids.TIMELINE_EVENTS, data=timeline_figure(atlas, year, lang=lang)),
            header(year, lang),
            html.Main(
                className="atlas-stage",
                children=[
                    html.Div(id=ids.NOTICE, role="status"),
                    dcc.Graph(
                        id=ids.MAP,
                        className="atlas-map",
                        responsive=True,
                        style={"height": "100%"},
                        figure=map_figure(atlas, year, lang=lang),
                        config={**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"},
                    ),
                    year_controls(year, lang),
                    dcc.Graph(
                        id=ids.TIMELINE,
                        className="atlas-timeline",
                        responsive=True,
                        style={"height": "100%"},
                        figure=timeline_frame(atlas, year, lang),
                        config=GRAPH_CONFIG,
                    ),
                ],
            ),
            html.Aside(
                className="atlas-side",
                children=[
                    html.Section(id=ids.STORY, className="atlas-story", **{"aria-live": "polite"}),
                    filters([t for t in ALL_THEATERS if t in set(atlas.events["theater"])], lang),
                    chapters_nav(lang),
                    exports(lang),
                    your_events(lang),
                    html.Section(
                        details_placeholder(lang),
                        id=ids.DETAILS,
                        className="atlas-details",
                        **{"aria-live": "polite"},
                    ),
                ],
            ),
        ],
    )


def _place_names(event) -> html.Ul:
    """The place in all three languages, whatever the page's: a teaching point."""
    items = [
        html.Li(
            [html.Span("English ", className="atlas-lang"), html.Span(event["place"], lang="en")]
        )
    ]
    if isinstance(event["place_zh"], str):
        pinyin = f" ({event['place_pinyin']})" if isinstance(event["place_pinyin"], str) else ""
        items.append(
            html.Li(
                [
                    html.Span("中文 ", className="atlas-lang"),
                    html.Span(event["place_zh"], lang="zh-Hans"),
                    html.Span(pinyin, lang="zh-Latn-pinyin"),
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


def _translation_note(event, lang: str) -> html.P | None:
    """Says when the title and summary were translated by machine, what a machine revised
    after a reader's review, and what is uncertain."""
    if lang == "en" or event.get(f"by_{lang}") != "machine":
        return None
    t = translator(lang)
    children = [t("Title, summary and note: machine translation, not yet reviewed.")]
    revised, uncertain = event.get(f"revised_{lang}"), event.get(f"uncertain_{lang}")
    if isinstance(revised, str):
        revision = t("Revised by machine after a reader's review:")
        children += [" ", revision, " ", html.Span(revised, lang="en")]
    if isinstance(uncertain, str):
        children += [" ", html.Span(f"({uncertain})", lang="en")]
    return html.P(children, className="atlas-machine")


def details_panel(event, lang: str = "en") -> list:
    """The selected event: what, when, where, in whose words, and what was added.
    Title, summary, date, category, theater and the note on reading the sources in the
    page's language; the quotes and what was added stay in English, marked as such."""
    t = translator(lang)
    category, theater = event["category"], event["theater"]
    colour = CATEGORY_STYLE[category][0]
    children = [
        html.H2(field(event, "title", lang), className="atlas-event-title"),
        html.P(
            [
                html.Strong(field(event, "date_label", lang)),
                " · ",
                html.Span(t(category), className="atlas-badge", style={"borderColor": colour}),
                " · ",
                t(theater),
            ],
            className="atlas-event-meta",
        ),
        _place_names(event),
        html.P(field(event, "summary", lang), className="atlas-summary"),
        _translation_note(event, lang),
        html.H3(
            t("In your sources (not checked by the atlas)")
            if event["theirs"]
            else t("In the sources"),
            className="atlas-panel-title",
        ),
        *[
            html.Figure(
                [
                    html.Blockquote(f"“{s['quote']}”", lang="en"),
                    html.Figcaption(
                        ", ".join(p for p in (s["document"], s["locator"]) if p), lang="en"
                    ),
                ],
                className="atlas-quote",
            )
            for s in event["sources"]
        ],
    ]
    if isinstance(event["note"], str):
        note = field(event, "note", lang)
        children.append(
            html.Div(
                [
                    html.Strong(t("Reading the sources:") + " "),
                    html.Span(note, lang="en" if note == event["note"] else HTML_LANG[lang]),
                ],
                className="atlas-note",
                role="note",
            )
        )
    added = [*event["added"], f"Map position: {event['location_note']}"]
    children.append(
        html.Details(
            [
                html.Summary(t("Added from general knowledge")),
                html.Ul([html.Li(a) for a in added], lang="en"),
            ],
            className="atlas-added",
        )
    )
    return [child for child in children if child is not None]


def notice(messages) -> list:
    return [
        dbc.Alert(m, color="warning", dismissable=True, className="atlas-notice") for m in messages
    ]
