"""Deadline reminders end to end: the real Application(s) on the emulator, with a fake clock.

Dates as in tests/model/test_reminders.py: the June 2023 realization report is due Monday
10 July 2023; H-7 is Monday 3 July 08:00 WIB. The clock is injected through
``app.bot_data.clock``; nothing sleeps until a date. With LAKIP_TEST_DATABASE_URL set, the
two-process test runs against PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from telegram.ext import Application

from bot import texts
from bot.app import build_application
from bot.jobs import reminders
from bot.journeys import deadlines, membership, reminder_settings
from bot.settings import BotSettings
from bot.views import reminders as views
from emulator import BotApiEmulator, EmuChat, EmuUser, button_texts, plain_text, running
from lakip_model import reminders as rem
from lakip_model.db import make_engine, session_scope
from lakip_model.deadlines import JAKARTA, Shift
from lakip_model.models import BudgetNode, EntryStatus, FiscalYear, NodeLevel, RealizationEntry
from lakip_model.years import open_year
from tests.support.bot import (
    ADMIN_ID,
    BOT_USERNAME,
    OPERATOR_ID,
    PEOPLE,
    add_people,
    application,
    emu_users,
    make_settings,
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
JSON = dict[str, Any]

PPPA, PKM = 4, 5
GROUP_PPPA, GROUP_PKM, GROUP_SEKRE = -1002001, -1002002, -1002003
MONTHLY = "realisasi-bulanan"
QUARTERLY = "evaluasi-renja-triwulan"
MONTHLY_NAME = "Laporan realisasi fisik dan keuangan bulanan"
QUARTERLY_NAME = "Evaluasi hasil Renja per triwulan"
H7 = datetime(2023, 7, 3, 8, 0, tzinfo=JAKARTA)
H3 = datetime(2023, 7, 7, 8, 0, tzinfo=JAKARTA)
SUBSCRIBED_AT = datetime(2023, 6, 20, 9, 0, tzinfo=JAKARTA)


class Clock:
    """The bot's clock; tests move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def register_area(app: AnyApp, *, interval: float | None) -> None:
    """Every module of the area, as bot/app.py registers them."""
    deadlines.register(app)
    reminder_settings.register(app)
    membership.register(app)
    reminders.register(app, interval=interval)


def wire(app: AnyApp, *, job: bool) -> AnyApp:
    """The reminders as bot/app.py registers them (before the fallback); the job only if asked.

    Should bot/app.py not register them, this puts the handlers where it would: in the
    journeys' group, ahead of the fallback that answers every other command.
    """
    if app.bot_data.reminders_registered:
        if not job:
            reminders.disarm(app)
        return app
    group = app.handlers.get(0, [])
    fallback = [
        h
        for h in group
        if getattr(getattr(h, "callback", None), "__module__", "") == "bot.fallback"
    ]
    for handler in fallback:
        app.remove_handler(handler, 0)
    register_area(app, interval=reminders.TICK_SECONDS if job else None)
    for handler in fallback:
        app.add_handler(handler, 0)
    return app


def build(
    settings: BotSettings, engine: Engine, emu: BotApiEmulator, clock: Clock, *, job: bool = False
) -> AnyApp:
    return wire(application(emu, settings, engine, clock=clock), job=job)


@pytest.fixture
def world(engine: Engine) -> Engine:
    """People (tests/support/bot.py), the default rules, and 2023 open with 2022's tree."""
    add_people(engine)
    with session_scope(engine) as session:
        rem.seed_default_rules(session, 1)
        open_year(session, 2023, 2022)
    return engine


@pytest.fixture
def clock() -> Clock:
    return Clock(SUBSCRIBED_AT)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(bot_username=BOT_USERNAME) as emulator:
        yield emulator


@pytest.fixture
def users(emu: BotApiEmulator) -> dict[str, EmuUser]:
    return emu_users(
        emu,
        {
            "admin": PEOPLE["admin"],
            "siti": PEOPLE["operator"],  # operator of Bidang PPPA
            "budi": PEOPLE["operator_pkm"],  # operator of Bidang PKM
        },
    )


@pytest.fixture
def groups(emu: BotApiEmulator, users: dict[str, EmuUser]) -> dict[str, EmuChat]:
    """Three unit groups; Siti administers the PPPA group, Budi is only a member there."""
    siti, budi = users["siti"], users["budi"]
    return {
        "pppa": emu.group(GROUP_PPPA, "Bidang PPPA", admins=[siti], members=[budi]),
        "pkm": emu.group(GROUP_PKM, "Bidang PKM", admins=[budi]),
        "sekre": emu.group(GROUP_SEKRE, "Sekretariat", admins=[siti], members=[budi]),
    }


@pytest.fixture
def settings(db_url: str) -> BotSettings:
    return make_settings(db_url)


@pytest.fixture
async def bot(
    world: Engine, settings: BotSettings, emu: BotApiEmulator, clock: Clock
) -> AsyncIterator[AnyApp]:
    app = build(settings, world, emu, clock)
    async with running(app, emu):
        yield app


def subscribe(
    engine: Engine, chat_id: int, code: str, unit_id: int | None, title: str = "Grup"
) -> None:
    with session_scope(engine) as session:
        rem.subscribe(
            session, ADMIN_ID, chat_id, code, unit_id, chat_title=title, now=SUBSCRIBED_AT
        )


def report_june(engine: Engine, unit_id: int, count: int | None = None) -> None:
    """Operators of a unit submit June 2023 for ``count`` of its sub-activities (all for None)."""
    with session_scope(engine) as session:
        nodes = session.exec(
            select(BudgetNode)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(
                FiscalYear.year == 2023,
                BudgetNode.unit_id == unit_id,
                BudgetNode.level == NodeLevel.SUB_KEGIATAN,
            )
            .order_by(col(BudgetNode.sort_order))
        ).all()
        for node in nodes[:count]:
            session.add(
                RealizationEntry(
                    node_id=int(node.id or 0),
                    year=2023,
                    month=6,
                    amount=1_000_000,
                    status=EntryStatus.DIAJUKAN,
                    source="telegram",
                )
            )


def deliveries(engine: Engine, chat_id: int | None = None) -> list[rem.Delivery]:
    with Session(engine) as session:
        return rem.deliveries(session, chat_id)


def active(engine: Engine, chat_id: int) -> list[rem.Subscription]:
    with Session(engine) as session:
        return rem.subscriptions(session, chat_id)


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for something the running bot does on its own (a job at start, an update)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the bot did not get there in time")
        await asyncio.sleep(0.02)


def texts_of(chat: EmuChat) -> list[str]:
    return [plain_text(m) for m in chat.messages]


# --- /pengingat ---------------------------------------------------------------------------------


async def test_a_group_admin_subscribes_with_buttons(
    bot: AnyApp, emu: BotApiEmulator, users: dict[str, EmuUser], groups: dict[str, EmuChat]
) -> None:
    siti, group = users["siti"], groups["pppa"]
    [panel] = await emu.ask(siti, "/pengingat", chat=group)
    assert "Pengingat tenggat — Bidang PPPA" in plain_text(panel)
    assert "Belum ada pengingat aktif" in plain_text(panel)
    asked = emu.calls_of("getChatMember")
    assert asked and int(asked[-1]["user_id"]) == OPERATOR_ID
    assert "• Semua unit" in button_texts(panel)
    [panel] = await emu.click(siti, panel, "Bidang PPPA")
    assert "Unit: Bidang Perlindungan Perempuan" in plain_text(panel)
    assert "• Bidang PPPA" in button_texts(panel)
    [panel] = await emu.click(siti, panel, f"▫️ {MONTHLY_NAME}")
    assert f"✅ {MONTHLY_NAME}" in button_texts(panel)
    assert "Dinyalakan" in (emu.last_answer(siti) or {}).get("text", "")
    [panel] = await emu.click(siti, panel, "H-3,1,0")
    assert "✅ H-3,1,0" in button_texts(panel)
    text = plain_text(panel)
    assert f"{MONTHLY_NAME} — Bidang PPPA (H-3, H-1, H)" in text
    assert "Berikutnya: Jumat, 7 Juli 2023 08:00 WIB" in text  # H-3 of Monday 10 July
    [sub] = active(bot.bot_data.engine, GROUP_PPPA)
    assert (sub.rule_code, sub.unit_id, sub.lead_days, sub.chat_title) == (
        MONTHLY,
        PPPA,
        "3,1,0",
        "Bidang PPPA",
    )
    [closed] = await emu.click(siti, panel, "Selesai")
    assert "tersimpan" in plain_text(closed) and button_texts(closed) == []


async def test_members_cannot_change_the_subscriptions(
    bot: AnyApp, emu: BotApiEmulator, users: dict[str, EmuUser], groups: dict[str, EmuChat]
) -> None:
    siti, budi, group = users["siti"], users["budi"], groups["pppa"]
    [refused] = await emu.ask(budi, "/pengingat", chat=group)
    assert "Hanya admin grup" in plain_text(refused)
    [panel] = await emu.ask(siti, "/pengingat", chat=group)
    await emu.click(budi, panel, f"▫️ {MONTHLY_NAME}")
    answer = emu.last_answer(budi) or {}
    assert "Hanya admin grup" in answer.get("text", "") and answer.get("show_alert")
    assert group.message(panel["message_id"]) == panel  # not edited
    assert active(bot.bot_data.engine, GROUP_PPPA) == []
    # the day Budi becomes a group admin, the same button works
    emu.set_member_status(group, budi, "administrator")
    [panel] = await emu.click(budi, panel, f"▫️ {MONTHLY_NAME}")
    assert f"✅ {MONTHLY_NAME}" in button_texts(panel)


async def test_a_bot_admin_may_manage_any_group_and_private_chats_are_told_where(
    bot: AnyApp, emu: BotApiEmulator, users: dict[str, EmuUser], groups: dict[str, EmuChat]
) -> None:
    [panel] = await emu.ask(users["admin"], "/reminders", chat=groups["pkm"])
    assert "Pengingat tenggat — Bidang PKM" in plain_text(panel)
    [private] = await emu.ask(users["siti"], "/pengingat")
    assert "dikirim ke grup" in plain_text(private)


# --- delivery -----------------------------------------------------------------------------------


async def test_reminders_reach_several_groups_once_naming_what_is_missing(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, groups: dict[str, EmuChat], world: Engine
) -> None:
    subscribe(world, GROUP_PPPA, MONTHLY, PPPA, "Bidang PPPA")
    subscribe(world, GROUP_PKM, MONTHLY, PKM, "Bidang PKM")
    subscribe(world, GROUP_SEKRE, MONTHLY, None, "Sekretariat")
    subscribe(world, GROUP_SEKRE, QUARTERLY, None, "Sekretariat")
    report_june(world, PPPA, 2)
    report_june(world, PKM)

    clock.now = H7 - timedelta(minutes=1)
    assert (await reminders.deliver_due(bot)).sent == 0
    clock.now = H7 + timedelta(seconds=20)
    report = await reminders.deliver_due(bot)
    assert (report.sent, report.failed, report.missed) == (4, 0, 0)

    [pppa] = groups["pppa"].messages
    text = plain_text(pppa)
    for expected in (
        f"Pengingat: {MONTHLY_NAME}",
        "Periode: Juni 2023",
        "Batas waktu: Senin, 10 Juli 2023 (7 hari lagi)",
        "Unit: Bidang Perlindungan Perempuan",
        "Belum ada entri realisasi Juni 2023 untuk 5 dari 7 sub kegiatan",
        "Mohon segera diisi: Operator PPPA",
    ):
        assert expected in text, (expected, text)
    mentions = [e.get("url") for e in pppa.get("entities", [])]
    assert f"tg://user?id={OPERATOR_ID}" in mentions
    [pkm] = texts_of(groups["pkm"])
    assert "Semua 4 sub kegiatan sudah mengisi realisasi Juni 2023. Terima kasih!" in pkm
    sekre = texts_of(groups["sekre"])
    assert len(sekre) == 2
    assert any("Evaluasi hasil Renja per triwulan" in t and "Triwulan II 2023" in t for t in sekre)
    everyone = next(t for t in sekre if MONTHLY_NAME in t)
    assert "23 dari 29 sub kegiatan" in everyone  # 2 of PPPA and all 4 of PKM reported
    assert "Bidang PPPA: Operator PPPA" in everyone

    sent = deliveries(world)
    assert len(sent) == 4 and {d.status for d in sent} == {"sent"}
    ids = {(d.chat_id, d.message_id) for d in sent}
    assert (GROUP_PPPA, pppa["message_id"]) in ids

    clock.now = H7 + timedelta(hours=1)
    assert (await reminders.deliver_due(bot)).sent == 0  # nothing twice
    clock.now = H3
    assert (await reminders.deliver_due(bot)).sent == 4
    assert "3 hari lagi" in texts_of(groups["pppa"])[-1]
    assert len(groups["pppa"].messages) == 2


async def test_a_429_is_waited_out_and_sent_once(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    groups: dict[str, EmuChat],
    world: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(reminders, "_sleep", fake_sleep)
    subscribe(world, GROUP_PPPA, MONTHLY, PPPA)
    emu.fail_next("sendMessage", "429", retry_after=7)
    clock.now = H7
    assert (await reminders.deliver_due(bot)).sent == 1
    assert waits == [7.0]
    assert len(groups["pppa"].messages) == 1


async def test_a_group_that_removed_the_bot_is_unsubscribed_and_admins_told(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
    groups: dict[str, EmuChat],
    world: Engine,
) -> None:
    subscribe(world, GROUP_PPPA, MONTHLY, PPPA, "Bidang PPPA")
    subscribe(world, GROUP_PPPA, QUARTERLY, PPPA, "Bidang PPPA")
    subscribe(world, GROUP_PKM, MONTHLY, PKM, "Bidang PKM")
    emu.kick_bot(groups["pppa"], notify=False)  # the bot never heard of it: sending tells
    clock.now = H7
    report = await reminders.deliver_due(bot)
    assert (report.sent, report.failed) == (1, 1)
    assert active(world, GROUP_PPPA) == []
    [failed] = deliveries(world, GROUP_PPPA)
    assert failed.status == "failed" and "Forbidden" in (failed.error or "")
    [notice] = texts_of(emu.private_chat(users["admin"]))
    assert "«Bidang PPPA»" in notice and "2 langganan pengingat" in notice
    clock.now = H3
    assert (await reminders.deliver_due(bot)).sent == 1  # only PKM now
    assert len(texts_of(emu.private_chat(users["admin"]))) == 1


async def test_removing_the_bot_stops_reminders_and_adding_it_greets(
    bot: AnyApp,
    emu: BotApiEmulator,
    users: dict[str, EmuUser],
    groups: dict[str, EmuChat],
    world: Engine,
) -> None:
    group = groups["pkm"]
    since = emu.mark()
    bot_member = {"user": emu.bot_user}
    await emu.push_update(
        {
            "my_chat_member": {
                "chat": group.to_api(),
                "from": users["budi"].to_api(),
                "date": int(time.time()),
                "old_chat_member": {**bot_member, "status": "left"},
                "new_chat_member": {**bot_member, "status": "member"},
            }
        }
    )
    await emu.wait_quiet(group, since=since)
    [hello] = texts_of(group)
    assert "/pengingat" in hello and "/tenggat" in hello
    subscribe(world, GROUP_PKM, MONTHLY, PKM, "Bidang PKM")
    emu.kick_bot(group, by=users["budi"])
    await eventually(lambda: not active(world, GROUP_PKM))
    await eventually(lambda: bool(emu.private_chat(users["admin"]).messages))
    assert "bot dikeluarkan" in texts_of(emu.private_chat(users["admin"]))[0]


@pytest.mark.parametrize("notify", [False, True])
async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscriptions(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
    world: Engine,
    notify: bool,
) -> None:
    old_id, new_id = -4005, -1004005
    old = emu.group(old_id, "Bidang PPPA", supergroup=False, admins=[users["siti"]])
    subscribe(world, old_id, MONTHLY, PPPA, "Bidang PPPA")
    new = emu.migrate(old, new_id, notify=notify)
    if notify:  # the service messages tell the bot before any reminder is due
        await eventually(lambda: bool(active(world, new_id)))
    clock.now = H7
    assert (await reminders.deliver_due(bot)).sent == 1
    [reminder] = texts_of(new)
    assert MONTHLY_NAME in reminder
    assert active(world, old_id) == [] and [s.rule_code for s in active(world, new_id)] == [MONTHLY]
    [sent] = deliveries(world)
    assert (sent.chat_id, sent.status) == (new_id, "sent")
    clock.now = H7 + timedelta(minutes=5)
    assert (await reminders.deliver_due(bot)).sent == 0


async def test_a_pass_serves_many_groups_at_once_each_once_and_in_order(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
    world: Engine,
) -> None:
    """More groups than delivery workers, two reminders each; one removed the bot, one is
    unknown to Telegram, one became a supergroup. Sends are slowed at random so that reminders
    finishing out of turn would show."""
    good = [-1003000 - n for n in range(10)]
    kicked, unknown, old_id, new_id = -1003100, -1003101, -4003102, -1004003102
    units = (PPPA, PKM, None)
    for n, chat_id in enumerate([*good, kicked, unknown, old_id]):
        if chat_id != unknown:  # Telegram never heard of that one
            emu.group(chat_id, f"Grup {n}", supergroup=chat_id != old_id)
        subscribe(world, chat_id, MONTHLY, units[n % 3], f"Grup {n}")
        subscribe(world, chat_id, QUARTERLY, units[n % 3], f"Grup {n}")
    emu.kick_bot(emu.chat(kicked), notify=False)
    new = emu.migrate(emu.chat(old_id), new_id, notify=False)
    report_june(world, PPPA, 2)
    with Session(world) as session:  # each text as composed on its own, without a pass's cache
        plans = rem.due_reminders(session, H7, tz=JAKARTA).send
        expected = {p.key: reminders.compose(session, p, H7.date()) for p in plans}
    clock.now = H7
    with emu.faults(0.5, ["slow"], methods=["sendMessage"], slow_seconds=0.05, seed=3):
        report = await reminders.deliver_due(bot)

    assert (report.sent, report.failed, report.missed, report.taken) == (22, 3, 0, 0)
    calls = emu.calls_of("sendMessage")
    for chat_id in good:
        mine = [p for p in plans if p.chat_id == chat_id]
        assert [p.rule.code for p in mine] == [QUARTERLY, MONTHLY]
        # in order, and byte for byte the text each reminder would have had on its own
        assert [c["text"] for c in calls if int(c["chat_id"]) == chat_id] == [
            expected[p.key] for p in mine
        ]
        rows = deliveries(world, chat_id)
        assert [(r.rule_code, r.status) for r in rows] == [(QUARTERLY, "sent"), (MONTHLY, "sent")]
        shown = [m["message_id"] for m in emu.chat(chat_id).messages]
        assert [r.message_id for r in rows] == shown
    assert len({expected[p.key] for p in plans if p.rule.code == MONTHLY}) == 3  # one per unit
    [failed] = deliveries(world, kicked)  # its second reminder was never claimed
    assert failed.status == "failed" and "Forbidden" in (failed.error or "")
    assert active(world, kicked) == []
    notices = texts_of(emu.private_chat(users["admin"]))
    [notice] = [n for n in notices if "«Grup 10»" in n]
    assert "2 langganan pengingat" in notice
    # Telegram refused the unknown chat for good: the admins are told of each reminder, once
    refused = [n for n in notices if "«Grup 11»" in n]
    assert len(refused) == 2 and all("tidak akan dicoba lagi" in n for n in refused)
    assert len(notices) == 3
    assert [r.status for r in deliveries(world, unknown)] == ["failed", "failed"]
    assert {"BadRequest"} == {(r.error or "").split(":")[0] for r in deliveries(world, unknown)}
    assert [r.status for r in deliveries(world, new_id)] == ["sent", "sent"]
    [first, second] = texts_of(new)
    assert QUARTERLY_NAME in first and MONTHLY_NAME in second

    clock.now = H7 + timedelta(minutes=1)
    assert await reminders.deliver_due(bot) == reminders.TickReport()  # nothing twice


# --- restarts and a second process --------------------------------------------------------------


@pytest.mark.parametrize(
    ("down_for", "sent"),
    [(timedelta(hours=2), True), (timedelta(hours=7), False)],
    ids=["inside-grace", "outside-grace"],
)
async def test_a_restart_re_arms_from_the_database(
    world: Engine,
    settings: BotSettings,
    emu: BotApiEmulator,
    clock: Clock,
    groups: dict[str, EmuChat],
    down_for: timedelta,
    sent: bool,
) -> None:
    subscribe(world, GROUP_PPPA, MONTHLY, PPPA, "Bidang PPPA")
    first = build(settings, world, emu, clock)
    async with running(first, emu):
        clock.now = H7 - timedelta(hours=1)
        assert (await reminders.deliver_due(first)).sent == 0
    # the bot is down across 08:00; it comes back ``down_for`` after H-7 with the job armed
    clock.now = H7 + down_for
    second = build(settings, world, emu, clock, job=True)
    async with running(second, emu):
        # the group's reminder (H7 is also the start of TW III: the Kepala Dinas's quarterly
        # digest goes out in the same pass, to a private chat: tests/bot/journeys/
        # test_quarterly_digest.py)
        await eventually(lambda: bool(deliveries(world, GROUP_PPPA)))
        [delivery] = deliveries(world, GROUP_PPPA)
        if sent:
            await eventually(lambda: deliveries(world, GROUP_PPPA)[0].status == "sent")
            assert "7 hari lagi" in texts_of(groups["pppa"])[0]
        else:
            assert delivery.status == "missed" and delivery.message_id is None
            assert groups["pppa"].messages == []
    assert len(groups["pppa"].messages) == (1 if sent else 0)


async def test_two_processes_deliver_each_reminder_once(
    world: Engine,
    db_url: str,
    settings: BotSettings,
    emu: BotApiEmulator,
    clock: Clock,
    groups: dict[str, EmuChat],
) -> None:
    """Two Applications, each with its own engine, tick together against one database."""
    for chat_id, unit in ((GROUP_PPPA, PPPA), (GROUP_PKM, PKM), (GROUP_SEKRE, None)):
        subscribe(world, chat_id, MONTHLY, unit)
        subscribe(world, chat_id, QUARTERLY, unit)
    engines = [make_engine(db_url), make_engine(db_url)]
    apps = [build(settings, e, emu, clock) for e in engines]
    try:
        async with apps[0], apps[1]:
            for moment in (H7, H7 + timedelta(seconds=30), H3, H3 + timedelta(minutes=1)):
                clock.now = moment
                reports = await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
                assert sum(r.failed for r in reports) == 0
    finally:
        for engine in engines:
            engine.dispose()
    for group in groups.values():
        assert len(group.messages) == 4  # two rules, H-7 and H-3
    rows = deliveries(world)
    assert len(rows) == 12 and {r.status for r in rows} == {"sent"}
    assert {r.claimed_by for r in rows} <= {reminders.process_id(a) for a in apps}
    sent_ids = {(r.chat_id, r.message_id) for r in rows}
    shown = {(g.id, m["message_id"]) for g in groups.values() for m in g.messages}
    assert sent_ids == shown


# --- /tenggat -----------------------------------------------------------------------------------


async def test_deadlines_list_with_days_left_in_any_chat(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
    groups: dict[str, EmuChat],
) -> None:
    clock.now = datetime(2023, 7, 3, 9, 0, tzinfo=JAKARTA)
    [listing] = await emu.ask(users["budi"], "/tenggat", chat=groups["pppa"])
    text = plain_text(listing)
    assert "Hari ini: Senin, 3 Juli 2023" in text
    assert "Senin, 10 Juli 2023 — 7 hari lagi" in text
    assert f"{MONTHLY_NAME} (Juni 2023)" in text
    assert "Evaluasi hasil Renja per triwulan (Triwulan II 2023)" in text
    assert button_texts(listing) == []  # not an admin: nothing to edit
    [english] = await emu.ask(users["budi"], "/deadlines")
    assert "Senin, 10 Juli 2023" in plain_text(english)


async def test_an_admin_edits_a_rule_with_buttons_and_others_cannot(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
    groups: dict[str, EmuChat],
    world: Engine,
) -> None:
    clock.now = datetime(2023, 7, 3, 9, 0, tzinfo=JAKARTA)
    admin, group = users["admin"], groups["sekre"]
    [listing] = await emu.ask(admin, "/tenggat", chat=group)
    edit_button = f"✏️ {MONTHLY_NAME}"
    assert edit_button in button_texts(listing)
    await emu.click(users["siti"], listing, edit_button)  # a member presses the admin's button
    assert "Hanya admin bot" in (emu.last_answer(users["siti"]) or {}).get("text", "")
    [editor] = await emu.click(admin, listing, edit_button)
    assert "Jatuh tempo: tanggal 10 bulan berikutnya" in plain_text(editor)
    assert "Berikutnya: Senin, 10 Juli 2023 (Juni 2023)" in plain_text(editor)
    [picker] = await emu.click(admin, editor, "📆 Tanggal: 10")
    assert "✅10" in button_texts(picker)
    [editor] = await emu.click(admin, picker, "15")
    assert "tanggal 15 bulan berikutnya" in plain_text(editor)
    # 15 July 2023 is a Saturday: back to Friday by default, on to Monday with "Maju"
    assert "Berikutnya: Jumat, 14 Juli 2023 (Juni 2023)" in plain_text(editor)
    [editor] = await emu.click(admin, editor, "Maju ➡️")
    assert "Berikutnya: Senin, 17 Juli 2023 (Juni 2023)" in plain_text(editor)
    assert "✅ Maju ➡️" in button_texts(editor)
    [editor] = await emu.click(admin, editor, "⏸ Nonaktifkan")
    assert "Status: nonaktif" in plain_text(editor)
    with Session(world) as session:
        rule = rem.rule(session, MONTHLY)
    assert (rule.day, rule.shift, rule.active) == (15, Shift.NEXT, False)
    [listing] = await emu.click(admin, editor, "⬅️ Daftar tenggat")
    assert f"Nonaktif: {MONTHLY_NAME}" in plain_text(listing)
    [editor] = await emu.click(admin, listing, edit_button)
    await emu.click(users["siti"], editor, "▶️ Aktifkan")  # not an admin: refused, unchanged
    assert "Hanya admin bot" in (emu.last_answer(users["siti"]) or {}).get("text", "")
    with Session(world) as session:
        assert rem.rule(session, MONTHLY).active is False


@pytest.mark.parametrize("number", [str(2**31), str(2**63), "²"])
async def test_forged_numbers_in_reminder_buttons_are_stale_not_errors(
    bot: AnyApp,
    emu: BotApiEmulator,
    users: dict[str, EmuUser],
    groups: dict[str, EmuChat],
    world: Engine,
    number: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression: "²" passed isdigit() into int(), and 2**31 reached PostgreSQL's INTEGER."""
    admin, group = users["admin"], groups["pppa"]
    before = (deliveries(world), active(world, GROUP_PPPA))
    with Session(world) as session:
        rule = rem.rule(session, MONTHLY)
        rule_before = (rule.day, rule.shift, rule.active)
    [shown] = await emu.ask(admin, "/pengingat", chat=group)
    panel = group.message(shown["message_id"])  # the emulator's own copy: a modified client
    assert panel is not None
    toggle, unit, leads = views.ReminderToggle, views.ReminderUnit, views.ReminderLeads
    day = views.DeadlineDay
    for data in (  # each button as the bot sends it, with one number replaced
        f"{toggle.prefix}:{toggle.version}|{number}|{MONTHLY}",
        f"{unit.prefix}:{unit.version}|{number}",
        f"{leads.prefix}:{leads.version}|{number}|0",
        f"{leads.prefix}:{leads.version}|{PPPA}|{number}",
        f"{day.prefix}:{day.version}|{number}|{MONTHLY}",
    ):
        panel["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": data}]]}
        await emu.click(admin, panel, "⚑")
        answer = emu.last_answer(admin) or {}
        assert answer.get("show_alert") and answer.get("text") == texts.STALE_BUTTON, data
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert (deliveries(world), active(world, GROUP_PPPA)) == before
    with Session(world) as session:
        rule = rem.rule(session, MONTHLY)
        assert (rule.day, rule.shift, rule.active) == rule_before


async def test_holidays_are_listed_added_by_admins_and_move_deadlines(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, users: dict[str, EmuUser]
) -> None:
    clock.now = datetime(2023, 7, 3, 9, 0, tzinfo=JAKARTA)
    admin, siti = users["admin"], users["siti"]
    [refused] = await emu.ask(siti, "/tenggat libur 2023-07-10 Libur daerah")
    assert "tidak mengizinkan" in plain_text(refused)
    [added] = await emu.ask(admin, "/tenggat libur 2023-07-10 Libur daerah")
    assert "Hari libur ditambahkan: Senin, 10 Juli 2023 — Libur daerah" in plain_text(added)
    [listing] = await emu.ask(siti, "/tenggat libur")
    text = plain_text(listing)
    assert "Senin, 10 Juli 2023 — Libur daerah (ditambahkan admin)" in text
    assert "Kamis, 17 Agustus 2023 — Hari Kemerdekaan Republik Indonesia" in text
    [deadlines] = await emu.ask(siti, "/tenggat")
    assert "Jumat, 7 Juli 2023 — 4 hari lagi" in plain_text(deadlines)
    assert "digeser dari Senin, 10 Juli 2023" in plain_text(deadlines)
    [bad] = await emu.ask(admin, "/tenggat libur 2023-02-30 Tidak ada")
    assert "tidak dikenali" in plain_text(bad)
    [removed] = await emu.ask(admin, "/tenggat libur hapus 2023-07-10")
    assert "dihapus" in plain_text(removed)


def test_wire_is_idempotent(world: Engine, settings: BotSettings) -> None:
    with_token = settings.model_copy(update={"telegram_bot_token": SecretStr("1:x")})
    app = build_application(with_token, world, rate_limiter=False)
    register_area(app, interval=None)
    count = sum(len(h) for h in app.handlers.values())
    register_area(app, interval=None)
    assert sum(len(h) for h in app.handlers.values()) == count
