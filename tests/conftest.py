"""Shared fixtures. The shipped atlas is loaded once per test session."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from dashboard.atlas.data import load_atlas
from dashboard.server.config import ROOT, Settings

GEODATA = ROOT / "geodata"
# the load test drives bench/load.py, whose scripts import each other as siblings
sys.path.insert(0, str(ROOT / "bench"))
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def atlas():
    return load_atlas(GEODATA)


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    """The defaults, but class sets in a database of the test session's own."""
    return Settings(sets_db=tmp_path_factory.mktemp("sets") / "class-sets.sqlite3")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of geodata/ for tests that break it on purpose."""
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target)
    return target


def edit_layer(data_dir: Path, name: str, change) -> None:
    """Load a layer's JSON, let `change(doc)` alter it, write it back."""
    path = data_dir / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
