"""Who may talk to the bot at all: a gate that runs before every journey.

Read commands are open to every registered user; an unregistered user may use only what
``LAKIP_PUBLIC_COMMANDS`` lists (default /start, /bantuan and /daftar), unless
``LAKIP_OPEN_READ`` opens reading to everyone. Writes check roles again in the domain, so
this gate is for a polite early answer, not the only line of defence.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot import texts
from bot.common import read_now, run_db, send, settings_of
from lakip_model.users import Actor, actor_of

ACTORS_KEY = "actors"
# Commands that anybody may send; everything else needs a registered user. /tenggat lists
# public deadlines; /pengingat checks Telegram's own group-admin status itself.
PUBLIC_COMMANDS = frozenset(
    {
        "start",
        "bantuan",
        "help",
        "daftar",
        "register",
        "batal",
        "cancel",
        "tenggat",
        "deadlines",
        "pengingat",
        "reminders",
    }
)
# Buttons whose handlers check the presser themselves (group admins need no registration).
PUBLIC_CALLBACKS = frozenset({"rm"})
# Read-only commands: open to everyone when LAKIP_OPEN_READ is set.
READ_COMMANDS = frozenset(
    {
        "ringkasan",
        "summary",
        "anggaran",
        "budget",
        "capaian",
        "indicators",
        "dibawahtarget",
        "below",
        "cari",
        "search",
        "grafik",
        "chart",
        "ekspor",
        "export",
        "tenggat",
        "deadlines",
    }
)


def command_of(update: Update) -> str | None:
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower()


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Look up the user once per update; stop updates an unregistered user may not send."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    actor = await read_now(context, lambda connection: actor_of(connection, user.id))
    _remember(context, user.id, actor)
    if actor is not None:
        return
    command = command_of(update)
    if command is not None:
        if command in PUBLIC_COMMANDS:
            return
        if command in READ_COMMANDS and settings_of(context).open_read:
            return
        text = update.message.text if update.message and update.message.text else "/"
        addressee = text.split()[0].partition("@")[2]
        if addressee and addressee.lower() != (context.bot.username or "").lower():
            return  # for another bot in the group
        await send(update, texts.NOT_REGISTERED)
        raise ApplicationHandlerStop
    if update.callback_query is not None:
        data = update.callback_query.data or ""
        prefix = data.split("|")[0]
        if prefix in PUBLIC_CALLBACKS:
            return
        if settings_of(context).open_read and prefix in READ_CALLBACKS:
            return
        await update.callback_query.answer(texts.NOT_REGISTERED[:190], show_alert=True)
        raise ApplicationHandlerStop


# callback prefixes of bot/status.py (read-only navigation)
READ_CALLBACKS = frozenset({"ang", "angq", "tw", "cap", "bwh", "cari", "ind", "gfk", "eks", "menu"})


def _remember(context: ContextTypes.DEFAULT_TYPE, user_id: int, actor: Actor | None) -> None:
    """Keep what the gate found for the handlers of this update (refreshed on every update)."""
    actors = context.bot_data.setdefault(ACTORS_KEY, {})
    if actor is None:
        actors.pop(user_id, None)
    else:
        actors[user_id] = actor


def current_actor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Actor | None:
    """The registered user the gate found for this update (None if unregistered)."""
    user = update.effective_user
    if user is None:
        return None
    return context.bot_data.get(ACTORS_KEY, {}).get(user.id)


async def fresh_actor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Actor | None:
    """Re-read the user for a write: a role removed a second ago must already count."""
    user = update.effective_user
    if user is None:
        return None

    def work(session: Session) -> Actor | None:
        return actor_of(session, user.id)

    return await run_db(context, work)


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=-1)
