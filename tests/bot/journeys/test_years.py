"""/tahun (/year): an admin opens or closes a fiscal year from the chat, with a confirmation
button; /lapor without an open year names who can open one. End to end on the emulator; the
seeded database has 2022 only (closed) and the clock says 15 May 2026."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot import texts
from bot.views.years import YearClose, YearOpen
from emulator import button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import AuditLog, BudgetNode, FiscalYear, NodeLevel
from lakip_model.years import open_year
from tests.robustness.test_security import forge, refused
from tests.support.bot import BotEnv


def year_row(engine: Engine, year: int) -> FiscalYear | None:
    with Session(engine) as session:
        return session.exec(select(FiscalYear).where(FiscalYear.year == year)).first()


def sub_activities(engine: Engine, year: int) -> int:
    with Session(engine) as session:
        return session.exec(
            select(func.count())
            .select_from(BudgetNode)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(FiscalYear.year == year, BudgetNode.level == NodeLevel.SUB_KEGIATAN)
        ).one()


async def test_an_admin_opens_a_year_after_confirming(env: BotEnv) -> None:
    emu, admin = env.emu, env.admin
    [listing] = await emu.ask(admin, "/tahun")
    assert "• 2022 — ditutup" in plain_text(listing)
    assert "Buka: /tahun buka 2026 [tahun templat]" in plain_text(listing)
    [ask] = await emu.ask(admin, "/tahun buka 2026")
    rows = sub_activities(env.engine, 2022)
    assert f"Struktur ({rows} sub kegiatan), indikator, pagu dan target disalin dari 2022" in (
        plain_text(ask)
    )
    assert button_texts(ask) == ["✅ Buka 2026", "Batal"]
    assert year_row(env.engine, 2026) is None  # asking wrote nothing
    [done] = await emu.click(admin, ask, "✅ Buka 2026")
    assert plain_text(done).startswith("✅ Tahun 2026 dibuka untuk laporan (struktur dari 2022)")
    fy = year_row(env.engine, 2026)
    assert fy is not None and not fy.closed
    assert sub_activities(env.engine, 2026) == rows
    with Session(env.engine) as session:
        [entry] = session.exec(select(AuditLog).where(AuditLog.action == "buka-tahun")).all()
    assert entry.actor == admin.id
    # the officer can report at once
    [nodes] = await emu.ask(env.operator, "/lapor")
    assert "Lapor realisasi 2026" in plain_text(nodes)
    [again] = await emu.ask(admin, "/year open 2026")
    assert plain_text(again) == "Tahun 2026 sudah ada."
    [listing] = await emu.ask(admin, "/tahun")
    assert "• 2026 — terbuka untuk laporan" in plain_text(listing)
    assert "Buka: /tahun buka 2027" in plain_text(listing)


async def test_cancel_changes_nothing(env: BotEnv) -> None:
    [ask] = await env.emu.ask(env.admin, "/tahun buka 2026 2022")
    [done] = await env.emu.click(env.admin, ask, "Batal")
    assert plain_text(done) == texts.YEAR_CANCELLED and button_texts(done) == []
    assert year_row(env.engine, 2026) is None


async def test_an_admin_closes_a_year_after_confirming(env: BotEnv) -> None:
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    [ask] = await env.emu.ask(env.admin, "/tahun tutup 2026")
    assert "Tutup tahun 2026?" in plain_text(ask)
    fy = year_row(env.engine, 2026)
    assert fy is not None and not fy.closed
    [done] = await env.emu.click(env.admin, ask, "🔒 Tutup 2026")
    assert "Tahun 2026 ditutup" in plain_text(done)
    fy = year_row(env.engine, 2026)
    assert fy is not None and fy.closed
    [again] = await env.emu.ask(env.admin, "/tahun tutup 2026")
    assert plain_text(again) == "Tahun 2026 sudah ditutup."


async def test_wrong_words_get_a_clear_answer(env: BotEnv) -> None:
    emu, admin = env.emu, env.admin
    said = {
        "/tahun hapus 2026": texts.YEARS_USAGE,
        "/tahun buka": texts.YEARS_USAGE,
        "/tahun buka 2026 2022 2021": texts.YEARS_USAGE,
        "/tahun buka 20x6": "Tahun «20x6» tidak valid. Contoh: /tahun buka 2026.",
        "/tahun buka 1990": "Tahun 1990 tidak dapat dipakai: pilih tahun 2000–2100.",
        "/tahun buka 2026 2019": "Tidak ada data untuk tahun 2019. Tahun yang tersedia: 2022.",
        "/tahun tutup 2025": "Tidak ada data untuk tahun 2025. Tahun yang tersedia: 2022.",
        "/tahun tutup 2022": "Tahun 2022 sudah ditutup.",
    }
    for typed, expected in said.items():
        [reply] = await emu.ask(admin, typed)
        assert plain_text(reply) == plain_text(expected), typed
    assert year_row(env.engine, 2026) is None and year_row(env.engine, 1990) is None


async def test_only_admins_in_private(env: BotEnv) -> None:
    emu = env.emu
    for user in (env.kadis, env.operator, env.verifier):
        [reply] = await emu.ask(user, "/tahun buka 2026")
        assert plain_text(reply) == texts.YEARS_ADMIN_ONLY
    group = emu.group(-1004001, "Sekretariat", members=[env.admin])
    [reply] = await emu.ask(env.admin, "/tahun", chat=group)
    assert "chat pribadi" in plain_text(reply)
    # a forged confirmation from a client that is not an admin's: refused by the domain
    for data in (YearOpen(2026, 2022).data(), YearClose(2022).data()):
        answer = await forge(env.emu, env.kadis, data)
        assert refused(answer) and "tidak mengizinkan" in answer["text"]
    assert year_row(env.engine, 2026) is None


async def test_no_open_year_names_who_can_open_it(env: BotEnv) -> None:
    """Regression: the officer was told to run `lakip-bot years open 2026`, a shell command."""
    [reply] = await env.emu.ask(env.operator, "/lapor")
    text = plain_text(reply)
    assert "lakip-bot" not in text and "years open" not in text
    assert text == (
        "Belum ada tahun anggaran yang terbuka untuk laporan. Tahun 2026 dapat dibuka oleh "
        "admin lembaga Anda: Admin 7001. Mintalah mereka membukanya, lalu kirim /lapor lagi."
    )
    [reply] = await env.emu.ask(env.admin, "/lapor")
    assert plain_text(reply).endswith("Sebagai admin, Anda dapat membukanya: /tahun buka 2026.")
