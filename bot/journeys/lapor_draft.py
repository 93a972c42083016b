"""The /lapor draft: what the officer has chosen and typed so far, as one typed object.

It lives in ``user_data`` between the steps, which ``bot.persistence`` stores as JSON in the
database, so a restart does not lose it. It is kept there as the plain dict of
:meth:`LaporDraft.to_dict`, under the same keys as the previous release's untyped draft: a draft
saved by that release loads as it is, and anything unreadable (a hand-edited row, a shape from
an older release) reads as no draft, which the journey answers as expired.

Each draft carries a random ``key`` from its first step (the idempotency key the ledger stores
with the entry). The persistence writes ``user_data`` on an interval, so the draft a restart
restores may be a step or two older than the one the officer saw; since the key never changes,
whichever state is restored still names the same report, and pressing Simpan on it again after
a crash returns the entry already saved instead of a second one. A draft of the previous release
has no key: it gets one when it is loaded (and keeps it from the next step on).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lakip_model.ledger import Draft

KEY = "lapor"  # the draft's key in user_data
INDICATOR_KEY = "lapor_indikator"  # the indicator branch's draft (bot.journeys.lapor_indicator)


def new_key() -> str:
    """A draft's idempotency key: random, so no other draft (of anyone) has it."""
    return secrets.token_urlsafe(16)


@dataclass
class LaporDraft:
    year: int
    query: str = ""  # the words that filter the sub-activities of step 1
    node_id: int | None = None
    title: str = ""  # "<key> <name>" of the chosen sub-activity
    months: list[int] = field(default_factory=list)  # the months that may be chosen
    month: int | None = None
    quantity: Decimal | None = None
    quantity_text: str | None = None  # as typed
    amount: int | None = None
    note: str | None = None
    photo: str | None = None  # Telegram file id of the evidence
    confirmed: list[str] = field(default_factory=list)  # warning codes the officer accepted
    pending_check: str | None = None  # the warning code a yes/retype button answers
    expected_replaces: int | None = None  # the entry the confirmation said would be replaced
    reached_confirm: bool = False  # the figures are complete (a conflict goes back there)
    key: str = field(default_factory=new_key)  # the same from step 1 to the saved entry

    def domain(self, *, amount: bool = True) -> Draft:
        """The draft as ``lakip_model.ledger`` checks and saves it."""
        assert self.node_id is not None and self.month is not None
        return Draft(
            node_id=self.node_id,
            year=self.year,
            month=self.month,
            quantity=self.quantity,
            quantity_text=self.quantity_text,
            amount=self.amount if amount else None,
            note=self.note,
            evidence_file_id=self.photo,
            key=self.key,
        )

    def confirm(self, code: str) -> None:
        if code not in self.confirmed:
            self.confirmed.append(code)

    def unconfirm(self, code: str) -> None:
        self.confirmed = [c for c in self.confirmed if c != code]

    def to_dict(self) -> dict[str, Any]:
        """JSON values only (the persistence stores user_data as JSON)."""
        return {
            "year": self.year,
            "query": self.query,
            "node_id": self.node_id,
            "title": self.title,
            "months": list(self.months),
            "month": self.month,
            "quantity": None if self.quantity is None else str(self.quantity),
            "quantity_text": self.quantity_text,
            "amount": self.amount,
            "note": self.note,
            "photo": self.photo,
            "confirmed": list(self.confirmed),
            "pending_check": self.pending_check,
            "expected_replaces": self.expected_replaces,
            "reached_confirm": self.reached_confirm,
            "key": self.key,
        }

    @classmethod
    def from_dict(cls, data: object) -> LaporDraft | None:
        """The draft stored by :meth:`to_dict` (or by the previous release); None if unreadable."""
        if not isinstance(data, dict):
            return None
        try:
            year = _int(data.get("year"))
            if year is None:
                return None
            quantity = data.get("quantity")
            return cls(
                year=year,
                query=_str(data.get("query")) or "",
                node_id=_int(data.get("node_id")),
                title=_str(data.get("title")) or "",
                months=[_required(_int(m)) for m in _list(data.get("months"))],
                month=_int(data.get("month")),
                quantity=None if quantity is None else Decimal(_required(_str(quantity))),
                quantity_text=_str(data.get("quantity_text")),
                amount=_int(data.get("amount")),
                note=_str(data.get("note")),
                photo=_str(data.get("photo")),
                confirmed=[_required(_str(c)) for c in _list(data.get("confirmed"))],
                pending_check=_str(data.get("pending_check")),
                expected_replaces=_int(data.get("expected_replaces")),
                reached_confirm=data.get("reached_confirm") is True,
                key=_str(data.get("key")) or new_key(),  # the previous release's has none
            )
        except (TypeError, ValueError, InvalidOperation):
            return None


def _int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


def _str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _list(value: object) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _required(value: Any) -> Any:
    if value is None:
        raise TypeError("a list item is missing")
    return value


def load(user_data: dict[Any, Any] | None) -> LaporDraft | None:
    return None if user_data is None else LaporDraft.from_dict(user_data.get(KEY))


def keep(user_data: dict[Any, Any] | None, draft: LaporDraft) -> None:
    assert user_data is not None
    user_data[KEY] = draft.to_dict()


def drop(user_data: dict[Any, Any] | None) -> None:
    """Drop the draft, and the indicator branch's if there is one (both end with /lapor)."""
    if user_data is not None:
        user_data.pop(KEY, None)
        user_data.pop(INDICATOR_KEY, None)
