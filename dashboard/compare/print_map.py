"""A compared year's map for print, drawn on the server as a lesson's map is
(lesson/handout_map.py), but on an extent given by the caller: the two years of a pair
are drawn on one extent, so that they can be compared place by place. Pure: frames in,
PNG out."""

from __future__ import annotations

import pandas as pd

from ..atlas.data import Atlas
from ..lesson.handout_map import draw_map, extent


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
    """The PNG of `year` on `bounds` (lon0, lon1, lat0, lat1), drawn as a handout's map
    is (lesson/handout_map.py): the pair's two maps share one extent."""
    return draw_map(atlas, year, events, earlier, title, lang, bounds=bounds)
