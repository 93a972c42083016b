"""Two bot processes behind one webhook URL on one PostgreSQL database (issue #18, item 4).

Real processes: ``lakip-bot run`` in webhook mode, each on its own port, and
``bench.processes.Relay`` as Telegram's webhook delivery and the load balancer, posting every
update to the next process in turn. So every step of a /lapor reaches the other process than
the step before; the flood limit is spent from one bucket whichever process counts; and two
processes delivering the same reminders at once send each exactly once, together within
Telegram's 30 messages a second. PostgreSQL only: SQLite is one process.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.processes import Relay, WebhookProcess, fanout
from bot import ratelimit, texts
from emulator import BotApiEmulator, button_texts, plain_text
from lakip_model.app_state import PersistedData
from tests.conftest import SERVER_URL
from tests.robustness.test_faults import (
    RINA_ID,
    Officer,
    _nodes_of,
    add_officers,
    lapor_audit,
    telegram_entries,
)
from tests.support.bot import KADIS_ID, OPERATOR_ID, VERIFIER_ID

pytestmark = pytest.mark.skipif(
    SERVER_URL is None, reason="several processes share a PostgreSQL database only"
)
# A person reads a step before answering it. The process that answered writes the step's state
# right after its reply (one transaction, measured 10-18 ms from the reply to the commit on this
# machine: docs/processes.md); an answer faster than that could reach the other process first.
READING_SECONDS = 0.2


@dataclass
class Person(Officer):
    """An officer who reads each answer before the next step (tests/robustness/test_faults.py
    walks /lapor without pausing: one process)."""

    async def _act(
        self, act: Callable[[], Any], want: str, timeout: float = 20.0
    ) -> dict[str, Any]:
        await asyncio.sleep(READING_SECONDS)
        return await super()._act(act, want, timeout)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    path = tmp_path / "processes"
    path.mkdir()
    return path


@asynccontextmanager
async def two_processes(
    db_url: str, workdir: Path, env: dict[str, str] | None = None
) -> AsyncIterator[tuple[BotApiEmulator, Relay]]:
    """Two webhook processes on the test database, behind the relay."""
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        for uid, name in ((OPERATOR_ID, "Siti"), (KADIS_ID, "Kepala Dinas")):
            emu.user(uid, name)
        emu.user(RINA_ID, "Rina")
        emu.user(VERIFIER_ID, "Verifikator")  # receives the entry to review
        processes = [WebhookProcess(n, emu, db_url, workdir, env=env or {}) for n in ("a", "b")]
        for process in processes:
            process.start()
        try:
            for process in processes:
                await process.listening()
            async with Relay(emu, processes) as relay:
                yield emu, relay
        finally:
            for process in processes:
                await process.stop()
            for process in processes:
                assert "Traceback" not in process.output(), process.output()


@pytest.fixture
async def fleet(
    db_url: str, engine: Engine, today: datetime, workdir: Path
) -> AsyncIterator[tuple[BotApiEmulator, Relay]]:
    add_officers(engine, today.year)
    async with two_processes(db_url, workdir) as running:
        yield running


@pytest.fixture
def today() -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Jakarta"))


def _conversation_rows(engine: Engine, user_id: int) -> list[PersistedData]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(PersistedData).where(
                    col(PersistedData.kind) == "conv:lapor",
                    col(PersistedData.key) == json.dumps([user_id, user_id]),
                )
            )
        )


async def test_a_lapor_continues_whichever_process_gets_the_next_step(
    fleet: tuple[BotApiEmulator, Relay], engine: Engine, today: datetime
) -> None:
    emu, relay = fleet
    officer = Person(emu, emu.users[OPERATOR_ID])
    key = _nodes_of(engine, today.year)[OPERATOR_ID][0]
    entry_id = await officer.report(key, "2500000")  # eight steps, each on the other process
    assert officer.errors_seen == 0  # no step was answered as if nothing had begun
    assert relay.posted["a"] >= 4 and relay.posted["b"] >= 4
    [entry] = telegram_entries(engine)
    assert (entry.id, entry.amount, entry.submitted_by) == (entry_id, 2_500_000, OPERATOR_ID)
    assert lapor_audit(engine) == {entry_id}
    # the conversation ended for both (written right after the reply: docs/processes.md)
    await emu.wait_for(lambda: _conversation_rows(engine, OPERATOR_ID) == [], timeout=5)
    # a second round begins on the process that did not end the first: it starts afresh
    [reply, *_] = await emu.ask(officer.user, f"/lapor {key}", timeout=20)
    assert "Lapor realisasi" in plain_text(reply)


async def test_a_timeout_set_by_the_process_left_behind_does_not_fire(
    db_url: str, engine: Engine, today: datetime, workdir: Path
) -> None:
    """/lapor on A (its timeout: 10 s later), the next step on B 4 s later (B's: 14 s): at 10 s
    A finds the conversation moved on and stays silent; at 14 s B ends it, once."""
    add_officers(engine, today.year)
    async with two_processes(db_url, workdir, {"LAKIP_CONVERSATION_TIMEOUT": "10"}) as (emu, relay):
        user = emu.users[OPERATOR_ID]
        key = _nodes_of(engine, today.year)[OPERATOR_ID][0]
        started = time.monotonic()
        [nodes] = await emu.ask(user, f"/lapor {key}", timeout=20)
        await asyncio.sleep(4)
        button = next(b for b in button_texts(nodes) if b.startswith(f"{key} "))
        since = emu.mark()
        await emu.press(user, nodes, button)
        await emu.wait_for(
            lambda: any(
                "pilih bulan" in plain_text(m)
                for m in emu.messages_of(emu.outputs_since(since, user.id))
            ),
            timeout=10,
        )
        ended = texts.REPORT_TIMEOUT.format(minutes=1)

        def timeouts() -> list[float]:
            return [
                o.at - started
                for o in emu.outputs_since(since, user.id)
                if o.kind == "send" and any(ended in plain_text(m) for m in emu.messages_of([o]))
            ]

        first = await emu.wait_for(timeouts, timeout=25)
        await asyncio.sleep(2)
        assert timeouts() == first and len(first) == 1  # once, by B
        assert first[0] >= 13.0, first  # not at 10 s, A's time
        assert relay.posted == {"a": 1, "b": 1}


async def test_the_flood_limit_counts_the_updates_of_both_processes(
    fleet: tuple[BotApiEmulator, Relay],
) -> None:
    """40 updates, 20 to each process: a limit per process would answer all 40 (none over 20)."""
    emu, relay = fleet
    kadis = emu.users[KADIS_ID]
    since = emu.mark()
    started = time.monotonic()
    for _ in range(2 * ratelimit.CAPACITY):
        await emu.send_text(kadis, "/bantuan")
    await emu.wait_for(
        lambda: len(emu.outputs_since(since, kadis.id)) >= ratelimit.CAPACITY + 1, timeout=30
    )
    await emu.idle(settle=1.0, timeout=30)
    outputs = emu.outputs_since(since, kadis.id)
    said = [plain_text(m) for m in emu.messages_of(outputs)]
    # 20 at once, and the tokens that came back while the burst lasted (2 a second); a notice
    # when the bucket first ran dry, and again only after a token had come back
    refilled = int((max(o.at for o in outputs) - started) * ratelimit.CAPACITY / 10) + 1
    notices = said.count(texts.FLOOD_NOTICE)
    answered = len(said) - notices
    assert 1 <= notices <= refilled
    assert ratelimit.CAPACITY <= answered <= ratelimit.CAPACITY + refilled < 2 * ratelimit.CAPACITY
    assert relay.posted["a"] >= ratelimit.CAPACITY and relay.posted["b"] >= ratelimit.CAPACITY


async def test_two_processes_deliver_each_reminder_once_within_telegrams_bound(
    db_url: str, engine: Engine, workdir: Path
) -> None:
    """Both start the same pass at the same instant: the claims split the groups, and the
    shared send pace keeps the two together under 30 a second (each alone would send 28.5 a
    second: together 57, and the emulator would answer 429)."""
    add_officers(engine, 2026)
    run = await fanout(db_url, "dp3am-binjai", 120, workdir)
    print(f"\ntwo processes, 120 groups: {run}")
    assert (run.sent, run.twice, run.missing) == (120, 0, 0)
    assert run.too_many_requests == 0
    assert run.max_in_one_second <= 30
    assert sum(w.sent for w in run.workers) == 120
    assert all(w.sent > 0 for w in run.workers)  # both took part: the claims split the work
    assert run.rate >= 0.9 * 30  # and together they still use the bound
