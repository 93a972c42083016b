"""The real Application on the loopback Bot API emulator, over a private seeded database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import Engine

from bot.app import build_application
from emulator import BotApiEmulator, EmuUser, running
from lakip_model.config import Settings
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import set_user, sync_admins, unit_by_code

ADMIN_ID = 7001
KADIS_ID = 7002
OPERATOR_ID = 7003  # Bidang PPPA
VERIFIER_ID = 7004
OPERATOR_PKM_ID = 7005
STRANGER_ID = 7099


@dataclass
class BotEnv:
    emu: BotApiEmulator
    engine: Engine
    settings: Settings
    admin: EmuUser
    kadis: EmuUser
    operator: EmuUser
    verifier: EmuUser
    operator_pkm: EmuUser
    stranger: EmuUser
    app: object


def make_settings(db_url: str, **extra: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATABASE_URL=db_url, LAKIP_ADMIN_IDS=str(ADMIN_ID), TELEGRAM_BOT_TOKEN=None, **extra
    )


def add_people(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_admins(session, [ADMIN_ID])
        pppa = unit_by_code(session, "bidang-pppa").id
        pkm = unit_by_code(session, "bidang-pkm").id
        set_user(session, None, KADIS_ID, Role.PIMPINAN, name="Kepala Dinas")
        set_user(session, None, OPERATOR_ID, Role.OPERATOR, pppa, name="Operator PPPA")
        set_user(session, None, OPERATOR_PKM_ID, Role.OPERATOR, pkm, name="Operator PKM")
        set_user(session, None, VERIFIER_ID, Role.VERIFIKATOR, name="Verifikator")


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """Mid-May 2026 in Jakarta, for everything that asks the bot what day it is."""
    from zoneinfo import ZoneInfo

    return lambda: datetime(2026, 5, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
async def env(db_url: str, engine: Engine, clock: Callable[[], datetime]) -> AsyncIterator[BotEnv]:
    add_people(engine)
    settings = make_settings(db_url)
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        app = build_application(
            settings,
            engine,
            token=emu.token,
            base_url=emu.base_url,
            base_file_url=emu.base_file_url,
            rate_limiter=False,
        )
        app.bot_data["clock"] = clock
        people = {
            "admin": emu.user(ADMIN_ID, "Admin", username="admin"),
            "kadis": emu.user(KADIS_ID, "Kepala Dinas", username="kadis"),
            "operator": emu.user(OPERATOR_ID, "Siti", username="siti"),
            "verifier": emu.user(VERIFIER_ID, "Verifikator"),
            "operator_pkm": emu.user(OPERATOR_PKM_ID, "Budi"),
            "stranger": emu.user(STRANGER_ID, "Orang Asing", username="asing"),
        }
        async with running(app, emu):
            yield BotEnv(emu=emu, engine=engine, settings=settings, app=app, **people)
