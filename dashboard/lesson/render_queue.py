"""One handout at a time per web worker, made in its renderer process (render_child.py),
for as long as somebody waits for it.

- Requests for the same document (`Job.key`) share one render.
- A few renders may wait for the one running (`Limits.queue`); past that a request is
  answered BUSY at once, so that a burst costs queue places, not CPU.
- A visitor waits until the document is made, their connection closes (`alive()`) or
  `Limits.wait` has passed. A render that nobody waits for any more leaves the queue
  or, running, is killed with its renderer (a new one starts for the next job), unless
  it is one of the handouts kept on disk (`Job.keep`), which is worth finishing.
- A render that runs longer than its bound is killed: TIMED_OUT.
- The background (preparing the kept handouts, prepared.py) is served only when no
  visitor's render waits, and is stopped, to be run again later, when one comes.
- The renderer is replaced after `Limits.jobs` jobs or once it holds more than
  `Limits.rss` bytes, and stopped after `Limits.idle` seconds without a job.

Every lock, event and thread is made when the process first needs it, never at import
or in `__init__`: with gunicorn's `--preload` this module is imported before the fork,
and the gevent workers patch threading into greenlets only after it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

from .render_child import ChildGone, RenderChild

log = logging.getLogger(__name__)

# outcomes
DONE = "done"  # the file is in place
FAILED = "failed"  # the renderer failed or died
TIMED_OUT = "timed out"  # it took longer than its bound and was killed
BUSY = "busy"  # the queue was full
LEFT = "left"  # the visitor's connection closed
WAITED = "waited"  # the visitor waited as long as they may
STOPPED = "stopped"  # background work, stopped for a visitor's: to be run again
ELSEWHERE = "elsewhere"  # another process is making it (Job.claim)


@dataclass(frozen=True)
class Limits:
    queue: int = 4  # renders that may wait for the running one, per process
    wait: float = 90.0  # the longest a visitor waits, queue included
    timeout: float = 60.0  # the longest render of a document asked for
    keep_timeout: float = 900.0  # of a kept one (the whole tour, page and PDF: ~40-60 s)
    sections: int = 12  # the most maps in a document made on request
    jobs: int = 50  # jobs before the renderer is replaced
    rss: int = 800 * 2**20  # its size past which it is replaced (~400 MB after the tour)
    idle: float = 600.0  # seconds without a job before it is stopped
    poll: float = 0.25  # how often a wait looks at the visitor and the clock


LIMITS = Limits()


@dataclass(frozen=True)
class Job:
    key: tuple  # requests with the same key share one render
    message: dict  # for the renderer (renderer.py)
    path: Path  # the file it makes last: there, the job is done
    keep: bool = False  # a kept handout: finished even when nobody waits
    claim: Callable[[], bool] | None = None  # False: another process is making it
    finished: Callable[[], None] | None = None  # after the render, whatever came of it


class _Render:
    def __init__(self, job: Job):
        self.job = job
        self.visitors = 0  # waiting now
        self.background = False
        self.done = threading.Event()
        self.outcome: str | None = None


class Renderer:
    """The bounded queue in front of one renderer process; `spawn()` starts one, ready
    for its first job (called when one is needed)."""

    def __init__(self, spawn: Callable[[], RenderChild], limits: Limits = LIMITS):
        self.spawn = spawn
        self.limits = limits
        self._pid: int | None = None  # the process the state below belongs to

    def _ready(self) -> None:
        """This process's own state, made on first use (see the module's docstring)."""
        if self._pid == os.getpid():
            return
        self._cond = threading.Condition()
        self._queue: list[_Render] = []
        self._renders: dict[tuple, _Render] = {}
        self._child: RenderChild | None = None
        self._runner: threading.Thread | None = None
        self._counts: Counter[str] = Counter()
        self._pid = os.getpid()

    @property
    def counts(self) -> Counter[str]:
        """What happened in this process (renders, joined, outcomes, renderers started,
        killed, recycled), for tests and benchmarks."""
        self._ready()
        return self._counts

    @property
    def child_pid(self) -> int | None:
        """The renderer process's id, if one runs."""
        self._ready()
        child = self._child
        return child.pid if child is not None and child.alive() else None

    def run(self, job: Job, alive: Callable[[], bool] | None = None, background=False) -> str:
        """Make `job`'s file, or wait for the same render, and say what came of it.
        `alive()`: whether the visitor still waits; the background waits to the end."""
        self._ready()
        with self._cond:
            if job.path.exists():
                return DONE
            render = self._renders.get(job.key)
            if render is not None:
                self._counts["joined"] += 1
            elif not background and self._waiting() >= self.limits.queue:
                self._counts[BUSY] += 1
                return BUSY
            elif job.claim is not None and not job.claim():
                return ELSEWHERE
            else:
                render = self._renders[job.key] = _Render(job)
                self._queue.append(render)
                self._counts["renders"] += 1
                self._start_runner()
                self._cond.notify_all()
            if background:
                render.background = True
            else:
                render.visitors += 1
        if background:
            render.done.wait(self.limits.keep_timeout + self.limits.wait)
            return render.outcome or FAILED
        deadline = monotonic() + self.limits.wait
        while not render.done.wait(self.limits.poll):
            gone = alive is not None and not alive()
            if gone or monotonic() > deadline:
                self._leave(render)
                return LEFT if gone else WAITED
        return render.outcome

    def close(self) -> None:
        """Kill the renderer process, if one runs (a job it was doing fails)."""
        self._ready()
        with self._cond:
            child, self._child = self._child, None
        if child is not None:
            child.kill()

    def _waiting(self) -> int:
        return sum(1 for render in self._queue if render.visitors > 0)

    def _leave(self, render: _Render) -> None:
        with self._cond:
            render.visitors -= 1
            if render.done.is_set() or render.visitors or render.background:
                return
            if render in self._queue and not render.job.keep:
                self._queue.remove(render)
                self._finish(render, LEFT)
            # running: the runner sees nobody waits (_why_stop)

    def _start_runner(self) -> None:
        if self._runner is None:
            self._runner = threading.Thread(target=self._serve, name="handouts", daemon=True)
            self._runner.start()

    def _next(self) -> _Render | None:
        """The first render a visitor waits for, else the first of the background's."""
        for render in self._queue:
            if render.visitors > 0:
                return render
        return self._queue[0] if self._queue else None

    def _serve(self) -> None:
        """The runner: one render after another, for as long as the process lives."""
        while True:
            render = self._take()
            try:
                outcome = self._execute(render)
            except Exception:  # never lose the runner: say why, and go on
                log.exception("the handout renderer failed")
                self._kill()
                outcome = FAILED
            with self._cond:
                self._finish(render, outcome)

    def _take(self) -> _Render:
        """The next render, once there is one; the renderer is stopped meanwhile if
        none comes for `Limits.idle` seconds."""
        while True:
            with self._cond:
                render = self._next()
                if render is not None:
                    self._queue.remove(render)
                    return render
                if self._cond.wait(self.limits.idle) or self._child is None:
                    continue
                idle, self._child = self._child, None
            idle.stop()

    def _finish(self, render: _Render, outcome: str) -> None:
        """Record the outcome and wake the waiters (with the lock held)."""
        self._renders.pop(render.job.key, None)
        self._counts[outcome] += 1
        render.outcome = outcome
        render.done.set()
        if render.job.finished is not None:
            render.job.finished()

    def _execute(self, render: _Render) -> str:
        job = render.job
        stop = self._why_stop(render, deadline=float("inf"))
        if stop is not None:  # its visitors left while a renderer was being started
            return stop
        child = self._child
        if child is None or not child.alive():
            child = self._child = self.spawn()
            self._counts["started"] += 1
        bound = self.limits.keep_timeout if job.keep else self.limits.timeout
        deadline = monotonic() + bound
        try:
            child.send(job.message)
            while (answer := child.answer(self.limits.poll)) is None:
                stop = self._why_stop(render, deadline)
                if stop is not None:
                    self._kill()
                    return stop
        except ChildGone:
            log.error("the handout renderer ended during a job (%s)", job.key)
            self._kill()
            return FAILED
        self._recycle(child)
        return DONE if answer.get("ok") and job.path.exists() else FAILED

    def _why_stop(self, render: _Render, deadline: float) -> str | None:
        """Why the running render must stop now, if it must."""
        if monotonic() > deadline:
            return TIMED_OUT
        with self._cond:
            if render.visitors > 0:
                return None
            if not render.background and not render.job.keep:
                return LEFT
            if self._waiting():
                return STOPPED
        return None

    def _recycle(self, child: RenderChild) -> None:
        """A new renderer for the next job, if this one did enough or grew too big."""
        rss = child.rss()
        if child.jobs >= self.limits.jobs or (rss is not None and rss > self.limits.rss):
            self._counts["recycled"] += 1
            self._child = None
            child.stop()

    def _kill(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            self._counts["killed"] += 1
            child.kill()
