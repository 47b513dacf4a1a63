"""A lesson's map, drawn on the server from the atlas's own geodata with GeoPandas and
matplotlib (no browser): the period basemap of the year, its territories and rivers,
the section's events numbered as in the list beside it, the lesson's earlier events
faded; a title with the year, a legend and the source line. Pure: frames in, PNG out.

Chinese text needs a CJK font matplotlib can read: the app's own subsets
(assets/fonts/*.woff2, see scripts/build_font.py) are unpacked once per process into a
temporary folder (fontTools; woff2 needs brotli) and given family names of their own,
so that matplotlib falls back from the Latin font to them character by character.
"""

from __future__ import annotations

import io
import logging
import math
import tempfile
from functools import cache
from pathlib import Path

import geopandas as gpd
import matplotlib
import pandas as pd
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

from ..atlas.data import Atlas
from ..atlas.vocabulary import CATEGORY_STYLE
from ..atlas.years import basemap_active, outlines_shown, period_active
from ..figures.map_figure import BASEMAP_FILL, RIVER, TERRITORY_STYLE, WATER
from ..i18n import column, translator
from ..server.config import ROOT
from .print_templates import CJK_SLICES

matplotlib.use("Agg")  # no display on a server; the OO API below is used per request
# the CJK subsets have no bold face: matplotlib says so for every bold title
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

# plotly's marker symbols as matplotlib's: (6, 1, 0) is a six-pointed star
MARKERS = {
    "diamond": "D",
    "triangle-up": "^",
    "square": "s",
    "circle": "o",
    "pentagon": "p",
    "hexagram": (6, 1, 0),
    "star": "*",
}
INK = "#111111"
SIZE_PX = (1500, 960)
DPI = 150
AXES = (0.01, 0.17, 0.98, 0.76)  # left, bottom, width, height of the map in the figure
AXES_SHAPE = (AXES[2] * SIZE_PX[0]) / (AXES[3] * SIZE_PX[1])


@cache
def font_family() -> list[str]:
    """The font list for every text: DejaVu Sans (matplotlib's own, for Latin and
    Cyrillic), then the atlas's CJK subsets."""
    folder = Path(tempfile.mkdtemp(prefix="atlas-fonts-"))
    for family, name in CJK_SLICES.items():
        font = TTFont(ROOT / "assets" / "fonts" / name)
        font.flavor = None
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = family
            elif record.nameID == 6:
                record.string = family.replace(" ", "")
        path = folder / f"{family.replace(' ', '')}.otf"
        font.save(path)
        font_manager.fontManager.addfont(str(path))
    return ["DejaVu Sans", *CJK_SLICES]


def _rgba(css: str) -> tuple[float, ...]:
    """'rgba(106, 61, 154, 0.22)' or '#5B2C8F' as a matplotlib colour."""
    if css.startswith("#"):
        return matplotlib.colors.to_rgba(css)
    r, g, b, a = (float(x) for x in css[css.index("(") + 1 : -1].split(","))
    return (r / 255, g / 255, b / 255, a)


def extent(points: pd.DataFrame, pad: float = 6.0) -> tuple[float, float, float, float]:
    """lon/lat bounds around the events, at least 30° of longitude, widened to the map's
    shape (AXES_SHAPE, in degrees of longitude shrunk by the cosine of the latitude)."""
    lon0, lon1 = points["lon"].min() - pad, points["lon"].max() + pad
    lat0, lat1 = points["lat"].min() - pad, points["lat"].max() + pad
    mid_lon, mid_lat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    shrink = max(0.3, math.cos(math.radians(mid_lat)))
    width = max(lon1 - lon0, 30.0, (lat1 - lat0) * AXES_SHAPE / shrink)
    height = width * shrink / AXES_SHAPE
    return mid_lon - width / 2, mid_lon + width / 2, mid_lat - height / 2, mid_lat + height / 2


def _draw_event(ax, row, faded: bool) -> None:
    """An event's marker in its category's colour and shape (open for a teacher's own),
    and its route or area, if it has one; faded if it came earlier in the lesson."""
    colour, symbol = CATEGORY_STYLE[row.category]
    alpha = 0.35 if faded else 0.9
    kind = row.geometry.geom_type
    if kind == "LineString":
        gpd.GeoSeries([row.geometry]).plot(ax=ax, color=colour, linewidth=2.5, alpha=alpha)
    elif kind == "Polygon":
        gpd.GeoSeries([row.geometry.boundary]).plot(
            ax=ax, color=colour, linewidth=2, alpha=alpha, linestyle=":"
        )
    ax.scatter(
        [row.lon], [row.lat], marker=MARKERS[symbol], s=40 if faded else 150,
        facecolors="none" if row.theirs else colour,
        edgecolors=colour if row.theirs else "white",
        linewidths=2 if row.theirs else 0.8, alpha=0.4 if faded else 1, zorder=5,
    )  # fmt: skip


MARKER_PX = 13  # half a marker's box in pixels (its size 150, at DPI), with a margin
# where a territory's name may go when its own point is taken: beside it, then further
NAME_OFFSETS = [(0, 0)] + [
    (dx * d, dy * d)
    for d in (14, 24, 36, 50)
    for dx, dy in ((0, 1), (0, -1), (1.6, 0), (-1.6, 0), (1.2, 1), (-1.2, 1), (1.2, -1), (-1.2, -1))
]


def _marker_box(ax, spot) -> Bbox:
    x, y = ax.transData.transform(spot)
    return Bbox.from_extents(x - MARKER_PX, y - MARKER_PX, x + MARKER_PX, y + MARKER_PX)


def _place_name(ax, renderer, label: str, at, taken: list) -> tuple[str, Bbox]:
    """A territory's name at its point, else at the first place near it that covers no
    marker, no event's number and no name placed before it, within the map (the page's
    placement rule: a marker never hides a name; issue 22), with a thin line to its
    point when moved. Taken: the boxes to avoid, in pixels; the name's box is added."""
    frame = ax.get_window_extent(renderer)
    for dx, dy in NAME_OFFSETS:
        name = ax.annotate(
            label, at, xytext=(dx, dy), textcoords="offset points", fontsize=9,
            color="#3A1D5C", ha="center", va="center", fontfamily=font_family(), zorder=7,
            bbox={"boxstyle": "round,pad=0.15", "fc": (1, 1, 1, 0.75), "ec": "none"},
        )  # fmt: skip
        box = name.get_window_extent(renderer).padded(3)  # the text and its white box
        inside = frame.containsx(box.x0) and frame.containsx(box.x1)
        inside = inside and frame.containsy(box.y0) and frame.containsy(box.y1)
        if inside and not any(box.overlaps(other) for other in taken):
            if (dx, dy) != (0, 0):
                name.remove()
                name = ax.annotate(
                    label, at, xytext=(dx, dy), textcoords="offset points", fontsize=9,
                    color="#3A1D5C", ha="center", va="center", fontfamily=font_family(),
                    zorder=7, arrowprops={"arrowstyle": "-", "color": "#3A1D5C", "lw": 0.6,
                                          "shrinkA": 0, "shrinkB": 2},
                    bbox={"boxstyle": "round,pad=0.15", "fc": (1, 1, 1, 0.75), "ec": "none"},
                )  # fmt: skip
            taken.append(box)
            return label, box
        name.remove()
    return label, None  # no room: left out (as on the page, where hovering names it)


def draw_map(
    atlas: Atlas,
    year: int,
    events: pd.DataFrame,
    earlier: pd.DataFrame,
    title: str,
    lang: str,
    boxes: dict | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> bytes:
    """The PNG of one section: `events` numbered 1..n in their order, `earlier` faded.
    `boxes`, if given, receives where the names, markers and numbers went (pixels);
    `bounds` (lon0, lon1, lat0, lat1): the map's extent, else one around its events."""
    t = translator(lang)
    fig = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    ax = fig.add_axes(AXES)
    shown = pd.concat([events, earlier]) if len(earlier) else events
    lon0, lon1, lat0, lat1 = bounds or extent(shown if len(shown) else atlas.events)

    basemap = atlas.basemap
    countries = basemap[outlines_shown(basemap, year, basemap_active)]
    countries.plot(
        ax=ax,
        color=[BASEMAP_FILL[g] for g in countries["group"]],
        edgecolor="#8A8A8A",
        linewidth=0.5,
    )
    atlas.rivers.plot(ax=ax, color=RIVER, linewidth=1.2)
    territories = atlas.territories
    names = []  # (label, (lon, lat)): placed once the events are drawn
    on = outlines_shown(territories, year, period_active)
    for row, label in zip(territories[on].itertuples(), column(territories[on], "map_label", lang)):
        fill, line = TERRITORY_STYLE[row.kind]
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax, facecolor=_rgba(fill), edgecolor=_rgba(line), linewidth=1.4
        )
        at = row.geometry.representative_point()
        if lon0 < at.x < lon1 and lat0 < at.y < lat1:
            names.append((label, (at.x, at.y)))

    for frame, faded in ((earlier, True), (events, False)):
        for row in frame.itertuples():
            _draw_event(ax, row, faded)
    numbers: dict[tuple, list[str]] = {}  # events at one place share one label: "1, 3"
    for number, row in enumerate(events.itertuples(), start=1):
        numbers.setdefault((row.lon, row.lat), []).append(str(number))

    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / max(0.3, math.cos(math.radians((lat0 + lat1) / 2))))
    ax.apply_aspect()  # the data's place in pixels is now final: names are placed by it
    renderer = fig.canvas.get_renderer()
    spots = [(row.lon, row.lat) for frame in (earlier, events) for row in frame.itertuples()]
    taken = [_marker_box(ax, spot) for spot in spots]
    for (lon, lat), shared in numbers.items():
        number = ax.annotate(
            ", ".join(shared), (lon, lat), xytext=(7, 5), textcoords="offset points",
            fontsize=11, fontweight="bold", color=INK, zorder=6, annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": INK, "lw": 0.8},
        )  # fmt: skip
        taken.append(number.get_window_extent(renderer))
    markers, numbered = taken[: len(spots)], taken[len(spots) :]
    placed = [_place_name(ax, renderer, label, at, taken) for label, at in names]
    if boxes is not None:  # for the tests: what was placed, and what it had to avoid
        boxes.update(names=placed, markers=markers, numbers=numbered)
    ax.set_axis_off()  # no degrees on the sides; the sea and a frame instead
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fc=WATER, ec="none", zorder=-1))
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, lw=0.8, ec=INK))

    family = font_family()
    fig.text(
        0.01,
        0.985,
        f"{title} · {year}",
        fontsize=15,
        fontweight="bold",
        va="top",
        fontfamily=family,
        color=INK,
    )
    categories = list(dict.fromkeys(events["category"]))
    handles = [
        Line2D([], [], marker=MARKERS[CATEGORY_STYLE[c][1]], linestyle="", markersize=9,
               markerfacecolor=CATEGORY_STYLE[c][0], markeredgecolor="white", label=t(c))
        for c in categories
    ]  # fmt: skip
    if len(earlier):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=6,
                alpha=0.4,
                color="#666666",
                label=t("Earlier in this lesson"),
            )
        )
    for group in ("soviet", "chinese"):  # the states of the year, by their names then
        names = countries.loc[countries["group"] == group, "label"]
        if len(names):
            label = " / ".join(t(n) for n in dict.fromkeys(names))
            handles.append(Patch(facecolor=BASEMAP_FILL[group], edgecolor="#8A8A8A", label=label))
    fig.legend(  # under the map, so that it hides no event
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.045),
        ncol=3,
        fontsize=9,
        framealpha=0.9,
        prop={"family": family, "size": 9},
    )
    fig.text(
        0.01, 0.02,
        t("Events: the atlas's four sources, cited in each event. Basemap: Natural Earth."),
        fontsize=9, fontfamily=family, color="#333333",
    )  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
