"""/lapor: an officer records a realization in a guided, tap-first conversation.

Steps: sub-activity → month → (replace the month's entry?) → quantity → Rupiah → note →
photo → confirmation; only "Simpan" writes. From the confirmation, "Ubah" reopens one step
(period, quantity, Rupiah, note, photo) and comes straight back, the other fields kept. The
draft (``bot.journeys.lapor_draft``) is kept in ``user_data``, which the persistence stores in
the database, so a restart does not lose it.
Every step that touches the ledger asks the domain again, with the presser's id: a forged or
replayed button is refused there, not trusted here. The flow chart is :func:`conversation`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import commands, texts
from bot.callbacks import Button, expect, pattern
from bot.common import edit, per_user_conversation, send
from bot.context import App, BotContext, settings_of
from bot.errors import describe, tell
from bot.journeys import lapor_indicator, review
from bot.journeys.lapor_draft import LaporDraft, drop, keep, load
from bot.views import entries as view
from bot.views.common import Reply
from bot.views.entries import (
    LAPOR_BUTTONS,
    EntryField,
    LaporAllMonths,
    LaporBack,
    LaporCancel,
    LaporConfirm,
    LaporEdit,
    LaporMonth,
    LaporNode,
    LaporPage,
    LaporReplace,
    LaporRetype,
    LaporSave,
    LaporSkip,
)
from bot.views.indicators import LAPOR_INDICATOR_BUTTONS, LaporIndicators
from lakip_model import ledger, search
from lakip_model.errors import DomainError
from lakip_model.ledger import Assessment, EntryChanged
from lakip_model.numbers import NumberParseError, parse_reported_quantity, parse_rupiah

log = logging.getLogger(__name__)

NODE, MONTH, REPLACE, QUANTITY, QTY_CHECK, AMOUNT, AMOUNT_CHECK, NOTE, PHOTO, CONFIRM = range(10)
END = ConversationHandler.END
NOTE_MAX = 500
QUERY_MAX = 60

StepFn = Callable[[Update, BotContext, LaporDraft], Coroutine[Any, Any, int]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, int]]
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


# --- how every step runs ------------------------------------------------------------------------


def step(needs: str | None = None) -> Callable[[StepFn], Handler]:
    """A step of the conversation: it gets the draft, and the draft is kept after it.

    ``needs`` names what the draft must hold already (an attribute); without it the step is
    answered as expired (after a restart that lost it, or a button of an earlier /lapor). A
    refusal of the domain is told to the officer and ends the conversation, as a refused
    report cannot go on; a button that decodes to nothing of ours propagates as stale.
    """

    def decorate(fn: StepFn) -> Handler:
        @wraps(fn)
        async def run(update: Update, context: BotContext) -> int:
            draft = load(context.user_data)
            if draft is None or (needs is not None and getattr(draft, needs) in (None, [])):
                return await _expired(update)
            try:
                state = await fn(update, context, draft)
            except DomainError as exc:
                await tell(update, describe(exc))
                state = END
            if state == END:
                drop(context.user_data)
            else:
                keep(context.user_data, draft)
            return state

        return run

    return decorate


async def _reply(update: Update, reply: Reply) -> None:
    """Edit the pressed message for a button, send a new one for typed text."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


async def _expired(update: Update) -> int:
    await tell(update, texts.REPORT_EXPIRED_DRAFT)
    return END


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


def _user_id(update: Update) -> int:
    return update.effective_user.id if update.effective_user else 0


def _period(draft: LaporDraft) -> str:
    assert draft.month is not None
    return view.period_of(draft.year, draft.month)


def _then(draft: LaporDraft, next_step: StepFn) -> StepFn:
    """The step after this one: the next in the flow, or, once the confirmation was reached
    (a field changed with "Ubah"), the confirmation again."""
    return _show_confirmation if draft.reached_confirm else next_step


# --- step 1: the sub-activity -------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> int:
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        await send(update, texts.PRIVATE_ONLY)
        return END
    query = " ".join(context.args or [])
    year, reply = await _node_choice(update, context, query, 0)
    keep(context.user_data, LaporDraft(year=year, query=query))
    await send(update, reply)
    return NODE


async def _node_choice(
    update: Update, context: BotContext, query: str, page: int
) -> tuple[int, Reply]:
    """The reporting year and step 1's page of sub-activities (filtered by ``query``)."""
    user_id, today = _user_id(update), context.today()

    def choice(session: Session) -> tuple[int, Reply]:
        officer = ledger.officer(session, user_id)
        fy = ledger.open_reporting_year(session, officer, today)
        nodes = ledger.recordable_nodes(session, officer, fy)
        if query:
            nodes = search.rows(nodes, query)
        programs = ledger.program_names(session, fy) if nodes else {}
        return fy.year, view.node_choice(fy.year, nodes, programs, query, page)

    return await context.db(choice)


@step()
async def search_nodes(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert update.message is not None
    draft.query = (update.message.text or "").strip()[:QUERY_MAX]
    _, reply = await _node_choice(update, context, draft.query, 0)
    await _reply(update, reply)
    return NODE


@step()
async def node_page(update: Update, context: BotContext, draft: LaporDraft) -> int:
    pressed = expect(_data(update), LaporPage)
    _, reply = await _node_choice(update, context, draft.query, pressed.page)
    await _reply(update, reply)
    return NODE


# --- step 2: the month --------------------------------------------------------------------------


@step()
async def pick_node(update: Update, context: BotContext, draft: LaporDraft) -> int:
    node_id = expect(_data(update), LaporNode).node
    user_id, today = _user_id(update), context.today()

    def chosen(session: Session) -> tuple[str, list[int]]:
        officer = ledger.officer(session, user_id)
        node, fy = ledger.node_for(session, officer, node_id)
        return f"{node.key} {node.name}", ledger.open_months(session, officer, fy, today)

    try:
        draft.title, draft.months = await context.db(chosen)
    except DomainError as exc:
        if exc.code in ledger.NO_OPEN_YEAR:
            raise
        # another button may still be pressed: stay; a node that is gone is an old button
        gone = exc.code == "entry.node_not_found"
        await tell(update, texts.STALE_BUTTON if gone else describe(exc))
        return NODE
    draft.node_id = node_id
    await _reply(update, _months(draft, context, show_all=False))
    return MONTH


def _months(draft: LaporDraft, context: BotContext, *, show_all: bool) -> Reply:
    return view.month_choice(
        draft.title,
        draft.year,
        draft.months,
        context.today(),
        show_all=show_all,
        editing=draft.reached_confirm,
    )


@step(needs="months")
async def all_months(update: Update, context: BotContext, draft: LaporDraft) -> int:
    await _reply(update, _months(draft, context, show_all=True))
    return MONTH


@step(needs="node_id")
async def pick_month(update: Update, context: BotContext, draft: LaporDraft) -> int:
    month = expect(_data(update), LaporMonth).month
    if month not in draft.months:
        await tell(update, texts.STALE_BUTTON)
        return MONTH
    draft.month = month
    # what another month replaces and totals is asked again; the quantity's check still holds
    draft.unconfirm(ledger.REPLACES)
    draft.unconfirm(ledger.OVER_PAGU)
    return await _check_existing(update, context, draft)


async def _check_existing(
    update: Update, context: BotContext, draft: LaporDraft, *, fresh: bool = False
) -> int:
    """Offer to replace an entry that already stands for this row and month.

    ``fresh``: as a new message (after a conflict note), not in place of the pressed one.
    """
    assert draft.node_id is not None and draft.month is not None
    node_id, year, month = draft.node_id, draft.year, draft.month

    def existing(session: Session) -> view.EntryView | None:
        entry = ledger.current_entry(session, node_id, year, month)
        if entry is None:
            return None
        return view.entry_view(entry, ledger.node_of(session, entry), with_status=True)

    standing = await context.db(existing)
    if standing is None:
        return await _then(draft, _ask_quantity)(update, context, draft)
    offer = view.existing_offer(_period(draft), standing)
    await (send(update, offer) if fresh else _reply(update, offer))
    return REPLACE


@step(needs="month")
async def confirm_replace(update: Update, context: BotContext, draft: LaporDraft) -> int:
    draft.confirm(ledger.REPLACES)
    if draft.reached_confirm:  # a conflict at saving: the figures are already typed
        return await _show_confirmation(update, context, draft)
    return await _ask_quantity(update, context, draft)


# --- step 3: quantity ---------------------------------------------------------------------------


async def _ask_quantity(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert draft.node_id is not None
    node_id, year = draft.node_id, draft.year

    def prompt(session: Session) -> view.QuantityPrompt:
        node = ledger.node(session, node_id)
        assert node is not None
        latest = ledger.latest_quantity_text(session, node_id, year)
        return view.QuantityPrompt(node.indicator_text, node.target_text, node.target_value, latest)

    prompted = await context.db(prompt)
    await _reply(update, view.ask_quantity(_period(draft), prompted, editing=draft.reached_confirm))
    return QUANTITY


@step(needs="month")
async def got_quantity(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert update.message is not None
    text = (update.message.text or "").strip()
    try:
        quantity = parse_reported_quantity(text)
    except NumberParseError as exc:
        await send(update, view.quantity_refused(describe(exc)))
        return QUANTITY
    assert draft.node_id is not None
    node_id, typed = draft.node_id, text[:QUERY_MAX]
    draft.quantity = quantity.value
    draft.quantity_text = await context.db(
        lambda session: ledger.quantity_as_recorded(session, node_id, typed, quantity)
    )
    draft.unconfirm(ledger.HIGH_QUANTITY)  # a new quantity needs a new confirmation
    next_step = _then(draft, _ask_amount)
    return await _check(update, context, draft, ledger.HIGH_QUANTITY, QTY_CHECK, next_step)


@step(needs="month")
async def skip_quantity(update: Update, context: BotContext, draft: LaporDraft) -> int:
    draft.quantity = draft.quantity_text = None
    return await _then(draft, _ask_amount)(update, context, draft)


def _assess(
    update: Update, context: BotContext, draft: LaporDraft, *, amount: bool = True
) -> Awaitable[Assessment]:
    """What the domain says of the draft now (without its Rupiah: what the year had before)."""
    user_id, today, domain = _user_id(update), context.today(), draft.domain(amount=amount)
    return context.db(lambda session: ledger.assess(session, user_id, domain, today))


async def _check(
    update: Update,
    context: BotContext,
    draft: LaporDraft,
    code: str,
    check_state: int,
    next_step: StepFn,
    checked: Assessment | None = None,
) -> int:
    """Ask the domain (unless ``checked`` is its answer already); a warning of kind ``code`` must
    be confirmed before the next step."""
    checked = checked or await _assess(update, context, draft)
    warning = next((w for w in checked.warnings if w.code == code), None)
    if warning is None or code in draft.confirmed:
        return await next_step(update, context, draft)
    draft.pending_check = code
    await _reply(update, view.confirm_warning(warning))
    return check_state


@step(needs="pending_check")
async def confirm_warning(update: Update, context: BotContext, draft: LaporDraft) -> int:
    code, draft.pending_check = draft.pending_check, None
    assert code is not None
    draft.confirmed.append(code)
    if code == ledger.HIGH_QUANTITY:
        return await _then(draft, _ask_amount)(update, context, draft)
    return await _then(draft, _ask_note)(update, context, draft)


@step(needs="pending_check")
async def retype(update: Update, context: BotContext, draft: LaporDraft) -> int:
    code, draft.pending_check = draft.pending_check, None
    if code == ledger.HIGH_QUANTITY:
        return await _ask_quantity(update, context, draft)
    return await _ask_amount(update, context, draft)


# --- step 4: Rupiah -----------------------------------------------------------------------------


async def _ask_amount(update: Update, context: BotContext, draft: LaporDraft) -> int:
    checked = await _assess(update, context, draft, amount=False)
    reply = view.ask_amount(_period(draft), checked.budget, editing=draft.reached_confirm)
    await _reply(update, reply)
    return AMOUNT


@step(needs="month")
async def got_amount(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert update.message is not None
    try:
        draft.amount = parse_rupiah(update.message.text or "")
    except NumberParseError as exc:
        await send(update, describe(exc))
        return AMOUNT
    draft.unconfirm(ledger.OVER_PAGU)  # a new amount needs a new confirmation
    draft.unconfirm(ledger.FAR_OVER_PAGU)
    checked = await _assess(update, context, draft)
    if checked.refused is not None:  # far above the pagu: for an admin to confirm, not this user
        draft.amount = None
        await send(update, view.amount_needs_admin(checked.refused))
        return AMOUNT
    far = any(w.code == ledger.FAR_OVER_PAGU for w in checked.warnings)
    code = ledger.FAR_OVER_PAGU if far else ledger.OVER_PAGU
    next_step = _then(draft, _ask_note)
    return await _check(update, context, draft, code, AMOUNT_CHECK, next_step, checked)


# --- steps 5 and 6: note and photo --------------------------------------------------------------


async def _ask_note(update: Update, context: BotContext, draft: LaporDraft) -> int:
    await _reply(update, view.ask_note(editing=draft.reached_confirm))
    return NOTE


@step(needs="amount")
async def got_note(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert update.message is not None
    draft.note = (update.message.text or "").strip()[:NOTE_MAX] or None
    return await _then(draft, _ask_photo)(update, context, draft)


@step(needs="amount")
async def skip_note(update: Update, context: BotContext, draft: LaporDraft) -> int:
    draft.note = None
    return await _then(draft, _ask_photo)(update, context, draft)


async def _ask_photo(update: Update, context: BotContext, draft: LaporDraft) -> int:
    await _reply(update, view.ask_photo(editing=draft.reached_confirm))
    return PHOTO


@step(needs="amount")
async def got_photo(update: Update, context: BotContext, draft: LaporDraft) -> int:
    assert update.message is not None
    draft.photo = update.message.photo[-1].file_id if update.message.photo else None
    return await _show_confirmation(update, context, draft)


@step(needs="amount")
async def skip_photo(update: Update, context: BotContext, draft: LaporDraft) -> int:
    draft.photo = None
    return await _show_confirmation(update, context, draft)


async def expect_photo(update: Update, context: BotContext) -> int:
    await send(update, texts.REPORT_EXPECT_PHOTO)
    return PHOTO


# --- confirmation and saving --------------------------------------------------------------------


async def _show_confirmation(update: Update, context: BotContext, draft: LaporDraft) -> int:
    checked = await _assess(update, context, draft)
    draft.expected_replaces = checked.replaces.id if checked.replaces else None
    draft.reached_confirm = True
    missing = checked.needs() - set(draft.confirmed)
    if ledger.REPLACES in missing:
        # things changed since the step that asked (e.g. someone else saved)
        return await _check_existing(update, context, draft)
    unconfirmed = next((w for w in checked.warnings if w.code in missing), None)
    if unconfirmed is not None:
        # a figure warns now that did not when typed (another month chosen with "Ubah", or
        # another officer's entry): asked here, then back to the confirmation
        draft.pending_check = unconfirmed.code
        await _reply(update, view.confirm_warning(unconfirmed))
        return QTY_CHECK if unconfirmed.code == ledger.HIGH_QUANTITY else AMOUNT_CHECK
    entry = view.EntryView(
        node_key=checked.node.key,
        node_name=checked.node.name,
        period=_period(draft),
        quantity_text=draft.quantity_text,
        amount=draft.amount,
        budget=checked.budget,
        note=draft.note,
        has_photo=bool(draft.photo),
    )
    await _reply(update, view.confirmation(entry, checked.warnings))
    return CONFIRM


@step(needs="amount")
async def change(update: Update, context: BotContext, draft: LaporDraft) -> int:
    """ "Ubah": the step of one field again; what it is given leads back to the confirmation."""
    field = expect(_data(update), LaporEdit).field
    if field == EntryField.PERIOD:
        await _reply(update, _months(draft, context, show_all=False))
        return MONTH
    if field == EntryField.QUANTITY:
        return await _ask_quantity(update, context, draft)
    if field == EntryField.AMOUNT:
        return await _ask_amount(update, context, draft)
    if field == EntryField.NOTE:
        return await _ask_note(update, context, draft)
    return await _ask_photo(update, context, draft)


@step(needs="amount")
async def back(update: Update, context: BotContext, draft: LaporDraft) -> int:
    """Back from a step reopened with "Ubah", nothing changed."""
    return await _show_confirmation(update, context, draft)


@step(needs="amount")
async def save(update: Update, context: BotContext, draft: LaporDraft) -> int:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    today, domain = context.today(), draft.domain()
    confirmed, expected = set(draft.confirmed), draft.expected_replaces

    def saved(session: Session) -> tuple[int, str, str | None]:
        # a draft saved already (the bot was killed before its "Tersimpan"): that entry's status
        before = ledger.saved_before(session, user.id, domain)
        entry = before or ledger.save(
            session,
            user.id,
            domain,
            today,
            confirmed=confirmed,
            expected_replaces=expected,
            actor_name=user.full_name,
        )
        return int(entry.id or 0), str(entry.kind), None if before is None else str(before.status)

    try:
        (entry_id, kind, saved_status), to_reviewers = await context.db_then(
            saved, lambda session, done: None if done[2] else review.notice_of(session, done[0])
        )
    except EntryChanged as exc:
        await query.answer()
        await edit(update, Reply(view.conflict_text(exc.standing)))
        draft.unconfirm(ledger.REPLACES)
        return await _check_existing(update, context, draft, fresh=True)
    if saved_status is not None:
        await query.answer()
        await edit(update, Reply(view.already_saved_text(entry_id, kind, saved_status)))
        return END
    if to_reviewers is not None:
        # In the background: the conversation ends now, so a /lapor right after the save starts
        # a new report instead of waiting for (or being refused during) the verifikators'
        # messages; and the officer's "Tersimpan" need not wait for them either.
        context.application.create_task(
            review.notify_reviewers(context, to_reviewers), update=update
        )
    await query.answer()
    await edit(update, Reply(view.saved_text(entry_id, kind)))
    return END


# --- leaving ------------------------------------------------------------------------------------


async def cancel(update: Update, context: BotContext) -> int:
    drop(context.user_data)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, Reply(texts.REPORT_CANCELLED))
    else:
        await send(update, texts.REPORT_CANCELLED)
    return END


async def timed_out(update: Update, context: BotContext) -> None:
    drop(context.user_data)
    if update.effective_chat is not None:
        text = view.timeout_text(context.settings.conversation_timeout)
        await update.effective_chat.send_message(text)


async def use_buttons(update: Update, context: BotContext) -> None:
    """Text where a button is expected: say so and stay in the same step."""
    await send(update, texts.REPORT_USE_BUTTONS)


async def stale_step(update: Update, context: BotContext) -> None:
    """A /lapor button of another step than the current one."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.REPORT_STALE, show_alert=True)


async def busy(update: Update, context: BotContext) -> None:
    await send(update, texts.REPORT_BUSY)


async def no_draft(update: Update, context: BotContext) -> None:
    """A /lapor button outside a conversation (after a save, a cancel or a timeout)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


# --- the flow chart -----------------------------------------------------------------------------


def conversation(timeout: int) -> ConversationHandler[BotContext]:
    def press(callback: Callback, *kinds: type[Button]) -> CallbackQueryHandler[BotContext, object]:
        return CallbackQueryHandler(callback, pattern=pattern(*kinds))

    def typed(callback: Callback) -> MessageHandler[BotContext, object]:
        # New messages only: an edited answer is not a new answer (and has no update.message).
        return MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, callback
        )

    photo = filters.PHOTO & filters.UpdateType.MESSAGE
    not_photo = ~filters.COMMAND & filters.UpdateType.MESSAGE
    with per_user_conversation():
        return ConversationHandler(
            entry_points=[commands.handler("lapor", start)],
            states={
                NODE: [
                    press(lapor_indicator.start, LaporIndicators),
                    press(pick_node, LaporNode),
                    press(node_page, LaporPage),
                    typed(search_nodes),
                ],
                MONTH: [
                    press(pick_month, LaporMonth),
                    press(all_months, LaporAllMonths),
                    press(back, LaporBack),
                    typed(use_buttons),
                ],
                REPLACE: [
                    press(confirm_replace, LaporReplace),
                    press(all_months, LaporAllMonths),
                    typed(use_buttons),
                ],
                QUANTITY: [
                    press(skip_quantity, LaporSkip),
                    press(back, LaporBack),
                    typed(got_quantity),
                ],
                QTY_CHECK: [
                    press(confirm_warning, LaporConfirm),
                    press(retype, LaporRetype),
                    typed(use_buttons),
                ],
                AMOUNT: [press(back, LaporBack), typed(got_amount)],
                AMOUNT_CHECK: [
                    press(confirm_warning, LaporConfirm),
                    press(retype, LaporRetype),
                    typed(use_buttons),
                ],
                NOTE: [press(skip_note, LaporSkip), press(back, LaporBack), typed(got_note)],
                PHOTO: [
                    press(skip_photo, LaporSkip),
                    press(back, LaporBack),
                    MessageHandler(photo, got_photo),
                    MessageHandler(not_photo, expect_photo),
                ],
                CONFIRM: [
                    press(save, LaporSave),
                    press(change, LaporEdit),
                    typed(use_buttons),
                ],
                **lapor_indicator.states(press, typed, use_buttons),
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[
                commands.handler("batal", cancel),
                press(cancel, LaporCancel),
                commands.handler("lapor", busy),
                press(stale_step, *LAPOR_BUTTONS, *LAPOR_INDICATOR_BUTTONS),
            ],
            name="lapor",
            persistent=True,
            conversation_timeout=timeout,
            allow_reentry=False,
        )


def register(app: App) -> None:
    app.add_handler(conversation(settings_of(app).conversation_timeout))
    stale = pattern(*LAPOR_BUTTONS, *LAPOR_INDICATOR_BUTTONS)
    app.add_handler(CallbackQueryHandler(no_draft, pattern=stale))
