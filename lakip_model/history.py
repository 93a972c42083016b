"""/riwayat in the domain: the entries of a row or of a user, newest first, with who decided
what and the correction that replaces each (the ledger re-exports it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from lakip_model.errors import NotFound
from lakip_model.models import (
    BudgetNode,
    EntryKind,
    EntryReview,
    EntryStatus,
    FiscalYear,
    Indicator,
    RealizationEntry,
)
from lakip_model.queries import STANDING


@dataclass(frozen=True)
class HistoryRow:
    entry: RealizationEntry
    node_key: str
    node_name: str
    reason: str | None  # the rejection reason, if any
    correction_id: int | None = None  # the correction that replaces it (approved or waiting)
    correction_status: EntryStatus | None = None


def history(
    session: Session,
    *,
    node_id: int | None = None,
    submitted_by: int | None = None,
    limit: int = 20,
) -> list[HistoryRow]:
    """Entries of a row, or of a user, newest first, with who decided what."""
    # a budget entry shows its row, an indicator's figure its indicator (node_id is None)
    stmt = (
        select(
            RealizationEntry,
            func.coalesce(BudgetNode.key, Indicator.key),
            func.coalesce(BudgetNode.name, Indicator.name),
        )
        .outerjoin(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
        .outerjoin(Indicator, col(Indicator.id) == RealizationEntry.indicator_id)
    )
    if node_id is not None:
        stmt = stmt.where(RealizationEntry.node_id == node_id)
    if submitted_by is not None:
        stmt = stmt.where(RealizationEntry.submitted_by == submitted_by)
    rows = session.exec(stmt.order_by(col(RealizationEntry.id).desc()).limit(limit)).all()
    ids = [e.id for e, _, _ in rows]
    reasons = {
        r.entry_id: r.reason
        for r in session.exec(
            select(EntryReview).where(
                col(EntryReview.entry_id).in_(ids),
                EntryReview.decision == EntryStatus.DITOLAK,
            )
        )
    }
    # a correction that stands (approved, or waiting) replaces its entry; a rejected one not
    corrections = {
        replaced: (int(cid or 0), EntryStatus(status))
        for replaced, cid, status in session.exec(
            select(RealizationEntry.replaces_id, RealizationEntry.id, RealizationEntry.status)
            .where(
                col(RealizationEntry.replaces_id).in_(ids),
                RealizationEntry.kind == EntryKind.CORRECTION,
                col(RealizationEntry.status).in_(STANDING),
            )
            .order_by(col(RealizationEntry.id))
        )
    }
    result = []
    for e, key, name in rows:
        correction = corrections.get(e.id)
        result.append(
            HistoryRow(
                e,
                key,
                name,
                reasons.get(int(e.id or 0)),
                correction[0] if correction else None,
                correction[1] if correction else None,
            )
        )
    return result


def agency_node(session: Session, agency_id: int, node_id: int) -> BudgetNode:
    """A row of the agency's books, to show its entries; another agency's is not found."""
    found = session.exec(
        select(BudgetNode)
        .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
        .where(BudgetNode.id == node_id, FiscalYear.agency_id == agency_id)
    ).first()
    if found is None:
        raise NotFound("entry.node_not_found", node=node_id)
    return found
