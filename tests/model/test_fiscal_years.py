"""Opening and closing years: an admin only (checked in the write's transaction), for the
admin's own agency, a year that makes sense; the command line acts as nobody."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from lakip_model import users, years
from lakip_model.db import session_scope
from lakip_model.errors import Conflict, InvalidInput, PermissionDenied
from lakip_model.models import FiscalYear, Role

ADMIN, KADIS = 9001, 9002


@pytest.fixture
def db(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        users.sync_admins(session, [ADMIN])
        users.set_user(session, None, KADIS, Role.PIMPINAN, name="Kepala Dinas")
    return engine


def year_of(engine: Engine, year: int) -> FiscalYear | None:
    with Session(engine) as session:
        return session.exec(select(FiscalYear).where(FiscalYear.year == year)).first()


def test_an_admin_opens_and_closes_a_year(db: Engine) -> None:
    with session_scope(db) as session:
        plan = years.plan_open(session, 2026, actor_id=ADMIN)
        assert (plan.year, plan.template) == (2026, 2022) and plan.sub_activities > 0
    assert year_of(db, 2026) is None  # the plan writes nothing
    with session_scope(db) as session:
        years.open_year(session, 2026, 2022, actor_id=ADMIN)
    with Session(db) as session:
        listed = [(fy.year, fy.closed) for fy in years.agency_years(session, actor_id=ADMIN)]
    assert listed == [(2026, False), (2022, True)]
    with session_scope(db) as session:
        years.close_year(session, 2026, actor_id=ADMIN)
    fy = year_of(db, 2026)
    assert fy is not None and fy.closed
    with pytest.raises(Conflict) as again, session_scope(db) as session:
        years.close_year(session, 2026, actor_id=ADMIN)
    assert (again.value.code, again.value.data) == ("year.closed", {"year": 2026})


def test_anyone_but_an_admin_is_refused_and_nothing_is_written(db: Engine) -> None:
    for who in (KADIS, 424242):
        with pytest.raises(PermissionDenied), session_scope(db) as session:
            years.open_year(session, 2026, 2022, actor_id=who)
        with pytest.raises(PermissionDenied), session_scope(db) as session:
            years.plan_open(session, 2026, actor_id=who)
    assert year_of(db, 2026) is None
    with session_scope(db) as session:
        years.open_year(session, 2026, 2022)  # the command line acts as nobody
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        years.close_year(session, 2026, actor_id=KADIS)
    fy = year_of(db, 2026)
    assert fy is not None and not fy.closed


def test_another_agency_is_refused(db: Engine) -> None:
    with pytest.raises(PermissionDenied) as refused, session_scope(db) as session:
        years.open_year(session, 2026, 2022, "dinas-lain", actor_id=ADMIN)
    assert refused.value.code == "year.other_agency"


@pytest.mark.parametrize("year", [1999, 2101, 20260])
def test_a_year_that_is_a_typing_mistake_is_refused(db: Engine, year: int) -> None:
    with pytest.raises(InvalidInput) as refused, session_scope(db) as session:
        years.open_year(session, year, 2022, actor_id=ADMIN)
    assert refused.value.code == "year.out_of_range"
    assert year_of(db, year) is None


def test_an_existing_year_is_refused_before_asking(db: Engine) -> None:
    with pytest.raises(Conflict) as exists, Session(db) as session:
        years.plan_open(session, 2022, actor_id=ADMIN)
    assert exists.value.code == "year.exists"
