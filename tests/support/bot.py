"""The bot's real Application on the loopback Bot API emulator, as every bot test builds it.

The one place for what those tests share: the people (their Telegram ids, their roles in the
database, their users in the emulator), the test settings, the fixed clock, and the Application
built on an emulator and polling it. The variants (other settings, a clock the test moves or
none, the production rate limiter, something to do before the bot starts, an emulator that
several Applications share) are parameters of :func:`application` and :func:`bot_on_emulator`.

A pytest plugin (``pytest_plugins`` in tests/conftest.py): the fixtures ``clock`` and ``env``
are there for every test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from telegram.ext import Application

from bot.app import build_application
from bot.settings import BotSettings
from emulator import BotApiEmulator, EmuUser, running
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import set_user, sync_admins, unit_by_code

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Clock = Callable[[], datetime]

BOT_USERNAME = "LakipBinjaiBot"
ADMIN_ID = 7001
KADIS_ID = 7002
OPERATOR_ID = 7003  # Bidang PPPA
VERIFIER_ID = 7004
OPERATOR_PKM_ID = 7005
STRANGER_ID = 7099


class Person(NamedTuple):
    """Someone the emulator knows as a Telegram user."""

    id: int
    first_name: str
    username: str | None = None


# The people of the bot tests, as the emulator shows them (add_people gives them their roles).
PEOPLE: dict[str, Person] = {
    "admin": Person(ADMIN_ID, "Admin", "admin"),
    "kadis": Person(KADIS_ID, "Kepala Dinas", "kadis"),
    "operator": Person(OPERATOR_ID, "Siti", "siti"),
    "verifier": Person(VERIFIER_ID, "Verifikator"),
    "operator_pkm": Person(OPERATOR_PKM_ID, "Budi"),
    "stranger": Person(STRANGER_ID, "Orang Asing", "asing"),
}


def make_settings(db_url: str, **extra: object) -> BotSettings:
    """The bot's settings in the tests: this database, ADMIN_ID as the admin, no token."""
    fields: dict[str, object] = {"LAKIP_ADMIN_IDS": str(ADMIN_ID), "TELEGRAM_BOT_TOKEN": None}
    return BotSettings(DATABASE_URL=db_url, **{**fields, **extra})  # type: ignore[arg-type]


def add_people(engine: Engine) -> None:
    """The people of :data:`PEOPLE` with their roles (the stranger has none)."""
    with session_scope(engine) as session:
        sync_admins(session, [ADMIN_ID])
        pppa = unit_by_code(session, "bidang-pppa").id
        pkm = unit_by_code(session, "bidang-pkm").id
        set_user(session, None, KADIS_ID, Role.PIMPINAN, name="Kepala Dinas")
        set_user(session, None, OPERATOR_ID, Role.OPERATOR, pppa, name="Operator PPPA")
        set_user(session, None, OPERATOR_PKM_ID, Role.OPERATOR, pkm, name="Operator PKM")
        set_user(session, None, VERIFIER_ID, Role.VERIFIKATOR, name="Verifikator")


def fixed_now() -> datetime:
    """Mid-May 2026 in Jakarta, for everything that asks the bot what day it is."""
    return datetime(2026, 5, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def emu_users(emu: BotApiEmulator, people: Mapping[Any, Person] = PEOPLE) -> dict[Any, EmuUser]:
    """The emulator's users for ``people``, under the same keys."""
    return {
        key: emu.user(person.id, person.first_name, username=person.username)
        for key, person in people.items()
    }


def application(
    emu: BotApiEmulator,
    settings: BotSettings,
    engine: Engine,
    *,
    clock: Clock | None = fixed_now,
    rate_limiter: bool = False,
) -> AnyApp:
    """The bot's Application talking to ``emu``, not started. The bot asks ``clock`` what time
    it is (the real clock when None); ``rate_limiter=True`` is production's (Telegram's limits,
    429s waited out), off by default so that tests are not slowed to a person's pace."""
    app = build_application(settings, engine, api=emu, rate_limiter=rate_limiter)
    if clock is not None:
        app.bot_data.clock = clock
    return app


@dataclass
class BotOnEmulator:
    emu: BotApiEmulator
    app: AnyApp
    people: dict[Any, EmuUser]


@asynccontextmanager
async def bot_on_emulator(
    settings: BotSettings,
    engine: Engine,
    *,
    clock: Clock | None = fixed_now,
    rate_limiter: bool = False,
    people: Mapping[Any, Person] = PEOPLE,
    prepare: Callable[[BotApiEmulator, AnyApp], object] | None = None,
) -> AsyncIterator[BotOnEmulator]:
    """A fresh emulator with ``people`` as its users, and the bot's Application polling it.

    ``prepare(emu, app)`` runs before the bot starts (faults for its start-up, handlers, limits).
    """
    async with BotApiEmulator(bot_username=BOT_USERNAME) as emu:
        app = application(emu, settings, engine, clock=clock, rate_limiter=rate_limiter)
        if prepare is not None:
            prepare(emu, app)
        users = emu_users(emu, people)
        async with running(app, emu):
            yield BotOnEmulator(emu, app, users)


@dataclass
class BotEnv:
    emu: BotApiEmulator
    engine: Engine
    settings: BotSettings
    admin: EmuUser
    kadis: EmuUser
    operator: EmuUser
    verifier: EmuUser
    operator_pkm: EmuUser
    stranger: EmuUser
    app: object

    @property
    def handler_engine(self) -> Engine:
        """The engine under the journeys' transactions, where a test hooks engine events: on
        PostgreSQL the synchronous core of the asyncio engine (``bot.context``), else ``engine``."""
        twin = self.app.bot_data.async_engine  # type: ignore[attr-defined]
        return twin.sync_engine if twin is not None else self.engine


@pytest.fixture
def clock() -> Clock:
    """What the bot is told the time is (see :func:`fixed_now`)."""
    return fixed_now


@pytest.fixture
async def env(db_url: str, engine: Engine, clock: Clock) -> AsyncIterator[BotEnv]:
    """The bot polling a fresh emulator, over a private seeded database with the people."""
    add_people(engine)
    settings = make_settings(db_url)
    async with bot_on_emulator(settings, engine, clock=clock) as bot:
        yield BotEnv(emu=bot.emu, engine=engine, settings=settings, app=bot.app, **bot.people)
