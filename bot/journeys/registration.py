"""/daftar: a stranger asks for access to their agency, whose admins get the request to decide.

With LAKIP_AGENCY, or one agency in the database, the request is for that agency, as before.
With several, the stranger picks theirs from buttons (``/daftar dinkes`` narrows the list). The
request goes to that agency's admins; when it has none, to the super admins, who are told which
agency it is and may move it to another before deciding.

The first admin to decide settles it (the domain refuses a second decision) and the other
admins' copies stay as they were, which is harmless: pressing them answers that the request is
already settled. Every press is checked in the domain (``users.decidable_request``) before
anything of the request is shown, so a forged request id of another agency reveals nothing.
Refusals propagate to ``bot.errors.on_error``.
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
from bot.views.admin import (
    RegistrationAgencies,
    RegistrationAgency,
    RegistrationApprove,
    RegistrationMove,
    RegistrationMoveTo,
    RegistrationReject,
)
from bot.views.common import Reply
from lakip_model import users
from lakip_model.errors import Conflict
from lakip_model.models import Role

log = logging.getLogger(__name__)

Asked = tuple[int, users.Recipients]  # the new request's id, and whom to ask


async def register_request(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if not await private_only(update):
        return
    restricted = context.settings.agency_code
    word = " ".join(context.args or [])

    def work(session: Session) -> Reply | str | Asked:
        """A ready reply (already registered, pending, the agencies to pick), or the request."""
        actor = users.actor_of(session, user.id)
        if actor is not None:
            return view.already_registered(actor.role, users.unit_name_of(session, actor.unit_id))
        if users.pending_request_of(session, user.id) is not None:
            return texts.REGISTER_PENDING
        if restricted is None and users.agency_count(session) > 1:
            found = users.agency_choices(session, word)
            missed = not found
            return view.choose_agency(
                found or users.agency_choices(session), 0, word, missed=missed
            )
        return _request(session, user.id, user.full_name, user.username, chat.id, restricted)

    outcome = await context.db(work)
    if isinstance(outcome, Reply | str):
        await send(update, outcome)
        return
    await _ask_deciders(context, outcome, user.full_name, user.username, user.id)
    await send(update, texts.REGISTER_SENT)


def _request(
    session: Session,
    telegram_id: int,
    name: str,
    username: str | None,
    chat_id: int,
    agency_code: str | None,
) -> str | Asked:
    request, new = users.request_registration(
        session, telegram_id, name, username, chat_id, agency_code
    )
    if not new:
        return texts.REGISTER_PENDING
    recipients = users.registration_recipients(session, request)
    if not recipients.ids:
        raise Conflict("registration.no_admin")  # rolls the request back: nobody to ask
    return int(request.id or 0), recipients


async def _ask_deciders(
    context: BotContext, asked: Asked, name: str, username: str | None, telegram_id: int
) -> None:
    request_id, recipients = asked
    request = view.registration_request(request_id, name, username, telegram_id, recipients)
    for admin_id in recipients.ids:
        try:
            await context.bot.send_message(
                admin_id, request.text, parse_mode=ParseMode.HTML, reply_markup=request.keyboard
            )
        except TelegramError:
            log.warning("could not tell admin %s about a registration request", admin_id)


async def on_agencies_page(update: Update, context: BotContext) -> None:
    """Another page of the agencies to pick (the search word kept)."""
    assert update.callback_query is not None
    b = pressed(update, RegistrationAgencies)

    def work(session: Session) -> Reply:
        found = users.agency_choices(session, b.word) or users.agency_choices(session)
        return view.choose_agency(found, b.page, b.word, missed=False)

    reply = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)


async def on_agency(update: Update, context: BotContext) -> None:
    """The stranger picked their agency: the request is made for it and its admins asked."""
    assert update.callback_query is not None and update.effective_user is not None
    user, chat = update.effective_user, update.effective_chat
    assert chat is not None
    agency_id = pressed(update, RegistrationAgency).agency

    def work(session: Session) -> Reply | str | Asked:
        actor = users.actor_of(session, user.id)
        if actor is not None:
            return view.already_registered(actor.role, users.unit_name_of(session, actor.unit_id))
        code = next((a.code for a in users.agency_choices(session) if a.id == agency_id), None)
        if code is None:
            raise users.NotFound("agency.missing", agency=agency_id)
        return _request(session, user.id, user.full_name, user.username, chat.id, code)

    outcome = await context.db(work)
    await update.callback_query.answer()
    if isinstance(outcome, Reply | str):
        await edit(update, outcome if isinstance(outcome, Reply) else Reply(outcome))
        return
    await _ask_deciders(context, outcome, user.full_name, user.username, user.id)
    await edit(update, Reply(texts.REGISTER_SENT))


async def on_move(update: Update, context: BotContext) -> None:
    """A super admin asks for the agencies to move a request to."""
    assert update.callback_query is not None and update.effective_user is not None
    admin_id = update.effective_user.id
    b = pressed(update, RegistrationMove)

    def work(session: Session) -> Reply:
        users.require_super_admin(session, admin_id)
        request = users.decidable_request(session, admin_id, b.request)
        return view.move_registration(request, users.agency_choices(session), b.page)

    reply = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)


async def on_move_to(update: Update, context: BotContext) -> None:
    """The request now belongs to the agency picked; the request is shown again to decide."""
    assert update.callback_query is not None and update.effective_user is not None
    admin_id = update.effective_user.id
    b = pressed(update, RegistrationMoveTo)

    def work(session: Session) -> Reply:
        request = users.move_registration(session, admin_id, b.request, b.agency)
        recipients = users.registration_recipients(session, request)
        return view.registration_request(
            int(request.id or 0), request.name, request.username, request.telegram_id, recipients
        )

    reply = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)


async def on_approve(update: Update, context: BotContext) -> None:
    """Every press is re-checked in the domain: only an admin of the request's agency (or a
    super admin) decides, only once."""
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

    def work(session: Session) -> tuple[Reply, int | None, str | None]:
        """The admin's updated message, and whom to tell what (None: nobody yet)."""
        request = users.decidable_request(session, admin.id, request_id)
        if role == Role.OPERATOR and unit_id is None:
            agency_code = users.registration_recipients(session, request).agency.code
            return (
                view.choose_unit(
                    request.name,
                    users.units(session, agency_code),  # the request's agency's units
                    lambda unit: RegistrationApprove(request_id, Role.OPERATOR, unit),
                ),
                None,
                None,
            )
        decided = users.decide_registration(
            session,
            admin.id,
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
    add_buttons(
        app,
        {
            RegistrationApprove: on_approve,
            RegistrationReject: on_reject,
            RegistrationAgency: on_agency,
            RegistrationAgencies: on_agencies_page,
            RegistrationMove: on_move,
            RegistrationMoveTo: on_move_to,
        },
    )
