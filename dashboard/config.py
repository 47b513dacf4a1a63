"""Settings, read from the environment in one place.

PORT, HOST, DEBUG, DATA_DIR and FRAME_ANCESTORS are what a platform or a developer
sets; everything has a safe production default (debug off, listening on localhost
only, framing by this origin only).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$")


def _origins(value: str | None) -> tuple[str, ...]:
    """FRAME_ANCESTORS: origins allowed to embed the atlas, separated by spaces or commas."""
    origins = tuple(o for o in re.split(r"[\s,]+", value or "") if o)
    bad = [o for o in origins if not ORIGIN.match(o)]
    if bad:
        raise SystemExit(
            f"FRAME_ANCESTORS must list origins such as https://lms.example.org, not {bad[0]!r}"
        )
    return origins


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    data_dir: Path = ROOT / "geodata"
    assets_dir: Path = field(default=ROOT / "assets")
    default_year: int = 1950
    frame_ancestors: tuple[str, ...] = ()
    extra_events: Path | None = None  # a teacher's own events (EXTRA_EVENTS, --events)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        port = environ.get("PORT", "8050")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SystemExit(f"PORT must be a number from 1 to 65535, not {port!r}")
        return cls(
            host=environ.get("HOST", cls.host),
            port=int(port),
            debug=_flag(environ.get("DEBUG")),
            data_dir=Path(environ.get("DATA_DIR", cls.data_dir)),
            frame_ancestors=_origins(environ.get("FRAME_ANCESTORS")),
            extra_events=Path(environ["EXTRA_EVENTS"]) if environ.get("EXTRA_EVENTS") else None,
        )
