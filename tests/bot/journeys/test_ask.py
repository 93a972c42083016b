"""Questions in plain Indonesian, end to end: groups, strangers, asking back, /lapor, periods.

The question set (tests/questions) covers the understanding of 2022's questions; here are the
journeys around it: who is answered where, the ask-back buttons, a year of monthly entries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot import commands, texts
from bot.journeys.ask import COMMAND_OF
from bot.views.ask import AskChoice
from emulator import button_texts, plain_text
from lakip_model import ledger, verification
from lakip_model.db import session_scope
from lakip_model.ledger import Draft
from lakip_model.models import BudgetNode, FiscalYear, RealizationEntry
from lakip_model.questions import Intent
from lakip_model.years import open_year
from tests.support.bot import (
    BOT_USERNAME,
    OPERATOR_ID,
    VERIFIER_ID,
    BotEnv,
    add_people,
    bot_on_emulator,
    make_settings,
)

GROUP = -100777


def _text(messages: list[dict]) -> str:  # type: ignore[type-arg]
    return "\n".join(plain_text(m) for m in messages)


@pytest.fixture
async def entries_2026(env: BotEnv) -> AsyncIterator[BotEnv]:
    """2026 open, with approved entries for P7.K2.S1: Rp 1 jt in January, 2 jt in February,
    4 jt in April (so two years have figures)."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    with Session(env.engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        node = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == "P7.K2.S1"
            )
        ).one()
        node_id = int(node.id or 0)
    today = date(2026, 5, 15)
    for month, amount in ((1, 1_000_000), (2, 2_000_000), (4, 4_000_000)):
        draft = Draft(node_id, 2026, month, Decimal(month), f"{month} orang", amount)
        with session_scope(env.engine) as session:
            checked = ledger.assess(session, OPERATOR_ID, draft, today)
            entry = ledger.save(
                session,
                OPERATOR_ID,
                draft,
                today,
                confirmed=checked.needs(),
                expected_replaces=None,
                actor_name="Siti",
            )
            entry_id = int(entry.id or 0)
        with session_scope(env.engine) as session:
            verification.review(session, VERIFIER_ID, entry_id, approve=True)
    yield env


async def test_a_question_gets_how_it_was_understood_then_the_commands_answer(
    env: BotEnv,
) -> None:
    [answer] = await env.emu.ask(env.kadis, "brp serapan anggaran thn 2022")
    [command] = await env.emu.ask(env.kadis, "/ringkasan 2022")
    header = "Ringkasan anggaran dan capaian kinerja, 2022:"
    assert plain_text(answer) == f"{header}\n\n{plain_text(command)}"  # the same view
    assert button_texts(answer) == button_texts(command)  # with its buttons
    # a command handed the question: the line, then the command's own message
    line, deadlines = await env.emu.ask(env.kadis, "kapan tenggat laporan")
    [command] = await env.emu.ask(env.kadis, "/tenggat")
    assert plain_text(line) == "Tenggat pelaporan yang akan datang:"
    assert plain_text(deadlines) == plain_text(command)


async def test_a_named_program_is_its_drill_down_with_the_line_on_top(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.kadis, "realisasi program perlindungan prempuan")
    text = plain_text(reply)
    assert text.startswith("Realisasi anggaran Program Perlindungan Perempuan, 2022:")
    assert "Rp 147.259.343" in text and "45,52%" in text
    kegiatan = next(b for b in button_texts(reply) if "Rujukan Lanjutan" in b)
    [deeper] = await env.emu.click(env.kadis, reply, kegiatan)  # the status journey's buttons
    assert "Rp 93.141.028" in plain_text(deeper)


async def test_two_programs_match_ask_back_and_the_button_answers(env: BotEnv) -> None:
    [which] = await env.emu.ask(env.kadis, "program perlindungan")
    assert "Yang mana" in plain_text(which)
    assert button_texts(which) == [
        "Program Perlindungan Perempuan",
        "Program Perlindungan Khusus Anak",
    ]
    [answer] = await env.emu.click(env.kadis, which, "Program Perlindungan Khusus Anak")
    assert "Rp 337.706.697" in plain_text(answer)
    [which] = await env.emu.ask(env.kadis, "kdrt")
    [indicator] = await env.emu.click(env.kadis, which, "Rasio KDRT")
    assert "Capaian indikator Rasio KDRT, 2022:" in plain_text(indicator)
    assert "40%" in plain_text(indicator)


async def test_outside_what_the_bot_knows_no_figure_but_questions_it_answers(
    env: BotEnv,
) -> None:
    [reply] = await env.emu.ask(env.kadis, "harga beras brp")
    text = plain_text(reply)
    assert "di luar yang saya ketahui" in text and "/bantuan" in text
    assert "Rp" not in text and "%" not in text
    [reply] = await env.emu.ask(env.kadis, "realisasi program pertanian")
    assert "Tidak ada program" in plain_text(reply) and "Rp" not in plain_text(reply)


async def test_a_stranger_gets_what_a_stranger_always_got(env: BotEnv) -> None:
    [reply] = await env.emu.ask(env.stranger, "berapa serapan anggaran 2022")
    assert plain_text(reply) == plain_text(texts.NOT_A_COMMAND)


async def test_in_a_group_only_when_mentioned_or_replied_to(env: BotEnv) -> None:
    emu = env.emu
    group = emu.group(GROUP, "Rapat Pimpinan", members=[env.kadis, env.operator])
    since = emu.mark()
    await emu.send_text(env.kadis, "serapan 2022 brp ya teman teman", chat=group)
    await emu.idle()
    assert emu.messages_of(emu.outputs_since(since)) == []  # people talking among themselves
    [answer] = await emu.ask(env.kadis, f"@{BOT_USERNAME} serapan 2022 brp", chat=group)
    assert "88,37%" in plain_text(answer)
    since = emu.mark()
    await emu.send_text(env.kadis, "program apa yang paling rendah", chat=group, reply_to=answer)
    outputs = await emu.wait_quiet(group, since=since)
    assert "41,64%" in _text(emu.messages_of(outputs))


async def test_who_has_not_reported_is_role_limited_like_the_command(env: BotEnv) -> None:
    [_, kadis] = await env.emu.ask(env.kadis, "siapa yg blm lapor bulan maret")
    [_, operator] = await env.emu.ask(env.operator, "siapa yg blm lapor bulan maret")
    [command] = await env.emu.ask(env.operator, "/belumlapor maret")
    assert "Belum lapor realisasi Maret 2026" in plain_text(kadis)
    assert plain_text(operator) == plain_text(command)  # the command's own refusal
    assert "Belum lapor realisasi" not in plain_text(operator)


async def test_i_want_to_report_opens_the_guided_journey_and_writes_nothing(
    entries_2026: BotEnv,
) -> None:
    env = entries_2026
    with Session(env.engine) as session:
        before = len(session.exec(select(RealizationEntry)).all())
    _header, nodes = await env.emu.ask(env.operator, "saya mau lapor realisasi")
    assert "Lapor realisasi 2026" in plain_text(nodes)
    key = next(b for b in button_texts(nodes) if b.startswith("P7.K2.S1"))
    [months] = await env.emu.click(env.operator, nodes, key)  # the conversation is open
    assert "Mei 2026" in " ".join(button_texts(months))
    with Session(env.engine) as session:
        assert len(session.exec(select(RealizationEntry)).all()) == before


async def test_no_year_said_and_two_years_with_figures_ask_which(entries_2026: BotEnv) -> None:
    env = entries_2026
    [which] = await env.emu.ask(env.kadis, "berapa serapan anggaran")
    assert "tahun berapa" in plain_text(which).lower()
    assert button_texts(which) == ["2026", "2022"]
    [summary] = await env.emu.click(env.kadis, which, "2022")
    assert "Ringkasan 2022" in plain_text(summary) and "88,37%" in plain_text(summary)


async def test_a_quarter_a_semester_a_month_and_two_quarters_of_entries(
    entries_2026: BotEnv,
) -> None:
    env = entries_2026
    [quarter] = await env.emu.ask(env.kadis, "realisasi tw 1 2026")
    [command] = await env.emu.ask(env.kadis, "/anggaran tw1 2026")
    header = "Realisasi anggaran per program, Triwulan I 2026:"
    assert plain_text(quarter) == f"{header}\n\n{plain_text(command)}"
    [semester] = await env.emu.ask(env.kadis, "realisasi semester 1 2026")
    assert "Semester I 2026" in plain_text(semester)
    assert "Rp 7.000.000" in plain_text(semester)
    [month] = await env.emu.ask(env.kadis, "realisasi bulan april 2026")
    assert "April 2026" in plain_text(month) and "Rp 4.000.000" in plain_text(month)
    [both] = await env.emu.ask(env.kadis, "bandingkan tw 1 dan tw 2 2026")
    assert "Rp 3.000.000" in plain_text(both) and "Rp 4.000.000" in plain_text(both)


async def test_a_question_for_the_lkjip_sends_the_draft(env: BotEnv) -> None:
    replies = await env.emu.ask(env.kadis, "minta draf lkjip 2022")
    assert plain_text(replies[0]).startswith("Draf LKjIP 2022")  # how it was understood
    sent = env.emu.private_chat(env.kadis).last_bot_message
    assert sent is not None and sent["document"]["file_name"].endswith(".docx")


def test_every_intent_handed_to_a_command_names_one_in_the_command_table() -> None:
    assert set(COMMAND_OF.values()) <= set(commands.BY_NAME)


async def test_an_ask_back_button_for_a_name_not_in_the_year_is_stale(env: BotEnv) -> None:
    [which] = await env.emu.ask(env.kadis, "kdrt")
    forged = AskChoice(2022, 0, Intent.INDICATOR, "tidak-ada").data()
    stored = env.emu.private_chat(env.kadis).message(which["message_id"])
    assert stored is not None
    stored["reply_markup"] = {"inline_keyboard": [[{"text": "⚑", "callback_data": forged}]]}
    await env.emu.click(env.kadis, stored, "⚑")
    answer = env.emu.last_answer(env.kadis)
    assert answer is not None and "tidak berlaku" in str(answer.get("text"))


async def test_with_open_reading_a_stranger_asks_but_commands_keep_the_gate(
    db_url: str, engine: Engine
) -> None:
    add_people(engine)
    settings = make_settings(db_url, LAKIP_OPEN_READ="true")
    async with bot_on_emulator(settings, engine) as bot:
        stranger = bot.people["stranger"]
        [reply] = await bot.emu.ask(stranger, "brp serapan anggaran thn 2022")
        assert "88,37%" in plain_text(reply)
        [reply] = await bot.emu.ask(stranger, "saya mau lapor realisasi")
        [typed] = await bot.emu.ask(stranger, "/lapor")
        assert plain_text(reply) == plain_text(typed) == plain_text(texts.NOT_REGISTERED)
