"""/instansi: the super admins' view of every agency, their admins and the city roles.

``/instansi`` lists the agencies (code, short name, years loaded, users, admins), a button opens
one with a button per admin to remove (never the last); ``/instansi admin KODE ID`` appoints an
admin (a registered or pending user, or a new id); ``/instansi kota ID PERAN`` gives a city
role. A new agency comes with its workbook (/impor). Everything is checked again in the domain
(``users.require_super_admin``), so a forged button of an agency admin does nothing; anyone
else is told the command is for super admins.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlmodel import Session
from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import commands, texts
from bot.common import add_buttons, edit, pressed, private_only, send
from bot.context import App, BotContext
from bot.views import admin as view
from bot.views.admin import (
    AgenciesPage,
    AgencyAdminRemove,
    AgencyAdminRemoveConfirmed,
    AgencyOpen,
)
from bot.views.common import Reply
from lakip_model import agencies, users
from lakip_model.models import CITY_ROLES, Role

log = logging.getLogger(__name__)

CITY_ROLE_WORDS = {role.value: role for role in CITY_ROLES} | {"wali": Role.WALIKOTA}


async def agencies_command(update: Update, context: BotContext) -> None:
    if not await private_only(update):
        return
    user = update.effective_user
    assert user is not None
    if context.user is None or not context.user.super_admin:
        await send(update, texts.AGENCIES_SUPER_ONLY)
        return
    args = [a for a in (context.args or []) if a]
    if not args:
        rows = await context.db(lambda s: agencies.agency_rows(s, user.id))
        await send(update, view.agencies_list(rows, 0))
        return
    action = args[0].casefold()
    if action == "admin" and len(args) == 3:
        await _appoint(update, context, args[1], args[2])
    elif action == "kota" and len(args) == 3:
        await _city_role(update, context, args[1], args[2])
    else:
        await send(update, texts.AGENCIES_USAGE)


def _telegram_id(word: str) -> int | None:
    if not (word.isascii() and word.isdigit()) or len(word) > 15:
        return None
    return int(word)


async def _appoint(update: Update, context: BotContext, code: str, word: str) -> None:
    actor = update.effective_user
    assert actor is not None
    telegram_id = _telegram_id(word)
    if telegram_id is None:
        await send(update, texts.AGENCIES_BAD_ID)
        return

    def work(session: Session) -> tuple[str, str]:
        user = agencies.appoint_admin(session, actor.id, code, telegram_id)
        agency = users.managed_agency(session, actor.id, user.agency_id)
        return view.admin_appointed(user, agency.short_name)

    said, told = await context.db(work)
    await send(update, said)
    await commands.set_user_menu(
        context.bot, telegram_id, Role.ADMIN, open_read=context.settings.open_read
    )
    await _tell(context, telegram_id, told)


async def _city_role(update: Update, context: BotContext, word: str, role_word: str) -> None:
    actor = update.effective_user
    assert actor is not None
    telegram_id = _telegram_id(word)
    if telegram_id is None:
        await send(update, texts.AGENCIES_BAD_ID)
        return
    role = CITY_ROLE_WORDS.get(role_word.casefold())
    if role is None:
        await send(update, texts.AGENCIES_BAD_ROLE)
        return

    def work(session: Session) -> tuple[str, str]:
        return view.city_role_given(agencies.grant_city_role(session, actor.id, telegram_id, role))

    said, told = await context.db(work)
    await send(update, said)
    await commands.set_user_menu(
        context.bot, telegram_id, role, open_read=context.settings.open_read
    )
    await _tell(context, telegram_id, told)


async def _tell(context: BotContext, telegram_id: int, text: str) -> None:
    try:
        await context.bot.send_message(telegram_id, text, parse_mode=ParseMode.HTML)
    except TelegramError:  # a new id may not have started the bot yet
        log.info("could not tell user %s about their new role", telegram_id)


async def _edit(update: Update, context: BotContext, step: Callable[[Session, int], Reply]) -> None:
    assert update.callback_query is not None and update.effective_user is not None
    admin_id = update.effective_user.id

    def work(session: Session) -> Reply:
        users.require_super_admin(session, admin_id)
        return step(session, admin_id)

    reply = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)


async def on_page(update: Update, context: BotContext) -> None:
    page = pressed(update, AgenciesPage).page
    await _edit(
        update, context, lambda s, me: view.agencies_list(agencies.agency_rows(s, me), page)
    )


async def on_open(update: Update, context: BotContext) -> None:
    agency = pressed(update, AgencyOpen).agency
    await _edit(
        update, context, lambda s, me: view.agency_detail(agencies.agency_row(s, me, agency))
    )


async def on_remove(update: Update, context: BotContext) -> None:
    b = pressed(update, AgencyAdminRemove)

    def step(session: Session, me: int) -> Reply:
        row = agencies.agency_row(session, me, b.agency)
        user = users.find_user(session, b.user)
        if user is None or user.role != Role.ADMIN or user.agency_id != row.id:
            raise users.NotFound("user.not_found", user=b.user)
        return view.agency_admin_remove_confirm(row, user)

    await _edit(update, context, step)


async def on_remove_confirmed(update: Update, context: BotContext) -> None:
    b = pressed(update, AgencyAdminRemoveConfirmed)

    def step(session: Session, me: int) -> Reply:
        user = agencies.remove_admin(session, me, b.agency, b.user)
        return view.agency_admin_removed(agencies.agency_row(session, me, b.agency), user)

    await _edit(update, context, step)
    await commands.set_user_menu(context.bot, b.user, None)  # back to a stranger's menu


def register(app: App) -> None:
    app.add_handler(commands.handler("instansi", agencies_command))
    add_buttons(
        app,
        {
            AgenciesPage: on_page,
            AgencyOpen: on_open,
            AgencyAdminRemove: on_remove,
            AgencyAdminRemoveConfirmed: on_remove_confirmed,
        },
    )
