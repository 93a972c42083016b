"""Shared pieces of the robustness tests: a bot that runs inside an ``asyncio.Runner`` (so a
Hypothesis test can drive it example after example and count what it sent), and a check that the
database changed only where the bot said it did. The bot fixtures (``env``, ``clock``) are those
of every test, from tests/support/bot.py.

The write check is the heart of "nothing changes unless an authorized flow completes": every row
of the tables that hold figures, users and the audit trail is compared before and after a batch
of updates, and each difference must be explained by an acknowledgement the bot showed a user in
that batch ("Tersimpan sebagai entri #12", "Entri #12 … disetujui verifikator", …).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot import ratelimit
from bot.settings import BotSettings
from emulator import BotApiEmulator, plain_text
from emulator.messages import NOT_MODIFIED
from tests.support.bot import add_people, bot_on_emulator, make_settings

# Tables whose rows a stray update must never change (conversation state is allowed to).
PROTECTED_TABLES = (
    "realizationentry",
    "entryreview",
    "appuser",
    "registrationrequest",
    "auditlog",
    "fiscalyear",
    "budgetnode",
    "unit",
)

Row = dict[str, Any]
Rows = dict[str, dict[int, Row]]


def snapshot(engine: Engine) -> Rows:
    """Every row of the protected tables, by primary key."""
    with engine.connect() as conn:
        return {
            table: {
                int(row.id): dict(row._mapping)
                for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            }
            for table in PROTECTED_TABLES
        }


# --- acknowledgements -----------------------------------------------------------------------------

SAVED_RE = re.compile(r"Tersimpan sebagai entri #(\d+)")
UNDONE_RE = re.compile(r"Entri #(\d+) \(.*?\) diurungkan")
APPROVED_RE = re.compile(r"Entri #(\d+) \(.*?\) disetujui verifikator")
REJECTED_RE = re.compile(r"Entri #(\d+) \(.*?\) ditolak:")
REGISTER_SENT = "Permintaan pendaftaran terkirim ke admin"


@dataclass
class Acks:
    """What the bot told users it wrote, in one batch of updates."""

    saved: set[int] = field(default_factory=set)
    undone: set[int] = field(default_factory=set)
    approved: set[int] = field(default_factory=set)
    rejected: set[int] = field(default_factory=set)
    registered: set[int] = field(default_factory=set)  # chats told "request sent"

    def any(self) -> bool:
        return bool(self.saved or self.undone or self.approved or self.rejected or self.registered)


def acks_in(emu: BotApiEmulator, since: int) -> Acks:
    """The acknowledgements among the bot's messages sent or edited after ``since``."""
    acks = Acks()
    for message in emu.messages_of(emu.outputs_since(since)):
        said = plain_text(message)
        acks.saved.update(int(n) for n in SAVED_RE.findall(said))
        acks.undone.update(int(n) for n in UNDONE_RE.findall(said))
        acks.approved.update(int(n) for n in APPROVED_RE.findall(said))
        acks.rejected.update(int(n) for n in REJECTED_RE.findall(said))
        if REGISTER_SENT in said:
            acks.registered.add(int(message["chat"]["id"]))
    return acks


def unexplained_writes(before: Rows, after: Rows, acks: Acks) -> list[str]:
    """Differences between two snapshots that no acknowledgement accounts for (empty: fine).

    Explained: an entry the officer was told is saved (with its 'lapor' audit row); a withdrawal
    the officer was told about; a decision the submitter was told about (status change, review
    row, 'verifikasi' audit row); a registration request its sender was told was sent.
    """
    problems: list[str] = []
    for table in PROTECTED_TABLES:
        old, new = before[table], after[table]
        removed = old.keys() - new.keys()
        if removed:
            problems.append(f"{table}: rows deleted {sorted(removed)}")
        for key in sorted(new.keys() - old.keys()):
            if not _new_row_explained(table, new[key], acks):
                problems.append(f"{table}: unexplained new row {new[key]}")
        for key in sorted(old.keys() & new.keys()):
            if old[key] == new[key]:
                continue
            if table == "realizationentry" and _status_change_explained(old[key], new[key], acks):
                continue
            problems.append(f"{table}: row changed {old[key]} -> {new[key]}")
    for key in acks.saved:
        if key not in after["realizationentry"]:
            problems.append(f"acknowledged entry #{key} is not in the database")
    return problems


def _new_row_explained(table: str, row: Row, acks: Acks) -> bool:
    if table == "realizationentry":
        if row["kind"] == "withdrawal":
            return row["replaces_id"] in acks.undone
        return int(row["id"]) in acks.saved
    if table == "entryreview":
        return row["entry_id"] in acks.approved | acks.rejected
    if table == "auditlog":
        return _audit_explained(row, acks)
    if table == "registrationrequest":
        return row["telegram_id"] in acks.registered and row["status"] == "menunggu"
    return False


def _audit_explained(row: Row, acks: Acks) -> bool:
    last = (row["subject"] or "").split()[-1:]
    number = int(last[0]) if last and last[0].isdigit() else None
    action = row["action"]
    return (
        (action == "lapor" and number in acks.saved)
        or (action == "urungkan" and number in acks.undone)
        or (action == "verifikasi" and number in acks.approved | acks.rejected)
        or (action == "daftar" and row["actor"] in acks.registered)
    )


def _status_change_explained(old: Row, new: Row, acks: Acks) -> bool:
    if {k: v for k, v in old.items() if k != "status"} != {
        k: v for k, v in new.items() if k != "status"
    }:
        return False
    change, key = (old["status"], new["status"]), old["id"]
    return (
        # /urungkan works on the officer's last entry of the last 15 minutes, before its decision
        (change == ("diajukan", "ditarik") and key in acks.undone)
        or (change == ("diajukan", "disetujui") and key in acks.approved)
        or (change == ("diajukan", "ditolak") and key in acks.rejected)
    )


# --- failures the user never sees -----------------------------------------------------------------


class ErrorRecords(logging.Handler):
    """Collects log records at ERROR and above (an exception that reached the error handler)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        self.records.append(record)

    def take(self) -> list[str]:
        """The messages (with their tracebacks) logged since the last call."""
        found = [f"{r.name}: {r.getMessage()}\n{r.exc_text or ''}" for r in self.records]
        self.records.clear()
        return found


def api_errors(emu: BotApiEmulator, since: int = 0) -> list[tuple[str, int, str]]:
    """Requests the emulator refused (a bot bug: bad HTML, too long, double answer, …).

    "message is not modified" is left out: the bot expects it when a button is pressed twice.
    """
    return [e for e in emu.errors[since:] if e[2] != f"Bad Request: {NOT_MODIFIED}"]


# --- a bot for Hypothesis: alive across examples --------------------------------------------------


class UpdateTracker:
    """Knows when the Application has finished with given updates (a handler in the first group
    records each update as it starts; the update queue's ``join`` waits for the rest). Button
    presses are known by their callback query id."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.seen: set[int] = set()
        self.queries: set[str] = set()
        self._changed = asyncio.Event()
        app.add_handler(TypeHandler(Update, self._track), group=-100)

    async def _track(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.seen.add(update.update_id)
        if update.callback_query is not None:
            self.queries.add(update.callback_query.id)
        self._changed.set()

    async def finished(
        self, update_ids: Iterable[int], query_ids: Iterable[str] = (), timeout: float = 30.0
    ) -> None:
        wanted, presses = set(update_ids), set(query_ids)

        async def wait() -> None:
            while not (wanted <= self.seen and presses <= self.queries):
                self._changed.clear()
                await self._changed.wait()
            await self.app.update_queue.join()

        await asyncio.wait_for(wait(), timeout)


@dataclass
class LiveBot:
    """The real Application polling a fresh emulator, started and stopped by explicit calls so a
    synchronous Hypothesis test can run examples in between (``asyncio.Runner.run`` each)."""

    engine: Engine
    settings: BotSettings
    now: Callable[[], datetime]
    emu: BotApiEmulator = field(init=False)
    app: Application = field(init=False)
    tracker: UpdateTracker = field(init=False)
    errors: ErrorRecords = field(init=False)
    _stack: AsyncExitStack = field(init=False)

    async def start(self) -> None:
        self._stack = AsyncExitStack()
        self.errors = ErrorRecords()
        logging.getLogger().addHandler(self.errors)
        self._stack.callback(logging.getLogger().removeHandler, self.errors)
        bot = await self._stack.enter_async_context(
            bot_on_emulator(
                self.settings, self.engine, clock=self.now, people={}, prepare=self._prepare
            )
        )
        self.emu, self.app = bot.emu, bot.app

    def _prepare(self, emu: BotApiEmulator, app: Application) -> None:
        unlimited(app)
        self.tracker = UpdateTracker(app)

    async def stop(self) -> None:
        await self._stack.aclose()


def unlimited(app: Application) -> ratelimit.RateLimiter:
    """Keep the per-user flood limit in the path of every update but out of the way of a test
    that sends faster than a person (its own test is in test_security.py)."""
    limiter = app.bot_data.limiter
    if limiter is None:
        limiter = ratelimit.register(app)
    limiter.capacity = 10**9
    limiter.buckets.clear()
    return limiter


def live_bot(db_url: str, engine: Engine, now: Callable[[], datetime]) -> LiveBot:
    add_people(engine)
    return LiveBot(engine, make_settings(db_url), now)


# --- the bot as a real process --------------------------------------------------------------------


@dataclass
class BotProcess:
    """``python -m bot.cli run`` against an emulator of this test, with a clean environment (no
    token or database of the developer's shell, no ``.env``: it runs in ``workdir``)."""

    emu: BotApiEmulator
    database_url: str
    workdir: Path
    admin_ids: str = "7001"
    token: str | None = None  # the emulator's when None
    base_url: str | None = None
    verbose: bool = False
    proc: subprocess.Popen[bytes] | None = None
    runs: int = 0

    @property
    def stderr_path(self) -> Path:
        return self.workdir / f"bot-{self.runs}.stderr"

    def start(self) -> None:
        self.runs += 1
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.workdir),
            "PYTHONUNBUFFERED": "1",
            "TELEGRAM_BOT_TOKEN": self.token or self.emu.token,
            "TELEGRAM_BASE_URL": self.base_url or self.emu.base_url,
            "TELEGRAM_BASE_FILE_URL": self.emu.base_file_url,
            "DATABASE_URL": self.database_url,
            "LAKIP_ADMIN_IDS": self.admin_ids,
            "MPLCONFIGDIR": str(self.workdir / "mpl"),
            # its officers are scripts, faster than people; on PostgreSQL the flood buckets
            # outlive a restart (they are shared), so the limit would trip across the restarts
            "LAKIP_FLOOD_LIMIT": "1000",
        }
        command = [sys.executable, "-m", "bot.cli", *(["-v"] if self.verbose else []), "run"]
        with self.stderr_path.open("wb") as err:
            self.proc = subprocess.Popen(
                command, cwd=self.workdir, env=environment, stdout=err, stderr=subprocess.STDOUT
            )

    async def polling(self, timeout: float = 60.0) -> None:
        """Wait until the process asks the emulator for updates (it is ready)."""
        before = len(self.emu.calls_of("getUpdates"))

        def ready() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited: {self.output()}")
            return len(self.emu.calls_of("getUpdates")) > before

        await self.emu.wait_for(ready, timeout=timeout, interval=0.1)

    async def exited(self, timeout: float = 60.0) -> int:
        """Wait for the process to end on its own; its exit code."""
        assert self.proc is not None
        proc = self.proc
        await self.emu.wait_for(lambda: proc.poll() is not None, timeout=timeout, interval=0.1)
        return int(proc.returncode)

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no goodbye."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    async def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, as a service manager stops the bot (PTB shuts down cleanly). The event loop
        keeps running meanwhile: the emulator must answer the bot's last requests."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            await self.emu.wait_for(lambda: proc.poll() is not None, timeout=timeout, interval=0.05)
        except TimeoutError:
            proc.kill()
            proc.wait(10)

    def output(self) -> str:
        """Everything the process wrote (stdout and stderr), all runs."""
        return "".join(
            (self.workdir / f"bot-{n}.stderr").read_text(errors="replace")
            for n in range(1, self.runs + 1)
        )
