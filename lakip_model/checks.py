"""Where the report contradicts itself.

The seed keeps what each level printed; this module lists every place where two printed figures
that should agree do not, with both figures and where they stand, so a reader of the bot's totals
knows which printed figure was used and why another differs.

Data only: a :class:`Contradiction` names its kind by a code, the row by a :class:`RowRef` and
each figure by a :class:`Figure` (the value and where it is printed or how it is derived). The
wording is the bot's (``bot/texts/checks.py``); money and percentages are formatted there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session

from lakip_model.arithmetic import absorption
from lakip_model.models import FiscalYear, NodeLevel
from lakip_model.numbers import NumberParseError, Quantity, parse_decimal
from lakip_model.performance import indicator_results, measurement_results
from lakip_model.queries import BudgetTree, NodeFigures, budget_tree


class Kind(StrEnum):
    """What disagrees; each kind's two figures are described beside it."""

    PAGU_NOT_SUM = "pagu_not_sum"  # printed pagu / sum of the rows below
    REALIZED_NOT_SUM = "realized_not_sum"  # printed realization / sum of the rows below
    PERCENT_UNREADABLE = "percent_unreadable"  # printed capaian Rp / read: None
    PERCENT_DIFFERS = "percent_differs"  # printed capaian Rp / computed (operands: real., pagu)
    PERCENT_WITHOUT_SIGN = "percent_without_sign"  # printed capaian Rp / read as a percentage
    ROW_NOT_PRINTED = "row_not_printed"  # pagu / realization, both summed from the rows below
    PAGU_BLANK = "pagu_blank"  # printed pagu None / sum of the rows below
    REALIZED_BLANK = "realized_blank"  # printed realization None / sum of the rows below
    REALIZED_QUANTITY_BLANK = "realized_quantity_blank"  # printed target K / printed real. K None
    INDICATOR_TARGET_DIFFERS = "indicator_target_differs"  # target in one document / another
    MEASUREMENT_WITHOUT_FINANCE = "measurement_without_finance"  # measurement target / None
    TARGET_DIFFERS_BETWEEN_TABLES = "target_differs_between_tables"  # measurement / finance
    REALIZED_DIFFERS_BETWEEN_TABLES = "realized_differs_between_tables"  # measurement / finance


class Table(StrEnum):
    """The table a contradiction's row is listed in."""

    FINANCE = "finance"  # the budget tree (total, program, kegiatan, sub kegiatan)
    INDICATOR = "indicator"
    MEASUREMENT = "measurement"  # the output measurement table (one row per sub kegiatan)


@dataclass(frozen=True)
class RowRef:
    """The row, as a reader finds it in the report and as the bot finds it in the database.

    For a measurement row, ``name`` is the measurement table's and ``key``/``node_id`` those of
    the finance-table row it matches (None when there is none).
    """

    table: Table
    name: str
    level: NodeLevel | None = None
    key: str | None = None
    node_id: int | None = None
    indicator_id: int | None = None


class Measure(StrEnum):
    """The column a figure stands in."""

    PAGU = "pagu"  # Rupiah
    REALIZED = "realized"  # Rupiah
    ABSORPTION = "absorption"  # capaian Rp, a percentage
    TARGET = "target"  # target K, a quantity
    REALIZED_QUANTITY = "realized_quantity"  # realisasi K, a quantity


class Source(StrEnum):
    """Where a figure is printed, or how it is derived."""

    PRINTED = "printed"  # printed in the row's own cell of the finance table
    SUM_OF_CHILDREN = "sum_of_children"  # summed from the rows below
    COMPUTED = "computed"  # computed from other figures (``Figure.operands``)
    READ = "read"  # a printed text read as a number
    FINANCE_TABLE = "finance_table"  # printed in the finance table (beside another table's)
    MEASUREMENT = "measurement"  # printed in the output measurement table
    PK = "pk"  # printed in the Perjanjian Kinerja
    RENJA = "renja"  # printed in the Renja


_DOCUMENTS = {"pk": Source.PK, "renja": Source.RENJA, "keuangan": Source.FINANCE_TABLE}


@dataclass(frozen=True)
class Figure:
    """One figure: int Rupiah, Decimal percentage, the text of a quantity or of a printed
    percentage as printed, or None for a blank cell (or one that cannot be read or computed)."""

    measure: Measure
    source: Source
    value: int | Decimal | str | None
    rows: int | None = None  # for a sum: how many rows it sums
    operands: tuple[int | None, int | None] | None = None  # computed absorption: real., pagu


@dataclass(frozen=True)
class Contradiction:
    kind: Kind  # a short code, stable for tests and filters
    row: RowRef
    first: Figure
    second: Figure


def _row(node: NodeFigures) -> RowRef:
    return RowRef(Table.FINANCE, node.name, node.level, node.key, node.id)


def _text(q: Quantity) -> str | None:
    return q.text or None


def find_contradictions(session: Session, fiscal_year: FiscalYear) -> list[Contradiction]:
    tree = budget_tree(session, fiscal_year)
    out: list[Contradiction] = []
    out += _tree_sums(tree)
    out += _printed_percentages(tree)
    out += _blank_cells(tree)
    out += _indicator_targets(session, tree)
    out += _measurement_vs_finance(session, tree)
    return out


def _tree_sums(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        if not node.children:
            continue
        kids = node.children
        if node.printed_pagu is not None and all(c.pagu is not None for c in kids):
            total = sum(c.pagu or 0 for c in kids)
            if total != node.printed_pagu:
                out.append(
                    Contradiction(
                        Kind.PAGU_NOT_SUM,
                        _row(node),
                        Figure(Measure.PAGU, Source.PRINTED, node.printed_pagu),
                        Figure(Measure.PAGU, Source.SUM_OF_CHILDREN, total, rows=len(kids)),
                    )
                )
        if node.own_realized is not None and all(c.realized is not None for c in kids):
            total = sum(c.realized or 0 for c in kids)
            if total != node.own_realized:
                out.append(
                    Contradiction(
                        Kind.REALIZED_NOT_SUM,
                        _row(node),
                        Figure(Measure.REALIZED, Source.PRINTED, node.own_realized),
                        Figure(Measure.REALIZED, Source.SUM_OF_CHILDREN, total, rows=len(kids)),
                    )
                )
    return out


def _printed_percentages(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        printed = node.printed_capaian_rp
        if not printed:
            continue
        as_printed = Figure(Measure.ABSORPTION, Source.PRINTED, printed)
        try:
            value = parse_decimal(printed)
        except NumberParseError:
            out.append(
                Contradiction(
                    Kind.PERCENT_UNREADABLE,
                    _row(node),
                    as_printed,
                    Figure(Measure.ABSORPTION, Source.READ, None),
                )
            )
            continue
        computed = absorption(node.realized, node.pagu)
        if computed is None or computed != value:
            out.append(
                Contradiction(
                    Kind.PERCENT_DIFFERS,
                    _row(node),
                    as_printed,
                    Figure(
                        Measure.ABSORPTION,
                        Source.COMPUTED,
                        computed,
                        operands=(node.realized, node.pagu),
                    ),
                )
            )
        elif not printed.strip().endswith("%"):
            out.append(
                Contradiction(
                    Kind.PERCENT_WITHOUT_SIGN,
                    _row(node),
                    as_printed,
                    Figure(Measure.ABSORPTION, Source.READ, value),
                )
            )
    return out


def _blank_cells(tree: BudgetTree) -> list[Contradiction]:
    out = []
    for node in tree.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        rows = len(node.children)
        if not node.printed:
            out.append(
                Contradiction(
                    Kind.ROW_NOT_PRINTED,
                    _row(node),
                    Figure(Measure.PAGU, Source.SUM_OF_CHILDREN, node.pagu, rows=rows),
                    Figure(Measure.REALIZED, Source.SUM_OF_CHILDREN, node.realized, rows=rows),
                )
            )
            continue
        if node.printed_pagu is None and node.pagu is not None:
            out.append(
                Contradiction(
                    Kind.PAGU_BLANK,
                    _row(node),
                    Figure(Measure.PAGU, Source.PRINTED, None),
                    Figure(Measure.PAGU, Source.SUM_OF_CHILDREN, node.pagu, rows=rows),
                )
            )
        if (
            node.own_realized is None
            and node.realized is not None
            and node.printed_pagu is not None
        ):
            out.append(
                Contradiction(
                    Kind.REALIZED_BLANK,
                    _row(node),
                    Figure(Measure.REALIZED, Source.PRINTED, None),
                    Figure(Measure.REALIZED, Source.SUM_OF_CHILDREN, node.realized, rows=rows),
                )
            )
        if node.target.text and node.realized_quantity is None:
            out.append(
                Contradiction(
                    Kind.REALIZED_QUANTITY_BLANK,
                    _row(node),
                    Figure(Measure.TARGET, Source.PRINTED, node.target.text),
                    Figure(Measure.REALIZED_QUANTITY, Source.PRINTED, None),
                )
            )
    return out


def _indicator_targets(session: Session, tree: BudgetTree) -> list[Contradiction]:
    out = []
    for ind in indicator_results(session, tree):
        valued = [t for t in ind.targets if t.target.value is not None]
        row = RowRef(Table.INDICATOR, ind.name, key=ind.key, indicator_id=ind.id)
        for other in valued[1:]:
            first = valued[0]
            if other.target.value != first.target.value or (
                first.target.unit and other.target.unit and first.target.unit != other.target.unit
            ):
                out.append(
                    Contradiction(
                        Kind.INDICATOR_TARGET_DIFFERS,
                        row,
                        Figure(Measure.TARGET, _DOCUMENTS[first.document], _text(first.target)),
                        Figure(Measure.TARGET, _DOCUMENTS[other.document], _text(other.target)),
                    )
                )
    return out


def _measurement_vs_finance(session: Session, tree: BudgetTree) -> list[Contradiction]:
    out = []
    for m in measurement_results(session, tree.fiscal_year):
        node = tree.node(m.row.node_id) if m.row.node_id else None
        target = Figure(Measure.TARGET, Source.MEASUREMENT, _text(m.target))
        if node is None:
            out.append(
                Contradiction(
                    Kind.MEASUREMENT_WITHOUT_FINANCE,
                    RowRef(Table.MEASUREMENT, m.row.sub_name, NodeLevel.SUB_KEGIATAN),
                    target,
                    Figure(Measure.TARGET, Source.FINANCE_TABLE, None),
                )
            )
            continue
        row = RowRef(Table.MEASUREMENT, m.row.sub_name, node.level, node.key, node.id)
        if not node.target.text or (
            m.target.value != node.target.value or m.target.unit != node.target.unit
        ):
            out.append(
                Contradiction(
                    Kind.TARGET_DIFFERS_BETWEEN_TABLES,
                    row,
                    target,
                    Figure(Measure.TARGET, Source.FINANCE_TABLE, _text(node.target)),
                )
            )
        if m.realized.value is not None and (node.realized_quantity != m.realized.value):
            out.append(
                Contradiction(
                    Kind.REALIZED_DIFFERS_BETWEEN_TABLES,
                    row,
                    Figure(Measure.REALIZED_QUANTITY, Source.MEASUREMENT, _text(m.realized)),
                    Figure(
                        Measure.REALIZED_QUANTITY,
                        Source.FINANCE_TABLE,
                        node.realized_quantity_text or None,
                    ),
                )
            )
    return out


def tree_contradictions(tree: BudgetTree) -> list[Contradiction]:
    """The contradictions within a year's budget tree (its sums and printed percentages), for
    the drill-down, which has the tree already: no query of its own."""
    return _tree_sums(tree) + _printed_percentages(tree)
