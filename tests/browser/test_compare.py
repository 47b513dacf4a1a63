"""Two years compared (issue 24) in headless Chromium: by link and by the page's
controls at 1920x1080, 1366x768 and 390x844; one extent and zoom for both maps, the
place under the pointer marked on the other, an event opened from the list, keys and
the clicker, the link's round trip, the PNG of both maps, three languages."""

from __future__ import annotations

import shutil
import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.support.ui import Select

from dashboard import ids
from dashboard.figures.compare_figure import compare_figure
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.page import SIZES as SCREENS
from tests.browser.page import drawn, mouse, open_page, press

pytestmark = pytest.mark.browser

SIZES = list(SCREENS.values())

# What the comparison shows, or null while it is not drawn: the pair, both maps (their
# boxes, the events and territories they hold, their view), what changed, the link.
COMPARED = f"""
const root = document.documentElement;
const gds = ['{ids.COMPARE_MAP_A}', '{ids.COMPARE_MAP_B}']
  .map(id => document.querySelector('#' + id + ' .js-plotly-plot'));
if (!root.classList.contains('atlas-comparing') || !atlas.compare) return null;
if (!gds.every(g => g && g._fullLayout && g._fullLayout.geo && g._fullLayout.geo._subplot
                   && g.querySelector('.geo g.trace'))) return null;
const rect = el => {{ const b = el.getBoundingClientRect();
  return {{x: b.left, y: b.top, w: b.width, h: b.height}}; }};
const role = (g, r) => g.data.filter(t => t.meta && t.meta.role === r);
const main = document.getElementById('{ids.MAP}');
return {{
  pair: atlas.compare,
  link: location.search,
  titles: [...document.querySelectorAll('.atlas-compare-year-title')].map(e => e.textContent),
  boxes: gds.map(rect),
  events: gds.map(g => role(g, 'events').flatMap(t => t.customdata).sort()),
  periods: gds.map(g => role(g, 'periods').flatMap(t => t.locations).sort()),
  views: gds.map(g => {{ const geo = g._fullLayout.geo;
    return [geo.projection.scale, geo.center.lon, geo.center.lat]; }}),
  mainHidden: main.getBoundingClientRect().width === 0,
  changes: document.getElementById('{ids.COMPARE_CHANGES}').textContent,
  width: document.documentElement.scrollWidth,
  viewport: [window.innerWidth, window.innerHeight]
}};
"""


def compared(duo, pair: str, timeout: float = 30):
    """Wait until the pair is drawn; what it shows."""
    until(lambda: (duo.driver.execute_script(COMPARED) or {}).get("pair") == pair, timeout)
    time.sleep(0.3)  # the link is written 120 ms after a change
    return duo.driver.execute_script(COMPARED)


def shown_ids(atlas, year: int) -> list[str]:
    traces = compare_figure(atlas, year)["data"]
    return sorted(
        i for t in traces if (t.get("meta") or {}).get("role") == "events" for i in t["customdata"]
    )


def check_layout(state, size):
    a, b = state["boxes"]
    width, _ = size
    assert state["mainHidden"]  # the two maps take the main map's place
    assert state["width"] <= width + 1  # nothing wider than the screen
    for box in (a, b):
        assert box["w"] > 150 and box["h"] > 150
        assert box["x"] >= 0 and box["x"] + box["w"] <= width + 1
    if width > 900:  # side by side, of one size
        assert abs(a["y"] - b["y"]) < 2 and a["x"] + a["w"] <= b["x"]
        assert abs(a["w"] - b["w"]) < 2 and abs(a["h"] - b["h"]) < 2
        assert b["y"] + b["h"] <= state["viewport"][1]  # both whole on the screen
    else:  # one above the other
        assert b["y"] >= a["y"] + a["h"]


def check_1950_1969(state, atlas):
    assert state["titles"] == ["1950", "1969"]
    assert state["events"] == [shown_ids(atlas, 1950), shown_ids(atlas, 1969)]
    assert "soviet-port-arthur-dalian" in state["periods"][0]
    assert "soviet-port-arthur-dalian" not in state["periods"][1]
    assert "zhenbao-damansky-island" in state["periods"][1]
    assert state["views"][0] == state["views"][1]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_two_years_by_link_and_by_control(atlas_duo, atlas, size):
    # by link, in either order
    open_page(atlas_duo, "?compare=1969,1950", size)
    state = compared(atlas_duo, "1950,1969")
    check_1950_1969(state, atlas)
    check_layout(state, size)
    assert "compare=1950%2C1969" in state["link"]
    changes = state["changes"]
    assert "What changed from 1950 to 1969" in changes
    assert "Soviet-held Port Arthur and Dalian" in changes  # ended
    assert "Zhenbao / Damansky Island (disputed)" in changes  # appeared
    assert "Soviet naval base at Port Arthur (Lüshun)" in changes  # came and went
    assert "The split (1956–1968)" in changes  # the events in between, by chapter
    screenshot(atlas_duo, f"compare-link-{size[0]}x{size[1]}")

    # the key C closes it: one map again, and the link lets go of the pair
    press(atlas_duo, "c")
    until(lambda: atlas_duo.driver.execute_script("return atlas.compare") is None, 10)
    time.sleep(0.3)
    assert "compare" not in atlas_duo.driver.execute_script("return location.search")
    box = atlas_duo.driver.execute_script(
        f"return document.getElementById('{ids.MAP}').getBoundingClientRect().width"
    )
    assert box > 150
    screenshot(atlas_duo, f"compare-closed-{size[0]}x{size[1]}")

    # by control: the page's year (1950, the link's) with the year chosen
    Select(atlas_duo.find_element(f"#{ids.COMPARE_WITH}")).select_by_value("1969")
    state = compared(atlas_duo, "1950,1969")
    check_1950_1969(state, atlas)
    check_layout(state, size)
    # and each year's own picker
    Select(atlas_duo.find_element(f"#{ids.COMPARE_A}")).select_by_value("1945")
    state = compared(atlas_duo, "1945,1969")
    assert state["titles"] == ["1945", "1969"]
    assert "Manchukuo" in state["changes"]
    screenshot(atlas_duo, f"compare-control-{size[0]}x{size[1]}")
    assert atlas_duo.get_logs() == []


# One place under the pointer on the left map: where it is on the right one.
MARK = f"""
const a = document.querySelector('#{ids.COMPARE_MAP_A} .js-plotly-plot');
const b = document.querySelector('#{ids.COMPARE_MAP_B} .js-plotly-plot');
const mark = document.querySelector('#{ids.COMPARE_MAP_B}-overlay .atlas-compare-mark');
const at = a._fullLayout.geo._subplot.projection([arguments[0], arguments[1]]);
const box = a.getBoundingClientRect();
const there = b._fullLayout.geo._subplot.projection([arguments[0], arguments[1]]);
const shown = mark && getComputedStyle(mark).display !== 'none';
const m = mark && mark.getBoundingClientRect(), bbox = b.getBoundingClientRect();
return {{pointer: [box.left + at[0], box.top + at[1]], shown: !!shown,
         mark: shown ? [m.left + m.width / 2 - bbox.left, m.top + m.height / 2 - bbox.top] : null,
         there: there}};
"""


# An event drawn on a compared map with no other within 30 px: [id, x, y] (client px).
ALONE = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
const project = gd._fullLayout.geo._subplot.projection, box = gd.getBoundingClientRect();
const spots = [];
gd.data.filter(t => t.meta && t.meta.role === 'events' && t.meta.layer === 'current')
  .forEach(t => t.customdata.forEach((id, k) => {
    const xy = project([t.lon[k], t.lat[k]]);
    if (xy) spots.push([id, xy[0], xy[1]]);
  }));
const all = gd.data.filter(t => t.meta && t.meta.role === 'events')
  .flatMap(t => t.lon.map((lon, k) => project([lon, t.lat[k]]))).filter(Boolean);
const alone = spots.find(([id, x, y]) => x > 40 && y > 40 && x < box.width - 40
  && y < box.height - 40
  && all.filter(p => Math.hypot(p[0] - x, p[1] - y) < 30).length === 1);
return alone ? [alone[0], box.left + alone[1], box.top + alone[2]] : null;
"""


def test_one_view_for_both_maps_a_place_marked_on_both_and_events_opened(atlas_duo, atlas):
    open_page(atlas_duo, "?compare=1950,1969")
    compared(atlas_duo, "1950,1969")
    # zooming one map zooms the other
    atlas_duo.driver.execute_script(
        f"Plotly.relayout(document.querySelector('#{ids.COMPARE_MAP_A} .js-plotly-plot'),"
        " {'geo.projection.scale': 2.5, 'geo.center.lon': 125, 'geo.center.lat': 45});"
    )
    until(lambda: atlas_duo.driver.execute_script(COMPARED)["views"][1][0] == 2.5, 10)
    views = atlas_duo.driver.execute_script(COMPARED)["views"]
    assert views[0] == views[1] == [2.5, 125, 45]

    # the map's own zoom button on the right map zooms the left one too
    atlas_duo.find_element(f"#{ids.COMPARE_MAP_B} .modebar-btn[data-title='Zoom in']").click()
    until(lambda: atlas_duo.driver.execute_script(COMPARED)["views"][0][0] > 2.5, 10)
    views = atlas_duo.driver.execute_script(COMPARED)["views"]
    assert views[0] == views[1]
    atlas_duo.driver.execute_script(
        f"Plotly.relayout(document.querySelector('#{ids.COMPARE_MAP_A} .js-plotly-plot'),"
        " {'geo.projection.scale': 2.5, 'geo.center.lon': 125, 'geo.center.lat': 45});"
    )
    until(lambda: atlas_duo.driver.execute_script(COMPARED)["views"][1][0] == 2.5, 10)

    # a click on an event drawn on the right map opens it
    spot = atlas_duo.driver.execute_script(ALONE, ids.COMPARE_MAP_B)
    assert spot is not None
    mouse(atlas_duo, spot[1], spot[2], click=True)
    title = atlas.events.set_index("id").at[spot[0], "title"]
    until(lambda: title in atlas_duo.find_element(f"#{ids.DETAILS}").text, 10)
    atlas_duo.driver.execute_script("atlas.select(null)")

    # the pointer over Harbin on the left map marks Harbin on the right one
    where = atlas_duo.driver.execute_script(MARK, 126.6, 45.75)
    mouse(atlas_duo, *where["pointer"])
    where = atlas_duo.driver.execute_script(MARK, 126.6, 45.75)
    assert where["shown"]
    assert abs(where["mark"][0] - where["there"][0]) < 3
    assert abs(where["mark"][1] - where["there"][1]) < 3

    # an event in the list of what changed opens its details, ringed where it is drawn
    first = atlas_duo.find_element(".atlas-compare-event")
    event = first.get_attribute("data-event")
    title = atlas.events.set_index("id").at[event, "title"]
    first.click()
    until(lambda: title in atlas_duo.find_element(f"#{ids.DETAILS}").text, 10)
    ring = (
        "const r = document.querySelector('#{}-overlay .atlas-compare-ring');"
        " return !!r && getComputedStyle(r).display !== 'none';"
    )
    assert atlas_duo.driver.execute_script(ring.format(ids.COMPARE_MAP_B))  # drawn in 1969
    assert not atlas_duo.driver.execute_script(ring.format(ids.COMPARE_MAP_A))  # not yet in 1950

    # the clicker walks the events in between; the details follow
    listed = [
        b.get_attribute("data-event")
        for b in atlas_duo.find_elements("#compare-changes .atlas-compare-event")
    ]
    atlas_duo.driver.execute_script("document.activeElement.blur()")
    press(atlas_duo, "\ue00f")  # Page Down
    second = atlas.events.set_index("id").at[listed[1], "title"]
    until(lambda: second in atlas_duo.find_element(f"#{ids.DETAILS}").text, 10)
    assert atlas_duo.driver.execute_script("return atlas.state.selected") == listed[1]

    # → steps the later year; the link keeps the pair and the event, and restores both
    press(atlas_duo, "\ue014")  # Arrow Right
    state = compared(atlas_duo, "1950,1970")
    assert state["titles"] == ["1950", "1970"]
    kept = [[2.5, 125, 45]] * 2  # the view is kept
    until(lambda: atlas_duo.driver.execute_script(COMPARED)["views"] == kept, 10)
    link = state["link"]
    assert "compare=1950%2C1970" in link and f"event={listed[1]}" in link
    atlas_duo.driver.get(atlas_duo.server_url + "/" + link)
    drawn(atlas_duo)
    again = compared(atlas_duo, "1950,1970")
    assert again["titles"] == ["1950", "1970"]
    assert atlas_duo.driver.execute_script("return atlas.state.selected") == listed[1]
    until(lambda: second in atlas_duo.find_element(f"#{ids.DETAILS}").text, 10)
    assert atlas_duo.get_logs() == []


def test_both_maps_download_as_one_picture_and_the_print_links_follow(atlas_duo, tmp_path):
    atlas_duo.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    open_page(atlas_duo, "?compare=1950,1969&lang=zh")
    compared(atlas_duo, "1950,1969")
    assert "从1950年到1969年的变化" in atlas_duo.find_element(f"#{ids.COMPARE_CHANGES}").text
    assert "苏联控制的旅顺和大连" in atlas_duo.find_element(f"#{ids.COMPARE_CHANGES}").text
    href = atlas_duo.find_element(f"#{ids.COMPARE_PRINT}").get_attribute("href")
    assert href.endswith("/print/compare?compare=1950%2C1969&lang=zh")
    atlas_duo.find_element(f"#{ids.COMPARE_PNG}").click()
    picture = tmp_path / "atlas-compare-1950-1969.png"
    until(lambda: picture.exists() and picture.read_bytes()[:4] == b"\x89PNG", timeout=30)
    from matplotlib import image

    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(picture, ARTIFACTS / "compare-picture-zh-1950-1969.png")  # to look at
    pixels = image.imread(picture)[:, :, :3]
    assert pixels.shape[:2] == (1080, 1920)
    for x in (480, 1440):  # each half holds a map: not blank under the titles
        assert (pixels[300:900, x - 200 : x + 200] < 0.95).any(axis=2).mean() > 0.3
    screenshot(atlas_duo, "compare-zh-1920x1080")
    # projector mode keeps the two maps side by side
    atlas_duo.find_element(f"#{ids.PRESENT_TOGGLE}").click()
    time.sleep(0.8)
    state = atlas_duo.driver.execute_script(COMPARED)
    check_layout(state, (1920, 1080))
    from tests.browser.test_browser import TEXT_SIZES

    small = [(t, px) for t, px in atlas_duo.driver.execute_script(TEXT_SIZES) if px < 18]
    assert small == []  # projector mode: no text under 18 px, the comparison's included
    screenshot(atlas_duo, "compare-present-zh-1920x1080")
    assert atlas_duo.get_logs() == []


def test_a_bad_pair_in_a_link_says_so_in_the_pages_language(atlas_duo):
    open_page(atlas_duo, "?compare=1950,1950&lang=ru")
    until(lambda: "1917" in atlas_duo.find_element(f"#{ids.COMPARE_NOTICE}").text, 10)
    assert "Для сравнения" in atlas_duo.find_element(f"#{ids.COMPARE_NOTICE}").text
    assert atlas_duo.driver.execute_script("return atlas.compare") is None
    # the control still works, and what changed is in Russian
    Select(atlas_duo.find_element(f"#{ids.COMPARE_WITH}")).select_by_value("1969")
    state = compared(atlas_duo, "1950,1969")
    assert "Что изменилось с 1950 по 1969 год" in state["changes"]
    assert "Порт-Артур и Далянь под контролем СССР" in state["changes"]
    screenshot(atlas_duo, "compare-ru-1920x1080")
    assert atlas_duo.get_logs() == []


def test_axe_finds_no_serious_or_critical_violation_while_comparing(atlas_duo, axe_source):
    from tests.browser.test_browser import AXE_RUN

    open_page(atlas_duo, "?compare=1950,1969&mode=present&lang=zh")
    compared(atlas_duo, "1950,1969")
    atlas_duo.driver.execute_script(axe_source)
    atlas_duo.driver.set_script_timeout(60)
    assert atlas_duo.driver.execute_async_script(AXE_RUN) == []


def test_the_pair_prints_from_the_browser(atlas_duo):
    import base64
    import io

    from pypdf import PdfReader

    open_page(atlas_duo, "?compare=1950,1969&lang=zh")
    compared(atlas_duo, "1950,1969")
    href = atlas_duo.find_element(f"#{ids.COMPARE_PRINT}").get_attribute("href")
    atlas_duo.driver.get(href)
    until(
        lambda: atlas_duo.driver.execute_script(
            "const i = [...document.images]; return i.length === 2"
            " && i.every(m => m.complete && m.naturalWidth > 1000);"
        ),
        timeout=60,
    )
    screenshot(atlas_duo, "compare-print-zh")
    pdf = atlas_duo.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(base64.b64decode(pdf["data"]))).pages
    )
    text = "".join(text.split())  # the extraction spaces Chinese out
    assert "1950年与1969年比较" in text and "苏联控制的旅顺和大连" in text
    assert atlas_duo.get_logs() == []
