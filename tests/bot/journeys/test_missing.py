"""/belumlapor (who has not reported), its count in /tenggat, and the admin's reminder preview,
end to end on the emulator. The clock says Friday 15 May 2026; 2026 is open with 2022's tree, so
May's report is due Wednesday 10 June 2026 and April's was due Friday 8 May (10 May is a
Sunday). Expected counts are counted here from the rows, not taken from the bot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot import texts
from bot.jobs import reminders as job
from bot.views.common import short
from bot.views.reminders import ReminderPreview
from emulator import EmuChat, plain_text
from lakip_model import reminders as rem
from lakip_model.db import session_scope
from lakip_model.deadlines import JAKARTA
from lakip_model.models import (
    BudgetNode,
    EntryStatus,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
)
from lakip_model.users import agency_id_of, unit_by_code
from lakip_model.years import open_year
from tests.robustness.test_security import forge, refused
from tests.support.bot import ADMIN_ID, OPERATOR_ID, BotEnv, fixed_now

GROUP = -1003001
MONTHLY = "realisasi-bulanan"


class Clock:
    """The bot's clock (15 May 2026 09:00 WIB); a test moves it."""

    def __init__(self) -> None:
        self.now = fixed_now()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(engine: Engine) -> Engine:
    """The default deadline rules and 2026 open with 2022's tree, before the bot starts."""
    with session_scope(engine) as session:
        rem.seed_default_rules(session, agency_id_of(session, None))
        open_year(session, 2026, 2022)
    return engine


class Row(NamedTuple):
    id: int
    unit_id: int | None
    label: str  # as listed: the name, cut to two phone lines


def rows_2026(engine: Engine) -> list[Row]:
    with Session(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        nodes = session.exec(
            select(BudgetNode)
            .where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.SUB_KEGIATAN)
            .order_by(col(BudgetNode.sort_order), col(BudgetNode.id))
        ).all()
        return [Row(int(n.id or 0), n.unit_id, short(n.name, 80)) for n in nodes]


def unit_id(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        return int(unit_by_code(session, code).id or 0)


def report(engine: Engine, row: Row, month: int, status: EntryStatus) -> None:
    with session_scope(engine) as session:
        session.add(
            RealizationEntry(
                node_id=row.id,
                year=2026,
                month=month,
                amount=1_000_000,
                status=status,
                source="telegram",
            )
        )


def urls(message: dict[str, Any]) -> list[str]:
    return [e.get("url", "") for e in message.get("entities", [])]


async def test_the_kadis_sees_who_has_not_reported_by_unit(world: Engine, env: BotEnv) -> None:
    rows = rows_2026(env.engine)
    pppa = [r for r in rows if r.unit_id == unit_id(env.engine, "bidang-pppa")]
    report(env.engine, pppa[0], 5, EntryStatus.DIAJUKAN)  # submitted counts as reported
    report(env.engine, pppa[1], 5, EntryStatus.DITOLAK)  # a rejected one does not
    [reply] = await env.emu.ask(env.kadis, "/belumlapor")
    text = plain_text(reply)
    assert "Belum lapor realisasi Mei 2026" in text
    assert "Tenggat: Rabu, 10 Juni 2026 (26 hari lagi)" in text
    assert f"{len(rows) - 1} dari {len(rows)} sub kegiatan belum ada entri." in text
    assert f"Bidang PPPA — {len(pppa) - 1} dari {len(pppa)} belum" in text
    block = text.split("Bidang PPPA —")[1].split("\n\n")[0]
    assert pppa[0].label not in block and pppa[1].label in block
    assert "Petugas: Operator PPPA" in block
    # in private, the officer is a mention: a tap opens a chat with them
    assert f"tg://user?id={OPERATOR_ID}" in urls(reply)


async def test_every_unit_is_listed_or_ticked(world: Engine, env: BotEnv) -> None:
    rows = rows_2026(env.engine)
    pkm_id = unit_id(env.engine, "bidang-pkm")
    pkm = [r for r in rows if r.unit_id == pkm_id]
    for row in pkm:
        report(env.engine, row, 4, EntryStatus.DISETUJUI)
    [reply] = await env.emu.ask(env.verifier, "/belumlapor april")
    text = plain_text(reply)
    assert "Belum lapor realisasi April 2026" in text
    assert "Tenggat: Jumat, 8 Mei 2026 (terlambat 7 hari)" in text
    assert f"✅ Bidang PKM — semua {len(pkm)} sudah lapor" in text
    # a unit without a registered operator says so (Bidang KHPKK has none in the tests)
    khpkk = text.split("Bidang KHPKK —")[1].split("\n\n")[0]
    assert texts.MISSING_NO_OFFICER in khpkk


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("maret", "Belum lapor realisasi Maret 2026"),
        ("3", "Belum lapor realisasi Maret 2026"),
        ("2026-03", "Belum lapor realisasi Maret 2026"),
        ("Maret 2026", "Belum lapor realisasi Maret 2026"),
        ("bulan lalu", "Belum lapor realisasi April 2026"),
        ("bulan ini", "Belum lapor realisasi Mei 2026"),
        ("des", "Tahun 2025 belum dibuka"),  # December without a year: last December
        ("2022-03", "Tahun 2022 sudah ditutup"),
        ("2026-12", "Desember 2026 belum berjalan"),
        ("13", "Bulan «13» tidak dikenali. Contoh: maret, 3, 2026-03 atau bulan lalu."),
        ("besok pagi", "Bulan «besok pagi» tidak dikenali"),
    ],
)
async def test_the_month_as_people_type_it(
    world: Engine, env: BotEnv, typed: str, said: str
) -> None:
    [reply] = await env.emu.ask(env.admin, f"/belumlapor {typed}")
    assert said in plain_text(reply)


async def test_the_english_alias(world: Engine, env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/missing march")
    assert "Belum lapor realisasi Maret 2026" in plain_text(reply)


async def test_operators_and_strangers_are_refused(world: Engine, env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.operator, "/belumlapor")
    assert plain_text(reply) == (
        "/belumlapor untuk pimpinan, verifikator dan admin. Entri Anda sendiri: /riwayat."
    )
    [reply] = await env.emu.ask(env.stranger, "/belumlapor")
    assert "Sub kegiatan" not in plain_text(reply) and "daftar" in plain_text(reply)


async def test_a_group_sees_names_only(world: Engine, env: BotEnv) -> None:
    group = env.emu.group(GROUP, "Rapat Pimpinan", members=[env.kadis, env.operator])
    [reply] = await env.emu.ask(env.kadis, "/belumlapor", chat=group)
    text = plain_text(reply)
    assert "Petugas: Operator PPPA" in text
    assert not any(url.startswith("tg://user") for url in urls(reply))
    assert str(OPERATOR_ID) not in text and "Rp" not in text


async def test_tenggat_shows_the_count_beside_the_monthly_deadline(
    world: Engine, env: BotEnv
) -> None:
    rows = rows_2026(env.engine)
    report(env.engine, rows[0], 5, EntryStatus.DIAJUKAN)
    [reply] = await env.emu.ask(env.kadis, "/tenggat")
    text = plain_text(reply)
    expected = f"Belum lapor: {len(rows) - 1} dari {len(rows)} sub kegiatan (/belumlapor)"
    assert text.count("Belum lapor:") == 1  # May; June has not begun
    may = text.split("(Mei 2026)")[1].split("•")[0]
    assert expected in may
    [listed] = await env.emu.ask(env.kadis, "/belumlapor")
    assert f"{len(rows) - 1} dari {len(rows)} sub kegiatan belum ada entri." in plain_text(listed)
    # an unregistered reader of the public deadlines sees no figures of the agency
    [public] = await env.emu.ask(env.stranger, "/tenggat")
    assert "Belum lapor" not in plain_text(public)


async def test_an_admin_previews_a_groups_next_reminder(
    world: Engine, env: BotEnv, clock: Clock
) -> None:
    emu, engine = env.emu, env.engine
    group = emu.group(GROUP, "Bidang PPPA", members=[env.operator])
    with session_scope(engine) as session:
        rem.subscribe(
            session,
            ADMIN_ID,
            GROUP,
            MONTHLY,
            unit_id(engine, "bidang-pppa"),
            chat_title="Bidang PPPA",
            now=clock.now,
        )
    [listing] = await emu.ask(env.admin, "/pengingat")
    assert "• Bidang PPPA — 1 tenggat" in plain_text(listing)
    [preview] = await emu.click(env.admin, listing, "Bidang PPPA")
    shown = plain_text(preview)
    assert "Pratinjau untuk «Bidang PPPA»" in shown
    assert "Dikirim Rabu, 3 Juni 2026 08:00 WIB" in shown  # H-7 of Wednesday 10 June
    # the job sends, at that instant, exactly the text previewed
    clock.now = datetime(2026, 6, 3, 8, 0, 30, tzinfo=JAKARTA)
    sent_report = await job.deliver_due(env.app)  # type: ignore[arg-type]
    assert sent_report.sent == 1
    sent = plain_text(group.messages[-1])
    assert "Pengingat: Laporan realisasi fisik dan keuangan bulanan" in sent
    assert shown.endswith("\n" + sent)
    [back] = await emu.click(env.admin, preview, texts.BUTTON_PREVIEW_BACK)
    assert "Grup dengan pengingat" in plain_text(back)


async def test_only_an_admin_previews(world: Engine, env: BotEnv) -> None:
    emu = env.emu
    with session_scope(env.engine) as session:
        sub = rem.subscribe(session, ADMIN_ID, GROUP, MONTHLY, None, chat_title="Semua")
        sub_id = int(sub.id or 0)
    [reply] = await emu.ask(env.kadis, "/pengingat")
    assert plain_text(reply) == texts.REMINDERS_GROUP_ONLY
    # a forged preview button from the kadis's client
    answer = await forge(emu, env.kadis, ReminderPreview(sub_id).data())
    assert refused(answer) and "tidak mengizinkan" in answer["text"]
    chat: EmuChat = emu.private_chat(env.kadis)
    assert not any("Pratinjau" in plain_text(m) for m in chat.messages)
