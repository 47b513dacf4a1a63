"""Reading and driving the atlas page in the browser tests: what the map and timeline
show (from the SVG the page paints), where a thing is on screen, and real input
(keys and mouse through the DevTools protocol, as a person's would arrive)."""

from __future__ import annotations

import time

from common import SETTLED
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from dashboard import ids
from dashboard.atlas.years import event_phase
from dashboard.figures.map_figure import map_figure

PLOT = "document.querySelector('#{} .js-plotly-plot')"
# The three screens the browser tests look at: a projector, a laptop, a phone.
SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768), "390x844": (390, 844)}

# What the map shows, read off the SVG the page painted: each drawn event's layer (the
# faded past off the canvas it is drawn on, with the ids it drew), the territories and
# country outlines drawn, and the names written over the map.
MAP_STATE = f"""
const gd = {PLOT.format(ids.MAP)};
if (!gd || !window.atlas || !atlas.mapNodes()) return null;
const n = atlas.mapNodes(), events = {{}}, labels = [];
const drawn = node => {{
  for (let el = node; el && el !== gd; el = el.parentElement) {{
    const style = getComputedStyle(el);
    if (style.display === 'none' || Number(style.opacity) === 0) return false;
  }}
  return node.isConnected;
}};
n.events.forEach(e => {{ if (e.node && drawn(e.node)) events[e.id] = e.layer; }});
const past = gd.querySelector('canvas.atlas-past');
if (past && drawn(past)) (past.drawn || []).forEach(id => {{ events[id] = 'past'; }});
const periods = n.periods.filter(p => Number(getComputedStyle(p.path).opacity) > 0).map(p => p.id);
const countries = n.basemap.filter(b => drawn(b.node)).map(b => b.name);
document.querySelectorAll('#{ids.MAP_OVERLAY} .atlas-map-label').forEach(el => {{
  if (getComputedStyle(el).display !== 'none') labels.push(el.getAttribute('data-label'));
}});
return {{events: events, periods: periods.sort(), countries: countries.sort(),
         labels: labels.sort(), year: atlas.state.year, selected: atlas.state.selected}};
"""
TIMELINE_BAND = f"""
const tl = {PLOT.format(ids.TIMELINE)}, xa = tl && tl._fullLayout.xaxis;
const band = tl && tl.querySelector(".shapelayer path[data-index='0']");
if (!band) return null;
const box = band.getBoundingClientRect();
const middle = (box.left + box.right) / 2 - tl.getBoundingClientRect().left - xa._offset;
return xa.p2d(middle).slice(0, 4);
"""
# Where a drawn event's marker is on the screen (client px), or null if not drawn.
MAP_MARKER = f"""
const e = atlas.drawnMarker(arguments[0]);
if (!e) return null;
const box = {PLOT.format(ids.MAP)}.getBoundingClientRect();
return [box.left + e.x, box.top + e.y, e.size];
"""
TIMELINE_MARKER = f"""
const m = atlas.timelineMarker(arguments[0]);
if (!m) return null;
const box = {PLOT.format(ids.TIMELINE)}.getBoundingClientRect();
return [box.left + m.x, box.top + m.y, m.size];
"""
# The timeline's markers as the page drew them on its canvas (assets/js/40-timeline.js):
# `marks`, each with its id, place within the plot (px), opacity, whether the canvas has
# ink in its box (`inked`), and an SVG path of its symbol (`node`, one per symbol, in a
# throwaway SVG) for the browser's own geometry: isPointInFill, getPointAtLength.
TIMELINE_MARKS = f"""
const tgd = {PLOT.format(ids.TIMELINE)};
const tcanvas = tgd.querySelector('canvas.atlas-timeline-events');
const tsvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
document.body.appendChild(tsvg);
const tnodes = new Map(), tctx = tcanvas.getContext('2d');
const tratio = tcanvas.width / tcanvas.clientWidth;
const marks = (tcanvas.drawn || []).map(m => {{
  if (!tnodes.has(m.d)) {{
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    node.setAttribute('d', m.d);
    tsvg.appendChild(node);
    tnodes.set(m.d, node);
  }}
  const box = tnodes.get(m.d).getBBox();
  const x0 = Math.max(0, Math.floor((m.x + box.x) * tratio));
  const y0 = Math.max(0, Math.floor((m.y + box.y) * tratio));
  const ink = tctx.getImageData(x0, y0, Math.max(1, Math.ceil(box.width * tratio)),
                                Math.max(1, Math.ceil(box.height * tratio))).data;
  let inked = false;
  for (let k = 3; k < ink.length && !inked; k += 4) inked = ink[k] > 0;
  return Object.assign({{node: tnodes.get(m.d), inked: inked}}, m);
}});
"""
LONLAT = f"""
const xy = atlas.project(arguments[0]);
const box = {PLOT.format(ids.MAP)}.getBoundingClientRect();
return xy ? [box.left + xy[0], box.top + xy[1]] : null;
"""
TIP = (
    "const t = document.querySelector('.atlas-tip');"
    " return t && t.style.display !== 'none' ? t.innerText : null;"
)


def drawn(duo, timeout: float = 20):
    """Both plots drawn, the timeline's events in and stacked, the year painted."""
    until(lambda: duo.driver.execute_script(SETTLED), timeout=timeout)


def map_state(duo):
    return duo.driver.execute_script(MAP_STATE)


def expected_events(atlas, year, theaters=None, categories=None) -> dict[str, str]:
    """What the Python rules draw for `year`: event id -> layer."""
    out = {}
    for trace in map_figure(atlas, year, theaters, categories).data:
        meta = trace.meta or {}
        if meta.get("role") == "events" and trace.visible is not False:
            for event_id, opacity in zip(trace.customdata, trace.marker.opacity):
                if opacity > 0:
                    out[event_id] = meta["layer"]
    return out


def current_ids(atlas, year) -> list[str]:
    events = atlas.events.sort_values("order")
    return [
        i
        for i, s, e in zip(events["id"], events["start_year"], events["end_year"])
        if event_phase(s, e, year) == "current"
    ]


def shown_year(duo) -> str:
    return duo.find_element(f"#{ids.YEAR_DISPLAY}").text


def press(duo, *keys, pause: float = 0.15):
    """Keys sent to whatever has focus, as a clicker or a keyboard would."""
    for key in keys:
        ActionChains(duo.driver).send_keys(key).perform()
        time.sleep(pause)


def mouse(duo, x: float, y: float, click: bool = False):
    """A real pointer move (and click) at client px (x, y)."""
    kinds = ["mouseMoved", "mousePressed", "mouseReleased"] if click else ["mouseMoved"]
    for kind in kinds:
        duo.driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left" if click else "none", "clickCount": 1},
        )
    time.sleep(0.12)


def tip(duo):
    """The label under the pointer, after the next animation frame."""
    return duo.driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => "
        f"done((function () {{ {TIP} }})())));"
    )


def set_size(duo, width: int, height: int):
    duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def open_page(duo, query: str, size=(1920, 1080)):
    set_size(duo, *size)
    duo.driver.get(duo.server_url + "/" + query)
    drawn(duo)


# Every piece of text the page writes over or beside the map and timeline, as boxes:
# the names on the map (territories, rivers), the slider's era marks, the timeline's
# tick labels; with the areas of the territories and the year's markers.
TEXT_BOXES = f"""
const rect = el => {{ const b = el.getBoundingClientRect();
  return {{x: b.left, y: b.top, w: b.width, h: b.height}}; }};
const shown = el => {{ const s = getComputedStyle(el);
  return s.display !== 'none' && s.visibility !== 'hidden'
    && el.getBoundingClientRect().width > 0; }};
const gd = {PLOT.format(ids.MAP)}, gbox = gd.getBoundingClientRect(), n = atlas.mapNodes();
const areas = {{}};
n.periods.forEach(p => {{ if (p.shown) {{ const b = p.path.getBoundingClientRect();
  areas[p.id] = {{x: b.left, y: b.top, w: b.width, h: b.height}}; }} }});
const g = n.box;
return {{
  labels: [...document.querySelectorAll('#{ids.MAP_OVERLAY} .atlas-map-label')].filter(shown)
    .map(el => [el.getAttribute('data-label'), el.textContent, rect(el)]),
  areas: areas,
  map: {{x: gbox.left + g.x, y: gbox.top + g.y, w: g.width, h: g.height}},
  markers: n.shown.filter(e => e.base && e.layer === 'current').map(e => ({{
    x: gbox.left + e.x - e.size / 2, y: gbox.top + e.y - e.size / 2, w: e.size, h: e.size}})),
  eras: [...document.querySelectorAll('#{ids.YEAR_SLIDER} .dash-slider-mark')].filter(shown)
    .map(el => [el.textContent, rect(el)]),
  thumb: rect(document.querySelector('#{ids.YEAR_SLIDER} [role=slider]')),
  ticks: [...document.querySelectorAll('#{ids.TIMELINE} .xtick text, #{ids.TIMELINE} .ytick text')]
    .filter(shown).map(el => [el.textContent, rect(el)]),
  viewport: [window.innerWidth, window.innerHeight]
}};
"""


def overlap(a, b, margin: float = 0) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - margin
        and b["x"] < a["x"] + a["w"] - margin
        and a["y"] < b["y"] + b["h"] - margin
        and b["y"] < a["y"] + a["h"] - margin
    )


def gap(a, b) -> float:
    """Distance between two boxes (0 if they touch or overlap)."""
    dx = max(b["x"] - (a["x"] + a["w"]), a["x"] - (b["x"] + b["w"]), 0)
    dy = max(b["y"] - (a["y"] + a["h"]), a["y"] - (b["y"] + b["h"]), 0)
    return (dx * dx + dy * dy) ** 0.5


def label_problems(boxes) -> list[str]:
    """What is wrong with the text on and around the map, in words (empty: nothing)."""
    problems = []
    groups = {
        "map": [(t, r) for _, t, r in boxes["labels"]],
        "eras": boxes["eras"],
        "ticks": boxes["ticks"],
    }
    for name, items in groups.items():
        for i, (a_text, a) in enumerate(items):
            for b_text, b in items[i + 1 :]:
                if overlap(a, b, margin=0.5):
                    problems.append(f"{name}: {a_text!r} overlaps {b_text!r}")
    for key, text, box in boxes["labels"]:
        if not overlap(box, boxes["map"]) or box["x"] < boxes["map"]["x"] - 1:
            problems.append(f"{text!r} is outside the map")
        if key.startswith("t-"):
            area = boxes["areas"].get(key[2:])
            if area is None:
                problems.append(f"{text!r} is written but its territory is not drawn")
            elif gap(box, area) > 30:  # beside it, past a marker standing on it
                problems.append(f"{text!r} is {gap(box, area):.0f} px from its territory")
        for marker in boxes["markers"]:
            if overlap(box, marker, margin=1):
                problems.append(f"{text!r} covers an event of the year")
    for text, box in boxes["eras"]:
        if overlap(box, boxes["thumb"], margin=1):
            problems.append(f"the slider's thumb covers {text!r}")
    width, _ = boxes["viewport"]
    for text, box in boxes["ticks"]:
        if box["x"] < -0.5 or box["x"] + box["w"] > width + 0.5:
            problems.append(f"timeline label {text!r} is cut off at the screen's edge")
    return problems
