"""Class sets: published with a teacher's key, opened by anyone with the link, deleted
by their publisher; kept in SQLite, and in PostgreSQL started here from Debian's
binaries. The same tests run against both."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import sqlalchemy as sa
from dash import no_update
from load import callback_body

from dashboard import create_app, ids
from dashboard.atlas.vocabulary import CLASS_SET
from dashboard.classroom.classsets import (
    MAX_EVENTS,
    ClassSets,
    draft,
    is_teacher_key,
    parse_links,
    set_id,
    with_class_set,
)
from dashboard.classroom.db import DatabaseError, engine_url, open_database
from dashboard.classroom.share import publish_set
from dashboard.page.callbacks import only_changes, read_link, render_details, show_uploads
from dashboard.server.config import Settings
from tests.unit.test_teacher import GOOD

KEY = "a-teachers-key-0123"
KEYS = (KEY, "another-teachers-key")


def _dump(children) -> str:
    return json.dumps(children, default=lambda c: c.to_plotly_json(), ensure_ascii=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def sets(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sets.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = open_database(url)
    with engine.begin() as connection:  # a clean table for each test
        connection.execute(sa.text("DELETE FROM class_sets"))
    return ClassSets(engine)


def test_a_set_is_published_opened_and_deleted_only_with_its_key(atlas, sets, store):
    links = "The border war | ?event=border-conflict-1969\n?year=1960"
    checked = draft("Year 10: the split", store, links, atlas)
    assert checked.problems == []
    first = sets.publish(checked, KEY)
    assert set_id(first) == first and len(first) == 11
    second = sets.publish(checked, KEY)  # a new version is a new set, with a new id
    assert second != first

    opened = sets.get(f"https://atlas.example/?set={first}")
    assert opened.title == "Year 10: the split"
    assert [e.title for e in opened.events] == [GOOD["title"], "A second visit"]
    assert opened.events[1].category == "diplomacy and visits"
    assert opened.links == [
        {"label": "The border war", "query": "event=border-conflict-1969"},
        {"label": "year=1960", "query": "year=1960"},
    ]
    with sets.engine.connect() as connection:  # the key is kept only as a salted hash
        row = connection.execute(sa.text("SELECT * FROM class_sets")).mappings().first()
    assert KEY not in json.dumps({k: str(v) for k, v in row.items()})
    assert row["key_hash"].startswith("scrypt$")

    assert sets.delete(first, "another-teachers-key") == "wrong key"
    assert sets.get(first) is not None
    assert sets.delete(first, KEY) == "deleted"
    assert sets.get(first) is None and sets.get(second) is not None
    assert sets.delete(first, KEY) == "unknown"
    assert sets.get("not-an-id") is None and sets.get("AAAAAAAAAAA") is None


def test_the_page_opens_a_set_as_a_lane_of_its_own(atlas, sets, store, settings):
    set_id_ = sets.publish(draft("Lesson", store, "", atlas), KEY)
    class_set = sets.get(set_id_)
    year, event, notices, _, _, state, panel = read_link(f"?set={set_id_}", atlas, settings, sets)
    assert (year, event, notices, state) == (1956, None, [], {"id": set_id_})  # its first
    assert "Class set: Lesson" in _dump(panel) and "2 events from your teacher" in _dump(panel)

    figures = show_uploads(None, 1958, None, None, None, atlas, 1950, "en", class_set)
    options, theaters = figures[3], figures[4]
    assert CLASS_SET in [o["value"] for o in options] and CLASS_SET in theaters
    set_events = [e for e in figures[2] if e["theater"] == CLASS_SET]
    assert len(set_events) == 2 and all(e["id"].startswith("set-") for e in set_events)

    # a link may name one of the set's events, and its details are the teacher's
    event_id = set_events[0]["id"]
    year, event, notices, *_ = read_link(f"?set={set_id_}&event={event_id}", atlas, settings, sets)
    assert (year, event, notices) == (1956, event_id, [])
    details = _dump(render_details(event_id, with_class_set(atlas, class_set)))
    assert "Your teacher's source (not checked by the atlas)" in details
    assert "Map position: as your teacher gave it" in details
    assert KEY not in details


def test_a_link_announces_only_the_event_and_set_that_change(atlas, sets, store, settings):
    """What the page already has is not sent again: a callback reading it would run for
    nothing (on arrival, a plain link would cost two more requests)."""
    set_id_ = sets.publish(draft("Lesson", store, "", atlas), KEY)
    plain = only_changes(read_link("?year=1969", atlas, settings, sets), {1: None, 5: None})
    assert plain[0] == 1969 and plain[1] is no_update and plain[5] is no_update
    opened = only_changes(read_link(f"?set={set_id_}", atlas, settings, sets), {1: None, 5: None})
    assert opened[5] == {"id": set_id_}
    # the same set again (a chapter link keeps ?set=) is not opened anew; a bad one closes
    again = only_changes(read_link(f"?set={set_id_}", atlas, settings, sets), {5: opened[5]})
    assert again[5] is no_update
    closed = only_changes(read_link("?set=AAAAAAAAAAA", atlas, settings, sets), {5: opened[5]})
    assert closed[5] is None
    event = "border-conflict-1969"
    chosen = only_changes(read_link(f"?event={event}", atlas, settings, sets), {1: None, 5: None})
    assert chosen[1] == event
    let_go = only_changes(read_link("?year=1969", atlas, settings, sets), {1: event, 5: None})
    assert let_go[1] is None


@pytest.mark.parametrize(
    "search, message",
    [
        ("?set=AAAAAAAAAAA", "There is no class set at this link: it may have been deleted."),
        ("?set=<script>", "This class set link is not complete: ask your teacher for it again."),
        ("?set=", "This class set link is not complete"),
    ],
)
def test_a_bad_set_link_gets_a_clear_message_and_the_atlas(atlas, sets, settings, search, message):
    year, event, notices, _, _, state, panel = read_link(search, atlas, settings, sets)
    assert (year, event, notices, state) == (settings.default_year, None, [], None)
    assert message in _dump(panel) and "<script>" not in _dump(panel)


def test_publishing_needs_a_key_and_checks_the_set(atlas, sets, store):
    def publish(key, links="", keys=KEYS, what=store):
        return _dump(publish_set("T", links, key, what, "http://x/", atlas, sets, keys, "en"))

    assert "not set up on this server" in publish(KEY, keys=())
    assert "not a teacher's key" in publish("a-teachers-key-0124")
    assert "not a teacher's key" in publish(None)
    assert "no events to publish" in publish(KEY, what=None)
    bad = publish(KEY, links="Nowhere | ?event=atlantis\n?year=3000")
    assert "link 1 (" in bad and "link 2 (" in bad and "Nothing was published" in bad
    with sets.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM class_sets")).scalar() == 0
    done = publish(" " + KEY + " ")
    assert "Published. Students open:" in done and "http://x/?set=" in done and KEY not in done


def test_limits_of_a_set(atlas, store):
    many = {"files": [{"name": "big.csv", "events": store["files"][0]["events"] * 300}]}
    assert f"at most {MAX_EVENTS} events; you have 600" in draft("", many, "", atlas).problems[0]
    links = "\n".join(f"?year={1950 + i}" for i in range(31))
    assert "at most 30" in parse_links(links, atlas)[1][0]
    assert draft("x" * 500, store, "", atlas).title == "x" * 80


def test_keys_are_compared_whole_and_must_be_long():
    assert is_teacher_key(KEY, KEYS) and not is_teacher_key(KEY[:-1], KEYS)
    assert not is_teacher_key("", KEYS) and not is_teacher_key(KEY, ())
    with pytest.raises(SystemExit, match="at least 12 characters"):
        Settings.from_env({"TEACHER_KEYS": "short"})
    assert Settings.from_env({"TEACHER_KEYS": f"{KEY}, {KEYS[1]}"}).teacher_keys == KEYS
    assert KEY not in repr(Settings(teacher_keys=KEYS))


def test_database_urls_as_platforms_give_them(tmp_path):
    for given in ("postgres://u:p@db.example:5432/atlas", "postgresql://u:p@db.example/atlas"):
        assert engine_url(given).drivername == "postgresql+psycopg"
    assert Settings.from_env({"DATABASE_URL": "postgres://u:p@h/d"}).sets_url.startswith("postgres")
    assert Settings.from_env({"SETS_DB": str(tmp_path / "x.db")}).sets_url.endswith("x.db")
    with pytest.raises(DatabaseError) as error:  # nothing listens there
        open_database("postgresql://atlas:secret-pw@127.0.0.1:1/atlas")
    assert "secret-pw" not in str(error.value) and "cannot be used" in str(error.value)


def test_publish_and_open_through_the_callback_endpoint(atlas, settings, store, tmp_path):
    app = create_app(replace(settings, teacher_keys=KEYS), atlas)
    client = app.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
    state = {
        f"{ids.SET_TITLE}.value": "Through HTTP",
        f"{ids.TEACHER_KEY}.value": KEY,
        f"{ids.YOUR_EVENTS}.data": store,
        f"{ids.URL}.href": "http://localhost/?year=1956",
        f"{ids.PAGE_DATA}.data": {"lang": "en"},
    }
    body = callback_body(deps, {f"{ids.PUBLISH_SET}.n_clicks": 1}, state)
    reply = client.post("/_dash-update-component", json=body)
    assert reply.status_code == 200
    text = json.dumps(reply.get_json())
    new_id = text.split("?set=")[1][:11]
    body = callback_body(
        deps, {f"{ids.URL}.search": f"?set={new_id}"}, {f"{ids.PAGE_DATA}.data": {"lang": "en"}}
    )
    opened = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert opened[ids.CLASS_SET]["data"] == {"id": new_id}
    assert "Through HTTP" in json.dumps(opened[ids.CLASS_SET_PANEL])
    bad = client.post(
        "/_dash-update-component",
        json=callback_body(deps, {f"{ids.URL}.search": "?set=%00%ff"}, {}),
    )
    assert bad.status_code == 200 and "not complete" in bad.get_data(as_text=True)


def test_a_set_opens_at_its_first_events_year_unless_its_link_names_a_view(
    atlas, sets, store, settings
):
    set_id_ = sets.publish(draft("Lesson", store, "", atlas), KEY)
    assert read_link(f"?set={set_id_}", atlas, settings, sets)[0] == 1956  # not 1950
    assert read_link(f"?set={set_id_}&year=1969", atlas, settings, sets)[0] == 1969
    chapter = read_link(f"?set={set_id_}&chapter=border-war-and-triangle", atlas, settings, sets)
    assert chapter[0] == 1969 and chapter[2] == []


def test_a_sets_links_take_what_a_page_link_takes(atlas):
    links, problems = parse_links(
        "Start | ?chapter=the-split\nThe border war | ?tour=24\n"
        "1969 | http://example.org/?year=1969&event=border-conflict-1969",
        atlas,
    )
    assert problems == []
    assert [link["query"] for link in links] == [
        "chapter=the-split",
        "tour=24",
        "year=1969&event=border-conflict-1969",
    ]
    _, problems = parse_links("Bad | ?tour=99\nWorse | ?chapter=no-such", atlas)
    assert len(problems) == 2 and "tour has steps 1 to" in problems[0]


def test_a_set_with_links_opens_at_its_first_link(atlas, sets, store, settings):
    links = "The border war | ?event=border-conflict-1969\n1950 | ?year=1950"
    set_id_ = sets.publish(draft("Lesson", store, links, atlas), KEY)
    year, event, notices, *_ = read_link(f"?set={set_id_}", atlas, settings, sets)
    assert (year, event, notices) == (1969, "border-conflict-1969", [])


def test_a_published_set_can_be_copied_and_scanned(atlas, sets, store):
    reply = publish_set("QR", "", KEY, store, "http://localhost/", atlas, sets, KEYS, "zh")
    dumped = _dump(reply)
    assert "data:image/svg+xml" in dumped and "链接的二维码" in dumped
    address = dumped.split("?set=")[1][:11]
    assert f'"content": "http://localhost/?set={address}"' in dumped  # the Copy button
