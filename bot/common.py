"""Small pieces every journey uses: replies and edits, command arguments, conversations.

Database access, settings, the actor and the clock are on the typed context (``bot.context``).
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler
from telegram.warnings import PTBUserWarning

from bot import callbacks, texts
from bot.callbacks import Button
from bot.commands import Callback
from bot.context import OPENED_AGENCY, App, BotContext
from bot.views.common import Reply, esc, split_message
from lakip_model.city import agency_by_code

B = TypeVar("B", bound=Button)
log = logging.getLogger(__name__)

YEAR_RE = re.compile(r"^(19|20)\d{2}$")


@contextmanager
def per_user_conversation() -> Iterator[None]:
    """Build a ConversationHandler whose state is per user and chat, not per message.

    PTB warns that button presses are then not tracked per message; that is the intent here:
    the buttons of a step carry what they need, and stale ones are answered as stale.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        yield


@dataclass
class Args:
    words: str
    year: int | None


class ArgError(ValueError):
    """A wrong argument; the message is a ready Indonesian reply."""


def parse_args(args: list[str] | None, *, allow_words: bool, example: str) -> Args:
    """Split ``/cmd [words] [year]``: a 4-digit token (first or last) is the year."""
    tokens = list(args or [])
    year = None
    for index in (-1, 0):
        if tokens and YEAR_RE.match(tokens[index]):
            year = int(tokens.pop(index))
            break
    if year is None and tokens and tokens[-1].isdigit() and not allow_words:
        raise ArgError(bad_year(tokens[-1], example))
    if tokens and not allow_words:
        raise ArgError(texts.TOO_MANY_ARGS.format(example=example))
    return Args(" ".join(tokens).strip(), year)


async def command_args(
    update: Update, args: list[str] | None, *, allow_words: bool, example: str
) -> Args | None:
    """The command's arguments, or None after telling the user what was wrong with them."""
    try:
        return parse_args(args, allow_words=allow_words, example=example)
    except ArgError as exc:
        await send(update, str(exc))
        return None


async def read_args(
    update: Update, context: BotContext, *, allow_words: bool, example: str
) -> Args | None:
    """:func:`command_args` of a read command (/ringkasan, /anggaran, /capaian, ...): for a city
    reader an agency's code, first or after the year (``/ringkasan dinkes 2022``), names the
    agency the command reads (:func:`take_agency`)."""
    tokens = list(context.args or [])
    await take_agency(context, tokens)
    return await command_args(update, tokens, allow_words=allow_words, example=example)


async def take_agency(context: BotContext, tokens: list[str]) -> None:
    """Take a city reader's agency code out of ``tokens`` and read that agency: for this update
    (``context.name_agency``) and the ones after it, as /opd opens one, so that the buttons of
    the screen (which carry no agency) read the same agency. Only an agency's exact code is
    taken, never a word that may be a search (/cari perlindungan): names go through /opd.
    Others' tokens are left alone (an agency's code is then a word like any other)."""
    user = context.user
    if user is None or not user.reads_city or context.settings.agency_code or not tokens:
        return
    index = 1 if len(tokens) > 1 and YEAR_RE.match(tokens[0]) else 0
    word = tokens[index]
    if YEAR_RE.match(word) or len(word) > 64:
        return
    found = await context.read(lambda connection: agency_by_code(connection, word))
    if found is None:
        return
    tokens.pop(index)
    context.name_agency(found.code)
    if context.user_data is not None:
        context.user_data[OPENED_AGENCY] = found.code


def bad_year(word: str, example: str) -> str:
    """The reply to a year that is not one: the word quoted back (short), and an example."""
    return texts.BAD_YEAR.format(value=esc(word[:20]), example=example)


async def private_only(update: Update) -> bool:
    """True in a private chat; elsewhere says the command is for private chats only."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    await send(update, texts.PRIVATE_ONLY)
    return False


def add_buttons(app: App, handlers: dict[type[Button], Callback]) -> None:
    """One ``CallbackQueryHandler`` per kind of button, taking that kind's data (stale or not)."""
    for kind, handler in handlers.items():
        app.add_handler(CallbackQueryHandler(handler, pattern=callbacks.pattern(kind)))


def pressed(update: Update, kind: type[B]) -> B:
    """The button of ``kind`` that was pressed, or :class:`bot.callbacks.StaleButton` (which the
    error handler answers) for data that does not decode as one."""
    query = update.callback_query
    return callbacks.expect(query.data if query else None, kind)


async def send(update: Update, reply: Reply | str) -> Message | None:
    """Send a reply to the chat of ``update``, split at Telegram's length limit.

    The keyboard goes on the last part, where the user's thumb is.
    """
    if isinstance(reply, str):
        reply = Reply(reply)
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_message(reply.text)
    last: Message | None = None
    for i, part in enumerate(parts):
        markup = reply.keyboard if i == len(parts) - 1 else None
        last = await chat.send_message(
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_web_page_preview=True,
        )
    return last


async def edit(update: Update, reply: Reply) -> None:
    """Show ``reply`` in place of the message whose button was pressed (drill-down by editing).

    A reply too long for one message is sent as new messages instead.
    """
    query = update.callback_query
    assert query is not None
    parts = split_message(reply.text)
    if len(parts) > 1 or query.message is None or not isinstance(query.message, Message):
        await send(update, reply)
        return
    try:
        await query.message.edit_text(
            reply.text,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.keyboard,
            disable_web_page_preview=True,
        )
    except BadRequest as exc:
        # pressing the same button twice changes nothing, which Telegram reports as an error
        if "not modified" not in str(exc).lower():
            raise
