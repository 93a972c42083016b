"""No reply states what the figures do not show: a new, empty year, a quarter of a year of
year-end figures, an indicator the report does not measure, the report's own contradictions.

Each test keeps the old, false sentence as a regression: it fails on the replies before the fix.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pytest
from openpyxl import load_workbook

from emulator import button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import EntryStatus, RealizationEntry
from lakip_model.years import open_year
from seed.workbook import columns as workbook_columns
from tests.bot.journeys.conftest import node_id
from tests.support.bot import BotEnv

EMPTY_2026 = "2026: pagu disalin dari 2022, belum ada realisasi terverifikasi"


@pytest.fixture
async def opened(env: BotEnv) -> AsyncIterator[BotEnv]:
    """2026 opened from 2022, with nothing recorded (lakip-bot years open 2026)."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    yield env


def approve_one(env: BotEnv, key: str = "P7.K2.S1", amount: int = 1_000_000) -> None:
    """One approved entry of May 2026 (as after /lapor and /verifikasi)."""
    node = node_id(env.engine, key)
    with session_scope(env.engine) as session:
        session.add(
            RealizationEntry(
                node_id=node,
                year=2026,
                month=5,
                amount=amount,
                status=EntryStatus.DISETUJUI,
                source="telegram",
                submitted_by=env.operator.id,
                submitted_by_name="Siti",
            )
        )


async def pages(env: BotEnv, command: str) -> str:
    """Every page of a paged reply, as one text."""
    [page] = await env.emu.ask(env.kadis, command)
    seen = plain_text(page)
    while "Berikutnya ▶️" in button_texts(page):
        [page] = await env.emu.click(env.kadis, page, "Berikutnya ▶️")
        seen += "\n" + plain_text(page)
    return seen


# --- item 1: an empty or new year --------------------------------------------------------------


async def test_a_new_empty_year_is_not_the_default(opened: BotEnv) -> None:
    for command in ("/ringkasan", "/anggaran", "/capaian", "/dibawahtarget"):
        [reply] = await opened.emu.ask(opened.kadis, command)
        text = plain_text(reply)
        assert "2026" not in text, command  # was: "Ringkasan 2026", "Realisasi anggaran 2026"…
        assert "2022" in text, command


async def test_an_empty_year_asked_for_is_labelled_and_claims_nothing(opened: BotEnv) -> None:
    [reply] = await opened.emu.ask(opened.kadis, "/ringkasan 2026")
    text = plain_text(reply)
    assert EMPTY_2026 in text
    assert "Rp 5.993.530.294" in text  # the pagu copied from 2022
    # the old reply: counts of nothing, and "all met"
    assert "0 tercapai, 0 belum tercapai" not in text
    assert "Semua indikator dan keluaran mencapai target" not in text
    assert "belum ada realisasi" in text
    [below] = await opened.emu.ask(opened.kadis, "/dibawahtarget 2026")
    assert "Tidak ada indikator atau keluaran di bawah target" not in plain_text(below)
    assert EMPTY_2026 in plain_text(below)
    for command in ("/anggaran 2026", "/capaian 2026"):
        [reply] = await opened.emu.ask(opened.kadis, command)
        assert EMPTY_2026 in plain_text(reply), command


async def test_programs_that_spent_nothing_rank_lowest(opened: BotEnv) -> None:
    approve_one(opened)
    [reply] = await opened.emu.ask(opened.kadis, "/ringkasan")
    text = plain_text(reply)
    assert "Ringkasan 2026" in text  # a year with a verified figure is the default
    assert EMPTY_2026 not in text
    lowest = text.split("Serapan terendah")[1].split("Di bawah target")[0]
    assert lowest.count(": 0%") == 3  # was: only the one program with spending
    assert "Semua indikator dan keluaran mencapai target" not in text


async def test_a_quarter_of_a_year_of_year_end_figures_says_so(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "/anggaran tw2")
    text = plain_text(reply)
    assert "hanya memuat angka akhir tahun" in text
    assert "Triwulan II 2022" not in text  # was: a table of dashes under this title
    assert not re.search(r"Realisasi\s+–", text)


async def test_a_quarter_of_a_year_with_monthly_entries_is_shown(opened: BotEnv) -> None:
    approve_one(opened)
    [reply] = await opened.emu.ask(opened.kadis, "/anggaran tw2 2026")
    assert "Triwulan II 2026" in plain_text(reply)


async def test_an_indicator_the_report_does_not_measure_says_so(env: BotEnv) -> None:
    seen = await pages(env, "/capaian")
    assert "tidak dilaporkan di LAKIP 2022" in seen
    assert not re.search(r"Realisasi\s+belum ada", seen)  # was: as if still to be reported


# --- item 2: the report's contradictions, where they appear ------------------------------------


async def test_the_drill_down_marks_a_program_that_is_not_its_kegiatans_sum(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [listing] = await emu.ask(kadis, "/anggaran")
    text = plain_text(listing)
    assert "Rp 536.731.778†" in text  # was: the printed pagu, unmarked
    assert "Angka program di laporan tidak sama dengan jumlah kegiatannya" in text
    program = next(b for b in button_texts(listing) if "PENUNJANG" in b.upper())
    [detail] = await emu.click(kadis, listing, program)
    text = plain_text(detail)
    assert "Rp 536.731.778†" in text and "Rp 2.931.802.095" in text
    assert "tidak sama dengan jumlah kegiatannya" in text


async def test_the_reports_total_heads_every_page_of_the_programs(env: BotEnv) -> None:
    emu, kadis = env.emu, env.kadis
    [page] = await emu.ask(kadis, "/anggaran")
    shown = 0
    while True:
        text = plain_text(page)
        assert "Jumlah Keseluruhan" in text
        for figure in ("Rp 5.993.530.294", "Rp 5.296.423.659", "88,37%"):
            assert figure in text
        shown += 1
        if "Berikutnya ▶️" not in button_texts(page):
            break
        [page] = await emu.click(kadis, page, "Berikutnya ▶️")
    assert shown > 1


async def test_the_workbook_shows_one_figure_once_with_indonesian_decimals(env: BotEnv) -> None:
    emu = env.emu
    await emu.ask(env.kadis, "/ekspor 2022")
    sent = emu.private_chat(env.kadis).last_bot_message
    assert sent is not None
    book = load_workbook(io.BytesIO(emu.file_bytes(sent["document"]["file_id"])))
    cells = {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}
    finance = next(r for r in cells["Realisasi Anggaran"] if r[3] == "Indeks Pembangunan Gender")
    indicator = next(r for r in cells["Indikator Kinerja"] if r[0] == "Indeks Pembangunan Gender")
    assert finance[8] == indicator[5]  # was: 99,86 on one sheet, 99,85 on the other
    # the sheets people read; the data sheets of the import format keep the report's text as
    # printed, so that a round trip changes nothing (docs/workbook.md)
    machine = {spec.name for spec in workbook_columns.DATA_SHEETS} | {workbook_columns.FORMAT_SHEET}
    readable = [rows for title, rows in cells.items() if title not in machine]
    texts = [v for rows in readable for r in rows for v in r if isinstance(v, str)]
    assert "90.77" not in texts and "90,77" in texts  # was: "90.77" beside "90,63"


async def test_the_drill_down_shows_an_indicators_achievement_as_capaian_does(
    env: BotEnv,
) -> None:
    emu, kadis = env.emu, env.kadis
    [listing] = await emu.ask(kadis, "/anggaran")
    program = next(b for b in button_texts(listing) if "Pengarusutamaan Gender" in b)
    [detail] = await emu.click(kadis, listing, program)
    text = plain_text(detail)
    assert "Indeks Pembangunan Gender" in text
    assert "99,85%" in text and "99,86%" not in text  # was: against the finance table's 90,76
    [capaian] = await emu.ask(kadis, "/capaian")
    assert "99,85%" in plain_text(capaian)
