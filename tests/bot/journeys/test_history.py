"""/riwayat: one's own entries and a row's, in a private chat only."""

from __future__ import annotations

from emulator import plain_text
from lakip_model.models import EntryStatus
from tests.bot.journeys.conftest import (
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
