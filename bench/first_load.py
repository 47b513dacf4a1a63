"""First load: bytes over the wire, requests, and time until the map is drawn; and a
warm load.

    python bench/first_load.py [--runs 9] [--throttle] [--app atlas|plain|both]

Serves the Procfile's gunicorn (and, with --app plain or both, the baseline of
bench/plain_app.py) on loopback and loads the page in a fresh headless Chromium each run
(empty cache). With --throttle, DevTools emulates a slow school computer and network: the
CPU four times slower, 10 Mbit/s down and up, 40 ms round trip. The page is watched from
its first byte: "map drawn" is the moment the first country outline appears in the map's
SVG, in milliseconds since navigation started. Then the same browser loads the page
again (warm cache): whether the page layout came again, and how many bytes that took.
Prints the median and worst run, the bytes and requests of the first run, and its
biggest items.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from contextlib import ExitStack

from common import chromium, gunicorn, network_log
from scrub import plain_server

WATCH_MAP = """
new MutationObserver((_, observer) => {
  if (document.querySelector('#map path.choroplethlocation')) {
    window.__mapDrawn = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""
SLOW = {"cpu": 4, "latency_ms": 40, "mbit_s": 10}


def wait_map(driver, timeout: float = 60) -> float:
    deadline = time.time() + timeout
    while not driver.execute_script("return window.__mapDrawn"):
        if time.time() > deadline:
            raise RuntimeError(f"map not drawn within {timeout} s")
        time.sleep(0.05)
    return driver.execute_script("return window.__mapDrawn")


def load_once(base: str, throttle: bool) -> dict:
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_MAP})
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
        driver.get(base + "?year=1969")
        map_ms = wait_map(driver)
        time.sleep(2.5 if throttle else 1.5)  # let the font and the last callbacks finish
        first = network_log(driver)
        driver.get(base + "?year=1969")  # warm: the same browser, its cache
        warm_ms = wait_map(driver)
        time.sleep(1.0)
        layout = [r for r in network_log(driver) if r["url"].endswith("/_dash-layout")]
        return {"map_ms": map_ms, "requests": first, "warm_ms": warm_ms, "warm_layout": layout}
    finally:
        driver.quit()


def summary(runs: list[dict], base: str) -> dict:
    times = [r["map_ms"] for r in runs]
    requests = runs[0]["requests"]
    biggest = sorted(requests, key=lambda r: -r["bytes"])[:6]
    return {
        "runs": len(runs),
        "map_drawn_ms": {"median": round(statistics.median(times)), "max": round(max(times))},
        "warm_map_drawn_ms": round(statistics.median([r["warm_ms"] for r in runs])),
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
    args = parser.parse_args()
    apps = ["atlas", "plain"] if args.app == "both" else [args.app]
    with ExitStack() as stack:
        bases = {}
        if "atlas" in apps:
            bases["atlas"] = stack.enter_context(gunicorn())[0]
        if "plain" in apps:
            bases["plain"] = stack.enter_context(plain_server())
        runs = {app: [] for app in apps}
        for _ in range(args.runs):  # interleaved, so that both see the same machine
            for app in apps:
                runs[app].append(load_once(bases[app], args.throttle))
    out = {app: summary(runs[app], bases[app]) for app in apps}
    out["conditions"] = SLOW if args.throttle else "unthrottled"
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
