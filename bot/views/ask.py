"""Messages of the question journey: the line saying how a question was understood, the
answers no command has (lowest/highest, a unit, comparisons, a semester), asking back, and
the reply to what the bot does not know. Figures come formatted by ``lakip_model.numbers``;
the buttons open the commands' own screens (``bot.views.status`` kinds) or re-ask with a
chosen year or name (:class:`AskChoice`)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.callbacks import Access, Button, Quarter, Year, button
from bot.texts import LEVEL_NAMES
from bot.texts import ask as texts
from bot.views import status as status_view
from bot.views.common import Reply, esc, figure_table, key, pre, rupiah, short
from bot.views.status import BudgetNode, IndicatorShow
from lakip_model.numbers import format_month, format_percent
from lakip_model.performance import IndicatorResult
from lakip_model.questions import Choice, Intent, Understanding
from lakip_model.questions.answers import Figures, PeriodTotals, RankedProgram
from lakip_model.questions.names import NODE_KINDS, Name
from lakip_model.text import fold

LABEL_WIDTH = 40  # a button label: one phone line


@button("ask.choice", access=Access.READ)
class AskChoice(Button):
    """An answer to "which one?": the intent for ``year`` (and triwulan), about the row,
    indicator or unit ``key`` (keys are the same every year; "" for none)."""

    year: Year
    quarter: Quarter
    intent: Intent
    key: str


def period_label(u: Understanding) -> str:
    """ "2022", "Triwulan II 2022", "Semester I 2026", "Maret 2026"."""
    year = u.year or 0
    p = u.period
    if p.month is not None:
        return format_month(*p.month)
    if p.semester is not None:
        return texts.SEMESTER.format(roman=texts.ROMAN[p.semester], year=year)
    if p.quarter is not None:
        return texts.QUARTER.format(roman=texts.ROMAN[p.quarter], year=year)
    return str(year)


def target_name(name: Name | None) -> str:
    """A row's name as the user reads it ("Program Perlindungan Perempuan")."""
    if name is None:
        return ""
    label = LEVEL_NAMES.get(name.kind.value) if name.kind in NODE_KINDS else None
    if label is None or fold(name.name).startswith(fold(label)):
        return name.name
    return f"{label} {name.name}"


def understood(u: Understanding, *, name: str | None = None) -> str:
    """The one line before a command's answer."""
    month = ""
    if u.intent == Intent.MISSING and u.period.month is not None:
        month = texts.MISSING_MONTH.format(month=format_month(*u.period.month))
    return texts.UNDERSTOOD[u.intent.value].format(
        period=period_label(u),
        name=esc(name if name is not None else target_name(u.target)),
        month=month,
    )


def with_header(header: str, reply: Reply) -> Reply:
    """The command's screen, headed by how the question was understood; its buttons kept."""
    return Reply(f"<i>{header}</i>\n\n{reply.text}", reply.keyboard)


def ask_back(u: Understanding) -> Reply:
    """Two names equally found, or several years: a button each."""
    choices: Sequence[Choice] = u.choices
    if u.words:
        text = texts.ASK_WHICH.format(words=esc(" ".join(u.words)))
    else:
        text = texts.ASK_YEAR.format(years=", ".join(c.label for c in reversed(choices)))
    rows = [
        [key(short(c.label, LABEL_WIDTH), AskChoice(c.year, c.quarter, c.intent, c.key))]
        for c in choices
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def ranked_programs(
    u: Understanding, ranked: Sequence[RankedProgram], *, highest: bool, unit: Name | None
) -> Reply:
    year = u.year or 0
    if unit is not None:
        title = (texts.HIGHEST_UNIT if highest else texts.LOWEST_UNIT).format(
            unit=esc(unit.name), period=year
        )
    else:
        title = (texts.HIGHEST_PROGRAMS if highest else texts.LOWEST_PROGRAMS).format(period=year)
    if not ranked:
        return Reply(f"<i>{title}</i>\n\n" + texts.NOTHING_RANKED.format(year=year))
    lines = [
        texts.RANKED_PROGRAM.format(
            rank=i,
            name=esc(r.node.name),
            absorption=format_percent(r.absorption),
            realized=rupiah(r.node.realized or 0),
            pagu=rupiah(r.node.pagu),
        )
        for i, r in enumerate(ranked, 1)
    ]
    rows = [
        [key(f"{i}. {short(r.node.name, LABEL_WIDTH)}", BudgetNode(year, r.node.id, 0, 0))]
        for i, r in enumerate(ranked, 1)
    ]
    rows.append([key(texts.BUTTON_BUDGET, BudgetNode(year, 0, 0, 0))])
    return Reply(f"<i>{title}</i>\n\n" + "\n".join(lines), InlineKeyboardMarkup(rows))


def ranked_indicators(
    u: Understanding,
    ranked: Sequence[IndicatorResult],
    unranked: int,
    missing: str,
    *,
    highest: bool,
) -> Reply:
    year = u.year or 0
    title = (texts.HIGHEST_INDICATORS if highest else texts.LOWEST_INDICATORS).format(period=year)
    if not ranked:
        return Reply(f"<i>{title}</i>\n\n" + texts.NO_INDICATOR_RANKED.format(year=year))
    blocks = [f"{i}. " + status_view.indicator_block(r, missing) for i, r in enumerate(ranked, 1)]
    if unranked:
        blocks.append(texts.UNRANKED_INDICATORS.format(count=unranked))
    rows = [
        [key(f"{i}. {short(r.name, LABEL_WIDTH)}", IndicatorShow(year, r.id))]
        for i, r in enumerate(ranked, 1)
    ]
    return Reply(f"<i>{title}</i>\n\n" + "\n\n".join(blocks), InlineKeyboardMarkup(rows))


def unit_none(u: Understanding, unit: Name) -> Reply:
    return Reply(texts.UNIT_NONE.format(unit=esc(unit.name), year=u.year))


def unit_header(u: Understanding, unit: Name) -> str:
    return texts.UNIT_PROGRAMS.format(unit=esc(unit.name), period=period_label(u))


def _column(f: Figures) -> str:
    label = (
        texts.QUARTER.format(roman=texts.ROMAN[f.quarter], year=f.label_year)
        if f.quarter
        else str(f.label_year)
    )
    if f.missing == "no_year":
        return f"<b>{label}</b>: {texts.COMPARE_NO_YEAR}"
    if f.missing == "year_end":
        return f"<b>{label}</b>: {texts.COMPARE_YEAR_END}"
    rows = [
        (texts.LABEL_PAGU, rupiah(f.pagu)),
        (texts.LABEL_REALIZED, rupiah(f.realized or 0)),
        (texts.LABEL_ABSORPTION, format_percent(f.absorption)),
    ]
    return f"<b>{label}</b>\n" + pre(figure_table(rows))


def comparison(u: Understanding, columns: Sequence[Figures]) -> Reply:
    name = target_name(u.target) if u.target else texts.COMPARE_TOTAL
    title = texts.COMPARE_TITLE.format(name=esc(name))
    year = u.year or 0
    keyboard = InlineKeyboardMarkup([[key(texts.BUTTON_BUDGET, BudgetNode(year, 0, 0, 0))]])
    return Reply(f"<i>{title}</i>\n\n" + "\n\n".join(_column(c) for c in columns), keyboard)


def period_totals(u: Understanding, totals: PeriodTotals) -> Reply:
    year = u.year or 0
    if totals.status.has_figures and not totals.status.has_monthly:
        return Reply(texts.PERIOD_YEAR_END.format(year=year))
    rows = [
        (texts.LABEL_PAGU, rupiah(totals.pagu)),
        (texts.LABEL_REALIZED, rupiah(totals.realized or 0)),
        (texts.LABEL_ABSORPTION, format_percent(totals.absorption)),
    ]
    title = texts.PERIOD_TOTALS.format(period=period_label(u))
    keyboard = InlineKeyboardMarkup([[key(texts.BUTTON_BUDGET, BudgetNode(year, 0, 0, 0))]])
    return Reply(f"<i>{title}</i>\n\n" + pre(figure_table(rows)), keyboard)


def not_found(u: Understanding) -> Reply:
    """Words that name nothing of the year: said back, and questions the bot can answer."""
    found = texts.NOT_FOUND.format(year=u.year, words=esc(short(" ".join(u.words), 40)))
    return Reply(found + "\n\n" + texts.SUGGEST.format(year=u.year or ""))


def outside(year: int | None) -> Reply:
    """A question outside what the bot knows: no figure, two or three questions it answers."""
    return Reply(texts.OUTSIDE + " " + texts.SUGGEST.format(year=year or "").strip())
