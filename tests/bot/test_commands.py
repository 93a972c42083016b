"""The command table: what the Application answers, the menu it publishes, and the table agree."""

from __future__ import annotations

from sqlalchemy import Engine
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot import commands, texts
from bot.app import build_application
from lakip_model.models import Role
from tests.support.bot import make_settings


def _command_handlers(db_url: str, engine: Engine) -> list[CommandHandler]:  # type: ignore[type-arg]
    settings = make_settings(
        db_url, TELEGRAM_BOT_TOKEN="123:test", TELEGRAM_BASE_URL="http://127.0.0.1:9/bot"
    )
    app = build_application(settings, engine)
    return [h for group in app.handlers.values() for h in _within(group)]


def _within(handlers: list[BaseHandler]) -> list[CommandHandler]:  # type: ignore[type-arg]
    """The command handlers among ``handlers``, those of conversations (/lapor…) included."""
    found = []
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            found.append(handler)
        elif isinstance(handler, ConversationHandler):
            steps = [h for state in handler.states.values() for h in state]
            found += _within([*handler.entry_points, *steps, *handler.fallbacks])
    return found


def test_every_command_handler_is_in_the_table_and_every_command_is_handled(
    db_url: str, engine: Engine
) -> None:
    handled: set[str] = set()
    for handler in _command_handlers(db_url, engine):
        names = set(handler.commands)
        # registered through commands.handler: a command's name with all its aliases
        assert any(names == set(c.names) for c in commands.COMMANDS), names
        handled |= names
    assert handled == set(commands.BY_NAME)


def test_every_menu_is_the_table_in_order_and_every_command_is_in_one() -> None:
    in_menu = [c.name for c in commands.COMMANDS if c.in_menu]
    menus = [commands.menu(role) for role in (None, *Role)]
    menus += [commands.menu(None, open_read=True), commands.menu(group=True)]
    menus.append(commands.menu(Role.ADMIN, super_admin=True))  # /instansi: super admins only
    for menu in menus:
        names = [c.command for c in menu]
        assert names == [n for n in in_menu if n in names]
        assert all(c.description == texts.MENU[c.command] for c in menu)
    assert {c.command for menu in menus for c in menu} == set(in_menu)
    assert set(texts.MENU) == set(in_menu)


def test_the_agencies_command_is_offered_to_super_admins_only() -> None:
    for role in (None, *Role):
        assert "instansi" not in [c.command for c in commands.menu(role)]
    assert "instansi" in [c.command for c in commands.menu(Role.ADMIN, super_admin=True)]
