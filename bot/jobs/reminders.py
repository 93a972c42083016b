"""The reminder delivery job: every minute, send what is due and record what was missed.

A repeating job (``tick``) asks ``lakip_model.reminders`` what is due, claims each reminder in
the database (a lease), sends it and records the outcome. The schedule lives in the database, so
a restart or a second process needs no hand-over: see docs/deadlines.md. Several chats are served
at once (the rate limiter paces the sends); one chat's reminders go in order.

Telegram's answers are sorted (``_deliver``): a 5xx, a network error, a timeout or a 429 is
retryable (``mark_retry``: a later pass of any process sends it, while inside the grace window);
a 400 or 403 fails for good (``mark_failed``) and the bot admins are told, once per delivery. A
chat found gone (403) has its reminders stopped and the admins told (``chat_lost``, also used by
``journeys.membership``).

The clock is ``bot.context.now_of``: the injected one when set (tests), else the wall clock in
LAKIP_TIMEZONE.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session
from telegram import LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import CallbackContext
from telegram.warnings import PTBDeprecationWarning

from bot.context import App, engine_of, now_of, run_db, settings_of
from bot.jobs import digest as digest_job
from bot.views import common as ui
from bot.views import reminders as views
from lakip_model import reminders as rem
from lakip_model.deadlines import DeadlineRule, Occurrence
from lakip_model.users import admin_ids

log = logging.getLogger(__name__)

JOB_NAME = "pengingat-tenggat"
TICK_SECONDS = 60.0
SEND_ATTEMPTS = 3  # 429s retried after retry_after; AIORateLimiter retries before this
# The longest 429 waited out inside a pass; a longer retry_after is left to a later pass (the
# reminder is recorded ``retry``), so that no send outlasts its claim's lease.
MAX_INLINE_WAIT = 30.0


_sleep = asyncio.sleep  # waiting out a 429; tests replace it to check the wait without waiting


def now_in_zone(app: App) -> datetime:
    """The current instant in LAKIP_TIMEZONE, from the injected clock if there is one."""
    return now_of(app).astimezone(settings_of(app).tz)


def process_id(app: App) -> str:
    """Who claimed a delivery: host, pid and a random tag (two Applications in one process)."""
    if app.bot_data.process_name is None:
        app.bot_data.process_name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    return app.bot_data.process_name


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives an int (v22 default) or a timedelta."""
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_html(app: App, chat_id: int, text: str) -> Message:
    """Send an HTML message (split at Telegram's limit); the first part's message is returned.

    A 429 of at most ``MAX_INLINE_WAIT`` is waited out and retried, in case no AIORateLimiter
    did so already; every other error, and a longer 429, is the caller's to handle.
    """
    first: Message | None = None
    for part in ui.split_message(text):
        for attempt in range(SEND_ATTEMPTS):
            try:
                message = await app.bot.send_message(
                    chat_id,
                    part,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                break
            except RetryAfter as exc:
                if attempt == SEND_ATTEMPTS - 1 or retry_seconds(exc) > MAX_INLINE_WAIT:
                    raise
                await _sleep(retry_seconds(exc))
        first = first or message
    assert first is not None
    return first


def compose(session: Session, planned: rem.Planned, today: date) -> str:
    """The text of one reminder, with the queries it needs (who is still missing, the units):
    all of the subscription's agency, whichever agency the bot serves otherwise."""
    agency_code = rem.agency_code_of(session, planned.agency_id)
    units = {int(u.id or 0): u for u in rem.reminder_units(session, agency_code)}
    status = rem.realization_status(session, planned, agency_code)
    indicators = rem.indicator_status(session, planned, agency_code)
    unit = units.get(planned.unit_id) if planned.unit_id else None
    return views.reminder_text(planned, status, unit, units, today, indicators)


# --- delivery -----------------------------------------------------------------------------------

DELIVERY_WORKERS = 8  # chats served at once: enough to hide each one's database work behind
# the rate limiter's pacing (1/30 s a message), few enough to leave threads for the handlers

TextKey = tuple[int, DeadlineRule, Occurrence, int | None]


@dataclass
class TickReport:
    """What one pass of the delivery job did (for logs and tests)."""

    sent: int = 0
    failed: int = 0  # for good (4xx, Forbidden), or the database failed to claim or record
    missed: int = 0
    taken: int = 0  # claimed by another process (or an earlier pass) first
    retry: int = 0  # a retryable failure (5xx, network, 429): a later pass sends it


class _Texts:
    """The reminder texts of one pass, each composed (with its queries) once.

    A text depends on the agency, the rule, the occurrence, the unit and the day only
    (``compose``): the chat, the lead and the instant are not in it. So a thousand groups
    following one unit's monthly report share one text; whoever asks while it is being
    composed waits for it.
    """

    def __init__(self, app: App, today: date) -> None:
        self._app = app
        self._today = today
        self._texts: dict[TextKey, str] = {}
        self._locks: dict[TextKey, asyncio.Lock] = {}

    async def text(self, planned: rem.Planned) -> str:
        key: TextKey = (planned.agency_id, planned.rule, planned.occurrence, planned.unit_id)
        async with self._locks.setdefault(key, asyncio.Lock()):
            if key not in self._texts:  # a failure stores nothing: the next asker tries again
                today = self._today
                self._texts[key] = await run_db(
                    engine_of(self._app), lambda s: compose(s, planned, today)
                )
        return self._texts[key]


@dataclass
class _Pass:
    """What the chats of one delivery pass share."""

    app: App
    now: datetime
    process: str
    lease: timedelta
    texts: _Texts
    report: TickReport
    lost: set[int]  # chats found gone (Forbidden): their remaining reminders are not claimed


async def deliver_due(app: App) -> TickReport:
    """Send what is due now, record what was missed: one pass of the job.

    Chats are served ``DELIVERY_WORKERS`` at a time, so one chat's claim, text and record are
    done while another's message waits for the rate limiter; a chat's own reminders go out one
    after the other, in their order.
    """
    settings = settings_of(app)
    engine = engine_of(app)
    now = now_in_zone(app)
    grace = app.bot_data.reminder_grace or timedelta(hours=settings.reminder_grace_hours)
    lease = app.bot_data.reminder_lease or timedelta(minutes=settings.reminder_lease_minutes)
    process = process_id(app)
    due = await run_db(
        engine,
        lambda s: rem.due_reminders(
            s, now, grace, tz=settings.tz, agency_code=settings.agency_code
        ),
    )
    run = _Pass(app, now, process, lease, _Texts(app, now.date()), TickReport(), set())
    for planned in due.missed:
        if await asyncio.to_thread(rem.record_missed, engine, planned, process, now):
            run.report.missed += 1
            log.warning("reminder missed (bot was down): %s", planned.key)
    chats = _by_chat(due.send)
    queue = iter(chats)  # shared by the workers: each chat is taken by exactly one
    async with asyncio.TaskGroup() as workers:
        for _ in range(min(DELIVERY_WORKERS, len(chats))):
            workers.create_task(_serve(run, queue))
    return run.report


def _by_chat(plans: list[rem.Planned]) -> list[list[rem.Planned]]:
    """The reminders of each chat in their order; chats in the order of their first reminder."""
    chats: dict[int, list[rem.Planned]] = {}
    for planned in plans:
        chats.setdefault(planned.chat_id, []).append(planned)
    return list(chats.values())


async def _serve(run: _Pass, queue: Iterator[list[rem.Planned]]) -> None:
    """A worker: takes the next chat until none is left."""
    for chat in queue:
        await _deliver_chat(run, chat)


async def _deliver_chat(run: _Pass, chat: list[rem.Planned]) -> None:
    """One chat's reminders in order; an error ends this chat's turn, never the pass.

    ``_deliver`` records what goes wrong with a claimed reminder itself; what escapes it (the
    database failing to claim or to record) is logged and counted as failed, and the chat's
    later reminders wait for the next pass (unclaimed, so they are sent then, still in order).
    A retryable failure ends the chat's turn the same way: its later reminders are not sent
    before it.
    """
    for planned in chat:
        if planned.chat_id in run.lost:
            continue  # its subscriptions were just stopped; nothing claimed, nothing to record
        try:
            outcome = await _claim_and_deliver(run, planned)
        except Exception:
            log.exception("reminder %s failed; the chat's other reminders wait", planned.key)
            run.report.failed += 1
            return
        if outcome is None:
            run.report.taken += 1
        elif outcome is rem.DeliveryStatus.SENT:
            run.report.sent += 1
        elif outcome is rem.DeliveryStatus.RETRY:
            run.report.retry += 1
            return
        else:
            run.report.failed += 1


async def _claim_and_deliver(run: _Pass, planned: rem.Planned) -> rem.DeliveryStatus | None:
    """Claim a reminder and deliver it; None when someone else had claimed it."""
    engine = engine_of(run.app)
    delivery = await asyncio.to_thread(
        rem.claim, engine, planned, run.process, now_in_zone(run.app), lease=run.lease
    )
    if delivery is None:
        return None
    return await _deliver(run, planned, int(delivery.id or 0), delivery.attempts)


async def _deliver(
    run: _Pass, planned: rem.Planned, delivery_id: int, attempt: int
) -> rem.DeliveryStatus:
    """Send one claimed reminder and record the outcome; never leaves it ``claimed`` on error.

    Sent: recorded at once, the very next thing after Telegram's answer (the shorter that gap,
    the smaller the chance that a crash makes another process send it again). Forbidden and
    BadRequest (the chat is gone, unknown, or refuses the message: asking again gets the same
    answer) fail for good and the admins are told by whichever process recorded it. Anything
    else (5xx, network, timeout, 429, a bug) is retried by a later pass.
    """
    app = run.app
    chat_id = planned.chat_id
    try:
        text = await run.texts.text(planned)
        try:
            message = await send_html(app, chat_id, text)
        except ChatMigrated as exc:
            chat_id = exc.new_chat_id
            if not await _follow_migration(app, planned.chat_id, chat_id, delivery_id):
                await _failed(
                    app, delivery_id, f"grup pindah ke {chat_id}; dikirim proses lain", attempt
                )
                return rem.DeliveryStatus.FAILED
            message = await send_html(app, chat_id, text)
    except Forbidden as exc:
        await _failed(app, delivery_id, f"Forbidden: {exc.message}", attempt)
        run.lost.add(chat_id)
        await chat_lost(app, chat_id, planned.chat_title, str(exc.message))
        return rem.DeliveryStatus.FAILED
    except BadRequest as exc:
        log.warning("reminder %s refused for good: %s", planned.key, exc)
        if await _failed(app, delivery_id, f"BadRequest: {exc.message}", attempt):
            text = views.reminder_failed(planned, chat_id, str(exc.message))
            await tell_admins(app, planned.agency_id, text)
        return rem.DeliveryStatus.FAILED
    except RetryAfter as exc:
        wait = timedelta(seconds=retry_seconds(exc))
        log.warning("reminder %s: Telegram asks to wait %s", planned.key, wait)
        await _retry(app, delivery_id, f"RetryAfter: {wait}", attempt, wait)
        return rem.DeliveryStatus.RETRY
    except TelegramError as exc:  # NetworkError (5xx, dropped), TimedOut, ...
        log.warning("reminder %s not sent, retried later: %s", planned.key, exc)
        await _retry(app, delivery_id, f"{type(exc).__name__}: {exc.message}", attempt)
        return rem.DeliveryStatus.RETRY
    except Exception as exc:  # a bug must not leave the claim hanging as if being sent
        log.exception("reminder %s failed, retried later", planned.key)
        await _retry(app, delivery_id, f"{type(exc).__name__}: {exc}", attempt)
        return rem.DeliveryStatus.RETRY
    sent_at = now_in_zone(app)
    await run_db(
        engine_of(app), lambda s: rem.mark_sent(s, delivery_id, message.message_id, sent_at)
    )
    return rem.DeliveryStatus.SENT


async def _failed(app: App, delivery_id: int, error: str, attempt: int) -> bool:
    """Record a permanent failure; False if this claim had been taken over meanwhile."""
    now = now_in_zone(app)
    row = await run_db(
        engine_of(app), lambda s: rem.mark_failed(s, delivery_id, error, now, attempt=attempt)
    )
    return row is not None


async def _retry(
    app: App, delivery_id: int, error: str, attempt: int, wait: timedelta = timedelta(0)
) -> None:
    now = now_in_zone(app)
    await run_db(
        engine_of(app),
        lambda s: rem.mark_retry(s, delivery_id, error, now, attempt=attempt, not_before=wait),
    )


async def tell_admins(app: App, agency: int, text: str) -> None:
    """A private message to each admin of one agency (by id), failures logged: a reminder's
    notices go to its subscription's agency only, never to another agency's admins."""
    admins = await run_db(engine_of(app), lambda s: admin_ids(s, agency))
    for admin in admins:
        try:
            await send_html(app, admin, text)
        except TelegramError as exc:
            log.warning("could not tell admin %s: %s", admin, exc)


async def _follow_migration(
    app: App,
    old: int,
    new: int,
    delivery_id: int,
) -> bool:
    """Move the chat's rows to the supergroup; False if the new id already had this reminder."""

    def work(session: Session) -> bool:
        rem.migrate_chat(session, old, new)
        row = session.get(rem.Delivery, delivery_id)
        return row is not None and row.chat_id == new

    return await run_db(engine_of(app), work)


async def chat_lost(
    app: App,
    chat_id: int,
    title: str | None,
    reason: str,
) -> None:
    """Stop a chat's reminders and, if this process was the one to stop them, tell the admins.

    Each agency whose subscriptions were stopped has its own admins told, of its own count; an
    agency the group did not follow hears nothing.
    """

    def work(session: Session) -> list[tuple[int, list[int]]]:
        stopped = rem.drop_chat_by_agency(session, chat_id)
        return [(count, admin_ids(session, agency)) for agency, count in stopped.items()]

    for stopped, admins in await run_db(engine_of(app), work):
        text = views.chat_lost(title, chat_id, reason, stopped)
        for admin in admins:
            try:
                await send_html(app, admin, text)
            except TelegramError as exc:
                log.warning(
                    "could not tell admin %s that chat %s was lost: %s", admin, chat_id, exc
                )


async def tick(context: CallbackContext) -> None:
    """The repeating job: one delivery pass of the reminders, then one of the quarterly digests
    (``bot.jobs.digest``); a failure is logged and the next minute retries."""
    passes = (("reminders", deliver_due), ("digests", digest_job.deliver_digests))
    for name, deliver in passes:
        try:
            report = await deliver(context.application)
        except Exception:
            log.exception("%s pass failed", name)
            continue
        if report.sent or report.failed or report.missed:
            log.info("%s: %s", name, report)


# --- wiring -------------------------------------------------------------------------------------


def disarm(app: App) -> int:
    """Remove the delivery job (tests drive ``deliver_due`` themselves); returns jobs removed."""
    if app.job_queue is None:
        return 0
    jobs = [j for j in app.job_queue.jobs() if (j.name or "").startswith(JOB_NAME)]
    for job in jobs:
        job.schedule_removal()
    return len(jobs)


async def arm(app: App) -> None:
    """Seed the default rules an agency lacks; the job's first pass does it at every start."""
    await asyncio.to_thread(rem.ensure_default_rules, engine_of(app))


def register(app: App, *, interval: float | None = TICK_SECONDS) -> None:
    """The delivery job every ``interval`` seconds (None: no job, tests tick themselves).

    The first pass runs as soon as the application starts, which re-arms everything from the
    database: reminders that fell due while the bot was down are sent (within the grace window)
    or recorded as missed. Registering twice is a no-op (``bot_data.reminders_registered``).
    """
    if app.bot_data.reminders_registered:
        return
    app.bot_data.reminders_registered = True
    process_id(app)
    if interval is None:
        return
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")

    async def first_pass(context: CallbackContext) -> None:
        await arm(context.application)
        await tick(context)

    job_kwargs: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True}
    app.job_queue.run_once(first_pass, when=0, name=f"{JOB_NAME}-awal", job_kwargs=job_kwargs)
    app.job_queue.run_repeating(
        tick, interval=interval, first=interval, name=JOB_NAME, job_kwargs=job_kwargs
    )
