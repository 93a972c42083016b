"""/urungkan: an officer withdraws their own latest entry."""

from __future__ import annotations

from emulator import plain_text
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
