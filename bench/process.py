"""The bot as its own process: start-up time to the first reply, and peak memory.

``lakip-bot run`` (what production runs: migrations check, admin sync, long polling with the
rate limiter) is started against the emulator with ``TELEGRAM_BASE_URL``. A /ringkasan is
queued before the process starts; start-up is the time from spawning the process to the reply.
Then every read command (charts, workbooks and LKjIP drafts included) is asked a few times, and
the peak resident set (``VmHWM`` in ``/proc/<pid>/status``) is read before the process is
stopped. Documents are built in short-lived child processes (``python -m
bot.documents.chartdraw``, ``.workbookbuild``, ``.lkjipbuild``); their peak resident set is
sampled while they live and reported on its own. The commands rotate over
the scenario's readers: the production bot keeps its per-user flood limit.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import SETTLE
from bench.scenarios import Scenario
from emulator import BotApiEmulator, EmuUser

WORKLOAD = (
    "ringkasan",
    "anggaran",
    "capaian",
    "dibawahtarget",
    "cari anak",
    "grafik",
    "ekspor",
    "laporan",
)
# The short-lived processes that build documents (bot.documents.chart and .apart).
DOCUMENT_CHILDREN = (
    b"bot.documents.chartdraw",
    b"bot.documents.workbookbuild",
    b"bot.documents.lkjipbuild",
)
# What the bot process imports, in the order it does (Babel comes with lakip_model.numbers);
# matplotlib, openpyxl and python-docx are only imported by the document-building children.
MODULES = (
    "sqlalchemy",
    "sqlmodel",
    "telegram.ext",
    "lakip_model.numbers",
    "rapidfuzz",
    "bot.app",
)
_IMPORT_COST = """
import importlib, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
last = rss()
print('python', last)
for name in sys.argv[1:]:
    importlib.import_module(name)
    now = rss()
    print(name, now - last)
    last = now
"""


@dataclass
class ProcessRun:
    scenario: str
    startup_seconds: float
    rss_first_reply_mb: float
    peak_rss_mb: float
    rss_after_mb: float
    commands: int
    chart_child_peak_rss_mb: float | None = None


def _status_kb(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field_name} not in /proc/{pid}/status")


def _children(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return []
    found: list[int] = []
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


async def _watch_chart_children(pid: int, peaks: list[float]) -> None:
    """Keep the highest ``VmHWM`` seen of the bot's document-building children (until
    cancelled)."""
    while True:
        for child in _children(pid):
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                if not any(name in cmdline for name in DOCUMENT_CHILDREN):
                    continue
                peaks.append(_status_kb(child, "VmHWM") / 1024)
            except (FileNotFoundError, ProcessLookupError, RuntimeError):
                continue  # it ended between the listing and the read
        await asyncio.sleep(0.02)


async def _wait_reply(emu: BotApiEmulator, user: EmuUser, since: int, timeout: float) -> float:
    """The time of the first output in the user's chat after ``since``."""
    outputs = await emu.wait_quiet(user.id, since=since, timeout=timeout, settle=SETTLE)
    return min(o.at for o in outputs)


async def measure(scenario: Scenario, db_path: Path, workdir: Path, rounds: int) -> ProcessRun:
    """Start ``lakip-bot run`` for the scenario, time its first reply, load it, read its RSS."""
    async with BotApiEmulator(bot_username="LakipBinjaiBot", settle=SETTLE) as emu:
        for user_id, name in scenario.people.items():
            emu.user(user_id, name)
        reader = emu.users[scenario.reader]
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", str(workdir)),
            "DATABASE_URL": f"sqlite:///{db_path}",
            "TELEGRAM_BOT_TOKEN": emu.token,
            "TELEGRAM_BASE_URL": emu.base_url,
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": str(workdir / "mpl"),
        }
        if not scenario.city:  # a city deployment serves every agency
            env["LAKIP_AGENCY"] = scenario.agency
        if "PYTHONPATH" in os.environ:  # a checkout other than the installed one
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        since = emu.mark()
        await emu.send_text(reader, f"/ringkasan {scenario.read_year}")
        log = (workdir / f"bot-{scenario.key}.log").open("wb")
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            cwd=workdir,  # no .env from the project folder
            env=env,
            stdout=log,
            stderr=log,
        )
        chart_peaks: list[float] = []
        watcher = asyncio.create_task(_watch_chart_children(proc.pid, chart_peaks))
        try:
            first = await _wait_reply(emu, reader, since, timeout=120)
            startup = first - started
            at_first_reply = _status_kb(proc.pid, "VmRSS") / 1024
            commands = 0
            for _ in range(rounds):
                for command in WORKLOAD:
                    asker = emu.users[scenario.readers[(commands + 1) % len(scenario.readers)]]
                    mark = emu.mark()
                    await emu.send_text(asker, f"/{command} {scenario.read_year}")
                    await _wait_reply(emu, asker, mark, timeout=60)
                    commands += 1
            await emu.idle(settle=0.2, timeout=60)
            peak = _status_kb(proc.pid, "VmHWM") / 1024
            now = _status_kb(proc.pid, "VmRSS") / 1024
        finally:
            watcher.cancel()
            if proc.returncode is None:
                proc.send_signal(signal.SIGINT)
                try:
                    await asyncio.wait_for(proc.wait(), timeout=30)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
            log.close()
    chart_peak = max(chart_peaks) if chart_peaks else None
    return ProcessRun(scenario.key, startup, at_first_reply, peak, now, commands, chart_peak)


def import_costs() -> list[tuple[str, float]]:
    """Resident memory each module group adds, imported in a fresh interpreter in turn."""
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_COST, *MODULES],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    ).stdout
    return [(name, float(mb)) for name, mb in (line.rsplit(" ", 1) for line in out.splitlines())]
