"""Who may talk to the bot at all: a gate that runs before every journey.

Who may send a command is in the command table (``bot.commands``); who may press a button,
in its kind (``bot.callbacks``): an unregistered user may use only the public ones (/start,
/bantuan, /daftar, …), unless ``LAKIP_OPEN_READ`` opens reading to everyone. Writes check
roles again in the domain, so this gate is for a polite early answer, not the only defence.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot import callbacks, commands, texts
from bot.callbacks import Access
from bot.common import send
from bot.context import App, BotContext
from lakip_model.users import Actor, actor_of

# Legacy callback prefixes, until every journey's buttons go through bot.callbacks: buttons whose
# handlers check the presser themselves, and read-only navigation.
PUBLIC_CALLBACKS = frozenset({"rm"})
READ_CALLBACKS = frozenset({"ang", "angq", "tw", "cap", "bwh", "cari", "ind", "gfk", "eks", "menu"})


async def gate(update: Update, context: BotContext) -> None:
    """Look up the user once per update; stop updates an unregistered user may not send."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    actor = await context.read(lambda connection: actor_of(connection, user.id))
    _remember(context, user.id, actor)
    if actor is not None:
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
        data = update.callback_query.data or ""
        pressed = callbacks.access_of(data)
        if pressed is None:  # a legacy button
            prefix = data.split("|")[0]
            pressed = (
                Access.PUBLIC
                if prefix in PUBLIC_CALLBACKS
                else Access.READ
                if prefix in READ_CALLBACKS
                else Access.MEMBER
            )
        if pressed == Access.PUBLIC:
            return
        if pressed == Access.READ and context.settings.open_read:
            return
        await update.callback_query.answer(texts.NOT_REGISTERED[:190], show_alert=True)
        raise ApplicationHandlerStop


def _remember(context: BotContext, user_id: int, actor: Actor | None) -> None:
    """Keep what the gate found for the handlers of this update (refreshed on every update)."""
    actors = context.bot_data.actors
    if actor is None:
        actors.pop(user_id, None)
    else:
        actors[user_id] = actor


async def fresh_actor(update: Update, context: BotContext) -> Actor | None:
    """Re-read the user for a write: a role removed a second ago must already count."""
    user = update.effective_user
    if user is None:
        return None

    def work(session: Session) -> Actor | None:
        return actor_of(session, user.id)

    return await context.db(work)


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, gate), group=-1)
