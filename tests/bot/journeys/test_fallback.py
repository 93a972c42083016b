"""What no journey takes: unknown commands, /batal with nothing open, plain text."""

from __future__ import annotations

from bot import texts
from emulator import plain_text
from tests.support.bot import BotEnv


async def test_unknown_command_and_plain_text(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/entahlah")
    assert "tidak dikenal" in plain_text(reply)
    [reply] = await env.emu.ask(env.kadis, "halo bot")
    assert "/bantuan" in plain_text(reply)


async def test_cancel_with_nothing_open_is_not_an_unknown_command(env: BotEnv) -> None:
    """Regression: /batal outside /lapor was answered "Perintah /batal tidak dikenal"."""
    [reply] = await env.emu.ask(env.kadis, "/batal")
    assert plain_text(reply) == texts.NOTHING_TO_CANCEL
