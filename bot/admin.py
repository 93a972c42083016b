"""Administration: registration requests and the user list.

A stranger's /daftar reaches every admin as a message with buttons; the first admin to decide
settles it (the domain refuses a second decision) and the other admins' copies stay as they
were, which is harmless: pressing them answers that the request is already settled.
Callback data: ``reg|<request>|<role>[|<unit>]``, ``reg|<request>|x`` (reject),
``usr|l|<page>`` (list), ``usr|o|<telegram id>`` (open), ``usr|r|<id>|<role>[|<unit>]`` (set
role), ``usr|d|<id>`` / ``usr|dd|<id>`` (remove, confirmed).
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from bot import commands, texts
from bot.callbacks import StaleButton
from bot.common import MAX_TELEGRAM_ID, edit, parse_id, send
from bot.context import App, BotContext
from bot.errors import describe
from bot.texts import ROLE_LABELS
from bot.views import common as ui
from bot.views.common import Reply, callback
from lakip_model import users
from lakip_model.errors import Conflict, DomainError, NotFound, PermissionDenied
from lakip_model.models import AppUser, RegistrationRequest, Role, Unit

log = logging.getLogger(__name__)
PAGE_USERS = 8


def _unit_suffix(unit_name: str | None) -> str:
    return f" — {ui.esc(unit_name)}" if unit_name else ""


def _role_buttons(prefix: tuple[object, ...]) -> list[list[InlineKeyboardButton]]:
    roles = [Role.OPERATOR, Role.VERIFIKATOR, Role.PIMPINAN, Role.ADMIN]
    buttons = [
        InlineKeyboardButton(
            texts.BUTTON_APPROVE_AS.format(role=ROLE_LABELS[r]), callback_data=callback(*prefix, r)
        )
        for r in roles
    ]
    return [buttons[:2], buttons[2:]]


def _unit_buttons(
    prefix: tuple[object, ...], units: list[Unit]
) -> list[list[InlineKeyboardButton]]:
    return [
        [InlineKeyboardButton(ui.short(u.name, 40), callback_data=callback(*prefix, u.id))]
        for u in units
        if u.kind in ("sekretariat", "bidang", "fungsional")
    ]


# --- /daftar ------------------------------------------------------------------------------------


async def register_request(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return
    agency = context.settings.agency_code

    def work(session: Session) -> str | tuple[int, list[int]]:
        """A ready reply, or the new request's id and the admins to ask."""
        actor = users.actor_of(session, user.id)
        if actor is not None:
            unit = users.unit_name_of(session, actor.unit_id)
            return texts.REGISTER_ALREADY.format(
                role=ROLE_LABELS[actor.role], unit=_unit_suffix(unit)
            )
        request, new = users.request_registration(
            session, user.id, user.full_name, user.username, chat.id, agency
        )
        if not new:
            return texts.REGISTER_PENDING
        admins = users.admin_ids(session, request.agency_id)
        if not admins:
            raise Conflict("registration.no_admin")  # rolls the request back: nobody to ask
        return int(request.id or 0), admins

    try:
        outcome = await context.db(work)
    except PermissionDenied as exc:
        await send(update, str(exc))
        return
    except DomainError as exc:
        await send(update, describe(exc))
        return
    if isinstance(outcome, str):
        await send(update, outcome)
        return
    request_id, admins = outcome
    username = f" (@{ui.esc(user.username)})" if user.username else ""
    text = texts.REGISTER_REQUEST.format(
        name=ui.esc(user.full_name), username=username, telegram_id=user.id
    )
    keyboard = _role_buttons(("reg", request_id))
    keyboard.append(
        [InlineKeyboardButton(texts.BUTTON_REJECT, callback_data=callback("reg", request_id, "x"))]
    )
    for admin_id in admins:
        try:
            await context.bot.send_message(
                admin_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=InlineKeyboardMarkup(keyboard),
            )
        except TelegramError:
            log.warning("could not tell admin %s about a registration request", admin_id)
    await send(update, texts.REGISTER_SENT)


async def on_registration_button(update: Update, context: BotContext) -> None:
    """Every press is re-checked in the domain: only an admin decides, only once."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    parts = (query.data or "").split("|")
    admin = update.effective_user
    request_id = parse_id(parts[1]) if len(parts) > 2 else None
    unit_id = parse_id(parts[3]) if len(parts) > 3 else None
    if request_id is None or (len(parts) > 3 and unit_id is None):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    choice = parts[2]

    def work(session: Session) -> tuple[Reply, int | None, str | None]:
        """The admin's updated message, and whom to tell what (None: nobody yet)."""
        actor = users.require(session, admin.id, Role.ADMIN)
        request = session.get(RegistrationRequest, request_id)
        if request is None:
            raise NotFound("registration.not_found")
        if choice == Role.OPERATOR and unit_id is None:
            if request.status != "menunggu":
                raise Conflict("registration.decided", status=request.status)
            units = users.units(session, context.settings.agency_code)
            keyboard = _unit_buttons(("reg", request_id, Role.OPERATOR), units)
            text = texts.REGISTER_CHOOSE_UNIT.format(name=ui.esc(request.name))
            return Reply(text, InlineKeyboardMarkup(keyboard)), None, None
        decided = users.decide_registration(
            session,
            actor.telegram_id,
            request_id,
            approve=choice != "x",
            role=Role(choice) if choice != "x" else None,
            unit_id=unit_id,
        )
        unit = _unit_suffix(users.unit_name_of(session, unit_id))
        name, admin_name = ui.esc(decided.name), ui.esc(admin.full_name)
        if decided.status == "disetujui":
            role = ROLE_LABELS[Role(choice)]
            note = texts.REGISTER_APPROVED_ADMIN.format(
                name=name, role=role, unit=unit, admin=admin_name
            )
            to_user = texts.REGISTER_APPROVED_USER.format(role=role, unit=unit)
        else:
            note = texts.REGISTER_REJECTED_ADMIN.format(name=name, admin=admin_name)
            to_user = texts.REGISTER_REJECTED_USER
        return Reply(note), decided.telegram_id, to_user

    try:
        reply, telegram_id, to_user = await context.db(work)
    except PermissionDenied as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    except DomainError as exc:
        await query.answer(describe(exc)[:190], show_alert=True)
        return
    await query.answer()
    await edit(update, reply)
    if telegram_id is None or to_user is None:
        return
    try:
        await context.bot.send_message(telegram_id, to_user, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not tell user %s about their registration", telegram_id)


# --- /pengguna ----------------------------------------------------------------------------------


def _users_reply(session: Session, page: int) -> Reply:
    rows = users.list_users(session)
    pending = users.pending_requests(session)
    page, pages, start, end = ui.paginate(len(rows), page, PAGE_USERS)
    lines = [texts.USERS_TITLE.format(count=len(rows))]
    if pending:
        lines.append(texts.USERS_PENDING.format(count=len(pending)))
    keyboard = []
    for row in rows[start:end]:
        unit = f" · {row.unit_code}" if row.unit_code else ""
        label = f"{ui.short(row.name, 24)} — {ROLE_LABELS[row.role]}{unit}"
        keyboard.append(
            [InlineKeyboardButton(label, callback_data=callback("usr", "o", row.telegram_id))]
        )
    nav = ui.nav_row(("usr", "l"), page, pages)
    if nav:
        keyboard.append(nav)
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard) if keyboard else None)


async def users_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return

    def work(session: Session) -> Reply:
        users.require(session, user.id, Role.ADMIN)
        return _users_reply(session, 0)

    try:
        await send(update, await context.db(work))
    except PermissionDenied as exc:
        await send(update, str(exc))
    except DomainError as exc:
        await send(update, describe(exc))


async def on_users_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    admin_id = update.effective_user.id
    parts = (query.data or "").split("|")
    action = parts[1] if len(parts) > 1 else ""
    target = parse_id(parts[2], limit=MAX_TELEGRAM_ID) if len(parts) > 2 else None
    unit_part = parts[4] if len(parts) > 4 else None
    unit_id = parse_id(unit_part) if unit_part is not None else None
    if target is None or (unit_part is not None and unit_id is None):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    agency = context.settings.agency_code

    def work(session: Session) -> Reply:
        users.require(session, admin_id, Role.ADMIN)
        if action == "l":
            return _users_reply(session, target)
        user = users.find_user(session, target)
        if user is None:
            raise NotFound("user.not_found")
        name = ui.esc(user.name)
        if action == "o":
            return _user_detail(session, user)
        if action == "c":
            return Reply(
                f"<b>{name}</b>: {texts.BUTTON_CHANGE_ROLE.lower()}",
                InlineKeyboardMarkup(_role_buttons(("usr", "r", target))),
            )
        if action == "r":
            if len(parts) < 4 or parts[3] not in ROLE_LABELS:
                raise StaleButton
            role = Role(parts[3])
            if role == Role.OPERATOR and unit_id is None:
                return Reply(
                    texts.REGISTER_CHOOSE_UNIT.format(name=name),
                    InlineKeyboardMarkup(
                        _unit_buttons(("usr", "r", target, role), users.units(session, agency))
                    ),
                )
            users.set_user(session, admin_id, target, role, unit_id, agency_code=agency)
            unit = users.unit_name_of(session, unit_id)
            return Reply(
                texts.USER_CHANGED.format(
                    name=name, role=ROLE_LABELS[role], unit=_unit_suffix(unit)
                ),
                InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                texts.BUTTON_BACK, callback_data=callback("usr", "l", 0)
                            )
                        ]
                    ]
                ),
            )
        if action == "d":
            return Reply(
                texts.USER_REMOVE_CONFIRM.format(name=name),
                InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                texts.BUTTON_CONFIRM_REMOVE,
                                callback_data=callback("usr", "dd", target),
                            ),
                            InlineKeyboardButton(
                                texts.BUTTON_CANCEL, callback_data=callback("usr", "o", target)
                            ),
                        ]
                    ]
                ),
            )
        if action == "dd":
            users.remove_user(session, admin_id, target)
            return Reply(
                texts.USER_REMOVED.format(name=name),
                InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(
                                texts.BUTTON_BACK, callback_data=callback("usr", "l", 0)
                            )
                        ]
                    ]
                ),
            )
        raise StaleButton

    try:
        reply = await context.db(work)
    except StaleButton:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    except PermissionDenied as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    except DomainError as exc:
        await query.answer(describe(exc)[:190], show_alert=True)
        return
    await query.answer()
    await edit(update, reply)


def _user_detail(session: Session, user: AppUser) -> Reply:
    unit = users.unit_name_of(session, user.unit_id)
    username = f" (@{ui.esc(user.username)})" if user.username else ""
    text = texts.USER_DETAIL.format(
        name=ui.esc(user.name),
        username=username,
        telegram_id=user.telegram_id,
        role=ROLE_LABELS[Role(user.role)],
        unit=_unit_suffix(unit),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_CHANGE_ROLE, callback_data=callback("usr", "c", user.telegram_id)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_REMOVE, callback_data=callback("usr", "d", user.telegram_id)
                ),
            ],
            [InlineKeyboardButton(texts.BUTTON_BACK, callback_data=callback("usr", "l", 0))],
        ]
    )
    return Reply(text, keyboard)


def register(app: App) -> None:
    app.add_handler(commands.handler("daftar", register_request))
    app.add_handler(commands.handler("pengguna", users_command))
    app.add_handler(CallbackQueryHandler(on_registration_button, pattern=r"^reg\|"))
    app.add_handler(CallbackQueryHandler(on_users_button, pattern=r"^usr\|"))
