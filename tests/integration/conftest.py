"""The app and a test client of its Flask server, once per module."""

from __future__ import annotations

import base64
import os

import pytest

from dashboard import create_app
from dashboard.classroom.upload import add_upload
from dashboard.server.config import Settings
from tests.postgres import binaries, postgres_server
from tests.unit.test_teacher import GOOD, as_csv


@pytest.fixture(scope="module")
def app(atlas):
    return create_app(Settings(), atlas)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of the test session's own (CI installs Debian's)."""
    if binaries() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL's binaries are missing (apt-get install postgresql)")
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def store():
    """A visitor's uploaded events (two), as their browser keeps them."""
    rows = [GOOD, {**GOOD, "title": "A second visit", "start": "1958", "category": "Diplomacy"}]
    report = add_upload(
        "data:text/csv;base64," + base64.b64encode(as_csv(*rows)).decode(), "lesson.csv", None
    )
    assert report.added == 2
    return report.store
