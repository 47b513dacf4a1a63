"""requirements.txt is the lock a deploy installs: every runtime dependency of pyproject.toml
pinned to one version in its range, every pin with its hashes. Offline: it reads the files."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from dashboard.server.config import ROOT

PYPROJECT = (ROOT / "pyproject.toml").read_text()
LOCK = (ROOT / "requirements.txt").read_text()

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<options>.*)$")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def entries(lock: str) -> list[str]:
    """The lock's requirements, one a line: continuations joined, comments left out."""
    joined = re.sub(r"\\\n", " ", lock)
    return [
        line.split(" #", 1)[0].strip()
        for line in joined.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def problems(pyproject: str, lock: str) -> list[str]:
    """What is wrong with the lock, for the dependencies in pyproject's [project]."""
    found: list[str] = []
    pins: dict[str, str] = {}
    for entry in entries(lock):
        pin = PIN.match(entry)
        if not pin:
            found.append(f"not a pin (name==version): {entry[:60]}")
            continue
        name = canonicalize_name(pin["name"])
        if name in pins:
            found.append(f"{name}: pinned twice")
        pins[name] = pin["version"]
        if not HASH.search(pin["options"]):
            found.append(f"{name}: no --hash=sha256")
    for dependency in tomllib.loads(pyproject)["project"]["dependencies"]:
        required = Requirement(dependency)
        if required.marker and not required.marker.evaluate():
            continue  # not for this Python or platform
        name = canonicalize_name(required.name)
        if name not in pins:
            found.append(f"{name}: not in the lock")
            continue
        try:
            version = Version(pins[name])
        except InvalidVersion:
            found.append(f"{name}: {pins[name]} is not a version")
            continue
        if not required.specifier.contains(version, prereleases=True):
            found.append(f"{name}: {version} outside {required.specifier}")
    return found


def test_the_lock_pins_every_dependency_in_its_range_with_hashes():
    assert entries(LOCK), "requirements.txt pins nothing"
    assert problems(PYPROJECT, LOCK) == []


def _block(name: str) -> str:
    """A pin and its hash lines, as pip-compile writes them: (1) the pin, (2) the hashes."""
    return rf"(?m)^({re.escape(name)}==\S+)( \\\n(?:    --hash=\S+(?: \\)?\n)+)"


def _replace_pin(lock: str, name: str, version: str) -> str:
    return re.sub(rf"(?m)^{re.escape(name)}==\S+", f"{name}=={version}", lock, count=1)


def _without_pin(lock: str, name: str) -> str:
    return re.sub(_block(name), "", lock, count=1)


def _without_hashes(lock: str, name: str) -> str:
    return re.sub(_block(name), r"\1\n", lock, count=1)


@pytest.mark.parametrize(
    ("doctor", "reported"),
    [
        (lambda lock: _without_pin(lock, "orjson"), "orjson: not in the lock"),
        (lambda lock: _without_pin(lock, "psycopg"), "psycopg: not in the lock"),
        (lambda lock: _replace_pin(lock, "dash", "5.0.0"), "dash: 5.0.0 outside <5,>=4.0"),
        (lambda lock: _replace_pin(lock, "pandas", "2.1.4"), "pandas: 2.1.4 outside >=2.2"),
        (lambda lock: _without_hashes(lock, "gunicorn"), "gunicorn: no --hash=sha256"),
        (lambda lock: "-e .\n" + lock, "not a pin (name==version): -e ."),
        (lambda lock: lock.replace("\nflask-compress==", "\nflask-compress>="), "not a pin"),
    ],
    ids=["missing", "missing-extra", "above", "below", "unhashed", "editable", "unpinned"],
)
def test_a_doctored_lock_is_reported(doctor, reported):
    doctored = doctor(LOCK)
    assert doctored != LOCK
    assert any(reported in problem for problem in problems(PYPROJECT, doctored)), problems(
        PYPROJECT, doctored
    )


def test_a_new_dependency_missing_from_the_lock_is_reported():
    new = 'dependencies = [\n    "brand-new>=1.0",\n'
    pyproject = PYPROJECT.replace("dependencies = [\n", new, 1)
    assert problems(pyproject, LOCK) == ["brand-new: not in the lock"]
