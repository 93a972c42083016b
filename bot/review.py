"""Verification: verifikators approve or reject officers' entries from inline buttons.

A new entry reaches every verifikator (or the admins when there is none) with the figures and
the photo; the first decision wins, later presses are told the entry is already decided.
A rejection needs a reason, asked in a short conversation. The submitter hears either way.
Callback data: ``rv|ok|<entry>``, ``rv|no|<entry>``; ``rv|ls`` lists what is waiting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import commands, texts
from bot.common import parse_id, per_user_conversation, send
from bot.context import App, BotContext
from bot.views import common as ui
from bot.views import entries as entry_view
from bot.views.common import Reply, buttons, callback
from lakip_model import ledger
from lakip_model.ledger import EntryError
from lakip_model.models import BudgetNode, RealizationEntry, Role
from lakip_model.numbers import format_month
from lakip_model.users import PermissionDenied, require, reviewer_ids

log = logging.getLogger(__name__)

REASON = 0
REJECTING = "menolak"


def _view(session: Session, entry: RealizationEntry) -> entry_view.EntryView:
    node = session.get(BudgetNode, entry.node_id)
    return entry_view.EntryView(
        node_key=node.key if node else "?",
        node_name=node.name if node else "?",
        period=format_month(entry.year, entry.month) if entry.month else str(entry.year),
        quantity_text=entry.quantity_text,
        amount=entry.amount,
        pagu=node.pagu if node else None,
        note=entry.note,
        has_photo=bool(entry.evidence_file_id),
        by=entry.submitted_by_name,
        kind=str(entry.kind),
    )


def _keyboard(entry_id: int) -> InlineKeyboardMarkup:
    return buttons(
        [
            [
                (texts.BUTTON_APPROVE, callback("rv", "ok", entry_id)),
                (texts.BUTTON_REJECT_ENTRY, callback("rv", "no", entry_id)),
            ]
        ]
    )


@dataclass(frozen=True)
class Notice:
    """A new entry as the verifikators are sent it."""

    entry_id: int
    text: str
    photo: str | None
    reviewers: list[int]


def notice_of(session: Session, entry_id: int) -> Notice:
    """What to send whom about a new entry (read right after the entry is saved)."""
    entry = session.get(RealizationEntry, entry_id)
    assert entry is not None
    body = entry_view.entry_body(_view(session, entry))
    text = texts.REVIEW_REQUEST.format(entry_id=entry_id, body=body)
    reviewers = reviewer_ids(session, ledger.agency_id_of(session, entry))
    return Notice(entry_id, text, entry.evidence_file_id, reviewers)


async def notify_reviewers(context: BotContext, notice: Notice) -> None:
    """Send a new entry to the verifikators; a failure to reach one is logged, not fatal."""
    entry_id, text, photo = notice.entry_id, notice.text, notice.photo
    for chat_id in notice.reviewers:
        try:
            if photo and len(text) <= 1024:
                await context.bot.send_photo(
                    chat_id,
                    photo,
                    caption=text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=_keyboard(entry_id),
                )
            else:
                await context.bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=_keyboard(entry_id),
                )
        except TelegramError:
            log.warning("could not send entry %s to reviewer %s", entry_id, chat_id)


def _entry_id(update: Update) -> int | None:
    query = update.callback_query
    try:
        return parse_id((query.data or "").split("|")[2]) if query else None
    except IndexError:
        return None


async def _decided(
    update: Update, context: BotContext, entry_id: int, note: str
) -> None:
    """Mark the verifikator's message and tell the submitter."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        try:
            if query.message.photo:
                await query.edit_message_caption(
                    (query.message.caption_html or "") + "\n" + note, parse_mode=ParseMode.HTML
                )
            else:
                await query.edit_message_text(
                    (query.message.text_html or "") + "\n" + note,
                    parse_mode=ParseMode.HTML,
                )
        except TelegramError:
            log.warning("could not update the review message of entry %s", entry_id)


async def _tell_submitter(
    context: BotContext, chat_id: int | None, text: str
) -> None:
    if chat_id is None:
        return
    try:
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not notify submitter %s", chat_id)


async def approve(update: Update, context: BotContext) -> None:
    query = update.callback_query
    reviewer = update.effective_user
    entry_id = _entry_id(update)
    assert query is not None and reviewer is not None
    if entry_id is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return

    def work(session: Session) -> tuple[int | None, str]:
        entry = ledger.review(session, reviewer.id, entry_id, approve=True)
        view = _view(session, entry)
        text = texts.REVIEW_USER_APPROVED.format(
            entry_id=entry_id, node=ui.esc(view.node_key), period=view.period
        )
        return entry.submitted_by, text

    try:
        submitter, text = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    await query.answer()
    await _decided(
        update,
        context,
        entry_id,
        texts.REVIEW_APPROVED_NOTE.format(reviewer=ui.esc(reviewer.full_name)),
    )
    await _tell_submitter(context, submitter, text)


async def ask_reason(update: Update, context: BotContext) -> int:
    query = update.callback_query
    reviewer = update.effective_user
    entry_id = _entry_id(update)
    assert query is not None and reviewer is not None and context.user_data is not None
    if entry_id is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return ConversationHandler.END

    def work(session: Session) -> None:
        require(session, reviewer.id, Role.VERIFIKATOR, Role.ADMIN)
        entry = session.get(RealizationEntry, entry_id)
        if entry is None or entry.status != "diajukan":
            raise EntryError(f"Entri ini sudah {entry.status if entry else 'tidak ada'}.")

    try:
        await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data[REJECTING] = entry_id
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(
        reviewer.id if chat.type != ChatType.PRIVATE else chat.id,
        texts.REVIEW_ASK_REASON.format(entry_id=entry_id),
    )
    return REASON


async def reject(update: Update, context: BotContext) -> int:
    reviewer = update.effective_user
    assert reviewer is not None and update.message is not None and context.user_data is not None
    entry_id = context.user_data.pop(REJECTING, None)
    if entry_id is None:
        return ConversationHandler.END
    reason = (update.message.text or "").strip()

    def work(session: Session) -> tuple[int | None, str]:
        entry = ledger.review(session, reviewer.id, entry_id, approve=False, reason=reason)
        view = _view(session, entry)
        text = texts.REVIEW_USER_REJECTED.format(
            entry_id=entry_id,
            node=ui.esc(view.node_key),
            period=view.period,
            reason=ui.esc(reason[:500]),
        )
        return entry.submitted_by, text

    try:
        submitter, text = await context.db(work)
    except (PermissionDenied, EntryError) as exc:
        await send(update, ui.esc(str(exc)))
        if "alasan" in str(exc):
            context.user_data[REJECTING] = entry_id
            return REASON
        return ConversationHandler.END
    await send(
        update,
        texts.REVIEW_REJECTED_NOTE.format(
            reviewer=ui.esc(reviewer.full_name), reason=ui.esc(reason[:500])
        ),
    )
    await _tell_submitter(context, submitter, text)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(REJECTING, None)
    await send(update, texts.REPORT_CANCELLED)
    return ConversationHandler.END


async def pending(update: Update, context: BotContext) -> None:
    """/verifikasi: what waits for a decision, each with its buttons."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return

    def work(session: Session) -> list[tuple[int, str]]:
        actor = require(session, user.id, Role.VERIFIKATOR, Role.ADMIN)
        entries = ledger.pending_entries(session, actor.agency_id, limit=10)
        return [
            (int(e.id or 0), f"#{e.id} " + entry_view.entry_body(_view(session, e)))
            for e in entries
        ]

    try:
        items = await context.db(work)
    except PermissionDenied as exc:
        await send(update, str(exc))
        return
    if not items:
        await send(update, texts.REVIEW_NONE)
        return
    await send(update, texts.REVIEW_PENDING_TITLE.format(count=len(items)))
    for entry_id, body in items:
        await send(update, Reply(body, _keyboard(entry_id)))


REASON_FILTER = (
    filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
)


def register(app: App) -> None:
    with per_user_conversation():
        rejecting = ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_reason, pattern=r"^rv\|no\|\d+$")],
            # The reason is typed in the private chat where the button was pressed; the state is
            # per user, so without the filter any group message of theirs would become it.
            states={REASON: [MessageHandler(REASON_FILTER, reject)]},
            fallbacks=[commands.handler("batal", cancel)],
            name="tolak",
            persistent=True,
            per_chat=False,
            conversation_timeout=15 * 60,
        )
    app.add_handler(rejecting)
    app.add_handler(CallbackQueryHandler(approve, pattern=r"^rv\|ok\|\d+$"))
    app.add_handler(commands.handler("verifikasi", pending))
