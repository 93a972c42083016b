"""Users and roles: registration by admins only, at least one admin, audit of every change."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from lakip_model import users
from lakip_model.db import session_scope
from lakip_model.errors import Conflict, InvalidInput, PermissionDenied
from lakip_model.models import AuditLog, Role

ADMIN = 9001  # a super admin (LAKIP_ADMIN_IDS)
LOCAL_ADMIN = 9002  # an admin of the seeded agency only


@pytest.fixture
def db(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        users.sync_admins(session, [ADMIN])
    return engine


def test_configured_admins_are_admins(db: Engine) -> None:
    with Session(db) as session:
        actor = users.actor_of(session, ADMIN)
    assert actor is not None and actor.is_admin and actor.can_review


def test_registration_approved_by_an_admin(db: Engine) -> None:
    with session_scope(db) as session:
        request, new = users.request_registration(session, 42, "Siti", "siti", 42)
        again, new_again = users.request_registration(session, 42, "Siti", "siti", 42)
        assert new and not new_again and again.id == request.id
        request_id = int(request.id or 0)
    pppa = 0
    with Session(db) as session:
        pppa = int(users.unit_by_code(session, "bidang-pppa").id or 0)
    with pytest.raises(PermissionDenied) as refused, session_scope(db) as session:
        users.decide_registration(session, 42, request_id, approve=True, role=Role.ADMIN)
    assert refused.value.code == "user.not_registered"
    with pytest.raises(InvalidInput) as no_unit, session_scope(db) as session:
        users.decide_registration(session, ADMIN, request_id, approve=True, role=Role.OPERATOR)
    assert no_unit.value.code == "user.unit_required"
    with session_scope(db) as session:
        users.decide_registration(
            session, ADMIN, request_id, approve=True, role=Role.OPERATOR, unit_id=pppa
        )
    with Session(db) as session:
        actor = users.actor_of(session, 42)
        assert actor is not None and actor.role == Role.OPERATOR and actor.unit_id == pppa
        with pytest.raises(Conflict) as decided:
            users.decide_registration(session, ADMIN, request_id, approve=False)
        assert decided.value.code == "registration.decided"
        assert decided.value.data == {"status": "disetujui"}
        with pytest.raises(Conflict) as registered:
            users.request_registration(session, 42, "Siti", None, 42)
        assert registered.value.code == "user.already_registered"
        assert session.exec(select(func.count()).select_from(AuditLog)).one() >= 3


def test_the_last_admin_cannot_be_removed_or_demoted(db: Engine) -> None:
    with pytest.raises(Conflict) as removed, session_scope(db) as session:
        users.remove_user(session, ADMIN, ADMIN)
    assert removed.value.code == "user.last_admin"
    with pytest.raises(Conflict) as demoted, session_scope(db) as session:
        users.set_user(session, ADMIN, ADMIN, Role.PIMPINAN)
    assert demoted.value.code == "user.last_admin"
    with session_scope(db) as session:
        users.set_user(session, ADMIN, 77, Role.ADMIN, name="Admin Dua")
        users.remove_user(session, 77, ADMIN)
    with Session(db) as session:
        assert users.actor_of(session, ADMIN) is None
        assert [u.telegram_id for u in users.list_users(session)] == [77]


def test_non_admins_cannot_manage_users(db: Engine) -> None:
    with session_scope(db) as session:
        users.set_user(session, None, 55, Role.PIMPINAN, name="Kadis")
    with pytest.raises(PermissionDenied) as refused, session_scope(db) as session:
        users.set_user(session, 55, 56, Role.ADMIN)
    assert (refused.value.code, refused.value.data) == (
        "user.role_refused",
        {"role": Role.PIMPINAN},
    )
    with Session(db) as session:
        assert users.actor_of(session, 56) is None


def test_unknown_unit_and_user_and_an_existing_year_are_refused_by_code(db: Engine) -> None:
    from lakip_model.errors import NotFound
    from lakip_model.queries import YearNotFound
    from lakip_model.years import open_year

    with pytest.raises(NotFound) as unit, Session(db) as session:
        users.unit_by_code(session, "bidang-entah")
    assert (unit.value.code, unit.value.data) == ("unit.unknown", {"code": "bidang-entah"})
    with pytest.raises(NotFound) as user, session_scope(db) as session:
        users.remove_user(session, ADMIN, 123)
    assert user.value.code == "user.not_found"
    with pytest.raises(Conflict) as year, session_scope(db) as session:
        open_year(session, 2022)
    assert (year.value.code, year.value.data) == ("year.exists", {"year": 2022})
    with pytest.raises(YearNotFound) as missing, Session(db) as session:
        open_year(session, 2030, 1999)
    assert missing.value.code == "year.not_found"
    assert missing.value.data == {"year": 1999, "available": "2022"}


def test_an_admin_changes_only_users_of_their_own_agency(db: Engine) -> None:
    from lakip_model.errors import NotFound
    from seed.demo import generate, telegram_id

    generate(db, agencies=1, years=1)
    other_admin, other_verifier = telegram_id(1, 0), telegram_id(1, 2)
    with session_scope(db) as session:
        users.set_user(session, None, 55, Role.PIMPINAN, name="Kadis")
        users.set_user(session, None, LOCAL_ADMIN, Role.ADMIN, name="Admin DP3AM")
    for change in (
        lambda s: users.set_user(s, other_admin, 55, Role.ADMIN),
        lambda s: users.remove_user(s, other_admin, 55),
        lambda s: users.managed_user(s, other_admin, 55),
        lambda s: users.set_user(s, LOCAL_ADMIN, other_verifier, Role.OPERATOR),
        lambda s: users.remove_user(s, LOCAL_ADMIN, other_verifier),
    ):
        with pytest.raises(PermissionDenied) as refused, session_scope(db) as session:
            change(session)
        assert refused.value.code == "user.other_agency"
    with Session(db) as session:
        kadis = users.actor_of(session, 55)
        verifier = users.actor_of(session, other_verifier)
        assert kadis is not None and kadis.role == Role.PIMPINAN
        assert verifier is not None and verifier.role == Role.VERIFIKATOR
        mine = {u.telegram_id for u in users.list_users(session, kadis.agency_id)}
        assert mine == {ADMIN, 55, LOCAL_ADMIN}
        with pytest.raises(NotFound):
            users.managed_user(session, LOCAL_ADMIN, 12345)
    # a new user added by the other agency's admin joins that agency
    with session_scope(db) as session:
        users.set_user(session, other_admin, 66, Role.PIMPINAN, name="Kadis Demo")
    with Session(db) as session:
        added = users.actor_of(session, 66)
        other = users.actor_of(session, other_admin)
        assert added is not None and other is not None and added.agency_id == other.agency_id
