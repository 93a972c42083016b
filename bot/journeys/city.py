"""The city's views for its readers (Bappeda, Inspektorat, Wali Kota, super admins).

/peringkat [tahun] [tw] ranks every agency by budget absorption (against the quarter's norm) and
by IKU achievement (``lakip_model.city.ranking``), with buttons to each full ordering and to
open an agency. /opd <nama> opens an agency: its code is kept in the user's data
(``bot.context.OPENED_AGENCY``), so that every read command and button after it reads that
agency (``BotContext.agency_code``), each screen saying whose it is (``status.in_year``);
/opd alone lists the agencies, /opd kembali returns to the reader's own. Who may ask is checked
by the domain, in the read's transaction (``city.require_reader``): a role removed a second ago
already counts, and an agency's own people are refused. Nothing here writes an entry.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot import commands, texts
from bot.callbacks import StaleButton
from bot.common import add_buttons, command_args, edit, pressed, send
from bot.context import OPENED_AGENCY, App, BotContext
from bot.journeys.status import in_year, split_quarter, summary_reply
from bot.views import city as view
from bot.views.city import AgencyHome, AgencyList, AgencyOpen, RankBy, RankShow
from bot.views.common import Reply
from lakip_model import city
from lakip_model.digest import parse_norm
from lakip_model.errors import PermissionDenied
from lakip_model.queries import YearNotFound

RANK_EXAMPLE = "/peringkat 2026 tw2"


def _asker(update: Update) -> int:
    user = update.effective_user
    if user is None:
        raise PermissionDenied("user.not_registered")
    return user.id


async def ranking_command(update: Update, context: BotContext) -> None:
    args = await command_args(update, context.args, allow_words=True, example=RANK_EXAMPLE)
    if args is None:
        return
    rest, quarter = split_quarter(args.words)
    if rest:
        await send(update, texts.RANK_USAGE.format(example=RANK_EXAMPLE))
        return
    await send(update, await _ranking(update, context, args.year, quarter, RankBy.OVERVIEW, 0))


async def _ranking(
    update: Update,
    context: BotContext,
    year: int | None,
    quarter: int | None,
    by: RankBy,
    page: int,
) -> Reply:
    asker, norm = _asker(update), parse_norm(context.settings.absorption_norm)

    def work(session: Session) -> Reply:
        city.require_reader(session, asker)
        return view.ranking_reply(city.ranking(session, year, quarter, norm), by, page)

    return await context.db(work)


async def on_rank(update: Update, context: BotContext) -> None:
    b = pressed(update, RankShow)
    reply = await _ranking(update, context, b.year, b.quarter or None, b.by, b.page)
    await _show(update, reply)


async def _show(update: Update, reply: Reply) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer()
    await edit(update, reply)


# --- /opd -----------------------------------------------------------------------------------------


async def agency_command(update: Update, context: BotContext) -> None:
    asker, words = _asker(update), " ".join(context.args or []).strip()
    if words.lower() in texts.OPD_HOME_WORDS:
        await send(update, await _home(context, asker))
        return

    def work(session: Session) -> Reply | city.AgencyRef:
        city.require_reader(session, asker)
        if not words:
            return view.agencies_reply(city.agencies(session))
        match = city.find_agency(session, words)
        if match.found is not None:
            return match.found
        if match.candidates:
            return view.pick_reply(words, match.candidates)
        return view.unknown_reply(words)

    found = await context.db(work)
    if isinstance(found, Reply):
        await send(update, found)
        return
    await send(update, await _open(context, found))


async def _open(context: BotContext, ref: city.AgencyRef) -> Reply:
    """Open ``ref`` for the following reads and show its summary (with whose it is)."""
    if context.user_data is not None:
        context.user_data[OPENED_AGENCY] = ref.code
    context.name_agency(ref.code)
    try:
        return await in_year(context, None, summary_reply)
    except YearNotFound as exc:
        if exc.available:
            raise
        # opened all the same: its data may come (an import, /tahun by its admin)
        return view.with_header(Reply(texts.OPD_NO_DATA), ref)


async def _home(context: BotContext, asker: int) -> Reply:
    if context.user_data is not None:
        context.user_data.pop(OPENED_AGENCY, None)

    def work(session: Session) -> Reply:
        actor = city.require_reader(session, asker)
        ref = city.agency_by_code(session, actor.agency_code)
        return view.home_reply(ref.short_name if ref else actor.agency_code)

    return await context.db(work)


async def on_open(update: Update, context: BotContext) -> None:
    b, asker = pressed(update, AgencyOpen), _asker(update)

    def work(session: Session) -> city.AgencyRef:
        city.require_reader(session, asker)
        ref = city.agency_by_id(session, b.agency)
        if ref is None:
            raise StaleButton
        return ref

    ref = await context.db(work)
    await _show(update, await _open(context, ref))


async def on_list(update: Update, context: BotContext) -> None:
    b, asker = pressed(update, AgencyList), _asker(update)

    def work(session: Session) -> Reply:
        city.require_reader(session, asker)
        return view.agencies_reply(city.agencies(session), b.page)

    await _show(update, await context.db(work))


async def on_home(update: Update, context: BotContext) -> None:
    pressed(update, AgencyHome)
    await _show(update, await _home(context, _asker(update)))


def register(app: App) -> None:
    app.add_handler(commands.handler("peringkat", ranking_command))
    app.add_handler(commands.handler("opd", agency_command))
    add_buttons(
        app,
        {RankShow: on_rank, AgencyOpen: on_open, AgencyList: on_list, AgencyHome: on_home},
    )
