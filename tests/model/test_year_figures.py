"""Which year a command without one shows, and what a year's figures are (queries.year_status);
the summary of a year without verified figures claims nothing."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from lakip_model import performance, queries
from lakip_model.db import session_scope
from lakip_model.models import BudgetNode, EntryStatus, FiscalYear, RealizationEntry
from lakip_model.years import open_year


def _open_2026(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)


def _approve(engine: Engine, key: str, status: EntryStatus = EntryStatus.DISETUJUI) -> None:
    with session_scope(engine) as session:
        node = session.exec(
            select(BudgetNode)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(FiscalYear.year == 2026, BudgetNode.key == key)
        ).one()
        session.add(
            RealizationEntry(
                node_id=int(node.id or 0),
                year=2026,
                month=5,
                amount=500_000,
                status=status,
                source="telegram",
            )
        )


def test_an_empty_new_year_is_not_the_default(engine: Engine) -> None:
    _open_2026(engine)
    with Session(engine) as session:
        assert queries.resolve_year(session).year == 2022
        assert queries.resolve_year(session, 2026).year == 2026
    with engine.connect() as connection:
        assert queries.default_year(connection) == 2022


def test_a_submitted_entry_is_not_a_figure_an_approved_one_is(engine: Engine) -> None:
    _open_2026(engine)
    _approve(engine, "P7.K2.S1", EntryStatus.DIAJUKAN)
    with Session(engine) as session:
        assert queries.resolve_year(session).year == 2022
    _approve(engine, "P7.K2.S1")
    with Session(engine) as session:
        assert queries.resolve_year(session).year == 2026


def test_year_status(engine: Engine) -> None:
    _open_2026(engine)
    with Session(engine) as session:
        report = queries.year_status(session, queries.resolve_year(session, 2022))
        empty = queries.year_status(session, queries.resolve_year(session, 2026))
    assert report == queries.YearStatus(2022, True, False, True, None)
    assert empty == queries.YearStatus(2026, False, False, False, 2022)
    _approve(engine, "P7.K2.S1")
    with Session(engine) as session:
        monthly = queries.year_status(session, queries.resolve_year(session, 2026))
    assert monthly.has_figures and monthly.has_monthly


def test_the_summary_of_an_empty_year_claims_nothing(engine: Engine) -> None:
    _open_2026(engine)
    with Session(engine) as session:
        s = performance.summary(session, queries.resolve_year(session, 2026))
    assert not s.status.has_figures and not s.all_met
    assert s.indicators_met == s.indicators_not_met == 0


def test_programs_without_spending_rank_lowest(engine: Engine) -> None:
    _open_2026(engine)
    _approve(engine, "P7.K2.S1")
    with Session(engine) as session:
        s = performance.summary(session, queries.resolve_year(session, 2026))
    assert [str(p.absorption) for p in s.lowest_programs] == ["0.00", "0.00", "0.00"]
    assert not s.all_met
