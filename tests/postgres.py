"""A throwaway PostgreSQL server for tests: Debian's binaries, a temporary data folder,
a free loopback port, stopped at the end. `.ci/run` installs Debian's `postgresql`.

initdb refuses to run as root, so as root the server runs as the `postgres` user
(Debian's package creates it), else as `nobody`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from common import free_port


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no user other than root to run PostgreSQL as")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a postgresql:// URL of a fresh server; stop it and remove its files after."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL's binaries are missing: apt-get install postgresql (or see .ci/run)"
        )
    user = _user()
    folder = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    data, port = folder / "data", free_port()
    if user:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)

    def run(*args, **kwargs):
        return subprocess.run(
            [str(bin_dir / args[0]), *args[1:]],
            user=user, check=True, capture_output=True, text=True, timeout=120, **kwargs,
        )  # fmt: skip

    try:
        run("initdb", "-D", str(data), "-U", "atlas", "--auth=trust", "-E", "UTF8")
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        try:
            run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "atlas", "atlas")
            yield f"postgresql://atlas@127.0.0.1:{port}/atlas"
        finally:
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def server_processes(url: str) -> list[int]:
    """The server behind `url` (started by postgres_server) and its children: the
    postmaster is the process whose command line holds `-p <port>`."""
    port = str(urlsplit(url).port)
    postmaster, parents = None, {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if args and args[0].endswith(b"postgres") and b"-p" in args and port.encode() in args:
            postmaster = int(proc.name)
    if postmaster is None:
        raise RuntimeError(f"no PostgreSQL listens on port {port}")
    return [postmaster, *(pid for pid, parent in parents.items() if parent == postmaster)]


@contextmanager
def frozen(url: str) -> Iterator[None]:
    """PostgreSQL hung (SIGSTOP to the server and every backend), as a database that
    stops answering looks: connections are accepted by the kernel, nothing replies."""
    pids = server_processes(url)
    _signal(pids, signal.SIGSTOP)
    try:
        yield
    finally:
        _signal(pids, signal.SIGCONT)


def _signal(pids: list[int], signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:  # a backend that ended meanwhile
            continue
