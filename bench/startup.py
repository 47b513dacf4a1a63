"""Start-up: from launching the Procfile's command to the first healthy answer.

    python bench/startup.py [--runs 5]

Each run starts gunicorn exactly as the Procfile says (--preload: the data is loaded
and validated once, in the master, before the workers fork) on a free loopback port and
polls /healthz. A second measurement splits the work inside one fresh interpreter:
imports, loading and validating the data, and building the app.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys

from common import ROOT, free_port, procfile_command, wait_healthy

PHASES = """
import json, time
t0 = time.perf_counter()
from dashboard.app import create_app
from dashboard.server.config import Settings
from dashboard.atlas.data import load_atlas
t1 = time.perf_counter()
settings = Settings.from_env()
atlas = load_atlas(settings.data_dir)
t2 = time.perf_counter()
create_app(settings, atlas)
t3 = time.perf_counter()
print(json.dumps({"imports_s": t1 - t0, "load_and_validate_s": t2 - t1, "build_app_s": t3 - t2}))
"""


def time_to_healthy() -> float:
    port = free_port()
    process = subprocess.Popen(
        procfile_command(port),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return wait_healthy(f"http://127.0.0.1:{port}/")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [time_to_healthy() for _ in range(args.runs)]
    phases = subprocess.run(
        [sys.executable, "-c", PHASES], cwd=ROOT, capture_output=True, text=True, check=True
    )
    print(
        json.dumps(
            {
                "runs": len(runs),
                "to_healthy_s": {
                    "median": round(statistics.median(runs), 2),
                    "max": round(max(runs), 2),
                },
                "phases_s": {k: round(v, 2) for k, v in json.loads(phases.stdout).items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
