"""/pengingat (/reminders) in a group: which deadlines are reminded there, for which unit, when.

In a private chat, a bot admin gets the subscribed groups instead, a button each, showing what
that group's next reminder will say (``on_preview_button``).

The group's own administrators (Telegram's chat admin status, asked with getChatMember) or a
bot admin may change it; they need no registration with the bot, so the panel's buttons are
public and every press checks the presser's right again on the server.
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


async def reminders_command(update: Update, context: BotContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        admin = context.user is not None and context.user.is_admin
        if chat.type == ChatType.PRIVATE and admin:
            await send(update, await context.db(lambda s: views.preview_list(rem.subscriptions(s))))
        else:
            await send(update, texts.REMINDERS_GROUP_ONLY)
        return
    user = update.effective_user
    sender = message.sender_chat.id if message.sender_chat else None
    if not await may_manage(context, chat, user.id if user else None, sender):
        await send(update, texts.REMINDERS_NOT_ALLOWED)
        return
    settings, now = context.settings, context.now().astimezone(context.settings.tz)

    def work(session: Session) -> rem.ChatPanel:
        unit = rem.default_unit(session, chat.id)
        return rem.chat_panel(
            session, chat.id, unit, now, tz=settings.tz, agency_code=settings.agency_code
        )

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
    pressed = callbacks.expect(query.data, *views.REMINDER_BUTTONS)
    settings, now = context.settings, context.now().astimezone(context.settings.tz)
    agency, user_id, unit = settings.agency_code, query.from_user.id, pressed.unit

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
            if not any(s.unit_key == unit for s in rem.subscriptions(session, chat.id)):
                raise Conflict("reminder.pick_rule_first")
            rem.set_lead_days(session, user_id, chat.id, unit or None, preset, now=now)
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
    who is missing may change until then: it is counted again when sent)."""
    query = update.callback_query
    assert query is not None
    pressed = callbacks.expect(query.data, *views.PREVIEW_BUTTONS)
    await context.actor(Role.ADMIN)  # read afresh: an admin demoted a second ago is refused
    settings, now = context.settings, context.now().astimezone(context.settings.tz)
    agency = settings.agency_code

    def work(session: Session) -> Reply:
        if not isinstance(pressed, views.ReminderPreview):
            return views.preview_list(rem.subscriptions(session))
        sub = session.get(rem.Subscription, pressed.subscription)
        if sub is None or not sub.active:
            raise StaleButton  # the group stopped its reminders since the list was shown
        planned = rem.next_instant(
            session, now, tz=settings.tz, agency_code=agency, chat_id=sub.chat_id
        )
        text = None
        if planned is not None:
            when = planned.instant.astimezone(settings.tz).date()
            text = compose(session, planned, when, agency)
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
