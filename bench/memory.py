"""Memory of the Procfile's workers: over many ordinary requests, and over many made-up
asset URLs.

    python bench/memory.py                                  # 20,000 requests, 1,000 URLs
    python bench/memory.py --requests 2000 --asset-urls 500

Runs the Procfile's command (2 workers) on a free loopback port and reads each
worker's resident memory (VmRSS) from /proc: at the start, after every quarter of
--requests requests of the page's own (bench/load.py's visits, 8 clients at
once, with brotli), and after --asset-urls requests for the plotly.js bundle, each with
a `?m=` of its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

from common import gunicorn
from load import BROWSER_HEADERS, page_requests, workers_of


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for {pid}")


def workers_rss(master: int) -> dict[int, float]:
    return {pid: rss_mb(pid) for pid in sorted(workers_of(master))}


def _send(base: str, requests: list, count: int, clients: int) -> int:
    """Send `count` requests from `requests` (in turn), over `clients` connections."""
    url = urlsplit(base)
    failures = [0]
    lock = threading.Lock()

    def client(share: int, offset: int) -> None:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            for n in range(share):
                req = requests[(offset + n) % len(requests)]
                headers = dict(BROWSER_HEADERS)
                if req.body is not None:
                    headers["Content-Type"] = "application/json"
                try:
                    connection.request(req.method, req.path, body=req.body, headers=headers)
                    reply = connection.getresponse()
                    reply.read()
                    ok = reply.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    connection.close()
                    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                if not ok:
                    with lock:
                        failures[0] += 1
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(count // clients, i * 7)) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return failures[0]


def run(requests: int, asset_urls: int, clients: int = 8) -> dict:
    with gunicorn(workers=2) as (base, process):
        visit = page_requests(base)
        script = next(r for r in visit if r.path.startswith("/assets/plotly/"))
        made_up = [
            type(script)("GET", script.path.split("?")[0] + f"?m=made-up-{n}")
            for n in range(asset_urls)
        ]
        rss = {"start": workers_rss(process.pid)}
        failed = 0
        for quarter in range(1, 5):
            failed += _send(base, visit, requests // 4, clients)
            rss[f"after {quarter * (requests // 4)} requests"] = workers_rss(process.pid)
        failed += _send(base, made_up, asset_urls, clients)
        rss[f"then after {asset_urls} made-up asset URLs"] = workers_rss(process.pid)
    last = list(rss.values())[-1]
    return {
        "rss_mb": rss,
        "failed_requests": failed,
        "workers_replaced": sorted(set(rss["start"]) ^ set(last)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--asset-urls", type=int, default=1000)
    args = parser.parse_args()
    print(json.dumps(run(args.requests, args.asset_urls), indent=2))


if __name__ == "__main__":
    main()
