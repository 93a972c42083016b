"""Composition root: builds the Application and runs it online, or offline on the emulator."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine
from telegram import Update
from telegram.ext import ApplicationBuilder, Defaults, ExtBot
from telegram.request import HTTPXRequest

from bot import access, commands, errors, persistence, ratelimit
from bot.context import CONTEXT_TYPES, App, settings_of
from bot.jobs import city_digest as city_digest_job
from bot.jobs import reminders as reminder_job
from bot.journeys import (
    agencies,
    ask,
    capaian,
    city,
    deadlines,
    digest,
    fallback,
    files,
    help,
    history,
    imports,
    lapor,
    membership,
    missing,
    registration,
    reminder_settings,
    rencana_aksi,
    review,
    status,
    undo,
    users,
    years,
)
from bot.persistence import DatabasePersistence
from bot.settings import BotSettings
from lakip_model.db import async_twin, point_reader

log = logging.getLogger(__name__)

# The person at the terminal in the offline chat. To try the officer's and admin's journeys
# there: `lakip-bot users set 1001 admin`.
OFFLINE_USER_ID = 1001


class BotApi(Protocol):
    """Where a Bot API server other than Telegram's listens (the loopback emulator)."""

    @property
    def token(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def base_file_url(self) -> str: ...


class RedactedBot(ExtBot[Any]):
    """PTB's bot, whose ``repr`` (and so the Application's, in any log or traceback) would
    show the token: ``ExtBot[token=123:ABC…]``. Here it shows the bot's name only."""

    __slots__ = ()

    def __repr__(self) -> str:
        user = self._bot_user
        return f"Bot[username={user.username}]" if user is not None else "Bot[token=***]"


async def register_commands(app: App) -> None:
    """Publish the Indonesian command menus of strangers and groups (``bot.commands``); each
    registered user's is set when they first write (``bot.access``). A failure must not stop
    the bot. Then set aside what start-up made for the collector (:func:`_settle`)."""
    await commands.set_shared_menus(app.bot, open_read=settings_of(app).open_read)
    _settle()


def _settle() -> None:
    """Move every object alive at start-up (modules, handlers, SQLAlchemy's tables and
    statements: 134,550 objects once bot.app and bot.cli are imported) out of the garbage
    collector's sight for the process's life (``gc.freeze``). A full collection otherwise
    scans them all every few requests that allocate much (a city's /peringkat): 91 ms on
    this VM for those alone, which made /peringkat's p95 2.7x its median (docs/performance.md).
    ``close_reader`` gives them back at shutdown, so that a process that builds many
    Applications (the tests) does not keep each one's cycles for good."""
    gc.freeze()


async def close_reader(app: App) -> None:
    """Close the point reader's connection and the asyncio engine's pool: their connections
    belong to this event loop (both open again if the Application restarts)."""
    gc.unfreeze()  # _settle's objects are the collector's again
    reader = app.bot_data.reader
    if reader is not None:
        reader.dispose()
    if app.bot_data.async_engine is not None:
        await app.bot_data.async_engine.dispose()


def build_application(
    settings: BotSettings,
    engine: Engine,
    *,
    api: BotApi | None = None,
    rate_limiter: bool = True,
) -> App:
    """The bot with every journey registered, talking to Telegram or to ``api`` (an emulator)."""
    if api is not None:
        token, base_url, base_file_url = api.token, api.base_url, api.base_file_url
    else:
        if not settings.token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        token, base_url = settings.token, settings.telegram_base_url
        base_file_url = settings.telegram_base_file_url or base_url.replace("/bot", "/file/bot")
    # On PostgreSQL: the handlers' transactions, and what several processes share (the
    # persistence, the flood buckets, the send pace: docs/processes.md).
    async_engine = async_twin(engine)
    bot = RedactedBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        defaults=Defaults(tzinfo=settings.tz),
        # Telegram's limits, paced without bursts; 429s, 5xx and dropped connections retried.
        rate_limiter=ratelimit.RetryingRateLimiter.paced(async_engine) if rate_limiter else None,
        # as ApplicationBuilder would: a pool for concurrent handlers, one for getUpdates
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .post_init(register_commands)
        .post_shutdown(close_reader)
        .concurrent_updates(True)
        .persistence(DatabasePersistence(engine, async_engine=async_engine))
    )
    app: App = builder.build()
    app.bot_data.engine = engine
    app.bot_data.reader = point_reader(engine)
    app.bot_data.async_engine = async_engine
    app.bot_data.settings = settings
    ratelimit.register(app)  # first: a flood is stopped before it costs a database lookup
    persistence.register(app)  # several processes: refresh before the journeys, flush after
    access.register(app)
    lapor.register(app)  # before status: a conversation step sees its text first
    rencana_aksi.register(app)
    history.register(app)
    undo.register(app)
    review.register(app)
    registration.register(app)
    users.register(app)
    agencies.register(app)
    help.register(app)
    status.register(app)
    capaian.register(app)
    files.register(app)
    deadlines.register(app)
    reminder_settings.register(app)
    membership.register(app)
    reminder_job.register(app)
    missing.register(app)
    digest.register(app)
    city.register(app)
    city_digest_job.register(app)
    years.register(app)
    imports.register(app)  # after lapor: a document sent as /lapor's evidence stays there
    ask.register(app)  # after every conversation: free text is a question only outside them
    fallback.register(app)  # last: it answers what no journey took
    app.add_error_handler(errors.on_error)
    return app


class WebhookConfigError(ValueError):
    """Webhook mode is asked for but cannot run safely; the message says what to set."""


@dataclass(frozen=True)
class Webhook:
    """Where the bot listens for Telegram's POSTs, and the secret that proves they are Telegram's.

    Without the secret anyone who finds the listener could post forged updates (a forged
    "Setujui" press from a verifikator's id), so webhook mode refuses to start without one. A
    generated secret would do for one process, but several processes behind one URL must share
    it: each registering its own would lock the others out.
    """

    listen: str
    port: int
    url: str
    secret: str

    @classmethod
    def of(cls, settings: BotSettings) -> Webhook | None:
        """The webhook of ``settings``, None for long polling."""
        if not settings.telegram_webhook_url:
            return None
        if settings.telegram_webhook_secret is None:
            raise WebhookConfigError(
                "TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL: Telegram sends "
                "it back with every update, and requests without it are refused"
            )
        host, _, port = settings.telegram_webhook_listen.rpartition(":")
        return cls(
            listen=host or "127.0.0.1",
            port=int(port),
            url=settings.telegram_webhook_url,
            secret=settings.telegram_webhook_secret.get_secret_value(),
        )

    def options(self) -> dict[str, Any]:
        """Arguments of ``Application.run_webhook`` and ``Updater.start_webhook``."""
        return {
            "listen": self.listen,
            "port": self.port,
            "webhook_url": self.url,
            "secret_token": self.secret,
            "allowed_updates": Update.ALL_TYPES,
        }


def run_bot(settings: BotSettings, engine: Engine) -> None:
    """Long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set (behind a reverse proxy)."""
    webhook = Webhook.of(settings)  # before anything starts: a bad configuration stops here
    app = build_application(settings, engine)
    if webhook is not None:
        app.run_webhook(**webhook.options())
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


def run_offline_chat(settings: BotSettings, engine: Engine) -> None:
    """A terminal chat with the real bot, through the loopback Bot API emulator."""
    from emulator import BotApiEmulator
    from emulator.terminal import run_terminal_chat

    # Reading is open in the offline chat; writing still needs a registered user, so a local
    # demo never grants rights to a Telegram id that may belong to a real person.
    offline = settings.model_copy(update={"open_read": True})

    async def main() -> None:
        async with BotApiEmulator() as emulator:
            app = build_application(offline, engine, api=emulator, rate_limiter=False)
            user = emulator.user(OFFLINE_USER_ID, "Kepala Dinas", username="kadis")
            await run_terminal_chat(app, emulator, user=user, out_dir=settings.chat_output_dir)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(file=sys.stderr)
