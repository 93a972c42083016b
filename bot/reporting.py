"""/lapor: an officer records a realization in a guided, tap-first conversation.

Steps: sub-activity → month → quantity → Rupiah → note → photo → confirmation; only "Simpan"
writes. The draft lives in ``user_data`` (persisted in the database by ``bot.persistence``), so
a restart does not lose it, and it holds plain JSON values only. Every step that touches the
ledger asks the domain again, with the presser's id: a forged or replayed button is refused
there, not trusted here. Also /riwayat (history) and /urungkan (undo).

Callback data, all ``lp|...``: ``n|<node>`` pick, ``pg|<page>`` page, ``m|<month>`` month,
``am`` all months, ``rp`` replace, ``yes`` confirm a warning, ``re`` retype, ``skip``, ``save``,
``x`` cancel. History: ``rw|<node>``.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import commands, review, texts
from bot.common import edit, parse_id, per_user_conversation, send
from bot.context import App, BotContext, settings_of
from bot.views import common as ui
from bot.views import entries as entry_view
from bot.views.common import Reply, buttons, callback
from lakip_model import ledger, search
from lakip_model.ledger import Assessment, Conflict, Draft, EntryError
from lakip_model.models import (
    BudgetNode,
    EntryStatus,
    FiscalYear,
    NodeLevel,
    RealizationEntry,
    Role,
)
from lakip_model.numbers import (
    NumberParseError,
    format_month,
    parse_quantity,
    parse_rupiah,
)
from lakip_model.users import PermissionDenied, require

log = logging.getLogger(__name__)

NODE, MONTH, REPLACE, QUANTITY, QTY_CHECK, AMOUNT, AMOUNT_CHECK, NOTE, PHOTO, CONFIRM = range(10)
DRAFT = "lapor"
PAGE_NODES = 8
NOTE_MAX = 500


# --- the draft ----------------------------------------------------------------------------------


def _draft(context: BotContext) -> dict[str, Any] | None:
    assert context.user_data is not None
    return context.user_data.get(DRAFT)


def _domain(d: dict[str, Any]) -> Draft:
    return Draft(
        node_id=int(d["node_id"]),
        year=int(d["year"]),
        month=int(d["month"]),
        quantity=Decimal(d["quantity"]) if d.get("quantity") is not None else None,
        quantity_text=d.get("quantity_text"),
        amount=d.get("amount"),
        note=d.get("note"),
        evidence_file_id=d.get("photo"),
    )


async def _reply(update: Update, reply: Reply) -> None:
    """Edit the pressed message for a button, send a new one for typed text."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text[:190], show_alert=True)
    else:
        await send(update, text)


def _skip_or_cancel() -> InlineKeyboardMarkup:
    """The keyboard of an optional step."""
    return buttons(
        [
            [(texts.BUTTON_SKIP, callback("lp", "skip"))],
            [(texts.BUTTON_CANCEL, callback("lp", "x"))],
        ]
    )


# --- step 1: the sub-activity -------------------------------------------------------------------


def _node_reply(session: Session, user_id: int, fy: FiscalYear, query: str, page: int) -> Reply:
    actor = require(session, user_id, Role.OPERATOR, Role.ADMIN)
    nodes = ledger.recordable_nodes(session, actor, fy)
    if query:
        nodes = search.rows(nodes, query)
        if not nodes:
            return Reply(texts.REPORT_NO_MATCH.format(query=ui.esc(query)))
    elif not nodes:
        return Reply(texts.REPORT_NO_NODES.format(year=fy.year))
    page, pages, start, end = ui.paginate(len(nodes), page, PAGE_NODES)
    programs = _program_names(session, fy)
    lines = [
        texts.REPORT_CHOOSE_NODE.format(
            year=fy.year,
            filter=texts.REPORT_FILTER.format(query=ui.esc(query)) if query else "",
        )
    ]
    rows: list[list[tuple[str, str]]] = []
    last_program = None
    for node in nodes[start:end]:
        program = node.key.split(".")[0]
        if program != last_program:
            lines.append(f"\n<b>{ui.esc(programs.get(program, program))}</b>")
            last_program = program
        lines.append(f"• {ui.esc(node.key)} {ui.esc(ui.short(node.name, 60))}")
        rows.append([(f"{node.key} {ui.short(node.name, 30)}", callback("lp", "n", node.id))])
    nav = ui.nav_row(("lp", "pg"), page, pages)
    markup = buttons(rows)
    if nav:
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, nav])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    return Reply("\n".join(lines), markup)


def _program_names(session: Session, fy: FiscalYear) -> dict[str, str]:
    return {
        key: name
        for key, name in session.exec(
            select(BudgetNode.key, BudgetNode.name).where(
                BudgetNode.fiscal_year_id == fy.id, BudgetNode.level == NodeLevel.PROGRAM
            )
        )
    }


def _reporting_year(session: Session, user_id: int, today: date) -> FiscalYear:
    actor = require(session, user_id, Role.OPERATOR, Role.ADMIN)
    fy = ledger.reporting_year(session, actor.agency_id, today)
    if fy is None:
        raise EntryError(texts.REPORT_NO_YEAR.format(year=today.year))
    return fy


async def start(update: Update, context: BotContext) -> int:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None and context.user_data is not None
    if chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return ConversationHandler.END
    today = context.today()
    query = " ".join(context.args or [])

    def work(session: Session) -> tuple[int, Reply]:
        fy = _reporting_year(session, user.id, today)
        return fy.year, _node_reply(session, user.id, fy, query, 0)

    try:
        year, reply = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await send(update, str(exc))
        return ConversationHandler.END
    context.user_data[DRAFT] = {"year": year, "query": query}
    await send(update, reply)
    return NODE


async def search_nodes(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None:
        await send(update, texts.REPORT_EXPIRED_DRAFT)
        return ConversationHandler.END
    assert update.message is not None and update.effective_user is not None
    d["query"] = (update.message.text or "").strip()[:60]
    return await _show_nodes(update, context, d, 0)


async def node_page(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None:
        return await _expired(update)
    page = _int_part(update, 2)
    return await _show_nodes(update, context, d, page or 0)


async def _show_nodes(update: Update, context: BotContext, d: dict[str, Any], page: int) -> int:
    user_id = update.effective_user.id if update.effective_user else 0
    today = context.today()

    def work(session: Session) -> Reply:
        fy = _reporting_year(session, user_id, today)
        return _node_reply(session, user_id, fy, d.get("query") or "", page)

    try:
        await _reply(update, await context.db(work))
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return ConversationHandler.END
    return NODE


def _int_part(update: Update, index: int) -> int | None:
    query = update.callback_query
    try:
        return parse_id((query.data or "").split("|")[index]) if query else None
    except IndexError:
        return None


async def _expired(update: Update) -> int:
    await _refuse(update, texts.REPORT_EXPIRED_DRAFT)
    return ConversationHandler.END


# --- step 2: the month --------------------------------------------------------------------------


async def pick_node(update: Update, context: BotContext) -> int:
    d = _draft(context)
    node_id = _int_part(update, 2)
    if d is None or node_id is None:
        return await _expired(update)
    user_id = update.effective_user.id if update.effective_user else 0
    today = context.today()

    def work(session: Session) -> tuple[str, list[int]]:
        actor = require(session, user_id, Role.OPERATOR, Role.ADMIN)
        node = session.get(BudgetNode, node_id)
        fy = session.get(FiscalYear, node.fiscal_year_id) if node else None
        if node is None or fy is None or node.level != NodeLevel.SUB_KEGIATAN:
            raise EntryError(texts.STALE_BUTTON)
        if fy.agency_id != actor.agency_id or not actor.can_record(node):
            raise PermissionDenied("Sub kegiatan ini bukan tanggung jawab unit Anda.")
        return f"{node.key} {node.name}", ledger.reportable_months(fy, today)

    try:
        title, months = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return NODE
    if not months:
        await _refuse(update, texts.REPORT_NO_YEAR.format(year=today.year))
        return ConversationHandler.END
    d.update(node_id=node_id, title=title, months=months)
    await _reply(update, _month_reply(d, today, show_all=False))
    return MONTH


def _month_reply(d: dict[str, Any], today: date, *, show_all: bool) -> Reply:
    year, months = int(d["year"]), list(d["months"])
    current = today.month if year == today.year else months[-1]
    recent = [m for m in reversed(months) if m <= current][: 12 if show_all else 3]
    rows: list[list[tuple[str, str]]] = []
    row: list[tuple[str, str]] = []
    for m in recent if not show_all else months:
        label = format_month(year, m)
        if m == current and year == today.year:
            label = texts.BUTTON_THIS_MONTH.format(month=label)
        row.append((label, callback("lp", "m", m)))
        if len(row) == (1 if not show_all else 3):
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    if not show_all and len(months) > len(recent):
        rows.append([(texts.BUTTON_OTHER_MONTH, callback("lp", "am"))])
    rows.append([(texts.BUTTON_CANCEL, callback("lp", "x"))])
    text = texts.REPORT_CHOOSE_MONTH.format(node=ui.esc(ui.short(d["title"], 150)))
    return Reply(text, buttons(rows))


async def all_months(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "months" not in d:
        return await _expired(update)
    await _reply(update, _month_reply(d, context.today(), show_all=True))
    return MONTH


async def pick_month(update: Update, context: BotContext) -> int:
    d = _draft(context)
    month = _int_part(update, 2)
    if d is None or month is None or "node_id" not in d:
        return await _expired(update)
    if month not in d.get("months", []):
        await _refuse(update, texts.STALE_BUTTON)
        return MONTH
    d["month"] = month
    d.pop("confirmed", None)
    return await _check_existing(update, context, d)


async def _check_existing(
    update: Update, context: BotContext, d: dict[str, Any], *, fresh: bool = False
) -> int:
    """Offer to replace an entry that already stands for this row and month.

    ``fresh``: as a new message (after a conflict note), not in place of the pressed one.
    """

    def work(session: Session) -> tuple[int | None, str]:
        existing = ledger.current_entry(session, int(d["node_id"]), int(d["year"]), int(d["month"]))
        if existing is None:
            return None, ""
        view = _entry_view(session, existing)
        return int(existing.id or 0), entry_view.entry_body(view)

    existing_id, body = await context.db(work)
    d["replaces"] = existing_id
    if existing_id is None:
        return await _ask_quantity(update, context, d)
    period = format_month(int(d["year"]), int(d["month"]))
    text = texts.REPORT_EXISTING.format(period=period, existing=body)
    keyboard = buttons(
        [
            [(texts.BUTTON_REPLACE, callback("lp", "rp"))],
            [(texts.BUTTON_OTHER_MONTH, callback("lp", "am"))],
            [(texts.BUTTON_CANCEL, callback("lp", "x"))],
        ]
    )
    if fresh:
        await send(update, Reply(text, keyboard))
    else:
        await _reply(update, Reply(text, keyboard))
    return REPLACE


async def confirm_replace(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "month" not in d:
        return await _expired(update)
    d.setdefault("confirmed", [])
    if ledger.REPLACES not in d["confirmed"]:
        d["confirmed"].append(ledger.REPLACES)
    if d.get("reached_confirm"):  # a conflict at saving: the figures are already typed
        return await _show_confirmation(update, context, d)
    return await _ask_quantity(update, context, d)


# --- step 3: quantity ---------------------------------------------------------------------------


async def _ask_quantity(update: Update, context: BotContext, d: dict[str, Any]) -> int:
    def work(session: Session) -> tuple[str, str, str, str]:
        node = session.get(BudgetNode, int(d["node_id"]))
        assert node is not None
        latest = _latest_quantity(session, node, int(d["year"]))
        example = ui.esc(f"{node.target_value.normalize():f}" if node.target_value else "1")
        return (
            ui.esc(node.indicator_text or "–"),
            ui.esc(node.target_text or "–"),
            texts.REPORT_PREVIOUS_QTY.format(value=ui.esc(latest)) if latest else "",
            example.replace(".", ","),
        )

    indicator, target, previous, example = await context.db(work)
    text = texts.REPORT_ASK_QUANTITY.format(
        period=format_month(int(d["year"]), int(d["month"])),
        indicator=indicator,
        target=target,
        previous=previous,
        example=example,
    )
    keyboard = _skip_or_cancel()
    await _reply(update, Reply(text, keyboard))
    return QUANTITY


def _latest_quantity(session: Session, node: BudgetNode, year: int) -> str | None:
    text = session.exec(
        select(RealizationEntry.quantity_text)
        .where(
            RealizationEntry.node_id == node.id,
            RealizationEntry.year == year,
            col(RealizationEntry.quantity_text).is_not(None),
            col(RealizationEntry.status).in_([EntryStatus.DIAJUKAN, EntryStatus.DISETUJUI]),
        )
        .order_by(col(RealizationEntry.month).desc(), col(RealizationEntry.id).desc())
    ).first()
    return text


async def got_quantity(update: Update, context: BotContext) -> int:
    d = _draft(context)
    assert update.message is not None
    if d is None or "month" not in d:
        return await _expired(update)
    text = (update.message.text or "").strip()
    try:
        quantity = parse_quantity(text)
        if quantity.value is None:
            raise NumberParseError("Kuantitas kosong. Ketik angkanya, mis. 5.")
    except NumberParseError as exc:
        await send(update, f"{ui.esc(str(exc))}\n{texts.REPORT_USE_BUTTONS}")
        return QUANTITY
    d["quantity"] = str(quantity.value)
    d["quantity_text"] = text[:60]
    return await _check(update, context, d, ledger.HIGH_QUANTITY, QTY_CHECK, _ask_amount)


async def skip_quantity(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "month" not in d:
        return await _expired(update)
    d["quantity"] = d["quantity_text"] = None
    return await _ask_amount(update, context, d)


async def _check(
    update: Update,
    context: BotContext,
    d: dict[str, Any],
    code: str,
    check_state: int,
    next_step: Any,
) -> int:
    """Ask the domain; a warning of kind ``code`` must be confirmed before the next step."""
    user_id = update.effective_user.id if update.effective_user else 0
    today = context.today()

    def work(session: Session) -> Assessment:
        return ledger.assess(session, user_id, _domain(d), today)

    try:
        checked = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return ConversationHandler.END
    warning = next((w for w in checked.warnings if w.code == code), None)
    if warning is None or code in d.get("confirmed", []):
        return int(await next_step(update, context, d))
    d["pending_check"] = code
    keyboard = buttons(
        [[(texts.BUTTON_YES, callback("lp", "yes")), (texts.BUTTON_RETYPE, callback("lp", "re"))]]
    )
    await _reply(
        update, Reply(texts.REPORT_CONFIRM_WARNING.format(text=ui.esc(warning.text)), keyboard)
    )
    return check_state


async def confirm_warning(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "pending_check" not in d:
        return await _expired(update)
    code = d.pop("pending_check")
    d.setdefault("confirmed", []).append(code)
    if code == ledger.HIGH_QUANTITY:
        return await _ask_amount(update, context, d)
    return await _ask_note(update, context, d)


async def retype(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "pending_check" not in d:
        return await _expired(update)
    code = d.pop("pending_check")
    if code == ledger.HIGH_QUANTITY:
        return await _ask_quantity(update, context, d)
    return await _ask_amount(update, context, d)


# --- step 4: Rupiah -----------------------------------------------------------------------------


async def _ask_amount(update: Update, context: BotContext, d: dict[str, Any]) -> int:
    user_id = update.effective_user.id if update.effective_user else 0
    today = context.today()

    def work(session: Session) -> Assessment:
        return ledger.assess(session, user_id, _domain({**d, "amount": None}), today)

    try:
        checked = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return ConversationHandler.END
    rows = [(texts.LABEL_PAGU, ui.rupiah(checked.pagu))]
    rows.append((texts.LABEL_YEAR_TOTAL, ui.rupiah(checked.year_amount_before)))
    if checked.pagu is not None:
        rows.append((texts.LABEL_REMAINING, ui.rupiah(checked.pagu - checked.year_amount_before)))
    text = texts.REPORT_ASK_AMOUNT.format(
        period=format_month(int(d["year"]), int(d["month"])),
        table=ui.pre(ui.figure_table(rows)),
    )
    keyboard = buttons([[(texts.BUTTON_CANCEL, callback("lp", "x"))]])
    await _reply(update, Reply(text, keyboard))
    return AMOUNT


async def got_amount(update: Update, context: BotContext) -> int:
    d = _draft(context)
    assert update.message is not None
    if d is None or "month" not in d:
        return await _expired(update)
    try:
        amount = parse_rupiah(update.message.text or "")
    except NumberParseError as exc:
        await send(update, ui.esc(str(exc)))
        return AMOUNT
    d["amount"] = amount
    if ledger.OVER_PAGU in d.get("confirmed", []):
        d["confirmed"].remove(ledger.OVER_PAGU)  # a new amount needs a new confirmation
    return await _check(update, context, d, ledger.OVER_PAGU, AMOUNT_CHECK, _ask_note)


# --- steps 5 and 6: note and photo --------------------------------------------------------------


async def _ask_note(update: Update, context: BotContext, d: dict[str, Any]) -> int:
    keyboard = _skip_or_cancel()
    await _reply(update, Reply(texts.REPORT_ASK_NOTE, keyboard))
    return NOTE


async def got_note(update: Update, context: BotContext) -> int:
    d = _draft(context)
    assert update.message is not None
    if d is None or "amount" not in d:
        return await _expired(update)
    d["note"] = (update.message.text or "").strip()[:NOTE_MAX] or None
    return await _ask_photo(update, context, d)


async def skip_note(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "amount" not in d:
        return await _expired(update)
    d["note"] = None
    return await _ask_photo(update, context, d)


async def _ask_photo(update: Update, context: BotContext, d: dict[str, Any]) -> int:
    keyboard = _skip_or_cancel()
    await _reply(update, Reply(texts.REPORT_ASK_PHOTO, keyboard))
    return PHOTO


async def got_photo(update: Update, context: BotContext) -> int:
    d = _draft(context)
    assert update.message is not None
    if d is None or "amount" not in d:
        return await _expired(update)
    d["photo"] = update.message.photo[-1].file_id if update.message.photo else None
    return await _show_confirmation(update, context, d)


async def skip_photo(update: Update, context: BotContext) -> int:
    d = _draft(context)
    if d is None or "amount" not in d:
        return await _expired(update)
    d["photo"] = None
    return await _show_confirmation(update, context, d)


async def expect_photo(update: Update, context: BotContext) -> int:
    await send(update, texts.REPORT_EXPECT_PHOTO)
    return PHOTO


# --- confirmation and saving --------------------------------------------------------------------


async def _show_confirmation(update: Update, context: BotContext, d: dict[str, Any]) -> int:
    user_id = update.effective_user.id if update.effective_user else 0
    today = context.today()

    def work(session: Session) -> Assessment:
        return ledger.assess(session, user_id, _domain(d), today)

    try:
        checked = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return ConversationHandler.END
    d["expected_replaces"] = checked.replaces.id if checked.replaces else None
    d["reached_confirm"] = True
    unconfirmed = checked.needs() - set(d.get("confirmed", []))
    if unconfirmed:  # things changed since the step that asked (e.g. someone else saved)
        return await _check_existing(update, context, d)
    view = entry_view.EntryView(
        node_key=checked.node.key,
        node_name=checked.node.name,
        period=format_month(int(d["year"]), int(d["month"])),
        quantity_text=d.get("quantity_text"),
        amount=d.get("amount"),
        year_total=checked.year_amount_after,
        pagu=checked.pagu,
        note=d.get("note"),
        has_photo=bool(d.get("photo")),
    )
    body = entry_view.entry_body(view)
    for warning in checked.warnings:
        body += "\n" + texts.REPORT_WARNING.format(text=ui.esc(warning.text))
    keyboard = buttons(
        [[(texts.BUTTON_SAVE, callback("lp", "save")), (texts.BUTTON_CANCEL, callback("lp", "x"))]]
    )
    await _reply(update, Reply(texts.REPORT_CONFIRM.format(body=body), keyboard))
    return CONFIRM


async def save(update: Update, context: BotContext) -> int:
    d = _draft(context)
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    if d is None or "amount" not in d:
        return await _expired(update)
    user = update.effective_user
    today = context.today()

    def work(session: Session) -> tuple[int, str]:
        entry = ledger.save(
            session,
            user.id,
            _domain(d),
            today,
            confirmed=set(d.get("confirmed", [])),
            expected_replaces=d.get("expected_replaces"),
            actor_name=user.full_name,
        )
        return int(entry.id or 0), str(entry.kind)

    def notice(session: Session, saved: tuple[int, str]) -> review.Notice:
        return review.notice_of(session, saved[0])

    try:
        (entry_id, kind), to_reviewers = await context.db_then(work, notice)
    except Conflict as exc:
        await query.answer()
        await edit(update, Reply(texts.REPORT_CONFLICT.format(text=ui.esc(str(exc)))))
        d["confirmed"] = [c for c in d.get("confirmed", []) if c != ledger.REPLACES]
        return await _check_existing(update, context, d, fresh=True)
    except (PermissionDenied, EntryError) as exc:
        await _refuse(update, str(exc))
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if to_reviewers is not None:
        # In the background: the conversation ends now, so a /lapor right after the save starts
        # a new report instead of waiting for (or being refused during) the verifikators'
        # messages; and the officer's "Tersimpan" need not wait for them either.
        context.application.create_task(
            review.notify_reviewers(context, to_reviewers), update=update
        )
    await query.answer()
    await edit(
        update,
        Reply(texts.REPORT_SAVED.format(entry_id=entry_id, kind=texts.KIND_LABELS.get(kind, kind))),
    )
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, Reply(texts.REPORT_CANCELLED))
    else:
        await send(update, texts.REPORT_CANCELLED)
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    chat = update.effective_chat
    if chat is not None:
        minutes = max(1, context.settings.conversation_timeout // 60)
        await chat.send_message(texts.REPORT_TIMEOUT.format(minutes=minutes))


async def use_buttons(update: Update, context: BotContext) -> None:
    """Text where a button is expected: say so and stay in the same step."""
    await send(update, texts.REPORT_USE_BUTTONS)


async def stale_step(update: Update, context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.REPORT_STALE, show_alert=True)


async def busy(update: Update, context: BotContext) -> None:
    await send(update, texts.REPORT_BUSY)


# --- /riwayat and /urungkan ---------------------------------------------------------------------


def _entry_view(session: Session, entry: Any) -> entry_view.EntryView:
    node = session.get(BudgetNode, entry.node_id)
    return entry_view.EntryView(
        node_key=node.key if node else "?",
        node_name=node.name if node else "?",
        period=format_month(entry.year, entry.month) if entry.month else str(entry.year),
        quantity_text=entry.quantity_text,
        amount=entry.amount,
        note=entry.note,
        has_photo=bool(entry.evidence_file_id),
        by=entry.submitted_by_name,
        status=str(entry.status),
        kind=str(entry.kind),
    )


async def _private(update: Update) -> bool:
    """Entries name officers and their figures: never shown in a group."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await _refuse(update, texts.PRIVATE_ONLY)
        return False
    return True


async def history(update: Update, context: BotContext) -> None:
    user = update.effective_user
    assert user is not None
    if not await _private(update):
        return
    query = " ".join(context.args or []).strip()
    node_id = _int_part(update, 1) if update.callback_query else None
    today = context.today()

    def work(session: Session) -> Reply:
        actor = require(session, user.id)
        if node_id is None and query:
            fy = ledger.reporting_year(session, actor.agency_id, today)
            stmt = select(BudgetNode).where(BudgetNode.level == NodeLevel.SUB_KEGIATAN)
            if fy is not None:
                stmt = stmt.where(BudgetNode.fiscal_year_id == fy.id)
            matches = search.rows(session.exec(stmt.order_by(col(BudgetNode.sort_order))), query)
            if not matches:
                return Reply(texts.HISTORY_NO_MATCH.format(query=ui.esc(query)))
            if len(matches) > 1:
                rows = [
                    [(f"{n.key} {ui.short(n.name, 30)}", callback("rw", n.id))]
                    for n in matches[:10]
                ]
                return Reply(texts.HISTORY_TITLE.format(scope=f"«{ui.esc(query)}»"), buttons(rows))
            return _history_reply(session, node_id=int(matches[0].id or 0))
        if node_id is not None:
            return _history_reply(session, node_id=node_id)
        return _history_reply(session, submitted_by=user.id)

    try:
        reply = await context.db(work)
    except PermissionDenied as exc:
        await _refuse(update, str(exc))
        return
    await _reply(update, reply)


def _history_reply(
    session: Session, *, node_id: int | None = None, submitted_by: int | None = None
) -> Reply:
    rows = ledger.history(session, node_id=node_id, submitted_by=submitted_by)
    if node_id is not None:
        node = session.get(BudgetNode, node_id)
        scope = f"{ui.esc(node.key)} {ui.esc(ui.short(node.name, 80))}" if node else ""
    else:
        scope = texts.HISTORY_MINE
    parts = [texts.HISTORY_TITLE.format(scope=scope)]
    if not rows:
        parts.append(texts.HISTORY_NONE)
    for row in rows:
        if row.entry.kind == "withdrawal":
            continue
        block = f"#{row.entry.id} " + entry_view.entry_body(_entry_view(session, row.entry))
        if row.reason:
            block += "\n" + ui.esc(row.reason)
        parts.append(block)
    return Reply("\n\n".join(parts))


async def undo(update: Update, context: BotContext) -> None:
    user = update.effective_user
    assert user is not None
    if not await _private(update):
        return

    def work(session: Session) -> str:
        entry = ledger.withdraw_last(session, user.id)
        view = _entry_view(session, entry)
        return texts.UNDO_DONE.format(
            entry_id=entry.id, node=ui.esc(view.node_key), period=view.period
        )

    try:
        await send(update, await context.db(work))
    except (PermissionDenied, EntryError) as exc:
        await send(update, ui.esc(str(exc)))


# --- wiring -------------------------------------------------------------------------------------


def conversation(timeout: int) -> ConversationHandler:
    def cb(fn: Any, pattern: str) -> CallbackQueryHandler:
        return CallbackQueryHandler(fn, pattern=rf"^lp\|{pattern}$")

    # New messages only: an edited answer is not a new answer (and has no update.message).
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    cancel_button = cb(cancel, "x")
    with per_user_conversation():
        return _conversation(cb, text, cancel_button, timeout)


def _conversation(cb: Any, text: Any, cancel_button: Any, timeout: int) -> ConversationHandler:
    return ConversationHandler(
        entry_points=[commands.handler("lapor", start)],
        states={
            NODE: [
                cb(pick_node, r"n\|\d+"),
                cb(node_page, r"pg\|\d+"),
                MessageHandler(text, search_nodes),
            ],
            MONTH: [
                cb(pick_month, r"m\|\d+"),
                cb(all_months, "am"),
                MessageHandler(text, use_buttons),
            ],
            REPLACE: [
                cb(confirm_replace, "rp"),
                cb(all_months, "am"),
                MessageHandler(text, use_buttons),
            ],
            QUANTITY: [cb(skip_quantity, "skip"), MessageHandler(text, got_quantity)],
            QTY_CHECK: [
                cb(confirm_warning, "yes"),
                cb(retype, "re"),
                MessageHandler(text, use_buttons),
            ],
            AMOUNT: [MessageHandler(text, got_amount)],
            AMOUNT_CHECK: [
                cb(confirm_warning, "yes"),
                cb(retype, "re"),
                MessageHandler(text, use_buttons),
            ],
            NOTE: [cb(skip_note, "skip"), MessageHandler(text, got_note)],
            PHOTO: [
                cb(skip_photo, "skip"),
                MessageHandler(filters.PHOTO & filters.UpdateType.MESSAGE, got_photo),
                MessageHandler(~filters.COMMAND & filters.UpdateType.MESSAGE, expect_photo),
            ],
            CONFIRM: [cb(save, "save"), MessageHandler(text, use_buttons)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            commands.handler("batal", cancel),
            cancel_button,
            commands.handler("lapor", busy),
            CallbackQueryHandler(stale_step, pattern=r"^lp\|"),
        ],
        name="lapor",
        persistent=True,
        conversation_timeout=timeout,
        allow_reentry=False,
    )


def register(app: App) -> None:
    app.add_handler(conversation(settings_of(app).conversation_timeout))
    app.add_handler(commands.handler("riwayat", history))
    app.add_handler(CallbackQueryHandler(history, pattern=r"^rw\|\d+$"))
    app.add_handler(commands.handler("urungkan", undo))
    app.add_handler(CallbackQueryHandler(_no_draft, pattern=r"^lp\|"))


async def _no_draft(update: Update, context: BotContext) -> None:
    """A /lapor button outside a conversation (after a save, a cancel or a timeout)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)
