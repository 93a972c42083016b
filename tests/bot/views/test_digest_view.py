"""The digest's words say only what the data shows (bot.views.digest): a quarter without data,
a year the bot does not have, a quarter whose indicators cannot be measured."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session

from bot.views.digest import digest_text, subscription_panel
from lakip_model import digest
from lakip_model.db import session_scope
from lakip_model.numbers import format_rupiah
from lakip_model.years import open_year


def test_a_quarter_without_data_says_so_and_claims_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    with Session(engine) as session:
        got = digest.quarter_digest(session, 1, 2026, 1)
    text = digest_text(got)
    assert "Belum ada data realisasi yang tercatat untuk Triwulan I 2026." in text
    assert "Belum ada realisasi anggaran yang disetujui s.d. akhir Maret." in text
    assert "Belum ada indikator yang terukur triwulan ini" in text
    assert got.pagu is not None and format_rupiah(got.pagu) in text
    for claim in ("Tidak ada yang di bawah target", "memenuhi norma", "Semua", "di bawah norma"):
        assert claim not in text, claim
    assert "Sub kegiatan tanpa entri realisasi (dari 29): Januari 29, Februari 29, Maret 29" in text
    assert "Indikator tanpa realisasi TW I: 19 dari 19" in text


def test_a_year_the_bot_does_not_have(engine: Engine) -> None:
    with Session(engine) as session:
        got = digest.quarter_digest(session, 1, 2031, 2)
    text = digest_text(got)
    assert "Tahun 2031 belum ada di bot: belum ada data untuk Triwulan II 2031." in text
    assert "Serapan" not in text and "Rp" not in text


def test_the_norm_is_shown_as_configured(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    with Session(engine) as session:
        got = digest.quarter_digest(session, 1, 2026, 3, digest.parse_norm("20,45,70,100"))
    assert got.norm == Decimal(70)
    assert "Norma TW III" in digest_text(got) and "70%" in digest_text(got)


def test_the_panel_offers_the_opposite_of_the_current_choice() -> None:
    on = subscription_panel(True, False, None, None)
    off = subscription_panel(False, False, None, None)
    assert on.keyboard is not None and off.keyboard is not None
    assert on.keyboard.inline_keyboard[0][0].text == "🔕 Berhenti berlangganan"
    assert off.keyboard.inline_keyboard[0][0].text == "🔔 Berlangganan"
