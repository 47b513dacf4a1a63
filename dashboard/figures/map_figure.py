"""The map: a pure builder, (atlas, year, filters, language) -> go.Figure. No Dash here.

The browser repaints a year itself (assets/js/): it restyles the SVG that Plotly has
drawn, and answers hover and click itself, so that only what a year shows can be
pointed at. Every trace therefore carries in `meta` what that needs: its role, and the
years (and ids) of its parts. A year changes only opacities, never positions, so the
figure is drawn once: every event sits in two fixed layers, past and current, and a
year shows it in one of them. The figure itself is drawn for `year`, so that the page
is right before any script runs.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import shapely

from ..atlas.chapters import CHAPTERS, STAGE, TOUR, view_of
from ..atlas.data import Atlas
from ..atlas.vocabulary import ALL_THEATERS, CATEGORIES, CATEGORY_STYLE
from ..atlas.years import basemap_active, event_phase, outlines_shown, period_active
from ..i18n import translator
from .style import FONT, INK

# The two layers an event can show in: its own year(s) (current) and after (past).
LAYERS = {
    "current": {"opacity": 1.0, "size": 24, "shape_opacity": 0.85},
    "past": {"opacity": 0.38, "size": 13, "shape_opacity": 0.3},
}
BASEMAP_FILL = {"soviet": "#F4C9C3", "chinese": "#F8E7A8", "other": "#E4E4E4"}
TERRITORY_STYLE = {  # kind -> (fill, outline)
    "state": ("rgba(106, 61, 154, 0.22)", "#5B2C8F"),
    "occupation": ("rgba(213, 94, 0, 0.20)", "#9C4100"),
    "concession": ("rgba(0, 114, 178, 0.30)", "#00507D"),
    "dispute": ("rgba(200, 0, 0, 0.45)", "#A00000"),
}
RIVER = "#2F78B7"
WATER = "#D4E5F2"
# plotly.js draws land, coast and lakes from Natural Earth's 1:110m topojson, which it
# names world_110m; the app serves the file (no CDN) and the page hands it to plotly.js
# before the map is drawn (app.EARLY_FETCHES, assets/js/00-core.js).
BASEMAP_RESOLUTION = 110
BASEMAP = f"world_{BASEMAP_RESOLUTION}m"
TOPOJSON_URL = "/assets/topojson/"


def enabled(values, everything) -> set[str]:
    """A filter's chosen values; None means all."""
    return set(everything if values is None else values)


def _clockwise(geom):
    """Plotly draws geo fills with d3-geo, which reads ring order on the sphere: an
    exterior ring must run clockwise, the reverse of GeoJSON's right-hand rule, or the
    shape is taken as the whole globe outside it. Applies to choropleths and to
    Scattergeo `fill="toself"` alike."""
    parts = getattr(geom, "geoms", [geom])
    return shapely.MultiPolygon([shapely.geometry.polygon.orient(p, sign=-1.0) for p in parts])


def _iso(values: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in values]


def _rings(geom) -> tuple[list, list]:
    """Exterior rings of a (multi)polygon, or the parts of a (multi)line, as lon/lat
    lists split by None."""
    lons, lats = [], []
    parts = getattr(_clockwise(geom) if "Polygon" in geom.geom_type else geom, "geoms", [geom])
    for part in parts:
        coords = part.exterior.coords if part.geom_type == "Polygon" else part.coords
        xs, ys = zip(*coords)
        lons += [*xs, None]
        lats += [*ys, None]
    return lons, lats


def _outlines(frame, kinds: list, kind_column: str, colours: list[str], **style) -> go.Choropleth:
    """A choropleth of `frame`'s outlines, one trace, coloured by kind (its place in
    `kinds` picks its colour); `style` adds the trace's own properties."""
    return go.Choropleth(
        geojson={
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": fid,
                    "properties": {},
                    "geometry": shapely.geometry.mapping(_clockwise(geom)),
                }
                for fid, geom in zip(frame["id"], frame.geometry)
            ],
        },
        locations=list(frame["id"]),
        z=[kinds.index(k) + 0.5 for k in frame[kind_column]],
        zmin=0,
        zmax=len(kinds),
        colorscale=_discrete_scale(colours),
        showscale=False,
        hoverinfo="skip",
        showlegend=False,
        **style,
    )


def _basemap_trace(atlas: Atlas, year: int, lang: str) -> go.Choropleth:
    """Every outline is always drawn; a year only switches opacity. `text` holds each
    outline's name in `lang`, which the page shows under the pointer."""
    basemap = atlas.basemap
    groups = list(BASEMAP_FILL)
    active = outlines_shown(basemap, year, basemap_active)
    return _outlines(
        basemap,
        groups,
        "group",
        [BASEMAP_FILL[g] for g in groups],
        text=[translator(lang)(label) for label in basemap["label"]],
        marker={"line": {"color": "#8A8A8A", "width": 0.8}, "opacity": [int(on) for on in active]},
        name="Countries",
        meta={
            "role": "basemap",
            "from": _iso(basemap["start_date"]),
            "to": _iso(basemap["end_date"]),
        },
    )


def _river_trace(atlas: Atlas) -> go.Scattergeo:
    lons, lats = [], []
    for geom in atlas.rivers.geometry:
        x, y = _rings(geom)
        lons += x
        lats += y
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line={"color": RIVER, "width": 2.2},
        hoverinfo="skip",
        showlegend=False,
        name="Rivers",
        meta={"role": "river"},
    )


def _discrete_scale(colours: list[str]) -> list:
    """A colorscale that gives z = i + 0.5 the i-th colour, for zmin 0, zmax len."""
    step = 1 / len(colours)
    return [[edge, c] for i, c in enumerate(colours) for edge in (i * step, (i + 1) * step)]


def _territory_trace(atlas: Atlas, year: int) -> go.Choropleth:
    """The territories of the period, one outline each, in one trace (a trace per area
    costs plotly.js a draw of its own: one trace draws the map sooner)."""
    terr = atlas.territories
    kinds = list(TERRITORY_STYLE)
    active = outlines_shown(terr, year, period_active)
    return _outlines(
        terr,
        kinds,
        "kind",
        [TERRITORY_STYLE[k][0] for k in kinds],
        marker={
            "line": {"color": [TERRITORY_STYLE[k][1] for k in terr["kind"]], "width": 2.5},
            "opacity": [int(on) for on in active],
        },
        name="Territories",
        meta={
            "role": "periods",
            "ids": list(terr["id"]),
            "from": _iso(terr["start_date"]),
            "to": _iso(terr["end_date"]),
        },
    )


def _shape_traces(atlas: Atlas, year: int, theaters, categories) -> list[go.Scattergeo]:
    """Routes and regions of events whose geometry is a line or an area."""
    traces = []
    shown_theaters = enabled(theaters, ALL_THEATERS)
    shown_categories = enabled(categories, CATEGORIES)
    for row in atlas.events[atlas.events.geom_type != "Point"].itertuples():
        colour, _ = CATEGORY_STYLE[row.category]
        phase = event_phase(row.start_year, row.end_year, year)
        lons, lats = _rings(row.geometry)
        is_area = row.geometry.geom_type == "Polygon"
        on = phase != "future" and row.theater in shown_theaters
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={
                    "color": colour,
                    "width": 3 if is_area else 5,
                    "dash": "dot" if is_area else "solid",
                },
                fill="toself" if is_area else None,
                fillcolor="rgba(213, 94, 0, 0.15)" if is_area else None,
                opacity=LAYERS[phase]["shape_opacity"] if on else 0,
                visible=row.category in shown_categories,
                showlegend=False,
                hoverinfo="skip",
                name=row.title,
                meta={
                    "role": "shape",
                    "id": row.id,
                    "start": row.start_year,
                    "end": row.end_year,
                    "theater": row.theater,
                    "category": row.category,
                },
            )
        )
    return traces


def layer_opacities(group: pd.DataFrame, layer: str, year: int, theaters) -> list[float]:
    """Per-point opacity of one layer: seen only where the event is in it."""
    shown_theaters = enabled(theaters, ALL_THEATERS)
    return [
        LAYERS[layer]["opacity"] if event_phase(s, e, year) == layer and t in shown_theaters else 0
        for s, e, t in zip(group["start_year"], group["end_year"], group["theater"])
    ]


def marker_groups(events: pd.DataFrame):
    """(category, colour, symbol, events, theirs): the atlas's events by category, then a
    teacher's own (if any) by category, drawn with open symbols to set them apart."""
    events = pd.DataFrame(events.drop(columns="geometry"))  # plain pandas masks are faster
    for theirs in (False, True):
        for category, (colour, symbol) in CATEGORY_STYLE.items():
            group = events[(events["category"] == category) & (events["theirs"] == theirs)]
            if theirs and group.empty:
                continue
            yield category, colour, f"{symbol}-open" if theirs else symbol, group, theirs


def _event_traces(atlas: Atlas, year: int, theaters, categories) -> list[go.Scattergeo]:
    traces = []
    shown_categories = enabled(categories, CATEGORIES)
    for layer in ("past", "current"):  # current on top
        for category, colour, symbol, group, theirs in marker_groups(atlas.events):
            traces.append(
                go.Scattergeo(
                    lon=list(group["lon"]),
                    lat=list(group["lat"]),
                    mode="markers",
                    marker={
                        "color": colour,
                        "symbol": symbol,
                        "size": LAYERS[layer]["size"],
                        "opacity": layer_opacities(group, layer, year, theaters),
                        "line": {"color": colour, "width": 4}
                        if theirs
                        else {"color": "white", "width": 1.5},
                    },
                    customdata=list(group["id"]),
                    hoverinfo="skip",
                    name=f"{category} ({layer}{', yours' if theirs else ''})",
                    showlegend=False,
                    visible=category in shown_categories,
                    meta={
                        "role": "events",
                        "layer": layer,
                        "category": category,
                        "theirs": theirs,
                        "start": list(group["start_year"]),
                        "end": list(group["end_year"]),
                        "theater": list(group["theater"]),
                    },
                )
            )
    return traces


def views() -> dict:
    """What the map shows (west, east, south, north): the stage, each chapter's view and
    each tour step's (in the tour's order), in the figure so that the page draws a
    link's view at once, before anything else of the page has arrived."""
    return {
        "stage": list(STAGE),
        "chapters": {c.id: list(view_of(c)) for c in CHAPTERS},
        "tour": [list(view_of(c, s)) for c, s in TOUR],
    }


def map_figure(
    atlas: Atlas,
    year: int,
    theaters=None,
    categories=None,
    lang: str = "en",
) -> go.Figure:
    """The map for `year` in `lang`: period basemap, rivers, territories, and events
    faded by age. `theaters` and `categories` limit what is shown (None: everything).

    Plotly's own hover is off (`hovermode: False`): the page answers the pointer itself
    from what a year shows (assets/js/20-map-pointer.js). Territory and river names are
    written by the page too, where they do not collide (assets/js/30-map-labels.js).
    """
    fig = go.Figure(
        [
            _basemap_trace(atlas, year, lang),
            _river_trace(atlas),
            _territory_trace(atlas, year),
            *_shape_traces(atlas, year, theaters, categories),
            *_event_traces(atlas, year, theaters, categories),
        ]
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="white",
        hovermode=False,
        dragmode="pan",
        showlegend=False,  # the category legend is HTML beside the map (layout.filters)
        geo={
            "projection": {"type": "natural earth"},
            # the stage; the page widens it to its frame's shape (assets/js/68-views.js)
            "lonaxis": {"range": [STAGE.west, STAGE.east]},
            "lataxis": {"range": [STAGE.south, STAGE.north]},
            "resolution": BASEMAP_RESOLUTION,
            "showframe": False,
            "showland": True,
            "landcolor": "#EFEFEF",
            "showocean": True,
            "oceancolor": WATER,
            "showcoastlines": True,
            "coastlinecolor": "#7F8C99",
            "coastlinewidth": 0.8,
            "showcountries": False,
            "showlakes": True,
            "lakecolor": WATER,
            "bgcolor": "white",
        },
        meta={"layers": LAYERS, "views": views()},
        uirevision="stage",
    )
    return fig
