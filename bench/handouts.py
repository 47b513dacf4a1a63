"""Handouts under attack: do other visitors notice, and do the workers stay small?

    python bench/handouts.py                      # 20 handout requests at once
    python bench/handouts.py --burst 30 --abandon-every 3

Runs the Procfile's command (2 gevent workers) on a free loopback port, with a fresh
HANDOUTS_DIR and PREPARE_HANDOUTS=0 (so that only the requests below make documents),
and measures, sequentially, one request at a time:

1. idle: the page (`/?year=1969`) and a callback (reading a link), --probes of each,
   before the burst and again after it (one baseline of both: other work on the
   machine comes and goes);
2. a burst: --burst handout requests at once, each a range of its own (so nothing is
   cached or shared), PDF and page in turn, every --abandon-every-th given up by its
   client after 1 s; meanwhile the page and the callback again, one after the other,
   until the burst is over, and every worker's and renderer's memory (/proc) each
   0.25 s;
3. the issue's repro: `/print.pdf?from=<year>&to=1991` for 1917-1940 at once;
4. a kept handout (the split's PDF, and its page with gzip) sent from its file, once
   it has been made.

Prints the numbers, and whether the page's and the callback's p95 under the burst stay
within 2x idle and every worker within 400 MB. Talks only to 127.0.0.1; every request
has a timeout, and the burst ends when its requests have.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import gunicorn, percentiles
from load import BROWSER_HEADERS, callback_body

MB = 2**20


def rss_mb(pid: int) -> float | None:
    try:
        statm = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    return round(int(statm[1]) * os.sysconf("SC_PAGE_SIZE") / MB, 1)


def spread(values: list[float]) -> dict:
    """Percentiles, with p99 and the slowest."""
    ordered = sorted(values)
    return {
        **percentiles(ordered),
        "p99": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
        "max": round(ordered[-1], 1),
    }


def request(base: str, method: str, path: str, body=None, timeout=150.0, headers=None):
    """(status or what failed, milliseconds, bytes) of one request on a new connection."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    sent = {**BROWSER_HEADERS, **(headers or {})}
    if body is not None:
        sent["Content-Type"] = "application/json"
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=sent)
        reply = connection.getresponse()
        data = reply.read()
        return reply.status, (time.perf_counter() - started) * 1000, len(data)
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, (time.perf_counter() - started) * 1000, 0
    finally:
        connection.close()


def probe(base: str, callback: bytes, stop, most: int) -> dict[str, list[float]]:
    """The page and the callback in turn until `stop` is set or `most` of each."""
    times = {"page": [], "callback": []}
    while len(times["page"]) < most and not stop():
        status, ms, _ = request(base, "GET", "/?year=1969", timeout=30)
        if status == 200:
            times["page"].append(ms)
        status, ms, _ = request(base, "POST", "/_dash-update-component", callback, timeout=30)
        if status == 200:
            times["callback"].append(ms)
    return times


def children(pid: int) -> list[int]:
    """A process's children (Linux's /proc/<pid>/task/<pid>/children: no scan of /proc)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def processes(master: int) -> dict[str, list[int]]:
    workers = sorted(children(master))
    return {"workers": workers, "renderers": sorted(c for w in workers for c in children(w))}


def burst(base: str, master: int, callback: bytes, size: int, abandon_every: int) -> dict:
    firsts = [1921 + (3 * i) % 66 for i in range(size)]  # five years each, a few maps
    ranges = [(first, first + 4) for first in firsts]
    results: list[dict] = []
    lock = threading.Lock()
    memory = {"workers_max_mb": 0.0, "renderers_max_mb": 0.0, "renderers_at_once": 0}
    done = threading.Event()

    def handout(i: int, first: int, last: int) -> None:
        kind = "print.pdf" if i % 2 else "print"
        abandoned = abandon_every > 0 and i % abandon_every == abandon_every - 1
        status, ms, size = request(
            base, "GET", f"/{kind}?from={first}&to={last}", timeout=1.0 if abandoned else 150
        )
        with lock:
            results.append(
                {"kind": kind, "abandoned": abandoned, "status": status, "ms": ms, "bytes": size}
            )

    def sample() -> None:
        while not done.is_set():
            found = processes(master)
            sizes = {k: [rss_mb(p) or 0 for p in pids] for k, pids in found.items()}
            memory["workers_max_mb"] = max(memory["workers_max_mb"], *sizes["workers"])
            memory["renderers_max_mb"] = max(memory["renderers_max_mb"], 0, *sizes["renderers"])
            memory["renderers_at_once"] = max(memory["renderers_at_once"], len(found["renderers"]))
            time.sleep(0.25)

    threads = [threading.Thread(target=handout, args=(i, *r)) for i, r in enumerate(ranges)]
    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    loaded = probe(base, callback, lambda: all(not t.is_alive() for t in threads), most=10_000)
    for thread in threads:
        thread.join(timeout=200)
    seconds = time.perf_counter() - started
    time.sleep(2)  # renderers of abandoned documents are killed within a poll
    done.set()
    sampler.join()
    statuses: dict[str, int] = {}
    for result in results:
        key = "abandoned" if result["abandoned"] else str(result["status"])
        statuses[key] = statuses.get(key, 0) + 1
    made = [r["ms"] for r in results if r["status"] == 200]
    refused = [r["ms"] for r in results if r["status"] == 503 and not r["abandoned"]]
    return {
        "seconds": round(seconds, 1),
        "handouts": statuses,
        "made_ms": percentiles(made) if made else None,
        "refused_503_ms": percentiles(refused) if refused else None,
        "page_ms": spread(loaded["page"]),
        "callback_ms": spread(loaded["callback"]),
        "memory": memory,
        "renderers_after": len(processes(master)["renderers"]),
    }


def issue_repro(base: str) -> dict:
    """The issue's `curl -m1 "/print.pdf?from=$a&to=1991"` for a in 1917..1940, at once;
    then the whole span (a kept handout, not made yet here)."""
    results = []

    def ask(first: int) -> None:
        results.append(request(base, "GET", f"/print.pdf?from={first}&to=1991", timeout=1.0))

    threads = [threading.Thread(target=ask, args=(a,)) for a in range(1917, 1941)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses: dict[str, int] = {}
    for status, _, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    whole = request(base, "GET", "/print.pdf?from=1917&to=1991", timeout=30)
    return {
        "statuses": statuses,
        "ms": spread([ms for _, ms, _ in results]),
        "whole_span": {"status": whole[0], "ms": round(whole[1], 1)},
    }


def kept(base: str, n: int) -> dict:
    """A kept handout: made once (timed), then sent from its file n times."""
    first = request(base, "GET", "/print.pdf?chapter=the-split")
    pdf = [request(base, "GET", "/print.pdf?chapter=the-split") for _ in range(n)]
    page = [
        request(base, "GET", "/print?chapter=the-split", headers={"Accept-Encoding": "gzip"})
        for _ in range(n)
    ]
    return {
        "first_ms": round(first[1]),
        "first_status": first[0],
        "pdf_ms": percentiles([ms for status, ms, _ in pdf if status == 200]),
        "pdf_mb": round(pdf[0][2] / MB, 2),
        "page_gzip_ms": percentiles([ms for status, ms, _ in page if status == 200]),
        "page_gzip_mb": round(page[0][2] / MB, 2),
    }


def run(size: int, abandon_every: int, probes: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as folder:
        os.environ.update(
            HANDOUTS_DIR=str(Path(folder) / "handouts"),
            PREPARE_HANDOUTS="0",
            SETS_DB=str(Path(folder) / "class-sets.sqlite3"),
        )
        return measure(size, abandon_every, probes)


def measure(size: int, abandon_every: int, probes: int) -> dict:
    with gunicorn(workers=2) as (base, process):
        url = urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        connection.request("GET", "/_dash-dependencies")
        dependencies = json.loads(connection.getresponse().read())
        connection.close()
        callback = json.dumps(callback_body(dependencies, {"url.search": "?year=1969"})).encode()
        probe(base, callback, lambda: False, most=20)  # warm both workers
        idle = probe(base, callback, lambda: False, most=probes)
        idle_workers = [rss_mb(pid) for pid in processes(process.pid)["workers"]]
        under = burst(base, process.pid, callback, size, abandon_every)
        time.sleep(3)  # the renders left by the burst end (killed: nobody waits)
        after = probe(base, callback, lambda: False, most=probes)  # the machine may vary
        for kind in idle:
            idle[kind] += after[kind]
        repro = issue_repro(base)
        served = kept(base, 30)
        workers_at_end = [rss_mb(pid) for pid in processes(process.pid)["workers"]]
    idle_page, idle_callback = spread(idle["page"]), spread(idle["callback"])
    return {
        "idle": {"page_ms": idle_page, "callback_ms": idle_callback, "workers_mb": idle_workers},
        "burst": under,
        "issue_repro": repro,
        "kept_chapter": served,
        "workers_mb_at_end": workers_at_end,
        "checks": {
            "page_p95_within_2x_idle": under["page_ms"]["p95"] <= 2 * idle_page["p95"],
            "callback_p95_within_2x_idle": under["callback_ms"]["p95"] <= 2 * idle_callback["p95"],
            "workers_within_400_mb": under["memory"]["workers_max_mb"] <= 400,
            "kept_pdf_p95_within_20_ms": served["pdf_ms"]["p95"] <= 20,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=20, help="handout requests at once")
    parser.add_argument("--abandon-every", type=int, default=4, help="every n-th given up")
    parser.add_argument("--probes", type=int, default=300, help="idle requests of each kind")
    args = parser.parse_args()
    print(json.dumps(run(args.burst, args.abandon_every, args.probes), indent=2))


if __name__ == "__main__":
    main()
