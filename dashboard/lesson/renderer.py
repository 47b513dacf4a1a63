"""The renderer: the process that makes handouts, apart from the web worker that asked.

    python -m dashboard.lesson.renderer

A web worker starts one when it first needs a document (render_child.py) and talks to
it over its stdin and stdout, one JSON object a line. The first line brings the atlas:
`{"atlas": "<base64 of its pickle>"}`, the atlas the worker serves, which may be more
than its settings name (a teacher's events added on the command line, a test's own
atlas); it loads in milliseconds. Then each line is a job:

    {"lang": "zh", "range": "chapter=the-split", "set": null or {"id", "title", "events"},
     "options": null or {"per_page", "key", "questions"} (options.py),
     "html": "/…/x.html" or null, "pdf": "/…/x.pdf" or null}

names the files to make. A job of another feature names the function that makes its
page in "document", by its dotted name in this package (the comparison's print:
`"dashboard.compare.print:compare_document"`, called with the atlas and the job, the
rest of which is its own); this process imports it when it first meets it, so that the
lesson imports no feature above it and every document is made here, its PDF from its
page as a lesson's. The answer, once the files are in place, is {"ok": true}, else
{"ok": false, "error": "…"}. Each file is written beside its place and then renamed
into it, so that nobody ever reads half a file; an HTML file gets a gzip twin
(`x.html.gz`) that the server sends as it is to browsers that take gzip.

Why a process of its own: a document costs seconds of CPU and hundreds of MB
(matplotlib, WeasyPrint), which a worker serving the page must not spend; this process
runs at a lower priority (nice 10), can be killed when nobody waits any more or when it
takes too long, and is replaced when it grows. It ends at the end of its input, that is
when its worker is gone.
"""

from __future__ import annotations

import base64
import ctypes
import gzip
import importlib
import json
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from ..atlas.data import Atlas
from ..classroom.classsets import ClassSet, with_class_set
from ..classroom.teacher import TeacherEvent
from ..i18n import translator
from .document import render_html, render_pdf
from .options import Options
from .plan import build_lesson, requested_range

PACKAGE = __package__.partition(".")[0]  # "dashboard" (__name__ is __main__ under -m)


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all: written beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def document_maker(name: str) -> Callable[[Atlas, dict], str]:
    """The function a job's "document" names ("package.module:function"), imported;
    only this package's own (a job comes from its worker, but a name is never more
    than a name of ours)."""
    module, _, function = name.partition(":")
    if not module.startswith(f"{PACKAGE}.") or not function.isidentifier():
        raise ValueError(f"not a document of {PACKAGE}: {name!r}")
    return getattr(importlib.import_module(module), function)


def make(atlas: Atlas, job: dict) -> None:
    """The files a job names: a page, and the PDF made from it."""
    if job.get("document"):
        html = document_maker(job["document"])(atlas, job)
    else:
        html = lesson_page(atlas, job)
    if job.get("html"):
        page = html.encode()
        write_atomically(Path(job["html"] + ".gz"), gzip.compress(page, 6, mtime=0))
        write_atomically(Path(job["html"]), page)
    if job.get("pdf"):
        write_atomically(Path(job["pdf"]), render_pdf(html))


def lesson_page(atlas: Atlas, job: dict) -> str:
    """A lesson's page: its range, class set and options."""
    lang = job["lang"]
    t = translator(lang)
    chosen = requested_range(dict(parse_qsl(job["range"])), atlas, t)
    if isinstance(chosen, str):
        raise ValueError(chosen)
    query, note, title, shown = chosen.query, None, None, atlas
    if job.get("set"):
        given = job["set"]
        events = [TeacherEvent.model_validate(e) for e in given["events"]]
        class_set = ClassSet(id=given["id"], title=given["title"], events=events, links=[])
        shown = with_class_set(atlas, class_set)
        note = t("With the class set “{title}”: its events and sources are your teacher's.")
        note, title = note.format(title=given["title"]), given["title"]
        query = f"{query}&{urlencode({'set': given['id']})}"
    options = Options.from_message(job.get("options"))
    query += options.query()
    lesson = build_lesson(shown, chosen, lang)
    return render_html(shown, lesson, lang, query, note, title, options)


def serve(atlas: Atlas, jobs, answers) -> None:
    """Answer each job line of `jobs` with a line on `answers`, until `jobs` ends."""
    for line in jobs:
        try:
            make(atlas, json.loads(line))
            answer = {"ok": True}
        except Exception as error:  # the worker answers 503; whoever runs it reads why
            traceback.print_exc(file=sys.stderr)
            answer = {"ok": False, "error": type(error).__name__}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _end_with_parent() -> None:
    """Linux: be killed when the worker that started this process ends, even in the
    middle of a job (a worker that gunicorn killed leaves no render behind)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the end of the input ends it
        pass


def main() -> int:
    _end_with_parent()
    os.nice(10)  # the web workers first
    # the answers go to a copy of stdout; anything a library prints goes to stderr
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    first = sys.stdin.readline()  # from the worker that started this process
    atlas = pickle.loads(base64.b64decode(json.loads(first)["atlas"]))
    serve(atlas, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
