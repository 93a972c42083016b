"""/langganan (/subscribe): the quarterly digest, subscribed to or stopped in a private chat.

The pimpinan receive the digest without subscribing (and may stop it here); anyone else of the
agency who is registered subscribes with the button. Another button shows the digest of the
quarter just ended at once (the presser's agency), so nobody subscribes blind. A press writes
through ``lakip_model.digest.set_digest``, which re-reads the presser in its transaction. The
digest itself is sent by the job (``bot.jobs.digest``).
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot import commands, texts
from bot.common import add_buttons, edit, pressed, send
from bot.context import App, BotContext, settings_of
from bot.views import digest as view
from bot.views.common import Reply
from lakip_model import digest


def _panel(session: Session, telegram_id: int, context: BotContext) -> Reply:
    choice = digest.digest_choice(session, telegram_id)
    upcoming = digest.next_digest(session, context.now(), settings_of(context.application).tz)
    return view.subscription_panel(
        choice.receives,
        choice.pimpinan,
        upcoming.instant if upcoming else None,
        upcoming.occurrence.period_label if upcoming else None,
    )


async def subscribe_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if chat.type != "private":
        await send(update, texts.SUBSCRIBE_PRIVATE_ONLY)
        return
    await send(update, await context.db(lambda s: _panel(s, user.id, context)))


async def on_set(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    choice = pressed(update, view.DigestSet)
    presser, now = query.from_user.id, context.now()

    def work(session: Session) -> Reply:
        digest.set_digest(session, presser, choice.subscribed, now)
        return _panel(session, presser, context)

    reply = await context.db(work)  # a refusal (no longer registered): its alert
    await query.answer(texts.SUBSCRIBED if choice.subscribed else texts.UNSUBSCRIBED)
    await edit(update, reply)


async def on_show(update: Update, context: BotContext) -> None:
    """The digest of the quarter just ended, as a new message (the panel stays)."""
    query = update.callback_query
    assert query is not None
    pressed(update, view.DigestShow)
    presser, today = query.from_user.id, context.today()
    norm = digest.parse_norm(settings_of(context.application).absorption_norm)

    def work(session: Session) -> str:
        return view.digest_text(digest.latest_digest(session, presser, today, norm))

    text = await context.db(work)
    await query.answer()
    await send(update, text)


def register(app: App) -> None:
    app.add_handler(commands.handler("langganan", subscribe_command))
    add_buttons(app, {view.DigestSet: on_set, view.DigestShow: on_show})
