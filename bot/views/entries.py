"""An entry, or a draft of one, as the officer, the verifikator and the history show it."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.views.common import (
    esc,
    fit_rows,
    pre,
    rupiah,
    short,
)
from lakip_model.numbers import format_percent


@dataclass
class EntryView:
    """An entry (or a draft) as the officer, the verifikator and the history show it."""

    node_key: str
    node_name: str
    period: str
    quantity_text: str | None
    amount: int | None
    year_total: int | None = None
    pagu: int | None = None
    note: str | None = None
    has_photo: bool = False
    by: str | None = None
    status: str | None = None
    kind: str | None = None


def entry_body(view: EntryView) -> str:
    lines = [f"<b>{esc(view.node_key)}</b> {esc(short(view.node_name, 120))}"]
    rows = [
        (texts.LABEL_PERIOD, view.period),
        (texts.LABEL_QUANTITY, view.quantity_text or "–"),
        (texts.LABEL_AMOUNT, rupiah(view.amount)),
    ]
    if view.year_total is not None:
        rows.append((texts.LABEL_YEAR_TOTAL, rupiah(view.year_total)))
    if view.pagu is not None:
        rows.append((texts.LABEL_PAGU, rupiah(view.pagu)))
        rows.append((texts.LABEL_REMAINING, rupiah(view.pagu - (view.year_total or 0))))
        if view.year_total is not None and view.pagu:
            from lakip_model.arithmetic import absorption

            rows.append(
                (texts.LABEL_ABSORPTION, format_percent(absorption(view.year_total, view.pagu)))
            )
    lines.append(pre(fit_rows(rows)))
    if view.note:
        lines.append(f"{texts.LABEL_NOTE}: {esc(short(view.note, 500))}")
    if view.has_photo:
        lines.append(f"{texts.LABEL_PHOTO}: ✓")
    if view.by:
        lines.append(f"{texts.LABEL_BY}: {esc(view.by)}")
    if view.status:
        kind = texts.KIND_LABELS.get(view.kind or "", "")
        lines.append(
            texts.STATUS_LABELS.get(view.status, view.status) + (f" · {kind}" if kind else "")
        )
    return "\n".join(lines)
