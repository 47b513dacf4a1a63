"""The app and a test client of its Flask server, once per module."""

from __future__ import annotations

import pytest

from dashboard import create_app
from dashboard.server.config import Settings


@pytest.fixture(scope="module")
def app(atlas):
    return create_app(Settings(), atlas)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()
