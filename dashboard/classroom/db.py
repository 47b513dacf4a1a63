"""The class sets' database: SQLite by default, PostgreSQL when DATABASE_URL says so.

Through SQLAlchemy, with the schema in Alembic migrations (dashboard/classroom/migrations/).
`open_database` brings the schema up to date when the app starts (and
`python -m dashboard db upgrade` does the same by hand). On PostgreSQL, a transaction
advisory lock makes processes that start together (several dynos, a deploy) migrate
one after the other; the second finds the schema done. The engine is disposed of after
that, so that gunicorn's workers, forked after `--preload`, never share a connection.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x51_C0_5E_75  # pg_advisory_xact_lock key: any constant of the app's own

metadata = sa.MetaData()
class_sets = sa.Table(
    "class_sets",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_hash", sa.String(200), nullable=False),
    sa.Column("title", sa.String(120), nullable=False),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
)


class DatabaseError(Exception):
    """The database cannot be used; the message says why, without the password."""


class SetsUnavailable(Exception):
    """The class sets' database did not answer in time, or failed: set features say so
    in the page's language and the rest of the atlas goes on without them."""


def engine_url(url: str) -> sa.URL:
    """A URL as a platform gives it, for SQLAlchemy with psycopg 3: `postgres://` (the
    old Heroku form) and `postgresql://` both mean PostgreSQL."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 15})

        @sa.event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):
            # readers do not wait for a writer, across processes
            dbapi_connection.execute("PRAGMA journal_mode=WAL")

        return engine
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=4, max_overflow=4)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (nothing to do if it is there)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str) -> Engine:
    """An engine on `url` with the schema up to date; DatabaseError if it cannot be
    reached, naming the database without its password."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    except sa.exc.SQLAlchemyError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise DatabaseError(f"The class sets' database {where} cannot be used: {reason}") from None
    finally:
        engine.dispose()
    return engine
