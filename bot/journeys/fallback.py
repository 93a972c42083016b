"""Answers for everything no journey handled, and for failures: never silence, never a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import commands, texts
from bot.common import send
from bot.context import App, BotContext
from bot.views import common as ui

log = logging.getLogger(__name__)

# PTB runs at most one handler per group, the first that matches: registered last in the
# journeys' group, these run only when no journey's handler took the update.
FALLBACK_GROUP = 0


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    command = (message.text or "").split()[0]
    name, _, addressee = command.partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the same group
    await send(update, ui.unknown_command(name))


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/batal when no /lapor or rejection reason is open: it is a known command, say so."""
    await send(update, texts.NOTHING_TO_CANCEL)


async def not_a_command(update: Update, context: BotContext) -> None:
    """A private message that is neither a command nor text (a sticker, a location) gets a
    hint; text is a question (``bot.journeys.ask``); in groups the bot stays quiet."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    await send(update, texts.UNSUPPORTED_MESSAGE)


async def stale_button(update: Update, context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


def register(app: App) -> None:
    app.add_handler(commands.handler("batal", nothing_to_cancel), group=FALLBACK_GROUP)
    # A channel has no one to answer (and a post there is not addressed to the bot).
    any_command = filters.COMMAND & ~filters.UpdateType.CHANNEL_POSTS
    app.add_handler(MessageHandler(any_command, unknown_command), group=FALLBACK_GROUP)
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.UpdateType.EDITED, not_a_command
        ),
        group=FALLBACK_GROUP,
    )
    app.add_handler(CallbackQueryHandler(stale_button), group=FALLBACK_GROUP)
