"""/daftar: a stranger asks for access, every admin of the agency gets the request to decide.

The first admin to decide settles it (the domain refuses a second decision) and the other
admins' copies stay as they were, which is harmless: pressing them answers that the request is
already settled. Refusals (not an admin, already decided) propagate to ``bot.errors.on_error``.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import commands, texts
from bot.common import add_buttons, edit, pressed, private_only, send
from bot.context import App, BotContext
from bot.views import admin as view
from bot.views.admin import RegistrationApprove, RegistrationReject
from bot.views.common import Reply
from lakip_model import users
from lakip_model.errors import Conflict, NotFound
from lakip_model.models import RegistrationRequest, Role

log = logging.getLogger(__name__)


async def register_request(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if not await private_only(update):
        return
    agency = context.settings.agency_code

    def work(session: Session) -> str | tuple[int, list[int]]:
        """A ready reply, or the new request's id and the admins to ask."""
        actor = users.actor_of(session, user.id)
        if actor is not None:
            return view.already_registered(actor.role, users.unit_name_of(session, actor.unit_id))
        request, new = users.request_registration(
            session, user.id, user.full_name, user.username, chat.id, agency
        )
        if not new:
            return texts.REGISTER_PENDING
        admins = users.admin_ids(session, request.agency_id)
        if not admins:
            raise Conflict("registration.no_admin")  # rolls the request back: nobody to ask
        return int(request.id or 0), admins

    outcome = await context.db(work)
    if isinstance(outcome, str):
        await send(update, outcome)
        return
    request_id, admins = outcome
    request = view.registration_request(request_id, user.full_name, user.username, user.id)
    for admin_id in admins:
        try:
            await context.bot.send_message(
                admin_id, request.text, parse_mode=ParseMode.HTML, reply_markup=request.keyboard
            )
        except TelegramError:
            log.warning("could not tell admin %s about a registration request", admin_id)
    await send(update, texts.REGISTER_SENT)


async def on_approve(update: Update, context: BotContext) -> None:
    """Every press is re-checked in the domain: only an admin decides, only once."""
    b = pressed(update, RegistrationApprove)
    await _decide(update, context, b.request, b.role, b.unit)


async def on_reject(update: Update, context: BotContext) -> None:
    await _decide(update, context, pressed(update, RegistrationReject).request, None, None)


async def _decide(
    update: Update, context: BotContext, request_id: int, role: Role | None, unit_id: int | None
) -> None:
    """Approve as ``role`` (None: reject); an operator without a unit is asked for one."""
    assert update.callback_query is not None and update.effective_user is not None
    admin = update.effective_user
    agency = context.settings.agency_code

    def work(session: Session) -> tuple[Reply, int | None, str | None]:
        """The admin's updated message, and whom to tell what (None: nobody yet)."""
        actor = users.require(session, admin.id, Role.ADMIN)
        request = session.get(RegistrationRequest, request_id)
        if request is None:
            raise NotFound("registration.not_found", request=request_id)
        if role == Role.OPERATOR and unit_id is None:
            if request.status != "menunggu":
                raise Conflict("registration.decided", status=request.status)
            return (
                view.choose_unit(
                    request.name,
                    users.units(session, agency),
                    lambda unit: RegistrationApprove(request_id, Role.OPERATOR, unit),
                ),
                None,
                None,
            )
        decided = users.decide_registration(
            session,
            actor.telegram_id,
            request_id,
            approve=role is not None,
            role=role,
            unit_id=unit_id,
        )
        if decided.status == "disetujui" and role is not None:
            unit = users.unit_name_of(session, unit_id)
            note, to_user = view.registration_approved(decided, role, unit, admin.full_name)
        else:
            note, to_user = view.registration_rejected(decided, admin.full_name)
        return note, decided.telegram_id, to_user

    reply, telegram_id, to_user = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)
    if telegram_id is None or to_user is None:
        return
    if role is not None:  # approved: their private chat gets their role's command menu
        await commands.set_user_menu(
            context.bot, telegram_id, role, open_read=context.settings.open_read
        )
    try:
        await context.bot.send_message(telegram_id, to_user, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell user %s about their registration", telegram_id)


def register(app: App) -> None:
    app.add_handler(commands.handler("daftar", register_request))
    add_buttons(app, {RegistrationApprove: on_approve, RegistrationReject: on_reject})
