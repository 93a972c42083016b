"""/pengguna: the admin's list of users, and changing a role or deactivating someone.

Every press is checked again in the domain (``users.managed_user`` / ``set_user`` /
``remove_user``): a forged button does nothing its presser may not do, and an admin sees and
changes the users of their own agency only. A super admin sees their own agency first and may
pick another (``users.managed_agency``). Refusals propagate to the error handler.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from telegram import Update

from bot import commands
from bot.common import add_buttons, edit, pressed, private_only, send
from bot.context import App, BotContext
from bot.views import admin as view
from bot.views.admin import (
    UserOpen,
    UserRemove,
    UserRemoveConfirmed,
    UserRoles,
    UsersAgencies,
    UserSetRole,
    UsersOfAgency,
    UsersPage,
)
from bot.views.common import Reply
from lakip_model import users
from lakip_model.models import Role

Step = Callable[[Session, int], Reply]  # (session, admin's id) -> the admin's updated message


def _list(session: Session, admin_id: int, page: int, agency_id: int | None = None) -> Reply:
    admin = users.require(session, admin_id, Role.ADMIN)
    agency = users.managed_agency(session, admin_id, agency_id)
    rows = users.list_users(session, agency.id)
    pending = [r for r in users.pending_requests(session, admin_id) if r.agency_id == agency.id]
    return view.users_list(rows, len(pending), page, agency, super_admin=admin.super_admin)


async def users_command(update: Update, context: BotContext) -> None:
    user = update.effective_user
    assert user is not None
    if not await private_only(update):
        return

    def work(session: Session) -> Reply:
        return _list(session, user.id, 0)

    await send(update, await context.db(work))


async def _edit(update: Update, context: BotContext, step: Step) -> None:
    """Run ``step`` as the admin who pressed, and show its result in place."""
    assert update.callback_query is not None and update.effective_user is not None
    admin_id = update.effective_user.id

    def work(session: Session) -> Reply:
        users.require(session, admin_id, Role.ADMIN)
        return step(session, admin_id)

    reply = await context.db(work)
    await update.callback_query.answer()
    await edit(update, reply)


async def on_page(update: Update, context: BotContext) -> None:
    page = pressed(update, UsersPage).page
    await _edit(update, context, lambda session, admin_id: _list(session, admin_id, page))


async def on_agency(update: Update, context: BotContext) -> None:
    b = pressed(update, UsersOfAgency)
    await _edit(
        update, context, lambda session, admin_id: _list(session, admin_id, b.page, b.agency)
    )


async def on_agencies(update: Update, context: BotContext) -> None:
    page = pressed(update, UsersAgencies).page

    def step(session: Session, admin_id: int) -> Reply:
        users.require_super_admin(session, admin_id)
        return view.users_agencies(users.agency_choices(session), page)

    await _edit(update, context, step)


async def on_open(update: Update, context: BotContext) -> None:
    target = pressed(update, UserOpen).user

    def step(session: Session, admin_id: int) -> Reply:
        user = users.managed_user(session, admin_id, target)
        return view.user_detail(user, users.unit_name_of(session, user.unit_id))

    await _edit(update, context, step)


async def on_roles(update: Update, context: BotContext) -> None:
    target = pressed(update, UserRoles).user
    await _edit(
        update,
        context,
        lambda session, admin_id: view.user_roles(users.managed_user(session, admin_id, target)),
    )


async def on_set_role(update: Update, context: BotContext) -> None:
    b = pressed(update, UserSetRole)

    def step(session: Session, admin_id: int) -> Reply:
        user = users.managed_user(session, admin_id, b.user)
        agency = users.managed_agency(session, admin_id, user.agency_id).code  # the user's
        if b.role == Role.OPERATOR and b.unit is None:
            return view.choose_unit(
                user.name,
                users.units(session, agency),
                lambda unit: UserSetRole(b.user, Role.OPERATOR, unit),
            )
        users.set_user(session, admin_id, b.user, b.role, b.unit, agency_code=agency)
        return view.user_changed(user, b.role, users.unit_name_of(session, b.unit))

    await _edit(update, context, step)
    if b.role != Role.OPERATOR or b.unit is not None:  # the role was set: so is their menu
        await commands.set_user_menu(
            context.bot, b.user, b.role, open_read=context.settings.open_read
        )


async def on_remove(update: Update, context: BotContext) -> None:
    target = pressed(update, UserRemove).user
    await _edit(
        update,
        context,
        lambda session, admin_id: view.user_remove_confirm(
            users.managed_user(session, admin_id, target)
        ),
    )


async def on_remove_confirmed(update: Update, context: BotContext) -> None:
    target = pressed(update, UserRemoveConfirmed).user

    def step(session: Session, admin_id: int) -> Reply:
        user = users.managed_user(session, admin_id, target)
        users.remove_user(session, admin_id, target)
        return view.user_removed(user)

    await _edit(update, context, step)
    await commands.set_user_menu(context.bot, target, None)  # back to a stranger's menu


def register(app: App) -> None:
    app.add_handler(commands.handler("pengguna", users_command))
    add_buttons(
        app,
        {
            UsersPage: on_page,
            UsersAgencies: on_agencies,
            UsersOfAgency: on_agency,
            UserOpen: on_open,
            UserRoles: on_roles,
            UserSetRole: on_set_role,
            UserRemove: on_remove,
            UserRemoveConfirmed: on_remove_confirmed,
        },
    )
