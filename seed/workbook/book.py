"""A workbook's content as plain rows, and reading it from the database for an export.

A row is a dict keyed by the column keys of ``seed.workbook.columns`` holding Python values
(text, integer Rupiah, booleans, None for a blank cell), with the sheet row it came from. The
same shape is written by the export and produced by the reader, so the round trip is one
mapping in each direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from lakip_model.models import (
    Agency,
    BudgetNode,
    FiscalYear,
    Indicator,
    IndicatorPlan,
    IndicatorTarget,
    Objective,
    OutputMeasurement,
    RealizationEntry,
    Unit,
    UnitDuty,
)
from lakip_model.numbers import format_quantity
from lakip_model.queries import effective_entries_filter
from seed.workbook import columns as C

Row = dict[str, Any]


@dataclass
class Book:
    """The format sheet's values and each data sheet's rows (``columns.DATA_SHEETS`` order)."""

    meta: dict[str, Any] = field(default_factory=dict)
    sheets: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, spec: C.SheetSpec) -> list[Row]:
        return self.sheets.setdefault(spec.name, [])

    def counts(self) -> dict[str, int]:
        """Rows per data sheet, and per optional sheet that has rows."""
        counts = {spec.name: len(self.sheets.get(spec.name, [])) for spec in C.DATA_SHEETS}
        for spec in C.OPTIONAL_SHEETS:
            if self.sheets.get(spec.name):
                counts[spec.name] = len(self.sheets[spec.name])
        return counts


def _polarity_word(polarity: str) -> str:
    return next(word for word, value in C.POLARITY.items() if value == polarity)


def read_book(session: Session, fy: FiscalYear) -> Book:
    """Everything of ``fy`` the format carries; realizations are the effective approved ones."""
    agency = session.get(Agency, fy.agency_id)
    assert agency is not None
    book = Book(
        meta={
            "format": C.FORMAT_NAME,
            "version": C.FORMAT_VERSION,
            "year": fy.year,
            "title": fy.title,
            "source": fy.source,
            "closed": fy.closed,
        }
    )
    book.rows(C.AGENCY).append(
        {
            "code": agency.code,
            "name": agency.name,
            "short_name": agency.short_name,
            "region": agency.region,
            "legal_basis": agency.legal_basis,
        }
    )
    units = session.exec(
        select(Unit).where(Unit.agency_id == agency.id).order_by(col(Unit.sort_order))
    ).all()
    unit_codes = {u.id: u.code for u in units}
    duties: dict[int, list[str]] = {}
    for duty in session.exec(
        select(UnitDuty)
        .where(col(UnitDuty.unit_id).in_(list(unit_codes)))
        .order_by(col(UnitDuty.number))
    ):
        duties.setdefault(duty.unit_id, []).append(duty.text)
    for u in units:
        book.rows(C.UNITS).append(
            {
                "code": u.code,
                "kind": str(u.kind),
                "name": u.name,
                "task": u.task,
                "duties": "\n".join(duties.get(int(u.id or 0), [])) or None,
                "note": u.note,
            }
        )
    indicators = session.exec(
        select(Indicator)
        .where(Indicator.fiscal_year_id == fy.id)
        .order_by(col(Indicator.sort_order), col(Indicator.id))
    ).all()
    ind_keys = {i.id: i.key for i in indicators}
    plans: dict[tuple[int, int], str] = {}
    for plan in session.exec(
        select(IndicatorPlan)
        .where(col(IndicatorPlan.indicator_id).in_(list(ind_keys)))
        .order_by(col(IndicatorPlan.id))
    ):
        plans[(plan.indicator_id, plan.quarter)] = plan.target_text  # the latest governs
    for ind in indicators:
        book.rows(C.INDICATORS).append(
            {
                "key": ind.key,
                "name": ind.name,
                "polarity": _polarity_word(ind.polarity),
                "iku": ind.iku,
                "measure": str(ind.measure) if ind.measure else None,
                "measure_unit": ind.measure_unit,
                "accumulation": str(ind.accumulation),
                "unit": unit_codes.get(ind.unit_id),
                **{f"tw{q}": plans.get((int(ind.id or 0), q)) for q in range(1, 5)},
            }
        )
    for target, objective in session.exec(
        select(IndicatorTarget, Objective)
        .join(Objective, col(Objective.id) == IndicatorTarget.objective_id)
        .where(Objective.fiscal_year_id == fy.id)
        .order_by(col(IndicatorTarget.sort_order), col(IndicatorTarget.id))
    ):
        book.rows(C.TARGETS).append(
            {
                "indicator_key": ind_keys[target.indicator_id],
                "document": str(target.document),
                "objective_no": objective.number,
                "objective": objective.name,
                "printed_name": target.printed_name,
                "target_text": target.target_text,
                "note": target.note,
            }
        )
    nodes = session.exec(
        select(BudgetNode)
        .where(BudgetNode.fiscal_year_id == fy.id)
        .order_by(col(BudgetNode.sort_order), col(BudgetNode.id))
    ).all()
    node_keys = {n.id: n.key for n in nodes}
    for n in nodes:
        book.rows(C.BUDGET).append(
            {
                "key": n.key,
                "level": str(n.level),
                "number": n.number,
                "name": n.name,
                "indicator_text": n.indicator_text,
                "indicator_key": ind_keys.get(n.indicator_id),
                "polarity": _polarity_word(n.polarity),
                "target_text": n.target_text,
                "target_unit": n.target_unit,
                "pagu": n.pagu,
                "unit": unit_codes.get(n.unit_id),
                "unit_inferred": n.unit_inferred,
                "sasaran_no": n.sasaran_no,
                "sasaran_text": n.sasaran_text,
                "printed": n.printed,
                "printed_capaian_k": n.printed_capaian_k,
                "printed_capaian_rp": n.printed_capaian_rp,
                "note": n.note,
            }
        )
    for m in session.exec(
        select(OutputMeasurement)
        .where(OutputMeasurement.fiscal_year_id == fy.id)
        .order_by(col(OutputMeasurement.sort_order), col(OutputMeasurement.id))
    ):
        book.rows(C.MEASUREMENT).append(
            {
                "program_no": m.program_no,
                "program_name": m.program_name,
                "kegiatan_no": m.kegiatan_no,
                "kegiatan_name": m.kegiatan_name,
                "sub_no": m.sub_no,
                "sub_name": m.sub_name,
                "indicator": m.indicator,
                "target_text": m.target_text,
                "realized_text": m.realized_text,
                "printed_capaian": m.printed_capaian,
                "node_key": node_keys.get(m.node_id),
            }
        )
    for e in session.exec(
        select(RealizationEntry)
        .where(effective_entries_filter(int(fy.id or 0)))
        .order_by(col(RealizationEntry.id))
    ):
        book.rows(C.ENTRIES).append(_entry_row(e, "anggaran", node_keys.get(e.node_id)))
    for e in session.exec(
        select(RealizationEntry)
        .where(
            col(RealizationEntry.indicator_id).in_(list(ind_keys)),
            _indicator_effective(),
        )
        .order_by(col(RealizationEntry.id))
    ):
        book.rows(C.ENTRIES).append(_entry_row(e, "indikator", ind_keys.get(e.indicator_id)))
    return book


def _indicator_effective() -> Any:
    """Approved indicator entries that no approved correction or withdrawal replaced."""
    from sqlalchemy.orm import aliased

    from lakip_model.models import EntryKind, EntryStatus

    newer = aliased(RealizationEntry)
    replaced = select(newer.id).where(
        newer.replaces_id == RealizationEntry.id, newer.status == EntryStatus.DISETUJUI
    )
    return (
        (col(RealizationEntry.status) == EntryStatus.DISETUJUI)
        & (col(RealizationEntry.kind) != EntryKind.WITHDRAWAL)
        & ~replaced.exists()
    )


def _entry_row(e: RealizationEntry, subject: str, key: str | None) -> Row:
    quantity = e.quantity_text
    if quantity is None and e.quantity is not None:
        quantity = format_quantity(e.quantity, None)
    return {
        "subject": subject,
        "key": key,
        "month": e.month,
        "quarter": e.quarter,
        "quantity_text": quantity,
        "amount": e.amount,
        "source": e.source,
        "note": e.note,
        "causes": e.causes,
    }
