"""The city digest's delivery: at each quarter's start, once to each city group.

The agencies' quarterly digest (``bot.jobs.digest``) goes to each agency's leadership; this one
goes to the chats of LAKIP_CITY_CHAT_IDS (Bappeda's, the Inspektorat's, the Wali Kota's office),
on the same schedule, with the city's figures (``lakip_model.city_digest``: the quarter's
ranking by absorption against its norm and by IKU achievement, and who has not reported). It is
delivered with the reminders' machinery as that digest is: ``due_city_digests`` says what
is due, each delivery is claimed in the database (a lease, ``reminders.claim``), sent, and its
outcome recorded, so that two processes send it once and a failed send is retried within the
grace window. Its own repeating job, named under the reminders' (``reminders.disarm`` removes
it with theirs, so tests run the passes themselves).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from telegram.ext import CallbackContext

from bot.context import App, engine_of, run_db, settings_of
from bot.jobs import reminders as job
from bot.jobs.digest import send_claimed
from bot.views import city as views
from lakip_model import digest
from lakip_model import reminders as rem
from lakip_model.city_digest import city_digest, due_city_digests

log = logging.getLogger(__name__)

JOB_NAME = f"{job.JOB_NAME}-kota"


async def deliver_city_digests(app: App) -> job.TickReport:
    """Send the city digests due now and record those missed: one pass."""
    settings = settings_of(app)
    report = job.TickReport()
    if not settings.city_chat_ids:
        return report
    engine = engine_of(app)
    now = job.now_in_zone(app)
    lease = app.bot_data.reminder_lease or timedelta(minutes=settings.reminder_lease_minutes)
    norm = digest.parse_norm(settings.absorption_norm)
    process = job.process_id(app)
    chats = settings.city_chat_ids
    due = await run_db(
        engine, lambda s: due_city_digests(s, now, chats, digest.DIGEST_GRACE, tz=settings.tz)
    )
    for planned in due.missed:
        if await asyncio.to_thread(rem.record_missed, engine, planned, process, now):
            report.missed += 1
            log.warning("city digest missed (bot was down): %s", planned.key)
    composed: dict[str, str] = {}
    today = now.date()
    for planned in due.send:
        period = planned.occurrence.period_key
        try:
            claimed = await asyncio.to_thread(
                rem.claim, engine, planned, process, job.now_in_zone(app), lease=lease
            )
            if claimed is None:
                report.taken += 1
                continue
            if period not in composed:
                composed[period] = await run_db(
                    engine,
                    lambda s, p=planned: views.city_digest_text(  # type: ignore[misc]
                        city_digest(s, p, today, norm)
                    ),
                )
            outcome = await send_claimed(app, planned, composed[period], claimed, "city digest")
        except Exception:
            log.exception("city digest %s failed; a later pass tries again", planned.key)
            report.failed += 1
            continue
        if outcome is rem.DeliveryStatus.SENT:
            report.sent += 1
        elif outcome is rem.DeliveryStatus.RETRY:
            report.retry += 1
        else:
            report.failed += 1
    return report


async def tick(context: CallbackContext) -> None:
    try:
        report = await deliver_city_digests(context.application)
    except Exception:
        log.exception("city digest pass failed")
        return
    if report.sent or report.failed or report.missed:
        log.info("city digests: %s", report)


def register(app: App, *, interval: float | None = job.TICK_SECONDS) -> None:
    """The pass every ``interval`` seconds when the deployment has city chats (None: no job)."""
    if interval is None or not settings_of(app).city_chat_ids or app.job_queue is None:
        return
    job_kwargs: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True}
    app.job_queue.run_repeating(
        tick, interval=interval, first=1.0, name=JOB_NAME, job_kwargs=job_kwargs
    )
