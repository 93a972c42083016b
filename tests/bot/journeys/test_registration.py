"""Registration through the bot (/daftar and the admins' buttons), with every refusal."""

from __future__ import annotations

from sqlmodel import Session, select

from emulator import button_texts, plain_text
from lakip_model.models import Role, Unit
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


# --- several agencies in one deployment (issue 18) ---------------------------------------------

LOCAL_ADMIN_ID = 7010  # an admin of the seeded agency, not a super admin


def _city(env: BotEnv) -> int:
    """demo-001 beside the seeded agency, and a plain admin of the seeded one; demo's admin."""
    from lakip_model.db import session_scope
    from lakip_model.users import set_user
    from seed.demo import generate, telegram_id

    generate(env.engine, agencies=1, years=1)
    with session_scope(env.engine) as session:
        set_user(session, None, LOCAL_ADMIN_ID, Role.ADMIN, name="Admin DP3AM")
    return telegram_id(1, 0)


def _forge(env: BotEnv, user: object, message: dict, data: str) -> None:  # type: ignore[type-arg]
    env.emu.private_chat(user).message(message["message_id"])["reply_markup"] = {  # type: ignore[arg-type]
        "inline_keyboard": [[{"text": "forged", "callback_data": data}]]
    }


async def test_a_stranger_picks_their_agency_and_its_admin_decides(env: BotEnv) -> None:
    emu = env.emu
    demo_admin = emu.user(_city(env), "Admin Demo")
    [choose] = await emu.ask(env.stranger, "/daftar")
    assert "Pilih instansi" in plain_text(choose)
    assert button_texts(choose) == [
        "DP3A Medan (demo 001) (demo-001)",
        "DP3AM Kota Binjai (dp3am-binjai)",
    ]
    [narrowed] = await emu.ask(env.stranger, "/daftar medan")
    assert button_texts(narrowed) == ["DP3A Medan (demo 001) (demo-001)"]
    [missed] = await emu.ask(env.stranger, "/daftar dinkes")
    assert "Tidak ada instansi yang cocok dengan «dinkes»" in plain_text(missed)
    assert len(button_texts(missed)) == 2
    admin_before = emu.private_chat(env.admin).last_bot_message
    [sent] = await emu.click(env.stranger, narrowed, "DP3A Medan (demo 001) (demo-001)")
    assert "terkirim" in plain_text(sent)
    request = emu.private_chat(demo_admin).last_bot_message
    assert request is not None and "Instansi: DP3A Medan (demo 001) (demo-001)" in plain_text(
        request
    )
    assert "🔀 Pindahkan instansi" not in button_texts(request)  # its own admin was asked
    # neither the seeded agency's admins nor the super admin were asked
    assert emu.private_chat(env.admin).last_bot_message == admin_before
    assert emu.private_chat(emu.user(LOCAL_ADMIN_ID, "Admin DP3AM")).last_bot_message is None
    [units] = await emu.click(demo_admin, request, "✅ Operator")
    [done] = await emu.click(demo_admin, units, button_texts(units)[0])
    assert "disetujui" in plain_text(done)
    with Session(env.engine) as session:
        actor = actor_of(session, STRANGER_ID)
    assert actor is not None and actor.agency_code == "demo-001" and actor.role == Role.OPERATOR
    with Session(env.engine) as session:  # the unit buttons were demo-001's units
        unit = session.get(Unit, actor.unit_id)
        assert unit is not None and unit.agency_id == actor.agency_id
    [again] = await emu.ask(env.stranger, "/daftar")
    assert "sudah terdaftar" in plain_text(again)


async def test_another_agencys_request_cannot_be_decided_or_seen_with_forged_buttons(
    env: BotEnv,
) -> None:
    """Regression: the Operator button of any request id listed the units and the requester's
    name without checking the presser's agency."""
    from bot.views.admin import (
        RegistrationApprove,
        RegistrationMove,
        RegistrationMoveTo,
        RegistrationReject,
    )
    from lakip_model.models import RegistrationRequest

    emu = env.emu
    _city(env)
    local = emu.user(LOCAL_ADMIN_ID, "Admin DP3AM")
    [choose] = await emu.ask(env.stranger, "/daftar demo-001")
    await emu.click(env.stranger, choose, "DP3A Medan (demo 001) (demo-001)")
    with Session(env.engine) as session:
        request = session.exec(
            select(RegistrationRequest).where(RegistrationRequest.telegram_id == STRANGER_ID)
        ).one()
        request_id = int(request.id or 0)
    [listing] = await emu.ask(local, "/pengguna")
    assert "permintaan pendaftaran menunggu" not in plain_text(listing)  # not theirs to see
    for forged in (
        RegistrationApprove(request_id, Role.OPERATOR),
        RegistrationApprove(request_id, Role.PIMPINAN),
        RegistrationReject(request_id),
    ):
        _forge(env, local, listing, forged.data())
        shown = await emu.click(local, listing, "forged")
        assert "untuk instansi lain" in (emu.last_answer(local) or {}).get("text", "")
        assert not [m for m in shown if "Orang Asing" in plain_text(m)]
    for forged in (RegistrationMove(request_id), RegistrationMoveTo(request_id, 1)):
        _forge(env, local, listing, forged.data())
        await emu.click(local, listing, "forged")
        assert "Hanya super admin" in (emu.last_answer(local) or {}).get("text", "")
    with Session(env.engine) as session:
        request = session.get(RegistrationRequest, request_id)
        assert request is not None and request.status == "menunggu"
        assert request.agency_id != 1  # not moved
        assert actor_of(session, STRANGER_ID) is None


async def test_a_request_for_an_agency_without_admin_goes_to_the_super_admins(
    env: BotEnv,
) -> None:
    """The super admin is told which agency it is and may move it before deciding."""
    from lakip_model.db import session_scope
    from lakip_model.models import Agency

    emu = env.emu
    with session_scope(env.engine) as session:
        session.add(Agency(code="dinas-baru", name="Dinas Baru", short_name="Baru", region="X"))
    [choose] = await emu.ask(env.stranger, "/daftar baru")
    [sent] = await emu.click(env.stranger, choose, "Baru (dinas-baru)")
    assert "terkirim" in plain_text(sent)
    request = emu.private_chat(env.admin).last_bot_message  # the super admin
    assert request is not None
    text = plain_text(request)
    assert "Instansi: Baru (dinas-baru)" in text and "belum punya admin" in text
    [agencies] = await emu.click(env.admin, request, "🔀 Pindahkan instansi")
    assert button_texts(agencies) == ["DP3AM Kota Binjai (dp3am-binjai)"]
    [moved] = await emu.click(env.admin, agencies, "DP3AM Kota Binjai (dp3am-binjai)")
    assert "Instansi: DP3AM Kota Binjai (dp3am-binjai)" in plain_text(moved)
    assert "🔀 Pindahkan instansi" not in button_texts(moved)
    [units] = await emu.click(env.admin, moved, "✅ Operator")
    [done] = await emu.click(env.admin, units, "Bidang Pemberdayaan Kelompok Masyarakat")
    assert "disetujui" in plain_text(done)
    with Session(env.engine) as session:
        actor = actor_of(session, STRANGER_ID)
    assert actor is not None and actor.agency_code == "dp3am-binjai"
