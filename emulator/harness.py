"""Run a python-telegram-bot ``Application`` against the emulator, the way ``run_polling`` does."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from emulator.server import BotApiEmulator

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def _check_pointed_at(app: AnyApplication, emulator: BotApiEmulator) -> None:
    """Refuse to run a bot that would talk to real Telegram instead of the emulator."""
    if not app.bot.base_url.startswith(emulator.base_url):
        raise ValueError(
            f"the application talks to {app.bot.base_url!r}, not to the emulator at "
            f"{emulator.base_url!r}; build it with base_url=emulator.base_url"
        )
    if app.updater is None:
        raise ValueError("the application has no Updater; build it without .updater(None)")


@asynccontextmanager
async def running(
    app: AnyApplication,
    emulator: BotApiEmulator,
    *,
    poll_timeout: float = 1.0,
    allowed_updates: Sequence[str] | None = None,
) -> AsyncIterator[AnyApplication]:
    """The application initialized, started and long-polling the emulator, then stopped.

    Mirrors ``Application.run_polling``: ``initialize``, ``post_init``, ``start_polling``
    (no poll interval, so an update is handled as soon as it is queued), ``start``; on exit
    ``updater.stop``, ``stop``, ``post_stop``, ``shutdown``, ``post_shutdown``. Shutdown takes
    well under a second: stopping the updater abandons its long poll and the emulator answers
    the final confirming ``getUpdates`` at once. While the application is handling an update,
    the emulator's waits (``ask``, ``click``, ``idle``) count it as busy.
    """
    _check_pointed_at(app, emulator)
    updater = app.updater
    assert updater is not None
    unwatch = emulator.watch_work(lambda: _handling(app))
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await updater.start_polling(
            poll_interval=0,
            timeout=dtm.timedelta(seconds=poll_timeout),
            drop_pending_updates=False,
            allowed_updates=allowed_updates,
        )
        await app.start()
        try:
            yield app
        finally:
            await _stop(app)
    finally:
        unwatch()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def _handling(app: AnyApplication) -> bool:
    """Whether the application holds an update it has not finished handling."""
    return app.update_queue.qsize() > 0 or app.update_processor.current_concurrent_updates > 0


async def _stop(app: AnyApplication) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
