"""Verification: a verifikator's decision on an officer's entry, under the four-eyes rule.

Only an entry still waiting can be decided, only by a verifikator or admin of its agency, and
never by the one who submitted it, admins included. A decision is a status change with an
``EntryReview`` row beside it and an audit line; the entry itself is never rewritten.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from lakip_model.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lakip_model.ledger import actor, agency_id_of
from lakip_model.models import (
    BudgetNode,
    EntryKind,
    EntryReview,
    EntryStatus,
    FiscalYear,
    RealizationEntry,
    Role,
)
from lakip_model.users import Actor, audit, deciders


def review(
    session: Session,
    reviewer_id: int,
    entry_id: int,
    *,
    approve: bool,
    reason: str | None = None,
) -> RealizationEntry:
    """A verifikator's decision; only an entry still waiting can be decided, and never by the
    one who submitted it (four eyes, admins included)."""
    who = reviewer(session, reviewer_id)
    entry = session.exec(
        select(RealizationEntry).where(RealizationEntry.id == entry_id).with_for_update()
    ).first()
    if entry is None or entry.kind == EntryKind.WITHDRAWAL:
        raise NotFound("review.not_found", entry=entry_id)
    _check_decidable(session, who, entry)
    if not approve and not (reason and reason.strip()):
        raise InvalidInput("review.reason_missing", entry=entry_id)
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


def reviewer(session: Session, actor_id: int) -> Actor:
    """Someone who decides entries: a verifikator or an admin."""
    return actor(session, actor_id, Role.VERIFIKATOR, Role.ADMIN)


def check_undecided(session: Session, reviewer_id: int, entry_id: int) -> None:
    """Before a reason for a rejection is asked: may this reviewer still decide the entry?"""
    who = reviewer(session, reviewer_id)
    entry = session.get(RealizationEntry, entry_id)
    if entry is None or entry.kind == EntryKind.WITHDRAWAL:
        raise NotFound("review.gone", entry=entry_id)
    _check_decidable(session, who, entry)


def _check_decidable(session: Session, who: Actor, entry: RealizationEntry) -> None:
    """The entry is of the reviewer's agency, not their own, and still waiting."""
    if agency_id_of(session, entry) != who.agency_id:
        raise PermissionDenied("review.other_agency", entry=entry.id)
    if entry.submitted_by == who.telegram_id:
        others = deciders(session, who.agency_id, entry.submitted_by).names
        if not others:
            raise PermissionDenied("review.own_entry_alone", entry=entry.id)
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise PermissionDenied("review.own_entry", entry=entry.id, others=shown)
    if entry.status != EntryStatus.DIAJUKAN:
        raise Conflict("review.decided", entry=entry.id, status=str(entry.status))


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
