"""One of the two maps of a comparison (issue 24): the map of a year, as it is drawn.

The page's map is drawn once and repainted by the page's scripts for every year, so
its figure holds every event of every year. A compared map is never repainted: it is
drawn by the server for its year, so it keeps only what that year shows (the events,
routes, territories and states drawn), and Plotly's own hover and click then find only
what is drawn, with each event's title and date in the page's language.
"""

from __future__ import annotations

from ..atlas.data import Atlas
from ..i18n import DEFAULT, column
from .map_figure import map_figure
from .style import HOVER_LABEL, plotly_text


def _shown_outlines(trace: dict) -> None:
    """Keep the outlines a choropleth draws (opacity 1), with their hover name."""
    marker = trace["marker"]
    keep = [i for i, on in enumerate(marker["opacity"]) if on]
    features = trace["geojson"]["features"]
    trace["geojson"] = {"type": "FeatureCollection", "features": [features[i] for i in keep]}
    for key in ("locations", "z", "text"):
        if isinstance(trace.get(key), (list, tuple)):
            trace[key] = [trace[key][i] for i in keep]
    line = dict(marker.get("line", {}))
    if isinstance(line.get("color"), (list, tuple)):
        line["color"] = [line["color"][i] for i in keep]
    trace["marker"] = {**marker, "opacity": 1, "line": line}


def compare_figure(atlas: Atlas, year: int, lang: str = DEFAULT) -> dict:
    """The map of `year` in `lang` with only what that year draws, hover on: a figure
    as plotly.js takes it (a dict; kept as one, it is not validated and copied again)."""
    fig = map_figure(atlas, year, lang=lang).to_plotly_json()
    events = atlas.events
    titles = dict(zip(events["id"], column(events, "title", lang)))
    dates = dict(zip(events["id"], column(events, "date_label", lang)))
    names = dict(zip(atlas.territories["id"], column(atlas.territories, "label", lang)))
    kept = []
    for trace in fig["data"]:
        role = (trace.get("meta") or {}).get("role")
        if role == "events":
            marker = trace["marker"]
            on = [i for i, o in enumerate(marker["opacity"]) if o > 0]
            if not on:
                continue
            ids = [trace["customdata"][i] for i in on]
            trace.update(
                lon=[trace["lon"][i] for i in on],
                lat=[trace["lat"][i] for i in on],
                customdata=ids,
                marker={**marker, "opacity": [marker["opacity"][i] for i in on]},
                text=[plotly_text(f"{titles[i]} ({dates[i]})") for i in ids],
                hoverinfo="text",
            )
        elif role == "shape":
            if not trace.get("opacity"):
                continue
        elif role == "periods":
            _shown_outlines(trace)
            trace.update(text=[plotly_text(names[i]) for i in trace["locations"]], hoverinfo="text")
        elif role == "basemap":
            _shown_outlines(trace)
            trace.update(hoverinfo="text")
        kept.append(trace)
    fig["data"] = kept
    fig["layout"].update(
        hovermode="closest",
        hoverlabel=HOVER_LABEL,
        meta={**fig["layout"].get("meta", {}), "year": year, "compare": True},
    )
    return fig
