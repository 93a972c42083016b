"""Agencies and city roles, as the super admins (LAKIP_ADMIN_IDS) manage them (/instansi).

An agency itself joins by importing its workbook; here its admins are appointed and removed,
and users are given a city role. Every function re-checks that the actor is a super admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from lakip_model.errors import Conflict, InvalidInput, NotFound
from lakip_model.models import (
    CITY_ROLES,
    Agency,
    AppUser,
    FiscalYear,
    RegistrationRequest,
    Role,
    utcnow,
)
from lakip_model.users import (
    _keep_one_admin,
    _upsert_user,
    audit,
    find_user,
    pending_request_of,
    require_super_admin,
)


@dataclass(frozen=True)
class AgencyRow:
    """One agency as a super admin's /instansi lists it."""

    id: int
    code: str
    short_name: str
    name: str
    years: list[int]
    users: int
    admins: list[tuple[int, str]]  # (telegram id, name), by name
    pending: int  # registration requests waiting


def agency_rows(session: Session, actor_id: int) -> list[AgencyRow]:
    """Every agency with its years, its number of active users and its admins."""
    require_super_admin(session, actor_id)
    years: dict[int, list[int]] = {}
    for agency_id, year in session.exec(
        select(FiscalYear.agency_id, FiscalYear.year).order_by(col(FiscalYear.year))
    ):
        years.setdefault(agency_id, []).append(year)
    counts = dict(
        session.exec(
            select(AppUser.agency_id, func.count())
            .where(col(AppUser.active).is_(True))
            .group_by(col(AppUser.agency_id))
        ).all()
    )
    pending = dict(
        session.exec(
            select(RegistrationRequest.agency_id, func.count())
            .where(RegistrationRequest.status == "menunggu")
            .group_by(col(RegistrationRequest.agency_id))
        ).all()
    )
    admins: dict[int, list[tuple[int, str]]] = {}
    for agency_id, tid, name in session.exec(
        select(AppUser.agency_id, AppUser.telegram_id, AppUser.name)
        .where(AppUser.role == Role.ADMIN, col(AppUser.active).is_(True))
        .order_by(col(AppUser.name))
    ):
        admins.setdefault(agency_id, []).append((tid, name))
    return [
        AgencyRow(
            int(a.id or 0),
            a.code,
            a.short_name,
            a.name,
            years.get(int(a.id or 0), []),
            int(counts.get(int(a.id or 0), 0)),
            admins.get(int(a.id or 0), []),
            int(pending.get(int(a.id or 0), 0)),
        )
        for a in session.exec(select(Agency).order_by(col(Agency.code)))
    ]


def agency_row(session: Session, actor_id: int, agency_id: int) -> AgencyRow:
    for row in agency_rows(session, actor_id):
        if row.id == agency_id:
            return row
    raise NotFound("agency.missing", agency=agency_id)


def _agency_by_code(session: Session, code: str) -> Agency:
    agency = session.exec(select(Agency).where(Agency.code == code)).first()
    if agency is None:
        raise NotFound("agency.unknown", agency=code)
    return agency


def appoint_admin(session: Session, actor_id: int, agency_code: str, telegram_id: int) -> AppUser:
    """A super admin makes ``telegram_id`` an admin of ``agency_code``'s agency: a registered
    user (who moves there, unless they are the last admin of their own), one with a pending
    request (approved as admin of that agency), or a new id (named once seen on Telegram)."""
    require_super_admin(session, actor_id)
    agency = _agency_by_code(session, agency_code)
    existing = session.exec(select(AppUser).where(AppUser.telegram_id == telegram_id)).first()
    request = pending_request_of(session, telegram_id)
    if existing is not None and existing.active:
        if existing.role == Role.ADMIN and existing.agency_id == agency.id:
            raise Conflict("user.already_admin", agency=agency.short_name)
        if existing.super_admin and existing.agency_id != agency.id:
            raise Conflict("user.super_admin_config")
        if existing.role == Role.ADMIN:
            _keep_one_admin(session, existing)
        name, username = existing.name, existing.username
    elif request is not None:
        name, username = request.name, request.username
        request.status, request.decided_by, request.decided_at = "disetujui", actor_id, utcnow()
        request.agency_id = int(agency.id or 0)
        session.add(request)
    elif existing is not None:  # deactivated earlier: back, as admin
        name, username = existing.name, existing.username
    else:
        name, username = f"Pengguna {telegram_id}", None
    user = _upsert_user(session, telegram_id, int(agency.id or 0), name, username, Role.ADMIN, None)
    audit(session, actor_id, "angkat-admin", str(telegram_id), f"lembaga={agency.code}")
    return user


def remove_admin(session: Session, actor_id: int, agency_id: int, telegram_id: int) -> AppUser:
    """A super admin removes an admin of an agency (deactivated, as in /pengguna): never the
    agency's last admin, nor a super admin (LAKIP_ADMIN_IDS would make them one again)."""
    require_super_admin(session, actor_id)
    user = find_user(session, telegram_id)
    if user is None or user.role != Role.ADMIN or user.agency_id != agency_id:
        raise NotFound("user.not_found", user=telegram_id)
    if user.super_admin:
        raise Conflict("user.super_admin_config")
    _keep_one_admin(session, user)
    user.active = False
    session.add(user)
    audit(session, actor_id, "hapus-admin", str(telegram_id), f"lembaga={agency_id}")
    return user


def grant_city_role(session: Session, actor_id: int, telegram_id: int, role: Role) -> AppUser:
    """A super admin gives ``telegram_id`` a city role (they read every agency, write none): a
    registered user keeps their agency as the one they read first; a pending request is
    approved; a new id joins the super admin's agency."""
    actor = require_super_admin(session, actor_id)
    if role not in CITY_ROLES:
        raise InvalidInput("user.city_role_unknown", role=role)
    existing = session.exec(select(AppUser).where(AppUser.telegram_id == telegram_id)).first()
    request = pending_request_of(session, telegram_id)
    agency_id = actor.agency_id
    if existing is not None:
        if existing.super_admin:
            raise Conflict("user.super_admin_config")
        if existing.active and existing.role == Role.ADMIN:
            _keep_one_admin(session, existing)
        name, username, agency_id = existing.name, existing.username, existing.agency_id
    elif request is not None:
        name, username, agency_id = request.name, request.username, request.agency_id
    else:
        name, username = f"Pengguna {telegram_id}", None
    if request is not None:
        request.status, request.decided_by, request.decided_at = "disetujui", actor_id, utcnow()
        session.add(request)
    user = _upsert_user(session, telegram_id, agency_id, name, username, role, None)
    audit(session, actor_id, "beri-peran-kota", str(telegram_id), f"peran={role}")
    return user
