"""Reminders under a crash and an outage: lost, duplicated and delayed, measured in one run.

    python -m bench.reminder_faults                      # SQLite in a temporary folder
    python -m bench.reminder_faults --url postgresql+psycopg://postgres@127.0.0.1:5432/lakip_f

(A PostgreSQL database is emptied and rebuilt: give one made for this.) Every scenario has
``--groups`` groups (1,000) following one reminder due at the same instant, and two bot
Applications (own engine each: two processes) on one emulator and one database. The job is
driven pass by pass (``deliver_due``) on a clock moved one minute a pass, as the job ticks; the
delay of a reminder is the clock at its ``mark_sent`` minus the instant it fell due. Lost: a
group that received nothing; duplicated: a group that received it more than once (counted in
the emulator, which stores only the messages it accepted).

Scenarios: a process claims a tenth of the reminders and dies (its claims expire after the
lease); the two processes race with no fault; a fifth of the sends fail with 500/502; a fifth
fail with the connection dropped before Telegram applies them; a fifth with the answer lost
*after* Telegram applied them (the one window at-least-once leaves: see docs/deadlines.md).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, update
from sqlmodel import Session

from bench.harness import percentile
from bot.app import build_application
from bot.jobs import reminders
from bot.settings import BotSettings
from emulator import BotApiEmulator
from lakip_model import reminders as rem
from lakip_model.db import make_engine, session_scope, upgrade
from lakip_model.deadlines import JAKARTA
from seed.loader import load_all

RULE = "realisasi-bulanan"
SINCE = datetime(2023, 6, 20, 9, 0, tzinfo=JAKARTA)
DUE = datetime(2023, 7, 3, 8, 0, tzinfo=JAKARTA)  # H-7 of the June 2023 report
BASE = -1_006_000_000
STEP = timedelta(minutes=1)  # the job's tick
MOST_PASSES = 120


@dataclass
class Figures:
    scenario: str
    reminders: int
    lost: int
    duplicated: int
    extra: int  # messages beyond the first, over all groups
    passes: int
    median_delay: float  # seconds of the bot's clock
    p95_delay: float
    max_delay: float
    failed_sends: int  # sendMessage calls the emulator failed (or whose answer it dropped)
    seconds: float  # wall time of the scenario

    def line(self) -> str:
        return (
            f"| {self.scenario} | {self.reminders} | {self.lost} | "
            f"{self.duplicated} ({self.extra}) | "
            f"{_minutes(self.median_delay)} | {_minutes(self.p95_delay)} | "
            f"{_minutes(self.max_delay)} | {self.failed_sends} | "
            f"{self.passes} | {self.seconds:.1f} s |"
        )


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds else "0"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _reset(engine: Engine, groups: int) -> None:
    """No deliveries, and only the benchmark's subscriptions."""
    with session_scope(engine) as session:
        session.execute(delete(rem.Delivery))
        session.execute(delete(rem.Subscription))
        agency = rem.agency_id(session, None)
        session.add_all(
            rem.Subscription(
                agency_id=agency,
                chat_id=BASE - n,
                chat_title=f"Grup {n}",
                rule_code=RULE,
                lead_days="7",
                since=SINCE,
                created_at=SINCE,
            )
            for n in range(groups)
        )


async def _scenario(
    name: str,
    url: str,
    engine: Engine,
    groups: int,
    *,
    faults: tuple[str, ...] = (),
    dead: int = 0,
) -> Figures:
    _reset(engine, groups)
    clock = Clock(DUE)
    if dead:  # a process claimed these, then was killed before sending
        with Session(engine) as session:
            plans = rem.due_reminders(session, DUE).send[:dead]
        for planned in plans:
            rem.claim(engine, planned, "mati:1:dead", DUE)
    settings = BotSettings(DATABASE_URL=url, LAKIP_ADMIN_IDS=(7001,), TELEGRAM_BOT_TOKEN=None)
    started = time.monotonic()
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        for n in range(groups):
            emu.group(BASE - n, f"Grup {n}")
        engines = [make_engine(url), make_engine(url)]
        apps: list[Any] = []
        for own in engines:
            app = build_application(settings, own, api=emu, rate_limiter=False)
            app.bot_data.clock = clock
            reminders.disarm(app)
            await app.initialize()
            apps.append(app)
        try:
            with emu.faults(0.2 if faults else 0.0, faults or ("500",), methods=["sendMessage"]):
                passes = 0
                while passes < MOST_PASSES:
                    passes += 1
                    await asyncio.gather(*(reminders.deliver_due(a) for a in apps))
                    with Session(engine) as session:
                        rows = rem.deliveries(session)
                    final = ("sent", "failed", "missed")
                    if len(rows) == groups and all(r.status in final for r in rows):
                        break
                    clock.now += STEP
        finally:
            for app in apps:
                await app.shutdown()
            for own in engines:
                own.dispose()
        received = Counter(o.chat_id for o in emu.outputs if o.kind == "send")
        failed_sends = sum(1 for m, _c, _d in emu.errors if m == "sendmessage")
        failed_sends += emu.stats["drop"] + emu.stats["drop_after"]
    delays = [
        ((r.finished_at or r.scheduled_at) - r.scheduled_at).total_seconds()
        for r in rows
        if r.status == "sent"
    ]
    return Figures(
        scenario=name,
        reminders=groups,
        lost=sum(1 for n in range(groups) if received[BASE - n] == 0),
        duplicated=sum(1 for n in range(groups) if received[BASE - n] > 1),
        extra=sum(max(received[BASE - n] - 1, 0) for n in range(groups)),
        passes=passes,
        median_delay=statistics.median(delays) if delays else 0.0,
        p95_delay=percentile(delays, 95) if delays else 0.0,
        max_delay=max(delays) if delays else 0.0,
        failed_sends=failed_sends,
        seconds=time.monotonic() - started,
    )


async def measure(url: str, groups: int) -> list[Figures]:
    engine = make_engine(url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            seeded = session.get(rem.DeadlineRuleRow, 1) is not None
        if not seeded:
            load_all(engine)
            rem.ensure_default_rules(engine)
        with session_scope(engine) as session:  # every rule on, as seeded
            session.execute(update(rem.DeadlineRuleRow).values(active=True))
        return [
            await _scenario(
                "a process killed after claiming 10 %", url, engine, groups, dead=groups // 10
            ),
            await _scenario("two processes racing, no fault", url, engine, groups),
            await _scenario("20 % of sends 500/502", url, engine, groups, faults=("500", "502")),
            await _scenario(
                "20 % of sends dropped (not applied)", url, engine, groups, faults=("drop",)
            ),
            await _scenario(
                "20 % of answers lost after the send", url, engine, groups, faults=("drop_after",)
            ),
        ]
    finally:
        engine.dispose()


HEADER = (
    "| scenario | reminders | lost | duplicated (extra messages) | median delay | p95 delay "
    "| max delay | failed sends | passes | wall time |\n|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--groups", type=int, default=1000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'faults.db'}"
        figures = asyncio.run(measure(url, args.groups))
    print(HEADER)
    for row in figures:
        print(row.line())


if __name__ == "__main__":
    main()
