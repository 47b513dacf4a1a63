"""Broken data stops the server before it listens, and `check` says the same thing."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from common import free_port, procfile_command

from dashboard.server.config import ROOT
from tests.conftest import edit_layer
from tests.data.test_contract import BROKEN, BROKEN_FILES

CASES = {what: (layer, change, expected) for what, layer, change, expected in BROKEN}
CASES["missing file"] = ("territories.geojson", "delete", ["territories.geojson", "missing"])
FILE_CASES = {what: (name, change, expected) for what, name, change, expected in BROKEN_FILES}
STARTUP_CASES = [
    "missing file",
    "not JSON",
    "invalid geometry",
    "unknown category",
    "duplicate id",
    "crs in metres",
    "territory id of an event",
    "manifest files a list",
    "layer a folder",
    "deep nesting",
    "huge integer",
]


def _break(data_dir, what):
    if what in FILE_CASES:
        name, change, expected = FILE_CASES[what]
        change(data_dir, name)
        return expected
    layer, change, expected = CASES[what]
    if change == "delete":
        (data_dir / layer).unlink()
    elif change is None:
        (data_dir / layer).write_text("{ this is not json", encoding="utf-8")
    else:
        edit_layer(data_dir, layer, change)
    return expected


@pytest.mark.parametrize("what", STARTUP_CASES)
def test_broken_data_fails_fast_in_check_and_in_the_server(data_copy, what):
    expected = _break(data_copy, what)
    env = {**os.environ, "DATA_DIR": str(data_copy)}

    check = subprocess.run(
        [sys.executable, "-m", "dashboard", "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    problem = [line for line in check.stderr.splitlines() if all(f in line for f in expected)]
    assert check.returncode == 1 and problem, check.stderr

    started = time.monotonic()
    server = subprocess.run(
        procfile_command(free_port()),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert server.returncode != 0
    assert time.monotonic() - started < 30
    assert problem[0] in server.stderr  # the same line, naming file, feature and field
    assert "Traceback" not in server.stderr + check.stderr
