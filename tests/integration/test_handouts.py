"""Handouts cannot take a worker down: the kept ones are files made once, any other is
made in a renderer process of its own, one at a time, behind a short queue, for as long
as somebody waits for it, and never past its size and time bounds.

Each test serves the routes on a bare Flask app (no Dash: quicker) with a folder and
limits of its own. A render here starts a renderer (~2.5 s) and draws a few maps."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest
from flask import Flask

from dashboard.__main__ import main
from dashboard.classroom.classsets import ClassSet
from dashboard.classroom.db import SetsUnavailable
from dashboard.classroom.teacher import TeacherEvent
from dashboard.lesson import handout, prepared
from dashboard.lesson.prepared import Shelf, content_version
from dashboard.lesson.render_queue import LIMITS, Limits
from dashboard.server.config import ROOT, Settings
from tests.unit.test_teacher import GOOD

SHORT = "/print?from=1956&to=1958"  # a few maps: one of the quickest documents


class NoSets:
    def get(self, text):
        return None


class OneSet:
    """A class set of one teacher's event, whatever the link (sets never change)."""

    def get(self, text):
        event = TeacherEvent.model_validate({**GOOD, "title": "A letter from Harbin ]]> <b>"})
        return ClassSet(id="AbCdEfGhIjK", title="Year 10 <i>", events=[event], links=[])


class BrokenSets:
    def get(self, text):
        raise SetsUnavailable("the database did not answer")


@pytest.fixture
def serve(atlas, tmp_path):
    """serve(limits=…, sets=…) -> (test client, Handouts); renderers stopped after."""
    made = []

    def serve(limits=LIMITS, sets=None, settings=None):
        server = Flask(__name__)
        settings = settings or Settings(handouts_dir=tmp_path / "handouts")
        handouts = handout.install(server, atlas, sets or NoSets(), settings, limits)
        made.append(handouts)
        return server.test_client(), handouts

    yield serve
    for handouts in made:
        handouts.renderer.close()


def until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def in_thread(client, url: str, **kwargs) -> tuple[threading.Thread, list]:
    replies = []
    thread = threading.Thread(target=lambda: replies.append(client.get(url, **kwargs)))
    thread.start()
    return thread, replies


def test_a_kept_handout_is_made_once_then_sent_from_its_file(serve):
    client, handouts = serve()
    first = client.get("/print?chapter=the-split&lang=zh")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=3600"
    path = handouts.shelf.kept("html", "zh", "chapter=the-split")
    assert path.read_bytes() == first.data and '<html lang="zh-Hans">' in first.get_data(True)
    renders = handouts.renderer.counts["renders"]
    assert renders == 1

    again = client.get("/print?chapter=the-split&lang=zh")
    pdf = client.get("/print.pdf?chapter=the-split&lang=zh")  # made with the page
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.data == handouts.shelf.kept("pdf", "zh", "chapter=the-split").read_bytes()
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert handouts.renderer.counts["renders"] == renders  # no render, no renderer asked

    unchanged = client.get(
        "/print?chapter=the-split&lang=zh", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert unchanged.status_code == 304
    zipped = client.get("/print?chapter=the-split&lang=zh", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == first.data


def test_identical_requests_share_one_render(serve):
    client, handouts = serve()
    start = threading.Barrier(3)
    replies = []

    def ask():
        start.wait()
        replies.append(client.get(SHORT))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert len({r.data for r in replies}) == 1
    assert replies[0].headers["Cache-Control"] == "private, max-age=600"
    counts = handouts.renderer.counts
    assert counts["renders"] == 1 and counts["joined"] == 2
    assert client.get(SHORT).data == replies[0].data  # kept a while, on disk
    assert counts["renders"] == 1


def test_a_full_queue_answers_503_at_once_in_the_visitors_language(serve):
    client, handouts = serve(Limits(queue=1))
    visitors = [socket.socketpair() for _ in range(2)]
    running = in_thread(client, SHORT, environ_base={"gunicorn.socket": visitors[0][0]})
    until(lambda: handouts.renderer.child_pid is not None)  # running, the queue empty
    waiting = in_thread(
        client, "/print?from=1960&to=1962", environ_base={"gunicorn.socket": visitors[1][0]}
    )
    until(lambda: handouts.renderer.counts["renders"] == 2)

    full = client.get("/print.pdf?from=1970&to=1972&lang=ru")
    assert full.status_code == 503 and full.headers["Retry-After"] == "30"
    assert full.headers["Cache-Control"] == "no-store"
    assert "Атлас сейчас готовит другие раздаточные материалы" in full.get_data(True)
    assert handouts.renderer.counts["renders"] == 2

    for _, theirs in visitors:  # both leave: the waiting one is dropped, the other killed
        theirs.close()
    for thread, _ in (running, waiting):
        thread.join(timeout=30)
        assert not thread.is_alive()
    until(lambda: handouts.renderer.counts["left"] == 2, timeout=30)  # once the runner ends it
    for ours, _ in visitors:
        ours.close()


def test_a_range_over_the_cap_answers_400_in_the_visitors_language(serve):
    client, handouts = serve()
    reply = client.get("/print.pdf?from=1930&to=1991&lang=zh")
    page = reply.get_data(True)
    assert reply.status_code == 400 and reply.headers["Cache-Control"] == "no-store"
    assert "此课程有" in page and "最多 12 幅" in page
    russian = client.get("/print?tour=1-13", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert russian.status_code == 400 and "Напечатайте более короткий период" in russian.get_data(
        True
    )
    with_set = client.get("/print?tour=1-20&set=AAAAAAAAAAA")  # before asking the database
    assert with_set.status_code == 400
    assert handouts.renderer.counts["renders"] == 0


def test_a_long_kept_handout_not_made_yet_is_started_and_its_visitor_asked_back(serve):
    client, handouts = serve()
    reply = client.get("/print.pdf?tour=1-35&lang=ru")  # the whole tour: a minute of CPU
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "120"
    assert "Этот раздаточный материал готовится" in reply.get_data(True)
    assert handouts.renderer.counts["renders"] == 1  # going on, as nobody waits for it


def test_a_visitor_who_leaves_stops_the_render_and_its_renderer(serve):
    client, handouts = serve()
    ours, theirs = socket.socketpair()
    thread, replies = in_thread(
        client, "/print.pdf?from=1956&to=1962", environ_base={"gunicorn.socket": ours}
    )
    until(lambda: handouts.renderer.child_pid is not None)
    child = handouts.renderer.child_pid
    theirs.close()  # the browser's tab is closed
    thread.join(timeout=30)
    assert not thread.is_alive() and replies[0].status_code == 503
    until(lambda: gone(child) and handouts.renderer.counts["left"] == 1, timeout=30)
    assert handouts.renderer.counts["killed"] == 1 and handouts.renderer.counts["done"] == 0
    assert not handouts.shelf.rendered("pdf", "en", "from=1956&to=1962").exists()
    ours.close()


def test_a_render_past_its_time_bound_is_killed_and_answered_503(serve):
    client, handouts = serve(Limits(timeout=1.0))
    reply = client.get("/print.pdf?from=1950&to=1962&lang=zh")  # ~4 s of work
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "60"
    assert "此讲义生成时间过长" in reply.get_data(True)
    assert handouts.renderer.counts["timed out"] == 1 and handouts.renderer.counts["killed"] == 1
    assert handouts.renderer.child_pid is None


def test_a_dead_renderer_is_started_again(serve):
    client, handouts = serve()
    assert client.get("/print?from=1920&to=1920").status_code == 200
    first = handouts.renderer.child_pid
    os.kill(first, signal.SIGKILL)
    until(lambda: gone(first) or handouts.renderer.child_pid is None, timeout=30)
    assert client.get(SHORT).status_code == 200
    assert handouts.renderer.counts["started"] == 2
    assert handouts.renderer.child_pid not in (None, first)


def test_a_class_sets_handout_is_made_with_its_events_for_that_visitor_only(serve):
    client, handouts = serve(sets=OneSet())
    reply = client.get(SHORT + "&set=AbCdEfGhIjK")
    page = reply.get_data(True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "private, max-age=600"
    assert "A letter from Harbin ]]&gt; &lt;b&gt;" in page and "Year 10 &lt;i&gt;" in page
    # the set's title heads its print (issue 22)
    assert '<p class="set-title">Year 10 &lt;i&gt;</p>' in page
    assert "<title>Year 10 &lt;i&gt;: " in page
    assert "/print.pdf?from=1956&amp;to=1958&amp;set=AbCdEfGhIjK" in page
    assert client.get(SHORT).data != reply.data  # the same range without the set


def test_class_sets_unavailable_is_a_503_page_never_a_500(serve):
    client, handouts = serve(sets=BrokenSets())
    reply = client.get("/print?chapter=the-split&set=AbCdEfGhIjK&lang=zh")
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "60"
    assert "班级集暂时不可用" in reply.get_data(True)
    assert handouts.renderer.counts["renders"] == 0


def test_processes_sharing_the_folder_make_a_kept_handout_once(atlas, tmp_path):
    one, two = Shelf(tmp_path, atlas), Shelf(tmp_path, atlas)
    job, other = one.kept_job("en", "chapter=the-split"), two.kept_job("en", "chapter=the-split")
    assert job.claim() and not other.claim()
    job.finished()
    assert other.claim()
    claim = tmp_path / one.version / ".chapter-the-split-en.claim"
    claim.write_text(f"{socket.gethostname()} 999999999")  # a process that has ended
    assert job.claim()


def test_the_content_version_changes_with_the_data(atlas, tmp_path):
    version = content_version(atlas)
    script = (
        "from dashboard.atlas.data import load_atlas; from dashboard.lesson.prepared import "
        f"content_version; print(content_version(load_atlas({str(ROOT / 'geodata')!r})))"
    )
    elsewhere = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert elsewhere.stdout.strip() == version  # a build step's files are found at run time
    events = atlas.events.copy()
    events.loc[events.index[0], "title_zh"] = "另一个标题"
    changed = replace(atlas, events=events)
    assert content_version(changed) != version
    assert Shelf(tmp_path, changed).folder != Shelf(tmp_path, atlas).folder


def test_the_background_and_the_build_step_fill_the_folder(serve, monkeypatch, tmp_path):
    monkeypatch.setattr(prepared, "KEPT", ("tour=3",))  # one short range, three languages
    settings = Settings(handouts_dir=tmp_path / "background", prepare_handouts=True)
    client, handouts = serve(settings=settings)
    client.get("/print?chapter=nope")  # the app's own request (no connection) starts nothing
    assert handouts.renderer.counts["renders"] == 0
    ours, theirs = socket.socketpair()
    client.get("/print?chapter=nope", environ_base={"gunicorn.socket": ours})
    until(lambda: not prepared.missing(handouts.shelf), timeout=90)
    assert handouts.renderer.counts["renders"] == 3
    ours.close(), theirs.close()

    monkeypatch.setenv("HANDOUTS_DIR", str(tmp_path / "baked"))
    assert main(["handouts"]) == 0
    baked = Shelf(tmp_path / "baked", handouts.atlas)
    assert baked.version == handouts.shelf.version and not prepared.missing(baked)
    assert baked.kept("pdf", "ru", "tour=3").read_bytes().startswith(b"%PDF")


def test_old_versions_folders_are_swept_away(atlas, tmp_path):
    shelf = Shelf(tmp_path, atlas)
    old, recent = tmp_path / "0ld0ld0ld0ld0ld0", tmp_path / "4ecent4ecent4ece"
    for folder in (shelf.folder, old, recent):
        (folder / "rendered").mkdir(parents=True)
    week_ago = time.time() - 8 * 86400
    for folder in (shelf.folder, old):
        os.utime(folder, (week_ago, week_ago))
    prepared.sweep(shelf)
    assert shelf.folder.exists() and recent.exists() and not old.exists()


GEVENT = """
from gevent import monkey

monkey.patch_all()  # as gunicorn's gevent worker does
import json, sys
from pathlib import Path

import gevent

from dashboard.atlas.data import load_atlas
from dashboard.lesson.prepared import Shelf
from dashboard.lesson.render_child import under_gevent
from dashboard.lesson.render_queue import Renderer

shelf = Shelf(Path(sys.argv[1]), load_atlas(sys.argv[2]))
renderer = Renderer(shelf.spawn)
job = shelf.rendered_job("html", "en", "from=1956&to=1958", "from=1956&to=1958")
ticks = []
ticker = gevent.spawn(lambda: [ticks.append(gevent.sleep(0.05)) for _ in iter(int, 1)])
outcome = renderer.run(job)
ticker.kill()
renderer.close()
print(json.dumps({"gevent": under_gevent(), "outcome": outcome, "ticks": len(ticks)}))
"""


def test_under_gevent_a_worker_goes_on_serving_while_a_render_runs(tmp_path):
    """The Procfile's workers: one thread of greenlets. The wait for the renderer must
    let the others run, as a ticking greenlet shows (a blocking wait stops it)."""
    script = [sys.executable, "-c", GEVENT, str(tmp_path), str(ROOT / "geodata")]
    found = subprocess.run(script, capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(found.stdout.splitlines()[-1])
    assert result["gevent"] and result["outcome"] == "done"
    assert result["ticks"] > 10  # a render takes seconds; each tick is 0.05 s
