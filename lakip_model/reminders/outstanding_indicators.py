"""The indicators a quarterly reminder names: still without a realization for the quarter, and
without a rencana aksi (quarterly targets).

The figures come from ``lakip_model.indicators`` (``quarter_results``), the same read as
/capaian, so a group is told what /capaian shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from lakip_model.indicators import IndicatorQuarter, quarter_results
from lakip_model.models import AppUser, FiscalYear, Role
from lakip_model.reminders.delivery import Planned
from lakip_model.reminders.outstanding import Officer
from lakip_model.reminders.rules import Upcoming, agency_id


@dataclass
class IndicatorStatus:
    """A unit's (all units: ``unit_id`` None) indicators in a quarter of an open year."""

    year: int
    quarter: int
    total: int  # indicators looked at
    missing: list[IndicatorQuarter]  # no approved or waiting figure for the quarter
    unplanned: list[IndicatorQuarter]  # a quarter of their rencana aksi has no target
    officers: dict[int, list[Officer]]  # unit id -> operators of that unit (of the missing)

    @property
    def complete(self) -> bool:
        return self.total > 0 and not self.missing


def outstanding_indicators(
    session: Session,
    unit_id: int | None,
    year: int,
    quarter: int,
    agency_code: str | None = None,
    *,
    agency: int | None = None,
) -> IndicatorStatus | None:
    """The unit's indicators without a figure for ``year`` triwulan ``quarter``, and those
    without a rencana aksi; None when the year is closed or missing (nobody can report).
    ``agency`` (an id: the asker's) overrides ``agency_code``."""
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
    results = [
        r
        for r in quarter_results(session, int(fy.id or 0), quarter)
        if not unit_id or r.unit_id == unit_id
    ]
    missing = [r for r in results if r.missing]
    units = {r.unit_id for r in missing if r.unit_id is not None}
    officers: dict[int, list[Officer]] = {}
    for user in session.exec(
        select(AppUser)
        .where(
            AppUser.agency_id == agency,
            AppUser.role == Role.OPERATOR,
            col(AppUser.active).is_(True),
            col(AppUser.unit_id).in_(units),
        )
        .order_by(col(AppUser.name))
    ):
        officers.setdefault(int(user.unit_id or 0), []).append(Officer(user.telegram_id, user.name))
    return IndicatorStatus(
        year=year,
        quarter=quarter,
        total=len(results),
        missing=missing,
        unplanned=[r for r in results if not r.planned],
        officers=officers,
    )


def indicator_status(
    session: Session, planned: Planned, agency_code: str | None = None
) -> IndicatorStatus | None:
    """The indicators part of a reminder: only for rules that need it, for quarterly periods."""
    occ = planned.occurrence
    if not planned.rule.needs_indicators or occ.period_quarter is None:
        return None
    return outstanding_indicators(
        session, planned.unit_id, occ.period_year, occ.period_quarter, agency_code
    )


def indicators_of_upcoming(
    session: Session, items: Iterable[Upcoming], today: date, agency: int
) -> dict[tuple[str, str], IndicatorStatus]:
    """/tenggat: the indicators still missing for each coming indicator deadline whose quarter
    has begun, keyed by (rule code, period key); none for a quarter of a year not open."""
    found: dict[tuple[str, str], IndicatorStatus] = {}
    for item in items:
        occ = item.occurrence
        if not item.rule.needs_indicators or occ.period_quarter is None:
            continue
        if (occ.period_year, 3 * occ.period_quarter - 2) > (today.year, today.month):
            continue
        status = outstanding_indicators(
            session, None, occ.period_year, occ.period_quarter, agency=agency
        )
        if status is not None and status.total:
            found[(item.rule.code, occ.period_key)] = status
    return found
