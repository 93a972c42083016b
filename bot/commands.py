"""The command table: every command once, with its aliases, who may send it, and its menu line.

The access gate, the command menu (``setMyCommands``) and the journeys' handlers all read this
table, so a command cannot be reachable by one and unknown to another.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import CommandHandler

from bot import texts
from bot.callbacks import Access

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

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def description(self) -> str:
        return texts.MENU[self.name]


COMMANDS: tuple[Command, ...] = (
    Command("ringkasan", ("summary",), Access.READ),
    Command("anggaran", ("budget",), Access.READ),
    Command("capaian", ("indicators",), Access.READ),
    Command("dibawahtarget", ("below",), Access.READ),
    Command("cari", ("search",), Access.READ),
    Command("grafik", ("chart",), Access.READ),
    Command("ekspor", ("export",), Access.READ),
    Command("lapor", ("report",)),
    Command("riwayat", ("history",)),
    Command("urungkan", ("undo",)),
    Command("verifikasi", ("review",)),
    # /tenggat lists public deadlines; /pengingat checks Telegram's group-admin status itself.
    Command("tenggat", ("deadlines",), Access.PUBLIC),
    Command("pengingat", ("reminders",), Access.PUBLIC),
    Command("daftar", ("register",), Access.PUBLIC),
    Command("pengguna", ("users",)),
    Command("bantuan", ("help",), Access.PUBLIC),
    Command("start", (), Access.PUBLIC, in_menu=False),
    Command("batal", ("cancel",), Access.PUBLIC, in_menu=False),
    Command("belumlapor", ("missing",)),
    Command("tahun", ("year",)),
)
BY_NAME: dict[str, Command] = {name: c for c in COMMANDS for name in c.names}


def command(name: str) -> Command:
    return BY_NAME[name]


def handler(name: str, callback: Callback, **kwargs: Any) -> CommandHandler[Any, Any]:
    """The ``CommandHandler`` of the command ``name`` (all its names), for a journey."""
    return CommandHandler(list(BY_NAME[name].names), callback, **kwargs)


def menu() -> list[BotCommand]:
    return [BotCommand(c.name, c.description) for c in COMMANDS if c.in_menu]


def name_of(update: Update) -> str | None:
    """The command an update's message starts with, lower case, without ``@BotName``."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower()


