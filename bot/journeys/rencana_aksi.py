"""/rencanaaksi [tahun]: an admin or the responsible unit's officer sets an indicator's quarterly
targets (rencana aksi) from the chat.

Steps: indicator (✅ planned, 📝 not yet) → TW I, II, III, IV typed one at a time, each with
the year target and the targets already typed shown, and "= target tahun" as a shortcut →
confirmation → "Simpan rencana" appends the four rows (``action_plan.set_plan``: the actor is
re-read there; earlier targets stay as history). Bad input is refused and asked again.
"""

from __future__ import annotations

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
from bot.callbacks import expect, pattern
from bot.common import edit, per_user_conversation, send
from bot.context import App, BotContext, settings_of
from bot.errors import describe, tell
from bot.views import indicators as view
from bot.views.common import Reply, esc
from bot.views.indicators import PLAN_BUTTONS, PlanCancel, PlanIndicator, PlanSameAsYear, PlanSave
from lakip_model import action_plan, indicators, ledger
from lakip_model.errors import Conflict, DomainError
from lakip_model.models import Indicator
from lakip_model.numbers import NumberParseError
from lakip_model.queries import resolve_year

PICK, TARGET, CONFIRM = range(3)
END = ConversationHandler.END
KEY = "rencana_aksi"  # user_data: {"indicator": id, "typed": {quarter: text}, "year": year}


def _state(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    state = context.user_data.get(KEY)
    return state if isinstance(state, dict) else {}


def _typed(state: dict[str, Any]) -> dict[int, str]:
    return {int(q): str(t) for q, t in (state.get("typed") or {}).items()}


async def _reply(update: Update, reply: Reply) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


def _user_id(update: Update) -> int:
    return update.effective_user.id if update.effective_user else 0


async def start(update: Update, context: BotContext) -> int:
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        await send(update, texts.PLAN_PRIVATE)
        return END
    user_id, today = _user_id(update), context.today()
    words = context.args or []
    asked = int(words[0]) if words and words[0].isdigit() and len(words[0]) == 4 else None

    def choice(session: Session) -> tuple[int, Reply]:
        who = indicators.officer(session, user_id)
        if asked is not None:
            fy = resolve_year(session, asked, who.agency_code)
        else:
            fy = ledger.open_reporting_year(session, who, today)
        mine = {int(i.id or 0) for i in indicators.recordable_indicators(session, who, fy)}
        rows = [
            r
            for r in indicators.quarter_results(session, int(fy.id or 0), 1)
            if r.indicator_id in mine
        ]
        return fy.year, view.plan_choice(fy.year, rows)

    try:
        year, reply = await context.db(choice)
    except DomainError as exc:
        await tell(update, describe(exc))
        return END
    assert context.user_data is not None
    context.user_data[KEY] = {"year": year, "typed": {}}
    await send(update, reply)
    return PICK


def _prompt(context: BotContext, indicator_id: int, typed: dict[int, str]) -> Any:
    quarter = next(q for q in (1, 2, 3, 4) if q not in typed)

    def prompt(session: Session) -> Reply:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        year = indicators.load_year(session, ind.fiscal_year_id)
        result = indicators.result_of(year, ind, None)
        current = {
            q: plan.target_text for (iid, q), plan in year.plans.items() if iid == indicator_id
        }
        return view.plan_ask(ind, result.year_target, typed, current, quarter)

    return context.db(prompt)


async def pick(update: Update, context: BotContext) -> int:
    data = update.callback_query.data if update.callback_query else None
    indicator_id = expect(data, PlanIndicator).indicator
    user_id = _user_id(update)

    def allowed(session: Session) -> None:
        who = indicators.officer(session, user_id)
        _, fy = indicators.indicator_for(session, who, indicator_id)
        if fy.closed:
            raise Conflict("entry.year_closed", year=fy.year)

    try:
        await context.db(allowed)
    except DomainError as exc:
        await tell(update, describe(exc))
        return await cancel(update, context)
    state = _state(context)
    state.update(indicator=indicator_id, typed={})
    await _reply(update, await _prompt(context, indicator_id, {}))
    return TARGET


async def _next(update: Update, context: BotContext, state: dict[str, Any]) -> int:
    typed = _typed(state)
    indicator_id = int(state["indicator"])
    if len(typed) < 4:
        await _reply(update, await _prompt(context, indicator_id, typed))
        return TARGET

    def confirm(session: Session) -> Reply:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        year = indicators.load_year(session, ind.fiscal_year_id)
        result = indicators.result_of(year, ind, None)
        return view.plan_confirm(ind, result.year_target, typed)

    await _reply(update, await context.db(confirm))
    return CONFIRM


async def got_target(update: Update, context: BotContext) -> int:
    assert update.message is not None
    state = _state(context)
    if "indicator" not in state:
        return await _expired(update, context)
    text = " ".join((update.message.text or "").split())[:40]
    try:
        target = action_plan.parse_target(text)
    except (NumberParseError, DomainError) as exc:
        await send(update, describe(exc))
        return TARGET
    typed = _typed(state)
    typed[next(q for q in (1, 2, 3, 4) if q not in typed)] = view.target_text(target)
    state["typed"] = {str(q): t for q, t in typed.items()}
    return await _next(update, context, state)


async def same_as_year(update: Update, context: BotContext) -> int:
    state = _state(context)
    if "indicator" not in state:
        return await _expired(update, context)
    indicator_id = int(state["indicator"])

    def year_target(session: Session) -> str | None:
        ind = session.get(Indicator, indicator_id)
        assert ind is not None
        year = indicators.load_year(session, ind.fiscal_year_id)
        result = indicators.result_of(year, ind, None)
        target = result.year_target
        return target.text if target is not None and target.value is not None else None

    text = await context.db(year_target)
    if text is None:
        await tell(update, texts.STALE_BUTTON)
        return TARGET
    typed = _typed(state)
    typed[next(q for q in (1, 2, 3, 4) if q not in typed)] = text
    state["typed"] = {str(q): t for q, t in typed.items()}
    return await _next(update, context, state)


async def save(update: Update, context: BotContext) -> int:
    state = _state(context)
    if "indicator" not in state or len(_typed(state)) < 4:
        return await _expired(update, context)
    indicator_id, typed, user_id = int(state["indicator"]), _typed(state), _user_id(update)

    def saved(session: Session) -> str:
        action_plan.set_plan(session, user_id, indicator_id, typed)
        ind = session.get(Indicator, indicator_id)
        return ind.name if ind else ""

    try:
        name = await context.db(saved)
    except DomainError as exc:
        await tell(update, describe(exc))
        return await cancel(update, context, silent=True)
    _drop(context)
    await _reply(update, Reply(texts.PLAN_SAVED.format(name=esc(name))))
    return END


def _drop(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(KEY, None)


async def _expired(update: Update, context: BotContext) -> int:
    _drop(context)
    await tell(update, texts.REPORT_EXPIRED_DRAFT)
    return END


async def cancel(update: Update, context: BotContext, *, silent: bool = False) -> int:
    _drop(context)
    if silent:
        return END
    await _reply(update, Reply(texts.PLAN_CANCELLED))
    return END


async def use_buttons(update: Update, context: BotContext) -> None:
    await send(update, texts.PLAN_USE_BUTTONS)


async def timed_out(update: Update, context: BotContext) -> None:
    _drop(context)


async def stale(update: Update, context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


def conversation(timeout: int) -> ConversationHandler[BotContext]:
    def press(callback: Any, kind: Any) -> CallbackQueryHandler[BotContext, object]:
        return CallbackQueryHandler(callback, pattern=pattern(kind))

    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    with per_user_conversation():
        return ConversationHandler(
            entry_points=[commands.handler("rencanaaksi", start)],
            states={
                PICK: [press(pick, PlanIndicator), MessageHandler(text, use_buttons)],
                TARGET: [press(same_as_year, PlanSameAsYear), MessageHandler(text, got_target)],
                CONFIRM: [press(save, PlanSave), MessageHandler(text, use_buttons)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[
                commands.handler("batal", cancel),
                press(cancel, PlanCancel),
                CallbackQueryHandler(stale, pattern=pattern(*PLAN_BUTTONS)),
            ],
            name="rencana_aksi",
            persistent=True,
            conversation_timeout=timeout,
            allow_reentry=True,
        )


def register(app: App) -> None:
    app.add_handler(conversation(settings_of(app).conversation_timeout))
    app.add_handler(CallbackQueryHandler(stale, pattern=pattern(*PLAN_BUTTONS)))
