"""Lint and format: one style across the package, scripts and tests (ruff, per pyproject)."""

import subprocess
import sys

from dashboard.server.config import ROOT

PATHS = ["dashboard", "scripts", "tests", "bench"]


def test_ruff_check_and_format():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *PATHS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
