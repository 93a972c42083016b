"""The /lapor, /riwayat, /urungkan and /verifikasi journeys: the year they report in, and walks
through /lapor that several journeys' tests start from."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from emulator import EmuUser, button_texts, plain_text
from lakip_model.db import session_scope
from lakip_model.models import BudgetNode, FiscalYear, RealizationEntry
from lakip_model.years import open_year
from tests.support.bot import BotEnv

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def year(env: BotEnv) -> AsyncIterator[BotEnv]:
    """2026 opened for entries (the clock says 15 May 2026)."""
    with session_scope(env.engine) as session:
        open_year(session, 2026, 2022)
    yield env


def entries(engine: Engine) -> list[RealizationEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(RealizationEntry)
                .where(RealizationEntry.source == "telegram")
                .order_by(RealizationEntry.id)  # type: ignore[arg-type]
            )
        )


def count_all(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(RealizationEntry)).one()


def node_id(engine: Engine, key: str) -> int:
    with Session(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        node = session.exec(
            select(BudgetNode).where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == key)
        ).one()
        return int(node.id or 0)


def button(message: dict, start: str) -> str:  # type: ignore[type-arg]
    return next(b for b in button_texts(message) if b.startswith(start))


async def lapor_until_amount(
    env: BotEnv, user: EmuUser, key: str = "P7.K2.S1", quantity: str = "1"
) -> dict:  # type: ignore[type-arg]
    """Walk /lapor to the Rupiah step for ``key`` in May 2026; returns the last bot message."""
    emu = env.emu
    [nodes] = await emu.ask(user, "/lapor")
    assert "Lapor realisasi 2026" in plain_text(nodes)
    [months] = await emu.click(user, nodes, button(nodes, key))
    assert "Mei 2026" in " ".join(button_texts(months))
    [ask_qty] = await emu.click(user, months, button(months, "• Mei 2026"))
    assert "kuantitas" in plain_text(ask_qty).lower()
    [ask_amount] = await emu.ask(user, quantity)
    assert "Rupiah" in plain_text(ask_amount)
    return ask_amount


async def save_simple(env: BotEnv, user: EmuUser, key: str, amount: str) -> None:
    emu = env.emu
    await lapor_until_amount(env, user, key)
    [note] = await emu.ask(user, amount)
    [photo] = await emu.click(user, note, "Lewati ➡️")
    [confirm] = await emu.click(user, photo, "Lewati ➡️")
    await emu.click(user, confirm, "💾 Simpan")


async def lapor_to_confirmation(
    env: BotEnv,
    user: EmuUser,
    key: str,
    amount: str,
    *,
    month: str = "• Mei 2026",
    quantity: str = "1",
    note: str | None = None,
    query: str = "",
) -> dict:  # type: ignore[type-arg]
    """Walk /lapor [query] for ``key`` to the confirmation screen (no photo); returns it."""
    emu = env.emu
    [nodes] = await emu.ask(user, f"/lapor {query}".strip())
    [months] = await emu.click(user, nodes, button(nodes, key))
    [step] = await emu.click(user, months, button(months, month))
    assert "kuantitas" in plain_text(step).lower(), plain_text(step)
    await emu.ask(user, quantity)
    [ask_note] = await emu.ask(user, amount)
    assert "catatan" in plain_text(ask_note).lower(), plain_text(ask_note)
    if note is None:
        [ask_photo] = await emu.click(user, ask_note, "Lewati ➡️")
    else:
        [ask_photo] = await emu.ask(user, note)
    [confirm] = await emu.click(user, ask_photo, "Lewati ➡️")
    assert "Periksa sebelum menyimpan" in plain_text(confirm)
    return confirm


def table_value(message: dict, label: str) -> str:  # type: ignore[type-arg]
    """The value of a label/value row of a message's figure table ("Sisa  Rp 1.000")."""
    for line in plain_text(message).splitlines():
        if line.startswith(label + " "):
            return line[len(label) :].strip()
    raise AssertionError(f"no row {label!r} in {plain_text(message)!r}")
