"""The timeline: every event on a time axis, one lane per theater. Pure, no Dash here.

Lanes are numbered from the top (y = 0, 1, …) and named by tick labels. Events of one
lane that fall close together in time are stacked within their lane by the page
(assets/js/40-timeline.js), which knows how many pixels a year takes on the screen;
here every event sits on its lane's middle line, a sensible picture before that.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..atlas.data import Atlas
from ..atlas.vocabulary import ALL_THEATERS
from ..i18n import column, translator
from .map_figure import marker_groups
from .style import FONT, HOVER_LABEL, INK, plotly_text

LANE_LABELS_PX = 140  # at least
MARKER_PX = 14  # the page may draw them smaller where events crowd


def lanes(atlas: Atlas) -> list[str]:
    """The theaters that have events, in the vocabulary's order: one lane each."""
    present = set(atlas.events["theater"])
    return [t for t in ALL_THEATERS if t in present]


def _lane_margin(names: list[str]) -> int:
    """Room for the longest lane name at 18 px: a Chinese character takes about 18 px,
    a Latin or Cyrillic letter about 10.5 (measured on the page; the font is the same)."""
    widest = max(
        (sum(18 if ord(ch) > 0x2E80 else 10.5 for ch in name) for name in names), default=0
    )
    return max(LANE_LABELS_PX, int(widest) + 16)


def year_band(year: int) -> dict:
    """The shaded band that marks the selected year (shapes[0]); the page slides it."""
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


def hover_texts(events, lang: str) -> list[str]:
    """What hovering an event on the timeline shows: title and date, as plain text."""
    titles, dates = column(events, "title", lang), column(events, "date_label", lang)
    return [f"<b>{plotly_text(t)}</b><br>{plotly_text(d)}" for t, d in zip(titles, dates)]


def timeline_figure(atlas: Atlas, year: int, lang: str = "en") -> go.Figure:
    """Every event on a time axis, one lane per theater (named in `lang`), the year
    shaded. Events with an end have a bar from start to end behind their marker."""
    fig = timeline_frame(atlas, year, lang)
    lane_of = {theater: k for k, theater in enumerate(lanes(atlas))}
    traces = []
    for category, colour, symbol, group, theirs in marker_groups(atlas.events):
        spans = group[group["end"].notna()]
        xs, ys = [], []
        for s, e, t in zip(spans["start_date"], spans["end_date"], spans["theater"]):
            xs += [s, e, None]
            ys += [lane_of[t], lane_of[t], None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": colour, "width": 7},
                opacity=0.55,
                hoverinfo="skip",
                showlegend=False,
                meta={"role": "spans", "ids": list(spans["id"])},
            )
        )
        traces.append(
            go.Scatter(
                x=list(group["start_date"]),
                y=[lane_of[t] for t in group["theater"]],
                mode="markers",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": MARKER_PX,
                    "line": {"color": colour, "width": 3}
                    if theirs
                    else {"color": "white", "width": 1},
                },
                customdata=list(group["id"]),
                hovertext=hover_texts(group, lang),
                hoverinfo="text",
                name=category,
                showlegend=False,
                meta={"role": "events", "lane": [lane_of[t] for t in group["theater"]]},
            )
        )
    fig.add_traces(traces)
    return fig


def timeline_frame(atlas: Atlas, year: int, lang: str = "en") -> go.Figure:
    """The timeline's axes, lanes and year band without its events (timeline_figure adds
    them)."""
    names = [translator(lang)(t) for t in lanes(atlas)]
    fig = go.Figure()
    fig.update_layout(
        margin={"l": _lane_margin(names), "r": 16, "t": 4, "b": 4},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=HOVER_LABEL,
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
            "range": [len(names) - 0.5, -0.5],  # the first lane on top
            "tickmode": "array",
            "tickvals": list(range(len(names))),
            "ticktext": names,
            "tickfont": {"size": 18},
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        hovermode="closest",
        meta={"lanes": len(names)},
    )
    return fig


def timeline_placeholder(atlas: Atlas, year: int, lang: str = "en") -> go.Figure:
    """The timeline's time axis alone: what the page draws first. The whole timeline
    (timeline_figure, stacked in the browser for the plot's size) is put in once the map
    is drawn (assets/js/80-dash.js). plotly.js draws both plots' first figures in one go,
    the timeline's before the map's basemap, so the frame's lane names and year band kept
    the map waiting (~0.2 s on a slow computer). The time axis stays: its labels set the
    plot's height (automargin), which the stacking is worked out for."""
    fig = timeline_frame(atlas, year, lang)
    fig.update_layout(shapes=[], yaxis_visible=False)
    return fig
