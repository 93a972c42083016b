"""/pengingat (/reminders) in a group: which deadlines are reminded there, for which unit, when.

In a private chat, a bot admin gets the subscribed groups instead, a button each, showing what
that group's next reminder will say (``on_preview_button``).

The group's own administrators (Telegram's chat admin status, asked with getChatMember) or a
bot admin may change it, and every press checks the presser's right again on the server.

Whose reminders: a group follows the deadlines of one agency per subscription, the agency of the
registered user who sets it up (``_group_agency``); the panel shows and changes that agency's
subscriptions only. In a deployment of one agency (or with LAKIP_AGENCY) a group administrator
needs no registration, as before, so the panel's buttons are public; with several agencies an
unregistered one is refused with a sentence saying why.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Chat, ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from bot import callbacks, commands, texts
from bot.callbacks import StaleButton
from bot.common import edit, send
from bot.context import App, BotContext
from bot.jobs.reminders import compose
from bot.views import reminders as views
from bot.views.common import Reply
from lakip_model import reminders as rem
from lakip_model.errors import Conflict
from lakip_model.models import Role

log = logging.getLogger(__name__)


async def may_manage(
    context: BotContext,
    chat: Chat,
    user_id: int | None,
    sender_chat_id: int | None = None,
) -> bool:
    """A group's own administrator (Telegram's status) or a bot admin may set its reminders."""
    if sender_chat_id is not None and sender_chat_id == chat.id:
        return True  # an anonymous administrator posting as the group
    if user_id is None:
        return False
    user = context.user
    if user is not None and user.telegram_id == user_id and user.is_admin:
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user_id)
    except TelegramError as exc:
        log.warning("getChatMember %s/%s failed: %s", chat.id, user_id, exc)
        return False
    return member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR)


def _chat_title(chat: Chat) -> str:
    return chat.title or texts.REMINDERS_THIS_GROUP


class _NoAgency(Exception):
    """Several agencies, and the one setting up the group is not registered: whose reminders?"""


async def _group_agency(context: BotContext, user_id: int | None) -> str | None:
    """The agency whose reminders a group's panel sets: LAKIP_AGENCY; else the registered
    presser's own; else, with a single agency in the database, that one (None). With several
    agencies and an unregistered presser: ``_NoAgency``."""
    restricted = context.settings.agency_code
    if restricted:
        return restricted
    user = context.user
    if user is not None and user_id is not None and user.telegram_id == user_id:
        return user.agency_code or None
    if await context.db(lambda s: len(rem.agency_ids(s))) <= 1:
        return None
    raise _NoAgency


async def reminders_command(update: Update, context: BotContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        admin = context.user is not None and context.user.is_admin
        if chat.type == ChatType.PRIVATE and admin:
            actor = context.user
            scope = None if actor is None or actor.super_admin else actor.agency_id
            await send(
                update,
                await context.db(lambda s: views.preview_list(rem.subscriptions(s, agency=scope))),
            )
        else:
            await send(update, texts.REMINDERS_GROUP_ONLY)
        return
    user = update.effective_user
    sender = message.sender_chat.id if message.sender_chat else None
    if not await may_manage(context, chat, user.id if user else None, sender):
        await send(update, texts.REMINDERS_NOT_ALLOWED)
        return
    try:
        agency = await _group_agency(context, user.id if user else None)
    except _NoAgency:
        await send(update, texts.REMINDERS_REGISTER_FIRST)
        return
    settings, now = context.settings, context.now().astimezone(context.settings.tz)

    def work(session: Session) -> rem.ChatPanel:
        unit = rem.default_unit(session, chat.id, agency)
        return rem.chat_panel(session, chat.id, unit, now, tz=settings.tz, agency_code=agency)

    panel = await context.db(work)
    await send(update, views.panel_reply(panel, _chat_title(chat), zone=now.tzname() or ""))


async def on_reminder_button(update: Update, context: BotContext) -> None:
    """Panel buttons; the presser's right is checked again, so a member's press changes nothing."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None
    if chat is None or not await may_manage(context, chat, query.from_user.id):
        await query.answer(texts.REMINDERS_NOT_ALLOWED, show_alert=True)
        return
    try:
        agency = await _group_agency(context, query.from_user.id)
    except _NoAgency:
        await query.answer(texts.REMINDERS_REGISTER_FIRST, show_alert=True)
        return
    pressed = callbacks.expect(query.data, *views.REMINDER_BUTTONS)
    settings, now = context.settings, context.now().astimezone(context.settings.tz)
    user_id, unit = query.from_user.id, pressed.unit

    def work(session: Session) -> tuple[Reply, str | None]:
        note: str | None = None
        if isinstance(pressed, views.ReminderToggle):
            on = rem.toggle(
                session,
                user_id,
                chat.id,
                pressed.code,
                unit or None,
                chat_title=chat.title,
                now=now,
                agency_code=agency,
            )
            note = views.toggled(on, rem.rule(session, pressed.code, agency).name)
        elif isinstance(pressed, views.ReminderLeads):
            preset = rem.LEAD_PRESETS[pressed.preset]
            mine = rem.subscriptions(session, chat.id, agency=rem.agency_id(session, agency))
            if not any(s.unit_key == unit for s in mine):
                raise Conflict("reminder.pick_rule_first")
            rem.set_lead_days(
                session, user_id, chat.id, unit or None, preset, now=now, agency_code=agency
            )
            note = views.leads_set(preset)
        panel = rem.chat_panel(
            session, chat.id, unit or None, now, tz=settings.tz, agency_code=agency
        )
        closed = isinstance(pressed, views.ReminderDone)
        zone = now.tzname() or ""
        return views.panel_reply(panel, _chat_title(chat), zone=zone, closed=closed), note

    reply, note = await context.db(work)
    await query.answer(note)
    await edit(update, reply)


async def on_preview_button(update: Update, context: BotContext) -> None:
    """A bot admin's preview, in private, of a group's next reminder: its text is made by the
    delivery job's own ``compose``, for the day it will be sent, so the two cannot differ (only
    who is missing may change until then: it is counted again when sent). An admin sees the
    groups of their own agency; a super admin every agency's."""
    query = update.callback_query
    assert query is not None
    pressed = callbacks.expect(query.data, *views.PREVIEW_BUTTONS)
    admin = await context.actor(Role.ADMIN)  # read afresh: one demoted a second ago is refused
    settings, now = context.settings, context.now().astimezone(context.settings.tz)
    scope = None if admin.super_admin else admin.agency_id

    def work(session: Session) -> Reply:
        if not isinstance(pressed, views.ReminderPreview):
            return views.preview_list(rem.subscriptions(session, agency=scope))
        sub = session.get(rem.Subscription, pressed.subscription)
        if sub is None or not sub.active or scope not in (None, sub.agency_id):
            raise StaleButton  # stopped since the list was shown, or not this admin's agency
        agency = rem.agency_code_of(session, sub.agency_id)
        planned = rem.next_instant(
            session, now, tz=settings.tz, agency_code=agency, chat_id=sub.chat_id
        )
        text = None
        if planned is not None:
            when = planned.instant.astimezone(settings.tz).date()
            text = compose(session, planned, when)
        return views.preview_reply(sub.chat_title or str(sub.chat_id), planned, text)

    reply = await context.db(work)
    await query.answer()
    await edit(update, reply)


def register(app: App) -> None:
    """The /pengingat command and its panel's buttons. Registering twice is a no-op."""
    if any(getattr(h, "callback", None) is on_reminder_button for h in app.handlers.get(0, [])):
        return
    app.add_handler(commands.handler("pengingat", reminders_command))
    app.add_handler(
        CallbackQueryHandler(on_reminder_button, pattern=callbacks.pattern(*views.REMINDER_BUTTONS))
    )
    app.add_handler(
        CallbackQueryHandler(on_preview_button, pattern=callbacks.pattern(*views.PREVIEW_BUTTONS))
    )
