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

**Several processes** (PostgreSQL, docs/processes.md): both limits belong to the bot, not to a
process. :class:`SharedRateLimiter` keeps each user's bucket in the database
(``lakip_model.throttle.take_token``), and ``RetryingRateLimiter.paced(shared=engine)`` reserves
every message's send instant on one database row (``reserve_send``) instead of pacing itself, so
two processes together send at most ``SHARED_PACE`` messages a second.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from lakip_model.throttle import first_warning, reserve_send, take_token

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

# Limits: CAPACITY is LAKIP_FLOOD_LIMIT's default (BotSettings.flood_limit).
CAPACITY = 20
WINDOW_SECONDS = 10.0
# Above this many tracked users, those whose bucket is full again are forgotten.
MAX_TRACKED = 10_000
GROUP = -3  # first: before the shared persistence (-2), the access gate (-1), every journey
# Outgoing requests: Telegram's overall bound for one bot (30 a second), paced evenly a little
# below it, so that network jitter bunching two requests cannot put 31 into one second.
MESSAGES_PER_SECOND = 30
PACE = 0.95 * MESSAGES_PER_SECOND
# Paced on the database clock, instants are exact (no drift of sleeps adding up across
# processes): 97 % keeps 30 requests more than a second apart by 31 ms of jitter.
SHARED_PACE = 0.97 * MESSAGES_PER_SECOND
# A request woken this much after its reserved instant reserves another (at most this often).
LATE_SECONDS = 0.012
LATE_RESERVATIONS = 4
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

    async def judge(self, user_id: int) -> bool:
        """Spend a token; whether the update passes (``take`` as the handler awaits it)."""
        return self.take(user_id)

    async def warn_once(self, user_id: int) -> bool:
        """``first_warning`` as the handler awaits it."""
        return self.first_warning(user_id)

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
    if limiter is None:
        return
    if await limiter.judge(user.id):
        return
    # Only an update the bot would have answered gets the notice: group chatter stays silent.
    if _answers(update, context.bot.username) and await limiter.warn_once(user.id):
        log.warning("user %s is over the rate limit; dropping updates for a while", user.id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.FLOOD_NOTICE, show_alert=True)
            else:
                await send(update, texts.FLOOD_NOTICE)
        except TelegramError as exc:
            log.warning("could not send the flood notice to %s: %s", user.id, exc)
    raise ApplicationHandlerStop


@dataclass
class SharedRateLimiter(RateLimiter):
    """The same buckets, kept in the database so that every process spends from one.

    One UPSERT per update on the asyncio engine (``lakip_model.throttle.take_token``). If the
    database cannot be reached the update passes: the journey behind it will report the outage
    itself, and a limit must never be the reason an officer gets no answer.
    """

    engine: AsyncEngine | None = None

    async def judge(self, user_id: int) -> bool:
        if self.engine is None:
            return await super().judge(user_id)
        # the database's clock, unless a test has put in a clock of its own
        now = None if self.clock is time.monotonic else self.clock()
        try:
            async with self.engine.begin() as connection:
                return await connection.run_sync(
                    lambda c: take_token(
                        c, user_id, capacity=self.capacity, rate=self.rate, now=now
                    )
                )
        except Exception:
            log.exception("the shared flood limit could not be read; letting the update pass")
            return True

    async def warn_once(self, user_id: int) -> bool:
        if self.engine is None:
            return await super().warn_once(user_id)
        try:
            async with self.engine.begin() as connection:
                return await connection.run_sync(lambda c: first_warning(c, user_id))
        except Exception:
            log.exception("the shared flood notice could not be recorded; staying silent")
            return False


def register(app: App, limiter: RateLimiter | None = None) -> RateLimiter:
    """Install the limit in front of every handler; returns the limiter (kept in bot_data).

    On PostgreSQL (``bot_data.async_engine``) the buckets are shared by every process."""
    if limiter is None:
        shared = app.bot_data.async_engine
        settings = app.bot_data.settings
        capacity = settings.flood_limit if settings is not None else CAPACITY
        limiter = (
            SharedRateLimiter(capacity=capacity, engine=shared)
            if shared is not None
            else RateLimiter(capacity=capacity)
        )
    app.bot_data.limiter = limiter
    app.add_handler(TypeHandler(Update, check), group=GROUP)
    return limiter


# --- outgoing ---------------------------------------------------------------------------------


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that also retries requests lost to 5xx answers and dropped connections.

    ``paced()`` is the production setting; ``getUpdates`` never comes here (PTB polls on its own
    terms).
    """

    @classmethod
    def paced(cls, shared: AsyncEngine | None = None) -> RetryingRateLimiter:
        """One request per 1/PACE s, never a burst (aiolimiter's bucket of 30 lets 30 through at
        once after a pause, and Telegram answers the next second's excess with 429s).

        With ``shared`` (the PostgreSQL asyncio engine) the instants are reserved in the
        database at ``SHARED_PACE``, for every process together, and this process's own overall
        pacing is off; the per-group limit stays per process."""
        if shared is not None:
            return cls(overall_max_rate=0, max_retries=3, shared=shared)
        return cls(overall_max_rate=1, overall_time_period=1 / PACE, max_retries=3)

    def __init__(
        self,
        *,
        network_retries: int = NETWORK_RETRIES,
        pause: float = RETRY_PAUSE_SECONDS,
        shared: AsyncEngine | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.pause = pause
        self.shared = shared

    async def _wait_for_turn(self) -> None:
        """Reserve this request's instant on the shared row and wait for it.

        A request that wakes up late (its loop was busy) would land among the requests of the
        next instants, and 30 within one second is a 429: it reserves a later instant instead,
        a few times at most. If the database cannot be reached, this process falls back to its
        own pace for the request (1/PACE s): slower than needed, never faster."""
        if self.shared is None:
            return
        for _ in range(LATE_RESERVATIONS):
            asked = time.monotonic()
            try:
                async with self.shared.begin() as connection:
                    wait = await connection.run_sync(lambda c: reserve_send(c, 1 / SHARED_PACE))
            except Exception:
                log.exception("the shared send pace could not be reserved; pacing alone")
                await asyncio.sleep(1 / PACE)
                return
            due = asked + wait  # the earliest it can be: lateness is never underestimated
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if time.monotonic() - due <= LATE_SECONDS:
                return
        log.info("sending %.0f ms after the reserved instant", (time.monotonic() - due) * 1000)

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

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Every attempt of a request to a chat (what Telegram's bound counts), its retries
        after a 429 included, first waits for its shared instant (AIORateLimiter's hook)."""
        if chat:
            await self._wait_for_turn()
        return await super()._run_request(chat, group, allow_paid_broadcast, callback, args, kwargs)
