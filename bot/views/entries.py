"""Recording and verification as the user sees them: every message, keyboard and button kind of
/lapor, /riwayat, /urungkan and /verifikasi.

The journeys (``bot.journeys.lapor``, ``history``, ``undo``, ``review``) decide what to show and
pass in what ``lakip_model.ledger`` returned; nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, tzinfo
from decimal import Decimal
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Button, Month, Page, RowId, button
from bot.views.common import (
    Reply,
    buttons,
    esc,
    fit_rows,
    paginate,
    pre,
    rupiah,
    short,
)
from lakip_model.indicator_ledger import IndicatorCard, period_label
from lakip_model.ledger import (
    FarOverPagu,
    HighQuantity,
    HistoryRow,
    OverPagu,
    Replaces,
    Standing,
    Warning,
    YearBudget,
)
from lakip_model.models import BudgetNode, EntryKind, EntryStatus, RealizationEntry
from lakip_model.numbers import (
    format_date,
    format_decimal,
    format_month,
    format_percent,
    format_rupiah,
    format_rupiah_words,
)

PAGE_NODES = 8
Subject = BudgetNode | IndicatorCard  # what an entry is for: a budget row or an indicator


def indicator_rows(card: IndicatorCard) -> list[tuple[str, str]]:
    """An indicator entry's target and what its figure achieves, on every card of it."""
    achieved = format_percent(card.achievement) if card.achievement is not None else "–"
    if card.category:
        achieved += f" ({card.category})"
    target = card.target_text or texts.NO_PLAN
    return [(texts.LABEL_TARGET, target), (texts.LABEL_ACHIEVEMENT, achieved)]


# --- button kinds -------------------------------------------------------------------------------
# /lapor's buttons carry only what the step needs; the draft is on the server, so a button of an
# earlier step (or of someone else's chat) is checked against it, never trusted.


@button("lapor.indicators")
class LaporIndicators(Button):
    """/lapor step 1: record an indicator's figure instead of a sub-activity's."""


@button("lapor.node")
class LaporNode(Button):
    """Step 1: this sub-activity."""

    node: RowId


@button("lapor.page")
class LaporPage(Button):
    """Step 1: another page of sub-activities."""

    page: Page


@button("lapor.month")
class LaporMonth(Button):
    """Step 2: this month."""

    month: Month


@button("lapor.months")
class LaporAllMonths(Button):
    """Step 2: every month of the year, not only the recent ones."""


@button("lapor.replace")
class LaporReplace(Button):
    """An entry stands for the month: replace it (a correction)."""


@button("lapor.confirm")
class LaporConfirm(Button):
    """A warning about a typed figure: yes, it is right."""


@button("lapor.retype")
class LaporRetype(Button):
    """A warning about a typed figure: type it again."""


@button("lapor.skip")
class LaporSkip(Button):
    """An optional step (quantity, note, photo): skip it."""


@button("lapor.save")
class LaporSave(Button):
    """The confirmation: save (the only button that writes)."""


@button("lapor.cancel")
class LaporCancel(Button):
    """Leave /lapor without saving."""


class EntryField(StrEnum):
    """What the confirmation screen can send the officer back to change."""

    PERIOD = "periode"
    QUANTITY = "kuantitas"
    AMOUNT = "rupiah"
    NOTE = "catatan"
    PHOTO = "foto"


@button("lapor.edit")
class LaporEdit(Button):
    """The confirmation: change one field (its step, then straight back to the confirmation)."""

    field: EntryField


@button("lapor.back")
class LaporBack(Button):
    """While changing a field: back to the confirmation, the field as it was."""


LAPOR_BUTTONS: tuple[type[Button], ...] = (
    LaporNode,
    LaporPage,
    LaporMonth,
    LaporAllMonths,
    LaporReplace,
    LaporConfirm,
    LaporRetype,
    LaporSkip,
    LaporSave,
    LaporCancel,
    LaporEdit,
    LaporBack,
)


@button("history.node")
class HistoryNode(Button):
    """/riwayat of one sub-activity, chosen among several that matched."""

    node: RowId


@button("review.approve")
class ReviewApprove(Button):
    entry: RowId


@button("review.reject")
class ReviewReject(Button):
    """Reject: a reason is asked next."""

    entry: RowId


# --- an entry -----------------------------------------------------------------------------------


@dataclass
class EntryView:
    """An entry (or a draft) as the officer, the verifikator and the history show it."""

    node_key: str
    node_name: str
    period: str
    quantity_text: str | None
    amount: int | None
    budget: YearBudget | None = None  # the row's year beside it (ledger.year_budget)
    note: str | None = None
    has_photo: bool = False
    by: str | None = None
    status: str | None = None
    kind: str | None = None
    submitted: str | None = None  # when it was sent, in the bot's time zone
    replaced: str | None = None  # the correction that replaces it, in a line
    indicator: IndicatorCard | None = None  # an indicator's figure: target, capaian, causes
    causes: str | None = None
    is_indicator: bool = False


def submitted_text(entry: RealizationEntry, tz: tzinfo) -> str:
    """ "15 Mei 2026 09.00": when an entry was sent (stored in UTC; SQLite returns it naive)."""
    at = entry.submitted_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(tz)
    return f"{format_date(local.date())} {local:%H.%M}"


def period_of(year: int, month: int | None) -> str:
    return format_month(year, month) if month else str(year)


def entry_view(
    entry: RealizationEntry,
    node: Subject | None,
    *,
    budget: YearBudget | None = None,
    with_status: bool = False,
    tz: tzinfo | None = None,
) -> EntryView:
    """A saved entry: with its row's year for the verifikator, with its status for the history,
    with the time it was sent when ``tz`` is given. ``node`` is an indicator's card for an
    indicator's figure (``ledger.node_of``)."""
    card = node if isinstance(node, IndicatorCard) else None
    period = card.period if card else period_of(entry.year, entry.month)
    if entry.indicator_id is not None and card is None:
        period = period_label(entry.year, entry.quarter)
    return EntryView(
        node_key=node.key if node else "?",
        node_name=node.name if node else "?",
        period=period,
        indicator=card,
        causes=entry.causes,
        is_indicator=entry.indicator_id is not None,
        quantity_text=entry.quantity_text,
        amount=entry.amount,
        budget=budget,
        note=entry.note,
        has_photo=bool(entry.evidence_file_id),
        by=entry.submitted_by_name,
        status=str(entry.status) if with_status else None,
        kind=str(entry.kind),
        submitted=submitted_text(entry, tz) if tz is not None else None,
    )


def budget_rows(budget: YearBudget) -> list[tuple[str, str]]:
    """The row's year beside an entry, the same on every screen (the /lapor steps, the
    confirmation, the verifikator's card): what is approved, what else waits, what remains."""
    rows: list[tuple[str, str]] = []
    if budget.pagu is not None:
        rows.append((texts.LABEL_PAGU, rupiah(budget.pagu)))
    rows.append((texts.LABEL_APPROVED_YEAR, rupiah(budget.approved)))
    if budget.waiting:
        rows.append((texts.LABEL_WAITING_YEAR, rupiah(budget.waiting)))
    if budget.remaining is not None:
        rows.append((texts.LABEL_REMAINING, rupiah(budget.remaining)))
    return rows


def entry_body(view: EntryView) -> str:
    lines = [f"<b>{esc(view.node_key)}</b> {esc(short(view.node_name, 120))}"]
    rows = [
        (texts.LABEL_PERIOD, view.period),
        (texts.LABEL_QUANTITY, view.quantity_text or "–"),
        (texts.LABEL_AMOUNT, rupiah(view.amount)),
    ]
    if view.is_indicator:
        rows = [*rows[:1], (texts.LABEL_REALIZATION, view.quantity_text or "–")]
    if view.indicator is not None:
        rows.extend(indicator_rows(view.indicator))
    if view.budget is not None:
        rows.extend(budget_rows(view.budget))
    lines.append(pre(fit_rows(rows)))
    if view.causes:
        lines.append(f"{texts.LABEL_CAUSES}: {esc(short(view.causes, 500))}")
    if view.note:
        lines.append(f"{texts.LABEL_NOTE}: {esc(short(view.note, 500))}")
    if view.has_photo:
        lines.append(f"{texts.LABEL_PHOTO}: ✓")
    if view.by:
        lines.append(f"{texts.LABEL_BY}: {esc(view.by)}")
    if view.submitted:
        lines.append(f"{texts.LABEL_SUBMITTED}: {view.submitted}")
    if view.status:
        kind = texts.KIND_LABELS.get(view.kind or "", "")
        lines.append(
            texts.STATUS_LABELS.get(view.status, view.status) + (f" · {kind}" if kind else "")
        )
    if view.replaced:
        lines.append(view.replaced)
    return "\n".join(lines)


def standing_summary(entry: Standing) -> str:
    """An entry in one line, inside a sentence: "Rp 1.000.000, 3, oleh Siti, diajukan"."""
    parts = []
    if entry.amount is not None:
        parts.append(format_rupiah(entry.amount))
    if entry.quantity_text:
        parts.append(entry.quantity_text)
    parts.append(texts.REPORT_BY.format(name=entry.by))
    parts.append(entry.status)
    return esc(", ".join(parts))


# --- /lapor -------------------------------------------------------------------------------------


def _cancel_row() -> list[tuple[str, str]]:
    return [(texts.BUTTON_CANCEL, LaporCancel().data())]


def _back_row(editing: bool) -> list[list[tuple[str, str]]]:
    """While a field is changed from the confirmation: the way back to it, unchanged."""
    return [[(texts.BUTTON_BACK_TO_CONFIRM, LaporBack().data())]] if editing else []


def skip_or_cancel(editing: bool = False) -> InlineKeyboardMarkup:
    """The keyboard of an optional step (when changed from the confirmation, "skip" empties the
    field, and "back" leaves it as it was)."""
    skip = texts.BUTTON_CLEAR if editing else texts.BUTTON_SKIP
    return buttons([[(skip, LaporSkip().data())], *_back_row(editing), _cancel_row()])


def node_choice(
    year: int, nodes: Sequence[BudgetNode], programs: dict[str, str], query: str, page: int
) -> Reply:
    """Step 1: the officer's sub-activities under their programs, a page at a time."""
    indicators = [(texts.BUTTON_LAPOR_INDICATORS, LaporIndicators().data())]
    if query and not nodes:
        return Reply(texts.REPORT_NO_MATCH.format(query=esc(query)), buttons([indicators]))
    if not nodes:
        return Reply(texts.REPORT_NO_NODES.format(year=year), buttons([indicators]))
    page, pages, start, end = paginate(len(nodes), page, PAGE_NODES)
    lines = [
        texts.REPORT_CHOOSE_NODE.format(
            year=year,
            filter=texts.REPORT_FILTER.format(query=esc(query)) if query else "",
        )
    ]
    rows: list[list[tuple[str, str]]] = []
    last_program = None
    for node in nodes[start:end]:
        program = node.key.split(".")[0]
        if program != last_program:
            lines.append(f"\n<b>{esc(programs.get(program, program))}</b>")
            last_program = program
        lines.append(f"• {esc(node.key)} {esc(short(node.name, 60))}")
        rows.append([(f"{node.key} {short(node.name, 30)}", LaporNode(int(node.id or 0)).data())])
    markup = buttons([*rows, indicators])  # beside the sub-activities: an indicator's figure
    nav = _page_row(page, pages)
    if nav:
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, nav])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), markup)


def _page_row(page: int, pages: int) -> list[InlineKeyboardButton]:
    row = []
    if page > 0:
        row.append(
            InlineKeyboardButton(texts.BUTTON_PREV, callback_data=LaporPage(page - 1).data())
        )
    if page < pages - 1:
        row.append(
            InlineKeyboardButton(texts.BUTTON_NEXT, callback_data=LaporPage(page + 1).data())
        )
    return row


def month_choice(
    title: str,
    year: int,
    months: Sequence[int],
    today: date,
    *,
    show_all: bool,
    editing: bool = False,
) -> Reply:
    """Step 2: the last three months (this one marked), or all of them three to a row."""
    current = today.month if year == today.year else months[-1]
    recent = [m for m in reversed(months) if m <= current][: 12 if show_all else 3]
    rows: list[list[tuple[str, str]]] = []
    row: list[tuple[str, str]] = []
    for m in recent if not show_all else months:
        label = format_month(year, m)
        if m == current and year == today.year:
            label = texts.BUTTON_THIS_MONTH.format(month=label)
        row.append((label, LaporMonth(m).data()))
        if len(row) == (1 if not show_all else 3):
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    if not show_all and len(months) > len(recent):
        rows.append([(texts.BUTTON_OTHER_MONTH, LaporAllMonths().data())])
    rows.extend(_back_row(editing))
    rows.append(_cancel_row())
    text = texts.REPORT_CHOOSE_MONTH.format(node=esc(short(title, 150)))
    return Reply(text, buttons(rows))


def existing_offer(period: str, existing: EntryView) -> Reply:
    """An entry already stands for the month: replace it, or choose another month."""
    text = texts.REPORT_EXISTING.format(period=period, existing=entry_body(existing))
    keyboard = buttons(
        [
            [(texts.BUTTON_REPLACE, LaporReplace().data())],
            [(texts.BUTTON_OTHER_MONTH, LaporAllMonths().data())],
            _cancel_row(),
        ]
    )
    return Reply(text, keyboard)


@dataclass(frozen=True)
class QuantityPrompt:
    """What step 3 shows of the row: its indicator, its target, the quantity last reported."""

    indicator: str | None
    target_text: str | None
    target_value: Decimal | None
    latest: str | None


def ask_quantity(period: str, prompt: QuantityPrompt, *, editing: bool = False) -> Reply:
    example = f"{prompt.target_value.normalize():f}" if prompt.target_value else "1"
    text = texts.REPORT_ASK_QUANTITY.format(
        period=period,
        indicator=esc(prompt.indicator or "–"),
        target=esc(prompt.target_text or "–"),
        previous=texts.REPORT_PREVIOUS_QTY.format(value=esc(prompt.latest))
        if prompt.latest
        else "",
        example=esc(example).replace(".", ","),
    )
    return Reply(text, skip_or_cancel(editing))


def quantity_refused(reason: str) -> str:
    return f"{reason}\n{texts.REPORT_USE_BUTTONS}"


def ask_amount(period: str, budget: YearBudget, *, editing: bool = False) -> Reply:
    """Step 4, with the pagu, what the year has so far and what remains (without this entry's
    Rupiah, which are not typed yet)."""
    text = texts.REPORT_ASK_AMOUNT.format(period=period, table=pre(fit_rows(budget_rows(budget))))
    return Reply(text, buttons([*_back_row(editing), _cancel_row()]))


def ask_note(*, editing: bool = False) -> Reply:
    return Reply(texts.REPORT_ASK_NOTE, skip_or_cancel(editing))


def ask_photo(*, editing: bool = False) -> Reply:
    return Reply(texts.REPORT_ASK_PHOTO, skip_or_cancel(editing))


def warning_text(warning: Warning) -> str:
    """A warning of ``ledger.assess`` in a sentence (HTML)."""
    if isinstance(warning, OverPagu):
        return texts.WARNING_OVER_PAGU.format(
            total=format_rupiah(warning.year_total),
            pagu=format_rupiah(warning.pagu),
            over=format_rupiah(warning.over),
        )
    if isinstance(warning, FarOverPagu):
        return texts.WARNING_FAR_OVER_PAGU.format(**_far_over_pagu(warning))
    if isinstance(warning, HighQuantity):
        target = warning.target
        shown = target.text or (format_decimal(target.value) if target.value else "")
        return texts.WARNING_HIGH_QUANTITY.format(
            quantity=format_decimal(warning.quantity), target=esc(shown)
        )
    assert isinstance(warning, Replaces)
    return texts.WARNING_REPLACES.format(
        period=format_month(warning.year, warning.month), existing=standing_summary(warning.entry)
    )


def _far_over_pagu(warning: FarOverPagu) -> dict[str, object]:
    return {
        "total": format_rupiah(warning.year_total),
        "words": format_rupiah_words(warning.year_total),
        "factor": warning.factor,
        "pagu": format_rupiah(warning.pagu),
    }


def amount_needs_admin(warning: FarOverPagu) -> Reply:
    """Step 4 refused for an operator: so far above the pagu that only an admin may confirm."""
    text = texts.REPORT_AMOUNT_NEEDS_ADMIN.format(**_far_over_pagu(warning))
    return Reply(text, buttons([_cancel_row()]))


def confirm_warning(warning: Warning) -> Reply:
    keyboard = buttons(
        [[(texts.BUTTON_YES, LaporConfirm().data()), (texts.BUTTON_RETYPE, LaporRetype().data())]]
    )
    return Reply(texts.REPORT_CONFIRM_WARNING.format(text=warning_text(warning)), keyboard)


def confirmation(view: EntryView, warnings: Sequence[Warning]) -> Reply:
    """The draft as it would be saved, its warnings, and the only button that writes."""
    body = entry_body(view)
    for warning in warnings:
        body += "\n" + texts.REPORT_WARNING.format(text=warning_text(warning))
    edits = [
        (texts.BUTTON_EDIT.format(field=texts.FIELD_LABELS[f]), LaporEdit(f).data())
        for f in EntryField
    ]
    keyboard = buttons(
        [
            [(texts.BUTTON_SAVE, LaporSave().data()), *_cancel_row()],
            edits[:2],
            edits[2:4],
            edits[4:],
        ]
    )
    return Reply(texts.REPORT_CONFIRM.format(body=body), keyboard)


def conflict_text(standing: Standing | None) -> str:
    """Someone saved for the row and month while the officer was typing."""
    changed = texts.CONFLICT_WITH.format(existing=standing_summary(standing)) if standing else ""
    return texts.REPORT_CONFLICT.format(text=texts.CONFLICT.format(changed=changed))


def saved_text(entry_id: int, kind: str) -> str:
    return texts.REPORT_SAVED.format(entry_id=entry_id, kind=texts.KIND_LABELS.get(kind, kind))


def already_saved_text(entry_id: int, kind: str, status: str) -> str:
    """Simpan pressed again on a draft saved before (a restart restored it)."""
    return texts.REPORT_ALREADY_SAVED.format(
        entry_id=entry_id,
        kind=texts.KIND_LABELS.get(kind, kind),
        status=texts.STATUS_LABELS.get(status, status),
    )


def timeout_text(seconds: int) -> str:
    return texts.REPORT_TIMEOUT.format(minutes=max(1, seconds // 60))


# --- /riwayat and /urungkan ---------------------------------------------------------------------


def history_choice(query: str, matches: Sequence[BudgetNode]) -> Reply:
    """Several sub-activities matched /riwayat's words: which one?"""
    rows = [
        [(f"{n.key} {short(n.name, 30)}", HistoryNode(int(n.id or 0)).data())] for n in matches[:10]
    ]
    return Reply(texts.HISTORY_TITLE.format(scope=f"«{esc(query)}»"), buttons(rows))


def history_no_match(query: str) -> Reply:
    return Reply(texts.HISTORY_NO_MATCH.format(query=esc(query)))


def history(rows: Sequence[HistoryRow], node: Subject | None, *, mine: bool, tz: tzinfo) -> Reply:
    """Entries newest first, each with when it was sent and the correction that replaces it
    (withdrawals are told by the entry they withdrew)."""
    if mine:
        scope = texts.HISTORY_MINE
    else:
        scope = f"{esc(node.key)} {esc(short(node.name, 80))}" if node else ""
    parts = [texts.HISTORY_TITLE.format(scope=scope)]
    if not rows:
        parts.append(texts.HISTORY_NONE)
    for row in rows:
        if row.entry.kind == EntryKind.WITHDRAWAL:
            continue
        view = entry_view(row.entry, None, with_status=True, tz=tz)
        view.node_key, view.node_name = row.node_key, row.node_name
        view.replaced = _replaced_line(row)
        block = f"#{row.entry.id} " + entry_body(view)
        if row.reason:
            block += "\n" + esc(row.reason)
        parts.append(block)
    return Reply("\n\n".join(parts))


def _replaced_line(row: HistoryRow) -> str | None:
    """An approved correction replaces the entry; a waiting one will once approved."""
    if row.correction_id is None:
        return None
    if row.correction_status == EntryStatus.DISETUJUI:
        return texts.HISTORY_REPLACED.format(entry_id=row.correction_id)
    return texts.HISTORY_CORRECTION_WAITING.format(entry_id=row.correction_id)


def undone_text(entry: RealizationEntry, node: Subject | None) -> str:
    view = entry_view(entry, node)
    return texts.UNDO_DONE.format(entry_id=entry.id, node=esc(view.node_key), period=view.period)


# --- verification -------------------------------------------------------------------------------


def review_keyboard(entry_id: int) -> InlineKeyboardMarkup:
    return buttons(
        [
            [
                (texts.BUTTON_APPROVE, ReviewApprove(entry_id).data()),
                (texts.BUTTON_REJECT_ENTRY, ReviewReject(entry_id).data()),
            ]
        ]
    )


def review_item(
    entry: RealizationEntry, node: Subject | None, budget: YearBudget | None, *, mine: bool
) -> Reply:
    """An entry waiting for a decision, as /verifikasi lists it (``budget``: its row's year
    beside it, ``ledger.entry_budget``, as the officer saw it in /lapor), with its buttons, or
    without them for the asker's own entry (four eyes)."""
    text = f"#{entry.id} " + entry_body(entry_view(entry, node, budget=budget))
    if mine:
        return Reply(text + "\n" + texts.REVIEW_OWN_ENTRY)
    return Reply(text, review_keyboard(int(entry.id or 0)))


def review_request(entry: RealizationEntry, node: Subject | None, budget: YearBudget | None) -> str:
    """A new entry as the verifikators are sent it."""
    body = entry_body(entry_view(entry, node, budget=budget))
    return texts.REVIEW_REQUEST.format(entry_id=entry.id, body=body)


def appoint_verifikator(entry_id: int, *, nobody: bool) -> str:
    """To the admins: no verifikator (besides the submitter) can decide the agency's entries."""
    template = texts.REVIEW_NOBODY_ELSE if nobody else texts.REVIEW_APPOINT
    return template.format(entry_id=entry_id)


def pending_title(count: int) -> str:
    return texts.REVIEW_PENDING_TITLE.format(count=count)


def approved_for_submitter(entry: RealizationEntry, node: Subject | None) -> str:
    view = entry_view(entry, node)
    return texts.REVIEW_USER_APPROVED.format(
        entry_id=entry.id, node=esc(view.node_key), period=view.period
    )


def rejected_for_submitter(entry: RealizationEntry, node: Subject | None, reason: str) -> str:
    view = entry_view(entry, node)
    return texts.REVIEW_USER_REJECTED.format(
        entry_id=entry.id, node=esc(view.node_key), period=view.period, reason=esc(reason[:500])
    )


def approved_note(reviewer: str) -> str:
    """Added to the verifikator's message once decided."""
    return texts.REVIEW_APPROVED_NOTE.format(reviewer=esc(reviewer))


def rejected_note(reviewer: str, reason: str) -> str:
    return texts.REVIEW_REJECTED_NOTE.format(reviewer=esc(reviewer), reason=esc(reason[:500]))


def notice_photo_caption(entry_id: int) -> str:
    """The photo's caption when the notice is too long to be one (the text follows it)."""
    return texts.REVIEW_PHOTO_CAPTION.format(entry_id=entry_id)


def notice_missed(entry_id: int, missed: int, total: int) -> str:
    """For the officer: the entry is saved, but not every verifikator got its notice."""
    if total == 0:
        return texts.REVIEW_NOTICE_NOBODY.format(entry_id=entry_id)
    return texts.REVIEW_NOTICE_MISSED.format(entry_id=entry_id, missed=missed, total=total)


def ask_reason(entry_id: int) -> str:
    return texts.REVIEW_ASK_REASON.format(entry_id=entry_id)
