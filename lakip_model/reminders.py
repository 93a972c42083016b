"""Deadline reminders in the database: the rule calendar, holidays, subscriptions, deliveries.

``lakip_model.deadlines`` knows *when* (pure rules and dates); this module stores what admins
and group chats chose and decides *what is due now*. It never talks to Telegram: the bot asks
``due_reminders`` what to send, ``claim``s each one and reports back with ``mark_sent`` /
``mark_failed``.

Exactly once is the database's job, not a process's memory: a ``Delivery`` row is inserted (the
claim) in its own committed transaction *before* the message goes out, and a unique constraint on
(chat, rule, unit, period, lead) makes a second insert fail, whichever process or restart tries
it. A claim whose process dies before ``mark_sent`` stays ``claimed`` and is never retried: a
reminder may be lost in a crash, but it is never sent twice. Mechanism: docs/deadlines.md.

Who may subscribe a group is Telegram's business (the chat's own administrators), so the bot
checks it; the functions here take the actor only for the audit log. Rule and holiday edits are
for bot admins and are checked here (``users.require``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import BigInteger, Column, CursorResult, Engine, UniqueConstraint, Update, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import AutoString, Field, Session, SQLModel, col, select

from lakip_model.deadlines import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_REMINDER_TIME,
    DEFAULT_RULES,
    JAKARTA,
    Cadence,
    DeadlineError,
    DeadlineRule,
    Occurrence,
    Shift,
    WorkCalendar,
    default_calendar,
    next_occurrences,
    occurrences,
    parse_lead_days,
    parse_time,
    reminder_times,
)
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
    Unit,
    UnitKind,
    utcnow,
)
from lakip_model.queries import standing_entries_filter
from lakip_model.users import audit, require

ALL_UNITS = 0  # ``unit_key`` of a subscription for every unit (a NULL would not be unique)
DEFAULT_GRACE = timedelta(hours=6)  # a reminder this late (bot was down) is still worth sending
# How far back ``due_reminders`` looks for reminders that were never sent. Older ones are neither
# sent nor recorded as missed: after a month's outage, last month's reminders are history.
DEFAULT_LOOKBACK = timedelta(days=31)
LEAD_PRESETS: tuple[tuple[int, ...], ...] = ((7, 3, 1, 0), (3, 1, 0), (1, 0), (0,))
MAX_LISTED = 400  # days ahead searched for the next reminder (every rule is due yearly at least)


class ReminderError(ValueError):
    """A reminder request that cannot be done as asked; the message is Indonesian, for users."""


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a process took it and is sending (or died while sending)
    SENT = "sent"
    FAILED = "failed"  # Telegram refused it; ``error`` says why
    MISSED = "missed"  # fell due while no bot was running, longer ago than the grace window


# --- tables -------------------------------------------------------------------------------------


class DeadlineRuleRow(SQLModel, table=True):
    """An agency's copy of a ``deadlines.DeadlineRule``, which admins may change."""

    __tablename__ = "deadlinerule"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    code: str
    name: str
    cadence: str = Field(sa_type=AutoString)  # deadlines.Cadence value
    day: int | None = None  # None: last day of the month
    month: int | None = None
    months_after: int = 1
    year_offset: int = 1
    shift: str = Field(default=Shift.PREVIOUS.value, sa_type=AutoString)
    basis: str = ""
    local_setting: bool = False
    needs_realization: bool = False
    active: bool = True
    sort_order: int = 0
    updated_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    updated_at: datetime = Field(default_factory=utcnow)


class HolidayRow(SQLModel, table=True):
    """A holiday an admin entered (the SKB 3 Menteri dates); the fixed ones are in code."""

    __tablename__ = "holiday"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True, index=True)
    name: str
    added_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    added_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A group chat receives the reminders of one rule, for one unit or for all of them.

    ``unit_key`` is ``unit_id`` or ``ALL_UNITS`` (0): the unique key needs a non-null column.
    ``since``: reminders count from the last change, so a new or changed subscription does not
    fire (or record as missed) reminders from before it existed.
    """

    __tablename__ = "remindersubscription"
    __table_args__ = (UniqueConstraint("chat_id", "rule_code", "unit_key"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    chat_title: str | None = None
    rule_code: str
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    unit_key: int = ALL_UNITS
    lead_days: str = "7,3,1,0"
    at_time: str = "08:00"
    active: bool = True
    since: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, sa_column=Column(BigInteger))

    @property
    def leads(self) -> tuple[int, ...]:
        return parse_lead_days(self.lead_days)

    @property
    def at(self) -> time:
        return parse_time(self.at_time)


class Delivery(SQLModel, table=True):
    """One reminder (rule, chat, unit, occurrence, lead): inserted to claim it, then finished."""

    __tablename__ = "reminderdelivery"
    __table_args__ = (
        UniqueConstraint(
            "chat_id", "rule_code", "unit_key", "period_key", "lead_days", name="uq_delivery_once"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="remindersubscription.id", index=True)
    rule_code: str
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    unit_key: int
    period_key: str
    lead_days: int
    due: date
    scheduled_at: datetime = Field(index=True)
    status: str = Field(default=DeliveryStatus.CLAIMED.value, sa_type=AutoString, index=True)
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    error: str | None = None
    claimed_by: str
    claimed_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


# --- rules and holidays -------------------------------------------------------------------------


def _row_fields(rule: DeadlineRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "cadence": rule.cadence.value,
        "day": rule.day,
        "month": rule.month,
        "months_after": rule.months_after,
        "year_offset": rule.year_offset,
        "shift": rule.shift.value,
        "basis": rule.basis,
        "local_setting": rule.local_setting,
        "needs_realization": rule.needs_realization,
        "active": rule.active,
    }


def _rule_of(row: DeadlineRuleRow) -> DeadlineRule:
    return DeadlineRule(
        code=row.code,
        name=row.name,
        cadence=Cadence(row.cadence),
        day=row.day,
        month=row.month,
        months_after=row.months_after,
        year_offset=row.year_offset,
        shift=Shift(row.shift),
        basis=row.basis,
        local_setting=row.local_setting,
        needs_realization=row.needs_realization,
        active=row.active,
    )


def seed_default_rules(session: Session, agency_id: int) -> int:
    """Add the default rules the agency does not have yet; edited rules are left alone.

    Idempotent: returns how many were added (0 the second time).
    """
    have = set(
        session.exec(select(DeadlineRuleRow.code).where(DeadlineRuleRow.agency_id == agency_id))
    )
    added = 0
    for order, rule in enumerate(DEFAULT_RULES):
        if rule.code in have:
            continue
        session.add(
            DeadlineRuleRow(
                agency_id=agency_id, code=rule.code, sort_order=order, **_row_fields(rule)
            )
        )
        added += 1
    session.flush()
    return added


def ensure_default_rules(engine: Engine) -> int:
    """Seed the default rules of every agency at start, in its own transaction.

    Two processes starting together may both try; the loser's insert breaks the unique key and
    is rolled back, which is fine: the winner seeded the same rows.
    """
    with Session(engine) as session:
        try:
            added = sum(
                seed_default_rules(session, int(agency_id))
                for agency_id in session.exec(select(Agency.id))
                if agency_id is not None
            )
            session.commit()
            return added
        except IntegrityError:
            session.rollback()
            return 0


def _agency_id(session: Session, agency_code: str | None) -> int:
    stmt = select(Agency.id).order_by(col(Agency.id))
    if agency_code:
        stmt = stmt.where(Agency.code == agency_code)
    agency_id = session.exec(stmt).first()
    if agency_id is None:
        raise ReminderError("Belum ada data lembaga. Jalankan `lakip-bot seed` dahulu.")
    return agency_id


def rule_rows(session: Session, agency_code: str | None = None) -> list[DeadlineRuleRow]:
    agency_id = _agency_id(session, agency_code)
    return list(
        session.exec(
            select(DeadlineRuleRow)
            .where(DeadlineRuleRow.agency_id == agency_id)
            .order_by(col(DeadlineRuleRow.sort_order), col(DeadlineRuleRow.id))
        )
    )


def rules(session: Session, agency_code: str | None = None) -> list[DeadlineRule]:
    """The agency's rules, active or not, in calendar order."""
    return [_rule_of(row) for row in rule_rows(session, agency_code)]


def _rule_row(session: Session, code: str, agency_code: str | None) -> DeadlineRuleRow:
    for row in rule_rows(session, agency_code):
        if row.code == code:
            return row
    raise ReminderError(f"Tenggat '{code[:40]}' tidak dikenal.")


def rule(session: Session, code: str, agency_code: str | None = None) -> DeadlineRule:
    return _rule_of(_rule_row(session, code, agency_code))


# What an admin may change; the code names the rule, and the cadence would change its periods.
EDITABLE = frozenset(
    {"name", "day", "month", "months_after", "year_offset", "shift", "basis", "active"}
)


def update_rule(
    session: Session,
    actor_id: int,
    code: str,
    /,
    *,
    agency_code: str | None = None,
    **changes: Any,
) -> DeadlineRule:
    """An admin changes a rule; the new rule is validated by ``DeadlineRule`` before saving.

    Raises ``PermissionDenied`` for anyone but an admin, ``DeadlineError`` (an Indonesian
    sentence) for a rule that would be invalid, ``ReminderError`` for an unknown rule or field.
    """
    require(session, actor_id, Role.ADMIN)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ReminderError(f"Kolom {', '.join(sorted(unknown))} tidak dapat diubah.")
    row = _rule_row(session, code, agency_code)
    before = _rule_of(row)
    after = dataclasses.replace(before, **changes)  # validates, raising DeadlineError
    for key, value in _row_fields(after).items():
        setattr(row, key, value)
    row.updated_by, row.updated_at = actor_id, utcnow()
    session.add(row)
    session.flush()
    detail = ", ".join(
        f"{k}: {getattr(before, k)!s} -> {getattr(after, k)!s}"
        for k in sorted(changes)
        if getattr(before, k) != getattr(after, k)
    )
    audit(session, actor_id, "ubah-tenggat", code, detail)
    return after


def calendar(session: Session) -> WorkCalendar:
    """Weekends, the fixed national holidays and every holiday admins entered."""
    return default_calendar({h.day: h.name for h in session.exec(select(HolidayRow))})


def holidays(session: Session, year: int | None = None) -> list[HolidayRow]:
    """Holidays entered by admins (the fixed national ones are not rows), by date."""
    stmt = select(HolidayRow).order_by(col(HolidayRow.day))
    if year is not None:
        stmt = stmt.where(HolidayRow.day >= date(year, 1, 1), HolidayRow.day <= date(year, 12, 31))
    return list(session.exec(stmt))


def add_holiday(session: Session, actor_id: int, day: date, name: str) -> HolidayRow:
    """An admin adds a holiday, or renames the one on that date."""
    require(session, actor_id, Role.ADMIN)
    name = " ".join(name.split())[:100] or "Hari libur"
    row = session.exec(select(HolidayRow).where(HolidayRow.day == day)).first()
    if row is None:
        row = HolidayRow(day=day, name=name, added_by=actor_id)
    row.name, row.added_by, row.added_at = name, actor_id, utcnow()
    session.add(row)
    session.flush()
    audit(session, actor_id, "tambah-libur", day.isoformat(), name)
    return row


def remove_holiday(session: Session, actor_id: int, day: date) -> bool:
    require(session, actor_id, Role.ADMIN)
    row = session.exec(select(HolidayRow).where(HolidayRow.day == day)).first()
    if row is None:
        return False
    session.delete(row)
    audit(session, actor_id, "hapus-libur", day.isoformat(), row.name)
    return True


@dataclass(frozen=True)
class Upcoming:
    occurrence: Occurrence
    rule: DeadlineRule


def upcoming(
    session: Session,
    today: date,
    limit: int = 10,
    *,
    per_rule: int | None = 2,
    agency_code: str | None = None,
) -> list[Upcoming]:
    """The coming deadlines of the active rules (/tenggat), soonest first."""
    by_code = {r.code: r for r in rules(session, agency_code)}
    found = next_occurrences(by_code.values(), today, calendar(session), limit, per_rule=per_rule)
    return [Upcoming(o, by_code[o.rule_code]) for o in found]


# --- subscriptions ------------------------------------------------------------------------------


def reminder_units(session: Session, agency_code: str | None = None) -> list[Unit]:
    """Units a group may follow: the Sekretariat and the Bidang (they own sub-activities)."""
    agency_id = _agency_id(session, agency_code)
    return list(
        session.exec(
            select(Unit)
            .where(
                Unit.agency_id == agency_id,
                col(Unit.kind).in_([UnitKind.SEKRETARIAT, UnitKind.BIDANG]),
            )
            .order_by(col(Unit.sort_order), col(Unit.id))
        )
    )


def _unit_key(session: Session, unit_id: int | None, agency_code: str | None) -> int:
    if unit_id is None or unit_id == ALL_UNITS:
        return ALL_UNITS
    if unit_id not in {u.id for u in reminder_units(session, agency_code)}:
        raise ReminderError("Unit tidak dikenal.")
    return unit_id


def subscriptions(
    session: Session, chat_id: int | None = None, *, active_only: bool = True
) -> list[Subscription]:
    stmt = select(Subscription).order_by(
        col(Subscription.chat_id), col(Subscription.unit_key), col(Subscription.id)
    )
    if chat_id is not None:
        stmt = stmt.where(Subscription.chat_id == chat_id)
    if active_only:
        stmt = stmt.where(col(Subscription.active).is_(True))
    return list(session.exec(stmt))


def _find(session: Session, chat_id: int, rule_code: str, unit_key: int) -> Subscription | None:
    return session.exec(
        select(Subscription).where(
            Subscription.chat_id == chat_id,
            Subscription.rule_code == rule_code,
            Subscription.unit_key == unit_key,
        )
    ).first()


def _lead_text(lead_days: str | Sequence[int]) -> str:
    leads = (
        parse_lead_days(lead_days)
        if isinstance(lead_days, str)
        else parse_lead_days(",".join(str(d) for d in lead_days))
    )
    return ",".join(str(d) for d in leads)


def chat_leads(session: Session, chat_id: int, unit_id: int | None) -> tuple[int, ...]:
    """The lead days a chat uses for a unit (of any of its subscriptions), else the default."""
    unit_key = unit_id or ALL_UNITS
    lead = session.exec(
        select(Subscription.lead_days)
        .where(Subscription.chat_id == chat_id, Subscription.unit_key == unit_key)
        .order_by(col(Subscription.active).desc(), col(Subscription.id))
    ).first()
    return parse_lead_days(lead) if lead else DEFAULT_LEAD_DAYS


def subscribe(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    rule_code: str,
    unit_id: int | None = None,
    *,
    chat_title: str | None = None,
    lead_days: str | Sequence[int] | None = None,
    at_time: str | None = None,
    now: datetime | None = None,
    agency_code: str | None = None,
) -> Subscription:
    """Start (or restart) reminders of a rule in a chat; the caller checked the actor may."""
    now = now or utcnow()
    rule(session, rule_code, agency_code)  # the rule must exist
    unit_key = _unit_key(session, unit_id, agency_code)
    leads = _lead_text(lead_days) if lead_days is not None else None
    at = parse_time(at_time).strftime("%H:%M") if at_time is not None else None
    sub = _find(session, chat_id, rule_code, unit_key)
    if sub is None:
        sub = Subscription(
            chat_id=chat_id,
            rule_code=rule_code,
            unit_id=unit_key or None,
            unit_key=unit_key,
            lead_days=leads or ",".join(map(str, chat_leads(session, chat_id, unit_key))),
            at_time=at or DEFAULT_REMINDER_TIME.strftime("%H:%M"),
            created_by=actor_id,
            created_at=now,
            since=now,
        )
    elif not sub.active or (leads and leads != sub.lead_days) or (at and at != sub.at_time):
        sub.since = now
    sub.active = True
    sub.lead_days = leads or sub.lead_days
    sub.at_time = at or sub.at_time
    sub.chat_title = chat_title or sub.chat_title
    sub.updated_by = actor_id
    session.add(sub)
    session.flush()
    audit(
        session,
        actor_id,
        "langganan-pengingat",
        str(chat_id),
        f"tenggat={rule_code} unit={unit_key} H={sub.lead_days} jam={sub.at_time}",
    )
    return sub


def unsubscribe(
    session: Session, actor_id: int | None, chat_id: int, rule_code: str, unit_id: int | None = None
) -> bool:
    """Stop a rule's reminders in a chat; the row stays, so its deliveries keep their history."""
    sub = _find(session, chat_id, rule_code, unit_id or ALL_UNITS)
    if sub is None or not sub.active:
        return False
    sub.active, sub.updated_by = False, actor_id
    session.add(sub)
    audit(session, actor_id, "henti-pengingat", str(chat_id), f"tenggat={rule_code}")
    return True


def toggle(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    rule_code: str,
    unit_id: int | None = None,
    *,
    chat_title: str | None = None,
    now: datetime | None = None,
    agency_code: str | None = None,
) -> bool:
    """Switch a rule on or off for a chat and unit; returns whether it is now on."""
    sub = _find(session, chat_id, rule_code, unit_id or ALL_UNITS)
    if sub is not None and sub.active:
        unsubscribe(session, actor_id, chat_id, rule_code, unit_id)
        return False
    subscribe(
        session,
        actor_id,
        chat_id,
        rule_code,
        unit_id,
        chat_title=chat_title,
        now=now,
        agency_code=agency_code,
    )
    return True


def set_lead_days(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    unit_id: int | None,
    lead_days: str | Sequence[int],
    *,
    now: datetime | None = None,
) -> int:
    """Set the lead days of a chat's subscriptions for a unit; returns how many rows changed.

    Validated with ``deadlines.parse_lead_days`` (``DeadlineError`` for bad input).
    """
    text = _lead_text(lead_days)
    now = now or utcnow()
    changed = 0
    for sub in session.exec(
        select(Subscription).where(
            Subscription.chat_id == chat_id, Subscription.unit_key == (unit_id or ALL_UNITS)
        )
    ):
        if sub.lead_days == text:
            continue
        sub.lead_days, sub.since, sub.updated_by = text, now, actor_id
        session.add(sub)
        changed += 1
    if changed:
        audit(session, actor_id, "ubah-hari-pengingat", str(chat_id), f"unit={unit_id} H={text}")
    return changed


def _rowcount(session: Session, statement: Update) -> int:
    """Run a bulk UPDATE and say how many rows it changed; loaded objects are refreshed after."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    session.expire_all()
    return int(cast(CursorResult[Any], result).rowcount or 0)


def migrate_chat(session: Session, old: int, new: int) -> int:
    """A group became a supergroup (new id): its subscriptions and deliveries follow it.

    Idempotent, and safe when another process migrates the same chat: rows already moved are not
    found again, and a row whose key already exists under the new id is merged, not duplicated.
    Returns how many subscriptions moved.
    """
    if old == new:
        return 0
    other = aliased(Subscription)
    conflict = select(other.id).where(
        other.chat_id == new,
        other.rule_code == Subscription.rule_code,
        other.unit_key == Subscription.unit_key,
    )
    moved = _rowcount(
        session,
        update(Subscription)
        .where(col(Subscription.chat_id) == old, ~conflict.exists())
        .values(chat_id=new),
    )
    for sub in subscriptions(session, old, active_only=False):  # both ids had it: merge
        twin = _find(session, new, sub.rule_code, sub.unit_key)
        if twin is not None and sub.active and not twin.active:
            twin.active, twin.since = True, utcnow()
            session.add(twin)
        sub.active = False
        session.add(sub)
    later = aliased(Delivery)
    taken = select(later.id).where(
        later.chat_id == new,
        later.rule_code == Delivery.rule_code,
        later.unit_key == Delivery.unit_key,
        later.period_key == Delivery.period_key,
        later.lead_days == Delivery.lead_days,
    )
    _rowcount(
        session,
        update(Delivery).where(col(Delivery.chat_id) == old, ~taken.exists()).values(chat_id=new),
    )
    if moved:
        audit(session, None, "pindah-grup", str(old), f"ke {new}, {moved} langganan")
    return moved


def drop_chat(session: Session, chat_id: int, actor_id: int | None = None) -> int:
    """The bot left (or was removed from) a chat: stop its reminders; returns how many stopped.

    A single UPDATE, so of two processes noticing at once only one sees a count above zero (and
    tells the admins).
    """
    stopped = _rowcount(
        session,
        update(Subscription)
        .where(col(Subscription.chat_id) == chat_id, col(Subscription.active).is_(True))
        .values(active=False, updated_by=actor_id),
    )
    if stopped:
        audit(session, actor_id, "hapus-grup", str(chat_id), f"{stopped} langganan dihentikan")
    return stopped


# --- what is due --------------------------------------------------------------------------------


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
        raise ReminderError(f"Catatan pengiriman {delivery_id} tidak ada.")
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


# --- what is still missing ----------------------------------------------------------------------


@dataclass(frozen=True)
class Officer:
    telegram_id: int
    name: str


@dataclass(frozen=True)
class Outstanding:
    """A sub-activity with no realization entry for the period yet."""

    node_id: int
    number: str | None
    name: str
    unit_id: int | None
    unit_name: str | None


@dataclass
class RealizationStatus:
    """Who still has to report a month: the sub-activities without an entry, and their officers."""

    year: int
    month: int
    total: int  # sub-activities looked at
    missing: list[Outstanding]
    officers: dict[int, list[Officer]]  # unit id -> operators of that unit

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.missing


def outstanding_sub_activities(
    session: Session,
    unit_id: int | None,
    year: int,
    month: int,
    agency_code: str | None = None,
) -> RealizationStatus | None:
    """Sub-activities of the unit (all units for None) with no entry for ``year``-``month``.

    Only an *open* fiscal year counts (a closed one accepts no entries, so there is nobody to
    remind): None when the year is closed or missing. An entry counts while it is submitted or
    approved and not superseded by a withdrawal, as in the recording journey.
    """
    agency_id = _agency_id(session, agency_code)
    fy = session.exec(
        select(FiscalYear).where(
            FiscalYear.agency_id == agency_id,
            FiscalYear.year == year,
            col(FiscalYear.closed).is_(False),
        )
    ).first()
    if fy is None:
        return None
    stmt = (
        select(BudgetNode, Unit.name)
        .outerjoin(Unit, col(Unit.id) == BudgetNode.unit_id)
        .where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.SUB_KEGIATAN)
        .order_by(col(BudgetNode.sort_order), col(BudgetNode.id))
    )
    if unit_id:
        stmt = stmt.where(BudgetNode.unit_id == unit_id)
    nodes = session.exec(stmt).all()
    reported = set(
        session.exec(
            select(RealizationEntry.node_id).where(
                col(RealizationEntry.node_id).in_([n.id for n, _ in nodes]),
                RealizationEntry.year == year,
                RealizationEntry.month == month,
                standing_entries_filter(),
            )
        )
    )
    missing = [
        Outstanding(int(n.id or 0), n.number, n.name, n.unit_id, unit_name)
        for n, unit_name in nodes
        if n.id not in reported
    ]
    units = {m.unit_id for m in missing if m.unit_id is not None}
    officers: dict[int, list[Officer]] = {}
    for user in session.exec(
        select(AppUser)
        .where(
            AppUser.role == Role.OPERATOR,
            col(AppUser.active).is_(True),
            col(AppUser.unit_id).in_(units),
        )
        .order_by(col(AppUser.name))
    ):
        officers.setdefault(int(user.unit_id or 0), []).append(Officer(user.telegram_id, user.name))
    return RealizationStatus(year, month, len(nodes), missing, officers)


def realization_status(
    session: Session, planned: Planned, agency_code: str | None = None
) -> RealizationStatus | None:
    """The realization part of a reminder: only for rules that need it, for monthly periods."""
    occ = planned.occurrence
    if not planned.rule.needs_realization or occ.period_month is None:
        return None
    return outstanding_sub_activities(
        session, planned.unit_id, occ.period_year, occ.period_month, agency_code
    )


# --- the /pengingat panel -----------------------------------------------------------------------


@dataclass
class ChatPanel:
    """Everything the subscription panel of a chat shows, for one unit at a time."""

    chat_id: int
    unit_key: int
    rules: list[DeadlineRule]
    on: set[str]  # rule codes subscribed for this unit
    leads: tuple[int, ...]
    units: list[Unit]
    active: list[Subscription]  # every active subscription of the chat, all units
    next: Planned | None


def chat_panel(
    session: Session,
    chat_id: int,
    unit_id: int | None,
    now: datetime,
    *,
    tz: tzinfo = JAKARTA,
    agency_code: str | None = None,
) -> ChatPanel:
    unit_key = _unit_key(session, unit_id, agency_code)
    active = subscriptions(session, chat_id)
    return ChatPanel(
        chat_id=chat_id,
        unit_key=unit_key,
        rules=rules(session, agency_code),
        on={s.rule_code for s in active if s.unit_key == unit_key},
        leads=chat_leads(session, chat_id, unit_key),
        units=reminder_units(session, agency_code),
        active=active,
        next=next_instant(session, now, tz=tz, agency_code=agency_code, chat_id=chat_id),
    )


def default_unit(session: Session, chat_id: int) -> int:
    """The unit a chat's panel opens on: that of its first active subscription, else all."""
    subs = subscriptions(session, chat_id)
    return subs[0].unit_key if subs else ALL_UNITS


def lead_label(leads: Iterable[int]) -> str:
    """ "H-7, H-3, H-1, H" (the day itself is "H")."""
    return ", ".join("H" if d == 0 else f"H-{d}" for d in sorted(set(leads), reverse=True))
