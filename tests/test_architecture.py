"""The folder list is the architecture: imports run downwards only (import-linter, with
the contracts in pyproject.toml), and every package of `dashboard` is in those contracts."""

import subprocess
import sys
import tomllib

import pytest

from dashboard.server.config import ROOT

CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
         " sys.exit(lint_imports_command())"],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_imports_run_downwards():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_every_package_is_in_the_layers():
    layers = {
        name.strip()
        for layer in CONTRACTS["contracts"][0]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    packages = {f"dashboard.{p.parent.name}" for p in (ROOT / "dashboard").glob("*/__init__.py")}
    assert packages and packages <= layers, packages - layers


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("dashboard/atlas/years.py", "import dash  # a model that makes an app"),
        ("dashboard/classroom/db.py", "from ..page import panels  # a feature that uses the page"),
        ("dashboard/classroom/db.py", "from ..lesson import plan  # the classroom uses the lesson"),
    ],
)
def test_an_import_against_the_grain_is_caught(tmp_path, module, line):
    """The contracts fail on a copy of the package with one import against the grain."""
    import shutil

    shutil.copytree(ROOT / "dashboard", tmp_path / "dashboard")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
