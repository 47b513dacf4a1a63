"""Settings, read from the environment in one place.

PORT, HOST, DEBUG and DATA_DIR are what a platform or a developer sets; everything
else has a safe production default (debug off, listening on localhost only).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
        )
