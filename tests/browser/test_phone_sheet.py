"""Issue 21: on a phone an event tapped on the map or on the timeline is shown in a sheet
over the foot of the screen, the map left in view above it; its button brings the whole
details into view, and its × and Esc close it. A wide screen has no sheet."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.figures.page_data import summary_line
from dashboard.i18n import column, translator
from tests.browser.conftest import screenshot
from tests.browser.page import mouse, open_page, press, shown_year

pytestmark = pytest.mark.browser

PHONE = (390, 844)
# What the sheet shows and where things are on the screen (client px).
SHEET = f"""
const s = document.getElementById('atlas-sheet');
const open = !!s && !s.hidden && getComputedStyle(s).display !== 'none';
const map = document.querySelector('#{ids.MAP} .js-plotly-plot').getBoundingClientRect();
const details = document.getElementById('{ids.DETAILS}').getBoundingClientRect();
const out = {{open: open, selected: atlas.state.selected, scrollY: window.scrollY,
  map: [map.top, map.bottom], details: [details.top, details.bottom],
  viewport: [window.innerWidth, window.innerHeight]}};
if (open) {{
  const box = s.getBoundingClientRect(), q = sel => s.querySelector(sel);
  const rect = el => {{ const b = el.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom]; }};
  out.box = rect(s);
  out.title = q('.atlas-sheet-name').textContent;
  out.date = q('.atlas-sheet-date').textContent;
  out.line = q('.atlas-sheet-line').textContent;
  out.button = q('.atlas-sheet-details').textContent;
  out.close = q('.atlas-sheet-close').getAttribute('aria-label');
  out.buttons = {{details: rect(q('.atlas-sheet-details')), close: rect(q('.atlas-sheet-close'))}};
  // each piece of text: its size, its colour and the sheet's background
  const texts = '.atlas-sheet-name, .atlas-sheet-date, .atlas-sheet-line, button';
  out.texts = [...s.querySelectorAll(texts)]
    .filter(e => e.offsetParent && e.textContent.trim())
    .map(e => {{ const c = getComputedStyle(e); let bg = c.backgroundColor;
      for (let p = e; p && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); p = p.parentElement)
        bg = getComputedStyle(p).backgroundColor;
      return [e.className, parseFloat(c.fontSize), c.color, bg]; }});
}}
return out;
"""
# A current event of the year drawn on the map, well inside it: id and client px.
ON_MAP = f"""
const gd = document.querySelector('#{ids.MAP} .js-plotly-plot'), box = gd.getBoundingClientRect();
const skip = arguments[0] || [];
for (const ev of atlas.yearEvents()) {{
  const m = atlas.drawnMarker(ev.id);
  if (!m || skip.includes(ev.id)) continue;
  const x = box.left + m.x, y = box.top + m.y;
  const seen = gd.contains(document.elementFromPoint(x, y));  // not under the sheet
  if (x > box.left + 20 && x < box.right - 20 && y > box.top + 20 && y < box.bottom - 20
      && y > 0 && seen && atlas.eventAt([m.x, m.y]) && atlas.eventAt([m.x, m.y]).id === ev.id)
    return [ev.id, x, y];
}}
return null;
"""
# Where the map draws an event's marker now (client px).
MAP_AT = f"""
const box = document.querySelector('#{ids.MAP} .js-plotly-plot').getBoundingClientRect();
const m = atlas.drawnMarker(arguments[0]);
return m && [box.left + m.x, box.top + m.y];
"""
# A current event of the year on the timeline, its marker on the screen, not `skip`.
ON_TIMELINE = f"""
const box = document.querySelector('#{ids.TIMELINE} .js-plotly-plot').getBoundingClientRect();
const skip = arguments[0] || [];
const found = atlas.yearEvents().filter(ev => !skip.includes(ev.id)).map(ev => {{
  const m = atlas.timelineMarker(ev.id);
  return m && [ev.id, box.left + m.x, box.top + m.y]; }})
  .filter(p => p && p[2] > 0 && p[2] < window.innerHeight - 12);
return found.length ? found[found.length - 1] : null;
"""


def tap(duo, x: float, y: float):
    """A finger's tap at client px (x, y): DevTools' touch input, as a phone's arrives."""
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        duo.driver.execute_cdp_cmd(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
        )
        time.sleep(0.05)
    time.sleep(0.3)


def settled(duo, script: str, *args):
    """What `script` returns once it returns the same twice, 0.3 s apart."""
    last = duo.driver.execute_script(script, *args)
    for _ in range(20):
        time.sleep(0.3)
        now = duo.driver.execute_script(script, *args)
        if now == last:
            return now
        last = now
    return last


def sheet(duo) -> dict:
    return duo.driver.execute_script(SHEET)


def middle(box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def expected(atlas, event_id: str, lang: str) -> dict:
    events = atlas.events.set_index("id", drop=False)
    row = events.loc[[event_id]]
    return {
        "title": column(row, "title", lang).iloc[0],
        "date": column(row, "date_label", lang).iloc[0],
        "line": summary_line(column(row, "summary", lang).iloc[0]),
    }


def check_readable(state: dict):
    assert state["texts"], "the sheet shows text"
    for name, size, colour, background in state["texts"]:
        assert size >= 16, f"{name}: {size} px"
        assert contrast(colour, background) >= 4.5, f"{name}: {colour} on {background}"
    for name, (left, top, right, bottom) in state["buttons"].items():
        assert right - left >= 44 and bottom - top >= 44, (
            f"the {name} button is under a thumb's size"
        )
    left, _, right, bottom = state["box"]
    width, height = state["viewport"]
    assert left >= 0 and right <= width and bottom <= height + 0.5


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_on_a_phone_a_tapped_event_is_shown_in_a_sheet_over_the_map(atlas_duo, atlas, lang):
    duo, t = atlas_duo, translator(lang)
    duo.driver.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1}
    )
    try:
        open_page(duo, f"?lang={lang}&year=1950", PHONE)
        before = sheet(duo)
        assert not before["open"] and before["scrollY"] == 0

        # a marker on the map: the sheet tells its title, date and first line; the page
        # stays where it was, the map in view above the sheet, the marker not under it
        first, x, y = duo.driver.execute_script(ON_MAP)
        tap(duo, x, y)
        until(lambda: sheet(duo)["open"], timeout=5)
        state = sheet(duo)
        want = expected(atlas, first, lang)
        assert state["selected"] == first
        assert (state["title"], state["date"], state["line"]) == (
            want["title"],
            want["date"],
            want["line"],
        )
        assert state["line"], "a first line of the summary"
        assert state["button"] == t("Details") and state["close"] == t("Close")
        assert state["scrollY"] == before["scrollY"]
        sheet_top = state["box"][1]
        assert 0 <= state["map"][0] and state["map"][1] <= sheet_top, "the map is in view above it"
        assert y < sheet_top - 4, "the tapped marker is not under the sheet"
        check_readable(state)
        screenshot(duo, f"phone-sheet-{lang}")

        # another marker on the map: the sheet follows (read once the map has settled:
        # a screenshot may resize the emulated screen, and the map is fitted again)
        other = settled(duo, ON_MAP, [first])
        if other:
            tap(duo, other[1], other[2])
            until(lambda: sheet(duo)["selected"] == other[0], timeout=5)
            state = sheet(duo)
            assert state["open"] and state["title"] == expected(atlas, other[0], lang)["title"]

        # × closes it (the event stays chosen, ringed on the map)
        tap(duo, *middle(sheet(duo)["buttons"]["close"]))
        until(lambda: not sheet(duo)["open"], timeout=5)
        assert sheet(duo)["selected"] is not None

        # a marker on the timeline: the sheet shows it, the map still in view
        on_timeline = duo.driver.execute_script(ON_TIMELINE, [sheet(duo)["selected"]])
        assert on_timeline, "a marker of 1950 on the timeline on the screen"
        tap(duo, on_timeline[1], on_timeline[2])
        until(lambda: sheet(duo)["selected"] == on_timeline[0] and sheet(duo)["open"], timeout=5)
        state = sheet(duo)
        assert state["title"] == expected(atlas, on_timeline[0], lang)["title"]
        assert state["map"][1] > 40, "the map is still in view"
        assert shown_year(duo) == "1950"

        # Details: the whole details come into view, the sheet out of their way
        tap(duo, *middle(state["buttons"]["details"]))
        until(lambda: not sheet(duo)["open"], timeout=5)
        duo.wait_for_contains_text(f"#{ids.DETAILS}", state["title"], timeout=10)
        state = sheet(duo)
        assert 0 <= state["details"][0] < state["viewport"][1] / 3, state["details"]

        # back up, the first event again: Esc closes the sheet (and lets go of the event)
        duo.driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
        until(lambda: sheet(duo)["map"][0] >= 0, timeout=5)  # the map in view
        time.sleep(0.3)
        x, y = duo.driver.execute_script(MAP_AT, first)  # the timeline's event was framed
        tap(duo, x, y)
        until(lambda: sheet(duo)["open"] and sheet(duo)["selected"] == first, timeout=5)
        press(duo, Keys.ESCAPE)
        until(lambda: not sheet(duo)["open"], timeout=5)
        assert sheet(duo)["selected"] is None

        # a year step that lets go of the event closes the sheet
        tap(duo, x, y)
        until(lambda: sheet(duo)["open"], timeout=5)
        last_year = int(atlas.events.set_index("id").loc[first, "end_year"])
        press(duo, *[Keys.ARROW_RIGHT] * (last_year + 1 - 1950))
        until(lambda: shown_year(duo) == str(last_year + 1), timeout=10)
        until(lambda: not sheet(duo)["open"], timeout=5)
        assert sheet(duo)["selected"] is None
        assert duo.get_logs() == []
    finally:
        duo.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        duo.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_wide_screen_has_no_sheet(atlas_duo, atlas):
    duo = atlas_duo
    open_page(duo, "?year=1950", (1920, 1080))
    event_id, x, y = duo.driver.execute_script(ON_MAP)
    mouse(duo, x, y, click=True)
    titles = atlas.events.set_index("id")["title"]
    duo.wait_for_text_to_equal(f"#{ids.DETAILS} .atlas-event-title", titles[event_id], timeout=10)
    state = sheet(duo)
    assert state["selected"] == event_id and not state["open"] and state["scrollY"] == 0
    assert duo.get_logs() == []
