"""Hostile and broken input: Hypothesis streams of random updates through the emulator into the
real Application, checked after every batch.

What every stream must leave true:

* no exception reaches the error handler (nothing logged at ERROR) and the emulator refused no
  request (malformed HTML from an unescaped echo, a message over 4096 characters, a callback
  answered twice would all show up there);
* every message a user sends in a private chat, and every command to this bot in a group, gets
  at least one visible answer in that chat; every button press is answered; chatter in a group,
  commands for other bots and channel posts get no answer;
* the tables with figures, users and the audit trail change only where the bot acknowledged an
  authorized action in the same batch (see ``unexplained_writes``).

Each test runs one Application for all its examples (starting one takes a fifth of a second);
examples are played in rounds of one update per chat, so an answer is known to belong to the
update of its chat. ``LAKIP_FUZZ=1`` draws new random streams on every run (CI replays the same
ones, derandomized).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot import texts
from bot.callbacks import SEPARATOR, Button
from bot.views.admin import (
    RegistrationApprove,
    RegistrationReject,
    UserOpen,
    UserRemove,
    UserRemoveConfirmed,
    UserRoles,
    UserSetRole,
    UsersPage,
)
from bot.views.entries import LaporCancel, LaporSave
from bot.views.status import (
    BelowPage,
    BudgetFilter,
    Chart,
    Export,
    IndicatorShow,
    IndicatorsPage,
    SearchPage,
)
from bot.views.status import BudgetNode as StatusBudgetNode
from emulator import EmuChat, EmuUser, plain_text
from lakip_model import ledger
from lakip_model.db import session_scope
from lakip_model.ledger import Draft
from lakip_model.models import (
    BudgetNode,
    FiscalYear,
    Indicator,
    NodeLevel,
    RealizationEntry,
    Role,
    Unit,
)
from lakip_model.users import request_registration, set_user, unit_by_code
from lakip_model.years import open_year
from tests.robustness.conftest import (
    LiveBot,
    acks_in,
    api_errors,
    live_bot,
    snapshot,
    unexplained_writes,
)
from tests.support.bot import (
    ADMIN_ID,
    KADIS_ID,
    OPERATOR_ID,
    OPERATOR_PKM_ID,
    STRANGER_ID,
    VERIFIER_ID,
    BotEnv,
)

FUZZ = os.environ.get("LAKIP_FUZZ") == "1"
# Updates per test (at least): together over the 10,000 the CI budget asks for.
RANDOM_EXAMPLES, RANDOM_STEPS = 175, (40, 60)  # >= 7,000 updates
LAPOR_EXAMPLES, LAPOR_ROUNDS = 20, 40  # 4 people a round: 3,200 updates
BOT = "LakipBinjaiBot"
GROUP_ID, CHANNEL_ID = -1001230001, -1001230002
CANDIDATE_ID = 7098  # a stranger whose registration request waits for an admin
RINA_ID = 7010  # a second PPPA operator, for two officers on the same row
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def hypothesis_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * (4 if FUZZ else 1),
        derandomize=not FUZZ,
        deadline=None,
        database=None,
        # the bot is shared by the examples on purpose; shrinking a stream replayed against a
        # bot whose state moved on would mislead, and the failing round is reported anyway
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


# --- what people type -----------------------------------------------------------------------------

FRAGMENTS = (
    # HTML and Markdown that must come back escaped, or not at all
    "<b>",
    "</b>",
    "</pre>",
    "<pre>",
    "<code>",
    '<a href="javascript:alert(1)">x</a>',
    "<script>alert(1)</script>",
    "<tg-spoiler>",
    "&",
    "&amp;",
    "&lt;",
    "&#0;",
    "&bogus;",
    "<",
    ">",
    '"',
    "'",
    "*bold*",
    "_it_",
    "`code`",
    "```pre```",
    "[link](http://x)",
    "||spoiler||",
    "\\",
    # SQL and format strings
    "' OR 1=1 --",
    "'; DROP TABLE appuser; --",
    '" OR ""="',
    "%s%s%n",
    "{0}",
    "{query}",
    "{}",
    "%(name)s",
    # scripts, emoji, invisible characters
    "👨‍👩‍👧‍👦",
    "🇮🇩",
    "مرحبا بالعالم",
    "שלום",
    "\u202e\u202d",
    "\u200b\u200c\u200d\u2060\ufeff",
    "e\u0301\u0301\u0301",
    "Z̴̡̨̢̛͇",
    "\x00",
    "\t",
    "\r\n",
    "\n\n\n",
    " ",
    # numbers the officers' steps might choke on
    "١٢٣",
    "１２３",
    "²",
    "½",
    "1.000.000",
    "2,5 jt",
    "-5",
    "0",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999999",
    "Rp 1.000",
    "3 orang",
    "1.2.3",
    "2022",
    "2026",
    "20222",
    "tw5",
    "triwulan IV",
    "P7.K2.S1",
    "perlindungan",
    "@LakipBinjaiBot",
    "#tag",
    "http://example.com",
)
HUGE_UNITS = ("a", "ab ", "<b>", "&", "👍", "مرحبا ", "\u200b", "x\n", "1.000.")
COMMANDS = (
    "start",
    "bantuan",
    "help",
    "ringkasan",
    "summary",
    "anggaran",
    "budget",
    "capaian",
    "indicators",
    "dibawahtarget",
    "below",
    "cari",
    "search",
    "lapor",
    "report",
    "riwayat",
    "history",
    "urungkan",
    "undo",
    "verifikasi",
    "review",
    "pengguna",
    "users",
    "daftar",
    "register",
    "batal",
    "cancel",
    "tenggat",
    "deadlines",
    "pengingat",
    "keluar",
    "foo",
    "sudo",
    "RINGKASAN",
    "Lapor",
    "a" * 32,
    "b" * 40,
)
SLOW_COMMANDS = ("grafik", "chart", "ekspor", "export")  # a chart or a workbook: seconds
ARGS = (
    "",
    " ' OR 1=1 --",
    " <script>alert(1)</script>",
    " 20222",
    " 2022",
    " 2026",
    " 1899",
    " tw5",
    " tw2 2026",
    " triwulan IV",
    " -1",
    " 99999999999999999999",
    " 2022 2026",
    " &amp; </pre>",
    " {query} {0}",
    " ../../etc/passwd",
)
ADDRESSEES = ("", "", "", f"@{BOT}", f"@{BOT.lower()}", "@OtherBot")


def _codec(kind: type[Button], *fields: str) -> str:
    """Callback data of ``kind`` with fields as given (a template, or not a valid value)."""
    return SEPARATOR.join([f"{kind.prefix}:{kind.version}", *fields])


CALLBACKS = (
    # /lapor, /riwayat and verification (bot.views.entries; the last: a review prefix no
    # button has)
    "lapor.node:1|{a}",
    "lapor.page:1|{a}",
    "lapor.month:1|{a}",
    "lapor.months:1",
    "lapor.replace:1",
    "lapor.confirm:1",
    "lapor.retype:1",
    "lapor.skip:1",
    "lapor.save:1",
    "lapor.cancel:1",
    "history.node:1|{a}",
    "review.approve:1|{a}",
    "review.reject:1|{a}",
    "review.list:1",
    _codec(RegistrationApprove, "{a}", "admin", ""),
    _codec(RegistrationReject, "{a}"),
    _codec(RegistrationApprove, "{a}", "operator", ""),
    _codec(RegistrationApprove, "{a}", "operator", "{b}"),
    _codec(RegistrationApprove, "{a}", "verifikator", ""),
    _codec(RegistrationApprove, "{a}", "root", ""),
    _codec(UsersPage, "{a}"),
    _codec(UserOpen, "{a}"),
    _codec(UserRoles, "{a}"),
    _codec(UserSetRole, "{a}", "admin", ""),
    _codec(UserSetRole, "{a}", "operator", "{b}"),
    _codec(UserSetRole, "{a}", "superuser", ""),
    _codec(UserRemove, "{a}"),
    _codec(UserRemoveConfirmed, "{a}"),
    _codec(StatusBudgetNode, "{y}", "{a}", "{b}", "0"),
    _codec(StatusBudgetNode, "{y}", "{a}", "{b}", "{q}"),
    _codec(BudgetFilter, "{y}", "{q}", "{b}", "{t}"),
    _codec(IndicatorsPage, "{y}", "{b}"),
    _codec(BelowPage, "{y}", "{b}"),
    _codec(SearchPage, "{y}", "{b}", "{t}"),
    _codec(IndicatorShow, "{y}", "{a}"),
    "ang|{y}|{a}|{b}",  # a button of the release before the codec, in an old message
    "menu|{y}",
    "deadline.edit:1|{t}",
    "deadline.day:1|{a}|{t}",
    "deadline.shift:1|{t}|{t}",
    "reminder.toggle:1|{a}|{t}",
    "reminder.leads:1|{a}|{b}",
    "reminder.unit:1|{a}",
    "{t}|{a}",
)
SLOW_CALLBACKS = (_codec(Chart, "{y}"), _codec(Export, "{y}"))
COMMAND_AT_START = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@([A-Za-z0-9_]{3,32}))?(?![A-Za-z0-9_@/])")


def _huge(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _clip(data: str, limit: int = 64) -> str:
    """Callback data as Telegram carries it: 1-64 bytes."""
    return data.encode()[:limit].decode(errors="ignore") or "x"


def _rare(often: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], percent: int) -> Any:
    return st.integers(0, 99).flatmap(lambda n: rare if n < percent else often)


def typed_text() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
    short = st.lists(piece, max_size=6).map("".join)
    huge = st.builds(
        _huge, st.one_of(st.sampled_from(HUGE_UNITS), short.filter(bool)), st.integers(4097, 9000)
    )
    return _rare(short, huge, 5)


def commands() -> st.SearchStrategy[str]:
    name = _rare(
        st.one_of(st.sampled_from(COMMANDS), st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True)),
        st.sampled_from(SLOW_COMMANDS),
        4,
    )
    args = st.one_of(st.sampled_from(ARGS), typed_text().map(lambda t: " " + t))
    return st.builds(lambda n, to, a: f"/{n}{to}{a}", name, st.sampled_from(ADDRESSEES), args)


@dataclass(frozen=True)
class Ids:
    """Real ids in the database, so forged buttons point at things that exist."""

    values: tuple[int, ...]

    def strategy(self) -> st.SearchStrategy[int]:
        return st.one_of(
            st.sampled_from(self.values),
            st.integers(-3, 2000),
            st.sampled_from((2**31, 2**63, 10**30)),
        )


def callback_data(ids: Ids) -> st.SearchStrategy[str]:
    template = _rare(st.sampled_from(CALLBACKS), st.sampled_from(SLOW_CALLBACKS), 2)
    forged = st.builds(
        lambda tpl, a, b, y, q, t: tpl.format(a=a, b=b, y=y, q=q, t=t),
        template,
        ids.strategy(),
        ids.strategy(),
        st.sampled_from((2022, 2026, 2021, 0, -1, 99999999999)),
        st.integers(-1, 6),
        typed_text(),
    )
    return st.one_of(forged, forged, forged, st.text(min_size=1, max_size=64)).map(_clip)


@dataclass(frozen=True)
class Step:
    """One update: who, where (private chat or the group), what."""

    actor: int
    kind: str
    place: str = "private"
    text: str = ""
    message_id: int | None = None  # for "button": the bot message it is on (None: the last)


KINDS = (
    ("text", 25),
    ("command", 25),
    ("callback", 20),
    ("photo", 5),
    ("document", 3),
    ("sticker", 3),
    ("other", 3),
    ("edit", 6),
    ("channel", 5),
    ("member", 5),
)


def steps(actors: tuple[int, ...], ids: Ids) -> st.SearchStrategy[Step]:
    table = [kind for kind, weight in KINDS for _ in range(weight)]
    payload = {
        "text": typed_text(),
        "command": commands(),
        "callback": callback_data(ids),
        "edit": typed_text(),
        "channel": st.one_of(typed_text(), commands()),
    }

    def build(kind: str) -> st.SearchStrategy[Step]:
        return st.builds(
            Step,
            st.sampled_from(actors),
            st.just(kind),
            st.sampled_from(("private", "private", "group")),
            payload.get(kind, st.one_of(st.just(""), typed_text())),
        )

    return st.sampled_from(table).flatmap(build)


# --- the scene ------------------------------------------------------------------------------------


@dataclass
class Scene:
    bot: LiveBot
    people: dict[int, EmuUser]
    group: EmuChat
    channel: EmuChat
    ids: Ids

    @property
    def emu(self) -> Any:
        return self.bot.emu


def _ids(engine: Engine) -> Ids:
    with Session(engine) as session:
        nodes = session.exec(select(BudgetNode.id).order_by(col(BudgetNode.id))).all()
        entries = session.exec(select(RealizationEntry.id).order_by(col(RealizationEntry.id))).all()
        units = session.exec(select(Unit.id)).all()
        indicators = session.exec(select(Indicator.id)).all()
    people = (ADMIN_ID, KADIS_ID, OPERATOR_ID, VERIFIER_ID, OPERATOR_PKM_ID, STRANGER_ID)
    values = {*nodes[:40], *nodes[-40:], *entries[-20:], *units, *indicators[:10], *people, 1, 2}
    return Ids(tuple(sorted(int(v) for v in values)))


def _prepare_database(engine: Engine, today: datetime) -> None:
    """2026 open; an entry of the admin waiting for review; a stranger's request waiting."""
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
        set_user(session, None, RINA_ID, Role.OPERATOR, unit_by_code(session, "bidang-pppa").id)
    with session_scope(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        node = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.SUB_KEGIATAN
            )
        ).first()
        assert node is not None
        draft = Draft(int(node.id or 0), 2026, 4, None, None, 1_000_000)
        ledger.save(session, ADMIN_ID, draft, today.date(), confirmed=set(), expected_replaces=None)
        request_registration(session, CANDIDATE_ID, "Calon <b>Pengguna</b>", None, CANDIDATE_ID)


async def make_scene(bot: LiveBot, actors: tuple[int, ...]) -> Scene:
    _prepare_database(bot.engine, bot.now())
    emu = bot.emu
    names = {
        ADMIN_ID: "Admin",
        KADIS_ID: "Kepala Dinas",
        OPERATOR_ID: "Siti",
        VERIFIER_ID: "Verifikator",
        OPERATOR_PKM_ID: "Budi",
        STRANGER_ID: "Orang <i>Asing</i>",
        RINA_ID: "Rina",
    }
    people = {uid: emu.user(uid, name, username=f"u{uid}") for uid, name in names.items()}
    group = emu.group(GROUP_ID, "Grup <Bidang> & PPPA", members=[people[a] for a in actors])
    channel = emu.channel(CHANNEL_ID, "Kanal DP3AM")
    scene = Scene(bot, people, group, channel, _ids(bot.engine))
    # every chat gets a bot message, for buttons to be pressed on
    await play_round(scene, [Step(a, "command", "private", "/start") for a in actors])
    await play_round(scene, [Step(actors[0], "command", "group", f"/start@{BOT}")])
    return scene


# --- playing updates and checking what happened --------------------------------------------------


def expectation(text: str, place: str) -> str:
    """What a message with ``text`` calls for: "reply", "silent" or "any" (either is right)."""
    command = COMMAND_AT_START.match(text)
    if command is not None:
        addressee = command.group(1)
        if addressee and addressee.lower() != BOT.lower():
            return "silent" if place == "group" else "any"
        return "reply"
    if place == "private":
        return "reply"
    if f"@{BOT}".lower() in text.lower():
        return "any"  # a question to the bot in a group (bot.journeys.ask), if Telegram says so
    return "any" if text.startswith("/") else "silent"


@dataclass
class Pushed:
    step: Step
    update_id: int | None  # None for a button press: known by its query id
    chat_id: int
    expect: str
    query_id: str | None = None


async def push(scene: Scene, step: Step) -> Pushed:
    emu, user = scene.emu, scene.people[step.actor]
    chat = scene.group if step.place == "group" else emu.private_chat(user)
    target = None if step.place == "private" else chat
    kind, text = step.kind, step.text
    if kind == "edit":
        mine = [m for m in chat.user_messages if m["from"]["id"] == user.id and "text" in m]
        if mine:
            update = await emu.edit_text(user, mine[-1], text)
            return Pushed(step, update["update_id"], chat.id, "any")
        kind = "text"
    if kind in ("text", "command"):
        update = await emu.send_text(user, text, chat=target)
        return Pushed(step, update["update_id"], chat.id, expectation(text, step.place))
    if kind == "callback":
        return await _press(scene, step, user, chat)
    if kind == "button":
        return await press_real(scene, step)
    if kind == "channel":
        return await _channel_post(scene, step)
    if kind == "member":
        return await _member_update(scene, step, user)
    silent_in_groups = "reply" if step.place == "private" else "silent"
    if kind == "photo":
        update = await emu.send_photo(user, PNG, caption=text or None, chat=target)
    elif kind == "document":
        name = _clip(text or "dokumen.pdf", 60)
        update = await emu.send_document(user, b"%PDF-1.4 junk", file_name=name, chat=target)
    elif kind == "sticker":
        update = await emu.send_sticker(user, emoji=text[:2] or "👍", chat=target)
    else:
        other: list[dict[str, Any]] = [
            {"location": {"latitude": 3.6, "longitude": 98.49}},
            {"contact": {"phone_number": "+62 812 0000", "first_name": text[:30] or "X"}},
            {"dice": {"emoji": "🎲", "value": 3}},
        ]
        update = await emu.send(user, chat=target, **other[len(text) % 3])
    return Pushed(step, update["update_id"], chat.id, silent_in_groups)


async def _press(scene: Scene, step: Step, user: EmuUser, chat: EmuChat) -> Pushed:
    """A forged button: the data is put on the chat's last bot message and pressed."""
    message = chat.last_bot_message
    assert message is not None, "every chat starts with a bot message"
    message["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": step.text}]]}
    query_id = await scene.emu.press(user, message, "⚑")
    return Pushed(step, None, chat.id, "answer", query_id)


async def _channel_post(scene: Scene, step: Step) -> Pushed:
    channel = scene.channel
    post: dict[str, Any] = {
        "message_id": channel.take_message_id(),
        "sender_chat": channel.to_api(),
        "chat": channel.to_api(),
        "date": int(time.time()),
        "text": step.text or ".",
    }
    entities = scene.emu.text_entities(post["text"])
    if entities:
        post["entities"] = entities
    update = await scene.emu.push_update({"channel_post": post})
    return Pushed(step, update["update_id"], channel.id, "silent")


async def _member_update(scene: Scene, step: Step, user: EmuUser) -> Pushed:
    """The bot added to or removed from the group (the update only; the group stays as it is)."""
    statuses = ("member", "left", "kicked")
    old, new = statuses[len(step.text) % 3], statuses[(len(step.text) + 1) % 3]

    def member(status: str) -> dict[str, Any]:
        extra = {"until_date": 0} if status == "kicked" else {}
        return {"status": status, "user": scene.emu.bot_user, **extra}

    update = await scene.emu.push_update(
        {
            "my_chat_member": {
                "chat": scene.group.to_api(),
                "from": user.to_api(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }
    )
    return Pushed(step, update["update_id"], scene.group.id, "any")


async def play_round(scene: Scene, steps: list[Step]) -> None:
    """Push one update per chat, wait until the bot is done with all, check each."""
    emu, bot = scene.emu, scene.bot
    since, errors_since = emu.mark(), len(emu.errors)
    pushed = [await push(scene, step) for step in steps]
    await bot.tracker.finished(
        {p.update_id for p in pushed if p.update_id is not None},
        {p.query_id for p in pushed if p.query_id is not None},
    )
    where = f"in the round {[p.step for p in pushed]}"
    logged = bot.errors.take()
    assert not logged, f"errors logged {where}:\n" + "\n".join(logged)
    refused = api_errors(emu, errors_since)
    assert not refused, f"the emulator refused {refused} {where}"
    assert not emu.internal_errors
    for p in pushed:
        outputs = emu.outputs_since(since, p.chat_id)
        shown = [o for o in outputs if o.kind in ("send", "edit")]
        if p.expect == "reply":
            assert shown, f"no answer to {p.step}"
        elif p.expect == "silent":
            assert not outputs, f"the bot spoke after {p.step}: {emu.messages_of(outputs)}"
        elif p.expect == "answer":
            assert p.query_id in emu.callback_answers, f"button {p.step} never answered"


def chat_key(step: Step) -> int:
    if step.kind == "channel":
        return CHANNEL_ID
    if step.place == "group" or step.kind == "member":
        return GROUP_ID
    return step.actor


async def play(scene: Scene, stream: list[Step]) -> None:
    """All steps, in rounds of at most one per chat (in order within a chat); then the database
    check for the whole stream."""
    engine = scene.bot.engine
    before, since = snapshot(engine), scene.emu.mark()
    queues: dict[int, deque[Step]] = {}
    for step in stream:
        queues.setdefault(chat_key(step), deque()).append(step)
    while any(queues.values()):
        await play_round(scene, [q.popleft() for q in queues.values() if q])
    problems = unexplained_writes(before, snapshot(engine), acks_in(scene.emu, since))
    assert not problems, f"unexplained writes: {problems}"


def run_examples(
    db_url: str,
    engine: Engine,
    clock: Callable[[], datetime],
    actors: tuple[int, ...],
    body: Callable[[asyncio.Runner, Scene], int],
) -> int:
    """Start the bot, let ``body`` run its Hypothesis examples, stop the bot; updates sent."""
    with asyncio.Runner() as runner:
        bot = live_bot(db_url, engine, clock)
        runner.run(bot.start())
        try:
            scene = runner.run(make_scene(bot, actors))
            return body(runner, scene)
        finally:
            runner.run(bot.stop())


# --- the tests ------------------------------------------------------------------------------------


def test_random_update_streams(db_url: str, engine: Engine, clock: Callable[[], datetime]) -> None:
    """Strangers, the Kepala Dinas and two officers send anything, anywhere, in any order."""
    actors = (STRANGER_ID, KADIS_ID, OPERATOR_ID, OPERATOR_PKM_ID)

    def body(runner: asyncio.Runner, scene: Scene) -> int:
        sent = 0

        @hypothesis_settings(RANDOM_EXAMPLES)
        @given(
            st.lists(steps(actors, scene.ids), min_size=RANDOM_STEPS[0], max_size=RANDOM_STEPS[1])
        )
        def example(stream: list[Step]) -> None:
            nonlocal sent
            runner.run(play(scene, stream))
            sent += len(stream)

        example()
        return sent

    sent = run_examples(db_url, engine, clock, actors, body)
    assert sent >= RANDOM_EXAMPLES * RANDOM_STEPS[0]


# --- /lapor with junk in every step -------------------------------------------------------------

OFFICERS = (OPERATOR_ID, RINA_ID, OPERATOR_PKM_ID)
PLAUSIBLE = (
    "5",
    "12 orang",
    "2,5 jt",
    "1.000.000",
    "750000",
    "0",
    "60 jt",
    "Rp 3.000.000",
    "Kegiatan <b>selesai</b> & lancar </pre>",
    "perlindungan",
    "pengaduan",
)
REASONS = ("Bukti <kwitansi> belum & ada", "' OR 1=1 --", "{0}{query}", "ok", "\u202e\u200b")


def _buttons(message: dict[str, Any] | None) -> list[str]:
    if message is None:
        return []
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def junk_steps(ids: Ids) -> st.SearchStrategy[tuple[str, str]]:
    """(kind, payload) of something an officer might send instead of the expected answer."""
    payload = {
        "text": typed_text(),
        "edit": typed_text(),
        "command": commands(),
        "callback": st.one_of(
            callback_data(ids), st.sampled_from(CALLBACKS[:14]).map(lambda t: t.format(a=1))
        ),
    }
    kinds = ("text", "command", "callback", "photo", "sticker", "document", "edit")
    return st.sampled_from(kinds).flatmap(
        lambda kind: st.tuples(st.just(kind), payload.get(kind, st.just("")))
    )


@dataclass(frozen=True)
class Choice:
    """The same draws whatever the bot did (Hypothesis needs data generation independent of the
    system's state); the bot's last message decides what they mean."""

    n: int
    pick: int
    junk: tuple[str, str]


def choices(ids: Ids) -> st.SearchStrategy[Choice]:
    return st.builds(Choice, st.integers(0, 99), st.integers(0, 10**6), junk_steps(ids))


def officer_step(scene: Scene, choice: Choice, actor: int) -> Step:
    """Mostly what a careful officer would do next (so entries do get saved), often not."""
    last = scene.emu.private_chat(scene.people[actor]).last_bot_message
    said = plain_text(last) if last else ""
    buttons = _buttons(last)
    cancel = LaporCancel().data()
    onward = [b for b in buttons if b != cancel] or buttons  # "Batal" only now and then
    n, pick = choice.n, choice.pick
    if n < 75:
        if "Kirim foto" in said and n % 2 == 0:
            return Step(actor, "photo")
        if "Ketik" in said and (n % 3 or not onward):
            return Step(actor, "text", text=PLAUSIBLE[pick % len(PLAUSIBLE)])
        if LaporSave().data() in onward and pick % 4:
            # the confirmation has an "Ubah" per field too: mostly save, sometimes change one
            return Step(actor, "button", text=LaporSave().data())
        if buttons:
            chosen = buttons if pick % 20 == 0 else onward
            return Step(actor, "button", text=chosen[pick % len(chosen)])
        return Step(actor, "command", text="/lapor")
    if n < 78:
        return Step(actor, "command", text="/lapor")
    if n < 80:
        return Step(actor, "command", text=("/batal", "/cancel")[n % 2])
    if n < 81:
        return Step(actor, "command", text="/urungkan")
    if n < 82:
        return Step(actor, "command", text="/riwayat")
    return Step(actor, choice.junk[0], "private", choice.junk[1])


def verifier_step(scene: Scene, choice: Choice, actor: int) -> Step:
    chat = scene.emu.private_chat(scene.people[actor])
    last = chat.last_bot_message
    n = choice.n
    if n < 60:
        if last is not None and "alasan penolakan" in plain_text(last) and n < 40:
            return Step(actor, "text", text=REASONS[choice.pick % len(REASONS)])
        reviews = [
            m for m in chat.bot_messages[-8:] if any(b.startswith("review.") for b in _buttons(m))
        ]
        if reviews:
            message = reviews[choice.pick % len(reviews)]
            buttons = _buttons(message)
            pick = buttons[(choice.pick // 7) % len(buttons)]
            return Step(actor, "button", text=pick, message_id=message["message_id"])
        return Step(actor, "command", text="/verifikasi")
    return Step(actor, choice.junk[0], "private", choice.junk[1])


async def press_real(scene: Scene, step: Step) -> Pushed:
    """A real button of the bot, pressed by its data."""
    user = scene.people[step.actor]
    chat = scene.emu.private_chat(user)
    message = chat.message(step.message_id) if step.message_id else chat.last_bot_message
    assert message is not None
    query_id = await scene.emu.press(user, message, step.text)
    return Pushed(step, None, chat.id, "answer", query_id)


async def play_lapor(scene: Scene, rounds: list[list[Choice]]) -> int:
    engine, emu = scene.bot.engine, scene.emu
    before, since = snapshot(engine), emu.mark()
    for round_choices in rounds:
        *officers, verifier = round_choices
        steps = [officer_step(scene, c, a) for c, a in zip(officers, OFFICERS, strict=True)]
        steps.append(verifier_step(scene, verifier, VERIFIER_ID))
        await play_round(scene, steps)
    acks = acks_in(emu, since)
    problems = unexplained_writes(before, snapshot(engine), acks)
    assert not problems, f"unexplained writes: {problems}"
    return len(rounds) * (len(OFFICERS) + 1)


def test_lapor_with_junk_in_every_step(
    db_url: str, engine: Engine, clock: Callable[[], datetime]
) -> None:
    """Three officers (two on the same unit) and a verifikator: mostly the right move, often
    junk. Entries get saved, approved, rejected and withdrawn, and nothing else changes."""
    actors = (*OFFICERS, VERIFIER_ID)

    def body(runner: asyncio.Runner, scene: Scene) -> int:
        sent = 0

        people = len(actors)
        a_round = st.lists(choices(scene.ids), min_size=people, max_size=people)

        @hypothesis_settings(LAPOR_EXAMPLES)
        @given(st.lists(a_round, min_size=LAPOR_ROUNDS, max_size=LAPOR_ROUNDS))
        def example(rounds: list[list[Choice]]) -> None:
            nonlocal sent
            sent += runner.run(play_lapor(scene, rounds))

        example()
        return sent

    sent = run_examples(db_url, engine, clock, actors, body)
    assert sent >= LAPOR_EXAMPLES * LAPOR_ROUNDS * len(actors)
    with Session(engine) as session:
        saved = session.exec(
            select(RealizationEntry.id).where(col(RealizationEntry.submitted_by).in_(OFFICERS))
        ).all()
    assert len(saved) >= 3  # the flows did complete, not only fail


# --- the known bugs, one by one -------------------------------------------------------------------


@pytest.fixture
async def year(env: BotEnv) -> AsyncIterator[BotEnv]:
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    yield env


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_command_posted_in_a_channel_gets_no_answer(env: BotEnv) -> None:
    emu = env.emu
    channel = emu.channel(-1001239999, "Kanal DP3AM")
    since = emu.mark()
    for text in ("/ringkasan", "/foo@LakipBinjaiBot"):
        post = {
            "message_id": channel.take_message_id(),
            "sender_chat": channel.to_api(),
            "chat": channel.to_api(),
            "date": int(time.time()),
            "text": text,
            "entities": emu.text_entities(text),
        }
        await emu.push_update({"channel_post": post})
    await emu.idle()
    assert not emu.outputs_since(since, channel.id)


async def test_editing_an_answer_during_lapor_is_not_an_error(
    year: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    emu, op = year.emu, year.operator
    await emu.ask(op, "/lapor")
    typed = await emu.send_text(op, "pengaduan")  # a search in the first step
    await emu.wait_quiet(op.id, since=emu.mark() - 1)
    since = emu.mark()
    await emu.edit_text(op, typed, "perlindungan")
    await emu.idle()
    said = [plain_text(m) for m in emu.messages_of(emu.outputs_since(since, op.id))]
    assert not errors_logged(caplog) and not any(texts.ERROR in t for t in said)


@pytest.mark.parametrize("data", [Chart(2021).data(), Export(2021).data()])
async def test_the_chart_button_of_a_year_without_data_says_so(
    env: BotEnv, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    emu, kadis = env.emu, env.kadis
    [message] = await emu.ask(kadis, "/bantuan")
    emu.private_chat(kadis).message(message["message_id"])["reply_markup"] = {
        "inline_keyboard": [[{"text": "⚑", "callback_data": data}]]
    }
    query = await emu.press(kadis, message, "⚑")

    def said() -> str:
        return (emu.callback_answers.get(query) or {}).get("text") or ""

    await emu.wait_for(lambda: said() or errors_logged(caplog))
    assert "Tidak ada data untuk tahun 2021" in said()
    assert not errors_logged(caplog)


# Beyond PostgreSQL's INTEGER (2**31 - 1) — the hypothesis stream found the first on PostgreSQL
# only — and beyond 64 bits; "²" passes str.isdigit() but not int().
FORGED_NUMBERS = (str(2**31), str(2**63), "²")


@pytest.mark.parametrize("number", FORGED_NUMBERS)
@pytest.mark.parametrize(
    ("who", "template"),
    [
        ("operator", "lapor.node:1|{n}"),
        ("verifier", "review.approve:1|{n}"),
        ("verifier", "review.reject:1|{n}"),
        ("kadis", "history.node:1|{n}"),
        ("admin", _codec(RegistrationReject, "{n}")),
        ("admin", _codec(UserOpen, "{n}")),
        ("kadis", "rw|{n}"),
        ("kadis", _codec(StatusBudgetNode, "{n}", "0", "0", "0")),
        ("kadis", _codec(StatusBudgetNode, "2022", "{n}", "0", "0")),
        ("kadis", _codec(StatusBudgetNode, "2022", "0", "{n}", "0")),
        ("kadis", _codec(StatusBudgetNode, "{n}", "0", "0", "2")),
        ("kadis", _codec(StatusBudgetNode, "2022", "{n}", "0", "2")),
        ("kadis", _codec(StatusBudgetNode, "2022", "0", "0", "{n}")),
    ],
)
async def test_a_huge_id_in_a_forged_button_is_no_error(
    year: BotEnv, who: str, template: str, number: str, caplog: pytest.LogCaptureFixture
) -> None:
    emu, user, data = year.emu, getattr(year, who), template.format(n=number)
    await emu.ask(user, "/lapor" if who == "operator" else "/bantuan")
    message = emu.private_chat(user).last_bot_message
    assert message is not None
    message["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": data}]]}
    await emu.click(user, message, "⚑")
    answer = emu.last_answer(user)
    assert answer is not None and texts.ERROR[:50] not in (answer["text"] or "")
    assert not errors_logged(caplog)
