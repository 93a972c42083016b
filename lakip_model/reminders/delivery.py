"""What is due now, and the record of each reminder sent, failed or missed.

Exactly once is the database's job, not a process's memory: a ``Delivery`` row is inserted (the
claim) in its own committed transaction *before* the message goes out, and a unique constraint on
(chat, rule, unit, period, lead) makes a second insert fail, whichever process or restart tries
it. A claim whose process dies before ``mark_sent`` stays ``claimed`` and is never retried: a
reminder may be lost in a crash, but it is never sent twice. Mechanism: docs/deadlines.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Engine
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
from lakip_model.reminders.rules import calendar, rules
from lakip_model.reminders.subscriptions import subscriptions
from lakip_model.reminders.tables import Delivery, DeliveryStatus

DEFAULT_GRACE = timedelta(hours=6)  # a reminder this late (bot was down) is still worth sending
# How far back ``due_reminders`` looks for reminders that were never sent. Older ones are neither
# sent nor recorded as missed: after a month's outage, last month's reminders are history.
DEFAULT_LOOKBACK = timedelta(days=31)
MAX_LISTED = 400  # days ahead searched for the next reminder (every rule is due yearly at least)


@dataclass(frozen=True)
class Planned:
    """One reminder to send: a subscription, an occurrence of its rule, a lead and its instant."""

    subscription_id: int
    chat_id: int
    chat_title: str | None
    unit_id: int | None
    unit_key: int
    rule: DeadlineRule
    occurrence: Occurrence
    lead: int
    instant: datetime

    @property
    def key(self) -> tuple[int, str, int, str, int]:
        """The unique key of its delivery (see ``Delivery.__table_args__``)."""
        return (self.chat_id, self.rule.code, self.unit_key, self.occurrence.period_key, self.lead)


@dataclass
class DueReminders:
    send: list[Planned]  # fell due within the grace window and not delivered yet
    missed: list[Planned]  # fell due earlier than the grace window and never delivered


def _plans(
    session: Session,
    low: datetime,
    high: datetime,
    tz: tzinfo,
    agency_code: str | None,
) -> list[Planned]:
    """Every reminder of the active subscriptions with an instant in [low, high], not delivered.

    An instant before a subscription's ``since`` is not its reminder. Sorted by instant.
    """
    subs = subscriptions(session)
    if not subs:
        return []
    by_code = {r.code: r for r in rules(session, agency_code) if r.active}
    cal = calendar(session)
    # Rows due long before the window cannot match a plan in it; if an edited rule makes one
    # match after all, the unique key still refuses the claim.
    done = set(
        session.execute(
            sa_select(
                col(Delivery.chat_id),
                col(Delivery.rule_code),
                col(Delivery.unit_key),
                col(Delivery.period_key),
                col(Delivery.lead_days),
            ).where(
                col(Delivery.chat_id).in_({s.chat_id for s in subs}),
                col(Delivery.due) >= (low - timedelta(days=1)).astimezone(tz).date(),
            )
        )
    )
    found: list[Planned] = []
    # Many subscriptions follow one rule from the same day: each range is computed once (a
    # thousand groups would otherwise take most of a second to recompute the same periods).
    spans: dict[tuple[str, date, date], list[Occurrence]] = {}
    for sub in subs:
        the_rule = by_code.get(sub.rule_code)
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
        span = (the_rule.code, first_due, last_due)
        if span not in spans:
            spans[span] = occurrences(the_rule, first_due, last_due, cal)
        for occ in spans[span]:
            for lead, instant in reminder_times(occ, leads, at, tz):
                if not start <= instant <= high:
                    continue
                plan = Planned(
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
    found.sort(key=lambda p: (p.instant, p.chat_id, p.rule.code, p.unit_key))
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
    only for reminders without a delivery record, so asking twice gives nothing new once the
    first answer was claimed.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    plans = _plans(session, now - max(lookback, grace), now, tz, agency_code)
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
        )
        if chat_id is None or p.chat_id == chat_id
    ]
    return plans[0] if plans else None


# --- claiming and finishing deliveries ----------------------------------------------------------


def claim(
    engine: Engine,
    planned: Planned,
    process: str,
    now: datetime | None = None,
    *,
    status: DeliveryStatus = DeliveryStatus.CLAIMED,
) -> Delivery | None:
    """Insert the delivery record in its own committed transaction; None if someone has it.

    The unique constraint decides: on PostgreSQL a concurrent insert of the same key waits for
    the first to commit and then fails; on SQLite writers are serialized. The caller sends only
    when this returns a row.
    """
    now = now or utcnow()
    row = Delivery(
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
        finished_at=now if status is not DeliveryStatus.CLAIMED else None,
    )
    with Session(engine, expire_on_commit=False) as session:
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
    return row


def record_missed(
    engine: Engine, planned: Planned, process: str, now: datetime | None = None
) -> Delivery | None:
    """Record a reminder as missed (it will never be sent); None if it already has a record."""
    return claim(engine, planned, process, now, status=DeliveryStatus.MISSED)


def _finish(
    session: Session, delivery_id: int, status: DeliveryStatus, now: datetime | None, **values: Any
) -> Delivery:
    row = session.get(Delivery, delivery_id)
    if row is None:
        raise NotFound("reminder.no_delivery", delivery=delivery_id)
    row.status = status.value
    row.finished_at = now or utcnow()
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def mark_sent(
    session: Session, delivery_id: int, message_id: int | None, now: datetime | None = None
) -> Delivery:
    return _finish(session, delivery_id, DeliveryStatus.SENT, now, message_id=message_id)


def mark_failed(
    session: Session, delivery_id: int, error: str, now: datetime | None = None
) -> Delivery:
    return _finish(session, delivery_id, DeliveryStatus.FAILED, now, error=error[:500])


def deliveries(session: Session, chat_id: int | None = None) -> list[Delivery]:
    stmt = select(Delivery).order_by(col(Delivery.scheduled_at), col(Delivery.id))
    if chat_id is not None:
        stmt = stmt.where(Delivery.chat_id == chat_id)
    return list(session.exec(stmt))
