"""Excel out and in (issue #16): the 2022 data exported, imported as a new agency into an empty
database, gives every read query's figures exactly as the seeded agency; monthly figures too."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model import performance, queries, search
from lakip_model.db import make_engine, session_scope, upgrade
from lakip_model.models import EntryStatus, FiscalYear, IndicatorPlan, RealizationEntry
from lakip_model.years import open_year
from seed.workbook import columns as C
from seed.workbook.book import read_book
from seed.workbook.importer import Mode, commit_import
from seed.workbook.writer import book_bytes

NEW = "salinan-binjai"


@pytest.fixture
def empty(empty_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def exported(engine: Engine, year: int, code: str = NEW) -> bytes:
    with Session(engine) as session:
        book = read_book(session, queries.resolve_year(session, year))
    book.rows(C.AGENCY)[0]["code"] = code
    return book_bytes(book)


def figures(session: Session, fy: FiscalYear) -> dict[str, Any]:
    """Every figure the read commands show, keyed by what a user sees (no database ids)."""
    tree = queries.budget_tree(session, fy)
    results = performance.indicator_results(session, tree)
    s = performance.summary(session, fy)
    out: dict[str, Any] = {
        "tree": [
            (
                n.key,
                n.name,
                n.pagu,
                n.pagu_derived,
                n.realized,
                n.realized_derived,
                n.realized_quantity,
                n.realized_quantity_text,
                n.absorption,
                n.output_achievement,
                n.target,
                n.unit_code,
                n.unit_inferred,
                n.printed_capaian_rp,
                n.printed,
            )
            for n in tree.root.walk()
        ],
        "indicators": [
            (
                r.key,
                r.name,
                r.target,
                r.target_document,
                r.realized,
                r.achievement,
                r.category,
                r.objective,
                r.node_key,
                [(t.document, t.objective, t.name, t.target) for t in r.targets],
            )
            for r in results
        ],
        "measurement": [
            (m.row.sub_name, m.target, m.realized, m.achievement, m.row.printed_capaian)
            for m in performance.measurement_results(session, fy)
        ],
        "summary": (
            s.pagu,
            s.realized,
            s.absorption,
            s.indicators_met,
            s.indicators_not_met,
            s.indicators_unknown,
            s.outputs_unknown,
            s.pending_entries,
            s.all_met,
            [(p.name, p.absorption) for p in s.lowest_programs],
            [(b.kind, b.name, b.target, b.realized, b.achievement) for b in s.below],
        ),
        "status": (
            queries.year_status(session, fy).has_figures,
            queries.year_status(session, fy).has_monthly,
        ),
        "search": [(h.kind, h.name, h.detail) for h in search.search(session, tree, "kekerasan")],
    }
    if out["status"][1]:
        for q, months in ((1, {1, 2, 3}), (2, {4, 5, 6})):
            t = queries.budget_tree(session, fy, frozenset(months))
            out[f"tw{q}"] = [
                (n.key, n.pagu, n.realized, n.realized_quantity) for n in t.root.walk()
            ]
    return out


def test_2022_round_trip_gives_the_same_figures(engine: Engine, empty: Engine) -> None:
    plan = _import(empty, exported(engine, 2022))
    assert plan.mode == Mode.NEW_AGENCY
    with Session(engine) as a, Session(empty) as b:
        seeded = figures(a, queries.resolve_year(a, 2022))
        imported = figures(b, queries.resolve_year(b, 2022, NEW))
    assert imported == seeded
    assert seeded["summary"][:2] == (5_993_530_294, 5_296_423_659)  # the report's Rupiah
    assert seeded["summary"][2] == Decimal("88.37")


def test_monthly_and_quarterly_figures_survive_the_round_trip(
    engine: Engine, empty: Engine
) -> None:
    with session_scope(engine) as session:
        fy = open_year(session, 2026, 2022)
        tree = queries.budget_tree(session, fy)
        subs = [n for n in tree.root.walk() if n.level == "sub_kegiatan"][:3]
        for i, (node, month) in enumerate([(subs[0], 1), (subs[0], 4), (subs[1], 2)]):
            session.add(
                RealizationEntry(
                    node_id=node.id,
                    year=2026,
                    month=month,
                    quantity=Decimal(i + 1),
                    quantity_text=f"{i + 1} org",
                    amount=1_000_001 * (i + 1),
                    source="telegram",
                    status=EntryStatus.DISETUJUI,
                )
            )
        session.add(
            RealizationEntry(
                node_id=subs[2].id,
                year=2026,
                month=3,
                amount=5,
                source="telegram",
                status=EntryStatus.DIAJUKAN,
            )
        )
        ind = performance.indicator_results(session, tree)[0]
        session.add(
            IndicatorPlan(
                indicator_id=ind.id,
                quarter=2,
                target_text="45,5",
                target_value=Decimal("45.5"),
                source="telegram",
            )
        )
    data = exported(engine, 2026)
    _import(empty, data)
    with Session(engine) as a, Session(empty) as b:
        seeded = figures(a, queries.resolve_year(a, 2026))
        imported = figures(b, queries.resolve_year(b, 2026, NEW))
        book = read_book(b, queries.resolve_year(b, 2026, NEW))
    mine, theirs = seeded.pop("summary"), imported.pop("summary")
    assert (mine[7], theirs[7]) == (1, 0)  # an entry awaiting its decision is not exported
    assert theirs[:7] + theirs[8:] == mine[:7] + mine[8:]
    assert imported == seeded
    assert imported["tw2"] != imported["tw1"]
    assert next(r["tw2"] for r in book.rows(C.INDICATORS)) == "45,5"


def _import(engine: Engine, data: bytes) -> Any:
    with session_scope(engine) as session:
        plan = commit_import(session, data)
    assert plan.ok, [str(i) for i in plan.issues]
    return plan
