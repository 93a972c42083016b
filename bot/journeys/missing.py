"""/belumlapor [bulan] (/missing): the leadership asks who has not reported a month.

Per unit of the asker's agency: the sub-activities without a realization entry for the month and
their officers, beside the month's deadline. The month is what people type ("maret", "3",
"2026-03", "bulan lalu"); without one, the month whose report is due next, which is the month
the groups' next reminder chases (``rem.reporting_month``). Pimpinan, verifikator and admin may
ask (checked by the domain, in the read's transaction), in a private chat or a group; a group
sees the officers' names only, as in its reminders.

A city role asks for the city: every agency with what it still owes, by unit
(``lakip_model.city.late``), paged; so does a super admin with ``/belumlapor kota`` (without
it, their own agency's list, as any admin's). No officer is named there: the city chases
agencies, the agencies their people.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType

from bot import commands, texts
from bot.common import add_buttons, edit, pressed, send
from bot.context import App, BotContext
from bot.views import city as city_view
from bot.views import missing as view
from bot.views.city import CityLatePage
from bot.views.common import Reply
from lakip_model import city
from lakip_model import reminders as rem
from lakip_model.models import CITY_ROLES
from lakip_model.numbers import parse_month


async def missing_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    args, today = list(context.args or []), context.today()
    reader = context.user
    # a city role asks for the city; a super admin, an admin of their own agency too, with
    # "/belumlapor kota"
    city_wide = bool(args) and args[0].lower() in texts.CITY_LATE_WORDS
    if city_wide:
        args = args[1:]
    words = " ".join(args)
    period = parse_month(words, today) if words else None  # a wrong month: its sentence
    in_group = chat.type != ChatType.PRIVATE
    if reader is not None and (reader.role in CITY_ROLES or (city_wide and reader.reads_city)):
        await send(update, await _city(context, user.id, today, period, 0))
        return

    def work(session: Session) -> Reply:
        report = rem.missing_reports(session, user.id, today, period)
        return view.missing_reply(report, today, in_group=in_group)

    await send(update, await context.db(work))


async def _city(
    context: BotContext, asker: int, today: date, period: tuple[int, int] | None, page: int
) -> Reply:
    def work(session: Session) -> Reply:
        city.require_reader(session, asker)
        return city_view.city_late_reply(city.late(session, today, period), page, period)

    return await context.db(work)


async def on_city_page(update: Update, context: BotContext) -> None:
    b = pressed(update, CityLatePage)
    user = update.effective_user
    if user is None or update.callback_query is None:
        return
    period = (b.year, b.month) if b.month else None
    reply = await _city(context, user.id, context.today(), period, b.page)
    await update.callback_query.answer()
    await edit(update, reply)


def register(app: App) -> None:
    app.add_handler(commands.handler("belumlapor", missing_command))
    add_buttons(app, {CityLatePage: on_city_page})
