"""Documents being built: one of a kind per chat at a time, with the upload action shown.

A chart, a workbook or the LKjIP draft takes from a fraction of a second to a few seconds, and
an impatient second tap would build the same file twice and send it twice. So each kind of
document has one build per chat: a request while it is being built is told to wait (not
queued). The builds are kept in the Application's ``BotData.documents_building`` (one process
may run several Applications in tests) and only touched on the event loop, so no lock is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Chat
from telegram.error import TelegramError

from bot.context import App

log = logging.getLogger(__name__)

# Telegram shows a chat action for 5 seconds (or until a message arrives): repeat it before then.
ACTION_EVERY_SECONDS = 4.0

@contextlib.asynccontextmanager
async def claim(app: App, chat_id: int, kind: str) -> AsyncIterator[bool]:
    """Claim the build of a ``kind`` document for a chat: yields False (nothing claimed) when
    one is being built already, else True until the block ends, however it ends."""
    key = (chat_id, kind)
    busy = app.bot_data.documents_building
    if key in busy:
        yield False
        return
    busy.add(key)
    try:
        yield True
    finally:
        busy.discard(key)


@contextlib.asynccontextmanager
async def showing(chat: Chat, action: str) -> AsyncIterator[None]:
    """ "Sending a file…" in the chat now and until the block ends."""
    await chat.send_chat_action(action)

    async def repeat() -> None:
        while True:
            await asyncio.sleep(ACTION_EVERY_SECONDS)
            try:
                await chat.send_chat_action(action)
            except TelegramError as exc:  # a lost action is cosmetic: the file still comes
                log.debug("chat action failed: %s", exc)

    task = asyncio.create_task(repeat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
