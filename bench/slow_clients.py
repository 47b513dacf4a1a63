"""Slow clients on loopback: connections that send a request at 1 byte/s, while visitors
use the app as usual.

    python bench/slow_clients.py                       # 20 slow clients for 30 s
    python bench/slow_clients.py --slow 20 --seconds 60

Runs the Procfile's command (2 workers) on a free loopback port. Half of the slow
clients send their headers one byte a second; the other half send complete headers of
a callback request announcing a 60 KB body, then send the body one byte a second.
Meanwhile a few visitors request, one after another, what the page needs that goes to
the app's code (the page, the layout, a callback). Prints the visitors' latency
percentiles and failures. Every loop ends by itself after --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from common import gunicorn, percentiles
from load import Request, Tally, page_requests, send


def slow_client(base: str, kind: str, until: float, sent: list[int]) -> None:
    """One connection that sends its request at one byte a second until `until`, then
    closes; it opens a new connection whenever the server drops it."""
    url = urlsplit(base)
    if kind == "headers":
        head = b"GET / HTTP/1.1\r\nHost: localhost\r\n"
        trickle = b"X-Slow: " + b"a" * 10_000
    else:
        head = (
            b"POST /_dash-update-component HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
        )
        trickle = b"{" + b" " * 59_999
    while time.perf_counter() < until:
        try:
            with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
                sock.sendall(head)
                for byte in trickle:
                    if time.perf_counter() >= until:
                        return
                    sock.sendall(bytes([byte]))
                    sent[0] += 1
                    time.sleep(1)
        except OSError:
            time.sleep(0.5)  # dropped by the server: come back, as an attacker would


@dataclass
class Visits(Tally):
    late: list[tuple[float, str, float]] = field(default_factory=list)  # (t, path, ms)


def visitor(base: str, requests: list[Request], until: float, visits: Visits, began: float):
    url = urlsplit(base)
    while time.perf_counter() < until:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            for req in requests:
                what, started = send(connection, req)
                took = (time.perf_counter() - started) * 1000
                sent_at = round(started - began, 1)
                with visits.lock:
                    if what:
                        visits.failures.append((sent_at, req.path[:60], what))
                    else:
                        visits.latencies.append(took)
                    if took > 1000:
                        visits.late.append((sent_at, req.path[:60], round(took)))
                if what:
                    break
        finally:
            connection.close()
        time.sleep(0.2)  # a visitor reads the page before the next one


def run(slow: int, seconds: float, visitors: int = 4) -> dict:
    with gunicorn(workers=2) as (base, _process):
        everything = page_requests(base)
        # what goes to the app's own code, not the static files (measured elsewhere)
        requests = [r for r in everything if not r.path.startswith(("/assets/", "/_dash-comp"))]
        began = time.perf_counter()
        until = began + seconds
        sent = [0]
        attackers = [
            threading.Thread(
                target=slow_client,
                args=(base, "headers" if i % 2 == 0 else "body", until, sent),
                daemon=True,
            )
            for i in range(slow)
        ]
        for thread in attackers:
            thread.start()
        time.sleep(min(5.0, seconds / 4))  # let the slow clients take hold first
        visits = Visits()
        threads = [
            threading.Thread(target=visitor, args=(base, requests, until, visits, began))
            for _ in range(visitors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        for thread in attackers:
            thread.join(timeout=10)
    latencies = visits.latencies
    return {
        "slow_clients": slow,
        "seconds": seconds,
        "slow_bytes_sent": sent[0],
        "visitor_requests": len(latencies),
        "latency_ms": percentiles(latencies) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "over_1s": visits.late[:10],  # (seconds into the run, path, ms)
        "failures": len(visits.failures),
        "failure_samples": visits.failures[:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(json.dumps(run(args.slow, args.seconds), indent=2))


if __name__ == "__main__":
    main()
