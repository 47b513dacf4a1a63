"""First load: bytes over the wire, requests, the time until the map is drawn and the
page is ready, and the longest task after the map is drawn; and a warm load.

    python bench/first_load.py [--runs 9] [--throttle] [--app atlas|plain|both]
                               [--events 0,2000]

Serves the Procfile's gunicorn (and, with --app plain or both, the baseline of
bench/plain_app.py) on loopback and loads the page in a fresh headless Chromium each run
(empty cache). The atlas is served once per --events size: the shipped events alone (0),
and with a teacher's file of that many made-up rows added (bench/data/
make_teacher_file.py, EXTRA_EVENTS), the apps interleaved run by run. With --throttle,
DevTools emulates a slow school computer and network: the CPU four times slower, 10
Mbit/s down and up, 40 ms round trip. The page is watched from its first byte: "map
drawn" is the moment the first country outline appears in the map's SVG, "ready" the
moment the page is settled (both plots drawn, the timeline stacked, the year painted:
common.SETTLED, checked every 10 ms in the page), in milliseconds since navigation
started; "longest task after the map" the longest task (PerformanceObserver's longtask,
over 50 ms) that starts once the map is drawn, until 1.5 s after ready. Then the same
browser loads the page again (warm cache): the same times, whether the page layout
came again, and how many bytes that took. Prints the median and worst run, the bytes
and requests of the first run, and its biggest items.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    settled_with,
    yardstick,
)

WATCH_MAP = """
new MutationObserver((_, observer) => {
  if (document.querySelector('#map path.choroplethlocation')) {
    window.__mapDrawn = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
window.__long = [];
new PerformanceObserver(list => list.getEntries().forEach(
  e => window.__long.push([e.startTime, e.duration]))).observe({type: 'longtask', buffered: true});
"""
# the atlas only: the plain app has no page scripts to settle
WATCH_READY = (
    "const settled = new Function(%s);"
    "const poll = setInterval(() => { let ok = false; try { ok = settled(); } catch (e) {}"
    " if (ok) { window.__ready = performance.now(); clearInterval(poll); } }, 10);"
)
SLOW = {"cpu": 4, "latency_ms": 40, "mbit_s": 10}


def wait_map(driver, timeout: float = 60) -> float:
    deadline = time.time() + timeout
    while not driver.execute_script("return window.__mapDrawn"):
        if time.time() > deadline:
            raise RuntimeError(f"map not drawn within {timeout} s")
        time.sleep(0.05)
    return driver.execute_script("return window.__mapDrawn")


def wait_ready(driver, timeout: float = 90) -> float | None:
    deadline = time.time() + timeout
    while not driver.execute_script("return window.__ready"):
        if time.time() > deadline:
            raise RuntimeError(f"page not ready within {timeout} s")
        time.sleep(0.05)
    return driver.execute_script("return window.__ready")


def timings(driver, atlas_page: bool, throttle: bool) -> dict:
    """Map drawn, ready, and the longest task after the map, of the page just loaded."""
    map_ms = wait_map(driver)
    ready_ms = wait_ready(driver) if atlas_page else None
    time.sleep(3.0 if throttle else 1.5)  # the tasks that follow, the font, the last callbacks
    after = [d for start, d in driver.execute_script("return window.__long") if start >= map_ms]
    return {
        "map_ms": map_ms,
        "ready_ms": ready_ms,
        "longest_after_map_ms": max(after, default=0),
        "over_100_after_map": sum(d > 100 for d in after),
    }


def load_once(base: str, throttle: bool, atlas_page: bool = True, query: str = "") -> dict:
    """One cold load of `/?year=1969` + `query` and a warm one. A class set's link
    (query `&set=…`) is ready once its events are in the page too (settled_with)."""
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_MAP})
        if atlas_page:
            driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument",
                {"source": WATCH_READY % json.dumps(settled_with(query))},
            )
        if throttle:
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": SLOW["cpu"]})
            rate = SLOW["mbit_s"] * 1_000_000 / 8
            driver.execute_cdp_cmd(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": SLOW["latency_ms"],
                    "downloadThroughput": rate,
                    "uploadThroughput": rate,
                },
            )
        driver.get(base + "?year=1969" + query)
        cold = timings(driver, atlas_page, throttle)
        first = network_log(driver)
        driver.get(base + "?year=1969" + query)  # warm: the same browser, its cache
        warm = timings(driver, atlas_page, throttle)
        layout = [r for r in network_log(driver) if r["url"].endswith("/_dash-layout")]
        return {**cold, "requests": first, "warm": warm, "warm_layout": layout}
    finally:
        driver.quit()


def spread(values: list) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values)), "max": round(max(values))}


def summary(runs: list[dict], base: str) -> dict:
    requests = runs[0]["requests"]
    biggest = sorted(requests, key=lambda r: -r["bytes"])[:6]
    out = {"runs": len(runs)}
    for name, of in (("cold", lambda r: r), ("warm", lambda r: r["warm"])):
        out[name] = {
            "map_drawn_ms": spread([of(r)["map_ms"] for r in runs]),
            "ready_ms": spread([of(r)["ready_ms"] for r in runs]),
            "longest_task_after_map_ms": spread([of(r)["longest_after_map_ms"] for r in runs]),
            "tasks_over_100_ms_after_map": max(of(r)["over_100_after_map"] for r in runs),
        }
    return {
        **out,
        "warm_layout_requests": [
            {"bytes": x["bytes"], "status": x.get("status")} for x in runs[0]["warm_layout"]
        ],
        "requests": len(requests),
        "failed": [r for r in requests if "failed" in r],
        "transferred_kb": round(sum(r["bytes"] for r in requests) / 1024, 1),
        "biggest": [
            {"kb": round(r["bytes"] / 1024, 1), "url": r["url"].replace(base, "/")} for r in biggest
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--throttle", action="store_true", help="4x CPU, 10 Mbit/s, 40 ms")
    parser.add_argument("--app", choices=["atlas", "plain", "both"], default="atlas")
    parser.add_argument(
        "--events",
        default="0",
        help="teacher's files to add, by rows, comma-separated (0: the shipped events alone)",
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        bases = {}
        if args.app in ("atlas", "both"):
            for rows in event_counts(args.events):
                env = events_env(rows, folder)
                bases[app_name(rows)] = stack.enter_context(gunicorn(env=env))[0]
        if args.app in ("plain", "both"):
            bases["plain"] = stack.enter_context(yardstick("plain_app"))
        runs = {app: [] for app in bases}
        for _ in range(args.runs):  # interleaved, so that all see the same machine
            for app, base in bases.items():
                runs[app].append(load_once(base, args.throttle, app != "plain"))
    out = {app: summary(runs[app], bases[app]) for app in bases}
    out["conditions"] = SLOW if args.throttle else "unthrottled"
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
