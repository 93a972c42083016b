"""Updates per second: a cheap command of the bot against a bare echo bot, on the same harness.

Both are python-telegram-bot Applications polling the same kind of emulator with concurrent
updates; the echo bot has one handler that replies with the text it got. A burst of updates from
many users is queued at once, and the rate is the number of replies over the time from the first
update queued to the last reply. Rounds alternate between the bots.

A third bot, for diagnosis, echoes with the bot's own reply (the same HTML text): the emulator
runs in the same process and parses every reply, so a long reply costs the harness too.

Each round starts a fresh Application, and a warm-up burst in which every reader sends once
comes before the measured one: a user's first update in a process also sets their command menu
(one more request), once per process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.harness import SETTLE, live_bot
from bench.scenarios import Scenario
from emulator import BotApiEmulator, EmuUser, running

CHEAP_COMMAND = "/bantuan"


@dataclass
class Throughput:
    command: str
    updates: int
    bot: list[float] = field(default_factory=list)  # updates per second, one per round
    echo: list[float] = field(default_factory=list)
    echo_same_reply: list[float] = field(default_factory=list)


async def _burst(emu: BotApiEmulator, users: list[EmuUser], text: str, count: int) -> float:
    """Queue ``count`` updates round-robin over ``users``; replies per second until the last."""
    since = emu.mark()
    started = time.monotonic()
    for index in range(count):
        await emu.send_text(users[index % len(users)], text)

    def sent() -> list[Any]:
        return [o for o in emu.outputs_since(since) if o.kind == "send"]

    await emu.wait_for(lambda: len(sent()) >= count, timeout=120, interval=0.01)
    last = max(o.at for o in sent())
    return count / (last - started)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    reply: dict[str, Any] | None = context.bot_data.get("reply")
    if reply is None:
        await update.message.reply_text(update.message.text or "")
    else:
        await update.message.reply_text(reply["text"], parse_mode=reply.get("parse_mode"))


async def _echo_round(
    people: dict[int, str], count: int, warmup: int, reply: dict[str, Any] | None = None
) -> float:
    async with BotApiEmulator(settle=SETTLE) as emu:
        users = [emu.user(user_id, name) for user_id, name in people.items()]
        app: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(emu.token)
            .base_url(emu.base_url)
            .base_file_url(emu.base_file_url)
            .concurrent_updates(True)
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT, _echo))
        if reply is not None:
            app.bot_data["reply"] = reply
        async with running(app, emu):
            await _burst(emu, users, CHEAP_COMMAND, warmup)
            return await _burst(emu, users, CHEAP_COMMAND, count)


async def _bot_round(
    scenario: Scenario, db_path: Path, readers: dict[int, str], count: int, warmup: int
) -> tuple[float, dict[str, Any]]:
    """The bot's rate, and the parameters of one of its replies (for the third echo bot)."""
    async with live_bot(scenario, db_path, people=list(readers)) as live:
        users = [live.emu.users[user_id] for user_id in readers]
        await _burst(live.emu, users, CHEAP_COMMAND, warmup)
        rate = await _burst(live.emu, users, CHEAP_COMMAND, count)
        sent = live.emu.calls_of("sendMessage")[-1]
        return rate, {"text": sent["text"], "parse_mode": sent.get("parse_mode")}


async def measure(
    scenario: Scenario, db_path: Path, readers: dict[int, str], count: int, rounds: int
) -> Throughput:
    """``rounds`` alternating rounds of ``count`` updates each (after a warm-up burst)."""
    result = Throughput(CHEAP_COMMAND, count)
    # Every reader once at least: a registered user's first update in a process sets their
    # command menu (one setMyCommands, once per process: bot.access._refresh_menu), which is
    # not what a cheap command costs from then on.
    warmup = max(20, count // 10, len(readers))
    for _ in range(rounds):
        rate, reply = await _bot_round(scenario, db_path, readers, count, warmup)
        result.bot.append(rate)
        result.echo.append(await _echo_round(readers, count, warmup))
        result.echo_same_reply.append(await _echo_round(readers, count, warmup, reply))
    return result
