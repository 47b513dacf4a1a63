"""The app factory: settings and validated data in, a Dash app out.

Data is loaded and validated once per app; nothing a request does changes shared
state. The module-level `server` for gunicorn lives in wsgi.py, so that importing
this factory (tests, the CLI) builds nothing by itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from dash import Dash

from . import ids
from .atlas.data import Atlas, load_atlas
from .classroom.classsets import ClassSets
from .classroom.db import DatabaseError, database_engine, migrate
from .classroom.share import register_share_callbacks
from .classroom.teacher import with_teacher_events
from .figures.map_figure import BASEMAP, TOPOJSON_URL
from .i18n import DEFAULT
from .lesson import atlas_files, handout
from .lesson.callbacks import register_lesson_callbacks
from .page.callbacks import register_callbacks
from .page.first_view import first_view
from .page.layout import build_layout
from .server import web
from .server.config import Settings
from .server.fonts import font_preloads

log = logging.getLogger(__name__)

# What a search engine shows under the page's title (issue 25: Lighthouse's SEO audit).
DESCRIPTION = (
    "China and Soviet power, 1917-1991: an atlas of Sino-Soviet relations for the "
    "classroom, a map and a timeline year by year, each event with its sources' words."
)

# What the page asks for only once every script has run (the layout and the callbacks'
# wiring, which Dash fetches, and the map's basemap, which plotly.js would fetch when it
# starts drawing): asked for with the page instead, so that they are in by then. The
# basemap's link names it, for the page script that hands it to plotly.js ahead of the
# first draw (assets/js/00-core.js): the map is then drawn in one go, not in two tasks
# around a fetch.
EARLY_FETCHES = "".join(
    f'<link rel="preload" href="{href}" as="fetch" crossorigin>'
    for href in ("/_dash-layout", "/_dash-dependencies")
) + (
    f'<link rel="preload" href="{TOPOJSON_URL}{BASEMAP}.json" as="fetch" crossorigin'
    f' data-basemap="{BASEMAP}">'
)


# Dash's renderer, dcc and dash-bootstrap-components need one thing of the 99 KB Babel
# polyfill Dash ships for old browsers: the global `regeneratorRuntime`. Every browser
# the atlas supports has the rest, so the page loads the 25 KB runtime in its place
# (npm's regenerator-runtime, MIT): less script to run before the map can be drawn.
POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>')
REGENERATOR = "vendor/regenerator-runtime.js"
# Dash adds dash_table's bundle to every page; the atlas has no DataTable
DASH_TABLE = re.compile(r'<script src="[^"]*/dash_table/bundle[^"]*"></script>')
PLOTLY = re.compile(r'<script src="[^"]*/plotly/plotly-geo[^"]*"></script>')
# dcc's parts that the first view renders, which dcc would fetch only once React meets
# them (Dash's own eager_loading would load all eight, the date pickers and all)
FIRST_CHUNKS = ("graph", "slider", "upload")


class AtlasDash(Dash):
    """Dash, with the page's scripts arranged for a first view as soon as can be:

    - the regenerator runtime in place of the Babel polyfill, and no dash_table (above);
    - dcc's graph, slider and upload parts loaded with the page, so that the page has
      React load them before Dash's first render (assets/js/80-dash.js); left lazy,
      React showed their placeholders and put the map in ~0.5 s later. The tags come
      from Dash's own (private) `_collect_and_register_resources`, which fingerprints
      them and lets the server serve them;
    - plotly.js last: it is the biggest download and comes in last, and the scripts
      after it in the page could not run until it had; now they run while it comes;
    - the page's header in the first response, where React will draw the page
      (page/first_view.py; in the page's language: server/web.py), and every script
      deferred, so that the header is painted before any script runs (Lighthouse's
      phone: the largest text painted at 1.4 s, not 7.8 s); Dash's renderer starts
      once they have run, as it did at the end of the page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renderer = (
            "document.addEventListener('DOMContentLoaded', function () { "
            + self.renderer.replace("var renderer", "window.renderer", 1)
            + " });"
        )

    first_view: Callable[[str], str] | None = None  # a language's: page/first_view.py

    @cached_property
    def _regenerator_tag(self) -> str:
        """The runtime's script tag, stamped like Dash's own assets (?m=, cached for good)."""
        stamp = (Path(self.config.assets_folder) / REGENERATOR).stat().st_mtime
        return f'<script src="{self.get_asset_url(REGENERATOR)}?m={stamp}"></script>'

    @cached_property
    def _first_chunk_tags(self) -> str:
        """Script tags for FIRST_CHUNKS, at the fingerprinted URLs Dash serves them at."""
        srcs = self._collect_and_register_resources(
            [
                {"relative_package_path": f"dcc/async-{c}.js", "namespace": "dash"}
                for c in FIRST_CHUNKS
            ]
        )
        return "".join(f'<script src="{src}"></script>' for src in srcs)

    def interpolate_index(self, **kwargs) -> str:
        scripts = POLYFILL.sub(self._regenerator_tag, kwargs["scripts"], count=1)
        scripts = DASH_TABLE.sub("", scripts, count=1)
        plotly = PLOTLY.search(scripts).group(0)
        scripts = scripts.replace(plotly, "", 1) + self._first_chunk_tags + plotly
        kwargs["scripts"] = scripts.replace("<script src=", "<script defer src=")
        if self.first_view:
            kwargs["app_entry"] = self.first_view(DEFAULT)
        return super().interpolate_index(**kwargs)


def class_sets(url: str) -> ClassSets:
    """The class sets' store on `url`, its schema brought up to date. A database that
    cannot be reached does not stop the atlas: it starts without class sets (logged, and
    in /healthz) and migrates once the database answers. A URL that cannot be a
    database's stops the start (DatabaseError): that is a deployer's typo."""
    engine = database_engine(url)
    try:
        migrate(engine)
    except DatabaseError as error:
        log.error("%s; the atlas starts without class sets until it answers", error)
        return ClassSets(engine, migrate=True)
    return ClassSets(engine)


def create_app(
    settings: Settings | None = None, atlas: Atlas | None = None, sets: ClassSets | None = None
) -> Dash:
    """`sets`: the class sets' store; by default the database of `settings`, brought up
    to date here (db.open_database), so that a bad DATABASE_URL stops the start."""
    settings = settings or Settings.from_env()
    atlas = atlas if atlas is not None else load_atlas(settings.data_dir)
    sets = sets if sets is not None else class_sets(settings.sets_url)
    if settings.extra_events is not None:
        atlas = with_teacher_events(atlas, settings.extra_events)
    app = AtlasDash(
        __name__,
        title="China and Soviet power: an atlas, 1917–1991",
        assets_folder=str(settings.assets_dir),
        assets_path_ignore=["^vendor$"],  # loaded by AtlasDash, in the polyfill's place
        serve_locally=True,
        update_title=None,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": DESCRIPTION},
        ],
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1).replace(
        "{%css%}", f"{font_preloads('en')}{EARLY_FETCHES}\n        {{%css%}}", 1
    )
    app.layout = build_layout(settings, atlas, DEFAULT)
    app.first_view = lambda lang: first_view(lang, settings.default_year)
    register_callbacks(app, atlas, settings, sets)
    register_share_callbacks(app, atlas, settings, sets)
    register_lesson_callbacks(app, atlas, sets)
    handout.install(app.server, atlas, sets, settings)
    atlas_files.install(app.server, atlas)
    web.install(
        app,
        settings.frame_ancestors,
        uploads=(ids.YOUR_EVENTS, ids.UPLOAD_FILE),
        layout_for=lambda lang: (
            app.layout if lang == DEFAULT else build_layout(settings, atlas, lang)
        ),
        health=lambda: {"class_sets": sets.health()},
        first_view=app.first_view,
        proxy_hops=settings.proxy_hops,
    )
    return app
