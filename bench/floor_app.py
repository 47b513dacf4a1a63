"""The floor: the least page the atlas's stack can serve, for Lighthouse (bench/lighthouse.py
--app floor).

    gunicorn --chdir bench floor_app:server

A title and one small plotly graph, and nothing of the atlas's own: no map, no timeline,
no side panel, no page script, no style sheet. The same scripts as the atlas, arranged
the same way (dashboard.app.AtlasDash: Dash's renderer, React, dcc, the geo bundle of
plotly.js, all deferred, dcc's graph part early; no polyfill, no dash_table) and
compressed the same way (flask-compress). What Lighthouse says of it is what the stack
costs before the atlas draws anything: the part of the atlas's score no page of it can
win back. Not the atlas: kept only as a yardstick.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dash import dcc, html  # noqa: E402
from flask_compress import Compress  # noqa: E402

from dashboard.app import DESCRIPTION, AtlasDash  # noqa: E402

app = AtlasDash(
    __name__,
    title="The floor",
    assets_folder=str(ROOT / "assets"),
    assets_ignore=r"^(?!plotly-geo\.min\.js$)",  # of the atlas's assets, plotly.js alone
    assets_path_ignore=["^vendor$"],  # the regenerator runtime: loaded by AtlasDash
    serve_locally=True,
    meta_tags=[
        {"name": "viewport", "content": "width=device-width, initial-scale=1"},
        {"name": "description", "content": DESCRIPTION},
    ],
)
app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
app.layout = html.Main(
    [
        html.H1("China and Soviet power: the stack alone"),
        dcc.Graph(id="graph", figure={"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}]}),
    ]
)
Compress(app.server)
server = app.server
