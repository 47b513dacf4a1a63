"""Slow clients do not starve the others (bench/slow_clients.py, shortened for CI:
20 connections sending their request at 1 byte/s for 15 s)."""

from __future__ import annotations

import slow_clients


def test_twenty_slow_clients_leave_normal_requests_under_a_second():
    result = slow_clients.run(slow=20, seconds=15)
    assert result["slow_bytes_sent"] > 100, "the slow clients did not get going"
    assert result["failures"] == 0, result["failure_samples"]
    assert result["visitor_requests"] > 40
    assert result["max_ms"] < 1000, result
