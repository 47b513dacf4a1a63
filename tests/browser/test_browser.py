"""The atlas in headless Chromium with outside hosts blocked: load, scrub, click, link,
keys, projector mode, accessibility, phone, downloads, stories, a teacher's layer."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.atlas.vocabulary import CATEGORIES
from tests.browser.conftest import screenshot, serve
from tests.browser.page import (
    MAP_MARKER,
    MAP_STATE,
    PLOT,
    TIMELINE_BAND,
    TIMELINE_MARKER,
    drawn,
    expected_events,
    map_state,
    mouse,
    press,
    shown_year,
    tip,
)

pytestmark = pytest.mark.browser

# Keep what the page shows at the moment a year step has been painted: proof that the
# step itself repaints, with no server and no Plotly redraw behind it.
CATCH_PAINT = f"""
document.addEventListener('atlas-painted', e => {{
  if (e.detail.year === arguments[0]) window.__painted = (function () {{ {MAP_STATE} }})();
}});
"""


def map_shows(duo, expected) -> bool:
    return map_state(duo)["events"] == expected


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
        "document.fonts.load(\"20px 'Atlas CJK'\", '中文').then(f => done(f.length));"
    )
    assert cjk == 1, "the bundled CJK font did not load"
    assert map_shows(atlas_duo, expected_events(atlas, 1969))
    screenshot(atlas_duo, "desktop-1920x1080-1969")
    assert atlas_duo.get_logs() == []


# What the page asks for on arrival, and each class the map's element has had, recorded
# from before its first script runs.
RECORD_ASKED = """
window.__mapClasses = [];
new MutationObserver(() => {
  const map = document.getElementById('map'), seen = window.__mapClasses;
  if (map && seen[seen.length - 1] !== map.className) seen.push(map.className);
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['class']});
window.__asked = [];
const pageFetch = window.fetch;
window.fetch = function (what) {
  window.__asked.push(['fetch', String(what && what.url || what)]);
  return pageFetch.apply(this, arguments);
};
const xhrOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) {
  window.__asked.push(['xhr', String(url)]);
  return xhrOpen.apply(this, arguments);
};
"""


def test_on_arrival_the_page_asks_once_and_draws_the_map_without_waiting(atlas_duo):
    """A link's view costs one callback request: empty stores do not announce a change
    as they mount, nor the link what the page already has. plotly.js is handed the
    basemap the page preloaded, instead of fetching it itself between its first draws.
    The map's plot is in Dash's first render of the page: dcc's placeholder for a graph
    whose code React has not got yet (which React keeps for 500 ms) never shows."""
    script = atlas_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_ASKED}
    )
    try:
        atlas_duo.driver.get(atlas_duo.server_url + "/?year=1969")
        drawn(atlas_duo)
        time.sleep(1.0)  # anything Dash would still send
        asked = atlas_duo.driver.execute_script("return window.__asked;")
        map_classes = atlas_duo.driver.execute_script("return window.__mapClasses;")
    finally:
        atlas_duo.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    callbacks = [url for _, url in asked if "_dash-update-component" in url]
    assert len(callbacks) == 1, asked
    assert [how for how, url in asked if url.endswith("world_110m.json")] == ["fetch"]
    assert atlas_duo.driver.execute_script("return !!window.PlotlyGeoAssets.topojson.world_110m;")
    assert shown_year(atlas_duo) == "1969"
    assert map_classes and not any("dash-graph--pending" in c for c in map_classes), map_classes


def test_keyboard_steps_repaint_map_and_timeline(atlas_duo, atlas):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1947")
    drawn(atlas_duo)
    # 1947 -> 1950: the zones of Korea and the East Turkestan Republic end
    atlas_duo.driver.execute_script(CATCH_PAINT, 1950)
    before = map_state(atlas_duo)
    thumb = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]")
    for _ in range(3):
        thumb.send_keys(Keys.ARROW_RIGHT)
    until(lambda: shown_year(atlas_duo) == "1950", timeout=10)
    painted = atlas_duo.driver.execute_script("return window.__painted")
    assert painted["events"] == expected_events(atlas, 1950)  # at the moment of the step
    assert painted["periods"] != before["periods"]
    assert "korea-us-zone" in before["periods"] and "korea-us-zone" not in painted["periods"]
    assert atlas_duo.driver.execute_script(TIMELINE_BAND) == "1950"
    until(lambda: "year=1950" in atlas_duo.driver.current_url, timeout=5)
    # a category switched off disappears from the map
    atlas_duo.find_element(f"#{ids.CATEGORY_FILTER} input[value='armed conflict']").click()
    categories = [c for c in CATEGORIES if c != "armed conflict"]
    expected = expected_events(atlas, 1950, categories=categories)
    assert "korean-war-begins-1950" in expected_events(atlas, 1950)
    assert "korean-war-begins-1950" not in expected
    until(lambda: map_shows(atlas_duo, expected), timeout=10)
    assert atlas_duo.get_logs() == []


def click_timeline(duo, event_id: str):
    """A real mouse click, at the pixel where the timeline drew the event's marker."""
    x, y, _ = duo.driver.execute_script(TIMELINE_MARKER, event_id)
    mouse(duo, x, y, click=True)


def ring_on(duo, event_id) -> bool:
    """Both charts ring `event_id`, where they drew it."""
    return duo.driver.execute_script(
        "const ring = id => {"
        " const c = document.querySelector('#' + id + '-overlay circle.atlas-ring');"
        " return c && c.style.display !== 'none' ? [+c.getAttribute('cx'), +c.getAttribute('cy')]"
        " : null; };"
        "const m = atlas.drawnMarker(arguments[0]), t = atlas.timelineMarker(arguments[0]);"
        "const map = ring('map'), tl = ring('timeline');"
        "return !!(m && t && map && tl && Math.abs(map[0] - m.x) < 1 && Math.abs(map[1] - m.y) < 1"
        " && Math.abs(tl[0] - t.x) < 1 && Math.abs(tl[1] - t.y) < 1);",
        event_id,
    )


def test_clicking_a_timeline_event_moves_slider_map_and_details(atlas_duo):
    drawn(atlas_duo)
    click_timeline(atlas_duo, "border-conflict-1969")
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Border war on the Ussuri", timeout=10)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=10)
    slider = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]")
    until(lambda: slider.get_attribute("aria-valuenow") == "1969", timeout=5)
    until(lambda: ring_on(atlas_duo, "border-conflict-1969"), timeout=10)
    until(lambda: "event=border-conflict-1969" in atlas_duo.driver.current_url, timeout=5)
    assert atlas_duo.get_logs() == []


def geo_ranges(duo):
    return duo.driver.execute_script(
        f"const g = {PLOT.format(ids.MAP)}._fullLayout.geo;"
        "return [g.lonaxis.range, g.lataxis.range, g.projection.scale];"
    )


def test_an_event_link_frames_its_event_and_the_tour_shows_its_step_view(atlas_duo):
    from dashboard.atlas.chapters import TOUR, view_of

    atlas_duo.driver.get(atlas_duo.server_url + "/?event=us-recognises-prc-1979")
    atlas_duo.wait_for_contains_text(
        f"#{ids.DETAILS}", "recognises the People's Republic", timeout=15
    )
    drawn(atlas_duo)
    until(lambda: shown_year(atlas_duo) == "1979", timeout=10)
    until(lambda: ring_on(atlas_duo, "us-recognises-prc-1979"), timeout=10)
    until(lambda: geo_ranges(atlas_duo)[0][0] < -77.04 < geo_ranges(atlas_duo)[0][1], timeout=10)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "“The United States of America recognizes")
    screenshot(atlas_duo, "desktop-event-link")
    # the tour step for the same event shows the step's own view: Washington and Beijing
    step = next(n for n, (_, s) in enumerate(TOUR, 1) if s.event == "us-recognises-prc-1979")
    view = view_of(*TOUR[step - 1])
    atlas_duo.driver.get(atlas_duo.server_url + f"/?tour={step}")
    drawn(atlas_duo)
    until(lambda: ring_on(atlas_duo, "us-recognises-prc-1979"), timeout=10)
    (west, east), (south, north), _ = geo_ranges(atlas_duo)
    assert west <= view.west + 0.01 and east >= view.east - 0.01
    assert south <= view.south + 0.01 and north >= view.north - 0.01
    assert west < -77.04 and east > 116.4  # Washington and Beijing
    assert atlas_duo.get_logs() == []


def test_zoom_keeps_the_selected_event_in_view(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?event=border-conflict-1969")
    drawn(atlas_duo)
    until(lambda: ring_on(atlas_duo, "border-conflict-1969"), timeout=10)
    for _ in range(3):  # the + button of the map's modebar: Plotly zooms on the middle
        atlas_duo.find_element(f"#{ids.MAP} .modebar-btn[data-val='in']").click()
        time.sleep(0.6)
    inside = atlas_duo.driver.execute_script(
        "const n = atlas.mapNodes(), e = atlas.drawnMarker('border-conflict-1969');"
        "return !!e && e.x > n.box.x && e.x < n.box.x + n.box.width"
        " && e.y > n.box.y && e.y < n.box.y + n.box.height;"
    )
    lon_range, _, scale = geo_ranges(atlas_duo)
    assert inside and (lon_range[1] - lon_range[0]) / scale < 124 / 4  # zoomed, in view
    until(lambda: ring_on(atlas_duo, "border-conflict-1969"), timeout=10)
    screenshot(atlas_duo, "zoomed-on-zhenbao")


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


def test_play_runs_at_the_chosen_speed_and_stops_at_the_end_of_the_chapter(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1965")  # in "The split", 1956-1968
    drawn(atlas_duo)
    play = atlas_duo.find_element(f"#{ids.PLAY_BUTTON}")
    speed = atlas_duo.find_element(f"#{ids.PLAY_SPEED}")
    assert speed.get_attribute("value") == "2"  # slow enough to read by default
    speed.send_keys("0.5")
    until(lambda: speed.get_attribute("value") == "0.5", timeout=5)
    started = time.monotonic()
    play.click()
    until(lambda: "Pause" in play.text, timeout=5)
    until(lambda: shown_year(atlas_duo) == "1968", timeout=10)
    assert time.monotonic() - started < 4  # three years at half a second each
    until(lambda: "Play" in play.text, timeout=5)  # stopped at the chapter's end
    time.sleep(1.5)
    assert shown_year(atlas_duo) == "1968"
    # from a chapter's last year, Play goes on into the next chapter; Space pauses it
    press(atlas_duo, Keys.SPACE)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=5)
    press(atlas_duo, Keys.SPACE)
    paused_at = shown_year(atlas_duo)
    time.sleep(1.2)
    assert shown_year(atlas_duo) == paused_at and "Play" in play.text
    assert atlas_duo.get_logs() == []


def titles_by_id(atlas):
    return dict(zip(atlas.events["id"], atlas.events["title"]))


def test_keys_and_clicker_drive_the_atlas(atlas_duo, atlas):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1969")
    drawn(atlas_duo)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=10)
    in_order = atlas.events.sort_values("order")
    from_1969 = in_order[in_order["start_year"] >= 1969]
    first, second = from_1969.iloc[0], from_1969.iloc[1]

    press(atlas_duo, Keys.PAGE_DOWN)  # a clicker's "next": the first event of the year
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", first["title"], timeout=10)
    press(atlas_duo, Keys.PAGE_DOWN)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", second["title"], timeout=10)
    until(lambda: shown_year(atlas_duo) == str(second["start_year"]), timeout=10)
    press(atlas_duo, Keys.PAGE_UP)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", first["title"], timeout=10)
    until(lambda: f"event={first['id']}" in atlas_duo.driver.current_url, timeout=5)
    press(atlas_duo, Keys.ESCAPE)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Click an event", timeout=10)

    press(atlas_duo, Keys.ARROW_RIGHT)
    until(lambda: shown_year(atlas_duo) == str(int(first["start_year"]) + 1), timeout=10)
    press(atlas_duo, Keys.HOME)
    until(lambda: shown_year(atlas_duo) == "1917", timeout=10)
    press(atlas_duo, Keys.END)
    until(lambda: shown_year(atlas_duo) == "1991", timeout=10)

    # keys are not taken from a focused field: a checkbox keeps its arrows
    atlas_duo.find_element(f"#{ids.CATEGORY_FILTER} input").send_keys(Keys.ARROW_RIGHT)
    time.sleep(0.5)
    assert shown_year(atlas_duo) == "1991"
    assert atlas_duo.get_logs() == []


def test_page_down_goes_in_time_order_and_a_report_follows_what_it_reports(atlas_duo, atlas):
    titles = titles_by_id(atlas)
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1976")
    drawn(atlas_duo)
    seen = []
    for _ in range(8):
        press(atlas_duo, Keys.PAGE_DOWN, pause=0.3)
        until(lambda: map_state(atlas_duo)["selected"] not in (None, *seen), timeout=5)
        seen.append(map_state(atlas_duo)["selected"])
        if seen[-1] == "keeping-our-cool-memo-1976":
            break
    in_1976 = list(atlas.events[atlas.events["start_year"] == 1976].sort_values("order")["id"])
    assert seen == in_1976
    assert seen.index("soviet-ambassador-walkout-1976") < seen.index("keeping-our-cool-memo-1976")
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", titles[seen[-1]], timeout=10)
    # an arrow key moves on to another year and lets go of the event, in the link too
    press(atlas_duo, Keys.ARROW_RIGHT)
    until(lambda: shown_year(atlas_duo) == "1977", timeout=5)
    until(lambda: "year=1977" in atlas_duo.driver.current_url, timeout=5)
    assert "event=" not in atlas_duo.driver.current_url
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Click an event", timeout=10)


# Every visible piece of text on the page, HTML and SVG alike, with its rendered size.
TEXT_SIZES = """
const out = [];
const visible = el => {
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
    && Number(style.opacity) > 0 && Number(style.fillOpacity) > 0
    && !el.closest('.hoverlayer, .modebar, .atlas-tip, .atlas-glyph');
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, el = node.parentElement;
  if (!node.textContent.trim() || !el || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
  if (!visible(el)) continue;
  out.push([node.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)]);
}
return out;
"""


def test_projector_mode_by_link_and_toggle(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?event=border-conflict-1969&mode=present")
    drawn(atlas_duo)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Border war on the Ussuri", timeout=10)
    root = "return document.documentElement.classList.contains('atlas-present')"
    until(lambda: atlas_duo.driver.execute_script(root), timeout=10)
    toggle = atlas_duo.find_element(f"#{ids.PRESENT_TOGGLE}")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert not atlas_duo.find_element(".atlas-theater-box").is_displayed()  # less chrome
    # a teacher's tools are not the class's: not on the projected screen
    for tools in (".atlas-chapters", ".atlas-lesson", ".atlas-share", ".atlas-yours"):
        assert not atlas_duo.find_element(tools).is_displayed(), tools
    sizes = atlas_duo.driver.execute_script(TEXT_SIZES)
    seen = " | ".join(text for text, _ in sizes)
    for part in ("Border war", "Ussuri border", "armed conflict", "1960", "Heixiazi"):
        assert part in seen  # the check sees slider, timeline axis and lanes, legend, map
    small = [(text, size) for text, size in sizes if size < 18]
    assert small == [], small
    screenshot(atlas_duo, "present-1920x1080")

    toggle.click()
    until(lambda: not atlas_duo.driver.execute_script(root), timeout=10)
    assert toggle.get_attribute("aria-pressed") == "false"
    assert "mode=present" not in atlas_duo.driver.current_url
    toggle.click()
    until(lambda: "mode=present" in atlas_duo.driver.current_url, timeout=10)
    assert atlas_duo.get_logs() == []


# The selected event's title, date, summary and first quote, and whether each is wholly
# in view: inside the window, and not clipped by the side panel's scrolling.
DETAILS_IN_VIEW = f"""
const side = document.querySelector('.atlas-side').getBoundingClientRect();
const parts = ['.atlas-event-title', '.atlas-event-meta', '.atlas-summary', '.atlas-quote'];
return parts.map(sel => {{
  const el = document.querySelector('#{ids.DETAILS} ' + sel);
  if (!el) return [sel, false];
  const b = el.getBoundingClientRect();
  const top = Math.max(0, side.top) - 1, bottom = Math.min(innerHeight, side.bottom) + 1;
  return [sel, b.top >= top && b.bottom <= bottom && b.left >= 0 && b.right <= innerWidth + 1];
}});
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_projector_mode_shows_each_event_whole_after_page_down(atlas_duo, atlas, size):
    from tests.browser.page import open_page

    open_page(atlas_duo, "?chapter=the-split&mode=present", size)
    titles = titles_by_id(atlas)
    scrolled = "return document.querySelector('.atlas-side').scrollTop"
    for step in range(6):
        press(atlas_duo, Keys.PAGE_DOWN if step < 4 else Keys.PAGE_UP, pause=0.3)
        selected = map_state(atlas_duo)["selected"]
        atlas_duo.wait_for_text_to_equal(
            f"#{ids.DETAILS} .atlas-event-title", titles[selected], timeout=10
        )
        time.sleep(0.2)
        parts = atlas_duo.driver.execute_script(DETAILS_IN_VIEW)
        assert all(ok for _, ok in parts), (selected, parts)
        assert atlas_duo.driver.execute_script(scrolled) == 0  # nobody had to scroll
    # the timeline's year axis is on the screen too
    ticks = atlas_duo.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.TIMELINE} .xtick text')]"
        ".map(t => t.getBoundingClientRect().bottom)"
    )
    assert ticks and max(ticks) <= size[1]
    screenshot(atlas_duo, f"present-page-down-{size[0]}x{size[1]}")


def test_reduced_motion_turns_transitions_off(atlas_duo):
    atlas_duo.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    atlas_duo.driver.get(atlas_duo.server_url)
    drawn(atlas_duo)
    durations = atlas_duo.driver.execute_script(
        "return [...document.querySelectorAll('button, input, .dash-slider-thumb')]"
        ".map(el => getComputedStyle(el).transitionDuration)"
    )
    assert durations and set(durations) == {"0s"}


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(
  r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])));
"""


@pytest.mark.parametrize(
    "query, lang",
    [
        ("?year=1969", "en"),
        ("?event=border-conflict-1969&mode=present", "en"),
        ("?event=border-conflict-1969&lang=zh", "zh-Hans"),
        ("?event=border-conflict-1969&mode=present&lang=ru", "ru"),
    ],
)
def test_axe_finds_no_serious_or_critical_violation(atlas_duo, axe_source, query, lang):
    atlas_duo.driver.get(atlas_duo.server_url + "/" + query)
    drawn(atlas_duo)
    atlas_duo.driver.execute_script(axe_source)
    atlas_duo.driver.set_script_timeout(60)
    violations = atlas_duo.driver.execute_async_script(AXE_RUN)
    assert violations == []
    assert atlas_duo.driver.execute_script("return document.documentElement.lang") == lang


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_on_a_phone_nothing_is_wider_than_the_screen_and_all_stays_usable(atlas_duo, atlas, lang):
    atlas_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    title = atlas.events.set_index("id").loc["border-conflict-1969"]
    title = title["title"] if lang == "en" else title[f"title_{lang}"]
    try:
        atlas_duo.driver.get(atlas_duo.server_url + f"/?event=border-conflict-1969&lang={lang}")
        drawn(atlas_duo)
        atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", title, timeout=10)
        too_wide = atlas_duo.driver.execute_script(
            "return [document.documentElement.scrollWidth, [...document.querySelectorAll("
            "'body *')].filter(e => e.getBoundingClientRect().right > 391).length]"
        )
        assert too_wide == [390, 0]
        boxes = {
            name: atlas_duo.find_element(selector).rect
            for name, selector in {
                "map": f"#{ids.MAP} .main-svg",
                "thumb": f"#{ids.YEAR_SLIDER} [role=slider]",
                "play": f"#{ids.PLAY_BUTTON}",
                "details": f"#{ids.DETAILS}",
            }.items()
        }
        assert boxes["map"]["width"] >= 360 and boxes["map"]["height"] >= 180
        assert all(0 <= b["x"] and b["x"] + b["width"] <= 390 for b in boxes.values()), boxes
        assert boxes["thumb"]["width"] >= 24  # big enough for a thumb
        screenshot(atlas_duo, f"phone-390x844-{lang}")
        atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]").send_keys(Keys.ARROW_LEFT)
        until(lambda: shown_year(atlas_duo) == "1968", timeout=10)
        assert atlas_duo.get_logs() == []
    finally:
        atlas_duo.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_map_and_the_events_shown_download(atlas_duo, atlas, tmp_path):
    atlas_duo.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1950")
    drawn(atlas_duo)
    atlas_duo.find_element(f"#{ids.EXPORT_CSV}").click()
    atlas_duo.find_element(f"#{ids.EXPORT_PNG}").click()
    csv_file, png_file = tmp_path / "atlas-events-1950.csv", tmp_path / "atlas-map-1950.png"
    until(lambda: csv_file.exists() and png_file.exists(), timeout=20)
    text = csv_file.read_text(encoding="utf-8-sig")
    assert text.startswith("title,start,end,place,lat,lon,category,summary,source,quote")
    assert len(text.splitlines()) == 1 + int((atlas.events["start_year"] <= 1950).sum())
    check_map_picture(png_file)
    # a lesson's years: the map at the chapter's end with the events of all its years
    atlas_duo.find_element(f"#{ids.EXPORT_RANGE_PNG}").click()
    chapter = tmp_path / "atlas-map-1946-1955.png"
    until(chapter.exists, timeout=20)
    check_map_picture(chapter)
    assert atlas_duo.get_logs() == []


def check_map_picture(path):
    """A PNG of 1920x1080 that the map fills: no white band along any edge, and the
    title, legend and attribution boxes drawn on it."""
    from matplotlib import image

    until(lambda: path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", timeout=10)
    pixels = image.imread(path)[:, :, :3]
    assert pixels.shape[:2] == (1080, 1920)
    white = (pixels > 0.98).all(axis=2)
    edges = {"top": white[0, 800:1400], "bottom": white[-1, 800:1400]}
    edges |= {"left": white[300:800, 0], "right": white[300:800, -1]}
    banded = {edge: bool(row.mean() > 0.5) for edge, row in edges.items()}
    assert banded == dict.fromkeys(edges, False), path.name


def test_chapters_and_the_guided_tour_have_links_and_keep_projector_mode(atlas_duo, atlas):
    from dashboard.atlas.chapters import CHAPTERS, TOUR

    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1950")
    drawn(atlas_duo)
    atlas_duo.find_element(".atlas-chapters a[href='?chapter=the-split']").click()
    atlas_duo.wait_for_contains_text(f"#{ids.STORY}", CHAPTERS[3].intro[:40], timeout=10)
    until(lambda: shown_year(atlas_duo) == "1956", timeout=10)
    until(lambda: "chapter=the-split" in atlas_duo.driver.current_url, timeout=10)
    marked = atlas_duo.find_elements(".atlas-chapters a[aria-current='true']")
    assert [a.get_attribute("href").split("?")[1] for a in marked] == ["chapter=the-split"]

    atlas_duo.driver.get(atlas_duo.server_url + "/?tour=1&mode=present")
    drawn(atlas_duo)
    titles = atlas.events.set_index("id")["title"]
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", titles[TOUR[0][1].event], timeout=10)
    atlas_duo.find_element(f"#{ids.STORY} a[href='?tour=2']").click()
    atlas_duo.wait_for_contains_text(f"#{ids.STORY}", TOUR[1][1].narrative, timeout=10)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", titles[TOUR[1][1].event], timeout=10)
    until(lambda: "tour=2" in atlas_duo.driver.current_url, timeout=10)
    assert "mode=present" in atlas_duo.driver.current_url
    assert atlas_duo.driver.execute_script(
        "return document.documentElement.classList.contains('atlas-present')"
    )
    screenshot(atlas_duo, "tour-step-2-present")
    press(atlas_duo, Keys.ARROW_RIGHT)  # leaving the step: the link says where you are
    until(lambda: "tour=" not in atlas_duo.driver.current_url, timeout=10)
    assert "year=" in atlas_duo.driver.current_url
    assert atlas_duo.get_logs() == []


def test_every_control_is_reached_with_tab_and_shows_focus(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1950")
    drawn(atlas_duo)
    seen, outlines = set(), set()
    for _ in range(60):
        press(atlas_duo, Keys.TAB)
        seen.add(
            atlas_duo.driver.execute_script(
                "const el = document.activeElement;"
                "return el.type === 'checkbox' ? el.value : el.id || el.getAttribute('href')"
                " || el.getAttribute('role') || el.tagName;"
            )
        )
        outlines.add(
            tuple(
                atlas_duo.driver.execute_script(
                    "const el = document.activeElement;"
                    "return [el.tagName + '#' + el.id + (el.getAttribute('href') || ''),"
                    " getComputedStyle(el).outlineStyle]"
                )
            )
        )
    wanted = {ids.PRESENT_TOGGLE, ids.PLAY_BUTTON, "slider", "armed conflict", ids.EXPORT_PNG}
    wanted |= {ids.EXPORT_CSV, "?chapter=the-split", "?tour=1"}
    assert wanted <= seen, wanted - seen
    # a visible focus ring on each (the body has focus only between two rounds of Tab)
    assert [o for o in outlines if o[1] != "solid" and o[0] != "BODY#"] == []


def test_a_teachers_layer_shows_beside_ours_and_can_be_switched_off(dash_duo, atlas, tmp_path):
    from dashboard import create_app
    from dashboard.atlas.vocabulary import YOURS
    from dashboard.classroom.teacher import with_teacher_events
    from dashboard.server.config import Settings
    from tests.unit.test_teacher import GOOD, as_csv

    path = tmp_path / "lesson.csv"
    path.write_bytes(as_csv(GOOD))
    mine = with_teacher_events(atlas, path)
    their_id = mine.events.loc[mine.events["theirs"], "id"].iloc[0]
    serve(dash_duo, create_app(Settings(), mine))
    dash_duo.driver.get(dash_duo.server_url + "/?year=1957")
    drawn(dash_duo)
    expected = expected_events(mine, 1957)
    assert expected[their_id] == "past"
    until(lambda: map_shows(dash_duo, expected), timeout=10)
    dash_duo.find_element(".atlas-theater-box summary").click()  # open the switches
    dash_duo.find_element(f"#{ids.THEATER_FILTER} input[value='{YOURS}']").click()
    hidden = expected_events(
        mine, 1957, theaters=[t for t in set(mine.events.theater) if t != YOURS]
    )
    assert their_id not in hidden
    until(lambda: map_shows(dash_duo, hidden), timeout=10)
    assert dash_duo.get_logs() == []


def stored(duo):
    """The visitor's events as their browser keeps them (dcc.Store, local storage)."""
    import json

    text = duo.driver.execute_script(f"return localStorage.getItem('{ids.YOUR_EVENTS}');")
    return json.loads(text) if text else None


def upload(duo, path):
    duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(path))


def test_a_visitor_uploads_events_keeps_them_in_the_browser_and_removes_them(
    atlas_duo, atlas, tmp_path
):
    from dashboard.atlas.vocabulary import YOURS
    from dashboard.classroom.teacher import MAX_BYTES, check_bytes
    from dashboard.classroom.upload import with_uploads
    from tests.unit.test_teacher import GOOD, as_csv

    atlas_duo.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1957")
    drawn(atlas_duo)
    atlas_duo.find_element(".atlas-yours summary").click()
    lesson = tmp_path / "lesson.csv"
    lesson.write_bytes(as_csv(GOOD, {**GOOD, "title": "Second visit", "lat": "95"}))
    upload(atlas_duo, lesson)
    atlas_duo.wait_for_contains_text(f"#{ids.UPLOAD_REPORT}", "Added 1 event", timeout=10)
    report = atlas_duo.find_element(f"#{ids.UPLOAD_REPORT}").text
    assert "lesson.csv, row 3, field 'lat'" in report

    # the layer: on the map and the timeline exactly as the Python figures draw it
    store = stored(atlas_duo)
    mine = with_uploads(atlas, store)
    expected = expected_events(mine, 1957)
    assert any(k.startswith("upload-") for k in expected)
    until(lambda: map_shows(atlas_duo, expected), timeout=10)
    lanes = f"return {PLOT.format(ids.TIMELINE)}.layout.yaxis.ticktext;"
    # the timeline is stacked again beside the page (a worker): it follows the map
    until(lambda: YOURS in atlas_duo.driver.execute_script(lanes), timeout=10)
    atlas_duo.wait_for_contains_text(f"#{ids.YOURS_STATUS}", "1 from lesson.csv", timeout=10)

    # kept in this browser: a reload shows them again, and PageDown reaches them
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1956")
    drawn(atlas_duo)
    until(lambda: map_shows(atlas_duo, expected_events(mine, 1956)), timeout=15)
    title = (
        f"return (document.querySelector('#{ids.DETAILS} .atlas-event-title') || {{}}).textContent"
    )
    for _ in range(6):  # through 1956 in time order, to theirs (May)
        before = atlas_duo.driver.execute_script(title)
        press(atlas_duo, Keys.PAGE_DOWN)
        until(lambda was=before: atlas_duo.driver.execute_script(title) != was, timeout=10)
        if atlas_duo.driver.execute_script(title) == GOOD["title"]:
            break
    assert atlas_duo.driver.execute_script(title) == GOOD["title"]
    assert "not checked by the atlas" in atlas_duo.find_element(f"#{ids.DETAILS}").text.lower()
    assert "event=" not in atlas_duo.driver.current_url  # a link cannot name it

    # the CSV export has theirs beside ours
    atlas_duo.find_element(f"#{ids.EXPORT_CSV}").click()
    exported = tmp_path / "atlas-events-1956.csv"
    until(exported.exists, timeout=10)
    assert GOOD["title"] in exported.read_text(encoding="utf-8-sig")

    # a file too big is refused before it is sent, and what was there stays
    big = tmp_path / "big.csv"
    big.write_bytes(as_csv(GOOD) + b"x" * MAX_BYTES)
    atlas_duo.find_element(".atlas-yours summary").click()
    upload(atlas_duo, big)
    atlas_duo.wait_for_contains_text(f"#{ids.UPLOAD_REPORT}", "big.csv is over 1 MB", timeout=10)
    assert stored(atlas_duo) == store
    assert map_shows(atlas_duo, expected_events(mine, 1956))

    # the template downloads; its rows are plainly examples, which the checks ask to replace
    atlas_duo.find_element(f"#{ids.TEMPLATE_CSV}").click()
    template = tmp_path / "atlas-your-events-template.csv"
    until(template.exists, timeout=10)
    until(lambda: check_bytes(template.read_bytes(), template.name).problems, timeout=10)
    problems = check_bytes(template.read_bytes(), template.name).problems
    assert problems and all("template's example rows" in p for p in problems)

    # removed: off the map, the timeline and the browser's storage
    atlas_duo.find_element(f"#{ids.REMOVE_YOURS}").click()
    until(lambda: map_shows(atlas_duo, expected_events(atlas, 1956)), timeout=10)
    until(lambda: stored(atlas_duo) == {"files": []}, timeout=10)
    assert YOURS not in atlas_duo.driver.execute_script(
        f"return {PLOT.format(ids.TIMELINE)}.layout.yaxis.ticktext;"
    )
    assert atlas_duo.find_element(f"#{ids.DETAILS}").text.startswith("Click an event")
    screenshot(atlas_duo, "your-events-removed")
    assert atlas_duo.get_logs() == []


def test_a_link_opens_the_atlas_in_chinese_and_a_switch_keeps_the_moment(atlas_duo, atlas):
    event = atlas.events.set_index("id").loc["border-conflict-1969"]
    atlas_duo.driver.get(atlas_duo.server_url + "/?year=1969&event=border-conflict-1969&lang=zh")
    drawn(atlas_duo)
    script = atlas_duo.driver.execute_script
    assert script("return document.documentElement.lang") == "zh-Hans"
    assert atlas_duo.find_element(".atlas-title").text == "中国与苏维埃政权"
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", event["title_zh"], timeout=10)
    details = atlas_duo.find_element(f"#{ids.DETAILS}").text
    assert event["summary_zh"] in details and "1969年3月" in details
    assert event["sources"][0]["quote"] in details  # quotes stay in their own language
    assert "机器翻译" in details
    assert "边境战争" in atlas_duo.find_element(f"#{ids.YEAR_SLIDER}").text
    lanes = script(f"return {PLOT.format(ids.TIMELINE)}.layout.yaxis.ticktext;")
    assert "东北" in lanes and "Manchuria" not in lanes
    x, y, _ = script(MAP_MARKER, "border-conflict-1969")
    mouse(atlas_duo, x, y)
    assert (tip(atlas_duo) or "").startswith(event["title_zh"])  # the pointer's label too
    thumb = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]")
    assert thumb.get_attribute("aria-label") == "年份"
    play = atlas_duo.find_element(f"#{ids.PLAY_BUTTON}")
    assert play.text == "▶ 播放"
    play.click()
    until(lambda: play.text == "❚❚ 暂停", timeout=5)
    play.click()
    until(lambda: play.text == "▶ 播放", timeout=5)
    toggle = atlas_duo.find_element(f"#{ids.PRESENT_TOGGLE}")
    toggle.click()
    until(lambda: toggle.text == "退出投影模式", timeout=5)
    toggle.click()
    until(lambda: toggle.text == "投影模式", timeout=5)

    # the switch: the same year and event, now in Russian
    atlas_duo.find_element("a.atlas-lang-link[href='?lang=ru']").click()
    until(lambda: script("return document.documentElement.lang") == "ru", timeout=10)
    drawn(atlas_duo)
    url = atlas_duo.driver.current_url
    assert "year=1969" in url and "event=border-conflict-1969" in url and "lang=ru" in url
    assert shown_year(atlas_duo) == "1969"
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", event["title_ru"], timeout=10)
    assert atlas_duo.find_element(".atlas-title").text == "Китай и советская власть"
    # a chapter link keeps the language, inside the page
    atlas_duo.find_element(".atlas-chapters a[href='?chapter=the-split&lang=ru']").click()
    atlas_duo.wait_for_contains_text(f"#{ids.STORY}", "Раскол", timeout=10)
    assert "lang=ru" in atlas_duo.driver.current_url
    assert atlas_duo.get_logs() == []


def test_projector_mode_in_russian_keeps_every_text_at_18_px(atlas_duo):
    atlas_duo.driver.get(atlas_duo.server_url + "/?event=border-conflict-1969&mode=present&lang=ru")
    drawn(atlas_duo)
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Пограничная война", timeout=10)
    sizes = atlas_duo.driver.execute_script(TEXT_SIZES)
    seen = " | ".join(text for text, _ in sizes)
    assert "Категории".upper() in seen.upper() and "Уссури" in seen
    small = [(text, size) for text, size in sizes if size < 18]
    assert small == [], small
    screenshot(atlas_duo, "present-1920x1080-ru")
