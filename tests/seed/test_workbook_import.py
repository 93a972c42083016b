"""Importing a workbook: a bad file changes nothing and every problem names sheet, row and
column; a DPA for an open year updates pagu and targets and stops marking them as copied."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

from lakip_model import queries
from lakip_model.db import session_scope
from lakip_model.errors import PermissionDenied
from lakip_model.models import (
    AuditLog,
    BudgetNode,
    FiscalYear,
    IndicatorPlan,
    RealizationEntry,
    Role,
)
from lakip_model.users import set_user
from lakip_model.years import open_year
from seed.workbook import columns as C
from seed.workbook.book import Book, read_book
from seed.workbook.importer import Mode, commit_import, plan_import
from seed.workbook.writer import book_bytes, template_bytes
from tests.support.bot import ADMIN_ID


def book_of(engine: Engine, year: int = 2022, code: str = "baru") -> Book:
    with Session(engine) as session:
        book = read_book(session, queries.resolve_year(session, year))
    book.rows(C.AGENCY)[0]["code"] = code
    return book


def snapshot(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables
        }


def refused(engine: Engine, data: bytes) -> list[str]:
    """The problems an import of ``data`` reports; asserts that it wrote nothing."""
    before = snapshot(engine)
    with session_scope(engine) as session:
        plan = commit_import(session, data)
    assert not plan.ok
    assert snapshot(engine) == before
    return [str(i) for i in plan.issues]


def budget_row(book: Book, key: str) -> dict[str, Any]:
    return next(r for r in book.rows(C.BUDGET) if r["key"] == key)


def test_not_a_workbook(engine: Engine) -> None:
    assert refused(engine, b"%PDF-1.4 not a spreadsheet") == ["bukan berkas Excel (.xlsx)"]


def test_a_workbook_of_another_shape(engine: Engine) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Nama", "Pagu"])  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    [problem] = refused(engine, buf.getvalue())
    assert "lembar Format tidak ada" in problem and "--template" in problem


def test_a_missing_sheet(engine: Engine) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(book_bytes(book_of(engine))))
    del wb[C.UNITS.name]
    buf = io.BytesIO()
    wb.save(buf)
    assert refused(engine, buf.getvalue()) == [
        "lembar tidak ada: Unit; gunakan templat (lakip-bot import --template)"
    ]


CASES: list[tuple[str, Callable[[Book], None], str]] = [
    (
        "duplicate code",
        lambda b: b.rows(C.BUDGET).append({**budget_row(b, "P1.K1"), "_row": 0}),
        "Lembar Anggaran, baris 56, kolom Kunci: P1.K1 sudah dipakai di baris 5",
    ),
    (
        "sub-activity without a program",
        lambda b: b.rows(C.BUDGET).append({**budget_row(b, "P1.K1.S1"), "key": "P99.K1.S1"}),
        "kolom Kunci: sub_kegiatan P99.K1.S1 tanpa kegiatan P99.K1",
    ),
    (
        "kegiatan without a program",
        lambda b: b.rows(C.BUDGET).append({**budget_row(b, "P1.K1"), "key": "P77.K1"}),
        "kolom Kunci: kegiatan P77.K1 tanpa program P77",
    ),
    (
        "negative pagu",
        lambda b: budget_row(b, "P1.K1.S1").update(pagu=-5),
        "kolom Pagu (Rp): tidak boleh negatif",
    ),
    (
        "text where Rupiah belongs",
        lambda b: budget_row(b, "P1.K1.S1").update(pagu="sejuta"),
        "kolom Pagu (Rp): bukan angka",
    ),
    (
        "a level that the key contradicts",
        lambda b: budget_row(b, "P1.K1").update(level="program"),
        "kolom Tingkat: kunci P1.K1 adalah kegiatan, bukan program",
    ),
    (
        "an unknown unit",
        lambda b: budget_row(b, "P1").update(unit="bidang-x"),
        "kolom Unit: unit bidang-x tidak ada di lembar Unit",
    ),
    (
        "a required cell left blank",
        lambda b: budget_row(b, "P1").update(name=None),
        "kolom Nama: wajib diisi",
    ),
]


@pytest.mark.parametrize(("what", "spoil", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_row_changes_nothing(
    engine: Engine, what: str, spoil: Callable[[Book], None], expected: str
) -> None:
    book = book_of(engine)
    spoil(book)
    problems = refused(engine, book_bytes(book))
    assert any(expected in p for p in problems), problems


def test_row_numbers_are_the_sheets(engine: Engine) -> None:
    book = book_of(engine)
    book.rows(C.BUDGET)[11]["pagu"] = "12,5 juta rupiah?"
    assert refused(engine, book_bytes(book)) == [
        "Lembar Anggaran, baris 14, kolom Pagu (Rp): bukan angka"
    ]


def test_fifty_thousand_rows_are_refused_early(engine: Engine) -> None:
    book = book_of(engine)
    row = book.rows(C.ENTRIES)[0]
    book.rows(C.ENTRIES).extend(dict(row) for _ in range(50_000))
    [problem] = refused(engine, book_bytes(book))
    assert problem.startswith("lebih dari 20.000 baris data")


def test_a_huge_file_is_refused_before_it_is_opened(engine: Engine) -> None:
    assert refused(engine, b"PK" + b"\0" * (C.MAX_BYTES + 1)) == ["berkas lebih dari 5 MB"]


def test_a_closed_year_is_not_changed(engine: Engine) -> None:
    problems = refused(engine, book_bytes(book_of(engine, code="dp3am-binjai")))
    assert problems == [
        "Lembar Format, kolom Tahun anggaran: tahun 2022 sudah ditutup; impor tidak mengubahnya"
    ]


def test_the_template_reads_as_an_empty_book(engine: Engine) -> None:
    problems = refused(engine, template_bytes())
    assert problems == ["Lembar Format, kolom Tahun anggaran: isi tahun, mis. 2026"]


def test_only_an_admin_of_the_agency_imports_from_the_chat(engine: Engine) -> None:
    from tests.support.bot import add_people

    add_people(engine)
    with session_scope(engine) as session:  # an admin of this agency only, not a super admin
        set_user(session, None, 7010, Role.ADMIN, name="Admin DP3AM")
    with Session(engine) as session, pytest.raises(PermissionDenied) as refused_:
        plan_import(session, book_bytes(book_of(engine, code="lain")), actor_id=7010)
    assert refused_.value.code == "import.other_agency"
    with Session(engine) as session, pytest.raises(PermissionDenied):
        plan_import(session, book_bytes(book_of(engine, code="dp3am-binjai")), actor_id=7002)
    # a super admin (LAKIP_ADMIN_IDS) adds an agency from the chat
    with Session(engine) as session:
        plan = plan_import(session, book_bytes(book_of(engine, code="lain")), actor_id=ADMIN_ID)
    assert plan.mode == Mode.NEW_AGENCY


def test_a_dpa_updates_an_open_year(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
        fy = queries.resolve_year(session, 2026)
        node = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == "P1.K1.S1"
            )
        ).one()
        session.add(
            RealizationEntry(
                node_id=node.id,
                year=2026,
                month=2,
                amount=700,
                source="telegram",
                status="disetujui",
            )
        )
    entries_before = _entries(engine)
    book = book_of(engine, 2026, code="dp3am-binjai")
    budget_row(book, "P1.K1.S1").update(pagu=123_456_789, target_text="30 org")
    budget_row(book, "P1.K1").update(pagu=None)
    book.rows(C.INDICATORS)[0]["tw1"] = "10"
    with Session(engine) as session:
        plan = plan_import(session, book_bytes(book))
    assert plan.mode == Mode.UPDATE and plan.ok
    assert any(c.startswith("P1.K1.S1 pagu: Rp") and "Rp 123.456.789" in c for c in plan.changes)
    assert any("P1.K1.S1 target:" in c and "→ 30 org" in c for c in plan.changes)
    with Session(engine) as session:  # the preview wrote nothing
        assert queries.year_status(session, queries.resolve_year(session, 2026)).copied_from == 2022
    with session_scope(engine) as session:
        assert commit_import(session, book_bytes(book), actor_id=None).ok
    with Session(engine) as session:
        fy = queries.resolve_year(session, 2026)
        tree = queries.budget_tree(session, fy)
        sub = tree.by_key("P1.K1.S1")
        assert sub is not None and sub.pagu == 123_456_789 and sub.target.text == "30 org"
        assert sub.realized == 700
        kegiatan = tree.by_key("P1.K1")
        assert kegiatan is not None and kegiatan.pagu_derived
        assert queries.year_status(session, fy).copied_from is None
        notes = session.exec(select(BudgetNode.note).where(BudgetNode.fiscal_year_id == fy.id))
        assert not any(n and "disalin dari" in n for n in notes)
        plans = session.exec(select(IndicatorPlan.target_text)).all()
        assert plans == ["10"]
        actions = session.exec(select(AuditLog.action)).all()
        assert "impor-excel" in actions and "impor-dpa" in actions
    assert _entries(engine) == entries_before  # recorded entries are never touched


def test_a_new_year_from_the_template_shape(engine: Engine) -> None:
    book = book_of(engine, code="dp3am-binjai")
    book.meta.update(year=2027, closed=False, source=None)
    book.sheets[C.ENTRIES.name] = []
    with session_scope(engine) as session:
        plan = commit_import(session, book_bytes(book))
    assert plan.ok and plan.mode == Mode.NEW_YEAR
    with Session(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2027)).one()
        assert not fy.closed
        assert queries.budget_tree(session, fy).root.pagu == 5_993_530_294


def _entries(engine: Engine) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        return [
            (e.id, e.node_id, e.amount, e.status)
            for e in session.exec(select(RealizationEntry).order_by(RealizationEntry.id))  # type: ignore[arg-type]
        ]


def test_a_note_with_control_characters_is_exported_without_them(engine: Engine) -> None:
    book = book_of(engine)
    book.rows(C.ENTRIES)[0]["note"] = "=1+1 catatan\x06\x87"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(book_bytes(book)))[C.ENTRIES.name]
    note = sheet.cell(C.FIRST_DATA_ROW, 8)
    assert (note.value, note.data_type) == ("=1+1 catatan\x87", "s")


def test_columns_are_found_by_header_in_any_order(engine: Engine) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(book_bytes(book_of(engine, code="urutan-lain"))))
    old = wb[C.UNITS.name]
    rows = [[c.value for c in row][::-1] for row in old.iter_rows()]
    index = wb.sheetnames.index(C.UNITS.name)
    wb.remove(old)
    new = wb.create_sheet(C.UNITS.name, index)
    for row in rows:
        new.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with Session(engine) as session:
        plan = plan_import(session, buf.getvalue())
    assert plan.ok, [str(i) for i in plan.issues]
    assert plan.counts[C.UNITS.name] == 6 and plan.mode == Mode.NEW_AGENCY


def test_a_dpa_may_leave_out_the_years_indicators(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    book = book_of(engine, 2026, code="dp3am-binjai")
    assert any(r.get("indicator_key") for r in book.rows(C.BUDGET))
    book.sheets[C.INDICATORS.name], book.sheets[C.TARGETS.name] = [], []
    budget_row(book, "P2").update(pagu=1)
    with Session(engine) as session:
        plan = plan_import(session, book_bytes(book))
    assert plan.ok and plan.mode == Mode.UPDATE, [str(i) for i in plan.issues]
    assert any(c.startswith("P2 pagu:") for c in plan.changes)
