"""The quarterly digest: at the start of each triwulan, the quarter just ended on one screen.

Who receives it: the pimpinan (Kepala Dinas) of the agency, unless they opted out, and every
registered user of the agency who subscribed (``DigestSubscription``). What it holds
(:func:`quarter_digest`): the budget's absorption up to the end of the quarter against the
quarter's norm (a configurable cumulative share, ``DEFAULT_NORM``), the indicators below their
quarterly target (``indicators.quarter_results``, as /capaian computes them), and what is still
unreported: sub-activities without an entry for each month of the quarter, indicators without a
figure, indicators without a rencana aksi.

Delivery is the reminders' (``reminders.delivery``): :func:`due_digests` plans one delivery per
recipient and quarter, keyed like a reminder (chat = the recipient's private chat, the digest's
rule code, the quarter's period key), so the unique key, the lease and the retries give it
exactly once (at least once across a crash after sending). See docs/deadlines.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lakip_model.arithmetic import absorption
from lakip_model.deadlines import (
    JAKARTA,
    Cadence,
    DeadlineRule,
    Shift,
    occurrence_for,
    occurrences,
)
from lakip_model.errors import InvalidInput
from lakip_model.indicators import IndicatorQuarter, quarter_results
from lakip_model.models import Agency, AppUser, FiscalYear, Role, utcnow
from lakip_model.queries import budget_tree
from lakip_model.reminders.delivery import DEFAULT_LOOKBACK, DueReminders, Planned, is_open
from lakip_model.reminders.outstanding import YearState, outstanding_sub_activities
from lakip_model.reminders.rules import agency_id, agency_ids, calendar
from lakip_model.reminders.tables import ALL_UNITS, Delivery, DigestSubscription
from lakip_model.users import require

# The cumulative share of the year's budget a quarter's norm expects absorbed by its end: an
# even pace (25/50/75/100 %). A local setting (LAKIP_ABSORPTION_NORM), not a regulation's.
DEFAULT_NORM: tuple[Decimal, ...] = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))
DIGEST_AT = time(8, 0)  # on the first working day of the quarter, WIB
# A digest a day or two late (the bot was down at the quarter's start) is still worth reading.
DIGEST_GRACE = timedelta(days=3)
# The digest as a rule of the calendar: the quarter's period, due on the first day of the next
# quarter, moved to the next working day (1 January is a holiday). Not an agency's row: it is
# not a report anyone owes, so it is not listed in /tenggat.
DIGEST_RULE = DeadlineRule(
    code="ringkasan-triwulan",
    name="Ringkasan triwulan",
    cadence=Cadence.QUARTERLY,
    day=1,
    months_after=1,
    shift=Shift.NEXT,
    basis="Ringkasan triwulan yang baru berakhir untuk pimpinan dan pelanggan.",
    local_setting=True,
)


def parse_norm(text: str) -> tuple[Decimal, ...]:
    """ "25,50,75,100" (or "25 50 75 100"): four cumulative percentages, not decreasing, 0-100."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    try:
        values = tuple(Decimal(p.strip()) for p in parts)
    except ArithmeticError:
        raise InvalidInput("digest.norm_invalid", value=text[:40]) from None
    if (
        len(values) != 4
        or any(not Decimal(0) <= v <= Decimal(100) for v in values)
        or list(values) != sorted(values)
    ):
        raise InvalidInput("digest.norm_invalid", value=text[:40])
    return values


# --- recipients and subscriptions -----------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    name: str
    pimpinan: bool
    since: datetime  # digests from before this instant are not theirs


_ALWAYS = datetime.min.replace(tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def recipients(session: Session, agency: int) -> list[Recipient]:
    """The agency's active pimpinan (unless opted out) and its active users who subscribed."""
    choices = {
        row.telegram_id: row
        for row in session.exec(
            select(DigestSubscription).where(DigestSubscription.agency_id == agency)
        )
    }
    found = []
    for user in session.exec(
        select(AppUser)
        .where(AppUser.agency_id == agency, col(AppUser.active).is_(True))
        .order_by(col(AppUser.telegram_id))
    ):
        choice = choices.get(user.telegram_id)
        pimpinan = user.role == Role.PIMPINAN
        wants = choice.subscribed if choice is not None else pimpinan
        if not wants:
            continue
        # a pimpinan without a row receives every quarter inside the grace window, also one
        # that began just before their appointment (they lead the agency for the next one)
        since = _aware(choice.since) if choice is not None else _ALWAYS
        found.append(Recipient(user.telegram_id, user.name, pimpinan, since))
    return found


@dataclass(frozen=True)
class DigestChoice:
    """What /langganan shows: whether the user receives the digest, and why."""

    receives: bool
    pimpinan: bool


def digest_choice(session: Session, telegram_id: int) -> DigestChoice:
    actor = require(session, telegram_id)
    row = session.exec(
        select(DigestSubscription).where(
            DigestSubscription.agency_id == actor.agency_id,
            DigestSubscription.telegram_id == telegram_id,
        )
    ).first()
    pimpinan = actor.role == Role.PIMPINAN
    return DigestChoice(row.subscribed if row is not None else pimpinan, pimpinan)


def set_digest(
    session: Session, telegram_id: int, subscribed: bool, now: datetime | None = None
) -> DigestChoice:
    """Subscribe or unsubscribe (re-checking the user in this transaction); idempotent.

    A change moves ``since``, so a new subscriber never receives a quarter from before it."""
    actor = require(session, telegram_id)
    now = now or utcnow()
    row = session.exec(
        select(DigestSubscription)
        .where(
            DigestSubscription.agency_id == actor.agency_id,
            DigestSubscription.telegram_id == telegram_id,
        )
        .with_for_update()
    ).first()
    pimpinan = actor.role == Role.PIMPINAN
    if row is None:
        if subscribed == pimpinan:  # the default already: nothing to record
            return DigestChoice(subscribed, pimpinan)
        row = DigestSubscription(agency_id=actor.agency_id, telegram_id=telegram_id, since=now)
    elif row.subscribed == subscribed:
        return DigestChoice(subscribed, pimpinan)
    row.subscribed, row.since, row.updated_at = subscribed, now, now
    session.add(row)
    session.flush()
    return DigestChoice(subscribed, pimpinan)


# --- planning -------------------------------------------------------------------------------------


def digest_instant(period_key: str, session: Session, tz: tzinfo = JAKARTA) -> datetime:
    """When the digest of a quarter ("2026-Q1") goes out: 08:00 on its due day."""
    occ = occurrence_for(DIGEST_RULE, period_key, calendar(session))
    return datetime.combine(occ.due, DIGEST_AT, tz)


def due_digests(
    session: Session,
    now: datetime,
    grace: timedelta = DIGEST_GRACE,
    *,
    tz: tzinfo = JAKARTA,
    lookback: timedelta = DEFAULT_LOOKBACK,
    agency_code: str | None = None,
) -> DueReminders:
    """The digests to send now (instant in [now - grace, now]) and those missed (older, up to
    ``lookback``), of every agency (``agency_code``, LAKIP_AGENCY: that one's only), each to its
    own people with its own figures; only those without a delivery row or with one that may be
    taken again, as ``reminders.due_reminders`` does."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    agencies = [agency_id(session, agency_code)] if agency_code else agency_ids(session)
    people = [(agency, p) for agency in agencies for p in recipients(session, agency)]
    if not people:
        return DueReminders([], [])
    low = now - max(lookback, grace)
    quarters = occurrences(
        DIGEST_RULE, low.astimezone(tz).date(), now.astimezone(tz).date(), calendar(session)
    )
    if not quarters:
        return DueReminders([], [])
    taken = {
        (agency, chat, period)
        for agency, chat, period, status, lease, retry in session.execute(
            sa_select(
                col(Delivery.agency_id),
                col(Delivery.chat_id),
                col(Delivery.period_key),
                col(Delivery.status),
                col(Delivery.lease_until),
                col(Delivery.next_attempt_at),
            ).where(
                col(Delivery.rule_code) == DIGEST_RULE.code,
                col(Delivery.period_key).in_([q.period_key for q in quarters]),
                col(Delivery.chat_id).in_([p.telegram_id for _, p in people]),
            )
        )
        if not is_open(status, lease, retry, now)
    }
    plans = []
    for occ in quarters:
        instant = datetime.combine(occ.due, DIGEST_AT, tz)
        if not low <= instant <= now:
            continue
        for agency, person in people:
            if instant < person.since or (agency, person.telegram_id, occ.period_key) in taken:
                continue
            plans.append(
                Planned(
                    agency_id=agency,
                    subscription_id=None,
                    chat_id=person.telegram_id,
                    chat_title=person.name,
                    unit_id=None,
                    unit_key=ALL_UNITS,
                    rule=DIGEST_RULE,
                    occurrence=occ,
                    lead=0,
                    instant=instant,
                )
            )
    plans.sort(key=lambda p: (p.instant, p.agency_id, p.chat_id))
    edge = now - grace
    return DueReminders(
        send=[p for p in plans if p.instant >= edge],
        missed=[p for p in plans if p.instant < edge],
    )


# --- what it says ---------------------------------------------------------------------------------


@dataclass
class QuarterDigest:
    """The quarter just ended, for one agency: budget, indicators, what is unreported."""

    agency_name: str
    year: int
    quarter: int
    state: YearState
    norm: Decimal  # cumulative share expected absorbed by the quarter's end, percent
    pagu: int | None = None
    realized: int | None = None  # approved Rupiah of January up to the quarter's last month
    indicators: list[IndicatorQuarter] = field(default_factory=list)
    below_target: list[IndicatorQuarter] = field(default_factory=list)
    unreported_indicators: list[IndicatorQuarter] = field(default_factory=list)
    unplanned: list[IndicatorQuarter] = field(default_factory=list)
    sub_activities: int = 0  # looked at for the months below (open years only)
    unreported_months: dict[int, int] = field(default_factory=dict)  # month -> without entry

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)

    @property
    def below_norm(self) -> bool | None:
        value = self.absorption
        return None if value is None else value < self.norm

    @property
    def measured(self) -> list[IndicatorQuarter]:
        """Indicators whose quarter could be judged (a target and an approved figure)."""
        return [r for r in self.indicators if r.below_target is not None]

    @property
    def has_data(self) -> bool:
        """Anything recorded for the quarter: approved Rupiah or an indicator's figure."""
        return self.realized is not None or any(
            r.realized is not None or r.pending for r in self.indicators
        )


def quarter_months(quarter: int) -> range:
    return range(3 * quarter - 2, 3 * quarter + 1)


def quarter_digest(
    session: Session,
    agency: int,
    year: int,
    quarter: int,
    norm: Sequence[Decimal] = DEFAULT_NORM,
) -> QuarterDigest:
    """The digest of ``year`` triwulan ``quarter`` for the agency (by id), from the ledger."""
    if quarter not in (1, 2, 3, 4):
        raise InvalidInput("indicator.quarter_invalid", quarter=quarter)
    found = session.get(Agency, agency)
    name = found.name if found is not None else ""
    fy = session.exec(
        select(FiscalYear).where(FiscalYear.agency_id == agency, FiscalYear.year == year)
    ).first()
    share = Decimal(norm[quarter - 1])
    if fy is None:
        return QuarterDigest(name, year, quarter, YearState.MISSING, share)
    state = YearState.CLOSED if fy.closed else YearState.OPEN
    tree = budget_tree(session, fy, frozenset(range(1, 3 * quarter + 1)))
    results = quarter_results(session, int(fy.id or 0), quarter)
    digest = QuarterDigest(
        name,
        year,
        quarter,
        state,
        share,
        pagu=tree.root.pagu,
        realized=tree.root.realized,
        indicators=results,
        below_target=[r for r in results if r.below_target],
        unreported_indicators=[r for r in results if r.missing],
        unplanned=[r for r in results if not r.planned],
    )
    if state is YearState.OPEN:
        for month in quarter_months(quarter):
            status = outstanding_sub_activities(session, None, year, month, agency=agency)
            if status is not None:
                digest.sub_activities = status.total
                digest.unreported_months[month] = len(status.missing)
    return digest


def digest_of(
    session: Session, planned: Planned, norm: Sequence[Decimal] = DEFAULT_NORM
) -> QuarterDigest:
    """The digest a planned delivery carries: its agency's, of the occurrence's quarter."""
    occ = planned.occurrence
    assert occ.period_quarter is not None
    return quarter_digest(session, planned.agency_id, occ.period_year, occ.period_quarter, norm)


def next_digest(session: Session, now: datetime, tz: tzinfo = JAKARTA) -> Planned | None:
    """The next digest's quarter and instant after ``now`` (for /langganan), not addressed."""
    today = now.astimezone(tz).date()
    for occ in occurrences(DIGEST_RULE, today, today + timedelta(days=100), calendar(session)):
        instant = datetime.combine(occ.due, DIGEST_AT, tz)
        if instant > now:
            return Planned(0, None, 0, None, None, ALL_UNITS, DIGEST_RULE, occ, 0, instant)
    return None


def last_quarter(today: date) -> tuple[int, int]:
    """The quarter that ended last before ``today``: on 15 May 2026, (2026, 1)."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def latest_digest(
    session: Session, telegram_id: int, today: date, norm: Sequence[Decimal] = DEFAULT_NORM
) -> QuarterDigest:
    """The digest of the quarter just ended, for a registered user's own agency (/langganan's
    "lihat" button): what the next or last delivery says, on demand."""
    actor = require(session, telegram_id)
    year, quarter = last_quarter(today)
    return quarter_digest(session, actor.agency_id, year, quarter, norm)
