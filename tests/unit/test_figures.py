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


def shown_events(fig) -> dict[str, str]:
    """Event id -> the layer ('past' or 'current') it is seen in; unseen events absent."""
    seen = {}
    for trace in traces(fig, "events"):
        if trace.visible is False:
            continue
        for event_id, opacity, hover in zip(
            trace.customdata, trace.marker.opacity, trace.hoverinfo
        ):
            assert (opacity > 0) == (hover != "skip"), "an invisible event must not hover"
            if opacity > 0:
                assert event_id not in seen, "an event is seen in one layer at most"
                seen[event_id] = trace.meta["layer"]
    return seen


def test_map_shows_past_faded_current_large_and_hides_the_future(atlas):
    fig = map_figure(atlas, 1950)
    layers = {t.meta["layer"]: t.marker for t in traces(fig, "events")}
    assert layers["current"].size > layers["past"].size
    seen = shown_events(fig)
    assert seen["treaty-of-friendship-1950"] == "current"
    assert seen["russian-revolution-1917"] == "past"
    assert "border-conflict-1969" not in seen  # not yet happened: not seen
    started = atlas.events[atlas.events["start_year"] <= 1950]
    assert set(seen) == set(started["id"])


def test_a_year_step_changes_only_style_never_positions(atlas):
    """What keeps scrubbing cheap: positions and sizes are the same every year."""
    before, after = map_figure(atlas, 1950), map_figure(atlas, 1969)
    assert before.data[0].geojson == after.data[0].geojson  # the basemap
    for a, b in zip(before.data[1:], after.data[1:]):
        assert (a.lon, a.lat, a.meta, a.marker.size) == (b.lon, b.lat, b.meta, b.marker.size)


def test_map_shows_the_territories_and_basemap_of_the_year(atlas):
    def shown(year):
        fig = map_figure(atlas, year)
        names = {t.name for t in traces(fig, "period") if t.opacity == 1}
        base = traces(fig, "basemap")[0]
        return names, {loc for loc, o in zip(base.locations, base.marker.opacity) if o == 1}

    names, base = shown(1940)
    assert "Manchukuo" in names and "Soviet forces in Afghanistan" not in names
    assert "soviet-union" in base and "korea-japanese-rule" in base
    names, base = shown(1985)
    assert "Soviet forces in Afghanistan" in names and "Manchukuo" not in names
    assert {"north-korea", "south-korea", "peoples-republic-of-china"} <= base
    assert "republic-of-china" not in base


def test_territory_labels_follow_their_territories(atlas):
    fig = map_figure(atlas, 1985)
    labels = traces(fig, "period-labels")[0]
    inked = {
        text
        for text, colour in zip(labels.text, labels.textfont.color)
        if colour != figures.HIDDEN_INK
    }
    shown = set(
        atlas.territories.loc[
            [
                figures.period_active(f.date(), t.date(), 1985)
                for f, t in zip(atlas.territories["start_date"], atlas.territories["end_date"])
            ],
            "map_label",
        ]
    )
    assert inked == shown and shown


def test_filters_hide_theaters_and_categories(atlas):
    fig = map_figure(atlas, 1991, theaters=["Korea"], categories=["armed conflict"])
    for trace in traces(fig, "events"):
        assert trace.visible is (trace.meta["category"] == "armed conflict")
    expected = atlas.events.query("category == 'armed conflict' and theater == 'Korea'")
    assert set(shown_events(fig)) == set(expected["id"]) and len(expected) > 0


def test_every_category_differs_in_colour_and_shape(atlas):
    for layer in figures.LAYERS:
        markers = [
            (t.marker.color, t.marker.symbol)
            for t in traces(map_figure(atlas, 1950), "events")
            if t.meta["layer"] == layer
        ]
        assert len({c for c, _ in markers}) == len({s for _, s in markers}) == len(markers) > 1


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
    assert set(fig.data[0].y) == set(atlas.events["theater"])  # the lane order
    assert (fig.layout.shapes[0].x0, fig.layout.shapes[0].x1) == ("1969-01-01", "1969-12-31")
    assert fig.data[-1].y == ("Ussuri border",)


def test_map_never_needs_a_cdn_for_its_basemap(atlas):
    fig = map_figure(atlas, 1950)
    assert fig.layout.geo.resolution == 110  # served from assets/topojson/world_110m.json
