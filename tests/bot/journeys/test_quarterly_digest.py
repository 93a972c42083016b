"""The quarterly performance report's reminder and the quarterly digest, end to end (issue 15,
item 5): the real Application on the emulator, on a real database, with a clock the test moves.

Data: tests/support/quarters.py (2026, TW I: three indicators of Bidang PPPA, one of them still
unreported and without a full rencana aksi; one of Bidang PKM, reported; approved Rupiah for
January to March). The Q1 2026 digest goes out Wednesday 1 April 2026 at 08:00 WIB; the Q1
indicator report is due Tuesday 7 April 2026 (H-7: 31 March). The job is disarmed: tests run
its passes (``deliver_due``, ``deliver_digests``) themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.jobs import digest as digest_job
from bot.jobs import reminders
from bot.settings import BotSettings
from emulator import BotApiEmulator, EmuUser, button_texts, plain_text, running
from lakip_model import digest
from lakip_model import reminders as rem
from lakip_model.arithmetic import absorption
from lakip_model.db import make_engine, session_scope
from lakip_model.indicators import quarter_results
from lakip_model.numbers import format_percent, format_rupiah
from tests.support.bot import (
    ADMIN_ID,
    BOT_USERNAME,
    KADIS_ID,
    OPERATOR_ID,
    PEOPLE,
    STRANGER_ID,
    VERIFIER_ID,
    AnyApp,
    Person,
    add_people,
    application,
    emu_users,
    make_settings,
)
from tests.support.quarters import (
    OTHER_PIMPINAN,
    PKM,
    PPPA,
    Q1_DIGEST,
    Q1_DUE,
    SEKRETARIAT,
    Quarter,
    first_quarter,
    other_agency,
)

JSON = dict[str, Any]
KINERJA = "realisasi-kinerja-triwulan"
GROUP_PPPA, GROUP_PKM, GROUP_SEKRE = -1003001, -1003002, -1003003
BEFORE = Q1_DIGEST - timedelta(days=2)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def quarter(engine: Engine) -> Quarter:
    add_people(engine)
    other_agency(engine)
    with session_scope(engine) as session:
        rem.seed_default_rules(session, 1)
    return first_quarter(engine)


@pytest.fixture
def clock() -> Clock:
    return Clock(BEFORE)


@pytest.fixture
def settings(db_url: str) -> BotSettings:
    return make_settings(db_url)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(bot_username=BOT_USERNAME) as emulator:
        yield emulator


@pytest.fixture
def users(emu: BotApiEmulator) -> dict[str, EmuUser]:
    people = {**PEOPLE, "other": Person(OTHER_PIMPINAN, "Kadis Lain")}
    return emu_users(emu, people)


@pytest.fixture
async def bot(
    quarter: Quarter,
    engine: Engine,
    settings: BotSettings,
    emu: BotApiEmulator,
    clock: Clock,
    users: dict[str, EmuUser],
) -> AsyncIterator[AnyApp]:
    app = application(emu, settings, engine, clock=clock)
    reminders.disarm(app)
    async with running(app, emu):
        yield app


def private_texts(emu: BotApiEmulator, telegram_id: int) -> list[str]:
    return [plain_text(m) for m in emu.chat(telegram_id).messages if m["from"]["is_bot"]]


def digests_to(emu: BotApiEmulator, telegram_id: int) -> list[str]:
    return [t for t in private_texts(emu, telegram_id) if t.startswith("📊 Ringkasan")]


def rows(engine: Engine) -> list[rem.Delivery]:
    with Session(engine) as session:
        return rem.deliveries(session)


async def subscribe(emu: BotApiEmulator, user: EmuUser) -> JSON:
    [panel] = await emu.ask(user, "/langganan")
    assert "tidak berlangganan" in plain_text(panel)
    [panel] = await emu.click(user, panel, "🔔 Berlangganan")
    assert "Anda berlangganan" in (emu.last_answer(user) or {}).get("text", "")
    return panel


# --- the indicators' reminder ---------------------------------------------------------------------


async def test_the_quarterly_reminder_names_the_units_missing_indicators(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, engine: Engine
) -> None:
    chats = {GROUP_PPPA: (PPPA, "Bidang PPPA"), GROUP_PKM: (PKM, "Bidang PKM")}
    chats[GROUP_SEKRE] = (SEKRETARIAT, "Sekretariat")
    with session_scope(engine) as session:
        for chat_id, (unit, title) in chats.items():
            emu.group(chat_id, title)
            rem.subscribe(session, ADMIN_ID, chat_id, KINERJA, unit, chat_title=title, now=BEFORE)
    clock.now = Q1_DUE - timedelta(days=7) + timedelta(seconds=20)
    report = await reminders.deliver_due(bot)
    assert (report.sent, report.failed) == (3, 0)
    [pppa] = [plain_text(m) for m in emu.chat(GROUP_PPPA).messages]
    for expected in (
        "Pengingat: Laporan realisasi indikator kinerja triwulan",
        "Periode: Triwulan I 2026",
        "Batas waktu: Selasa, 7 April 2026 (7 hari lagi)",
        "Belum ada realisasi Triwulan I 2026 untuk 1 dari 3 indikator kinerja:",
        "• Persentase anak korban kekerasan yang dilayani",
        "Rencana aksi belum diisi (target per triwulan) untuk 1 indikator:",
        "Mohon segera diisi: Operator PPPA",
    ):
        assert expected in pppa, (expected, pppa)
    assert "Indeks Pembangunan Gender" not in pppa  # reported and planned
    [pkm] = [plain_text(m) for m in emu.chat(GROUP_PKM).messages]
    assert "Semua 1 indikator kinerja sudah dilaporkan untuk Triwulan I 2026" in pkm
    assert "Rencana aksi" not in pkm
    [sekre] = [plain_text(m) for m in emu.chat(GROUP_SEKRE).messages]
    assert "Belum ada indikator kinerja unit ini untuk tahun 2026." in sekre
    assert "Semua" not in sekre  # nothing to report is not "all reported"


# --- the digest -----------------------------------------------------------------------------------


async def test_the_digest_reaches_the_pimpinan_and_a_subscriber_once_with_the_ledgers_figures(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    engine: Engine,
    quarter: Quarter,
    users: dict[str, EmuUser],
    settings: BotSettings,
    db_url: str,
) -> None:
    panel = await subscribe(emu, users["verifier"])
    text = plain_text(panel)
    assert "Status: berlangganan ✅" in text
    assert "Berikutnya: Rabu, 1 April 2026 08:00 WIB (Triwulan I 2026)" in text
    assert "🔕 Berhenti berlangganan" in button_texts(panel)
    [refused] = await emu.ask(users["stranger"], "/langganan")
    assert "belum terdaftar" in plain_text(refused).lower()
    [kadis_panel] = await emu.ask(users["kadis"], "/langganan")
    assert "pimpinan menerimanya tanpa berlangganan" in plain_text(kadis_panel)

    clock.now = Q1_DIGEST - timedelta(seconds=1)
    assert (await digest_job.deliver_digests(bot)).sent == 0
    clock.now = Q1_DIGEST + timedelta(seconds=30)
    report = await digest_job.deliver_digests(bot)
    # two of this agency, and the other agency's Kepala Dinas gets that agency's own digest
    assert (report.sent, report.failed, report.missed) == (3, 0, 0)
    clock.now += timedelta(minutes=2)
    assert (await digest_job.deliver_digests(bot)).sent == 0
    # a restart: another Application (own engine) on the same database sends nothing again
    other = make_engine(db_url)
    try:
        restarted = application(emu, settings, other, clock=clock)
        reminders.disarm(restarted)
        await restarted.initialize()
        try:
            assert (await digest_job.deliver_digests(restarted)).sent == 0
        finally:
            await restarted.shutdown()
    finally:
        other.dispose()

    [kadis] = digests_to(emu, KADIS_ID)
    assert digests_to(emu, VERIFIER_ID) == [kadis]
    for nobody in (OPERATOR_ID, STRANGER_ID):
        assert digests_to(emu, nobody) == []
    [theirs] = digests_to(emu, OTHER_PIMPINAN)  # Dinas Lain has no 2026: nothing of ours
    assert "Dinas Lain" in theirs and "Tahun 2026 belum ada di bot" in theirs
    assert format_rupiah(quarter.approved_q1) not in theirs and "Pagu" not in theirs
    assert {(r.chat_id, r.status) for r in rows(engine)} == {
        (KADIS_ID, "sent"),
        (VERIFIER_ID, "sent"),
        (OTHER_PIMPINAN, "sent"),
    }
    # the figures are the ledger's: the Rupiah approved for January-March, the indicators' TW I
    assert quarter.pagu is not None
    with Session(engine) as session:
        [ipg] = [r for r in quarter_results(session, quarter.fiscal_year_id, 1) if r.key == "ipg"]
    share = absorption(quarter.approved_q1, quarter.pagu)
    for expected in (
        "Ringkasan Triwulan I 2026",
        f"Pagu {format_rupiah(quarter.pagu)}",
        f"Realisasi {format_rupiah(quarter.approved_q1)}",
        f"Serapan {format_percent(share)}",
        "Norma TW I 25%",
        f"Serapan di bawah norma triwulan ({format_percent(share)} dari norma 25%)",
        "Di bawah target: 1 dari 3 indikator yang terukur:",
        f"• Indeks Pembangunan Gender (IKU): 85 dari target 90 (capaian "
        f"{format_percent(ipg.achievement)})",
        "Sub kegiatan tanpa entri realisasi (dari 29): Januari 28, Februari 28, Maret 27",
        "Indikator tanpa realisasi TW I: 16 dari 19",
        "Rencana aksi belum diisi: 16 indikator",
    ):
        assert expected in " ".join(kadis.split()) or expected in kadis, (expected, kadis)
    assert format_percent(ipg.achievement) == "94,44%"


async def test_a_failed_send_is_retried_and_a_dead_claim_taken_over_once(
    bot: AnyApp,
    emu: BotApiEmulator,
    clock: Clock,
    engine: Engine,
    users: dict[str, EmuUser],
    settings: BotSettings,
    db_url: str,
) -> None:
    await subscribe(emu, users["verifier"])
    clock.now = Q1_DIGEST + timedelta(seconds=30)
    with Session(engine) as session:
        plans = digest.due_digests(session, clock.now).send
    [verifier_plan] = [p for p in plans if p.chat_id == VERIFIER_ID]
    assert rem.claim(engine, verifier_plan, "mati:1:dead", clock.now) is not None  # then killed
    emu.fail_next("sendMessage", "502")  # the Kepala Dinas's first attempt
    first = await digest_job.deliver_digests(bot)
    # the dead process's live claim is left alone; the other agency's Kepala Dinas gets theirs
    assert (first.sent, first.retry) == (1, 1)
    assert len(digests_to(emu, OTHER_PIMPINAN)) == 1
    assert digests_to(emu, VERIFIER_ID) == []
    kadis_row = next(r for r in rows(engine) if r.chat_id == KADIS_ID)
    assert kadis_row.status == "retry" and "Bad Gateway" in (kadis_row.error or "")
    # two processes take the next passes together; each digest still goes out once
    other = make_engine(db_url)
    try:
        second = application(emu, settings, other, clock=clock)
        reminders.disarm(second)
        await second.initialize()
        try:
            for step in (timedelta(minutes=2), timedelta(minutes=5), timedelta(minutes=5)):
                clock.now += step
                await asyncio.gather(
                    digest_job.deliver_digests(bot), digest_job.deliver_digests(second)
                )
        finally:
            await second.shutdown()
    finally:
        other.dispose()
    assert len(digests_to(emu, KADIS_ID)) == 1
    assert len(digests_to(emu, VERIFIER_ID)) == 1
    assert len(digests_to(emu, OTHER_PIMPINAN)) == 1
    assert {r.status for r in rows(engine)} == {"sent"}


async def test_unsubscribing_with_the_button_stops_the_digest(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, engine: Engine, users: dict[str, EmuUser]
) -> None:
    operator = users["operator"]
    panel = await subscribe(emu, operator)
    [panel] = await emu.click(operator, panel, "🔕 Berhenti berlangganan")
    assert "tidak berlangganan" in plain_text(panel)
    assert "berhenti" in (emu.last_answer(operator) or {}).get("text", "")
    [kadis_panel] = await emu.ask(users["kadis"], "/langganan")
    await emu.click(users["kadis"], kadis_panel, "🔕 Berhenti berlangganan")
    clock.now = Q1_DIGEST + timedelta(seconds=30)
    assert (await digest_job.deliver_digests(bot)).sent == 1  # the other agency's Kepala Dinas
    assert digests_to(emu, OPERATOR_ID) == [] and digests_to(emu, KADIS_ID) == []
    with Session(engine) as session:
        choices = session.exec(select(rem.DigestSubscription)).all()
    assert {(c.telegram_id, c.subscribed) for c in choices} == {
        (OPERATOR_ID, False),
        (KADIS_ID, False),
    }


async def test_langganan_in_a_group_points_to_the_private_chat(
    bot: AnyApp, emu: BotApiEmulator, users: dict[str, EmuUser]
) -> None:
    group = emu.group(GROUP_PPPA, "Bidang PPPA", members=[users["operator"]])
    [reply] = await emu.ask(users["operator"], "/langganan", chat=group)
    assert "chat pribadi" in plain_text(reply)


async def test_the_job_sends_it_at_start_when_the_quarter_has_begun(
    quarter: Quarter,
    engine: Engine,
    settings: BotSettings,
    emu: BotApiEmulator,
    users: dict[str, EmuUser],
) -> None:
    """The job's first pass at start (as after a restart on the morning of 1 April)."""
    clock = Clock(Q1_DIGEST + timedelta(hours=3))
    app = application(emu, settings, engine, clock=clock)  # the job armed, as in production
    async with running(app, emu):
        deadline = asyncio.get_running_loop().time() + 10
        while not digests_to(emu, KADIS_ID):
            assert asyncio.get_running_loop().time() < deadline, "no digest from the job"
            await asyncio.sleep(0.05)
    assert len(digests_to(emu, KADIS_ID)) == 1
    assert sorted((r.chat_id, r.status) for r in rows(engine) if r.chat_id != OTHER_PIMPINAN) == [
        (KADIS_ID, "sent")
    ]


async def test_the_last_quarters_digest_is_shown_on_demand_with_the_delivered_figures(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, users: dict[str, EmuUser]
) -> None:
    clock.now = Q1_DIGEST + timedelta(seconds=30)
    await digest_job.deliver_digests(bot)
    [delivered] = digests_to(emu, KADIS_ID)
    clock.now = Q1_DIGEST + timedelta(days=10)  # still in TW II: the last quarter is TW I
    operator = users["operator"]
    [panel] = await emu.ask(operator, "/langganan")
    [shown] = await emu.click(operator, panel, "👁 Lihat ringkasan triwulan lalu")
    assert plain_text(shown) == delivered
    [refused] = await emu.ask(users["stranger"], "/langganan")
    assert button_texts(refused) == []


async def test_tenggat_counts_the_missing_indicators_beside_their_deadline(
    bot: AnyApp, emu: BotApiEmulator, clock: Clock, users: dict[str, EmuUser]
) -> None:
    clock.now = Q1_DIGEST + timedelta(days=2)  # Friday 3 April: TW I's report due Tuesday
    [listed] = await emu.ask(users["kadis"], "/tenggat")
    text = plain_text(listed)
    assert "Laporan realisasi indikator kinerja triwulan (Triwulan I 2026)" in text
    assert "Tanpa realisasi: 16 dari 19 indikator kinerja (/capaian)" in text
    [public] = await emu.ask(users["stranger"], "/tenggat")
    assert "indikator kinerja triwulan" in plain_text(public)
    assert "dari 19 indikator" not in plain_text(public)  # counts are for the agency's people
