"""An admin's Excel import in the chat: preview first, Simpan writes all of it, nothing before;
only admins, only private chats; a bad file gets its problems and changes nothing."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from emulator import button_texts
from lakip_model import queries
from lakip_model.db import session_scope
from lakip_model.models import (
    Agency,
    BudgetNode,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorPlan,
    RealizationEntry,
    Role,
    Unit,
)
from lakip_model.users import admin_ids, set_user
from lakip_model.years import open_year
from seed.workbook import columns as C
from seed.workbook.book import read_book
from seed.workbook.writer import book_bytes
from tests.support.bot import BotEnv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


IMPORTED = (Agency, Unit, FiscalYear, BudgetNode, Indicator, IndicatorPlan, RealizationEntry)


def snapshot(engine: Engine) -> dict[str, object]:
    """Rows of every table an import writes, and the pagu of every row."""
    with Session(engine) as session:
        counts: dict[str, object] = {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in IMPORTED
        }
        counts["pagu"] = session.exec(select(func.sum(BudgetNode.pagu))).one()
        return counts


def dpa_2026(env: BotEnv) -> bytes:
    """2026 opened from 2022, and its DPA: one sub-activity's pagu changed."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2026))
    row = next(r for r in book.rows(C.BUDGET) if r["key"] == "P1.K1.S1")
    row["pagu"] = 987_654_321
    return book_bytes(book)


def pagu(env: BotEnv, key: str) -> int | None:
    with Session(env.engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        return session.exec(
            select(BudgetNode.pagu).where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == key)
        ).one()


async def test_preview_then_save(env: BotEnv) -> None:
    emu, data = env.emu, dpa_2026(env)
    before = pagu(env, "P1.K1.S1")
    await emu.send_document(env.admin, data, file_name="dpa-2026.xlsx", mime_type=XLSX)
    await emu.idle()
    preview = emu.private_chat(env.admin).last_bot_message
    assert preview is not None
    text = preview["text"]
    assert "Pratinjau impor" in text and "tahun 2026: perbarui DPA" in text
    assert "P1.K1.S1 pagu: " in text and "→ Rp 987.654.321" in text
    assert "Anggaran 53" in text
    assert pagu(env, "P1.K1.S1") == before  # nothing before Simpan
    await emu.send_document(env.admin, data, file_name="dpa-2026.xlsx", mime_type=XLSX)
    await emu.idle()
    second = emu.private_chat(env.admin).last_bot_message
    stale = await emu.click(env.admin, preview, "✅ Simpan")  # an older preview's button
    assert "sudah tidak berlaku" in stale[-1]["text"]
    assert pagu(env, "P1.K1.S1") == before
    [done] = await emu.click(env.admin, second, "✅ Simpan")
    assert "Impor tersimpan" in done["text"]
    assert pagu(env, "P1.K1.S1") == 987_654_321
    with Session(env.engine) as session:
        assert queries.year_status(session, queries.resolve_year(session, 2026)).copied_from is None


async def test_cancel_writes_nothing(env: BotEnv) -> None:
    emu, data = env.emu, dpa_2026(env)
    before = snapshot(env.engine)
    await emu.send_document(env.admin, data, file_name="dpa.xlsx", mime_type=XLSX)
    await emu.idle()
    preview = emu.private_chat(env.admin).last_bot_message
    [cancelled] = await emu.click(env.admin, preview, "Batal")
    assert "dibatalkan" in cancelled["text"]
    assert snapshot(env.engine) == before


async def test_a_bad_file_gets_its_problems(env: BotEnv) -> None:
    emu = env.emu
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    book.rows(C.BUDGET)[11]["pagu"] = "banyak"
    before = snapshot(env.engine)
    await emu.send_document(env.admin, book_bytes(book), file_name="x.xlsx", mime_type=XLSX)
    await emu.idle()
    reply = emu.private_chat(env.admin).last_bot_message
    assert reply is not None
    assert "Lembar Anggaran, baris 14, kolom Pagu (Rp): bukan angka" in reply["text"]
    assert "tidak ada yang diubah" in reply["text"] and not button_texts(reply)
    await emu.send_document(env.admin, b"not a zip", file_name="y.xlsx", mime_type=XLSX)
    await emu.idle()
    assert "bukan berkas Excel" in (emu.private_chat(env.admin).last_bot_message or {})["text"]
    assert snapshot(env.engine) == before


async def test_only_admins_import(env: BotEnv) -> None:
    emu, data = env.emu, dpa_2026(env)
    before = snapshot(env.engine)
    for person in (env.kadis, env.operator, env.stranger):
        await emu.send_document(person, data, file_name="dpa.xlsx", mime_type=XLSX)
        await emu.idle()
        reply = emu.private_chat(person).last_bot_message
        assert reply is not None and "Hanya admin" in reply["text"], reply["text"]
    await emu.ask(env.kadis, "/impor")
    assert snapshot(env.engine) == before


async def test_the_template_button_and_the_export_read_back(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.admin, "/impor")
    how = emu.private_chat(env.admin).last_bot_message
    assert how is not None and "Kirim berkas .xlsx" in how["text"]
    await emu.click(env.admin, how, "📄 Unduh templat")
    sent = emu.private_chat(env.admin).last_bot_message
    assert sent is not None and sent["document"]["file_name"] == "templat-lakip.xlsx"
    template = load_workbook(io.BytesIO(emu.file_bytes(sent["document"]["file_id"])))
    assert template[C.BUDGET.name].cell(1, 10).value == "Pagu (Rp)"
    assert template[C.FORMAT_SHEET].cell(2, 2).value == C.FORMAT_VERSION
    # the /ekspor file is the format: sent back, it is read (2022 is closed: refused, clearly)
    await emu.ask(env.admin, "/ekspor 2022")
    export = emu.private_chat(env.admin).last_bot_message
    assert export is not None
    data = emu.file_bytes(export["document"]["file_id"])
    await emu.send_document(env.admin, data, file_name="lakip.xlsx", mime_type=XLSX)
    await emu.idle()
    reply = emu.private_chat(env.admin).last_bot_message
    assert reply is not None and "tahun 2022 sudah ditutup" in reply["text"]


async def test_entries_from_the_chat_wait_for_a_verifikator(env: BotEnv) -> None:
    emu = env.emu
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    book.meta.update(year=2027, closed=False)
    book.sheets[C.ENTRIES.name] = book.rows(C.ENTRIES)[:2]
    await emu.send_document(env.admin, book_bytes(book), file_name="2027.xlsx", mime_type=XLSX)
    await emu.idle()
    preview = emu.private_chat(env.admin).last_bot_message
    assert preview is not None and "menunggu verifikasi" in preview["text"]
    await emu.click(env.admin, preview, "✅ Simpan")
    with Session(env.engine) as session:
        statuses = session.exec(
            select(RealizationEntry.status).where(RealizationEntry.year == 2027)
        ).all()
    assert statuses == [EntryStatus.DIAJUKAN, EntryStatus.DIAJUKAN]


async def test_a_group_upload_is_not_an_import(env: BotEnv) -> None:
    emu, data = env.emu, dpa_2026(env)
    group = emu.group(-1002100, "Grup PPPA", members=[env.admin, env.kadis])
    before = snapshot(env.engine)
    await emu.send_document(env.admin, data, file_name="d.xlsx", mime_type=XLSX, chat=group)
    await emu.idle()
    assert group.last_bot_message is None
    assert snapshot(env.engine) == before


async def test_a_file_of_another_agency_is_refused_in_the_chat(env: BotEnv) -> None:
    """An agency's admin (not a super admin) imports into their own agency only."""
    emu = env.emu
    with session_scope(env.engine) as session:
        set_user(session, None, 7010, Role.ADMIN, name="Admin DP3AM")
    admin = emu.user(7010, "Admin DP3AM")
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    book.rows(C.AGENCY)[0]["code"] = "dinas-lain"
    before = snapshot(env.engine)
    await emu.send_document(admin, book_bytes(book), file_name="lain.xlsx", mime_type=XLSX)
    await emu.idle()
    reply = emu.private_chat(admin).last_bot_message
    assert reply is not None and "untuk lembaga «dinas-lain», bukan lembaga Anda" in reply["text"]
    assert snapshot(env.engine) == before


async def test_a_super_admin_adds_an_agency_by_its_workbook(env: BotEnv) -> None:
    """A super admin's workbook of a new agency is imported; the agency has no admin yet, so its
    registrations go to the super admins until one is appointed (/instansi)."""
    emu = env.emu
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    book.rows(C.AGENCY)[0]["code"] = "dinas-baru"
    await emu.send_document(env.admin, book_bytes(book), file_name="baru.xlsx", mime_type=XLSX)
    await emu.idle()
    preview = emu.private_chat(env.admin).last_bot_message
    assert preview is not None and "lembaga baru" in preview["text"], preview["text"]
    [done] = await emu.click(env.admin, preview, "✅ Simpan")
    assert "Impor tersimpan" in done["text"] and "/instansi admin dinas-baru" in done["text"]
    with Session(env.engine) as session:
        agency = session.exec(select(Agency).where(Agency.code == "dinas-baru")).one()
        assert admin_ids(session, int(agency.id or 0)) == []


async def test_a_huge_file_is_refused_before_it_is_downloaded(env: BotEnv) -> None:
    emu = env.emu
    since = len(emu.calls_of("getFile"))
    await emu.send_document(
        env.admin, b"PK" + b"\0" * (C.MAX_BYTES + 10), file_name="besar.xlsx", mime_type=XLSX
    )
    await emu.idle()
    reply = emu.private_chat(env.admin).last_bot_message
    assert reply is not None and "terlalu besar (5,1 MB); batasnya 5 MB" in reply["text"]
    assert len(emu.calls_of("getFile")) == since  # not even downloaded


async def test_a_new_agencys_workbook_brings_its_first_admin(env: BotEnv) -> None:
    """The optional sheet Pengguna: its admin administers the new agency at once."""
    emu = env.emu
    with Session(env.engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    book.rows(C.AGENCY)[0]["code"] = "dinas-baru"
    book.rows(C.USERS).append(
        {"_row": 3, "telegram_id": 8001, "name": "Admin Baru", "role": "admin", "unit": None}
    )
    await emu.send_document(env.admin, book_bytes(book), file_name="baru.xlsx", mime_type=XLSX)
    await emu.idle()
    preview = emu.private_chat(env.admin).last_bot_message
    assert preview is not None and "Pengguna 1" in preview["text"], preview["text"]
    assert "pengguna baru: Admin Baru (8001) sebagai admin" in preview["text"]
    await emu.click(env.admin, preview, "✅ Simpan")
    [listing] = await emu.ask(emu.user(8001, "Admin Baru"), "/pengguna")
    assert "Admin Baru — Admin" in button_texts(listing)
    with Session(env.engine) as session:
        agency = session.exec(select(Agency).where(Agency.code == "dinas-baru")).one()
        assert admin_ids(session, int(agency.id or 0)) == [8001]
