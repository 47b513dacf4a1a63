"""Two years compared (issue 24): what changed, the link's ?compare= read, the maps
drawn for each year, and the callback that puts them in the page."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import no_update

from dashboard import ids
from dashboard.atlas.compare import changes, parse_compare
from dashboard.atlas.years import event_phase
from dashboard.compare.callbacks import show_compare
from dashboard.figures.compare_figure import compare_figure
from dashboard.figures.map_figure import map_figure
from dashboard.i18n import translator


def names(outlines) -> set[str]:
    return {o.id for o in outlines}


def test_from_1945_to_1950_manchukuo_and_the_republic_end_and_the_peoples_republic_appears(atlas):
    found = changes(atlas, 1945, 1950)
    assert {"manchukuo", "republic-of-china", "korea-japanese-rule"} <= names(found.ended)
    assert {"peoples-republic-of-china", "north-korea", "south-korea"} <= names(found.appeared)
    # Port Arthur and Dalian stay Soviet-held through both years (1945-08 to 1950-12)
    everything = names(found.ended) | names(found.appeared) | names(found.between)
    assert "soviet-port-arthur-dalian" not in everything
    assert "korea-under-occupation" in names(found.between)  # 1945-08 to 1948-08


def test_from_1950_to_1969_port_arthur_is_returned_and_the_islands_are_disputed(atlas):
    found = changes(atlas, 1969, 1950)  # either order
    assert found == changes(atlas, 1950, 1969)
    assert (found.first, found.last) == (1950, 1969)
    assert names(found.ended) == {"soviet-port-arthur-dalian"}
    assert names(found.appeared) == {"zhenbao-damansky-island", "heixiazi-bolshoy-ussuriysky"}
    assert names(found.between) == {"soviet-lushun-naval-base"}  # 1951 to 1955
    assert [c.chapter.id for c in found.chapters] == [
        "alliance-and-korea",
        "the-split",
        "border-war-and-triangle",
    ]


def test_the_mongolian_peoples_republic_appears_between_1917_and_1950(atlas):
    found = changes(atlas, 1917, 1950)
    assert "mongolian-peoples-republic" in names(found.appeared)
    assert {"manchukuo", "second-east-turkestan-republic"} <= names(found.between)


@pytest.mark.parametrize("pair", [(1917, 1991), (1950, 1969), (1931, 1932), (1968, 1969)])
def test_the_events_in_between_are_each_once_in_their_chapter_and_counted(atlas, pair):
    found = changes(atlas, *pair)
    years = dict(zip(atlas.events["id"], atlas.events["start_year"]))
    category = dict(zip(atlas.events["id"], atlas.events["category"]))
    expected = [i for i, y in years.items() if pair[0] < y <= pair[1]]
    assert sorted(found.events) == sorted(expected)
    assert len(set(found.events)) == len(found.events)
    for group in found.chapters:
        assert all(group.chapter.first <= years[e] <= group.chapter.last for e in group.events)
        assert sum(n for _, n in group.counts) == len(group.events)
        for name, n in group.counts:
            assert n == sum(category[e] == name for e in group.events)
    assert sum(n for _, n in found.counts) == len(expected)
    order = dict(zip(atlas.events["id"], atlas.events["order"]))
    assert [order[e] for e in found.events] == sorted(order[e] for e in found.events)


def test_what_changed_is_named_in_the_pages_language(atlas):
    found = changes(atlas, 1950, 1969, "zh")
    assert {o.name for o in found.ended} == {"苏联控制的旅顺和大连"}
    states = changes(atlas, 1945, 1950, "ru")
    assert translator("ru")("People's Republic of China") in {o.name for o in states.appeared}


@pytest.mark.parametrize(
    "text, pair",
    [
        ("1950,1969", (1950, 1969)),
        ("1969,1950", (1950, 1969)),
        (" 1917 , 1991 ", (1917, 1991)),
    ],
)
def test_a_pair_of_years_is_read_in_either_order(text, pair):
    assert parse_compare(text) == (pair, None)


@pytest.mark.parametrize(
    "text",
    [
        "1950,1950",
        "1916,1950",
        "1950,1992",
        "1960",
        "1950,1960,1969",
        "1950;1969",
        "abcd,1969",
        "١٩٥٠,1969",  # digits, but not ASCII ones
        "+950,1969",
        "0950,1969",
        "1950," + "9" * 60,
        ["1950", "1969"],
    ],
)
def test_anything_else_is_refused_with_a_notice_that_does_not_repeat_it(text):
    pair, notice = parse_compare(text)
    assert pair is None
    assert "1917" in notice and "1991" in notice
    assert str(text) not in notice


def test_nothing_asked_is_no_comparison_and_no_notice():
    assert parse_compare(None) == (None, None)
    assert parse_compare("") == (None, None)


def test_the_notice_is_in_the_pages_language():
    _, notice = parse_compare("1950,1950", translator("zh"))
    assert "1917" in notice and any("\u4e00" <= ch <= "\u9fff" for ch in notice)


@pytest.mark.parametrize("year", [1919, 1945, 1950, 1969])
def test_a_compared_map_holds_only_what_its_year_draws(atlas, year):
    fig = go.Figure(compare_figure(atlas, year))  # valid for plotly
    drawn = {}
    for trace in map_figure(atlas, year).data:
        meta = trace.meta or {}
        if meta.get("role") == "events":
            for event_id, opacity in zip(trace.customdata, trace.marker.opacity):
                if opacity > 0:
                    drawn[event_id] = meta["layer"]
    shown = {}
    starts = dict(zip(atlas.territories["id"], atlas.territories["start_year"]))
    ends = dict(zip(atlas.territories["id"], atlas.territories["end_year"]))
    for trace in fig.data:
        meta = trace.meta or {}
        if meta.get("role") == "events":
            assert trace.hoverinfo == "text" and len(trace.text) == len(trace.customdata)
            for event_id in trace.customdata:
                shown[event_id] = meta["layer"]
        if meta.get("role") == "shape":
            assert trace.opacity > 0
        if meta.get("role") == "periods":
            assert all(starts[i] <= year <= ends[i] for i in trace.locations)
            assert len(trace.geojson["features"]) == len(trace.locations) == len(trace.text)
    assert shown == drawn
    phases = {
        i: event_phase(s, e, year)
        for i, s, e in zip(atlas.events["id"], atlas.events["start_year"], atlas.events["end_year"])
    }
    assert all(phases[i] != "future" for i in shown)
    assert fig.layout.hovermode == "closest" and fig.layout.meta["year"] == year


def test_the_callback_draws_the_pair_asked_and_keeps_the_page_on_a_bad_one(atlas):
    store, view, notice, a, b, print_href, pdf_href = show_compare("1969,1950", atlas, "ru")
    assert (store["a"], store["b"], a, b) == (1950, 1969, "1950", "1969")
    assert notice == []
    assert print_href == "/print/compare?compare=1950%2C1969&lang=ru"
    assert pdf_href.startswith("/print/compare.pdf?")
    graphs = [view[0].children[k].children[1].children[0] for k in (0, 1)]
    assert [g.id for g in graphs] == [ids.COMPARE_MAP_A, ids.COMPARE_MAP_B]
    assert [g.figure["layout"]["meta"]["year"] for g in graphs] == [1950, 1969]
    assert "Порт-Артур и Далянь под контролем СССР" in str(view[1])

    bad = show_compare("1950,1950", atlas, "en", store)
    assert bad[0] is no_update and bad[1] is no_update  # the pair shown stays
    assert bad[3:5] == ("1950", "1969")  # its pickers are put back
    assert "two different years" in str(bad[2])

    closed = show_compare("", atlas, "en", store)
    assert "a" not in closed[0] and closed[1] == [] and closed[2] == []
