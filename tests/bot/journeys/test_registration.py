"""Registration through the bot (/daftar and the admins' buttons), with every refusal."""

from __future__ import annotations

from sqlmodel import Session

from emulator import button_texts, plain_text
from lakip_model.models import Role
from lakip_model.users import actor_of
from tests.support.bot import STRANGER_ID, BotEnv


async def test_register_approved_as_operator_of_a_unit(env: BotEnv) -> None:
    emu = env.emu
    [reply] = await emu.ask(env.stranger, "/daftar")
    assert "terkirim" in plain_text(reply)
    request = emu.private_chat(env.admin).last_bot_message
    assert request is not None and str(STRANGER_ID) in plain_text(request)
    [again] = await emu.ask(env.stranger, "/daftar")
    assert "menunggu" in plain_text(again)
    # a non-admin pressing the admin's button changes nothing
    await emu.click(env.kadis, request, "✅ Admin")
    assert "tidak mengizinkan" in (emu.last_answer(env.kadis) or {}).get("text", "")
    with Session(env.engine) as session:
        assert actor_of(session, STRANGER_ID) is None
    [units] = await emu.click(env.admin, request, "✅ Operator")
    assert "Bidang Pemberdayaan Kelompok Masyarakat" in button_texts(units)
    [done] = await emu.click(env.admin, units, "Bidang Pemberdayaan Kelompok Masyarakat")
    assert "disetujui" in plain_text(done)
    told = emu.private_chat(env.stranger).last_bot_message
    assert told is not None and "Operator" in plain_text(told)
    with Session(env.engine) as session:
        actor = actor_of(session, STRANGER_ID)
    assert actor is not None and actor.role == Role.OPERATOR and actor.unit_id is not None
    [reply] = await emu.ask(env.stranger, "/ringkasan")
    assert "Rp 5.993.530.294" in plain_text(reply)


async def test_register_rejected(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.stranger, "/daftar")
    request = emu.private_chat(env.admin).last_bot_message
    assert request is not None
    keyboard = request["reply_markup"]
    await emu.click(env.admin, request, "❌ Tolak")
    told = emu.private_chat(env.stranger).last_bot_message
    assert told is not None and "ditolak" in plain_text(told)
    # a replayed press (another admin's copy of the request still has the buttons)
    emu.private_chat(env.admin).message(request["message_id"])["reply_markup"] = keyboard
    await emu.click(env.admin, request, "✅ Pimpinan")
    assert "sudah ditolak" in (emu.last_answer(env.admin) or {}).get("text", "")


async def test_group_admins_need_no_bot_registration_for_reminders(env: BotEnv) -> None:
    emu = env.emu
    member = emu.user(7098, "Anggota")
    group = emu.group(-100900, "Bidang PKM", admins=[env.stranger], members=[member])
    [panel] = await emu.ask(env.stranger, "/pengingat@LakipBinjaiBot", chat=group)
    assert "belum terdaftar" not in plain_text(panel) and button_texts(panel)
    [refused] = await emu.ask(member, "/pengingat@LakipBinjaiBot", chat=group)
    assert not button_texts(refused)
    [deadlines] = await emu.ask(member, "/tenggat@LakipBinjaiBot", chat=group)
    assert "belum terdaftar" not in plain_text(deadlines)
