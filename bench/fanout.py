"""Reminder fan-out to 1,000 groups under Telegram's flood limits.

The bot is built as in production (``rate_limiter=True``: its paced, retrying limiter); the emulator
enforces Telegram's limits (20 messages a minute per group, 30 a second overall), answering 429
beyond them. 1,000 groups subscribe to the monthly-realization reminder of the agency the bot
serves; the clock is put on the instant it falls due and one delivery pass
(``bot.jobs.reminders.deliver_due``) sends them. Without a usable reminder module, the bot's own
``send_message`` goes to each group instead (same limiter, same limits) and the report says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bench.harness import JAKARTA, live_bot
from bench.scenarios import Scenario
from emulator import BotApiEmulator
from lakip_model.db import session_scope
from lakip_model.models import Agency, Unit, UnitKind

GROUPS = 1000
RATE_BOUND = 30.0  # messages per second, Telegram's overall limit for a bot
GROUP_BASE = -1_002_000_000_000
RULE = "realisasi-bulanan"
SEARCH_FROM = datetime(2026, 11, 16, 0, 0, tzinfo=JAKARTA)


@dataclass
class FanOut:
    groups: int
    path: str  # how the messages were sent
    sent: int = 0
    failed: int = 0
    seconds: float = 0.0  # from the start of the pass to the last message
    first_to_last: float = 0.0
    too_many_requests: int = 0  # 429 answers from the emulator
    other_errors: int = 0
    note: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def bound_seconds(self) -> float:
        return self.groups / RATE_BOUND

    @property
    def of_bound(self) -> float:
        return self.seconds / self.bound_seconds if self.bound_seconds else 0.0


def _reminders_usable() -> str | None:
    """None when the reminder modules can deliver; otherwise why not."""
    try:
        from bot.jobs import reminders as bot_reminders
        from lakip_model import reminders
    except ImportError as exc:
        return f"reminder modules not importable ({exc})"
    for owner, name in (
        (reminders, "Subscription"),
        (reminders, "due_reminders"),
        (reminders, "next_instant"),
        (reminders, "ensure_default_rules"),
        (bot_reminders, "deliver_due"),
    ):
        if not hasattr(owner, name):
            return f"{owner.__name__}.{name} is missing"
    return None


def subscribe_groups(db: Path | str, agency: str, groups: int = GROUPS) -> datetime:
    """``groups`` groups follow the rule for the agency's units; returns the instant it falls
    due. ``db``: a SQLite file, or a database URL (bench/processes.py: PostgreSQL).

    Subscriptions already in the database (the demo agencies' groups) are switched off, so the
    pass sends exactly the reminders measured.
    """
    from lakip_model import reminders as rem
    from lakip_model.db import make_engine

    engine = make_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    try:
        rem.ensure_default_rules(engine)
        with session_scope(engine) as session:
            units = [
                int(u.id or 0)
                for u in session.exec(
                    select(Unit)
                    .join(Agency, col(Agency.id) == Unit.agency_id)
                    .where(
                        Agency.code == agency,
                        col(Unit.kind).in_([UnitKind.SEKRETARIAT, UnitKind.BIDANG]),
                    )
                    .order_by(col(Unit.sort_order))
                )
            ]
            session.execute(update(rem.Subscription).values(active=False))
            since = SEARCH_FROM - timedelta(days=1)
            agency_id = rem.agency_id(session, agency)
            session.add_all(
                rem.Subscription(
                    agency_id=agency_id,
                    chat_id=GROUP_BASE - index,
                    chat_title=f"Grup {index}",
                    rule_code=RULE,
                    unit_id=units[index % len(units)],
                    unit_key=units[index % len(units)],
                    lead_days="3,1,0",
                    at_time="08:00",
                    since=since,
                    created_at=since,
                )
                for index in range(groups)
            )
        with Session(engine) as session:
            planned = rem.next_instant(session, SEARCH_FROM, tz=JAKARTA, agency_code=agency)
            if planned is None:
                raise RuntimeError("no reminder falls due after the search start")
            due = rem.due_reminders(session, planned.instant, tz=JAKARTA, agency_code=agency)
            if len(due.send) != groups or due.missed:
                raise RuntimeError(
                    f"expected {groups} reminders at {planned.instant}, "
                    f"got {len(due.send)} (+{len(due.missed)} missed)"
                )
            return planned.instant
    finally:
        engine.dispose()


def _count(emu: BotApiEmulator, result: FanOut, started: float) -> None:
    sends = [o for o in emu.outputs if o.kind == "send" and o.chat_id <= GROUP_BASE]
    result.sent = len(sends)
    if sends:
        result.seconds = max(o.at for o in sends) - started
        result.first_to_last = max(o.at for o in sends) - min(o.at for o in sends)
    result.too_many_requests = sum(1 for _m, code, _d in emu.errors if code == 429)
    others = [f"{m} {code} {d}" for m, code, d in emu.errors if code != 429]
    result.other_errors = len(others)
    result.errors = others[:5]


async def measure(scenario: Scenario, db_path: Path) -> FanOut:
    """One delivery pass to 1,000 groups, timed from its start to the last message."""
    unusable = _reminders_usable()
    if unusable is None:
        instant = subscribe_groups(db_path, scenario.agency)
        result = FanOut(GROUPS, "bot.jobs.reminders.deliver_due (one delivery pass)")
    else:
        instant = SEARCH_FROM
        result = FanOut(GROUPS, "app.bot.send_message through the rate limiter", note=unusable)
    async with live_bot(scenario, db_path, rate_limiter=True, people=[]) as live:
        emu = live.emu
        for index in range(GROUPS):
            emu.group(GROUP_BASE - index, f"Grup {index}")
        live.app.bot_data.clock = lambda: instant
        with emu.flood_limits(per_chat_per_minute=20, global_per_second=30):
            emu.errors.clear()
            started = time.monotonic()
            if unusable is None:
                from bot.jobs import reminders as bot_reminders

                report: Any = await bot_reminders.deliver_due(live.app)
                result.failed = int(getattr(report, "failed", 0))
            else:
                for index in range(GROUPS):
                    await live.app.bot.send_message(GROUP_BASE - index, f"Pengingat uji {index}")
            _count(emu, result, started)
    return result
