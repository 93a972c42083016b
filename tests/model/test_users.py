"""Users and roles: registration by admins only, at least one admin, audit of every change."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from lakip_model import agencies, users
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


# --- several agencies: registration, super admins, city roles (issue 18) -----------------------


def _two_agencies(db: Engine) -> tuple[int, int, int]:
    """The seeded agency with a plain admin, and demo-001 with its own: (seed id, demo id,
    demo admin)."""
    from seed.demo import generate, telegram_id

    generate(db, agencies=1, years=1)
    with session_scope(db) as session:
        users.set_user(session, None, LOCAL_ADMIN, Role.ADMIN, name="Admin DP3AM")
    with Session(db) as session:
        return (
            users.agency_id_of(session, "dp3am-binjai"),
            users.agency_id_of(session, "demo-001"),
            telegram_id(1, 0),
        )


def _request(db: Engine, telegram_id: int, agency: str | None) -> int:
    with session_scope(db) as session:
        request, _ = users.request_registration(session, telegram_id, "Tamu", None, 1, agency)
        return int(request.id or 0)


def test_a_request_goes_to_its_agencys_admins_else_to_the_super_admins(db: Engine) -> None:
    from lakip_model.models import Agency

    _, _, demo_admin = _two_agencies(db)
    with session_scope(db) as session:
        session.add(Agency(code="dinas-baru", name="Dinas Baru", short_name="Baru", region="X"))
    for telegram_id, agency, expected, no_admin in (
        (81, "demo-001", [demo_admin], False),
        (82, "dp3am-binjai", [ADMIN, LOCAL_ADMIN], False),
        (83, "dinas-baru", [ADMIN], True),  # no admin there: the super admins, told so
    ):
        request_id = _request(db, telegram_id, agency)
        with Session(db) as session:
            request = session.get(users.RegistrationRequest, request_id)
            assert request is not None
            recipients = users.registration_recipients(session, request)
        assert (recipients.ids, recipients.no_admin) == (expected, no_admin)
        assert recipients.agency.code == agency


def test_an_admin_decides_only_their_agencys_requests(db: Engine) -> None:
    seed_id, _, demo_admin = _two_agencies(db)
    request_id = _request(db, 81, "demo-001")
    with pytest.raises(PermissionDenied) as refused, session_scope(db) as session:
        users.decide_registration(session, LOCAL_ADMIN, request_id, approve=True, role=Role.ADMIN)
    assert refused.value.code == "registration.other_agency"
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        users.decide_registration(session, LOCAL_ADMIN, request_id, approve=False)
    with Session(db) as session:
        assert users.pending_requests(session, LOCAL_ADMIN) == []
        assert [r.id for r in users.pending_requests(session, demo_admin)] == [request_id]
        assert [r.id for r in users.pending_requests(session, ADMIN)] == [request_id]
        assert users.pending_requests(session, 55) == []  # not registered
        assert users.actor_of(session, 81) is None
    # an agency admin cannot move it; a super admin can, and then it is the other agency's
    with pytest.raises(PermissionDenied) as moved, session_scope(db) as session:
        users.move_registration(session, demo_admin, request_id, seed_id)
    assert moved.value.code == "user.not_super_admin"
    with session_scope(db) as session:
        users.move_registration(session, ADMIN, request_id, seed_id)
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        users.decide_registration(session, demo_admin, request_id, approve=False)
    with pytest.raises(PermissionDenied) as city, session_scope(db) as session:
        users.decide_registration(session, LOCAL_ADMIN, request_id, approve=True, role=Role.BAPPEDA)
    assert city.value.code == "user.city_role_refused"
    with session_scope(db) as session:
        users.decide_registration(
            session, LOCAL_ADMIN, request_id, approve=True, role=Role.PIMPINAN
        )
    with Session(db) as session:
        actor = users.actor_of(session, 81)
        assert actor is not None and actor.agency_id == seed_id and actor.role == Role.PIMPINAN


def test_a_super_admin_decides_any_agencys_request(db: Engine) -> None:
    _, demo_id, _ = _two_agencies(db)
    request_id = _request(db, 81, "demo-001")
    with session_scope(db) as session:
        users.decide_registration(session, ADMIN, request_id, approve=True, role=Role.VERIFIKATOR)
    with Session(db) as session:
        actor = users.actor_of(session, 81)
        assert actor is not None and actor.agency_id == demo_id


def test_agencies_are_found_by_code_or_short_name(db: Engine) -> None:
    _two_agencies(db)
    with Session(db) as session:
        assert [a.code for a in users.agency_choices(session)] == ["demo-001", "dp3am-binjai"]
        assert [a.code for a in users.agency_choices(session, "DP3AM")] == ["dp3am-binjai"]
        assert [a.code for a in users.agency_choices(session, "demo-001")] == ["demo-001"]
        assert [a.code for a in users.agency_choices(session, "medan")] == ["demo-001"]
        assert users.agency_choices(session, "entah") == []


def test_only_a_super_admin_appoints_and_removes_agency_admins(db: Engine) -> None:
    from lakip_model.errors import NotFound

    _, demo_id, demo_admin = _two_agencies(db)
    for refused_by in (LOCAL_ADMIN, demo_admin, 55):
        with pytest.raises(PermissionDenied), session_scope(db) as session:
            agencies.appoint_admin(session, refused_by, "demo-001", 8001)
        with pytest.raises(PermissionDenied), session_scope(db) as session:
            agencies.remove_admin(session, refused_by, demo_id, demo_admin)
    with pytest.raises(NotFound) as unknown, session_scope(db) as session:
        agencies.appoint_admin(session, ADMIN, "dinas-entah", 8001)
    assert (unknown.value.code, unknown.value.data) == ("agency.unknown", {"agency": "dinas-entah"})
    with pytest.raises(Conflict) as last, session_scope(db) as session:
        agencies.remove_admin(session, ADMIN, demo_id, demo_admin)
    assert last.value.code == "user.last_admin"
    request_id = _request(db, 8002, "dp3am-binjai")  # pending for another agency
    with session_scope(db) as session:
        agencies.appoint_admin(session, ADMIN, "demo-001", 8001)  # a new id
        agencies.appoint_admin(
            session, ADMIN, "demo-001", 8002
        )  # a pending request: approved there
    with pytest.raises(Conflict) as again, session_scope(db) as session:
        agencies.appoint_admin(session, ADMIN, "demo-001", 8001)
    assert again.value.code == "user.already_admin"
    with pytest.raises(Conflict) as config, session_scope(db) as session:
        agencies.remove_admin(session, ADMIN, users.agency_id_of(session, "dp3am-binjai"), ADMIN)
    assert config.value.code == "user.super_admin_config"
    with session_scope(db) as session:
        agencies.remove_admin(session, ADMIN, demo_id, demo_admin)
    with Session(db) as session:
        assert set(users.admin_ids(session, demo_id)) == {8001, 8002}
        assert users.actor_of(session, demo_admin) is None
        request = session.get(users.RegistrationRequest, request_id)
        assert request is not None and request.status == "disetujui"
        assert request.agency_id == demo_id
        actions = set(session.exec(select(AuditLog.action)))
        assert {"angkat-admin", "hapus-admin"} <= actions


def test_only_a_super_admin_gives_city_roles(db: Engine) -> None:
    _, _, demo_admin = _two_agencies(db)
    with session_scope(db) as session:
        users.set_user(session, None, 55, Role.PIMPINAN, name="Kadis")
    with pytest.raises(PermissionDenied) as by_admin, session_scope(db) as session:
        users.set_user(session, LOCAL_ADMIN, 55, Role.BAPPEDA)
    assert by_admin.value.code == "user.city_role_refused"
    with pytest.raises(PermissionDenied) as granted, session_scope(db) as session:
        agencies.grant_city_role(session, LOCAL_ADMIN, 55, Role.INSPEKTORAT)
    assert granted.value.code == "user.not_super_admin"
    with pytest.raises(InvalidInput), session_scope(db) as session:
        agencies.grant_city_role(session, ADMIN, 55, Role.ADMIN)
    with pytest.raises(Conflict) as last, session_scope(db) as session:
        agencies.grant_city_role(session, ADMIN, demo_admin, Role.WALIKOTA)
    assert last.value.code == "user.last_admin"
    with session_scope(db) as session:
        agencies.grant_city_role(session, ADMIN, 55, Role.BAPPEDA)
        agencies.grant_city_role(session, ADMIN, 8005, Role.WALIKOTA)  # a new id
    with Session(db) as session:
        kadis, walikota = users.actor_of(session, 55), users.actor_of(session, 8005)
        assert kadis is not None and kadis.role == Role.BAPPEDA and kadis.reads_city
        assert walikota is not None and walikota.role == Role.WALIKOTA


def test_a_super_admin_manages_every_agencys_users(db: Engine) -> None:
    from seed.demo import telegram_id

    seed_id, demo_id, _ = _two_agencies(db)
    verifier = telegram_id(1, 2)
    with Session(db) as session:
        assert users.managed_user(session, ADMIN, verifier).agency_id == demo_id
        assert users.managed_agency(session, ADMIN, demo_id).code == "demo-001"
        assert users.managed_agency(session, LOCAL_ADMIN, None).id == seed_id
        with pytest.raises(PermissionDenied):
            users.managed_agency(session, LOCAL_ADMIN, demo_id)
    with session_scope(db) as session:
        users.set_user(session, ADMIN, verifier, Role.PIMPINAN)
    with Session(db) as session:
        actor = users.actor_of(session, verifier)
        assert actor is not None and actor.role == Role.PIMPINAN and actor.agency_id == demo_id


def test_the_command_line_sets_a_user_of_a_named_agency(db_url: str, db: Engine) -> None:
    """`lakip-bot user set ID admin --agency CODE`: the first admin of an imported agency."""
    import subprocess
    import sys

    _two_agencies(db)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env={"DATABASE_URL": db_url, "PATH": ""},
            capture_output=True,
            text=True,
            check=False,
        )

    added = run("user", "set", "8100", "admin", "--agency", "demo-001")
    assert added.returncode == 0, added.stderr
    assert "[demo-001]" in added.stdout
    operator = run("users", "set", "8101", "operator", "--unit", "bidang-pppa")
    assert operator.returncode == 0, operator.stderr
    unknown = run("users", "set", "8102", "admin", "--agency", "dinas-entah")
    assert unknown.returncode == 1 and "dinas-entah" in unknown.stderr
    with Session(db) as session:
        admin, op = users.actor_of(session, 8100), users.actor_of(session, 8101)
        assert admin is not None and admin.agency_code == "demo-001" and admin.is_admin
        assert op is not None and op.agency_code == "dp3am-binjai"
        assert users.actor_of(session, 8102) is None
