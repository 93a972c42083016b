"""/tahun (/year): an admin opens or closes a fiscal year from the chat, with a confirmation
button; /lapor without an open year names who can open one. End to end on the emulator; the
seeded database has 2022 only (closed) and the clock says 15 May 2026."""

from __future__ import annotations

from emulator import plain_text
from tests.support.bot import BotEnv


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
