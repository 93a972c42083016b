"""Reminders survive a crash and an outage (issue 14, item 3): leases, retries, permanent failures.

The real Application(s) on the emulator, driven by ``deliver_due`` (one pass of the job) on a
clock the test moves: a claim left by a dead process is taken over once its lease expires; two
processes racing over 1,000 due reminders send each once; with a fifth of the sends failing with
5xx every reminder still goes out, none twice; a 403 or 400 fails for good and the bot admins are
told once; a 429's ``retry_after`` is respected. With LAKIP_TEST_DATABASE_URL set, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.jobs import reminders
from bot.settings import BotSettings
from emulator import BotApiEmulator, plain_text
from lakip_model import reminders as rem
from lakip_model.db import make_engine, session_scope
from lakip_model.deadlines import JAKARTA
from lakip_model.years import open_year
from tests.support.bot import (
    ADMIN_ID,
    BOT_USERNAME,
    PEOPLE,
    AnyApp,
    add_people,
    application,
    emu_users,
    make_settings,
)

MONTHLY = "realisasi-bulanan"
SUBSCRIBED_AT = datetime(2023, 6, 20, 9, 0, tzinfo=JAKARTA)
H7 = datetime(2023, 7, 3, 8, 0, tzinfo=JAKARTA)  # H-7 of the June 2023 report (due 10 July)
BASE = -1_005_000_000


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(engine: Engine) -> Engine:
    add_people(engine)
    with session_scope(engine) as session:
        rem.seed_default_rules(session, 1)
        open_year(session, 2023, 2022)
    return engine


@pytest.fixture
def settings(db_url: str) -> BotSettings:
    return make_settings(db_url)


@pytest.fixture
def clock() -> Clock:
    return Clock(H7)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(bot_username=BOT_USERNAME) as emulator:
        emu_users(emulator, {"admin": PEOPLE["admin"]})
        yield emulator


def groups(emu: BotApiEmulator, world: Engine, count: int, *, known: bool = True) -> list[int]:
    """``count`` groups following the monthly report for all units, H-7 only (due at H7)."""
    chats = [BASE - n for n in range(count)]
    with session_scope(world) as session:
        agency = rem.agency_id(session, None)
        session.add_all(
            rem.Subscription(
                agency_id=agency,
                chat_id=chat_id,
                chat_title=f"Grup {n}",
                rule_code=MONTHLY,
                lead_days="7",
                since=SUBSCRIBED_AT,
                created_at=SUBSCRIBED_AT,
            )
            for n, chat_id in enumerate(chats)
        )
    if known:
        for n, chat_id in enumerate(chats):
            emu.group(chat_id, f"Grup {n}")
    return chats


@asynccontextmanager
async def bots(
    settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock, count: int = 1
) -> AsyncIterator[list[AnyApp]]:
    """``count`` Applications (own engine each: separate 'processes'), initialized, no job."""
    engines = [make_engine(db_url) for _ in range(count)]
    apps = [application(emu, settings, e, clock=clock) for e in engines]
    for app in apps:
        reminders.disarm(app)
    try:
        for app in apps:
            await app.initialize()
        yield apps
    finally:
        for app in apps:
            await app.shutdown()
        for e in engines:
            e.dispose()


def rows(engine: Engine) -> list[rem.Delivery]:
    with Session(engine) as session:
        return rem.deliveries(session)


def sends_per_chat(emu: BotApiEmulator) -> Counter[int]:
    """Messages that reached each group (successful sendMessage calls)."""
    return Counter(o.chat_id for o in emu.outputs if o.kind == "send" and o.chat_id <= BASE)


def admin_notices(emu: BotApiEmulator) -> list[str]:
    return [plain_text(m) for m in emu.chat(ADMIN_ID).messages]


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(reminders, "_sleep", fake_sleep)
    yield waits


# --- a crash ------------------------------------------------------------------------------------


async def test_a_claim_left_by_a_dead_process_is_sent_once_after_its_lease(
    world: Engine, settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock
) -> None:
    [chat] = groups(emu, world, 1)
    with Session(world) as session:
        [planned] = rem.due_reminders(session, H7).send
    assert rem.claim(world, planned, "mati:1:dead", H7) is not None  # claimed, then killed
    async with bots(settings, db_url, emu, clock) as [app]:
        clock.now = H7 + timedelta(minutes=1)  # the dead process's lease still holds
        assert (await reminders.deliver_due(app)).sent == 0
        assert sends_per_chat(emu)[chat] == 0
        clock.now = H7 + timedelta(minutes=6)  # expired: another process takes it over
        assert (await reminders.deliver_due(app)).sent == 1
        clock.now = H7 + timedelta(minutes=8)
        assert (await reminders.deliver_due(app)).sent == 0
    assert sends_per_chat(emu)[chat] == 1
    [row] = rows(world)
    assert (row.status, row.claimed_by) == ("sent", reminders.process_id(app))


# --- a race -------------------------------------------------------------------------------------


async def test_two_processes_racing_over_1000_reminders_send_each_once(
    world: Engine, settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock
) -> None:
    chats = groups(emu, world, 1000)
    async with bots(settings, db_url, emu, clock, count=2) as apps:
        reports = await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
    assert sum(r.sent for r in reports) == 1000
    assert sum(r.failed for r in reports) == 0
    sent = sends_per_chat(emu)
    assert all(sent[c] == 1 for c in chats), [c for c in chats if sent[c] != 1][:5]
    assert len(emu.calls_of("sendMessage")) == 1000
    assert {r.status for r in rows(world)} == {"sent"}


# --- an outage ----------------------------------------------------------------------------------


async def passes_until_done(
    apps: list[AnyApp], clock: Clock, engine: Engine, *, step: timedelta, most: int = 40
) -> int:
    """Passes of every app, the clock moved ``step`` each time, until nothing is left open."""
    for done in range(1, most + 1):
        await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
        if all(r.status in ("sent", "failed", "missed") for r in rows(engine)):
            return done
        clock.now += step
    raise AssertionError("reminders still open after every pass")


async def test_a_fifth_of_the_sends_failing_with_5xx_loses_and_doubles_nothing(
    world: Engine, settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock
) -> None:
    chats = groups(emu, world, 100)
    async with bots(settings, db_url, emu, clock, count=2) as apps:
        with emu.faults(0.2, ["500", "502"], methods=["sendMessage"], seed=14):
            passes = await passes_until_done(apps, clock, world, step=timedelta(minutes=2))
    assert passes > 1  # the faults did hit
    assert sum(1 for _m, code, _d in emu.errors if code >= 500) > 0
    sent = sends_per_chat(emu)
    assert all(sent[c] == 1 for c in chats), [c for c in chats if sent[c] != 1][:5]
    assert {r.status for r in rows(world)} == {"sent"}


# --- permanent failures -------------------------------------------------------------------------


async def test_a_403_fails_for_good_and_the_admins_are_told_once(
    world: Engine, settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock
) -> None:
    [chat] = groups(emu, world, 1)
    emu.kick_bot(emu.chat(chat), notify=False)
    async with bots(settings, db_url, emu, clock, count=2) as apps:
        for _ in range(3):
            await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
            clock.now += timedelta(minutes=10)
    [row] = rows(world)
    assert row.status == "failed" and "Forbidden" in (row.error or "")
    assert len(emu.calls_of("sendMessage")) == 2  # the reminder once, the admin's notice once
    [notice] = admin_notices(emu)
    assert "«Grup 0»" in notice


async def test_a_400_fails_for_good_and_the_admins_are_told_once(
    world: Engine, settings: BotSettings, db_url: str, emu: BotApiEmulator, clock: Clock
) -> None:
    groups(emu, world, 1, known=False)  # Telegram never heard of it: "chat not found"
    async with bots(settings, db_url, emu, clock, count=2) as apps:
        for _ in range(3):
            await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
            clock.now += timedelta(minutes=10)
    [row] = rows(world)
    assert row.status == "failed" and (row.error or "").startswith("BadRequest")
    [notice] = admin_notices(emu)
    for expected in ("tidak dapat dikirim", "«Grup 0»", "Juni 2023", "H-7", "Chat not found"):
        assert expected in notice, (expected, notice)


# --- 429 ----------------------------------------------------------------------------------------


async def test_a_long_retry_after_is_respected_by_a_later_pass(
    world: Engine,
    settings: BotSettings,
    db_url: str,
    emu: BotApiEmulator,
    clock: Clock,
    no_waits: list[float],
) -> None:
    [chat] = groups(emu, world, 1)
    emu.fail_next("sendMessage", "429", retry_after=600)
    async with bots(settings, db_url, emu, clock) as [app]:
        first = await reminders.deliver_due(app)
        assert no_waits == []  # ten minutes are not waited out inside a pass (and its lease)
        assert (first.sent, first.failed) == (0, 0)
        [row] = rows(world)
        assert row.status == "retry" and row.next_attempt_at == H7 + timedelta(seconds=600)
        clock.now = H7 + timedelta(seconds=599)
        assert (await reminders.deliver_due(app)).sent == 0
        clock.now = H7 + timedelta(seconds=600)
        assert (await reminders.deliver_due(app)).sent == 1
    assert sends_per_chat(emu)[chat] == 1
    assert len(emu.calls_of("sendMessage")) == 2
