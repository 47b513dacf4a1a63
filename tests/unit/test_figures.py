"""Figure builders and the year rules are pure functions of (atlas, year, filters)."""

from datetime import date

import pandas as pd
import pytest

from dashboard.atlas.chapters import CHAPTERS, STAGE, TOUR, view_of
from dashboard.atlas.years import basemap_active, event_phase, period_active, time_order
from dashboard.figures.map_figure import LAYERS, map_figure
from dashboard.figures.page_data import event_index, page_data
from dashboard.figures.timeline_figure import lanes, timeline_figure


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
        for event_id, opacity in zip(trace.customdata, trace.marker.opacity):
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


def test_the_map_answers_no_pointer_itself(atlas):
    """Plotly's hover would find the nearest point of any year, drawn or not: the page
    answers the pointer instead, from what the year shows."""
    fig = map_figure(atlas, 1950)
    assert fig.layout.hovermode is False
    assert all(t.hoverinfo == "skip" for t in fig.data)


def test_a_year_step_changes_only_style_never_positions(atlas):
    """What keeps scrubbing cheap: positions and sizes are the same every year."""
    before, after = map_figure(atlas, 1950), map_figure(atlas, 1969)
    for a, b in zip(before.data, after.data):
        if a.type == "choropleth":  # the basemap, the territories
            assert (a.geojson, a.locations, a.meta) == (b.geojson, b.locations, b.meta)
        else:
            assert (a.lon, a.lat, a.meta, a.marker.size) == (b.lon, b.lat, b.meta, b.marker.size)


def test_map_shows_the_territories_and_basemap_of_the_year(atlas):
    def shown(year):
        fig = map_figure(atlas, year)
        periods = traces(fig, "periods")[0]
        names = {i for i, o in zip(periods.meta["ids"], periods.marker.opacity) if o == 1}
        base = traces(fig, "basemap")[0]
        return names, {loc for loc, o in zip(base.locations, base.marker.opacity) if o == 1}

    names, base = shown(1940)
    assert "manchukuo" in names and "soviet-forces-afghanistan" not in names
    assert "soviet-union" in base and "korea-japanese-rule" in base
    names, base = shown(1985)
    assert "soviet-forces-afghanistan" in names and "manchukuo" not in names
    assert {"north-korea", "south-korea", "peoples-republic-of-china"} <= base
    assert "republic-of-china" not in base


@pytest.mark.parametrize(
    "year, china, ussr",
    [
        (1920, "Republic of China", "Soviet Russia"),
        (1949, "Republic of China", "Soviet Union"),
        (1950, "People's Republic of China", "Soviet Union"),
        (1969, "People's Republic of China", "Soviet Union"),
    ],
)
def test_one_state_of_the_year_is_drawn_for_each_place(atlas, year, china, ussr):
    base = traces(map_figure(atlas, year), "basemap")[0]
    drawn = {name for name, o in zip(base.text, base.marker.opacity) if o == 1}
    assert china in drawn and ussr in drawn
    rivals = {"Republic of China", "People's Republic of China"} - {china}
    rivals |= {"Soviet Russia", "Soviet Union"} - {ussr}
    assert not drawn & rivals


def test_the_border_rivers_are_drawn_from_the_apps_own_data(atlas):
    rivers = traces(map_figure(atlas, 1969), "river")
    assert len(rivers) == 1
    lons = [x for x in rivers[0].lon if x is not None]
    assert len(lons) > 20 and 115 < min(lons) < 135 < max(lons)
    assert {"amur", "ussuri"} <= set(atlas.rivers["id"])
    zhenbao = atlas.events.set_index("id").loc["border-conflict-1969"]
    ussuri = atlas.rivers.set_index("id").loc["ussuri"].geometry
    assert ussuri.distance(zhenbao.geometry) < 0.05  # the island lies in the river


def test_filters_hide_theaters_and_categories(atlas):
    fig = map_figure(atlas, 1991, theaters=["Korea"], categories=["armed conflict"])
    for trace in traces(fig, "events"):
        assert trace.visible is (trace.meta["category"] == "armed conflict")
    expected = atlas.events.query("category == 'armed conflict' and theater == 'Korea'")
    assert set(shown_events(fig)) == set(expected["id"]) and len(expected) > 0


def test_every_category_differs_in_colour_and_shape(atlas):
    for layer in LAYERS:
        markers = [
            (t.marker.color, t.marker.symbol)
            for t in traces(map_figure(atlas, 1950), "events")
            if t.meta["layer"] == layer
        ]
        assert len({c for c, _ in markers}) == len({s for _, s in markers}) == len(markers) > 1


def test_the_map_opens_on_the_stage(atlas):
    figure = map_figure(atlas, 1950)
    geo = figure.layout.geo
    assert tuple(geo.lonaxis.range) == (STAGE.west, STAGE.east)
    assert tuple(geo.lataxis.range) == (STAGE.south, STAGE.north)
    assert geo.resolution == 110  # served from assets/topojson/world_110m.json: no CDN
    # the views the page fits to its frame: the stage, each chapter's, each tour step's
    views = figure.layout.meta["views"]
    assert views["stage"] == list(STAGE)
    assert views["chapters"] == {c.id: list(view_of(c)) for c in CHAPTERS}
    assert views["tour"] == [list(view_of(c, s)) for c, s in TOUR]


def test_a_long_line_has_its_marker_at_a_named_place(atlas):
    """The marker of a route between two capitals is at one of them, not in the middle
    (Kazakhstan, for Moscow to Beijing)."""
    split = atlas.events.set_index("id").loc["sino-soviet-split"]
    assert (split["lon"], split["lat"]) == (116.4, 39.9)  # Beijing
    mao = atlas.events.set_index("id").loc["mao-in-moscow-1949"]
    assert (mao["lon"], mao["lat"]) == (37.62, 55.75)  # Moscow


def test_timeline_has_every_event_once_one_lane_per_theater_and_the_year_marked(atlas):
    fig = timeline_figure(atlas, 1969)
    ids = [i for t in fig.data if (t.meta or {}).get("role") == "events" for i in t.customdata]
    assert sorted(ids) == sorted(atlas.events["id"])
    assert (
        list(fig.layout.yaxis.ticktext)
        == lanes(atlas)
        == sorted(set(atlas.events["theater"]), key=lanes(atlas).index)
    )
    assert (fig.layout.shapes[0].x0, fig.layout.shapes[0].x1) == ("1969-01-01", "1969-12-31")
    for trace in traces(fig, "events"):
        assert list(trace.y) == list(trace.meta["lane"])  # on the lane's middle line


def test_hover_on_the_timeline_shows_uploaded_text_literally():
    from dashboard.figures.style import plotly_text

    assert plotly_text("<a href='x'>y</a> & z") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; z"


def test_events_follow_each_other_in_time_and_reports_come_after_what_they_report(atlas):
    order = list(atlas.events.sort_values("order")["id"])
    assert order.index("mao-dies-1976") < order.index("soviet-ambassador-walkout-1976")
    assert order.index("soviet-ambassador-walkout-1976") < order.index("keeping-our-cool-memo-1976")
    # in order of start, or of the later start of an event it is known to follow
    start = dict(zip(atlas.events["id"], atlas.events["start_date"]))
    follows = dict(zip(atlas.events["id"], atlas.events["after"]))

    def effective(event_id):
        return max([start[event_id], *(effective(a) for a in follows[event_id])])

    dates = [effective(i) for i in order]
    assert dates == sorted(dates)
    assert order.index("soviet-invasion-of-manchuria-1945") < order.index(
        "kwantung-arms-to-ccp-1945"
    )


def test_time_order_takes_the_later_of_a_start_and_what_an_event_follows():
    events = pd.DataFrame(
        {
            "id": ["memo", "death", "walkout", "spring"],
            "start_date": pd.to_datetime(["1976-01-01", "1976-09-09", "1976-01-01", "1976-04-01"]),
            "after": [["walkout"], [], ["death"], []],
        }
    )
    ranked = dict(zip(events["id"], time_order(events)))
    assert sorted(ranked, key=ranked.get) == ["spring", "death", "walkout", "memo"]


def test_the_pages_index_lists_every_event_in_time_order(atlas):
    index = event_index(atlas, "en")
    assert [e["id"] for e in index] == list(atlas.events.sort_values("order")["id"])
    zhenbao = next(e for e in index if e["id"] == "border-conflict-1969")
    assert (zhenbao["start"], zhenbao["lon"]) == (1969, 133.84)
    page = page_data(atlas, "en")
    assert {c["id"] for c in page["chapters"]} and page["texts"]["in_year"] == "In {year}"
