"""The search box (issue 24), per keystroke: the shipped events, and with a teacher's file.

    python bench/search.py [--events 0,2000] [--rounds 2]

Serves the atlas with the Procfile's gunicorn once per --events size (0: the shipped
events alone; 2,000: a teacher's file at its limit, bench/data/make_teacher_file.py,
EXTRA_EVENTS, as bench/scrub.py does), loads the page in headless Chromium at 1600x1000,
waits for the search's index, and types queries into the box with DevTools' key events
(Latin, Cyrillic, Chinese, a typo, a year; each query emptied with Ctrl+A, Backspace).
For every keystroke it times, in the page, from the key's event to

- `listed_ms`: the results written into the list (the page's `atlas-searched` event,
  sent once the list is in the DOM), and
- `frame_ms`: the next animation frame's callbacks after that, in the frame that shows
  them, just before it is laid out and painted (one frame at 60 Hz is 16.7 ms);
- `search_ms`: the page's own work for it (searching the index and writing the list);

and counts the requests the page made while typing (the DevTools network log), which
must be 0. Prints one JSON object: per size, the events indexed, the time the index
took to build (once, after the map is drawn), median and p95 of each measure, the
keystrokes and the requests.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from common import (
    SETTLED,
    app_name,
    chromium,
    event_counts,
    events_env,
    gunicorn,
    network_log,
    percentiles,
)

WIDTH, HEIGHT = 1600, 1000
QUERIES = [
    "Zhenbao",
    "Port Arthur",
    "Damanskiy",  # one typo
    "Пекин 1989",
    "Даманский",
    "珍宝岛",
    "旅顺",
    "Moscow",
    "Beijing",
    "Ulaanbaatar",
    "Tihwa",
    "Gorbachev visits",
]
INSTRUMENT = """
window.__search = {listed: [], frame: [], work: []};
let started = null;
const start = e => { if (started === null) started = e.timeStamp; };
// a key that types or deletes (not Ctrl+A), or text an input method commits
window.addEventListener('keydown', e => {
  if (!e.ctrlKey && (e.key.length === 1 || e.key === 'Backspace')) start(e); }, true);
window.addEventListener('beforeinput', start, true);
document.addEventListener('atlas-searched', e => {
  if (started === null) return;
  const t = started;
  started = null;
  window.__search.listed.push(performance.now() - t);
  window.__search.work.push(e.detail.ms);
  requestAnimationFrame(() => window.__search.frame.push(performance.now() - t));
});
"""
# Each build of the index on the page: from its start to its end (ms, over several
# tasks: the documents go in by chunks), its longest task (ms), the documents added.
BUILDS = """
return atlas.searchBuilds.map(b => ({ms: Math.round(b.ms),
  longest_task_ms: Math.round(b.longest_task_ms * 10) / 10, added: b.added}));
"""
READY = "return !!window.MiniSearch && atlas.search('Moscow').length > 0;"


def key(driver, name: str, code: int, modifiers: int = 0, text: str | None = None, commands=()):
    down = {"type": "keyDown" if text else "rawKeyDown", "key": name, "code": name}
    down |= {"windowsVirtualKeyCode": code, "modifiers": modifiers, "commands": list(commands)}
    if text:
        down |= {"text": text, "unmodifiedText": text}
    driver.execute_cdp_cmd("Input.dispatchKeyEvent", down)
    driver.execute_cdp_cmd(
        "Input.dispatchKeyEvent",
        {"type": "keyUp", "key": name, "code": name, "windowsVirtualKeyCode": code},
    )


def type_text(driver, text: str):
    """Each character a key: Latin and Cyrillic as key events with their text, a Chinese
    character as an input method commits it (insertText)."""
    for char in text:
        if ord(char) > 0x2E80:
            driver.execute_cdp_cmd("Input.insertText", {"text": char})
        else:
            key(driver, char, ord(char.upper()) if char.isascii() else 0, text=char)
        time.sleep(0.06)


def run(base: str) -> dict:
    driver = chromium(WIDTH, HEIGHT)
    try:
        driver.get(base + "?year=1940")
        deadline = time.time() + 60
        while not (driver.execute_script(SETTLED) and driver.execute_script(READY)):
            if time.time() > deadline:
                raise RuntimeError("the page or its search did not get ready")
            time.sleep(0.1)
        time.sleep(1.0)
        driver.execute_script(INSTRUMENT)
        driver.find_element("css selector", "#search-input").click()
        network_log(driver)  # what the load fetched: not the typing's
        for query in QUERIES:
            type_text(driver, query)
            time.sleep(0.2)
            # Ctrl+A, then Backspace: empty again
            key(driver, "a", 65, modifiers=2, commands=["selectAll"])
            key(driver, "Backspace", 8)
            time.sleep(0.1)
        time.sleep(0.5)
        requests = [r["url"] for r in network_log(driver)]
        timings = driver.execute_script("return window.__search")
        return {
            "events": driver.execute_script("return atlas.events.length"),
            "builds": driver.execute_script(BUILDS),
            "listed": timings["listed"],
            "frame": timings["frame"],
            "work": timings["work"],
            "requests": requests,
        }
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="0,2000", help="teacher's files' rows (0: none)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    out = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for rows in event_counts(args.events):
            base, _ = stack.enter_context(gunicorn(env=events_env(rows, folder)))
            runs = [run(base) for _ in range(args.rounds)]
            out[app_name(rows)] = {
                "events": runs[0]["events"],
                "index_builds": [r["builds"] for r in runs],
                "keystrokes": sum(len(r["listed"]) for r in runs),
                "listed_ms": percentiles([t for r in runs for t in r["listed"]]),
                "frame_ms": percentiles([t for r in runs for t in r["frame"]]),
                "search_ms": percentiles([t for r in runs for t in r["work"]]),
                "requests_while_typing": sorted({u for r in runs for u in r["requests"]}),
            }
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
