"""Officers record realizations: the whole /lapor path and every refusal, through the emulator."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select
from telegram.ext import Application

from bot.journeys.lapor_draft import LaporDraft
from bot.views.entries import LaporMonth, LaporNode
from emulator import EmuUser, button_texts, plain_text, running
from lakip_model import verification
from lakip_model.app_state import PersistedData
from lakip_model.db import session_scope
from lakip_model.models import EntryKind, EntryStatus, RealizationEntry
from lakip_model.queries import budget_tree, resolve_year
from lakip_model.years import open_year
from tests.bot.journeys.conftest import (
    PNG,
    button,
    count_all,
    entries,
    lapor_to_confirmation,
    lapor_until_amount,
    node_id,
    table_value,
)
from tests.support.bot import (
    OPERATOR_ID,
    BotEnv,
    Person,
    add_people,
    application,
    bot_on_emulator,
    make_settings,
)


async def test_full_path_saved_verified_and_counted(year: BotEnv) -> None:
    env, emu = year, year.emu
    ask_amount = await lapor_until_amount(env, env.operator, quantity="5 orang")
    assert "Rp 241.997.551" in plain_text(ask_amount)  # the pagu, and what remains
    [ask_note] = await emu.ask(env.operator, "2,5 jt")
    assert "catatan" in plain_text(ask_note).lower()
    [ask_photo] = await emu.ask(env.operator, "Layanan pengaduan bulan Mei")
    assert "foto" in plain_text(ask_photo).lower()
    since = emu.mark()
    await emu.send_photo(env.operator, PNG)
    await emu.wait_quiet(env.operator.id, since=since)
    confirm = emu.private_chat(env.operator).last_bot_message
    assert confirm is not None
    text = plain_text(confirm)
    assert "Rp 2.500.000" in text and "Mei 2026" in text and "5 orang" in text
    assert "Rp 239.497.551" in text  # the remainder after this entry
    assert count_all(env.engine) == count_all(env.engine)  # nothing saved before Simpan
    assert entries(env.engine) == []
    [saved] = await emu.click(env.operator, confirm, "💾 Simpan")
    assert "menunggu verifikasi" in plain_text(saved)
    [entry] = entries(env.engine)
    assert (entry.amount, entry.month, entry.status) == (2_500_000, 5, EntryStatus.DIAJUKAN)
    assert entry.evidence_file_id and entry.submitted_by == env.operator.id
    # the verifikator got it, with the photo
    review = emu.private_chat(env.verifier).last_bot_message
    assert review is not None and "photo" in review and "Rp 2.500.000" in review["caption"]
    with Session(env.engine) as session:
        tree = budget_tree(session, resolve_year(session, 2026))
        node = tree.by_key("P7.K2.S1")
        assert node is not None and node.realized is None and node.pending == 1
    await emu.click(env.verifier, review, "✅ Setujui")
    told = emu.private_chat(env.operator).last_bot_message
    assert told is not None and "disetujui" in plain_text(told)
    with Session(env.engine) as session:
        tree = budget_tree(session, resolve_year(session, 2026))
        node = tree.by_key("P7.K2.S1")
        assert node is not None and node.realized == 2_500_000 and node.pending == 0
    [summary] = await emu.ask(env.kadis, "/anggaran 2026 perlindungan khusus")
    assert "Rp 2.500.000" in plain_text(summary)


async def test_cancel_at_any_step_saves_nothing(year: BotEnv) -> None:
    await lapor_until_amount(year, year.operator)
    [reply] = await year.emu.ask(year.operator, "/batal")
    assert "Tidak ada yang disimpan" in plain_text(reply)
    assert entries(year.engine) == []
    [reply] = await year.emu.ask(year.operator, "2500000")
    assert "di luar yang saya ketahui" in plain_text(reply)  # over: read as a question


async def test_wrong_numbers_get_a_reason_and_a_retry(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    [nodes] = await emu.ask(op, "/lapor")
    [months] = await emu.click(op, nodes, button(nodes, "P7.K2.S1"))
    await emu.click(op, months, button(months, "• Mei 2026"))
    [reply] = await emu.ask(op, "lima")
    assert "angka" in plain_text(reply).lower()
    [reply] = await emu.ask(op, "-5")
    assert "negatif" in plain_text(reply).lower()
    [reply] = await emu.ask(op, "5")
    assert "Rupiah" in plain_text(reply)
    for bad, reason in (("dua juta", "angka"), ("2.5.0", ""), ("-100", "negatif")):
        [reply] = await emu.ask(op, bad)
        assert reason in plain_text(reply).lower()
        assert "catatan" not in plain_text(reply).lower()
    assert entries(year.engine) == []


async def test_over_pagu_needs_an_explicit_yes(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    await lapor_until_amount(year, op, "P7.K1.S1")  # pagu Rp 51.489.812
    [warning] = await emu.ask(op, "60 jt")
    assert "melebihi pagu" in plain_text(warning) and "Rp 51.489.812" in plain_text(warning)
    [again] = await emu.click(op, warning, "✏️ Ketik ulang")
    assert "Rupiah" in plain_text(again)
    [warning] = await emu.ask(op, "60 jt")
    [note] = await emu.click(op, warning, "Ya, benar")
    assert "catatan" in plain_text(note).lower()


async def test_quantity_far_above_target_warns(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    [nodes] = await emu.ask(op, "/lapor")
    [months] = await emu.click(op, nodes, button(nodes, "P7.K3.S1"))  # target 30 orang
    await emu.click(op, months, button(months, "• Mei 2026"))
    [warning] = await emu.ask(op, "300")
    assert "jauh di atas target" in plain_text(warning)


async def test_second_entry_for_a_month_is_offered_as_a_correction(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    for amount in ("1000000", "1200000"):
        [nodes] = await emu.ask(op, "/lapor")
        [months] = await emu.click(op, nodes, button(nodes, "P7.K2.S1"))
        [step] = await emu.click(op, months, button(months, "• Mei 2026"))
        if amount == "1200000":
            assert "Sudah ada laporan Mei 2026" in plain_text(step)
            [step] = await emu.click(op, step, "Ganti (koreksi)")
        await emu.ask(op, "3")
        await emu.ask(op, amount)
        [photo_step] = await emu.click(op, emu.private_chat(op).last_bot_message, "Lewati ➡️")
        [confirm] = await emu.click(op, photo_step, "Lewati ➡️")
        await emu.click(op, confirm, "💾 Simpan")
    first, second = entries(year.engine)
    assert second.kind == EntryKind.CORRECTION and second.replaces_id == first.id
    assert first.amount == 1_000_000  # kept, not overwritten


async def test_future_month_is_not_offered_and_a_forged_one_is_refused(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    [nodes] = await emu.ask(op, "/lapor")
    [months] = await emu.click(op, nodes, button(nodes, "P7.K2.S1"))
    [every] = await emu.click(op, months, "Bulan lain")
    labels = " ".join(button_texts(every))
    assert "Januari 2026" in labels and "Juni 2026" not in labels
    # a forged button for December
    emu.private_chat(op).message(every["message_id"])["reply_markup"] = {
        "inline_keyboard": [[{"text": "Des", "callback_data": LaporMonth(12).data()}]]
    }
    await emu.click(op, every, "Des")
    answer = emu.last_answer(op)
    assert answer is not None and "tidak berlaku" in answer["text"]
    assert entries(year.engine) == []


async def test_officer_of_another_unit_cannot_report_for_it(year: BotEnv) -> None:
    emu, pkm = year.emu, year.operator_pkm
    [nodes] = await emu.ask(pkm, "/lapor")
    assert "P7.K2.S1" not in plain_text(nodes) and "P8.K1.S1" in plain_text(nodes)
    forged = LaporNode(node_id(year.engine, "P7.K2.S1")).data()
    emu.private_chat(pkm).message(nodes["message_id"])["reply_markup"] = {
        "inline_keyboard": [[{"text": "forged", "callback_data": forged}]]
    }
    await emu.click(pkm, nodes, "forged")
    answer = emu.last_answer(pkm)
    assert answer is not None and "bukan tanggung jawab unit Anda" in answer["text"]


async def test_readers_cannot_report(year: BotEnv) -> None:
    [reply] = await year.emu.ask(year.kadis, "/lapor")
    assert "peran Anda tidak mengizinkan" in plain_text(reply)
    [reply] = await year.emu.ask(year.stranger, "/lapor")
    assert "belum terdaftar" in plain_text(reply)


async def test_lapor_in_a_group_is_refused(year: BotEnv) -> None:
    group = year.emu.group(-100777, "Bidang PPPA", members=[year.operator])
    [reply] = await year.emu.ask(year.operator, "/lapor@LakipBinjaiBot", chat=group)
    assert "chat pribadi" in plain_text(reply)


async def _restart(env: BotEnv, draft: object = None) -> Application:  # type: ignore[type-arg]
    """Stop the bot and build a second one on the same database, as a deployment does;
    ``draft``: what the operator's stored /lapor draft is replaced with while it is down."""
    await asyncio.sleep(1.5)  # persistence writes on its interval
    app, emu = env.app, env.emu
    await app.updater.stop()  # type: ignore[attr-defined]
    await app.stop()  # type: ignore[attr-defined]
    await app.shutdown()  # type: ignore[attr-defined]
    if draft is not None:
        with session_scope(env.engine) as session:
            row = session.exec(
                select(PersistedData).where(
                    PersistedData.kind == "user", PersistedData.key == str(env.operator.id)
                )
            ).one()
            row.data = json.dumps({**json.loads(row.data), "lapor": draft})
            session.add(row)
    clock = app.bot_data.clock  # type: ignore[attr-defined]
    return application(emu, env.settings, env.engine, clock=clock)


async def _resume_first(env: BotEnv, second: Application) -> None:  # type: ignore[type-arg]
    app = env.app
    env.app = second
    await app.initialize()  # type: ignore[attr-defined]
    await app.updater.start_polling(poll_interval=0)  # type: ignore[attr-defined]
    await app.start()  # type: ignore[attr-defined]


async def _to_quantity_step(env: BotEnv) -> None:
    emu = env.emu
    [nodes] = await emu.ask(env.operator, "/lapor")
    [months] = await emu.click(env.operator, nodes, button(nodes, "P7.K2.S1"))
    await emu.click(env.operator, months, button(months, "• Mei 2026"))


async def test_conversation_survives_a_restart(year: BotEnv, db_url: str) -> None:
    env, emu = year, year.emu
    await _to_quantity_step(env)
    second = await _restart(env)
    async with running(second, emu):
        [reply] = await emu.ask(env.operator, "7")
        assert "Rupiah" in plain_text(reply)  # the quantity step was remembered
    await _resume_first(env, second)


async def test_a_draft_stored_by_the_previous_release_still_loads(year: BotEnv) -> None:
    """The untyped draft of the release before the typed one: the same keys, one more."""
    env, emu = year, year.emu
    await _to_quantity_step(env)
    node = node_id(env.engine, "P7.K2.S1")
    legacy = {
        "year": 2026,
        "query": "",
        "node_id": node,
        "title": "P7.K2.S1 Layanan pengaduan",
        "months": [1, 2, 3, 4, 5],
        "month": 5,
        "replaces": None,
    }
    second = await _restart(env, legacy)
    async with running(second, emu):
        [reply] = await emu.ask(env.operator, "7")
        assert "Rupiah" in plain_text(reply)
        [note] = await emu.ask(env.operator, "1000000")
        [photo] = await emu.click(env.operator, note, "Lewati ➡️")
        [confirm] = await emu.click(env.operator, photo, "Lewati ➡️")
        [saved] = await emu.click(env.operator, confirm, "💾 Simpan")
        assert "Tersimpan sebagai entri" in plain_text(saved)
    [entry] = entries(env.engine)
    assert (entry.node_id, entry.month, entry.quantity_text) == (node, 5, "7")
    await _resume_first(env, second)


async def test_an_unreadable_stored_draft_is_treated_as_expired(year: BotEnv) -> None:
    env, emu = year, year.emu
    await _to_quantity_step(env)
    second = await _restart(env, {"year": "2026", "months": "all"})
    async with running(second, emu):
        [reply] = await emu.ask(env.operator, "7")
        assert "Data isian hilang" in plain_text(reply)
        [reply] = await emu.ask(env.operator, "7")
        assert "di luar yang saya ketahui" in plain_text(reply)  # over: read as a question
    assert entries(env.engine) == []
    await _resume_first(env, second)


def test_the_draft_round_trips_through_json() -> None:
    draft = LaporDraft(
        year=2026,
        node_id=5,
        months=[4, 5],
        month=5,
        quantity=Decimal("0.005"),
        quantity_text="0,005",
        amount=0,
        confirmed=["mengganti"],
        reached_confirm=True,
    )
    assert LaporDraft.from_dict(json.loads(json.dumps(draft.to_dict()))) == draft
    for unreadable in (None, [], {"year": None}, {"year": 2026, "amount": "5"}):
        assert LaporDraft.from_dict(unreadable) is None


async def test_idle_conversation_expires_with_a_message(db_url: str, engine: Engine) -> None:
    add_people(engine)
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    settings = make_settings(db_url, LAKIP_CONVERSATION_TIMEOUT=10)
    siti = {"operator": Person(OPERATOR_ID, "Siti")}
    async with bot_on_emulator(settings, engine, clock=None, people=siti) as bot:
        emu, op = bot.emu, bot.people["operator"]
        await emu.ask(op, "/lapor")
        chat = emu.private_chat(op)
        await emu.wait_for(
            lambda: "berakhir" in plain_text(chat.last_bot_message or {}), timeout=20
        )


async def test_two_officers_saving_at_the_same_moment(year: BotEnv) -> None:
    emu = year.emu
    second = emu.user(7010, "Rina")
    with session_scope(year.engine) as session:
        from lakip_model.models import Role
        from lakip_model.users import set_user, unit_by_code

        set_user(session, None, 7010, Role.OPERATOR, unit_by_code(session, "bidang-pppa").id)
    confirms = []
    for user, key, amount in (
        (year.operator, "P7.K2.S1", "1000000"),
        (second, "P7.K1.S1", "2000000"),
    ):
        await lapor_until_amount(year, user, key)
        [note] = await emu.ask(user, amount)
        [photo] = await emu.click(user, note, "Lewati ➡️")
        [confirm] = await emu.click(user, photo, "Lewati ➡️")
        confirms.append((user, confirm))
    await asyncio.gather(*(emu.press(user, confirm, "💾 Simpan") for user, confirm in confirms))
    await emu.wait_for(lambda: len(entries(year.engine)) == 2, timeout=15)
    await emu.idle()
    saved = entries(year.engine)
    assert sorted(e.amount or 0 for e in saved) == [1_000_000, 2_000_000]
    for entry in saved:
        with session_scope(year.engine) as session:
            verification.review(session, 7004, int(entry.id or 0), approve=True)
    with Session(year.engine) as session:
        tree = budget_tree(session, resolve_year(session, 2026))
        assert tree.root.realized == 3_000_000


async def test_same_row_saved_concurrently_offers_the_second_a_correction(year: BotEnv) -> None:
    emu = year.emu
    second = emu.user(7011, "Rudi")
    with session_scope(year.engine) as session:
        from lakip_model.models import Role
        from lakip_model.users import set_user, unit_by_code

        set_user(session, None, 7011, Role.OPERATOR, unit_by_code(session, "bidang-pppa").id)
    confirms = []
    for user, amount in ((year.operator, "1000000"), (second, "3000000")):
        await lapor_until_amount(year, user, "P7.K2.S1")
        [note] = await emu.ask(user, amount)
        [photo] = await emu.click(user, note, "Lewati ➡️")
        [confirm] = await emu.click(user, photo, "Lewati ➡️")
        confirms.append((user, confirm))
    await asyncio.gather(*(emu.press(user, confirm, "💾 Simpan") for user, confirm in confirms))

    def offered(user: EmuUser) -> bool:
        last = emu.private_chat(user).last_bot_message
        return last is not None and "Ganti (koreksi)" in button_texts(last)

    # the loser may wait on the first saver's lock, so wait for the outcome, not for quiet
    await emu.wait_for(lambda: offered(year.operator) or offered(second), timeout=15)
    await emu.idle()
    [only] = entries(year.engine)  # one saved; the other was told, draft kept
    loser = second if only.submitted_by == year.operator.id else year.operator
    texts = [plain_text(m) for m in emu.private_chat(loser).bot_messages]
    assert any("Sementara Anda mengisi" in t for t in texts)
    assert offered(loser)


async def test_after_a_conflict_the_officer_can_save_as_correction(year: BotEnv) -> None:
    emu = year.emu
    await test_same_row_saved_concurrently_offers_the_second_a_correction(year)
    [first] = entries(year.engine)
    loser = next(u for u in (year.operator, emu.users[7011]) if u.id != first.submitted_by)
    offer = emu.private_chat(loser).last_bot_message
    assert offer is not None
    [confirm] = await emu.click(loser, offer, "Ganti (koreksi)")
    assert "Periksa sebelum menyimpan" in plain_text(confirm)
    await emu.click(loser, confirm, "💾 Simpan")
    first, second = entries(year.engine)
    assert second.kind == EntryKind.CORRECTION and second.replaces_id == first.id


async def test_quarter_view_counts_only_its_months(year: BotEnv) -> None:
    from lakip_model import ledger
    from lakip_model.ledger import Draft

    node = node_id(year.engine, "P7.K2.S1")
    for month, amount in ((2, 1_000_000), (5, 4_000_000)):
        with session_scope(year.engine) as session:
            draft = Draft(node, 2026, month, None, None, amount)
            today = year.app.bot_data.clock().date()  # type: ignore[attr-defined]
            entry = ledger.save(
                session, 7003, draft, today, confirmed=set(), expected_replaces=None
            )
            verification.review(session, 7004, int(entry.id or 0), approve=True)
    emu = year.emu
    [q1] = await emu.ask(year.kadis, "/anggaran perlindungan khusus tw1 2026")
    assert "Triwulan I 2026" in plain_text(q1)
    program = next(b for b in button_texts(q1) if "Perlindungan Khusus" in b)
    [detail] = await emu.click(year.kadis, q1, program)
    assert "Rp 1.000.000" in plain_text(detail) and "Rp 4.000.000" not in plain_text(detail)
    [ytd] = await emu.ask(year.kadis, "/anggaran perlindungan khusus 2026")
    assert "Rp 5.000.000" in plain_text(ytd)
    [q2] = await emu.ask(year.kadis, "/anggaran triwulan II 2026")
    assert "Triwulan II 2026" in plain_text(q2)


async def test_persistence_writes_only_what_changed(year: BotEnv) -> None:
    """PTB hands the persistence the data of every user who sent anything, changed or not; a
    burst of read commands used to cost a database call per user each second. (On PostgreSQL
    the persistence writes on the asyncio engine, and reads the user's rows at every update to
    follow other processes: writes are what is counted.)"""
    env, emu = year, year.emu
    statements: list[str] = []
    async_engine = env.app.bot_data.async_engine
    engines = [env.engine] + ([async_engine.sync_engine] if async_engine is not None else [])

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "persisteddata" in statement.lower() and not statement.lstrip().startswith("SELECT"):
            statements.append(statement.split()[0].upper())

    for engine in engines:
        event.listen(engine, "before_cursor_execute", seen)
    try:
        for user in (env.kadis, env.verifier, env.operator, env.stranger):
            await emu.ask(user, "/bantuan")
        await asyncio.sleep(1.5)  # past the persistence interval
        assert statements == []
        [nodes] = await emu.ask(env.operator, "/lapor")
        await emu.click(env.operator, nodes, button(nodes, "P7.K2.S1"))
        await asyncio.sleep(1.5)
        assert "INSERT" in statements  # the draft and the conversation's state
        statements.clear()
        await emu.ask(env.operator, "/bantuan")  # the draft stays as it was
        await asyncio.sleep(1.5)
        assert statements == []
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", seen)


async def test_a_save_stands_when_reading_what_the_verifikators_get_fails(
    year: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    """The save and the verifikators' notice are read in two transactions: a failure of the
    second is logged and never undoes the first."""
    env, emu = year, year.emu
    await lapor_until_amount(env, env.operator)
    [note] = await emu.ask(env.operator, "1000000")
    [photo] = await emu.click(env.operator, note, "Lewati ➡️")
    [confirm] = await emu.click(env.operator, photo, "Lewati ➡️")

    def fail_reviewer_lookup(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.startswith("SELECT appuser.telegram_id"):
            raise RuntimeError("the reviewers cannot be read")

    event.listen(env.handler_engine, "before_cursor_execute", fail_reviewer_lookup)
    try:
        [saved] = await emu.click(env.operator, confirm, "💾 Simpan")
    finally:
        event.remove(env.handler_engine, "before_cursor_execute", fail_reviewer_lookup)
    [entry] = entries(env.engine)
    assert f"Tersimpan sebagai entri #{entry.id}" in plain_text(saved)
    assert entry.status == EntryStatus.DIAJUKAN
    assert emu.private_chat(env.verifier).texts() == []
    assert "the reviewers cannot be read" in caplog.text


# --- amounts: bounded where typed, ten times the pagu only with an admin -----------------------

PAGU_P7 = 241_997_551  # P7.K2.S1


@pytest.mark.parametrize("typed", ["9.000.000.000.000.000.000", "9999999999999999999"])
async def test_an_amount_past_the_bound_is_refused_at_step_4(year: BotEnv, typed: str) -> None:
    """Regression: the first was saved after a "Ya, benar" and broke /ringkasan for everyone;
    the second (past BIGINT) reached Simpan and failed there with a generic alert."""
    env, emu = year, year.emu
    await lapor_until_amount(env, env.operator)
    [refusal] = await emu.ask(env.operator, typed)
    text = plain_text(refusal)
    assert "terlalu besar" in text and "Rp 100.000.000.000.000 (Rp 100 triliun)" in text
    assert "Ya, benar" not in button_texts(refusal)
    [ask_note] = await emu.ask(env.operator, "1 jt")  # still at step 4: a right amount goes on
    assert "catatan" in plain_text(ask_note).lower()
    assert entries(env.engine) == []


async def test_beyond_ten_times_the_pagu_an_operator_is_sent_to_an_admin(year: BotEnv) -> None:
    env, emu = year, year.emu
    await lapor_until_amount(env, env.operator)
    [refusal] = await emu.ask(env.operator, "2,5 M")  # more than 10 x Rp 241.997.551
    text = plain_text(refusal)
    assert "Rp 2.500.000.000 (Rp 2,5 miliar)" in text and "10× pagu Rp 241.997.551" in text
    assert "dikonfirmasi atau dicatat oleh admin" in text
    assert "Ya, benar" not in button_texts(refusal)
    [warning] = await emu.ask(env.operator, str(PAGU_P7 * 10))  # ten times: only a warning
    assert "Ya, benar" in button_texts(warning) and "melebihi pagu" in plain_text(warning)
    assert entries(env.engine) == []


async def test_beyond_ten_times_the_pagu_an_admin_confirms_and_saves(year: BotEnv) -> None:
    env, emu = year, year.emu
    [nodes] = await emu.ask(env.admin, "/lapor P7.K2.S1")
    [months] = await emu.click(env.admin, nodes, button(nodes, "P7.K2.S1"))
    [ask_qty] = await emu.click(env.admin, months, button(months, "• Mei 2026"))
    [ask_amount] = await emu.click(env.admin, ask_qty, "Lewati ➡️")
    assert "Rupiah" in plain_text(ask_amount)
    [warning] = await emu.ask(env.admin, "2,5 M")
    assert "Hanya admin yang dapat mengonfirmasi" in plain_text(warning)
    [ask_note] = await emu.click(env.admin, warning, "Ya, benar")
    [ask_photo] = await emu.click(env.admin, ask_note, "Lewati ➡️")
    [confirm] = await emu.click(env.admin, ask_photo, "Lewati ➡️")
    assert "lebih dari 10× pagu" in plain_text(confirm)
    [saved] = await emu.click(env.admin, confirm, "💾 Simpan")
    assert "Tersimpan sebagai entri" in plain_text(saved)
    [entry] = entries(env.engine)
    assert entry.amount == 2_500_000_000


async def test_a_huge_amount_already_recorded_is_shown_not_an_error(year: BotEnv) -> None:
    """Regression: with 9.000.000.000.000.000.000 approved on a row, /ringkasan 2026 answered
    everyone "Maaf, terjadi kesalahan…" (an assert in the table layout: the line was too wide),
    and /lapor on that row failed at step 4."""
    env, emu = year, year.emu
    with session_scope(env.engine) as session:
        session.add(
            RealizationEntry(
                node_id=node_id(env.engine, "P7.K2.S1"),
                year=2026,
                month=4,
                amount=9 * 10**18,
                status=EntryStatus.DISETUJUI,
                source="telegram",
                submitted_by=OPERATOR_ID,
            )
        )
    [summary] = await emu.ask(env.kadis, "/ringkasan 2026")
    assert "Maaf" not in plain_text(summary)
    assert "9.000.000.000.000.000.000" in plain_text(summary)
    ask_amount = await lapor_until_amount(env, env.operator)
    assert "Rp 9.000.000.000.000.000.000" in plain_text(ask_amount)  # the year so far
    assert "-Rp 8.999.999.999.758.002.449" in plain_text(ask_amount)  # what remains


# --- the confirmation screen: change one field and come back -----------------------------------


async def test_ubah_changes_one_field_and_comes_straight_back(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    confirm = await lapor_to_confirmation(
        year, op, "P7.K1.S1", "1 jt", quantity="1", note="Rapat koordinasi"
    )
    labels = button_texts(confirm)
    for field in ("periode", "kuantitas", "Rupiah", "catatan", "foto"):
        assert f"✏️ Ubah {field}" in labels  # regression: only Simpan and Batal were offered
    # Rupiah: the step again, then the confirmation (not the note and photo steps again)
    [ask] = await emu.click(op, confirm, "✏️ Ubah Rupiah")
    assert "Rupiah" in plain_text(ask) and "↩️ Kembali tanpa mengubah" in button_texts(ask)
    [confirm] = await emu.ask(op, "2 jt")
    text = plain_text(confirm)
    assert "Periksa sebelum menyimpan" in text and "Rp 2.000.000" in text
    assert "Rapat koordinasi" in text  # the other fields are kept
    # the note
    [ask] = await emu.click(op, confirm, "✏️ Ubah catatan")
    [confirm] = await emu.ask(op, "Rapat kedua")
    assert "Rapat kedua" in plain_text(confirm) and "Rp 2.000.000" in plain_text(confirm)
    # the period: another month, straight back
    [months] = await emu.click(op, confirm, "✏️ Ubah periode")
    [confirm] = await emu.click(op, months, "April 2026")
    assert "April 2026" in plain_text(confirm) and "Rapat kedua" in plain_text(confirm)
    # the photo: back without changing
    [ask] = await emu.click(op, confirm, "✏️ Ubah foto")
    [confirm] = await emu.click(op, ask, "↩️ Kembali tanpa mengubah")
    assert "Periksa sebelum menyimpan" in plain_text(confirm)
    # the quantity: emptied
    [ask] = await emu.click(op, confirm, "✏️ Ubah kuantitas")
    [confirm] = await emu.click(op, ask, "Kosongkan")
    assert "Periksa sebelum menyimpan" in plain_text(confirm)
    await emu.click(op, confirm, "💾 Simpan")
    [entry] = entries(year.engine)
    assert (entry.month, entry.amount, entry.note) == (4, 2_000_000, "Rapat kedua")
    assert entry.quantity is None and entry.quantity_text is None


async def test_ubah_periode_to_a_month_with_an_entry_offers_the_correction(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    confirm = await lapor_to_confirmation(year, op, "P7.K2.S1", "1 jt", month="April 2026")
    await emu.click(op, confirm, "💾 Simpan")
    confirm = await lapor_to_confirmation(year, op, "P7.K2.S1", "3 jt")
    [months] = await emu.click(op, confirm, "✏️ Ubah periode")
    [offer] = await emu.click(op, months, "April 2026")
    assert "Sudah ada laporan April 2026" in plain_text(offer)
    [confirm] = await emu.click(op, offer, "Ganti (koreksi)")
    assert "Periksa sebelum menyimpan" in plain_text(confirm) and "Rp 3.000.000" in plain_text(
        confirm
    )
    await emu.click(op, confirm, "💾 Simpan")
    first, second = entries(year.engine)
    assert (second.kind, second.replaces_id, second.month) == (EntryKind.CORRECTION, first.id, 4)


async def test_ubah_rupiah_over_the_pagu_still_needs_its_yes(year: BotEnv) -> None:
    emu, op = year.emu, year.operator
    confirm = await lapor_to_confirmation(year, op, "P7.K1.S1", "1 jt")  # pagu Rp 51.489.812
    await emu.click(op, confirm, "✏️ Ubah Rupiah")
    [warning] = await emu.ask(op, "60 jt")
    assert "melebihi pagu" in plain_text(warning)
    [confirm] = await emu.click(op, warning, "Ya, benar")
    assert "Periksa sebelum menyimpan" in plain_text(confirm) and "melebihi pagu" in plain_text(
        confirm
    )
    await emu.click(op, confirm, "💾 Simpan")
    [entry] = entries(year.engine)
    assert entry.amount == 60_000_000


async def test_a_bare_quantity_keeps_the_indicators_unit(year: BotEnv) -> None:
    """Regression: "2" was recorded as "2", a number without what it counts."""
    from lakip_model.models import BudgetNode

    with Session(year.engine) as session:
        node = session.get(BudgetNode, node_id(year.engine, "P7.K1.S1"))  # target "1 dok"
        assert node is not None and node.target_unit
        unit = node.target_unit
    confirm = await lapor_to_confirmation(year, year.operator, "P7.K1.S1", "1 jt", quantity="2")
    assert table_value(confirm, "Kuantitas") == f"2 {unit}"
    await year.emu.click(year.operator, confirm, "💾 Simpan")
    [entry] = entries(year.engine)
    assert (entry.quantity, entry.quantity_text) == (Decimal(2), f"2 {unit}")


async def test_an_amount_with_sen_is_refused_with_the_reason(year: BotEnv) -> None:
    """Regression: "1.250.000,50" went on as Rp 1.250.001, rounded without a word."""
    emu, op = year.emu, year.operator
    await lapor_until_amount(year, op)
    [reply] = await emu.ask(op, "1.250.000,50")
    assert "tanpa sen" in plain_text(reply) and "Rp 1.250.000" in plain_text(reply)
    assert "catatan" not in plain_text(reply).lower()
    [ask_note] = await emu.ask(op, "1.250.000")
    assert "catatan" in plain_text(ask_note).lower()
