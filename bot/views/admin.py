"""The administration views: registration requests for the admins, the user list and editing.

The button kinds of these screens are defined here; :mod:`bot.journeys.registration` and
:mod:`bot.journeys.users` decode them. They are ``Access.MEMBER`` (a registered user), and
every press is checked again in the domain: only an admin decides or edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Access, Button, Page, RowId, TelegramId, button
from bot.texts import ROLE_LABELS
from bot.views.common import Reply, esc, key, nav_row, paginate, short
from lakip_model.agencies import AgencyRow
from lakip_model.models import AppUser, RegistrationRequest, Role, Unit
from lakip_model.users import AgencyChoice, Recipients, UserRow

PAGE_USERS = 8
PAGE_AGENCIES = 8
# The roles an agency's admin gives (registration, /pengguna). City roles (bappeda, inspektorat,
# walikota) and super admins are not among them: super admins give city roles in /instansi,
# and LAKIP_ADMIN_IDS makes super admins.
ROLES = (Role.OPERATOR, Role.VERIFIKATOR, Role.PIMPINAN, Role.ADMIN)
UNIT_KINDS = ("sekretariat", "bidang", "fungsional")  # units an operator can belong to


@button("registration.approve")
class RegistrationApprove(Button):
    """Approve ``request`` as ``role``; an operator without ``unit`` is asked for one first."""

    request: RowId
    role: Role
    unit: RowId | None = None


@button("registration.reject")
class RegistrationReject(Button):
    request: RowId


@button("registration.agency", access=Access.PUBLIC)
class RegistrationAgency(Button):
    """A stranger asks to join ``agency`` (the domain checks nothing more is asked of them)."""

    agency: RowId


@button("registration.agencies", access=Access.PUBLIC)
class RegistrationAgencies(Button):
    """A page of the agencies a stranger can pick, narrowed by ``word`` ("" for all)."""

    page: Page
    word: str = ""


@button("registration.move")
class RegistrationMove(Button):
    """A super admin picks another agency for ``request`` (page of agencies)."""

    request: RowId
    page: Page = 0


@button("registration.move_to")
class RegistrationMoveTo(Button):
    request: RowId
    agency: RowId


@button("users.agencies")
class UsersAgencies(Button):
    """A super admin's list of agencies whose users /pengguna shows."""

    page: Page


@button("users.agency")
class UsersOfAgency(Button):
    """/pengguna for ``agency`` (a super admin), page ``page``."""

    agency: RowId
    page: Page = 0


@button("users.page")
class UsersPage(Button):
    page: Page


@button("users.open")
class UserOpen(Button):
    user: TelegramId


@button("users.roles")
class UserRoles(Button):
    """Show the roles ``user`` can be given."""

    user: TelegramId


@button("users.role")
class UserSetRole(Button):
    """Give ``user`` the ``role``; an operator without ``unit`` is asked for one first."""

    user: TelegramId
    role: Role
    unit: RowId | None = None


@button("users.remove")
class UserRemove(Button):
    """Ask whether to deactivate ``user``."""

    user: TelegramId


@button("users.remove_confirmed")
class UserRemoveConfirmed(Button):
    user: TelegramId


@button("agencies.page")
class AgenciesPage(Button):
    page: Page


@button("agencies.open")
class AgencyOpen(Button):
    agency: RowId


@button("agencies.admin_remove")
class AgencyAdminRemove(Button):
    """Ask whether to remove ``user`` as an admin of ``agency``."""

    agency: RowId
    user: TelegramId


@button("agencies.admin_remove_confirmed")
class AgencyAdminRemoveConfirmed(Button):
    agency: RowId
    user: TelegramId


def unit_suffix(unit_name: str | None) -> str:
    return f" — {esc(unit_name)}" if unit_name else ""


def role_buttons(to: Callable[[Role], Button]) -> list[list[InlineKeyboardButton]]:
    keys = [key(texts.BUTTON_APPROVE_AS.format(role=ROLE_LABELS[r]), to(r)) for r in ROLES]
    return [keys[:2], keys[2:]]


def choose_unit(name: str, units: Sequence[Unit], to: Callable[[int], Button]) -> Reply:
    """An operator needs a unit: one button per unit that can have operators."""
    keyboard = [[key(short(u.name, 40), to(int(u.id or 0)))] for u in units if u.kind in UNIT_KINDS]
    return Reply(texts.REGISTER_CHOOSE_UNIT.format(name=esc(name)), InlineKeyboardMarkup(keyboard))


# --- registration ------------------------------------------------------------------------------


def already_registered(role: Role, unit_name: str | None) -> str:
    return texts.REGISTER_ALREADY.format(role=ROLE_LABELS[role], unit=unit_suffix(unit_name))


def agency_label(agency: AgencyChoice) -> str:
    return f"{agency.short_name} ({agency.code})"


def choose_agency(agencies: Sequence[AgencyChoice], page: int, word: str, *, missed: bool) -> Reply:
    """/daftar in a deployment of several agencies: one button per agency, paged; ``missed``:
    the search word matched none, so every agency is listed."""
    page, pages, start, end = paginate(len(agencies), page, PAGE_AGENCIES)
    lines = []
    if missed:
        lines.append(texts.REGISTER_AGENCY_NO_MATCH.format(word=esc(word)))
    lines.append(texts.REGISTER_CHOOSE_AGENCY)
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    keyboard = [
        [key(short(agency_label(a), 48), RegistrationAgency(a.id))] for a in agencies[start:end]
    ]
    kept = "" if missed else word
    nav = nav_row(lambda p: RegistrationAgencies(p, kept), page, pages)
    if nav:
        keyboard.append(nav)
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard))


def registration_request(
    request_id: int,
    name: str,
    username: str | None,
    telegram_id: int,
    recipients: Recipients | None = None,
) -> Reply:
    """What every admin receives: who asks, for which agency, and a button per role or to
    reject; a super admin asked because the agency has no admin may move it first."""
    shown = f" (@{esc(username)})" if username else ""
    text = texts.REGISTER_REQUEST.format(name=esc(name), username=shown, telegram_id=telegram_id)
    if recipients is not None:
        text += "\n" + texts.REGISTER_FOR_AGENCY.format(agency=esc(agency_label(recipients.agency)))
        if recipients.no_admin:
            text += "\n" + texts.REGISTER_NO_AGENCY_ADMIN
    keyboard = role_buttons(lambda role: RegistrationApprove(request_id, role))
    keyboard.append([key(texts.BUTTON_REJECT, RegistrationReject(request_id))])
    if recipients is not None and recipients.no_admin:
        keyboard.append([key(texts.BUTTON_MOVE_AGENCY, RegistrationMove(request_id))])
    return Reply(text, InlineKeyboardMarkup(keyboard))


def move_registration(
    request: RegistrationRequest, agencies: Sequence[AgencyChoice], page: int
) -> Reply:
    """A super admin picks the agency a request belongs to."""
    page, pages, start, end = paginate(len(agencies), page, PAGE_AGENCIES)
    rid = int(request.id or 0)
    keyboard = [
        [key(short(agency_label(a), 48), RegistrationMoveTo(rid, a.id))]
        for a in agencies[start:end]
        if a.id != request.agency_id
    ]
    nav = nav_row(lambda p: RegistrationMove(rid, p), page, pages)
    if nav:
        keyboard.append(nav)
    text = texts.REGISTER_MOVE.format(name=esc(request.name))
    return Reply(text, InlineKeyboardMarkup(keyboard))


def registration_approved(
    request: RegistrationRequest, role: Role, unit_name: str | None, admin: str
) -> tuple[Reply, str]:
    """The admin's note in place of the request, and what the new user is told."""
    label, unit = ROLE_LABELS[role], unit_suffix(unit_name)
    note = texts.REGISTER_APPROVED_ADMIN.format(
        name=esc(request.name), role=label, unit=unit, admin=esc(admin)
    )
    return Reply(note), texts.REGISTER_APPROVED_USER.format(role=label, unit=unit)


def registration_rejected(request: RegistrationRequest, admin: str) -> tuple[Reply, str]:
    note = texts.REGISTER_REJECTED_ADMIN.format(name=esc(request.name), admin=esc(admin))
    return Reply(note), texts.REGISTER_REJECTED_USER


# --- users -------------------------------------------------------------------------------------


def users_list(
    rows: Sequence[UserRow],
    pending: int,
    page: int,
    agency: AgencyChoice | None = None,
    *,
    super_admin: bool = False,
) -> Reply:
    """/pengguna: the users of one agency (named for a super admin, who may pick another)."""
    page, pages, start, end = paginate(len(rows), page, PAGE_USERS)
    lines = [texts.USERS_TITLE.format(count=len(rows))]
    if super_admin and agency is not None:
        lines.append(texts.USERS_OF_AGENCY.format(agency=esc(agency_label(agency))))
    if pending:
        lines.append(texts.USERS_PENDING.format(count=pending))
    keyboard = []
    for row in rows[start:end]:
        unit = f" · {row.unit_code}" if row.unit_code else ""
        label = f"{short(row.name, 24)} — {ROLE_LABELS[row.role]}{unit}"
        keyboard.append([key(label, UserOpen(row.telegram_id))])
    if super_admin and agency is not None:
        nav = nav_row(lambda p: UsersOfAgency(agency.id, p), page, pages)
    else:
        nav = nav_row(UsersPage, page, pages)
    if nav:
        keyboard.append(nav)
    if super_admin:
        keyboard.append([key(texts.BUTTON_PICK_AGENCY, UsersAgencies(0))])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard) if keyboard else None)


def users_agencies(agencies: Sequence[AgencyChoice], page: int) -> Reply:
    """A super admin picks the agency whose users /pengguna lists."""
    page, pages, start, end = paginate(len(agencies), page, PAGE_AGENCIES)
    keyboard = [[key(short(agency_label(a), 48), UsersOfAgency(a.id))] for a in agencies[start:end]]
    nav = nav_row(UsersAgencies, page, pages)
    if nav:
        keyboard.append(nav)
    lines = [texts.USERS_PICK_AGENCY]
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard))


def user_detail(user: AppUser, unit_name: str | None) -> Reply:
    username = f" (@{esc(user.username)})" if user.username else ""
    text = texts.USER_DETAIL.format(
        name=esc(user.name),
        username=username,
        telegram_id=user.telegram_id,
        role=ROLE_LABELS[Role(user.role)],
        unit=unit_suffix(unit_name),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                key(texts.BUTTON_CHANGE_ROLE, UserRoles(user.telegram_id)),
                key(texts.BUTTON_REMOVE, UserRemove(user.telegram_id)),
            ],
            [_back_to_list(user)],
        ]
    )
    return Reply(text, keyboard)


def user_roles(user: AppUser) -> Reply:
    """The roles ``user`` can be given; only their current one is marked, and a way back."""
    current = Role(user.role)

    def label(role: Role) -> str:
        if role == current:
            return texts.BUTTON_CURRENT_ROLE.format(role=ROLE_LABELS[role])
        return ROLE_LABELS[role]

    keys = [key(label(r), UserSetRole(user.telegram_id, r)) for r in ROLES]
    text = texts.USER_ROLES.format(name=esc(user.name), role=ROLE_LABELS[current])
    back = [key(texts.BUTTON_BACK, UserOpen(user.telegram_id))]
    return Reply(text, InlineKeyboardMarkup([keys[:2], keys[2:], back]))


def user_changed(user: AppUser, role: Role, unit_name: str | None) -> Reply:
    text = texts.USER_CHANGED.format(
        name=esc(user.name), role=ROLE_LABELS[role], unit=unit_suffix(unit_name)
    )
    return Reply(text, InlineKeyboardMarkup([[_back_to_list(user)]]))


def user_remove_confirm(user: AppUser) -> Reply:
    return Reply(
        texts.USER_REMOVE_CONFIRM.format(name=esc(user.name)),
        InlineKeyboardMarkup(
            [
                [
                    key(texts.BUTTON_CONFIRM_REMOVE, UserRemoveConfirmed(user.telegram_id)),
                    key(texts.BUTTON_CANCEL, UserOpen(user.telegram_id)),
                ]
            ]
        ),
    )


def user_removed(user: AppUser) -> Reply:
    return Reply(
        texts.USER_REMOVED.format(name=esc(user.name)),
        InlineKeyboardMarkup([[_back_to_list(user)]]),
    )


def _back_to_list(user: AppUser) -> InlineKeyboardButton:
    """Back to the list of the user's agency (a super admin may be looking at another one)."""
    return key(texts.BUTTON_BACK, UsersOfAgency(user.agency_id))


# --- agencies (super admins) --------------------------------------------------------------------


def years_text(years: Sequence[int]) -> str:
    """2017–2026 for a run of years, 2020, 2022 otherwise; "belum ada" for none."""
    if not years:
        return texts.AGENCIES_NO_YEARS
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _admins_text(row: AgencyRow) -> str:
    if not row.admins:
        return texts.AGENCIES_NO_ADMIN
    return ", ".join(esc(name) for _, name in row.admins)


def agencies_list(rows: Sequence[AgencyRow], page: int) -> Reply:
    """/instansi: every agency with its years, users and admins; a button opens one."""
    page, pages, start, end = paginate(len(rows), page, PAGE_AGENCIES)
    lines = [texts.AGENCIES_TITLE.format(count=len(rows))]
    for row in rows[start:end]:
        lines.append(
            texts.AGENCIES_LINE.format(
                code=esc(row.code),
                short_name=esc(row.short_name),
                years=years_text(row.years),
                users=row.users,
                admins=_admins_text(row),
            )
        )
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    lines += ["", texts.AGENCIES_HOW]
    keyboard = [
        [key(short(f"{r.code} — {r.short_name}", 48), AgencyOpen(r.id))] for r in rows[start:end]
    ]
    nav = nav_row(AgenciesPage, page, pages)
    if nav:
        keyboard.append(nav)
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard) if keyboard else None)


def agency_detail(row: AgencyRow) -> Reply:
    """One agency: what it holds, its admins (each with a remove button), how to add one."""
    text = texts.AGENCY_DETAIL.format(
        name=esc(row.name),
        code=esc(row.code),
        short_name=esc(row.short_name),
        years=years_text(row.years),
        users=row.users,
        pending=row.pending,
        admins=_admins_text(row),
    )
    text += "\n\n" + texts.AGENCIES_HOW
    keyboard = [
        [
            key(
                short(texts.BUTTON_REMOVE_ADMIN.format(name=name), 48),
                AgencyAdminRemove(row.id, tid),
            )
        ]
        for tid, name in row.admins
    ]
    keyboard.append([key(texts.BUTTON_ALL_AGENCIES, AgenciesPage(0))])
    return Reply(text, InlineKeyboardMarkup(keyboard))


def agency_admin_remove_confirm(row: AgencyRow, user: AppUser) -> Reply:
    text = texts.AGENCY_ADMIN_REMOVE_CONFIRM.format(name=esc(user.name), agency=esc(row.short_name))
    keyboard = [
        [
            key(texts.BUTTON_CONFIRM_REMOVE, AgencyAdminRemoveConfirmed(row.id, user.telegram_id)),
            key(texts.BUTTON_CANCEL, AgencyOpen(row.id)),
        ]
    ]
    return Reply(text, InlineKeyboardMarkup(keyboard))


def agency_admin_removed(row: AgencyRow, user: AppUser) -> Reply:
    text = texts.AGENCY_ADMIN_REMOVED.format(name=esc(user.name), agency=esc(row.short_name))
    return Reply(text, InlineKeyboardMarkup([[key(texts.BUTTON_BACK, AgencyOpen(row.id))]]))


def admin_appointed(user: AppUser, agency: str) -> tuple[str, str]:
    """What the super admin reads, and what the new admin is told."""
    said = texts.AGENCY_ADMIN_APPOINTED.format(
        name=esc(user.name), telegram_id=user.telegram_id, agency=esc(agency)
    )
    return said, texts.AGENCY_ADMIN_TOLD.format(agency=esc(agency))


def city_role_given(user: AppUser) -> tuple[str, str]:
    role = ROLE_LABELS[Role(user.role)]
    said = texts.CITY_ROLE_GIVEN.format(
        name=esc(user.name), telegram_id=user.telegram_id, role=role
    )
    return said, texts.CITY_ROLE_TOLD.format(role=role)
