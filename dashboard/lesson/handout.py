"""A lesson as a page to print, and as a PDF: the routes.

`/print?chapter=the-split` (or `?tour=12-18`, `?from=1956&to=1969`; with `&lang=zh|ru`,
and `&set=<id>` to add a class set's events) is a page with a map per section and the
events with their sources (document.py); `/print.pdf?...` is that page as a PDF. Its
options (options.py): `&per_page=2` two steps to a page, `&key=1` the teacher's answer
key, `&q18=…` the teacher's own question under step 18.

A document costs seconds of CPU, so a web worker never makes one itself:
- the kept handouts (the chapters', the whole tour's and the whole span's, without a
  class set or options) are files on disk, made ahead (prepared.py) and sent as they are;
- any other is made by the worker's renderer process, one at a time, behind a short
  queue, for as long as its visitor waits (render_queue.py), and is kept on disk for
  a while; one of more than `Limits.sections` maps is not made on request at all.
Every answer is a file (send_file: an ETag, and no copy in the worker's memory) or a
short page that says, in the visitor's language, why not and what to do instead.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Flask, Response, request, send_file
from jinja2 import Environment

from ..atlas.data import Atlas
from ..classroom.classsets import ClassSets
from ..classroom.db import SetsUnavailable
from ..i18n import DEFAULT, HTML_LANG, LANGS, choose, translator
from ..server.config import Settings
from .options import requested_options, undrawable
from .plan import requested_range
from .prepared import KEPT, Preparer, Shelf
from .render_child import under_gevent
from .render_queue import (
    BUSY,
    DONE,
    ELSEWHERE,
    LEFT,
    LIMITS,
    TIMED_OUT,
    WAITED,
    Job,
    Limits,
    Renderer,
)

KEPT_CACHE = "public, max-age=3600"
RENDERED_CACHE = "private, max-age=600"
PROBLEM = Environment(autoescape=True).from_string(
    '<!DOCTYPE html><html lang="{{ l }}"><meta charset="utf-8"><title>{{ h }}</title>'
    "<h1>{{ h }}</h1><p>{{ m }}</p><p>{{ e }}</p><p><a href='/'>{{ b }}</a></p></html>"
)


def _problem(message: str, lang: str, status: int = 400, retry: int | None = None) -> Response:
    """A short page in the visitor's language; never kept by a cache."""
    t = translator(lang)
    page = PROBLEM.render(
        l=HTML_LANG[lang],
        h=t("This lesson cannot be printed"),
        m=message,
        e=t("Print a chapter (?chapter=the-split), tour steps (?tour=12-18) or years "
            "(?from=1956&to=1969)."),
        b=t("Back to the atlas"),
    )  # fmt: skip
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    return response


def _not_made(outcome: str, lang: str, kept: bool) -> Response:
    """Why a document is not there: 503, and when to ask again."""
    t = translator(lang)
    if kept and outcome in (WAITED, TIMED_OUT, LEFT, ELSEWHERE):
        return _problem(
            t("This handout is being prepared. Please try again in a few minutes."), lang, 503, 120
        )
    if outcome == TIMED_OUT:
        return _problem(
            t("This handout took too long to make. Print a shorter range, or a chapter."),
            lang,
            503,
            60,
        )
    if outcome in (BUSY, WAITED):
        return _problem(
            t("The atlas is making other handouts just now. Please try again in a minute."),
            lang,
            503,
            30,
        )
    message = t("This lesson could not be made just now; please try again.")
    return _problem(message, lang, 503, 60)


def _connection(environ) -> socket.socket | None:
    """The visitor's socket: gunicorn's (the Procfile), or the dev server's."""
    return environ.get("gunicorn.socket") or environ.get("werkzeug.socket")


def _socket_class():
    """The standard library's socket class, even where gevent has patched it: a peek
    must return at once, not wait for the visitor to send something."""
    if under_gevent():
        from gevent.monkey import get_original

        return get_original("socket", "socket")
    return socket.socket


def still_there(connection: socket.socket | None) -> Callable[[], bool]:
    """Whether the visitor still waits: their connection is open (a peek at it does
    not read b"", which is its end). Unknown (no socket): yes."""

    def alive() -> bool:
        if connection is None:
            return True
        try:
            fd = connection.fileno()
            if fd < 0:
                return False
            with _socket_class()(fileno=os.dup(fd)) as peek:
                return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except BlockingIOError:  # open, nothing sent
            return True
        except OSError:  # reset, or closed here
            return False

    return alive


def _name(query: str, lang: str, kind: str) -> str:
    """What a saved document is called: atlas-chapter-the-split-zh.pdf (the teacher's
    questions, which may be anything typed, are left out of the name)."""
    parts = [p for p in query.split("&") if not (p[:1] == "q" and p[1:2].isdigit())]
    return f"atlas-{'-'.join(parts).replace('=', '-')}-{lang}.{kind}"


def _send(path, kind: str, name: str, etag: str, cache: str) -> Response:
    """A document's file; a page as its gzip twin to a browser that takes gzip."""
    zipped = path.with_name(path.name + ".gz")
    if kind == "html" and request.accept_encodings["gzip"] and zipped.exists():
        response = send_file(zipped, mimetype="text/html", download_name=name, etag=f"{etag}-gz")
        response.headers["Content-Encoding"] = "gzip"
    elif kind == "html":
        response = send_file(path, mimetype="text/html", download_name=name, etag=etag)
    else:
        response = send_file(
            path, mimetype="application/pdf", as_attachment=True, download_name=name, etag=etag
        )
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache
    return response


class Handouts:
    """The handouts of one app: its shelf on disk, its renderer, its preparer."""

    def __init__(self, atlas: Atlas, sets: ClassSets, settings: Settings, limits: Limits):
        self.atlas = atlas
        self.sets = sets
        self.limits = limits
        self.shelf = Shelf(settings.handouts_dir, atlas, limits)
        self.renderer = Renderer(self.shelf.spawn, limits)
        self.preparer = Preparer(self.shelf, self.renderer)

    def document(self, kind: str) -> Response:
        asked = request.args.get("lang")
        lang = asked if asked in LANGS else DEFAULT  # the document's: its link's only
        told = choose(asked, request.accept_languages)  # the visitor's, for a problem
        t = translator(told)
        chosen = requested_range(request.args, self.atlas, t)
        if isinstance(chosen, str):
            return _problem(chosen, told)
        options = requested_options(request.args, chosen, t)
        if isinstance(options, str):
            return _problem(options, told)
        # a section per tour step, or one (plan.py); the answer key has no map
        maps = 0 if options.key else max(1, len(chosen.steps))
        alive = still_there(_connection(request.environ))
        if request.args.get("set") is None and chosen.query in KEPT and options.default:
            path = self.shelf.kept(kind, lang, chosen.query)
            if not path.exists():
                outcome = self._make_kept(lang, chosen.query, maps, alive)
                if outcome != DONE or not path.exists():
                    return _not_made(outcome, told, kept=True)
            etag = f"{self.shelf.version}-{path.name}"
            return _send(path, kind, _name(chosen.query, lang, kind), etag, KEPT_CACHE)

        if maps > self.limits.sections:
            return _problem(
                t("This lesson has {n} maps; a handout made on request has at most {max}. "
                  "Print a shorter range, or a chapter.").format(n=maps, max=self.limits.sections),
                told,
            )  # fmt: skip
        query, given = chosen.query, None
        if request.args.get("set") is not None:
            try:
                class_set = self.sets.get(request.args.get("set"))
            except SetsUnavailable:
                message = t("Class sets are unavailable just now, so this handout cannot be "
                            "made with its class set. Please try again in a minute.")  # fmt: skip
                return _problem(message, told, 503, 60)
            if class_set is None:
                message = t("There is no class set at this link: it may have been deleted.")
                return _problem(message, told, 404)
            query = f"{query}&{urlencode({'set': class_set.id})}"
            events = [e.model_dump(mode="json") for e in class_set.events]
            given = {"id": class_set.id, "title": class_set.title, "events": events}
        query += options.query()
        job = self.shelf.rendered_job(kind, lang, chosen.query, query, given, options.message())
        outcome = self.made(job, alive)
        if outcome != DONE:
            return _not_made(outcome, told, kept=False)
        try:
            return self.send_made(job, kind, _name(query, lang, kind))
        except FileNotFoundError:  # pruned meanwhile by another process: rare
            return _not_made(BUSY, told, kept=False)

    def made(self, job: Job, alive: Callable[[], bool] | None = None) -> str:
        """A document made on request (a lesson's, or another feature's job for the
        renderer: renderer.py), by the renderer process while the visitor of the request
        (`alive`, by default) waits; what came of it (render_queue's DONE, BUSY, ...)."""
        if job.path.exists():
            return DONE
        return self.renderer.run(job, alive or still_there(_connection(request.environ)))

    def send_made(self, job: Job, kind: str, name: str) -> Response:
        """Its file, saved as `name` (FileNotFoundError if pruned meanwhile)."""
        etag = f"{self.shelf.version}-{job.path.name}"
        return _send(job.path, kind, name, etag, RENDERED_CACHE)

    def _make_kept(self, lang: str, query: str, maps: int, alive) -> str:
        """A kept handout that is not made yet. A short one (a chapter's) is made while
        its visitor waits; a long one (the tour's: a minute of CPU) is started, to go on
        when nobody waits, and its visitor asked to come back."""
        short = maps <= self.limits.sections
        job = self.shelf.kept_job(lang, query)
        outcome = self.renderer.run(job, alive if short else (lambda: False))
        if outcome == ELSEWHERE and short:  # another process makes it
            outcome = self._wait_for(self.shelf.kept("html", lang, query), job.path, alive=alive)
        return outcome

    def _wait_for(self, *paths, alive) -> str:
        """Wait for files another process makes, as for a render (time.sleep is gevent's
        in a gevent worker, looked up when called)."""
        waited = 0.0
        while waited < self.limits.wait:
            if all(path.exists() for path in paths):
                return DONE
            if not alive():
                return LEFT
            time.sleep(self.limits.poll)
            waited += self.limits.poll
        return WAITED


def install(
    server: Flask, atlas: Atlas, sets: ClassSets, settings: Settings, limits: Limits = LIMITS
) -> Handouts:
    """Add /print and /print.pdf to the app's server; with `settings.prepare_handouts`,
    each process starts preparing the kept handouts at its first visitor's request."""
    handouts = Handouts(atlas, sets, settings, limits)
    undrawable("")  # the print's fonts read now (~0.3 s), never on a visitor's request
    server.extensions["handouts"] = handouts
    if settings.prepare_handouts:

        @server.before_request
        def prepare() -> None:
            """Start preparing at the process's first visitor: a request with a
            connection, never the app's own warm-up in gunicorn's master (web.py)."""
            if _connection(request.environ) is not None:
                handouts.preparer.start()

    server.add_url_rule("/print", "print", lambda: handouts.document("html"))
    server.add_url_rule("/print.pdf", "print_pdf", lambda: handouts.document("pdf"))
    return handouts
