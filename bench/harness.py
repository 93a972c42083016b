"""The real Application on the loopback emulator, built as tests/support/bot.py builds it."""

from __future__ import annotations

import logging
import math
import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from telegram.ext import Application

from bench.scenarios import Scenario
from bot.app import build_application
from bot.settings import BotSettings
from emulator import BotApiEmulator, Output, running
from lakip_model.db import make_engine

JAKARTA = ZoneInfo("Asia/Jakarta")
# Mid-November 2026: the demo's open year has entries up to October, so November is new.
BENCH_NOW = datetime(2026, 11, 16, 9, 0, tzinfo=JAKARTA)
SETTLE = 0.02  # quiet time that ends a step; latencies come from output timestamps, not this


def clock() -> datetime:
    return BENCH_NOW


@dataclass
class Live:
    """A running bot on an emulator, for one scenario."""

    emu: BotApiEmulator
    app: Application[Any, Any, Any, Any, Any, Any]
    engine: Engine
    settings: BotSettings
    scenario: Scenario


def private_copy(scenario: Scenario, workdir: Path, tag: str) -> Path:
    """A copy of the scenario's database that a measurement may write to."""
    target = workdir / f"{scenario.key}-{tag}.db"
    assert scenario.database.path is not None, "a PostgreSQL scenario has no file to copy"
    shutil.copyfile(scenario.database.path, target)
    return target


def quiet_logs() -> None:
    """The bot logs every refused or failed send as a warning; the benchmark only wants errors."""
    logging.basicConfig(level=logging.ERROR)
    for name in ("bot", "lakip_model", "telegram", "httpx", "apscheduler", "aiohttp"):
        logging.getLogger(name).setLevel(logging.ERROR)


def disarm_reminders(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Remove the reminder job if the application registers one: it would send in the middle."""
    try:
        from bot.jobs import reminders
    except ImportError:
        return
    try:
        reminders.disarm(app)
    except Exception:  # best effort: the job would find nothing due at BENCH_NOW anyway
        return


@asynccontextmanager
async def live_bot(
    scenario: Scenario,
    db_path: Path | None,
    *,
    rate_limiter: bool = False,
    people: Sequence[int] | None = None,
) -> AsyncIterator[Live]:
    """The scenario's bot running on an emulator where every user of the database exists;
    on the SQLite file ``db_path``, or (None) on the scenario's own database, read only."""
    settings = scenario.settings()
    if db_path is not None:
        settings = settings.model_copy(update={"database_url": f"sqlite:///{db_path}"})
    engine = make_engine(settings.database_url)
    try:
        async with BotApiEmulator(bot_username="LakipBinjaiBot", settle=SETTLE) as emu:
            for user_id, name in scenario.people.items():
                if people is None or user_id in people:
                    emu.user(user_id, name)
            app = build_application(settings, engine, api=emu, rate_limiter=rate_limiter)
            app.bot_data.clock = clock
            # One script plays many people faster than any person: the per-user flood limit stays
            # in the path of every update (its cost is measured) but never trips.
            limiter = app.bot_data.limiter
            assert limiter is not None
            limiter.capacity = 10**9
            disarm_reminders(app)
            async with running(app, emu):
                yield Live(emu, app, engine, settings, scenario)
    finally:
        engine.dispose()


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def span(outputs: Sequence[Output], started: float) -> tuple[float, float]:
    """Seconds from ``started`` to the first and to the last output."""
    times = [o.at for o in outputs]
    return min(times) - started, max(times) - started


def button_data(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [
        str(b.get("callback_data"))
        for row in markup.get("inline_keyboard") or []
        for b in row
        if b.get("callback_data")
    ]


Predicate = Callable[[], Any]
