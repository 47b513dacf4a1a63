"""The database may fail; the atlas does not. Calls run off the event loop, bounded in
time; a hung PostgreSQL (SIGSTOP) or a locked SQLite file makes set features say they
are unavailable, in the page's language, and nothing else waits. Keys and publishing
are limited, a set is checked once per process, and control characters are refused."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import replace

import pytest
import sqlalchemy as sa

from dashboard import create_app
from dashboard.app import class_sets
from dashboard.classroom import classsets
from dashboard.classroom.bounded import Bounded
from dashboard.classroom.classsets import ClassSets, LimitReached, draft
from dashboard.classroom.db import SetsUnavailable, engine_url, open_database
from dashboard.classroom.share import delete_set, open_class_set, publish_set, shown_atlas
from dashboard.classroom.teacher import TeacherEvent
from dashboard.classroom.upload import add_upload
from tests.integration.test_class_sets import KEY, KEYS, _dump
from tests.postgres import frozen
from tests.unit.test_teacher import GOOD, as_csv

QUICK = {"timeout": 1.5, "retry_after": 1.0}


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'sets.sqlite3'}"
    open_database(url)
    return url


def published(sets, atlas, store, title="A set") -> str:
    return sets.publish(draft(title, store, "", atlas), KEY)


# -- the bounded runner ---------------------------------------------------------------


def test_a_call_that_hangs_is_given_up_and_the_database_left_alone_a_while():
    run = Bounded(threads=2, timeout=0.3, retry_after=0.5)
    release = threading.Event()
    started = time.perf_counter()
    with pytest.raises(SetsUnavailable, match="no answer within"):
        run(lambda: release.wait(5))
    assert time.perf_counter() - started < 1.0
    assert run.state.startswith("unavailable")
    calls = []
    with pytest.raises(SetsUnavailable):  # not even tried while the breaker is open
        run(lambda: calls.append(1))
    assert calls == []
    release.set()
    time.sleep(0.6)
    assert run(lambda: 42) == 42 and run.state == "ok"


def test_when_every_thread_waits_a_further_call_fails_at_once():
    run = Bounded(threads=1, timeout=5, retry_after=0.1)
    release = threading.Event()
    waiting = threading.Thread(target=lambda: run(lambda: release.wait(5)))
    waiting.start()
    time.sleep(0.1)
    started = time.perf_counter()
    with pytest.raises(SetsUnavailable, match="every database thread"):
        run(lambda: 1)
    assert time.perf_counter() - started < 0.2
    release.set()
    waiting.join()


def test_a_database_error_becomes_unavailable():
    def broken():
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    with pytest.raises(SetsUnavailable, match="server closed"):
        Bounded(**QUICK)(broken)


# -- SQLite locked by another process -------------------------------------------------


def test_a_locked_sqlite_file_makes_publishing_say_so_quickly(atlas, store, sqlite_url):
    sets = ClassSets(open_database(sqlite_url), Bounded(**QUICK))
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        reply = _dump(publish_set("T", "", KEY, store, "", atlas, sets, KEYS, "ru"))
        assert time.perf_counter() - started < 4
        assert "Наборы класса сейчас недоступны" in reply  # in the page's language
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- PostgreSQL that hangs ------------------------------------------------------------


def test_a_hung_postgresql_degrades_set_features_only(atlas, store, postgres_url, settings):
    sets = ClassSets(open_database(postgres_url), Bounded(**QUICK))
    set_id = published(sets, atlas, store)
    classsets_exists_for = classsets.EXISTS_FOR
    classsets.EXISTS_FOR = 0  # ask the database at every call, as after EXISTS_FOR
    try:
        with frozen(postgres_url):
            started = time.perf_counter()
            _, state, panel = open_class_set(f"?set={set_id}", sets, "zh")
            assert time.perf_counter() - started < 3
            assert state is None and "班级集暂时无法使用" in _dump(panel)
            # the map and details callbacks of a page with the set open: the atlas alone
            shown = shown_atlas(atlas, None, {"id": set_id}, sets)
            assert len(shown.events) == len(atlas.events)
            reply = _dump(delete_set(set_id, KEY, sets, "en"))
            assert "unavailable just now" in reply and "Nothing was deleted" in reply
            assert sets.health().startswith("unavailable")
        time.sleep(QUICK["retry_after"] + 0.2)
        deadline = time.monotonic() + 15  # the stuck threads finish once it answers
        while time.monotonic() < deadline:
            try:
                assert sets.get(set_id).id == set_id
                break
            except SetsUnavailable:
                time.sleep(0.5)
        else:
            pytest.fail("the set did not open again once PostgreSQL answered")
    finally:
        classsets.EXISTS_FOR = classsets_exists_for


def test_healthz_says_what_is_degraded(atlas, settings):
    sets = ClassSets(open_database(f"sqlite:///{settings.sets_db}"), Bounded(**QUICK))
    client = create_app(settings, atlas, sets).server.test_client()
    assert client.get("/healthz").get_json()["class_sets"] == "ok"
    with pytest.raises(SetsUnavailable):
        sets.run(lambda: (_ for _ in ()).throw(sa.exc.OperationalError("x", {}, Exception("down"))))
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["class_sets"].startswith("unavailable: down")


def test_the_atlas_starts_without_its_database_and_migrates_once_it_answers(
    atlas, store, postgres_url, settings
):
    nowhere = replace(settings, database_url="postgresql://atlas:pw@127.0.0.1:1/atlas")
    client = create_app(nowhere, atlas).server.test_client()  # nothing listens there
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json()["status"] == "degraded"
    admin = sa.create_engine(engine_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS fresh"))
        connection.execute(sa.text("CREATE DATABASE fresh"))
    admin.dispose()
    fresh = postgres_url.rsplit("/", 1)[0] + "/fresh"
    with frozen(postgres_url):  # hung while the atlas starts
        sets = class_sets(fresh)
    assert published(sets, atlas, store)  # the schema made by the first call
    with sa.create_engine(engine_url(fresh)).connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM class_sets")).scalar() == 1


# -- limits ---------------------------------------------------------------------------


def test_wrong_keys_lock_a_set_out_and_the_lockout_is_logged(
    atlas, store, sqlite_url, monkeypatch, caplog
):
    monkeypatch.setattr(classsets, "WRONG_KEYS_PER_SET", 3)
    sets = ClassSets(open_database(sqlite_url))
    set_id = published(sets, atlas, store)
    other = ClassSets(open_database(sqlite_url))  # another process, the same database
    for n in range(3):
        assert (sets if n % 2 else other).delete(set_id, f"wrong-key-{n:08d}", f"10.0.0.{n}") == (
            "wrong key"
        )
    with caplog.at_level(logging.WARNING, logger="dashboard.classroom.classsets"):
        assert sets.delete(set_id, KEY, "10.0.0.9") == "locked"  # even the right key, a while
    assert any("locked out" in r.getMessage() for r in caplog.records)
    assert set_id in caplog.text and "10.0.0" not in caplog.text  # the address as a digest
    reply = _dump(delete_set(set_id, "wrong-key-again-0", sets, "en", "10.0.0.1"))
    assert "Too many wrong keys" in reply
    assert sets.get(set_id) is not None


def test_wrong_keys_from_one_client_lock_it_out_on_every_set(atlas, store, sqlite_url, monkeypatch):
    monkeypatch.setattr(classsets, "WRONG_KEYS_PER_CLIENT", 2)
    sets = ClassSets(open_database(sqlite_url))
    first, second = published(sets, atlas, store), published(sets, atlas, store)
    assert sets.delete(first, "wrong-key-000000", "192.0.2.1") == "wrong key"
    assert sets.delete(second, "wrong-key-000000", "192.0.2.1") == "wrong key"
    assert sets.delete(second, KEY, "192.0.2.1") == "locked"
    assert sets.delete(second, KEY, "192.0.2.2") == "deleted"  # another visitor


def test_publishing_is_limited_per_key_and_hour(atlas, store, sqlite_url, monkeypatch):
    monkeypatch.setattr(classsets, "PUBLISH_PER_HOUR", 2)
    sets = ClassSets(open_database(sqlite_url))
    published(sets, atlas, store)
    published(sets, atlas, store)
    with pytest.raises(LimitReached) as limit:
        published(sets, atlas, store)
    assert (limit.value.what, limit.value.limit) == ("sets", 2)
    reply = _dump(publish_set("T", "", KEY, store, "", atlas, sets, KEYS, "en"))
    assert "2 class sets in the last hour" in reply and "Nothing was published" in reply
    other_key = sets.publish(draft("T", store, "", atlas), KEYS[1])  # another key may
    assert sets.get(other_key) is not None
    monkeypatch.setattr(classsets, "PUBLISH_PER_HOUR", 100)
    monkeypatch.setattr(classsets, "PUBLISH_BYTES_PER_HOUR", 1000)
    with pytest.raises(LimitReached) as limit:
        published(sets, atlas, store)
    assert limit.value.what == "bytes"


# -- a set is checked once ------------------------------------------------------------


def test_a_set_is_read_and_checked_once_per_process(atlas, store, sqlite_url, monkeypatch):
    sets = ClassSets(open_database(sqlite_url))
    set_id = published(sets, atlas, store)
    checks = []
    real = TeacherEvent.model_validate
    monkeypatch.setattr(
        TeacherEvent, "model_validate", classmethod(lambda cls, r: checks.append(1) or real(r))
    )
    first = sets.get(set_id)
    again = sets.get(set_id)
    assert first is again and len(checks) == 2  # the set's two events, once
    assert sets.layer(atlas, first) is sets.layer(atlas, again)
    assert len(sets.layer(atlas, first).events) == len(atlas.events) + 2


def test_a_delete_through_another_process_is_seen(atlas, store, sqlite_url, monkeypatch):
    monkeypatch.setattr(classsets, "EXISTS_FOR", 0.2)
    here, there = ClassSets(open_database(sqlite_url)), ClassSets(open_database(sqlite_url))
    set_id = published(there, atlas, store)
    assert here.get(set_id) is not None
    assert there.delete(set_id, KEY) == "deleted"
    time.sleep(0.3)
    assert here.get(set_id) is None


# -- control characters ---------------------------------------------------------------


def test_control_characters_are_refused_at_upload_naming_the_field():
    report = add_upload(
        "data:text/csv;base64,"
        + __import__("base64").b64encode(as_csv({**GOOD, "title": "Bad\x00title"})).decode(),
        "lesson.csv",
        None,
    )
    assert report.added == 0
    assert any("title" in p and "U+0000" in p for p in report.problems), report.problems


@pytest.mark.parametrize(
    ("title", "links", "field"),
    [("Nul\x00", "", "title"), ("Fine", "Start | ?year=1950\x1b", "links")],
)
def test_control_characters_are_refused_at_publish(atlas, store, title, links, field):
    checked = draft(title, store, links, atlas)
    assert checked.problems and checked.problems[0].startswith(f"{field}: control characters")


def test_a_title_with_a_nul_is_refused_before_postgresql_sees_it(atlas, store, postgres_url):
    sets = ClassSets(open_database(postgres_url))
    reply = _dump(publish_set("A\x00B", "", KEY, store, "", atlas, sets, KEYS, "en"))
    assert "title: control characters are not allowed (U+0000 found)" in reply
