"""The point reader: SQLite lookups without a worker thread, never a write, never a wait."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from lakip_model import queries
from lakip_model.db import async_twin, is_busy, make_engine, point_reader, read_async, run_async
from lakip_model.users import actor_of, sync_admins
from tests.conftest import SERVER_URL

ADMIN = 9001


def test_it_reads_what_the_main_engine_committed(engine: Engine) -> None:
    reader = point_reader(engine)
    if SERVER_URL:
        assert reader is None  # PostgreSQL answers over a network: worker threads only
        return
    assert reader is not None
    try:
        with reader.connect() as connection:
            assert actor_of(connection, ADMIN) is None
        with Session(engine) as session:
            sync_admins(session, [ADMIN])
            session.commit()
        with reader.connect() as connection:
            actor = actor_of(connection, ADMIN)
            years = queries.available_years(connection)
        assert actor is not None and actor.is_admin
        with Session(engine) as session:
            assert years == queries.available_years(session) and 2022 in years
    finally:
        reader.dispose()


@pytest.mark.skipif(bool(SERVER_URL), reason="SQLite only")
def test_it_cannot_write(engine: Engine) -> None:
    reader = point_reader(engine)
    assert reader is not None
    try:
        with reader.connect() as connection, pytest.raises(OperationalError, match="readonly"):
            connection.execute(text("DELETE FROM appuser"))
    finally:
        reader.dispose()


@pytest.mark.skipif(bool(SERVER_URL), reason="SQLite only")
def test_a_locked_file_is_an_immediate_busy_error(engine: Engine) -> None:
    engine.dispose()  # the lock below needs the file to itself
    path = engine.url.database
    assert path
    locker = sqlite3.connect(path, isolation_level=None, timeout=0)
    reader = point_reader(engine)
    assert reader is not None
    try:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        with reader.connect() as connection, pytest.raises(OperationalError) as caught:
            actor_of(connection, ADMIN)
        assert is_busy(caught.value)
    finally:
        locker.close()
        reader.dispose()
    with reader.connect() as connection:
        assert actor_of(connection, ADMIN) is None  # the lock gone, the same reader reads again
    reader.dispose()


def test_other_errors_are_not_busy(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection, pytest.raises(OperationalError) as caught:
            connection.execute(text("SELECT * FROM no_such_table"))
        assert not is_busy(caught.value)
        assert not is_busy(ValueError("database is locked"))
    finally:
        engine.dispose()


def test_no_point_reader_for_an_in_memory_database() -> None:
    engine = make_engine("sqlite://")
    try:
        assert point_reader(engine) is None  # a second connection would see another database
    finally:
        engine.dispose()


# --- the asyncio engine (PostgreSQL) ---------------------------------------------------------


def test_only_a_server_gets_an_asyncio_engine(engine: Engine) -> None:
    twin = async_twin(engine)
    assert (twin is not None) == bool(SERVER_URL)


@pytest.mark.skipif(not SERVER_URL, reason="PostgreSQL only")
async def test_a_transaction_on_the_asyncio_engine_runs_on_the_loop_and_commits(
    engine: Engine,
) -> None:
    twin = async_twin(engine)
    assert twin is not None
    loop_thread = threading.get_ident()
    try:

        def add(session: Session) -> int:
            sync_admins(session, [ADMIN])
            return threading.get_ident()

        assert await run_async(twin, add) == loop_thread  # no worker thread
        actor = await read_async(twin, lambda c: actor_of(c, ADMIN))
        assert actor is not None and actor.is_admin
    finally:
        await twin.dispose()


@pytest.mark.skipif(not SERVER_URL, reason="PostgreSQL only")
async def test_a_failing_transaction_on_the_asyncio_engine_leaves_nothing(engine: Engine) -> None:
    twin = async_twin(engine)
    assert twin is not None

    def add_then_fail(session: Session) -> None:
        sync_admins(session, [ADMIN + 1])
        session.flush()
        raise RuntimeError("refused after the write")

    try:
        with pytest.raises(RuntimeError):
            await run_async(twin, add_then_fail)
        assert await read_async(twin, lambda c: actor_of(c, ADMIN + 1)) is None
    finally:
        await twin.dispose()
