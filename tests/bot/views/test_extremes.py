"""Every screen with figures, fed extreme values: each still fits a phone and Telegram's limits.

Regression: one approved entry of Rp 9.000.000.000.000.000.000 made ``figure_table`` assert
(the line was too wide), so /ringkasan answered everyone "Maaf, terjadi kesalahan…". Now a
layout never refuses a figure. The screens are built from the report's real rows (their long
names), with their figures replaced by what hypothesis draws: 0, 1, the bound of an entry,
the largest BIGINT, no pagu, a realization a thousand times the pagu or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session
from telegram import InlineKeyboardMarkup

from bot.views import common as ui
from bot.views import entries as entry_view
from bot.views import reminders as reminder_view
from bot.views import status as status_view
from bot.views.common import Reply
from emulator import parse_html
from lakip_model import ledger, performance, queries
from lakip_model.deadlines import DEFAULT_RULES, Occurrence
from lakip_model.ledger import (
    FarOverPagu,
    HighQuantity,
    HistoryRow,
    OverPagu,
    Replaces,
    Standing,
    YearBudget,
)
from lakip_model.models import BudgetNode, EntryKind, EntryStatus, RealizationEntry, Unit, UnitKind
from lakip_model.numbers import MAX_RUPIAH, Quantity
from lakip_model.performance import BelowTargetItem, IndicatorResult, ProgramAbsorption, Summary
from lakip_model.queries import NodeFigures, YearStatus
from lakip_model.reminders.delivery import Planned
from lakip_model.reminders.outstanding import Officer, Outstanding, RealizationStatus

BIGINT = 2**63 - 1
# Amounts a row can show: the edges, and anything up to the largest the column holds.
AMOUNTS = st.one_of(
    st.sampled_from([0, 1, 999, MAX_RUPIAH, MAX_RUPIAH * 12, BIGINT]),
    st.integers(min_value=0, max_value=BIGINT),
)
PAGUS = st.one_of(st.none(), st.sampled_from([0, 1, 3_540_000]), AMOUNTS)
QUANTITIES = st.one_of(
    st.none(),
    st.sampled_from([Decimal(0), Decimal("0.001"), Decimal(10**15)]),
    st.decimals(min_value=0, max_value=10**15, places=3, allow_nan=False, allow_infinity=False),
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120)


@dataclass(frozen=True)
class Report:
    """The real rows of the seeded report, whose figures each example replaces."""

    fy: object
    programs: list[NodeFigures]
    leaves: list[NodeFigures]
    indicators: list[IndicatorResult]
    below: list[BelowTargetItem]
    nodes: list[BudgetNode]


@pytest.fixture(scope="module")
def report(seeded_engine: Engine) -> Report:
    with Session(seeded_engine) as session:
        fy = queries.resolve_year(session, 2022)
        tree = queries.budget_tree(session, fy)
        results = performance.indicator_results(session, tree)
        below = performance.below_target(session, tree, results)
        walked = tree.root.walk()[1:]
        nodes = [session.get(BudgetNode, n.id) for n in walked if not n.children]
        session.expunge_all()
        return Report(
            fy,
            tree.programs,
            [n for n in walked if not n.children],
            results,
            below,
            [n for n in nodes if n is not None],
        )


def _longest(nodes: list[NodeFigures]) -> list[NodeFigures]:
    return sorted(nodes, key=lambda n: len(n.name), reverse=True)


def fits(reply: Reply | str) -> None:
    """Within WIDTH columns in every <pre>, and in parts Telegram takes once split."""
    text = reply if isinstance(reply, str) else reply.text
    for block in re.findall(r"<pre>(.*?)</pre>", text, flags=re.S):
        for line in block.split("\n"):
            assert len(line) <= ui.WIDTH, line
    for part in ui.split_message(text):
        assert ui.utf16_len(part) <= ui.MAX_MESSAGE
        parse_html(part)  # well-formed, as Telegram would parse it
    keyboard = None if isinstance(reply, str) else reply.keyboard
    if isinstance(keyboard, InlineKeyboardMarkup):
        for row in keyboard.inline_keyboard:
            for button in row:
                assert len((button.callback_data or "").encode()) <= 64


def _figures(node: NodeFigures, pagu: int | None, realized: int | None) -> NodeFigures:
    return replace(node, pagu=pagu, realized=realized, own_realized=realized)


# --- the status screens -------------------------------------------------------------------------

EXAMPLES = settings(max_examples=60, deadline=None)


@EXAMPLES
@given(pagu=PAGUS, realized=st.one_of(st.none(), AMOUNTS), pending=st.integers(0, 10**6))
def test_summary_fits(report: Report, pagu: int | None, realized: int | None, pending: int) -> None:
    programs = [_figures(p, pagu, realized) for p in report.programs]
    summary = Summary(
        fiscal_year=report.fy,  # type: ignore[arg-type]
        agency_name="Dinas " * 30,
        pagu=pagu,
        realized=realized,
        absorption=programs[0].absorption,
        indicators_met=10**6,
        indicators_not_met=10**6,
        indicators_unknown=10**6,
        lowest_programs=[
            ProgramAbsorption(p.id, p.name, p.absorption or Decimal(0)) for p in programs
        ],
        below=report.below,
        pending_entries=pending,
        status=YearStatus(2026, True, True, False, 2022),
    )
    fits(status_view.summary(summary))


@EXAMPLES
@given(pagu=PAGUS, realized=st.one_of(st.none(), AMOUNTS), page=st.integers(0, 5))
def test_budget_list_and_node_detail_fit(
    report: Report, pagu: int | None, realized: int | None, page: int
) -> None:
    programs = [_figures(p, pagu, realized) for p in report.programs]
    assert all(p.absorption is None or p.absorption >= 0 for p in programs)  # never negative
    fits(status_view.budget_list(2022, programs, page, parent=None, quarter=2))
    fits(status_view.budget_list(2022, programs, page, parent=None, query="x" * 60))
    for leaf in _longest(report.leaves)[:3]:
        node = _figures(leaf, pagu, realized)
        fits(status_view.node_detail(2022, node))
        fits(status_view.budget_list(2022, [node] * 5, page, parent=programs[0]))


@EXAMPLES
@given(target=QUANTITIES, realized=QUANTITIES, unit=st.sampled_from([None, "%", "orang", "x" * 40]))
def test_indicators_and_below_target_fit(
    report: Report, target: Decimal | None, realized: Decimal | None, unit: str | None
) -> None:
    target_q, realized_q = Quantity(target, unit, ""), Quantity(realized, unit, "")
    results = [replace(r, target=target_q, realized=realized_q) for r in report.indicators]
    for page in range(3):
        fits(status_view.indicators(2022, results, page))
    items = [
        replace(b, target=target_q, realized=realized_q, achievement=realized) for b in report.below
    ] or [BelowTargetItem("indikator", "n" * 200, "d" * 200, target_q, realized_q, realized)]
    fits(status_view.below(2022, items, 0))
    for leaf in _longest(report.leaves)[:2]:
        fits(status_view.node_detail(2022, replace(leaf, realized_quantity=realized)))


# --- recording and verification -----------------------------------------------------------------


def _entry(amount: int | None, note: str | None, status: str = "diajukan") -> RealizationEntry:
    return RealizationEntry(
        id=2**31 - 1,
        node_id=1,
        year=2026,
        month=12,
        amount=amount,
        quantity_text="9" * 60,
        kind=EntryKind.CORRECTION,
        status=EntryStatus(status),
        source="telegram",
        submitted_by=2**52,
        submitted_by_name="Nama " * 13,
        note=note,
        evidence_file_id="f" * 80,
    )


@EXAMPLES
@given(
    amount=AMOUNTS,
    year_total=AMOUNTS,
    pagu=PAGUS,
    note=st.one_of(st.none(), TEXT, st.just("😀" * 500)),
)
def test_entry_screens_fit(
    report: Report, amount: int, year_total: int, pagu: int | None, note: str | None
) -> None:
    node = max(report.nodes, key=lambda n: len(n.name))
    view = entry_view.EntryView(
        node_key=node.key,
        node_name=node.name,
        period="September 2026",
        quantity_text="9" * 60,
        amount=amount,
        budget=YearBudget(pagu, year_total, year_total, amount),
        note=note,
        has_photo=True,
        by="Nama " * 13,
        status="diajukan",
        kind="correction",
    )
    standing = Standing(2**31 - 1, amount, "9" * 60, "Nama " * 13, "diajukan")
    warnings: list[ledger.Warning] = [
        OverPagu(year_total, pagu or 0),
        FarOverPagu(year_total, pagu or 0, 10, confirmable=True),
        HighQuantity(Decimal(10**15), Quantity(Decimal("0.001"), "orang", "")),
        Replaces(2026, 12, standing),
    ]
    budget = YearBudget(pagu, year_total, year_total, amount)
    fits(entry_view.ask_amount("September 2026", budget))
    fits(entry_view.confirmation(view, warnings))
    fits(entry_view.existing_offer("September 2026", view))
    for warning in warnings:
        fits(entry_view.confirm_warning(warning))
    fits(entry_view.amount_needs_admin(FarOverPagu(year_total, pagu or 0, 10, False)))
    entry = _entry(amount, note)
    node = replace_node(node, pagu)
    fits(entry_view.review_request(entry, node, budget))
    fits(entry_view.review_item(entry, node, budget, mine=False))
    rows = [
        HistoryRow(_entry(amount, note, s), node.key, node.name, note) for s in ("ditolak",) * 20
    ]
    fits(entry_view.history(rows, node, mine=False, tz=ZoneInfo("Asia/Jakarta")))
    fits(entry_view.conflict_text(standing))


def replace_node(node: BudgetNode, pagu: int | None) -> BudgetNode:
    """A detached row like ``node`` with another pagu (the real one stays as it is)."""
    return BudgetNode(
        id=node.id, fiscal_year_id=1, level=node.level, key=node.key, name=node.name, pagu=pagu
    )


# --- reminders ----------------------------------------------------------------------------------


@EXAMPLES
@given(missing=st.integers(0, 400), name=TEXT.map(lambda t: t[:64]), officers=st.integers(0, 20))
def test_reminder_texts_fit(missing: int, name: str, officers: int) -> None:
    rule = DEFAULT_RULES[0]
    occurrence = Occurrence(
        rule.code, "September 2026", "2026-09", 2026, 9, None, date(2026, 10, 10), date(2026, 10, 9)
    )
    units = {
        i: Unit(id=i, agency_id=1, code=f"u{i}", kind=UnitKind.BIDANG, name="Bidang " * 15)
        for i in range(1, 8)
    }
    status = RealizationStatus(
        2026,
        9,
        missing + 1,
        [Outstanding(i, "1.02.03.2.01.0001", name or "x", i % 7 + 1, None) for i in range(missing)],
        {u: [Officer(10**12 + n, name or "x") for n in range(officers)] for u in units},
    )
    for unit_id in (None, 1):
        planned = Planned(
            1,
            1,
            -(10**12),
            "Grup",
            unit_id,
            unit_id or 0,
            rule,
            occurrence,
            7,
            datetime(2026, 10, 2, 8, 0),
        )
        fits(
            reminder_view.reminder_text(
                planned, status, units.get(unit_id or 0), units, date(2026, 10, 2)
            )
        )


# --- lengths as Telegram counts them ------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(TEXT, st.sampled_from(["", "b", "i", "pre", "code"])), max_size=8))
def test_visible_len_is_what_telegram_counts(parts: list[tuple[str, str]]) -> None:
    """Regression: a caption was measured with ``len`` on its HTML (Python characters), so 480
    "😀" (960 UTF-16 units) passed a check of 1024 that Telegram then failed."""
    text = "".join(f"<{tag}>{ui.esc(t)}</{tag}>" if tag else ui.esc(t) for t, tag in parts)
    shown, _entities = parse_html(text)
    assert ui.visible_len(text) == ui.utf16_len(shown)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, limit=st.integers(2, 300))
def test_clip_keeps_within_telegrams_count(text: str, limit: int) -> None:
    clipped = ui.clip(text, limit)
    assert ui.utf16_len(clipped) <= limit
    assert clipped == text or (clipped.endswith("…") and text.startswith(clipped[:-1]))


def test_a_table_split_across_parts_stays_well_formed() -> None:
    """Regression (found by the screens above: a long /riwayat): a part that began inside a
    <pre> reopened it and then counted the reopened tag again, so the part ended "</pre></pre>"
    and the next one never closed its <pre>; Telegram refuses both."""
    text = "\n".join(["<b>judul</b>", ui.pre(["x" * 30] * 300), "akhir"])
    parts = ui.split_message(text)
    assert len(parts) == 3
    for part in parts:
        assert ui.utf16_len(part) <= ui.MAX_MESSAGE
        parse_html(part)
    assert "".join(parse_html(p)[0] for p in parts).count("x" * 30) == 300


def test_a_line_longer_than_a_message_is_cut_between_its_links() -> None:
    officer = '<a href="tg://user?id=123456789">Nama &amp; Gelar 😀</a>'
    line = "Petugas: " + ", ".join([officer] * 300)
    parts = ui.split_message("awal\n" + line)
    assert len(parts) > 1
    shown = ""
    for part in parts:
        assert ui.utf16_len(part) <= ui.MAX_MESSAGE
        visible, entities = parse_html(part)
        assert all(e["type"] == "text_link" for e in entities)  # every link kept its address
        shown += visible
    assert shown.count("Nama & Gelar 😀") == 300
