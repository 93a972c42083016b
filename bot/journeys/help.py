"""/start and /bantuan: what the bot does, and what this user may do with it."""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot import commands
from bot.common import send
from bot.context import App, BotContext
from bot.views import status as status_view
from lakip_model import queries


async def start(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update

    def work(session: Session) -> tuple[str, int | None]:
        try:
            fy = queries.resolve_year(session, None, context.settings.agency_code)
        except queries.YearNotFound:
            return "", None
        agency = session.get(queries.Agency, fy.agency_id)
        return (agency.short_name if agency else ""), fy.year

    agency, year = await context.db(work)
    registered = actor is not None or context.settings.open_read
    await send(update, status_view.start(agency, actor, year, menu=registered))


async def help_command(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update
    agency = context.settings.agency_code
    years = await context.read(lambda connection: queries.available_years(connection, agency))
    await send(update, status_view.help_text(actor, years[-1] if years else None))


def register(app: App) -> None:
    app.add_handler(commands.handler("start", start))
    app.add_handler(commands.handler("bantuan", help_command))
