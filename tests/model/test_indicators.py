"""Quarterly indicators: rencana aksi, figures on the ledger, achievement per quarter and year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from lakip_model import action_plan, indicator_ledger, indicators, ledger, verification
from lakip_model.db import session_scope
from lakip_model.errors import Conflict, InvalidInput, PermissionDenied
from lakip_model.indicator_ledger import IndicatorDraft
from lakip_model.indicators import Trend
from lakip_model.models import (
    Accumulation,
    AchievementBand,
    AuditLog,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorMeasure,
    IndicatorPlan,
    RealizationEntry,
    Role,
)
from lakip_model.queries import resolve_year
from lakip_model.users import set_user, unit_by_code
from lakip_model.years import open_year

TODAY = date(2026, 11, 15)  # TW IV has begun: TW I-IV may be reported
OPERATOR = 601  # Bidang PPPA
OTHER_UNIT = 602  # Bidang PKM
VERIFIER = 603
ADMIN = 604


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """2026 opened from 2022; two indicators of Bidang PPPA get a measure and accumulation."""
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
        pppa = unit_by_code(session, "bidang-pppa").id
        pkm = unit_by_code(session, "bidang-pkm").id
        set_user(session, None, OPERATOR, Role.OPERATOR, pppa, name="Operator PPPA")
        set_user(session, None, OTHER_UNIT, Role.OPERATOR, pkm, name="Operator PKM")
        set_user(session, None, VERIFIER, Role.VERIFIKATOR, name="Verifikator")
        set_user(session, None, ADMIN, Role.ADMIN, name="Admin")
        fy = resolve_year(session, 2026)
        for key, measure, unit, acc in (
            ("anak-korban", IndicatorMeasure.PERCENT, "%", Accumulation.CUMULATIVE),
            ("rasio-kdrt", IndicatorMeasure.RATIO, None, Accumulation.CUMULATIVE),
            ("sekolah-ramah-anak", IndicatorMeasure.COUNT, "sekolah", Accumulation.PER_QUARTER),
        ):
            ind = _indicator(session, fy, key)
            ind.measure, ind.measure_unit, ind.accumulation = measure, unit, acc
            ind.unit_id = pppa
            session.add(ind)
    yield engine


def _indicator(session: Session, fy: FiscalYear, key: str) -> Indicator:
    return session.exec(
        select(Indicator).where(Indicator.fiscal_year_id == fy.id, Indicator.key == key)
    ).one()


def ids(engine: Engine) -> tuple[int, dict[str, int]]:
    with Session(engine) as session:
        fy = resolve_year(session, 2026)
        rows = session.exec(select(Indicator).where(Indicator.fiscal_year_id == fy.id))
        return int(fy.id or 0), {i.key: int(i.id or 0) for i in rows}


def plan(engine: Engine, indicator_id: int, targets: dict[int, str], actor: int = OPERATOR) -> None:
    with session_scope(engine) as session:
        action_plan.set_plan(session, actor, indicator_id, targets)


def record(
    engine: Engine, indicator_id: int, quarter: int, text: str, actor: int = OPERATOR, **kw: str
) -> int:
    with session_scope(engine) as session:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        figure = indicator_ledger.read_figure(ind, text)
        draft = IndicatorDraft(
            indicator_id, 2026, quarter, figure.value, text, causes=kw.get("causes")
        )
        checked = indicator_ledger.assess_realization(session, actor, draft, TODAY)
        entry = indicator_ledger.save_realization(
            session,
            actor,
            draft,
            TODAY,
            confirmed=checked.warnings,
            expected_replaces=checked.replaces.id if checked.replaces else None,
            actor_name="Operator",
        )
        return int(entry.id or 0)


def approve(engine: Engine, entry_id: int) -> None:
    with session_scope(engine) as session:
        verification.review(session, VERIFIER, entry_id, approve=True)


def result(engine: Engine, key: str, quarter: int | None) -> indicators.IndicatorQuarter:
    fy_id, by_key = ids(engine)
    with Session(engine) as session:
        rows = indicators.quarter_results(session, fy_id, quarter)
    return next(r for r in rows if r.indicator_id == by_key[key])


def test_a_year_without_figures_is_missing_everywhere_and_unplanned(db: Engine) -> None:
    fy_id, _ = ids(db)
    with Session(db) as session:
        rows = indicators.quarter_results(session, fy_id, 2)
        assert rows and all(r.missing and r.realized is None for r in rows)
        assert all(r.achievement is None and r.category is None for r in rows)
        assert all(r.below_target is None for r in rows)  # not known is not "below"
        assert len(indicators.unplanned_indicators(session, fy_id)) == len(rows)
        pppa = unit_by_code(session, "bidang-pppa").id
        mine = indicators.missing_indicators(session, fy_id, 2, pppa)
        assert {r.key for r in mine} == {
            "anak-korban",
            "rasio-kdrt",
            "sekolah-ramah-anak",
            "skor-kla",
        }


def test_iku_first_then_per_sasaran(db: Engine) -> None:
    fy_id, _ = ids(db)
    with Session(db) as session:
        rows = indicators.quarter_results(session, fy_id, 1)
    iku = [r.key for r in rows if r.iku]
    assert iku == [  # the Perjanjian Kinerja's indicators, by its sasaran
        "kinerja-urusan",
        "ipg",
        "organisasi-perempuan",
        "anak-korban-ditangani",
        "pkk-aktif",
        "lpm-aktif",
        "posyandu-aktif",
    ]
    assert [r.key for r in rows[: len(iku)]] == iku
    ipg = rows[1]
    assert ipg.objective == "Meningkatkan kesetaraan dan keadilan gender dalam pembangunan"
    assert ipg.year_target is not None and ipg.year_target.value == Decimal("90.77")
    assert ipg.year_target_document == "pk"  # the PK's target governs the Renja's 90,76


def test_quarter_against_plan_and_year_to_date_against_year_target(db: Engine) -> None:
    _, by_key = ids(db)
    anak = by_key["anak-korban"]
    plan(db, anak, {1: "25", 2: "50", 3: "75", 4: "100"})
    approve(db, record(db, anak, 1, "20"))
    approve(db, record(db, anak, 2, "55 %"))
    q2 = result(db, "anak-korban", 2)
    assert q2.planned and q2.quarter_target is not None and q2.quarter_target.value == 50
    assert q2.realized is not None and q2.realized.value == 55
    assert q2.achievement == Decimal("110.00") and q2.category == "Sangat Tinggi"
    assert q2.achievement_ytd == Decimal("55.00")  # cumulative: TW II's figure vs 100 %
    assert q2.category_ytd == "Rendah"
    assert q2.trend is Trend.UP and q2.improved is True
    assert q2.below_target is False and not q2.missing and not q2.pending
    q1 = result(db, "anak-korban", 1)
    assert q1.achievement == Decimal("80.00") and q1.below_target is True and q1.trend is None
    q3 = result(db, "anak-korban", 3)  # a missing quarter: nothing computed, ytd stays TW II
    assert q3.missing and q3.realized is None and q3.achievement is None
    assert q3.realized_ytd is not None and q3.realized_ytd.value == 55
    year = result(db, "anak-korban", None)  # no whole-year entry: the year to date
    assert year.realized is not None and year.realized.value == 55
    assert year.achievement == Decimal("55.00")


def test_per_quarter_figures_add_up_to_the_year(db: Engine) -> None:
    _, by_key = ids(db)
    sra = by_key["sekolah-ramah-anak"]  # Renja target 85 sekolah
    plan(db, sra, {1: "20", 2: "20", 3: "20", 4: "25"})
    approve(db, record(db, sra, 1, "30"))
    approve(db, record(db, sra, 2, "10 sekolah"))
    q2 = result(db, "sekolah-ramah-anak", 2)
    assert q2.realized_ytd is not None and q2.realized_ytd.value == 40
    assert q2.achievement == Decimal("50.00") and q2.category == "Sangat Rendah"
    assert q2.achievement_ytd == Decimal("47.06")  # 40 / 85
    assert q2.trend is Trend.DOWN and q2.improved is False


def test_lower_is_better_trend_and_achievement(db: Engine) -> None:
    _, by_key = ids(db)
    kdrt = by_key["rasio-kdrt"]  # finance-table target 0,005, lower is better
    plan(db, kdrt, {1: "0,005", 2: "0,005", 3: "0,005", 4: "0,005"})
    approve(db, record(db, kdrt, 1, "0,008"))
    approve(db, record(db, kdrt, 2, "0,004"))
    q1, q2 = result(db, "rasio-kdrt", 1), result(db, "rasio-kdrt", 2)
    assert q1.achievement == Decimal("40.00") and q1.below_target is True
    assert q2.achievement == Decimal("120.00") and q2.below_target is False
    assert q2.trend is Trend.DOWN and q2.improved is True  # down is better here
    assert q2.year_target_document == "keuangan"


def test_range_target_and_agency_scale(db: Engine) -> None:
    fy_id, by_key = ids(db)
    anak = by_key["anak-korban"]
    plan(db, anak, {1: "70-80"})
    approve(db, record(db, anak, 1, "75"))
    with session_scope(db) as session:
        fy = session.get(FiscalYear, fy_id)
        assert fy is not None
        for bound, label in ((Decimal(0), "Kurang"), (Decimal(100), "Baik")):
            session.add(AchievementBand(agency_id=fy.agency_id, lower_bound=bound, label=label))
    q1 = result(db, "anak-korban", 1)
    assert q1.quarter_target is not None and q1.quarter_target.is_range
    assert q1.quarter_target.high == 80
    assert q1.achievement == Decimal("100.00") and q1.category == "Baik"
    assert q1.below_target is False
    assert not q1.planned  # three quarters lack a target


def test_a_waiting_figure_is_pending_not_counted(db: Engine) -> None:
    _, by_key = ids(db)
    anak = by_key["anak-korban"]
    approve(db, record(db, anak, 1, "20"))
    record(db, anak, 1, "30")  # a correction waiting
    q1 = result(db, "anak-korban", 1)
    assert q1.pending and not q1.missing
    assert q1.realized is not None and q1.realized.value == 20  # the approved one counts


def test_correction_replaces_and_is_audited(db: Engine) -> None:
    _, by_key = ids(db)
    anak = by_key["anak-korban"]
    first = record(db, anak, 1, "20")
    second = record(db, anak, 1, "25")
    with Session(db) as session:
        entry = session.get(RealizationEntry, second)
        assert entry is not None and entry.replaces_id == first and entry.node_id is None
        details = session.exec(select(AuditLog.detail).where(AuditLog.action == "lapor")).all()
        assert sum(1 for d in details if d and d.startswith("indikator=anak-korban")) == 2
    approve(db, second)
    q1 = result(db, "anak-korban", 1)
    assert q1.realized is not None and q1.realized.value == 25 and not q1.pending


def test_four_eyes_on_indicator_entries(db: Engine) -> None:
    _, by_key = ids(db)
    entry = record(db, by_key["anak-korban"], 1, "20", actor=ADMIN)
    with session_scope(db) as session, pytest.raises(PermissionDenied):
        verification.review(session, ADMIN, entry, approve=True)


def test_undo_withdraws_an_indicator_entry(db: Engine) -> None:
    _, by_key = ids(db)
    record(db, by_key["anak-korban"], 1, "20")
    with session_scope(db) as session:
        last = ledger.withdraw_last(session, OPERATOR)
        assert last.status == EntryStatus.DITARIK
    assert result(db, "anak-korban", 1).missing


def test_only_the_responsible_unit_or_an_admin_may_write(db: Engine) -> None:
    _, by_key = ids(db)
    with pytest.raises(PermissionDenied):
        plan(db, by_key["anak-korban"], {1: "10"}, actor=OTHER_UNIT)
    with pytest.raises(PermissionDenied):
        record(db, by_key["anak-korban"], 1, "10", actor=OTHER_UNIT)
    with pytest.raises(PermissionDenied):
        plan(db, by_key["anak-korban"], {1: "10"}, actor=VERIFIER)
    plan(db, by_key["ipg"], {1: "90"}, actor=ADMIN)  # no unit: an admin's


def test_plans_are_append_only_and_the_latest_governs(db: Engine) -> None:
    _, by_key = ids(db)
    anak = by_key["anak-korban"]
    plan(db, anak, {1: "25"})
    plan(db, anak, {1: "30"})
    with Session(db) as session:
        assert len(session.exec(select(IndicatorPlan)).all()) == 2
        assert [p.target_text for p in action_plan.plan_history(session, anak)] == ["30", "25"]
    q1 = result(db, "anak-korban", 1)
    assert q1.quarter_target is not None and q1.quarter_target.value == 30


def test_bad_input_changes_nothing(db: Engine) -> None:
    _, by_key = ids(db)
    anak = by_key["anak-korban"]
    with pytest.raises(InvalidInput):
        plan(db, anak, {1: "25", 2: "delapan"})
    with pytest.raises(InvalidInput):
        plan(db, anak, {5: "25"})
    with pytest.raises(InvalidInput):
        plan(db, anak, {1: "80-70"})
    with pytest.raises(InvalidInput):
        record(db, anak, 1, "20 sekolah")  # not the indicator's unit
    with Session(db) as session:
        assert session.exec(select(IndicatorPlan)).all() == []
        assert (
            session.exec(
                select(RealizationEntry).where(RealizationEntry.indicator_id == anak)
            ).all()
            == []
        )


def test_future_quarter_and_closed_year_are_refused(db: Engine) -> None:
    _, by_key = ids(db)
    with session_scope(db) as session:
        fy = resolve_year(session, 2026)
        draft = IndicatorDraft(by_key["anak-korban"], 2026, 4, Decimal(1), "1")
        early = TODAY - timedelta(days=60)  # September: TW IV has not begun
        with pytest.raises(InvalidInput):
            indicator_ledger.assess_realization(session, OPERATOR, draft, early)
        fy.closed = True
        session.add(fy)
        session.flush()
        with pytest.raises(Conflict):
            indicator_ledger.assess_realization(session, OPERATOR, draft, TODAY)


def test_the_same_draft_saved_twice_is_one_entry(db: Engine) -> None:
    _, by_key = ids(db)
    draft = IndicatorDraft(by_key["anak-korban"], 2026, 1, Decimal(20), "20", key="d-1")
    saved = []
    for _ in range(2):
        with session_scope(db) as session:
            entry = indicator_ledger.save_realization(
                session, OPERATOR, draft, TODAY, confirmed=set(), expected_replaces=None
            )
            saved.append(entry.id)
    assert saved[0] == saved[1]


def test_quarter_results_use_a_fixed_number_of_queries(db: Engine) -> None:
    fy_id, by_key = ids(db)
    counts = []
    for n in range(2):
        if n:
            for key in ("anak-korban", "rasio-kdrt", "sekolah-ramah-anak"):
                plan(db, by_key[key], {1: "1", 2: "1"})
                approve(db, record(db, by_key[key], 1, "1"))
        statements: list[str] = []

        def count(*args: object, _seen: list[str] = statements) -> None:
            _seen.append(str(args[2]))

        event.listen(db, "before_cursor_execute", count)
        with Session(db) as session:
            indicators.quarter_results(session, fy_id, 2)
        event.remove(db, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8


def test_the_report_year_has_its_printed_figures_and_no_quarters(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        fy = resolve_year(session, 2022)
        year = {r.key: r for r in indicators.quarter_results(session, int(fy.id or 0), None)}
        tw1 = indicators.quarter_results(session, int(fy.id or 0), 1)
    known = {k: r for k, r in year.items() if r.realized is not None}
    assert set(known) == {"ipg", "rasio-kdrt", "skor-kla"}  # what the report prints
    assert known["ipg"].achievement == Decimal("99.85")  # 90,63 of the PK's 90,77
    assert known["rasio-kdrt"].achievement == Decimal("40.00")
    assert known["rasio-kdrt"].below_target is True
    assert known["skor-kla"].achievement == Decimal("128.18")
    assert all(r.realized is None and r.missing for r in tw1)  # no invented quarters
    assert year["ipg"].iku and year["ipg"].measure == IndicatorMeasure.INDEX
    assert year["anak-korban"].measure == IndicatorMeasure.PERCENT
    assert year["sekolah-ramah-anak"].measure_unit == "sekolah"
