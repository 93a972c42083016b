"""Verification: the verifikators of the entry's agency decide it, a rejection with a reason."""

from __future__ import annotations

from emulator import plain_text
from lakip_model.models import EntryStatus
from seed.demo import generate, telegram_id
from tests.bot.journeys.conftest import (
    entries,
    save_simple,
)
from tests.support.bot import BotEnv


async def test_rejection_with_reason_reaches_the_officer(year: BotEnv) -> None:
    emu = year.emu
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    review = emu.private_chat(year.verifier).last_bot_message
    assert review is not None
    # an operator pressing the verifikator's button is refused
    await emu.click(year.operator_pkm, review, "❌ Tolak")
    assert "tidak mengizinkan" in (emu.last_answer(year.operator_pkm) or {}).get("text", "")
    [ask] = await emu.click(year.verifier, review, "❌ Tolak")
    assert "alasan" in plain_text(ask).lower()
    await emu.ask(year.verifier, "Bukti kwitansi belum ada")
    told = emu.private_chat(year.operator).last_bot_message
    assert told is not None and "Bukti kwitansi belum ada" in plain_text(told)
    [entry] = entries(year.engine)
    assert entry.status == EntryStatus.DITOLAK
    await emu.click(year.verifier, review, "✅ Setujui")  # too late: already decided
    assert "sudah ditolak" in (emu.last_answer(year.verifier) or {}).get("text", "")


async def test_entries_reach_only_the_verifikators_of_their_agency(year: BotEnv) -> None:
    """Regression: on a city-wide database every agency's verifikators got every new entry."""
    emu = year.emu
    generate(year.engine, agencies=1, years=1)  # demo-001, with its own verifikator and admin
    others = [emu.user(telegram_id(1, n), f"Demo {n}") for n in (0, 2)]
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    review = emu.private_chat(year.verifier).last_bot_message
    assert review is not None and "perlu verifikasi" in plain_text(review)
    for other in others:
        assert emu.private_chat(other).texts() == []
