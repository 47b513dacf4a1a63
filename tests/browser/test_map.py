"""What you see is what you click: the map, at three screen sizes and in three languages.

Each test opens the page as a visitor would (real keys, real pointer events through the
DevTools protocol) and reads what the page drew: the SVG the page painted and the names
it wrote over the map, compared with the Python rules.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.i18n import column, translator
from tests.browser.conftest import screenshot
from tests.browser.page import (
    LONLAT,
    MAP_MARKER,
    SIZES,
    TEXT_BOXES,
    current_ids,
    drawn,
    expected_events,
    label_problems,
    map_state,
    mouse,
    open_page,
    press,
    shown_year,
    tip,
)

pytestmark = pytest.mark.browser

COUNTRIES = {  # (lon, lat) far from any event -> the state of the year, by year
    "China": ((90.0, 32.0), {1920: "Republic of China", 1969: "People's Republic of China"}),
    "USSR": ((62.0, 61.0), {1920: "Soviet Russia", 1969: "Soviet Union"}),
}


def scroll_to_top(duo):
    """Back to the map, once any smooth scrolling the page began has settled."""
    import time

    settled = 0
    for _ in range(40):
        duo.driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
        time.sleep(0.1)
        settled = settled + 1 if duo.driver.execute_script("return window.scrollY") == 0 else 0
        if settled == 3:
            return


def titles(atlas, lang):
    return dict(zip(atlas.events["id"], column(atlas.events, "title", lang)))


def country_at(duo, lonlat):
    x, y = duo.driver.execute_script(LONLAT, list(lonlat))
    mouse(duo, x, y)
    return tip(duo)


def check_countries(duo, year, lang):
    for _, (lonlat, names) in COUNTRIES.items():
        english = names[1920 if year < 1922 else 1969]
        wanted = translator(lang)(english)
        assert country_at(duo, lonlat) == wanted, (year, english)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_what_you_see_is_what_you_click(atlas_duo, atlas, size, lang):
    duo = atlas_duo
    open_page(duo, f"?year=1950&lang={lang}", SIZES[size])
    names = titles(atlas, lang)

    # the map draws what the year's rules say, and names the year's events beside it
    assert map_state(duo)["events"] == expected_events(atlas, 1950)
    listed = duo.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.YEAR_EVENTS} button[data-event]')]"
        ".map(b => [b.dataset.event, b.querySelector('.atlas-year-event-title').textContent])"
    )
    assert listed == [[i, names[i]] for i in current_ids(atlas, 1950)]

    # no name on the map covers another, an event of the year, or leaves its area
    assert label_problems(duo.driver.execute_script(TEXT_BOXES)) == []

    # every event drawn in the year answers the pointer on its own, named in the language
    for event_id in current_ids(atlas, 1950):
        x, y, _ = duo.driver.execute_script(MAP_MARKER, event_id)
        mouse(duo, x, y)
        assert (tip(duo) or "").startswith(names[event_id]), event_id

    # the five Moscow events of 1950 share a spot: each is reached by its own click
    moscow = [
        i
        for i in current_ids(atlas, 1950)
        if atlas.events.set_index("id").loc[i, "place"] == "Moscow"
    ]
    assert len(moscow) >= 3
    for event_id in moscow[:3]:
        # on a phone a click brings the details into view: the visitor scrolls back up
        scroll_to_top(duo)
        x, y, _ = duo.driver.execute_script(MAP_MARKER, event_id)
        mouse(duo, x, y, click=True)
        duo.wait_for_text_to_equal(
            f"#{ids.DETAILS} .atlas-event-title", names[event_id], timeout=10
        )
        assert shown_year(duo) == "1950"

    # an event not drawn yet never answers: Moscow 1991 is under the Moscow spot
    assert "soviet-union-dissolves-1991" not in map_state(duo)["events"]
    scroll_to_top(duo)
    x, y = duo.driver.execute_script(LONLAT, [37.62, 55.75])
    mouse(duo, x, y, click=True)
    assert map_state(duo)["selected"] in moscow and shown_year(duo) == "1950"

    # the country under the pointer is the state of the year: on load, after a step, in Play
    scroll_to_top(duo)
    if size != "390x844":  # on a phone the probes sit under the year's markers
        check_countries(duo, 1950, lang)
    press(duo, Keys.ESCAPE)
    duo.driver.execute_script("atlas.setYear(1920)")
    until(lambda: shown_year(duo) == "1920", timeout=5)
    if size != "390x844":
        check_countries(duo, 1920, lang)
    press(duo, Keys.END)
    until(lambda: shown_year(duo) == "1991", timeout=5)
    assert label_problems(duo.driver.execute_script(TEXT_BOXES)) == []  # the thumb at the end
    duo.driver.execute_script("atlas.setYear(1967)")
    press(duo, Keys.SPACE)  # Play, to the end of the chapter
    until(lambda: shown_year(duo) == "1968", timeout=5)
    assert map_state(duo)["events"] == expected_events(atlas, 1968)
    if size != "390x844":
        check_countries(duo, 1968, lang)
    assert label_problems(duo.driver.execute_script(TEXT_BOXES)) == []
    screenshot(duo, f"map-{size}-{lang}")
    assert duo.get_logs() == []


@pytest.mark.parametrize("year", [1919, 1924, 1945, 1950, 1969, 1976, 1980])
def test_names_on_the_map_never_collide_in_the_years_that_crowd(atlas_duo, atlas, year):
    for size in ("1920x1080", "1366x768", "390x844"):
        open_page(atlas_duo, f"?year={year}", SIZES[size])
        assert map_state(atlas_duo)["events"] == expected_events(atlas, year)
        problems = label_problems(atlas_duo.driver.execute_script(TEXT_BOXES))
        assert problems == [], (size, problems)


def test_urga_in_1919_opens_an_event_of_1919(atlas_duo, atlas):
    """The issue's case: the marker seen at Urga in 1919 is 1919's, not 1924's."""
    open_page(atlas_duo, "?year=1919")
    x, y = atlas_duo.driver.execute_script(LONLAT, [106.92, 47.92])
    mouse(atlas_duo, x, y, click=True)
    selected = map_state(atlas_duo)["selected"]
    assert atlas.events.set_index("id").loc[selected, "start_year"] == 1919
    assert shown_year(atlas_duo) == "1919"


def test_rivers_are_drawn_and_named_so_zhenbao_can_be_found(atlas_duo):
    open_page(atlas_duo, "?event=border-conflict-1969")
    labels = map_state(atlas_duo)["labels"]
    assert {"r-amur", "r-ussuri", "t-zhenbao-damansky-island"} <= set(labels)
    rivers = atlas_duo.driver.execute_script(
        "return [...document.querySelectorAll('#map .geo g.trace')].filter(g => "
        "(g.__data__[0].trace.meta || {}).role === 'river').map(g => "
        "g.querySelector('path.js-line').getTotalLength())"
    )
    assert len(rivers) == 1 and rivers[0] > 200  # drawn, and long
    screenshot(atlas_duo, "zhenbao-1969")


YEAR_LIST = f"""
const list = document.querySelector('#{ids.YEAR_EVENTS} .atlas-year-list');
return {{tag: list.tagName, text: list.tagName === 'P' ? list.textContent : null,
         ids: [...list.querySelectorAll('li > button[data-event]')].map(b => b.dataset.event),
         items: list.children.length}};
"""


def test_the_years_list_follows_every_step_and_keeps_what_stays(atlas_duo, atlas):
    """A step changes only what the year changes in the list beside the map: an event
    of both years keeps its item (it is not drawn again), and the list is always the
    year's events in time order, through years with none."""
    duo = atlas_duo
    open_page(duo, "?year=1949")
    duo.driver.execute_script(
        f"document.querySelectorAll('#{ids.YEAR_EVENTS} li').forEach(li => li.atlasOld = true)"
    )
    for year in [1950, 1951, 1952, 1950, 1922, 1923, 1922, 1969, 1949]:
        duo.driver.execute_script("atlas.setYear(arguments[0])", year)
        drawn(duo, timeout=5)  # the list follows the frame that shows the year
        shown = duo.driver.execute_script(YEAR_LIST)
        wanted = current_ids(atlas, year)
        if wanted:
            assert (shown["tag"], shown["ids"], shown["items"]) == ("UL", wanted, len(wanted))
        else:
            assert shown["tag"] == "P" and str(year) in shown["text"], year
        if year == 1950:  # from 1949: the event of both years kept its item
            kept = duo.driver.execute_script(
                f"return [...document.querySelectorAll('#{ids.YEAR_EVENTS} li')]"
                ".filter(li => li.atlasOld).map(li => li.firstChild.dataset.event)"
            )
            assert kept == ["korean-units-to-kim-1950"]


EXPORTED = """
const out = {};
atlas.exportFigure().data.forEach(t => {
  const m = t.meta || {};
  if (m.role !== 'events' || t.visible === false) return;
  t.customdata.forEach((id, j) => { if (t.marker.opacity[j] > 0) out[id] = m.layer; });
});
return {exported: out, given: atlas.plot('map').data
  .filter(t => (t.meta || {}).layer === 'past').map(t => t.lon.length)};
"""


def test_plotly_draws_one_faded_marker_a_trace_and_the_png_keeps_them_all(atlas_duo, atlas):
    """Plotly is given the faded past's first marker of each trace alone (the page draws
    the past on a canvas, from the data); the map as a PNG is made from the whole data,
    so it shows every event of the year, past and current, as the Python rules say."""
    open_page(atlas_duo, "?year=1969")
    shown = atlas_duo.driver.execute_script(EXPORTED)
    assert max(shown["given"]) == 1
    assert shown["exported"] == expected_events(atlas, 1969)
    assert map_state(atlas_duo)["events"] == expected_events(atlas, 1969)
