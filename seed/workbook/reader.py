"""Reading a workbook of the format: every cell checked, every problem named by sheet, row and
column in Indonesian ("Lembar Anggaran, baris 14, kolom Pagu (Rp): bukan angka").

Nothing here touches the database: the result is a :class:`seed.workbook.book.Book` and a list
of :class:`Issue`; the import (``seed.workbook.importer``) adds the checks against what is
stored. Limits are checked before the work they bound: the size of the file, then rows as they
stream in (openpyxl's read-only mode), so a file of 50,000 rows is refused at row 20,001.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lakip_model.numbers import NumberParseError, parse_quantity, parse_rupiah
from seed.workbook import columns as C
from seed.workbook.book import Book, Row


@dataclass(frozen=True)
class Issue:
    """One problem of a file; ``row`` and ``column`` are None when it is about a whole sheet."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Lembar {self.sheet}")
        if self.row:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return (", ".join(where) + ": " if where else "") + self.message


class TooLarge(Exception):
    """The file or its rows exceed the limits; reading stops at once."""


@dataclass
class ReadResult:
    book: Book
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        return not self.issues


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _cell(col: C.Col, raw: Any) -> tuple[Any, str | None]:
    """The cell's value for ``col``, or None and the reason it is refused."""
    if col.kind == C.Kind.RUPIAH:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, None
        if isinstance(raw, bool):
            return None, "bukan angka"
        if isinstance(raw, int | float | Decimal):
            if raw != int(raw):
                return None, "Rupiah harus bilangan bulat"
            value = int(raw)
        else:
            try:
                value = parse_rupiah(str(raw))
            except NumberParseError as exc:
                if exc.code.startswith("number.negative"):
                    return None, "tidak boleh negatif"
                return None, "bukan angka"
        if value < 0:
            return None, "tidak boleh negatif"
        return value, None
    if col.kind == C.Kind.INT:
        text = _text(raw)
        if text is None:
            return None, None
        if not text.isdigit():
            return None, "bukan bilangan bulat"
        return int(text), None
    text = _text(raw)
    if col.kind == C.Kind.BOOL:
        if text is None:
            return None, None
        word = text.casefold()
        if word in (C.YES, "y", "true", "1"):
            return True, None
        if word in (C.NO, "t", "false", "0"):
            return False, None
        return None, "isi ya atau tidak"
    if text is None:
        return None, None
    if col.choices and text.casefold() not in col.choices:
        return None, f"isi salah satu dari: {', '.join(col.choices)}"
    if col.choices:
        text = text.casefold()
    if col.kind == C.Kind.QUANTITY:
        try:
            parse_quantity(text)
        except NumberParseError:
            return None, "bukan angka dengan satuan (mis. 25 org, 90,77)"
    return text, None


def read_workbook(data: bytes) -> ReadResult:
    """The file's rows and every problem found; an unreadable file is one issue, no rows."""
    book = Book()
    if len(data) > C.MAX_BYTES:
        return ReadResult(
            book, [Issue(None, None, None, f"berkas lebih dari {C.MAX_BYTES // 2**20} MB")]
        )
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zip, XML and openpyxl errors all mean "not a workbook"
        return ReadResult(book, [Issue(None, None, None, "bukan berkas Excel (.xlsx)")])
    try:
        issues = _read_format(wb, book)
        if issues:
            return ReadResult(book, issues)
        missing = [s.name for s in C.DATA_SHEETS if s.name not in wb.sheetnames]
        if missing:
            return ReadResult(
                book,
                [
                    Issue(
                        None,
                        None,
                        None,
                        f"lembar tidak ada: {', '.join(missing)}; gunakan "
                        "templat (lakip-bot import --template)",
                    )
                ],
            )
        budget = 0
        for spec in C.DATA_SHEETS:
            budget = _read_sheet(wb[spec.name], spec, book, issues, budget)
        for spec in C.OPTIONAL_SHEETS:  # read when the file has it
            if spec.name in wb.sheetnames:
                budget = _read_sheet(wb[spec.name], spec, book, issues, budget)
    except TooLarge as exc:
        return ReadResult(Book(), [Issue(None, None, None, str(exc))])
    except Exception:  # a sheet's XML broken inside a valid zip
        return ReadResult(Book(), [Issue(None, None, None, "bukan berkas Excel (.xlsx) yang utuh")])
    finally:
        wb.close()
    return ReadResult(book, issues)


def _read_format(wb: Any, book: Book) -> list[Issue]:
    if C.FORMAT_SHEET not in wb.sheetnames:
        return [
            Issue(
                None,
                None,
                None,
                f"lembar {C.FORMAT_SHEET} tidak ada: berkas ini bukan "
                "format bot LAKIP; gunakan templat (lakip-bot import --template)",
            )
        ]
    labels = {label: key for key, label in C.FORMAT_ROWS}
    for n, row in enumerate(wb[C.FORMAT_SHEET].iter_rows(values_only=True), 1):
        if n > 50:
            break
        if row and _text(row[0]) in labels:
            book.meta[labels[str(_text(row[0]))]] = row[1] if len(row) > 1 else None
    where = (C.FORMAT_SHEET, None)
    if book.meta.get("format") != C.FORMAT_NAME:
        return [Issue(*where, "Format berkas", f"bukan {C.FORMAT_NAME}")]
    if _text(book.meta.get("version")) != str(C.FORMAT_VERSION):
        return [
            Issue(
                *where,
                "Versi format",
                f"versi {book.meta.get('version')} tidak dikenal; "
                f"bot ini membaca versi {C.FORMAT_VERSION}",
            )
        ]
    year = _text(book.meta.get("year"))
    if year is None or not year.isdigit():
        return [Issue(*where, "Tahun anggaran", "isi tahun, mis. 2026")]
    book.meta["year"] = int(year)
    for key in ("title", "source"):
        book.meta[key] = _text(book.meta.get(key))
    closed = _text(book.meta.get("closed"))
    book.meta["closed"] = closed is not None and closed.casefold() == C.YES
    return []


def _read_sheet(ws: Any, spec: C.SheetSpec, book: Book, issues: list[Issue], budget: int) -> int:
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        if name is not None:
            where.setdefault(name, i)
    missing = [c.header for c in spec.columns if c.header not in where]
    if missing:
        issues.append(Issue(spec.name, 1, None, f"kolom tidak ada: {', '.join(missing)}"))
        return budget
    out = book.rows(spec)
    explained = {
        where[c.header]: _text(text)
        for c, text in zip(spec.columns, spec.explanations(), strict=True)
    }
    for number, values in enumerate(rows, 2):
        if number == 2 and all(
            i < len(values) and _text(values[i]) == text for i, text in explained.items()
        ):
            continue  # the explanation row, when the filler kept it (columns in any order)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        budget += 1
        if budget > C.MAX_ROWS:
            raise TooLarge(
                f"lebih dari {C.MAX_ROWS:,} baris data".replace(",", ".")
                + "; bagi berkas atau hubungi pengelola bot"
            )
        row: Row = {"_row": number}
        for column in spec.columns:
            i = where[column.header]
            value, problem = _cell(column, values[i] if i < len(values) else None)
            if problem is None and value is None and column.required:
                problem = "wajib diisi"
            if problem is not None:
                issues.append(Issue(spec.name, number, column.header, problem))
            row[column.key] = value
        out.append(row)
    return budget
