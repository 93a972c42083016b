"""/grafik and /ekspor end to end: a photo drawn in a child process, a workbook with the figures."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from emulator import plain_text
from tests.support.bot import BotEnv


async def test_chart_is_a_photo_with_upload_action(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.kadis, "/grafik")
    assert any(c["action"] == "upload_photo" for c in emu.calls_of("sendChatAction"))
    assert len(emu.calls_of("sendPhoto")) == 1
    chat = emu.private_chat(env.kadis)
    sent = chat.last_bot_message
    assert sent is not None and "photo" in sent
    data = emu.file_bytes(sent["photo"][-1]["file_id"])
    assert data.startswith(b"\x89PNG")
    assert "2022" in (sent.get("caption") or "")


async def test_export_workbook_figures(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.kadis, "/ekspor 2022")
    assert any(c["action"] == "upload_document" for c in emu.calls_of("sendChatAction"))
    sent = emu.private_chat(env.kadis).last_bot_message
    assert sent is not None and sent["document"]["file_name"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(emu.file_bytes(sent["document"]["file_id"])))
    finance = book["Realisasi Anggaran"]
    rows = [[c.value for c in row] for row in finance.iter_rows()]
    total = next(r for r in rows if r[2] == "Jumlah Keseluruhan" or r[0] == "Jumlah Keseluruhan")
    assert 5_993_530_294 in total and 5_296_423_659 in total
    gaji = next(r for r in rows if r[2] and str(r[2]).strip().startswith("Penyediaan Gaji"))
    assert 2_757_062_981 in gaji and 2_575_016_019 in gaji
    measurement = [[c.value for c in row] for row in book["Pengukuran Kinerja"].iter_rows()]
    pengaduan = next(r for r in measurement if r[1] and "Pengaduan Masyarakat" in str(r[1]))
    assert Decimal(str(pengaduan[-1])) == Decimal("96.67")


async def test_export_takes_the_renja_evaluations_quarter(env: BotEnv) -> None:
    """/ekspor [tahun] [tw]: the quarter of the Renja evaluation sheet, as the CLI's --tw."""
    emu = env.emu
    await emu.ask(env.kadis, "/ekspor 2022 tw2")
    sent = emu.private_chat(env.kadis).last_bot_message
    assert sent is not None and "document" in sent
    book = load_workbook(io.BytesIO(emu.file_bytes(sent["document"]["file_id"])))
    assert str(book["Evaluasi Renja"]["A1"].value).endswith("s.d. triwulan II")
    [refused] = await emu.ask(env.kadis, "/ekspor 2022 semua")
    assert "tw2" in plain_text(refused) and "document" not in (refused or {})
    assert len(emu.calls_of("sendDocument")) == 1
