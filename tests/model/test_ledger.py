"""Recording realizations: refusals, warnings, corrections, undo, review and the figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from lakip_model import ledger, verification
from lakip_model.db import session_scope
from lakip_model.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from lakip_model.ledger import Draft, EntryChanged
from lakip_model.models import BudgetNode, EntryStatus, FiscalYear, RealizationEntry, Role
from lakip_model.numbers import MAX_RUPIAH
from lakip_model.queries import budget_tree, resolve_year
from lakip_model.users import Deciders, deciders, set_user, unit_by_code
from lakip_model.years import open_year

TODAY = date(2026, 5, 15)
OPERATOR = 501  # Bidang PPPA
OTHER_UNIT = 502  # Bidang PKM
VERIFIER = 503
ADMIN = 504


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
        pppa = unit_by_code(session, "bidang-pppa").id
        pkm = unit_by_code(session, "bidang-pkm").id
        set_user(session, None, OPERATOR, Role.OPERATOR, pppa, name="Operator PPPA")
        set_user(session, None, OTHER_UNIT, Role.OPERATOR, pkm, name="Operator PKM")
        set_user(session, None, VERIFIER, Role.VERIFIKATOR, name="Verifikator")
        set_user(session, None, ADMIN, Role.ADMIN, name="Admin")
    yield engine


def node_id(engine: Engine, key: str, year: int = 2026) -> int:
    with Session(engine) as session:
        fy = resolve_year(session, year)
        node = session.exec(
            select(BudgetNode).where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == key)
        ).one()
        return int(node.id or 0)


def record(engine: Engine, draft: Draft, actor: int = OPERATOR, confirm: bool = True) -> int:
    with session_scope(engine) as session:
        checked = ledger.assess(session, actor, draft, TODAY)
        entry = ledger.save(
            session,
            actor,
            draft,
            TODAY,
            confirmed=checked.needs() if confirm else set(),
            expected_replaces=checked.replaces.id if checked.replaces else None,
            actor_name="tester",
        )
        return int(entry.id or 0)


def approve(engine: Engine, entry_id: int) -> None:
    with session_scope(engine) as session:
        verification.review(session, VERIFIER, entry_id, approve=True)


def realized(engine: Engine, key: str) -> int | None:
    with Session(engine) as session:
        tree = budget_tree(session, resolve_year(session, 2026))
        node = tree.by_key(key)
        assert node is not None
        return node.realized


def count_entries(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(RealizationEntry)).one()


def test_an_approved_entry_counts_and_a_pending_one_does_not(db: Engine) -> None:
    pengaduan = node_id(db, "P7.K2.S1")
    entry = record(db, Draft(pengaduan, 2026, 4, Decimal(5), "5 orang", 20_000_000))
    assert realized(db, "P7.K2.S1") is None
    with Session(db) as session:
        tree = budget_tree(session, resolve_year(session, 2026))
        assert tree.by_key("P7.K2.S1").pending == 1  # type: ignore[union-attr]
        assert tree.root.pending == 1
    approve(db, entry)
    assert realized(db, "P7.K2.S1") == 20_000_000
    assert realized(db, "P7") == 20_000_000  # derived up the tree


def test_operator_of_another_unit_is_refused_and_nothing_changes(db: Engine) -> None:
    before = count_entries(db)
    with pytest.raises(PermissionDenied) as err:
        record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, 1_000), actor=OTHER_UNIT)
    assert err.value.code == "entry.not_your_unit"
    with pytest.raises(PermissionDenied) as err:
        record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, 1_000), actor=VERIFIER)
    assert err.value.code == "user.role_refused"
    with pytest.raises(PermissionDenied) as err:
        record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, 1_000), actor=999)
    assert err.value.code == "user.not_registered"
    assert count_entries(db) == before


@pytest.mark.parametrize(
    ("year", "month", "code"),
    [(2026, 6, "entry.month_future"), (2022, 3, "entry.year_closed")],
)
def test_future_and_closed_periods_are_refused(
    db: Engine, year: int, month: int, code: str
) -> None:
    with pytest.raises(DomainError) as err:
        record(db, Draft(node_id(db, "P7.K2.S1", year), year, month, None, None, 1_000))
    assert err.value.code == code and err.value.data["year"] == year


def test_over_pagu_needs_confirmation(db: Engine) -> None:
    node = node_id(db, "P1.K4.S1")  # pagu Rp 3.540.000
    draft = Draft(node, 2026, 2, None, None, 4_000_000)
    with Session(db) as session:
        checked = ledger.assess(session, ADMIN, draft, TODAY)
    assert checked.needs() == {ledger.OVER_PAGU}
    assert checked.warnings == [ledger.OverPagu(year_total=4_000_000, pagu=3_540_000)]
    with pytest.raises(InvalidInput) as err:
        record(db, draft, actor=ADMIN, confirm=False)
    assert err.value.code == "entry.unconfirmed"
    record(db, draft, actor=ADMIN)


def test_second_entry_for_the_period_is_a_correction(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    first = record(db, Draft(node, 2026, 3, None, None, 10_000_000))
    approve(db, first)
    second = record(db, Draft(node, 2026, 3, None, None, 12_000_000))
    with Session(db) as session:
        correction = session.get(RealizationEntry, second)
        assert correction is not None and correction.replaces_id == first
    assert realized(db, "P7.K2.S1") == 10_000_000  # the correction waits for review
    approve(db, second)
    assert realized(db, "P7.K2.S1") == 12_000_000
    assert count_entries(db) >= 2  # nothing was overwritten


def test_save_refuses_when_the_row_changed_meanwhile(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    draft = Draft(node, 2026, 3, None, None, 10_000_000)
    with Session(db) as session:
        stale = ledger.assess(session, OPERATOR, draft, TODAY)
    record(db, Draft(node, 2026, 3, None, None, 9_000_000))  # someone else, first
    with pytest.raises(EntryChanged) as err, session_scope(db) as session:
        ledger.save(
            session, OPERATOR, draft, TODAY, confirmed=stale.needs(), expected_replaces=None
        )
    assert err.value.code == "entry.changed"
    assert err.value.standing is not None and err.value.standing.amount == 9_000_000


def test_undo_within_fifteen_minutes(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    entry = record(db, Draft(node, 2026, 3, None, None, 10_000_000))
    with session_scope(db) as session:
        withdrawn = ledger.withdraw_last(session, OPERATOR)
        assert withdrawn.id == entry
    with Session(db) as session:
        assert session.get(RealizationEntry, entry).status == EntryStatus.DITARIK  # type: ignore[union-attr]
        assert ledger.current_entry(session, node, 2026, 3) is None
    with pytest.raises(Conflict) as err, session_scope(db) as session:
        ledger.withdraw_last(session, OPERATOR)
    assert err.value.code == "entry.already_withdrawn"


def test_undo_too_late_is_refused(db: Engine) -> None:
    record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 3, None, None, 10_000_000))
    later = ledger.utcnow() + timedelta(minutes=16)
    with pytest.raises(Conflict) as err, session_scope(db) as session:
        ledger.withdraw_last(session, OPERATOR, later)
    assert (err.value.code, err.value.data["minutes"]) == ("entry.undo_too_late", 15)


def test_review_rules(db: Engine) -> None:
    entry = record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 3, None, None, 10_000_000))
    with pytest.raises(PermissionDenied), session_scope(db) as session:
        verification.review(session, OPERATOR, entry, approve=True)
    with pytest.raises(InvalidInput) as err, session_scope(db) as session:
        verification.review(session, VERIFIER, entry, approve=False, reason=" ")
    assert err.value.code == "review.reason_missing"
    with session_scope(db) as session:
        verification.review(session, VERIFIER, entry, approve=False, reason="Bukti kurang")
    with pytest.raises(Conflict) as err, session_scope(db) as session:
        verification.review(session, VERIFIER, entry, approve=True)
    assert (err.value.code, err.value.data["status"]) == ("review.decided", "ditolak")
    with Session(db) as session:
        rows = ledger.history(session, submitted_by=OPERATOR)
    assert rows[0].reason == "Bukti kurang"


def test_quarter_and_year_to_date(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    for month, amount, qty in ((1, 1_000_000, 2), (2, 2_000_000, 5), (4, 4_000_000, 9)):
        approve(db, record(db, Draft(node, 2026, month, Decimal(qty), f"{qty} orang", amount)))
    with Session(db) as session:
        fy = resolve_year(session, 2026)
        ytd = budget_tree(session, fy).by_key("P7.K2.S1")
        q1 = budget_tree(session, fy, ledger.quarter_months(1)).by_key("P7.K2.S1")
        q3 = budget_tree(session, fy, ledger.quarter_months(3)).by_key("P7.K2.S1")
    assert ytd is not None and q1 is not None and q3 is not None
    assert (ytd.realized, ytd.realized_quantity) == (7_000_000, Decimal(9))  # cumulative K
    assert (q1.realized, q1.realized_quantity) == (3_000_000, Decimal(5))
    assert (q3.realized, q3.realized_quantity) == (None, None)


def test_the_report_year_is_unchanged_by_a_new_year(db: Engine) -> None:
    with Session(db) as session:
        tree = budget_tree(session, resolve_year(session, 2022))
        fy2026 = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
    assert tree.root.realized == 5_296_423_659
    assert not fy2026.closed


# --- amounts far beyond the pagu, and beyond any column ----------------------------------------

PAGU_P7 = 241_997_551  # P7.K2.S1, a sub-activity of the operator's unit


def test_ten_times_the_pagu_is_only_a_warning(db: Engine) -> None:
    draft = Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, PAGU_P7 * 10)
    with Session(db) as session:
        checked = ledger.assess(session, OPERATOR, draft, TODAY)
    assert checked.needs() == {ledger.OVER_PAGU} and checked.refused is None


def test_beyond_ten_times_the_pagu_an_operator_is_refused_even_if_confirmed(db: Engine) -> None:
    """Regression: 9.000.000.000.000.000.000 on a row of Rp 241.997.551 needed only a "Ya, benar"
    of the operator; from then on /ringkasan failed for everyone."""
    draft = Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, PAGU_P7 * 10 + 1)
    with Session(db) as session:
        checked = ledger.assess(session, OPERATOR, draft, TODAY)
    far = ledger.FarOverPagu(PAGU_P7 * 10 + 1, PAGU_P7, 10, confirmable=False)
    assert checked.warnings == [far]  # in place of OverPagu, not beside it
    assert checked.refused == far
    before = count_entries(db)
    with pytest.raises(PermissionDenied) as err:
        record(db, draft)  # confirms every warning assess gave
    assert err.value.code == "entry.amount_needs_admin"
    assert err.value.data == {"factor": 10, "pagu": "Rp 241.997.551"}
    assert count_entries(db) == before


def test_beyond_ten_times_the_pagu_an_admin_confirms(db: Engine) -> None:
    draft = Draft(node_id(db, "P7.K2.S1"), 2026, 4, None, None, PAGU_P7 * 10 + 1)
    with Session(db) as session:
        checked = ledger.assess(session, ADMIN, draft, TODAY)
    assert checked.needs() == {ledger.FAR_OVER_PAGU} and checked.refused is None
    with pytest.raises(InvalidInput) as err:
        record(db, draft, actor=ADMIN, confirm=False)
    assert err.value.code == "entry.unconfirmed"
    record(db, draft, actor=ADMIN)


def test_the_year_counts_towards_ten_times_the_pagu(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    record(db, Draft(node, 2026, 3, None, None, PAGU_P7 * 6), actor=ADMIN)
    with Session(db) as session:
        draft = Draft(node, 2026, 4, None, None, PAGU_P7 * 5)
        checked = ledger.assess(session, OPERATOR, draft, TODAY)
    assert checked.refused is not None and checked.refused.year_total == PAGU_P7 * 11


def test_an_amount_past_the_bound_is_refused_by_the_domain_too(db: Engine) -> None:
    """A draft that did not come through parse_rupiah (a stored draft, a script) is refused
    before it reaches the column: past 2**63 - 1 the driver raised and the officer got a generic
    alert at Simpan."""
    node = node_id(db, "P7.K2.S1")
    before = count_entries(db)
    for amount in (MAX_RUPIAH + 1, 9_999_999_999_999_999_999):
        with pytest.raises(InvalidInput) as err:
            record(db, Draft(node, 2026, 4, None, None, amount), actor=ADMIN)
        assert err.value.code == "entry.amount_too_large"
        assert err.value.data == {"maximum": "Rp 100.000.000.000.000"}
    assert count_entries(db) == before
    record(db, Draft(node, 2026, 4, None, None, MAX_RUPIAH), actor=ADMIN)  # the bound itself


# --- the row's year beside an entry (the /lapor steps and the verifikator's card) ---------------


def test_year_budget_counts_approved_and_waiting_apart(db: Engine) -> None:
    """Regression: the verifikator's card said Sisa = Pagu after an approved Rp 2,5 jt; what
    remains is pagu - approved - this entry (and what else waits is shown apart)."""
    node = node_id(db, "P7.K2.S1")  # pagu Rp 241.997.551
    approve(db, record(db, Draft(node, 2026, 5, None, None, 2_500_000)))
    april = record(db, Draft(node, 2026, 4, None, None, 1_000_000))
    with Session(db) as session:
        entry = session.get(RealizationEntry, april)
        assert entry is not None
        budget = ledger.entry_budget(session, entry)
        # what the officer saw at /lapor for the same entry, before saving it
        march = Draft(node, 2026, 3, None, None, 1_000_000)
        before = ledger.assess(session, OPERATOR, march, TODAY)
    assert budget == ledger.YearBudget(
        pagu=241_997_551, approved=2_500_000, waiting=0, amount=1_000_000
    )
    assert budget.remaining == 241_997_551 - 2_500_000 - 1_000_000
    assert (before.budget.approved, before.budget.waiting) == (2_500_000, 1_000_000)
    assert before.remaining_after == 241_997_551 - 2_500_000 - 1_000_000 - 1_000_000
    # a correction of the approved May entry: May no longer counts beside it
    correction = record(db, Draft(node, 2026, 5, None, None, 2_000_000))
    with Session(db) as session:
        entry = session.get(RealizationEntry, correction)
        assert entry is not None
        budget = ledger.entry_budget(session, entry)
    assert budget == ledger.YearBudget(
        pagu=241_997_551, approved=0, waiting=1_000_000, amount=2_000_000
    )


def test_a_quantity_without_a_unit_keeps_the_indicators_unit(db: Engine) -> None:
    from lakip_model.numbers import parse_reported_quantity

    with Session(db) as session:
        counted = session.get(BudgetNode, node_id(db, "P7.K1.S1"))  # target "1 dok"
        assert counted is not None and counted.target_unit
        unit = counted.target_unit
        bare = node_id(db, "P7.K2.S1")  # no indicator printed: no unit to add

        def recorded(node: int, typed: str) -> str:
            return ledger.quantity_as_recorded(session, node, typed, parse_reported_quantity(typed))

        assert recorded(int(counted.id or 0), "3") == f"3 {unit}"
        assert recorded(int(counted.id or 0), "3 orang") == "3 orang"  # a unit typed is kept
        assert recorded(bare, "3") == "3"


# --- four eyes, and undo only before a decision --------------------------------------------------


def test_nobody_decides_their_own_entry_admins_included(db: Engine) -> None:
    entry = record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 3, None, None, 1_000_000), ADMIN)
    for decide in (
        lambda s: verification.review(s, ADMIN, entry, approve=True),
        lambda s: verification.review(s, ADMIN, entry, approve=False, reason="salah"),
        lambda s: verification.check_undecided(s, ADMIN, entry),
    ):
        with pytest.raises(PermissionDenied) as err, session_scope(db) as session:
            decide(session)
        assert err.value.code == "review.own_entry"
        assert err.value.data == {"entry": entry, "others": "Verifikator"}  # who else can
    with Session(db) as session:
        assert session.get(RealizationEntry, entry).status == EntryStatus.DIAJUKAN  # type: ignore[union-attr]
    approve(db, entry)  # someone else may


def test_without_a_verifikator_the_admins_decide_and_are_asked_to_appoint_one(db: Engine) -> None:
    with session_scope(db) as session:
        set_user(session, None, VERIFIER, Role.PIMPINAN)
        agency = ledger.officer(session, ADMIN).agency_id
        by_operator = deciders(session, agency, OPERATOR)
        by_admin = deciders(session, agency, ADMIN)
    assert by_operator == Deciders([ADMIN], ["Admin"], [ADMIN], no_verifikator=True)
    assert by_admin == Deciders([], [], [ADMIN], no_verifikator=True)
    entry = record(db, Draft(node_id(db, "P7.K2.S1"), 2026, 3, None, None, 1_000_000), ADMIN)
    with pytest.raises(PermissionDenied) as err, session_scope(db) as session:
        verification.review(session, ADMIN, entry, approve=True)
    assert err.value.code == "review.own_entry_alone"


def test_undo_after_approval_offers_a_correction(db: Engine) -> None:
    """Regression: /urungkan withdrew an approved entry, changing counted figures unverified."""
    node = node_id(db, "P7.K2.S1")
    entry = record(db, Draft(node, 2026, 3, None, None, 10_000_000))
    approve(db, entry)
    before = count_entries(db)
    with pytest.raises(Conflict) as err, session_scope(db) as session:
        ledger.withdraw_last(session, OPERATOR)
    assert err.value.code == "entry.undo_decided"
    assert err.value.data == {"entry": entry, "node": "P7.K2.S1", "period": "Maret 2026"}
    with Session(db) as session:
        assert session.get(RealizationEntry, entry).status == EntryStatus.DISETUJUI  # type: ignore[union-attr]
    assert count_entries(db) == before  # no withdrawal was written
    assert realized(db, "P7.K2.S1") == 10_000_000


def test_history_names_the_correction_that_replaces_an_entry(db: Engine) -> None:
    node = node_id(db, "P7.K2.S1")
    first = record(db, Draft(node, 2026, 3, None, None, 1_000_000))
    approve(db, first)
    rejected = record(db, Draft(node, 2026, 3, None, None, 2_000_000))
    with session_scope(db) as session:
        verification.review(session, VERIFIER, rejected, approve=False, reason="salah")

    def replaced() -> tuple[int | None, EntryStatus | None]:
        with Session(db) as session:
            row = next(r for r in ledger.history(session, node_id=node) if r.entry.id == first)
            return row.correction_id, row.correction_status

    assert replaced() == (None, None)  # a rejected correction replaces nothing
    correction = record(db, Draft(node, 2026, 3, None, None, 3_000_000))
    assert replaced() == (correction, EntryStatus.DIAJUKAN)
    approve(db, correction)
    assert replaced() == (correction, EntryStatus.DISETUJUI)


# --- a draft saved twice (the bot killed between the commit and "Tersimpan") --------------------


def lapor_audit_rows(engine: Engine) -> int:
    from lakip_model.models import AuditLog

    with Session(engine) as session:
        return session.exec(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "lapor")
        ).one()


def test_a_draft_saved_twice_is_one_entry(db: Engine) -> None:
    node, before = node_id(db, "P7.K2.S1"), count_entries(db)
    draft = Draft(node, 2026, 5, Decimal(3), "3 orang", 1_000_000, key="draf-1")
    first = record(db, draft)
    # restored after a restart, the draft is saved again as it was confirmed then (no entry
    # to replace): without its key the row's entry would now be a conflict, or a correction
    for expected in (None, first):
        with session_scope(db) as session:
            again = ledger.save(
                session, OPERATOR, draft, TODAY, confirmed=set(), expected_replaces=expected
            )
            assert again.id == first and again.draft_key == "draf-1"
            found = ledger.saved_before(session, OPERATOR, draft)
            assert found is not None and found.id == first
    assert count_entries(db) == before + 1 and lapor_audit_rows(db) == 1
    # another draft for the same month is a correction, as before
    second = record(db, Draft(node, 2026, 5, Decimal(4), "4 orang", 1_200_000, key="draf-2"))
    with Session(db) as session:
        correction = session.get(RealizationEntry, second)
        assert correction is not None and correction.replaces_id == first
        assert ledger.saved_before(session, OPERATOR, Draft(node, 2026, 5)) is None  # no key
    # drafts without a key (the report's rows, older callers) are not one another's
    record(db, Draft(node, 2026, 4, None, None, 500_000))
    record(db, Draft(node, 2026, 3, None, None, 500_000))
    assert count_entries(db) == before + 4


def test_a_draft_key_finds_only_the_askers_entry(db: Engine) -> None:
    node, before = node_id(db, "P7.K2.S1"), count_entries(db)
    draft = Draft(node, 2026, 5, None, None, 1_000_000, key="draf-operator")
    record(db, draft)
    with Session(db) as session:  # the admin may record for the row, but it is not their entry
        assert ledger.saved_before(session, ADMIN, draft) is None
    with pytest.raises(Exception, match=r"(?i)unique"), session_scope(db) as session:
        standing = ledger.current_entry(session, node, 2026, 5)
        assert standing is not None
        ledger.save(
            session, ADMIN, draft, TODAY, confirmed={ledger.REPLACES}, expected_replaces=standing.id
        )
    assert count_entries(db) == before + 1
    with session_scope(db) as session:
        from lakip_model.users import remove_user

        remove_user(session, None, OPERATOR)
    with pytest.raises(PermissionDenied), Session(db) as session:  # asked in the transaction
        ledger.saved_before(session, OPERATOR, draft)
