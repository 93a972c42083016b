"""The facts of a year's LKjIP draft (PermenPAN-RB 53/2014), assembled from the database.

Plain dataclasses, no sentences and no formatting: ``bot/documents/lkjip.py`` lays them out in
Word and ``bot/texts/lkjip.py`` words them. Every figure here is one of the existing queries'
(``queries.budget_tree``, ``performance``, ``checks``) or a row as the report printed it, so the
draft says nothing the data does not show.

A year loaded from its final report (``FiscalYear.seed_digest``) is reproduced as printed: its
tables keep the printed cells, blanks and contradictions included, and the contradictions are
listed in an appendix. A year recorded through the bot shows its current figures instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, col, select

from lakip_model import checks, performance, queries
from lakip_model.arithmetic import AchievementCategory, Polarity, absorption
from lakip_model.models import (
    Agency,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Goal,
    IndicatorTarget,
    Mission,
    NodeLevel,
    Objective,
    RealizationEntry,
    StaffCount,
    StrategicPlan,
    TargetDocument,
    Unit,
    UnitDuty,
)
from lakip_model.models import Finding as FindingRow
from lakip_model.numbers import Quantity

# --- Bab I and II ---------------------------------------------------------------------------------


@dataclass
class UnitDuties:
    name: str
    kind: str
    task: str | None
    duties: list[str]


@dataclass
class StaffLine:
    label: str
    pns: int | None
    non_pns: int | None
    total: int


@dataclass
class Plan:
    """The Renstra the year falls in: the mayor's vision, missions (the supported one marked)
    and the agency's goals."""

    start_year: int
    end_year: int
    vision: str
    missions: list[tuple[int, str, bool]]
    goals: list[tuple[int, str]]
    support_note: str | None


@dataclass
class TargetLine:
    """A row of the Renja or Perjanjian Kinerja table as printed; ``objective`` only on the
    first row of its sasaran (as the report prints it)."""

    objective_number: int
    objective: str | None
    indicator: str
    target: str | None


# --- Bab III --------------------------------------------------------------------------------------


@dataclass
class MeasurementLine:
    """A row of the measurement table: a program or kegiatan heading, or a sub-activity with
    its output indicator. ``achievement_text``: as printed (report year); else ``achievement``."""

    level: NodeLevel
    number: str | None
    name: str
    indicator: str | None = None
    target: Quantity | None = None
    realized: Quantity | None = None
    achievement_text: str | None = None
    achievement: Decimal | None = None


@dataclass
class FinanceLine:
    """A row of the finance table in the report's numbering, with the sasaran strategis cell."""

    key: str
    level: NodeLevel
    sasaran_number: str | None
    sasaran: str | None
    number: str | None
    name: str
    indicator: str | None
    target: Quantity
    pagu: int | None
    realized_quantity: Quantity | None
    realized: int | None
    achievement_k_text: str | None  # as printed
    absorption_text: str | None  # as printed
    achievement_k: Decimal | None  # computed (a year recorded through the bot)
    absorption: Decimal | None
    contradicted: bool = False  # listed in the appendix


@dataclass
class YearFigure:
    """An indicator's figure in an earlier year of the same agency."""

    year: int
    target: Quantity | None
    realized: Quantity | None
    achievement: Decimal | None


@dataclass
class IndicatorFacts:
    """One IKU of a sasaran: target vs realization, earlier years, the Renstra end target
    (None: not in the data), and what officers recorded as causes."""

    name: str
    target: Quantity | None
    realized: Quantity | None
    achievement: Decimal | None
    category: AchievementCategory | None
    below_target: bool | None  # None: not measured
    shortfall: Decimal | None  # how far below target, in the indicator's unit (None: not below)
    earlier: list[YearFigure]
    renstra_target: Quantity | None
    causes: list[str]


@dataclass
class BudgetFacts:
    """The programs whose rows report the sasaran's indicators, with their money."""

    programs: list[str]
    pagu: int | None
    realized: int | None

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.realized, self.pagu)


@dataclass
class SasaranFacts:
    number: int
    name: str
    indicators: list[IndicatorFacts]
    budget: BudgetFacts | None  # None: no finance row reports its indicators

    @property
    def measured(self) -> list[IndicatorFacts]:
        return [i for i in self.indicators if i.below_target is not None]

    @property
    def met(self) -> bool | None:
        """True when every indicator is measured and none is below target; None when none
        is measured (nothing may be claimed)."""
        if not self.measured:
            return None
        if len(self.measured) < len(self.indicators):
            return None if all(i.below_target is False for i in self.measured) else False
        return all(i.below_target is False for i in self.indicators)


@dataclass
class LkjipData:
    agency: str
    agency_short: str
    region: str
    agency_code: str
    year: int
    as_printed: bool  # the year was loaded from its final report
    has_figures: bool
    units: list[UnitDuties]
    staff_as_of: str | None
    staff_by_rank: list[StaffLine]
    staff_by_education: list[StaffLine]
    plan: Plan | None
    renja: list[TargetLine]
    pk: list[TargetLine]
    measurement: list[MeasurementLine]
    iku: list[tuple[str, IndicatorFacts]]  # (sasaran, indicator)
    sasaran: list[SasaranFacts]
    finance: list[FinanceLine]
    total_pagu: int | None
    total_realized: int | None
    total_absorption_text: str | None
    total_absorption: Decimal | None
    total_contradicted: bool
    summary_text: str | None
    findings: dict[str, list[str]] = field(default_factory=dict)  # FindingKind value -> texts
    contradictions: list[checks.Contradiction] = field(default_factory=list)


def indicator_figures(
    session: Session, tree: queries.BudgetTree
) -> list[performance.IndicatorResult]:
    """The year's indicators with target and realization: the one place the draft reads them,
    so it can move to the quarterly figures (``lakip_model.indicators``) in one line."""
    return performance.indicator_results(session, tree)


def build(session: Session, fiscal_year: FiscalYear) -> LkjipData:
    """Everything the draft shows for ``fiscal_year``; a fixed number of queries per year."""
    fy_id = int(fiscal_year.id or 0)
    agency = session.get(Agency, fiscal_year.agency_id)
    assert agency is not None
    tree = queries.budget_tree(session, fiscal_year)
    status = queries.year_status(session, fiscal_year)
    as_printed = fiscal_year.seed_digest is not None
    results = indicator_figures(session, tree)
    contradictions = checks.find_contradictions(session, fiscal_year) if as_printed else []
    contradicted = {c.row.node_id for c in contradictions if c.row.node_id is not None}
    renja, renja_objectives = _targets(session, fy_id, TargetDocument.RENJA)
    pk, pk_objectives = _targets(session, fy_id, TargetDocument.PERJANJIAN_KINERJA)
    earlier = _earlier_years(session, fiscal_year)
    causes = _causes(session, tree, results)
    by_id = {r.id: r for r in results}
    sasaran = []
    iku: list[tuple[str, IndicatorFacts]] = []
    for number, name, indicator_ids in pk_objectives or renja_objectives:
        facts = []
        for indicator_id in indicator_ids:
            r = by_id.get(indicator_id)
            if r is None:
                continue
            f = IndicatorFacts(
                name=r.name,
                target=r.target,
                realized=r.realized,
                achievement=r.achievement,
                category=r.category,
                below_target=r.below_target,
                shortfall=_shortfall(r),
                earlier=earlier.get(r.key, []),
                renstra_target=None,  # the Renstra's end targets are not transcribed
                causes=causes.get(r.id, []),
            )
            facts.append(f)
            iku.append((name, f))
        sasaran.append(SasaranFacts(number, name, facts, _budget(tree, results, indicator_ids)))
    findings: dict[str, list[str]] = defaultdict(list)
    for row in session.exec(
        select(FindingRow)
        .where(FindingRow.fiscal_year_id == fy_id)
        .order_by(col(FindingRow.kind), col(FindingRow.number))
    ):
        findings[str(row.kind)].append(row.text)
    root = tree.root
    return LkjipData(
        agency=agency.name,
        agency_short=agency.short_name,
        region=agency.region,
        agency_code=agency.code,
        year=fiscal_year.year,
        as_printed=as_printed,
        has_figures=status.has_figures,
        units=_units(session, agency),
        staff_as_of=fiscal_year.staff_as_of,
        staff_by_rank=_staff(session, fy_id, "jabatan"),
        staff_by_education=_staff(session, fy_id, "pendidikan"),
        plan=_plan(session, agency, fiscal_year.year),
        renja=renja,
        pk=pk,
        measurement=_measurement(session, tree, as_printed),
        iku=iku,
        sasaran=sasaran,
        finance=_finance(session, tree, results, as_printed, contradicted),
        total_pagu=root.pagu,
        total_realized=root.realized,
        total_absorption_text=root.printed_capaian_rp if as_printed else None,
        total_absorption=root.absorption,
        total_contradicted=root.id in contradicted,
        summary_text=fiscal_year.summary_text,
        findings=dict(findings),
        contradictions=contradictions,
    )


def _shortfall(r: performance.IndicatorResult) -> Decimal | None:
    """The gap to the target of an indicator below it (polarity-aware), else None."""
    if not r.below_target or r.target is None or r.realized is None:
        return None
    if r.target.value is None or r.realized.value is None:
        return None
    gap = r.target.value - r.realized.value
    return -gap if r.polarity == Polarity.LOWER else gap


def _units(session: Session, agency: Agency) -> list[UnitDuties]:
    units = session.exec(
        select(Unit).where(Unit.agency_id == agency.id).order_by(col(Unit.sort_order), col(Unit.id))
    ).all()
    duties: dict[int, list[str]] = defaultdict(list)
    for d in session.exec(
        select(UnitDuty)
        .where(col(UnitDuty.unit_id).in_([u.id for u in units]))
        .order_by(col(UnitDuty.unit_id), col(UnitDuty.number))
    ):
        duties[d.unit_id].append(d.text)
    return [UnitDuties(u.name, str(u.kind), u.task, duties.get(int(u.id or 0), [])) for u in units]


def _staff(session: Session, fy_id: int, dimension: str) -> list[StaffLine]:
    rows = session.exec(
        select(StaffCount)
        .where(StaffCount.fiscal_year_id == fy_id, StaffCount.dimension == dimension)
        .order_by(col(StaffCount.sort_order))
    )
    return [StaffLine(r.label, r.pns, r.non_pns, r.total) for r in rows]


def _plan(session: Session, agency: Agency, year: int) -> Plan | None:
    plan = session.exec(
        select(StrategicPlan)
        .where(
            StrategicPlan.agency_id == agency.id,
            StrategicPlan.start_year <= year,
            StrategicPlan.end_year >= year,
        )
        .order_by(col(StrategicPlan.start_year).desc())
    ).first()
    if plan is None:
        return None
    missions = session.exec(
        select(Mission).where(Mission.plan_id == plan.id).order_by(col(Mission.number))
    )
    goals = session.exec(select(Goal).where(Goal.plan_id == plan.id).order_by(col(Goal.number)))
    return Plan(
        plan.start_year,
        plan.end_year,
        plan.vision,
        [(m.number, m.text, m.supported) for m in missions],
        [(g.number, g.text) for g in goals],
        plan.support_note,
    )


def _targets(
    session: Session, fy_id: int, document: TargetDocument
) -> tuple[list[TargetLine], list[tuple[int, str, list[int]]]]:
    """The table's rows as printed, and per sasaran its indicators (ids, in table order)."""
    rows = session.exec(
        select(IndicatorTarget, Objective)
        .join(Objective, col(Objective.id) == IndicatorTarget.objective_id)
        .where(Objective.fiscal_year_id == fy_id, IndicatorTarget.document == document)
        .order_by(col(Objective.number), col(IndicatorTarget.sort_order))
    ).all()
    lines: list[TargetLine] = []
    objectives: dict[int, tuple[int, str, list[int]]] = {}
    for target, objective in rows:
        oid = int(objective.id or 0)
        first = oid not in objectives
        if first:
            objectives[oid] = (objective.number, objective.name, [])
        objectives[oid][2].append(target.indicator_id)
        lines.append(
            TargetLine(
                objective.number,
                objective.name if first else None,
                target.printed_name,
                target.target_text,
            )
        )
    return lines, list(objectives.values())


def _earlier_years(session: Session, fiscal_year: FiscalYear) -> dict[str, list[YearFigure]]:
    """Each indicator key's figures in the agency's earlier years (oldest first)."""
    years = session.exec(
        select(FiscalYear)
        .where(FiscalYear.agency_id == fiscal_year.agency_id, FiscalYear.year < fiscal_year.year)
        .order_by(col(FiscalYear.year))
    ).all()
    out: dict[str, list[YearFigure]] = defaultdict(list)
    for fy in years:
        try:
            tree = queries.budget_tree(session, fy)
        except queries.YearNotFound:
            continue  # a year without a budget tree has no figures to compare
        for r in indicator_figures(session, tree):
            if r.realized is not None:
                out[r.key].append(YearFigure(fy.year, r.target, r.realized, r.achievement))
    return out


def _causes(
    session: Session, tree: queries.BudgetTree, results: list[performance.IndicatorResult]
) -> dict[int, list[str]]:
    """What the approved entries of an indicator, or of the row that reports it, say about
    its figure (``causes``, else ``note``), in the order they were recorded."""
    node_of = {}
    for r in results:
        node = tree.by_key(r.node_key) if r.node_key else None
        if node is not None:
            node_of[node.id] = r.id
    indicator_ids = [r.id for r in results]
    effective = queries.effective_entries_filter(int(tree.fiscal_year.id or 0))
    out: dict[int, list[str]] = defaultdict(list)
    by_node = session.exec(
        select(RealizationEntry)
        .where(effective, col(RealizationEntry.node_id).in_(list(node_of)))
        .order_by(col(RealizationEntry.id))
    ).all()
    by_indicator = session.exec(
        select(RealizationEntry)
        .where(
            col(RealizationEntry.indicator_id).in_(indicator_ids),
            col(RealizationEntry.status) == EntryStatus.DISETUJUI,
            col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
        )
        .order_by(col(RealizationEntry.id))
    ).all()
    for entry in [*by_node, *by_indicator]:
        text = (entry.causes or entry.note or "").strip()
        owner = node_of.get(entry.node_id or -1) if entry.node_id else entry.indicator_id
        if text and owner is not None and text not in out[owner]:
            out[owner].append(text)
    return out


def _program_of(tree: queries.BudgetTree, key: str) -> queries.NodeFigures | None:
    return tree.by_key(key.split(".")[0])


def _budget(
    tree: queries.BudgetTree, results: list[performance.IndicatorResult], indicator_ids: list[int]
) -> BudgetFacts | None:
    programs: dict[str, queries.NodeFigures] = {}
    for r in results:
        if r.id in indicator_ids and r.node_key:
            program = _program_of(tree, r.node_key)
            if program is not None:
                programs.setdefault(program.key, program)
    if not programs:
        return None
    pagu = [p.pagu for p in programs.values() if p.pagu is not None]
    real = [p.realized for p in programs.values() if p.realized is not None]
    return BudgetFacts(
        [p.name for p in programs.values()],
        sum(pagu) if pagu else None,
        sum(real) if real else None,
    )


def _measurement(
    session: Session, tree: queries.BudgetTree, as_printed: bool
) -> list[MeasurementLine]:
    """The printed measurement table of a report year; for a recorded year, the sub-activities'
    outputs from the budget tree under their program and kegiatan headings."""
    rows = performance.measurement_results(session, tree.fiscal_year)
    out: list[MeasurementLine] = []
    if rows:
        last: tuple[str | None, str | None] = (None, None)
        for m in rows:
            r = m.row
            if r.program_name != last[0]:
                out.append(MeasurementLine(NodeLevel.PROGRAM, r.program_no, r.program_name))
                last = (r.program_name, None)
            if r.kegiatan_name != last[1]:
                out.append(MeasurementLine(NodeLevel.KEGIATAN, r.kegiatan_no, r.kegiatan_name))
                last = (r.program_name, r.kegiatan_name)
            out.append(
                MeasurementLine(
                    NodeLevel.SUB_KEGIATAN,
                    r.sub_no,
                    r.sub_name,
                    r.indicator,
                    m.target,
                    m.realized,
                    r.printed_capaian if as_printed else None,
                    m.achievement,
                )
            )
        return out
    for node in tree.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        if node.level != NodeLevel.SUB_KEGIATAN:
            out.append(MeasurementLine(node.level, node.number, node.name))
            continue
        out.append(
            MeasurementLine(
                node.level,
                node.number,
                node.name,
                node.indicator_text,
                node.target,
                _realized_quantity(node),
                None,
                node.output_achievement,
            )
        )
    return out


def _realized_quantity(node: queries.NodeFigures) -> Quantity | None:
    if node.realized_quantity is None and not node.realized_quantity_text:
        return None
    return Quantity(node.realized_quantity, node.target.unit, node.realized_quantity_text or "")


def _finance(
    session: Session,
    tree: queries.BudgetTree,
    results: list[performance.IndicatorResult],
    as_printed: bool,
    contradicted: set[int],
) -> list[FinanceLine]:
    """The budget tree in report order. As printed: the printed pagu and realization of each
    row (a blank stays blank); recorded: the current figures, summed from the rows below."""
    out = []
    sasaran = _sasaran_cells(session, tree)
    for node in tree.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        number, text = sasaran.get(node.id, (None, None))
        out.append(
            FinanceLine(
                key=node.key,
                level=node.level,
                sasaran_number=number,
                sasaran=text,
                number=node.number,
                name=node.name,
                indicator=node.indicator_text,
                target=node.target,
                pagu=node.printed_pagu if as_printed else node.pagu,
                realized_quantity=_realized_quantity(node),
                realized=node.own_realized if as_printed else node.realized,
                achievement_k_text=node.printed_capaian_k if as_printed else None,
                absorption_text=node.printed_capaian_rp if as_printed else None,
                achievement_k=node.output_achievement,
                absorption=node.absorption,
                contradicted=node.id in contradicted,
            )
        )
    return out


def _sasaran_cells(
    session: Session, tree: queries.BudgetTree
) -> dict[int, tuple[str | None, str | None]]:
    """The sasaran cell of each program row (``BudgetNode.sasaran_*``), read in one query."""
    rows = session.exec(
        select(BudgetNode.id, BudgetNode.sasaran_no, BudgetNode.sasaran_text).where(
            BudgetNode.fiscal_year_id == tree.fiscal_year.id,
            col(BudgetNode.sasaran_text).is_not(None),
        )
    ).all()
    return {int(i or 0): (no, text) for i, no, text in rows}
