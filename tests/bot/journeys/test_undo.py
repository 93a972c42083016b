"""/urungkan: an officer withdraws their own latest entry."""

from __future__ import annotations

from emulator import button_texts, plain_text
from lakip_model.models import EntryKind, EntryStatus
from tests.bot.journeys.conftest import (
    entries,
    save_simple,
)
from tests.support.bot import BotEnv


async def test_undo_own_last_entry(year: BotEnv) -> None:
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    [reply] = await year.emu.ask(year.operator, "/urungkan")
    assert "diurungkan" in plain_text(reply)
    [entry, withdrawal] = entries(year.engine)
    assert entry.status == EntryStatus.DITARIK
    assert withdrawal.kind == EntryKind.WITHDRAWAL and withdrawal.replaces_id == entry.id
    [reply] = await year.emu.ask(year.operator, "/urungkan")
    assert "sudah diurungkan" in plain_text(reply)


async def test_undo_after_approval_offers_a_correction(year: BotEnv) -> None:
    """Regression: /urungkan withdrew an approved entry ("Entri #1 (…) diurungkan; tercatat
    sebagai penarikan"), taking counted figures back without a verification."""
    emu = year.emu
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    await emu.click(year.verifier, emu.private_chat(year.verifier).last_bot_message, "✅ Setujui")
    [reply] = await emu.ask(year.operator, "/urungkan")
    text = plain_text(reply)
    assert "diurungkan; tercatat sebagai penarikan" not in text
    assert "sudah disetujui" in text and "/lapor P7.K2.S1" in text and "Mei 2026" in text
    [entry] = entries(year.engine)
    assert entry.status == EntryStatus.DISETUJUI
    # the correction it points to: /lapor P7.K2.S1 offers to replace May's entry
    [nodes] = await emu.ask(year.operator, "/lapor P7.K2.S1")
    assert "P7.K2.S1" in " ".join(button_texts(nodes))
