"""Figure builders are pure functions of (atlas, year, selection, filters)."""

from datetime import date

import pytest

from dashboard import figures
from dashboard.figures import (
    basemap_active,
    event_phase,
    map_figure,
    period_active,
    timeline_figure,
)


def traces(fig, role):
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


@pytest.mark.parametrize(
    "start, end, year, phase",
    [
        (1950, 1950, 1949, "future"),
        (1950, 1950, 1950, "current"),
        (1950, 1950, 1951, "past"),
        (1937, 1941, 1939, "current"),
        (1937, 1941, 1942, "past"),
    ],
)
def test_event_phase(start, end, year, phase):
    assert event_phase(start, end, year) == phase


def test_periods_show_in_every_year_they_touch_but_basemaps_do_not_overlap():
    assert period_active(date(1945, 8, 1), date(1948, 9, 30), 1945)
    assert not period_active(date(1945, 8, 1), date(1948, 9, 30), 1949)
    ussr, soviet_russia = (
        (date(1922, 12, 1), date(1991, 12, 31)),
        (date(1917, 1, 1), date(1922, 12, 31)),
    )
    assert basemap_active(*soviet_russia, 1922) and not basemap_active(*ussr, 1922)
    assert basemap_active(*ussr, 1923) and not basemap_active(*soviet_russia, 1923)


def test_map_shows_past_faded_current_large_and_hides_the_future(atlas):
    fig = map_figure(atlas, 1950)
    seen = {}
    for trace in traces(fig, "events"):
        for event_id, lat, opacity, size in zip(
            trace.customdata, trace.lat, trace.marker.opacity, trace.marker.size
        ):
            seen[event_id] = (lat, opacity, size)
    assert len(seen) == len(atlas.events)
    assert seen["treaty-of-friendship-1950"][1:] == (1.0, figures.PHASE_STYLE["current"]["size"])
    assert seen["russian-revolution-1917"][1] == figures.PHASE_STYLE["past"]["opacity"]
    assert seen["border-conflict-1969"][0] is None  # not yet happened: not drawn


def test_map_shows_the_territories_and_basemap_of_the_year(atlas):
    def shown(year):
        fig = map_figure(atlas, year)
        names = {t.name for t in traces(fig, "period") if t.visible}
        return names, set(traces(fig, "basemap")[0].locations)

    names, base = shown(1940)
    assert "Manchukuo" in names and "Soviet forces in Afghanistan" not in names
    assert "soviet-union" in base and "korea-japanese-rule" in base
    names, base = shown(1985)
    assert "Soviet forces in Afghanistan" in names and "Manchukuo" not in names
    assert {"north-korea", "south-korea", "peoples-republic-of-china"} <= base
    assert "republic-of-china" not in base


def test_filters_hide_theaters_and_categories(atlas):
    fig = map_figure(atlas, 1991, theaters=["Korea"], categories=["armed conflict"])
    for trace in traces(fig, "events"):
        drawn = [lat for lat in trace.lat if lat is not None]
        if trace.name != "armed conflict":
            assert trace.visible is False
        else:
            expected = atlas.events.query("category == 'armed conflict' and theater == 'Korea'")
            assert len(drawn) == len(expected) > 0


def test_every_category_differs_in_colour_and_shape(atlas):
    markers = [(t.marker.color, t.marker.symbol) for t in traces(map_figure(atlas, 1950), "events")]
    assert len({c for c, _ in markers}) == len({s for _, s in markers}) == len(markers)


def test_selection_rings_the_event_and_keeps_the_stage_when_it_is_on_it(atlas):
    fig = map_figure(atlas, 1969, selected="border-conflict-1969")
    ring = traces(fig, "highlight")[0]
    assert (ring.lon[0], ring.lat[0]) == (133.84, 46.49)
    assert list(fig.layout.geo.lonaxis.range) == list(figures.STAGE_LON)


def test_an_event_off_the_stage_is_centred(atlas):
    fig = map_figure(atlas, 1979, selected="us-recognises-prc-1979")
    lon_range = fig.layout.geo.lonaxis.range
    assert lon_range[0] < -77.04 < lon_range[1]
    assert abs((lon_range[0] + lon_range[1]) / 2 - -77.04) < 1e-6


def test_unknown_selection_rings_nothing(atlas):
    assert traces(map_figure(atlas, 1950, selected="nope"), "highlight")[0].lon == ()


def test_timeline_has_every_event_one_lane_per_theater_and_the_year_marked(atlas):
    fig = timeline_figure(atlas, 1969, selected="border-conflict-1969")
    ids = [i for t in fig.data if t.customdata is not None for i in t.customdata]
    assert sorted(ids) == sorted(atlas.events["id"])
    assert set(fig.layout.yaxis.categoryarray) == set(atlas.events["theater"])
    assert (fig.layout.shapes[0].x0, fig.layout.shapes[0].x1) == ("1969-01-01", "1969-12-31")
    assert fig.data[-1].y == ("Ussuri border",)


def test_map_never_needs_a_cdn_for_its_basemap(atlas):
    fig = map_figure(atlas, 1950)
    assert fig.layout.geo.resolution == 110  # served from assets/topojson/world_110m.json
