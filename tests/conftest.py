"""Shared fixtures: real databases, migrated by Alembic and seeded from the report.

SQLite by default. With ``LAKIP_TEST_DATABASE_URL`` set to a PostgreSQL server URL
(``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``), the same tests run on fresh
PostgreSQL databases cloned from a seeded template.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from lakip_model.db import make_engine, upgrade
from seed.loader import load_all

# The bot on the emulator: its people, settings, clock, and the fixtures clock and env.
pytest_plugins = ["tests.support.bot"]

SERVER_URL = os.environ.get("LAKIP_TEST_DATABASE_URL")


def _pg_admin(url: str) -> Engine:
    return make_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a database migrated and seeded once per test session (a template, never written)."""
    if SERVER_URL:
        admin = _pg_admin(SERVER_URL)
        name = f"lakip_tpl_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
        engine = make_engine(url)
        upgrade(engine)
        load_all(engine)
        engine.dispose()
        yield url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        return
    path = tmp_path_factory.mktemp("tpl") / "seeded.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_all(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def seeded_engine(seeded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The seeded database, for tests that only read.

    On PostgreSQL this is a clone: a template must have no open connection to be cloned.
    """
    url, drop = _fresh_copy(seeded_url, tmp_path_factory.mktemp("ro"))
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop()  # type: ignore[operator]


def _fresh_copy(seeded_url: str, tmp_path: Path) -> tuple[str, object]:
    if SERVER_URL:
        template = make_url(seeded_url).database
        name = f"lakip_t_{uuid.uuid4().hex[:10]}"
        admin = _pg_admin(SERVER_URL)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        return url, drop
    src = Path(make_url(seeded_url).database or "")
    dst = tmp_path / "lakip.db"
    shutil.copyfile(src, dst)
    return f"sqlite:///{dst}", lambda: None


@pytest.fixture
def db_url(seeded_url: str, tmp_path: Path) -> Iterator[str]:
    """A private, writable copy of the seeded database."""
    url, drop = _fresh_copy(seeded_url, tmp_path)
    yield url
    drop()  # type: ignore[operator]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, not even the schema."""
    if SERVER_URL:
        name = f"lakip_e_{uuid.uuid4().hex[:10]}"
        admin = _pg_admin(SERVER_URL)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"
