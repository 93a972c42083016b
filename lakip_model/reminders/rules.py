"""The agency's deadline rules and holidays as stored: defaults, admins' edits, the calendar.

Rule and holiday edits are for bot admins and are checked here (``users.require``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lakip_model.deadlines import (
    DEFAULT_RULES,
    Cadence,
    DeadlineRule,
    Occurrence,
    Shift,
    WorkCalendar,
    default_calendar,
    next_occurrences,
)
from lakip_model.errors import InvalidInput, NotFound
from lakip_model.models import Agency, Role, utcnow
from lakip_model.reminders.tables import DeadlineRuleRow, HolidayRow
from lakip_model.users import audit, require


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
        "needs_indicators": rule.needs_indicators,
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
        needs_indicators=row.needs_indicators,
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


def agency_id(session: Session, agency_code: str | None) -> int:
    """The agency served (``agency_code``, or the first one); ``NotFound`` before any seed."""
    stmt = select(Agency.id).order_by(col(Agency.id))
    if agency_code:
        stmt = stmt.where(Agency.code == agency_code)
    found = session.exec(stmt).first()
    if found is None:
        raise NotFound("reminder.no_agency")
    return found


def rule_rows(session: Session, agency_code: str | None = None) -> list[DeadlineRuleRow]:
    agency = agency_id(session, agency_code)
    return list(
        session.exec(
            select(DeadlineRuleRow)
            .where(DeadlineRuleRow.agency_id == agency)
            .order_by(col(DeadlineRuleRow.sort_order), col(DeadlineRuleRow.id))
        )
    )


def rules(session: Session, agency_code: str | None = None) -> list[DeadlineRule]:
    """The agency's rules, active or not, in calendar order."""
    return [_rule_of(row) for row in rule_rows(session, agency_code)]


def rules_by_agency(
    session: Session, agencies: Iterable[int]
) -> dict[tuple[int, str], DeadlineRule]:
    """The active rules of several agencies at once, keyed by (agency id, rule code): the
    delivery job plans every agency's groups in one pass, each by its own agency's rules."""
    wanted = set(agencies)
    if not wanted:
        return {}
    return {
        (row.agency_id, row.code): _rule_of(row)
        for row in session.exec(
            select(DeadlineRuleRow).where(
                col(DeadlineRuleRow.agency_id).in_(wanted), col(DeadlineRuleRow.active).is_(True)
            )
        )
    }


def agency_ids(session: Session) -> list[int]:
    """Every agency in the database, by id: one means a single-agency deployment."""
    return [int(a) for a in session.exec(select(Agency.id).order_by(col(Agency.id))) if a]


def agency_code_of(session: Session, agency: int) -> str:
    """The code of an agency by id (``NotFound`` for none): what the code-taking reads need."""
    found = session.get(Agency, agency)
    if found is None:
        raise NotFound("reminder.no_agency")
    return found.code


def _rule_row(session: Session, code: str, agency_code: str | None) -> DeadlineRuleRow:
    for row in rule_rows(session, agency_code):
        if row.code == code:
            return row
    raise NotFound("deadline.unknown_rule", code=code[:40])


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

    Raises ``PermissionDenied`` for anyone but an admin, ``DeadlineError`` for a rule that would
    be invalid, ``NotFound`` for an unknown rule and ``InvalidInput`` for a field not editable.
    """
    require(session, actor_id, Role.ADMIN)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput("deadline.not_editable", fields=", ".join(sorted(unknown)))
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
