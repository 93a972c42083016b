"""/capaian [tahun] [tw], its drill-down, and the quarter in /ringkasan and /dibawahtarget."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from emulator import button_texts, plain_text
from lakip_model import action_plan, indicator_ledger, performance, verification
from lakip_model.db import session_scope
from lakip_model.indicator_ledger import IndicatorDraft
from lakip_model.models import Indicator
from lakip_model.queries import budget_tree, resolve_year
from lakip_model.years import open_year
from tests.support.bot import ADMIN_ID, OPERATOR_ID, VERIFIER_ID, BotEnv

TODAY = date(2026, 5, 15)


def _record(session: Session, key: str, quarter: int, figure: str) -> None:
    fy = resolve_year(session, 2026)
    ind = session.exec(
        select(Indicator).where(Indicator.fiscal_year_id == fy.id, Indicator.key == key)
    ).one()
    value = indicator_ledger.read_figure(ind, figure).value
    draft = IndicatorDraft(int(ind.id or 0), 2026, quarter, value, figure)
    entry = indicator_ledger.save_realization(
        session, OPERATOR_ID, draft, TODAY, confirmed=set(), expected_replaces=None
    )
    session.flush()
    verification.review(session, VERIFIER_ID, int(entry.id or 0), approve=True)


@pytest.fixture
async def quarters(env: BotEnv) -> AsyncIterator[BotEnv]:
    """2026 with a rencana aksi for anak-korban and approved TW I and TW II figures."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    with session_scope(env.engine) as session:
        fy = resolve_year(session, 2026)
        anak = session.exec(
            select(Indicator).where(
                Indicator.fiscal_year_id == fy.id, Indicator.key == "anak-korban"
            )
        ).one()
        action_plan.set_plan(
            session, ADMIN_ID, int(anak.id or 0), {1: "25", 2: "50", 3: "75", 4: "100"}
        )
        _record(session, "anak-korban", 1, "20")
        _record(session, "anak-korban", 2, "60")
        _record(session, "rasio-kdrt", 1, "0,004")
        _record(session, "rasio-kdrt", 2, "0,003")
    yield env


async def test_a_quarter_without_figures_says_so(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/capaian tw2 2022")
    text = plain_text(reply)
    assert "Belum ada realisasi indikator yang disetujui untuk TW II 2022" in text
    assert "tercapai" not in text.lower() and "di bawah target" not in text


async def test_the_year_keeps_the_reports_figures_and_offers_the_quarters(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/capaian")
    assert "99,85%" in plain_text(reply)
    labels = button_texts(reply)
    assert {"TW I", "TW II", "TW III", "TW IV"} <= set(labels)
    [tw1] = await env.emu.click(env.kadis, reply, "TW I")
    assert "Capaian indikator TW I 2022" in plain_text(tw1)
    [again] = await env.emu.ask(env.kadis, "/capaian 2022")
    [year] = await env.emu.click(env.kadis, again, "Tahun per sasaran (IKU dulu)")
    text = plain_text(year)
    assert "Capaian indikator 2022" in text and "3 dari 19 indikator" in text
    assert text.index("IKU · ") < text.index("Indeks Pembangunan Gender")
    assert "90,77 → 90,63 · 99,85% Sangat Tinggi" in text  # the report's year figure


async def pages(env: BotEnv, first: dict) -> tuple[str, list[dict]]:
    shown, page, seen = plain_text(first), first, [first]
    while "Berikutnya ▶️" in button_texts(page):
        [page] = await env.emu.click(env.kadis, page, "Berikutnya ▶️")
        shown += "\n" + plain_text(page)
        seen.append(page)
    return shown, seen


async def test_a_quarter_iku_first_with_targets_trend_and_missing_plans(quarters: BotEnv) -> None:
    emu, kadis = quarters.emu, quarters.kadis
    [reply] = await emu.ask(kadis, "/capaian 2026 tw2")
    first = plain_text(reply)
    assert "2 dari 19 indikator sudah ada realisasinya; 0 di bawah target" in first
    assert "18 indikator: rencana aksi belum diisi" in first
    assert first.index("Capaian indikator TW II 2026") < first.index("IKU · Meningkatnya tata")
    text, seen = await pages(quarters, reply)
    assert text.index("IKU · ") < text.index("Persentase anak korban")
    anak = text[text.index("Persentase anak korban") :][:300]
    assert "50% → 60% · 120% Sangat Tinggi ↑ membaik" in anak
    assert "s.d. TW II: 60%" in anak  # cumulative: TW II's figure against the year's 100 %
    assert "rencana aksi belum diisi → belum ada realisasi" in text
    kdrt = text[text.index("Rasio KDRT") :][:200]
    assert "0,003 ↓ membaik" in kdrt  # lower is better: down is the good direction
    assert all(len(plain_text(p)) < 1500 for p in seen)  # a phone screen, not a wall
    at = next(i for i, p in enumerate(seen) if "Persentase anak korban" in str(button_texts(p)))
    [page] = await emu.ask(kadis, "/capaian 2026 tw2")  # the pages edit one message: again
    for _ in range(at):
        [page] = await emu.click(kadis, page, "Berikutnya ▶️")
    button = next(b for b in button_texts(page) if b.startswith("Persentase anak korban"))
    [detail] = await emu.click(kadis, page, button)
    shown = plain_text(detail)
    for quarter in ("TW I", "TW II", "TW III", "TW IV", "Tahun"):
        assert quarter in shown
    assert "25% → 20% · 80%" in shown and "50% → 60% · 120%" in shown
    assert "Program pendukung" in shown and "serapan" in shown
    assert "Perlindungan Khusus Anak" in shown  # the program that reports it
    [back] = await emu.click(kadis, detail, "⬅️ Kembali")
    assert "Capaian indikator TW II 2026" in plain_text(back)
    [tw1] = await emu.click(kadis, back, "TW I")
    assert "2 dari 19 indikator" in plain_text(tw1) and "1 di bawah target" in plain_text(tw1)


async def test_summary_and_below_target_include_the_quarter(quarters: BotEnv) -> None:
    emu, kadis = quarters.emu, quarters.kadis
    [summary] = await emu.ask(kadis, "/ringkasan 2026")
    assert "Indikator TW II 2026: 2/19 ada realisasi, 0 di bawah target." in plain_text(summary)
    [below] = await emu.ask(kadis, "/dibawahtarget 2026 tw1")
    text = plain_text(below)
    assert "Indikator di bawah target TW I 2026" in text
    assert "Persentase anak korban" in text and "(80%)" in text
    assert "Rasio KDRT" not in text.split("Indikator di bawah target TW I 2026")[1]


async def test_a_word_that_is_not_a_quarter_is_explained(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/capaian triwulan lima")
    assert "contoh" in plain_text(reply)


async def test_the_year_view_shows_the_figures_recorded_per_quarter(quarters: BotEnv) -> None:
    """Regression: the year view read only the finance rows, so a figure an officer recorded
    for TW II was missing from /capaian 2026 (and the page said the year had no verified
    realization) while /capaian 2026 tw2 showed it."""
    env = quarters
    with session_scope(env.engine) as session:
        fy = resolve_year(session, 2026)
        figures = {
            r.key: r.realized
            for r in performance.indicator_results(session, budget_tree(session, fy))
        }
    # cumulative: the year to date is the latest quarter's figure; lower-is-better alike
    assert figures["anak-korban"] is not None and figures["anak-korban"].value == Decimal(60)
    assert figures["rasio-kdrt"] is not None and figures["rasio-kdrt"].value == Decimal("0.003")
    pages = []
    [reply] = await env.emu.ask(env.kadis, "/capaian 2026")
    pages.append(plain_text(reply))
    while "Berikutnya ▶️" in button_texts(reply) and len(pages) < 6:
        [reply] = await env.emu.click(env.kadis, reply, "Berikutnya ▶️")
        pages.append(plain_text(reply))
    text = "\n".join(pages)
    assert "belum ada realisasi terverifikasi" not in text
    block = text[text.index("Persentase anak korban kekerasan yang dilayani") :]
    assert "Realisasi" in block and "60" in block.split("\n\n")[0]
