"""Recording an indicator's figure on the ledger: the same rules as budget entries.

Append-only, a second figure for the same indicator and quarter is a correction that replaces
the standing one, verification by someone else (``verification``), idempotent by draft key, the
actor re-read and the indicator locked inside the saving transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from lakip_model.arithmetic import (
    Polarity,
    category_on_scale,
    is_below_target_range,
    target_achievement,
)
from lakip_model.errors import Conflict, InvalidInput
from lakip_model.indicators import (
    QUARTER_LABELS,
    QUARTER_NUMBERS,
    IndicatorQuarter,
    indicator_for,
    load_year,
    lock_indicator,
    officer,
    result_of,
    target_label,
)
from lakip_model.models import (
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorMeasure,
    RealizationEntry,
)
from lakip_model.numbers import Quantity, normalize_unit, parse_reported_quantity
from lakip_model.users import audit

# A typed figure this many times its target is more likely a typo than a feat.
FIGURE_WARNING_FACTOR = Decimal(2)
REPLACES = "mengganti"
HIGH_FIGURE = "angka-tinggi"


# --- recording a realization --------------------------------------------------------------------


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def default_quarter(fy: FiscalYear, today: date) -> int:
    """The quarter just ended (TW IV of an earlier year; TW I in the first quarter itself)."""
    if fy.year < today.year:
        return 4
    return max(1, quarter_of(today) - 1)


def reportable_quarters(fy: FiscalYear, today: date) -> list[int]:
    """Quarters of ``fy`` a figure may be for: those begun by today; none in a closed year."""
    if fy.closed or fy.year > today.year:
        return []
    if fy.year < today.year:
        return list(QUARTER_NUMBERS)
    return list(range(1, quarter_of(today) + 1))


@dataclass
class IndicatorDraft:
    """An officer's indicator figure while the conversation builds it."""

    indicator_id: int
    year: int
    quarter: int
    quantity: Decimal | None = None
    quantity_text: str | None = None
    causes: str | None = None
    note: str | None = None
    evidence_file_id: str | None = None
    key: str | None = None


@dataclass
class IndicatorAssessment:
    """What the confirmation screen shows and what must be confirmed."""

    indicator: Indicator
    fiscal_year: FiscalYear
    result: IndicatorQuarter  # the quarter as it stands (without this draft)
    replaces: RealizationEntry | None
    achievement: Decimal | None  # of this draft's figure against the quarter target
    below_target: bool | None
    category: str | None = None  # of ``achievement``, on the agency's scale
    warnings: set[str] = field(default_factory=set)


def current_figure(
    session: Session, indicator_id: int, year: int, quarter: int | None
) -> RealizationEntry | None:
    """The entry that stands for an indicator and quarter: waiting or approved, not replaced."""
    rows = list(
        session.exec(
            select(RealizationEntry)
            .where(
                RealizationEntry.indicator_id == indicator_id,
                RealizationEntry.year == year,
                RealizationEntry.quarter == quarter
                if quarter is not None
                else col(RealizationEntry.quarter).is_(None),
            )
            .order_by(col(RealizationEntry.id))
        )
    )
    replaced = {
        e.replaces_id
        for e in rows
        if e.replaces_id and e.status in (EntryStatus.DIAJUKAN, EntryStatus.DISETUJUI)
    }
    standing = [
        e
        for e in rows
        if e.kind != EntryKind.WITHDRAWAL
        and e.status in (EntryStatus.DIAJUKAN, EntryStatus.DISETUJUI)
        and e.id not in replaced
    ]
    return standing[-1] if standing else None


def read_figure(ind: Indicator, text: str) -> Quantity:
    """A typed figure in the indicator's measure: a number, with or without the unit."""
    quantity = parse_reported_quantity(text)
    expected = normalize_unit(ind.measure_unit or "")
    if quantity.unit and expected and expected != quantity.unit:
        raise InvalidInput("indicator.unit_mismatch", unit=quantity.unit, expected=expected)
    percent = ind.measure == IndicatorMeasure.PERCENT
    if percent and quantity.value is not None and quantity.value > Decimal(1000):
        raise InvalidInput("indicator.percent_too_large", text=text[:40])
    return quantity


def assess_realization(
    session: Session, actor_id: int, draft: IndicatorDraft, today: date
) -> IndicatorAssessment:
    """Check a draft and say what must be confirmed; raises for what is refused."""
    who = officer(session, actor_id)
    ind, fy = indicator_for(session, who, draft.indicator_id)
    if fy.year != draft.year:
        raise InvalidInput("entry.year_mismatch", year=draft.year, node_year=fy.year)
    if fy.closed:
        raise Conflict("entry.year_closed", year=fy.year)
    if draft.quarter not in reportable_quarters(fy, today):
        raise InvalidInput("indicator.quarter_not_open", quarter=draft.quarter, year=fy.year)
    if draft.quantity is not None and draft.quantity < 0:
        raise InvalidInput("entry.negative_quantity", quantity=str(draft.quantity))
    year = load_year(session, int(fy.id or 0))
    result = result_of(year, ind, draft.quarter)
    replaces = current_figure(session, int(ind.id or 0), draft.year, draft.quarter)
    target = result.quarter_target
    low = target.value if target else None
    high = target.high if target else None
    assessment = IndicatorAssessment(
        indicator=ind,
        fiscal_year=fy,
        result=result,
        replaces=replaces,
        achievement=target_achievement(low, high, draft.quantity, result.polarity),
        below_target=is_below_target_range(low, high, draft.quantity, result.polarity),
    )
    assessment.category = category_on_scale(assessment.achievement, year.scale)
    if replaces is not None:
        assessment.warnings.add(REPLACES)
    reference = (target.high or target.value) if target else None
    if reference is None and result.year_target is not None:
        reference = result.year_target.value
    if (
        draft.quantity is not None
        and reference
        and result.polarity is Polarity.HIGHER
        and draft.quantity > reference * FIGURE_WARNING_FACTOR
    ):
        assessment.warnings.add(HIGH_FIGURE)
    return assessment


def saved_before(session: Session, actor_id: int, draft: IndicatorDraft) -> RealizationEntry | None:
    """The actor's entry already saved from this draft (its key), after taking the lock."""
    if draft.key is None:
        return None
    officer(session, actor_id)
    lock_indicator(session, draft.indicator_id)
    return session.exec(
        select(RealizationEntry).where(
            RealizationEntry.draft_key == draft.key, RealizationEntry.submitted_by == actor_id
        )
    ).first()


class FigureChanged(Conflict):
    """Someone saved a figure for the same indicator and quarter meanwhile."""

    def __init__(self, standing: RealizationEntry | None) -> None:
        super().__init__("indicator.changed", standing=standing.id if standing else None)


def save_realization(
    session: Session,
    actor_id: int,
    draft: IndicatorDraft,
    today: date,
    *,
    confirmed: set[str],
    expected_replaces: int | None,
    actor_name: str | None = None,
) -> RealizationEntry:
    """Append the figure (status diajukan) if it is still what the officer confirmed; a draft
    saved already returns its entry and writes nothing."""
    existing = saved_before(session, actor_id, draft)
    if existing is not None:
        return existing
    if draft.quantity is None:
        raise InvalidInput("indicator.figure_missing")
    lock_indicator(session, draft.indicator_id)
    checked = assess_realization(session, actor_id, draft, today)
    now_replaces = checked.replaces.id if checked.replaces else None
    if now_replaces != expected_replaces:
        raise FigureChanged(checked.replaces)
    missing = checked.warnings - confirmed
    if missing:
        raise InvalidInput("entry.unconfirmed", warnings=", ".join(sorted(missing)))
    entry = RealizationEntry(
        indicator_id=draft.indicator_id,
        year=draft.year,
        quarter=draft.quarter,
        quantity=draft.quantity,
        quantity_text=draft.quantity_text,
        kind=EntryKind.CORRECTION if now_replaces else EntryKind.ENTRY,
        replaces_id=now_replaces,
        status=EntryStatus.DIAJUKAN,
        source="telegram",
        submitted_by=actor_id,
        submitted_by_name=actor_name,
        note=draft.note,
        causes=draft.causes,
        evidence_file_id=draft.evidence_file_id,
        draft_key=draft.key,
    )
    session.add(entry)
    session.flush()
    audit(
        session,
        actor_id,
        "lapor",  # the same action as a budget entry: one ledger, one audit trail
        f"entri {entry.id}",
        f"indikator={checked.indicator.key} periode={draft.year}-TW{draft.quarter} "
        f"k={draft.quantity_text} mengganti={now_replaces}",
    )
    return entry


def figure_text(ind: Indicator, typed: str, quantity: Quantity) -> str:
    """The text a figure is recorded with: as typed, with the indicator's unit added to a bare
    number, so history and verifikator read what was meant."""
    unit = ind.measure_unit
    if quantity.unit is not None or not unit:
        return typed
    return f"{typed}{unit}" if unit == "%" else f"{typed} {unit}"


@dataclass(frozen=True)
class IndicatorCard:
    """An indicator entry's subject as review, history and undo show it (where a budget entry
    shows its row): the indicator, its quarter, the target it is measured against, and what
    the entry's figure achieves against it."""

    id: int
    key: str
    name: str
    period: str  # "TW II 2026", or the year for a whole-year figure
    target_text: str | None  # the quarter's rencana aksi, or the year target
    achievement: Decimal | None
    category: str | None
    below_target: bool | None


def period_label(year: int, quarter: int | None) -> str:
    return f"{QUARTER_LABELS[quarter]} {year}" if quarter in QUARTER_LABELS else str(year)


def card_of(session: Session, entry: RealizationEntry) -> IndicatorCard | None:
    """The card of an indicator entry (None for a budget entry or an indicator that is gone)."""
    if entry.indicator_id is None:
        return None
    ind = session.get(Indicator, entry.indicator_id)
    if ind is None:
        return None
    year = load_year(session, ind.fiscal_year_id)
    result = result_of(year, ind, entry.quarter)
    if entry.quarter is None:
        target: Quantity | None = result.year_target
        low, high = (target.value if target else None), None
    else:
        target = result.quarter_target
        low = result.quarter_target.value if result.quarter_target else None
        high = result.quarter_target.high if result.quarter_target else None
    achieved = target_achievement(low, high, entry.quantity, result.polarity)
    return IndicatorCard(
        id=int(ind.id or 0),
        key=ind.key,
        name=ind.name,
        period=period_label(entry.year, entry.quarter),
        target_text=target_label(target),
        achievement=achieved,
        category=category_on_scale(achieved, year.scale),
        below_target=is_below_target_range(low, high, entry.quantity, result.polarity),
    )
