"""/riwayat: one's own entries and a row's, in a private chat only."""

from __future__ import annotations

from datetime import datetime

from emulator import plain_text
from lakip_model.deadlines import JAKARTA
from lakip_model.models import EntryStatus
from lakip_model.numbers import format_date
from tests.bot.journeys.conftest import (
    button,
    entries,
    save_simple,
)
from tests.support.bot import BotEnv


async def test_history_of_own_entries_and_of_a_row(year: BotEnv) -> None:
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    [mine] = await year.emu.ask(year.operator, "/riwayat")
    assert "Rp 1.000.000" in plain_text(mine) and "menunggu verifikasi" in plain_text(mine)
    [row] = await year.emu.ask(year.kadis, "/riwayat pengaduan masyarakat")
    assert "Rp 1.000.000" in plain_text(row) and "Siti" in plain_text(row)


async def test_entries_are_never_listed_in_a_group(year: BotEnv) -> None:
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    group = year.emu.group(-100778, "Grup Dinas", members=[year.operator, year.verifier])
    for user, command in (
        (year.operator, "/riwayat"),
        (year.operator, "/urungkan"),
        (year.verifier, "/verifikasi"),
    ):
        [reply] = await year.emu.ask(user, f"{command}@LakipBinjaiBot", chat=group)
        assert "chat pribadi" in plain_text(reply)
        assert "Rp 1.000.000" not in plain_text(reply)
    assert entries(year.engine)[0].status == EntryStatus.DIAJUKAN  # /urungkan did nothing


async def test_history_dates_every_entry_and_marks_the_replaced_one(year: BotEnv) -> None:
    """Regression: an entry replaced by a correction read "✅ disetujui" like the one that
    counts, and no entry said when it was sent."""
    emu, op = year.emu, year.operator
    await save_simple(year, op, "P7.K2.S1", "1000000")
    await emu.click(year.verifier, emu.private_chat(year.verifier).last_bot_message, "✅ Setujui")
    [nodes] = await emu.ask(op, "/lapor")
    [months] = await emu.click(op, nodes, button(nodes, "P7.K2.S1"))
    [offer] = await emu.click(op, months, button(months, "• Mei 2026"))
    await emu.click(op, offer, "Ganti (koreksi)")
    await emu.ask(op, "3")
    [ask_note] = await emu.ask(op, "1,2 jt")
    [ask_photo] = await emu.click(op, ask_note, "Lewati ➡️")
    [confirm] = await emu.click(op, ask_photo, "Lewati ➡️")
    await emu.click(op, confirm, "💾 Simpan")
    first, correction = entries(year.engine)

    def block(text: str, entry_id: int | None) -> str:
        return next(b for b in text.split("\n\n") if b.startswith(f"#{entry_id} "))

    [mine] = await emu.ask(op, "/riwayat")
    sent = format_date(datetime.now(JAKARTA).date())  # entries carry the real time they were sent
    for entry in (first, correction):
        assert f"Dikirim: {sent}" in block(plain_text(mine), entry.id)
    assert f"Koreksi #{correction.id} menunggu verifikasi" in block(plain_text(mine), first.id)
    await emu.click(year.verifier, emu.private_chat(year.verifier).last_bot_message, "✅ Setujui")
    [mine] = await emu.ask(op, "/riwayat")
    assert f"Diganti koreksi #{correction.id}" in block(plain_text(mine), first.id)
    assert "Diganti" not in block(plain_text(mine), correction.id)


async def test_history_of_another_agencys_row_is_not_shown(year: BotEnv) -> None:
    """Regression: a forged /riwayat button showed any agency's row, names and figures."""
    from bot.views.entries import HistoryNode
    from seed.demo import generate, telegram_id
    from tests.bot.journeys.conftest import node_id

    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    forged = HistoryNode(node_id(year.engine, "P7.K2.S1")).data()
    generate(year.engine, agencies=1, years=1)
    emu = year.emu
    other = emu.user(telegram_id(1, 0), "Admin Demo")
    [listed] = await emu.ask(other, "/riwayat")
    emu.private_chat(other).message(listed["message_id"])["reply_markup"] = {
        "inline_keyboard": [[{"text": "forged", "callback_data": forged}]]
    }
    await emu.click(other, listed, "forged")
    assert "tidak ditemukan" in (emu.last_answer(other) or {}).get("text", "")
    assert all("Rp 1.000.000" not in t for t in emu.private_chat(other).texts())
    [words] = await emu.ask(other, "/riwayat pengaduan masyarakat")
    assert "Rp 1.000.000" not in plain_text(words) and "Siti" not in plain_text(words)
