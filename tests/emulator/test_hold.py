"""Holding a request: the emulator keeps the bot's next matching call waiting until the test
releases it (served as usual) or drops it (its connection closed unanswered, nothing applied)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import NetworkError
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from emulator import BotApiEmulator, running

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Simpan", callback_data="simpan")]])


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


async def test_a_held_edit_is_applied_only_when_released(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    sent = await bot.send_message(kadis.id, "Periksa", reply_markup=KEYBOARD)
    held = emu.hold("editMessageText", chat=kadis.id)
    editing = asyncio.create_task(bot.edit_message_text("Tersimpan", kadis.id, sent.message_id))
    params = await held.arrival(timeout=5)
    assert params["text"] == "Tersimpan" and held.arrived
    assert emu.calls_of("editMessageText") == [params]  # it arrived (and is recorded) …
    await asyncio.sleep(0.2)
    assert not editing.done()  # … but the bot is still waiting for its answer
    assert emu.private_chat(kadis).texts() == ["Periksa"]  # and nothing of it is applied
    held.release()
    edited = await asyncio.wait_for(editing, 5)
    assert edited.text == "Tersimpan"  # type: ignore[union-attr]
    assert emu.private_chat(kadis).texts() == ["Tersimpan"]
    assert held.outcome == "released" and emu.stats["held"] == 1


async def test_a_dropped_request_is_not_applied_and_only_the_next_one_is_held(
    emu: BotApiEmulator, bot: Bot
) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    sent = await bot.send_message(kadis.id, "Periksa", reply_markup=KEYBOARD)
    held = emu.hold("editMessageText", chat=kadis)
    editing = asyncio.create_task(bot.edit_message_text("Tersimpan", kadis.id, sent.message_id))
    await held.arrival(timeout=5)
    held.drop()
    with pytest.raises(NetworkError):
        await asyncio.wait_for(editing, 5)
    chat = emu.private_chat(kadis)
    assert chat.texts() == ["Periksa"] and chat.messages[-1]["reply_markup"]  # untouched
    # the hold caught one request: the bot's retry goes through
    await bot.edit_message_text("Tersimpan", kadis.id, sent.message_id)
    assert chat.texts() == ["Tersimpan"]


async def test_only_the_matching_request_is_held(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    staf = emu.user(1003, "Staf")
    held = emu.hold("sendMessage", chat=kadis, where=lambda p: "Tersimpan" in str(p.get("text")))
    await bot.send_message(staf.id, "Tersimpan")  # another chat
    await bot.send_message(kadis.id, "Langkah 6/6")  # another text
    await bot.edit_message_text("diubah", kadis.id, 1)  # another method
    assert not held.arrived
    sending = asyncio.create_task(bot.send_message(kadis.id, "✅ Tersimpan #3"))
    assert (await held.arrival(timeout=5))["text"] == "✅ Tersimpan #3"
    assert emu.private_chat(kadis).texts() == ["diubah"]
    held.release()
    await asyncio.wait_for(sending, 5)
    assert emu.private_chat(kadis).texts() == ["diubah", "✅ Tersimpan #3"]


async def test_a_hold_that_nothing_matches_times_out(emu: BotApiEmulator) -> None:
    held = emu.hold("answerCallbackQuery")
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="answercallbackquery"):
        await held.arrival(timeout=0.2)
    assert time.monotonic() - started < 2


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text("Tersimpan")


async def test_waiting_for_quiet_does_not_wait_for_a_held_request(emu: BotApiEmulator) -> None:
    """A held request is the test's doing, not the bot's work in progress: ``click`` and
    ``idle`` return while it is held, and the press is answered without the edit."""
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CallbackQueryHandler(pressed))
    kadis = emu.user(1001, "Kepala Dinas")
    async with running(app, emu):
        sent = await app.bot.send_message(kadis.id, "Periksa", reply_markup=KEYBOARD)
        held = emu.hold("editMessageText", chat=kadis)
        replies = await emu.click(kadis, sent, "Simpan", timeout=5)
        answer = emu.last_answer(kadis)
        assert held.arrived and answer is not None and answer["text"] is None
        assert replies == []  # the answer was the press's only output so far
        await emu.idle(timeout=5)
        held.release()
        await emu.wait_for(lambda: emu.private_chat(kadis).texts() == ["Tersimpan"], timeout=5)


async def test_closing_drops_what_is_held() -> None:
    emu = BotApiEmulator(bot_username="LakipBinjaiBot")
    await emu.start()
    async with Bot(emu.token, base_url=emu.base_url) as client:
        kadis = emu.user(1001, "Kepala Dinas")
        held = emu.hold("sendMessage", chat=kadis)
        waiting = emu.hold("deleteMessage")  # never arrives
        sending = asyncio.create_task(client.send_message(kadis.id, "x"))
        await held.arrival(timeout=5)
        started = time.monotonic()
        await emu.close()
        assert time.monotonic() - started < 3  # not stuck on the held request
        with pytest.raises(NetworkError):
            await asyncio.wait_for(sending, 5)
    assert held.outcome == waiting.outcome == "dropped"
    assert emu.private_chat(kadis).messages == []
