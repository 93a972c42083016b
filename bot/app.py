"""Composition root: builds the Application and runs it online, or offline on the emulator."""

from __future__ import annotations

import asyncio
import logging
import sys

from sqlalchemy import Engine
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, Defaults

from bot import (
    access,
    commands,
    errors,
    ratelimit,
    reminders,
    reporting,
    review,
)
from bot.context import CONTEXT_TYPES, App
from bot.journeys import fallback, files, help, registration, status, users
from bot.persistence import DatabasePersistence
from bot.settings import BotSettings
from lakip_model.db import point_reader

log = logging.getLogger(__name__)

# The person at the terminal in the offline chat. To try the officer's and admin's journeys
# there: `lakip-bot users set 1001 admin`.
OFFLINE_USER_ID = 1001


async def register_commands(app: App) -> None:
    """Publish the Indonesian command menu; a failure must not stop the bot."""
    try:
        await app.bot.set_my_commands(commands.menu())
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)


async def close_reader(app: App) -> None:
    """Close the point reader's connection (it opens again if the Application restarts)."""
    reader = app.bot_data.reader
    if reader is not None:
        reader.dispose()


def build_application(
    settings: BotSettings,
    engine: Engine,
    *,
    token: str | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
    rate_limiter: bool = True,
) -> App:
    """The bot with every journey registered; the emulator passes its own token and URLs."""
    token = token or settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url = base_url or settings.telegram_base_url
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(
            base_file_url
            or settings.telegram_base_file_url
            or base_url.replace("/bot", "/file/bot")
        )
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(tzinfo=settings.tz))
        .post_init(register_commands)
        .post_shutdown(close_reader)
        .concurrent_updates(True)
        .persistence(DatabasePersistence(engine))
    )
    if rate_limiter:
        # Telegram's limits, paced without bursts; 429s, 5xx and dropped connections retried.
        # PTB's builder generics type the default limiter slot as None
        builder = builder.rate_limiter(ratelimit.RetryingRateLimiter.paced())  # type: ignore[arg-type]
    app: App = builder.build()
    app.bot_data.engine = engine
    app.bot_data.reader = point_reader(engine)
    app.bot_data.settings = settings
    ratelimit.register(app)  # first: a flood is stopped before it costs a database lookup
    access.register(app)
    reporting.register(app)  # before status: a conversation step sees its text first
    review.register(app)
    registration.register(app)
    users.register(app)
    help.register(app)
    status.register(app)
    files.register(app)
    reminders.register(app)
    fallback.register(app)  # last: it answers what no journey took
    app.add_error_handler(errors.on_error)
    return app


def run_bot(settings: BotSettings, engine: Engine) -> None:
    """Long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set (behind a reverse proxy)."""
    app = build_application(settings, engine)
    if settings.telegram_webhook_url:
        host, _, port = settings.telegram_webhook_listen.rpartition(":")
        secret = settings.telegram_webhook_secret
        app.run_webhook(
            listen=host or "127.0.0.1",
            port=int(port),
            webhook_url=settings.telegram_webhook_url,
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


def run_offline_chat(settings: BotSettings, engine: Engine) -> None:
    """A terminal chat with the real bot, through the loopback Bot API emulator."""
    from bot.emulator import BotApiEmulator
    from bot.emulator.terminal import run_terminal_chat

    # Reading is open in the offline chat; writing still needs a registered user, so a local
    # demo never grants rights to a Telegram id that may belong to a real person.
    offline = settings.model_copy(update={"open_read": True})

    async def main() -> None:
        async with BotApiEmulator() as emulator:
            app = build_application(
                offline,
                engine,
                token=emulator.token,
                base_url=emulator.base_url,
                base_file_url=emulator.base_file_url,
                rate_limiter=False,
            )
            user = emulator.user(OFFLINE_USER_ID, "Kepala Dinas", username="kadis")
            await run_terminal_chat(app, emulator, user=user, out_dir=settings.chat_output_dir)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(file=sys.stderr)
