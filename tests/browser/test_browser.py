"""The atlas in headless Chromium with outside hosts blocked: load, scrub, click, link."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.figures import map_figure
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PLOT = "document.querySelector('#{} .js-plotly-plot')"
MAP_STATE = f"""
const gd = {PLOT.format(ids.MAP)};
if (!gd || !gd.data) return null;
const out = {{}};
gd.data.filter(t => (t.meta || {{}}).role === 'events').forEach(t => {{
  t.customdata.forEach((id, j) => {{
    out[id] = [t.visible === false ? 'hidden' : t.lat[j], t.marker.opacity[j], t.marker.size[j]];
  }});
}});
const ring = gd.data.find(t => (t.meta || {{}}).role === 'highlight');
return {{events: out, ring: [ring.lon[0], ring.lat[0]]}};
"""
TIMELINE_BAND = f"const t = {PLOT.format(ids.TIMELINE)}; return t && t.layout.shapes[0].x0;"
SETTLED = f"""
const t = {PLOT.format(ids.TIMELINE)};
return !!t && document.querySelectorAll('.dash-graph--pending').length === 0
  && t.layout.shapes[0].x0 === document.getElementById('{ids.YEAR_DISPLAY}').textContent + '-01-01';
"""


def drawn(duo):
    """Both plots drawn, the first year painted, and no redraw under way."""
    until(
        lambda: (
            duo.driver.execute_script(MAP_STATE) is not None
            and duo.driver.execute_script(TIMELINE_BAND)
        ),
        timeout=20,
    )
    until(lambda: duo.driver.execute_script(SETTLED), timeout=20)


def expected_state(atlas, year):
    out = {}
    for trace in map_figure(atlas, year).data:
        if (trace.meta or {}).get("role") == "events":
            for j, event_id in enumerate(trace.customdata):
                out[event_id] = [trace.lat[j], trace.marker.opacity[j], trace.marker.size[j]]
    return out


def shown_year(duo):
    return duo.find_element(f"#{ids.YEAR_DISPLAY}").text


def test_page_loads_offline_with_nothing_from_outside(atlas_duo, atlas):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1969")
    drawn(atlas_duo)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=10)
    resources = atlas_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => [r.name, r.responseStatus]);"
    )
    outside = [name for name, _ in resources if not name.startswith(atlas_duo.server_url)]
    failed = [name for name, status in resources if status and not 200 <= status < 400]
    assert outside == [] and failed == []
    assert any(name.endswith("world_110m.json") for name, _ in resources)
    cjk = atlas_duo.driver.execute_async_script(
        "const done = arguments[0];"
        "document.fonts.load(\"20px 'Atlas CJK'\", '珍宝岛').then(f => done(f.length));"
    )
    assert cjk == 1, "the bundled CJK font did not load"
    assert atlas_duo.driver.execute_script(MAP_STATE)["events"] == expected_state(atlas, 1969)
    screenshot(atlas_duo, "desktop-1920x1080-1969")
    assert atlas_duo.get_logs() == []


def test_keyboard_steps_repaint_map_and_timeline(atlas_duo, atlas):
    drawn(atlas_duo)
    thumb = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]")
    for _ in range(3):
        thumb.send_keys(Keys.ARROW_RIGHT)
    until(lambda: shown_year(atlas_duo) == "1953", timeout=10)
    until(lambda: atlas_duo.driver.execute_script(TIMELINE_BAND) == "1953-01-01", timeout=10)
    until(
        lambda: atlas_duo.driver.execute_script(MAP_STATE)["events"] == expected_state(atlas, 1953),
        timeout=10,
    )
    assert "year=1953" in atlas_duo.driver.current_url
    # a category switched off disappears from the map
    atlas_duo.find_element(f"#{ids.CATEGORY_FILTER} input[value='armed conflict']").click()
    until(
        lambda: (
            atlas_duo.driver.execute_script(MAP_STATE)["events"]["korean-war-begins-1950"][0]
            == "hidden"
        ),
        timeout=10,
    )
    assert atlas_duo.get_logs() == []


def click_plot_point(duo, graph_id: str, event_id: str):
    """A real mouse click, at the pixel where Plotly drew the event's marker."""
    x, y = duo.driver.execute_script(f"""
        const gd = {PLOT.format(graph_id)};
        const trace = gd.data.find(t => t.customdata && t.customdata.includes('{event_id}'));
        const j = trace.customdata.indexOf('{event_id}');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.l2p(xa.d2l(trace.x[j])),
                box.top + ya._offset + ya.l2p(ya.d2l(trace.y[j]))];""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        duo.driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
        )
        time.sleep(0.15)


def test_clicking_a_timeline_event_moves_slider_map_and_details(atlas_duo):
    drawn(atlas_duo)
    click_plot_point(atlas_duo, ids.TIMELINE, "border-conflict-1969")
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Border war on the Ussuri", timeout=10)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=10)
    slider = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]")
    assert slider.get_attribute("aria-valuenow") == "1969"
    until(lambda: atlas_duo.driver.execute_script(MAP_STATE)["ring"] == [133.84, 46.49], timeout=10)
    assert "event=border-conflict-1969" in atlas_duo.driver.current_url
    assert atlas_duo.get_logs() == []


def test_an_event_link_opens_that_event(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?event=us-recognises-prc-1979")
    atlas_duo.wait_for_contains_text(
        f"#{ids.DETAILS}", "recognises the People's Republic", timeout=15
    )
    until(lambda: shown_year(atlas_duo) == "1979", timeout=10)
    until(lambda: atlas_duo.driver.execute_script(MAP_STATE)["ring"] == [-77.04, 38.9], timeout=10)
    lon_range = atlas_duo.driver.execute_script(
        f"return {PLOT.format(ids.MAP)}.layout.geo.lonaxis.range"
    )
    assert lon_range[0] < -77.04 < lon_range[1]  # Washington is off the stage: centred on it
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "“The United States of America recognizes")
    screenshot(atlas_duo, "desktop-event-link")
    assert atlas_duo.get_logs() == []


def test_a_bad_link_shows_the_default_view_and_a_notice(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=%3Cscript%3Ealert(1)%3C/script%3E")
    atlas_duo.wait_for_contains_text(
        f"#{ids.NOTICE}", "must be a year from 1917 to 1991", timeout=15
    )
    assert shown_year(atlas_duo) == "1950"
    assert (
        atlas_duo.driver.execute_script(
            "return document.querySelectorAll('script:not([src])').length"
        )
        == 2
    )  # Dash's own config and renderer only
    assert atlas_duo.get_logs() == []


def test_play_animates_and_pauses(atlas_duo):
    drawn(atlas_duo)
    atlas_duo.find_element(f"#{ids.PLAY_BUTTON}").click()
    until(lambda: int(shown_year(atlas_duo)) >= 1952, timeout=10)
    atlas_duo.find_element(f"#{ids.PLAY_BUTTON}").click()
    paused_at = shown_year(atlas_duo)
    time.sleep(2)
    assert shown_year(atlas_duo) == paused_at
    assert atlas_duo.get_logs() == []
