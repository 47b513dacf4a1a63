"""Scrubbing like a film: the atlas against a plain Dash app of the same shape, in one run.

    python bench/scrub.py [--steps 30] [--play-seconds 10] [--rounds 2] [--events 0,2000]

Serves the atlas with the Procfile's gunicorn and the baseline (bench/plain_app.py,
one server callback rebuilding both figures per year) with gunicorn too, on loopback,
and drives each in headless Chromium at 1600x1000, interleaved round by round. The
atlas is served once per --events size: its shipped events alone (0), and with a
teacher's file of that many made-up rows added (bench/data/make_teacher_file.py,
EXTRA_EVENTS; 2,000 is a teacher's file at its limit). For each:

- key steps: a real key press every 600 ms (ArrowRight, to the page; for the baseline,
  to its focused slider, its only way), timed from the key event's timestamp to the
  first animation frame whose start finds both the map and the timeline showing the new
  year (the atlas: its `atlas-painted` event; the baseline: Plotly's `plotly_afterplot`
  of both figures for that year), read when that frame's callbacks run, just before it
  is laid out and painted; long tasks (over 50 ms) meanwhile;
- drag: the slider's thumb dragged across 30 years with real mouse events;
  frames and long tasks meanwhile;
- Play: at one year a second in both, for --play-seconds: frame times, long tasks, and
  the main thread's busy time (DevTools' TaskDuration).

Prints one JSON object: each measure for each app, and the ratio where it means
something. Long tasks are what a visitor feels as a stutter.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from common import (
    app_name,
    chromium,
    event_counts,
    events_env,
    gunicorn,
    network_log,
    percentiles,
    settled_with,
    yardstick,
)

WIDTH, HEIGHT = 1600, 1000

INSTRUMENT = """
window.__perf = {steps: [], long: [], frames: []};
new PerformanceObserver(list => list.getEntries().forEach(
  e => window.__perf.long.push([e.startTime, e.duration]))).observe({type: 'longtask'});
const atlasPage = !!window.atlas;
const map = document.querySelector('#map .js-plotly-plot');
const timeline = document.querySelector('#timeline .js-plotly-plot');
const drawnYear = {map: null, timeline: null};
if (atlasPage) {
  document.addEventListener('atlas-painted', e => {
    drawnYear.map = drawnYear.timeline = e.detail.year; });
} else {
  map.on('plotly_afterplot', () => { drawnYear.map = (map.layout.meta || {}).year; });
  timeline.on('plotly_afterplot', () => {
    drawnYear.timeline = (timeline.layout.meta || {}).year; });
}
window.__year = () => atlasPage ? atlas.state.year : parseInt(
  document.querySelector('#year-slider [role=slider]').getAttribute('aria-valuenow'), 10);
let pending = null;
function check(ts) {
  if (!pending) return;
  if (drawnYear.map === pending.want && drawnYear.timeline === pending.want) {
    // the time the frame's callbacks run: its start (ts) can precede the key itself
    window.__perf.steps.push(performance.now() - pending.t);
    pending = null;
  } else if (ts - pending.t > 5000) {
    pending = null;
  } else {
    requestAnimationFrame(check);
  }
}
window.addEventListener('keydown', e => {  // before any of the page's own listeners
  if (e.key !== 'ArrowRight') return;
  pending = {t: e.timeStamp, want: window.__year() + 1};
  requestAnimationFrame(check);
}, true);
window.__frames = on => {
  window.__framing = on;
  let last = null;
  const loop = ts => {
    if (!window.__framing) return;
    if (last !== null) window.__perf.frames.push(ts - last);
    last = ts;
    requestAnimationFrame(loop);
  };
  if (on) requestAnimationFrame(loop);
};
"""


def key(driver, name: str, code: int):
    for kind in ("rawKeyDown", "keyUp"):
        driver.execute_cdp_cmd(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": name, "code": name, "windowsVirtualKeyCode": code},
        )


def settle(driver, atlas_page: bool, timeout: float = 30, query: str = ""):
    deadline = time.time() + timeout
    ready = (
        settled_with(query)
        if atlas_page
        else (
            "const m = document.querySelector('#map .js-plotly-plot'),"
            " t = document.querySelector('#timeline .js-plotly-plot');"
            "return !!(m && t && m._fullLayout && t._fullLayout && m.data.length > 5"
            " && document.querySelectorAll('.dash-graph--pending').length === 0);"
        )
    )
    while not driver.execute_script(ready):
        if time.time() > deadline:
            raise RuntimeError("the page did not settle")
        time.sleep(0.05)
    time.sleep(1.0)


def busy_seconds(driver) -> float:
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def long_tasks_since(driver, t0: float) -> list[float]:
    return [d for start, d in driver.execute_script("return window.__perf.long") if start >= t0]


def now(driver) -> float:
    return driver.execute_script("return performance.now()")


def run_app(
    base: str, atlas_page: bool, steps: int, play_seconds: float, drag: bool = True, query=""
) -> dict:
    """Key steps, then (unless `drag` is false) a 30-year drag, then (unless
    `play_seconds` is 0) Play, on a page freshly loaded at 1940 (+ `query`: a class
    set's `&set=…`)."""
    driver = chromium(WIDTH, HEIGHT)
    driver.execute_cdp_cmd("Performance.enable", {})
    try:
        driver.get(base + "?year=1940" + query)
        settle(driver, atlas_page, query=query)
        driver.execute_script(INSTRUMENT)
        if not atlas_page:  # the baseline's slider takes the keys
            driver.find_element("css selector", "#year-slider [role=slider]").click()
        else:
            driver.find_element("css selector", "h1").click()  # the page takes them
        time.sleep(0.5)
        out = {}
        if atlas_page:
            out["events"] = driver.execute_script("return atlas.events.length")

        # key steps
        network_log(driver)  # what the page load fetched: not the steps'
        t0 = now(driver)
        for _ in range(steps):
            key(driver, "ArrowRight", 39)
            time.sleep(0.6)
        time.sleep(1.0)
        out["step_ms"] = percentiles(driver.execute_script("return window.__perf.steps"))
        wire = network_log(driver)
        out["steps_wire"] = {"requests": len(wire), "bytes": sum(r["bytes"] for r in wire)}
        longs = long_tasks_since(driver, t0)
        out["steps_long_tasks"] = {
            "count": len(longs),
            "total_ms": round(sum(longs)),
            "longest_ms": round(max(longs, default=0)),
        }

        if atlas_page:
            metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
            value = {m["name"]: m["value"] for m in metrics}
            out["memory"] = {
                "js_heap_mb": round(value["JSHeapUsedSize"] / 2**20, 1),
                "dom_nodes": int(value["Nodes"]),
            }
        if not drag:
            return out

        # drag the thumb across 30 years
        thumb = driver.find_element("css selector", "#year-slider [role=slider]").rect
        track = driver.find_element("css selector", "#year-slider").rect
        x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
        per_year = track["width"] / 74
        driver.execute_script("window.__perf.frames = []; window.__frames(true);")
        t0 = now(driver)
        mouse = driver.execute_cdp_cmd
        mouse("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        mouse(
            "Input.dispatchMouseEvent",
            {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1},
        )
        for i in range(1, 31):
            mouse(
                "Input.dispatchMouseEvent",
                {"type": "mouseMoved", "x": x - i * per_year, "y": y, "button": "left"},
            )
            time.sleep(0.1)
        mouse(
            "Input.dispatchMouseEvent",
            {"type": "mouseReleased", "x": x - 30 * per_year, "y": y, "button": "left"},
        )
        time.sleep(1.5)
        driver.execute_script("window.__frames(false);")
        longs = long_tasks_since(driver, t0)
        frames = driver.execute_script("return window.__perf.frames")
        out["drag"] = {
            "frame_ms": percentiles(frames),
            "long_tasks": len(longs),
            "long_total_ms": round(sum(longs)),
            "longest_ms": round(max(longs, default=0)),
            "year_after": driver.execute_script("return window.__year()"),
        }

        if not play_seconds:
            return out

        # Play at one year a second
        if atlas_page:
            driver.execute_script(
                "document.getElementById('play-speed').value = '1';"
                "document.getElementById('play-speed').dispatchEvent(new Event('change'));"
                "atlas.setYear(1917);"
            )
        time.sleep(1.0)
        driver.execute_script("window.__perf.frames = []; window.__frames(true);")
        t0, busy0 = now(driver), busy_seconds(driver)
        year0 = driver.execute_script("return window.__year()")
        driver.find_element("id", "play-button").click()
        time.sleep(play_seconds)
        busy = busy_seconds(driver) - busy0
        driver.find_element("id", "play-button").click()
        driver.execute_script("window.__frames(false);")
        longs = long_tasks_since(driver, t0)
        out["play"] = {
            "years": driver.execute_script("return window.__year()") - year0,
            "frame_ms": percentiles(driver.execute_script("return window.__perf.frames")),
            "long_tasks": len(longs),
            "long_total_ms": round(sum(longs)),
            "longest_ms": round(max(longs, default=0)),
            "main_thread_busy_ms": round(busy * 1000),
        }
        return out
    finally:
        driver.quit()


def merge(rounds: list[dict]) -> dict:
    """Each measure's values over the rounds, as a list (min and max show the spread)."""
    out = {}
    for key_, first in rounds[0].items():
        if isinstance(first, dict) and not {"median", "p95"} & set(first):
            out[key_] = merge([r[key_] for r in rounds])
        else:
            out[key_] = [r[key_] for r in rounds]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--play-seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--events",
        default="0,2000",
        help="teacher's files to add, by rows, comma-separated (0: the shipped events alone)",
    )
    args = parser.parse_args()
    sizes = event_counts(args.events)
    results = {app_name(rows): [] for rows in sizes} | {"plain": []}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        bases = {
            app_name(rows): stack.enter_context(gunicorn(env=events_env(rows, folder)))[0]
            for rows in sizes
        }
        bases["plain"] = stack.enter_context(yardstick("plain_app"))
        for _ in range(args.rounds):  # interleaved, so that all see the same machine
            for app, base in bases.items():
                results[app].append(run_app(base, app != "plain", args.steps, args.play_seconds))
    print(json.dumps({app: merge(runs) for app, runs in results.items()}, indent=1))


if __name__ == "__main__":
    main()
