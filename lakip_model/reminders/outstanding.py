"""Who still has to report: the sub-activities without a realization entry, and their officers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from lakip_model.models import (
    AppUser,
    BudgetNode,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
    Unit,
)
from lakip_model.queries import standing_entries_filter
from lakip_model.reminders.delivery import Planned
from lakip_model.reminders.rules import agency_id


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
