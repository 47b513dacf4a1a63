"""Scale-out, shown: two app processes (two gunicorn masters, the Procfile's command, on
two loopback ports) sharing one PostgreSQL. A set published on one opens on the other;
a delete on one is seen by the other; handouts need nothing the other prepared; and
while PostgreSQL hangs, both go on serving everything but class sets."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

import pytest
from common import free_port, procfile_command, wait_healthy
from load import callback_body

from dashboard import ids
from dashboard.classroom.classsets import EXISTS_FOR
from dashboard.server.config import ROOT
from tests.integration.test_class_sets import KEY
from tests.postgres import frozen

EN = {f"{ids.PAGE_DATA}.data": {"lang": "en"}}


@contextmanager
def gunicorn(database_url: str):
    """The Procfile's command on a free loopback port; its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TEACHER_KEYS": KEY,
        "PREPARE_HANDOUTS": "0",
        "HANDOUTS_DIR": tempfile.mkdtemp(prefix="atlas-handouts-"),  # its own, not shared
    }
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            procfile_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            try:
                wait_healthy(base, timeout=90)
            except RuntimeError:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")[-3000:]) from None
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def call(base: str, deps, inputs: dict, state: dict | None = None, timeout: float = 30) -> dict:
    body = json.dumps(callback_body(deps, inputs, {**EN, **(state or {})})).encode()
    request = urllib.request.Request(
        base + "_dash-update-component", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        assert reply.status == 200
        return json.loads(reply.read())["response"]


def open_set(base: str, deps, set_id: str) -> dict:
    return call(base, deps, {f"{ids.URL}.search": f"?set={set_id}"})


@pytest.fixture(scope="module")
def two(postgres_url):
    with ExitStack() as stack:
        a = stack.enter_context(gunicorn(postgres_url))
        b = stack.enter_context(gunicorn(postgres_url))
        deps = json.loads(get(a + "_dash-dependencies")[1])
        yield a, b, deps


def test_a_set_published_on_one_process_opens_and_is_deleted_on_the_other(two, store):
    a, b, deps = two
    published = call(
        a,
        deps,
        {f"{ids.PUBLISH_SET}.n_clicks": 1},
        {
            f"{ids.SET_TITLE}.value": "Across processes",
            f"{ids.TEACHER_KEY}.value": KEY,
            f"{ids.YOUR_EVENTS}.data": store,
            f"{ids.URL}.href": a + "?year=1956",
        },
    )
    set_id = json.dumps(published).split("?set=")[1][:11]
    assert open_set(b, deps, set_id)[ids.CLASS_SET]["data"] == {"id": set_id}
    assert open_set(a, deps, set_id)[ids.CLASS_SET]["data"] == {"id": set_id}  # a keeps it
    deleted = call(
        b,
        deps,
        {f"{ids.DELETE_SET}.n_clicks": 1},
        {f"{ids.DELETE_SET_ID}.value": set_id, f"{ids.TEACHER_KEY}.value": KEY},
    )
    assert "was deleted" in json.dumps(deleted)
    deadline = time.monotonic() + EXISTS_FOR + 5
    while "There is no class set" not in json.dumps(open_set(a, deps, set_id)):
        assert time.monotonic() < deadline, "the delete on b was not seen on a"
        time.sleep(0.5)


def test_handouts_need_nothing_the_other_process_prepared(two):
    a, b, _ = two
    status, page = get(b + "print?tour=24&lang=ru", timeout=120)
    assert status == 200 and "Даманский" in page.decode()


def test_a_hung_postgresql_stops_set_features_only(two, store, postgres_url):
    a, b, deps = two
    published = call(
        a,
        deps,
        {f"{ids.PUBLISH_SET}.n_clicks": 1},
        {
            f"{ids.SET_TITLE}.value": "Before the hang",
            f"{ids.TEACHER_KEY}.value": KEY,
            f"{ids.YOUR_EVENTS}.data": store,
            f"{ids.URL}.href": a,
        },
    )
    set_id = json.dumps(published).split("?set=")[1][:11]
    with frozen(postgres_url), ThreadPoolExecutor(16) as pool:
        # a dozen students open the set while others use the atlas
        sets = [pool.submit(open_set, base, deps, set_id) for base in (a, b) * 6]
        time.sleep(0.5)
        started = time.perf_counter()
        pages = [pool.submit(get, base + "?year=1969", 15) for base in (a, b) * 3]
        years = [
            pool.submit(call, base, deps, {f"{ids.URL}.search": "?year=1969"}, None, 15)
            for base in (a, b) * 3
        ]
        assert all(p.result()[0] == 200 for p in pages)
        assert all(y.result()[ids.YEAR_SLIDER]["value"] == 1969 for y in years)
        others = time.perf_counter() - started
        replies = [json.dumps(s.result(timeout=30)) for s in sets]
        health = json.loads(get(a + "healthz", 15)[1])
    assert others < 10, f"pages without a set waited {others:.1f} s on a hung database"
    assert all("unavailable just now" in r for r in replies), replies[0][:300]
    assert health["status"] == "degraded" and health["class_sets"].startswith("unavailable")
    deadline = time.monotonic() + 60  # the breaker's pause, then it answers again
    while "Before the hang" not in json.dumps(open_set(a, deps, set_id)):
        assert time.monotonic() < deadline, "class sets did not come back"
        time.sleep(1)
