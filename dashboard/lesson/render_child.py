"""A web worker's handle on its renderer process (renderer.py): start it, hand it a
job, wait for its answer without holding up the worker, and stop or kill it.

Under gunicorn's gevent workers (the Procfile) the worker is one thread running many
greenlets: blocking on the renderer would stall every visitor of the worker. So its
pipes are non-blocking, written and read as they are ready, and waited on with
gevent's select when gevent has patched the standard library (is_module_patched), else
(the dev server's threads, tests) with the standard library's; each wait ends after a
short while, to look at the clock and the visitor, and its end is waited for a short
sleep at a time (time.sleep is gevent's there). The process is started with
os.posix_spawn, which starts the program without copying the worker first (gevent's
subprocess forks the worker: ~20 ms of a 250 MB worker during which it serves nobody).
Descriptors other than the pipes are not passed on: Python opens its own
non-inheritable, and gunicorn marks its sockets so in a worker.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time


class ChildGone(Exception):
    """The renderer ended (killed, crashed) before it answered."""


def under_gevent() -> bool:
    """Whether gevent has patched this process (a gunicorn gevent worker): then its
    threads are greenlets on one loop, and waits must go through gevent."""
    if "gevent" not in sys.modules:
        return False
    from gevent.monkey import is_module_patched

    return is_module_patched("socket")


def _ready(fd: int, timeout: float, write: bool = False) -> bool:
    """Whether `fd` can be read (or has ended), or written, within `timeout` seconds."""
    if under_gevent():
        from gevent.select import select as wait
    else:
        wait = select.select
    fds = ([], [fd]) if write else ([fd], [])
    return any(wait(*fds, [], timeout)[:2])


def rss_of(pid: int) -> int | None:
    """A process's resident memory in bytes (Linux's /proc); None where unknown."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class RenderChild:
    """One renderer process, answering one job at a time."""

    def __init__(self, command: list[str]):
        reads, self._in = os.pipe()  # its stdin, and our end
        self._out, writes = os.pipe()  # its stdout
        try:
            self.pid = os.posix_spawn(
                command[0],
                command,
                os.environ,
                file_actions=[(os.POSIX_SPAWN_DUP2, reads, 0), (os.POSIX_SPAWN_DUP2, writes, 1)],
            )
        finally:
            os.close(reads)
            os.close(writes)
        for fd in (self._in, self._out):
            os.set_blocking(fd, False)
        self.jobs = 0  # answered
        self.returncode: int | None = None
        self._read = b""
        self._open = True

    def alive(self) -> bool:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by someone else: ended all the same
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode is None

    def send(self, job: dict | bytes) -> None:
        """A job (or a line already made); it waits while the renderer is not reading."""
        line = job if isinstance(job, bytes) else json.dumps(job).encode() + b"\n"
        left = memoryview(line)
        while left:
            if not self.alive():
                raise ChildGone
            if not _ready(self._in, 1.0, write=True):
                continue
            try:
                left = left[os.write(self._in, left) :]
            except BlockingIOError:
                continue
            except OSError as error:  # a closed pipe: it has ended
                raise ChildGone from error

    def answer(self, wait: float) -> dict | None:
        """The answer to the job sent, or None if none came within `wait` seconds."""
        if b"\n" not in self._read and _ready(self._out, wait):
            try:
                chunk = os.read(self._out, 65536)
            except BlockingIOError:  # woken for nothing
                return None
            if not chunk:
                raise ChildGone
            self._read += chunk
        if b"\n" not in self._read:
            return None
        line, self._read = self._read.split(b"\n", 1)
        self.jobs += 1
        return json.loads(line)

    def rss(self) -> int | None:
        return rss_of(self.pid)

    def kill(self) -> None:
        """End it now, whatever it is doing."""
        if self.alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap(10)
        self._close()

    def stop(self, grace: float = 10) -> None:
        """End it between jobs: its input closes, so it ends; killed if it does not
        within `grace` seconds."""
        self._close()
        if not self._reap(grace):
            self.kill()

    def _reap(self, within: float) -> bool:
        """Wait for it to end, for at most `within` seconds; whether it has."""
        waited = 0.0
        while self.alive() and waited < within:
            time.sleep(0.02)
            waited += 0.02
        return not self.alive()

    def _close(self) -> None:
        if self._open:
            self._open = False
            os.close(self._in)
            os.close(self._out)
