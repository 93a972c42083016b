"""/start, /bantuan and the command menus: each user is offered what they may do now."""

from __future__ import annotations

from sqlalchemy import Engine

from emulator import button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import set_user
from tests.support.bot import (
    ADMIN_ID,
    KADIS_ID,
    OPERATOR_ID,
    VERIFIER_ID,
    BotEnv,
    add_people,
    bot_on_emulator,
    make_settings,
)


def commands_in(text: str) -> set[str]:
    return {word.strip(",.;:").split("@")[0] for word in text.split() if word.startswith("/")}


async def test_start_says_what_this_user_may_do(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.operator, "/start")
    assert "/lapor" in plain_text(reply) and "Operator" in plain_text(reply)
    [reply] = await env.emu.ask(env.stranger, "/start")
    assert "/daftar" in plain_text(reply)


async def test_each_role_sees_a_fitting_list(env: BotEnv) -> None:
    emu = env.emu
    [reader] = await emu.ask(env.kadis, "/bantuan")
    said = commands_in(plain_text(reader))
    assert {"/ringkasan", "/anggaran", "/riwayat"} <= said
    assert not said & {"/lapor", "/urungkan", "/verifikasi", "/pengguna", "/daftar"}
    [officer] = await emu.ask(env.operator, "/bantuan")
    said = commands_in(plain_text(officer))
    assert {"/lapor", "/urungkan", "/ringkasan"} <= said
    assert not said & {"/verifikasi", "/pengguna", "/daftar"}
    [verifier] = await emu.ask(env.verifier, "/bantuan")
    said = commands_in(plain_text(verifier))
    assert "/verifikasi" in said and not said & {"/lapor", "/pengguna", "/daftar"}
    [admin] = await emu.ask(env.admin, "/bantuan")
    said = commands_in(plain_text(admin))
    assert {"/pengguna", "/lapor", "/verifikasi"} <= said and "/daftar" not in said
    [stranger] = await emu.ask(env.stranger, "/start")
    said = commands_in(plain_text(stranger))
    assert "/daftar" in said and "/ringkasan" not in said  # was: every reading command
    assert "Anggaran" not in button_texts(stranger)
    # whoever may read is told that a plain question works; a stranger is not (it would not)
    assert "bertanya biasa" in plain_text(reader) and "bertanya biasa" not in plain_text(stranger)


async def test_a_reader_without_registration_is_not_told_to_register(
    db_url: str, engine: Engine
) -> None:
    add_people(engine)
    settings = make_settings(db_url, LAKIP_OPEN_READ="true")
    async with bot_on_emulator(settings, engine) as bot:
        [reply] = await bot.emu.ask(bot.people["stranger"], "/start")
    text = plain_text(reply)
    assert "kirim /daftar untuk meminta akses ke data" not in text  # the old sentence
    assert "belum terdaftar" not in text
    assert {"/ringkasan", "/cari"} <= commands_in(text)


async def test_group_help_lists_the_group_commands(env: BotEnv) -> None:
    group = env.emu.group(-100700, "Pimpinan", members=[env.admin])
    [reply] = await env.emu.ask(env.admin, "/bantuan@LakipBinjaiBot", chat=group)
    said = commands_in(plain_text(reply))
    assert {"/ringkasan", "/pengingat"} <= said
    assert not said & {"/lapor", "/pengguna", "/daftar"}
    assert "Sebut atau balas bot ini" in plain_text(reply)


def menu(env: BotEnv, scope: dict[str, object] | None = None) -> set[str]:
    return {c["command"] for c in env.emu.commands_for(scope)}


def chat(telegram_id: int) -> dict[str, object]:
    return {"type": "chat", "chat_id": telegram_id}


async def test_command_menus_per_role_and_for_groups(env: BotEnv) -> None:
    # a user's own menu is set when they first write (Telegram keeps it), not at every start
    assert menu(env, chat(KADIS_ID)) == set()
    for person in (env.admin, env.kadis, env.operator, env.verifier):
        await env.emu.ask(person, "/bantuan")
    people = (ADMIN_ID, KADIS_ID, OPERATOR_ID, VERIFIER_ID)
    await env.emu.wait_for(lambda: all(menu(env, chat(p)) for p in people))
    assert menu(env) == {"daftar", "tenggat", "bantuan"}  # a stranger's, the default
    groups = menu(env, {"type": "all_group_chats"})
    assert {"ringkasan", "pengingat", "bantuan"} <= groups
    assert not groups & {"lapor", "pengguna", "daftar", "verifikasi"}
    assert {"ringkasan", "riwayat"} <= menu(env, chat(KADIS_ID))
    assert not menu(env, chat(KADIS_ID)) & {"lapor", "verifikasi", "pengguna", "daftar"}
    officer, verifier = menu(env, chat(OPERATOR_ID)), menu(env, chat(VERIFIER_ID))
    assert "lapor" in officer and "verifikasi" not in officer
    assert "verifikasi" in verifier and "lapor" not in verifier
    assert {"pengguna", "lapor", "verifikasi"} <= menu(env, chat(ADMIN_ID))


async def test_a_role_change_refreshes_the_users_menu(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.kadis, "/bantuan")
    await emu.wait_for(lambda: menu(env, chat(KADIS_ID)))  # set at the first message
    [listing] = await emu.ask(env.admin, "/pengguna")
    kadis = next(b for b in button_texts(listing) if b.startswith("Kepala Dinas"))
    [detail] = await emu.click(env.admin, listing, kadis)
    [roles] = await emu.click(env.admin, detail, "Ubah peran")
    await emu.click(env.admin, roles, "Verifikator")
    assert "verifikasi" in menu(env, chat(KADIS_ID))
    [listing] = await emu.ask(env.admin, "/pengguna")
    kadis = next(b for b in button_texts(listing) if b.startswith("Kepala Dinas"))
    [detail] = await emu.click(env.admin, listing, kadis)
    [confirm] = await emu.click(env.admin, detail, "🗑 Nonaktifkan")
    await emu.click(env.admin, confirm, "Ya, nonaktifkan")
    assert menu(env, chat(KADIS_ID)) == set()  # the default (a stranger's) applies again


async def test_a_user_added_from_the_command_line_gets_a_menu_when_they_write(
    db_url: str, engine: Engine
) -> None:
    add_people(engine)
    with session_scope(engine) as session:
        set_user(session, None, 7010, Role.PIMPINAN)
    async with bot_on_emulator(make_settings(db_url), engine) as bot:
        await bot.emu.ask(bot.emu.user(7010, "Rina"), "/start")
        menu_of_7010 = await bot.emu.wait_for(lambda: bot.emu.commands_for(chat(7010)))
        assert "ringkasan" in {c["command"] for c in menu_of_7010}
