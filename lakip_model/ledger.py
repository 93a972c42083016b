"""Recording realizations: validation, the append-only ledger and undo; decisions: verification.

An officer's report is checked twice: once while the conversation builds it (``assess``, to
warn early) and again inside the transaction that saves it (``save``), because another officer
may have saved in between. Nothing here updates a figure: a change is a new entry that points
at the one it replaces, and a withdrawal is an entry too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import ClassVar

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from lakip_model.arithmetic import Polarity
from lakip_model.errors import Conflict, InvalidInput, NotFound, PermissionDenied

# re-exported: /riwayat asks the ledger
from lakip_model.history import HistoryRow as HistoryRow
from lakip_model.history import history as history
from lakip_model.indicator_ledger import IndicatorCard, card_of, period_label
from lakip_model.indicators import lock_indicator
from lakip_model.models import (
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    NodeLevel,
    RealizationEntry,
    Role,
    utcnow,
)
from lakip_model.numbers import MAX_RUPIAH, Quantity, format_month, format_names, format_rupiah
from lakip_model.queries import STANDING, effective_entries_filter, standing_entries_filter
from lakip_model.users import Actor, actor_of, admin_names, audit

UNDO_WINDOW = timedelta(minutes=15)
# A quantity this many times its target is more likely a typo than a feat.
QUANTITY_WARNING_FACTOR = Decimal(2)
# A year's Rupiah above this many times the pagu is more likely a typo (zeros too many) than
# spending: an operator cannot confirm it, only an admin can (or record it themself).
PAGU_SANITY_FACTOR = 10
QUARTERS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}

# warning codes: the user must confirm each before ``save`` accepts the entry (they are kept in
# persisted drafts, so they do not change)
OVER_PAGU = "melebihi-pagu"
HIGH_QUANTITY = "kuantitas-tinggi"
REPLACES = "mengganti"
FAR_OVER_PAGU = "jauh-melebihi-pagu"


@dataclass
class Draft:
    """What the officer has entered so far (kept in the conversation, survives restarts)."""

    node_id: int
    year: int
    month: int
    quantity: Decimal | None = None
    quantity_text: str | None = None
    amount: int | None = None
    note: str | None = None
    evidence_file_id: str | None = None
    # made with the conversation's draft: a second save of one draft returns its first entry
    key: str | None = None


@dataclass(frozen=True)
class Standing:
    """The entry that stands for a row and month, as a warning or a conflict describes it (plain
    values: a conflict is raised from a transaction that is rolled back)."""

    id: int
    amount: int | None
    quantity_text: str | None
    by: str  # the submitter's name, or their Telegram id
    status: str

    @classmethod
    def of(cls, entry: RealizationEntry) -> Standing:
        by = entry.submitted_by_name or str(entry.submitted_by)
        return cls(int(entry.id or 0), entry.amount, entry.quantity_text, by, str(entry.status))


@dataclass(frozen=True)
class OverPagu:
    """The year's Rupiah would pass the pagu."""

    code: ClassVar[str] = OVER_PAGU
    year_total: int
    pagu: int

    @property
    def over(self) -> int:
        return self.year_total - self.pagu


@dataclass(frozen=True)
class FarOverPagu:
    """The year's Rupiah would pass :data:`PAGU_SANITY_FACTOR` times the pagu (it stands in
    place of :class:`OverPagu`). ``confirmable``: the actor may confirm it (an admin); for an
    operator it is a refusal, and ``save`` refuses it even if confirmed."""

    code: ClassVar[str] = FAR_OVER_PAGU
    year_total: int
    pagu: int
    factor: int
    confirmable: bool


@dataclass(frozen=True)
class HighQuantity:
    """A quantity so far above its target that it is more likely a typo."""

    code: ClassVar[str] = HIGH_QUANTITY
    quantity: Decimal
    target: Quantity


@dataclass(frozen=True)
class Replaces:
    """An entry already stands for the row and month: the new one would correct it."""

    code: ClassVar[str] = REPLACES
    year: int
    month: int
    entry: Standing


Warning = OverPagu | FarOverPagu | HighQuantity | Replaces


@dataclass(frozen=True)
class YearBudget:
    """A row's Rupiah in a year around one entry (typed or saved): what stands beside it, and
    what would remain with it.

    The /lapor steps and the verifikator's card both show this, so that what the officer saw
    before saving is what the verifikator sees before deciding. ``remaining`` counts the other
    entries still waiting as well (as the pagu warning does), and they are shown apart, so
    that no figure claims they are approved.
    """

    pagu: int | None
    approved: int  # approved entries of the year, without this one and the one it replaces
    waiting: int  # other entries of the year waiting for a decision
    amount: int  # this entry's Rupiah (0 while not typed)

    @property
    def before(self) -> int:
        return self.approved + self.waiting

    @property
    def total(self) -> int:
        return self.before + self.amount

    @property
    def remaining(self) -> int | None:
        return None if self.pagu is None else self.pagu - self.total


@dataclass
class Assessment:
    """Everything the confirmation screen shows, and what must be confirmed."""

    node: BudgetNode
    pagu: int | None
    target: Quantity
    polarity: Polarity
    budget: YearBudget  # the year of the row, without the replaced entry, with this draft's Rupiah
    quantity_after: Decimal | None
    replaces: RealizationEntry | None
    warnings: list[Warning] = field(default_factory=list)

    @property
    def year_amount_before(self) -> int:
        """Approved and pending entries of the year, without the replaced one."""
        return self.budget.before

    @property
    def year_amount_after(self) -> int:
        return self.budget.total

    @property
    def remaining_after(self) -> int | None:
        return self.budget.remaining

    def needs(self) -> set[str]:
        return {w.code for w in self.warnings}

    @property
    def refused(self) -> FarOverPagu | None:
        """A warning this actor may not confirm (the amount step refuses it)."""
        return next(
            (w for w in self.warnings if isinstance(w, FarOverPagu) and not w.confirmable), None
        )


# --- periods ------------------------------------------------------------------------------------


def quarter_months(quarter: int) -> frozenset[int]:
    if quarter not in QUARTERS:
        raise InvalidInput("entry.quarter_invalid", quarter=quarter)
    return frozenset(QUARTERS[quarter])


def reporting_year(session: Session, agency_id: int, today: date) -> FiscalYear | None:
    """The year officers report in: the latest open one, not after today's year."""
    return session.exec(
        select(FiscalYear)
        .where(
            FiscalYear.agency_id == agency_id,
            col(FiscalYear.closed).is_(False),
            FiscalYear.year <= today.year,
        )
        .order_by(col(FiscalYear.year).desc())
    ).first()


# The refusals for "no year is open": the asker is told who can open one (codes below).
NO_OPEN_YEAR = frozenset(
    {"entry.no_open_year", "entry.no_open_year_admin", "entry.no_open_year_no_admin"}
)


def no_open_year(session: Session, actor: Actor, today: date) -> NotFound:
    """The refusal when no year is open: naming the agency's admins, who can open one from the
    chat (``/tahun``); an admin is told to do it; an agency without admins, to find one."""
    if actor.is_admin:
        return NotFound("entry.no_open_year_admin", year=today.year)
    names = admin_names(session, actor.agency_id)
    if not names:
        return NotFound("entry.no_open_year_no_admin", year=today.year)
    return NotFound("entry.no_open_year", year=today.year, admins=format_names(names))


def open_reporting_year(session: Session, actor: Actor, today: date) -> FiscalYear:
    """:func:`reporting_year` of the actor's agency, or :func:`no_open_year`."""
    fy = reporting_year(session, actor.agency_id, today)
    if fy is None:
        raise no_open_year(session, actor, today)
    return fy


def reportable_months(fy: FiscalYear, today: date) -> list[int]:
    """Months of ``fy`` an entry may be for: none in a closed year, none in the future."""
    if fy.closed or fy.year > today.year:
        return []
    last = today.month if fy.year == today.year else 12
    return list(range(1, last + 1))


def open_months(session: Session, actor: Actor, fy: FiscalYear, today: date) -> list[int]:
    """:func:`reportable_months`, refused when there is none (a closed or future year)."""
    months = reportable_months(fy, today)
    if not months:
        raise no_open_year(session, actor, today)
    return months


def check_period(fy: FiscalYear, month: int, today: date) -> None:
    if fy.closed:
        raise Conflict("entry.year_closed", year=fy.year)
    if not 1 <= month <= 12:
        raise InvalidInput("entry.month_invalid", month=month)
    if (fy.year, month) > (today.year, today.month):
        # the month's name is a value of the sentence (Babel, like every figure)
        raise InvalidInput(
            "entry.month_future", year=fy.year, month=month, period=format_month(fy.year, month)
        )


# --- who asks ----------------------------------------------------------------------------------


def actor(session: Session, actor_id: int, *roles: Role) -> Actor:
    """The registered actor holding one of ``roles`` (any role when none is given), read in the
    transaction that acts, so a role removed a second ago already counts.

    Refuses with the codes ``bot.context.BotContext.actor`` uses, worded in one place.
    """
    found = actor_of(session, actor_id)
    if found is None:
        raise PermissionDenied("user.not_registered")
    if roles and found.role not in roles:
        raise PermissionDenied("user.role_refused", role=found.role)
    return found


def officer(session: Session, actor_id: int) -> Actor:
    """Someone who records realizations: an operator or an admin."""
    return actor(session, actor_id, Role.OPERATOR, Role.ADMIN)


# --- what an officer may report on -------------------------------------------------------------


def recordable_nodes(session: Session, actor: Actor, fy: FiscalYear) -> list[BudgetNode]:
    """Sub-activities of the officer's unit (all of them for an admin), in report order."""
    stmt = select(BudgetNode).where(
        BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.SUB_KEGIATAN
    )
    if actor.role != Role.ADMIN:
        stmt = stmt.where(BudgetNode.unit_id == (actor.unit_id if actor.unit_id else -1))
    return list(session.exec(stmt.order_by(col(BudgetNode.sort_order))))


def program_names(session: Session, fy: FiscalYear) -> dict[str, str]:
    """Program key -> name of a year, to head the sub-activities an officer chooses from."""
    return {
        key: name
        for key, name in session.exec(
            select(BudgetNode.key, BudgetNode.name).where(
                BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.PROGRAM
            )
        )
    }


def node_for(session: Session, actor: Actor, node_id: int) -> tuple[BudgetNode, FiscalYear]:
    """The sub-activity ``node_id`` if the actor may record for it."""
    node = session.get(BudgetNode, node_id)
    if node is None or node.level != NodeLevel.SUB_KEGIATAN:
        raise NotFound("entry.node_not_found", node=node_id)
    fy = session.get(FiscalYear, node.fiscal_year_id)
    assert fy is not None
    if fy.agency_id != actor.agency_id or not actor.can_record(node):
        raise PermissionDenied("entry.not_your_unit", node=node.key)
    return node, fy


def sub_activities(session: Session, agency_id: int, today: date) -> list[BudgetNode]:
    """The sub-activities whose history may be asked for by name: of the reporting year, or of
    every year when none is open."""
    fy = reporting_year(session, agency_id, today)
    stmt = (
        select(BudgetNode)
        .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
        .where(BudgetNode.level == NodeLevel.SUB_KEGIATAN, FiscalYear.agency_id == agency_id)
    )
    if fy is not None:
        stmt = stmt.where(BudgetNode.fiscal_year_id == fy.id)
    return list(session.exec(stmt.order_by(col(BudgetNode.sort_order))))


# --- the current entry of a row and period -------------------------------------------------------


def current_entry(session: Session, node_id: int, year: int, month: int) -> RealizationEntry | None:
    """The entry that stands for this row and month: submitted or approved, not superseded."""
    params = {"node": node_id, "year": year, "month": month}
    return session.exec(_current_statement(), params=params).first()


def latest_quantity_text(session: Session, node_id: int, year: int) -> str | None:
    """The quantity last reported for a row in a year, as typed (submitted or approved)."""
    return session.exec(
        select(RealizationEntry.quantity_text)
        .where(
            RealizationEntry.node_id == node_id,
            RealizationEntry.year == year,
            col(RealizationEntry.quantity_text).is_not(None),
            col(RealizationEntry.status).in_(STANDING),
        )
        .order_by(col(RealizationEntry.month).desc(), col(RealizationEntry.id).desc())
    ).first()


def quantity_as_recorded(session: Session, node_id: int, typed: str, quantity: Quantity) -> str:
    """The text a typed quantity is recorded with: as typed, or with the row's unit when the
    officer typed a bare number ("3" for an indicator counted in lembaga is "3 lembaga"), so the
    history and the verifikator read what was meant, not a number without a unit."""
    if quantity.unit is not None:
        return typed
    row = session.get(BudgetNode, node_id)
    unit = row.target_unit if row is not None else None
    if not unit:
        return typed
    return f"{typed}{unit}" if unit == "%" else f"{typed} {unit}"


def node(session: Session, node_id: int) -> BudgetNode | None:
    """A row by id, to show it (whoever may record for it)."""
    return session.get(BudgetNode, node_id)


def node_of(session: Session, entry: RealizationEntry) -> BudgetNode | IndicatorCard | None:
    """The row an entry is for (to show it beside the entry); an indicator's card for its figure."""
    if entry.indicator_id is not None:
        return card_of(session, entry)
    return node(session, entry.node_id) if entry.node_id is not None else None


def year_budget(
    session: Session, node: BudgetNode, year: int, *, without: int | None, amount: int | None
) -> YearBudget:
    """The row's year beside an entry: its standing entries (approved or waiting) but
    ``without`` (the entry itself, or the one a draft replaces), and ``amount`` on top."""
    params = {"node": int(node.id or 0), "year": year, "excluding": without}
    sums = {
        str(status): int(total or 0)
        for status, total in session.exec(
            _year_amount_statement(without is not None), params=params
        )
    }
    return YearBudget(
        pagu=node.pagu,
        approved=sums.get(str(EntryStatus.DISETUJUI), 0),
        waiting=sums.get(str(EntryStatus.DIAJUKAN), 0),
        amount=amount or 0,
    )


def entry_budget(session: Session, entry: RealizationEntry) -> YearBudget | None:
    """:func:`year_budget` of a saved entry, as the verifikator is shown it."""
    node = session.get(BudgetNode, entry.node_id) if entry.node_id is not None else None
    if node is None:  # an indicator's figure has no Rupiah
        return None
    return year_budget(session, node, entry.year, without=entry.id, amount=entry.amount)


# Each check of a draft runs both (while the officer confirms, and again in the save's
# transaction): built once, with bind parameters, as building them costs more than running them.
@cache
def _current_statement() -> SelectOfScalar[RealizationEntry]:
    return (
        select(RealizationEntry)
        .where(
            col(RealizationEntry.node_id) == bindparam("node"),
            col(RealizationEntry.year) == bindparam("year"),
            col(RealizationEntry.month) == bindparam("month"),
            standing_entries_filter(),
        )
        .order_by(col(RealizationEntry.id).desc())
        .limit(1)
    )


@cache
def _year_amount_statement(excluding: bool) -> Select[str, int | None]:
    """Rupiah of a row's standing entries in a year, by status (approved, waiting)."""
    stmt = (
        select(RealizationEntry.status, func.coalesce(func.sum(RealizationEntry.amount), 0))
        .where(
            col(RealizationEntry.node_id) == bindparam("node"),
            col(RealizationEntry.year) == bindparam("year"),
            standing_entries_filter(),
        )
        .group_by(col(RealizationEntry.status))
    )
    if excluding:
        stmt = stmt.where(col(RealizationEntry.id) != bindparam("excluding"))
    return stmt


class EntryChanged(Conflict):
    """Someone saved for the same row and period meanwhile; the draft is kept for a retry.

    ``standing`` is the entry that stands now (None if the one shown was withdrawn or decided),
    so the officer can be shown what changed.
    """

    def __init__(self, standing: RealizationEntry | None) -> None:
        super().__init__("entry.changed", standing=standing.id if standing else None)
        self.standing = Standing.of(standing) if standing else None


# --- assess and save ----------------------------------------------------------------------------


def assess(session: Session, actor_id: int, draft: Draft, today: date) -> Assessment:
    """Check a draft and say what the officer must confirm; raises for what is refused."""
    who = officer(session, actor_id)
    node, fy = node_for(session, who, draft.node_id)
    if fy.year != draft.year:
        raise InvalidInput("entry.year_mismatch", year=draft.year, node_year=fy.year)
    check_period(fy, draft.month, today)
    if draft.amount is not None and draft.amount < 0:
        raise InvalidInput("entry.negative_amount", amount=draft.amount)
    if draft.amount is not None and draft.amount > MAX_RUPIAH:
        # parse_rupiah refuses it first; this guards a draft that did not come through it
        raise InvalidInput("entry.amount_too_large", maximum=format_rupiah(MAX_RUPIAH))
    if draft.quantity is not None and draft.quantity < 0:
        raise InvalidInput("entry.negative_quantity", quantity=str(draft.quantity))
    replaces = current_entry(session, int(node.id or 0), draft.year, draft.month)
    without = replaces.id if replaces else None
    budget = year_budget(session, node, draft.year, without=without, amount=draft.amount)
    after = budget.total
    target = Quantity(node.target_value, node.target_unit, node.target_text or "")
    result = Assessment(
        node=node,
        pagu=node.pagu,
        target=target,
        polarity=Polarity(node.polarity),
        budget=budget,
        quantity_after=draft.quantity,
        replaces=replaces,
    )
    if node.pagu is not None and after > node.pagu * PAGU_SANITY_FACTOR:
        confirmable = who.role == Role.ADMIN
        result.warnings.append(FarOverPagu(after, node.pagu, PAGU_SANITY_FACTOR, confirmable))
    elif node.pagu is not None and after > node.pagu:
        result.warnings.append(OverPagu(after, node.pagu))
    if (
        draft.quantity is not None
        and target.value
        and result.polarity == Polarity.HIGHER
        and draft.quantity > target.value * QUANTITY_WARNING_FACTOR
    ):
        result.warnings.append(HighQuantity(draft.quantity, target))
    if replaces is not None:
        result.warnings.append(Replaces(draft.year, draft.month, Standing.of(replaces)))
    return result


def _lock_node(session: Session, node_id: int) -> None:
    """Serialize writers of one row before anything is read.

    A no-op UPDATE takes the row lock on PostgreSQL and, on SQLite, opens the write
    transaction (the driver starts it lazily, at the first write), so the checks that follow
    see every entry committed before, and a second saver waits instead of racing.
    """
    session.execute(
        update(BudgetNode)
        .where(col(BudgetNode.id) == node_id)
        .values(sort_order=BudgetNode.sort_order)
    )


def saved_before(session: Session, actor_id: int, draft: Draft) -> RealizationEntry | None:
    """The actor's entry already saved from this draft (by its key), or None.

    A bot killed between the commit and the officer's "Tersimpan" restores the draft, and the
    officer presses Simpan again. The row's lock is taken first, so a save of the same draft
    still in flight is waited for and then found. (An entry of someone else with the key is not
    returned: the insert then fails on the unique index and nothing is written.)
    """
    if draft.key is None:
        return None
    officer(session, actor_id)
    _lock_node(session, draft.node_id)
    return session.exec(
        select(RealizationEntry).where(
            RealizationEntry.draft_key == draft.key, RealizationEntry.submitted_by == actor_id
        )
    ).first()


def save(
    session: Session,
    actor_id: int,
    draft: Draft,
    today: date,
    *,
    confirmed: set[str],
    expected_replaces: int | None,
    actor_name: str | None = None,
) -> RealizationEntry:
    """Append the entry (status diajukan) if it is still what the officer confirmed.

    ``expected_replaces`` is the entry the confirmation screen said would be replaced (None if
    none); if the row changed since, ``Conflict`` is raised and nothing is written. A draft
    saved already (its ``key``, :func:`saved_before`) returns that entry and writes nothing.
    """
    existing = saved_before(session, actor_id, draft)
    if existing is not None:
        return existing
    _lock_node(session, draft.node_id)
    checked = assess(session, actor_id, draft, today)
    now_replaces = checked.replaces.id if checked.replaces else None
    if now_replaces != expected_replaces:
        raise EntryChanged(checked.replaces)
    if checked.refused is not None:
        raise PermissionDenied(
            "entry.amount_needs_admin",
            factor=checked.refused.factor,
            pagu=format_rupiah(checked.refused.pagu),
        )
    missing = checked.needs() - confirmed
    if missing:
        raise InvalidInput("entry.unconfirmed", warnings=", ".join(sorted(missing)))
    entry = RealizationEntry(
        node_id=draft.node_id,
        year=draft.year,
        month=draft.month,
        quantity=draft.quantity,
        quantity_text=draft.quantity_text,
        amount=draft.amount,
        kind=EntryKind.CORRECTION if now_replaces else EntryKind.ENTRY,
        replaces_id=now_replaces,
        status=EntryStatus.DIAJUKAN,
        source="telegram",
        submitted_by=actor_id,
        submitted_by_name=actor_name,
        note=draft.note,
        evidence_file_id=draft.evidence_file_id,
        draft_key=draft.key,
    )
    session.add(entry)
    session.flush()
    audit(
        session,
        actor_id,
        "lapor",
        f"entri {entry.id}",
        f"node={draft.node_id} periode={draft.year}-{draft.month:02d} "
        f"rp={draft.amount} k={draft.quantity_text} mengganti={now_replaces}",
    )
    return entry


# --- undo ---------------------------------------------------------------------------------------


def withdraw_last(session: Session, actor_id: int, now: datetime | None = None) -> RealizationEntry:
    """Withdraw one's latest undecided, recent entry (a row, not a deletion): officers only."""
    officer(session, actor_id)
    now = now or utcnow()
    last = session.exec(
        select(RealizationEntry)
        .where(
            RealizationEntry.submitted_by == actor_id,
            col(RealizationEntry.kind) != EntryKind.WITHDRAWAL,
            RealizationEntry.source == "telegram",
        )
        .order_by(col(RealizationEntry.id).desc())
    ).first()
    if last is None:
        raise NotFound("entry.nothing_to_undo")
    if last.status == EntryStatus.DITARIK:
        raise Conflict("entry.already_withdrawn", entry=last.id)
    if last.status == EntryStatus.DITOLAK:
        raise Conflict("entry.already_rejected", entry=last.id)
    if last.status != EntryStatus.DIAJUKAN:
        # decided: the figure counts now; changing it is a correction, verified again
        row, month = node_of(session, last), last.month
        period = format_month(last.year, month) if month else period_label(last.year, last.quarter)
        raise Conflict(
            "entry.undo_decided", entry=last.id, node=getattr(row, "key", "?"), period=period
        )
    submitted = last.submitted_at
    if submitted.tzinfo is None:  # SQLite returns naive UTC
        submitted = submitted.replace(tzinfo=now.tzinfo)
    if now - submitted > UNDO_WINDOW:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        raise Conflict("entry.undo_too_late", entry=last.id, minutes=minutes)
    if last.node_id is not None:
        _lock_node(session, last.node_id)
    else:  # an indicator's figure: the lock its save takes, so a correction cannot race it
        lock_indicator(session, int(last.indicator_id or 0))
    withdrawal = RealizationEntry(
        node_id=last.node_id,
        indicator_id=last.indicator_id,
        year=last.year,
        month=last.month,
        quarter=last.quarter,
        kind=EntryKind.WITHDRAWAL,
        replaces_id=last.id,
        status=EntryStatus.DISETUJUI,
        source="telegram",
        submitted_by=actor_id,
        submitted_by_name=last.submitted_by_name,
    )
    last.status = EntryStatus.DITARIK
    session.add(last)
    session.add(withdrawal)
    session.flush()
    audit(session, actor_id, "urungkan", f"entri {last.id}", f"penarikan {withdrawal.id}")
    return last


def agency_id_of(session: Session, entry: RealizationEntry) -> int:
    """The agency whose books the entry is in: only its verifikators may see it."""
    owner = (Indicator, entry.indicator_id) if entry.indicator_id else (BudgetNode, entry.node_id)
    table, owner_id = owner  # an indicator's figure has no node
    stmt = (
        select(FiscalYear.agency_id)
        .join(table, col(table.fiscal_year_id) == FiscalYear.id)
        .where(col(table.id) == owner_id)
    )
    return int(session.exec(stmt).one())


def approved_amount(session: Session, fy: FiscalYear) -> int:
    """Sum of the effective approved Rupiah entries of a year (for checks in tests and reports)."""
    total = session.exec(
        select(func.coalesce(func.sum(RealizationEntry.amount), 0)).where(
            effective_entries_filter(int(fy.id or 0))
        )
    ).one()
    return int(total or 0)
