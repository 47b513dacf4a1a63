"""Load on loopback: many visitors loading the page at once, optionally losing a worker.

    python bench/load.py                                   # 50 visitors for 30 s
    python bench/load.py --clients 100 --seconds 60 --kill-worker

Runs the Procfile's command (2 workers) on a free loopback port. Each client is one
visitor after another: a new connection, then every request the page makes, in the
page's order, over keep-alive (the HTML, the scripts and styles it names, the layout,
the dependencies, the basemap topojson, the font, and the two server callbacks: reading
a link, and the details of an event). With --kill-worker, one worker is killed with
SIGKILL halfway through: requests in flight on it may fail, none after; gunicorn's
arbiter starts a new worker in its place. Prints requests per second, latency
percentiles and every failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from common import gunicorn, percentiles

BROWSER_HEADERS = {"Accept-Encoding": "br, gzip", "User-Agent": "atlas-load"}


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    failures: list[tuple[float, str, str]] = field(default_factory=list)  # (t, path, what)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _get(base: str, path: str) -> bytes:
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def callback_body(dependencies: list, inputs: dict, state: dict | None = None) -> dict:
    """A callback request as the browser sends it, for the callback whose inputs are
    exactly `inputs` ({"id.property": value}); its state values from `state` (by the
    same key), else None."""
    callback = next(
        d
        for d in dependencies
        if [f"{i['id']}.{i['property']}" for i in d["inputs"]] == list(inputs)
    )
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1]}  # "@hash" kept, as sent
        for o in callback["output"].strip(".").split("...")
    ]
    return {
        "output": callback["output"],
        # as dash-renderer sends it: a list for several outputs, an object for one
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": [
            {"id": key.split(".")[0], "property": key.split(".")[1], "value": value}
            for key, value in inputs.items()
        ],
        "changedPropIds": list(inputs),
        "state": [
            {**s, "value": (state or {}).get(f"{s['id']}.{s['property']}")}
            for s in callback["state"]
        ],
    }


def page_requests(base: str) -> list[Request]:
    """Every request a browser makes to open the page, read off the page itself."""
    html = _get(base, "/").decode()
    files = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"', html)
    dependencies = json.loads(_get(base, "/_dash-dependencies"))
    post = [
        callback_body(dependencies, {"url.search": "?year=1969"}),
        callback_body(dependencies, {"selected-event.data": "border-conflict-1969"}),
    ]
    return [
        Request("GET", "/"),
        *(Request("GET", path) for path in files),
        Request("GET", "/_dash-layout"),
        Request("GET", "/_dash-dependencies"),
        Request("GET", "/assets/topojson/world_110m.json"),
        Request("GET", "/assets/fonts/atlas-cjk-common.woff2"),
        *(Request("POST", "/_dash-update-component", json.dumps(b).encode()) for b in post),
    ]


def send(connection: http.client.HTTPConnection, req: Request) -> tuple[str | None, float]:
    """One request as a browser sends it, over a kept-alive connection: what went wrong
    (None: a 200), and when it was sent (perf_counter)."""
    headers = dict(BROWSER_HEADERS)
    if req.body is not None:
        headers["Content-Type"] = "application/json"
    sent = time.perf_counter()
    try:
        connection.request(req.method, req.path, body=req.body, headers=headers)
        reply = connection.getresponse()
        reply.read()
        return (None if reply.status == 200 else f"HTTP {reply.status}"), sent
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, sent


def visitor(base: str, requests: list[Request], until: float, tally: Tally, started: float):
    url = urlsplit(base)
    while time.perf_counter() < until:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            for req in requests:
                if time.perf_counter() >= until:
                    break
                what, sent = send(connection, req)
                done = time.perf_counter()
                with tally.lock:
                    if what:
                        tally.failures.append((round(sent - started, 2), req.path[:60], what))
                    else:
                        tally.latencies.append((done - sent) * 1000)
                if what:
                    break  # the connection is gone: start a new visit
        finally:
            connection.close()


def workers_of(master: int) -> set[int]:
    """PIDs of the gunicorn master's worker processes, read from /proc."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


def run(clients: int, seconds: float, kill_worker: bool) -> dict:
    with gunicorn(workers=2) as (base, process):
        requests = page_requests(base)
        tally = Tally()
        started = time.perf_counter()
        until = started + seconds
        threads = [
            threading.Thread(target=visitor, args=(base, requests, until, tally, started))
            for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        killed = None
        if kill_worker:
            time.sleep(seconds / 2)
            killed = min(workers_of(process.pid))
            os.kill(killed, signal.SIGKILL)
            killed_at = time.perf_counter() - started
        for thread in threads:
            thread.join(timeout=seconds + 60)
        elapsed = time.perf_counter() - started
        deadline = time.time() + 20
        while len(workers_of(process.pid)) < 2 and time.time() < deadline:
            time.sleep(0.2)
        workers_after = workers_of(process.pid)
    result = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests_per_visit": len(requests),
        "ok": len(tally.latencies),
        "requests_per_second": round(len(tally.latencies) / elapsed, 1),
        "latency_ms": percentiles(tally.latencies),
        "failures": len(tally.failures),
        "failure_samples": tally.failures[:10],
    }
    result["latency_ms"]["p99"] = round(
        sorted(tally.latencies)[int(0.99 * len(tally.latencies))], 1
    )
    if kill_worker:
        result["killed_worker"] = {
            "pid": killed,
            "at_s": round(killed_at, 2),
            "workers_after": len(workers_after),
            "replaced": killed not in workers_after and len(workers_after) == 2,
            # a request sent after the kill was noticed (1 s) must not fail
            "failures_later": [f for f in tally.failures if f[0] > killed_at + 1][:10],
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--kill-worker", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.clients, args.seconds, args.kill_worker), indent=2))


if __name__ == "__main__":
    main()
