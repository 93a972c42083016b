"""The city's view in the domain (lakip_model.city): the ranking's figures against the report's
and against each agency's own reads, absent data, the quarter's norm, a fixed number of queries,
who is late, and finding an agency by what people type.

The 2022 report: pagu Rp 5.993.530.294, realization Rp 5.296.423.659 (88,37 %); of its seven
IKU only the IPG has a figure, 90,63 against 90,77 (99,85 %). Synthetic agencies
(seed.demo, 2025 and 2026) are checked against ``queries.budget_tree`` and
``indicators.quarter_results``, which their own /ringkasan and /capaian show.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, col, func, select

import seed.demo as demo
from lakip_model import city
from lakip_model import reminders as rem
from lakip_model.db import session_scope
from lakip_model.errors import InvalidInput, PermissionDenied
from lakip_model.indicators import quarter_results
from lakip_model.models import BudgetNode, Indicator, Role
from lakip_model.queries import YearNotFound, budget_tree, resolve_year
from lakip_model.users import set_user
from tests.support.bot import ADMIN_ID, KADIS_ID, add_people
from tests.support.quarters import Quarter, first_quarter

SEED = "dp3am-binjai"
BAPPEDA_ID = 7200


@pytest.fixture
def city_engine(engine: Engine) -> Engine:
    """The 2022 report and two synthetic agencies (2025 and 2026), with a Bappeda reader."""
    demo.generate(engine, 2, 2)
    add_people(engine)
    with session_scope(engine) as session:
        set_user(session, None, BAPPEDA_ID, Role.BAPPEDA, name="Bappeda")
    return engine


def by_code(r: city.CityRanking) -> dict[str, city.AgencyRank]:
    return {a.code: a for a in r.agencies}


def test_2022_figures_are_the_reports(city_engine: Engine) -> None:
    with Session(city_engine) as session:
        r = city.ranking(session, 2022, None)
    seed = by_code(r)[SEED]
    assert (seed.pagu, seed.realized) == (5_993_530_294, 5_296_423_659)
    assert seed.absorption == Decimal("88.37")
    # 90,63 / 90,77 = 0,998457... -> 99,85 %; the six other IKU have no figure and do not count
    assert (seed.achievement, seed.measured, seed.iku) == (Decimal("99.85"), 1, 7)
    assert r.norm is None and r.quarter is None
    assert [a.code for a in r.by_absorption] == [SEED]
    # the synthetic agencies have no 2022: listed as such, never ranked as 0
    assert {a.code for a in r.without_year} == {"demo-001", "demo-002"}
    assert all(a.absorption is None and a.achievement is None for a in r.without_year)


def test_every_agency_equals_its_own_views(city_engine: Engine) -> None:
    """Each agency's figures in every year and quarter are those of its own budget tree and
    /capaian (the IKU's achievements, averaged half-up)."""
    with Session(city_engine) as session:
        for year in (2022, 2025, 2026):
            for quarter in (None, 1, 2, 3, 4):
                for a in city.ranking(session, year, quarter).agencies:
                    if not a.has_year:
                        continue
                    fy = resolve_year(session, year, a.code)
                    months = frozenset(range(1, 3 * quarter + 1)) if quarter else None
                    root = budget_tree(session, fy, months).root
                    assert (a.pagu, a.realized) == (root.pagu, root.realized), (a, quarter)
                    iku = [r for r in quarter_results(session, int(fy.id or 0), quarter) if r.iku]
                    values = [r.achievement for r in iku if r.achievement is not None]
                    assert (a.measured, a.iku) == (len(values), len(iku))
                    assert a.achievement == city.mean(values)


def test_a_root_without_a_printed_pagu_is_derived_from_its_tree(city_engine: Engine) -> None:
    """The ranking reads a year off its root row when that row prints its pagu; one that does
    not (a year whose workbook gives only its programs' pagu) is derived from its whole tree:
    the same figures as its own budget tree, beside the years read off their root."""
    with session_scope(city_engine) as session:
        fy = resolve_year(session, 2026, "demo-001")
        root = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy.id, col(BudgetNode.parent_id).is_(None)
            )
        ).one()
        root.pagu = None
        session.add(root)
    with Session(city_engine) as session:
        for quarter in (None, 2):
            ranked = by_code(city.ranking(session, 2026, quarter))
            months = frozenset(range(1, 3 * quarter + 1)) if quarter else None
            for code in ("demo-001", "demo-002"):
                tree = budget_tree(session, resolve_year(session, 2026, code), months).root
                assert (ranked[code].pagu, ranked[code].realized) == (tree.pagu, tree.realized)
                assert ranked[code].realized is not None
            # read off the root, it would be None: the programs' pagu add up instead
            assert ranked["demo-001"].pagu is not None


def test_orderings_rank_only_agencies_with_the_figure(city_engine: Engine) -> None:
    with Session(city_engine) as session:
        r = city.ranking(session, 2026, None)
    assert r.year == 2026
    absorptions = [a.absorption for a in r.by_absorption]
    assert absorptions == sorted(absorptions, reverse=True)  # type: ignore[type-var]
    achievements = [a.achievement for a in r.by_achievement]
    assert achievements == sorted(achievements, reverse=True)  # type: ignore[type-var]
    assert [a.code for a in r.without_year] == [SEED]
    assert {a.code for a in r.by_absorption} == {"demo-001", "demo-002"}


def test_default_year_is_the_latest_with_figures(city_engine: Engine) -> None:
    with Session(city_engine) as session:
        assert city.latest_year(session) == 2026
        assert city.ranking(session, None, None).year == 2026
        with pytest.raises(YearNotFound):
            city.ranking(session, 2019, None)
        with pytest.raises(InvalidInput):
            city.ranking(session, 2026, 5)


@pytest.fixture
def quarter(engine: Engine) -> Quarter:
    """2026 opened from 2022 with Q1 figures (tests/support/quarters.py) and one demo agency."""
    add_people(engine)
    written = first_quarter(engine)
    demo.generate(engine, 1, 1)
    return written


def test_quarter_is_cumulative_with_its_norm(engine: Engine, quarter: Quarter) -> None:
    with Session(engine) as session:
        q1 = by_code(city.ranking(session, 2026, 1))[SEED]
        q2 = city.ranking(session, 2026, 2)
        iku = session.exec(
            select(func.count())
            .select_from(Indicator)
            .where(Indicator.fiscal_year_id == quarter.fiscal_year_id, col(Indicator.iku))
        ).one()
    # Rupiah approved January-March: 12.345.678 x (1 + 2 + 3); the waiting entry and April's
    # do not count in TW I
    assert q1.realized == 74_074_068 == quarter.approved_q1
    assert q1.pagu == quarter.pagu == 5_993_530_294
    assert q1.absorption == Decimal("1.24")  # 74.074.068 / 5.993.530.294 = 1,2359 %
    # the IPG's TW I: 85 against its rencana aksi 90 = 94,44 %; no other IKU has a TW I figure
    assert (q1.achievement, q1.measured, q1.iku) == (Decimal("94.44"), 1, iku)
    # TW II: April's 77.000.000 joins; no IKU has a TW II figure, so no achievement (not 0)
    seed_q2 = by_code(q2)[SEED]
    assert seed_q2.realized == 74_074_068 + 77_000_000
    assert (seed_q2.achievement, seed_q2.measured) == (None, 0)
    assert seed_q2 in q2.unranked("achievement") and seed_q2 not in q2.by_achievement
    assert q2.norm == Decimal(50)
    custom = city.ranking(session=Session(engine), year=2026, quarter=3, norm=[10, 20, 30, 40])
    assert custom.norm == Decimal(30)


def count_queries(engine: Engine, fn: object) -> int:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as session:
            fn(session)  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def test_queries_do_not_grow_with_the_agencies(engine: Engine) -> None:
    demo.generate(engine, 1, 1)
    few = [count_queries(engine, lambda s, q=q: city.ranking(s, 2026, q)) for q in (None, 2)]
    demo.generate(engine, 4, 1)
    many = [count_queries(engine, lambda s, q=q: city.ranking(s, 2026, q)) for q in (None, 2)]
    assert few == many
    assert max(many) <= 10


@pytest.fixture
def reader(city_engine: Engine) -> Iterator[Session]:
    with Session(city_engine) as session:
        yield session


def test_only_city_readers_are_let_in(reader: Session) -> None:
    assert city.require_reader(reader, BAPPEDA_ID).role is Role.BAPPEDA
    assert city.require_reader(reader, ADMIN_ID).super_admin  # LAKIP_ADMIN_IDS
    with pytest.raises(PermissionDenied):
        city.require_reader(reader, KADIS_ID)  # an agency's Kepala Dinas
    with pytest.raises(PermissionDenied):
        city.require_reader(reader, 999)


def test_find_agency(reader: Session) -> None:
    assert (found := city.find_agency(reader, "DEMO-002").found) and found.code == "demo-002"
    seed = city.find_agency(reader, "DP3AM Kota Binjai").found
    assert seed is not None and seed.code == SEED
    binjai = city.find_agency(reader, "binjai").found
    assert binjai is not None and binjai.code == SEED
    medan = city.find_agency(reader, "medan")  # both synthetic agencies are of Medan
    assert medan.found is None and {c.code for c in medan.candidates} == {"demo-001", "demo-002"}
    unknown = city.find_agency(reader, "zzqx")
    assert unknown.found is None and not unknown.candidates
    assert city.find_agency(reader, "  ").found is None


def test_late_lists_every_agency_as_belumlapor_does(city_engine: Engine) -> None:
    today = date(2026, 5, 15)
    with session_scope(city_engine) as session:
        rem.seed_default_rules(session, 1)
    with Session(city_engine) as session:
        found = city.late(session, today)
        assert {a.code for a in found.agencies} == {SEED, "demo-001", "demo-002"}
        seed = next(a for a in found.agencies if a.code == SEED)
        # the report's agency has no 2026: nothing is awaited from it
        assert seed.state is rem.YearState.MISSING and not seed.missing
        for a in found.agencies:
            if a.code == SEED:
                continue
            fy = resolve_year(session, 2026, a.code)
            status = rem.outstanding_sub_activities(
                session, None, a.year, a.month, agency=fy.agency_id
            )
            assert status is not None
            assert (a.total, a.missing) == (status.total, len(status.missing))
            assert sum(u.missing for u in a.units) == a.missing
        march = city.late(session, today, (2026, 3))
        assert {a.month for a in march.agencies} == {3}
        with pytest.raises(InvalidInput):
            city.late(session, today, (2026, 7))
