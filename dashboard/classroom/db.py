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
    sa.Column("key_id", sa.String(16)),
    sa.Column("n_bytes", sa.Integer),
)
key_failures = sa.Table(
    "key_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("set_id", sa.String(16), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
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


# Seconds, not minutes: a database that hangs makes set features say they are
# unavailable (bounded.py) instead of holding a visitor.
CONNECT_TIMEOUT = 3
STATEMENT_TIMEOUT_MS = 3000
LOCK_TIMEOUT_MS = 2000
POOL_TIMEOUT = 2
SQLITE_BUSY_TIMEOUT = 2  # another process holding the file's write lock


def make_engine(url: str) -> Engine:
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            parsed,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False},
            pool_timeout=POOL_TIMEOUT,
        )

        @sa.event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):
            # readers do not wait for a writer, across processes
            dbapi_connection.execute("PRAGMA journal_mode=WAL")

        return engine
    options = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
        "-c idle_in_transaction_session_timeout=10000"
    )
    return sa.create_engine(
        parsed,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "options": options},
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=0,
        pool_timeout=POOL_TIMEOUT,
    )


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (nothing to do if it is there)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # migrating may wait for another process's migration: longer than a visitor
            connection.execute(sa.text("SET LOCAL statement_timeout = '120s'"))
            connection.execute(sa.text("SET LOCAL lock_timeout = '120s'"))
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def database_engine(url: str) -> Engine:
    """An engine on `url`; DatabaseError if `url` names no database we can use."""
    try:
        return make_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as error:
        raise DatabaseError(f"DATABASE_URL is not a database URL: {error}") from None


def migrate(engine: Engine) -> None:
    """Bring the schema up to date; DatabaseError if the database cannot be reached,
    naming it without its password. The engine's connections are closed after, so that
    gunicorn's workers, forked after `--preload`, never share one."""
    try:
        upgrade(engine)
    except sa.exc.SQLAlchemyError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise DatabaseError(f"The class sets' database {where} cannot be used: {reason}") from None
    finally:
        engine.dispose()


def open_database(url: str) -> Engine:
    """An engine on `url` with the schema up to date; DatabaseError if it cannot be
    reached."""
    engine = database_engine(url)
    migrate(engine)
    return engine
