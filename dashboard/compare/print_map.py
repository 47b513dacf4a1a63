"""A compared year's map for print, drawn on the server (GeoPandas, matplotlib) like a
lesson's (lesson/handout_map.py, whose font, sizes and marker shapes it takes), but on
an extent given by the caller: the two years of a pair are drawn on one extent, so
that they can be compared place by place. Pure: frames in, PNG out."""

from __future__ import annotations

import io
import math
import re

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..atlas.data import Atlas
from ..atlas.vocabulary import CATEGORY_STYLE
from ..atlas.years import basemap_active, outlines_shown, period_active
from ..figures.map_figure import BASEMAP_FILL, RIVER, TERRITORY_STYLE, WATER
from ..i18n import column, translator
from ..lesson.handout_map import AXES, DPI, INK, MARKERS, SIZE_PX, extent, font_family


def _rgba(css: str) -> tuple[float, ...]:
    """'rgba(106, 61, 154, 0.22)' or '#5B2C8F' as matplotlib's (r, g, b, a)."""
    if css.startswith("#"):
        return tuple(int(css[i : i + 2], 16) / 255 for i in (1, 3, 5)) + (1.0,)
    r, g, b, a = (float(v) for v in re.findall(r"[\d.]+", css))
    return (r / 255, g / 255, b / 255, a)


def pair_extent(atlas: Atlas, last: int) -> tuple[float, float, float, float]:
    """One extent for both maps of a pair: around every event either map draws (all
    that start by the later year)."""
    return extent(atlas.events[atlas.events["start_year"] <= last])


def draw_year(
    atlas: Atlas,
    year: int,
    events: pd.DataFrame,
    earlier: pd.DataFrame,
    bounds: tuple[float, float, float, float],
    title: str,
    lang: str,
) -> bytes:
    """The PNG of `year` on `bounds` (lon0, lon1, lat0, lat1): the states and
    territories of the year with their names, the rivers, `events` numbered 1..n in
    their order and `earlier` faded."""
    t = translator(lang)
    fig = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    ax = fig.add_axes(AXES)
    lon0, lon1, lat0, lat1 = bounds
    family = font_family()
    countries = atlas.basemap[outlines_shown(atlas.basemap, year, basemap_active)]
    countries.plot(
        ax=ax, color=[BASEMAP_FILL[g] for g in countries["group"]], edgecolor="#8A8A8A", lw=0.5
    )
    atlas.rivers.plot(ax=ax, color=RIVER, linewidth=1.2)
    territories = atlas.territories
    on = outlines_shown(territories, year, period_active)
    for row, label in zip(territories[on].itertuples(), column(territories[on], "map_label", lang)):
        fill, line = TERRITORY_STYLE[row.kind]
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax, facecolor=_rgba(fill), edgecolor=_rgba(line), linewidth=1.4
        )
        at = row.geometry.representative_point()
        if lon0 < at.x < lon1 and lat0 < at.y < lat1:
            ax.annotate(
                label, (at.x, at.y), ha="center", va="center", fontsize=9, color="#3A1D5C",
                fontfamily=family, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": (1, 1, 1, 0.7), "ec": "none"},
            )  # fmt: skip
    for frame, faded in ((earlier, True), (events, False)):
        for row in frame.itertuples():
            colour, symbol = CATEGORY_STYLE[row.category]
            if row.geometry.geom_type == "LineString":
                gpd.GeoSeries([row.geometry]).plot(
                    ax=ax, color=colour, linewidth=2.5, alpha=0.35 if faded else 0.9
                )
            ax.scatter(
                [row.lon], [row.lat], marker=MARKERS[symbol], s=40 if faded else 150,
                color=colour, edgecolors="white", linewidths=0.8, alpha=0.4 if faded else 1,
                zorder=5,
            )  # fmt: skip
    numbers: dict[tuple, list[str]] = {}
    for number, row in enumerate(events.itertuples(), start=1):
        numbers.setdefault((row.lon, row.lat), []).append(str(number))
    for (lon, lat), shared in numbers.items():
        ax.annotate(
            ", ".join(shared), (lon, lat), xytext=(7, 5), textcoords="offset points",
            fontsize=11, fontweight="bold", color=INK, zorder=6, annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": INK, "lw": 0.8},
        )  # fmt: skip
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / max(0.3, math.cos(math.radians((lat0 + lat1) / 2))))
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fc=WATER, ec="none", zorder=-1))
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, lw=0.8, ec=INK))
    fig.text(
        0.01, 0.985, f"{title} · {year}", fontsize=15, fontweight="bold", va="top",
        fontfamily=family, color=INK,
    )  # fmt: skip
    fig.text(
        0.01, 0.12,
        t("Events: the atlas's four sources, cited in each event. Basemap: Natural Earth."),
        fontsize=9, fontfamily=family, color="#333333",
    )  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
