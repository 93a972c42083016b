"""The quarterly digest's delivery: at each quarter's start, once per recipient.

Run by the reminder job's every pass (``bot.jobs.reminders.tick``), with the reminders'
machinery: ``lakip_model.digest.due_digests`` says what is due, each digest is claimed in the
database (a lease, ``reminders.claim``), sent to the recipient's private chat, and its outcome
recorded (``mark_sent``, ``mark_retry``, ``mark_failed``). A restart, a second process or a
failed send therefore neither sends it twice (but for the at-least-once window of
docs/deadlines.md) nor loses it while it is inside ``DIGEST_GRACE``. The text is composed once
per agency, quarter and pass (it is the agency's, the same for each of its recipients): every
agency's people get their own agency's digest (LAKIP_AGENCY: that agency's only).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.context import App, engine_of, run_db, settings_of
from bot.jobs import reminders as job
from bot.views import digest as views
from lakip_model import digest
from lakip_model import reminders as rem

log = logging.getLogger(__name__)


async def deliver_digests(app: App) -> job.TickReport:
    """Send the digests due now and record those missed: one pass."""
    settings = settings_of(app)
    engine = engine_of(app)
    now = job.now_in_zone(app)
    grace = digest.DIGEST_GRACE
    lease = app.bot_data.reminder_lease or timedelta(minutes=settings.reminder_lease_minutes)
    norm = digest.parse_norm(settings.absorption_norm)
    process = job.process_id(app)
    due = await run_db(
        engine,
        lambda s: digest.due_digests(
            s, now, grace, tz=settings.tz, agency_code=settings.agency_code
        ),
    )
    report = job.TickReport()
    for planned in due.missed:
        if await asyncio.to_thread(rem.record_missed, engine, planned, process, now):
            report.missed += 1
            log.warning("digest missed (bot was down): %s", planned.key)
    composed: dict[tuple[int, str], str] = {}  # (agency, quarter): the same for its people
    for planned in due.send:
        period = (planned.agency_id, planned.occurrence.period_key)
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
                    lambda s, p=planned: views.digest_text(  # type: ignore[misc]
                        digest.digest_of(s, p, norm)
                    ),
                )
            outcome = await send_claimed(app, planned, composed[period], claimed)
        except Exception:
            log.exception("digest %s failed; a later pass tries again", planned.key)
            report.failed += 1
            continue
        if outcome is rem.DeliveryStatus.SENT:
            report.sent += 1
        elif outcome is rem.DeliveryStatus.RETRY:
            report.retry += 1
        else:
            report.failed += 1
    return report


async def send_claimed(
    app: App, planned: rem.Planned, text: str, claimed: rem.Delivery, kind: str = "digest"
) -> rem.DeliveryStatus:
    """Send one claimed digest and record the outcome; never leaves it ``claimed`` on error.
    ``kind`` names it in the log (the city digest is sent the same way).

    Forbidden (the user blocked the bot) and BadRequest fail for good; anything else (5xx,
    network, timeout, 429, a bug) is retried by a later pass, as a reminder is.
    """
    engine = engine_of(app)
    delivery_id, attempt = int(claimed.id or 0), claimed.attempts
    error: str | None = None
    wait = timedelta(0)
    try:
        message = await job.send_html(app, planned.chat_id, text)
    except (Forbidden, BadRequest) as exc:
        now = job.now_in_zone(app)
        reason = f"{type(exc).__name__}: {exc.message}"
        log.warning("%s %s refused for good: %s", kind, planned.key, reason)
        await run_db(
            engine, lambda s: rem.mark_failed(s, delivery_id, reason, now, attempt=attempt)
        )
        return rem.DeliveryStatus.FAILED
    except RetryAfter as exc:
        wait = timedelta(seconds=job.retry_seconds(exc))
        error = f"RetryAfter: {wait}"
    except TelegramError as exc:
        error = f"{type(exc).__name__}: {exc.message}"
    except Exception as exc:  # a bug must not leave the claim hanging as if being sent
        log.exception("%s %s failed, retried later", kind, planned.key)
        error = f"{type(exc).__name__}: {exc}"
    if error is not None:
        now = job.now_in_zone(app)
        log.warning("%s %s not sent, retried later: %s", kind, planned.key, error)
        await run_db(
            engine,
            lambda s: rem.mark_retry(
                s, delivery_id, error or "", now, attempt=attempt, not_before=wait
            ),
        )
        return rem.DeliveryStatus.RETRY
    sent_at = job.now_in_zone(app)
    await run_db(engine, lambda s: rem.mark_sent(s, delivery_id, message.message_id, sent_at))
    return rem.DeliveryStatus.SENT
