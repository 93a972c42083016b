"""Per-command latency, end to end through the Application on the emulator.

A sample is the time from queuing the user's update to the bot's last output for it (a message
sent or edited, a callback answered, in any chat), read from the emulator's output timestamps;
the quiet period the emulator waits for before the next command is not part of it. The time to
the first output is kept too: it is what the person who asked sees.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from bench.harness import BENCH_NOW, SETTLE, Live, button_data, span
from bot.views.entries import (
    LaporAllMonths,
    LaporConfirm,
    LaporIndicators,
    LaporMonth,
    LaporNode,
    LaporReplace,
    LaporSave,
    LaporSkip,
)
from bot.views.indicators import LaporIndicator, LaporQuarter
from emulator import EmuUser, plain_text
from lakip_model import indicator_ledger, indicators, ledger
from lakip_model.users import agency_id_of, deciders, require

SEARCH_WORDS = "anak"
# Questions in plain Indonesian (bot.journeys.ask), each beside the command it is answered by:
# the year said, as a Kepala Dinas would among five years of figures (else she is asked which).
QUESTIONS = {
    "tanya-ringkasan": "brp serapan anggaran thn {year}",  # /ringkasan
    "tanya-program": "realisasi program penunjang urusan {year}",  # a name: its drill-down
    "tanya-terendah": "program apa yg serapannya paling rendah {year}",  # lowest (/anggaran)
    "tanya-dibawahtarget": "indikator yg blm tercapai {year}",  # /dibawahtarget
}
READ_COMMANDS = ("ringkasan", "anggaran", "capaian", "dibawahtarget", "cari", *QUESTIONS)
CAPAIAN_QUARTER = 3  # /capaian asks for TW III: the bench clock is in November


@dataclass
class Samples:
    """Latencies of one command in one scenario, in seconds."""

    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)
    outputs: list[int] = field(default_factory=list)  # outputs per sample (messages, edits, ...)
    failures: int = 0


def command_text(command: str, year: int) -> str:
    if command in QUESTIONS:
        return QUESTIONS[command].format(year=year)
    if command == "cari":
        return f"/cari {SEARCH_WORDS} {year}"
    if command == "capaian":
        return f"/capaian {year} tw{CAPAIAN_QUARTER}"
    return f"/{command} {year}"


async def _one_read(live: Live, user: EmuUser, text: str) -> tuple[float, float, int]:
    emu = live.emu
    since = emu.mark()
    started = time.monotonic()
    await emu.send_text(user, text)
    outputs = await emu.wait_quiet(user.id, since=since, settle=SETTLE, timeout=30)
    first, last = span(outputs, started)
    return first, last, len(outputs)


async def read_commands(live: Live, samples: int, warmup: int) -> dict[str, Samples]:
    """Each read command ``samples`` times, round-robin so that drift hits them alike."""
    scenario = live.scenario
    readers = [live.emu.users[user_id] for user_id in scenario.readers]
    result = {name: Samples() for name in READ_COMMANDS}
    asked = 0
    for round_no in range(warmup + samples):
        for name in READ_COMMANDS:
            user = readers[asked % len(readers)]
            asked += 1
            first, last, count = await _one_read(live, user, command_text(name, scenario.read_year))
            if round_no >= warmup:
                result[name].first.append(first)
                result[name].last.append(last)
                result[name].outputs.append(count)
    return result


# --- a /lapor save ------------------------------------------------------------------------------


def save_targets(live: Live, count: int) -> list[tuple[int, str, int]]:
    """(node id, key, month) pairs the operator may report on, newest month first."""
    today: date = BENCH_NOW.date()
    with Session(live.engine) as session:
        actor = require(session, live.scenario.operators[0])
        fy = ledger.reporting_year(session, actor.agency_id, today)
        if fy is None:
            raise RuntimeError(f"{live.scenario.key}: no open year for the operator")
        nodes = [(int(n.id or 0), n.key) for n in ledger.recordable_nodes(session, actor, fy)]
        months = ledger.reportable_months(fy, today)
    if not nodes:
        raise RuntimeError(f"{live.scenario.key}: the operator has no sub-activity")
    return [(node_id, key, month) for month in reversed(months) for node_id, key in nodes][:count]


async def _walk_to_confirmation(
    live: Live, user: EmuUser, node_id: int, key: str, month: int
) -> dict[str, Any]:
    """Drive /lapor to the confirmation screen (not timed); returns that message."""
    emu = live.emu
    replies = await emu.ask(user, f"/lapor {key}", settle=SETTLE)
    if len(replies) != 1:
        raise RuntimeError(f"/lapor answered {[plain_text(m)[:80] for m in replies]}")
    nodes = replies[0]
    step = await _press(live, user, nodes, LaporNode(node_id).data())
    if LaporMonth(month).data() not in button_data(step):
        step = await _press(live, user, step, LaporAllMonths().data())
    step = await _press(live, user, step, LaporMonth(month).data())
    for _ in range(12):
        data, text = button_data(step), plain_text(step)
        if LaporSave().data() in data:
            return step
        if LaporReplace().data() in data:
            step = await _press(live, user, step, LaporReplace().data())
        elif LaporConfirm().data() in data:
            step = await _press(live, user, step, LaporConfirm().data())
        elif "Langkah 3/6" in text:
            step = (await emu.ask(user, "1", settle=SETTLE))[-1]
        elif "Langkah 4/6" in text:
            step = (await emu.ask(user, "100000", settle=SETTLE))[-1]
        elif LaporSkip().data() in data:
            step = await _press(live, user, step, LaporSkip().data())
        else:
            raise RuntimeError(f"unexpected /lapor step: {text[:120]!r}")
    raise RuntimeError("/lapor did not reach its confirmation")


async def _press(live: Live, user: EmuUser, message: dict[str, Any], data: str) -> dict[str, Any]:
    replies = await live.emu.click(user, message, data, settle=SETTLE)
    if not replies:
        raise RuntimeError(f"no reply to {data}: {live.emu.last_answer(user)}")
    return replies[-1]


async def lapor_saves(live: Live, samples: int, warmup: int) -> Samples:
    """Walk /lapor to its confirmation, then time the press of "Simpan" to the last output.

    A save answers the button, edits the confirmation and sends the entry to every reviewer;
    the bot computes between those, which the emulator cannot see, so the sample waits for that
    many outputs rather than for a quiet moment.
    """
    emu = live.emu
    operators = [emu.users[user_id] for user_id in live.scenario.operators]
    with Session(live.engine) as session:
        agency_id = agency_id_of(session, live.settings.agency_code)
        expected = 2 + len(deciders(session, agency_id, None).reviewers)
    result = Samples()
    for index, (node_id, key, month) in enumerate(save_targets(live, warmup + samples)):
        user = operators[index % len(operators)]
        confirm = await _walk_to_confirmation(live, user, node_id, key, month)
        since = emu.mark()
        started = time.monotonic()
        await emu.press(user, confirm, LaporSave().data())

        def all_out(since: int = since) -> bool:
            return len(emu.outputs_since(since)) >= expected

        await emu.wait_for(all_out, timeout=60)
        await emu.idle(settle=SETTLE, timeout=60)
        outputs = emu.outputs_since(since)
        saved = emu.private_chat(user).message(int(confirm["message_id"]))
        if saved is None or "Tersimpan" not in plain_text(saved):
            result.failures += 1
            continue
        if index < warmup:
            continue
        first, last = span(outputs, started)
        result.first.append(first)
        result.last.append(last)
        result.outputs.append(len(outputs))
    return result


# --- an indicator's figure (the "Indikator kinerja" branch of /lapor) ---------------------------


def indicator_targets(live: Live, count: int) -> list[tuple[int, int]]:
    """(indicator id, quarter) pairs the operator may report, latest quarter first."""
    today: date = BENCH_NOW.date()
    with Session(live.engine) as session:
        actor = require(session, live.scenario.operators[0])
        fy = ledger.reporting_year(session, actor.agency_id, today)
        if fy is None:
            raise RuntimeError(f"{live.scenario.key}: no open year for the operator")
        rows = [int(i.id or 0) for i in indicators.recordable_indicators(session, actor, fy)]
        quarters = indicator_ledger.reportable_quarters(fy, today)
    if not rows:
        raise RuntimeError(f"{live.scenario.key}: the operator has no indicator")
    pairs = [(i, q) for q in reversed(quarters) for i in rows]
    return [pairs[n % len(pairs)] for n in range(count)]


async def _walk_indicator(
    live: Live, user: EmuUser, indicator_id: int, quarter: int
) -> dict[str, Any]:
    """Drive /lapor's indicator branch to its confirmation (not timed); returns that message."""
    emu = live.emu
    replies = await emu.ask(user, "/lapor", settle=SETTLE)
    step = await _press(live, user, replies[-1], LaporIndicators().data())
    step = await _press(live, user, step, LaporIndicator(indicator_id).data())
    step = await _press(live, user, step, LaporQuarter(quarter).data())
    step = (await emu.ask(user, "1", settle=SETTLE))[-1]
    for _ in range(4):
        data = button_data(step)
        if LaporSave().data() in data:
            return step
        if LaporConfirm().data() in data:
            step = await _press(live, user, step, LaporConfirm().data())
        elif LaporSkip().data() in data:
            step = await _press(live, user, step, LaporSkip().data())
        else:
            raise RuntimeError(f"unexpected indicator step: {plain_text(step)[:120]!r}")
    raise RuntimeError("the indicator branch did not reach its confirmation")


async def indicator_saves(live: Live, samples: int, warmup: int) -> Samples:
    """As :func:`lapor_saves`, for an indicator's figure: the press of "Simpan" to the last
    output (the confirmation edited, the entry sent to every reviewer)."""
    emu = live.emu
    operators = [emu.users[user_id] for user_id in live.scenario.operators]
    with Session(live.engine) as session:
        agency_id = agency_id_of(session, live.settings.agency_code)
        expected = 2 + len(deciders(session, agency_id, None).reviewers)
    result = Samples()
    for index, (indicator_id, quarter) in enumerate(indicator_targets(live, warmup + samples)):
        user = operators[index % len(operators)]
        confirm = await _walk_indicator(live, user, indicator_id, quarter)
        since = emu.mark()
        started = time.monotonic()
        await emu.press(user, confirm, LaporSave().data())

        def all_out(since: int = since) -> bool:
            return len(emu.outputs_since(since)) >= expected

        await emu.wait_for(all_out, timeout=60)
        await emu.idle(settle=SETTLE, timeout=60)
        outputs = emu.outputs_since(since)
        saved = emu.private_chat(user).message(int(confirm["message_id"]))
        if saved is None or "Tersimpan" not in plain_text(saved):
            result.failures += 1
            continue
        if index < warmup:
            continue
        first, last = span(outputs, started)
        result.first.append(first)
        result.last.append(last)
        result.outputs.append(len(outputs))
    return result


# --- the city's ranking (/peringkat, a city role) ----------------------------------------------

RANKING_QUARTER = 3


def ranking_text(year: int) -> str:
    return f"/peringkat {year} tw{RANKING_QUARTER}"


def ranking_available(live: Live) -> bool:
    """Whether this build has /peringkat: the domain's ``lakip_model.city.ranking`` and a
    command handler for it (another change brings both; until then the scenario is reported
    as not available, never as a pass)."""
    import importlib

    from telegram.ext import CommandHandler

    try:
        city = importlib.import_module("lakip_model.city")
    except ImportError:
        return False
    if not callable(getattr(city, "ranking", None)):
        return False
    return any(
        isinstance(handler, CommandHandler) and "peringkat" in handler.commands
        for group in live.app.handlers.values()
        for handler in group
    )


async def ranking(live: Live, samples: int, warmup: int) -> tuple[Samples, str]:
    """/peringkat for the year and TW III, asked by the scenario's city reader; the samples
    and the text of the last reply (kept with the figures, to see what was answered)."""
    reader = live.scenario.city_reader
    assert reader is not None, "a city scenario has a city reader"
    user = live.emu.users[reader]
    text = ranking_text(live.scenario.read_year)
    result = Samples()
    reply = ""
    for round_no in range(warmup + samples):
        since = live.emu.mark()
        started = time.monotonic()
        await live.emu.send_text(user, text)
        outputs = await live.emu.wait_quiet(user.id, since=since, settle=SETTLE, timeout=30)
        first, last = span(outputs, started)
        last_message = live.emu.private_chat(user).last_bot_message
        reply = plain_text(last_message) if last_message else ""
        if round_no >= warmup:
            result.first.append(first)
            result.last.append(last)
            result.outputs.append(len(outputs))
    return result, reply
