"""Reminders in the database (lakip_model.reminders): rules, subscriptions, what is due, claims.

The clock is always passed in: 10 July 2023 is a Monday, so the June 2023 realization report
(and the Triwulan II Renja evaluation) is due that day, H-7 is Monday 3 July 08:00 WIB and H-1
is Sunday 9 July. Runs on PostgreSQL too with LAKIP_TEST_DATABASE_URL (see tests/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lakip_model import reminders as rem
from lakip_model.db import make_engine, session_scope
from lakip_model.deadlines import DEFAULT_RULES, JAKARTA, DeadlineError, Shift
from lakip_model.errors import DomainError, InvalidInput, NotFound
from lakip_model.models import (
    Agency,
    AuditLog,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
    Unit,
    UnitKind,
)
from lakip_model.users import PermissionDenied, set_user
from lakip_model.years import open_year

ADMIN = 1001
OPERATOR = 2001
PPPA = 4  # Bidang Perlindungan Perempuan, ... (7 sub-activities in the 2022 report)
SEKRETARIAT = 2
GROUP = -1001234
OTHER_GROUP = -1005678
MONTHLY = "realisasi-bulanan"
QUARTERLY = "evaluasi-renja-triwulan"
SUBSCRIBED_AT = datetime(2023, 6, 20, 9, 0, tzinfo=JAKARTA)
H7 = datetime(2023, 7, 3, 8, 0, tzinfo=JAKARTA)  # H-7 of Monday 10 July 2023


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The seeded database with the default rules, an admin, an operator and 2023 open."""
    with session_scope(engine) as session:
        rem.seed_default_rules(session, 1)
        set_user(session, None, ADMIN, Role.ADMIN, name="Admin")
        set_user(session, None, OPERATOR, Role.OPERATOR, unit_id=PPPA, name="Rina")
        open_year(session, 2023, 2022)
    yield engine


def _subscribe(
    engine: Engine,
    chat_id: int = GROUP,
    code: str = MONTHLY,
    unit_id: int | None = PPPA,
    **kwargs: object,
) -> rem.Subscription:
    with session_scope(engine) as session:
        return rem.subscribe(
            session,
            ADMIN,
            chat_id,
            code,
            unit_id,
            now=SUBSCRIBED_AT,
            **kwargs,  # type: ignore[arg-type]
        )


def _due(engine: Engine, now: datetime, grace: timedelta = rem.DEFAULT_GRACE) -> rem.DueReminders:
    with Session(engine) as session:
        return rem.due_reminders(session, now, grace)


# --- rules and holidays -------------------------------------------------------------------------


def test_default_rules_are_seeded_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert rem.seed_default_rules(session, 1) == len(DEFAULT_RULES)
    with session_scope(engine) as session:
        assert rem.seed_default_rules(session, 1) == 0
        assert rem.rules(session) == list(DEFAULT_RULES)
    assert rem.ensure_default_rules(engine) == 0


def test_an_admin_changes_a_rule_and_it_is_audited(db: Engine) -> None:
    with session_scope(db) as session:
        changed = rem.update_rule(session, ADMIN, MONTHLY, day=15, shift=Shift.NEXT)
    assert (changed.day, changed.shift) == (15, Shift.NEXT)
    with Session(db) as session:
        stored = rem.rule(session, MONTHLY)
        row = rem.rule_rows(session)[0]
        log = session.exec(select(AuditLog).where(AuditLog.action == "ubah-tenggat")).one()
    assert stored == changed
    assert row.updated_by == ADMIN
    assert log.actor == ADMIN and log.subject == MONTHLY
    assert "day: 10 -> 15" in (log.detail or "")


@pytest.mark.parametrize(
    ("changes", "error", "code"),
    [
        ({"day": 32}, DeadlineError, "deadline.day_out_of_range"),
        ({"month": 3}, DeadlineError, "deadline.month_not_yearly"),  # on a monthly rule
        ({"months_after": -1}, DeadlineError, "deadline.months_after"),
        ({"shift": "kadang"}, DeadlineError, "deadline.shift_unknown"),
        ({"code": "lain"}, InvalidInput, "deadline.not_editable"),
        ({"cadence": "yearly"}, InvalidInput, "deadline.not_editable"),
    ],
)
def test_an_invalid_rule_change_is_refused_and_nothing_changes(
    db: Engine, changes: dict[str, Any], error: type[DomainError], code: str
) -> None:
    with pytest.raises(error) as info, session_scope(db) as session:
        rem.update_rule(session, ADMIN, MONTHLY, **changes)
    assert info.value.code == code
    with Session(db) as session:
        assert rem.rule(session, MONTHLY) == DEFAULT_RULES[0]


@pytest.mark.parametrize("actor", [OPERATOR, 999999])
def test_only_admins_change_rules_and_holidays(db: Engine, actor: int) -> None:
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        rem.update_rule(session, actor, MONTHLY, day=1)
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        rem.add_holiday(session, actor, date(2024, 3, 29), "Wafat Isa Almasih")
    with Session(db) as session:
        assert rem.rule(session, MONTHLY).day == 10
        assert rem.holidays(session) == []


def test_unknown_rule_is_refused(db: Engine) -> None:
    with pytest.raises(NotFound) as info, session_scope(db) as session:
        rem.update_rule(session, ADMIN, "tidak-ada", day=1)
    assert (info.value.code, info.value.data) == ("deadline.unknown_rule", {"code": "tidak-ada"})


def _next_due(engine: Engine, today: date) -> dict[str, date]:
    with Session(engine) as session:
        found = rem.upcoming(session, today, per_rule=1)
    return {u.rule.code: u.occurrence.due for u in found}


def test_a_holiday_entered_by_an_admin_moves_the_due_date(db: Engine) -> None:
    today = date(2024, 3, 1)
    before = _next_due(db, today)
    assert before["lkjip-kota"] == date(2024, 3, 29)  # 31 March 2024 is a Sunday
    with session_scope(db) as session:
        rem.add_holiday(session, ADMIN, date(2024, 3, 29), "Wafat Isa Almasih")
        rem.add_holiday(session, ADMIN, date(2024, 3, 29), "Wafat  Isa Almasih (Jumat Agung)")
    after = _next_due(db, today)
    with Session(db) as session:
        (row,) = rem.holidays(session, 2024)
    assert after["lkjip-kota"] == date(2024, 3, 28)
    assert row.name == "Wafat Isa Almasih (Jumat Agung)"  # renamed, not duplicated
    with session_scope(db) as session:
        assert rem.remove_holiday(session, ADMIN, date(2024, 3, 29))
        assert not rem.remove_holiday(session, ADMIN, date(2024, 3, 29))


def test_inactive_rules_are_not_listed_nor_reminded(db: Engine) -> None:
    _subscribe(db)
    with session_scope(db) as session:
        rem.update_rule(session, ADMIN, MONTHLY, active=False)
    assert MONTHLY not in _next_due(db, date(2023, 7, 1))
    assert _due(db, H7).send == []


# --- subscriptions ------------------------------------------------------------------------------


def test_all_units_is_one_subscription_although_unit_id_is_null(db: Engine) -> None:
    first = _subscribe(db, unit_id=None)
    again = _subscribe(db, unit_id=None)
    assert first.id == again.id and again.unit_id is None and again.unit_key == rem.ALL_UNITS
    with pytest.raises(IntegrityError), session_scope(db) as session:
        session.add(
            rem.Subscription(
                agency_id=first.agency_id,
                chat_id=GROUP,
                rule_code=MONTHLY,
                unit_key=rem.ALL_UNITS,
            )
        )


def test_unknown_unit_or_rule_cannot_be_subscribed(db: Engine) -> None:
    with pytest.raises(NotFound) as info:
        _subscribe(db, unit_id=1)  # the Kepala Dinas is not a unit that reports
    assert info.value.code == "reminder.unknown_unit"
    with pytest.raises(NotFound) as info:
        _subscribe(db, code="tidak-ada")
    assert info.value.code == "deadline.unknown_rule"


def test_toggle_and_lead_days(db: Engine) -> None:
    with session_scope(db) as session:
        assert rem.toggle(session, ADMIN, GROUP, MONTHLY, PPPA, now=SUBSCRIBED_AT) is True
        assert rem.set_lead_days(session, ADMIN, GROUP, PPPA, "H-3, H") == 1
        assert rem.set_lead_days(session, ADMIN, GROUP, PPPA, (3, 0)) == 0
        with pytest.raises(DeadlineError):
            rem.set_lead_days(session, ADMIN, GROUP, PPPA, "-1")
        # a rule switched on later takes the lead days the chat uses for that unit
        rem.toggle(session, ADMIN, GROUP, QUARTERLY, PPPA, now=SUBSCRIBED_AT)
        leads = {s.rule_code: s.leads for s in rem.subscriptions(session, GROUP)}
        assert leads == {MONTHLY: (3, 0), QUARTERLY: (3, 0)}
        assert rem.toggle(session, ADMIN, GROUP, MONTHLY, PPPA) is False
        assert [s.rule_code for s in rem.subscriptions(session, GROUP)] == [QUARTERLY]


# --- what is due --------------------------------------------------------------------------------


def test_reminders_fall_due_at_0800_wib_on_each_lead_day(db: Engine) -> None:
    _subscribe(db)
    assert _due(db, H7 - timedelta(seconds=1)).send == []
    (planned,) = _due(db, H7).send
    assert (planned.rule.code, planned.occurrence.period_key, planned.lead) == (
        MONTHLY,
        "2023-06",
        7,
    )
    assert planned.instant == H7 and planned.occurrence.due == date(2023, 7, 10)
    assert planned.occurrence.due_long == "Senin, 10 Juli 2023"
    before = H7 - timedelta(minutes=1)
    with Session(db) as session:
        following = rem.next_instant(session, before)
    assert following is not None and following.instant == H7
    assert rem.claim(db, planned, "test") is not None
    assert _due(db, H7 + timedelta(minutes=1)).send == []
    with Session(db) as session:
        following = rem.next_instant(session, before)  # H-7 has its delivery record now
    assert following is not None
    assert (following.lead, following.instant) == (3, datetime(2023, 7, 7, 8, tzinfo=JAKARTA))


def test_several_rules_and_chats_are_planned_separately(db: Engine) -> None:
    _subscribe(db)
    _subscribe(db, code=QUARTERLY)
    _subscribe(db, chat_id=OTHER_GROUP, unit_id=None)
    plans = _due(db, H7).send
    assert {(p.chat_id, p.rule.code, p.occurrence.period_key) for p in plans} == {
        (GROUP, QUARTERLY, "2023-Q2"),
        (GROUP, MONTHLY, "2023-06"),
        (OTHER_GROUP, MONTHLY, "2023-06"),
    }
    assert len(plans) == 3


def test_the_database_holiday_table_moves_the_reminders(db: Engine) -> None:
    _subscribe(db)
    with session_scope(db) as session:
        rem.add_holiday(session, ADMIN, date(2023, 7, 10), "Libur daerah")
    assert _due(db, H7).send == []  # due Friday 7 July now: H-7 was Friday 30 June
    (planned,) = _due(db, datetime(2023, 7, 4, 8, tzinfo=JAKARTA)).send
    assert (planned.lead, planned.occurrence.due) == (3, date(2023, 7, 7))


def test_grace_window_sends_late_reminders_and_records_older_ones_as_missed(db: Engine) -> None:
    _subscribe(db)
    inside = _due(db, H7 + timedelta(hours=5, minutes=59))
    assert [p.lead for p in inside.send] == [7] and inside.missed == []
    outside = _due(db, H7 + timedelta(hours=6, minutes=1))
    assert outside.send == [] and [p.lead for p in outside.missed] == [7]
    row = rem.record_missed(db, outside.missed[0], "test", H7 + timedelta(hours=6, minutes=1))
    assert row is not None and row.status == rem.DeliveryStatus.MISSED
    assert rem.record_missed(db, outside.missed[0], "test") is None
    after = _due(db, H7 + timedelta(hours=7))
    assert after.send == [] and after.missed == []


def test_a_long_outage_sends_only_what_is_inside_the_grace_window(db: Engine) -> None:
    _subscribe(db)
    _subscribe(db, code=QUARTERLY)
    due = _due(db, datetime(2023, 7, 9, 10, tzinfo=JAKARTA))  # Sunday, two hours after H-1
    assert sorted((p.rule.code, p.lead) for p in due.send) == [(QUARTERLY, 1), (MONTHLY, 1)]
    assert sorted((p.rule.code, p.lead) for p in due.missed) == [
        (QUARTERLY, 3),
        (QUARTERLY, 7),
        (MONTHLY, 3),
        (MONTHLY, 7),
    ]


def test_a_new_subscription_does_not_fire_reminders_from_before_it_existed(db: Engine) -> None:
    with session_scope(db) as session:
        rem.subscribe(session, ADMIN, GROUP, MONTHLY, PPPA, now=H7 + timedelta(hours=1))
    due = _due(db, H7 + timedelta(hours=2))
    assert due.send == [] and due.missed == []


def test_subscriptions_of_one_rule_keep_their_own_leads_and_start(db: Engine) -> None:
    """A rule's periods are computed once per date range: each subscription keeps its own."""
    third = -1009999
    _subscribe(db)  # H-7, H-3, H-1, H
    _subscribe(db, chat_id=OTHER_GROUP, lead_days="3,1,0")
    with session_scope(db) as session:
        rem.subscribe(session, ADMIN, third, MONTHLY, PPPA, now=H7 + timedelta(hours=1))
    assert [(p.chat_id, p.lead) for p in _due(db, H7).send] == [(GROUP, 7)]
    h3 = datetime(2023, 7, 7, 8, tzinfo=JAKARTA)
    assert sorted((p.chat_id, p.lead) for p in _due(db, h3).send) == sorted(
        [(GROUP, 3), (OTHER_GROUP, 3), (third, 3)]
    )


def test_due_reminders_needs_an_aware_clock(db: Engine) -> None:
    with pytest.raises(ValueError), Session(db) as session:
        rem.due_reminders(session, datetime(2023, 7, 3, 8))


# --- claiming -----------------------------------------------------------------------------------


def test_a_reminder_is_claimed_once_then_marked(db: Engine) -> None:
    _subscribe(db)
    (planned,) = _due(db, H7).send
    first = rem.claim(db, planned, "proses-a", H7)
    assert first is not None and first.status == rem.DeliveryStatus.CLAIMED
    assert rem.claim(db, planned, "proses-b", H7) is None
    with session_scope(db) as session:
        rem.mark_sent(session, int(first.id or 0), 42, H7)
    with Session(db) as session:
        (row,) = rem.deliveries(session, GROUP)
    assert (row.status, row.message_id, row.claimed_by) == ("sent", 42, "proses-a")
    assert (row.period_key, row.lead_days, row.due) == ("2023-06", 7, date(2023, 7, 10))
    assert row.scheduled_at == H7 and row.finished_at is not None


def test_mark_failed_keeps_the_error(db: Engine) -> None:
    _subscribe(db)
    (planned,) = _due(db, H7).send
    claimed = rem.claim(db, planned, "p")
    assert claimed is not None
    with session_scope(db) as session:
        rem.mark_failed(session, int(claimed.id or 0), "Forbidden: bot was kicked")
    with Session(db) as session:
        (row,) = rem.deliveries(session)
    assert (row.status, row.error) == ("failed", "Forbidden: bot was kicked")
    assert _due(db, H7 + timedelta(minutes=5)).send == []  # a failure is not retried


def test_concurrent_claims_from_separate_engines_give_one_winner(db_url: str, db: Engine) -> None:
    """Eight 'processes' (own engine, own thread) race for one reminder: the database picks one."""
    _subscribe(db)
    (planned,) = _due(db, H7).send
    engines = [make_engine(db_url) for _ in range(8)]
    barrier = threading.Barrier(len(engines))
    won: list[str] = []

    def race(index: int) -> None:
        barrier.wait()
        if rem.claim(engines[index], planned, f"proses-{index}", H7) is not None:
            won.append(f"proses-{index}")

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in engines:
        other.dispose()
    assert len(won) == 1
    with Session(db) as session:
        (row,) = rem.deliveries(session)
    assert row.claimed_by == won[0]


def test_a_claim_is_a_lease_taken_over_once_it_expires(db_url: str, db: Engine) -> None:
    """A process claimed and died: while its lease holds nobody takes the reminder; once it has
    expired, one of eight racing 'processes' does, and the dead one's finish is refused."""
    _subscribe(db)
    (planned,) = _due(db, H7).send
    dead = rem.claim(db, planned, "mati", H7, lease=timedelta(minutes=5))
    assert dead is not None and dead.attempts == 1
    assert dead.lease_until == H7 + timedelta(minutes=5)
    assert _due(db, H7 + timedelta(minutes=4)).send == []
    assert rem.claim(db, planned, "cepat", H7 + timedelta(minutes=4)) is None
    later = H7 + timedelta(minutes=6)
    (again,) = _due(db, later).send
    assert again.key == planned.key
    engines = [make_engine(db_url) for _ in range(8)]
    barrier = threading.Barrier(len(engines))
    won: list[rem.Delivery] = []

    def race(index: int) -> None:
        barrier.wait()
        row = rem.claim(engines[index], again, f"proses-{index}", later)
        if row is not None:
            won.append(row)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in engines:
        other.dispose()
    [winner] = won
    assert (winner.attempts, winner.status) == (2, "claimed")
    with session_scope(db) as session:  # the dead process wakes up: its claim is gone
        assert rem.mark_retry(session, int(dead.id or 0), "late", later, attempt=1) is None
        assert rem.mark_failed(session, int(dead.id or 0), "late", attempt=1) is None
    with Session(db) as session:
        (row,) = rem.deliveries(session)
    assert (row.status, row.claimed_by, row.attempts) == ("claimed", winner.claimed_by, 2)


def test_a_retry_is_taken_again_after_its_backoff_then_missed_after_the_grace(db: Engine) -> None:
    _subscribe(db)
    (planned,) = _due(db, H7).send
    first = rem.claim(db, planned, "a", H7)
    assert first is not None
    with session_scope(db) as session:
        row = rem.mark_retry(
            session, int(first.id or 0), "NetworkError: Bad Gateway", H7, attempt=1
        )
    assert row is not None and row.next_attempt_at == H7 + rem.backoff(1)
    assert _due(db, H7 + timedelta(seconds=59)).send == []
    second = rem.claim(db, planned, "b", H7 + timedelta(minutes=1))
    assert second is not None and (second.attempts, second.claimed_by) == (2, "b")
    with session_scope(db) as session:  # a 429 asks for longer than the backoff: respected
        rem.mark_retry(
            session, int(second.id or 0), "RetryAfter", H7, attempt=2, not_before=timedelta(hours=1)
        )
    assert _due(db, H7 + timedelta(minutes=59)).send == []
    assert [p.key for p in _due(db, H7 + timedelta(hours=1)).send] == [planned.key]
    assert [rem.backoff(n).total_seconds() for n in (1, 2, 3, 6, 7, 100)] == [
        60,
        120,
        240,
        1800,
        1800,
        1800,
    ]
    late = H7 + rem.DEFAULT_GRACE + timedelta(minutes=1)  # the grace window passed
    due = _due(db, late)
    assert due.send == [] and [p.key for p in due.missed] == [planned.key]
    assert rem.record_missed(db, due.missed[0], "c", late) is not None
    with Session(db) as session:
        (row,) = rem.deliveries(session)
    assert (row.status, row.attempts) == ("missed", 2)
    assert _due(db, late + timedelta(minutes=5)).missed == []


def test_a_live_claim_outside_the_grace_is_left_to_its_holder(db: Engine) -> None:
    _subscribe(db)
    (planned,) = _due(db, H7).send
    late = H7 + rem.DEFAULT_GRACE + timedelta(minutes=1)
    assert rem.claim(db, planned, "a", late - timedelta(minutes=2)) is not None
    assert rem.record_missed(db, planned, "b", late) is None
    with Session(db) as session:
        (row,) = rem.deliveries(session)
    assert row.status == "claimed"


# --- what is still missing ----------------------------------------------------------------------


def _nodes(session: Session, year: int, unit_id: int) -> list[BudgetNode]:
    return list(
        session.exec(
            select(BudgetNode)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(
                FiscalYear.year == year,
                BudgetNode.unit_id == unit_id,
                BudgetNode.level == NodeLevel.SUB_KEGIATAN,
            )
            .order_by(col(BudgetNode.sort_order))
        )
    )


def _entry(node: BudgetNode, month: int, status: EntryStatus, **kw: object) -> RealizationEntry:
    return RealizationEntry(
        node_id=int(node.id or 0),
        year=2023,
        month=month,
        amount=1_000_000,
        status=status,
        source="telegram",
        submitted_by=OPERATOR,
        **kw,  # type: ignore[arg-type]
    )


def test_outstanding_sub_activities_of_a_unit_with_their_officers(db: Engine) -> None:
    with session_scope(db) as session:
        nodes = _nodes(session, 2023, PPPA)
        assert len(nodes) == 7
        set_user(session, None, 2002, Role.OPERATOR, unit_id=PPPA, name="Budi")
        set_user(session, None, 2003, Role.OPERATOR, unit_id=SEKRETARIAT, name="Sari")
        session.add(_entry(nodes[0], 6, EntryStatus.DIAJUKAN))
        session.add(_entry(nodes[1], 6, EntryStatus.DISETUJUI))
        session.add(_entry(nodes[2], 6, EntryStatus.DITOLAK))  # rejected: still missing
        session.add(_entry(nodes[3], 5, EntryStatus.DISETUJUI))  # another month
        withdrawn = _entry(nodes[4], 6, EntryStatus.DISETUJUI)
        session.add(withdrawn)
        session.flush()
        session.add(
            _entry(
                nodes[4],
                6,
                EntryStatus.DISETUJUI,
                kind=EntryKind.WITHDRAWAL,
                replaces_id=withdrawn.id,
            )
        )
    with Session(db) as session:
        status = rem.outstanding_sub_activities(session, PPPA, 2023, 6)
    assert status is not None
    assert (status.total, status.complete) == (7, False)
    assert [m.node_id for m in status.missing] == [n.id for n in nodes[2:]]
    assert {m.unit_id for m in status.missing} == {PPPA}
    assert [o.name for o in status.officers[PPPA]] == ["Budi", "Rina"]
    assert SEKRETARIAT not in status.officers


def test_all_units_and_a_complete_unit(db: Engine) -> None:
    with session_scope(db) as session:
        for node in _nodes(session, 2023, 5):  # Bidang PKM: 4 sub-activities
            session.add(_entry(node, 6, EntryStatus.DIAJUKAN))
    with Session(db) as session:
        done = rem.outstanding_sub_activities(session, 5, 2023, 6)
        everyone = rem.outstanding_sub_activities(session, None, 2023, 6)
    assert done is not None and done.complete and done.total == 4
    assert everyone is not None and everyone.total == 29 and len(everyone.missing) == 25
    assert everyone.officers == {PPPA: [rem.Officer(OPERATOR, "Rina")]}


def test_a_closed_or_missing_year_has_nobody_to_remind(db: Engine) -> None:
    with Session(db) as session:
        assert rem.outstanding_sub_activities(session, PPPA, 2022, 6) is None  # closed
        assert rem.outstanding_sub_activities(session, PPPA, 2030, 6) is None


def test_realization_status_only_for_rules_that_need_it(db: Engine) -> None:
    _subscribe(db)
    _subscribe(db, code=QUARTERLY)
    plans = {p.rule.code: p for p in _due(db, H7).send}
    with Session(db) as session:
        monthly = rem.realization_status(session, plans[MONTHLY])
        quarterly = rem.realization_status(session, plans[QUARTERLY])
    assert monthly is not None and (monthly.year, monthly.month, monthly.total) == (2023, 6, 7)
    assert quarterly is None


# --- chats that move or go ----------------------------------------------------------------------


def test_a_migrated_chat_keeps_its_subscriptions_and_deliveries(db: Engine) -> None:
    old, new = -4001, -1004001
    _subscribe(db, chat_id=old)
    _subscribe(db, chat_id=old, code=QUARTERLY)
    for planned in _due(db, H7).send:
        assert rem.claim(db, planned, "p", H7) is not None
    with session_scope(db) as session:
        assert rem.migrate_chat(session, old, new) == 2
    with session_scope(db) as session:
        assert rem.migrate_chat(session, old, new) == 0  # idempotent
        assert rem.subscriptions(session, old, active_only=False) == []
        assert {s.rule_code for s in rem.subscriptions(session, new)} == {MONTHLY, QUARTERLY}
        assert {d.chat_id for d in rem.deliveries(session)} == {new}
    assert _due(db, H7 + timedelta(minutes=1)).send == []  # nothing sent again


def test_migration_merges_with_a_subscription_the_new_chat_already_has(db: Engine) -> None:
    old, new = -4002, -1004002
    _subscribe(db, chat_id=old)
    _subscribe(db, chat_id=new)
    with session_scope(db) as session:
        rem.unsubscribe(session, ADMIN, new, MONTHLY, PPPA)
        assert rem.migrate_chat(session, old, new) == 0
    with Session(db) as session:
        assert rem.subscriptions(session, old) == []
        (merged,) = rem.subscriptions(session, new)
    assert merged.rule_code == MONTHLY and merged.active


def test_drop_chat_stops_its_reminders_once(db: Engine) -> None:
    _subscribe(db)
    _subscribe(db, code=QUARTERLY)
    _subscribe(db, chat_id=OTHER_GROUP)
    with session_scope(db) as session:
        assert rem.drop_chat(session, GROUP) == 2
    with session_scope(db) as session:
        assert rem.drop_chat(session, GROUP) == 0
    assert [p.chat_id for p in _due(db, H7).send] == [OTHER_GROUP]


# --- /belumlapor: who has not reported, for the leadership ----------------------------------------


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2023, 7, 5), (2023, 6)),  # June's report is due Monday 10 July
        (date(2023, 7, 10), (2023, 6)),  # due today still counts
        (date(2023, 7, 11), (2023, 7)),  # June's deadline passed: July is next
        (date(2024, 1, 3), (2023, 12)),  # December's report, due in January
        (date(2026, 5, 9), (2026, 5)),  # April 2026 was due Friday 8 May (10 May is a Sunday)
    ],
)
def test_the_reporting_month_is_the_one_due_next(
    db: Engine, today: date, period: tuple[int, int]
) -> None:
    with Session(db) as session:
        assert rem.reporting_month(session, today, None) == period


def test_missing_reports_by_unit_for_the_leadership(db: Engine) -> None:
    with session_scope(db) as session:
        set_user(session, None, 3001, Role.PIMPINAN, name="Kadis")
        for node in _nodes(session, 2023, 5):  # Bidang PKM: 4 sub-activities, all reported
            session.add(_entry(node, 6, EntryStatus.DIAJUKAN))
    with Session(db) as session:
        report = rem.missing_reports(session, 3001, date(2023, 7, 5))
    assert (report.year, report.month, report.state) == (2023, 6, rem.YearState.OPEN)
    assert report.deadline is not None and report.deadline.due == date(2023, 7, 10)
    status = report.status
    assert status is not None and (status.total, len(status.missing)) == (29, 25)
    assert status.unit_totals[5] == 4 and status.unit_totals[PPPA] == 7
    assert not [m for m in status.missing if m.unit_id == 5]
    assert report.units[PPPA].code == "bidang-pppa"


def test_missing_reports_refuse_operators_and_future_months(db: Engine) -> None:
    with pytest.raises(PermissionDenied) as refused, Session(db) as session:
        rem.missing_reports(session, OPERATOR, date(2023, 7, 5))
    assert refused.value.code == "missing.role_refused"
    with pytest.raises(PermissionDenied) as stranger, Session(db) as session:
        rem.missing_reports(session, 424242, date(2023, 7, 5))
    assert stranger.value.code == "user.not_registered"
    with pytest.raises(InvalidInput) as future, Session(db) as session:
        rem.missing_reports(session, ADMIN, date(2023, 7, 5), (2023, 8))
    assert future.value.code == "missing.month_future"
    assert future.value.data == {"period": "Agustus 2023"}


def test_missing_reports_of_a_closed_or_unopened_year(db: Engine) -> None:
    with Session(db) as session:
        closed = rem.missing_reports(session, ADMIN, date(2023, 7, 5), (2022, 3))
        unopened = rem.missing_reports(session, ADMIN, date(2023, 7, 5), (2021, 3))
    assert (closed.state, closed.status) == (rem.YearState.CLOSED, None)
    assert (unopened.state, unopened.status) == (rem.YearState.MISSING, None)


def _second_agency(engine: Engine) -> int:
    """Another agency with its rules and one Bidang (no year: nothing to count)."""
    with session_scope(engine) as session:
        agency = Agency(code="dinas-lain", name="Dinas Lain", short_name="DL", region="Kota")
        session.add(agency)
        session.flush()
        unit = Unit(
            agency_id=int(agency.id or 0),
            code="bidang-x",
            name="Bidang X",
            kind=UnitKind.BIDANG,
            sort_order=1,
        )
        session.add(unit)
        session.flush()
        rem.seed_default_rules(session, int(agency.id or 0))
        return int(unit.id or 0)


def test_one_group_follows_two_agencies_each_once(db: Engine) -> None:
    """The same rule for all units, of two agencies, in one group: two subscriptions, two
    reminders (one each, by its own agency), and a lost chat is counted per agency."""
    other_unit = _second_agency(db)
    mine = _subscribe(db, unit_id=None)
    theirs = _subscribe(db, unit_id=None, agency_code="dinas-lain")
    assert mine.id != theirs.id and {mine.agency_id, theirs.agency_id} == {1, 2}
    with pytest.raises(NotFound):  # a unit of the other agency is not one of ours
        _subscribe(db, unit_id=other_unit)
    sent = _due(db, H7).send
    assert sorted((p.chat_id, p.agency_id) for p in sent) == [(GROUP, 1), (GROUP, 2)]
    assert len({p.key for p in sent}) == 2
    for planned in sent:
        assert rem.claim(db, planned, "p", H7) is not None
    assert _due(db, H7 + timedelta(minutes=1)).send == []
    with session_scope(db) as session:
        assert rem.drop_chat_by_agency(session, GROUP) == {1: 1, 2: 1}
        assert rem.drop_chat_by_agency(session, GROUP) == {}


def test_subscriptions_move_with_a_migrated_chat_per_agency(db: Engine) -> None:
    _second_agency(db)
    old, new = -4003, -1004003
    _subscribe(db, chat_id=old, unit_id=None)
    _subscribe(db, chat_id=old, unit_id=None, agency_code="dinas-lain")
    _subscribe(db, chat_id=new, unit_id=None)  # the new id already follows the first agency
    with session_scope(db) as session:
        assert rem.migrate_chat(session, old, new) == 1  # the other agency's moved
    with Session(db) as session:
        assert rem.subscriptions(session, old) == []
        assert sorted(s.agency_id for s in rem.subscriptions(session, new)) == [1, 2]
