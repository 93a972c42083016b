"""Who still has to report: the sub-activities without a realization entry, and their officers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from lakip_model.deadlines import Cadence, DeadlineRule, Occurrence, occurrence_for, occurrences
from lakip_model.errors import InvalidInput, PermissionDenied
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
    Unit,
)
from lakip_model.numbers import format_month
from lakip_model.queries import standing_entries_filter
from lakip_model.reminders.delivery import Planned
from lakip_model.reminders.rules import Upcoming, agency_id, calendar, rules
from lakip_model.users import actor_of


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
    unit_totals: dict[int | None, int] = field(default_factory=dict)  # sub-activities per unit

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.missing


def outstanding_sub_activities(
    session: Session,
    unit_id: int | None,
    year: int,
    month: int,
    agency_code: str | None = None,
    *,
    agency: int | None = None,
) -> RealizationStatus | None:
    """Sub-activities of the unit (all units for None) with no entry for ``year``-``month``.

    Only an *open* fiscal year counts (a closed one accepts no entries, so there is nobody to
    remind): None when the year is closed or missing. An entry counts while it is submitted or
    approved and not superseded by a withdrawal, as in the recording journey. ``agency`` (an
    id: the asker's) overrides ``agency_code``.
    """
    if agency is None:
        agency = agency_id(session, agency_code)
    fy = session.exec(
        select(FiscalYear).where(
            FiscalYear.agency_id == agency,
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
    totals: dict[int | None, int] = {}
    for node, _ in nodes:
        totals[node.unit_id] = totals.get(node.unit_id, 0) + 1
    return RealizationStatus(year, month, len(nodes), missing, officers, totals)


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


# --- /belumlapor: who has not reported, for the leadership ----------------------------------------

# Who may ask: the leadership and the secretariat that chases the reports (not one unit's
# operators, who see their own rows in /lapor and /riwayat).
MISSING_ROLES = (Role.PIMPINAN, Role.ADMIN, Role.VERIFIKATOR)


class YearState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    MISSING = "missing"


@dataclass
class MissingReport:
    """Who has not reported a month in the asker's agency, beside that month's deadline."""

    year: int
    month: int
    state: YearState
    status: RealizationStatus | None  # None unless the year is open
    units: dict[int, Unit]  # the agency's units, for their names
    deadline: Occurrence | None  # the monthly realization deadline of that month


def realization_rule(session: Session, agency_code: str | None) -> DeadlineRule | None:
    """The monthly rule whose reminders list the missing entries (the realization report)."""
    for rule in rules(session, agency_code):
        if rule.needs_realization and rule.cadence is Cadence.MONTHLY:
            return rule
    return None


def reporting_month(session: Session, today: date, agency_code: str | None) -> tuple[int, int]:
    """The month whose realization report is due next (due today counts): on 15 May, May (due
    10 June); on 5 May, April (due 8 May). That is the month the next reminder chases, so the
    leadership sees what the groups will be told. Without the rule: the month before today's.
    """
    rule = realization_rule(session, agency_code)
    if rule is not None:
        found = occurrences(rule, today, today + timedelta(days=100), calendar(session))
        if found and found[0].period_month is not None:
            return found[0].period_year, found[0].period_month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def missing_reports(
    session: Session,
    actor_id: int,
    today: date,
    period: tuple[int, int] | None = None,
) -> MissingReport:
    """/belumlapor: the sub-activities of the actor's agency without an entry for ``period``
    (default :func:`reporting_month`), by unit, with their officers.

    Refused for anyone but the leadership, verifikators and admins (``missing.role_refused``),
    and for a month that has not begun (``missing.month_future``).
    """
    actor = actor_of(session, actor_id)
    if actor is None:
        raise PermissionDenied("user.not_registered")
    if actor.role not in MISSING_ROLES:
        raise PermissionDenied("missing.role_refused", role=actor.role)
    agency = session.get(Agency, actor.agency_id)
    code = agency.code if agency is not None else None
    year, month = period or reporting_month(session, today, code)
    if (year, month) > (today.year, today.month):
        raise InvalidInput("missing.month_future", period=format_month(year, month))
    fy = session.exec(
        select(FiscalYear).where(FiscalYear.agency_id == actor.agency_id, FiscalYear.year == year)
    ).first()
    state = YearState.MISSING if fy is None else YearState.CLOSED if fy.closed else YearState.OPEN
    status = (
        outstanding_sub_activities(session, None, year, month, agency=actor.agency_id)
        if state is YearState.OPEN
        else None
    )
    rule = realization_rule(session, code)
    deadline = occurrence_for(rule, f"{year:04d}-{month:02d}", calendar(session)) if rule else None
    units = {
        int(u.id or 0): u
        for u in session.exec(
            select(Unit)
            .where(Unit.agency_id == actor.agency_id)
            .order_by(col(Unit.sort_order), col(Unit.id))
        )
    }
    return MissingReport(year, month, state, status, units, deadline)


def outstanding_of_upcoming(
    session: Session, items: Iterable[Upcoming], today: date, agency: int
) -> dict[tuple[str, str], RealizationStatus]:
    """/tenggat: who is missing for each coming realization deadline whose month has begun,
    keyed by (rule code, period key); a month not begun, or of a year not open, has none."""
    found: dict[tuple[str, str], RealizationStatus] = {}
    for item in items:
        occ = item.occurrence
        if not item.rule.needs_realization or occ.period_month is None:
            continue
        if (occ.period_year, occ.period_month) > (today.year, today.month):
            continue
        status = outstanding_sub_activities(
            session, None, occ.period_year, occ.period_month, agency=agency
        )
        if status is not None and status.total:
            found[(item.rule.code, occ.period_key)] = status
    return found
