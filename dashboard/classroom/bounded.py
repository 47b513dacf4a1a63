"""Database calls that cannot stop the atlas: run off the event loop, bounded in time,
and failing at once while the database is known to be down.

Under gunicorn's gevent workers a blocking call in C (psycopg waiting on a socket of a
PostgreSQL that hangs, SQLite waiting on another process's lock, scrypt) would hold the
worker's one event loop, and every visitor of that worker would wait. So each call runs
in a real OS thread (gevent's native thread pool when gevent has patched the process,
else a plain thread pool), and the caller waits for it at most CALL_TIMEOUT seconds.

A call that hangs keeps its thread until the database answers or its own timeouts fire
(connect, statement and lock timeouts are set on the engine, db.make_engine); so that a
hung database cannot take every thread, at most THREADS calls run at once and a further
one fails at once, and after a failure the database is left alone for RETRY_AFTER
seconds (a circuit breaker): set features say they are unavailable, the rest of the
atlas goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

import sqlalchemy as sa

from .db import SetsUnavailable

THREADS = 4
CALL_TIMEOUT = 5.0  # seconds a visitor waits for the database, at most
RETRY_AFTER = 10.0  # seconds without trying, after a failure

T = TypeVar("T")
log = logging.getLogger(__name__)


def _gevent_patched() -> bool:
    try:
        from gevent.monkey import is_module_patched
    except ImportError:
        return False
    return is_module_patched("threading")


def _native_lock():
    """A lock that the hub and the pool's native threads may both take (gevent's patched
    lock is for greenlets of one thread)."""
    if _gevent_patched():
        from gevent.monkey import get_original

        return get_original("_thread", "allocate_lock")()
    return threading.Lock()


class Bounded:
    """Run `function()` off the event loop, within `timeout`; SetsUnavailable if the
    database fails, is slow, or failed less than `retry_after` seconds ago."""

    def __init__(
        self,
        threads: int = THREADS,
        timeout: float = CALL_TIMEOUT,
        retry_after: float = RETRY_AFTER,
    ):
        self.threads, self.timeout, self.retry_after = threads, timeout, retry_after
        self._lock = _native_lock()
        self._running = 0
        self._down_until = 0.0
        self._reason = ""
        self._pool = None  # made on first use: after gunicorn forks, in the worker

    def _executor(self):
        if self._pool is None:
            if _gevent_patched():
                from gevent.threadpool import ThreadPool

                self._pool = ThreadPool(self.threads)
            else:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="atlas-db")
        return self._pool

    @property
    def state(self) -> str:
        """'ok', or why set features are off just now."""
        with self._lock:
            if time.monotonic() < self._down_until:
                return f"unavailable: {self._reason}"
        return "ok"

    def _fail(self, reason: str) -> SetsUnavailable:
        with self._lock:
            self._down_until = time.monotonic() + self.retry_after
            self._reason = reason
        log.warning("class sets unavailable for %.0f s: %s", self.retry_after, reason)
        return SetsUnavailable(reason)

    def __call__(self, function: Callable[[], T]) -> T:
        with self._lock:
            down = time.monotonic() < self._down_until
            busy = not down and self._running >= self.threads
            if not (down or busy):
                self._running += 1  # given back when the call ends, not when we stop waiting
        if down:
            raise SetsUnavailable(self._reason)
        if busy:  # every thread waits on a database that hangs
            raise self._fail("every database thread is waiting")

        def call() -> T:
            try:
                return function()
            finally:
                with self._lock:
                    self._running -= 1

        try:
            return self._wait(call)
        except SetsUnavailable:
            raise
        except sa.exc.SQLAlchemyError as error:
            raise self._fail(_reason(error)) from None

    def _wait(self, call: Callable[[], T]) -> T:
        pool = self._executor()
        if isinstance(pool, ThreadPoolExecutor):
            try:
                return pool.submit(call).result(timeout=self.timeout)
            except FutureTimeout:
                raise self._fail(f"no answer within {self.timeout:g} s") from None
        from gevent import Timeout

        try:
            return pool.spawn(call).get(timeout=self.timeout)
        except Timeout:
            raise self._fail(f"no answer within {self.timeout:g} s") from None


def _reason(error: sa.exc.SQLAlchemyError) -> str:
    """The first line of what the driver said (a URL in it has no password: SQLAlchemy
    does not put credentials in its messages)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:200]
