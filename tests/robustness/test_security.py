"""Security: the token stays secret, every write is authorized on the server, floods are
answered politely, and groups never see an officer's entries. See docs/security.md.

Forged buttons are pressed the way a modified client would send them: arbitrary callback data
on a bot message. For every write path (registration decisions, role changes and removals,
review decisions, /lapor steps) each kind of person who may not do it tries, and the database
must not change (``unexplained_writes`` with no acknowledgement).
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bot import ratelimit, texts
from bot.views.admin import (
    RegistrationApprove,
    RegistrationReject,
    UserOpen,
    UserRemove,
    UserRemoveConfirmed,
    UserSetRole,
    UsersPage,
)
from bot.views.entries import (
    HistoryNode,
    LaporConfirm,
    LaporMonth,
    LaporNode,
    LaporReplace,
    LaporSave,
    LaporSkip,
    ReviewApprove,
    ReviewReject,
)
from emulator import BotApiEmulator, EmuChat, EmuUser, button_texts, plain_text
from lakip_model import ledger, verification
from lakip_model.db import session_scope
from lakip_model.ledger import Draft
from lakip_model.models import BudgetNode, FiscalYear, RegistrationRequest, Role
from lakip_model.users import remove_user, set_user, unit_by_code
from lakip_model.years import open_year
from tests.robustness.conftest import Acks, BotProcess, snapshot, unexplained_writes
from tests.support.bot import (
    ADMIN_ID,
    KADIS_ID,
    OPERATOR_ID,
    VERIFIER_ID,
    BotEnv,
    add_people,
)

MAY = date(2026, 5, 15)  # the clock of tests/bot


@pytest.fixture
async def year(env: BotEnv) -> AsyncIterator[BotEnv]:
    """2026 open for entries (the clock of tests/bot says 15 May 2026)."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    yield env


def node_id(engine: Engine, key: str, year: int = 2026) -> int:
    with Session(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == year)).one()
        node = session.exec(
            select(BudgetNode).where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == key)
        ).one()
        return int(node.id or 0)


def unit_id(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        return int(unit_by_code(session, code).id or 0)


async def forge(
    emu: BotApiEmulator, user: EmuUser, data: str, chat: EmuChat | None = None
) -> dict[str, Any]:
    """Press a button with ``data`` on the last bot message of ``chat`` (the user's private chat
    by default), as a modified client can; the answer to the press."""
    where = chat or emu.private_chat(user)
    message = where.last_bot_message
    if message is None:
        await emu.ask(user, "/start", chat=chat)
        message = where.last_bot_message
    assert message is not None
    message["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": data}]]}
    await emu.click(user, message, "⚑")
    answer = emu.last_answer(user)
    assert answer is not None and answer["data"] == data, f"{data!r} was not answered"
    return answer


def refused(answer: dict[str, Any]) -> bool:
    """An alert that says no (not registered, role, not yours, decided, stale)."""
    said = answer.get("text") or ""
    return bool(answer["show_alert"]) and any(
        word in said
        for word in (
            "belum terdaftar",
            "tidak mengizinkan",
            "bukan",
            "tidak berlaku",
            "sudah",
            "chat pribadi",
        )
    )


def assert_unchanged(engine: Engine, before: dict[str, Any]) -> None:
    problems = unexplained_writes(before, snapshot(engine), Acks())
    assert not problems, problems


# --- the token ------------------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "bot"
    path.mkdir()
    yield path


def _secret_parts(token: str) -> list[str]:
    return [token, token.split(":", 1)[1]]


async def test_the_token_is_in_no_log_line_and_no_reply(
    db_url: str, engine: Engine, workdir: Path
) -> None:
    """The real process at DEBUG level, through failing requests and a failing handler."""
    add_people(engine)
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        kadis = emu.user(KADIS_ID, "Kepala Dinas")
        process = BotProcess(emu, db_url, workdir, verbose=True)
        process.start()
        try:
            await process.polling()
            await emu.ask(kadis, "/ringkasan", timeout=30)
            emu.fail_next("sendMessage", "500")  # the reply fails: the handler raises
            await emu.ask(kadis, "/bantuan", timeout=30)
            emu.fail_next("sendMessage", "drop")
            await emu.ask(kadis, "/bantuan", timeout=30)
            emu.fail_next("getUpdates", "502")  # polling itself fails once
            await emu.ask(kadis, "/capaian", timeout=30)
            with engine.begin() as conn:  # the database loses a table under the bot
                conn.execute(text("ALTER TABLE realizationentry RENAME TO realizationentry_x"))
            try:
                [failed] = await emu.ask(kadis, "/ringkasan", timeout=30)
            finally:
                with engine.begin() as conn:
                    conn.execute(text("ALTER TABLE realizationentry_x RENAME TO realizationentry"))
            assert texts.ERROR in plain_text(failed)
        finally:
            await process.stop()
    logged = process.output()
    assert " DEBUG " in logged and "error while handling an update" in logged  # it was all there
    assert "realizationentry" in logged  # the cause is in the log, for the maintainer
    for secret in _secret_parts(emu.token):
        assert secret not in logged
        for chat in emu.chats.values():
            assert not any(secret in said for said in chat.texts())


async def test_a_rejected_token_is_not_printed(db_url: str, engine: Engine, workdir: Path) -> None:
    add_people(engine)
    wrong = "7000000001:REVOKED-but-still-secret-0123456789"
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        process = BotProcess(emu, db_url, workdir, token=wrong)
        process.start()
        try:
            assert await process.exited() != 0
        finally:
            await process.stop()
    logged = process.output()
    assert "InvalidToken" in logged or "Unauthorized" in logged
    for secret in _secret_parts(wrong):
        assert secret not in logged


async def test_an_unreachable_api_does_not_print_the_token(
    db_url: str, engine: Engine, workdir: Path
) -> None:
    add_people(engine)
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        closed = BotApiEmulator()  # started and closed: nobody listens on its port
        await closed.start()
        base_url = closed.base_url
        await closed.close()
        process = BotProcess(emu, db_url, workdir, base_url=base_url)
        process.start()
        try:
            assert await process.exited() != 0
        finally:
            await process.stop()
    logged = process.output()
    assert "NetworkError" in logged or "ConnectError" in logged
    for secret in _secret_parts(emu.token):
        assert secret not in logged


# --- forged buttons: every write path ------------------------------------------------------------


async def test_registration_is_decided_only_by_an_admin(year: BotEnv) -> None:
    env, emu = year, year.emu
    candidate = emu.user(7098, "Calon <b>Pengguna</b>")
    await emu.ask(candidate, "/daftar")
    request = emu.private_chat(env.admin).last_bot_message
    assert request is not None and "Calon <b>Pengguna</b>" in plain_text(request)  # escaped
    with Session(env.engine) as session:
        request_id = session.exec(select(RegistrationRequest.id)).all()[-1]
    pppa = unit_id(env.engine, "bidang-pppa")
    before = snapshot(env.engine)
    forged = (
        RegistrationApprove(request_id, Role.ADMIN).data(),
        RegistrationApprove(request_id, Role.VERIFIKATOR).data(),
        RegistrationApprove(request_id, Role.OPERATOR, pppa).data(),
        RegistrationReject(request_id).data(),
    )
    for presser in (env.stranger, env.kadis, env.operator, env.verifier, candidate):
        for data in forged:
            answer = await forge(emu, presser, data)
            assert refused(answer), (presser.first_name, data, answer)
        # the admin's own message, its real buttons, pressed by someone else
        await emu.click(presser, request, "✅ Admin")
        assert refused(emu.last_answer(presser) or {})
    assert_unchanged(env.engine, before)
    await emu.click(env.admin, request, "❌ Tolak")  # the path is live for the admin
    assert "ditolak" in plain_text(emu.private_chat(candidate).last_bot_message or {})


async def test_roles_are_changed_only_by_an_admin(year: BotEnv) -> None:
    env, emu = year, year.emu
    pkm = unit_id(env.engine, "bidang-pkm")
    await emu.ask(env.admin, "/start")  # "Admin 7001" takes its Telegram name, once, before
    before = snapshot(env.engine)
    for presser in (env.stranger, env.kadis, env.operator, env.verifier):
        await emu.ask(presser, "/start")  # a message to forge buttons on
        forged = (
            UserSetRole(presser.id, Role.ADMIN).data(),  # promote oneself
            UserSetRole(OPERATOR_ID, Role.ADMIN).data(),
            UserSetRole(KADIS_ID, Role.OPERATOR, pkm).data(),
            UserRemoveConfirmed(ADMIN_ID).data(),
            UserRemoveConfirmed(OPERATOR_ID).data(),
            UserRemove(VERIFIER_ID).data(),
            UserOpen(ADMIN_ID).data(),  # someone's details: name, username, Telegram id
            UsersPage(0).data(),
        )
        for data in forged:
            since = emu.mark()
            answer = await forge(emu, presser, data)
            assert refused(answer), (presser.first_name, data, answer)
            assert not [o for o in emu.outputs_since(since) if o.kind in ("send", "edit")]
    # the only admin cannot remove themself, even with their own (genuine) rights
    answer = await forge(emu, env.admin, UserRemoveConfirmed(ADMIN_ID).data())
    assert "setidaknya satu admin" in (answer.get("text") or "")
    assert_unchanged(env.engine, before)


def _pending_entry(engine: Engine, submitter: int = OPERATOR_ID, key: str = "P7.K2.S1") -> int:
    with session_scope(engine) as session:
        draft = Draft(node_id(engine, key), 2026, 5, None, None, 1_000_000)
        entry = ledger.save(session, submitter, draft, MAY, confirmed=set(), expected_replaces=None)
        return int(entry.id or 0)


async def test_entries_are_decided_only_by_a_verifikator(year: BotEnv) -> None:
    env, emu = year, year.emu
    entry = _pending_entry(env.engine)
    before = snapshot(env.engine)
    # the submitter, an officer of another unit, the Kepala Dinas, a stranger
    for presser in (env.operator, env.operator_pkm, env.kadis, env.stranger):
        for data in (ReviewApprove(entry).data(), ReviewReject(entry).data()):
            since = emu.mark()
            answer = await forge(emu, presser, data)
            assert refused(answer), (presser.first_name, data, answer)
            asked = [m for m in emu.messages_of(emu.outputs_since(since))]
            assert not any("alasan" in plain_text(m) for m in asked)  # no reason asked
    assert_unchanged(env.engine, before)
    answer = await forge(emu, env.verifier, ReviewApprove(entry).data())  # data is just data
    assert not answer["show_alert"]
    assert "disetujui" in plain_text(emu.private_chat(env.operator).last_bot_message or {})


async def test_lapor_steps_cannot_record_for_another_unit(year: BotEnv) -> None:
    env, emu = year, year.emu
    pppa_row = node_id(env.engine, "P7.K2.S1")
    before = snapshot(env.engine)
    [nodes] = await emu.ask(env.operator_pkm, "/lapor")
    assert "P7.K2.S1" not in plain_text(nodes)
    forged = (LaporNode(pppa_row), LaporMonth(5), LaporSave(), LaporConfirm(), LaporReplace())
    for data in [*(b.data() for b in forged), LaporSkip().data()]:
        answer = await forge(emu, env.operator_pkm, data)
        assert answer["show_alert"], (data, answer)
    # readers and strangers, with or without a conversation
    for presser in (env.kadis, env.verifier, env.stranger):
        for data in (LaporNode(pppa_row).data(), LaporMonth(5).data(), LaporSave().data()):
            assert (await forge(emu, presser, data))["show_alert"]
    assert_unchanged(env.engine, before)


async def _to_confirmation(env: BotEnv, user: EmuUser, key: str = "P7.K2.S1") -> dict[str, Any]:
    emu = env.emu
    [nodes] = await emu.ask(user, f"/lapor {key}")
    button = next(b for b in button_texts(nodes) if b.startswith(f"{key} "))
    [months] = await emu.click(user, nodes, button)
    [_] = await emu.click(user, months, next(b for b in button_texts(months) if "Mei" in b))
    await emu.ask(user, "1")
    [note] = await emu.ask(user, "1000000")
    [photo] = await emu.click(user, note, texts.BUTTON_SKIP)
    [confirm] = await emu.click(user, photo, texts.BUTTON_SKIP)
    assert "Periksa sebelum menyimpan" in plain_text(confirm)
    return confirm


async def test_a_button_replayed_by_another_user_or_in_a_group_saves_nothing(
    year: BotEnv,
) -> None:
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, env.operator)
    before = snapshot(env.engine)
    # another officer presses the operator's Simpan (a forwarded or shared message)
    await emu.click(env.operator_pkm, confirm, texts.BUTTON_SAVE)
    assert refused(emu.last_answer(env.operator_pkm) or {})
    # the operator's own Simpan, pressed on a message in a group
    group = emu.group(-1002000, "Grup PPPA", members=[env.operator, env.kadis])
    await emu.ask(env.kadis, "/start@LakipBinjaiBot", chat=group)
    assert refused(await forge(emu, env.operator, LaporSave().data(), chat=group))
    assert_unchanged(env.engine, before)
    # the draft is untouched: the operator still saves it, once
    [saved] = await emu.click(env.operator, confirm, texts.BUTTON_SAVE)
    assert "Tersimpan sebagai entri" in plain_text(saved)


@pytest.mark.parametrize("change", ["moved to another unit", "deactivated", "made pimpinan"])
async def test_rights_lost_during_lapor_count_at_simpan(year: BotEnv, change: str) -> None:
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, env.operator)
    with session_scope(env.engine) as session:
        if change == "deactivated":
            remove_user(session, ADMIN_ID, OPERATOR_ID)
        elif change == "made pimpinan":
            set_user(session, ADMIN_ID, OPERATOR_ID, Role.PIMPINAN)
        else:
            pkm = unit_by_code(session, "bidang-pkm").id
            set_user(session, ADMIN_ID, OPERATOR_ID, Role.OPERATOR, pkm)
    before = snapshot(env.engine)
    await emu.click(env.operator, confirm, texts.BUTTON_SAVE)
    assert refused(emu.last_answer(env.operator) or {})
    assert_unchanged(env.engine, before)


# --- floods ---------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limited(env: BotEnv) -> Iterator[tuple[BotEnv, FakeClock]]:
    """The per-user limit as configured (20 per 10 s), on a clock the test moves."""
    app: Any = env.app
    limiter = app.bot_data.limiter or ratelimit.register(app)
    clock = FakeClock()
    limiter.clock, limiter.capacity, limiter.window = clock, ratelimit.CAPACITY, 10.0
    limiter.buckets.clear()
    yield env, clock


async def test_a_flood_gets_one_polite_answer_then_silence(
    limited: tuple[BotEnv, FakeClock],
) -> None:
    env, clock = limited
    emu, kadis = env.emu, env.kadis
    since = emu.mark()
    for _ in range(ratelimit.CAPACITY + 10):
        await emu.send_text(kadis, "/bantuan")
    await emu.ask(env.stranger, "/start")  # someone else is not slowed down
    await emu.idle()
    said = [plain_text(m) for m in emu.messages_of(emu.outputs_since(since, kadis.id))]
    assert said.count(texts.FLOOD_NOTICE) == 1
    assert len(said) == ratelimit.CAPACITY + 1  # the first 20 answered, one notice, then quiet
    clock.now += 10  # the bucket refills
    [reply] = await emu.ask(kadis, "/bantuan")
    assert "Yang dapat Anda lakukan" in plain_text(reply)


async def test_a_button_flood_is_answered_with_one_alert(
    limited: tuple[BotEnv, FakeClock],
) -> None:
    env, clock = limited
    emu, kadis = env.emu, env.kadis
    [message] = await emu.ask(kadis, "/bantuan")
    # a button whose press is answered without changing the message: a stale one
    message["reply_markup"] = {"inline_keyboard": [[{"text": "lama", "callback_data": "x|1"}]]}
    emu.private_chat(kadis).message(message["message_id"])["reply_markup"] = message["reply_markup"]
    presses = [await emu.press(kadis, message, "lama") for _ in range(ratelimit.CAPACITY + 3)]
    await emu.idle()
    said = [(emu.callback_answers.get(q) or {}).get("text") for q in presses]
    assert said.count(texts.FLOOD_NOTICE) == 1
    assert said.count(texts.STALE_BUTTON) == ratelimit.CAPACITY - 1  # /bantuan took one token
    clock.now += 10
    await emu.click(kadis, message, "lama")
    assert (emu.last_answer(kadis) or {}).get("text") == texts.STALE_BUTTON


async def test_group_chatter_counts_but_is_never_answered(
    limited: tuple[BotEnv, FakeClock],
) -> None:
    env, _ = limited
    emu, kadis = env.emu, env.kadis
    group = emu.group(-1002001, "Grup Dinas", members=[kadis])
    since = emu.mark()
    for n in range(ratelimit.CAPACITY + 5):
        await emu.send_text(kadis, f"rapat jam {n}", chat=group)
    await emu.idle()
    assert not emu.outputs_since(since, group.id)  # chatter: no notice in the group
    [notice] = await emu.ask(kadis, "/ringkasan@LakipBinjaiBot", chat=group)
    assert plain_text(notice) == texts.FLOOD_NOTICE


# --- groups never see an officer's entries --------------------------------------------------------


@pytest.fixture
async def group_with_entry(year: BotEnv) -> AsyncIterator[tuple[BotEnv, EmuChat]]:
    """An entry of the operator with a personal note, and a group the officers share."""
    env = year
    with session_scope(env.engine) as session:
        draft = Draft(node_id(env.engine, "P7.K2.S1"), 2026, 5, None, "3 anak", 7_654_321)
        draft.note = "Korban: Ani (NIK 1275010101010001)"
        ledger.save(
            session,
            OPERATOR_ID,
            draft,
            MAY,
            confirmed=set(),
            expected_replaces=None,
            actor_name="Siti",
        )
    members = [env.operator, env.operator_pkm, env.kadis, env.verifier]
    group = env.emu.group(-1002002, "Grup Dinas", members=members)
    yield env, group


def _leaks(said: str) -> list[str]:
    return [s for s in ("Siti", "7.654.321", "NIK", "Ani") if s in said]


@pytest.mark.parametrize("who", ["operator", "kadis", "operator_pkm", "verifier"])
async def test_entries_are_never_listed_in_a_group(
    group_with_entry: tuple[BotEnv, EmuChat], who: str
) -> None:
    env, group = group_with_entry
    emu, user = env.emu, getattr(env, who)
    for command in (
        "/riwayat@LakipBinjaiBot",
        "/riwayat pengaduan masyarakat",
        "/verifikasi@LakipBinjaiBot",
        "/urungkan@LakipBinjaiBot",
    ):
        replies = await emu.ask(user, command, chat=group)
        assert not any(_leaks(plain_text(r)) for r in replies), command
    # a history button (forwarded, or forged) pressed in the group
    since = emu.mark()
    answer = await forge(emu, user, HistoryNode(node_id(env.engine, "P7.K2.S1")).data(), chat=group)
    shown = emu.messages_of(emu.outputs_since(since, group.id))
    assert not any(_leaks(plain_text(m)) for m in shown) and refused(answer)


async def test_a_rejection_reason_comes_only_from_the_private_chat(
    group_with_entry: tuple[BotEnv, EmuChat],
) -> None:
    env, group = group_with_entry
    emu = env.emu
    [_, review] = await emu.ask(env.verifier, "/verifikasi")
    [ask] = await emu.click(env.verifier, review, texts.BUTTON_REJECT_ENTRY)
    assert "alasan" in plain_text(ask)
    since = emu.mark()
    await emu.send_text(env.verifier, "siap, rapat jam 9", chat=group)
    await emu.idle()
    assert not emu.outputs_since(since, group.id)
    with Session(env.engine) as session:
        from lakip_model.models import RealizationEntry

        statuses = session.exec(
            select(RealizationEntry.status).where(RealizationEntry.source == "telegram")
        ).all()
    assert list(statuses) == ["diajukan"]


async def test_personal_commands_refuse_groups(group_with_entry: tuple[BotEnv, EmuChat]) -> None:
    """What already holds: entering data, registering and the user list stay private."""
    env, group = group_with_entry
    for user, command in (
        (env.operator, "/lapor@LakipBinjaiBot"),
        (env.kadis, "/daftar@LakipBinjaiBot"),
        (env.admin, "/pengguna@LakipBinjaiBot"),
    ):
        [reply] = await env.emu.ask(user, command, chat=group)
        assert "chat pribadi" in plain_text(reply)


# --- spreadsheet formulas -------------------------------------------------------------------------


async def test_typed_figures_cannot_become_spreadsheet_formulas(year: BotEnv) -> None:
    """A cell that starts with = + - @ is a formula in Excel: what officers type must not become
    one in /ekspor's workbook (quantities are exported as typed)."""
    env, emu, op = year, year.emu, year.operator
    [nodes] = await emu.ask(op, "/lapor P7.K2.S1")
    [months] = await emu.click(op, nodes, next(b for b in button_texts(nodes) if "P7.K2.S1" in b))
    await emu.click(op, months, next(b for b in button_texts(months) if "Mei" in b))
    for formula in ('=HYPERLINK("http://x","5")', "=1+1", "+5", "@SUM(A1)", "-2+3"):
        [reply] = await emu.ask(op, formula)
        assert "Langkah 4/6" not in plain_text(reply), formula  # refused, still at the quantity
    await emu.ask(op, "5 orang")
    [note] = await emu.ask(op, "=7000000")
    assert "catatan" not in plain_text(note).lower()  # the Rupiah step refuses it too
    [note] = await emu.ask(op, "7000000")
    [photo] = await emu.ask(op, '=HYPERLINK("http://x","klik")')  # a note is free text
    [confirm] = await emu.click(op, photo, texts.BUTTON_SKIP)
    [saved] = await emu.click(op, confirm, texts.BUTTON_SAVE)
    entry = int(plain_text(saved).split("#")[1].split()[0])
    with session_scope(env.engine) as session:
        verification.review(session, VERIFIER_ID, entry, approve=True)
    [document] = await emu.ask(env.kadis, "/ekspor 2026")
    workbook = openpyxl.load_workbook(io.BytesIO(emu.file_bytes(document["document"]["file_id"])))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert "5 orang" in {c.value for c in cells}  # the typed quantity is there, as text
    assert not [c.coordinate for c in cells if c.data_type == "f"]
