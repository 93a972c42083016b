"""Verification: verifikators approve or reject officers' entries from inline buttons.

A new entry reaches every verifikator (or the admins when there is none) with the figures and
the photo (as its caption when it fits, else the photo and then the message); a notice that
fails is tried again, and one that still fails is told to the officer, so that no entry waits
unseen. The first decision wins, later presses are told the entry is already decided. A
decision is taken only in a private chat with the bot: a button pressed anywhere else (a
forwarded notice in a group) is refused and changes nothing.
A rejection needs a reason, asked in a short conversation. The submitter hears either way.
/verifikasi lists what is waiting, each entry with its buttons.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlmodel import Session
from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot import commands, texts
from bot.callbacks import expect, pattern
from bot.common import per_user_conversation, send
from bot.context import App, BotContext
from bot.errors import describe
from bot.views import entries as view
from bot.views.common import MAX_CAPTION, MAX_MESSAGE, Reply, visible_len
from bot.views.entries import ReviewApprove, ReviewReject
from lakip_model import ledger, verification
from lakip_model.errors import DomainError
from lakip_model.models import RealizationEntry
from lakip_model.users import deciders

log = logging.getLogger(__name__)

REASON = 0
REJECTING = "menolak"  # user_data: the entry whose rejection reason is awaited
REASON_MAX = 500
# A notice that fails for a passing reason (a 5xx, a dropped connection, a 429 the rate limiter
# did not wait out) is tried this many times in all, pausing NOTICE_PAUSE, then twice that,
# between tries (on top of the production rate limiter's own retries); a 4xx is final.
NOTICE_ATTEMPTS = 3
NOTICE_PAUSE = 0.5
DOCUMENT = "document:"  # an evidence file id that is a document, not a photo (lapor_indicator)


# --- the notice of a new entry ------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A new entry as the verifikators are sent it, and what the admins are told when no
    verifikator can decide it (four eyes: never the one who submitted it)."""

    entry_id: int
    text: str
    photo: str | None
    reviewers: list[int]
    submitter: int | None = None  # told if a verifikator could not be reached
    appoint: list[int] = field(default_factory=list)  # admins to ask for a verifikator
    appoint_text: str = ""


def notice_of(session: Session, entry_id: int) -> Notice:
    """What to send whom about a new entry (read right after the entry is saved)."""
    entry = session.get(RealizationEntry, entry_id)
    assert entry is not None
    budget = ledger.entry_budget(session, entry)
    text = view.review_request(entry, ledger.node_of(session, entry), budget)
    who = deciders(session, ledger.agency_id_of(session, entry), entry.submitted_by)
    appoint = who.admins if who.no_verifikator else []
    note = view.appoint_verifikator(entry_id, nobody=not who.reviewers) if appoint else ""
    return Notice(
        entry_id, text, entry.evidence_file_id, who.reviewers, entry.submitted_by, appoint, note
    )


async def notify_reviewers(context: BotContext, notice: Notice) -> None:
    """Send a new entry to the verifikators; the officer hears of any that could not be reached
    (the entry stands either way, and waits in /verifikasi)."""
    missed = [
        chat_id for chat_id in notice.reviewers if not await _send_notice(context, notice, chat_id)
    ]
    if missed or not notice.reviewers:
        text = view.notice_missed(notice.entry_id, len(missed), len(notice.reviewers))
        await _tell_submitter(context, notice.submitter, text)
    for chat_id in notice.appoint:
        try:
            await context.bot.send_message(chat_id, notice.appoint_text, parse_mode=ParseMode.HTML)
        except TelegramError:
            log.warning("could not ask admin %s for a verifikator", chat_id)


async def _send_notice(context: BotContext, notice: Notice, chat_id: int) -> bool:
    """One verifikator's notice: the photo with the text as its caption if Telegram takes that
    many characters (it counts UTF-16 units of the visible text), else the photo with a short
    caption and then the text with the buttons. True once the buttons are there."""
    bot, text, photo = context.bot, notice.text, notice.photo
    keyboard = view.review_keyboard(notice.entry_id)
    if photo and photo.startswith(DOCUMENT):  # an indicator's evidence document
        document, photo = photo[len(DOCUMENT) :], None
        caption = view.notice_photo_caption(notice.entry_id)
        try:
            await _tried(lambda: bot.send_document(chat_id, document, caption=caption))
        except TelegramError:  # the text still says there is evidence
            log.warning("could not send the document of entry %s", notice.entry_id)
    try:
        if photo and visible_len(text) <= MAX_CAPTION:
            try:
                await _tried(
                    lambda: bot.send_photo(
                        chat_id,
                        photo,
                        caption=text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard,
                    )
                )
                return True
            except BadRequest as exc:  # refused as a caption after all: as photo and message
                log.warning("entry %s as a caption refused: %s", notice.entry_id, exc)
        if photo:
            caption = view.notice_photo_caption(notice.entry_id)
            try:
                await _tried(lambda: bot.send_photo(chat_id, photo, caption=caption))
            except BadRequest:  # the photo is refused: the text still says there is one
                log.warning("could not send the photo of entry %s", notice.entry_id)
        await _tried(
            lambda: bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
            )
        )
        return True
    except TelegramError as exc:
        log.warning("could not send entry %s to reviewer %s: %s", notice.entry_id, chat_id, exc)
        return False


async def _tried(call: Callable[[], Awaitable[object]]) -> None:
    """A request to Telegram, tried again after a passing failure. A 4xx answer (a bad request,
    a verifikator who blocked the bot) is final: the same request would fail the same way."""
    for attempt in range(NOTICE_ATTEMPTS):
        try:
            await call()
            return
        except (BadRequest, Forbidden):
            raise
        except TelegramError as exc:
            if attempt == NOTICE_ATTEMPTS - 1:
                raise
            log.info("a notice failed (%s); trying again", exc)
            await asyncio.sleep(NOTICE_PAUSE * 2**attempt)


# --- deciding -----------------------------------------------------------------------------------


async def _mark_decided(update: Update, entry_id: int, note: str) -> None:
    """Add the decision to the verifikator's message; where it would pass Telegram's limit (a
    long caption, a long reason), the buttons go and the decision follows as a message."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    message = query.message
    try:
        if message.photo:
            caption = (message.caption_html or "") + "\n" + note
            if visible_len(caption) <= MAX_CAPTION:
                await query.edit_message_caption(caption, parse_mode=ParseMode.HTML)
                return
        else:
            text = (message.text_html or "") + "\n" + note
            if visible_len(text) <= MAX_MESSAGE:
                await query.edit_message_text(text, parse_mode=ParseMode.HTML)
                return
        await query.edit_message_reply_markup(None)
        await message.reply_html(note)
    except TelegramError:
        log.warning("could not update the review message of entry %s", entry_id)


async def _tell_submitter(context: BotContext, chat_id: int | None, text: str) -> None:
    if chat_id is None:
        return
    try:
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    except TelegramError:
        log.warning("could not notify submitter %s", chat_id)


async def _in_private(update: Update) -> bool:
    """A decision is taken only in the verifikator's private chat with the bot, where the notices
    go; a press anywhere else (a notice forwarded to a group, an inline message) gets an alert
    and changes nothing. (No group is marked for verification: none is trusted.)"""
    chat, query = update.effective_chat, update.callback_query
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    if query is not None:
        await query.answer(texts.REVIEW_PRIVATE_ONLY, show_alert=True)
    return False


async def approve(update: Update, context: BotContext) -> None:
    query, reviewer = update.callback_query, update.effective_user
    assert query is not None and reviewer is not None
    if not await _in_private(update):
        return
    entry_id = expect(query.data, ReviewApprove).entry

    def decide(session: Session) -> tuple[int | None, str]:
        entry = verification.review(session, reviewer.id, entry_id, approve=True)
        return entry.submitted_by, view.approved_for_submitter(
            entry, ledger.node_of(session, entry)
        )

    submitter, text = await context.db(decide)
    await query.answer()
    await _mark_decided(update, entry_id, view.approved_note(reviewer.full_name))
    await _tell_submitter(context, submitter, text)


async def ask_reason(update: Update, context: BotContext) -> int:
    query, reviewer = update.callback_query, update.effective_user
    assert query is not None and reviewer is not None and context.user_data is not None
    if not await _in_private(update):
        return ConversationHandler.END
    entry_id = expect(query.data, ReviewReject).entry
    await context.db(lambda session: verification.check_undecided(session, reviewer.id, entry_id))
    await query.answer()
    context.user_data[REJECTING] = entry_id
    await send(update, view.ask_reason(entry_id))
    return REASON


async def reject(update: Update, context: BotContext) -> int:
    reviewer = update.effective_user
    assert reviewer is not None and update.message is not None and context.user_data is not None
    entry_id = context.user_data.pop(REJECTING, None)
    if entry_id is None:
        return ConversationHandler.END
    reason = (update.message.text or "").strip()

    def decide(session: Session) -> tuple[int | None, str]:
        entry = verification.review(session, reviewer.id, entry_id, approve=False, reason=reason)
        node = ledger.node_of(session, entry)
        return entry.submitted_by, view.rejected_for_submitter(entry, node, reason)

    try:
        submitter, text = await context.db(decide)
    except DomainError as exc:
        await send(update, describe(exc))
        if exc.code == "review.reason_missing":  # ask again
            context.user_data[REJECTING] = entry_id
            return REASON
        return ConversationHandler.END
    await send(update, view.rejected_note(reviewer.full_name, reason))
    await _tell_submitter(context, submitter, text)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(REJECTING, None)
    await send(update, texts.REPORT_CANCELLED)
    return ConversationHandler.END


# --- /verifikasi --------------------------------------------------------------------------------


async def pending(update: Update, context: BotContext) -> None:
    """/verifikasi: what waits for a decision, each with its buttons."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return

    def waiting(session: Session) -> list[Reply]:
        who = verification.reviewer(session, user.id)
        entries = verification.pending_entries(session, who.agency_id, limit=10)
        return [
            view.review_item(
                e, ledger.node_of(session, e), ledger.entry_budget(session, e), mine=own(e)
            )
            for e in entries
        ]

    def own(entry: RealizationEntry) -> bool:
        return entry.submitted_by == user.id

    items = await context.db(waiting)
    if not items:
        await send(update, texts.REVIEW_NONE)
        return
    await send(update, view.pending_title(len(items)))
    for item in items:
        await send(update, item)


# The reason is typed in the private chat where the button was pressed; the state is per user,
# so without the filter any group message of theirs would become it.
REASON_FILTER = (
    filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
)


def register(app: App) -> None:
    with per_user_conversation():
        rejecting = ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_reason, pattern=pattern(ReviewReject))],
            states={REASON: [MessageHandler(REASON_FILTER, reject)]},
            fallbacks=[commands.handler("batal", cancel)],
            name="tolak",
            persistent=True,
            per_chat=False,
            conversation_timeout=15 * 60,
        )
    app.add_handler(rejecting)
    app.add_handler(CallbackQueryHandler(approve, pattern=pattern(ReviewApprove)))
    app.add_handler(commands.handler("verifikasi", pending))
