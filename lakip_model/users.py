"""Who may do what: registered users, their roles, and the registration workflow.

Every function that writes takes the acting user's Telegram id and checks it here, on the
server side, so that a forged or replayed button cannot do what its presser may not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, Select, bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from lakip_model.db import connection_of
from lakip_model.errors import Conflict, InvalidInput, NotFound, PermissionDenied  # re-exported
from lakip_model.models import (
    CITY_ROLES,
    Agency,
    AppUser,
    AuditLog,
    BudgetNode,
    RegistrationRequest,
    Role,
    Unit,
    utcnow,
)
from lakip_model.text import fold


@dataclass(frozen=True)
class Actor:
    """The registered user behind a request, as far as permissions go."""

    telegram_id: int
    name: str
    role: Role
    unit_id: int | None
    agency_id: int
    unit_name: str | None = None
    agency_code: str = ""
    super_admin: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def reads_city(self) -> bool:
        """Whether they may read every agency: a city role, or a super admin."""
        return self.super_admin or self.role in CITY_ROLES

    @property
    def can_review(self) -> bool:
        return self.role in (Role.ADMIN, Role.VERIFIKATOR)

    def can_record(self, node: BudgetNode) -> bool:
        """Operators record for their own unit's rows; admins for any row."""
        if self.role == Role.ADMIN:
            return True
        return (
            self.role == Role.OPERATOR
            and self.unit_id is not None
            and (node.unit_id == self.unit_id)
        )


def audit(session: Session, actor: int | None, action: str, subject: str, detail: str = "") -> None:
    session.add(AuditLog(actor=actor, action=action, subject=subject, detail=detail or None))


def find_user(session: Session, telegram_id: int) -> AppUser | None:
    return session.exec(
        select(AppUser).where(AppUser.telegram_id == telegram_id, col(AppUser.active).is_(True))
    ).first()


def actor_of(db: Session | Connection, telegram_id: int) -> Actor | None:
    """The active user behind ``telegram_id``. Every update asks this once (the access gate),
    so it is one prepared Core statement, without ORM objects, on a session or a connection."""
    row = connection_of(db).execute(_actor_statement(), {"tid": telegram_id}).first()
    if row is None:
        return None
    name, role, unit_id, agency_id, unit_name, agency_code, super_admin = row
    return Actor(
        telegram_id, name, Role(role), unit_id, agency_id, unit_name, agency_code, super_admin
    )


@cache
def _actor_statement() -> Select[str, str, int | None, int, str | None, str, bool]:
    user, unit = AppUser.__table__, Unit.__table__  # type: ignore[attr-defined]
    agency = Agency.__table__  # type: ignore[attr-defined]
    return (
        sa_select(
            user.c.name,
            user.c.role,
            user.c.unit_id,
            user.c.agency_id,
            unit.c.name,
            agency.c.code,
            user.c.super_admin,
        )
        .select_from(
            user.outerjoin(unit, unit.c.id == user.c.unit_id).join(
                agency, agency.c.id == user.c.agency_id
            )
        )
        .where(user.c.telegram_id == bindparam("tid"), user.c.active.is_(True))
    )


def require(session: Session, telegram_id: int, *roles: Role) -> Actor:
    """The actor, if registered and holding one of ``roles`` (any role when none given)."""
    actor = actor_of(session, telegram_id)
    if actor is None:
        raise PermissionDenied("user.not_registered")
    if roles and actor.role not in roles:
        raise PermissionDenied("user.role_refused", role=actor.role)
    return actor


def require_super_admin(session: Session, telegram_id: int) -> Actor:
    """The actor, if one of the deployment's super admins (LAKIP_ADMIN_IDS): who manages
    agencies, their admins and the city roles."""
    actor = require(session, telegram_id)
    if not actor.super_admin:
        raise PermissionDenied("user.not_super_admin")
    return actor


def _agency(session: Session, agency_code: str | None) -> Agency:
    stmt = select(Agency).order_by(col(Agency.id))
    if agency_code:
        stmt = stmt.where(Agency.code == agency_code)
    agency = session.exec(stmt).first()
    if agency is None:
        raise NotFound("agency.unknown" if agency_code else "agency.missing", agency=agency_code)
    return agency


def agency_code_of(session: Session, agency_id: int) -> str:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency.missing", agency=agency_id)
    return agency.code


def sync_admins(session: Session, admin_ids: Iterable[int], agency_code: str | None = None) -> None:
    """Make the ids of LAKIP_ADMIN_IDS active admins and the deployment's super admins.

    A new one joins ``agency_code``'s agency (LAKIP_AGENCY, else the first); an existing user
    keeps their agency. A super admin no longer listed is an admin of their agency only.
    """
    listed = set(admin_ids)
    for former in session.exec(select(AppUser).where(col(AppUser.super_admin).is_(True))):
        if former.telegram_id not in listed:
            former.super_admin = False
            session.add(former)
            audit(session, None, "super-admin-dicabut", str(former.telegram_id))
    if not listed:
        return
    agency = _agency(session, agency_code)
    for telegram_id in admin_ids:
        user = session.exec(select(AppUser).where(AppUser.telegram_id == telegram_id)).first()
        if user is None:
            session.add(
                AppUser(
                    telegram_id=telegram_id,
                    agency_id=int(agency.id or 0),
                    name=f"Admin {telegram_id}",
                    role=Role.ADMIN,
                    super_admin=True,
                )
            )
            audit(session, None, "admin-dari-konfigurasi", str(telegram_id))
        elif user.role != Role.ADMIN or not user.active or not user.super_admin:
            user.role, user.active, user.super_admin = Role.ADMIN, True, True
            session.add(user)
            audit(session, None, "admin-dari-konfigurasi", str(telegram_id))


def admin_ids(session: Session, agency_id: int) -> list[int]:
    """The active admins of one agency: a city-wide database must not tell one agency's admins
    about another's people or chats."""
    return _ids_with_role(session, Role.ADMIN, agency_id)


def admin_names(session: Session, agency_id: int) -> list[str]:
    """The names of the agency's active admins, by name (who can open a year, for example)."""
    return list(
        session.exec(
            select(AppUser.name)
            .where(
                AppUser.role == Role.ADMIN,
                AppUser.agency_id == agency_id,
                col(AppUser.active).is_(True),
            )
            .order_by(col(AppUser.name))
        )
    )


@dataclass(frozen=True)
class Deciders:
    """Who may decide an entry of an agency: never the one who submitted it (four eyes)."""

    reviewers: list[int]  # who is sent it: the verifikators, or the admins when there is none
    names: list[str]  # everyone who may decide it (verifikators and admins), by name
    admins: list[int]  # the agency's admins (the submitter too, if an admin)
    no_verifikator: bool  # nobody but admins can decide: the admins should appoint a verifikator


def deciders(session: Session, agency_id: int, submitter: int | None) -> Deciders:
    """:class:`Deciders` of an entry ``submitter`` sent, in their agency."""
    rows = session.exec(
        select(AppUser.telegram_id, AppUser.name, AppUser.role)
        .where(
            AppUser.agency_id == agency_id,
            col(AppUser.active).is_(True),
            col(AppUser.role).in_((Role.VERIFIKATOR, Role.ADMIN)),
        )
        .order_by(col(AppUser.telegram_id))
    ).all()
    admins = [tid for tid, _, role in rows if role == Role.ADMIN]
    others = [(tid, name, role) for tid, name, role in rows if tid != submitter]
    verifikators = [tid for tid, _, role in others if role == Role.VERIFIKATOR]
    reviewers = verifikators or [tid for tid, _, role in others if role == Role.ADMIN]
    return Deciders(
        reviewers=reviewers,
        names=[name for _, name, _ in others],
        admins=admins,
        no_verifikator=not verifikators,
    )


def agency_id_of(session: Session, agency_code: str | None) -> int:
    """The id of the agency the bot serves (LAKIP_AGENCY, or the only one)."""
    return int(_agency(session, agency_code).id or 0)


def _ids_with_role(session: Session, role: Role, agency_id: int) -> list[int]:
    return list(
        session.exec(
            select(AppUser.telegram_id)
            .where(
                AppUser.role == role,
                AppUser.agency_id == agency_id,
                col(AppUser.active).is_(True),
            )
            .order_by(col(AppUser.telegram_id))
        )
    )


# --- registration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyChoice:
    """An agency a stranger can ask to join, or a super admin can manage."""

    id: int
    code: str
    short_name: str
    name: str


def agency_choices(session: Session, word: str | None = None) -> list[AgencyChoice]:
    """The agencies, by code; with ``word``, those whose code, short name or name holds it
    (folded: "dinkes", "DP3AM", "pemberdayaan"). A code that matches exactly wins alone."""
    rows = [
        AgencyChoice(int(a.id or 0), a.code, a.short_name, a.name)
        for a in session.exec(select(Agency).order_by(col(Agency.code)))
    ]
    if not word or not fold(word):
        return rows
    wanted = fold(word)
    exact = [a for a in rows if fold(a.code) == wanted or fold(a.short_name) == wanted]
    if exact:
        return exact
    return [a for a in rows if any(wanted in fold(t) for t in (a.code, a.short_name, a.name))]


def agency_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Agency)).one())


def request_registration(
    session: Session,
    telegram_id: int,
    name: str,
    username: str | None,
    chat_id: int,
    agency_code: str | None = None,
) -> tuple[RegistrationRequest, bool]:
    """The user's pending request (created if needed); the flag says whether it is new."""
    if find_user(session, telegram_id) is not None:
        raise Conflict("user.already_registered")
    pending = pending_request_of(session, telegram_id)
    if pending is not None:
        return pending, False
    agency = _agency(session, agency_code)
    request = RegistrationRequest(
        telegram_id=telegram_id,
        agency_id=int(agency.id or 0),
        name=name[:100],
        username=username,
        chat_id=chat_id,
    )
    session.add(request)
    session.flush()
    audit(session, telegram_id, "daftar", f"permintaan {request.id}", f"lembaga={agency.code}")
    return request, True


def pending_request_of(session: Session, telegram_id: int) -> RegistrationRequest | None:
    return session.exec(
        select(RegistrationRequest).where(
            RegistrationRequest.telegram_id == telegram_id,
            RegistrationRequest.status == "menunggu",
        )
    ).first()


@dataclass(frozen=True)
class Recipients:
    """Who is asked to decide a registration request."""

    ids: list[int]
    agency: AgencyChoice
    no_admin: bool  # the agency has no admin: the super admins are asked instead


def registration_recipients(session: Session, request: RegistrationRequest) -> Recipients:
    """The request's agency's admins; when it has none, the super admins (told so)."""
    agency = session.get(Agency, request.agency_id)
    if agency is None:
        raise NotFound("agency.missing", agency=request.agency_id)
    choice = AgencyChoice(int(agency.id or 0), agency.code, agency.short_name, agency.name)
    admins = admin_ids(session, request.agency_id)
    if admins:
        return Recipients(admins, choice, no_admin=False)
    return Recipients(super_admin_ids(session), choice, no_admin=True)


def super_admin_ids(session: Session) -> list[int]:
    return list(
        session.exec(
            select(AppUser.telegram_id)
            .where(col(AppUser.super_admin).is_(True), col(AppUser.active).is_(True))
            .order_by(col(AppUser.telegram_id))
        )
    )


def _may_decide(actor: Actor, request: RegistrationRequest) -> bool:
    return actor.super_admin or (actor.is_admin and request.agency_id == actor.agency_id)


def decidable_request(session: Session, actor_id: int, request_id: int) -> RegistrationRequest:
    """A pending request ``actor_id`` may decide: an admin of its agency, or a super admin.

    Every registration button goes through this before it shows anything of the request, so
    a forged id of another agency's request reveals nothing and changes nothing."""
    actor = require(session, actor_id, Role.ADMIN)
    request = session.get(RegistrationRequest, request_id)
    if request is None:
        raise NotFound("registration.not_found", request=request_id)
    if not _may_decide(actor, request):
        raise PermissionDenied("registration.other_agency")
    if request.status != "menunggu":
        raise Conflict("registration.decided", status=request.status)
    return request


def move_registration(
    session: Session, actor_id: int, request_id: int, agency_id: int
) -> RegistrationRequest:
    """A super admin puts a pending request in another agency (the user picked the wrong one)
    before deciding it."""
    require_super_admin(session, actor_id)
    request = decidable_request(session, actor_id, request_id)
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency.missing", agency=agency_id)
    if request.agency_id != agency.id:
        request.agency_id = int(agency.id or 0)
        session.add(request)
        audit(session, actor_id, "pindah-pendaftaran", f"permintaan {request.id}", agency.code)
    return request


def decide_registration(
    session: Session,
    actor_id: int,
    request_id: int,
    *,
    approve: bool,
    role: Role | None = None,
    unit_id: int | None = None,
) -> RegistrationRequest:
    """An admin of the request's agency (or a super admin) approves it, with an agency role
    (and a unit for an operator), or rejects it. City roles are given by super admins in
    /instansi, not at registration."""
    request = decidable_request(session, actor_id, request_id)
    request.status = "disetujui" if approve else "ditolak"
    request.decided_by = actor_id
    request.decided_at = utcnow()
    session.add(request)
    if approve:
        if role is None:
            raise InvalidInput("registration.role_missing")
        if role in CITY_ROLES:
            raise PermissionDenied("user.city_role_refused")
        _check_unit(session, role, unit_id, request.agency_id)
        _upsert_user(
            session,
            request.telegram_id,
            request.agency_id,
            request.name,
            request.username,
            role,
            unit_id,
        )
    audit(
        session,
        actor_id,
        "setujui-pendaftaran" if approve else "tolak-pendaftaran",
        str(request.telegram_id),
        f"peran={role} unit={unit_id}" if approve else "",
    )
    return request


def _check_unit(session: Session, role: Role, unit_id: int | None, agency_id: int) -> None:
    if role != Role.OPERATOR:
        return
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or unit.agency_id != agency_id:
        raise InvalidInput("user.unit_required", unit=unit_id)


def _upsert_user(
    session: Session,
    telegram_id: int,
    agency_id: int,
    name: str,
    username: str | None,
    role: Role,
    unit_id: int | None,
) -> AppUser:
    user = session.exec(select(AppUser).where(AppUser.telegram_id == telegram_id)).first()
    if user is None:
        user = AppUser(telegram_id=telegram_id, agency_id=agency_id, name=name, role=role)
    user.name, user.username, user.role, user.active = name, username, role, True
    user.agency_id = agency_id
    user.unit_id = unit_id if role == Role.OPERATOR else None
    session.add(user)
    session.flush()
    return user


def pending_requests(session: Session, decider_id: int) -> list[RegistrationRequest]:
    """The pending requests ``decider_id`` may decide: their agency's, every one for a super
    admin, none for anyone else."""
    actor = actor_of(session, decider_id)
    if actor is None or not (actor.is_admin or actor.super_admin):
        return []
    stmt = select(RegistrationRequest).where(RegistrationRequest.status == "menunggu")
    if not actor.super_admin:
        stmt = stmt.where(RegistrationRequest.agency_id == actor.agency_id)
    return list(session.exec(stmt.order_by(col(RegistrationRequest.requested_at))))


# --- administration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    telegram_id: int
    name: str
    username: str | None
    role: Role
    unit_code: str | None
    unit_name: str | None
    created_at: datetime


def list_users(session: Session, agency_id: int | None = None) -> list[UserRow]:
    """Active users, of one agency when ``agency_id`` is given (an admin sees their own)."""
    stmt = (
        select(AppUser, Unit.code, Unit.name)
        .outerjoin(Unit, col(Unit.id) == AppUser.unit_id)
        .where(col(AppUser.active).is_(True))
    )
    if agency_id is not None:
        stmt = stmt.where(AppUser.agency_id == agency_id)
    rows = session.exec(stmt.order_by(col(AppUser.role), col(AppUser.name))).all()
    return [
        UserRow(u.telegram_id, u.name, u.username, Role(u.role), code, name, u.created_at)
        for u, code, name in rows
    ]


def unit_name_of(session: Session, unit_id: int | None) -> str | None:
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit else None


def units(session: Session, agency_code: str | None = None) -> list[Unit]:
    agency = _agency(session, agency_code)
    return list(
        session.exec(select(Unit).where(Unit.agency_id == agency.id).order_by(col(Unit.sort_order)))
    )


def unit_by_code(session: Session, code: str, agency_code: str | None = None) -> Unit:
    for unit in units(session, agency_code):
        if unit.code == code:
            return unit
    raise NotFound("unit.unknown", code=code)


def set_user(
    session: Session,
    actor_id: int | None,
    telegram_id: int,
    role: Role,
    unit_id: int | None = None,
    name: str | None = None,
    agency_code: str | None = None,
    *,
    move: bool = False,
) -> AppUser:
    """Add a user or change their role; ``actor_id`` None is the command line (trusted).

    An admin acts in their own agency only: a user of another agency is refused (whether
    active or not), a new user joins the admin's agency, and city roles are refused. A super
    admin acts in any agency: a new user joins ``agency_code``'s. With ``move`` (the command
    line's ``--agency``, a super admin) an existing user moves to ``agency_code``'s agency;
    otherwise they keep theirs.
    """
    agency = _agency(session, agency_code)
    existing = session.exec(select(AppUser).where(AppUser.telegram_id == telegram_id)).first()
    if actor_id is not None:
        admin = require(session, actor_id, Role.ADMIN)
        if role in CITY_ROLES and not admin.super_admin:
            raise PermissionDenied("user.city_role_refused")
        if not admin.super_admin:
            move = False
            if existing is not None:
                _check_manages(admin, existing)
            elif agency.id != admin.agency_id:
                agency = session.get(Agency, admin.agency_id) or agency
    if existing is not None and not move:
        agency = session.get(Agency, existing.agency_id) or agency
    leaves = existing is not None and (role != Role.ADMIN or existing.agency_id != agency.id)
    if existing is not None and leaves and existing.role == Role.ADMIN and existing.active:
        _keep_one_admin(session, existing)
    _check_unit(session, role, unit_id, int(agency.id or 0))
    user = _upsert_user(
        session,
        telegram_id,
        int(agency.id or 0),
        name or (existing.name if existing else f"Pengguna {telegram_id}"),
        existing.username if existing else None,
        role,
        unit_id,
    )
    audit(
        session,
        actor_id,
        "ubah-pengguna",
        str(telegram_id),
        f"peran={role} unit={unit_id} lembaga={agency.code}",
    )
    return user


def remove_user(session: Session, actor_id: int | None, telegram_id: int) -> AppUser:
    """Deactivate: the user loses access, their entries keep their author. An admin deactivates
    users of their own agency only (a super admin, of any)."""
    admin = require(session, actor_id, Role.ADMIN) if actor_id is not None else None
    user = find_user(session, telegram_id)
    if user is None:
        raise NotFound("user.not_found", user=telegram_id)
    if admin is not None:
        _check_manages(admin, user)
    if user.role == Role.ADMIN:
        _keep_one_admin(session, user)
    user.active = False
    session.add(user)
    audit(session, actor_id, "hapus-pengguna", str(telegram_id))
    return user


def _check_manages(admin: Actor, user: AppUser) -> None:
    """An admin manages their own agency's users; a super admin, every agency's."""
    if user.agency_id != admin.agency_id and not admin.super_admin:
        raise PermissionDenied("user.other_agency", user=user.telegram_id)


def managed_user(session: Session, admin_id: int, telegram_id: int) -> AppUser:
    """An active user the admin manages (their agency's; any for a super admin), for /pengguna."""
    admin = require(session, admin_id, Role.ADMIN)
    user = find_user(session, telegram_id)
    if user is None:
        raise NotFound("user.not_found", user=telegram_id)
    _check_manages(admin, user)
    return user


def managed_agency(session: Session, admin_id: int, agency_id: int | None) -> AgencyChoice:
    """The agency whose users an admin manages in /pengguna: their own; a super admin may
    name another (``agency_id``)."""
    admin = require(session, admin_id, Role.ADMIN)
    wanted = admin.agency_id if agency_id is None else agency_id
    if wanted != admin.agency_id and not admin.super_admin:
        raise PermissionDenied("agency.not_yours")
    agency = session.get(Agency, wanted)
    if agency is None:
        raise NotFound("agency.missing", agency=wanted)
    return AgencyChoice(int(agency.id or 0), agency.code, agency.short_name, agency.name)


def _keep_one_admin(session: Session, leaving: AppUser) -> None:
    if [i for i in admin_ids(session, leaving.agency_id) if i != leaving.telegram_id]:
        return
    raise Conflict("user.last_admin")


def placeholder_name(telegram_id: int, name: str) -> bool:
    """Whether ``name`` is the one given to a user added without a name (the command line's
    ``Pengguna <id>``, LAKIP_ADMIN_IDS' ``Admin <id>``), until they are seen on Telegram."""
    return name in (f"Pengguna {telegram_id}", f"Admin {telegram_id}")


def remember_name(session: Session, telegram_id: int, name: str, username: str | None) -> None:
    """A user added without a name, seen on Telegram: keep the name their entries carry (the
    Telegram name), so /pengguna shows it too. A name an admin gave is never overwritten."""
    user = find_user(session, telegram_id)
    if user is None or not name.strip() or not placeholder_name(telegram_id, user.name):
        return
    user.name, user.username = name.strip(), username or user.username
    session.add(user)
