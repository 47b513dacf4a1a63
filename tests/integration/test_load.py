"""The Procfile's server under load on loopback, losing a worker halfway (bench/load.py,
shortened so that CI can run it: 40 visitors for 12 s)."""

from __future__ import annotations

import load


def test_load_with_a_worker_killed_fails_only_requests_in_flight():
    result = load.run(clients=40, seconds=12, kill_worker=True)
    killed = result["killed_worker"]
    assert result["ok"] > 1000
    assert killed["replaced"], "gunicorn did not replace the killed worker"
    assert killed["failures_later"] == []
    before = [f for f in result["failure_samples"] if f[0] < killed["at_s"] - 2]
    assert before == [], "requests failed before any worker was killed"
