"""User administration through the bot (/pengguna), with every refusal."""

from __future__ import annotations

from sqlmodel import Session

from emulator import button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import actor_of, set_user
from tests.support.bot import BotEnv


async def test_users_list_change_and_remove(env: BotEnv) -> None:
    emu = env.emu
    [listing] = await emu.ask(env.admin, "/pengguna")
    assert "Pengguna aktif" in plain_text(listing)
    kadis = next(b for b in button_texts(listing) if b.startswith("Kepala Dinas"))
    [detail] = await emu.click(env.admin, listing, kadis)
    [roles] = await emu.click(env.admin, detail, "Ubah peran")
    [changed] = await emu.click(env.admin, roles, "Verifikator")
    assert "Verifikator" in plain_text(changed)
    with Session(env.engine) as session:
        actor = actor_of(session, env.kadis.id)
        assert actor is not None and actor.role == Role.VERIFIKATOR
    [listing] = await emu.ask(env.admin, "/pengguna")
    siti = next(b for b in button_texts(listing) if b.startswith("Operator PPPA"))
    [detail] = await emu.click(env.admin, listing, siti)
    [confirm] = await emu.click(env.admin, detail, "🗑 Nonaktifkan")
    await emu.click(env.admin, confirm, "Ya, nonaktifkan")
    [reply] = await emu.ask(env.operator, "/lapor")
    assert "belum terdaftar" in plain_text(reply)


async def test_users_command_is_for_admins_only(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/pengguna")
    assert "tidak mengizinkan" in plain_text(reply)
    [reply] = await env.emu.ask(env.stranger, "/pengguna")
    assert "belum terdaftar" in plain_text(reply)


async def test_the_role_screen_marks_only_the_current_role_and_leads_back(env: BotEnv) -> None:
    emu = env.emu
    [listing] = await emu.ask(env.admin, "/pengguna")
    siti = next(b for b in button_texts(listing) if b.startswith("Operator PPPA"))
    [detail] = await emu.click(env.admin, listing, siti)
    [roles] = await emu.click(env.admin, detail, "Ubah peran")
    labels = button_texts(roles)
    assert [b for b in labels if "✅" in b] == ["✅ Operator (sekarang)"]  # was: ✅ on every role
    assert "✅ Verifikator" not in labels and "Verifikator" in labels
    [back] = await emu.click(env.admin, roles, "⬅️ Kembali")  # was: no way back
    assert "Peran: Operator" in plain_text(back)


async def test_users_are_listed_by_name_as_their_entries_are(env: BotEnv) -> None:
    with session_scope(env.engine) as session:
        set_user(session, None, 7010, Role.PIMPINAN)  # lakip-bot users set 7010 pimpinan
    rina = env.emu.user(7010, "Rina", username="rina")
    await env.emu.ask(rina, "/start")
    [listing] = await env.emu.ask(env.admin, "/pengguna")
    labels = button_texts(listing)
    assert not [b for b in labels if b.startswith("Pengguna 7010")]  # the old label
    assert [b for b in labels if b.startswith("Rina")]
    assert not [b for b in labels if b.startswith("Admin 7001")]


async def test_an_admin_sees_and_changes_only_their_own_agency(env: BotEnv) -> None:
    """Regression: an admin of another agency on the same database could list, and deactivate,
    this agency's users."""
    from bot.views.admin import UserRemoveConfirmed
    from seed.demo import generate, telegram_id
    from tests.support.bot import OPERATOR_ID

    generate(env.engine, agencies=1, years=1)
    emu = env.emu
    other = emu.user(telegram_id(1, 0), "Admin Demo")
    [listing] = await emu.ask(other, "/pengguna")
    assert not any(b.startswith("Operator PPPA") for b in button_texts(listing))
    forged = UserRemoveConfirmed(OPERATOR_ID).data()
    emu.private_chat(other).message(listing["message_id"])["reply_markup"] = {
        "inline_keyboard": [[{"text": "forged", "callback_data": forged}]]
    }
    await emu.click(other, listing, "forged")
    assert "bukan dari lembaga Anda" in (emu.last_answer(other) or {}).get("text", "")
    with Session(env.engine) as session:
        assert actor_of(session, OPERATOR_ID) is not None  # still active


async def test_a_super_admin_picks_the_agency_whose_users_they_manage(env: BotEnv) -> None:
    from seed.demo import generate, telegram_id

    generate(env.engine, agencies=1, years=1)
    emu = env.emu
    [listing] = await emu.ask(env.admin, "/pengguna")  # the super admin's own agency first
    assert "Instansi: DP3AM Kota Binjai (dp3am-binjai)" in plain_text(listing)
    [agencies] = await emu.click(env.admin, listing, "🏢 Instansi lain")
    assert "DP3A Medan (demo 001) (demo-001)" in button_texts(agencies)
    [demo] = await emu.click(env.admin, agencies, "DP3A Medan (demo 001) (demo-001)")
    assert "Instansi: DP3A Medan (demo 001) (demo-001)" in plain_text(demo)
    labels = button_texts(demo)
    assert not [b for b in labels if b.startswith("Operator PPPA")]  # the seeded agency's
    [detail] = await emu.click(env.admin, demo, "Kepala Dinas — Pimpinan")
    [roles] = await emu.click(env.admin, detail, "Ubah peran")
    assert not {"Bappeda", "Inspektorat", "Wali Kota"} & set(button_texts(roles))
    [changed] = await emu.click(env.admin, roles, "Verifikator")
    assert "Verifikator" in plain_text(changed)
    [back] = await emu.click(env.admin, changed, "⬅️ Kembali")
    assert "Instansi: DP3A Medan (demo 001) (demo-001)" in plain_text(back)  # not their own
    with Session(env.engine) as session:
        actor = actor_of(session, telegram_id(1, 1))
    assert actor is not None and actor.role == Role.VERIFIKATOR
    assert actor.agency_code == "demo-001"


async def test_an_agency_admin_cannot_pick_another_agency_nor_give_city_roles(
    env: BotEnv,
) -> None:
    from bot.views.admin import UsersAgencies, UserSetRole, UsersOfAgency
    from lakip_model.users import agency_id_of
    from seed.demo import generate, telegram_id
    from tests.support.bot import KADIS_ID

    generate(env.engine, agencies=1, years=1)
    emu = env.emu
    other = emu.user(telegram_id(1, 0), "Admin Demo")
    [listing] = await emu.ask(other, "/pengguna")
    assert "🏢 Instansi lain" not in button_texts(listing)
    assert "Instansi:" not in plain_text(listing)
    with Session(env.engine) as session:
        seeded = agency_id_of(session, "dp3am-binjai")

    async def forged(data: str) -> str:
        emu.private_chat(other).message(listing["message_id"])["reply_markup"] = {
            "inline_keyboard": [[{"text": "forged", "callback_data": data}]]
        }
        shown = await emu.click(other, listing, "forged")
        assert not [m for m in shown if "Kepala Dinas" in plain_text(m)]
        return (emu.last_answer(other) or {}).get("text", "")

    assert "bukan instansi Anda" in await forged(UsersOfAgency(seeded).data())
    assert "Hanya super admin" in await forged(UsersAgencies(0).data())
    assert "bukan dari lembaga Anda" in await forged(UserSetRole(KADIS_ID, Role.BAPPEDA).data())
    own = telegram_id(1, 1)  # their own pimpinan: still no city role from an agency admin
    assert "hanya diberikan oleh super admin" in await forged(UserSetRole(own, Role.BAPPEDA).data())
    with Session(env.engine) as session:
        kadis, pimpinan = actor_of(session, KADIS_ID), actor_of(session, own)
    assert kadis is not None and kadis.role == Role.PIMPINAN
    assert pimpinan is not None and pimpinan.role == Role.PIMPINAN
