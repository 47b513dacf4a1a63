"""The map fills the screen (issue 21): its frame filled at every size and mode, the big
map for projecting, a view for every chapter and tour step, and every event of the year
in reach, whatever the size.

Each test opens the page as a visitor would and reads what the page drew; the geometry
is Plotly's own (the map's clip box) and the page's (its markers and edge markers).
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.atlas.chapters import STAGE, TOUR, view_of
from tests.browser.conftest import screenshot
from tests.browser.page import (
    LONLAT,
    SIZES,
    TEXT_BOXES,
    current_ids,
    label_problems,
    map_state,
    mouse,
    open_page,
    press,
    shown_year,
    tip,
)

pytestmark = pytest.mark.browser


# How much of the map's box (inside its border) the drawn sea and land cover, and the
# view's lon/lat ranges.
COVER = f"""
const gd = document.querySelector('#{ids.MAP} .js-plotly-plot');
const box = gd.closest('.atlas-map'), outer = box.getBoundingClientRect();
const inner = {{left: outer.left + box.clientLeft, top: outer.top + box.clientTop,
               width: box.clientWidth, height: box.clientHeight}};
const g = gd.getBoundingClientRect(), b = gd._fullLayout.geo._subplot.bounds;
const x0 = Math.max(inner.left, g.left + b[0][0]);
const x1 = Math.min(inner.left + inner.width, g.left + b[1][0]);
const y0 = Math.max(inner.top, g.top + b[0][1]);
const y1 = Math.min(inner.top + inner.height, g.top + b[1][1]);
const geo = gd._fullLayout.geo;
return {{cover: Math.max(0, x1 - x0) * Math.max(0, y1 - y0) / (inner.width * inner.height),
        width: inner.width, height: inner.height,
        lon: geo.lonaxis.range, lat: geo.lataxis.range}};
"""

# For every year: each event of the year (as the Python rules say), where a click on the
# map would go for it (its marker in the visible frame, else its edge marker), and
# whether the page's own hit-testing and the browser's element there agree that the
# click reaches it. Also the year's markers that touch, and faded ones under them.
REACH = f"""
const years = arguments[0];
const out = {{missing: [], wrong: [], covered: [], touching: [], under: []}};
const gd = document.querySelector('#{ids.MAP} .js-plotly-plot');
for (const [year, ids] of years) {{
  atlas.setYear(year);
  const n = atlas.mapNodes(), g = gd.getBoundingClientRect();
  const seen = n.shown.filter(e => e.base && e.layer === 'current'
                                  && atlas.inView([e.x, e.y], n.box));
  for (const id of ids) {{
    const at = seen.find(e => e.id === id) || (n.offmap || []).find(o => o.id === id);
    if (!at) {{ out.missing.push([year, id]); continue; }}
    const hit = atlas.eventAt([at.x, at.y]);
    if (!hit || hit.id !== id) out.wrong.push([year, id, hit && hit.id]);
    const el = document.elementFromPoint(g.left + at.x, g.top + at.y);
    if (!el || !gd.contains(el)) {{
      out.covered.push([year, id, el && (el.id || el.className.baseVal || el.className)]);
    }}
  }}
  for (let i = 0; i < seen.length; i++) for (let j = i + 1; j < seen.length; j++) {{
    const a = seen[i], b = seen[j];
    if (Math.hypot(a.x - b.x, a.y - b.y) < (a.size + b.size) / 2 + 1) {{
      out.touching.push([year, a.id, b.id]);
    }}
  }}
  n.shown.filter(e => e.base && e.layer === 'past').forEach(p => seen.forEach(c => {{
    if (Math.hypot(p.x - c.x, p.y - c.y) < (p.size + c.size) / 2) {{
      out.under.push([year, p.id, c.id]);
    }}
  }}));
  const off = n.offmap || [];
  for (let i = 0; i < off.length; i++) for (let j = i + 1; j < off.length; j++) {{
    const d = Math.hypot(off[i].x - off[j].x, off[i].y - off[j].y);
    if (d < off[i].size + 1) out.touching.push([year, off[i].id, off[j].id]);
  }}
}}
return out;
"""


# What the big map's caption covers: the year's markers, edge markers and names.
CAPTION_HIDES = f"""
const cap = document.getElementById('{ids.MAP_CAPTION}').getBoundingClientRect();
const gd = document.querySelector('#{ids.MAP} .js-plotly-plot').getBoundingClientRect();
const n = atlas.mapNodes(), out = [];
const under = (x, y, r) => x + r > cap.left && x - r < cap.right
  && y + r > cap.top && y - r < cap.bottom;
n.shown.filter(e => e.base && e.layer === 'current' && atlas.inView([e.x, e.y], n.box))
  .concat(n.offmap || []).forEach(e => {{
    if (under(gd.left + e.x, gd.top + e.y, e.size / 2)) out.push(e.id);
  }});
document.querySelectorAll('#{ids.MAP_OVERLAY} .atlas-map-label').forEach(el => {{
  const b = el.getBoundingClientRect();
  if (getComputedStyle(el).display !== 'none' && b.right > cap.left && b.left < cap.right
      && b.bottom > cap.top && b.top < cap.bottom) out.push(el.getAttribute('data-label'));
}});
return out;
"""


def cover(duo):
    return duo.driver.execute_script(COVER)


def shows_the_stage(lon_range) -> bool:
    return lon_range[0] <= STAGE.west and lon_range[1] >= STAGE.east


@pytest.mark.parametrize("size", SIZES)
def test_the_map_fills_its_frame_in_every_mode(atlas_duo, size):
    for query in ("?year=1969", "?year=1969&mode=present", "?year=1969&view=map", "?tour=24"):
        open_page(atlas_duo, query, SIZES[size])
        state = cover(atlas_duo)
        assert state["cover"] >= 0.98, (size, query, state)
        # the stage (or the step's view) is all in it: it was widened, not cut
        view = view_of(*TOUR[23]) if "tour" in query else STAGE
        assert state["lon"][0] <= view.west + 0.01 and state["lon"][1] >= view.east - 0.01, state
        assert state["lat"][0] <= view.south + 0.01 and state["lat"][1] >= view.north - 0.01, state
    # resized: fitted again to the new frame
    atlas_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    until(lambda: cover(atlas_duo)["cover"] >= 0.98, timeout=10)


def test_the_big_map_for_projecting(atlas_duo, atlas):
    open_page(atlas_duo, "?event=border-conflict-1969&mode=present&view=map", (1366, 768))
    state = cover(atlas_duo)
    assert state["width"] >= 1200 and state["height"] >= 330, state
    caption = atlas_duo.find_element(f"#{ids.MAP_CAPTION}").text
    assert "1969" in caption and "Border war on the Ussuri" in caption, caption
    assert "March 1969" in caption
    assert not atlas_duo.find_element(f"#{ids.DETAILS}").is_displayed()  # the side steps back
    timeline = atlas_duo.find_element(f"#{ids.TIMELINE}").rect
    assert 100 <= timeline["height"] <= 200, timeline  # a strip, still there
    screenshot(atlas_duo, "big-map-1366x768")

    # keys work as everywhere: a year on, the caption follows; M leaves, and the link says so
    press(atlas_duo, Keys.ARROW_RIGHT)
    until(lambda: shown_year(atlas_duo) == "1970", timeout=10)
    until(lambda: "1970" in atlas_duo.find_element(f"#{ids.MAP_CAPTION}").text, timeout=10)
    until(lambda: "view=map" in atlas_duo.driver.current_url, timeout=10)
    press(atlas_duo, "m")
    until(lambda: "view=map" not in atlas_duo.driver.current_url, timeout=10)
    assert atlas_duo.find_element(f"#{ids.DETAILS}").is_displayed()
    until(lambda: cover(atlas_duo)["width"] < 1100, timeout=10)
    until(lambda: cover(atlas_duo)["cover"] >= 0.98, timeout=10)

    # and the button brings it back, pressed
    atlas_duo.find_element(f"#{ids.BIG_MAP_TOGGLE}").click()
    until(lambda: "view=map" in atlas_duo.driver.current_url, timeout=10)
    toggle = atlas_duo.find_element(f"#{ids.BIG_MAP_TOGGLE}")
    assert toggle.get_attribute("aria-pressed") == "true"
    until(lambda: cover(atlas_duo)["width"] >= 1200, timeout=10)

    # the caption hides none of the year's markers, edge markers or names
    for query in ("?tour=24&mode=present&view=map", "?year=1976&view=map", "?year=1950&view=map"):
        open_page(atlas_duo, query, (1366, 768))
        hidden = atlas_duo.driver.execute_script(CAPTION_HIDES)
        assert hidden == [], (query, hidden)


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_the_ussuri_step_shows_and_names_zhenbao_and_the_rivers(atlas_duo, lang):
    open_page(atlas_duo, f"?tour=24&mode=present&lang={lang}", (1366, 768))
    state = map_state(atlas_duo)
    assert state["selected"] == "border-conflict-1969"
    assert {"r-amur", "r-ussuri", "t-zhenbao-damansky-island"} <= set(state["labels"]), state
    problems = label_problems(atlas_duo.driver.execute_script(TEXT_BOXES))
    assert problems == [], problems
    view = cover(atlas_duo)
    assert view["lon"][1] - view["lon"][0] < 60, view  # zoomed in: not the stage
    screenshot(atlas_duo, f"tour-24-1366x768-{lang}")

    # a year on, the page has left the step: the overview again
    press(atlas_duo, Keys.ARROW_RIGHT)
    until(lambda: shows_the_stage(cover(atlas_duo)["lon"]), timeout=10)


def test_a_chapter_link_opens_on_its_view_and_the_washington_step_cuts_no_name(atlas_duo):
    open_page(atlas_duo, "?chapter=railway-xinjiang-japan", (1920, 1080))
    view = cover(atlas_duo)
    assert view["lon"][0] >= 40 and view["lat"][0] > 10, view  # the chapter's, not the stage
    for size in SIZES.values():
        open_page(atlas_duo, "?tour=29", size)
        state = map_state(atlas_duo)
        assert state["selected"] == "us-recognises-prc-1979"
        problems = label_problems(atlas_duo.driver.execute_script(TEXT_BOXES))
        assert problems == [], (size, problems)
        marker = atlas_duo.driver.execute_script(
            "const e = atlas.drawnMarker(arguments[0]), n = atlas.mapNodes();"
            "return e && atlas.inView([e.x, e.y], n.box);",
            "us-recognises-prc-1979",
        )
        assert marker, size  # Washington itself is on the map


@pytest.mark.parametrize("size", SIZES)
def test_every_event_of_every_year_is_in_reach(atlas_duo, atlas, size):
    """For every year and every event of it: a marker in the visible frame, or an edge
    marker, that the page's hit-testing gives to that event and nothing covers; the
    year's markers never touch, and no faded one lies under them."""
    open_page(atlas_duo, "?year=1917", SIZES[size])
    years = [[y, current_ids(atlas, y)] for y in range(1917, 1992)]
    out = atlas_duo.driver.execute_script(REACH, years)
    assert out == {"missing": [], "wrong": [], "covered": [], "touching": [], "under": []}, out


def test_an_edge_marker_brings_washington_into_view_with_a_real_click(atlas_duo):
    open_page(atlas_duo, "?year=1976", (1920, 1080))
    at = atlas_duo.driver.execute_script(
        "const o = (atlas.mapNodes().offmap || []).find(o => o.id === arguments[0]);"
        "const g = atlas.plot('map').getBoundingClientRect();"
        "return o && [g.left + o.x, g.top + o.y];",
        "keeping-our-cool-memo-1976",
    )
    assert at, "the memorandum's edge marker"
    mouse(atlas_duo, *at, click=True)
    until(lambda: map_state(atlas_duo)["selected"] == "keeping-our-cool-memo-1976", timeout=10)
    until(
        lambda: atlas_duo.driver.execute_script(
            "const e = atlas.drawnMarker(arguments[0]), n = atlas.mapNodes();"
            "return !!e && atlas.inView([e.x, e.y], n.box);",
            "keeping-our-cool-memo-1976",
        ),
        timeout=10,
    )


def test_lushun_has_a_finger_sized_target(atlas_duo):
    """Lüshun's naval base is ~3 px on the stage: pointing within 12 px of it, wherever
    no marker stands, names it."""
    open_page(atlas_duo, "?year=1951", (1920, 1080))
    x, y = atlas_duo.driver.execute_script(LONLAT, [121.28, 38.88])
    left, top = atlas_duo.driver.execute_script(
        "const g = atlas.plot('map').getBoundingClientRect(); return [g.left, g.top];"
    )
    named = []
    for dx in (-10, -5, 0, 5, 10):
        for dy in (-10, -5, 0, 5, 10):
            free = atlas_duo.driver.execute_script(
                "return !atlas.eventAt(arguments[0]);", [x + dx - left, y + dy - top]
            )
            if free:
                mouse(atlas_duo, x + dx, y + dy)
                named.append(tip(atlas_duo))
    assert len(named) >= 3, named
    assert all(name and "Lüshun" in name for name in named), named


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_names_stay_whole_and_on_their_own_areas_in_every_language(atlas_duo, lang):
    for size in SIZES.values():
        for year in (1945, 1950, 1951, 1969, 1979):
            open_page(atlas_duo, f"?year={year}&lang={lang}", size)
            problems = label_problems(atlas_duo.driver.execute_script(TEXT_BOXES))
            assert problems == [], (size, year, problems)
