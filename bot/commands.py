"""The command table: every command once, with its aliases, who may send it, and its menu line.

The access gate, the command menus (``setMyCommands``), /start and /bantuan and the journeys'
handlers all read this table, so a command cannot be reachable by one and unknown to another,
nor listed for someone who may not use it.

Menus are per audience: each registered user's private chat gets their role's commands
(``BotCommandScopeChat``, set again when the role changes), everyone else the default menu (a
stranger's), and groups the group commands (``BotCommandScopeAllGroupChats``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot import texts
from bot.callbacks import Access
from lakip_model.models import CITY_ROLES, Role

log = logging.getLogger(__name__)

AGENCY_ROLES: tuple[Role, ...] = (Role.PIMPINAN, Role.OPERATOR, Role.VERIFIKATOR, Role.ADMIN)
EVERY_ROLE: tuple[Role, ...] = (*AGENCY_ROLES, *CITY_ROLES)  # city roles read, never write
OFFICERS = (Role.OPERATOR, Role.ADMIN)  # they record realizations (lakip_model.ledger.officer)
REVIEWERS = (Role.VERIFIKATOR, Role.ADMIN)  # they decide on entries (verification.reviewer)

Callback = Callable[[Update, Any], Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Command:
    """A command: Indonesian name first, then its aliases (English)."""

    name: str
    aliases: tuple[str, ...] = ()
    # PUBLIC: anyone (the handler checks what it must); READ: registered users, or everyone with
    # LAKIP_OPEN_READ; MEMBER: registered users (the journey checks the role).
    access: Access = Access.MEMBER
    in_menu: bool = True
    # Who is offered it (menus, /start, /bantuan): the registered roles that may use it; an
    # unregistered user is offered what is PUBLIC (READ too with LAKIP_OPEN_READ) and
    # ``for_strangers``; a group what is ``in_groups``; ``in_private``: offered in a private chat.
    roles: tuple[Role, ...] = EVERY_ROLE
    for_strangers: bool = True
    in_private: bool = True
    in_groups: bool = False
    # Offered to super admins only (LAKIP_ADMIN_IDS): /instansi; the journey refuses others.
    super_admin_only: bool = False
    # also offered to whoever reads the city whatever their role (a super admin is an admin)
    city_readers: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def description(self) -> str:
        return texts.MENU[self.name]


COMMANDS: tuple[Command, ...] = (
    Command("ringkasan", ("summary",), Access.READ, in_groups=True),
    Command("anggaran", ("budget",), Access.READ, in_groups=True),
    Command("capaian", ("indicators",), Access.READ, in_groups=True),
    Command("dibawahtarget", ("below",), Access.READ, in_groups=True),
    Command("cari", ("search",), Access.READ, in_groups=True),
    Command("grafik", ("chart",), Access.READ, in_groups=True),
    Command("ekspor", ("export",), Access.READ, in_groups=True),
    Command("laporan", ("lkjip",), Access.READ, in_groups=True),
    Command("lapor", ("report",), roles=OFFICERS),
    Command("rencanaaksi", ("plan",), roles=OFFICERS),
    Command("riwayat", ("history",), roles=AGENCY_ROLES),
    Command("urungkan", ("undo",), roles=OFFICERS),
    Command("verifikasi", ("review",), roles=REVIEWERS),
    # /tenggat lists public deadlines; /pengingat checks Telegram's group-admin status itself.
    Command("tenggat", ("deadlines",), Access.PUBLIC, in_groups=True),
    Command("pengingat", ("reminders",), Access.PUBLIC, in_private=False, in_groups=True),
    Command("daftar", ("register",), Access.PUBLIC, roles=()),
    Command("pengguna", ("users",), roles=(Role.ADMIN,)),
    Command("instansi", ("agencies",), roles=(Role.ADMIN,), super_admin_only=True),
    Command("bantuan", ("help",), Access.PUBLIC, in_groups=True),
    Command("start", (), Access.PUBLIC, in_menu=False),
    Command("batal", ("cancel",), Access.PUBLIC, in_menu=False),
    Command(
        "belumlapor", ("missing",), roles=(Role.PIMPINAN, *REVIEWERS, *CITY_ROLES), in_groups=True
    ),
    Command("langganan", ("subscribe",)),
    Command("tahun", ("year",), roles=(Role.ADMIN,)),
    Command("impor", ("import",), roles=(Role.ADMIN,)),
    # the city's views: city roles, and super admins (``city_readers``; the domain checks)
    Command("peringkat", ("ranking",), roles=CITY_ROLES, city_readers=True),
    Command("opd", ("agency",), roles=CITY_ROLES, city_readers=True),
)
BY_NAME: dict[str, Command] = {name: c for c in COMMANDS for name in c.names}


def command(name: str) -> Command:
    return BY_NAME[name]


def handler(name: str, callback: Callback, **kwargs: Any) -> CommandHandler[Any, Any]:
    """The ``CommandHandler`` of the command ``name`` (all its names), for a journey."""
    return CommandHandler(list(BY_NAME[name].names), callback, **kwargs)


def offered(
    role: Role | None,
    *,
    open_read: bool = False,
    group: bool = False,
    super_admin: bool = False,
    reads_city: bool = False,
) -> list[Command]:
    """The commands someone with ``role`` (None: not registered) may use, in table order; in a
    group, the group commands; ``super_admin``: theirs too; ``reads_city``: a city reader's
    (``Actor.reads_city``)."""
    if group:
        return [c for c in COMMANDS if c.in_menu and c.in_groups]
    out = []
    for c in COMMANDS:
        if not c.in_menu or not c.in_private or (c.super_admin_only and not super_admin):
            continue
        if role is not None:
            may = role in c.roles or (reads_city and c.city_readers)
        else:
            may = c.for_strangers and (
                c.access == Access.PUBLIC or (c.access == Access.READ and open_read)
            )
        if may:
            out.append(c)
    return out


def menu(
    role: Role | None = None,
    *,
    open_read: bool = False,
    group: bool = False,
    super_admin: bool = False,
    reads_city: bool = False,
) -> list[BotCommand]:
    """The command menu of ``offered``."""
    return [
        BotCommand(c.name, c.description)
        for c in offered(
            role, open_read=open_read, group=group, super_admin=super_admin, reads_city=reads_city
        )
    ]


async def set_shared_menus(bot: Bot, *, open_read: bool) -> None:
    """The default menu (a stranger's) and the groups'. A failure is logged: a menu must not
    stop the bot."""
    await _set(bot, menu(None, open_read=open_read), BotCommandScopeDefault())
    await _set(bot, menu(group=True), BotCommandScopeAllGroupChats())


async def set_user_menu(
    bot: Bot,
    telegram_id: int,
    role: Role | None,
    *,
    open_read: bool = False,
    super_admin: bool = False,
    reads_city: bool = False,
) -> None:
    """The menu of one user's private chat, after their role changed (None: removed, so the
    default menu applies again)."""
    scope = BotCommandScopeChat(telegram_id)
    if role is None:
        try:
            await bot.delete_my_commands(scope)
        except TelegramError as exc:
            log.warning("could not remove the command menu of %s: %s", telegram_id, exc)
        return
    await _set(
        bot,
        menu(role, open_read=open_read, super_admin=super_admin, reads_city=reads_city),
        scope,
    )


async def _set(bot: Bot, commands: list[BotCommand], scope: BotCommandScope) -> None:
    try:
        await bot.set_my_commands(commands, scope=scope)
    except TelegramError as exc:
        log.warning("could not register the command menu (%s): %s", scope, exc)


def name_of(update: Update) -> str | None:
    """The command an update's message starts with, lower case, without ``@BotName``."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower()
