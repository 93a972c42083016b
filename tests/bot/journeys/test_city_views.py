"""The city's views end to end (issue 18, item 2): a Bappeda reader on the emulator ranks the
agencies (/peringkat), opens one (/opd, its buttons, a code in a read command), lists who is late
city-wide (/belumlapor) and the city group receives the quarter's digest once; an agency's own
people are refused all of it, and a city role is refused every write.

Data: the 2022 report (dp3am-binjai, the people of tests/support/bot.py, ADMIN_ID a super
admin) and two synthetic agencies with 2025 and 2026 (seed.demo). Expected figures are computed
here from each agency's own budget tree, not taken from the ranking.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

import seed.demo as demo
from bot.jobs import city_digest
from bot.jobs import reminders as reminder_job
from bot.views.city import AgencyOpen, RankBy, RankShow
from emulator import EmuUser, button_texts, plain_text
from lakip_model import reminders as rem
from lakip_model.arithmetic import absorption
from lakip_model.db import make_engine, session_scope
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    EntryStatus,
    NodeLevel,
    RealizationEntry,
    Role,
)
from lakip_model.numbers import format_percent
from lakip_model.queries import budget_tree, resolve_year
from lakip_model.users import set_user
from tests.robustness.test_security import forge
from tests.support.bot import BotEnv, application, bot_on_emulator, make_settings
from tests.support.quarters import Q1_DIGEST

JSON = dict[str, Any]
BAPPEDA_ID = 7200
PLAIN_ADMIN_ID = 7201  # an admin of the report's agency, not a super admin
CITY_GROUP = -1005001
CITY_GROUP_2 = -1005002
DEMO = ("demo-001", "demo-002")


@pytest.fixture
def city_env(env: BotEnv) -> tuple[BotEnv, EmuUser, EmuUser]:
    demo.generate(env.engine, 2, 2)
    with session_scope(env.engine) as session:
        set_user(session, None, BAPPEDA_ID, Role.BAPPEDA, name="Bappeda Kota")
        set_user(session, None, PLAIN_ADMIN_ID, Role.ADMIN, name="Admin OPD")
    bappeda = env.emu.user(BAPPEDA_ID, "Bappeda")
    plain_admin = env.emu.user(PLAIN_ADMIN_ID, "Admin OPD")
    return env, bappeda, plain_admin


def name_of(engine: Engine, code: str) -> str:
    with Session(engine) as session:
        return session.exec(select(Agency.short_name).where(Agency.code == code)).one()


def absorption_of(engine: Engine, code: str, year: int, quarter: int | None = None) -> str:
    with Session(engine) as session:
        fy = resolve_year(session, year, code)
        months = frozenset(range(1, 3 * quarter + 1)) if quarter else None
        root = budget_tree(session, fy, months).root
        return format_percent(absorption(root.realized, root.pagu))


async def test_peringkat_both_rankings_with_the_norm(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    env, bappeda, _ = city_env
    emu = env.emu
    [overview] = await emu.ask(bappeda, "/peringkat 2026 tw2")
    text = plain_text(overview)
    assert "Peringkat OPD s.d. TW II 2026" in text
    assert "Norma serapan s.d. TW II: 50%" in text
    for code in DEMO:
        assert f"{name_of(env.engine, code)} — {absorption_of(env.engine, code, 2026, 2)}" in text
    assert "Capaian IKU" in text
    # the report's agency has no 2026: said so, not ranked
    assert "Tidak ada data tahun 2026: DP3AM Kota Binjai" in text
    assert "1. DP3AM" not in text and "2. DP3AM" not in text
    [ordered] = await emu.click(bappeda, overview, "💰 Urut serapan")
    assert "Urut serapan anggaran" in plain_text(ordered)
    first = next(b for b in button_texts(ordered) if b.startswith("1. "))
    [opened] = await emu.click(bappeda, ordered, first)
    opened_text = plain_text(opened)
    assert first.removeprefix("1. ")[:20] in opened_text.splitlines()[0]  # whose screen it is
    assert "Ringkasan 2026" in opened_text


async def test_opd_opens_an_agency_for_the_reads_after_it(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    env, bappeda, _ = city_env
    emu = env.emu
    [listed] = await emu.ask(bappeda, "/opd")
    assert "Pilih OPD" in plain_text(listed)
    assert {name_of(env.engine, c) for c in DEMO} <= set(button_texts(listed))
    [pick] = await emu.ask(bappeda, "/opd medan")  # both synthetic agencies are of Medan
    assert "Beberapa OPD cocok" in plain_text(pick)
    demo2 = name_of(env.engine, "demo-002")
    [summary] = await emu.click(bappeda, pick, demo2)
    lines = plain_text(summary).splitlines()
    assert demo2 in lines[0] and "demo-002" in lines[0]
    [capaian] = await emu.ask(bappeda, "/capaian")  # the opened agency, still said whose
    assert "demo-002" in plain_text(capaian).splitlines()[0]
    [home] = await emu.ask(bappeda, "/opd kembali")
    assert "Kembali ke OPD Anda" in plain_text(home)
    [own] = await emu.ask(bappeda, "/ringkasan")
    assert "Ringkasan 2022" in plain_text(own) and "demo-00" not in plain_text(own)
    [unknown] = await emu.ask(bappeda, "/opd zzqx")
    assert "tidak ditemukan" in plain_text(unknown)
    with session_scope(env.engine) as session:
        session.add(Agency(code="dinas-baru", name="Dinas Baru", short_name="DB", region="Kota"))
    [empty] = await emu.ask(bappeda, "/opd dinas-baru")  # no year yet: said so, whose it is
    assert "dinas-baru" in plain_text(empty).splitlines()[0]
    assert "belum punya data" in plain_text(empty)


async def test_read_commands_take_an_agency_code(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    env, bappeda, _ = city_env
    emu = env.emu
    [summary] = await emu.ask(bappeda, "/ringkasan demo-001 2025")
    text = plain_text(summary)
    assert "demo-001" in text.splitlines()[0] and "Ringkasan 2025" in text
    assert absorption_of(env.engine, "demo-001", 2025) in text
    [budget] = await emu.ask(bappeda, "/anggaran 2026 demo-002")
    assert "demo-002" in plain_text(budget).splitlines()[0]
    # the Kepala Dinas of the report's agency: a code is no agency for them, only a word
    [kadis] = await emu.ask(env.kadis, "/ringkasan demo-001")
    assert "demo-001" not in plain_text(kadis).splitlines()[0]
    assert "tidak memakai kata tambahan" in plain_text(kadis)


async def test_belumlapor_city_wide(city_env: tuple[BotEnv, EmuUser, EmuUser]) -> None:
    env, bappeda, _ = city_env
    with session_scope(env.engine) as session:
        for agency in session.exec(select(Agency)):
            rem.seed_default_rules(session, int(agency.id or 0))
    [reply] = await env.emu.ask(bappeda, "/belumlapor")
    text = plain_text(reply)
    assert "seluruh OPD" in text
    assert "Tanpa tahun anggaran berjalan: 1 OPD." in text  # the report's agency: no 2026
    # the Kepala Dinas still gets their own agency's list
    [own] = await env.emu.ask(env.kadis, "/belumlapor")
    assert "seluruh OPD" not in plain_text(own)


async def test_agency_people_are_refused_the_city(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    env, _, plain_admin = city_env
    emu = env.emu
    for person in (env.kadis, plain_admin, env.operator, env.verifier):
        for command in ("/peringkat", "/opd demo-001", "/opd"):
            [reply] = await emu.ask(person, command)
            assert "untuk Bappeda, Inspektorat, Wali Kota" in plain_text(reply), command
        # forged buttons: a ranking page, opening another agency
        with Session(env.engine) as session:
            other = session.exec(select(Agency.id).where(Agency.code == "demo-001")).one()
        for data in (RankShow(2026, 0, RankBy.ABSORPTION, 0).data(), AgencyOpen(other).data()):
            answer = await forge(emu, person, data)
            assert answer["show_alert"] and "untuk Bappeda" in answer["text"], data
        [own] = await emu.ask(person, "/ringkasan")  # still their own agency's
        assert "Ringkasan 2022" in plain_text(own) and "demo-00" not in plain_text(own)


async def test_super_admin_reads_the_city(city_env: tuple[BotEnv, EmuUser, EmuUser]) -> None:
    env, _, _ = city_env
    [reply] = await env.emu.ask(env.admin, "/peringkat 2025")
    assert "Peringkat OPD tahun 2025" in plain_text(reply)
    # an admin of their own agency too: /belumlapor is theirs, the city's with "kota"
    [own] = await env.emu.ask(env.admin, "/belumlapor")
    assert "seluruh OPD" not in plain_text(own)
    [city_wide] = await env.emu.ask(env.admin, "/belumlapor kota")
    assert "seluruh OPD" in plain_text(city_wide)


WRITES = ("/lapor", "/verifikasi", "/urungkan", "/rencanaaksi", "/impor", "/tahun", "/pengguna")


async def test_city_role_is_refused_every_write(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    env, bappeda, _ = city_env

    def written() -> tuple[int, int]:
        with Session(env.engine) as session:
            entries = session.exec(select(func.count()).select_from(RealizationEntry)).one()
            users = session.exec(select(func.count()).select_from(AppUser)).one()
            return entries, users

    before = written()
    for command in WRITES:
        replies = await env.emu.ask(bappeda, command)
        text = " ".join(plain_text(m) for m in replies)
        assert "tidak mengizinkan" in text or "Hanya admin" in text, (
            command,
            text,
        )
        assert not any(button_texts(m) for m in replies), (command, text)
    assert written() == before


async def test_city_role_cannot_undo_what_it_sent_as_operator(
    city_env: tuple[BotEnv, EmuUser, EmuUser],
) -> None:
    """Regression: /urungkan checked only that the user was registered, so an operator made a
    Bappeda reader could still withdraw the entry they had submitted minutes before."""
    env, bappeda, _ = city_env
    with session_scope(env.engine) as session:
        node = session.exec(
            select(BudgetNode).where(BudgetNode.level == NodeLevel.SUB_KEGIATAN)
        ).first()
        assert node is not None
        entry = RealizationEntry(
            node_id=node.id,
            year=2022,
            month=5,
            amount=1_000_000,
            status=EntryStatus.DIAJUKAN,
            source="telegram",
            submitted_by=BAPPEDA_ID,
        )
        session.add(entry)
        session.flush()
        entry_id = entry.id
    [reply] = await env.emu.ask(bappeda, "/urungkan")
    assert "tidak mengizinkan" in plain_text(reply)
    with Session(env.engine) as session:
        assert session.get(RealizationEntry, entry_id).status == EntryStatus.DIAJUKAN  # type: ignore[union-attr]
        assert not session.exec(
            select(RealizationEntry).where(RealizationEntry.replaces_id == entry_id)
        ).all()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_city_digest_goes_to_the_city_group_once(engine: Engine, db_url: str) -> None:
    """Due at 08:00 WIB on 1 April 2026: a failed first send (502) is retried, and two
    processes taking the passes together still send it once to each city group."""
    demo.generate(engine, 2, 2)
    settings = make_settings(db_url, LAKIP_CITY_CHAT_IDS=f"{CITY_GROUP},{CITY_GROUP_2}")
    clock = Clock(Q1_DIGEST - timedelta(minutes=1))
    async with bot_on_emulator(settings, engine, clock=clock) as bot:
        reminder_job.disarm(bot.app)
        groups = [bot.emu.group(c, "Kota") for c in (CITY_GROUP, CITY_GROUP_2)]
        early = await city_digest.deliver_city_digests(bot.app)
        assert early.sent == 0  # not due yet
        clock.now = Q1_DIGEST + timedelta(minutes=1)
        bot.emu.fail_next("sendMessage", "502")
        first = await city_digest.deliver_city_digests(bot.app)
        assert (first.sent, first.retry) == (1, 1)
        other = make_engine(db_url)
        try:
            second = application(bot.emu, settings, other, clock=clock)
            reminder_job.disarm(second)
            await second.initialize()
            try:
                for step in (timedelta(minutes=2), timedelta(minutes=5)):
                    clock.now += step
                    await asyncio.gather(
                        city_digest.deliver_city_digests(bot.app),
                        city_digest.deliver_city_digests(second),
                    )
            finally:
                await second.shutdown()
        finally:
            other.dispose()
        await bot.emu.idle()
        sent = [[m for m in g.messages if m["from"]["is_bot"]] for g in groups]
    assert [len(s) for s in sent] == [1, 1]
    text = plain_text(sent[0][0])
    assert "Ringkasan kota TW I 2026" in text
    assert "Norma serapan s.d. TW I: 25%" in text
    for code in DEMO:
        assert absorption_of(engine, code, 2026, 1) in text
    with Session(engine) as session:
        rows = [
            (d.chat_id, d.period_key, d.status)
            for d in rem.deliveries(session)
            if d.rule_code == "ringkasan-kota"
        ]
    assert sorted(rows) == sorted(
        [(CITY_GROUP, "2026-Q1", "sent"), (CITY_GROUP_2, "2026-Q1", "sent")]
    )
