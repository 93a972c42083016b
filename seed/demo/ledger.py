"""A year's ledger: monthly entries per sub-activity as officers record them, then what follows.

Entries are written in bulk with their ids returned, so the follow-ups (corrections of ~4% of the
approved entries, one withdrawal in the open year, and the verifier's review of every decided
entry) can point at them, as the real ledger's rows do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from lakip_model.models import (
    EntryKind,
    EntryReview,
    EntryStatus,
    Indicator,
    RealizationEntry,
)
from lakip_model.numbers import parse_quantity
from seed.demo.budget import Node, Program
from seed.demo.builder import Builder
from seed.demo.common import OPEN_MONTHS
from seed.demo.typed import cumulative_quantity, indicator_realized
from seed.demo.words import MONTH_WEIGHTS


def ledger(
    b: Builder,
    year: int,
    shape: list[Program],
    nodes: dict[str, Node],
    indicators: list[tuple[Indicator, str]],
    closed: bool,
) -> None:
    """Monthly entries per sub-activity, then corrections, reviews and a withdrawal."""
    rng = b.rng
    months = list(range(1, 13 if closed else OPEN_MONTHS + 1))
    total_weight = sum(MONTH_WEIGHTS)
    entries: list[dict[str, Any]] = []
    for program in shape:
        for _k, _name, subs in program.kegiatan:
            for sub in subs:
                node = nodes[sub.key]
                absorption = rng.uniform(0.72, 0.99)
                achievement = rng.uniform(0.6, 1.1) if rng.random() < 0.35 else 1.0
                reports_quantity = rng.random() < 0.85
                operator = rng.choice(b.operators[sub.unit_index])
                cumulative = 0
                for month in months:
                    cumulative += MONTH_WEIGHTS[month - 1]
                    amount = int((node.pagu or 0) * absorption * MONTH_WEIGHTS[month - 1])
                    amount = amount // total_weight // 1000 * 1000 + rng.randint(0, 999)
                    quantity_text = None
                    if reports_quantity:
                        quantity_text = cumulative_quantity(
                            sub, achievement * cumulative / total_weight
                        )
                    if rng.random() < 0.02:  # rejected first, then sent again
                        entries.append(
                            _entry(
                                node,
                                year,
                                month,
                                amount * 10,
                                quantity_text,
                                operator,
                                EntryStatus.DITOLAK,
                                day=3,
                            )
                        )
                    status = EntryStatus.DISETUJUI
                    if not closed and month == months[-1]:
                        status = EntryStatus.DIAJUKAN if rng.random() < 0.7 else status
                    elif not closed and month == months[-2] and rng.random() < 0.2:
                        status = EntryStatus.DIAJUKAN
                    entries.append(
                        _entry(node, year, month, amount, quantity_text, operator, status)
                    )
    # program rows: the indicator's realization, reported at year end (mid-year if open)
    for program in shape:
        if program.indicator is None:
            continue
        _ind, target_text = indicators[program.indicator]
        value = indicator_realized(rng, target_text, 1.0 if closed else 0.5)
        entries.append(
            _entry(
                nodes[program.key],
                year,
                None if closed else 6,
                None,
                value,
                (b.verifier[0], b.verifier[1]),
                EntryStatus.DISETUJUI,
            )
        )
    ids = b.insert(RealizationEntry, entries, returning=True)
    for entry, entry_id in zip(entries, ids, strict=True):
        entry["id"] = entry_id
    _followups(b, entries, closed)


def _entry(
    node: Node,
    year: int,
    month: int | None,
    amount: int | None,
    quantity_text: str | None,
    who: tuple[int, str],
    status: EntryStatus,
    *,
    day: int = 5,
    kind: EntryKind = EntryKind.ENTRY,
    replaces_id: int | None = None,
) -> dict[str, Any]:
    """One ledger row as the bot writes it, sent early the month after (year end: 20 January)."""
    quantity = parse_quantity(quantity_text)
    if month is None:
        at = datetime(year + 1, 1, 20, 2, 0, tzinfo=UTC)
    elif month == 12:
        at = datetime(year + 1, 1, day, 2, 0, tzinfo=UTC)
    else:
        at = datetime(year, month + 1, day, 2, 0, tzinfo=UTC)
    return {
        "node_id": node.id,
        "year": year,
        "month": month,
        "quantity": quantity.value,
        "quantity_text": quantity_text,
        "amount": amount,
        "kind": kind.value,
        "replaces_id": replaces_id,
        "status": status.value,
        "source": "telegram",
        "submitted_by": who[0],
        "submitted_by_name": who[1],
        "submitted_at": at,
        "note": None,
        "evidence_file_id": None,
    }


def _followups(b: Builder, entries: list[dict[str, Any]], closed: bool) -> None:
    """Approved corrections of ~4% of the entries, a withdrawal, and every review."""
    rng = b.rng
    later: list[dict[str, Any]] = []
    approved = [e for e in entries if e["status"] == EntryStatus.DISETUJUI.value]
    for entry in approved:
        if entry["amount"] is None or rng.random() >= 0.04:
            continue
        correction = dict(entry)
        correction.pop("id")
        correction.update(
            amount=int(entry["amount"] * rng.uniform(0.9, 1.1)),
            kind=EntryKind.CORRECTION.value,
            replaces_id=entry["id"],
            submitted_at=entry["submitted_at"] + timedelta(days=2),
            note="Koreksi nilai sesuai SP2D",
        )
        later.append(correction)
    if not closed:  # an officer withdrew a pending entry within the undo window
        pending = [e for e in entries if e["status"] == EntryStatus.DIAJUKAN.value]
        if pending:
            entry = rng.choice(pending)
            entry["status"] = EntryStatus.DITARIK.value
            later.append(
                {
                    **{k: v for k, v in entry.items() if k != "id"},
                    "quantity": None,
                    "quantity_text": None,
                    "amount": None,
                    "kind": EntryKind.WITHDRAWAL.value,
                    "replaces_id": entry["id"],
                    "status": EntryStatus.DISETUJUI.value,
                    "submitted_at": entry["submitted_at"] + timedelta(minutes=5),
                }
            )
            b.session.execute(
                RealizationEntry.__table__.update()  # type: ignore[attr-defined]
                .where(RealizationEntry.__table__.c.id == entry["id"])  # type: ignore[attr-defined]
                .values(status=EntryStatus.DITARIK.value)
            )
    later_ids = b.insert(RealizationEntry, later, returning=True)
    for entry, entry_id in zip(later, later_ids, strict=True):
        entry["id"] = entry_id
    reviews = []
    for entry in (*entries, *later):
        decided = entry["status"] in (EntryStatus.DISETUJUI.value, EntryStatus.DITOLAK.value)
        if not decided or entry["kind"] == EntryKind.WITHDRAWAL.value:
            continue
        rejected = entry["status"] == EntryStatus.DITOLAK.value
        reviews.append(
            {
                "entry_id": entry["id"],
                "decision": entry["status"],
                "reason": "Nilai tidak sesuai bukti" if rejected else None,
                "reviewer": b.verifier[0],
                "reviewed_at": entry["submitted_at"] + timedelta(days=1),
            }
        )
    b.insert(EntryReview, reviews)
