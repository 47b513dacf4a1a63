"""The baseline: the atlas as a plain Dash app would be written, for the benchmarks.

    gunicorn --chdir bench plain_app:server        (bench/scrub.py starts it itself)

The same data, the same two figures from the same pure builders, the same year slider,
Play button and keys; but the idiomatic Dash way: one server callback rebuilds both
figures for every year and sends them whole, and Play is a dcc.Interval whose every
tick is a callback. Plotly draws each new figure with its own hover. Offline like the
atlas (serve_locally, the basemap topojson from the atlas's assets), so that the two
are compared on the same machine and network. Not the atlas: kept only as a yardstick.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dash import Dash, Input, Output, State, dcc, html  # noqa: E402

from dashboard.atlas.data import load_atlas  # noqa: E402
from dashboard.figures.map_figure import map_figure  # noqa: E402
from dashboard.figures.timeline_figure import timeline_figure  # noqa: E402
from dashboard.server.config import Settings  # noqa: E402

atlas = load_atlas(Settings().data_dir)
app = Dash(__name__, assets_folder=str(ROOT / "assets" / "topojson"), assets_url_path="topojson")
app.layout = html.Div(
    [
        html.H1("China and Soviet power (plain Dash baseline)"),
        html.Div(id="year-display", children="1950", style={"fontSize": "48px"}),
        dcc.Graph(id="map", style={"height": "55vh"}, config={"topojsonURL": "/topojson/"}),
        html.Button("Play", id="play-button"),
        dcc.Slider(id="year-slider", min=1917, max=1991, step=1, value=1950, updatemode="drag"),
        dcc.Interval(id="play-timer", interval=1000, disabled=True),
        dcc.Graph(id="timeline", style={"height": "30vh"}),
    ]
)


@app.callback(
    Output("map", "figure"),
    Output("timeline", "figure"),
    Output("year-display", "children"),
    Input("year-slider", "value"),
)
def show_year(year):
    """Both figures, rebuilt for the year and sent whole."""
    timeline = timeline_figure(atlas, year)
    timeline.update_layout(meta={"year": year})
    shown = map_figure(atlas, year)
    shown.update_layout(meta={**shown.layout.meta, "year": year}, hovermode="closest")
    shown.update_traces(hoverinfo="text", selector={"type": "scattergeo"})
    return shown, timeline, str(year)


@app.callback(
    Output("play-timer", "disabled"),
    Input("play-button", "n_clicks"),
    State("play-timer", "disabled"),
    prevent_initial_call=True,
)
def toggle_play(_clicks, disabled):
    return not disabled


@app.callback(
    Output("year-slider", "value"),
    Input("play-timer", "n_intervals"),
    State("year-slider", "value"),
    prevent_initial_call=True,
)
def tick(_n, year):
    return min(1991, year + 1)


server = app.server
