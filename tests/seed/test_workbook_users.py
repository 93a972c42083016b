"""The optional sheet Pengguna: an agency's users load with its workbook, with the same
preview, problems and all-or-nothing rules as the other sheets; agency roles only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from lakip_model import queries
from lakip_model.db import session_scope
from lakip_model.errors import PermissionDenied
from lakip_model.models import AppUser, AuditLog, Role, Unit
from lakip_model.users import actor_of, set_user
from lakip_model.years import open_year
from seed.workbook import columns as C
from seed.workbook.book import Book, read_book
from seed.workbook.importer import commit_import, plan_import
from seed.workbook.writer import book_bytes, template_bytes
from tests.seed.test_workbook_import import book_of, refused
from tests.support.bot import ADMIN_ID, add_people

LOCAL_ADMIN = 7010  # an admin of the seeded agency, not a super admin


def with_users(book: Book, *rows: tuple[int, str, str, str | None]) -> Book:
    for n, (tid, name, role, unit) in enumerate(rows, C.FIRST_DATA_ROW):
        book.rows(C.USERS).append(
            {"_row": n, "telegram_id": tid, "name": name, "role": role, "unit": unit}
        )
    return book


def test_a_new_agency_comes_with_its_users(engine: Engine) -> None:
    book = with_users(
        book_of(engine, code="baru"),
        (8001, "Admin Baru", "admin", None),
        (8002, "Operator Baru", "operator", "bidang-pppa"),
        (8003, "Kadis Baru", "pimpinan", None),
    )
    with Session(engine) as session:
        plan = plan_import(session, book_bytes(book))
    assert plan.ok, plan.issues
    assert plan.counts[C.USERS.name] == 3
    assert "pengguna baru: Operator Baru (8002) sebagai operator" in plan.changes
    with session_scope(engine) as session:
        commit_import(session, book_bytes(book))
    with Session(engine) as session:
        admin, operator = actor_of(session, 8001), actor_of(session, 8002)
        assert admin is not None and admin.agency_code == "baru" and admin.is_admin
        assert operator is not None and operator.role == Role.OPERATOR
        unit = session.get(Unit, operator.unit_id)
        assert unit is not None and unit.code == "bidang-pppa"
        assert unit.agency_id == operator.agency_id  # the new agency's unit, not the seed's
        audited = session.exec(select(AuditLog.subject).where(AuditLog.action == "ubah-pengguna"))
        assert {"8001", "8002", "8003"} <= set(audited)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            (8001, "Bappeda", "bappeda", None),
            "Lembar Pengguna, baris 3, kolom Peran: isi salah satu dari: admin, pimpinan, "
            "verifikator, operator",
        ),
        (
            (8001, "Super", "super_admin", None),
            "Lembar Pengguna, baris 3, kolom Peran: isi salah satu dari: admin, pimpinan, "
            "verifikator, operator",
        ),
        (
            (8001, "Op", "operator", None),
            "Lembar Pengguna, baris 3, kolom Kode unit: operator wajib punya unit",
        ),
        (
            (8001, "Op", "operator", "bidang-entah"),
            "Lembar Pengguna, baris 3, kolom Kode unit: unit bidang-entah tidak ada di lembar Unit",
        ),
        (
            (8001, "Kadis", "pimpinan", "bidang-pppa"),
            "Lembar Pengguna, baris 3, kolom Kode unit: hanya operator yang punya unit",
        ),
        (
            (ADMIN_ID, "Admin", "admin", None),  # registered in the seeded agency
            f"Lembar Pengguna, baris 3, kolom ID Telegram: {ADMIN_ID} terdaftar di instansi lain",
        ),
    ],
)
def test_a_bad_user_row_is_named_and_nothing_is_written(
    engine: Engine, row: tuple[int, str, str, str | None], problem: str
) -> None:
    add_people(engine)
    book = with_users(book_of(engine, code="baru"), row)
    assert refused(engine, book_bytes(book)) == [problem]


def test_a_user_listed_twice_is_refused(engine: Engine) -> None:
    book = with_users(
        book_of(engine, code="baru"), (8001, "A", "admin", None), (8001, "B", "pimpinan", None)
    )
    assert refused(engine, book_bytes(book)) == [
        "Lembar Pengguna, baris 4, kolom ID Telegram: 8001 sudah dipakai di baris 3"
    ]


def _dpa_2026(engine: Engine) -> Book:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    with Session(engine) as session:
        return read_book(session, queries.resolve_year(session, 2026))


def test_an_agency_admin_loads_their_own_users_and_keeps_an_admin(engine: Engine) -> None:
    add_people(engine)
    with session_scope(engine) as session:
        set_user(session, None, LOCAL_ADMIN, Role.ADMIN, name="Admin DP3AM")
    book = with_users(
        _dpa_2026(engine),
        (8001, "Operator Baru", "operator", "bidang-pkm"),
        (7002, "Kepala Dinas", "verifikator", None),  # the kadis: a change, listed
    )
    with Session(engine) as session:
        plan = plan_import(session, book_bytes(book), actor_id=LOCAL_ADMIN)
    assert plan.ok, plan.issues
    assert "pengguna Kepala Dinas (7002): pimpinan → verifikator" in plan.changes
    with session_scope(engine) as session:
        commit_import(session, book_bytes(book), actor_id=LOCAL_ADMIN)
    with Session(engine) as session:
        kadis, new = actor_of(session, 7002), actor_of(session, 8001)
    assert kadis is not None and kadis.role == Role.VERIFIKATOR
    assert new is not None and new.agency_code == "dp3am-binjai"
    # demoting every admin of the agency is refused as a whole
    book.sheets[C.USERS.name] = []
    with_users(
        book, (ADMIN_ID, "Admin", "admin", None), (LOCAL_ADMIN, "Admin DP3AM", "pimpinan", None)
    )
    with Session(engine) as session:
        assert plan_import(session, book_bytes(book), actor_id=LOCAL_ADMIN).ok  # one remains
    book.sheets[C.USERS.name] = []
    with_users(book, (LOCAL_ADMIN, "Admin DP3AM", "pimpinan", None))
    with session_scope(engine) as session:  # the super admin is no longer an admin here
        user = session.exec(select(AppUser).where(AppUser.telegram_id == ADMIN_ID)).one()
        user.role = Role.PIMPINAN
        session.add(user)
    assert refused(engine, book_bytes(book)) == [
        "Lembar Pengguna, kolom Peran: instansi harus tetap punya admin"
    ]


def test_a_non_admin_cannot_import_users(engine: Engine) -> None:
    add_people(engine)
    book = with_users(_dpa_2026(engine), (8001, "Admin Gelap", "admin", None))
    with Session(engine) as session, pytest.raises(PermissionDenied):
        plan_import(session, book_bytes(book), actor_id=7002)  # the pimpinan
    with Session(engine) as session:
        assert actor_of(session, 8001) is None


def test_the_template_has_the_sheet_and_the_export_never_carries_users(engine: Engine) -> None:
    add_people(engine)
    template = load_workbook(io.BytesIO(template_bytes()), read_only=True)
    assert C.USERS.name in template.sheetnames
    with Session(engine) as session:
        book = read_book(session, queries.resolve_year(session, 2022))
    assert not book.rows(C.USERS)
    exported = load_workbook(io.BytesIO(book_bytes(book)), read_only=True)
    assert C.USERS.name not in exported.sheetnames
    # and a file without the sheet still imports (it is optional)
    book.rows(C.AGENCY)[0]["code"] = "baru"
    with Session(engine) as session:
        assert plan_import(session, book_bytes(book)).ok
