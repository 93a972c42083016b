"""/start and /bantuan: what the bot does, and what this user may do with it now.

The list comes from the command table (``bot.commands.offered``): a reader, an officer, a
verifikator, an admin and an unregistered person each see what they may use, and a group sees
the group commands.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType

from bot import commands
from bot.common import send
from bot.context import App, BotContext
from bot.views import status as status_view
from lakip_model import queries


def _in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != ChatType.PRIVATE


async def start(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update
    agency_code = context.agency_code

    def work(session: Session) -> tuple[str, int | None]:
        try:
            fy = queries.resolve_year(session, None, agency_code)
        except queries.YearNotFound:
            return "", None
        agency = session.get(queries.Agency, fy.agency_id)
        return (agency.short_name if agency else ""), fy.year

    agency, year = await context.db(work)
    reply = status_view.start(
        agency, actor, year, open_read=context.settings.open_read, group=_in_group(update)
    )
    await send(update, reply)


async def help_command(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update
    agency = context.agency_code
    year = await context.read(lambda connection: queries.default_year(connection, agency))
    text = status_view.help_text(
        actor, year, open_read=context.settings.open_read, group=_in_group(update)
    )
    await send(update, text)


def register(app: App) -> None:
    app.add_handler(commands.handler("start", start))
    app.add_handler(commands.handler("bantuan", help_command))
