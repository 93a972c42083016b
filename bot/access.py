"""Who may talk to the bot at all: a gate that runs before every journey.

Who may send a command is in the command table (``bot.commands``); who may press a button,
in its kind (``bot.callbacks``): an unregistered user may use only the public ones (/start,
/bantuan, /daftar, …), unless ``LAKIP_OPEN_READ`` opens reading to everyone. Writes check
roles again in the domain, so this gate is for a polite early answer, not the only defence.
"""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot import callbacks, commands, texts
from bot.callbacks import Access
from bot.common import esc, send
from bot.context import App, BotContext
from lakip_model.users import Actor, actor_of, placeholder_name, remember_name

log = logging.getLogger(__name__)


async def gate(update: Update, context: BotContext) -> None:
    """Look up the user once per update; stop updates an unregistered user may not send."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    actor = await context.read(lambda connection: actor_of(connection, user.id))
    if actor is not None and placeholder_name(user.id, actor.name) and user.full_name.strip():
        # added without a name (command line, LAKIP_ADMIN_IDS): from now on the Telegram name,
        # as on the entries they send, also in /pengguna; written once, at their first update
        full_name, username = user.full_name, user.username
        try:
            await context.db(lambda session: remember_name(session, user.id, full_name, username))
            actor = dataclasses.replace(actor, name=full_name.strip())
        except SQLAlchemyError:  # a name is not worth refusing the update for: next time
            log.warning("could not record the Telegram name of user %s", user.id, exc_info=True)
    restricted = context.settings.agency_code
    other = actor is not None and restricted and actor.agency_code != restricted
    if other and actor is not None and not actor.reads_city:
        # a user of another agency: this deployment is not theirs
        await _refuse(update, texts.OTHER_AGENCY_HERE.format(agency=esc(str(restricted))))
        raise ApplicationHandlerStop
    _remember(context, user.id, actor)
    if actor is not None:
        _refresh_menu(context, actor)
        return
    name = commands.name_of(update)
    if name is not None:
        command = commands.BY_NAME.get(name)
        access = command.access if command is not None else Access.MEMBER
        if access == Access.PUBLIC:
            return
        if access == Access.READ and context.settings.open_read:
            return
        text = update.message.text if update.message and update.message.text else "/"
        addressee = text.split()[0].partition("@")[2]
        if addressee and addressee.lower() != (context.bot.username or "").lower():
            return  # for another bot in the group
        await send(update, texts.NOT_REGISTERED)
        raise ApplicationHandlerStop
    if update.callback_query is not None:
        # data that is not one of our kinds of button (forged, or from before the codec) is for
        # registered users only, who are told it is stale
        pressed = callbacks.access_of(update.callback_query.data) or Access.MEMBER
        if pressed == Access.PUBLIC:
            return
        if pressed == Access.READ and context.settings.open_read:
            return
        await update.callback_query.answer(texts.NOT_REGISTERED[:190], show_alert=True)
        raise ApplicationHandlerStop


async def _refuse(update: Update, text: str) -> None:
    """Say ``text`` to a press, a private message or a command for this bot; a group's other
    messages get nothing (a group's talk is not for the bot)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text[:190], show_alert=True)
        return
    message, chat = update.message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type == ChatType.PRIVATE:
        await send(update, text)
    elif commands.name_of(update) is not None:
        addressee = (message.text or "").split()[0].partition("@")[2]
        if not addressee or addressee.lower() == (update.get_bot().username or "").lower():
            await send(update, text)


def _refresh_menu(context: BotContext, actor: Actor) -> None:
    """Set a registered user's own command menu once per process, in the background, when they
    first write: Telegram keeps menus, so this only brings them to this release's table (a role
    change sets it at once), and it costs one request per active user instead of a burst of one
    per registered user at every start, ahead of the first answers."""
    menus = context.bot_data.menus_set
    if actor.telegram_id in menus:
        return
    menus.add(actor.telegram_id)
    open_read = context.settings.open_read
    context.application.create_task(
        commands.set_user_menu(
            context.bot,
            actor.telegram_id,
            actor.role,
            open_read=open_read,
            super_admin=actor.super_admin,
            reads_city=actor.reads_city,
        ),
        name=f"menu-{actor.telegram_id}",
    )


def _remember(context: BotContext, user_id: int, actor: Actor | None) -> None:
    """Keep what the gate found for the handlers of this update (refreshed on every update)."""
    actors = context.bot_data.actors
    if actor is None:
        actors.pop(user_id, None)
    else:
        actors[user_id] = actor


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, gate), group=-1)
