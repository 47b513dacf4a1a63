"""First load: bytes over the wire, requests, and time until the map is drawn.

    python bench/first_load.py [--runs 5]

Serves the Procfile's gunicorn on loopback and loads the page in a fresh headless
Chromium each run (empty cache). The page is watched from its first byte: "map drawn"
is the moment the first country outline appears in the map's SVG, in milliseconds
since navigation started. Prints the median and worst run, the bytes and requests of
the first run, and its biggest items.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import chromium, gunicorn, network_log

WATCH_MAP = """
new MutationObserver((_, observer) => {
  if (document.querySelector('#map path.choroplethlocation')) {
    window.__mapDrawn = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


def load_once(base: str) -> tuple[float, list[dict]]:
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_MAP})
        driver.get(base + "?year=1969")
        deadline = time.time() + 30
        while not driver.execute_script("return window.__mapDrawn"):
            if time.time() > deadline:
                raise RuntimeError("map not drawn within 30 s")
            time.sleep(0.05)
        map_ms = driver.execute_script("return window.__mapDrawn")
        time.sleep(1.5)  # let the font and the last callbacks finish
        return map_ms, network_log(driver)
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with gunicorn() as (base, _):
        runs = [load_once(base) for _ in range(args.runs)]
    times = [ms for ms, _ in runs]
    requests = runs[0][1]
    total = sum(r["bytes"] for r in requests)
    biggest = sorted(requests, key=lambda r: -r["bytes"])[:6]
    print(
        json.dumps(
            {
                "runs": len(runs),
                "map_drawn_ms": {
                    "median": round(statistics.median(times)),
                    "max": round(max(times)),
                },
                "requests": len(requests),
                "failed": [r for r in requests if "failed" in r],
                "transferred_kb": round(total / 1024, 1),
                "biggest": [
                    {"kb": round(r["bytes"] / 1024, 1), "url": r["url"].replace(base, "/")}
                    for r in biggest
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
