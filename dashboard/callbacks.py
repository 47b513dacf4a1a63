"""Callbacks: plain functions, and `register_callbacks` that wires them to one app.

Only three things go to the server: reading a link on arrival, rendering the details
of a selected event, and the CSV of the events shown. Year steps, clicks, highlighting,
play, keys, projector mode and the address bar are clientside (assets/atlas.js), so
scrubbing costs no round trip.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from . import ids
from .chapters import CHAPTERS, TOUR
from .config import Settings
from .data import Atlas
from .export import events_csv
from .layout import details_panel, details_placeholder, notice, story_panel
from .urlstate import parse_query


def view_from_url(search: str | None, atlas: Atlas, settings: Settings):
    """Year, selected event, notices, the story panel and the story's own link, for the
    link the page was opened with (or a chapter or tour link followed)."""
    event_years = dict(zip(atlas.events["id"], atlas.events["start_year"].astype(int)))
    state = parse_query(
        search if isinstance(search, str) else "",
        event_years,
        settings.default_year,
        {c.id: c.first for c in CHAPTERS},
        tuple(step.event for _, step in TOUR),
    )
    story = None
    if state.step is not None:
        story = {"params": f"tour={state.step}", "year": state.year, "event": state.event}
    elif state.chapter is not None:
        story = {"params": f"chapter={state.chapter}", "year": state.year, "event": state.event}
    return (
        state.year,
        state.event,
        notice(state.notices),
        story_panel(state.chapter, state.step),
        story,
    )


def render_details(event_id: str | None, atlas: Atlas) -> list:
    if not isinstance(event_id, str):
        return details_placeholder()
    match = atlas.events[atlas.events["id"] == event_id]
    if match.empty:
        return details_placeholder()
    return details_panel(match.iloc[0])


def _clientside(app: Dash, function: str, *dependencies, **kwargs) -> None:
    app.clientside_callback(ClientsideFunction("atlas", function), *dependencies, **kwargs)


def register_callbacks(app: Dash, atlas: Atlas, settings: Settings) -> None:
    app.callback(
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Output(ids.SELECTED_EVENT, "data", allow_duplicate=True),
        Output(ids.NOTICE, "children"),
        Output(ids.STORY, "children"),
        Output(ids.STORY_STATE, "data"),
        Input(ids.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )(lambda search: view_from_url(search, atlas, settings))

    app.callback(Output(ids.DETAILS, "children"), Input(ids.SELECTED_EVENT, "data"))(
        lambda event_id: render_details(event_id, atlas)
    )

    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.EXPORT_CSV, "n_clicks"),
        State(ids.YEAR_SLIDER, "value"),
        State(ids.THEATER_FILTER, "value"),
        State(ids.CATEGORY_FILTER, "value"),
        prevent_initial_call=True,
    )(lambda _clicks, year, theaters, categories: events_csv(atlas, year, theaters, categories))

    _clientside(
        app,
        "exportPng",
        Input(ids.EXPORT_PNG, "n_clicks"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "paint",
        Output(ids.MAP, "figure"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.YEAR_DISPLAY, "children"),
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.THEATER_FILTER, "value"),
        Input(ids.CATEGORY_FILTER, "value"),
        Input(ids.SELECTED_EVENT, "data"),
        State(ids.MAP, "figure"),
        State(ids.TIMELINE, "figure"),
        State(ids.TIMELINE_EVENTS, "data"),
    )
    _clientside(
        app,
        "select",
        Output(ids.SELECTED_EVENT, "data", allow_duplicate=True),
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Input(ids.MAP, "clickData"),
        Input(ids.TIMELINE, "clickData"),
        State(ids.MAP, "figure"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "writeUrl",
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.SELECTED_EVENT, "data"),
        State(ids.STORY_STATE, "data"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "present",
        Output(ids.PRESENT_TOGGLE, "aria-pressed"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Input(ids.PRESENT_TOGGLE, "n_clicks"),
        Input(ids.URL, "search"),
    )
    _clientside(
        app,
        "togglePlay",
        Output(ids.PLAY_TIMER, "disabled"),
        Output(ids.PLAY_BUTTON, "children"),
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Input(ids.PLAY_BUTTON, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        State(ids.YEAR_SLIDER, "value"),
        prevent_initial_call=True,
    )
    _clientside(
        app,
        "tick",
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
        Output(ids.PLAY_BUTTON, "children", allow_duplicate=True),
        Input(ids.PLAY_TIMER, "n_intervals"),
        State(ids.YEAR_SLIDER, "value"),
        prevent_initial_call=True,
    )
