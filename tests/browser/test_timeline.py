"""Every event on the timeline can be seen, hovered and clicked on its own."""

from __future__ import annotations

import importlib.util

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from dashboard import create_app, ids
from dashboard.classroom.teacher import MAX_ROWS, with_teacher_events
from dashboard.server.config import ROOT
from tests.browser.conftest import serve
from tests.browser.page import (
    MAP_MARKER,
    TIMELINE_MARKER,
    TIMELINE_MARKS,
    map_state,
    mouse,
    open_page,
    shown_year,
    tip,
)

pytestmark = pytest.mark.browser

HOVERED = (
    f"const gd = document.querySelector('#{ids.TIMELINE} .js-plotly-plot');"
    "return (gd._hoverdata || []).map(p => p.customdata);"
)
# Markers whose middle lies inside another marker's drawn shape (which would hide it),
# and markers the canvas has no ink for: [count, covered pairs, ids not drawn].
COVERED = (
    TIMELINE_MARKS
    + """
const covered = [];
marks.forEach((b, i) => marks.forEach((a, j) => {
  if (i === j) return;
  const pt = tsvg.createSVGPoint();
  pt.x = b.x - a.x; pt.y = b.y - a.y;
  if (a.node.isPointInFill(pt)) covered.push([i, j]);
}));
tsvg.remove();
return [marks.length, covered, marks.filter(m => !m.inked).map(m => m.id)];
"""
)


# The same, for thousands of markers: each one's middle tested only against the markers
# near it (a grid of 20 px cells; no marker reaches 20 px from its middle).
COVERED_NEAR = (
    TIMELINE_MARKS
    + """
const cells = new Map(), key = (x, y) => x + ':' + y;
marks.forEach((m, i) => {
  const k = key(Math.floor(m.x / 20), Math.floor(m.y / 20));
  cells.set(k, (cells.get(k) || []).concat([i]));
});
const covered = [];
marks.forEach((b, i) => {
  const gx = Math.floor(b.x / 20), gy = Math.floor(b.y / 20);
  for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) {
    (cells.get(key(gx + u, gy + v)) || []).forEach(j => {
      if (i === j) return;
      const a = marks[j], pt = tsvg.createSVGPoint();
      pt.x = b.x - a.x; pt.y = b.y - a.y;
      if (a.node.isPointInFill(pt)) covered.push([i, j]);
    });
  }
});
tsvg.remove();
return [marks.length, covered, marks.filter(m => !m.inked).map(m => m.id)];
"""
)


def teacher_file(folder, rows: int):
    """The benchmarks' seeded teacher's file (bench/data/make_teacher_file.py)."""
    path = ROOT / "bench" / "data" / "make_teacher_file.py"
    spec = importlib.util.spec_from_file_location("make_teacher_file", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(folder / f"teacher-{rows}.csv", rows)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_every_event_on_the_timeline_answers_on_its_own(atlas_duo, atlas, size):
    open_page(atlas_duo, "?year=1950", size)
    count, covered, blank = atlas_duo.driver.execute_script(COVERED)
    assert count == len(atlas.events) and covered == []  # no marker's middle is covered
    assert blank == []  # and each one is drawn
    # the pointer on each marker's middle hovers that event and no other
    for event_id in atlas.events["id"]:
        x, y, _ = atlas_duo.driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(atlas_duo, x, y)
        assert atlas_duo.driver.execute_script(HOVERED) == [event_id]
    # the crowded spots of the issue (1950: five Moscow events; 1937; 1945; 1958; 1976)
    places = atlas.events.set_index("id")
    crowded = places[places["start_year"].isin([1937, 1945, 1950, 1958, 1976])]
    for event_id in list(crowded.index)[:: 2 if size[0] < 1900 else 1]:
        x, y, _ = atlas_duo.driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(atlas_duo, x, y, click=True)
        atlas_duo.wait_for_text_to_equal(
            f"#{ids.DETAILS} .atlas-event-title", places.loc[event_id, "title"], timeout=10
        )
        assert map_state(atlas_duo)["selected"] == event_id
        assert shown_year(atlas_duo) == str(places.loc[event_id, "start_year"])
    assert atlas_duo.get_logs() == []


def test_a_teachers_two_thousand_events_each_answer_on_their_own(
    dash_duo, atlas, settings, tmp_path
):
    """Issue 25: with a teacher's file at its limit (2,000 rows, 12 places, 1917-1991) no
    marker of the timeline hides another at 1920x1080, a sample of the teacher's markers
    each hover their own event, and every event the map draws in 1969 answers the
    pointer with its own title."""
    big = with_teacher_events(atlas, teacher_file(tmp_path, MAX_ROWS))
    serve(dash_duo, create_app(settings, big))
    open_page(dash_duo, "?year=1969", (1920, 1080))
    count, covered, blank = dash_duo.driver.execute_script(COVERED_NEAR)
    assert count == len(big.events) and covered == [] and blank == []
    theirs = list(big.events.loc[big.events["theirs"], "id"])
    for event_id in theirs[:: len(theirs) // 40]:
        x, y, _ = dash_duo.driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(dash_duo, x, y)
        assert dash_duo.driver.execute_script(HOVERED) == [event_id]
    titles = big.events.set_index("id")["title"]
    current = [i for i, layer in map_state(dash_duo)["events"].items() if layer == "current"]
    assert len(current) > 20
    for event_id in current:
        x, y, _ = dash_duo.driver.execute_script(MAP_MARKER, event_id)
        mouse(dash_duo, x, y)
        assert (tip(dash_duo) or "").startswith(titles[event_id]), event_id
    assert dash_duo.get_logs() == []


# The timeline's box and its lanes' names: [box's height, scroll height, the names'
# boxes top to bottom (top, bottom)].
TIMELINE_BOX = (
    f"const gd = document.querySelector('#{ids.TIMELINE} .js-plotly-plot'),"
    " box = gd.closest('.atlas-plot-box');"
    "const names = [...gd.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect())"
    "  .sort((a, b) => a.top - b.top).map(r => [r.top, r.bottom]);"
    "return [box.clientHeight, box.scrollHeight, names];"
)


# The tall timeline's strip of years (#timeline-years): hidden or not; its top and
# bottom and the box's bottom; its labels and Plotly's (text, centre, visibility).
YEARS_STRIP = (
    f"const strip = document.getElementById('{ids.TIMELINE_YEARS}'),"
    " box = strip.closest('.atlas-plot-box'), r = strip.getBoundingClientRect();"
    "const centre = e => {"
    "  const b = e.getBoundingClientRect(); return Math.round(b.left + b.width / 2); };"
    "return [strip.hidden, Math.round(r.top), Math.round(r.bottom),"
    "  Math.round(box.getBoundingClientRect().bottom),"
    "  [...strip.children].map(e => [e.textContent, centre(e)]),"
    "  [...box.querySelectorAll('.xtick text')].map(e => [e.textContent, centre(e),"
    "    getComputedStyle(e).visibility])];"
)
# whether the timeline's box shows `arguments[0]`'s marker above the strip of years
MARKER_IN_SIGHT = (
    f"const m = atlas.timelineMarker(arguments[0]), strip = document.getElementById("
    f"'{ids.TIMELINE_YEARS}'), box = strip.closest('.atlas-plot-box');"
    "return atlas.state.selected === arguments[0] && m.y - m.size / 2 >= box.scrollTop"
    "  && m.y + m.size / 2 <= box.scrollTop + box.clientHeight - strip.offsetHeight;"
)
SCROLL_TIMELINE = (
    f"document.querySelector('#{ids.TIMELINE}').closest('.atlas-plot-box')"
    ".scrollTop = arguments[0];"
)
# the page's y of the foot of the timeline's plot area (where the years begin)
PLOT_FOOT = (
    f"const gd = document.querySelector('#{ids.TIMELINE} .js-plotly-plot'),"
    " s = gd._fullLayout._size; return gd.getBoundingClientRect().top + s.t + s.h;"
)


def test_a_teachers_two_thousand_events_on_a_small_screen_scroll_apart(
    dash_duo, atlas, settings, tmp_path
):
    """At 1366x768 the lanes of a 2,000-row file need more height than the timeline's
    box has even with the smallest markers: the plot is drawn as tall as they need and
    the box scrolls (it squeezed them: markers on markers, the lanes' names on each
    other). No marker hides another, no name overlaps the next, and a teacher's marker
    scrolled into view answers the pointer with its own event."""
    big = with_teacher_events(atlas, teacher_file(tmp_path, MAX_ROWS))
    serve(dash_duo, create_app(settings, big))
    open_page(dash_duo, "?year=1969", (1366, 768))
    driver = dash_duo.driver
    height, scrolled, names = driver.execute_script(TIMELINE_BOX)
    assert scrolled > height + 50 and len(names) == 11
    assert all(a[1] <= b[0] for a, b in zip(names, names[1:])), names
    count, covered, blank = driver.execute_script(COVERED_NEAR)
    assert count == len(big.events) and covered == [] and blank == []
    # the years at the box's foot, scrolled or not, where Plotly's would be (hidden)
    hidden, top, bottom, box_bottom, years, plotlys = driver.execute_script(YEARS_STRIP)
    assert not hidden and bottom == box_bottom and len(years) >= 7
    assert [(text, "hidden") for text, _ in years] == [(t, v) for t, _, v in plotlys]
    assert all(abs(a[1] - b[1]) <= 1 for a, b in zip(years, plotlys)), (years, plotlys)
    driver.execute_script(SCROLL_TIMELINE, 10_000)
    assert driver.execute_script(YEARS_STRIP)[1:4] == [top, bottom, box_bottom]
    assert abs(driver.execute_script(PLOT_FOOT) - top) <= 1
    # a teacher's event chosen in the year's list: the box scrolls to its marker
    driver.execute_script(SCROLL_TIMELINE, 0)
    listed = driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.YEAR_EVENTS} button[data-event]')]"
        ".map(b => b.getAttribute('data-event'));"
    )
    chosen = next(i for i in listed if i in set(big.events.loc[big.events["theirs"], "id"]))
    dash_duo.find_element(f"#{ids.YEAR_EVENTS} button[data-event='{chosen}']").click()
    until(lambda: driver.execute_script(MARKER_IN_SIGHT, chosen), timeout=5)
    theirs = list(big.events.loc[big.events["theirs"], "id"])
    for event_id in theirs[:: len(theirs) // 12]:
        driver.execute_script(
            "const m = atlas.timelineMarker(arguments[0]),"
            f" box = document.querySelector('#{ids.TIMELINE}').closest('.atlas-plot-box');"
            "box.scrollTop = m.y - box.clientHeight / 2;",
            event_id,
        )
        x, y, _ = driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(dash_duo, x, y)
        assert driver.execute_script(HOVERED) == [event_id]
    assert dash_duo.get_logs() == []


# Each event's place on the drawn timeline, and where it was stacked.
PLACES = (
    f"const gd = document.querySelector('#{ids.TIMELINE} .js-plotly-plot'), out = {{}};"
    "gd.data.filter(t => (t.meta || {}).role === 'events').forEach(t => t.customdata"
    "  .forEach((id, j) => { out[id] = [String(t.x[j]), Math.round(t.y[j] * 1000)]; }));"
    "return [atlas.stacking.where, gd.layout.meta.marker, out];"
)
# each load stacks anew (the places of the last load are kept in the browser's storage)
FORGET = "localStorage.clear();"
NO_WORKER = FORGET + "delete window.Worker;"
# a worker that fails as it starts (its script is not there): the page stacks itself
BROKEN_WORKER = (
    FORGET
    + "const Real = window.Worker;"
    + "window.Worker = function () { return new Real('/assets/no-such-worker.js'); };"
)


def test_the_stacking_runs_in_a_worker_and_the_page_stacks_the_same_without_one(atlas_duo):
    """The timeline's places are worked out off the page's thread (39-stacking.js); a
    browser that cannot make the worker, or a worker that fails, gets the same places
    from the page itself; a page loaded again takes them from the browser's storage."""
    driver = atlas_duo.driver
    forget = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FORGET})
    open_page(atlas_duo, "?year=1950", (1366, 768))
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", forget)
    where, size, places = driver.execute_script(PLACES)
    assert where == "worker" and len(places) > 90 and size > 0
    assert driver.execute_script(YEARS_STRIP)[0]  # the lanes fit the box: no strip of years
    # nudged sideways and stacked across the lane: the comparison below means something
    assert len({y for _, y in places.values()}) > 12
    for script in (NO_WORKER, BROKEN_WORKER):
        added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
        open_page(atlas_duo, "?year=1950", (1366, 768))
        assert driver.execute_script(PLACES) == ["page", size, places], script
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", added)
    open_page(atlas_duo, "?year=1950", (1366, 768))
    assert driver.execute_script(PLACES) == ["kept", size, places]
    # another size is another job, stacked anew
    open_page(atlas_duo, "?year=1950", (1920, 1080))
    assert driver.execute_script(PLACES)[0] == "worker"
    logs = [entry for entry in atlas_duo.get_logs() if "no-such-worker" not in entry["message"]]
    assert logs == []


def test_a_tap_on_the_timeline_on_a_phone_chooses_its_event_and_leaves_no_label(atlas_duo):
    """On a phone a tap chooses the event and the sheet names it; Plotly's label for the
    tap stayed over two or three lanes, cut off at the screen's edge."""
    driver = atlas_duo.driver
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})
    open_page(atlas_duo, "?year=1969", (412, 823))
    assert driver.execute_script("return matchMedia('(hover: none)').matches")
    event_id = "border-conflict-1969"
    at = (
        "const m = atlas.timelineMarker(arguments[0]),"
        f" r = document.querySelector('#{ids.TIMELINE} .js-plotly-plot').getBoundingClientRect();"
        "return [r.left + m.x, r.top + m.y];"
    )
    driver.execute_script(
        f"document.getElementById('{ids.TIMELINE}')"
        ".scrollIntoView({block: 'center', behavior: 'instant'});"
    )
    x, y = driver.execute_script(at, event_id)
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    until(lambda: driver.execute_script("return atlas.state.selected") == event_id, timeout=5)
    until(lambda: driver.find_element(By.ID, "atlas-sheet").is_displayed(), timeout=5)
    labels = driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.TIMELINE} .hoverlayer .hovertext')]"
        ".map(e => e.getBoundingClientRect().width);"
    )
    assert labels == [] or labels == [0]
    assert atlas_duo.get_logs() == []
