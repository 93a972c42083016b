"""/urungkan: an officer withdraws their own latest entry within the undo window.

Nothing is deleted: the domain records a withdrawal that points at the entry.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot import commands
from bot.common import send
from bot.context import App, BotContext
from bot.journeys.history import private
from bot.views import entries as view
from lakip_model import ledger


async def undo(update: Update, context: BotContext) -> None:
    user = update.effective_user
    assert user is not None
    if not await private(update):
        return

    def withdrawn(session: Session) -> str:
        entry = ledger.withdraw_last(session, user.id)
        return view.undone_text(entry, ledger.node_of(session, entry))

    await send(update, await context.db(withdrawn))


def register(app: App) -> None:
    app.add_handler(commands.handler("urungkan", undo))
