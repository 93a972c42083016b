"""/belumlapor [bulan] (/missing): the leadership asks who has not reported a month.

Per unit of the asker's agency: the sub-activities without a realization entry for the month and
their officers, beside the month's deadline. The month is what people type ("maret", "3",
"2026-03", "bulan lalu"); without one, the month whose report is due next, which is the month
the groups' next reminder chases (``rem.reporting_month``). Pimpinan, verifikator and admin may
ask (checked by the domain, in the read's transaction), in a private chat or a group; a group
sees the officers' names only, as in its reminders.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType

from bot import commands
from bot.common import send
from bot.context import App, BotContext
from bot.views import missing as view
from bot.views.common import Reply
from lakip_model import reminders as rem
from lakip_model.numbers import parse_month


async def missing_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    words, today = " ".join(context.args or []), context.today()
    period = parse_month(words, today) if words else None  # a wrong month: its sentence
    in_group = chat.type != ChatType.PRIVATE

    def work(session: Session) -> Reply:
        report = rem.missing_reports(session, user.id, today, period)
        return view.missing_reply(report, today, in_group=in_group)

    await send(update, await context.db(work))


def register(app: App) -> None:
    app.add_handler(commands.handler("belumlapor", missing_command))
