"""Engine, sessions and schema upgrades in one place.

The schema is owned by Alembic (``lakip_model/migrations``): ``upgrade()`` brings any database,
new or deployed, to the current revision, so SQLite files and PostgreSQL servers evolve alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, make the folder, enforce foreign keys and use WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def point_reader(engine: Engine) -> Engine | None:
    """A read-only engine of one connection on the same SQLite file, for lookups that never wait.

    It answers reads of a row or two (who is asking, which years there are) where they are
    asked, without a worker thread: ``query_only`` makes it unable to write, and with no busy
    timeout a file that is locked (a checkpoint, a recovery) is an immediate error the caller
    answers by asking the ordinary way. None for other databases, whose reads cross a network,
    and for in-memory SQLite, which a second connection would not see.
    """
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    # the driver's timeout is SQLite's busy timeout: 0, never wait
    reader = create_engine(
        url, poolclass=StaticPool, connect_args={"check_same_thread": False, "timeout": 0}
    )
    event.listen(reader, "connect", _read_only)
    return reader


def async_twin(engine: Engine) -> AsyncEngine | None:
    """The asyncio engine (psycopg's async mode) on the same PostgreSQL database, else None.

    On a server every transaction waits on the network; on this engine it waits on the event
    loop (``run_async``) instead of holding a worker thread, and the synchronous domain code
    runs unchanged inside it (SQLAlchemy's greenlet bridge). SQLite keeps the synchronous engine:
    its calls never wait on a network, and the point reader covers the hot lookups.
    """
    url = engine.url
    if url.get_backend_name() != "postgresql":
        return None
    from sqlalchemy.ext.asyncio import create_async_engine

    return create_async_engine(url.set(drivername="postgresql+psycopg"), pool_pre_ping=True)


async def run_async(engine: AsyncEngine, fn: Callable[[Session], T]) -> T:
    """``fn(session)`` as one transaction on the asyncio engine: committed when it returns,
    rolled back if it raises (as ``session_scope``)."""
    from sqlmodel.ext.asyncio.session import AsyncSession

    def call(sync_session: Any) -> T:
        return fn(sync_session)  # a sqlmodel Session: AsyncSession.sync_session_class

    async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
        return await session.run_sync(call)


async def read_async(engine: AsyncEngine, fn: Callable[[Connection], T]) -> T:
    """``fn(connection)`` for a read on the asyncio engine (rolled back: it writes nothing)."""
    async with engine.connect() as connection:
        return await connection.run_sync(fn)


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error is SQLite's "locked" (retrying elsewhere can succeed)."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", 0) & 0xFF  # an extended code's primary code
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def connection_of(db: Session | Connection) -> Connection:
    """The connection under a session, or the connection itself: Core reads take either."""
    return db.connection() if isinstance(db, Session) else db


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # only where the schema is changed, not in the bot

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on a '%' in a password.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply every pending migration to the database behind ``engine``."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
