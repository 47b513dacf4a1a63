"""How each cost grows with the events: first load, a key step and memory, with the
shipped events alone and with a teacher's file of 500, 1,000 and 2,000 rows added.

    python bench/growth.py [--events 0,500,1000,2000] [--loads 3] [--steps 30]

For each size, serves the Procfile's gunicorn with the teacher's file (seeded, made by
bench/data/make_teacher_file.py; EXTRA_EVENTS) on loopback and measures, in headless
Chromium: --loads first loads as bench/first_load.py makes them (map drawn, page ready,
the longest task after the map is drawn; the median), --steps key steps as
bench/scrub.py makes them (median and p95, long tasks, bytes to the server), the page's
JavaScript heap and DOM nodes after the steps, and the resident memory of each gunicorn
worker after it all. The sizes are measured one after another, each round in turn
(--rounds; of several, the median round by its key step is shown), so that a busy
moment on the machine falls on all of them. Prints JSON, then the table of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from common import app_name, event_counts, events_env, gunicorn
from first_load import load_once
from memory import workers_rss
from scrub import run_app


def measure(base: str, loads: int, steps: int) -> dict:
    first = [load_once(base, throttle=False) for _ in range(loads)]
    scrub = run_app(base, True, steps, 0, drag=False)
    return {
        "events": scrub["events"],
        "map_drawn_ms": statistics.median(r["map_ms"] for r in first),
        "ready_ms": statistics.median(r["ready_ms"] for r in first),
        "longest_task_after_map_ms": max(r["longest_after_map_ms"] for r in first),
        "transferred_kb": round(sum(r["bytes"] for r in first[0]["requests"]) / 1024),
        "step_ms": scrub["step_ms"],
        "steps_long_tasks": scrub["steps_long_tasks"],
        "steps_wire": scrub["steps_wire"],
        "memory": scrub["memory"],
    }


def table(results: dict) -> str:
    rows = [
        "| events | map drawn | ready | longest task after the map | key step median / p95 "
        "| long tasks in the steps | JS heap | DOM nodes | worker RSS | first load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results.values():
        long = r["steps_long_tasks"]
        rows.append(
            f"| {r['events']:,} | {r['map_drawn_ms'] / 1000:.2f} s | {r['ready_ms'] / 1000:.2f} s "
            f"| {r['longest_task_after_map_ms']:.0f} ms "
            f"| {r['step_ms']['median']} / {r['step_ms']['p95']} ms "
            f"| {long['count']} (longest {long['longest_ms']} ms) "
            f"| {r['memory']['js_heap_mb']} MB | {r['memory']['dom_nodes']:,} "
            f"| {r['worker_rss_mb']} MB | {r['transferred_kb']:,} KB |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="0,500,1000,2000")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    sizes = event_counts(args.events)
    runs = {app_name(rows): [] for rows in sizes}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        servers = {
            app_name(rows): stack.enter_context(gunicorn(env=events_env(rows, folder)))
            for rows in sizes
        }
        for _ in range(args.rounds):
            for app, (base, _process) in servers.items():
                runs[app].append(measure(base, args.loads, args.steps))
        rss = {app: workers_rss(process.pid) for app, (_base, process) in servers.items()}
    results = {}
    for app, measured in runs.items():
        ordered = sorted(measured, key=lambda r: r["step_ms"]["median"])
        middle = ordered[len(ordered) // 2]  # the median round, by its key step
        results[app] = {**middle, "worker_rss_mb": max(rss[app].values())}
    print(json.dumps(results, indent=1))
    print()
    print(table(results))


if __name__ == "__main__":
    main()
