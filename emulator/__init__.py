"""A loopback Telegram Bot API emulator, a tool of its own: a real python-telegram-bot
``Application`` talks to it as to Telegram, so tests and the offline terminal chat drive any bot
without a network. It imports nothing of the bot it serves (only ``telegram`` to run one).

>>> async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:   # doctest: +SKIP
...     app = build_application(settings, engine, api=emu, rate_limiter=False)
...     kadis = emu.user(1001, "Kepala Dinas", username="kadis")
...     async with running(app, emu):
...         replies = await emu.ask(kadis, "/ringkasan 2022")
"""

from emulator.driving import EmulatorTimeout
from emulator.errors import ApiError
from emulator.faults import HeldRequest
from emulator.files import StoredFile, UploadedFile
from emulator.formatting import (
    EntityParseError,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    plain_text,
    utf16_len,
)
from emulator.harness import running
from emulator.keyboards import button_texts, find_button, keyboard_rows
from emulator.model import EmuChat, EmuUser, Output, message_dict
from emulator.server import BotApiEmulator

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "EmuChat",
    "EmuUser",
    "EmulatorTimeout",
    "EntityParseError",
    "HeldRequest",
    "Output",
    "StoredFile",
    "UploadedFile",
    "button_texts",
    "find_button",
    "keyboard_rows",
    "message_dict",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "plain_text",
    "running",
    "utf16_len",
]
