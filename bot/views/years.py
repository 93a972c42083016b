"""/tahun: the agency's fiscal years, and the confirmation before one is opened or closed."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Button, Year, button
from bot.views.common import Reply
from lakip_model.models import FiscalYear
from lakip_model.years import OpenPlan

# --- buttons (bot admins only: the journey checks, and the domain again when it writes) --------


@button("year.open")
class YearOpen(Button):
    year: Year
    template: Year


@button("year.close")
class YearClose(Button):
    year: Year


@button("year.cancel")
class YearCancel(Button):
    pass


YEAR_BUTTONS: tuple[type[Button], ...] = (YearOpen, YearClose, YearCancel)


def _key(label: str, value: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=value.data())


def year_list(years: Sequence[FiscalYear], this_year: int) -> Reply:
    """The years, newest first, open or closed, and how to open or close one (the example is
    this year while it is not there, else the year after the latest)."""
    if not years:
        return Reply(f"{texts.YEARS_NONE}\n\n{texts.YEARS_USAGE}")
    lines = [texts.YEARS_TITLE, ""]
    lines += [
        texts.YEARS_ITEM.format(
            year=fy.year, state=texts.YEARS_CLOSED if fy.closed else texts.YEARS_OPEN
        )
        for fy in years
    ]
    latest = years[0].year
    next_year = this_year if all(fy.year != this_year for fy in years) else latest + 1
    open_years = [fy.year for fy in years if not fy.closed]
    lines += [
        "",
        texts.YEARS_TEMPLATE.format(year=latest),
        texts.YEARS_HOW.format(next=next_year, year=open_years[0] if open_years else latest),
    ]
    return Reply("\n".join(lines))


def _confirm(text: str, yes: InlineKeyboardButton) -> Reply:
    return Reply(text, InlineKeyboardMarkup([[yes, _key(texts.BUTTON_YEAR_CANCEL, YearCancel())]]))


def open_confirmation(plan: OpenPlan) -> Reply:
    text = texts.YEAR_OPEN_CONFIRM.format(
        year=plan.year, template=plan.template, rows=plan.sub_activities
    )
    yes = _key(texts.BUTTON_YEAR_OPEN.format(year=plan.year), YearOpen(plan.year, plan.template))
    return _confirm(text, yes)


def close_confirmation(year: int) -> Reply:
    yes = _key(texts.BUTTON_YEAR_CLOSE.format(year=year), YearClose(year))
    return _confirm(texts.YEAR_CLOSE_CONFIRM.format(year=year), yes)


def opened(fy: FiscalYear, template: int) -> Reply:
    return Reply(texts.YEAR_OPENED.format(year=fy.year, template=template))


def closed(year: int) -> Reply:
    return Reply(texts.YEAR_CLOSED_DONE.format(year=year))


def cancelled() -> Reply:
    return Reply(texts.YEAR_CANCELLED)
