"""Answers for everything no journey handled, and for failures: never silence, never a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot import render, texts
from bot.common import send

log = logging.getLogger(__name__)

# PTB runs at most one handler per group, the first that matches: registered last in the
# journeys' group, these run only when no journey's handler took the update.
FALLBACK_GROUP = 0


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    command = (message.text or "").split()[0]
    name, _, addressee = command.partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the same group
    await send(update, texts.UNKNOWN_COMMAND.format(command=render.esc(render.short(name, 40))))


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/batal when no /lapor or rejection reason is open: it is a known command, say so."""
    await send(update, texts.NOTHING_TO_CANCEL)


async def not_a_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private chats get a hint; in groups the bot stays quiet unless spoken to."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    message = update.effective_message
    if message is not None and message.text is not None:
        await send(update, texts.NOT_A_COMMAND)
    else:
        await send(update, texts.UNSUPPORTED_MESSAGE)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is redacted by the logging filter) and tell the user."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.ERROR[:190], show_alert=True)
            return
        except TelegramError:
            # Most handlers answer a press first, so this fails as "already answered"; the
            # user still needs to hear that the step did not go through: say it in the chat.
            pass
    try:
        if update.effective_chat is not None:
            await update.effective_chat.send_message(texts.ERROR)
    except Exception:  # the network may be what failed; the log already has the cause
        log.warning("could not tell the user about the error", exc_info=True)


def register(app: Application) -> None:
    from telegram.ext import CallbackQueryHandler, CommandHandler

    app.add_handler(CommandHandler(["batal", "cancel"], nothing_to_cancel), group=FALLBACK_GROUP)
    # A channel has no one to answer (and a post there is not addressed to the bot).
    commands = filters.COMMAND & ~filters.UpdateType.CHANNEL_POSTS
    app.add_handler(MessageHandler(commands, unknown_command), group=FALLBACK_GROUP)
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.UpdateType.EDITED, not_a_command
        ),
        group=FALLBACK_GROUP,
    )
    app.add_handler(CallbackQueryHandler(stale_button), group=FALLBACK_GROUP)
    app.add_error_handler(on_error)
