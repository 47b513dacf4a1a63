"""Headless Debian Chromium for dash_duo, with every outside host blocked.

Run with `pytest` (pyproject adds --headless). DASH_TEST_CHROMEPATH points dash at
Debian's /usr/bin/chromium; chromedriver is Debian's, found on PATH.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest
from common import free_port
from selenium.webdriver.chrome.options import Options

from dashboard import create_app
from dashboard.server.config import ROOT

os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"

FLAGS = [
    "--headless=new",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1920,1080",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def pytest_setup_options():
    options = Options()
    for flag in FLAGS:
        options.add_argument(flag)
    return options


def serve(duo, app) -> None:
    """Start `app` under dash_duo on a free loopback port (dash counts ports up from a
    fixed number, so two test runs on one machine would otherwise collide), 1920x1080."""
    duo.start_server(app, port=free_port())
    duo.driver.set_window_size(1920, 1080)


@pytest.fixture
def atlas_duo(dash_duo, atlas, settings):
    """dash_duo serving the atlas, with helpers to read the plots' state."""
    serve(dash_duo, create_app(settings, atlas))
    return dash_duo


def screenshot(duo, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    duo.driver.save_screenshot(str(path))
    return path


AXE_CORE = "axe-core@4.14.1"


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory) -> str:
    """axe-core's browser build, from the npm registry (`npm pack`, no install)."""
    folder = tmp_path_factory.mktemp("axe")
    subprocess.run(
        ["npm", "pack", AXE_CORE, "--silent"],
        cwd=folder,
        check=True,
        timeout=180,
        capture_output=True,
    )
    with tarfile.open(next(folder.glob("axe-core-*.tgz"))) as archive:
        return archive.extractfile("package/axe.min.js").read().decode()
