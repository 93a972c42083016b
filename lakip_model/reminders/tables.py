"""The reminder tables: an agency's rules, the holidays admins entered, subscriptions, deliveries.

Alembic sees them through ``lakip_model.migrations.env``, which imports this package.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

from lakip_model.deadlines import Shift, parse_lead_days, parse_time
from lakip_model.models import utcnow

ALL_UNITS = 0  # ``unit_key`` of a subscription for every unit (a NULL would not be unique)


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a process holds it until ``lease_until`` (or died: then it expires)
    SENT = "sent"
    RETRY = "retry"  # a retryable failure (5xx, network, 429): taken again from next_attempt_at
    FAILED = "failed"  # Telegram refused it for good (4xx, Forbidden); ``error`` says why
    MISSED = "missed"  # the grace window passed without a send (bot down, or retries ran out)


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
    needs_indicators: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
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
    """A group chat receives the reminders of one agency's rule, for one unit or for all of them.

    ``agency_id``: whose rule, units and outstanding counts the reminders carry (the agency of
    the registered user who set the group up), and whose admins hear about the chat. One group
    may follow two agencies; each subscription is of one.
    ``unit_key`` is ``unit_id`` or ``ALL_UNITS`` (0): the unique key needs a non-null column.
    ``since``: reminders count from the last change, so a new or changed subscription does not
    fire (or record as missed) reminders from before it existed.
    """

    __tablename__ = "remindersubscription"
    __table_args__ = (
        UniqueConstraint("agency_id", "chat_id", "rule_code", "unit_key", name="uq_subscription"),
    )
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
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
    """One reminder (rule, chat, unit, occurrence, lead): inserted to claim it, then finished.

    A quarterly digest (``lakip_model.digest``) is a delivery too, to a private chat, with no
    reminder subscription (``subscription_id`` None) and the digest's own rule code.

    ``agency_id`` is part of the key: a group following two agencies' monthly report gets each
    agency's reminder once, and two agencies' rows never collide.

    A claim is a lease: ``claimed_by`` holds it until ``lease_until``; ``attempts`` counts the
    claims and fences a finish (only the holder of the current attempt records retry/failed).
    """

    __tablename__ = "reminderdelivery"
    __table_args__ = (
        UniqueConstraint(
            "agency_id",
            "chat_id",
            "rule_code",
            "unit_key",
            "period_key",
            "lead_days",
            name="uq_delivery_once",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    subscription_id: int | None = Field(
        default=None, foreign_key="remindersubscription.id", index=True
    )
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
    lease_until: datetime | None = None  # a claim no longer held after this; None: not claimed
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    next_attempt_at: datetime | None = None  # a ``retry`` is taken again from this instant


class DigestSubscription(SQLModel, table=True):
    """A registered user's choice about the quarterly digest (``lakip_model.digest``).

    Anyone of the agency may subscribe; the pimpinan receive it without a row, and a row with
    ``subscribed`` False is a pimpinan's opt-out. Rows are kept when someone unsubscribes.
    ``since``: digests count from the last change, so subscribing never sends an old quarter.
    """

    __tablename__ = "digestsubscription"
    __table_args__ = (UniqueConstraint("agency_id", "telegram_id"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    subscribed: bool = True
    since: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
