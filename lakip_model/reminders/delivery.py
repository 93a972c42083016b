"""What is due now, and the record of each reminder sent, retried, failed or missed.

Exactly once is the database's job, not a process's memory. A ``Delivery`` row is the claim: it
is inserted (or, for an expired claim or a retry, taken over by a conditional UPDATE) in its own
committed transaction *before* the message goes out. The unique constraint on (agency, chat,
rule, unit, period, lead) makes a second insert fail, and the take-over's WHERE (status and
lease or retry time) lets one process win, whichever process or restart tries it, on SQLite and
PostgreSQL.

A claim is a lease (``DEFAULT_LEASE``): a process that dies before recording the outcome leaves a
claim that expires, and another process sends the reminder while it is inside the grace window.
A retryable failure (5xx, network, 429) is ``retry``, taken again from ``next_attempt_at`` (with
backoff); ``failed`` is for good (Telegram refused the chat); ``missed`` when the grace window
passed without a send. The one duplicate left: a process that sent and died before ``mark_sent``
(at-least-once, so that a crash does not lose the reminder). Mechanism: docs/deadlines.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lakip_model.deadlines import (
    JAKARTA,
    DeadlineError,
    DeadlineRule,
    Occurrence,
    occurrences,
    reminder_times,
)
from lakip_model.errors import NotFound
from lakip_model.models import utcnow
from lakip_model.reminders.rules import agency_id, calendar, rules_by_agency
from lakip_model.reminders.subscriptions import subscriptions
from lakip_model.reminders.tables import Delivery, DeliveryStatus

DEFAULT_GRACE = timedelta(hours=6)  # a reminder this late (bot was down) is still worth sending
# How far back ``due_reminders`` looks for reminders that were never sent. Older ones are neither
# sent nor recorded as missed: after a month's outage, last month's reminders are history.
DEFAULT_LOOKBACK = timedelta(days=31)
MAX_LISTED = 400  # days ahead searched for the next reminder (every rule is due yearly at least)
# How long a claim is held: longer than the slowest send with its retries (the bot waits out at
# most 30 s of 429 inside a pass, and a request times out in well under a minute). A process that
# dies holding a claim delays its reminder by this much.
DEFAULT_LEASE = timedelta(minutes=5)
RETRY_FIRST = timedelta(minutes=1)  # the wait after a first retryable failure, doubled each time
RETRY_MOST = timedelta(minutes=30)  # the longest wait between two attempts


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: 1, 2, 4, ... minutes, at most 30."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 16), RETRY_MOST)


@dataclass(frozen=True)
class Planned:
    """One reminder to send: a subscription, an occurrence of its rule, a lead and its instant.

    A quarterly digest is planned the same way, without a subscription (``subscription_id``
    None), to a person's private chat (``lakip_model.digest``). ``agency_id``: whose rule,
    units and figures it carries, and whose admins hear of its failures.
    """

    agency_id: int
    subscription_id: int | None
    chat_id: int
    chat_title: str | None
    unit_id: int | None
    unit_key: int
    rule: DeadlineRule
    occurrence: Occurrence
    lead: int
    instant: datetime

    @property
    def key(self) -> tuple[int, int, str, int, str, int]:
        """The unique key of its delivery (see ``Delivery.__table_args__``)."""
        occ = self.occurrence
        return (
            self.agency_id,
            self.chat_id,
            self.rule.code,
            self.unit_key,
            occ.period_key,
            self.lead,
        )


@dataclass
class DueReminders:
    send: list[Planned]  # fell due within the grace window and not delivered yet
    missed: list[Planned]  # fell due earlier than the grace window and never delivered


def _aware(value: datetime | None) -> datetime | None:
    """A stored instant as an aware one (SQLite gives back UTC without its offset)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def is_open(
    status: str, lease_until: datetime | None, next_attempt_at: datetime | None, now: datetime
) -> bool:
    """Whether a delivery row may be taken (again) at ``now``: an expired claim, a due retry."""
    if status == DeliveryStatus.CLAIMED:
        lease = _aware(lease_until)
        return lease is None or lease < now
    if status == DeliveryStatus.RETRY:
        retry = _aware(next_attempt_at)
        return retry is None or retry <= now
    return False


def _takeable(now: datetime, *, any_retry: bool = False) -> ColumnElement[bool]:
    """The SQL of ``is_open`` (``any_retry``: a retry whatever its time, to record it missed)."""
    retry: ColumnElement[bool] = col(Delivery.status) == DeliveryStatus.RETRY.value
    if not any_retry:
        retry = and_(
            retry,
            or_(col(Delivery.next_attempt_at).is_(None), col(Delivery.next_attempt_at) <= now),
        )
    expired = and_(
        col(Delivery.status) == DeliveryStatus.CLAIMED.value,
        or_(col(Delivery.lease_until).is_(None), col(Delivery.lease_until) < now),
    )
    return or_(expired, retry)


def _plans(
    session: Session,
    low: datetime,
    high: datetime,
    tz: tzinfo,
    agency_code: str | None,
    now: datetime,
) -> list[Planned]:
    """Every reminder of the active subscriptions with an instant in [low, high], not delivered.

    Not delivered: no delivery row, or one that may be taken at ``now`` (``is_open``). An
    instant before a subscription's ``since`` is not its reminder. Sorted by instant.

    Every agency's subscriptions, each planned by its own agency's rules (``agency_code``,
    LAKIP_AGENCY: that agency's only).
    """
    only = agency_id(session, agency_code) if agency_code else None
    subs = subscriptions(session, agency=only)
    if not subs:
        return []
    by_code = rules_by_agency(session, {s.agency_id for s in subs})
    cal = calendar(session)
    # Rows due long before the window cannot match a plan in it; if an edited rule makes one
    # match after all, the unique key still refuses the claim.
    done = {
        (agency, chat, code, unit, period, lead)
        for agency, chat, code, unit, period, lead, status, lease, retry in session.execute(
            sa_select(
                col(Delivery.agency_id),
                col(Delivery.chat_id),
                col(Delivery.rule_code),
                col(Delivery.unit_key),
                col(Delivery.period_key),
                col(Delivery.lead_days),
                col(Delivery.status),
                col(Delivery.lease_until),
                col(Delivery.next_attempt_at),
            ).where(
                col(Delivery.chat_id).in_({s.chat_id for s in subs}),
                col(Delivery.due) >= (low - timedelta(days=1)).astimezone(tz).date(),
            )
        )
        if not is_open(status, lease, retry, now)
    }
    found: list[Planned] = []
    # Many subscriptions follow one rule from the same day: each range is computed once (a
    # thousand groups would otherwise take most of a second to recompute the same periods).
    spans: dict[tuple[int, str, date, date], list[Occurrence]] = {}
    for sub in subs:
        the_rule = by_code.get((sub.agency_id, sub.rule_code))
        if the_rule is None:
            continue
        try:
            leads, at = sub.leads, sub.at
        except DeadlineError:  # stored values are validated on write; never stop the others
            continue
        start = max(low, sub.since)
        if start > high:
            continue
        first_due = start.astimezone(tz).date()
        last_due = high.astimezone(tz).date() + timedelta(days=max(leads))
        span = (sub.agency_id, the_rule.code, first_due, last_due)
        if span not in spans:
            spans[span] = occurrences(the_rule, first_due, last_due, cal)
        for occ in spans[span]:
            for lead, instant in reminder_times(occ, leads, at, tz):
                if not start <= instant <= high:
                    continue
                plan = Planned(
                    agency_id=sub.agency_id,
                    subscription_id=int(sub.id or 0),
                    chat_id=sub.chat_id,
                    chat_title=sub.chat_title,
                    unit_id=sub.unit_id,
                    unit_key=sub.unit_key,
                    rule=the_rule,
                    occurrence=occ,
                    lead=lead,
                    instant=instant,
                )
                if plan.key not in done:
                    found.append(plan)
    found.sort(key=lambda p: (p.instant, p.chat_id, p.agency_id, p.rule.code, p.unit_key))
    return found


def due_reminders(
    session: Session,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
    *,
    tz: tzinfo = JAKARTA,
    lookback: timedelta = DEFAULT_LOOKBACK,
    agency_code: str | None = None,
) -> DueReminders:
    """What to send now, and what was missed while no bot ran.

    ``send``: instants in [now - grace, now]; ``missed``: in [now - lookback, now - grace). Both
    only for reminders without a delivery record or with one that may be taken again (a claim
    whose lease expired, a retry whose time came), so asking twice gives nothing new once the
    first answer was claimed.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    plans = _plans(session, now - max(lookback, grace), now, tz, agency_code, now)
    edge = now - grace
    return DueReminders(
        send=[p for p in plans if p.instant >= edge],
        missed=[p for p in plans if p.instant < edge],
    )


def next_instant(
    session: Session,
    now: datetime,
    *,
    tz: tzinfo = JAKARTA,
    agency_code: str | None = None,
    chat_id: int | None = None,
) -> Planned | None:
    """The next reminder after ``now`` (of one chat, or of any), for arming and for display."""
    plans = [
        p
        for p in _plans(
            session,
            now + timedelta(microseconds=1),
            now + timedelta(days=MAX_LISTED),
            tz,
            agency_code,
            now,
        )
        if chat_id is None or p.chat_id == chat_id
    ]
    return plans[0] if plans else None


# --- claiming and finishing deliveries ----------------------------------------------------------


def _key_of(planned: Planned) -> list[ColumnElement[bool]]:
    agency, chat, code, unit, period, lead = planned.key
    return [
        col(Delivery.agency_id) == agency,
        col(Delivery.chat_id) == chat,
        col(Delivery.rule_code) == code,
        col(Delivery.unit_key) == unit,
        col(Delivery.period_key) == period,
        col(Delivery.lead_days) == lead,
    ]


def claim(
    engine: Engine,
    planned: Planned,
    process: str,
    now: datetime | None = None,
    *,
    lease: timedelta = DEFAULT_LEASE,
    status: DeliveryStatus = DeliveryStatus.CLAIMED,
) -> Delivery | None:
    """Claim a reminder for ``lease`` in its own committed transaction; None if someone has it.

    The first claim inserts the row: the unique constraint decides (on PostgreSQL a concurrent
    insert of the same key waits for the first to commit and then fails; on SQLite writers are
    serialized). A row that exists is taken over only if it is open (``is_open``: an expired
    lease, a due retry), by one UPDATE whose WHERE says so: of two processes, the second finds
    the row changed (PostgreSQL re-checks the WHERE after the first commits) and updates
    nothing. The caller sends only when this returns a row; its ``attempts`` fences the finish.
    ``status=MISSED`` records instead that it will never be sent (``record_missed``).
    """
    now = now or utcnow()
    claiming = status is DeliveryStatus.CLAIMED
    row = Delivery(
        agency_id=planned.agency_id,
        subscription_id=planned.subscription_id,
        rule_code=planned.rule.code,
        chat_id=planned.chat_id,
        unit_key=planned.unit_key,
        period_key=planned.occurrence.period_key,
        lead_days=planned.lead,
        due=planned.occurrence.due,
        scheduled_at=planned.instant,
        status=status.value,
        claimed_by=process[:100],
        claimed_at=now,
        finished_at=None if claiming else now,
        lease_until=now + lease if claiming else None,
        attempts=1 if claiming else 0,
    )
    with Session(engine, expire_on_commit=False) as session:
        session.add(row)
        try:
            session.commit()
            return row
        except IntegrityError:
            session.rollback()
    return _take_over(engine, planned, process, now, lease, status)


def _take_over(
    engine: Engine,
    planned: Planned,
    process: str,
    now: datetime,
    lease: timedelta,
    status: DeliveryStatus,
) -> Delivery | None:
    """The conditional UPDATE of ``claim`` for a row that exists; None if it is not open."""
    claiming = status is DeliveryStatus.CLAIMED
    values: dict[str, Any] = {
        "status": status.value,
        "claimed_by": process[:100],
        "claimed_at": now,
        "lease_until": now + lease if claiming else None,
        "next_attempt_at": None,
        "finished_at": None if claiming else now,
    }
    if claiming:
        values["attempts"] = col(Delivery.attempts) + 1
    stmt = (
        update(Delivery)
        .where(*_key_of(planned), _takeable(now, any_retry=not claiming))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    with Session(engine, expire_on_commit=False) as session:
        if session.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            return None
        row = session.exec(select(Delivery).where(*_key_of(planned))).one()
        session.commit()
    return row


def record_missed(
    engine: Engine, planned: Planned, process: str, now: datetime | None = None
) -> Delivery | None:
    """Record a reminder as missed (it will never be sent); None if it has a record it keeps.

    A reminder with no row, or whose claim expired or whose retries are still pending when the
    grace window has passed, is missed; a live claim is left to its holder.
    """
    return claim(engine, planned, process, now, status=DeliveryStatus.MISSED)


def _finish(
    session: Session,
    delivery_id: int,
    status: DeliveryStatus,
    now: datetime | None,
    attempt: int | None,
    **values: Any,
) -> Delivery | None:
    """Record an outcome. With ``attempt``, only while that claim is still the row's (fencing):
    a process whose lease expired and was taken over records nothing (None)."""
    stmt = update(Delivery).where(col(Delivery.id) == delivery_id)
    if attempt is not None:
        stmt = stmt.where(
            col(Delivery.status) == DeliveryStatus.CLAIMED.value,
            col(Delivery.attempts) == attempt,
        )
    stmt = stmt.values(status=status.value, finished_at=now or utcnow(), **values)
    done = session.execute(stmt.execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    row = session.get(Delivery, delivery_id, populate_existing=True)
    if row is None:
        raise NotFound("reminder.no_delivery", delivery=delivery_id)
    return row if done else None


def mark_sent(
    session: Session, delivery_id: int, message_id: int | None, now: datetime | None = None
) -> Delivery:
    """Record a message that went out: whoever holds the claim now, it was sent."""
    row = _finish(
        session,
        delivery_id,
        DeliveryStatus.SENT,
        now,
        None,
        message_id=message_id,
        lease_until=None,
    )
    assert row is not None
    return row


def mark_failed(
    session: Session,
    delivery_id: int,
    error: str,
    now: datetime | None = None,
    *,
    attempt: int | None = None,
) -> Delivery | None:
    """Telegram refused it for good (4xx, Forbidden); None if ``attempt`` lost its claim."""
    return _finish(
        session,
        delivery_id,
        DeliveryStatus.FAILED,
        now,
        attempt,
        error=error[:500],
        lease_until=None,
    )


def mark_retry(
    session: Session,
    delivery_id: int,
    error: str,
    now: datetime,
    *,
    attempt: int,
    not_before: timedelta = timedelta(0),
) -> Delivery | None:
    """A retryable failure: taken again from ``now`` + the backoff of ``attempt`` (at least
    ``not_before``, a 429's retry_after); None if ``attempt`` lost its claim meanwhile."""
    return _finish(
        session,
        delivery_id,
        DeliveryStatus.RETRY,
        now,
        attempt,
        error=error[:500],
        lease_until=None,
        next_attempt_at=now + max(backoff(attempt), not_before),
    )


def deliveries(session: Session, chat_id: int | None = None) -> list[Delivery]:
    stmt = select(Delivery).order_by(col(Delivery.scheduled_at), col(Delivery.id))
    if chat_id is not None:
        stmt = stmt.where(Delivery.chat_id == chat_id)
    return list(session.exec(stmt))
