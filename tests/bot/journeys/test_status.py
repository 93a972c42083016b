"""The Kepala Dinas's quick status, end to end: the real Application on the emulator."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine

from bot.views.status import BudgetNode
from emulator import button_texts, plain_text
from tests.support.bot import KADIS_ID, BotEnv, Person, add_people, bot_on_emulator, make_settings


def _text(messages: list[dict]) -> str:  # type: ignore[type-arg]
    return "\n".join(plain_text(m) for m in messages)


async def test_summary_one_screen(env: BotEnv) -> None:
    replies = await env.emu.ask(env.kadis, "/ringkasan")
    assert len(replies) == 1
    text = plain_text(replies[0])
    assert "Ringkasan 2022" in text
    for figure in ("Rp 5.993.530.294", "Rp 5.296.423.659", "88,37%"):
        assert figure in text
    assert "Rasio KDRT" in text  # below target, polarity-aware
    assert "Skor Kota Layak Anak" not in text.split("Di bawah target")[-1]
    assert "Anggaran" in button_texts(replies[0])


async def test_budget_drill_down_and_back(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [listing] = await emu.ask(kadis, "/anggaran")
    assert "Rp 536.731.778" in plain_text(listing) and "98,69%" in plain_text(listing)
    program = next(b for b in button_texts(listing) if "PENUNJANG" in b.upper())
    [detail] = await emu.click(kadis, listing, program)
    assert detail["message_id"] == listing["message_id"]  # edited in place
    assert "Administrasi Keuangan Perangkat Daerah" in plain_text(detail)
    kegiatan = next(b for b in button_texts(detail) if "Administrasi Keuangan" in b)
    [sub] = await emu.click(kadis, detail, kegiatan)
    assert "Rp 2.757.062.981" in plain_text(sub)  # Penyediaan Gaji dan Tunjangan ASN
    leaf = next(b for b in button_texts(sub) if "Gaji" in b)
    [gaji] = await emu.click(kadis, sub, leaf)
    assert "93,40%" in plain_text(gaji) and "25" in plain_text(gaji)
    back = next(b for b in button_texts(gaji) if "Kembali" in b)
    [again] = await emu.click(kadis, gaji, back)
    assert "Penyediaan Gaji" in plain_text(again)


async def test_budget_paging_covers_every_program(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [page] = await emu.ask(kadis, "/anggaran 2022")
    seen = plain_text(page)
    while "Berikutnya ▶️" in button_texts(page):
        [page] = await emu.click(kadis, page, "Berikutnya ▶️")
        seen += plain_text(page)
    for pagu in ("Rp 323.470.202", "Rp 370.194.694", "Rp 1.241.430.367", "Rp 25.180.901"):
        assert pagu in seen


async def test_budget_words_filter(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/anggaran perlindungan khusus")
    text = plain_text(reply)
    assert "Perlindungan Khusus Anak" in text and "Rp 370.194.694" in text
    assert "PENUNJANG" not in text.upper()


async def test_indicators_with_category(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [page] = await emu.ask(kadis, "/capaian")
    seen = plain_text(page)
    while "Berikutnya ▶️" in button_texts(page):
        [page] = await emu.click(kadis, page, "Berikutnya ▶️")
        seen += plain_text(page)
    assert "Indeks Kota Layak Anak" in seen and "128,18%" in seen and "Sangat Tinggi" in seen
    assert "Indeks Pembangunan Gender" in seen and "90,77" in seen


async def test_below_target_worst_first(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/dibawahtarget")
    text = plain_text(reply)
    assert "Rasio KDRT" in text
    assert "0,005" in text and "0,008" in text
    assert "Kota Layak Anak" not in text


async def test_search_accent_and_case_insensitive_opens_detail(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [reply] = await emu.ask(kadis, "/cari PENGADUAN masyarakat")
    assert "Penyediaan Layanan Pengaduan" in plain_text(reply)
    hit = next(b for b in button_texts(reply) if "Pengaduan" in b)
    [detail] = await emu.click(kadis, reply, hit)
    assert "Rp 241.997.551" in plain_text(detail)


async def test_search_partial_word(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/search gend")
    assert "Gender" in plain_text(reply)


async def test_year_without_data_and_bad_year(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/ringkasan 1999")
    assert "Tidak ada data untuk tahun 1999" in plain_text(reply) and "2022" in plain_text(reply)
    [reply] = await env.emu.ask(env.kadis, "/ringkasan 99999")
    assert "tidak valid" in plain_text(reply) or "tidak memakai" in plain_text(reply)


async def test_stale_button_gets_a_notice(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [listing] = await emu.ask(kadis, "/anggaran")
    # a button whose row no longer exists (as after a data change)
    stale = {
        "inline_keyboard": [[{"text": "x", "callback_data": BudgetNode(2022, 999999, 0).data()}]]
    }
    emu.private_chat(kadis).message(listing["message_id"])["reply_markup"] = stale
    await emu.click(kadis, listing, "x")
    answer = emu.last_answer(kadis)
    assert answer is not None and "tidak berlaku" in answer["text"]


async def test_group_commands_addressed_to_the_bot(env: BotEnv) -> None:
    emu = env.emu
    group = emu.group(-100500, "Pimpinan DP3AM", members=[env.kadis])
    replies = await emu.ask(env.kadis, "/ringkasan@LakipBinjaiBot", chat=group)
    assert "Rp 5.993.530.294" in _text(replies)
    since = emu.mark()
    await emu.send_text(env.kadis, "/ringkasan@BotLain", chat=group)
    await emu.idle()
    assert emu.outputs_since(since, group) == []


async def test_unregistered_user_sees_nothing_but_start_and_register(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.stranger, "/ringkasan")
    assert "belum terdaftar" in plain_text(reply)
    assert "5.993.530.294" not in plain_text(reply)


async def test_a_failed_command_menu_registration_is_logged_and_the_bot_goes_on(
    db_url: str, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    add_people(engine)
    kadis = {"kadis": Person(KADIS_ID, "Kepala Dinas")}
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        async with bot_on_emulator(
            make_settings(db_url),
            engine,
            clock=None,
            people=kadis,
            prepare=lambda emu, app: emu.fail_next("setMyCommands", "500"),
        ) as bot:
            [reply] = await bot.emu.ask(bot.people["kadis"], "/ringkasan")
    assert "Rp 5.993.530.294" in plain_text(reply)
    assert any("command menu" in r.message for r in caplog.records)
