"""An offline chat with the bot in a terminal: the person types, the emulator plays Telegram.

Used by ``lakip-bot chat`` (and ``make run`` without a token). Messages are printed as plain
text (formatting removed, preformatted blocks as they are), inline buttons as ``[1] Label`` and
pressed by typing ``#1``; photos and documents the bot sends are saved to a folder.
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from emulator.driving import EmulatorTimeout
from emulator.files import image_format
from emulator.formatting import plain_text
from emulator.harness import AnyApplication, running
from emulator.keyboards import keyboard_rows
from emulator.model import EmuChat, EmuUser, Output
from emulator.server import BotApiEmulator

QUIT_COMMANDS = frozenset({"/keluar", "/exit", "/quit"})
PRESS_RE = re.compile(r"#\s*(\d+)")

WELCOME = """\
Obrolan luring dengan bot LAKIP — tanpa internet, server Telegram ditiru di komputer ini.
• Ketik perintah seperti /ringkasan, /anggaran atau /bantuan, lalu tekan Enter.
• Tombol di bawah pesan tampil sebagai [1] Label; ketik #1 untuk menekan tombol 1
  dari pesan terakhir yang bertombol.
• Grafik dan berkas dari bot disimpan di: {out_dir}
• Ketik /keluar atau tekan Ctrl-D untuk selesai.
"""
GOODBYE = "Sampai jumpa."
NO_REPLY = "(bot tidak membalas dalam {seconds:g} detik)"
NO_BUTTONS = "Belum ada pesan bertombol untuk ditekan."
NO_SUCH_BUTTON = "Tombol #{number} tidak ada; pilih #1 sampai #{count}."
STALE_BUTTON = "Tombol itu sudah tidak berlaku (pesannya sudah berubah atau dihapus)."
LINK_BUTTON = "🔗 Tombol ini membuka tautan: {url}"
PROMPT = "Anda> "


class _LineReader:
    """Reads lines on a daemon thread, so a pending read never blocks shutdown or Ctrl-C."""

    def __init__(self, stream: TextIO) -> None:
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._stream = stream
        threading.Thread(target=self._run, name="terminal-input", daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                line = self._stream.readline()
            except (OSError, ValueError):
                line = ""
            try:
                self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:  # the chat has ended and its event loop is closed
                return
            if line == "":
                return

    async def readline(self) -> str:
        """The next line with its newline, or "" at end of input."""
        return await self._lines.get()


class _Session:
    """One person chatting: prints what the bot does and remembers the numbered buttons."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        user: EmuUser,
        out_dir: Path,
        stdout: TextIO,
        reply_timeout: float,
    ) -> None:
        self.emu = emulator
        self.user = user
        self.chat: EmuChat = emulator.private_chat(user)
        self.out_dir = out_dir
        self.stdout = stdout
        self.reply_timeout = reply_timeout
        self.buttons: list[dict[str, Any]] = []
        self.button_message: dict[str, Any] | None = None
        self.cursor = emulator.mark()
        self.saved: set[str] = set()

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def handle(self, line: str) -> None:
        """Send what the person typed, or press a button for ``#n``, and print the replies."""
        match = PRESS_RE.fullmatch(line)
        if match:
            if not await self._press(int(match.group(1))):
                return
        else:
            await self.emu.send_text(self.user, line)
        await self._print_replies()

    async def _press(self, number: int) -> bool:
        if self.button_message is None or not self.buttons:
            self.say(NO_BUTTONS)
            return False
        if not 1 <= number <= len(self.buttons):
            self.say(NO_SUCH_BUTTON.format(number=number, count=len(self.buttons)))
            return False
        button = self.buttons[number - 1]
        if "callback_data" not in button:
            self.say(LINK_BUTTON.format(url=button.get("url", "?")))
            return False
        try:
            await self.emu.press(self.user, self.button_message, button["callback_data"])
        except LookupError:
            self.say(STALE_BUTTON)
            return False
        return True

    async def _print_replies(self) -> None:
        try:
            outputs = await self.emu.wait_quiet(
                self.chat, since=self.cursor, timeout=self.reply_timeout
            )
        except EmulatorTimeout:
            self.say(NO_REPLY.format(seconds=self.reply_timeout))
            outputs = self.emu.outputs_since(self.cursor, self.chat)
        self.cursor = self.emu.mark()
        self.print_outputs(outputs)

    def print_outputs(self, outputs: list[Output]) -> None:
        """Each message sent or edited once (its current version), then callback alerts."""
        sent = {o.ref for o in outputs if o.kind == "send"}
        for message in self.emu.messages_of(outputs):
            edited = message["message_id"] not in sent
            self.print_message(message, edited=edited)
        for output in outputs:
            if output.kind == "answer":
                answer = self.emu.callback_answers.get(str(output.ref), {})
                if answer.get("text"):
                    self.say(f"⚠ {answer['text']}")

    def print_message(self, message: dict[str, Any], *, edited: bool = False) -> None:
        self.say()
        self.say("✎ (pesan diperbarui)" if edited else "🤖")
        for path in self._save_files(message):
            self.say(f"📎 disimpan: {path}")
        text = plain_text(message)
        if text:
            self.say(text)
        rows = keyboard_rows(message)
        if rows:
            self._print_buttons(message, rows)
        elif self._is_button_message(message):
            self.buttons, self.button_message = [], None

    def _is_button_message(self, message: dict[str, Any]) -> bool:
        shown = self.button_message
        return shown is not None and shown["message_id"] == message["message_id"]

    def _print_buttons(self, message: dict[str, Any], rows: list[list[dict[str, Any]]]) -> None:
        self.buttons = []
        self.button_message = message
        for row in rows:
            labels = []
            for button in row:
                self.buttons.append(button)
                labels.append(f"[{len(self.buttons)}] {button['text']}")
            self.say("  ".join(labels))

    def _save_files(self, message: dict[str, Any]) -> list[Path]:
        files: list[tuple[str, str]] = []
        if message.get("photo"):
            largest = message["photo"][-1]
            data = self.emu.file_bytes(largest["file_id"])
            name = f"foto-{message['message_id']}.{image_format(data) or 'jpg'}"
            files.append((largest["file_id"], name))
        document = message.get("document")
        if document:
            name = Path(document.get("file_name") or f"berkas-{message['message_id']}").name
            files.append((document["file_id"], name))
        paths = []
        for file_id, name in files:
            if file_id in self.saved:
                continue
            self.saved.add(file_id)
            paths.append(self._write(name, self.emu.file_bytes(file_id)))
        return paths

    def _write(self, name: str, data: bytes) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / name
        stem, suffix = path.stem, path.suffix
        counter = 2
        while path.exists():
            path = self.out_dir / f"{stem} ({counter}){suffix}"
            counter += 1
        path.write_bytes(data)
        return path


async def run_terminal_chat(
    app: AnyApplication,
    emulator: BotApiEmulator,
    *,
    user: EmuUser,
    out_dir: Path,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    reply_timeout: float = 60.0,
) -> None:
    """Chat with ``app`` through ``emulator`` as ``user`` until ``/keluar`` or end of input.

    Works with a terminal or any text stream (a pipe, ``io.StringIO``); lines read from a
    non-terminal are echoed after ``> `` so the transcript shows both sides.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    interactive = _isatty(stdin)
    session = _Session(emulator, user, out_dir, stdout, reply_timeout)
    session.say(WELCOME.format(out_dir=out_dir))
    async with running(app, emulator, allowed_updates=Update.ALL_TYPES):
        reader = _LineReader(stdin)
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            raw = await reader.readline()
            if raw == "":
                break
            line = raw.strip()
            if not interactive and line:
                session.say(f"> {line}")
            if line.lower() in QUIT_COMMANDS:
                break
            if line:
                await session.handle(line)
    if interactive and raw == "":
        session.say()
    session.say(GOODBYE)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
