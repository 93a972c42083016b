"""A loopback Telegram Bot API emulator: tests and the offline terminal chat talk to the real bot.

>>> async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:   # doctest: +SKIP
...     app = build_application(settings, engine, token=emu.token, base_url=emu.base_url,
...                             base_file_url=emu.base_file_url, rate_limiter=False)
...     kadis = emu.user(1001, "Kepala Dinas", username="kadis")
...     async with running(app, emu):
...         replies = await emu.ask(kadis, "/ringkasan 2022")
"""

from bot.emulator.harness import running
from bot.emulator.server import (
    ApiError,
    BotApiEmulator,
    EmuChat,
    EmulatorTimeout,
    EmuUser,
    EntityParseError,
    Output,
    StoredFile,
    UploadedFile,
    button_texts,
    find_button,
    keyboard_rows,
    message_dict,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    plain_text,
    utf16_len,
)

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "EmuChat",
    "EmuUser",
    "EmulatorTimeout",
    "EntityParseError",
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
