"""The quarterly digest and the indicators' reminder in the domain (lakip_model.digest,
lakip_model.reminders.outstanding_indicators): who receives it, exactly once, and what it says.

Figures are checked against what tests/support/quarters.py wrote and against the domain's own
reads (``queries.budget_tree``, ``indicators.quarter_results``), never against the digest alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from lakip_model import digest
from lakip_model import reminders as rem
from lakip_model.arithmetic import absorption
from lakip_model.db import session_scope
from lakip_model.errors import InvalidInput, PermissionDenied
from lakip_model.indicators import quarter_results
from lakip_model.models import FiscalYear
from lakip_model.queries import budget_tree
from lakip_model.reminders.outstanding import YearState
from tests.support.bot import (
    KADIS_ID,
    OPERATOR_ID,
    OPERATOR_PKM_ID,
    STRANGER_ID,
    VERIFIER_ID,
    add_people,
)
from tests.support.quarters import (
    OTHER_PIMPINAN,
    PKM,
    PPPA,
    Q1_DIGEST,
    Q2_DIGEST,
    SEKRETARIAT,
    YEAR,
    Quarter,
    first_quarter,
    other_agency,
)


@pytest.fixture
def quarter(engine: Engine) -> Quarter:
    add_people(engine)
    other_agency(engine)
    with session_scope(engine) as session:
        rem.seed_default_rules(session, 1)
    return first_quarter(engine)


def due(engine: Engine, now: object, **kwargs: object) -> rem.DueReminders:
    """The digests due, of the seeded agency only (as with LAKIP_AGENCY) unless ``agency_code``
    says otherwise (None: every agency's)."""
    kwargs.setdefault("agency_code", "dp3am-binjai")
    with Session(engine) as session:
        return digest.due_digests(session, now, **kwargs)  # type: ignore[arg-type]


def subscribe(engine: Engine, telegram_id: int, on: bool, now: object = None) -> None:
    with session_scope(engine) as session:
        digest.set_digest(session, telegram_id, on, now)  # type: ignore[arg-type]


# --- who, when, once ------------------------------------------------------------------------------


def test_the_pimpinan_and_subscribers_of_the_agency_receive_it_at_the_quarter_start(
    engine: Engine, quarter: Quarter
) -> None:
    subscribe(engine, VERIFIER_ID, True, Q1_DIGEST - timedelta(days=3))
    assert due(engine, Q1_DIGEST - timedelta(seconds=1), agency_code=None).send == []
    plans = due(engine, Q1_DIGEST, agency_code=None).send
    # every agency's: the other agency's Kepala Dinas gets theirs (of their agency), once
    assert [(p.agency_id, p.chat_id, p.occurrence.period_key, p.instant) for p in plans] == [
        (1, KADIS_ID, "2026-Q1", Q1_DIGEST),
        (1, VERIFIER_ID, "2026-Q1", Q1_DIGEST),
        (2, OTHER_PIMPINAN, "2026-Q1", Q1_DIGEST),
    ]
    # not the operators who did not subscribe, not a stranger
    assert {OPERATOR_ID, OPERATOR_PKM_ID, STRANGER_ID}.isdisjoint(p.chat_id for p in plans)
    # LAKIP_AGENCY: that agency's only
    assert [p.chat_id for p in due(engine, Q1_DIGEST).send] == [KADIS_ID, VERIFIER_ID]
    assert all(p.subscription_id is None and p.rule.code == "ringkasan-triwulan" for p in plans)


def test_a_digest_claimed_once_is_not_due_again(engine: Engine, quarter: Quarter) -> None:
    [planned] = due(engine, Q1_DIGEST).send
    assert rem.claim(engine, planned, "a", Q1_DIGEST) is not None
    assert rem.claim(engine, planned, "b", Q1_DIGEST) is None  # the unique key decides
    assert due(engine, Q1_DIGEST + timedelta(minutes=1)).send == []
    # the holder died: once its lease is over, it is due again (at least once)
    [again] = due(engine, Q1_DIGEST + timedelta(minutes=6)).send
    assert again.key == planned.key
    assert rem.claim(engine, again, "b", Q1_DIGEST + timedelta(minutes=6)) is not None
    with session_scope(engine) as session:
        [row] = rem.deliveries(session, KADIS_ID)
        rem.mark_sent(session, int(row.id or 0), 1, Q1_DIGEST + timedelta(minutes=6))
    assert due(engine, Q1_DIGEST + timedelta(hours=1)).send == []


def test_late_digests_are_sent_within_the_grace_and_older_ones_recorded_missed(
    engine: Engine, quarter: Quarter
) -> None:
    late = due(engine, Q1_DIGEST + timedelta(days=2))
    assert [p.chat_id for p in late.send] == [KADIS_ID] and late.missed == []
    later = due(engine, Q1_DIGEST + timedelta(days=4))
    assert later.send == [] and [p.chat_id for p in later.missed] == [KADIS_ID]


def test_a_new_subscriber_gets_the_next_quarter_not_an_old_one(
    engine: Engine, quarter: Quarter
) -> None:
    subscribe(engine, OPERATOR_ID, True, Q1_DIGEST + timedelta(hours=1))
    assert [p.chat_id for p in due(engine, Q1_DIGEST + timedelta(hours=2)).send] == [KADIS_ID]
    assert OPERATOR_ID in [p.chat_id for p in due(engine, Q2_DIGEST).send]


def test_unsubscribing_stops_it_also_for_the_pimpinan(engine: Engine, quarter: Quarter) -> None:
    subscribe(engine, OPERATOR_ID, True, Q1_DIGEST - timedelta(days=1))
    subscribe(engine, OPERATOR_ID, False, Q1_DIGEST - timedelta(hours=1))
    subscribe(engine, KADIS_ID, False, Q1_DIGEST - timedelta(hours=1))
    assert due(engine, Q1_DIGEST).send == []
    with Session(engine) as session:
        assert digest.digest_choice(session, KADIS_ID) == digest.DigestChoice(False, True)
        assert digest.digest_choice(session, OPERATOR_ID) == digest.DigestChoice(False, False)
    subscribe(engine, KADIS_ID, True, Q1_DIGEST + timedelta(days=1))
    assert [p.chat_id for p in due(engine, Q2_DIGEST).send] == [KADIS_ID]


def test_a_stranger_cannot_subscribe(engine: Engine, quarter: Quarter) -> None:
    with pytest.raises(PermissionDenied), session_scope(engine) as session:
        digest.set_digest(session, STRANGER_ID, True)
    with Session(engine) as session:
        assert session.exec(select(rem.DigestSubscription)).all() == []


def test_the_new_year_digest_waits_for_the_first_working_day(engine: Engine) -> None:
    with Session(engine) as session:
        # 1 January 2027 is a holiday (Friday): the Q4 2026 digest goes out Monday 4 January
        assert digest.digest_instant("2026-Q4", session).date().isoformat() == "2027-01-04"


# --- what it says ---------------------------------------------------------------------------------


def test_the_digest_figures_are_the_ledgers(engine: Engine, quarter: Quarter) -> None:
    with Session(engine) as session:
        got = digest.quarter_digest(session, 1, YEAR, 1)
        fy = session.get(FiscalYear, quarter.fiscal_year_id)
        assert fy is not None
        tree = budget_tree(session, fy, frozenset({1, 2, 3}))
        results = quarter_results(session, quarter.fiscal_year_id, 1)
    assert got.state is YearState.OPEN and got.has_data
    assert got.realized == quarter.approved_q1 == tree.root.realized  # not the pending, not April
    assert got.pagu == quarter.pagu == tree.root.pagu
    assert got.absorption == absorption(quarter.approved_q1, quarter.pagu)
    assert got.norm == Decimal(25) and got.below_norm is True
    assert [r.key for r in got.below_target] == ["ipg"]
    assert [r.key for r in got.measured] == ["ipg", "skor-kla", "pkk-aktif"]
    assert {r.key for r in got.unreported_indicators} == {r.key for r in results if r.missing}
    assert "anak-korban" in {r.key for r in got.unreported_indicators}
    assert {"ipg", "skor-kla", "pkk-aktif"}.isdisjoint(r.key for r in got.unplanned)
    assert got.sub_activities == 29
    # three sub-activities approved in January, February, March; one waits in March (it stands)
    assert got.unreported_months == {1: 28, 2: 28, 3: 27}


def test_a_quarter_without_data_says_so(engine: Engine, quarter: Quarter) -> None:
    with Session(engine) as session:
        q2 = digest.quarter_digest(session, 1, YEAR, 2, (Decimal(20), 40, 70, 100))  # type: ignore[arg-type]
        missing = digest.quarter_digest(session, 1, 2031, 1)
    assert q2.norm == Decimal(40)
    assert q2.realized == quarter.approved_q1 + 77_000_000  # cumulative: April's entry counts
    assert q2.below_target == [] and q2.measured == []  # nothing measured: no "all met"
    assert missing.state is YearState.MISSING and not missing.has_data


def test_the_norm_is_four_cumulative_percentages() -> None:
    assert digest.parse_norm("25,50,75,100") == digest.DEFAULT_NORM
    assert digest.parse_norm("10 35 70 100")[1] == Decimal(35)
    for bad in ("25,50,75", "50,25,75,100", "25,50,75,120", "a,b,c,d"):
        with pytest.raises(InvalidInput):
            digest.parse_norm(bad)


# --- the indicators' reminder ---------------------------------------------------------------------


def test_the_quarterly_reminder_names_the_units_missing_and_unplanned_indicators(
    engine: Engine, quarter: Quarter
) -> None:
    with Session(engine) as session:
        pppa = rem.outstanding_indicators(session, PPPA, YEAR, 1)
        pkm = rem.outstanding_indicators(session, PKM, YEAR, 1)
        sekre = rem.outstanding_indicators(session, SEKRETARIAT, YEAR, 1)
        everyone = rem.outstanding_indicators(session, None, YEAR, 1)
        closed = rem.outstanding_indicators(session, PPPA, 2022, 1)
    assert pppa is not None and pkm is not None and sekre is not None and everyone is not None
    assert (pppa.total, [r.key for r in pppa.missing]) == (3, ["anak-korban"])
    assert [r.key for r in pppa.unplanned] == ["anak-korban"]
    assert [o.telegram_id for o in pppa.officers[PPPA]] == [OPERATOR_ID]
    assert pkm.complete and pkm.unplanned == [] and pkm.total == 1
    assert sekre.total == 0 and not sekre.complete  # nothing to report is not "all reported"
    assert everyone.total == 19 and len(everyone.missing) == 16
    assert closed is None  # 2022 is closed: nobody can report


def test_the_last_quarter_is_the_one_ended_before_today() -> None:
    assert digest.last_quarter(date(2026, 5, 15)) == (2026, 1)
    assert digest.last_quarter(date(2026, 4, 1)) == (2026, 1)
    assert digest.last_quarter(date(2026, 3, 31)) == (2025, 4)
