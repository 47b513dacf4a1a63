"""Settings, read from the environment in one place.

PORT, HOST, DEBUG, DATA_DIR and FRAME_ANCESTORS are what a platform or a developer
sets; everything has a safe production default (debug off, listening on localhost
only, framing by this origin only). Class sets (dashboard/classroom/classsets.py) are kept in
the database named by DATABASE_URL (PostgreSQL, as a platform provides it), else in a
SQLite file (SETS_DB, by default instance/class-sets.sqlite3 beside the package);
only holders of one of the TEACHER_KEYS may publish one (none: publishing is off).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


MIN_KEY_LENGTH = 12


def _keys(value: str | None) -> tuple[str, ...]:
    """TEACHER_KEYS: keys separated by spaces or commas, each hard to guess."""
    keys = tuple(k for k in re.split(r"[\s,]+", value or "") if k)
    if any(len(k) < MIN_KEY_LENGTH for k in keys):
        raise SystemExit(
            f"TEACHER_KEYS: each key must be at least {MIN_KEY_LENGTH} characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(16))')"
        )
    return keys


def _hops(value: str | None) -> int:
    value = (value or "0").strip()
    if not (value.isascii() and value.isdigit() and int(value) <= 5):
        raise SystemExit(f"TRUSTED_PROXY_HOPS must be a number from 0 to 5, not {value!r}")
    return int(value)


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
    sets_db: Path = ROOT / "instance" / "class-sets.sqlite3"  # SETS_DB, without DATABASE_URL
    database_url: str | None = field(default=None, repr=False)  # DATABASE_URL: secrets inside
    teacher_keys: tuple[str, ...] = field(default=(), repr=False)  # TEACHER_KEYS
    # TRUSTED_PROXY_HOPS: proxies in front that add X-Forwarded-For (a platform's
    # router: 1), so that wrong-key lockouts count a visitor's address, not the router's
    proxy_hops: int = 0
    # HANDOUTS_DIR: the handouts kept on disk, a folder per content version
    # (dashboard/lesson/prepared.py)
    handouts_dir: Path = ROOT / "instance" / "handouts"
    # each process prepares the kept handouts in the background after it starts: on
    # from the environment unless PREPARE_HANDOUTS=0, off here so that tests start none
    prepare_handouts: bool = False

    @property
    def sets_url(self) -> str:
        """Where class sets are kept: DATABASE_URL, else the SQLite file SETS_DB."""
        return self.database_url or f"sqlite:///{self.sets_db}"

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
            sets_db=Path(environ.get("SETS_DB") or cls.sets_db),
            database_url=environ.get("DATABASE_URL") or None,
            teacher_keys=_keys(environ.get("TEACHER_KEYS")),
            proxy_hops=_hops(environ.get("TRUSTED_PROXY_HOPS")),
            handouts_dir=Path(environ.get("HANDOUTS_DIR") or cls.handouts_dir),
            prepare_handouts=environ.get("PREPARE_HANDOUTS", "1").strip() != "0",
        )
