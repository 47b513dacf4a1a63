"""Two years compared, to print (issue 24): /print?compare=... leads to the pair's page
and PDF, with both years' maps and what changed, in the link's language; a bad pair is
a short page that says why, in the visitor's language. Both are made like any handout
made on request: by the lesson's renderer process, behind its bounded queue, never in
the web process (a full queue is a 503 page, at once)."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import sys
from dataclasses import replace

import pytest
from flask import Flask
from pypdf import PdfReader

from dashboard import create_app
from dashboard.compare import print as compare_print
from dashboard.compare.print import install_print, render_compare
from dashboard.lesson import document, handout, renderer
from dashboard.lesson.render_queue import DONE, FAILED, LIMITS, Limits
from dashboard.server.config import Settings
from tests.integration.test_handouts import NoSets, in_thread, until


@pytest.fixture(scope="module")
def app(atlas, tmp_path_factory):
    """The whole app, its handouts (the comparison's among them) in a folder of its own:
    each test session makes them anew."""
    made = create_app(Settings(handouts_dir=tmp_path_factory.mktemp("handouts")), atlas)
    yield made
    made.server.extensions["handouts"].renderer.close()


@pytest.fixture
def serve(atlas, tmp_path):
    """serve(limits) -> (test client, Handouts): a bare Flask app with the lesson's and
    the comparison's print routes (as test_handouts.py); its renderer stopped after."""
    made = []

    def serve(limits=LIMITS):
        server = Flask(__name__)
        handouts = handout.install(server, atlas, NoSets(), Settings(handouts_dir=tmp_path), limits)
        install_print(server, atlas)
        made.append(handouts)
        return server.test_client(), handouts

    yield serve
    for handouts in made:
        handouts.renderer.close()


def test_print_and_its_pdf_lead_to_the_pair(client):
    page = client.get("/print?compare=1969,1950&lang=ru")
    assert page.status_code == 302
    assert page.headers["Location"].endswith("/print/compare?compare=1969,1950&lang=ru")
    pdf = client.get("/print.pdf?compare=1950,1969")
    assert pdf.headers["Location"].endswith("/print/compare.pdf?compare=1950,1969")
    assert client.get("/print?chapter=the-split").status_code != 302  # the lesson's own


def test_the_pairs_page_has_both_maps_and_what_changed(client):
    reply = client.get("/print/compare?compare=1969,1950")
    assert reply.status_code == 200 and reply.mimetype == "text/html"
    text = reply.get_data(as_text=True)
    assert len(re.findall(r'<img src="data:image/png;base64,', text)) == 2
    assert re.search(r"<h2>1950</h2>.*<h2>1969</h2>", text, re.S)
    assert "Soviet-held Port Arthur and Dalian" in text  # ended
    assert "Zhenbao / Damansky Island (disputed)" in text  # appeared
    assert "21 events after 1950, up to 1969" in text
    assert 'href="/print/compare.pdf?compare=1950%2C1969"' in text
    assert 'href="/?compare=1950%2C1969"' in text  # back to the same view


def test_the_pairs_pdf_prints_both_years_in_chinese(client):
    reply = client.get("/print/compare.pdf?compare=1950,1969&lang=zh")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert "atlas-compare-1950-1969-zh.pdf" in reply.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(reply.data))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "苏联控制的旅顺和大连" in text
    assert "1950" in text and "1969" in text
    assert len(pdf.pages) >= 2


@pytest.mark.parametrize("kind", ["", ".pdf"])
@pytest.mark.parametrize(
    "query", ["compare=1950,1950", "compare=1950", "compare=x", "compare=1900,1950", ""]
)
def test_a_bad_pair_is_a_400_page_in_the_visitors_language(client, app, query, kind):
    renders = app.server.extensions["handouts"].renderer.counts["renders"]
    reply = client.get(f"/print/compare{kind}?{query}", headers={"Accept-Language": "ru"})
    assert reply.status_code == 400 and reply.mimetype == "text/html"
    assert reply.headers["Cache-Control"] == "no-store"
    text = reply.get_data(as_text=True)
    assert "Это сравнение нельзя напечатать" in text and "Traceback" not in text
    assert app.server.extensions["handouts"].renderer.counts["renders"] == renders  # none asked


def test_the_pair_is_made_by_the_renderer_process_never_in_the_web_process(serve, monkeypatch):
    """The web process only asks: here it cannot draw a map or make a PDF at all, and
    the PDF comes all the same, from the renderer process, which kept its page too."""

    def not_here(*args, **kwargs):
        raise AssertionError("a comparison was made in the web process")

    for module, name in (
        (compare_print, "render_compare"),
        (compare_print, "draw_year"),
        (document, "render_pdf"),
        (renderer, "render_pdf"),
    ):
        monkeypatch.setattr(module, name, not_here)
    weasyprint = "weasyprint" in sys.modules  # an earlier test may have used it here
    client, handouts = serve()
    pdf = client.get("/print/compare.pdf?compare=1969,1950&lang=ru")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "private, max-age=600"
    assert "atlas-compare-1950-1969-ru.pdf" in pdf.headers["Content-Disposition"]
    counts = handouts.renderer.counts
    assert counts["renders"] == 1 and counts["done"] == 1 and counts["started"] == 1
    assert handouts.renderer.child_pid not in (None, os.getpid())
    assert ("weasyprint" in sys.modules) == weasyprint  # not imported here for it
    query = "compare=1950,1969"
    assert handouts.shelf.rendered("pdf", "ru", query).read_bytes() == pdf.data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "1950 и 1969: сравнение" in text and "Порт-Артур и Далянь" in text  # in Russian

    page = client.get("/print/compare?compare=1950,1969&lang=ru")  # made with the PDF
    assert page.status_code == 200 and '<html lang="ru">' in page.get_data(as_text=True)
    assert page.data == handouts.shelf.rendered("html", "ru", query).read_bytes()
    assert page.headers["ETag"] and counts["renders"] == 1
    again = client.get("/print/compare.pdf?compare=1950,1969&lang=ru")  # kept a while
    assert again.data == pdf.data and counts["renders"] == 1


def test_a_full_queue_answers_503_at_once_in_the_visitors_language(serve, caplog):
    """As a lesson's: one render runs, one waits (Limits(queue=1)), a third is refused at
    once with a page in the visitor's language, and no warning is logged for it."""
    client, handouts = serve(Limits(queue=1))
    visitors = [socket.socketpair() for _ in range(2)]
    running = in_thread(
        client, "/print/compare.pdf?compare=1950,1969",
        environ_base={"gunicorn.socket": visitors[0][0]},
    )  # fmt: skip
    until(lambda: handouts.renderer.child_pid is not None)  # running, the queue empty
    waiting = in_thread(
        client, "/print/compare?compare=1945,1950",
        environ_base={"gunicorn.socket": visitors[1][0]},
    )  # fmt: skip
    until(lambda: handouts.renderer.counts["renders"] == 2)

    caplog.set_level(logging.INFO)
    for url in ("/print/compare.pdf?compare=1960,1970", "/print/compare?compare=1917,1991"):
        full = client.get(url, headers={"Accept-Language": "ru"})
        assert full.status_code == 503 and full.headers["Retry-After"] == "30"
        assert full.headers["Cache-Control"] == "no-store"
        text = full.get_data(as_text=True)
        assert "Это сравнение нельзя напечатать" in text
        assert "Атлас сейчас готовит другие раздаточные материалы" in text
    assert handouts.renderer.counts["renders"] == 2 and handouts.renderer.counts["busy"] == 2
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []

    for _, theirs in visitors:  # both leave: the waiting one is dropped, the other killed
        theirs.close()
    for thread, _ in (running, waiting):
        thread.join(timeout=30)
        assert not thread.is_alive()
    until(lambda: handouts.renderer.counts["left"] == 2, timeout=30)  # once the runner ends it
    for ours, _ in visitors:
        ours.close()


def test_the_page_is_in_russian_when_its_link_asks(atlas):
    text = render_compare(atlas, 1945, 1950, "ru")
    assert "Маньчжоу-го" in text and 'lang="ru"' in text


def test_the_renderer_imports_only_this_packages_documents_and_checks_the_pair(serve):
    assert renderer.document_maker(f"{compare_print.__name__}:compare_document") is (
        compare_print.compare_document
    )
    for name in ("os:system", "dashboardx.evil:run", "dashboard.compare.print:a.b", "dashboard"):
        with pytest.raises(ValueError):
            renderer.document_maker(name)
    _, handouts = serve()
    same_year = compare_print.compare_job(handouts.shelf, "html", "en", 1950, 1950)
    assert handouts.renderer.run(same_year) == FAILED  # read again there: not a pair
    elsewhere = replace(same_year, message={**same_year.message, "document": "os:getcwd"})
    assert handouts.renderer.run(elsewhere) == FAILED and not same_year.path.exists()
    good = compare_print.compare_job(handouts.shelf, "html", "en", 1950, 1969)
    assert handouts.renderer.run(good) == DONE and good.path.exists()
    assert handouts.renderer.counts["started"] == 1  # a failed job leaves it serving
