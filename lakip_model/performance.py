"""Read side of performance: indicators and their achievement, the measurement table, what is
below target, and the one-screen summary — from the year's budget tree (``queries``).

Each function issues a fixed number of queries (no per-row queries), whatever the tree's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    Executable,
    Integer,
    bindparam,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lakip_model.arithmetic import (
    AchievementCategory,
    Polarity,
    absorption,
    achievement,
    category,
    is_below_target,
)
from lakip_model.indicators import year_figures
from lakip_model.models import (
    Agency,
    BudgetNode,
    FiscalYear,
    Indicator,
    IndicatorTarget,
    NodeLevel,
    OutputMeasurement,
    TargetDocument,
)
from lakip_model.numbers import Quantity
from lakip_model.queries import BudgetTree, NodeFigures, YearStatus, budget_tree, year_status

# --- indicators -----------------------------------------------------------------------------------

TARGET_PRECEDENCE = (TargetDocument.PERJANJIAN_KINERJA, TargetDocument.RENJA)


@dataclass
class PrintedTarget:
    document: str  # "pk", "renja" or "keuangan" (a program row of the finance table)
    objective: str | None
    name: str
    target: Quantity


@dataclass
class IndicatorResult:
    """A performance indicator with the target that governs it and its realization.

    The governing target is the Perjanjian Kinerja's (the agreement the head signed), else the
    Renja's, else the one printed on the finance-table row that reports the realization.
    """

    id: int
    key: str
    name: str
    polarity: Polarity
    targets: list[PrintedTarget]
    target: Quantity | None
    target_document: str | None
    realized: Quantity | None
    objective: str | None
    node_key: str | None

    @property
    def achievement(self) -> Decimal | None:
        if self.target is None or self.realized is None:
            return None
        return achievement(self.target.value, self.realized.value, self.polarity)

    @property
    def category(self) -> AchievementCategory | None:
        return category(self.achievement)

    @property
    def below_target(self) -> bool | None:
        if self.target is None or self.realized is None:
            return None
        return is_below_target(self.target, self.realized, self.polarity)


@dataclass(frozen=True)
class _IndicatorStatements:
    """``indicator_results``' statements, built once with the bind parameter ``fy``."""

    indicators: Executable
    targets: Executable
    nodes: Executable


@cache
def _indicator_statements() -> _IndicatorStatements:
    from lakip_model.models import Objective  # local: only these queries need it

    fy = bindparam("fy", type_=Integer)
    return _IndicatorStatements(
        indicators=sa_select(
            col(Indicator.id), col(Indicator.key), col(Indicator.name), col(Indicator.polarity)
        )
        .where(col(Indicator.fiscal_year_id) == fy)
        .order_by(col(Indicator.sort_order)),
        targets=sa_select(
            col(IndicatorTarget.indicator_id),
            col(IndicatorTarget.document),
            col(IndicatorTarget.printed_name),
            col(IndicatorTarget.target_value),
            col(IndicatorTarget.target_unit),
            col(IndicatorTarget.target_text),
            col(Objective.name).label("objective"),
        )
        .join(Objective, col(Objective.id) == IndicatorTarget.objective_id)
        .join(Indicator, col(Indicator.id) == IndicatorTarget.indicator_id)
        .where(col(Indicator.fiscal_year_id) == fy)
        .order_by(col(IndicatorTarget.sort_order)),
        nodes=sa_select(col(BudgetNode.id), col(BudgetNode.indicator_id)).where(
            col(BudgetNode.fiscal_year_id) == fy, col(BudgetNode.indicator_id).is_not(None)
        ),
    )


def indicator_results(
    session: Session, tree: BudgetTree, on_ledger: Mapping[int, Quantity] | None = None
) -> list[IndicatorResult]:
    """Every indicator of the tree's year; ``on_ledger``: ``indicators.year_figures`` of that
    year when the caller has loaded it already (read here otherwise)."""
    statements = _indicator_statements()
    params = {"fy": int(tree.fiscal_year.id or 0)}
    connection = session.connection()
    indicators = connection.execute(statements.indicators, params).all()
    targets: dict[int, list[Any]] = defaultdict(list)
    for t in connection.execute(statements.targets, params):
        targets[t.indicator_id].append(t)
    nodes_by_indicator: dict[int, NodeFigures] = {}
    for node_id, indicator_id in connection.execute(statements.nodes, params):
        fig = tree.node(int(node_id or 0))
        if fig is not None and indicator_id is not None:
            nodes_by_indicator.setdefault(indicator_id, fig)
    # the indicator's own figures (quarterly or whole-year entries) before its finance row's
    if on_ledger is None:
        on_ledger = year_figures(session, params["fy"])
    results = []
    for ind in indicators:
        printed = [
            PrintedTarget(
                t.document,
                t.objective,
                t.printed_name,
                Quantity(t.target_value, t.target_unit, t.target_text or ""),
            )
            for t in targets.get(int(ind.id or 0), [])
        ]
        node = nodes_by_indicator.get(int(ind.id or 0))
        if node is not None and node.target.text:
            printed.append(
                PrintedTarget("keuangan", None, node.indicator_text or node.name, node.target)
            )
        governing = next(
            (
                p
                for doc in (*TARGET_PRECEDENCE, "keuangan")
                for p in printed
                if p.document == doc and p.target.value is not None
            ),
            None,
        )
        realized = on_ledger.get(int(ind.id or 0))
        if realized is None and node is not None and node.realized_quantity is not None:
            realized = Quantity(
                node.realized_quantity, node.target.unit, node.realized_quantity_text or ""
            )
        results.append(
            IndicatorResult(
                id=int(ind.id or 0),
                key=ind.key,
                name=ind.name,
                polarity=Polarity(ind.polarity),
                targets=printed,
                target=governing.target if governing else None,
                target_document=governing.document if governing else None,
                realized=realized,
                objective=next((p.objective for p in printed if p.objective), None),
                node_key=node.key if node else None,
            )
        )
    return results


# --- measurement table ----------------------------------------------------------------------------


@dataclass
class MeasurementResult:
    row: OutputMeasurement
    target: Quantity
    realized: Quantity

    @property
    def achievement(self) -> Decimal | None:
        return achievement(self.target.value, self.realized.value, Polarity.HIGHER)

    @property
    def below_target(self) -> bool | None:
        return is_below_target(self.target, self.realized, Polarity.HIGHER)


def measurement_results(session: Session, fiscal_year: FiscalYear) -> list[MeasurementResult]:
    rows = session.exec(
        select(OutputMeasurement)
        .where(OutputMeasurement.fiscal_year_id == fiscal_year.id)
        .order_by(col(OutputMeasurement.sort_order))
    ).all()
    return [
        MeasurementResult(
            row,
            Quantity(row.target_value, row.target_unit, row.target_text or ""),
            Quantity(row.realized_value, row.realized_unit, row.realized_text or ""),
        )
        for row in rows
    ]


# --- what the Kepala Dinas asks -------------------------------------------------------------------


@dataclass
class BelowTargetItem:
    kind: str  # "indikator" | "keluaran"
    name: str
    detail: str | None  # the program / sub-activity the row belongs to
    target: Quantity
    realized: Quantity
    achievement: Decimal | None
    node_id: int | None = None
    indicator_id: int | None = None


def below_target(
    session: Session, tree: BudgetTree, results: list[IndicatorResult] | None = None
) -> list[BelowTargetItem]:
    """Indicators and sub-activity outputs that miss their target, worst achievement first.

    ``results``: the tree's ``indicator_results`` when the caller has them already.
    """
    items: list[BelowTargetItem] = []
    if results is None:
        results = indicator_results(session, tree)
    for ind in results:
        if ind.below_target and ind.target and ind.realized:
            items.append(
                BelowTargetItem(
                    "indikator",
                    ind.name,
                    None,
                    ind.target,
                    ind.realized,
                    ind.achievement,
                    indicator_id=ind.id,
                )
            )
    for node in tree.root.walk():
        if node.level != NodeLevel.SUB_KEGIATAN or not node.output_below_target:
            continue
        realized = Quantity(
            node.realized_quantity, node.target.unit, node.realized_quantity_text or ""
        )
        items.append(
            BelowTargetItem(
                "keluaran",
                node.indicator_text or node.name,
                node.name,
                node.target,
                realized,
                node.output_achievement,
                node_id=node.id,
            )
        )
    items.sort(key=lambda i: (i.achievement is None, i.achievement or Decimal(0)))
    return items


@dataclass(frozen=True)
class ProgramAbsorption:
    """A program's serapan; a program with a pagu and nothing spent has 0 (it ranks lowest)."""

    id: int
    name: str
    absorption: Decimal


@dataclass
class Summary:
    fiscal_year: FiscalYear
    agency_name: str
    pagu: int | None
    realized: int | None
    absorption: Decimal | None
    indicators_met: int
    indicators_not_met: int
    indicators_unknown: int
    lowest_programs: list[ProgramAbsorption]
    below: list[BelowTargetItem]
    pending_entries: int
    status: YearStatus
    outputs_unknown: int = 0  # sub-activity outputs with a target and no realization

    @property
    def all_met(self) -> bool:
        """Every indicator and output has a realization, and none is below its target."""
        return (
            self.status.has_figures
            and not self.below
            and self.indicators_unknown == 0
            and self.outputs_unknown == 0
        )


def lowest_programs(tree: BudgetTree, lowest: int) -> list[ProgramAbsorption]:
    """The programs with a pagu, least absorbed first; one that spent nothing counts as 0."""
    ranked = []
    for p in tree.programs:
        spent = absorption(p.realized or 0, p.pagu)
        if spent is not None:
            ranked.append(ProgramAbsorption(p.id, p.name, spent))
    ranked.sort(key=lambda p: p.absorption)
    return ranked[:lowest]


def summary(
    session: Session,
    fiscal_year: FiscalYear,
    lowest: int = 3,
    on_ledger: Mapping[int, Quantity] | None = None,
) -> Summary:
    """The year on one screen; ``on_ledger`` as for :func:`indicator_results`."""
    tree = budget_tree(session, fiscal_year)
    results = indicator_results(session, tree, on_ledger)
    agency = session.get(Agency, fiscal_year.agency_id)
    below = [r.below_target for r in results]  # each one computed once
    outputs_unknown = sum(
        1
        for n in tree.root.walk()
        if n.level == NodeLevel.SUB_KEGIATAN
        and n.target.value is not None
        and n.realized_quantity is None
    )
    return Summary(
        fiscal_year=fiscal_year,
        agency_name=agency.short_name if agency else "",
        pagu=tree.root.pagu,
        realized=tree.root.realized,
        absorption=tree.root.absorption,
        indicators_met=below.count(False),
        indicators_not_met=below.count(True),
        indicators_unknown=below.count(None),
        lowest_programs=lowest_programs(tree, lowest),
        below=below_target(session, tree, results),
        pending_entries=tree.root.pending,
        status=year_status(session, fiscal_year),
        outputs_unknown=outputs_unknown,
    )
