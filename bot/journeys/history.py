"""/riwayat: the entries of a sub-activity, or one's own, newest first, with their decisions.

``/riwayat`` lists the asker's own entries; ``/riwayat <words>`` those of the sub-activity the
words name (a choice of buttons when several match). Entries name officers and their figures,
so they are shown in a private chat only.
"""

from __future__ import annotations

from datetime import tzinfo

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot import commands, texts
from bot.callbacks import expect, pattern
from bot.common import edit, send
from bot.context import App, BotContext
from bot.errors import tell
from bot.views import entries as view
from bot.views.common import Reply
from bot.views.entries import HistoryNode
from lakip_model import ledger, search
from lakip_model.history import agency_node


async def private(update: Update) -> bool:
    """Entries name officers and their figures: never shown in a group."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await tell(update, texts.PRIVATE_ONLY)
        return False
    return True


def _of_node(session: Session, agency_id: int, node_id: int, tz: tzinfo) -> Reply:
    node = agency_node(session, agency_id, node_id)  # a forged button: not found
    rows = ledger.history(session, node_id=node_id)
    return view.history(rows, node, mine=False, tz=tz)


async def history(update: Update, context: BotContext) -> None:
    user = update.effective_user
    assert user is not None
    if not await private(update):
        return
    query = update.callback_query
    node_id = expect(query.data, HistoryNode).node if query is not None else None
    words = " ".join(context.args or []).strip()
    today, tz = context.today(), context.settings.tz

    def listed(session: Session) -> Reply:
        asker = ledger.actor(session, user.id)
        if node_id is not None:
            return _of_node(session, asker.agency_id, node_id, tz)
        if not words:
            rows = ledger.history(session, submitted_by=user.id)
            return view.history(rows, None, mine=True, tz=tz)
        matches = search.rows(ledger.sub_activities(session, asker.agency_id, today), words)
        if not matches:
            return view.history_no_match(words)
        if len(matches) > 1:
            return view.history_choice(words, matches)
        return _of_node(session, asker.agency_id, int(matches[0].id or 0), tz)

    reply = await context.db(listed)
    if query is not None:
        await query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


def register(app: App) -> None:
    app.add_handler(commands.handler("riwayat", history))
    app.add_handler(CallbackQueryHandler(history, pattern=pattern(HistoryNode)))
