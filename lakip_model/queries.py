"""Read side: current figures of a year, derived from printed budgets and the ledger.

Rules (documented in README and docs/arithmetic.md):
- pagu of a row is what the report printed on it; a blank pagu is the sum of its children;
- the realization of a row is the sum of its own effective approved ledger entries; a row without
  entries of its own takes the sum of its children. So the report's printed totals stay the
  official figures at each level, and a new year's totals roll up from what officers record;
- an entry is effective when approved and not replaced by an approved correction or withdrawal.
Each function issues a fixed number of queries (no per-row queries), whatever the tree's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Executable,
    Integer,
    Select,
    and_,
    bindparam,
    func,
)
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from lakip_model.arithmetic import (
    Polarity,
    absorption,
    achievement,
    is_below_target,
)
from lakip_model.db import connection_of
from lakip_model.errors import NotFound
from lakip_model.models import (
    Agency,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    NodeLevel,
    RealizationEntry,
    Unit,
)
from lakip_model.numbers import Quantity


class YearNotFound(NotFound):
    """No data for the requested year (``year.not_found``), or no data at all (``year.no_data``).

    ``available`` lists the years there are, oldest first; the data carries them joined, ready
    for a sentence ("2021, 2022").
    """

    def __init__(self, year: int | None, available: list[int]) -> None:
        if available:
            joined = ", ".join(str(y) for y in available)
            super().__init__("year.not_found", year=year, available=joined)
        else:
            super().__init__("year.no_data", year=year)
        self.year = year
        self.available = available


# --- years ----------------------------------------------------------------------------------------


def available_years(db: Session | Connection, agency_code: str | None = None) -> list[int]:
    """The agency's fiscal years, oldest first (/start and /bantuan ask on every call)."""
    agency_code = agency_code or default_agency_code(db)
    stmt = _years_statement(bool(agency_code))
    rows = connection_of(db).execute(stmt, {"agency": agency_code}).scalars()
    return sorted(set(rows))


@cache
def _years_statement(by_agency: bool) -> Select[int]:
    year, agency = FiscalYear.__table__, Agency.__table__  # type: ignore[attr-defined]
    stmt = sa_select(year.c.year).select_from(year.join(agency, agency.c.id == year.c.agency_id))
    return stmt.where(agency.c.code == bindparam("agency")) if by_agency else stmt


def default_agency_code(db: Session | Connection) -> str | None:
    """The agency a single-agency deployment serves: the first one loaded."""
    return connection_of(db).execute(_first_agency_statement()).scalar()


@cache
def _first_agency_statement() -> Select[str]:
    agency = Agency.__table__  # type: ignore[attr-defined]
    return sa_select(agency.c.code).order_by(agency.c.id).limit(1)


def resolve_year(
    session: Session, year: int | None = None, agency_code: str | None = None
) -> FiscalYear:
    """The requested year of the agency (default: the first loaded), or its latest year."""
    agency_code = agency_code or default_agency_code(session)
    stmt = _year_statement(bool(agency_code), year is not None)
    fy = session.exec(stmt, params={"agency": agency_code, "year": year}).first()
    if fy is None:
        raise YearNotFound(year, available_years(session, agency_code))
    return fy


def default_year(db: Session | Connection, agency_code: str | None = None) -> int | None:
    """The year a command without one shows (``resolve_year``'s), None without any year; on a
    connection too, for /start and /bantuan, which ask on every call."""
    agency_code = agency_code or default_agency_code(db)
    stmt = _year_statement(bool(agency_code), False)
    row = connection_of(db).execute(stmt, {"agency": agency_code}).first()
    return int(row.year) if row is not None else None


@cache
def _year_statement(by_agency: bool, by_year: bool) -> SelectOfScalar[FiscalYear]:
    """``resolve_year``'s statement, built once per shape (every command runs it).

    Without a year, the latest year with figures (an approved entry: the report's year-end
    figures or a verified entry) comes first; a year just opened, with none, only after them.
    A new, empty year is shown when it is asked for by name.
    """
    stmt = select(FiscalYear).join(Agency, col(Agency.id) == FiscalYear.agency_id)
    if by_agency:
        stmt = stmt.where(Agency.code == bindparam("agency"))
    if by_year:
        stmt = stmt.where(FiscalYear.year == bindparam("year"))
        return stmt.order_by(col(FiscalYear.id))
    figures = (
        sa_select(col(RealizationEntry.id))
        .join(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
        .where(
            col(BudgetNode.fiscal_year_id) == FiscalYear.id,
            col(RealizationEntry.status) == EntryStatus.DISETUJUI,
            col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        )
        .correlate(FiscalYear)
        .exists()
    )
    return stmt.order_by(figures.desc(), col(FiscalYear.year).desc(), col(FiscalYear.id))


_COPIED_FROM = re.compile(r"disalin dari (\d{4})")


@dataclass(frozen=True)
class YearStatus:
    """What a year's figures are: whether any are verified, whether any are monthly (so a
    triwulan can be shown), whether they come from the report, and the year its pagu was
    copied from (a year opened from a template, before its DPA is entered)."""

    year: int
    has_figures: bool
    has_monthly: bool
    from_report: bool
    copied_from: int | None


def year_status(session: Session, fiscal_year: FiscalYear) -> YearStatus:
    """Two counts: the year's effective budget entries (how many of them monthly), and its
    approved indicator figures — a year whose only verified figures are indicators' has figures
    too, and must not be called a year without verified realizations."""
    fy_id = int(fiscal_year.id or 0)
    stmt = sa_select(func.count(), func.count(col(RealizationEntry.month))).where(
        _effective(fy_id)
    )
    total, monthly = session.connection().execute(stmt).one()
    if not total:
        total = session.connection().execute(_indicator_figures_of(fy_id)).scalar_one()
    copied = _COPIED_FROM.search(fiscal_year.source or "")
    return YearStatus(
        year=fiscal_year.year,
        has_figures=bool(total),
        has_monthly=bool(monthly),
        from_report=fiscal_year.seed_digest is not None,
        copied_from=int(copied.group(1)) if copied else None,
    )


# --- the budget tree ------------------------------------------------------------------------------


@dataclass
class NodeFigures:
    """A budget row with its current figures; ``*_derived``: summed from its rows, not printed."""

    id: int
    key: str
    level: NodeLevel
    number: str | None
    name: str
    parent_id: int | None
    printed: bool
    indicator_text: str | None
    polarity: Polarity
    target: Quantity
    unit_code: str | None
    unit_name: str | None
    unit_inferred: bool
    printed_pagu: int | None
    printed_capaian_rp: str | None
    printed_capaian_k: str | None
    own_realized: int | None
    realized_quantity: Decimal | None
    realized_quantity_text: str | None
    pending: int = 0
    children: list[NodeFigures] = field(default_factory=list)
    pagu: int | None = None
    pagu_derived: bool = False
    realized: int | None = None
    realized_derived: bool = False

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)

    @property
    def remaining(self) -> int | None:
        if self.pagu is None:
            return None
        return self.pagu - (self.realized or 0)

    @property
    def output_achievement(self) -> Decimal | None:
        return achievement(self.target.value, self.realized_quantity, self.polarity)

    @property
    def output_below_target(self) -> bool | None:
        if self.target.value is None:
            return None
        realized = Quantity(
            self.realized_quantity, self.target.unit, self.realized_quantity_text or ""
        )
        return is_below_target(self.target, realized, self.polarity)

    def walk(self) -> list[NodeFigures]:
        """This row and every row below it, in report order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class BudgetTree:
    fiscal_year: FiscalYear
    root: NodeFigures
    by_id: dict[int, NodeFigures]

    @property
    def programs(self) -> list[NodeFigures]:
        return self.root.children

    def node(self, node_id: int) -> NodeFigures | None:
        return self.by_id.get(node_id)

    def by_key(self, key: str) -> NodeFigures | None:
        return next((n for n in self.by_id.values() if n.key == key), None)

    def path(self, node_id: int) -> list[NodeFigures]:
        """From the program down to the node (the root excluded)."""
        out: list[NodeFigures] = []
        node = self.by_id.get(node_id)
        while node is not None and node.level != NodeLevel.TOTAL:
            out.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id else None
        return list(reversed(out))


# The entry that replaces another, in "not replaced" subqueries. Built once: an ORM alias is
# costly to construct and the same one can appear in any number of statements.
_NEWER = aliased(RealizationEntry, name="newer")


def _indicator_figures_of(fiscal_year_id: int) -> Select[int]:
    """How many approved indicator figures (not withdrawals) the year has."""
    return sa_select(func.count()).where(
        col(RealizationEntry.status) == EntryStatus.DISETUJUI,
        col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        col(RealizationEntry.indicator_id).in_(
            select(Indicator.id).where(col(Indicator.fiscal_year_id) == fiscal_year_id)
        ),
    )


def _effective(fiscal_year_id: int | BindParameter[int]) -> ColumnElement[bool]:
    newer = _NEWER
    # "no approved entry replaces it", one index probe per entry of the year
    # (ix_realizationentry_status_replaces_id), instead of a list of every replaced entry
    replaced = sa_select(col(newer.id)).where(
        col(newer.replaces_id) == col(RealizationEntry.id),
        col(newer.status) == EntryStatus.DISETUJUI,
    )
    return and_(
        col(RealizationEntry.status) == EntryStatus.DISETUJUI,
        col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        ~replaced.exists(),
        col(RealizationEntry.node_id).in_(
            select(BudgetNode.id).where(col(BudgetNode.fiscal_year_id) == fiscal_year_id)
        ),
    )


def effective_entries_filter(fiscal_year_id: int) -> ColumnElement[bool]:
    """Approved entries of a year that no approved correction or withdrawal replaced."""
    return _effective(fiscal_year_id)


STANDING = (EntryStatus.DIAJUKAN, EntryStatus.DISETUJUI)


def standing_entries_filter() -> ColumnElement[bool]:
    """Entries that stand for their row and month while officers report: submitted or approved,
    not a withdrawal, and not replaced by a submitted or approved entry.

    "Not replaced" probes the index on (status, replaces_id) for each entry of the row, instead
    of listing every replaced entry of every agency (a ``NOT IN`` subquery) on each check.
    """
    newer = _NEWER
    replaced = sa_select(col(newer.id)).where(
        col(newer.replaces_id) == col(RealizationEntry.id), col(newer.status).in_(STANDING)
    )
    return and_(
        col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        col(RealizationEntry.status).in_(STANDING),
        ~replaced.exists(),
    )


_NODE_FIELDS = (
    "id",
    "key",
    "level",
    "number",
    "name",
    "parent_id",
    "printed",
    "indicator_text",
    "polarity",
    "target_value",
    "target_unit",
    "target_text",
    "unit_inferred",
    "pagu",
    "printed_capaian_rp",
    "printed_capaian_k",
)


@dataclass(frozen=True)
class _TreeStatements:
    """The budget tree's statements, built once with bind parameters ``fy`` (and ``months``).

    Building a statement and its cache key costs about as much as running it on a year of the
    ledger, so the tree reuses the same statement objects every time.
    """

    nodes: Executable
    sums: Executable
    quantities: Executable
    pending: Executable


@cache
def _tree_statements(by_month: bool) -> _TreeStatements:
    fy = bindparam("fy", type_=Integer)
    effective = _effective(fy)
    if by_month:
        effective = and_(
            effective, col(RealizationEntry.month).in_(bindparam("months", expanding=True))
        )
    # the latest quantity of each row: a year-end figure (month NULL) outranks any month, ties
    # go to the newest entry
    latest = (
        sa_select(
            col(RealizationEntry.node_id),
            col(RealizationEntry.quantity),
            col(RealizationEntry.quantity_text),
            func.row_number()
            .over(
                partition_by=col(RealizationEntry.node_id),
                order_by=(
                    col(RealizationEntry.month).is_(None).desc(),
                    col(RealizationEntry.month).desc(),
                    col(RealizationEntry.id).desc(),
                ),
            )
            .label("rank"),
        )
        .where(effective, col(RealizationEntry.quantity).is_not(None))
        .subquery("latest")
    )
    return _TreeStatements(
        # plain rows, not ORM objects: the tree is read-only
        nodes=sa_select(
            *(col(getattr(BudgetNode, name)) for name in _NODE_FIELDS),
            col(Unit.code).label("unit_code"),
            col(Unit.name).label("unit_name"),
        )
        .outerjoin(Unit, col(Unit.id) == BudgetNode.unit_id)
        .where(col(BudgetNode.fiscal_year_id) == fy)
        .order_by(col(BudgetNode.sort_order), col(BudgetNode.id)),
        sums=sa_select(
            col(RealizationEntry.node_id),
            func.sum(col(RealizationEntry.amount)),
            func.count(col(RealizationEntry.amount)),
        )
        .where(effective)
        .group_by(col(RealizationEntry.node_id)),
        quantities=sa_select(latest.c.node_id, latest.c.quantity, latest.c.quantity_text).where(
            latest.c.rank == 1
        ),
        pending=sa_select(col(RealizationEntry.node_id), func.count())
        .where(
            col(RealizationEntry.node_id).in_(
                sa_select(col(BudgetNode.id)).where(col(BudgetNode.fiscal_year_id) == fy)
            ),
            col(RealizationEntry.status) == EntryStatus.DIAJUKAN,
        )
        .group_by(col(RealizationEntry.node_id)),
    )


def budget_tree(
    session: Session, fiscal_year: FiscalYear, months: frozenset[int] | None = None
) -> BudgetTree:
    """Every row of a year with its figures from the ledger; a fixed number of queries.

    ``months`` limits the realization to entries of those months (a triwulan); ``None`` takes
    everything recorded for the year. Rupiah add up over entries; a quantity is a cumulative
    figure (realisasi fisik s.d. bulan ini), so the latest period's quantity stands.
    """
    statements = _tree_statements(months is not None)
    params: dict[str, Any] = {"fy": int(fiscal_year.id or 0)}
    if months is not None:
        params["months"] = sorted(months)
    # Core execution on the session's connection: plain rows, without the ORM's loading layer
    connection = session.connection()
    rows = connection.execute(statements.nodes, params).all()
    sums = connection.execute(statements.sums, params).all()
    latest_quantity: dict[int, tuple[Decimal, str | None]] = {
        node_id: (Decimal(qty), qty_text)
        for node_id, qty, qty_text in connection.execute(statements.quantities, params).all()
    }
    pending = {
        node_id: count for node_id, count in connection.execute(statements.pending, params).all()
    }
    ledger = {r[0]: (r[1], r[2]) for r in sums}
    by_id: dict[int, NodeFigures] = {}
    for node in rows:
        node_id = int(node.id or 0)
        amount, n_amount = ledger.get(node_id, (None, 0))
        qty, qty_text = latest_quantity.get(node_id, (None, None))
        by_id[node_id] = NodeFigures(
            id=node_id,
            key=node.key,
            level=NodeLevel(node.level),
            number=node.number,
            name=node.name,
            parent_id=node.parent_id,
            printed=node.printed,
            indicator_text=node.indicator_text,
            polarity=Polarity(node.polarity),
            target=Quantity(node.target_value, node.target_unit, node.target_text or ""),
            unit_code=node.unit_code,
            unit_name=node.unit_name,
            unit_inferred=node.unit_inferred,
            printed_pagu=node.pagu,
            printed_capaian_rp=node.printed_capaian_rp,
            printed_capaian_k=node.printed_capaian_k,
            own_realized=int(amount) if n_amount else None,
            realized_quantity=qty,
            realized_quantity_text=qty_text,
            pending=pending.get(node_id, 0),
        )
    root: NodeFigures | None = None
    for fig in by_id.values():
        if fig.parent_id is None:
            root = fig
        elif fig.parent_id in by_id:
            by_id[fig.parent_id].children.append(fig)
    if root is None:
        raise YearNotFound(fiscal_year.year, [])
    _derive(root)
    return BudgetTree(fiscal_year, root, by_id)


def _derive(node: NodeFigures) -> None:
    for child in node.children:
        _derive(child)
    child_pagu = [c.pagu for c in node.children if c.pagu is not None]
    if node.printed_pagu is not None:
        node.pagu = node.printed_pagu
    elif child_pagu:
        node.pagu, node.pagu_derived = sum(child_pagu), True
    child_real = [c.realized for c in node.children if c.realized is not None]
    if node.own_realized is not None:
        node.realized = node.own_realized
    elif child_real:
        node.realized, node.realized_derived = sum(child_real), True
    node.pending += sum(c.pending for c in node.children)
