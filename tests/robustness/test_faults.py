"""Faults: a network that fails a fifth of the bot's requests, and a bot killed mid-save.

* Under random 429s, 5xx answers, dropped connections and slow answers, officers still finish
  their reports: every step gets an answer (the intended one, or the polite error, after which
  the officer does the step again as a person would), every acknowledged entry is in the
  database, none twice. The bot has to retry for that: ``bot.ratelimit.RetryingRateLimiter``.
* One lost answer to "Simpan" shows why: the entry is saved but, without retries, the officer
  would never hear so.
* ``kill -9`` of the real process while officers save leaves no half-written entry (an entry and
  its audit row are one transaction), loses no acknowledged entry, and the restarted bot answers
  and lets them go on.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sqlite3
import statistics
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot import ratelimit, texts
from emulator import (
    BotApiEmulator,
    EmulatorTimeout,
    EmuUser,
    HeldRequest,
    button_texts,
    plain_text,
)
from lakip_model.db import session_scope
from lakip_model.models import AuditLog, RealizationEntry, Role
from lakip_model.users import set_user, unit_by_code
from lakip_model.years import open_year
from tests.conftest import SERVER_URL
from tests.robustness.conftest import BotProcess, unlimited
from tests.support.bot import (
    ADMIN_ID,
    OPERATOR_ID,
    OPERATOR_PKM_ID,
    VERIFIER_ID,
    BotEnv,
    Person,
    add_people,
    bot_on_emulator,
    make_settings,
)

RINA_ID = 7010
SAVED_RE = re.compile(r"Tersimpan sebagai entri #(\d+)")
FAULTY_METHODS = (
    "sendMessage",
    "editMessageText",
    "answerCallbackQuery",
    "sendPhoto",
    "editMessageCaption",
)


def add_officers(engine: Engine, year: int) -> None:
    """The people of tests/bot, a second PPPA operator, and ``year`` open for entries."""
    add_people(engine)
    with session_scope(engine) as session:
        set_user(session, None, RINA_ID, Role.OPERATOR, unit_by_code(session, "bidang-pppa").id)
        open_year(session, year, 2022)


def telegram_entries(engine: Engine) -> list[RealizationEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(RealizationEntry)
                .where(RealizationEntry.source == "telegram")
                .order_by(col(RealizationEntry.id))
            )
        )


def lapor_audit(engine: Engine) -> set[int]:
    """Entry ids named by 'lapor' audit rows."""
    with Session(engine) as session:
        subjects = session.exec(select(AuditLog.subject).where(AuditLog.action == "lapor")).all()
    return {int((s or "").split()[-1]) for s in subjects}


# --- an officer who does a step again when it failed --------------------------------------------


@dataclass
class Officer:
    """Walks /lapor like a person: acts, waits for the answer, does it again after an error."""

    emu: BotApiEmulator
    user: EmuUser
    reviewer: EmuUser | None = None
    answered: int = 0
    errors_seen: int = 0
    acks: list[int] = field(default_factory=list)
    on_save: Callable[[], None] = lambda: None
    _queries: list[str] = field(default_factory=list)  # the presses, to find their answers

    @property
    def chat(self) -> Any:
        return self.emu.private_chat(self.user)

    async def _act(
        self, act: Callable[[], Any], want: str, timeout: float = 20.0
    ) -> dict[str, Any]:
        """Do ``act`` until a bot message (new or edited since) contains ``want``."""
        for _ in range(4):
            since, pressed = self.emu.mark(), len(self._queries)
            await act()
            try:
                found = await self.emu.wait_for(
                    partial(self._outcome, since, pressed, want), timeout=timeout
                )
            except EmulatorTimeout as exc:
                who, said = self.user.first_name, self.chat.texts()[-3:]
                raise AssertionError(
                    f"{who} got no answer waiting for {want!r}; the last messages: {said}"
                ) from exc
            self.answered += 1
            if isinstance(found, dict):
                return found
            self.errors_seen += 1  # the polite error: do it again
        raise AssertionError(f"{self.user.first_name} never got {want!r}")

    def _outcome(self, since: int, pressed: int, want: str) -> dict[str, Any] | str | None:
        said = self.emu.messages_of(self.emu.outputs_since(since, self.user.id))
        for message in reversed(said):
            if want in plain_text(message):
                return message
        alerts = [self.emu.callback_answers.get(q, {}).get("text") for q in self._queries[pressed:]]
        if any(texts.ERROR in plain_text(m) for m in said) or texts.ERROR[:190] in alerts:
            return "error"
        return None

    async def say(self, text: str, want: str) -> dict[str, Any]:
        return await self._act(lambda: self.emu.send_text(self.user, text), want)

    async def press(self, message: dict[str, Any], label: str, want: str) -> dict[str, Any]:
        async def act() -> None:
            current = self.chat.message(message["message_id"]) or message
            self._queries.append(await self.emu.press(self.user, current, label))

        return await self._act(act, want)

    async def to_photo_step(self) -> dict[str, Any]:
        """/lapor P7.K2.S1 for this month up to the optional photo: the step's message."""
        nodes = await self.say("/lapor P7.K2.S1", "Lapor realisasi")
        months = await self.press(nodes, button_texts(nodes)[0], "pilih bulan")
        this_month = next(b for b in button_texts(months) if b.startswith("• "))
        await self.press(months, this_month, "kuantitas")
        await self.say("1", "Langkah 4/6")
        step = await self.say("1000000", "catatan")
        return await self.press(step, texts.BUTTON_SKIP, "foto bukti")

    async def report(self, key: str, amount: str) -> int:
        """One entry for sub-activity ``key`` this month; the entry id the bot acknowledged."""
        nodes = await self.say(f"/lapor {key}", "Lapor realisasi")
        button = next(b for b in button_texts(nodes) if b.startswith(f"{key} "))
        months = await self.press(nodes, button, "pilih bulan")
        this_month = next(b for b in button_texts(months) if b.startswith("• "))
        await self.press(months, this_month, "kuantitas")
        step = await self.say("1", "Langkah 4/6")
        step = await self.say(amount, "catatan")
        step = await self.press(step, texts.BUTTON_SKIP, "foto bukti")
        confirm = await self.press(step, texts.BUTTON_SKIP, "Periksa sebelum menyimpan")
        self.on_save()
        saved = await self.press(confirm, texts.BUTTON_SAVE, "Tersimpan sebagai entri")
        entry_id = int(SAVED_RE.search(plain_text(saved)).group(1))  # type: ignore[union-attr]
        self.acks.append(entry_id)
        return entry_id


# --- random faults --------------------------------------------------------------------------------


@dataclass
class FaultyBot:
    emu: BotApiEmulator
    engine: Engine
    people: dict[int, EmuUser]


async def _faulty_bot(
    db_url: str, engine: Engine, clock: Callable[[], datetime]
) -> AsyncIterator[FaultyBot]:
    add_officers(engine, 2026)
    names = {
        ADMIN_ID: "Admin",
        OPERATOR_ID: "Siti",
        RINA_ID: "Rina",
        OPERATOR_PKM_ID: "Budi",
        VERIFIER_ID: "Verifikator",
    }
    async with bot_on_emulator(
        make_settings(db_url),
        engine,
        clock=clock,
        rate_limiter=True,  # as in production: Telegram's limits, 429s waited out
        people={uid: Person(uid, name) for uid, name in names.items()},
        # the officers here are scripts, faster than any person
        prepare=lambda emu, app: unlimited(app),
    ) as bot:
        yield FaultyBot(bot.emu, engine, bot.people)


@pytest.fixture
async def faulty(
    db_url: str, engine: Engine, clock: Callable[[], datetime]
) -> AsyncIterator[FaultyBot]:
    async for value in _faulty_bot(db_url, engine, clock):
        yield value


# Two sub-activities each, of the officer's own unit (the admin may report for any).
WORK = {
    OPERATOR_ID: (("P7.K2.S1", "1000000"), ("P7.K1.S1", "1100000")),
    RINA_ID: (("P7.K3.S1", "1200000"), ("P6.K1.S1", "1300000")),
    OPERATOR_PKM_ID: (("P8.K1.S1", "1400000"), ("P8.K1.S2", "1500000")),
    ADMIN_ID: (("P1.K1.S1", "1600000"), ("P2.K1.S1", "1700000")),
}


async def test_officers_save_under_random_faults(faulty: FaultyBot) -> None:
    emu = faulty.emu
    reviewer = faulty.people[VERIFIER_ID]
    officers = [Officer(emu, faulty.people[uid], reviewer) for uid in WORK]

    async def work(officer: Officer) -> None:
        for key, amount in WORK[officer.user.id]:
            await officer.report(key, amount)

    with emu.faults(
        rate=0.2,
        kinds=("429", "500", "502", "drop", "slow"),
        methods=FAULTY_METHODS,
        seed=20260515,
        slow_seconds=0.3,
    ):
        await asyncio.gather(*(work(o) for o in officers))
        await emu.idle(timeout=30)
    assert emu.stats["drop"] and emu.stats["429"] and emu.stats["500"]  # the faults did happen
    saved = telegram_entries(faulty.engine)
    acked = [entry_id for o in officers for entry_id in o.acks]
    stored = sorted(int(e.id or 0) for e in saved)
    assert sorted(acked) == stored  # every acknowledged entry, once
    assert len(saved) == sum(len(w) for w in WORK.values())  # no duplicates, nothing lost
    by_officer = {(e.submitted_by, e.node_id) for e in saved}
    assert len(by_officer) == len(saved)
    assert lapor_audit(faulty.engine) == {e.id for e in saved}
    # without the retries a fifth of the steps would end in the error notice; with them
    assert sum(o.errors_seen for o in officers) <= 2


async def test_a_step_lost_past_every_retry_still_ends_in_an_answer(faulty: FaultyBot) -> None:
    """Regression: when the edit of a step failed on every retry, the error handler tried to
    answer the already answered press, failed too, and the officer heard nothing."""
    emu = faulty.emu
    officer = Officer(emu, faulty.people[OPERATOR_ID])
    step = await officer.to_photo_step()
    emu.fail_next("editMessageText", "502", times=ratelimit.NETWORK_RETRIES + 1)
    confirm = await officer.press(step, texts.BUTTON_SKIP, "Periksa sebelum menyimpan")
    assert officer.errors_seen == 1  # told once, pressed again, and the step went through
    await officer.press(confirm, texts.BUTTON_SAVE, "Tersimpan sebagai entri")
    assert len(telegram_entries(faulty.engine)) == 1


async def _save_with_lost_confirmation(bot_: FaultyBot) -> tuple[Officer, list[RealizationEntry]]:
    emu = bot_.emu
    officer = Officer(emu, bot_.people[OPERATOR_ID])
    step = await officer.to_photo_step()
    confirm = await officer.press(step, texts.BUTTON_SKIP, "Periksa sebelum menyimpan")
    emu.fail_next("editMessageText", "500")  # the "Tersimpan" edit is lost once
    errors = len(emu.errors)
    await emu.press(officer.user, confirm, texts.BUTTON_SAVE)

    def outcome() -> bool:
        shown = "Tersimpan" in plain_text(officer.chat.last_bot_message or {})
        # without retries the error handler would try to answer the already answered button
        gave_up = any("query is too old" in e[2] for e in emu.errors[errors:])
        return shown or gave_up

    await emu.wait_for(outcome, timeout=15)
    return officer, telegram_entries(bot_.engine)


async def test_a_lost_confirmation_is_retried(faulty: FaultyBot) -> None:
    officer, [entry] = await _save_with_lost_confirmation(faulty)
    shown = plain_text(officer.chat.last_bot_message or {})
    assert f"Tersimpan sebagai entri #{entry.id}" in shown


@pytest.mark.skipif(bool(SERVER_URL), reason="a lock on SQLite's file")
async def test_a_locked_database_file_is_waited_out_off_the_event_loop(env: BotEnv) -> None:
    """The access gate reads on the event loop (``BotContext.read``); while another process
    holds the SQLite file locked, that read must neither stall the loop nor fail the update: it
    goes to a worker thread, which waits for the lock as every other database call does."""
    env.engine.dispose()  # the lock below needs the file to itself
    env.app.bot_data.reader.dispose()  # type: ignore[union-attr]
    assert env.engine.url.database
    locker = sqlite3.connect(env.engine.url.database, isolation_level=None, timeout=0)
    try:
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        since = env.emu.mark()
        await env.emu.send_text(env.kadis, "/bantuan")
        started = time.monotonic()
        await asyncio.sleep(0.5)
        assert time.monotonic() - started < 1.5  # the event loop kept running
        assert env.emu.outputs_since(since) == []  # nothing answered, no error either
    finally:
        locker.close()
    await env.emu.wait_for(lambda: env.emu.outputs_since(since), timeout=20)
    [reply] = env.emu.messages_of(await env.emu.wait_quiet(env.kadis.id, since=since))
    assert "/ringkasan" in plain_text(reply) and texts.ERROR not in plain_text(reply)


async def test_lapor_right_after_a_save_starts_a_new_report(faulty: FaultyBot) -> None:
    """Regression: the save step used to await the verifikators' notices before ending, so a
    /lapor in that time was answered "Anda sedang mengisi /lapor"."""
    emu = faulty.emu
    officer = Officer(emu, faulty.people[OPERATOR_ID])
    step = await officer.to_photo_step()
    confirm = await officer.press(step, texts.BUTTON_SKIP, "Periksa sebelum menyimpan")
    emu.fail_next("sendMessage", "429", retry_after=2)  # telling the verifikator takes a while
    await officer.press(confirm, texts.BUTTON_SAVE, "Tersimpan sebagai entri")
    since = emu.mark()
    await emu.send_text(officer.user, "/lapor")
    [reply, *_] = emu.messages_of(await emu.wait_quiet(officer.user.id, since=since, timeout=15))
    assert "Lapor realisasi" in plain_text(reply), plain_text(reply)


# --- SIGKILL -------------------------------------------------------------------------------------


@pytest.fixture
def today() -> datetime:
    return datetime.now(ZoneInfo("Asia/Jakarta"))


@dataclass
class Crash:
    """Officers reporting in a loop against a real bot process, until it is killed."""

    emu: BotApiEmulator
    officers: list[Officer]
    saving: asyncio.Event = field(default_factory=asyncio.Event)


def _nodes_of(engine: Engine, year: int) -> dict[int, list[str]]:
    """Each officer's sub-activity keys of ``year`` (the first page of /lapor's list)."""
    from lakip_model import ledger
    from lakip_model.models import FiscalYear
    from lakip_model.users import actor_of

    with Session(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == year)).one()
        found = {}
        for uid in (OPERATOR_ID, RINA_ID, OPERATOR_PKM_ID, ADMIN_ID):
            actor = actor_of(session, uid)
            assert actor is not None
            found[uid] = [n.key for n in ledger.recordable_nodes(session, actor, fy)]
    # the two PPPA operators share a unit: each gets its own rows; the admin the Sekretariat's
    pppa = found[OPERATOR_ID]
    found[OPERATOR_ID], found[RINA_ID] = pppa[0::2], pppa[1::2]
    found[ADMIN_ID] = [k for k in found[ADMIN_ID] if k.startswith("P1.")]
    return found


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "bot"
    path.mkdir()
    yield path


async def test_sigkill_while_saving_loses_nothing_acknowledged(
    db_url: str, engine: Engine, today: datetime, workdir: Path
) -> None:
    add_officers(engine, today.year)
    keys = _nodes_of(engine, today.year)
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        names = {OPERATOR_ID: "Siti", RINA_ID: "Rina", OPERATOR_PKM_ID: "Budi", ADMIN_ID: "Admin"}
        people = {uid: emu.user(uid, name) for uid, name in names.items()}
        emu.user(VERIFIER_ID, "Verifikator")  # receives the entries to review
        process = BotProcess(emu, db_url, workdir)
        process.start()
        try:
            await process.polling()
            reviewer = emu.users[VERIFIER_ID]
            crash = Crash(emu, [Officer(emu, people[uid], reviewer) for uid in names])
            for officer in crash.officers:
                officer.on_save = crash.saving.set

            async def work(officer: Officer) -> None:
                for n, key in enumerate(keys[officer.user.id]):
                    await officer.report(key, f"{n + 1}000000")

            tasks = [asyncio.create_task(work(o)) for o in crash.officers]
            # let a few entries through, then kill while someone is pressing "Simpan"
            await emu.wait_for(lambda: sum(len(o.acks) for o in crash.officers) >= 3, timeout=90)
            crash.saving.clear()
            await asyncio.wait_for(crash.saving.wait(), 30)
            await asyncio.sleep(random.uniform(0.0, 0.05))
            process.kill()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            acked = {entry_id for o in crash.officers for entry_id in o.acks}

            _assert_complete(engine, acked)
            before_restart = {e.id for e in telegram_entries(engine)}

            process.start()
            await process.polling()
            for officer in crash.officers:  # whatever state each was left in, the bot answers
                await officer.say("/batal", "")
                officer.acks.clear()
            await emu.idle(timeout=30)
            # and every officer can report again (the next of their rows not yet reported)
            again = await asyncio.gather(
                *(o.report(_next_key(engine, keys, o.user.id), "500000") for o in crash.officers)
            )
            _assert_complete(engine, acked | set(again))
            assert before_restart <= {e.id for e in telegram_entries(engine)}
        finally:
            await process.stop()


def _next_key(engine: Engine, keys: dict[int, list[str]], user_id: int) -> str:
    """The officer's first row without an entry (so a new report is not a correction)."""
    from lakip_model.models import BudgetNode

    with Session(engine) as session:
        done = set(
            session.exec(
                select(BudgetNode.key)
                .join(RealizationEntry, col(RealizationEntry.node_id) == BudgetNode.id)
                .where(RealizationEntry.source == "telegram")
            ).all()
        )
    return next(k for k in keys[user_id] if k not in done)


def _assert_complete(engine: Engine, acked: set[int]) -> None:
    """No half-written entry, every acknowledged one present, none twice."""
    entries = telegram_entries(engine)
    ids = {int(e.id or 0) for e in entries}
    assert acked <= ids, f"acknowledged entries lost: {sorted(acked - ids)}"
    assert lapor_audit(engine) == ids  # each entry with its audit row, in one transaction
    for entry in entries:
        assert entry.amount and entry.month and entry.submitted_by and entry.node_id
        assert entry.status == "diajukan" and entry.kind == "entry"
    rows = [(e.node_id, e.year, e.month) for e in entries]
    assert len(rows) == len(set(rows)), "an entry saved twice"


# --- SIGKILL in the risky window: the entry committed, the officer not yet told ------------------

ALREADY_SAVED_RE = re.compile(r"sudah tersimpan sebagai entri #(\d+)")
KILLS = 17  # restarts of the real process
PER_KILL = 3  # officers in the window at each kill: KILLS * PER_KILL >= 50 saves


@dataclass
class Window:
    """One officer's save caught between its commit and its "Tersimpan"."""

    officer: Officer
    key: str
    month: int
    month_label: str  # as /lapor's month buttons name it
    confirm: dict[str, Any] = field(default_factory=dict)
    before: set[int] = field(default_factory=set)  # the officer's entries of the row and month
    held: HeldRequest | None = None  # the "Tersimpan" of the first press
    entry_id: int = 0  # the entry committed by the first press (the held reply names it)
    second_reply: str = ""
    delay: float = 0.0  # from the second press to its reply


def _persisted_at_confirmation(engine: Engine, user_id: int, amount: int) -> bool:
    """The database holds the officer's /lapor at this confirmation (state, and the draft with
    ``amount``: not the previous round's, whose rows a restarted bot may not have cleared yet),
    as it does once the persistence interval has passed after the screen was shown."""
    from bot.journeys.lapor import CONFIRM
    from lakip_model.app_state import PersistedData

    with Session(engine) as session:
        rows = {
            (row.kind, row.key): row.data
            for row in session.exec(
                select(PersistedData).where(
                    col(PersistedData.key).in_([str(user_id), json.dumps([user_id, user_id])])
                )
            )
        }
    state = rows.get(("conv:lapor", json.dumps([user_id, user_id])))
    draft = json.loads(rows.get(("user", str(user_id)), "{}")).get("lapor") or {}
    return (
        state is not None
        and json.loads(state) == CONFIRM
        and draft.get("reached_confirm") is True
        and draft.get("amount") == amount
    )


def _entries_for(engine: Engine, user_id: int, node_key: str, month: int) -> list[int]:
    from lakip_model.models import BudgetNode

    with Session(engine) as session:
        return list(
            session.exec(
                select(RealizationEntry.id)
                .join(BudgetNode, col(RealizationEntry.node_id) == BudgetNode.id)
                .where(
                    BudgetNode.key == node_key,
                    RealizationEntry.month == month,
                    RealizationEntry.submitted_by == user_id,
                    RealizationEntry.source == "telegram",
                )
            ).all()
        )


async def _walk_to_confirmation(window: Window, engine: Engine, amount: str) -> None:
    officer, key = window.officer, window.key
    nodes = await officer.say(f"/lapor {key}", "Lapor realisasi")
    button = next(b for b in button_texts(nodes) if b.startswith(f"{key} "))
    months = await officer.press(nodes, button, "pilih bulan")
    label = next(b for b in button_texts(months) if window.month_label in b)
    step = await officer.press(months, label, "")
    if "Sudah ada laporan" in plain_text(step):  # a round on a row and month reported before
        step = await officer.press(step, texts.BUTTON_REPLACE, "kuantitas")
    assert "kuantitas" in plain_text(step), plain_text(step)
    await officer.say("1", "Langkah 4/6")
    step = await officer.say(amount, "catatan")
    step = await officer.press(step, texts.BUTTON_SKIP, "foto bukti")
    window.confirm = await officer.press(step, texts.BUTTON_SKIP, "Periksa sebelum menyimpan")
    # a person reads the screen before pressing Simpan; by then the persistence has written it
    uid = officer.user.id
    await officer.emu.wait_for(
        lambda: _persisted_at_confirmation(engine, uid, int(amount)), timeout=15, interval=0.05
    )


async def _press_simpan_held(window: Window, engine: Engine) -> None:
    """Simpan, with its "Tersimpan" held in the emulator; returns once the entry is committed."""
    emu, user = window.officer.emu, window.officer.user
    held = window.held = emu.hold("editMessageText", chat=user.id)
    await emu.press(user, window.confirm, texts.BUTTON_SAVE)
    told = await held.arrival(timeout=20)  # the reply is sent only after the commit …
    found = SAVED_RE.search(str(told.get("text")))
    assert found, f"the held reply is not the save's: {told.get('text')!r}"
    window.entry_id = int(found.group(1))
    committed = await emu.wait_for(  # … and the database says so too
        lambda: set(_entries_for(engine, user.id, window.key, window.month)) - window.before,
        timeout=10,
    )
    assert committed == {window.entry_id}


async def _press_simpan_again(window: Window) -> None:
    """After the restart, Simpan on the same confirmation: the bot's first answer to it (a
    message, or an alert such as "tombol ini sudah tidak berlaku" when nothing was restored)."""
    emu, user = window.officer.emu, window.officer.user
    since, pressed = emu.mark(), time.monotonic()
    query = await emu.press(user, window.confirm, texts.BUTTON_SAVE)

    def answer() -> str | None:
        said = emu.messages_of(emu.outputs_since(since, user.id))
        alert = (emu.callback_answers.get(query) or {}).get("text")
        return plain_text(said[0]) if said else alert

    window.second_reply = await emu.wait_for(answer, timeout=20)
    window.delay = time.monotonic() - pressed


def _first_months(today: datetime) -> list[tuple[int, str]]:
    """The months /lapor offers first (this one and the two before), with their names."""
    from lakip_model.numbers import format_month

    return [(m, format_month(today.year, m)) for m in range(today.month, 0, -1)][:3]


async def test_sigkill_between_commit_and_reply_saves_once(
    db_url: str, engine: Engine, today: datetime, workdir: Path
) -> None:
    """The risky window, made certain: the entry is committed, the "Tersimpan" edit is held in
    the emulator, the process is killed with SIGKILL and restarted, and the officer presses
    Simpan again on the same (restored) confirmation. Without the draft's idempotency key that
    press was answered "laporan … berubah" with an offer to save a correction of one's own entry
    (a second entry for one report); now it is answered with the entry already saved."""
    add_officers(engine, today.year)
    keys = _nodes_of(engine, today.year)
    months = _first_months(today)
    names = {OPERATOR_ID: "Siti", RINA_ID: "Rina", OPERATOR_PKM_ID: "Budi", ADMIN_ID: "Admin"}
    # each officer's rows and months in turn; past the last, corrections of the first
    plans = {uid: [(k, m) for k in keys[uid] for m in months] for uid in names}
    turns = dict.fromkeys(names, 0)
    lost = duplicated = 0
    wrong: list[str] = []  # replies to the second press that do not name the saved entry
    delays: list[float] = []
    restarts: list[float] = []
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        people = {uid: emu.user(uid, name) for uid, name in names.items()}
        emu.user(VERIFIER_ID, "Verifikator")
        officers = {uid: Officer(emu, people[uid]) for uid in names}
        order = list(names)
        process = BotProcess(emu, db_url, workdir)
        process.start()
        try:
            await process.polling()
            for kill in range(KILLS):
                # a different pair of officers each time, each on its next row and month
                chosen = [order[(kill + n) % len(order)] for n in range(PER_KILL)]
                windows = []
                for uid in chosen:
                    key, (month, label) = plans[uid][turns[uid] % len(plans[uid])]
                    turns[uid] += 1
                    window = Window(officers[uid], key, month, label)
                    window.before = set(_entries_for(engine, uid, key, month))
                    windows.append(window)
                await asyncio.gather(
                    *(
                        _walk_to_confirmation(w, engine, f"{(kill * PER_KILL + n + 1) * 1000}")
                        for n, w in enumerate(windows)
                    )
                )
                await asyncio.gather(*(_press_simpan_held(w, engine) for w in windows))
                process.kill()
                for window in windows:
                    assert window.held is not None
                    window.held.drop()  # the officer never sees "Tersimpan"
                    shown = plain_text(window.officer.chat.last_bot_message or {})
                    assert "Periksa sebelum menyimpan" in shown
                started = time.monotonic()
                process.start()
                await process.polling()
                restarts.append(time.monotonic() - started)

                await asyncio.gather(*(_press_simpan_again(w) for w in windows))
                for window in windows:
                    uid = window.officer.user.id
                    stored = set(_entries_for(engine, uid, window.key, window.month))
                    lost += window.entry_id not in stored
                    duplicated += len(stored - window.before) > 1
                    told = ALREADY_SAVED_RE.search(window.second_reply)
                    if not told or int(told.group(1)) != window.entry_id:
                        wrong.append(window.second_reply)
                    delays.append(window.delay)
            saves = KILLS * PER_KILL
            print(
                f"\nSIGKILL between commit and reply: {KILLS} kills, {saves} saves; "
                f"lost {lost}, duplicated {duplicated}, other replies {len(wrong)}; second "
                f"press to reply: median {statistics.median(delays):.2f} s, max "
                f"{max(delays):.2f} s; restart (kill to polling): median "
                f"{statistics.median(restarts):.2f} s, max {max(restarts):.2f} s"
            )
            assert (lost, duplicated) == (0, 0)
            assert wrong == [], f"Simpan again was not told the saved entry: {wrong[:3]}"
            assert len(telegram_entries(engine)) == saves
            assert lapor_audit(engine) == {e.id for e in telegram_entries(engine)}
        finally:
            await process.stop()
