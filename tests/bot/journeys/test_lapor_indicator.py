"""/lapor's "Indikator kinerja" branch and /rencanaaksi, through the emulator: record, verify,
undo, history, and what is refused."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, select

from emulator import button_texts, plain_text
from lakip_model import action_plan, indicators
from lakip_model.db import session_scope
from lakip_model.models import EntryKind, EntryStatus, Indicator, IndicatorPlan, RealizationEntry
from lakip_model.queries import resolve_year
from tests.bot.journeys.conftest import button
from tests.support.bot import ADMIN_ID, BotEnv

ANAK = "Persentase anak korban kekerasan"  # of Bidang PPPA, target 100 % (Renja)


def indicator_id(engine: Engine, key: str) -> int:
    with Session(engine) as session:
        fy = resolve_year(session, 2026)
        return int(
            session.exec(
                select(Indicator.id).where(Indicator.fiscal_year_id == fy.id, Indicator.key == key)
            ).one()
            or 0
        )


def figures(engine: Engine) -> list[RealizationEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(RealizationEntry)
                .where(RealizationEntry.indicator_id.is_not(None))  # type: ignore[union-attr]
                .where(RealizationEntry.source == "telegram")
                .order_by(RealizationEntry.id)  # type: ignore[arg-type]
            )
        )


def result(engine: Engine, key: str, quarter: int) -> indicators.IndicatorQuarter:
    with Session(engine) as session:
        fy = resolve_year(session, 2026)
        rows = indicators.quarter_results(session, int(fy.id or 0), quarter)
    return next(r for r in rows if r.key == key)


async def to_figure(env: BotEnv, quarter: str = "• TW I") -> dict:  # type: ignore[type-arg]
    emu, op = env.emu, env.operator
    [nodes] = await emu.ask(op, "/lapor")
    [choice] = await emu.click(op, nodes, "📈 Indikator kinerja")
    assert "Pilih indikator" in plain_text(choice)
    [quarters] = await emu.click(op, choice, button(choice, ANAK))
    assert button_texts(quarters)[:2] == ["• TW I", "TW II"]  # May: TW I just ended
    [prompt] = await emu.click(op, quarters, quarter)
    return prompt


async def test_a_figure_below_target_asks_causes_and_is_verified(year: BotEnv) -> None:
    env, emu, op = year, year.emu, year.operator
    anak = indicator_id(env.engine, "anak-korban")
    with session_scope(env.engine) as session:
        action_plan.set_plan(session, ADMIN_ID, anak, {1: "25", 2: "50", 3: "75", 4: "100"})
    prompt = await to_figure(env)
    text = plain_text(prompt)
    assert "persentase (%)" in text and "kumulatif" in text
    assert "25%" in text and "100%" in text  # the quarter's and the year's targets
    [refused] = await emu.ask(op, "dua puluh")
    assert "angka" in plain_text(refused).lower()
    [causes] = await emu.ask(op, "20")
    assert "di bawah target" in plain_text(causes) and "80%" in plain_text(causes)
    [evidence] = await emu.ask(op, "Petugas pendamping kurang")
    assert "bukti" in plain_text(evidence)
    since = emu.mark()
    await emu.send_document(op, b"%PDF-1.4 laporan", file_name="tw1.pdf")
    await emu.wait_quiet(op.id, since=since)
    confirm = emu.private_chat(op).last_bot_message
    assert confirm is not None
    shown = plain_text(confirm)
    assert "TW I 2026" in shown and "20%" in shown and "80%" in shown and "Tinggi" in shown
    assert "Petugas pendamping kurang" in shown
    assert figures(env.engine) == []  # nothing before Simpan
    [saved] = await emu.click(op, confirm, "💾 Simpan")
    assert "menunggu verifikasi" in plain_text(saved)
    [entry] = figures(env.engine)
    assert (entry.quarter, entry.quantity, entry.node_id) == (1, Decimal(20), None)
    assert entry.quantity_text == "20%" and entry.causes == "Petugas pendamping kurang"
    assert entry.evidence_file_id and entry.evidence_file_id.startswith("document:")
    notice = emu.private_chat(env.verifier).last_bot_message
    assert notice is not None
    card = plain_text(notice)
    assert "anak-korban" in card and "TW I 2026" in card and "25%" in card
    assert "80%" in card and "Petugas pendamping kurang" in card
    assert result(env.engine, "anak-korban", 1).pending
    listed = await emu.ask(env.verifier, "/verifikasi")
    assert any("anak-korban" in plain_text(m) and "TW I 2026" in plain_text(m) for m in listed)
    await emu.click(env.verifier, notice, "✅ Setujui")
    told = emu.private_chat(op).last_bot_message
    assert told is not None and "disetujui" in plain_text(told)
    counted = result(env.engine, "anak-korban", 1)
    assert counted.realized is not None and counted.realized.value == 20
    assert counted.achievement == Decimal("80.00") and not counted.pending
    [history] = await emu.ask(op, "/riwayat")
    assert "anak-korban" in plain_text(history) and "TW I 2026" in plain_text(history)


async def test_a_second_figure_corrects_and_undo_withdraws_it(year: BotEnv) -> None:
    env, emu, op = year, year.emu, year.operator
    for figure in ("100", "90"):
        await to_figure(env)
        [evidence] = await emu.ask(op, figure)  # no plan: no target to be below of
        [confirm] = await emu.click(op, evidence, "Lewati ➡️")
        if figure == "90":
            assert "menggantikannya" in plain_text(confirm)
        await emu.click(op, confirm, "💾 Simpan")
    first, second = figures(env.engine)
    assert second.kind == EntryKind.CORRECTION and second.replaces_id == first.id
    [reply] = await emu.ask(op, "/urungkan")
    assert "diurungkan" in plain_text(reply)
    statuses = [e.status for e in figures(env.engine)]
    assert statuses[:2] == [EntryStatus.DIAJUKAN, EntryStatus.DITARIK]


async def test_another_unit_has_no_indicator_of_this_one(year: BotEnv) -> None:
    emu, other = year.emu, year.operator_pkm
    [nodes] = await emu.ask(other, "/lapor")
    [choice] = await emu.click(other, nodes, "📈 Indikator kinerja")
    assert ANAK not in " ".join(button_texts(choice))
    [reply] = await emu.ask(other, "/batal")
    assert "Tidak ada yang disimpan" in plain_text(reply)


async def test_rencana_aksi_from_the_chat(year: BotEnv) -> None:
    env, emu, op = year, year.emu, year.operator
    [choice] = await emu.ask(op, "/rencanaaksi")
    assert "Rencana aksi 2026" in plain_text(choice)
    [ask] = await emu.click(op, choice, button(choice, "📝 " + ANAK))
    assert "Target tahun" in plain_text(ask) and "TW I" in plain_text(ask)
    [ask] = await emu.ask(op, "25")
    [ask] = await emu.ask(op, "lima puluh")  # refused, asked again
    assert "angka" in plain_text(ask).lower()
    [ask] = await emu.ask(op, "50")
    [ask] = await emu.ask(op, "70-80")
    assert "= target tahun" in " ".join(button_texts(ask))
    [confirm] = await emu.click(op, ask, button(ask, "= target tahun"))
    assert "70–80" in plain_text(confirm) and "100%" in plain_text(confirm)
    with Session(env.engine) as session:
        assert session.exec(select(IndicatorPlan)).all() == []
    [saved] = await emu.click(op, confirm, "💾 Simpan rencana")
    assert "tersimpan" in plain_text(saved)
    planned = result(env.engine, "anak-korban", 3)
    assert planned.planned and planned.quarter_target is not None
    assert planned.quarter_target.high == 80
    # another unit's officer cannot plan it
    [choice] = await emu.ask(env.operator_pkm, "/rencanaaksi")
    assert ANAK not in " ".join(button_texts(choice))
