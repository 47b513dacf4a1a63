"""How each cost grows with the events: first load, a key step and memory, with the
shipped events alone and with a teacher's file of 500, 1,000 and 2,000 rows added.

    python bench/growth.py [--events 0,500,1000,2000] [--loads 3] [--steps 30]
                           [--class-set 500]

For each size, serves the Procfile's gunicorn with the teacher's file (seeded, made by
bench/data/make_teacher_file.py; EXTRA_EVENTS) on loopback and measures, in headless
Chromium: --loads first loads as bench/first_load.py makes them (map drawn, page ready,
the longest task after the map is drawn; the median), --steps key steps as
bench/scrub.py makes them (median and p95, long tasks, bytes to the server), the page's
JavaScript heap and DOM nodes after the steps, and the resident memory of each gunicorn
worker after it all. Then the same for a student opening a class set (--class-set rows
of the same seeded file, published into a SQLite file of its own as a teacher would;
the page loaded by the set's link, ready once the set's events are in). The sizes are
measured one after another, each round in turn (--rounds; of several, the median round
by its key step is shown), so that a busy moment on the machine falls on all of them.
Prints JSON, then the table of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from common import ROOT, app_name, event_counts, events_env, gunicorn, teacher_file
from first_load import load_once
from memory import workers_rss
from scrub import run_app

SET_KEY = "bench-teachers-key-0123"


def class_set_env(rows: int, folder: Path) -> tuple[dict, str]:
    """A class set of the seeded teacher's file of `rows` rows, published into a SQLite
    file of its own (SETS_DB) as a teacher would; the environment that serves it, and the
    query a student's link adds."""
    import base64

    from dashboard.atlas.data import load_atlas
    from dashboard.classroom.classsets import ClassSets, draft
    from dashboard.classroom.db import open_database
    from dashboard.classroom.upload import add_upload

    csv = teacher_file(rows, folder).read_bytes()
    store = add_upload(
        "data:text/csv;base64," + base64.b64encode(csv).decode(), "class.csv", None
    ).store
    path = folder / f"sets-{rows}.sqlite3"
    sets = ClassSets(open_database(f"sqlite:///{path}"))
    set_id = sets.publish(draft("Bench", store, "", load_atlas(ROOT / "geodata")), SET_KEY)
    return {**events_env(0, folder), "SETS_DB": str(path)}, f"&set={set_id}"


def measure(base: str, loads: int, steps: int, query: str = "") -> dict:
    first = [load_once(base, throttle=False, query=query) for _ in range(loads)]
    scrub = run_app(base, True, steps, 0, drag=False, query=query)
    return {
        "events": scrub["events"],
        "student": bool(query),
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
            f"| {r['events']:,}{' (class set, as a student)' if r['student'] else ''} "
            f"| {r['map_drawn_ms'] / 1000:.2f} s | {r['ready_ms'] / 1000:.2f} s "
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
    parser.add_argument(
        "--class-set",
        type=int,
        default=500,
        help="rows of a class set opened as a student by its link (0: none)",
    )
    args = parser.parse_args()
    sizes = event_counts(args.events)
    runs = {app_name(rows): [] for rows in sizes}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        served = {app_name(rows): (events_env(rows, folder), "") for rows in sizes}
        if args.class_set:
            served[f"class set of {args.class_set}"] = class_set_env(args.class_set, folder)
            runs[f"class set of {args.class_set}"] = []
        servers = {
            app: (stack.enter_context(gunicorn(env=env)), query)
            for app, (env, query) in served.items()
        }
        for _ in range(args.rounds):
            for app, ((base, _process), query) in servers.items():
                runs[app].append(measure(base, args.loads, args.steps, query))
        rss = {app: workers_rss(process.pid) for app, ((_, process), _) in servers.items()}
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
