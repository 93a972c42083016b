"""Demo data: the report's shapes, deterministic, and the real agency left exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from lakip_model.db import make_engine, upgrade
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorTarget,
    NodeLevel,
    RealizationEntry,
    Role,
    StrategicPlan,
    Unit,
)
from lakip_model.performance import summary
from lakip_model.queries import budget_tree, resolve_year
from seed import demo

REPORT = "dp3am-binjai"


def _report_rows(engine: Engine) -> dict[str, int]:
    """How many rows hang from the real agency (budget rows, entries, users, units)."""
    with Session(engine) as session:
        agency_id = session.exec(select(Agency.id).where(Agency.code == REPORT)).one()
        years = select(FiscalYear.id).where(FiscalYear.agency_id == agency_id)
        nodes = select(BudgetNode.id).where(col(BudgetNode.fiscal_year_id).in_(years))

        def count(stmt: Any) -> int:
            return int(session.exec(select(func.count()).select_from(stmt.subquery())).one())

        return {
            "nodes": count(nodes),
            "entries": count(
                select(RealizationEntry.id).where(col(RealizationEntry.node_id).in_(nodes))
            ),
            "users": count(select(AppUser.id).where(AppUser.agency_id == agency_id)),
            "units": count(select(Unit.id).where(Unit.agency_id == agency_id)),
            "years": count(years),
        }


def test_two_agencies_two_years_have_the_reports_shapes(engine: Engine) -> None:
    before = _report_rows(engine)
    report = demo.generate(engine, 2, 2)
    assert report.added == ["demo-001", "demo-002"] and report.skipped == []
    with Session(engine) as session:
        for code in report.added:
            agency = session.exec(select(Agency).where(Agency.code == code)).one()
            years = session.exec(
                select(FiscalYear)
                .where(FiscalYear.agency_id == agency.id)
                .order_by(col(FiscalYear.year))
            ).all()
            assert [y.year for y in years] == [2025, 2026]
            assert [y.closed for y in years] == [True, False]  # one open year: the latest
            assert len(session.exec(select(Unit).where(Unit.agency_id == agency.id)).all()) == 6
            assert session.exec(
                select(StrategicPlan).where(StrategicPlan.agency_id == agency.id)
            ).one()
            roles = Counter(
                u.role for u in session.exec(select(AppUser).where(AppUser.agency_id == agency.id))
            )
            assert roles[Role.ADMIN] == roles[Role.PIMPINAN] == roles[Role.VERIFIKATOR] == 1
            assert roles[Role.OPERATOR] >= 4
            for fy in years:
                _check_year(session, fy)
    assert _report_rows(engine) == before
    with Session(engine) as session:  # the report's figures, to the Rupiah
        tree = budget_tree(session, resolve_year(session, 2022, REPORT))
        assert tree.root.pagu == 5_993_530_294
        assert tree.root.realized == 5_296_423_659


def _check_year(session: Session, fy: FiscalYear) -> None:
    nodes = session.exec(select(BudgetNode).where(BudgetNode.fiscal_year_id == fy.id)).all()
    levels = Counter(n.level for n in nodes)
    assert levels[NodeLevel.TOTAL] == 1 and levels[NodeLevel.PROGRAM] == 8
    assert 13 <= levels[NodeLevel.KEGIATAN] <= 17
    assert 24 <= levels[NodeLevel.SUB_KEGIATAN] <= 34
    subs = [n for n in nodes if n.level == NodeLevel.SUB_KEGIATAN]
    assert all(n.unit_id and n.target_value and n.target_text for n in subs)
    assert all(3_000_000 <= (n.pagu or 0) <= 3_300_000_000 for n in subs)
    indicators = session.exec(select(Indicator).where(Indicator.fiscal_year_id == fy.id)).all()
    assert len(indicators) >= 15
    targets = session.exec(
        select(IndicatorTarget).where(
            col(IndicatorTarget.indicator_id).in_([i.id for i in indicators])
        )
    ).all()
    assert {t.document for t in targets} == {"renja", "pk"}
    entries = session.exec(
        select(RealizationEntry).where(
            col(RealizationEntry.node_id).in_([n.id for n in subs]),
            RealizationEntry.kind == EntryKind.ENTRY,
        )
    ).all()
    months = {e.month for e in entries}
    assert months == set(range(1, 13 if fy.closed else demo.OPEN_MONTHS + 1))
    statuses = Counter(e.status for e in entries)
    assert statuses[EntryStatus.DISETUJUI] > 10 * len(subs) * 0.8
    if not fy.closed:
        assert statuses[EntryStatus.DIAJUKAN] > 0 and statuses[EntryStatus.DITARIK] == 1
    figures = summary(session, fy)
    assert figures.pagu == sum(p.pagu or 0 for p in budget_tree(session, fy).programs)
    assert figures.realized and 0 < figures.realized < (figures.pagu or 0)
    assert (figures.pending_entries > 0) == (not fy.closed)


def _content(engine: Engine) -> list[tuple[Any, ...]]:
    """The generated data without database ids."""
    with Session(engine) as session:
        return [
            (code, year, key, name, pagu, month, amount, qty, status, kind)
            for code, year, key, name, pagu, month, amount, qty, status, kind in session.exec(
                select(
                    Agency.code,
                    FiscalYear.year,
                    BudgetNode.key,
                    BudgetNode.name,
                    BudgetNode.pagu,
                    RealizationEntry.month,
                    RealizationEntry.amount,
                    RealizationEntry.quantity_text,
                    RealizationEntry.status,
                    RealizationEntry.kind,
                )
                .join(FiscalYear, col(FiscalYear.agency_id) == Agency.id)
                .join(BudgetNode, col(BudgetNode.fiscal_year_id) == FiscalYear.id)
                .join(RealizationEntry, col(RealizationEntry.node_id) == BudgetNode.id)
                .where(col(Agency.code).startswith(demo.CODE_PREFIX))
                .order_by(col(RealizationEntry.id))
            )
        ]


def test_deterministic_in_its_seed_and_idempotent(engine: Engine, empty_url: str) -> None:
    demo.generate(engine, 1, 2, seed=7)
    other = make_engine(empty_url)
    try:
        upgrade(other)  # no report in this one: the demo does not depend on it
        demo.generate(other, 1, 2, seed=7)
        assert _content(engine) == _content(other)
    finally:
        other.dispose()
    again = demo.generate(engine, 1, 2, seed=7)
    assert again.added == [] and again.skipped == ["demo-001"]
    assert sum(r[0] == "demo-001" for r in _content(engine)) == len(_content(engine))


def test_the_cli_adds_demo_agencies(db_url: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo-data", "--agencies", "1", "--years", "2"],
        env={"DATABASE_URL": db_url, "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "demo-001" in out
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            codes = set(session.exec(select(Agency.code)))
            assert codes == {REPORT, "demo-001"}
    finally:
        engine.dispose()


def test_rows_written_after_the_demo_get_fresh_ids(engine: Engine) -> None:
    """The demo gives ids itself (SQLite) or draws them from the sequences before a COPY
    (PostgreSQL): what the bot writes next must not collide with them."""
    demo.generate(engine, 1, 1)
    with Session(engine) as session:
        node = session.exec(
            select(BudgetNode)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .join(Agency, col(Agency.id) == FiscalYear.agency_id)
            .where(Agency.code == demo.agency_code(1), BudgetNode.level == NodeLevel.SUB_KEGIATAN)
        ).first()
        assert node is not None
        highest = session.exec(select(func.max(RealizationEntry.id))).one()
        entry = RealizationEntry(
            node_id=node.id,
            year=demo.LAST_YEAR,
            month=11,
            amount=1_000,
            status=EntryStatus.DIAJUKAN,
            submitted_by=demo.telegram_id(1, 3),
            submitted_by_name="Operator",
            source="telegram",
        )
        session.add(entry)
        session.commit()
        assert entry.id is not None and entry.id > (highest or 0)
