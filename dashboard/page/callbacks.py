"""Callbacks: plain functions, and `register_callbacks` that wires them to one app.

Only a few things go to the server: reading a link on arrival, rendering the details
of a selected event, the CSV of the events shown and the template, and a visitor's
uploaded events (checked there, drawn into the figures, kept in their browser). Year
steps, hover and clicks, the selection ring, Play, keys, projector mode and the
address bar are the page's own (assets/js/), so scrubbing costs no round trip.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs

from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from .. import ids
from ..atlas import dates
from ..atlas.chapters import TOUR, chapter_by_id
from ..atlas.data import Atlas
from ..atlas.export import chosen, csv_download, events_csv
from ..atlas.urlstate import parse_link
from ..atlas.vocabulary import ALL_THEATERS, CATEGORIES, CLASS_SET, FIRST_YEAR, LAST_YEAR, YOURS
from ..classroom.classsets import ClassSets, with_class_set
from ..classroom.share import class_set_of, open_class_set, shown_atlas
from ..classroom.teacher import template
from ..classroom.upload import add_upload, stored_events, with_files
from ..compare.callbacks import register_compare_callbacks
from ..figures.map_figure import map_figure
from ..figures.page_data import event_index, page_lang
from ..figures.timeline_figure import lanes, timeline_figure
from ..i18n import DEFAULT, translator
from ..server.config import Settings
from .layout import theater_options
from .panels import (
    details_panel,
    details_placeholder,
    notice,
    story_panel,
    upload_report,
    yours_status,
)


def view_from_url(search: str | None, atlas: Atlas, settings: Settings, lang: str = DEFAULT):
    """Year, selected event, notices, the story panel and the story's own link, for the
    link the page was opened with (or a chapter or tour link followed)."""
    event_years = dict(zip(atlas.events["id"], atlas.events["start_year"].astype(int)))
    state = parse_link(
        search if isinstance(search, str) else "",
        event_years,
        settings.default_year,
        translator(lang),
    )
    story = None
    if state.step is not None:
        own = TOUR[state.step - 1][1].event
        story = {
            "kind": "tour",
            "step": state.step,
            "steps": len(TOUR),
            "params": f"tour={state.step}"
            + (f"&event={state.event}" if state.event != own else ""),
            "year": state.year,
            "event": state.event,
        }
    elif state.chapter is not None:
        chapter = chapter_by_id(state.chapter)
        story = {
            "kind": "chapter",
            "chapter": chapter.id,
            "first": chapter.first,
            "last": chapter.last,
            "params": f"chapter={state.chapter}" + (f"&event={state.event}" if state.event else ""),
            "year": state.year,
            "event": state.event,
        }
    return (
        state.year,
        state.event,
        notice(state.notices),
        story_panel(state.chapter, state.step, lang),
        story,
    )


def read_link(search, atlas: Atlas, settings: Settings, sets: ClassSets, lang: str = DEFAULT):
    """view_from_url, with the class set a link opens (?set=): its events can be the
    link's event, and the set's store and panel come too."""
    class_set, state, panel = open_class_set(search, sets, lang)
    if class_set is not None and not _names_a_view(search):
        # a set's own link (?set=<id>) opens where its teacher chose (the set's first
        # link), else at its first event's year
        if class_set.links:
            search = f"{search}&{class_set.links[0]['query']}"
        elif class_set.events:
            first = min(dates.parse(e.start).year for e in class_set.events)
            settings = replace(settings, default_year=first)
    view = view_from_url(search, sets.layer(atlas, class_set), settings, lang)
    return (*view, state, panel)


def _names_a_view(search) -> bool:
    """Whether a link names a year, an event, a chapter or a tour step."""
    asked = parse_qs((search or "").lstrip("?")) if isinstance(search, str) else {}
    return any(name in asked for name in ("year", "event", "chapter", "tour"))


def only_changes(values: tuple, current: dict[int, object]) -> tuple:
    """`values`, with no_update at each position of `current` whose value is already the
    page's: a callback that reads it then does not run for nothing (a link without an
    event would ask for the details panel again; a chapter link that keeps ?set= would
    rebuild both figures with the set's layer)."""
    return tuple(
        no_update if i in current and value == current[i] else value
        for i, value in enumerate(values)
    )


def render_details(event_id: str | None, atlas: Atlas, lang: str = DEFAULT) -> list:
    if not isinstance(event_id, str):
        return details_placeholder(lang)
    match = atlas.events[atlas.events["id"] == event_id]
    if match.empty:
        return details_placeholder(lang)
    return details_panel(match.iloc[0], lang)


def read_upload(file, store, lang: str = DEFAULT) -> tuple:
    """An uploaded file checked: (the store to keep, or no_update; the report)."""
    if not isinstance(file, dict):
        raise PreventUpdate
    report = add_upload(file.get("contents"), file.get("name"), store)
    return (no_update if report.store is None else report.store), upload_report(report, lang)


def show_uploads(
    store,
    year,
    selected,
    theaters,
    categories,
    atlas: Atlas,
    default_year: int,
    lang=DEFAULT,
    class_set=None,
    layer=with_class_set,
):
    """The figures, the events' index, theater switches and status with the visitor's
    uploaded events and the class set a link opened (`class_set`, a classsets.ClassSet)
    as layers (or without them, once removed). Nothing to do on arrival without any.
    `layer(atlas, class_set)` adds the set's layer (ClassSets.layer keeps it made)."""
    if store is None and class_set is None:
        raise PreventUpdate
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        year = default_year
    files = stored_events(store)  # checked once, for the layer and the status
    shown = with_files(layer(atlas, class_set), files)
    lanes_shown = lanes(shown)
    theaters = [t for t in chosen(theaters, ALL_THEATERS) if t in lanes_shown]
    for lane in (YOURS, CLASS_SET):
        if lane in lanes_shown and lane not in theaters:
            theaters.append(lane)  # what was just added is shown
    if not (isinstance(selected, str) and selected in set(shown.events["id"])):
        selected = None
    categories = chosen(categories, CATEGORIES)
    status = yours_status(files, lang)
    return (
        map_figure(shown, year, theaters, categories, lang),
        timeline_figure(shown, year, lang),
        event_index(shown, lang),
        theater_options(lanes_shown, lang),
        theaters,
        selected,
        status,
        not status,
    )


def contested_only(value) -> bool:
    """The contested filter's value from the page (ids.CONTESTED_FILTER): on or off."""
    return isinstance(value, list) and "contested" in value


def _clientside(app: Dash, function: str, *dependencies, **kwargs) -> None:
    app.clientside_callback(ClientsideFunction("atlas", function), *dependencies, **kwargs)


def register_callbacks(app: Dash, atlas: Atlas, settings: Settings, sets: ClassSets) -> None:
    def shown(store, set_state) -> Atlas:
        return shown_atlas(atlas, store, set_state, sets)

    app.callback(
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Output(ids.SELECTED_EVENT, "data", allow_duplicate=True),
        Output(ids.NOTICE, "children"),
        Output(ids.STORY, "children"),
        Output(ids.STORY_STATE, "data"),
        Output(ids.CLASS_SET, "data"),
        Output(ids.CLASS_SET_PANEL, "children"),
        Input(ids.URL, "search"),
        State(ids.PAGE_DATA, "data"),
        State(ids.SELECTED_EVENT, "data"),
        State(ids.STORY_STATE, "data"),
        State(ids.CLASS_SET, "data"),
        prevent_initial_call="initial_duplicate",
    )(
        lambda search, page, event, story, set_state: only_changes(
            read_link(search, atlas, settings, sets, page_lang(page)),
            {1: event, 4: story, 5: set_state},
        )
    )

    app.callback(
        Output(ids.DETAILS, "children"),
        Input(ids.SELECTED_EVENT, "data"),
        # a removed upload lets go of its selection (show_uploads), which renders anew
        State(ids.YOUR_EVENTS, "data"),
        State(ids.CLASS_SET, "data"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,  # the layout holds the placeholder for no event
    )(
        lambda event_id, store, set_state, page: render_details(
            event_id, shown(store, set_state), page_lang(page)
        )
    )

    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.EXPORT_CSV, "n_clicks"),
        State(ids.YEAR_SLIDER, "value"),
        State(ids.THEATER_FILTER, "value"),
        State(ids.CATEGORY_FILTER, "value"),
        State(ids.CONTESTED_FILTER, "value"),
        State(ids.YOUR_EVENTS, "data"),
        State(ids.CLASS_SET, "data"),
        prevent_initial_call=True,
    )(
        lambda _clicks, year, theaters, categories, only, store, set_state: events_csv(
            shown(store, set_state), year, theaters, categories, contested_only(only)
        )
    )

    app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=True),
        Input(ids.TEMPLATE_CSV, "n_clicks"),
        prevent_initial_call=True,
    )(lambda _clicks: csv_download(template(), "atlas-your-events-template.csv"))

    app.callback(
        Output(ids.YOUR_EVENTS, "data"),
        Output(ids.UPLOAD_REPORT, "children"),
        Input(ids.UPLOAD_FILE, "data"),
        State(ids.YOUR_EVENTS, "data"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,
    )(lambda file, store, page: read_upload(file, store, page_lang(page)))

    app.callback(
        Output(ids.MAP, "figure", allow_duplicate=True),
        Output(ids.TIMELINE_EVENTS, "data"),
        Output(ids.EVENT_INDEX, "data"),
        Output(ids.THEATER_FILTER, "options"),
        Output(ids.THEATER_FILTER, "value"),
        Output(ids.SELECTED_EVENT, "data", allow_duplicate=True),
        Output(ids.YOURS_STATUS, "children"),
        Output(ids.REMOVE_YOURS, "hidden"),
        Input(ids.YOUR_EVENTS, "data"),
        Input(ids.CLASS_SET, "data"),
        State(ids.YEAR_SLIDER, "value"),
        State(ids.SELECTED_EVENT, "data"),
        State(ids.THEATER_FILTER, "value"),
        State(ids.CATEGORY_FILTER, "value"),
        State(ids.PAGE_DATA, "data"),
        # no request on arrival: a browser's kept events arrive as a change of the store
        prevent_initial_call=True,
    )(
        lambda store, set_state, year, selected, theaters, categories, page: show_uploads(
            store,
            year,
            selected,
            theaters,
            categories,
            atlas,
            settings.default_year,
            page_lang(page),
            class_set_of(set_state, sets),
            sets.layer,
        )
    )
    _clientside(
        app,
        "checkUpload",
        Output(ids.UPLOAD_FILE, "data"),
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_LIMITS, "data"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "removeYours",
        Output(ids.YOUR_EVENTS, "data", allow_duplicate=True),
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Input(ids.REMOVE_YOURS, "n_clicks"),
        prevent_initial_call=True,
    )

    _clientside(
        app,
        "exportPng",
        Input(ids.EXPORT_PNG, "n_clicks"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "sync",
        Output(ids.TIMELINE, "figure"),
        Output(ids.YEAR_DISPLAY, "children"),
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.THEATER_FILTER, "value"),
        Input(ids.CATEGORY_FILTER, "value"),
        Input(ids.SELECTED_EVENT, "data"),
        Input(ids.TIMELINE_EVENTS, "data"),  # the whole timeline, put in after the frame
        Input(ids.EVENT_INDEX, "data"),
        Input(ids.CONTESTED_FILTER, "value"),
        State(ids.PAGE_DATA, "data"),
    )
    _clientside(
        app,
        "selectOnTimeline",
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
    register_compare_callbacks(app, atlas)  # two years side by side (dashboard/compare)
    _clientside(app, "keepStory", Input(ids.STORY_STATE, "data"))
    _clientside(app, "keepSearchData", Input(ids.SEARCH_DATA, "data"))
    _clientside(app, "keepClassSet", Input(ids.CLASS_SET, "data"))
    _clientside(
        app,
        "exportRangePng",
        Input(ids.EXPORT_RANGE_PNG, "n_clicks"),
        State(ids.EXPORT_RANGE, "data"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "present",
        Output(ids.PRESENT_TOGGLE, "aria-pressed"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Input(ids.PRESENT_TOGGLE, "n_clicks"),
        Input(ids.URL, "search"),
        State(ids.PAGE_DATA, "data"),
    )
