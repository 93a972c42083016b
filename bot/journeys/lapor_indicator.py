"""/lapor, the "Indikator kinerja" branch: an officer records an indicator's figure for a triwulan.

Steps (states of /lapor's conversation, added by :func:`states`): indicator → quarter (TW I–IV,
the one just ended marked) → figure, prompted with the indicator's unit, type, accumulation and
targets → (a figure far above the target is confirmed) → causes, asked when below target →
evidence photo or document → confirmation; only "Simpan" writes, through
``lakip_model.indicator_ledger.save_realization`` (append-only, a second figure for the same
quarter is a correction, idempotent by the draft's key). The verifikators are told as for a
budget entry. The draft is kept in ``user_data`` under its own key (persisted like /lapor's).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot import texts
from bot.callbacks import Button, expect
from bot.common import edit, send
from bot.context import BotContext
from bot.errors import describe, tell
from bot.journeys import lapor_draft, review
from bot.journeys.lapor_draft import load as load_lapor
from bot.journeys.lapor_draft import new_key
from bot.views import indicators as view
from bot.views.common import Reply
from bot.views.entries import LaporConfirm, LaporIndicators, LaporRetype, LaporSave, LaporSkip
from bot.views.indicators import LaporIndicator, LaporQuarter
from lakip_model import indicator_ledger, indicators, ledger
from lakip_model.errors import DomainError
from lakip_model.indicator_ledger import HIGH_FIGURE, REPLACES, FigureChanged, IndicatorDraft
from lakip_model.models import Indicator
from lakip_model.numbers import NumberParseError

KEY = lapor_draft.INDICATOR_KEY  # the draft's key in user_data
PICK, QUARTER, FIGURE, CHECK, CAUSES, EVIDENCE, CONFIRM = range(20, 27)
END = -1  # ConversationHandler.END
TEXT_MAX = 500
DOCUMENT = "document:"  # evidence_file_id of a document (a photo's id has no prefix)

Press = Callable[..., BaseHandler[Update, BotContext, object]]
StepFn = Callable[[Update, BotContext, "Draft"], Coroutine[Any, Any, int]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, int]]


@dataclass
class Draft:
    """What the officer has chosen and typed so far (JSON values only: it is persisted)."""

    year: int
    indicator_id: int | None = None
    name: str = ""
    quarters: list[int] = field(default_factory=list)
    quarter: int | None = None
    quantity: str | None = None  # Decimal as text
    quantity_text: str | None = None
    causes: str | None = None
    evidence: str | None = None
    confirmed: list[str] = field(default_factory=list)
    expected_replaces: int | None = None
    key: str = field(default_factory=new_key)

    def domain(self) -> IndicatorDraft:
        assert self.indicator_id is not None and self.quarter is not None
        return IndicatorDraft(
            indicator_id=self.indicator_id,
            year=self.year,
            quarter=self.quarter,
            quantity=Decimal(self.quantity) if self.quantity is not None else None,
            quantity_text=self.quantity_text,
            causes=self.causes,
            evidence_file_id=self.evidence,
            key=self.key,
        )


def load(user_data: dict[Any, Any] | None) -> Draft | None:
    data = None if user_data is None else user_data.get(KEY)
    if not isinstance(data, dict):
        return None
    try:
        draft = Draft(**data)
        if draft.quantity is not None:
            Decimal(draft.quantity)
        return draft
    except (TypeError, ValueError, InvalidOperation):
        return None


def keep(user_data: dict[Any, Any] | None, draft: Draft) -> None:
    assert user_data is not None
    user_data[KEY] = asdict(draft)


def drop(user_data: dict[Any, Any] | None) -> None:
    if user_data is not None:
        user_data.pop(KEY, None)


def step(needs: str | None = None) -> Callable[[StepFn], Handler]:
    """A step with the draft; a domain refusal is told and ends the conversation."""

    def decorate(fn: StepFn) -> Handler:
        @wraps(fn)
        async def run(update: Update, context: BotContext) -> int:
            draft = load(context.user_data)
            if draft is None or (needs is not None and getattr(draft, needs) is None):
                await tell(update, texts.REPORT_EXPIRED_DRAFT)
                state = END
            else:
                try:
                    state = await fn(update, context, draft)
                except DomainError as exc:
                    await tell(update, describe(exc))
                    state = END
                if state != END:
                    keep(context.user_data, draft)
            if state == END:
                lapor_draft.drop(context.user_data)  # both drafts: the conversation is over
            return state

        return run

    return decorate


async def _reply(update: Update, reply: Reply) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


def _user_id(update: Update) -> int:
    return update.effective_user.id if update.effective_user else 0


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


# --- indicator and quarter ----------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> int:
    """ "Indikator kinerja" pressed on /lapor's first step."""
    expect(_data(update), LaporIndicators)
    lapor = load_lapor(context.user_data)
    if lapor is None:
        await tell(update, texts.REPORT_EXPIRED_DRAFT)
        return END
    user_id, today = _user_id(update), context.today()

    def choice(session: Session) -> tuple[int, Reply]:
        who = ledger.officer(session, user_id)
        fy = ledger.open_reporting_year(session, who, today)
        rows = indicators.recordable_indicators(session, who, fy)
        return fy.year, view.indicator_choice(fy.year, rows)

    try:
        year, reply = await context.db(choice)
    except DomainError as exc:
        await tell(update, describe(exc))
        return END
    keep(context.user_data, Draft(year=year, key=lapor.key))
    await _reply(update, reply)
    return PICK


@step()
async def pick(update: Update, context: BotContext, draft: Draft) -> int:
    indicator_id = expect(_data(update), LaporIndicator).indicator
    user_id, today = _user_id(update), context.today()

    def chosen(session: Session) -> tuple[str, list[int], int]:
        who = indicators.officer(session, user_id)
        ind, fy = indicators.indicator_for(session, who, indicator_id)
        quarters = indicator_ledger.reportable_quarters(fy, today)
        if not quarters:
            raise ledger.no_open_year(session, who, today)
        return ind.name, quarters, indicator_ledger.default_quarter(fy, today)

    draft.name, draft.quarters, default = await context.db(chosen)
    draft.indicator_id = indicator_id
    await _reply(update, view.quarter_choice(draft.name, draft.quarters, default))
    return QUARTER


@step(needs="indicator_id")
async def pick_quarter(update: Update, context: BotContext, draft: Draft) -> int:
    quarter = expect(_data(update), LaporQuarter).quarter
    if quarter not in draft.quarters:
        await tell(update, texts.STALE_BUTTON)
        return QUARTER
    draft.quarter = quarter
    draft.confirmed = []
    return await _ask_figure(update, context, draft)


async def _ask_figure(update: Update, context: BotContext, draft: Draft) -> int:
    assert draft.indicator_id is not None and draft.quarter is not None
    indicator_id, year, quarter = draft.indicator_id, draft.year, draft.quarter

    def prompt(session: Session) -> Reply:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        result = indicators.result_of(
            indicators.load_year(session, ind.fiscal_year_id), ind, quarter
        )
        standing = indicator_ledger.current_figure(session, indicator_id, year, quarter)
        shown = None
        if standing is not None:
            status = texts.STATUS_LABELS.get(str(standing.status), str(standing.status))
            shown = f"{standing.quantity_text or '–'} ({status})"
        return view.ask_figure(ind, view.period_name(year, quarter), result, shown)

    await _reply(update, await context.db(prompt))
    return FIGURE


# --- figure, causes, evidence -------------------------------------------------------------------


def _assess(update: Update, context: BotContext, draft: Draft) -> Any:
    user_id, today, domain = _user_id(update), context.today(), draft.domain()
    return context.db(
        lambda session: indicator_ledger.assess_realization(session, user_id, domain, today)
    )


@step(needs="quarter")
async def got_figure(update: Update, context: BotContext, draft: Draft) -> int:
    assert update.message is not None and draft.indicator_id is not None
    text = (update.message.text or "").strip()[:60]
    indicator_id = draft.indicator_id

    def read(session: Session) -> tuple[Decimal | None, str]:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        figure = indicator_ledger.read_figure(ind, text)
        return figure.value, indicator_ledger.figure_text(ind, text, figure)

    try:
        value, shown = await context.db(read)
    except (NumberParseError, DomainError) as exc:
        await send(update, describe(exc))
        return FIGURE
    draft.quantity, draft.quantity_text = str(value), shown
    draft.confirmed = [c for c in draft.confirmed if c != HIGH_FIGURE]
    checked = await _assess(update, context, draft)
    if HIGH_FIGURE in checked.warnings:
        target = checked.result.quarter_target or checked.result.year_target
        await _reply(update, view.high_figure(shown, view.target_text(target)))
        return CHECK
    return await _after_figure(update, context, draft, checked)


@step(needs="quantity")
async def confirm_high(update: Update, context: BotContext, draft: Draft) -> int:
    draft.confirmed.append(HIGH_FIGURE)
    return await _after_figure(update, context, draft, await _assess(update, context, draft))


@step(needs="quarter")
async def retype(update: Update, context: BotContext, draft: Draft) -> int:
    return await _ask_figure(update, context, draft)


async def _after_figure(update: Update, context: BotContext, draft: Draft, checked: Any) -> int:
    if checked.below_target:
        target = view.target_text(checked.result.quarter_target)
        reply = view.ask_causes(draft.quantity_text or "", target, checked.achievement)
        await _reply(update, reply)
        return CAUSES
    await _reply(update, view.ask_evidence())
    return EVIDENCE


@step(needs="quantity")
async def got_causes(update: Update, context: BotContext, draft: Draft) -> int:
    assert update.message is not None
    draft.causes = (update.message.text or "").strip()[:TEXT_MAX] or None
    await _reply(update, view.ask_evidence())
    return EVIDENCE


@step(needs="quantity")
async def skip_causes(update: Update, context: BotContext, draft: Draft) -> int:
    draft.causes = None
    await _reply(update, view.ask_evidence())
    return EVIDENCE


@step(needs="quantity")
async def got_evidence(update: Update, context: BotContext, draft: Draft) -> int:
    message = update.message
    assert message is not None
    if message.photo:
        draft.evidence = message.photo[-1].file_id
    elif message.document:
        draft.evidence = DOCUMENT + message.document.file_id
    return await _show_confirmation(update, context, draft)


@step(needs="quantity")
async def skip_evidence(update: Update, context: BotContext, draft: Draft) -> int:
    draft.evidence = None
    return await _show_confirmation(update, context, draft)


async def expect_evidence(update: Update, context: BotContext) -> int:
    await send(update, texts.IND_EXPECT_EVIDENCE)
    return EVIDENCE


# --- confirmation and saving --------------------------------------------------------------------


async def _show_confirmation(
    update: Update, context: BotContext, draft: Draft, *, fresh: bool = False
) -> int:
    checked = await _assess(update, context, draft)
    draft.expected_replaces = checked.replaces.id if checked.replaces else None
    r = checked.result
    replaces = None
    if checked.replaces is not None:
        status = texts.STATUS_LABELS.get(str(checked.replaces.status), "")
        replaces = f"{checked.replaces.quantity_text or '–'} ({status})"
    assert draft.quarter is not None
    shown = view.FigureConfirmation(
        name=draft.name,
        period=view.period_name(draft.year, draft.quarter),
        figure=draft.quantity_text or "–",
        target=view.target_text(r.quarter_target) if r.quarter_target else texts.NO_PLAN,
        year_target=view.target_text(r.year_target),
        achievement=checked.achievement,
        category=checked.category,
        causes=draft.causes,
        has_evidence=bool(draft.evidence),
        replaces=replaces,
    )
    reply = view.confirmation(shown)
    await (send(update, reply) if fresh else _reply(update, reply))
    return CONFIRM


@step(needs="quantity")
async def save(update: Update, context: BotContext, draft: Draft) -> int:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    today, domain = context.today(), draft.domain()
    expected = draft.expected_replaces
    confirmed = set(draft.confirmed) | ({REPLACES} if expected else set())

    def saved(session: Session) -> tuple[int, bool, str | None]:
        before = indicator_ledger.saved_before(session, user.id, domain)
        entry = before or indicator_ledger.save_realization(
            session,
            user.id,
            domain,
            today,
            confirmed=confirmed,
            expected_replaces=expected,
            actor_name=user.full_name,
        )
        correction = entry.replaces_id is not None
        return int(entry.id or 0), correction, None if before is None else str(before.status)

    try:
        (entry_id, correction, saved_status), notice = await context.db_then(
            saved, lambda session, done: None if done[2] else review.notice_of(session, done[0])
        )
    except FigureChanged:
        await query.answer()
        await edit(update, Reply(texts.IND_CHANGED))
        return await _show_confirmation(update, context, draft, fresh=True)
    await query.answer()
    if saved_status is not None:
        await edit(update, Reply(view.already_saved_text(entry_id, saved_status)))
        return END
    if notice is not None:
        context.application.create_task(review.notify_reviewers(context, notice), update=update)
    await edit(update, Reply(view.saved_text(entry_id, correction)))
    return END


# --- the states ---------------------------------------------------------------------------------


def states(
    press: Callable[[Any, type[Button]], Any], typed: Callable[[Any], Any], use_buttons: Any
) -> dict[object, list[Any]]:
    """The branch's states, for /lapor's ConversationHandler."""
    evidence = (filters.PHOTO | filters.Document.ALL) & filters.UpdateType.MESSAGE
    other = ~filters.COMMAND & filters.UpdateType.MESSAGE
    return {
        PICK: [press(pick, LaporIndicator), typed(use_buttons)],
        QUARTER: [press(pick_quarter, LaporQuarter), typed(use_buttons)],
        FIGURE: [typed(got_figure)],
        CHECK: [press(confirm_high, LaporConfirm), press(retype, LaporRetype), typed(use_buttons)],
        CAUSES: [press(skip_causes, LaporSkip), typed(got_causes)],
        EVIDENCE: [
            press(skip_evidence, LaporSkip),
            MessageHandler(evidence, got_evidence),
            MessageHandler(other, expect_evidence),
        ],
        CONFIRM: [press(save, LaporSave), typed(use_buttons)],
    }
