"""/instansi: the super admins' agencies, their admins and the city roles, with every refusal;
and the LAKIP_AGENCY restriction at the gate."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from emulator import EmuUser, button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import actor_of, admin_ids, agency_id_of, set_user
from seed.demo import generate, telegram_id
from tests.support.bot import BotEnv, add_people, bot_on_emulator, make_settings

LOCAL_ADMIN_ID = 7010  # an admin of the seeded agency, not a super admin


def _city(env: BotEnv) -> EmuUser:
    """demo-001 beside the seeded agency; a plain admin of the seeded one (returned)."""
    generate(env.engine, agencies=1, years=1)
    with session_scope(env.engine) as session:
        set_user(session, None, LOCAL_ADMIN_ID, Role.ADMIN, name="Admin DP3AM")
    return env.emu.user(LOCAL_ADMIN_ID, "Admin DP3AM")


def _demo_id(engine: Engine) -> int:
    with Session(engine) as session:
        return agency_id_of(session, "demo-001")


async def test_only_super_admins_may_use_it(env: BotEnv) -> None:
    local = _city(env)
    emu = env.emu
    for user in (local, env.kadis, env.operator, emu.user(telegram_id(1, 0), "Admin Demo")):
        for text in ("/instansi", "/agencies", f"/instansi admin demo-001 {user.id}"):
            [reply] = await emu.ask(user, text)
            assert "hanya untuk super admin" in plain_text(reply), (user, text)
    [stranger] = await emu.ask(env.stranger, "/instansi")
    assert "belum terdaftar" in plain_text(stranger)
    [help_super] = await emu.ask(env.admin, "/bantuan")
    assert "/instansi" in plain_text(help_super)
    [help_local] = await emu.ask(local, "/bantuan")
    assert "/instansi" not in plain_text(help_local) and "/pengguna" in plain_text(help_local)
    with Session(env.engine) as session:
        assert admin_ids(session, _demo_id(env.engine)) == [telegram_id(1, 0)]
        assert actor_of(session, env.kadis.id).role == Role.PIMPINAN  # type: ignore[union-attr]


async def test_the_list_shows_every_agency_its_years_users_and_admins(env: BotEnv) -> None:
    _city(env)
    [listing] = await env.emu.ask(env.admin, "/instansi")
    text = plain_text(listing)
    assert "Instansi (2)" in text
    # the seeded agency: 2022, the people of the tests (6 with the local admin), two admins
    assert (
        "dp3am-binjai — DP3AM Kota Binjai: tahun 2022; 6 pengguna; admin: Admin, Admin DP3AM"
        in (text)
    )
    assert "demo-001 — DP3A Medan (demo 001): tahun 2026; 9 pengguna; admin: Admin Demo" in text
    assert "/instansi admin KODE ID_TELEGRAM" in text
    [detail] = await env.emu.click(env.admin, listing, "demo-001 — DP3A Medan (demo 001)")
    assert "Pengguna aktif: 9" in plain_text(detail)
    assert "🗑 Admin Admin Demo" in button_texts(detail)


async def test_a_super_admin_appoints_and_removes_an_agencys_admin(env: BotEnv) -> None:
    _city(env)
    emu = env.emu
    demo_admin = telegram_id(1, 0)
    newcomer = emu.user(8001, "Rina")
    [appointed] = await emu.ask(env.admin, "/instansi admin demo-001 8001")
    assert "sekarang admin DP3A Medan (demo 001)" in plain_text(appointed)
    told = emu.private_chat(newcomer).last_bot_message
    assert told is not None and "Anda sekarang admin" in plain_text(told)
    [again] = await emu.ask(env.admin, "/instansi admin demo-001 8001")
    assert "sudah admin" in plain_text(again)
    [unknown] = await emu.ask(env.admin, "/instansi admin dinas-entah 8002")
    assert "«dinas-entah» tidak dikenal" in plain_text(unknown)
    [bad] = await emu.ask(env.admin, "/instansi admin demo-001 rina")
    assert "harus berupa angka" in plain_text(bad)
    [listing] = await emu.ask(newcomer, "/pengguna")  # the new admin manages demo-001's users
    assert "Admin Demo — Admin" in button_texts(listing)
    [detail] = await emu.ask(env.admin, "/instansi")
    [detail] = await emu.click(env.admin, detail, "demo-001 — DP3A Medan (demo 001)")
    [confirm] = await emu.click(env.admin, detail, "🗑 Admin Admin Demo")
    assert "Hapus Admin Demo sebagai admin" in plain_text(confirm)
    [removed] = await emu.click(env.admin, confirm, "Ya, nonaktifkan")
    assert "bukan lagi admin" in plain_text(removed)
    with Session(env.engine) as session:
        assert admin_ids(session, _demo_id(env.engine)) == [8001]
        assert actor_of(session, demo_admin) is None
    # the last admin stays, even through a replayed button
    [detail] = await emu.click(env.admin, removed, "⬅️ Kembali")
    [confirm] = await emu.click(env.admin, detail, "🗑 Admin Rina")
    await emu.click(env.admin, confirm, "Ya, nonaktifkan")
    assert "setidaknya satu admin" in (emu.last_answer(env.admin) or {}).get("text", "")
    with Session(env.engine) as session:
        assert admin_ids(session, _demo_id(env.engine)) == [8001]


async def test_forged_agency_buttons_of_an_agency_admin_do_nothing(env: BotEnv) -> None:
    from bot.views.admin import AgencyAdminRemoveConfirmed, AgencyOpen

    local = _city(env)
    emu = env.emu
    with session_scope(env.engine) as session:  # a second admin, so that removal is possible
        set_user(session, None, 8001, Role.ADMIN, name="Admin Dua", agency_code="demo-001")
    [reply] = await emu.ask(local, "/pengguna")
    demo = _demo_id(env.engine)
    for forged in (AgencyOpen(demo), AgencyAdminRemoveConfirmed(demo, telegram_id(1, 0))):
        emu.private_chat(local).message(reply["message_id"])["reply_markup"] = {
            "inline_keyboard": [[{"text": "forged", "callback_data": forged.data()}]]
        }
        shown = await emu.click(local, reply, "forged")
        assert "Hanya super admin" in (emu.last_answer(local) or {}).get("text", "")
        assert not [m for m in shown if "demo-001" in plain_text(m)]
    with Session(env.engine) as session:
        assert set(admin_ids(session, demo)) == {telegram_id(1, 0), 8001}


async def test_a_super_admin_gives_a_city_role_that_reads_but_never_writes(env: BotEnv) -> None:
    local = _city(env)
    emu = env.emu
    [bad_role] = await emu.ask(env.admin, "/instansi kota 8005 admin")
    assert "bappeda, inspektorat atau walikota" in plain_text(bad_role)
    [usage] = await emu.ask(env.admin, "/instansi hapus semua")
    assert "tidak dikenali" in plain_text(usage)
    [given] = await emu.ask(env.admin, "/instansi kota 8005 bappeda")
    assert "sekarang Bappeda" in plain_text(given)
    bappeda = emu.user(8005, "Bu Bappeda")
    with Session(env.engine) as session:
        actor = actor_of(session, 8005)
    assert actor is not None and actor.role == Role.BAPPEDA and actor.reads_city
    [reads] = await emu.ask(bappeda, "/ringkasan")
    assert "Rp 5.993.530.294" in plain_text(reads)  # the seeded agency, where they were put
    for write in ("/lapor", "/pengguna", "/instansi"):
        [refused] = await emu.ask(bappeda, write)
        assert "tidak mengizinkan" in plain_text(refused) or "super admin" in plain_text(refused)
    # an agency admin's attempt to give one is refused by the command
    [refused] = await emu.ask(local, "/instansi kota 8006 walikota")
    assert "hanya untuk super admin" in plain_text(refused)
    with Session(env.engine) as session:
        assert actor_of(session, 8006) is None


async def test_lakip_agency_refuses_a_user_of_another_agency_at_the_gate(
    db_url: str, engine: Engine
) -> None:
    add_people(engine)
    generate(engine, agencies=1, years=1)
    settings = make_settings(db_url, LAKIP_AGENCY="dp3am-binjai")
    async with bot_on_emulator(settings, engine) as bot:
        emu = bot.emu
        other = emu.user(telegram_id(1, 0), "Admin Demo")
        for text in ("/ringkasan", "/pengguna", "/daftar", "berapa realisasi 2026?"):
            [reply] = await emu.ask(other, text)
            assert "Bot ini hanya melayani dp3am-binjai" in plain_text(reply), text
        # in a group only a command for this bot is answered; their talk there is not ours
        group = emu.group(-1009999, "Grup Demo", members=[other])
        since = emu.mark()
        await emu.send_text(other, "rapat jam berapa?", chat=group)
        await emu.send_text(other, "/ringkasan@BotLain", chat=group)
        await emu.idle()
        assert emu.messages_of(emu.outputs_since(since)) == []
        [reply] = await emu.ask(other, "/ringkasan", chat=group)
        assert "Bot ini hanya melayani dp3am-binjai" in plain_text(reply)
        [own] = await emu.ask(bot.people["admin"], "/ringkasan")
        assert "Rp 5.993.530.294" in plain_text(own)
        # /daftar asks for the restricted agency without offering a choice
        [sent] = await emu.ask(bot.people["stranger"], "/daftar")
        assert "terkirim" in plain_text(sent)
