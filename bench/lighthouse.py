"""Lighthouse on the atlas as the Procfile serves it: a phone (Lighthouse's mobile
defaults: simulated 4x slower CPU and a slow 4G link) and, with --desktop, its desktop
preset.

    python bench/lighthouse.py [--runs 3] [--desktop] [--events 0] [--app atlas]
                               [--lighthouse "npx --yes lighthouse@12"]

Serves the Procfile's gunicorn on loopback (with --events N, a teacher's file of N
made-up rows added: bench/data/make_teacher_file.py) and runs Lighthouse (npm's
`lighthouse`, with Debian's Chromium: CHROME_PATH=/usr/bin/chromium, headless, every
host but 127.0.0.1 unresolvable) on `/?year=1969`, --runs times per preset. Prints each
run's four category scores and its metrics (largest contentful paint, total blocking
time, speed index, time to interactive, first contentful paint, cumulative layout
shift), then the median of each.

--app floor runs it on bench/floor_app.py instead (a title and one small graph on the
atlas's own scripts: what the stack costs before the atlas draws anything), --app plain
on bench/plain_app.py (the atlas as a plain Dash app would be written), at `/`.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

from common import CHROME_FLAGS, events_env, gunicorn, yardstick

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "speed-index": "speed_index_ms",
    "interactive": "tti_ms",
    "first-contentful-paint": "fcp_ms",
    "cumulative-layout-shift": "cls",
}


def run_once(lighthouse: list[str], url: str, desktop: bool, folder: Path) -> dict:
    report = folder / "report.json"
    flags = [f for f in CHROME_FLAGS if not f.startswith("--hide-scrollbars")]
    command = [
        *lighthouse,
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={shlex.join(flags)}",
        *(["--preset=desktop"] if desktop else []),
    ]
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
    data = json.loads(report.read_text())
    out = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit, name in METRICS.items():
        value = data["audits"][audit]["numericValue"]
        out[name] = round(value, 3) if name == "cls" else round(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--desktop", action="store_true", help="also the desktop preset")
    parser.add_argument("--events", type=int, default=0, help="a teacher's file's rows")
    parser.add_argument("--app", choices=("atlas", "floor", "plain"), default="atlas")
    parser.add_argument("--lighthouse", default="npx --yes lighthouse@12")
    args = parser.parse_args()
    lighthouse = shlex.split(args.lighthouse)
    presets = {"mobile": False} | ({"desktop": True} if args.desktop else {})
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        with ExitStack() as stack:
            if args.app == "atlas":
                base, _ = stack.enter_context(gunicorn(env=events_env(args.events, Path(folder))))
                url = base + "?year=1969"
            else:
                url = stack.enter_context(yardstick(f"{args.app}_app"))
            for name, desktop in presets.items():
                runs = [run_once(lighthouse, url, desktop, Path(folder)) for _ in range(args.runs)]
                median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results[name] = {"runs": runs, "median": median}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
