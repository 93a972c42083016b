"""The city's view over every agency of the deployment: rankings, who is late, finding an agency.

Read by the city roles (bappeda, inspektorat, walikota) and super admins (``Actor.reads_city``):
:func:`require_reader` checks who asks, in the read's transaction. Nothing here writes.

:func:`ranking` answers in a fixed number of queries whatever the number of agencies (about
ten: the year, the agencies, their budget rows, the Rupiah of those rows, their IKU and what
``indicators.result_of`` needs of them), since the city has a hundred agencies and /peringkat
must answer within 100 ms. Its figures are those the agency's own views show:

- absorption: ``arithmetic.absorption`` of the root row's pagu and realization, derived as
  ``queries.budget_tree`` derives them (a row's own approved Rupiah, else the sum of its
  children's; a blank pagu the sum of its children's), cumulative from January to the end of the
  quarter when one is given (as the quarterly digest reads it);
- achievement: the mean of the achievements of the agency's IKU as ``indicators.result_of``
  computes them (/capaian's figures: the year's against the year's target, a quarter's against
  its rencana aksi), half-up to 2 decimals; only indicators with an achievement count, and an
  agency without any has no achievement (it is listed, never ranked as 0).

An agency without a fiscal year of the asked year is listed as without data, never ranked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rapidfuzz import fuzz, process, utils
from sqlalchemy import Connection, and_, bindparam, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from lakip_model.arithmetic import Polarity, absorption, target_achievement
from lakip_model.db import connection_of
from lakip_model.digest import DEFAULT_NORM
from lakip_model.errors import InvalidInput, PermissionDenied
from lakip_model.indicators import (
    _figures,
    _plan_target,
    _quantity,
    _statements,
    _Year,
    _year_target,
    _ytd,
)
from lakip_model.models import (
    Agency,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    RealizationEntry,
    Unit,
)
from lakip_model.numbers import format_month
from lakip_model.queries import YearNotFound
from lakip_model.reminders.outstanding import (
    RealizationStatus,
    YearState,
    outstanding_sub_activities,
    reporting_month,
)
from lakip_model.users import Actor, actor_of

QUARTERS = (1, 2, 3, 4)
_CENT = Decimal("0.01")


def require_reader(session: Session, telegram_id: int) -> Actor:
    """The asker, if they read the city (a city role or a super admin); else refused."""
    actor = actor_of(session, telegram_id)
    if actor is None:
        raise PermissionDenied("user.not_registered")
    if not actor.reads_city:
        raise PermissionDenied("city.role_refused", role=actor.role)
    return actor


# --- the ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRank:
    """One agency in the ranking; ``has_year`` False: no fiscal year of the asked year."""

    id: int
    code: str
    name: str
    short_name: str
    has_year: bool
    pagu: int | None = None
    realized: int | None = None
    achievement: Decimal | None = None  # mean of the IKU's achievements, percent
    measured: int = 0  # IKU with an achievement
    iku: int = 0  # IKU of the year

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)


@dataclass
class CityRanking:
    year: int
    quarter: int | None
    norm: Decimal | None  # the quarter's cumulative absorption norm, percent (None: the year)
    agencies: list[AgencyRank] = field(default_factory=list)  # by name

    @property
    def by_absorption(self) -> list[AgencyRank]:
        """Agencies with an absorption, highest first (ties by name)."""
        ranked = [a for a in self.agencies if a.absorption is not None]
        return sorted(ranked, key=lambda a: (-(a.absorption or 0), a.short_name.lower()))

    @property
    def by_achievement(self) -> list[AgencyRank]:
        """Agencies with an IKU achievement, highest first (ties by name)."""
        ranked = [a for a in self.agencies if a.achievement is not None]
        return sorted(ranked, key=lambda a: (-(a.achievement or 0), a.short_name.lower()))

    @property
    def without_year(self) -> list[AgencyRank]:
        return [a for a in self.agencies if not a.has_year]

    def unranked(self, by: str) -> list[AgencyRank]:
        """Agencies with the year but without the ordering's figure."""
        if by == "achievement":
            return [a for a in self.agencies if a.has_year and a.achievement is None]
        return [a for a in self.agencies if a.has_year and a.absorption is None]


def city_years(session: Session) -> list[int]:
    return sorted(set(session.exec(select(FiscalYear.year).distinct())))


def latest_year(session: Session) -> int | None:
    """The latest year in which some agency has approved Rupiah (else the latest year): the
    years newest first, each probed for one approved entry through the ledger's index on
    (node_id, status), so that the probe stops at the first entry found."""
    years = sorted(city_years(session), reverse=True)
    for year in years:
        if session.execute(_FIGURES_OF_YEAR, {"year": year}).first() is not None:
            return year
    return years[0] if years else None


_FIGURES_OF_YEAR = (
    sa_select(col(RealizationEntry.id))
    .where(
        col(RealizationEntry.status) == EntryStatus.DISETUJUI,
        col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        col(RealizationEntry.node_id).in_(
            sa_select(col(BudgetNode.id))
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(col(FiscalYear.year) == bindparam("year"))
        ),
    )
    .limit(1)
)


def ranking(
    session: Session,
    year: int | None,
    quarter: int | None,
    norm: Sequence[Decimal] = DEFAULT_NORM,
) -> CityRanking:
    """Every agency of the database in ``year`` (the latest with figures when None), of the
    whole year or cumulative to the end of ``quarter``; a fixed number of queries."""
    if quarter is not None and quarter not in QUARTERS:
        raise InvalidInput("indicator.quarter_invalid", quarter=quarter)
    if year is None:
        year = latest_year(session)
        if year is None:
            raise YearNotFound(None, [])
    rows = session.execute(
        sa_select(
            col(Agency.id),
            col(Agency.code),
            col(Agency.name),
            col(Agency.short_name),
            col(FiscalYear.id).label("fy"),
        )
        .select_from(Agency)
        .outerjoin(
            FiscalYear,
            and_(col(FiscalYear.agency_id) == col(Agency.id), col(FiscalYear.year) == year),
        )
        .order_by(func.lower(col(Agency.short_name)), col(Agency.id))
    ).all()
    fys = [int(r.fy) for r in rows if r.fy is not None]
    if not fys:
        raise YearNotFound(year, city_years(session))
    months = list(range(1, 3 * quarter + 1)) if quarter else None
    budget = _roots(session, fys, months)
    achievements = _achievements(session, fys, quarter)
    found = []
    for r in rows:
        if r.fy is None:
            found.append(AgencyRank(r.id, r.code, r.name, r.short_name, has_year=False))
            continue
        pagu, realized = budget.get(int(r.fy), (None, None))
        mean, measured, total = achievements.get(int(r.fy), (None, 0, 0))
        found.append(
            AgencyRank(
                r.id, r.code, r.name, r.short_name, True, pagu, realized, mean, measured, total
            )
        )
    share = Decimal(norm[quarter - 1]) if quarter else None
    return CityRanking(year, quarter, share, found)


_NEWER = aliased(RealizationEntry)


_UP = [aliased(BudgetNode) for _ in range(4)]  # a row's parent, grandparent, ...


def _roots(
    session: Session, fys: list[int], months: list[int] | None
) -> dict[int, tuple[int | None, int | None]]:
    """The root row's (pagu, realization) of each fiscal year, as ``queries.budget_tree``
    derives them: a row's printed pagu, else its children's sum; its own Rupiah, else its
    children's; None where nothing below has any.

    A year whose one root row prints its pagu (every year the report or a DPA gives) is read
    off its root and the rows with Rupiah of their own and none above them: two queries for
    all years, and no walk of the trees. Any other year is derived children first
    (:func:`_derive_walk`) from its whole tree.
    """
    printed: dict[int, list[int | None]] = defaultdict(list)
    for fy, pagu in session.execute(
        sa_select(col(BudgetNode.fiscal_year_id), col(BudgetNode.pagu)).where(
            col(BudgetNode.fiscal_year_id).in_(fys), col(BudgetNode.parent_id).is_(None)
        )
    ):
        printed[int(fy)].append(pagu)
    simple = {fy: found[0] for fy, found in printed.items() if len(found) == 1}
    simple = {fy: pagu for fy, pagu in simple.items() if pagu is not None}
    # effective entries: approved, not a withdrawal, no approved entry replacing them
    # (queries._effective, for many years at once), summed per row that has some Rupiah
    replaced = sa_select(col(_NEWER.id)).where(
        col(_NEWER.replaces_id) == col(RealizationEntry.id),
        col(_NEWER.status) == EntryStatus.DISETUJUI,
    )
    effective = and_(
        col(RealizationEntry.status) == EntryStatus.DISETUJUI,
        col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        ~replaced.exists(),
        col(RealizationEntry.node_id).in_(
            sa_select(col(BudgetNode.id)).where(col(BudgetNode.fiscal_year_id).in_(fys))
        ),
    )
    if months is not None:
        effective = and_(effective, col(RealizationEntry.month).in_(months))
    own = (
        sa_select(
            col(RealizationEntry.node_id).label("node"),
            func.sum(col(RealizationEntry.amount)).label("total"),
        )
        .where(effective)
        .group_by(col(RealizationEntry.node_id))
        .having(func.count(col(RealizationEntry.amount)) > 0)
        .subquery()
    )
    row, (p1, p2, p3, p4) = BudgetNode, _UP
    chain = (
        sa_select(
            own.c.node,
            own.c.total,
            col(row.fiscal_year_id),
            col(row.parent_id),
            col(p1.parent_id),
            col(p2.parent_id),
            col(p3.parent_id),
            col(p4.parent_id),
        )
        .select_from(own)
        .join(row, col(row.id) == own.c.node)
        .outerjoin(p1, col(p1.id) == col(row.parent_id))
        .outerjoin(p2, col(p2.id) == col(p1.parent_id))
        .outerjoin(p3, col(p3.id) == col(p2.parent_id))
        .outerjoin(p4, col(p4.id) == col(p3.parent_id))
    )
    sums: dict[int, int] = {}
    above: list[tuple[int, int, tuple[int | None, ...]]] = []
    for node, total, fy, *upward in session.execute(chain):
        sums[int(node)] = int(total)
        above.append((int(node), int(fy), tuple(upward)))
    real: dict[int, int] = {}
    for node, fy, ancestors in above:
        if fy not in simple:
            continue
        if ancestors[-1] is not None:  # deeper than the four levels read here: walk it
            del simple[fy]
            continue
        if not any(up in sums for up in ancestors if up is not None):
            real[fy] = real.get(fy, 0) + sums[node]
    roots = {fy: (pagu, real.get(fy)) for fy, pagu in simple.items()}
    rest = [fy for fy in fys if fy not in simple]
    if rest:
        nodes = session.execute(
            sa_select(
                col(BudgetNode.id),
                col(BudgetNode.parent_id),
                col(BudgetNode.fiscal_year_id),
                col(BudgetNode.pagu),
            ).where(col(BudgetNode.fiscal_year_id).in_(rest))
        ).all()
        roots.update(_derive_walk(nodes, sums))
    return roots


def _derive_walk(
    nodes: Sequence[Any], sums: dict[int, int]
) -> dict[int, tuple[int | None, int | None]]:
    """``queries._derive`` for the root rows only, children before parents, without building
    the trees (the years :func:`_roots` cannot read off their root row)."""
    parent = {int(n[0]): n[1] for n in nodes}
    depth: dict[int, int] = {}

    def depth_of(node: int) -> int:
        found = depth.get(node)
        if found is None:
            up = parent.get(node)
            found = depth[node] = 0 if up is None or up not in parent else depth_of(up) + 1
        return found

    pagu_below: dict[int, int] = {}
    real_below: dict[int, int] = {}
    roots: dict[int, tuple[int | None, int | None]] = {}
    for node_id, parent_id, fy, printed in sorted(nodes, key=lambda n: -depth_of(int(n[0]))):
        own_pagu = printed if printed is not None else pagu_below.get(node_id)
        own_real = sums[node_id] if node_id in sums else real_below.get(node_id)
        if parent_id is None:
            roots[fy] = (own_pagu, own_real)
            continue
        if own_pagu is not None:
            pagu_below[parent_id] = pagu_below.get(parent_id, 0) + own_pagu
        if own_real is not None:
            real_below[parent_id] = real_below.get(parent_id, 0) + own_real
    return roots


def _achievements(
    session: Session, fys: list[int], quarter: int | None
) -> dict[int, tuple[Decimal | None, int, int]]:
    """(mean achievement, IKU with one, IKU) of each fiscal year, loaded for every year at once
    with ``indicators``' own statements: what ``indicators.load_year`` reads of one year, but
    only what an achievement reads (the year's targets for the year, the rencana aksi for a
    quarter; neither the plans' history nor the scale of categories)."""
    connection = session.connection()
    iku = [
        _Iku(int(row[0] or 0), row[1], row[2], row[3], row[4], row[5])
        for row in connection.execute(
            sa_select(
                col(Indicator.id),
                col(Indicator.fiscal_year_id),
                col(Indicator.polarity),
                col(Indicator.accumulation),
                col(Indicator.measure_unit),
                col(Indicator.sort_order),
            ).where(col(Indicator.fiscal_year_id).in_(fys), col(Indicator.iku).is_(True))
        )
    ]
    if not iku:
        return {}
    statements = _statements()
    params = {"ids": [int(row.id) for row in iku]}
    year = _Year(None, [], defaultdict(list), {}, {}, {}, {}, [])  # type: ignore[arg-type]
    if quarter is None:
        for row in connection.execute(statements.targets, params):
            year.targets[row.indicator_id].append((row, None))
        # the finance table's target counts only for an indicator no document gives one
        untargeted = [
            iid
            for iid in params["ids"]
            if not any(t.target_value is not None for t, _ in year.targets.get(iid, []))
        ]
        if untargeted:
            node_params = {"fys": fys, "ids": untargeted}
            for node in connection.execute(_NODE_TARGETS, node_params):
                year.node_targets.setdefault(int(node.indicator_id or 0), node)
    else:
        for plan in connection.execute(statements.plans, params):
            year.plans[(plan.indicator_id, plan.quarter)] = plan  # the latest row governs
    # every standing entry, as load_year reads them: narrowed to approved ones, SQLite would walk
    # the whole ledger by its status index instead of the indicators' (docs/performance.md)
    year.approved, _ = _figures(connection.execute(statements.entries, params))
    values: dict[int, list[Decimal]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for ind in iku:
        counts[ind.fiscal_year_id] += 1
        value = achievement_of(year, ind, quarter)
        if value is not None:
            values[ind.fiscal_year_id].append(value)
    return {
        fy: (mean(values.get(fy, [])), len(values.get(fy, [])), total)
        for fy, total in counts.items()
    }


@dataclass(frozen=True, slots=True)
class _Iku:
    """An IKU as its achievement reads it (a plain object: the ranking reads hundreds, and a
    database row's named attributes cost more than the arithmetic)."""

    id: int
    fiscal_year_id: int
    polarity: str
    accumulation: str
    measure_unit: str | None
    sort_order: int


_NODE_TARGETS = (
    sa_select(
        col(BudgetNode.indicator_id),
        col(BudgetNode.target_value),
        col(BudgetNode.target_unit),
        col(BudgetNode.target_text),
    )
    .where(
        col(BudgetNode.fiscal_year_id).in_(bindparam("fys", expanding=True)),
        col(BudgetNode.indicator_id).in_(bindparam("ids", expanding=True)),
    )
    .order_by(col(BudgetNode.sort_order))
)


def achievement_of(year: _Year, ind: Any, quarter: int | None) -> Decimal | None:
    """``indicators.result_of(year, ind, quarter).achievement``, without the rest of the result
    (trend, year to date, categories) that a ranking of a hundred agencies does not show: the
    year's figure (a whole-year entry, else the year to date of its quarters) against the
    year's target, or the quarter's figure against its rencana aksi. Held equal to
    ``result_of`` by tests/model/test_city.py."""
    iid = int(ind.id)
    polarity = Polarity(ind.polarity)
    if quarter is None:
        whole = year.approved.get((iid, None))
        realized = _quantity(ind, whole) if whole else _ytd(year.approved, ind, 4)
        target, _, _, _ = _year_target(year, ind)
        low, high = (target.value if target else None), None
    else:
        realized = _quantity(ind, year.approved.get((iid, quarter)))
        plan = _plan_target(year.plans.get((iid, quarter)), ind)
        low, high = (plan.value if plan else None), (plan.high if plan else None)
    return target_achievement(low, high, realized.value if realized else None, polarity)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The mean, half-up to 2 decimals; None of nothing (no figure is not 0)."""
    items = list(values)
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items)).quantize(_CENT, rounding=ROUND_HALF_UP)


# --- who is late ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitLate:
    name: str
    missing: int
    total: int


@dataclass(frozen=True)
class AgencyLate:
    code: str
    short_name: str
    year: int
    month: int
    state: YearState
    total: int = 0  # sub-activities looked at
    missing: int = 0
    units: tuple[UnitLate, ...] = ()  # units with something missing, in the agency's order


@dataclass
class CityLate:
    agencies: list[AgencyLate]  # by short name

    @property
    def late(self) -> list[AgencyLate]:
        """Agencies with sub-activities still unreported, the most missing first."""
        found = [a for a in self.agencies if a.missing]
        return sorted(found, key=lambda a: (-a.missing, a.short_name.lower()))

    @property
    def complete(self) -> list[AgencyLate]:
        return [a for a in self.agencies if a.state is YearState.OPEN and a.total and not a.missing]

    @property
    def not_open(self) -> list[AgencyLate]:
        return [a for a in self.agencies if a.state is not YearState.OPEN or not a.total]


def late(session: Session, today: date, period: tuple[int, int] | None = None) -> CityLate:
    """Every agency's sub-activities without an entry for ``period``, else for the month its
    realization report is chasing (``reminders.reporting_month``, by the agency's own rule), by
    unit: what /belumlapor shows one agency, for the city. The reminders' own reads, agency by
    agency (a few queries each: /belumlapor is asked now and then, not on every screen)."""
    if period is not None and period > (today.year, today.month):
        raise InvalidInput("missing.month_future", period=format_month(*period))
    found = []
    units_of: dict[int, list[Unit]] = defaultdict(list)
    for unit in session.exec(select(Unit).order_by(col(Unit.sort_order), col(Unit.id))):
        units_of[unit.agency_id].append(unit)
    for agency in session.exec(
        select(Agency).order_by(func.lower(col(Agency.short_name)), col(Agency.id))
    ):
        agency_id = int(agency.id or 0)
        year, month = period or reporting_month(session, today, agency.code)
        fy = session.exec(
            select(FiscalYear).where(FiscalYear.agency_id == agency_id, FiscalYear.year == year)
        ).first()
        state = (
            YearState.MISSING if fy is None else YearState.CLOSED if fy.closed else YearState.OPEN
        )
        status = (
            outstanding_sub_activities(session, None, year, month, agency=agency_id)
            if state is YearState.OPEN
            else None
        )
        if status is None:
            found.append(AgencyLate(agency.code, agency.short_name, year, month, state))
            continue
        found.append(
            AgencyLate(
                agency.code,
                agency.short_name,
                year,
                month,
                state,
                status.total,
                len(status.missing),
                _units_late(status, units_of[agency_id]),
            )
        )
    return CityLate(found)


def _units_late(status: RealizationStatus, units: list[Unit]) -> tuple[UnitLate, ...]:
    missing: dict[int | None, int] = defaultdict(int)
    for m in status.missing:
        missing[m.unit_id] += 1
    names: dict[int | None, str] = {u.id: u.name for u in units}
    order = [u.id for u in units if u.id in missing] + [k for k in missing if k not in names]
    return tuple(
        UnitLate(names.get(uid, ""), missing[uid], status.unit_totals.get(uid, 0)) for uid in order
    )


# --- finding an agency ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRef:
    id: int
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class AgencyMatch:
    """What a typed name found: ``found``, or the ``candidates`` when it is ambiguous (none:
    unknown)."""

    found: AgencyRef | None
    candidates: tuple[AgencyRef, ...] = ()


FUZZY_FLOOR = 70  # rapidfuzz WRatio below which a name is not a candidate
FUZZY_CLEAR = 15  # how far the best must lead the second to be taken without asking
MAX_CANDIDATES = 8


_REF = (col(Agency.id), col(Agency.code), col(Agency.name), col(Agency.short_name))


def agencies(db: Session | Connection) -> list[AgencyRef]:
    """Every agency of the deployment, by short name."""
    rows = connection_of(db).execute(
        sa_select(*_REF).order_by(func.lower(col(Agency.short_name)), col(Agency.id))
    )
    return [_ref(row) for row in rows]


def agency_by_code(db: Session | Connection, code: str) -> AgencyRef | None:
    """An agency by its code exactly (case aside): how a read command's argument names one.
    A point read (on the event loop for SQLite: ``BotContext.read``)."""
    row = (
        connection_of(db)
        .execute(sa_select(*_REF).where(func.lower(col(Agency.code)) == code.strip().lower()))
        .first()
    )
    return _ref(row) if row is not None else None


def _ref(row: Any) -> AgencyRef:
    return AgencyRef(int(row[0]), row[1], row[2], row[3])


def agency_by_id(session: Session, agency_id: int) -> AgencyRef | None:
    row = session.execute(sa_select(*_REF).where(col(Agency.id) == agency_id)).first()
    return _ref(row) if row is not None else None


def find_agency(session: Session, text: str) -> AgencyMatch:
    """An agency by code, by short name or name exactly, else fuzzily (rapidfuzz)."""
    wanted = " ".join(text.split()).lower()
    if not wanted:
        return AgencyMatch(None)
    known = agencies(session)
    for ref in known:
        if wanted in (ref.code.lower(), ref.short_name.lower(), ref.name.lower()):
            return AgencyMatch(ref)
    scores: dict[int, float] = {}
    for choices in ([r.short_name for r in known], [r.name for r in known]):
        for _, score, index in process.extract(
            wanted, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=None
        ):
            scores[index] = max(scores.get(index, 0.0), score)
    ranked = sorted(
        (i for i, s in scores.items() if s >= FUZZY_FLOOR), key=lambda i: (-scores[i], i)
    )
    if not ranked:
        return AgencyMatch(None)
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] - second >= FUZZY_CLEAR:
        return AgencyMatch(known[best])
    return AgencyMatch(None, tuple(known[i] for i in ranked[:MAX_CANDIDATES]))
