"""Flood limits: a per-user limit on incoming updates, and retries of outgoing requests.

**Incoming.** Every update costs the bot at least a database lookup (the access gate) and
usually a reply, so one person holding a key down, or a script, could slow the bot for every
officer. Each user has a token bucket: ``CAPACITY`` updates at once, refilled at ``CAPACITY``
per ``WINDOW_SECONDS``. The first update over the limit gets a polite answer; the following ones
are dropped in silence until the bucket has a token again, so a flood never turns into a flood
of replies (which would run into Telegram's own limits). Group chatter counts but is never
answered. Updates without a person behind them (channel posts) and updates from bots pass
untouched. ``register(app)`` installs it in group -2, before the access gate.

**Outgoing.** :class:`RetryingRateLimiter` is PTB's ``AIORateLimiter`` (Telegram's own limits,
retries after a 429) that also retries a request lost to a transient failure: a 5xx answer or a
connection closed before any answer. Without it one failed ``sendMessage`` leaves an officer
without the answer to a step, or without the "Tersimpan" of an entry that was saved. A timeout
is not retried (the request may have arrived: a retry could send a message twice), nor is any
4xx answer (retrying cannot fix a bad request).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    ApplicationHandlerStop,
    TypeHandler,
)

from bot import texts
from bot.common import send
from bot.context import App, BotContext

log = logging.getLogger(__name__)

# Limits (module constants until they become settings).
CAPACITY = 20
WINDOW_SECONDS = 10.0
# Above this many tracked users, those whose bucket is full again are forgotten.
MAX_TRACKED = 10_000
GROUP = -2  # before the access gate (-1) and every journey
# Outgoing requests: Telegram's overall bound for one bot (30 a second), paced evenly a little
# below it, so that network jitter bunching two requests cannot put 31 into one second.
MESSAGES_PER_SECOND = 30
PACE = 0.95 * MESSAGES_PER_SECOND
# Outgoing requests: how often a transient failure is retried, and the first pause (doubling).
NETWORK_RETRIES = 4
RETRY_PAUSE_SECONDS = 0.25


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


@dataclass
class RateLimiter:
    """Token buckets per Telegram user id; ``clock`` is injectable for tests."""

    capacity: int = CAPACITY
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    buckets: dict[int, _Bucket] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Tokens per second."""
        return self.capacity / self.window

    def _refilled(self, bucket: _Bucket, now: float) -> None:
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now

    def take(self, user_id: int) -> bool:
        """Spend one token of ``user_id``'s bucket; False when it is empty (over the limit)."""
        now = self.clock()
        bucket = self.buckets.get(user_id)
        if bucket is None:
            self._forget_idle(now)
            bucket = self.buckets[user_id] = _Bucket(float(self.capacity), now)
        else:
            self._refilled(bucket, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        return False

    def first_warning(self, user_id: int) -> bool:
        """True once per flood: the one excess update that gets a notice."""
        bucket = self.buckets.get(user_id)
        if bucket is None or bucket.warned:
            return False
        bucket.warned = True
        return True

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop users whose bucket would be full anyway."""
        if len(self.buckets) < MAX_TRACKED:
            return
        for user_id, bucket in list(self.buckets.items()):
            if bucket.tokens + (now - bucket.at) * self.rate >= self.capacity:
                del self.buckets[user_id]


def _answers(update: Update, bot_username: str | None) -> bool:
    """Whether the bot would answer this update at all (so a notice is in place)."""
    if update.callback_query is not None:
        return True
    chat, message = update.effective_chat, update.message
    if chat is None or message is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    if not message.text or not message.text.startswith("/"):
        return False  # group chatter: the bot never answers it
    addressee = message.text.split()[0].partition("@")[2]
    return not addressee or addressee.lower() == (bot_username or "").lower()


async def check(update: Update, context: BotContext) -> None:
    """Let the update through, or stop it (after one polite notice per flood)."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    limiter = context.bot_data.limiter
    if limiter is None or limiter.take(user.id):
        return
    # Only an update the bot would have answered gets the notice: group chatter stays silent.
    if _answers(update, context.bot.username) and limiter.first_warning(user.id):
        log.warning("user %s is over the rate limit; dropping updates for a while", user.id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.FLOOD_NOTICE, show_alert=True)
            else:
                await send(update, texts.FLOOD_NOTICE)
        except TelegramError as exc:
            log.warning("could not send the flood notice to %s: %s", user.id, exc)
    raise ApplicationHandlerStop


def register(app: App, limiter: RateLimiter | None = None) -> RateLimiter:
    """Install the limit in front of every handler; returns the limiter (kept in bot_data)."""
    app.bot_data.limiter = limiter = limiter or RateLimiter()
    app.add_handler(TypeHandler(Update, check), group=GROUP)
    return limiter


# --- outgoing ---------------------------------------------------------------------------------


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that also retries requests lost to 5xx answers and dropped connections.

    ``paced()`` is the production setting; ``getUpdates`` never comes here (PTB polls on its own
    terms).
    """

    @classmethod
    def paced(cls) -> RetryingRateLimiter:
        """One request per 1/PACE s, never a burst (aiolimiter's bucket of 30 lets 30 through at
        once after a pause, and Telegram answers the next second's excess with 429s)."""
        return cls(overall_max_rate=1, overall_time_period=1 / PACE, max_retries=3)

    def __init__(
        self,
        *,
        network_retries: int = NETWORK_RETRIES,
        pause: float = RETRY_PAUSE_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.pause = pause

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                raise  # BadRequest is a NetworkError in PTB, but retrying cannot fix it
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                pause = self.pause * 2**attempt
                log.info("%s failed (%s); retrying in %.2f s", endpoint, exc, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")  # the loop returns or raises
