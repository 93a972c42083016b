"""The bot in groups: greeted when added, reminders stopped when removed, moved on migration.

A group that adds the bot is told what it does and how to choose its reminders; one that removes
it has its subscriptions stopped (and the bot admins told, ``jobs.reminders.chat_lost``); a group
that becomes a supergroup (a new chat id) keeps its subscriptions and delivery history.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot import texts
from bot.context import App, BotContext
from bot.jobs.reminders import chat_lost, send_html
from lakip_model import reminders as rem

log = logging.getLogger(__name__)

PRESENT = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER})


def _present(member: ChatMember) -> bool:
    if member.status == ChatMember.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in PRESENT


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Greet a group that added the bot; stop the reminders of a group that removed it."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    was, now = _present(change.old_chat_member), _present(change.new_chat_member)
    if now and not was:
        try:
            await send_html(context.application, change.chat.id, texts.BOT_JOINED)
        except TelegramError as exc:  # e.g. added without the right to send messages
            log.warning("could not greet chat %s: %s", change.chat.id, exc)
    elif was and not now:
        await chat_lost(
            context.application, change.chat.id, change.chat.title, texts.CHAT_LOST_REMOVED
        )


async def on_migrate(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its subscriptions follow the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    moved = await context.db(lambda s: rem.migrate_chat(s, old, new))
    if moved:
        log.info("chat %s migrated to %s: %s subscriptions moved", old, new, moved)


def register(app: App) -> None:
    """Membership changes and migrations of groups. Registering twice is a no-op."""
    if any(getattr(h, "callback", None) is on_migrate for h in app.handlers.get(0, [])):
        return
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
