"""The figures of the intents no command answers on its own: lowest and highest, one unit's
programs, two years or quarters side by side, a semester's or a month's totals.

Each is read from the same queries as the commands (``queries.budget_tree``,
``performance.indicator_results``), so every figure is the report's or the ledger's; nothing
is summed that the report does not sum (a unit's answer lists its programs, each with its own
printed figures, rather than inventing a unit total).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from lakip_model import queries
from lakip_model.arithmetic import absorption
from lakip_model.ledger import quarter_months
from lakip_model.models import FiscalYear
from lakip_model.performance import IndicatorResult, indicator_results
from lakip_model.queries import BudgetTree, NodeFigures, YearNotFound, YearStatus

TOP = 3  # lowest / highest: a phone screen's worth


@dataclass(frozen=True)
class RankedProgram:
    node: NodeFigures
    absorption: Decimal  # a program with a pagu that spent nothing: 0


def ranked_programs(
    tree: BudgetTree, *, highest: bool, unit_code: str | None = None, top: int = TOP
) -> list[RankedProgram]:
    """Programs with a pagu by absorption (``performance.lowest_programs``' rule), lowest or
    highest first; of one unit when ``unit_code`` is given."""
    ranked = []
    for p in tree.programs:
        if unit_code is not None and p.unit_code != unit_code:
            continue
        spent = absorption(p.realized or 0, p.pagu)
        if spent is not None:
            ranked.append(RankedProgram(p, spent))
    ranked.sort(key=lambda r: r.absorption, reverse=highest)
    return ranked[:top]


def ranked_indicators(
    session: Session, tree: BudgetTree, *, highest: bool, top: int = TOP
) -> tuple[list[IndicatorResult], int]:
    """Indicators with an achievement (polarity-aware), lowest or highest first; and how many
    have none (no target or no realization), which the answer says."""
    results = indicator_results(session, tree)
    measured = [r for r in results if r.achievement is not None]
    measured.sort(key=lambda r: r.achievement or Decimal(0), reverse=highest)
    return measured[:top], len(results) - len(measured)


def unit_programs(tree: BudgetTree, unit_code: str) -> list[NodeFigures]:
    return [p for p in tree.programs if p.unit_code == unit_code]


@dataclass(frozen=True)
class Figures:
    """One column of a comparison: a year (or a quarter of it), or why it has no figures."""

    label_year: int
    quarter: int | None
    pagu: int | None = None
    realized: int | None = None
    missing: str | None = None  # "no_year": not in the database; "year_end": no months

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)


def _figures(node: NodeFigures, year: int, quarter: int | None) -> Figures:
    return Figures(year, quarter, node.pagu, node.realized)


def compare(
    session: Session,
    years: tuple[int, ...],
    quarters: tuple[int, ...],
    agency_code: str | None,
    key: str | None = None,
) -> list[Figures]:
    """The total (or the row ``key``) of each year, or of each quarter of the one year."""
    out: list[Figures] = []
    if quarters:
        fy = queries.resolve_year(session, years[0], agency_code)
        status = queries.year_status(session, fy)
        for q in quarters:
            if status.has_figures and not status.has_monthly:
                out.append(Figures(fy.year, q, missing="year_end"))
                continue
            tree = queries.budget_tree(session, fy, quarter_months(q))
            out.append(_figures(_row(tree, key), fy.year, q))
        return out
    for y in years:
        try:
            fy = queries.resolve_year(session, y, agency_code)
        except YearNotFound:
            out.append(Figures(y, None, missing="no_year"))
            continue
        out.append(_figures(_row(queries.budget_tree(session, fy), key), y, None))
    return out


def _row(tree: BudgetTree, key: str | None) -> NodeFigures:
    if key is None:
        return tree.root
    found = next((n for n in tree.root.walk() if n.key == key), None)
    return found if found is not None else tree.root


@dataclass(frozen=True)
class PeriodTotals:
    """A semester's or a month's realization against the year's pagu."""

    status: YearStatus
    pagu: int | None
    realized: int | None

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)


def period_totals(session: Session, fy: FiscalYear, months: frozenset[int]) -> PeriodTotals:
    status = queries.year_status(session, fy)
    if status.has_figures and not status.has_monthly:
        return PeriodTotals(status, None, None)
    tree = queries.budget_tree(session, fy, months)
    return PeriodTotals(status, tree.root.pagu, tree.root.realized)
