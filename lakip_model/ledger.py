"""Recording realizations: validation, the append-only ledger, review and undo.

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

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from lakip_model.arithmetic import Polarity
from lakip_model.models import (
    BudgetNode,
    EntryKind,
    EntryReview,
    EntryStatus,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
    utcnow,
)
from lakip_model.numbers import (
    Quantity,
    format_decimal,
    format_month,
    format_rupiah,
)
from lakip_model.queries import effective_entries_filter, standing_entries_filter
from lakip_model.users import Actor, PermissionDenied, audit, require

UNDO_WINDOW = timedelta(minutes=15)
# A quantity this many times its target is more likely a typo than a feat.
QUANTITY_WARNING_FACTOR = Decimal(2)
QUARTERS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# warning codes: the user must confirm each before ``save`` accepts the entry
OVER_PAGU = "melebihi-pagu"
HIGH_QUANTITY = "kuantitas-tinggi"
REPLACES = "mengganti"


class EntryError(ValueError):
    """An entry that cannot be recorded as given; the message is for the officer."""


class Conflict(EntryError):
    """Someone saved for the same row and period meanwhile; the draft is kept for a retry."""


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


@dataclass
class Warning:
    code: str
    text: str


@dataclass
class Assessment:
    """Everything the confirmation screen shows, and what must be confirmed."""

    node: BudgetNode
    pagu: int | None
    target: Quantity
    polarity: Polarity
    year_amount_before: int  # approved and pending entries of the year, without the replaced one
    year_amount_after: int
    quantity_after: Decimal | None
    replaces: RealizationEntry | None
    warnings: list[Warning] = field(default_factory=list)

    @property
    def remaining_after(self) -> int | None:
        return None if self.pagu is None else self.pagu - self.year_amount_after

    def needs(self) -> set[str]:
        return {w.code for w in self.warnings}


# --- periods ------------------------------------------------------------------------------------


def quarter_months(quarter: int) -> frozenset[int]:
    if quarter not in QUARTERS:
        raise EntryError("Triwulan harus I, II, III atau IV.")
    return frozenset(QUARTERS[quarter])


def quarter_label(quarter: int) -> str:
    return f"Triwulan {ROMAN[quarter]}"


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


def reportable_months(fy: FiscalYear, today: date) -> list[int]:
    """Months of ``fy`` an entry may be for: none in a closed year, none in the future."""
    if fy.closed or fy.year > today.year:
        return []
    last = today.month if fy.year == today.year else 12
    return list(range(1, last + 1))


def check_period(fy: FiscalYear, month: int, today: date) -> None:
    if fy.closed:
        raise EntryError(f"Tahun {fy.year} sudah ditutup; tidak bisa menambah laporan.")
    if not 1 <= month <= 12:
        raise EntryError("Bulan tidak valid.")
    if (fy.year, month) > (today.year, today.month):
        raise EntryError(
            f"{format_month(fy.year, month)} belum berjalan; laporan hanya untuk bulan ini "
            "atau sebelumnya."
        )


# --- what an officer may report on -------------------------------------------------------------


def recordable_nodes(session: Session, actor: Actor, fy: FiscalYear) -> list[BudgetNode]:
    """Sub-activities of the officer's unit (all of them for an admin), in report order."""
    stmt = select(BudgetNode).where(
        BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.SUB_KEGIATAN
    )
    if actor.role != Role.ADMIN:
        stmt = stmt.where(BudgetNode.unit_id == (actor.unit_id if actor.unit_id else -1))
    return list(session.exec(stmt.order_by(col(BudgetNode.sort_order))))


def _node_for(session: Session, actor: Actor, node_id: int) -> tuple[BudgetNode, FiscalYear]:
    node = session.get(BudgetNode, node_id)
    if node is None or node.level != NodeLevel.SUB_KEGIATAN:
        raise EntryError("Sub kegiatan tidak ditemukan.")
    fy = session.get(FiscalYear, node.fiscal_year_id)
    assert fy is not None
    if fy.agency_id != actor.agency_id or not actor.can_record(node):
        raise PermissionDenied("Sub kegiatan ini bukan tanggung jawab unit Anda.")
    return node, fy


# --- the current entry of a row and period -------------------------------------------------------


def current_entry(session: Session, node_id: int, year: int, month: int) -> RealizationEntry | None:
    """The entry that stands for this row and month: submitted or approved, not superseded."""
    params = {"node": node_id, "year": year, "month": month}
    return session.exec(_current_statement(), params=params).first()


def _year_amount(session: Session, node_id: int, year: int, excluding: int | None) -> int:
    """Rupiah of the year's standing entries of a row (approved or waiting for review)."""
    params = {"node": node_id, "year": year, "excluding": excluding}
    amount = session.exec(_year_amount_statement(excluding is not None), params=params).one()
    return int(amount or 0)


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
def _year_amount_statement(excluding: bool) -> SelectOfScalar[int | None]:
    stmt = select(func.coalesce(func.sum(RealizationEntry.amount), 0)).where(
        col(RealizationEntry.node_id) == bindparam("node"),
        col(RealizationEntry.year) == bindparam("year"),
        standing_entries_filter(),
    )
    if excluding:
        stmt = stmt.where(col(RealizationEntry.id) != bindparam("excluding"))
    return stmt


# --- assess and save ----------------------------------------------------------------------------


def assess(session: Session, actor_id: int, draft: Draft, today: date) -> Assessment:
    """Check a draft and say what the officer must confirm; raises for what is refused."""
    actor = require(session, actor_id, Role.OPERATOR, Role.ADMIN)
    node, fy = _node_for(session, actor, draft.node_id)
    if fy.year != draft.year:
        raise EntryError("Periode tidak cocok dengan tahun sub kegiatan.")
    check_period(fy, draft.month, today)
    if draft.amount is not None and draft.amount < 0:
        raise EntryError("Nilai Rupiah tidak boleh negatif.")
    if draft.quantity is not None and draft.quantity < 0:
        raise EntryError("Kuantitas tidak boleh negatif.")
    replaces = current_entry(session, int(node.id or 0), draft.year, draft.month)
    before = _year_amount(session, int(node.id or 0), draft.year, replaces.id if replaces else None)
    after = before + (draft.amount or 0)
    target = Quantity(node.target_value, node.target_unit, node.target_text or "")
    result = Assessment(
        node=node,
        pagu=node.pagu,
        target=target,
        polarity=Polarity(node.polarity),
        year_amount_before=before,
        year_amount_after=after,
        quantity_after=draft.quantity,
        replaces=replaces,
    )
    if node.pagu is not None and after > node.pagu:
        result.warnings.append(
            Warning(
                OVER_PAGU,
                f"Realisasi tahun ini menjadi {format_rupiah(after)}, melebihi pagu "
                f"{format_rupiah(node.pagu)} (lebih {format_rupiah(after - node.pagu)}).",
            )
        )
    if (
        draft.quantity is not None
        and target.value
        and result.polarity == Polarity.HIGHER
        and draft.quantity > target.value * QUANTITY_WARNING_FACTOR
    ):
        result.warnings.append(
            Warning(
                HIGH_QUANTITY,
                f"Kuantitas {format_decimal(draft.quantity)} jauh di atas target "
                f"{target.text or format_decimal(target.value)}.",
            )
        )
    if replaces is not None:
        result.warnings.append(
            Warning(
                REPLACES,
                f"Sudah ada laporan {format_month(draft.year, draft.month)} untuk sub kegiatan "
                f"ini ({_describe(replaces)}). Laporan baru akan menggantikannya sebagai koreksi.",
            )
        )
    return result


def _describe(entry: RealizationEntry) -> str:
    parts = []
    if entry.amount is not None:
        parts.append(format_rupiah(entry.amount))
    if entry.quantity_text:
        parts.append(entry.quantity_text)
    parts.append(f"oleh {entry.submitted_by_name or entry.submitted_by}")
    parts.append(entry.status.value if isinstance(entry.status, EntryStatus) else entry.status)
    return ", ".join(parts)


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
    none); if the row changed since, ``Conflict`` is raised and nothing is written.
    """
    _lock_node(session, draft.node_id)
    checked = assess(session, actor_id, draft, today)
    now_replaces = checked.replaces.id if checked.replaces else None
    if now_replaces != expected_replaces:
        latest = checked.replaces
        raise Conflict(
            "Sementara Anda mengisi, laporan untuk sub kegiatan dan bulan ini berubah"
            + (f" ({_describe(latest)})" if latest else "")
            + ". Periksa lagi sebelum menyimpan."
        )
    missing = checked.needs() - confirmed
    if missing:
        raise EntryError("Ada peringatan yang belum dikonfirmasi.")
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
    """Withdraw the actor's own latest entry if it is recent enough; recorded, not deleted."""
    require(session, actor_id)
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
        raise EntryError("Anda belum punya laporan yang bisa diurungkan.")
    if last.status == EntryStatus.DITARIK:
        raise EntryError("Laporan terakhir Anda sudah diurungkan.")
    if last.status == EntryStatus.DITOLAK:
        raise EntryError("Laporan terakhir Anda sudah ditolak verifikator; tidak perlu diurungkan.")
    submitted = last.submitted_at
    if submitted.tzinfo is None:  # SQLite returns naive UTC
        submitted = submitted.replace(tzinfo=now.tzinfo)
    if now - submitted > UNDO_WINDOW:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        raise EntryError(
            f"Laporan terakhir Anda dikirim lebih dari {minutes} menit lalu; minta verifikator "
            "menolaknya atau kirim koreksi dengan /lapor."
        )
    _lock_node(session, last.node_id)
    withdrawal = RealizationEntry(
        node_id=last.node_id,
        year=last.year,
        month=last.month,
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


# --- review -------------------------------------------------------------------------------------


def review(
    session: Session,
    reviewer_id: int,
    entry_id: int,
    *,
    approve: bool,
    reason: str | None = None,
) -> RealizationEntry:
    """A verifikator's decision; only an entry still waiting can be decided."""
    actor = require(session, reviewer_id, Role.VERIFIKATOR, Role.ADMIN)
    entry = session.exec(
        select(RealizationEntry).where(RealizationEntry.id == entry_id).with_for_update()
    ).first()
    if entry is None or entry.kind == EntryKind.WITHDRAWAL:
        raise EntryError("Entri tidak ditemukan.")
    node = session.get(BudgetNode, entry.node_id)
    fy = session.get(FiscalYear, node.fiscal_year_id) if node else None
    if fy is None or fy.agency_id != actor.agency_id:
        raise PermissionDenied("Entri ini bukan dari lembaga Anda.")
    if entry.status != EntryStatus.DIAJUKAN:
        raise EntryError(f"Entri ini sudah {entry.status}.")
    if not approve and not (reason and reason.strip()):
        raise EntryError("Tuliskan alasan penolakan.")
    decision = EntryStatus.DISETUJUI if approve else EntryStatus.DITOLAK
    entry.status = decision
    session.add(entry)
    session.add(
        EntryReview(
            entry_id=entry_id,
            decision=decision,
            reason=reason.strip()[:500] if reason else None,
            reviewer=reviewer_id,
        )
    )
    audit(session, reviewer_id, "verifikasi", f"entri {entry_id}", decision.value)
    return entry


def agency_id_of(session: Session, entry: RealizationEntry) -> int:
    """The agency whose books the entry is in: only its verifikators may see it."""
    agency_id = session.exec(
        select(FiscalYear.agency_id)
        .join(BudgetNode, col(BudgetNode.fiscal_year_id) == FiscalYear.id)
        .where(BudgetNode.id == entry.node_id)
    ).one()
    return int(agency_id)


def pending_entries(session: Session, agency_id: int, limit: int = 50) -> list[RealizationEntry]:
    return list(
        session.exec(
            select(RealizationEntry)
            .join(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(
                FiscalYear.agency_id == agency_id,
                RealizationEntry.status == EntryStatus.DIAJUKAN,
            )
            .order_by(col(RealizationEntry.id))
            .limit(limit)
        )
    )


# --- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    entry: RealizationEntry
    node_key: str
    node_name: str
    reason: str | None  # the rejection reason, if any


def history(
    session: Session,
    *,
    node_id: int | None = None,
    submitted_by: int | None = None,
    limit: int = 20,
) -> list[HistoryRow]:
    """Entries of a row, or of a user, newest first, with who decided what."""
    stmt = select(RealizationEntry, BudgetNode.key, BudgetNode.name).join(
        BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id
    )
    if node_id is not None:
        stmt = stmt.where(RealizationEntry.node_id == node_id)
    if submitted_by is not None:
        stmt = stmt.where(RealizationEntry.submitted_by == submitted_by)
    rows = session.exec(stmt.order_by(col(RealizationEntry.id).desc()).limit(limit)).all()
    reasons = {
        r.entry_id: r.reason
        for r in session.exec(
            select(EntryReview).where(
                col(EntryReview.entry_id).in_([e.id for e, _, _ in rows]),
                EntryReview.decision == EntryStatus.DITOLAK,
            )
        )
    }
    return [HistoryRow(e, key, name, reasons.get(int(e.id or 0))) for e, key, name in rows]


def approved_amount(session: Session, fy: FiscalYear) -> int:
    """Sum of the effective approved Rupiah entries of a year (for checks in tests and reports)."""
    total = session.exec(
        select(func.coalesce(func.sum(RealizationEntry.amount), 0)).where(
            effective_entries_filter(int(fy.id or 0))
        )
    ).one()
    return int(total or 0)
