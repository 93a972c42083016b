"""The rencana aksi: an indicator's quarterly targets, typed as a number or a range, appended
(the latest row of a quarter governs; earlier rows are its history)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from lakip_model.errors import Conflict, InvalidInput
from lakip_model.indicators import (
    QUARTER_NUMBERS,
    PlanTarget,
    indicator_for,
    lock_indicator,
    officer,
)
from lakip_model.models import IndicatorPlan
from lakip_model.numbers import parse_reported_quantity
from lakip_model.users import audit

_RANGE_SEPARATORS = ("s.d.", "s/d", "sampai", "–", "—", "-")


def parse_target(text: str) -> PlanTarget:
    """A quarterly target as typed: "25", "25 %", "0,005", or a range "70-80" / "70 s.d. 80"."""
    raw = " ".join((text or "").split())
    for sep in _RANGE_SEPARATORS:
        head, found, tail = raw.partition(sep)
        if found and head.strip() and tail.strip():
            low, high = parse_reported_quantity(head.strip()), parse_reported_quantity(tail.strip())
            if low.value is None or high.value is None or high.value <= low.value:
                raise InvalidInput("indicator.range_invalid", text=raw[:40])
            return PlanTarget(low.value, high.unit or low.unit, raw, high.value)
    single = parse_reported_quantity(raw)
    return PlanTarget(single.value, single.unit, raw)


def set_plan(
    session: Session,
    actor_id: int,
    indicator_id: int,
    targets: Mapping[int, str],
    *,
    source: str = "telegram",
    note: str | None = None,
) -> list[IndicatorPlan]:
    """Append the rencana aksi of some quarters (quarter -> target as typed), all or nothing.

    The actor is re-read here: an admin, or an operator of the indicator's unit; the year must
    be open. Earlier rows stay: the latest row of a quarter governs.
    """
    who = officer(session, actor_id)
    ind, fy = indicator_for(session, who, indicator_id)
    if fy.closed:
        raise Conflict("entry.year_closed", year=fy.year)
    if not targets:
        raise InvalidInput("indicator.plan_empty")
    parsed: dict[int, PlanTarget] = {}
    for quarter, text in sorted(targets.items()):
        if quarter not in QUARTER_NUMBERS:
            raise InvalidInput("indicator.quarter_invalid", quarter=quarter)
        parsed[quarter] = parse_target(text)
    lock_indicator(session, indicator_id)
    rows = [
        IndicatorPlan(
            indicator_id=indicator_id,
            quarter=quarter,
            target_text=target.text,
            target_value=target.value,
            target_max=target.high,
            source=source,
            set_by=actor_id,
            note=note,
        )
        for quarter, target in parsed.items()
    ]
    session.add_all(rows)
    session.flush()
    detail = " ".join(f"tw{q}={t.text}" for q, t in parsed.items())
    audit(session, actor_id, "rencana-aksi", f"indikator {ind.key}", detail)
    return rows


def plan_history(session: Session, indicator_id: int) -> list[IndicatorPlan]:
    """Every plan row of an indicator, newest first (the history of its rencana aksi)."""
    return list(
        session.exec(
            select(IndicatorPlan)
            .where(IndicatorPlan.indicator_id == indicator_id)
            .order_by(col(IndicatorPlan.id).desc())
        )
    )
