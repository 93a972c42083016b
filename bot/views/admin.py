"""The administration views: registration requests for the admins, the user list and editing.

The button kinds of these screens are defined here; :mod:`bot.journeys.registration` and
:mod:`bot.journeys.users` decode them. They are ``Access.MEMBER`` (a registered user), and
every press is checked again in the domain: only an admin decides or edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Button, Page, RowId, TelegramId, button
from bot.texts import ROLE_LABELS
from bot.views.common import Reply, esc, key, nav_row, paginate, short
from lakip_model.models import AppUser, RegistrationRequest, Role, Unit
from lakip_model.users import UserRow

PAGE_USERS = 8
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


def registration_request(
    request_id: int, name: str, username: str | None, telegram_id: int
) -> Reply:
    """What every admin receives: who asks, and a button per role or to reject."""
    shown = f" (@{esc(username)})" if username else ""
    text = texts.REGISTER_REQUEST.format(name=esc(name), username=shown, telegram_id=telegram_id)
    keyboard = role_buttons(lambda role: RegistrationApprove(request_id, role))
    keyboard.append([key(texts.BUTTON_REJECT, RegistrationReject(request_id))])
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


def users_list(rows: Sequence[UserRow], pending: int, page: int) -> Reply:
    page, pages, start, end = paginate(len(rows), page, PAGE_USERS)
    lines = [texts.USERS_TITLE.format(count=len(rows))]
    if pending:
        lines.append(texts.USERS_PENDING.format(count=pending))
    keyboard = []
    for row in rows[start:end]:
        unit = f" · {row.unit_code}" if row.unit_code else ""
        label = f"{short(row.name, 24)} — {ROLE_LABELS[row.role]}{unit}"
        keyboard.append([key(label, UserOpen(row.telegram_id))])
    nav = nav_row(UsersPage, page, pages)
    if nav:
        keyboard.append(nav)
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), InlineKeyboardMarkup(keyboard) if keyboard else None)


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
            [_back_to_list()],
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
    return Reply(text, InlineKeyboardMarkup([[_back_to_list()]]))


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
        texts.USER_REMOVED.format(name=esc(user.name)), InlineKeyboardMarkup([[_back_to_list()]])
    )


def _back_to_list() -> InlineKeyboardButton:
    return key(texts.BUTTON_BACK, UsersPage(0))
