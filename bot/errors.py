"""One place where failures become answers: domain refusals as the user's sentence, bugs as an
apology, never silence and never a traceback.

Journeys let :class:`lakip_model.errors.DomainError` and :class:`bot.callbacks.StaleButton`
propagate; :func:`on_error`, the Application's error handler, answers them. A journey that must
do more than answer (stay in a step, offer a retry) catches the error and words it with
:func:`describe`.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from telegram import Update
from telegram.error import TelegramError

from bot import texts
from bot.callbacks import StaleButton
from bot.context import BotContext
from bot.texts.errors import ERRORS, UNWORDED
from bot.views.common import MAX_ALERT, clip, esc
from lakip_model.errors import DomainError

log = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")


def describe(exc: DomainError) -> str:
    """The user's sentence for a domain refusal (HTML: every value from ``data`` is escaped)."""
    template = ERRORS.get(exc.code)
    if template is None:
        log.error("no sentence for the domain error %s", exc)
        return UNWORDED
    return template.format(**{key: _shown(value) for key, value in exc.data.items()})


def _shown(value: Any) -> Any:
    return value if isinstance(value, int | float) else esc(value)


async def tell(update: Update, text: str) -> None:
    """An answer where the user is looking: an alert on a button press, else a message."""
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(clip(_plain(text), MAX_ALERT), show_alert=True)
            return
        except TelegramError:
            # Most handlers answer a press first, so this fails as "already answered"; the
            # user still needs to hear that the step did not go through: say it in the chat.
            pass
    if update.effective_chat is not None:
        await update.effective_chat.send_message(text, parse_mode="HTML")


def _plain(text: str) -> str:
    """Alerts are plain text: drop the tags and undo the escaping of an HTML sentence."""
    return html.unescape(_TAG.sub("", text))


async def on_error(update: object, context: BotContext) -> None:
    """The Application's error handler: word refusals, log and apologise for everything else."""
    error = context.error
    if not isinstance(update, Update):
        log.error("error outside an update", exc_info=error)
        return
    try:
        if isinstance(error, StaleButton):
            await tell(update, texts.STALE_BUTTON)
        elif isinstance(error, DomainError):
            await tell(update, describe(error))
        else:
            log.error("error while handling an update", exc_info=error)
            await tell(update, texts.ERROR)
    except Exception:  # the network may be what failed; the log already has the cause
        log.warning("could not tell the user about the error", exc_info=True)
