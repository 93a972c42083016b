"""Finding things: /cari and /anggaran <kata> share one search that forgives typos and knows
the abbreviations officers say; a result opened from /cari leads back to the results."""

from __future__ import annotations

import pytest

from emulator import button_texts, plain_text
from tests.support.bot import BotEnv


async def test_budget_words_find_sub_activities_as_search_does(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/anggaran gaji")
    text = plain_text(reply)
    assert "Tidak ada program atau kegiatan yang cocok" not in text  # the old reply
    assert "Penyediaan Gaji dan Tunjangan ASN" in text and "Rp 2.757.062.981" in text


async def test_search_forgives_a_typo(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/cari kekersan")
    text = plain_text(reply)
    assert "Tidak ditemukan hasil" not in text  # the old reply
    assert "Kekerasan" in text


@pytest.mark.parametrize(
    ("said", "found"),
    [
        ("KDRT", "Kekerasan"),
        ("KLA", "Kota Layak Anak"),
        ("PUG", "Pengarusutamaan Gender"),
        ("PKK", "PKK"),
        ("ASN", "Gaji dan Tunjangan ASN"),
        ("ATK", "Bahan Logistik Kantor"),
    ],
)
async def test_search_knows_the_abbreviations_users_say(env: BotEnv, said: str, found: str) -> None:
    [reply] = await env.emu.ask(env.kadis, f"/cari {said}")
    assert found in plain_text(reply)


async def test_a_result_opened_from_search_leads_back_to_the_results(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [results] = await emu.ask(kadis, "/cari pengaduan")
    hit = next(b for b in button_texts(results) if "Pengaduan" in b)
    [detail] = await emu.click(kadis, results, hit)
    assert "⬅️ Hasil pencarian" in button_texts(detail)  # was: no way back
    [again] = await emu.click(kadis, detail, "⬅️ Hasil pencarian")
    assert "Hasil pencarian «pengaduan»" in plain_text(again)
    indicator = next(b for b in button_texts(again) if "Pengaduan" in b)
    assert indicator


async def test_an_indicator_opened_from_search_leads_back(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [results] = await emu.ask(kadis, "/cari indeks pembangunan gender")
    hit = next(b for b in button_texts(results) if "Indeks Pembangunan Gender" in b)
    [detail] = await emu.click(kadis, results, hit)
    assert "90,77" in plain_text(detail)
    assert "⬅️ Hasil pencarian" in button_texts(detail)


async def test_names_are_not_doubled(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/cari perlindungan khusus anak")
    text = plain_text(reply)
    assert "Perlindungan Khusus Anak" in text
    assert "Program Program" not in text and "Program PROGRAM" not in text


async def test_a_long_query_is_echoed_on_one_line(env: BotEnv) -> None:
    long = "perlindungan " + "x" * 300
    [reply] = await env.emu.ask(env.kadis, f"/cari {long}")
    text = plain_text(reply)
    assert "x" * 300 not in text  # was: the whole query, echoed back
    assert "Tidak ditemukan hasil untuk «perlindungan" in text
    assert len(text.split("\n")[0]) <= 80
