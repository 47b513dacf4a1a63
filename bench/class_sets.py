"""A database that fails, and keys guessed: what other visitors feel.

    python bench/class_sets.py              # about 2 minutes
    python bench/class_sets.py --seconds 4  # shorter phases

Runs the Procfile's command (2 gevent workers) on loopback, once on a PostgreSQL of its
own (Debian's binaries, as the tests start it) and once on SQLite. In each phase a
probe loads the page (`/?year=1969`) and posts the link callback for it, one after the
other, and the phase's median and p95 are compared with the idle phase's:

- idle: nothing else happens;
- 12 students opening a class set (each about 7 times a second), first with the
  database well, then with PostgreSQL hung (SIGSTOP to the server and its backends);
- 12 teachers publishing, first with SQLite well, then with the file locked (another
  process holds BEGIN EXCLUSIVE);
- wrong keys: 10 clients each trying about 7 wrong keys a second on one set.

Then, in-process, the cost of a 500-event class set: the details and the map
callbacks with the set open, against the same callbacks without it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, gunicorn, percentiles
from load import callback_body

from dashboard import ids
from tests.postgres import frozen, postgres_server

KEY = "bench-teachers-key-0123"
EN = {f"{ids.PAGE_DATA}.data": {"lang": "en"}}


def post(base: str, body: dict, timeout: float = 30) -> bytes:
    request = urllib.request.Request(
        base + "_dash-update-component",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return reply.read()


def probe(base: str, deps, seconds: float) -> dict:
    """The page and its link callback, one after the other, for `seconds`."""
    page, callback, errors = [], [], 0
    body = callback_body(deps, {f"{ids.URL}.search": "?year=1969"}, EN)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        for sample, send in (
            (page, lambda: urllib.request.urlopen(base + "?year=1969", timeout=30).read()),
            (callback, lambda: post(base, body)),
        ):
            started = time.perf_counter()
            try:
                send()
            except OSError:
                errors += 1
            sample.append((time.perf_counter() - started) * 1000)
    return {"page": percentiles(page), "callback": percentiles(callback), "errors": errors}


PACE = 0.15  # seconds between one client's requests: ~7 a second, as a person clicks


def hammer(count: int, work, stop: threading.Event) -> list[threading.Thread]:
    """`count` threads each calling `work()` every PACE seconds until `stop` is set."""

    def loop():
        while not stop.is_set():
            try:
                work()
            except OSError:
                pass
            stop.wait(PACE)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def during(base, deps, seconds, count, work) -> dict:
    stop = threading.Event()
    threads = hammer(count, work, stop)
    time.sleep(0.5)
    try:
        return probe(base, deps, seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=40)


def publish_body(deps, store, base) -> dict:
    return callback_body(
        deps,
        {f"{ids.PUBLISH_SET}.n_clicks": 1},
        {
            **EN,
            f"{ids.SET_TITLE}.value": "Bench",
            f"{ids.TEACHER_KEY}.value": KEY,
            f"{ids.YOUR_EVENTS}.data": store,
            f"{ids.URL}.href": base,
        },
    )


def small_store() -> dict:
    from dashboard.classroom.upload import add_upload
    from tests.unit.test_teacher import GOOD, as_csv

    data = "data:text/csv;base64," + __import__("base64").b64encode(as_csv(GOOD)).decode()
    return add_upload(data, "bench.csv", None).store


def served(env: dict, seconds: float, phases) -> dict:
    with gunicorn(env={"TEACHER_KEYS": KEY, "PREPARE_HANDOUTS": "0", **env}) as (base, _):
        deps = json.loads(urllib.request.urlopen(base + "_dash-dependencies").read())
        results = {"idle": probe(base, deps, seconds)}
        for name, run in phases(base, deps):
            results[name] = run(seconds)
        return results


def on_postgresql(seconds: float) -> dict:
    store = small_store()
    with postgres_server() as url:

        def phases(base, deps):
            reply = post(base, publish_body(deps, store, base)).decode()
            set_id = reply.split("?set=")[1][:11]
            opening = callback_body(deps, {f"{ids.URL}.search": f"?set={set_id}"}, EN)
            wrong = callback_body(
                deps,
                {f"{ids.DELETE_SET}.n_clicks": 1},
                {
                    **EN,
                    f"{ids.DELETE_SET_ID}.value": set_id,
                    f"{ids.TEACHER_KEY}.value": "not-the-key-000",
                },
            )

            def hung(s):
                with frozen(url):
                    return during(base, deps, s, 12, lambda: post(base, opening))

            yield (
                "12 opening a set",
                lambda s: during(base, deps, s, 12, lambda: post(base, opening)),
            )
            yield "12 opening a set, postgresql hung", hung
            time.sleep(12)  # the breaker's pause
            yield (
                "10 clients guessing keys",
                lambda s: during(base, deps, s, 10, lambda: post(base, wrong)),
            )

        return served({"DATABASE_URL": url}, seconds, phases)


def on_sqlite(seconds: float) -> dict:
    store = small_store()
    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    database = folder / "sets.sqlite3"

    def phases(base, deps):
        def locked(s):
            holder = sqlite3.connect(database, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                return during(
                    base, deps, s, 12, lambda: post(base, publish_body(deps, store, base))
                )
            finally:
                holder.execute("ROLLBACK")
                holder.close()

        yield (
            "12 publishing",
            lambda s: during(
                base, deps, s, 12, lambda: post(base, publish_body(deps, store, base))
            ),
        )
        yield "12 publishing, sqlite locked", locked

    return served({"SETS_DB": str(database)}, seconds, phases)


def big_set_callbacks(repeat: int = 20) -> dict:
    """Details and map callbacks (through the app's own test client), with a 500-event
    class set open and without one."""
    from dashboard import create_app
    from dashboard.atlas.data import load_atlas
    from dashboard.classroom.classsets import ClassSets, draft
    from dashboard.classroom.db import open_database
    from dashboard.classroom.upload import add_upload
    from dashboard.server.config import Settings
    from tests.unit.test_teacher import GOOD, as_csv

    rows = [
        {**GOOD, "title": f"Event {n}", "start": str(1917 + n % 75), "lat": 40 + n % 10}
        for n in range(500)
    ]
    data = "data:text/csv;base64," + __import__("base64").b64encode(as_csv(*rows)).decode()
    store = add_upload(data, "big.csv", None).store
    url = f"sqlite:///{tempfile.mkdtemp(prefix='atlas-bench-')}/sets.sqlite3"
    sets = ClassSets(open_database(url))
    atlas = load_atlas(ROOT / "geodata")
    app = create_app(Settings(teacher_keys=(KEY,)), atlas, sets)
    set_id = sets.publish(draft("Big", store, "", atlas), KEY)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()

    def timed(inputs, state) -> dict:
        body = callback_body(deps, inputs, {**EN, **state})
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            reply = client.post("/_dash-update-component", json=body)
            samples.append((time.perf_counter() - started) * 1000)
            assert reply.status_code in (200, 204), reply.status_code
        return percentiles(samples)

    opened = {f"{ids.CLASS_SET}.data": {"id": set_id}}
    details = {f"{ids.SELECTED_EVENT}.data": atlas.events["id"].iloc[50]}
    small = small_store()
    map_inputs = {f"{ids.YOUR_EVENTS}.data": small, f"{ids.CLASS_SET}.data": None}
    map_with_set = {f"{ids.YOUR_EVENTS}.data": None, f"{ids.CLASS_SET}.data": {"id": set_id}}
    year = {f"{ids.YEAR_SLIDER}.value": 1950}
    return {
        "details, no set": timed(details, {}),
        "details, 500-event set open": timed(details, opened),
        "map, one uploaded event, no set": timed(map_inputs, year),
        "map, 500-event set open": timed(map_with_set, year),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="length of each phase")
    args = parser.parse_args()
    report = {
        "postgresql": on_postgresql(args.seconds),
        "sqlite": on_sqlite(args.seconds),
        "500-event set": big_set_callbacks(),
    }
    print(json.dumps(report, indent=2))
    for database in ("postgresql", "sqlite"):
        idle = report[database]["idle"]
        for phase, result in report[database].items():
            ratios = {
                kind: round(result[kind]["p95"] / max(idle[kind]["p95"], 0.1), 2)
                for kind in ("page", "callback")
            }
            print(f"{database:10} {phase:36} p95 x idle: {ratios}  errors: {result['errors']}")


if __name__ == "__main__":
    main()
