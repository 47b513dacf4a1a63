"""Year steps: key press to repainted map and timeline, and bytes on the wire per step.

    python bench/step_latency.py [--steps 60]

In headless Chromium against the Procfile's gunicorn on loopback. The page is
instrumented: a step starts at the keydown on the slider and ends at the first
animation frame after both the map and the timeline have shown the new year (atlas.js's
`atlas-painted`, or Plotly's `plotly_afterplot` when a figure itself was patched): i.e.
when the browser paints the new year.
A step's network bytes are whatever the page sent or received meanwhile.
"""

from __future__ import annotations

import argparse
import json
import time

from common import SETTLED, chromium, gunicorn, network_log, percentiles
from selenium.webdriver.common.keys import Keys

INSTRUMENT = """
window.__steps = [];
const map = document.querySelector('#map .js-plotly-plot');
const timeline = document.querySelector('#timeline .js-plotly-plot');
let pending = null;
document.addEventListener('keydown', () => {
  pending = {start: performance.now(), map: false, timeline: false};
}, true);
function done(which) {
  if (!pending || pending[which]) return;
  pending[which] = performance.now() - pending.start;
  if (pending.map && pending.timeline) {
    const step = pending;
    pending = null;
    requestAnimationFrame(() => {
      step.total = performance.now() - step.start;
      window.__steps.push(step);
    });
  }
}
map.on('plotly_afterplot', () => done('map'));
map.addEventListener('atlas-painted', () => done('map'));
timeline.on('plotly_afterplot', () => done('timeline'));
timeline.addEventListener('atlas-painted', () => done('timeline'));
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    with gunicorn() as (base, _):
        driver = chromium()
        try:
            driver.get(base + "?year=1920")
            deadline = time.time() + 30
            while not driver.execute_script(SETTLED) and time.time() < deadline:
                time.sleep(0.05)
            driver.execute_script(INSTRUMENT)
            thumb = driver.find_element("css selector", "#year-slider [role=slider]")
            network_log(driver)  # discard the page load
            for i in range(args.steps):
                thumb.send_keys(Keys.ARROW_RIGHT)
                deadline = time.time() + 5
                while driver.execute_script("return window.__steps.length") <= i:
                    if time.time() > deadline:
                        raise RuntimeError(f"step {i + 1} never repainted")
                    time.sleep(0.01)
                time.sleep(0.05)
            steps = driver.execute_script("return window.__steps")
            year = driver.find_element("id", "year-display").text
            requests = network_log(driver)
        finally:
            driver.quit()
    print(
        json.dumps(
            {
                "steps": len(steps),
                "last_year": year,
                "key_to_repaint_ms": percentiles([s["total"] for s in steps]),
                "key_to_map_painted_ms": percentiles([s["map"] for s in steps]),
                "key_to_timeline_painted_ms": percentiles([s["timeline"] for s in steps]),
                "requests_during_steps": len(requests),
                "bytes_per_step": round(sum(r["bytes"] for r in requests) / len(steps), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
