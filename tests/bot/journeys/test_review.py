"""Verification: the verifikators of the entry's agency decide it, a rejection with a reason."""

from __future__ import annotations

from bot.views.entries import ReviewApprove, ReviewReject
from emulator import button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import EntryStatus, Role
from lakip_model.users import set_user
from seed.demo import generate, telegram_id
from tests.bot.journeys.conftest import (
    PNG,
    entries,
    lapor_to_confirmation,
    lapor_until_amount,
    save_simple,
    table_value,
)
from tests.support.bot import VERIFIER_ID, BotEnv


async def test_rejection_with_reason_reaches_the_officer(year: BotEnv) -> None:
    emu = year.emu
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    review = emu.private_chat(year.verifier).last_bot_message
    assert review is not None
    # an operator pressing the verifikator's button is refused
    await emu.click(year.operator_pkm, review, "❌ Tolak")
    assert "tidak mengizinkan" in (emu.last_answer(year.operator_pkm) or {}).get("text", "")
    [ask] = await emu.click(year.verifier, review, "❌ Tolak")
    assert "alasan" in plain_text(ask).lower()
    await emu.ask(year.verifier, "Bukti kwitansi belum ada")
    told = emu.private_chat(year.operator).last_bot_message
    assert told is not None and "Bukti kwitansi belum ada" in plain_text(told)
    [entry] = entries(year.engine)
    assert entry.status == EntryStatus.DITOLAK
    await emu.click(year.verifier, review, "✅ Setujui")  # too late: already decided
    assert "sudah ditolak" in (emu.last_answer(year.verifier) or {}).get("text", "")


async def test_entries_reach_only_the_verifikators_of_their_agency(year: BotEnv) -> None:
    """Regression: on a city-wide database every agency's verifikators got every new entry."""
    emu = year.emu
    generate(year.engine, agencies=1, years=1)  # demo-001, with its own verifikator and admin
    others = [emu.user(telegram_id(1, n), f"Demo {n}") for n in (0, 2)]
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")
    review = emu.private_chat(year.verifier).last_bot_message
    assert review is not None and "perlu verifikasi" in plain_text(review)
    for other in others:
        assert emu.private_chat(other).texts() == []


# --- the notice reaches the verifikator, or the officer hears that it did not -----------------


async def _to_confirmation(env: BotEnv, note: str | None, photo: bool) -> dict:  # type: ignore[type-arg]
    emu, op = env.emu, env.operator
    await lapor_until_amount(env, op)
    [ask_note] = await emu.ask(op, "1 jt")
    if note is None:
        [ask_photo] = await emu.click(op, ask_note, "Lewati ➡️")
    else:
        [ask_photo] = await emu.ask(op, note)
    if not photo:
        [confirm] = await emu.click(op, ask_photo, "Lewati ➡️")
        return confirm
    since = emu.mark()
    await emu.send_photo(op, PNG)
    await emu.wait_quiet(op.id, since=since)
    confirm = emu.private_chat(op).last_bot_message
    assert confirm is not None
    return confirm


def _notice(env: BotEnv) -> dict | None:  # type: ignore[type-arg]
    """The verifikator's message with the decision buttons, if any."""
    chat = env.emu.private_chat(env.verifier)
    return next((m for m in chat.bot_messages if "✅ Setujui" in button_texts(m)), None)


async def test_a_notice_too_long_for_a_caption_goes_as_photo_and_message(year: BotEnv) -> None:
    """Regression: a note of 480 "😀" and a photo gave the officer "Tersimpan sebagai entri #…"
    while the verifikator got nothing: the caption was measured in Python characters (about
    700) but Telegram counts UTF-16 units (each "😀" is 2) and refused it past 1024."""
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, "😀" * 480, photo=True)
    [saved] = await emu.click(env.operator, confirm, "💾 Simpan")
    assert "Tersimpan sebagai entri" in plain_text(saved)
    notice = await emu.wait_for(lambda: _notice(env))
    [entry] = entries(env.engine)
    assert f"Entri #{entry.id} perlu verifikasi" in plain_text(notice)
    assert "😀" * 480 in plain_text(notice)  # the whole note, in the message
    photo = next(m for m in emu.private_chat(env.verifier).bot_messages if "photo" in m)
    assert f"Foto bukti entri #{entry.id}" in plain_text(photo)
    await emu.click(env.verifier, notice, "✅ Setujui")
    assert entries(env.engine)[0].status == EntryStatus.DISETUJUI
    assert not any("belum menerima" in t for t in emu.private_chat(env.operator).texts())


async def test_a_short_notice_still_goes_as_the_photos_caption(year: BotEnv) -> None:
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, "😀" * 20, photo=True)
    await emu.click(env.operator, confirm, "💾 Simpan")
    notice = await emu.wait_for(lambda: _notice(env))
    assert "photo" in notice and "perlu verifikasi" in notice["caption"]


async def test_a_failed_notice_is_tried_again(year: BotEnv) -> None:
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, None, photo=False)
    emu.fail_next("sendMessage", "500", times=2)
    await emu.click(env.operator, confirm, "💾 Simpan")
    notice = await emu.wait_for(lambda: _notice(env))
    assert "perlu verifikasi" in plain_text(notice)
    await emu.idle()
    assert not any("belum menerima" in t for t in emu.private_chat(env.operator).texts())


async def test_a_notice_that_keeps_failing_is_told_to_the_officer(year: BotEnv) -> None:
    """Regression: a notice that failed was only logged; the officer believed the verifikator
    had the entry."""
    env, emu = year, year.emu
    confirm = await _to_confirmation(env, None, photo=False)
    emu.fail_next("sendMessage", "500", times=3)
    [saved] = await emu.click(env.operator, confirm, "💾 Simpan")
    [entry] = entries(env.engine)
    assert f"Tersimpan sebagai entri #{entry.id}" in plain_text(saved)

    def told() -> str | None:
        texts = emu.private_chat(env.operator).texts()
        return next((t for t in texts if "belum menerima pemberitahuan" in t), None)

    warning = await emu.wait_for(told)
    assert f"Entri #{entry.id} tersimpan" in warning and "1 dari 1" in warning
    assert _notice(env) is None
    [_title, item] = await emu.ask(env.verifier, "/verifikasi")  # it waits there all the same
    assert f"#{entry.id}" in plain_text(item)


# --- a decision only where the verifikator is alone with the bot ------------------------------


async def test_a_decision_pressed_in_a_group_is_refused(year: BotEnv) -> None:
    """Regression: "Setujui" and "Tolak" worked in any chat the button was pressed in (a notice
    forwarded to a group); now only in the verifikator's private chat."""
    env, emu = year, year.emu
    await save_simple(env, env.operator, "P7.K2.S1", "1000000")
    [entry] = entries(env.engine)
    group = emu.group(-1002001, "Grup Sekretariat", members=[env.verifier, env.kadis])
    await emu.ask(env.kadis, "/start@LakipBinjaiBot", chat=group)
    for data in (ReviewApprove(int(entry.id or 0)).data(), ReviewReject(int(entry.id or 0)).data()):
        message = group.last_bot_message
        assert message is not None
        message["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": data}]]}
        since = emu.mark()
        await emu.click(env.verifier, message, "⚑")
        answer = emu.last_answer(env.verifier) or {}
        assert answer["show_alert"] and "chat pribadi" in (answer["text"] or "")
        said = emu.messages_of(emu.outputs_since(since))
        assert not any("alasan" in plain_text(m) for m in said)  # no reason asked anywhere
    assert entries(env.engine)[0].status == EntryStatus.DIAJUKAN
    notice = _notice(env)
    assert notice is not None
    await emu.click(env.verifier, notice, "✅ Setujui")  # in private it works
    assert entries(env.engine)[0].status == EntryStatus.DISETUJUI


async def test_the_card_shows_what_remains_as_the_officer_saw_it(year: BotEnv) -> None:
    """Regression: after an approved Rp 2,5 jt the card said "Sisa Rp 241.997.551" (the pagu):
    it counted no approved entry. It shows pagu - approved - this entry, as /lapor did."""
    emu, op = year.emu, year.operator
    await save_simple(year, op, "P7.K2.S1", "2,5 jt")  # pagu Rp 241.997.551
    await emu.click(year.verifier, emu.private_chat(year.verifier).last_bot_message, "✅ Setujui")
    confirm = await lapor_to_confirmation(year, op, "P7.K2.S1", "1 jt", month="April 2026")
    assert table_value(confirm, "Sisa") == "Rp 238.497.551"
    await emu.click(op, confirm, "💾 Simpan")
    card = emu.private_chat(year.verifier).last_bot_message
    assert card is not None and "perlu verifikasi" in plain_text(card)
    assert table_value(card, "Sisa") == "Rp 238.497.551"  # the same as the officer's
    assert table_value(card, "Sisa") != "Rp 241.997.551"  # the old card
    assert table_value(card, "Disetujui th.") == "Rp 2.500.000"
    [title, listed] = await emu.ask(year.verifier, "/verifikasi")
    assert "Menunggu verifikasi" in plain_text(title)
    assert table_value(listed, "Sisa") == "Rp 238.497.551"


async def test_nobody_decides_their_own_entry_admins_included(year: BotEnv) -> None:
    emu, admin = year.emu, year.admin
    confirm = await lapor_to_confirmation(
        year, admin, "P7.K2.S1", "1 jt", query="pengaduan masyarakat"
    )
    await emu.click(admin, confirm, "💾 Simpan")
    [entry] = entries(year.engine)
    [_, own] = await emu.ask(admin, "/verifikasi")
    assert "Entri Anda sendiri" in plain_text(own) and button_texts(own) == []
    # a forged (or old) button of their own entry is refused, saying who can decide
    for label, data in (
        ("ok", ReviewApprove(int(entry.id or 0)).data()),
        ("no", ReviewReject(int(entry.id or 0)).data()),
    ):
        emu.private_chat(admin).message(own["message_id"])["reply_markup"] = {
            "inline_keyboard": [[{"text": label, "callback_data": data}]]
        }
        await emu.click(admin, own, label)
        answer = (emu.last_answer(admin) or {}).get("text", "")
        assert "Anda kirim sendiri" in answer and "Verifikator" in answer
    assert "alasan" not in plain_text(emu.private_chat(admin).last_bot_message or {}).lower()
    assert entries(year.engine)[0].status == EntryStatus.DIAJUKAN
    card = emu.private_chat(year.verifier).last_bot_message
    await emu.click(year.verifier, card, "✅ Setujui")
    assert entries(year.engine)[0].status == EntryStatus.DISETUJUI


async def test_without_a_verifikator_the_admins_are_asked_to_appoint_one(year: BotEnv) -> None:
    emu, admin = year.emu, year.admin
    with session_scope(year.engine) as session:
        set_user(session, None, VERIFIER_ID, Role.PIMPINAN)
    await save_simple(year, year.operator, "P7.K2.S1", "1000000")

    def told(*words: str) -> bool:
        return any(all(w in t for w in words) for t in emu.private_chat(admin).texts())

    await emu.wait_for(lambda: told("belum punya verifikator", "/pengguna"))
    assert told("perlu verifikasi")  # the admins decide meanwhile
    # the admin's own entry: nobody else can decide it, and the admin is told so
    confirm = await lapor_to_confirmation(
        year, admin, "P7.K2.S1", "1 jt", month="April 2026", query="pengaduan masyarakat"
    )
    await emu.click(admin, confirm, "💾 Simpan")
    await emu.wait_for(lambda: told("belum bisa diverifikasi", "/pengguna"))
