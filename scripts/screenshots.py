"""Take the README's screenshots in Debian's headless Chromium, outside hosts blocked.

    python scripts/screenshots.py

Serves the app on a free loopback port and writes docs/*.png at exact viewport sizes.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from common import SETTLED, chromium  # noqa: E402  (the benchmarks' Chromium, hosts blocked)

from dashboard import create_app  # noqa: E402

SHOTS = [  # file, query, width, height
    ("screenshot-1920x1080.png", "?year=1969&event=border-conflict-1969", 1920, 1080),
    ("screenshot-1366x768-1950.png", "?year=1950", 1366, 768),
    ("screenshot-present-1920x1080.png", "?event=border-conflict-1969&mode=present", 1920, 1080),
    ("screenshot-phone-390x844.png", "?event=border-conflict-1969", 390, 844),
    ("screenshot-zh-1920x1080.png", "?year=1969&event=border-conflict-1969&lang=zh", 1920, 1080),
    (
        "screenshot-ru-present-1920x1080.png",
        "?event=border-conflict-1969&mode=present&lang=ru",
        1920,
        1080,
    ),
    ("screenshot-ru-phone-390x844.png", "?event=border-conflict-1969&lang=ru", 390, 844),
    ("screenshot-big-map-1366x768.png", "?tour=24&mode=present&view=map", 1366, 768),
    ("screenshot-compare-1920x1080.png", "?compare=1950,1969", 1920, 1080),
]


def main() -> int:
    server = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    driver = chromium()
    try:
        for name, query, width, height in SHOTS:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            )
            driver.get(base + query)
            deadline = time.time() + 30
            while not driver.execute_script(SETTLED) and time.time() < deadline:
                time.sleep(0.1)
            time.sleep(1.5)  # the details of the selected event, the font
            out = ROOT / "docs" / name
            driver.save_screenshot(str(out))
            print(out)
    finally:
        driver.quit()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
