"""Quarterly performance indicators: rencana aksi (quarterly targets), their realizations on the
ledger, and what they achieve per triwulan and over the year.

Read side: :func:`quarter_results` loads a year once (a fixed number of queries, whatever the
number of indicators and entries) and computes every indicator's quarter; :func:`indicator_detail`
gives one indicator's four quarters and year from the same load. Write side: :func:`set_plan`
appends plan rows, :func:`assess_realization` / :func:`save_realization` append an indicator's
figure to the ledger under the same rules as budget entries (append-only, a second figure for a
quarter is a correction, verification by someone else, idempotent by draft key).

Which figure counts: the approved entry of an (indicator, quarter) that no approved entry
replaced (the highest id if several); ``quarter`` None is a whole-year figure (the report's).
Formulas: ``lakip_model.arithmetic.target_achievement`` and docs/arithmetic.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import Executable, Integer, bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lakip_model.arithmetic import (
    Polarity,
    category_on_scale,
    is_below_target_range,
    target_achievement,
)
from lakip_model.errors import InvalidInput, NotFound, PermissionDenied
from lakip_model.models import (
    Accumulation,
    AchievementBand,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorMeasure,
    IndicatorPlan,
    IndicatorTarget,
    NodeLevel,
    Objective,
    RealizationEntry,
    Role,
    TargetDocument,
)
from lakip_model.numbers import (
    Quantity,
    format_decimal,
    format_quantity,
    normalize_unit,
)
from lakip_model.users import Actor, actor_of

QUARTER_NUMBERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
_DOCUMENT_ORDER = (TargetDocument.PERJANJIAN_KINERJA, TargetDocument.RENJA)


class Trend(StrEnum):
    """Direction of a figure against the previous quarter (``IndicatorQuarter.improved`` says
    whether that is better, with the polarity)."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class PlanTarget(Quantity):
    """A quarterly target: ``value`` is the target or a range's lower bound, ``high`` the range's
    upper bound (None for a single value)."""

    high: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.high is not None and self.value is not None and self.high > self.value


def target_label(target: Quantity | None) -> str | None:
    """A target in Indonesian figures: "25%", "70–80%", "85 sekolah"; None when there is none."""
    if target is None or target.value is None:
        return None
    if isinstance(target, PlanTarget) and target.is_range and target.high is not None:
        high = format_quantity(target.high, target.unit)
        return f"{format_decimal(target.value)}–{high}"
    return format_quantity(target.value, target.unit)


@dataclass
class IndicatorQuarter:
    """One indicator in one triwulan (``quarter`` None: the year)."""

    indicator_id: int
    key: str
    name: str
    iku: bool
    unit_id: int | None
    objective: str | None
    polarity: Polarity
    measure: IndicatorMeasure | None
    measure_unit: str | None
    accumulation: Accumulation
    quarter: int | None
    year_target: Quantity | None
    year_target_document: str | None
    quarter_target: PlanTarget | None
    planned: bool
    realized: Quantity | None
    realized_ytd: Quantity | None
    pending: bool
    achievement: Decimal | None
    achievement_ytd: Decimal | None
    category: str | None
    category_ytd: str | None
    trend: Trend | None
    improved: bool | None  # the trend is better (True), worse (False), same or unknown (None)
    below_target: bool | None
    missing: bool
    objective_number: int | None = None
    sort_order: int = 0
    planned_quarters: tuple[int, ...] = ()
    causes: str | None = None  # of the figure that counts (or waits), as recorded


@dataclass(frozen=True)
class _Figure:
    entry_id: int
    quantity: Decimal | None
    text: str | None
    causes: str | None


@dataclass
class _Year:
    """Everything :func:`quarter_results` needs of a year, read once."""

    fiscal_year: FiscalYear
    indicators: list[Any]
    targets: dict[int, list[Any]]
    node_targets: dict[int, Any]
    plans: dict[tuple[int, int], Any]  # IndicatorPlan rows (plain)
    approved: dict[tuple[int, int | None], _Figure]
    pending: dict[tuple[int, int | None], _Figure]
    scale: list[tuple[Decimal, str]]


@dataclass(frozen=True)
class _Objective:
    name: str
    number: int


@dataclass(frozen=True)
class _Statements:
    targets: Executable
    nodes: Executable
    plans: Executable
    entries: Executable
    accumulations: Executable


@cache
def _statements() -> _Statements:
    """``load_year``'s statements, built once with the bind parameters ``fy`` and ``ids``."""
    fy = bindparam("fy", type_=Integer)
    ids: Any = bindparam("ids", expanding=True)
    return _Statements(
        targets=sa_select(
            col(IndicatorTarget.indicator_id),
            col(IndicatorTarget.document),
            col(IndicatorTarget.target_value),
            col(IndicatorTarget.target_unit),
            col(IndicatorTarget.target_text),
            col(IndicatorTarget.sort_order),
            col(Objective.name).label("objective_name"),
            col(Objective.number).label("objective_number"),
        )
        .join(Objective, col(Objective.id) == IndicatorTarget.objective_id)
        .where(col(IndicatorTarget.indicator_id).in_(ids))
        .order_by(col(IndicatorTarget.sort_order), col(IndicatorTarget.id)),
        nodes=sa_select(
            col(BudgetNode.indicator_id),
            col(BudgetNode.target_value),
            col(BudgetNode.target_unit),
            col(BudgetNode.target_text),
        )
        .where(col(BudgetNode.fiscal_year_id) == fy, col(BudgetNode.indicator_id).is_not(None))
        .order_by(col(BudgetNode.sort_order)),
        plans=sa_select(
            col(IndicatorPlan.indicator_id),
            col(IndicatorPlan.quarter),
            col(IndicatorPlan.target_text),
            col(IndicatorPlan.target_value),
            col(IndicatorPlan.target_max),
        )
        .where(col(IndicatorPlan.indicator_id).in_(ids))
        .order_by(col(IndicatorPlan.id)),
        entries=sa_select(
            col(RealizationEntry.id),
            col(RealizationEntry.indicator_id),
            col(RealizationEntry.quarter),
            col(RealizationEntry.quantity),
            col(RealizationEntry.quantity_text),
            col(RealizationEntry.causes),
            col(RealizationEntry.status),
            col(RealizationEntry.kind),
            col(RealizationEntry.replaces_id),
        )
        .where(
            col(RealizationEntry.indicator_id).in_(ids),
            col(RealizationEntry.status).in_((EntryStatus.DIAJUKAN, EntryStatus.DISETUJUI)),
        )
        .order_by(col(RealizationEntry.id)),
        accumulations=sa_select(
            col(Indicator.id), col(Indicator.accumulation), col(Indicator.measure_unit)
        ).where(col(Indicator.fiscal_year_id) == fy),
    )


def load_year(session: Session, fiscal_year_id: int) -> _Year:
    fy = session.get(FiscalYear, fiscal_year_id)
    if fy is None:
        raise NotFound("indicator.year_not_found", year=fiscal_year_id)
    indicators = list(
        session.exec(
            select(Indicator)
            .where(Indicator.fiscal_year_id == fiscal_year_id)
            .order_by(col(Indicator.sort_order), col(Indicator.id))
        )
    )
    # Each table is read by the year's indicator ids: the indexes on indicator_id then serve,
    # whatever the other agencies hold (SQLite without ANALYZE would otherwise walk the ledger
    # by its status index: docs/performance.md). Plain rows, from statements built once.
    statements = _statements()
    params = {"fy": fiscal_year_id, "ids": [int(i.id or 0) for i in indicators] or [-1]}
    connection = session.connection()
    targets: dict[int, list[Any]] = defaultdict(list)
    for row in connection.execute(statements.targets, params):
        targets[row.indicator_id].append(
            (row, _Objective(row.objective_name, row.objective_number))
        )
    node_targets: dict[int, Any] = {}
    for node in connection.execute(statements.nodes, params):
        node_targets.setdefault(int(node.indicator_id or 0), node)
    plans: dict[tuple[int, int], Any] = {}
    for plan in connection.execute(statements.plans, params):
        plans[(plan.indicator_id, plan.quarter)] = plan  # the latest row governs
    approved, pending = _figures(connection.execute(statements.entries, params))
    scale = load_scale(session, fy)
    return _Year(fy, indicators, targets, node_targets, plans, approved, pending, scale)


def load_scale(session: Session, owner: FiscalYear | Indicator) -> list[tuple[Decimal, str]]:
    """The agency's achievement scale (empty: Permendagri 86/2017), of a year or an indicator."""
    if isinstance(owner, Indicator):
        agency_id = session.exec(
            select(FiscalYear.agency_id).where(FiscalYear.id == owner.fiscal_year_id)
        ).one()
    else:
        agency_id = owner.agency_id
    return [
        (band.lower_bound, band.label)
        for band in session.exec(
            select(AchievementBand).where(AchievementBand.agency_id == agency_id)
        )
    ]


def _figures(
    entries: Iterable[Any],
) -> tuple[dict[tuple[int, int | None], _Figure], dict[tuple[int, int | None], _Figure]]:
    """The approved figure that counts and the figure waiting, per (indicator, quarter).

    ``entries``: rows of ``_statements().entries``, in its column order, unpacked once (a
    city's ranking reads thousands: a named attribute of a row costs more than the rest).
    """
    rows = [tuple(e) for e in entries]
    # id, indicator_id, quarter, quantity, quantity_text, causes, status, kind, replaces_id
    replaced_by_approved = {r[8] for r in rows if r[8] and r[6] == EntryStatus.DISETUJUI}
    replaced_by_standing = {r[8] for r in rows if r[8]}
    approved: dict[tuple[int, int | None], _Figure] = {}
    pending: dict[tuple[int, int | None], _Figure] = {}
    for entry_id, indicator_id, quarter, quantity, text, causes, status, kind, _ in rows:
        # by id: a later one wins
        if kind == EntryKind.WITHDRAWAL or indicator_id is None:
            continue
        if status == EntryStatus.DISETUJUI and entry_id not in replaced_by_approved:
            approved[(indicator_id, quarter)] = _Figure(int(entry_id or 0), quantity, text, causes)
        elif status == EntryStatus.DIAJUKAN and entry_id not in replaced_by_standing:
            pending[(indicator_id, quarter)] = _Figure(int(entry_id or 0), quantity, text, causes)
    return approved, pending


def _year_target(year: _Year, ind: Indicator) -> tuple[Quantity | None, str | None, Any, int]:
    """The governing target, as ``performance.indicator_results`` picks it: the Perjanjian
    Kinerja's, else the Renja's, else the finance-table row's; the sasaran it is printed under
    in the first of those documents, and its place in that table (to order by)."""
    rows = year.targets.get(int(ind.id or 0), [])
    first = next(((t, o) for d in _DOCUMENT_ORDER for t, o in rows if t.document == d), None)
    objective = first[1] if first else None
    order = first[0].sort_order if first else 100_000 + ind.sort_order
    for document in _DOCUMENT_ORDER:
        for target, _ in rows:
            if target.document == document and target.target_value is not None:
                q = Quantity(target.target_value, target.target_unit, target.target_text or "")
                return q, str(document), objective, order
    node = year.node_targets.get(int(ind.id or 0))
    if node is not None and node.target_value is not None:
        q = Quantity(node.target_value, node.target_unit, node.target_text or "")
        return q, "keuangan", objective, order
    return None, None, objective, order


@dataclass(frozen=True)
class _Counted:
    """What turns an indicator's figures into a quantity and a year to date."""

    id: int | None
    accumulation: Accumulation | str
    measure_unit: str | None


def _quantity(ind: Indicator | _Counted, figure: _Figure | None) -> Quantity | None:
    if figure is None or figure.quantity is None:
        return None
    return Quantity(figure.quantity, normalize_unit(ind.measure_unit or ""), figure.text or "")


def _plan_target(plan: Any, ind: Indicator | None = None) -> PlanTarget | None:
    """A plan row as a target, in the indicator's unit (a plan is typed as a bare number)."""
    if plan is None or plan.target_value is None:
        return None
    unit = normalize_unit(ind.measure_unit or "") if ind is not None else None
    return PlanTarget(plan.target_value, unit or None, plan.target_text, plan.target_max)


def _ytd(
    approved: Mapping[tuple[int, int | None], _Figure], ind: Indicator | _Counted, quarter: int
) -> Quantity | None:
    """Year to date at the end of ``quarter``, by the indicator's accumulation."""
    iid = int(ind.id or 0)
    figures = [
        (q, approved[(iid, q)]) for q in QUARTER_NUMBERS if q <= quarter and (iid, q) in approved
    ]
    figures = [(q, f) for q, f in figures if f.quantity is not None]
    if not figures:
        return None
    if ind.accumulation == Accumulation.PER_QUARTER:
        total = sum((f.quantity or Decimal(0) for _, f in figures), Decimal(0))
        return Quantity(total, normalize_unit(ind.measure_unit or ""), "")
    return _quantity(ind, figures[-1][1])


def _trend(
    now: Quantity | None, before: Quantity | None, polarity: Polarity
) -> tuple[Trend | None, bool | None]:
    if now is None or before is None or now.value is None or before.value is None:
        return None, None
    if now.value == before.value:
        return Trend.SAME, None
    up = now.value > before.value
    return (Trend.UP if up else Trend.DOWN), (up if polarity is Polarity.HIGHER else not up)


def result_of(year: _Year, ind: Indicator, quarter: int | None) -> IndicatorQuarter:
    iid = int(ind.id or 0)
    polarity = Polarity(ind.polarity)
    year_target, document, objective, order = _year_target(year, ind)
    planned_quarters = tuple(q for q in QUARTER_NUMBERS if _plan_target(year.plans.get((iid, q))))
    trend: Trend | None = None
    improved: bool | None = None
    if quarter is None:
        whole = year.approved.get((iid, None))
        last = max((q for q in QUARTER_NUMBERS if (iid, q) in year.approved), default=None)
        realized = (
            _quantity(ind, whole) if whole else (_ytd(year.approved, ind, 4) if last else None)
        )
        ytd = realized
        waiting = year.pending.get((iid, None))
        pending = waiting is not None or any((iid, q) in year.pending for q in QUARTER_NUMBERS)
        quarter_target = None
        missing = realized is None and not pending
        counted = whole or (year.approved.get((iid, last)) if last else None) or waiting
    else:
        if quarter not in QUARTER_NUMBERS:
            raise InvalidInput("indicator.quarter_invalid", quarter=quarter)
        figure = year.approved.get((iid, quarter))
        waiting = year.pending.get((iid, quarter))
        realized = _quantity(ind, figure)
        ytd = _ytd(year.approved, ind, quarter)
        pending = waiting is not None
        quarter_target = _plan_target(year.plans.get((iid, quarter)), ind)
        missing = figure is None and waiting is None
        counted = figure or waiting
        if quarter > 1:
            before = _quantity(ind, year.approved.get((iid, quarter - 1)))
            trend, improved = _trend(realized, before, polarity)
    value = realized.value if realized else None
    if quarter is None:
        low, high = (year_target.value if year_target else None), None
    else:
        low = quarter_target.value if quarter_target else None
        high = quarter_target.high if quarter_target else None
    achieved = target_achievement(low, high, value, polarity)
    ytd_value = ytd.value if ytd else None
    year_value = year_target.value if year_target else None
    achieved_ytd = target_achievement(year_value, None, ytd_value, polarity)
    return IndicatorQuarter(
        indicator_id=iid,
        key=ind.key,
        name=ind.name,
        iku=ind.iku,
        unit_id=ind.unit_id,
        objective=objective.name if objective is not None else None,
        polarity=polarity,
        measure=ind.measure,
        measure_unit=ind.measure_unit,
        accumulation=Accumulation(ind.accumulation),
        quarter=quarter,
        year_target=year_target,
        year_target_document=document,
        quarter_target=quarter_target,
        planned=len(planned_quarters) == 4,
        realized=realized,
        realized_ytd=ytd,
        pending=pending,
        achievement=achieved,
        achievement_ytd=achieved_ytd,
        category=category_on_scale(achieved, year.scale),
        category_ytd=category_on_scale(achieved_ytd, year.scale),
        trend=trend,
        improved=improved,
        below_target=is_below_target_range(low, high, value, polarity),
        missing=missing,
        objective_number=objective.number if objective is not None else None,
        sort_order=order,
        planned_quarters=planned_quarters,
        causes=counted.causes if counted else None,
    )


def _ordered(results: list[IndicatorQuarter]) -> list[IndicatorQuarter]:
    """IKU first, then by sasaran (as numbered in its document) and the indicators' order."""
    return sorted(
        results,
        key=lambda r: (
            not r.iku,
            r.objective_number is None,
            r.objective_number or 0,
            r.sort_order,
        ),
    )


def quarter_results(
    session: Session, fiscal_year_id: int, quarter: int | None
) -> list[IndicatorQuarter]:
    """Every indicator of the year in ``quarter`` (None: the year), IKU first, per sasaran."""
    return results_of(load_year(session, fiscal_year_id), quarter)


def results_of(year: _Year, quarter: int | None) -> list[IndicatorQuarter]:
    """:func:`quarter_results` of a year already loaded."""
    return _ordered([result_of(year, ind, quarter) for ind in year.indicators])


def year_figures(session: Session, fiscal_year_id: int) -> dict[int, Quantity]:
    """Each indicator's approved figure of the year on the ledger (a whole-year entry, else the
    year to date of its quarters), by indicator id: what the year views show as realized, so a
    figure recorded per quarter is not missing from /capaian, /ringkasan or the LKjIP.

    Two small reads (the year's indicators, their entries), not :func:`load_year`: the year
    views ask this on every /ringkasan, and need neither targets nor plans nor the scale (a
    view that loads the year anyway takes :func:`figures_of` instead).
    """
    connection = session.connection()
    indicators = [
        _Counted(int(row.id), Accumulation(row.accumulation), row.measure_unit)
        for row in connection.execute(_statements().accumulations, {"fy": fiscal_year_id})
    ]
    if not indicators:
        return {}
    params = {"ids": [int(i.id or 0) for i in indicators]}
    approved, _ = _figures(connection.execute(_statements().entries, params))
    return _realized(approved, indicators)


def figures_of(year: _Year) -> dict[int, Quantity]:
    """:func:`year_figures` of a year already loaded (no read)."""
    return _realized(year.approved, year.indicators)


def _realized(
    approved: Mapping[tuple[int, int | None], _Figure], indicators: Iterable[Indicator | _Counted]
) -> dict[int, Quantity]:
    figures = {}
    for ind in indicators:
        whole = approved.get((int(ind.id or 0), None))
        realized = _quantity(ind, whole) if whole else _ytd(approved, ind, 4)
        if realized is not None:
            figures[int(ind.id or 0)] = realized
    return figures


def latest_quarter(
    session: Session, fiscal_year_id: int
) -> tuple[int | None, list[IndicatorQuarter]]:
    """The latest quarter with an approved or waiting figure, and its results (one load);
    (None, []) when no quarter has any: nothing can be said of the quarters then."""
    return latest_of(load_year(session, fiscal_year_id))


def latest_of(year: _Year) -> tuple[int | None, list[IndicatorQuarter]]:
    """:func:`latest_quarter` of a year already loaded."""
    quarters = [q for _, q in (*year.approved, *year.pending) if q is not None]
    if not quarters:
        return None, []
    quarter = max(quarters)
    return quarter, results_of(year, quarter)


@dataclass
class IndicatorDetail:
    """One indicator through the year: its four quarters and the year."""

    quarters: list[IndicatorQuarter]
    year: IndicatorQuarter
    programs: list[BudgetNode] = field(default_factory=list)


def indicator_detail(session: Session, indicator_id: int) -> IndicatorDetail:
    """The four quarters and the year of one indicator, and the programs whose finance-table
    row reports it (their absorption is the caller's, from ``queries.budget_tree``)."""
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise NotFound("indicator.not_found", indicator=indicator_id)
    year = load_year(session, ind.fiscal_year_id)
    own = next(i for i in year.indicators if i.id == indicator_id)
    programs = [
        n
        for n in session.exec(
            select(BudgetNode)
            .where(BudgetNode.indicator_id == indicator_id)
            .order_by(col(BudgetNode.sort_order))
        )
        if n.level in (NodeLevel.PROGRAM, NodeLevel.KEGIATAN, NodeLevel.SUB_KEGIATAN)
    ]
    return IndicatorDetail(
        quarters=[result_of(year, own, q) for q in QUARTER_NUMBERS],
        year=result_of(year, own, None),
        programs=programs,
    )


def missing_indicators(
    session: Session, fiscal_year_id: int, quarter: int, unit_id: int | None = None
) -> list[IndicatorQuarter]:
    """Indicators (of ``unit_id``, else all) with no approved or waiting figure for the quarter."""
    return [
        r
        for r in quarter_results(session, fiscal_year_id, quarter)
        if r.missing and (unit_id is None or r.unit_id == unit_id)
    ]


def unplanned_indicators(
    session: Session, fiscal_year_id: int, unit_id: int | None = None
) -> list[IndicatorQuarter]:
    """Indicators (of ``unit_id``, else all) whose rencana aksi lacks a quarter's target."""
    return [
        r
        for r in quarter_results(session, fiscal_year_id, 1)
        if not r.planned and (unit_id is None or r.unit_id == unit_id)
    ]


# --- who may write ----------------------------------------------------------------------------


def officer(session: Session, actor_id: int) -> Actor:
    found = actor_of(session, actor_id)
    if found is None:
        raise PermissionDenied("user.not_registered")
    if found.role not in (Role.OPERATOR, Role.ADMIN):
        raise PermissionDenied("user.role_refused", role=found.role)
    return found


def can_manage(actor: Actor, ind: Indicator) -> bool:
    """Admins manage every indicator; an operator those their unit is responsible for."""
    if actor.is_admin:
        return True
    return (
        actor.role == Role.OPERATOR and actor.unit_id is not None and ind.unit_id == actor.unit_id
    )


def indicator_for(
    session: Session, actor: Actor, indicator_id: int
) -> tuple[Indicator, FiscalYear]:
    """The indicator if the actor may record or plan it (their agency and unit)."""
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise NotFound("indicator.not_found", indicator=indicator_id)
    fy = session.get(FiscalYear, ind.fiscal_year_id)
    assert fy is not None
    if fy.agency_id != actor.agency_id or not can_manage(actor, ind):
        raise PermissionDenied("indicator.not_your_unit", indicator=ind.key)
    return ind, fy


def recordable_indicators(session: Session, actor: Actor, fy: FiscalYear) -> list[Indicator]:
    """The year's indicators the actor records and plans: their unit's, or all for an admin."""
    if fy.agency_id != actor.agency_id:
        return []
    stmt = select(Indicator).where(Indicator.fiscal_year_id == fy.id)
    if not actor.is_admin:
        stmt = stmt.where(Indicator.unit_id == (actor.unit_id if actor.unit_id else -1))
    rows = list(session.exec(stmt.order_by(col(Indicator.sort_order), col(Indicator.id))))
    return sorted(rows, key=lambda i: (not i.iku, i.sort_order))


def lock_indicator(session: Session, indicator_id: int) -> None:
    """Serialize writers of one indicator (as ``ledger._lock_node`` does for a budget row)."""
    session.execute(
        update(Indicator)
        .where(col(Indicator.id) == indicator_id)
        .values(sort_order=Indicator.sort_order)
    )
