"""/start, /bantuan and the command menu."""

from __future__ import annotations

from emulator import plain_text
from tests.support.bot import BotEnv


async def test_start_says_what_this_user_may_do(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.operator, "/start")
    assert "/lapor" in plain_text(reply) and "Operator" in plain_text(reply)
    [reply] = await env.emu.ask(env.stranger, "/start")
    assert "/daftar" in plain_text(reply)


async def test_command_menu_registered_in_indonesian(env: BotEnv) -> None:
    commands = {c["command"] for c in env.emu.commands_for()}
    assert {"ringkasan", "anggaran", "lapor", "bantuan"} <= commands
