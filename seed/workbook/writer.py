"""Writing the format's sheets (openpyxl): into an export's workbook, or as an empty template.

openpyxl is imported by the functions, so that importing this package costs nothing to a
process that never writes a workbook (the bot at start).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from seed.workbook import columns as C
from seed.workbook.book import Book

if TYPE_CHECKING:
    from openpyxl import Workbook

MONEY = "#,##0"


def _cell_value(spec_col: C.Col, value: Any) -> Any:
    if spec_col.kind == C.Kind.BOOL:
        return None if value is None else (C.YES if value else C.NO)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # control characters a worksheet cannot hold (a pasted note): dropped, not the export
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_format_sheet(wb: Workbook, meta: dict[str, Any]) -> None:
    """The first sheet: what the file is (format and version), the year, and how to fill it."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(C.FORMAT_SHEET, 0)
    for key, label in C.FORMAT_ROWS:
        value = meta.get(key)
        if key == "closed":
            value = C.YES if value else C.NO
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append(["Petunjuk"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for line in (
        "Baris 1 tiap lembar data adalah judul kolom, baris 2 penjelasannya; isi data mulai "
        "baris 3. Jangan ubah judul kolom, nama lembar, atau Versi format.",
        "Rupiah ditulis bulat (5993530294 atau 5.993.530.294); target seperti tercetak "
        "(25 org, 90,77).",
        "Impor selalu menampilkan pratinjau dulu; tidak ada yang disimpan sebelum dikonfirmasi.",
    ):
        ws.append([line])
    for spec in (*C.DATA_SHEETS, *C.OPTIONAL_SHEETS):
        ws.append([spec.name, spec.help])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60


def write_data_sheets(wb: Workbook, book: Book, *, optional: bool = False) -> None:
    """The format's data sheets with their rows, appended after the sheets ``wb`` has; an
    optional sheet (Pengguna) when ``optional`` (the template) or when ``book`` has its rows."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    write_format_sheet(wb, book.meta)
    extra = [s for s in C.OPTIONAL_SHEETS if optional or book.sheets.get(s.name)]
    for spec in (*C.DATA_SHEETS, *extra):
        ws = wb.create_sheet(spec.name)
        ws.append(spec.headers())
        ws.append(spec.explanations())
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for cell in ws[2]:
            cell.font = Font(italic=True, color="666666")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, column in enumerate(spec.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = f"A{C.FIRST_DATA_ROW}"
        money = [i for i, c in enumerate(spec.columns, 1) if c.kind == C.Kind.RUPIAH]
        for n, row in enumerate(book.sheets.get(spec.name, []), C.FIRST_DATA_ROW):
            ws.append([_cell_value(c, row.get(c.key)) for c in spec.columns])
            for i in money:  # not ws.max_row: it counts every row, each time
                ws.cell(n, i).number_format = MONEY


def no_formulas(wb: Workbook) -> None:
    """Every cell a value, never a formula: openpyxl takes text beginning with "=" for one, and
    names, notes and quantities come from people (an officer's note, an imported sheet)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def template_bytes() -> bytes:
    """An empty workbook of the format, to fill with a new year's DPA."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    meta = {"format": C.FORMAT_NAME, "version": C.FORMAT_VERSION}
    write_data_sheets(wb, Book(meta=meta), optional=True)
    no_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def book_bytes(book: Book) -> bytes:
    """The format's sheets alone (the command line's and the bench's export)."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    write_data_sheets(wb, book)
    no_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
