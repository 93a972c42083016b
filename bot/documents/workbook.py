"""The /ekspor workbook: the report's Bab III tables rebuilt from current figures (openpyxl),
the quarterly Renja evaluation form, and the data sheets of the one workbook format
(``seed.workbook``) that ``lakip-bot import`` and an admin's upload read back.

Money cells are integer Rupiah with a thousands format, so Excel shows them the Indonesian way on
an Indonesian system and sums stay exact; blank report cells stay blank. Quantities are written
the Indonesian way whatever the report printed ("90.77" in one table, "90,63" in another), and
a figure shown on two sheets is computed once: a finance row that reports an indicator shows
the indicator's governing target and achievement (as /capaian does), not a second rounding.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot import texts
from bot.documents import apart, load_openpyxl
from lakip_model import performance, queries
from lakip_model.models import Agency, FiscalYear, NodeLevel
from lakip_model.numbers import Quantity, format_date, format_quantity
from seed.workbook import evaluation as renja
from seed.workbook.book import Book, read_book
from seed.workbook.writer import no_formulas, write_data_sheets

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MONEY = "#,##0"
PERCENT = "0.00"
LEVEL_INDENT = {NodeLevel.PROGRAM: 0, NodeLevel.KEGIATAN: 1, NodeLevel.SUB_KEGIATAN: 2}


@dataclass
class ExportData:
    agency: str
    agency_code: str
    year: int
    tree: queries.BudgetTree
    measurement: list[performance.MeasurementResult]
    indicators: list[performance.IndicatorResult]
    generated: datetime
    book: Book
    evaluation: renja.Evaluation


def export_data(session: Session, fy: FiscalYear, quarter: int | None = None) -> ExportData:
    """Everything the workbook shows, read in one session; ``quarter``: the Renja evaluation's
    triwulan (default: the latest with a verified figure)."""
    tree = queries.budget_tree(session, fy)
    agency = session.get(Agency, fy.agency_id)
    short = agency.short_name if agency else ""
    quarter = quarter or renja.latest_quarter(session, fy)
    return ExportData(
        agency=agency.short_name if agency else "",
        agency_code=agency.code if agency else "lakip",
        year=fy.year,
        tree=tree,
        measurement=performance.measurement_results(session, fy),
        indicators=performance.indicator_results(session, tree),
        generated=datetime.now(),
        book=read_book(session, fy),
        evaluation=renja.evaluation(session, fy, quarter, short),
    )


def _quantity(q: Quantity | None) -> str | None:
    """A target or realization as text, Indonesian decimals; None for a blank cell."""
    if q is None:
        return None
    if q.value is not None:
        return format_quantity(q.value, q.unit)
    return q.text or None


def _title(ws: Worksheet, title: str, headers: list[str], widths: list[int]) -> int:
    """Title, blank row and headers; returns the last row written (counted here: openpyxl's
    ``max_row`` walks every row each time it is asked)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    return 3


def build_workbook(data: ExportData) -> Workbook:
    load_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = texts.XLSX_MEASUREMENT_SHEET
    r = _title(
        ws,
        texts.XLSX_MEASUREMENT_TITLE.format(year=data.year),
        texts.XLSX_MEASUREMENT_HEADERS,
        [6, 60, 50, 14, 14, 12],
    )
    last: tuple[str | None, str | None] = (None, None)
    for m in data.measurement:
        row = m.row
        if (row.program_name, row.kegiatan_name) != last:
            if row.program_name != last[0]:
                ws.append([row.program_no, row.program_name])
                r += 1
                ws.cell(r, 2).font = Font(bold=True)
            ws.append([row.kegiatan_no, "  " + row.kegiatan_name])
            r += 1
            last = (row.program_name, row.kegiatan_name)
        ws.append(
            [
                row.sub_no,
                "    " + row.sub_name,
                row.indicator,
                _quantity(m.target),
                _quantity(m.realized),
                m.achievement,
            ]
        )
        r += 1
        ws.cell(r, 6).number_format = PERCENT

    ws = wb.create_sheet(texts.XLSX_FINANCE_SHEET)
    r = _title(
        ws,
        texts.XLSX_FINANCE_TITLE.format(year=data.year),
        texts.XLSX_FINANCE_HEADERS,
        [11, 12, 60, 40, 12, 18, 12, 18, 12, 12],
    )
    by_node = {ind.node_key: ind for ind in data.indicators if ind.node_key}
    for node in data.tree.root.walk():
        if node.level == NodeLevel.TOTAL:
            continue
        indent = "  " * LEVEL_INDENT[node.level]
        indicator = by_node.get(node.key)
        realized = Quantity(
            node.realized_quantity, node.target.unit, node.realized_quantity_text or ""
        )
        ws.append(
            [
                node.key,
                texts.LEVEL_NAMES[node.level.value],
                indent + node.name,
                node.indicator_text,
                _quantity(indicator.target if indicator and indicator.target else node.target),
                node.pagu,
                _quantity(realized),
                node.realized,
                indicator.achievement if indicator else node.output_achievement,
                node.absorption,
            ]
        )
        r += 1
        for col in (6, 8):
            ws.cell(r, col).number_format = MONEY
        for col in (9, 10):
            ws.cell(r, col).number_format = PERCENT
        if node.level == NodeLevel.PROGRAM:
            for cell in ws[r]:
                cell.font = Font(bold=True)
    root = data.tree.root
    ws.append(
        [
            None,
            None,
            texts.XLSX_TOTAL,
            None,
            None,
            root.pagu,
            None,
            root.realized,
            None,
            root.absorption,
        ]
    )
    r += 1
    ws.cell(r, 6).number_format = ws.cell(r, 8).number_format = MONEY
    ws.cell(r, 10).number_format = PERCENT
    for cell in ws[r]:
        cell.font = Font(bold=True)
    ws.append([])
    ws.append([texts.XLSX_GENERATED.format(when=format_date(data.generated.date()))])

    ws = wb.create_sheet(texts.XLSX_INDICATOR_SHEET)
    r = _title(
        ws,
        texts.XLSX_INDICATOR_TITLE.format(year=data.year),
        texts.XLSX_INDICATOR_HEADERS,
        [50, 40, 14, 14, 14, 12, 14],
    )
    for ind in data.indicators:
        ws.append(
            [
                ind.name,
                ind.objective,
                _quantity(ind.target),
                texts.DOCUMENT_NAMES.get(ind.target_document or "", None),
                _quantity(ind.realized),
                ind.achievement,
                ind.category.value if ind.category else None,
            ]
        )
        r += 1
        ws.cell(r, 6).number_format = PERCENT
    renja.write_sheet(wb, data.evaluation)
    write_data_sheets(wb, data.book)
    no_formulas(wb)
    return wb


def xlsx_bytes(data: ExportData) -> bytes:
    buf = io.BytesIO()
    build_workbook(data).save(buf)
    return buf.getvalue()


async def render_xlsx(data: ExportData) -> bytes:
    """Build in a child process (``python -m bot.documents.workbookbuild``): openpyxl never
    enters the bot's process."""
    return await apart.build_async("bot.documents.workbookbuild", data)
