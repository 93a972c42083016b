"""The quarterly digest as the pimpinan reads it (one screen), and the /langganan panel.

Nothing here queries the database: the job and the journey pass in ``lakip_model.digest``'s
results. Every sentence says only what the figures show: a quarter without data says so, and
"nothing below target" is said only of indicators that could be measured.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import dates as babel_dates
from telegram import InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Button, button
from bot.views.common import Reply, esc, figure_table, key, pre, qty, rupiah
from lakip_model.digest import QuarterDigest, quarter_months
from lakip_model.indicators import QUARTER_LABELS, IndicatorQuarter
from lakip_model.numbers import LOCALE, format_date_long, format_percent
from lakip_model.reminders.outstanding import YearState

MAX_BELOW = 8  # indicators below target listed on the one screen
_ROMAN = ("I", "II", "III", "IV")


@button("digest.set")
class DigestSet(Button):
    """Subscribe (True) or unsubscribe (False); the domain re-reads the presser."""

    subscribed: bool


@button("digest.show")
class DigestShow(Button):
    """Show the digest of the quarter just ended, now (the presser's agency)."""


DIGEST_BUTTONS: tuple[type[Button], ...] = (DigestSet, DigestShow)


def _month(month: int) -> str:
    return babel_dates.format_date(date(2000, month, 1), "LLLL", locale=LOCALE)


def period_label(year: int, quarter: int) -> str:
    return f"Triwulan {_ROMAN[quarter - 1]} {year}"


def _name(item: IndicatorQuarter) -> str:
    return texts.DIGEST_IKU.format(name=item.name) if item.iku else item.name


def digest_text(digest: QuarterDigest) -> str:
    """The digest of one quarter: budget vs norm, indicators below target, what is unreported."""
    period = period_label(digest.year, digest.quarter)
    label = QUARTER_LABELS[digest.quarter]
    last_month = _month(quarter_months(digest.quarter)[-1])
    lines = [texts.DIGEST_TITLE.format(period=esc(period), agency=esc(digest.agency_name)), ""]
    if digest.state is YearState.MISSING:
        lines.append(texts.DIGEST_NO_YEAR.format(year=digest.year, period=esc(period)))
        return "\n".join(lines)
    if not digest.has_data:
        lines += [texts.DIGEST_NO_DATA.format(period=esc(period)), ""]
    if digest.state is YearState.CLOSED:
        lines += [texts.DIGEST_CLOSED.format(year=digest.year), ""]
    lines += _budget(digest, label, last_month)
    lines += ["", *_indicators(digest, label)]
    lines += ["", *_unreported(digest, label)]
    lines += ["", texts.DIGEST_MORE.format(year=digest.year, quarter=digest.quarter)]
    return "\n".join(lines)


def _budget(digest: QuarterDigest, label: str, last_month: str) -> list[str]:
    lines = [texts.DIGEST_BUDGET.format(month=last_month)]
    if digest.pagu is None:
        return [*lines, texts.DIGEST_NO_PAGU.format(year=digest.year)]
    norm = format_percent(digest.norm)
    value = digest.absorption
    rows = [
        (texts.DIGEST_PAGU, rupiah(digest.pagu)),
        (texts.DIGEST_REALIZED, rupiah(digest.realized)),
        (texts.DIGEST_ABSORPTION, format_percent(value)),
        (texts.DIGEST_NORM.format(quarter=label), norm),
    ]
    lines.append(pre(figure_table(rows)))
    if value is None:
        lines.append(texts.DIGEST_NO_REALIZATION.format(month=last_month))
    elif digest.below_norm:
        lines.append(texts.DIGEST_BELOW_NORM.format(absorption=format_percent(value), norm=norm))
    else:
        lines.append(texts.DIGEST_AT_NORM.format(absorption=format_percent(value), norm=norm))
    return lines


def _indicators(digest: QuarterDigest, label: str) -> list[str]:
    lines = [texts.DIGEST_INDICATORS.format(quarter=label)]
    if not digest.indicators:
        return [*lines, texts.DIGEST_NO_INDICATORS.format(year=digest.year)]
    measured = len(digest.measured)
    if not measured:
        return [*lines, texts.DIGEST_NOT_MEASURED]
    if not digest.below_target:
        return [*lines, texts.DIGEST_NONE_BELOW.format(measured=measured)]
    lines.append(texts.DIGEST_BELOW.format(count=len(digest.below_target), measured=measured))
    for item in digest.below_target[:MAX_BELOW]:
        lines.append(
            texts.DIGEST_BELOW_ITEM.format(
                name=esc(_name(item)),
                realized=esc(qty(item.realized)),
                target=esc(qty(item.quarter_target)),
                achievement=format_percent(item.achievement),
            )
        )
    if len(digest.below_target) > MAX_BELOW:
        lines.append(texts.DIGEST_BELOW_MORE.format(count=len(digest.below_target) - MAX_BELOW))
    return lines


def _unreported(digest: QuarterDigest, label: str) -> list[str]:
    lines = [texts.DIGEST_UNREPORTED]
    if digest.state is YearState.OPEN and digest.sub_activities:
        if any(digest.unreported_months.values()):
            months = ", ".join(
                texts.DIGEST_MONTH_COUNT.format(month=_month(m), count=n)
                for m, n in sorted(digest.unreported_months.items())
            )
            lines.append(
                texts.DIGEST_SUB_ACTIVITIES.format(total=digest.sub_activities, months=months)
            )
        else:
            lines.append(texts.DIGEST_ALL_SUB_ACTIVITIES.format(total=digest.sub_activities))
    if digest.indicators:
        total = len(digest.indicators)
        if digest.unreported_indicators:
            lines.append(
                texts.DIGEST_INDICATORS_MISSING.format(
                    quarter=label, count=len(digest.unreported_indicators), total=total
                )
            )
        else:
            lines.append(texts.DIGEST_INDICATORS_ALL.format(total=total, quarter=label))
        if digest.unplanned:
            lines.append(texts.DIGEST_UNPLANNED.format(count=len(digest.unplanned)))
    return lines if len(lines) > 1 else []


def subscription_panel(
    receives: bool, pimpinan: bool, next_at: datetime | None, period: str | None
) -> Reply:
    """/langganan: what the digest is, whether the user receives it, and the one button."""
    if receives:
        status = texts.SUBSCRIBE_ON_PIMPINAN if pimpinan else texts.SUBSCRIBE_ON
    else:
        status = texts.SUBSCRIBE_OFF
    lines = [texts.SUBSCRIBE_TITLE, texts.SUBSCRIBE_WHAT, "", status]
    if receives and next_at is not None and period is not None:
        when = f"{format_date_long(next_at.date())} {next_at:%H:%M} WIB"
        lines.append(texts.SUBSCRIBE_NEXT.format(when=when, period=esc(period)))
    label = texts.BUTTON_UNSUBSCRIBE if receives else texts.BUTTON_SUBSCRIBE
    keyboard = InlineKeyboardMarkup(
        [
            [key(label, DigestSet(subscribed=not receives))],
            [key(texts.BUTTON_SHOW_DIGEST, DigestShow())],
        ]
    )
    return Reply("\n".join(lines), keyboard)
