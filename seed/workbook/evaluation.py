"""The quarterly Renja evaluation form of Permendagri 86/2017 ("Evaluasi terhadap hasil Renja
Perangkat Daerah"), as a sheet of the export: per program, kegiatan and sub kegiatan the Renja
target (K and Rp), the realization of each triwulan I–IV from the monthly ledger, the
realization to the chosen triwulan and its achievement against the Renja target.

Quantities are cumulative figures (realisasi fisik s.d. bulan itu), so a triwulan's K is the
latest figure recorded in its months and the cumulative K the latest up to the chosen
triwulan; Rupiah add up. Triwulan IV's cumulative column is the whole year as recorded, so a
year of year-end figures only (the report's 2022) shows its realization there. The columns of
the regulation's form that need the Renstra's five-year figures (6, 7, 15, 16) are left out:
the database holds no Renstra targets per row. docs/workbook.md lists what is followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from lakip_model.arithmetic import absorption, achievement
from lakip_model.models import BudgetNode, FiscalYear, NodeLevel, RealizationEntry
from lakip_model.numbers import format_quantity
from lakip_model.queries import BudgetTree, budget_tree, effective_entries_filter

if TYPE_CHECKING:
    from openpyxl import Workbook

SHEET = "Evaluasi Renja"
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class EvaluationRow:
    key: str
    level: NodeLevel
    number: str | None
    name: str
    sasaran: str | None
    indicator: str | None
    target_k: str | None
    pagu: int | None
    quarters: list[tuple[str | None, int | None]]  # (K, Rp) of TW I..IV; None after the chosen
    cumulative_k: str | None
    cumulative_rp: int | None
    achievement_k: Decimal | None
    achievement_rp: Decimal | None
    unit: str | None


@dataclass
class Evaluation:
    year: int
    quarter: int
    agency: str
    rows: list[EvaluationRow]


def latest_quarter(session: Session, fy: FiscalYear) -> int:
    """The triwulan of the latest month with a verified figure; IV for year-end figures only."""
    month = session.exec(
        select(func.max(col(RealizationEntry.month))).where(
            effective_entries_filter(int(fy.id or 0))
        )
    ).one()
    return 4 if month is None else (int(month) + 2) // 3


def _k(value: Decimal | None, unit: str | None) -> str | None:
    return None if value is None else format_quantity(value, unit)


def evaluation(session: Session, fy: FiscalYear, quarter: int, agency: str) -> Evaluation:
    """The form to ``quarter``: five budget trees (one per triwulan, one cumulative)."""
    per_quarter: list[BudgetTree | None] = [
        budget_tree(session, fy, frozenset(range(3 * q - 2, 3 * q + 1))) if q <= quarter else None
        for q in range(1, 5)
    ]
    months = None if quarter == 4 else frozenset(range(1, 3 * quarter + 1))
    cumulative = budget_tree(session, fy, months)
    sasaran = {
        key: text
        for key, text in session.exec(
            select(BudgetNode.key, BudgetNode.sasaran_text).where(
                BudgetNode.fiscal_year_id == fy.id
            )
        )
        if text
    }
    rows = []
    for node in cumulative.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        quarters: list[tuple[str | None, int | None]] = []
        for tree in per_quarter:
            fig = tree.node(node.id) if tree else None
            quarters.append(
                (_k(fig.realized_quantity, node.target.unit), fig.realized) if fig else (None, None)
            )
        rows.append(
            EvaluationRow(
                key=node.key,
                level=node.level,
                number=node.number,
                name=node.name,
                sasaran=sasaran.get(node.key),
                indicator=node.indicator_text,
                target_k=node.target.text or None,
                pagu=node.pagu,
                quarters=quarters,
                cumulative_k=_k(node.realized_quantity, node.target.unit),
                cumulative_rp=node.realized,
                achievement_k=achievement(node.target.value, node.realized_quantity, node.polarity),
                achievement_rp=absorption(node.realized, node.pagu),
                unit=node.unit_name,
            )
        )
    return Evaluation(fy.year, quarter, agency, rows)


HEADERS = [
    "Sasaran",
    "Kode",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator kinerja program (outcome) / kegiatan (output)",
    "Target Renja K",
    "Target Renja Rp",
    *(f"TW {QUARTER_NAMES[q]} {part}" for q in range(1, 5) for part in ("K", "Rp")),
    "Realisasi s.d. TW K",
    "Realisasi s.d. TW Rp",
    "Tingkat capaian K (%)",
    "Tingkat capaian Rp (%)",
    "Unit penanggung jawab",
]
# the regulation's column numbers (its columns 1, 6, 7, 15, 16 and 18 are not filled here)
NUMBERS = "(2) (3) (4) (5) (8) (8) (9) (9) (10) (10) (11) (11) (12) (12) (13) (13) (14) (14) (17)"


def write_sheet(wb: Workbook, ev: Evaluation) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(SHEET)
    tw = QUARTER_NAMES[ev.quarter]
    ws.append([f"Evaluasi terhadap hasil Renja {ev.agency} tahun {ev.year}, s.d. triwulan {tw}"])
    ws.append(["Permendagri 86/2017; realisasi per triwulan dari entri bulanan yang disetujui"])
    ws.cell(1, 1).font = Font(bold=True, size=12)
    headers = [h.replace("s.d. TW", f"s.d. TW {tw}") for h in HEADERS]
    ws.append(headers)
    ws.append(NUMBERS.split())
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "D5"
    money_cols = [6, 8, 10, 12, 14, 16]
    for n, row in enumerate(ev.rows, 5):
        indent = {"program": "", "kegiatan": "  ", "sub_kegiatan": "    "}.get(str(row.level), "")
        values: list[object] = [
            row.sasaran,
            row.key,
            indent + row.name,
            row.indicator,
            row.target_k,
            row.pagu,
        ]
        for k, rp in row.quarters:
            values += [k, rp]
        values += [
            row.cumulative_k,
            row.cumulative_rp,
            row.achievement_k,
            row.achievement_rp,
            row.unit,
        ]
        ws.append(values)
        for c in money_cols:
            ws.cell(n, c).number_format = "#,##0"
        for c in (17, 18):
            ws.cell(n, c).number_format = "0.00"
        if row.level == NodeLevel.PROGRAM:
            for cell in ws[n]:
                cell.font = Font(bold=True)
    for i, width in enumerate([24, 11, 50, 40, 10, 16] + [10, 16] * 5 + [10, 10, 24], 1):
        from openpyxl.utils import get_column_letter

        ws.column_dimensions[get_column_letter(i)].width = width
