"""Shared by the benchmark scripts: serve the app on loopback, drive Debian Chromium.

Benchmarks talk only to 127.0.0.1, and every loop is bounded in time and count.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import ids  # noqa: E402

# The page is settled: both plots drawn, the timeline's events in, stacked for the
# width drawn and drawn on its canvas (at the height its lanes need, when taller than
# its box), no redraw pending, and the page's year the one the header shows.
# Benchmarks and browser tests wait for it.
SETTLED = f"""
const t = document.querySelector('#{ids.TIMELINE} .js-plotly-plot');
return !!t && document.querySelectorAll('.dash-graph--pending').length === 0
  && t.data.some(trace => trace.customdata) && !!(t.layout.meta || {{}}).stackedFor
  && t.layout.meta.stackedFor[0] === t._fullLayout.xaxis._length
  && !!t.__atlasDrawn && t.__atlasDrawn.layout === t._fullLayout
  && (!t.layout.meta.tall || Math.abs(t._fullLayout.yaxis._length - t.layout.meta.tall) < 2)
  && !!window.atlas && !!atlas.mapNodes()
  && String(atlas.state.year) === document.getElementById('{ids.YEAR_DISPLAY}').textContent
  && String(atlas.state.year) === document.getElementById('{ids.YEAR_EVENTS}').dataset.year;
"""
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def settled_with(query: str) -> str:
    """SETTLED, and for a class set's link (`set=` in `query`) its events in the page
    (`theirs`: the only such events when no file is uploaded): they come with the link's
    callback, after the page may have settled without them."""
    if "set=" not in query:
        return SETTLED
    return (
        f"if (!(function () {{ {SETTLED} }})()) return false;"
        " return !!(window.atlas && atlas.page && atlas.events.some(e => e.theirs));"
    )


def teacher_file(rows: int, folder: Path) -> Path:
    """The benchmarks' teacher's file of `rows` made-up events (seeded, the same on every
    run and machine: bench/data/make_teacher_file.py), written into `folder`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_teacher_file", ROOT / "bench" / "data" / "make_teacher_file.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(folder / f"teacher-{rows}.csv", rows)


def events_env(rows: int, folder: Path) -> dict:
    """The environment that serves the shipped events plus a teacher's file of `rows`
    rows (EXTRA_EVENTS; none for 0). Handouts are not prepared in the background
    (PREPARE_HANDOUTS=0): a page benchmark measures the page, not a start-up's work."""
    env = {"PREPARE_HANDOUTS": "0"}
    if rows:
        env["EXTRA_EVENTS"] = str(teacher_file(rows, folder))
    return env


def event_counts(arg: str) -> list[int]:
    """--events: teacher's files' sizes, comma-separated (0: the shipped events alone)."""
    return [int(n) for n in arg.split(",") if n.strip()]


def app_name(rows: int) -> str:
    return "atlas" if not rows else f"atlas+{rows}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, timeout: float = 30) -> float:
    """Seconds until /healthz answers ok."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(base + "healthz", timeout=1) as reply:
                # serving: "ok", or "degraded" (class sets off while their database is)
                if json.loads(reply.read()).get("status") in ("ok", "degraded"):
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{base} not healthy after {timeout}s")


def procfile_command(port: int, workers: int = 2) -> list[str]:
    """The Procfile's web command, with $PORT and $WEB_CONCURRENCY filled in, bound to
    loopback only."""
    line = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    line = line.replace("${WEB_CONCURRENCY:-2}", str(workers)).replace("$PORT", str(port))
    line = line.replace("--access-logfile -", "")  # keep the benchmark's output readable
    command = shlex.split(line)
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    return command


@contextmanager
def gunicorn(workers: int = 2, env: dict | None = None):
    """Run the Procfile's command on a free loopback port, with `env` added to the
    environment; yield (base URL, process)."""
    port = free_port()
    command = procfile_command(port, workers)
    # gunicorn's log goes to a file: a pipe nobody reads would fill and stall it
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=log,
            start_new_session=True,
            # no background preparation of handouts unless a benchmark asks for it
            env={**os.environ, "PREPARE_HANDOUTS": "0", **(env or {})},
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_healthy(base)
            yield base, process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                raise


@contextmanager
def yardstick(module: str):
    """A yardstick app of bench/ (plain_app: the atlas as a plain Dash app; floor_app:
    the stack alone) under gunicorn, as a deployment of it would run; yield its base URL."""
    port = free_port()
    command = f"gunicorn {module}:server --chdir {ROOT / 'bench'} --bind 127.0.0.1:{port}"
    command += " --workers 2 --threads 4 --timeout 30"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            shlex.split(command), stdout=log, stderr=log, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.time() + 60
            while not answers(base + "_dash-layout"):
                if time.time() > deadline or process.poll() is not None:
                    raise RuntimeError(f"bench/{module}.py did not start")
                time.sleep(0.1)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def chromium(width: int = 1920, height: int = 1080):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


def network_log(driver) -> list[dict]:
    """Requests since the last call: url, encoded bytes on the wire (headers included)."""
    sent, status, done = {}, {}, []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            sent[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.responseReceived":
            status[params["requestId"]] = params["response"]["status"]
        elif message["method"] == "Network.loadingFinished":
            done.append(
                {
                    "url": sent.get(params["requestId"], "?"),
                    "bytes": params["encodedDataLength"],
                    "status": status.get(params["requestId"]),
                }
            )
        elif message["method"] == "Network.loadingFailed":
            done.append(
                {
                    "url": sent.get(params["requestId"], "?"),
                    "bytes": 0,
                    "failed": params.get("errorText"),
                }
            )
    return done


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "n": len(ordered),
    }
