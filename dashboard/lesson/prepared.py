"""Handouts kept on disk, and the folder they are kept in.

The handouts most asked for are the same for every visitor and cost the most to make:
the six chapters', the whole tour's and the whole span's (`/print` with no range, as
long as the tour), in three languages, as page and PDF. They are made once and kept:
by `python -m dashboard handouts` (a deploy's build step, `prepare_all`), else in the
background by each web process after it starts (`Preparer`), one at a time, through
the same bounded renderer as any other handout; the server then sends them as files.

    HANDOUTS_DIR/<version>/chapter-the-split-zh.pdf, ….html, ….html.gz
    HANDOUTS_DIR/<version>/rendered/   other documents made on request, the last few
                                       (other ranges, class sets, and the options of
                                       options.py: two steps a page, the answer key,
                                       the teacher's questions)

`<version>` names what a document is made from (`content_version`), so that a new
deploy, new data or a teacher's events never meet an old file. Files are written
whole, then renamed into place (renderer.py); a process claims a document before it
makes it (a file created with O_EXCL), so that processes sharing the folder make each
one once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import pickle
import shutil
import socket
import sys
import threading
import time
from functools import cached_property
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

import shapely

from ..atlas.chapters import CHAPTERS, TOUR
from ..atlas.data import Atlas
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from ..i18n import LANGS
from ..server.config import ROOT
from .render_child import RenderChild
from .render_queue import DONE, ELSEWHERE, LIMITS, STOPPED, Job, Limits, Renderer

log = logging.getLogger(__name__)

# the kept ranges, by their canonical links (plan.requested_range), cheapest first
KEPT = (
    *(f"chapter={chapter.id}" for chapter in CHAPTERS),
    f"tour=1-{len(TOUR)}",
    f"from={FIRST_YEAR}&to={LAST_YEAR}",
)
RENDERED_KEPT = 40  # documents made on request kept on disk (~2-4 MB each)
OLD = 7 * 86400  # seconds after which another version's untouched folder is removed
PACKAGE = Path(__file__).parents[1]
# what a document is made from besides the atlas: the code (any of the package's
# modules may shape it: a fix must not meet a file made before it; a deploy can bake
# the handouts anew, `python -m dashboard handouts`), its template, texts and fonts
MADE_FROM = (
    *sorted(PACKAGE.rglob("*.py")),
    *sorted((PACKAGE / "lesson" / "templates").glob("*")),
    *sorted((PACKAGE / "locales").glob("*.po")),
    ROOT / "assets" / "style" / "fonts.css",
    *sorted((ROOT / "assets" / "fonts").glob("*")),
)


def content_version(atlas: Atlas) -> str:
    """A name for everything a handout is made from: the atlas's data (each layer's
    fields and geometries), the files in MADE_FROM and the package's version (~20 ms,
    once per app)."""
    digest = hashlib.sha256()
    for name in ("events", "territories", "basemap", "rivers"):
        frame = getattr(atlas, name)
        fields = frame.drop(columns=frame.geometry.name)
        digest.update(
            fields.to_json(orient="split", date_format="iso", default_handler=str).encode()
        )
        digest.update(b"".join(shapely.to_wkb(frame.geometry.values)))
    for path in MADE_FROM:
        digest.update(path.name.encode() + path.read_bytes())
    try:
        digest.update(package_version("sino-soviet-atlas").encode())
    except PackageNotFoundError:  # run from a checkout that is not installed
        pass
    return digest.hexdigest()[:16]


def _slug(query: str) -> str:
    return query.replace("=", "-").replace("&", "-")


class Shelf:
    """The folder of one atlas's handouts, and the jobs that fill it."""

    def __init__(self, root: Path, atlas: Atlas, limits: Limits = LIMITS):
        self.atlas = atlas
        self.limits = limits
        self.version = content_version(atlas)
        self.folder = Path(root) / self.version

    def kept(self, kind: str, lang: str, query: str) -> Path:
        return self.folder / f"{_slug(query)}-{lang}.{kind}"

    def has(self, lang: str, query: str) -> bool:
        return all(self.kept(kind, lang, query).exists() for kind in ("html", "pdf"))

    def rendered(self, kind: str, lang: str, query: str) -> Path:
        name = hashlib.sha256(query.encode()).hexdigest()[:24]
        return self.folder / "rendered" / f"{name}-{lang}.{kind}"

    def spawn(self) -> RenderChild:
        """A renderer process, given this shelf's atlas."""
        child = RenderChild([sys.executable, "-m", "dashboard.lesson.renderer"])
        child.send(self._greeting)
        return child

    @cached_property
    def _greeting(self) -> bytes:
        """The renderer's first line: the atlas (renderer.py), made once (~5 ms)."""
        atlas = base64.b64encode(pickle.dumps(self.atlas)).decode()
        return json.dumps({"atlas": atlas}).encode() + b"\n"

    def kept_job(self, lang: str, query: str) -> Job:
        """Both forms of a kept handout, in one job (the PDF is made from the page)."""
        html, pdf = self.kept("html", lang, query), self.kept("pdf", lang, query)
        claim = self.folder / f".{pdf.stem}.claim"
        return Job(
            key=("kept", lang, query),
            message={"lang": lang, "range": query, "set": None, "html": str(html), "pdf": str(pdf)},
            path=pdf,  # written last
            keep=True,
            claim=lambda: self._claim(claim),
            finished=lambda: claim.unlink(missing_ok=True),
        )

    def rendered_job(self, kind, lang, range_query, query, class_set=None, options=None) -> Job:
        """A document asked for that is not kept: `query` is its link's canonical query,
        with its class set (`class_set`: its id, title and events, for the renderer) and
        its options (`options`: Options.message(), options.py: the layout, the answer key,
        the teacher's questions). A PDF's page comes with it, kept too."""
        html, pdf = self.rendered("html", lang, query), self.rendered("pdf", lang, query)
        return Job(
            key=(kind, lang, query),
            message={
                "lang": lang,
                "range": range_query,
                "set": class_set,
                "options": options,
                "html": str(html),
                "pdf": str(pdf) if kind == "pdf" else None,
            },
            path=pdf if kind == "pdf" else html,
            finished=self.prune,
        )

    def _claim(self, claim: Path) -> bool:
        """Whether this process may make a kept handout: no other process is making it
        (its claim file is fresh). A claim left by a process that died is taken over."""
        claim.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            try:
                fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if not self._stale(claim):
                    return False
                away = claim.with_name(f"{claim.name}.{os.getpid()}.old")
                try:  # renamed away first: of two processes taking it over, one does
                    os.replace(claim, away)
                    away.unlink()
                except FileNotFoundError:
                    pass
                continue
            with os.fdopen(fd, "w") as held:
                held.write(f"{socket.gethostname()} {os.getpid()}")
            return True
        return False

    def _stale(self, claim: Path) -> bool:
        """A claim older than any render may take, or made by a process of this
        machine that has ended (a claim being written, still empty, is fresh)."""
        try:
            age = time.time() - claim.stat().st_mtime
            host, _, pid = claim.read_text().partition(" ")
        except FileNotFoundError:  # just released: free
            return True
        if age > self.limits.keep_timeout + 60:
            return True
        if host == socket.gethostname() and pid.isdigit():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return True
            except PermissionError:  # someone else's process: alive
                pass
        return False

    def prune(self) -> None:
        """Keep the last RENDERED_KEPT documents made on request (a page and its PDF
        and gzip twin are one document), and no temporary file of a killed render."""
        folder = self.folder / "rendered"
        by_document: dict[str, list[tuple[float, Path]]] = {}
        for path in [*folder.glob("*"), *self.folder.glob(".*.tmp")]:
            try:
                changed = path.stat().st_mtime
            except FileNotFoundError:
                continue
            if path.name.endswith(".tmp"):
                if time.time() - changed > self.limits.keep_timeout:
                    path.unlink(missing_ok=True)
                continue
            by_document.setdefault(path.name.split(".")[0], []).append((changed, path))
        newest = sorted(by_document.values(), key=lambda files: max(files)[0], reverse=True)
        for files in newest[RENDERED_KEPT:]:
            for _, path in files:
                path.unlink(missing_ok=True)


def sweep(shelf: Shelf) -> None:
    """Remove the folders of other versions (earlier deploys, earlier data) that have
    not changed for OLD seconds, so that a lasting HANDOUTS_DIR does not fill up."""
    for folder in shelf.folder.parent.glob("*"):
        try:
            old = time.time() - folder.stat().st_mtime > OLD
        except FileNotFoundError:
            continue
        if folder.is_dir() and folder.name != shelf.version and old:
            shutil.rmtree(folder, ignore_errors=True)


def missing(shelf: Shelf) -> list[tuple[str, str]]:
    """The kept handouts not on the shelf yet, as (lang, query): the chapters in each
    language first, then the long ones."""
    return [(lang, q) for q in KEPT for lang in LANGS if not shelf.has(lang, q)]


class Preparer:
    """Fills the shelf in the background, once per process: started at the process's
    first visitor (`start`, cheap afterwards), so after gunicorn's fork."""

    def __init__(self, shelf: Shelf, renderer: Renderer, pause: float = 30.0):
        self.shelf = shelf
        self.renderer = renderer
        self.pause = pause  # between rounds, while other processes make what is left
        self._pid: int | None = None

    def start(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            threading.Thread(target=self.run, name="handouts-prepare", daemon=True).start()

    def run(self) -> None:
        sweep(self.shelf)
        failures: dict[tuple[str, str], int] = {}
        while True:
            todo = [doc for doc in missing(self.shelf) if failures.get(doc, 0) < 3]
            if not todo:
                return
            for lang, query in todo:
                outcome = self.renderer.run(self.shelf.kept_job(lang, query), background=True)
                if outcome not in (DONE, ELSEWHERE, STOPPED):  # tried again, 3 times
                    log.warning("preparing the handout %s (%s): %s", query, lang, outcome)
                    failures[lang, query] = failures.get((lang, query), 0) + 1
            time.sleep(self.pause)


def prepare_all(shelf: Shelf, jobs: int = 1, report=print) -> bool:
    """Make every kept handout missing from the shelf (the build step), `jobs` at a
    time, each in a renderer process of its own; whether they are all there at the end."""
    todo = missing(shelf)
    lock = threading.Lock()

    def work() -> None:
        renderer = Renderer(shelf.spawn, shelf.limits)
        try:
            while True:
                with lock:
                    if not todo:
                        return
                    lang, query = todo.pop(0)
                started = time.perf_counter()
                outcome = renderer.run(shelf.kept_job(lang, query), background=True)
                report(f"{query} ({lang}): {outcome}, {time.perf_counter() - started:.1f} s")
        finally:
            renderer.close()

    threads = [threading.Thread(target=work) for _ in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return not missing(shelf)
