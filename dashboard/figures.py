"""Pure figure builders: (atlas, year, selection, filters) -> go.Figure. No Dash here.

The browser repaints a year change itself (assets/atlas.js) by patching these same
figures, so every trace carries in `meta` what that needs: its role, and the years of
its points. A year step changes only style attributes (opacities, text colours,
hoverinfo), never positions or sizes, so Plotly repaints without recomputing or
reprojecting anything: each event sits in two fixed layers, past and current, and a
year shows it in one of them. The rules for what a year shows (`event_phase`,
`period_active`, `basemap_active`) are defined here and mirrored in atlas.js; the
browser tests check that the two agree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import shapely

from .data import Atlas
from .i18n import column, translator
from .vocabulary import ALL_THEATERS, CATEGORIES, CATEGORY_STYLE

FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Atlas CJK', "
    "sans-serif"
)
INK = "#111111"

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
LABEL_INK = "#3A1D5C"
HIDDEN_INK = "rgba(0, 0, 0, 0)"
# The stage: Moscow to the Sea of Japan, Afghanistan to Korea.
STAGE_LON = (28.0, 152.0)
STAGE_LAT = (14.0, 63.0)
HIGHLIGHT = "#111111"


# --- what a year shows --------------------------------------------------------------


def event_phase(start_year: int, end_year: int, year: int) -> str:
    """'future' (hidden), 'current' (stands out) or 'past' (faded) for the given year."""
    if start_year > year:
        return "future"
    return "current" if year <= end_year else "past"


def period_active(valid_from: date, valid_to: date, year: int) -> bool:
    """A territory shows in every year it touches."""
    return valid_from <= date(year, 12, 31) and valid_to >= date(year, 1, 1)


def basemap_active(valid_from: date, valid_to: date, year: int) -> bool:
    """A basemap outline shows if valid at mid-year, so successive states never overlap."""
    return valid_from <= date(year, 7, 1) <= valid_to


def _enabled(values, everything) -> set[str]:
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
    """Exterior rings of a (multi)polygon or a line as lon/lat lists split by None."""
    lons, lats = [], []
    parts = getattr(_clockwise(geom) if "Polygon" in geom.geom_type else geom, "geoms", [geom])
    for part in parts:
        coords = part.exterior.coords if part.geom_type == "Polygon" else part.coords
        xs, ys = zip(*coords)
        lons += [*xs, None]
        lats += [*ys, None]
    return lons, lats


# --- map ----------------------------------------------------------------------------


def _basemap_trace(atlas: Atlas, year: int, lang: str) -> go.Choropleth:
    """Every outline is always drawn; a year only switches opacity and hover."""
    basemap = atlas.basemap
    groups = list(BASEMAP_FILL)
    step = 1 / len(groups)
    colorscale = [
        [edge, BASEMAP_FILL[g]] for i, g in enumerate(groups) for edge in (i * step, (i + 1) * step)
    ]
    active = [
        basemap_active(f.date(), t.date(), year)
        for f, t in zip(basemap["start_date"], basemap["end_date"])
    ]
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
                for fid, geom in zip(basemap["id"], basemap.geometry)
            ],
        },
        locations=list(basemap["id"]),
        z=[groups.index(g) + 0.5 for g in basemap["group"]],
        zmin=0,
        zmax=len(groups),
        colorscale=colorscale,
        showscale=False,
        text=[translator(lang)(label) for label in basemap["label"]],
        hovertemplate="%{text}<extra></extra>",
        hoverinfo=["all" if on else "skip" for on in active],
        marker={"line": {"color": "#8A8A8A", "width": 0.8}, "opacity": [int(on) for on in active]},
        name="Countries",
        showlegend=False,
        meta={
            "role": "basemap",
            "from": _iso(basemap["start_date"]),
            "to": _iso(basemap["end_date"]),
        },
    )


def _territory_traces(atlas: Atlas, year: int) -> list[go.Scattergeo]:
    traces = []
    for row in atlas.territories.itertuples():
        fill, line = TERRITORY_STYLE[row.kind]
        lons, lats = _rings(row.geometry)
        on = period_active(row.start_date.date(), row.end_date.date(), year)
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                fill="toself",
                fillcolor=fill,
                line={"color": line, "width": 2.5},
                name=row.label,
                showlegend=False,
                hoverinfo="skip",
                opacity=int(on),
                meta={
                    "role": "period",
                    "from": row.start_date.strftime("%Y-%m-%d"),
                    "to": row.end_date.strftime("%Y-%m-%d"),
                },
            )
        )
    return traces


def _label_positions(anchors, areas) -> list[str]:
    """Large areas are labelled in their middle; a small one beside its anchor, on the
    side away from its small neighbours, so that no two labels collide."""
    positions = []
    for i, (p, area) in enumerate(zip(anchors, areas)):
        if area > 20:
            positions.append("middle center")
            continue
        near = [q for j, q in enumerate(anchors) if j != i and areas[j] <= 20 and p.distance(q) < 8]
        stacked = [q for q in near if abs(q.x - p.x) < 3]
        vertical = ("bottom" if any(q.y > p.y for q in stacked) else "top") if stacked else "middle"
        # toward the middle of the stage, or away from a neighbour to the east
        east = p.x > sum(STAGE_LON) / 2 + 30 or any(q.x > p.x + 3 for q in near)
        side = "left" if east else "right"
        positions.append(f"{vertical} {side}")
    return positions


def _territory_labels(atlas: Atlas, year: int, lang: str) -> go.Scattergeo:
    terr = atlas.territories
    anchors = [g.representative_point() for g in terr.geometry]
    active = [
        period_active(f.date(), t.date(), year)
        for f, t in zip(terr["start_date"], terr["end_date"])
    ]
    return go.Scattergeo(
        lon=[round(p.x, 3) for p in anchors],
        lat=[round(p.y, 3) for p in anchors],
        mode="text",
        text=list(column(terr, "map_label", lang)),
        # square degrees: only a size ranking for label placement, not a real area
        textposition=_label_positions(anchors, [g.area for g in terr.geometry]),
        textfont={
            "size": 18,
            "family": FONT,
            "color": [LABEL_INK if on else HIDDEN_INK for on in active],
        },
        hovertext=[
            f"{label}<br>{note}"
            for label, note in zip(column(terr, "label", lang), column(terr, "note", lang))
        ],
        hoverinfo=["text" if on else "skip" for on in active],
        showlegend=False,
        name="Territories",
        meta={
            "role": "period-labels",
            "from": _iso(terr["start_date"]),
            "to": _iso(terr["end_date"]),
        },
    )


def _shape_traces(atlas: Atlas, year: int, theaters, categories) -> list[go.Scattergeo]:
    """Routes and regions of events whose geometry is a line or an area."""
    traces = []
    shown_theaters = _enabled(theaters, ALL_THEATERS)
    shown_categories = _enabled(categories, CATEGORIES)
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
                    "start": row.start_year,
                    "end": row.end_year,
                    "theater": row.theater,
                    "category": row.category,
                },
            )
        )
    return traces


def _layer_style(group: pd.DataFrame, layer: str, year: int, theaters) -> dict:
    """Per-point opacity and hoverinfo of one layer: seen only where the event is in it."""
    shown_theaters = _enabled(theaters, ALL_THEATERS)
    seen = [
        event_phase(s, e, year) == layer and t in shown_theaters
        for s, e, t in zip(group["start_year"], group["end_year"], group["theater"])
    ]
    return {
        "opacity": [LAYERS[layer]["opacity"] if on else 0 for on in seen],
        "hoverinfo": ["text" if on else "skip" for on in seen],
    }


def _hover_texts(events: pd.DataFrame, lang: str) -> list[str]:
    """What hovering an event shows, on the map and on the timeline: title and date."""
    titles, dates = column(events, "title", lang), column(events, "date_label", lang)
    return [f"<b>{t}</b><br>{d}" for t, d in zip(titles, dates)]


def _groups(events: pd.DataFrame):
    """(category, colour, symbol, events, theirs): the atlas's events by category, then a
    teacher's own (if any) by category, drawn with open symbols to set them apart."""
    events = pd.DataFrame(events.drop(columns="geometry"))  # plain pandas masks are faster
    for theirs in (False, True):
        for category, (colour, symbol) in CATEGORY_STYLE.items():
            group = events[(events["category"] == category) & (events["theirs"] == theirs)]
            if theirs and group.empty:
                continue
            yield category, colour, f"{symbol}-open" if theirs else symbol, group, theirs


def _event_traces(atlas: Atlas, year: int, theaters, categories, lang) -> list[go.Scattergeo]:
    traces = []
    shown_categories = _enabled(categories, CATEGORIES)
    for layer in ("past", "current"):  # current on top
        for category, colour, symbol, group, theirs in _groups(atlas.events):
            style = _layer_style(group, layer, year, theaters)
            traces.append(
                go.Scattergeo(
                    lon=list(group["lon"]),
                    lat=list(group["lat"]),
                    mode="markers",
                    marker={
                        "color": colour,
                        "symbol": symbol,
                        "size": LAYERS[layer]["size"],
                        "opacity": style["opacity"],
                        "line": {"color": colour, "width": 4}
                        if theirs
                        else {"color": "white", "width": 1.5},
                    },
                    customdata=list(group["id"]),
                    hovertext=_hover_texts(group, lang),
                    hoverinfo=style["hoverinfo"],
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


def _selected_row(atlas: Atlas, selected: str | None):
    match = atlas.events[atlas.events["id"] == selected]
    return None if match.empty else match.iloc[0]


def _ring(trace_type, size: int, **position):
    """The ring around the selected event: the trace whose meta role is 'highlight'."""
    return trace_type(
        **position,
        mode="markers",
        hoverinfo="skip",
        showlegend=False,
        name="Selected",
        marker={"size": size, "symbol": "circle-open", "color": HIGHLIGHT, "line": {"width": 4}},
        meta={"role": "highlight"},
    )


def _highlight_geo(atlas: Atlas, selected: str | None) -> go.Scattergeo:
    row = _selected_row(atlas, selected)
    return _ring(
        go.Scattergeo,
        40,
        lon=[] if row is None else [row["lon"]],
        lat=[] if row is None else [row["lat"]],
    )


def stage_ranges(event=None, current=None) -> tuple[list[float], list[float]]:
    """Lon/lat ranges that show `event`: the current view (default: the stage) if the
    event lies well inside it, else a view of the same size centred on the event."""
    lon_range, lat_range = current or (list(STAGE_LON), list(STAGE_LAT))
    if event is None:
        return lon_range, lat_range
    half_lon = (lon_range[1] - lon_range[0]) / 2
    half_lat = (lat_range[1] - lat_range[0]) / 2
    inside = (
        abs(event["lon"] - (lon_range[0] + half_lon)) < 0.8 * half_lon
        and abs(event["lat"] - (lat_range[0] + half_lat)) < 0.8 * half_lat
    )
    if inside:
        return lon_range, lat_range
    lat = min(max(event["lat"], -90 + half_lat), 90 - half_lat)
    return ([event["lon"] - half_lon, event["lon"] + half_lon], [lat - half_lat, lat + half_lat])


def map_figure(
    atlas: Atlas,
    year: int,
    selected: str | None = None,
    theaters=None,
    categories=None,
    lang: str = "en",
) -> go.Figure:
    """The map for `year` in `lang`: period basemap, territories, and events faded by age.

    `theaters` and `categories` limit what is shown (None: everything).
    """
    lon_range, lat_range = stage_ranges(_selected_row(atlas, selected))
    fig = go.Figure(
        [
            _basemap_trace(atlas, year, lang),
            *_territory_traces(atlas, year),
            _territory_labels(atlas, year, lang),
            *_shape_traces(atlas, year, theaters, categories),
            *_event_traces(atlas, year, theaters, categories, lang),
            _highlight_geo(atlas, selected),
        ]
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="white",
        hoverlabel={"font": {"size": 20, "family": FONT}},
        showlegend=False,  # the category legend is HTML beside the map (layout.filters)
        geo={
            "projection": {"type": "natural earth"},
            "lonaxis": {"range": lon_range},
            "lataxis": {"range": lat_range},
            "resolution": 110,
            "showframe": False,
            "showland": True,
            "landcolor": "#EFEFEF",
            "showocean": True,
            "oceancolor": "#D4E5F2",
            "showcoastlines": True,
            "coastlinecolor": "#7F8C99",
            "coastlinewidth": 0.8,
            "showcountries": False,
            "showlakes": True,
            "lakecolor": "#D4E5F2",
            "bgcolor": "white",
        },
        meta={"layers": LAYERS, "label_ink": LABEL_INK, "hidden_ink": HIDDEN_INK},
        uirevision="stage",
    )
    return fig


# --- timeline -------------------------------------------------------------------------

LANE_LABELS_PX = 140  # at least; not automargin: that costs a second layout pass per step


def _lane_margin(lanes: list[str]) -> int:
    """Room for the longest lane name at 18 px: a Chinese character takes about 18 px,
    a Latin or Cyrillic letter about 10.5 (measured on the page; the font is the same)."""
    widest = max(
        (sum(18 if ord(ch) > 0x2E80 else 10.5 for ch in lane) for lane in lanes), default=0
    )
    return max(LANE_LABELS_PX, int(widest) + 16)


def year_band(year: int) -> dict:
    """The shaded band that marks the selected year on the timeline (shapes[0]).
    Moving a shape is Plotly's cheapest timeline update (measured: ~12 ms)."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": f"{year}-01-01",
        "x1": f"{year}-12-31",
        "y0": 0,
        "y1": 1,
        "layer": "below",
        "line": {"width": 0},
        "fillcolor": "rgba(17, 17, 17, 0.16)",
    }


def _highlight_timeline(atlas: Atlas, selected: str | None, lang: str) -> go.Scatter:
    row = _selected_row(atlas, selected)
    return _ring(
        go.Scatter,
        30,
        x=[] if row is None else [row["start_date"]],
        y=[] if row is None else [translator(lang)(row["theater"])],
    )


def timeline_figure(
    atlas: Atlas, year: int, selected: str | None = None, lang: str = "en"
) -> go.Figure:
    """Every event on a time axis, one lane per theater (named in `lang`), the selected
    year shaded.

    The layout holds no data arrays (categoryarray, tickvals): Dash hands Plotly a fresh
    copy of the layout on every update, and a fresh data array makes Plotly recompute
    the whole chart. The lane order comes from an invisible first trace instead.
    """
    frame = timeline_frame(atlas, year, lang)
    traces = list(frame.data)  # the lanes, in order
    lane = translator(lang)
    for category, colour, symbol, group, theirs in _groups(atlas.events):
        spans = group[group["end"].notna()]
        xs, ys = [], []
        for s, e, t in zip(spans["start_date"], spans["end_date"], spans["theater"]):
            xs += [s, e, None]
            ys += [lane(t), lane(t), None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": colour, "width": 7},
                opacity=0.55,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        traces.append(
            go.Scatter(
                x=list(group["start_date"]),
                y=[lane(t) for t in group["theater"]],
                mode="markers",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 17,
                    "line": {"color": colour, "width": 3}
                    if theirs
                    else {"color": "white", "width": 1},
                },
                customdata=list(group["id"]),
                hovertext=_hover_texts(group, lang),
                hoverinfo="text",
                name=category,
                showlegend=False,
            )
        )
    return go.Figure([*traces, _highlight_timeline(atlas, selected, lang)], layout=frame.layout)


def timeline_frame(atlas: Atlas, year: int, lang: str = "en") -> go.Figure:
    """The timeline's axes, lanes and year band without its events: what the page draws
    first, so that the map is not kept waiting (drawing the events costs ~200 ms on
    a cold page); atlas.js then puts in the whole of `timeline_figure`."""
    lanes = [translator(lang)(t) for t in ALL_THEATERS if t in set(atlas.events["theater"])]
    fig = go.Figure(
        [
            go.Scatter(
                x=[None] * len(lanes),
                y=lanes[::-1],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                name="Lanes",
            )
        ]
    )
    fig.update_layout(
        margin={"l": _lane_margin(lanes), "r": 16, "t": 4, "b": 4},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"size": 20, "family": FONT}},
        shapes=[year_band(year)],
        xaxis={
            "type": "date",
            "range": ["1916-07-01", "1992-06-30"],
            "tickformat": "%Y",  # tick spacing left to Plotly: it fits the chart's width
            "tickfont": {"size": 18},
            "showgrid": True,
            "gridcolor": "#E3E3E3",
            "fixedrange": True,
        },
        yaxis={
            "type": "category",
            "categoryorder": "trace",
            "tickmode": "linear",  # a label on every lane
            "tick0": 0,
            "dtick": 1,
            "tickfont": {"size": 18},
            "showgrid": True,
            "gridcolor": "#EFEFEF",
            "fixedrange": True,
        },
        hovermode="closest",
    )
    return fig
