"""Quarterly indicators as the user sees them: /lapor's indicator branch, /rencanaaksi, and the
/capaian screens (per sasaran, IKU first; the drill-down of one indicator).

The journeys pass in what ``lakip_model.indicators`` returned; nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Access, Button, Page, Quarter, RowId, Year, button
from bot.views.common import (
    Reply,
    buttons,
    esc,
    fit_rows,
    key,
    nav_row,
    paginate,
    pre,
    qty,
    short,
)
from bot.views.entries import (
    LaporCancel,
    LaporConfirm,
    LaporIndicators,
    LaporRetype,
    LaporSave,
    LaporSkip,
)
from lakip_model.indicators import IndicatorDetail, IndicatorQuarter, target_label
from lakip_model.models import Indicator
from lakip_model.numbers import Quantity, format_percent

PAGE_CAPAIAN = 7  # indicators per /capaian page: two lines each, fits a phone screen

# --- button kinds -------------------------------------------------------------------------------


@button("lapor.ind")
class LaporIndicator(Button):
    """The indicator branch: this indicator."""

    indicator: RowId


@button("lapor.tw")
class LaporQuarter(Button):
    """The indicator branch: this quarter."""

    quarter: Quarter


@button("plan.ind")
class PlanIndicator(Button):
    """/rencanaaksi: this indicator."""

    indicator: RowId


@button("plan.same")
class PlanSameAsYear(Button):
    """/rencanaaksi: this quarter's target is the year's."""


@button("plan.save")
class PlanSave(Button):
    pass


@button("plan.cancel")
class PlanCancel(Button):
    pass


@button("capaian.ind", access=Access.READ)
class CapaianIndicator(Button):
    """/capaian: the drill-down of one indicator (``quarter`` 0: the year was shown)."""

    indicator: RowId
    quarter: Quarter


@button("capaian.tw", access=Access.READ)
class CapaianQuarter(Button):
    """/capaian: the indicators of a quarter (0: the year, per sasaran), a page of them."""

    year: Year
    quarter: Quarter
    page: Page = 0


@button("capaian.back", access=Access.READ)
class CapaianBack(Button):
    """From the drill-down back to the list."""

    year: Year
    quarter: Quarter


LAPOR_INDICATOR_BUTTONS: tuple[type[Button], ...] = (LaporIndicators, LaporIndicator, LaporQuarter)
PLAN_BUTTONS: tuple[type[Button], ...] = (PlanIndicator, PlanSameAsYear, PlanSave, PlanCancel)


# --- shared pieces ------------------------------------------------------------------------------


def quarter_name(quarter: int | None) -> str:
    return texts.QUARTER_NAMES.get(quarter or 0, texts.CAPAIAN_YEAR)


def period_name(year: int, quarter: int | None) -> str:
    return f"{quarter_name(quarter)} {year}" if quarter else str(year)


def target_text(target: Quantity | None) -> str:
    """A target as shown ("25%", "70–80%", "100%"); "–" when there is none."""
    return target_label(target) or (target.text if target is not None and target.text else "–")


def percent(value: Decimal | None) -> str:
    return "–" if value is None else format_percent(value)


def measure_facts(
    ind: Indicator, quarter_target: Quantity | None, year_target: Quantity | None
) -> list[tuple[str, str]]:
    """Unit, type of figure, cumulative or per quarter, and the targets: the prompt's table."""
    measure = texts.MEASURE_NAMES.get(str(ind.measure or ""), "–")
    if ind.measure_unit:
        measure += f" ({ind.measure_unit})"
    rows = [
        (texts.LABEL_MEASURE, measure),
        (texts.LABEL_ACCUMULATION, texts.ACCUMULATION_NAMES.get(str(ind.accumulation), "–")),
        (texts.LABEL_QUARTER_TARGET, target_text(quarter_target) if quarter_target else "–"),
        (texts.LABEL_YEAR_TARGET, target_text(year_target)),
    ]
    return rows


# --- /lapor: the indicator branch ---------------------------------------------------------------


def indicator_choice(year: int, rows: Sequence[Indicator]) -> Reply:
    if not rows:
        return Reply(texts.IND_NONE.format(year=year), buttons([[_cancel()]]))
    keys = [
        [(("⭐ " if i.iku else "") + short(i.name, 40), LaporIndicator(int(i.id or 0)).data())]
        for i in rows[:40]
    ]
    return Reply(texts.IND_CHOOSE.format(year=year), buttons([*keys, [_cancel()]]))


def _cancel() -> tuple[str, str]:
    return (texts.BUTTON_CANCEL, LaporCancel().data())


def quarter_choice(name: str, quarters: Sequence[int], default: int) -> Reply:
    row = [
        (("• " if q == default else "") + quarter_name(q), LaporQuarter(q).data()) for q in quarters
    ]
    return Reply(
        texts.IND_CHOOSE_QUARTER.format(name=esc(short(name, 120))), buttons([row, [_cancel()]])
    )


def ask_figure(
    ind: Indicator,
    period: str,
    result: IndicatorQuarter,
    standing: str | None,
) -> Reply:
    rows = measure_facts(ind, result.quarter_target, result.year_target)
    if standing:
        rows.append((texts.LABEL_REALIZATION, standing))
    unit = ind.measure_unit or ""
    example = "0,005" if str(ind.measure) == "rasio" else ("75" + unit if unit == "%" else "12")
    text = texts.IND_ASK_FIGURE.format(
        name=esc(short(ind.name, 120)),
        period=period,
        facts=pre(fit_rows(rows)),
        unit_hint=texts.IND_UNIT_HINT.format(unit=esc(unit)) if unit else "",
        example=esc(example),
    )
    return Reply(text, buttons([[_cancel()]]))


def ask_causes(figure: str, target: str, achievement: Decimal | None) -> Reply:
    text = texts.IND_ASK_CAUSES.format(
        figure=esc(figure), target=esc(target), achievement=percent(achievement)
    )
    return Reply(text, buttons([[(texts.BUTTON_SKIP, LaporSkip().data())], [_cancel()]]))


def ask_evidence() -> Reply:
    return Reply(
        texts.IND_ASK_EVIDENCE,
        buttons([[(texts.BUTTON_SKIP, LaporSkip().data())], [_cancel()]]),
    )


def high_figure(figure: str, target: str) -> Reply:
    text = texts.IND_HIGH_FIGURE.format(figure=esc(figure), target=esc(target))
    return Reply(
        text,
        buttons(
            [
                [
                    (texts.BUTTON_YES, LaporConfirm().data()),
                    (texts.BUTTON_RETYPE, LaporRetype().data()),
                ],
                [_cancel()],
            ]
        ),
    )


@dataclass
class FigureConfirmation:
    name: str
    period: str
    figure: str
    target: str
    year_target: str
    achievement: Decimal | None
    category: str | None
    causes: str | None
    has_evidence: bool
    replaces: str | None  # the standing figure it replaces, in a line


def confirmation(c: FigureConfirmation) -> Reply:
    achieved = percent(c.achievement) + (f" ({c.category})" if c.category else "")
    rows = [
        (texts.LABEL_PERIOD, c.period),
        (texts.LABEL_REALIZATION, c.figure),
        (texts.LABEL_QUARTER_TARGET, c.target),
        (texts.LABEL_YEAR_TARGET, c.year_target),
        (texts.LABEL_ACHIEVEMENT, achieved),
    ]
    lines = [texts.IND_CONFIRM_TITLE, f"<b>{esc(short(c.name, 120))}</b>", pre(fit_rows(rows))]
    if c.causes:
        lines.append(f"{texts.LABEL_CAUSES}: {esc(short(c.causes, 500))}")
    if c.has_evidence:
        lines.append(f"{texts.LABEL_PHOTO}: ✓")
    if c.replaces:
        lines.append(texts.IND_REPLACES.format(period=c.period, standing=esc(c.replaces)))
    keyboard = buttons([[(texts.BUTTON_SAVE, LaporSave().data())], [_cancel()]])
    return Reply("\n".join(lines), keyboard)


def saved_text(entry_id: int, correction: bool) -> str:
    kind = texts.IND_SAVED_CORRECTION if correction else texts.IND_SAVED_ENTRY
    return texts.IND_SAVED.format(entry_id=entry_id, kind=kind)


def already_saved_text(entry_id: int, status: str) -> str:
    return texts.IND_ALREADY_SAVED.format(
        entry_id=entry_id, status=texts.STATUS_LABELS.get(status, status)
    )


# --- /rencanaaksi -------------------------------------------------------------------------------


def plan_choice(year: int, rows: Sequence[IndicatorQuarter]) -> Reply:
    if not rows:
        return Reply(texts.PLAN_NONE.format(year=year))
    keys = []
    for r in rows[:40]:
        mark = "✅ " if r.planned else "📝 "
        keys.append([(mark + short(r.name, 40), PlanIndicator(r.indicator_id).data())])
    keys.append([(texts.BUTTON_CANCEL, PlanCancel().data())])
    return Reply(texts.PLAN_CHOOSE.format(year=year), buttons(keys))


def plan_ask(
    ind: Indicator,
    year_target: Quantity | None,
    typed: dict[int, str],
    current: dict[int, str],
    quarter: int,
) -> Reply:
    rows = [(texts.LABEL_YEAR_TARGET, target_text(year_target))]
    for q in (1, 2, 3, 4):
        shown = typed.get(q) or (f"{current[q]} (lama)" if q in current else "–")
        rows.append((quarter_name(q), shown))
    unit = ind.measure_unit or ""
    text = (
        texts.PLAN_SHOW.format(name=esc(short(ind.name, 120)), facts=pre(fit_rows(rows)))
        + "\n\n"
        + texts.PLAN_ASK.format(
            quarter=quarter_name(quarter),
            unit_hint=texts.IND_UNIT_HINT.format(unit=esc(unit)) if unit else "",
        )
    )
    keys: list[list[tuple[str, str]]] = []
    if year_target is not None and year_target.value is not None:
        same = texts.PLAN_SAME_AS_YEAR.format(target=target_text(year_target))
        keys.append([(same, PlanSameAsYear().data())])
    keys.append([(texts.BUTTON_CANCEL, PlanCancel().data())])
    return Reply(text, buttons(keys))


def plan_confirm(ind: Indicator, year_target: Quantity | None, typed: dict[int, str]) -> Reply:
    rows = [(texts.LABEL_YEAR_TARGET, target_text(year_target))]
    rows.extend((quarter_name(q), typed[q]) for q in sorted(typed))
    text = texts.PLAN_CONFIRM.format(name=esc(short(ind.name, 120))) + "\n" + pre(fit_rows(rows))
    keyboard = buttons(
        [
            [(texts.BUTTON_PLAN_SAVE, PlanSave().data())],
            [(texts.BUTTON_CANCEL, PlanCancel().data())],
        ]
    )
    return Reply(text, keyboard)


# --- /capaian -----------------------------------------------------------------------------------


def _figure(r: IndicatorQuarter) -> str:
    if r.realized is None:
        return texts.CAPAIAN_PENDING if r.pending else texts.CAPAIAN_MISSING
    return qty(r.realized) + (" ⏳" if r.pending else "")


def _target(r: IndicatorQuarter) -> str:
    if r.quarter is None:
        return target_text(r.year_target)
    return target_text(r.quarter_target) if r.quarter_target else texts.NO_PLAN


def _achieved(r: IndicatorQuarter) -> str:
    if r.achievement is None:
        return "–"
    label = f" {r.category}" if r.category else ""
    return f"{format_percent(r.achievement)}{label}"


def trend_text(r: IndicatorQuarter) -> str:
    """The figure's direction against the previous quarter, and whether that is better (with
    the polarity: down is better for Rasio KDRT); empty without two figures to compare."""
    if r.trend is None:
        return ""
    arrow = texts.TREND_ARROWS.get(str(r.trend), "")
    if r.improved is None:
        return arrow
    return f"{arrow} {texts.TREND_BETTER if r.improved else texts.TREND_WORSE}"


def _line(r: IndicatorQuarter) -> str:
    """Two short lines: the name, then target → realization · capaian category trend."""
    star = "⭐ " if r.iku else ""
    figures = f"{esc(_target(r))} → {esc(_figure(r))}"
    if r.achievement is not None:
        figures += f" · <b>{esc(_achieved(r))}</b>"
    if r.trend is not None:
        figures += f" {trend_text(r)}"
    if r.quarter is not None and r.quarter > 1 and r.achievement_ytd is not None:
        figures += f" · s.d. {quarter_name(r.quarter)}: {percent(r.achievement_ytd)}"
    return f"{star}{esc(short(r.name, 70))}\n   {figures}"


def capaian(
    year: int, quarter: int | None, rows: Sequence[IndicatorQuarter], page: int = 0
) -> Reply:
    """Per sasaran strategis, IKU first, a page at a time; a period without approved figures
    says so first, and the counts are of the indicators that have one."""
    period = period_name(year, quarter)
    if not rows:
        return Reply(texts.CAPAIAN_NO_INDICATORS.format(year=year))
    parts = [texts.CAPAIAN_TITLE.format(period=period)]
    known = [r for r in rows if r.realized is not None]
    if not known:
        parts.append(texts.CAPAIAN_NO_DATA.format(period=period))
    else:
        below = sum(1 for r in known if r.below_target)
        parts.append(texts.CAPAIAN_COUNTS.format(known=len(known), total=len(rows), below=below))
    unplanned = sum(1 for r in rows if not r.planned)
    if quarter is not None and unplanned:
        parts.append(texts.CAPAIAN_UNPLANNED.format(count=unplanned))
    page, pages, start, end = paginate(len(rows), page, PAGE_CAPAIAN)
    heading: object = None
    for r in rows[start:end]:
        group = (r.iku, r.objective)
        if group != heading:
            heading = group
            title = r.objective or texts.CAPAIAN_NO_OBJECTIVE
            prefix = f"{texts.CAPAIAN_IKU} · " if r.iku else ""
            parts.append(f"\n<u>{esc(prefix + short(title, 90))}</u>")
        parts.append(_line(r))
    if pages > 1:
        parts.append(texts.PAGE.format(page=page + 1, pages=pages))
    parts.append(texts.CAPAIAN_DETAIL_HINT)
    keys = [
        [key(short(r.name, 40), CapaianIndicator(r.indicator_id, quarter or 0))]
        for r in rows[start:end]
    ]
    nav = nav_row(lambda p: CapaianQuarter(year, quarter or 0, p), page, pages)
    return Reply("\n".join(parts), InlineKeyboardMarkup([*keys, nav] if nav else keys))


@dataclass(frozen=True)
class ProgramLine:
    name: str
    absorption: Decimal | None
    achievement: Decimal | None  # of the program row's own output target, when printed


def detail(
    year: int,
    shown_quarter: int,
    d: IndicatorDetail,
    programs: Sequence[ProgramLine],
) -> Reply:
    """One indicator: its four quarters and the year, and the programs that serve it with
    their budget absorption beside (capaian kinerja vs serapan anggaran)."""
    y = d.year
    lines = [texts.CAPAIAN_DETAIL_TITLE.format(name=esc(short(y.name, 150)))]
    if y.objective:
        lines.append(esc(short(y.objective, 150)))
    rows: list[tuple[str, str]] = []
    for r in d.quarters:
        shown = f"{_target(r)} → {_figure(r)} · {percent(r.achievement)}"
        rows.append((quarter_name(r.quarter), shown))
    rows.append((texts.CAPAIAN_YEAR, f"{_target(y)} → {_figure(y)} · {percent(y.achievement)}"))
    lines.append(pre(fit_rows(rows)))
    if not y.planned:
        lines.append(f"⚠️ {texts.NO_PLAN}")
    lines.append("")
    lines.append(texts.CAPAIAN_PROGRAMS)
    if not programs:
        lines.append(texts.CAPAIAN_NO_PROGRAMS)
    for p in programs:
        line = texts.CAPAIAN_PROGRAM_LINE.format(
            name=esc(short(p.name, 60)), absorption=percent(p.absorption)
        )
        if p.achievement is not None:
            line += f"; {texts.LABEL_ACHIEVEMENT.lower()} {percent(p.achievement)}"
        lines.append(line)
    back = buttons([[(texts.BUTTON_BACK, CapaianBack(year, shown_quarter).data())]])
    return Reply("\n".join(lines), back)


def with_quarter_buttons(reply: Reply, year: int) -> Reply:
    """The year's /capaian screen, with a row to each quarter and one to the year per sasaran."""
    rows = [list(r) for r in reply.keyboard.inline_keyboard] if reply.keyboard else []
    rows.append([key(quarter_name(q), CapaianQuarter(year, q)) for q in (1, 2, 3, 4)])
    rows.append([key(texts.CAPAIAN_PER_OBJECTIVE, CapaianQuarter(year, 0))])
    return Reply(reply.text, InlineKeyboardMarkup(rows))


def summary_lines(year: int, quarter: int, rows: Sequence[IndicatorQuarter]) -> list[str]:
    """/ringkasan: the latest quarter with indicator figures, in a line."""
    period = period_name(year, quarter)
    known = [r for r in rows if r.realized is not None]
    if not known:
        return [texts.SUMMARY_QUARTER_NONE.format(period=period)]
    below = sum(1 for r in known if r.below_target)
    return [
        texts.SUMMARY_QUARTER.format(period=period, known=len(known), total=len(rows), below=below)
    ]


def below_lines(year: int, quarter: int, rows: Sequence[IndicatorQuarter]) -> list[str]:
    """/dibawahtarget: the indicators below their quarter's target, worst first; a quarter
    without figures says so, and "none below" counts only the indicators measured."""
    period = period_name(year, quarter)
    known = [r for r in rows if r.realized is not None]
    if not known:
        return [texts.CAPAIAN_NO_DATA.format(period=period)]
    below = sorted(
        (r for r in known if r.below_target),
        key=lambda r: r.achievement if r.achievement is not None else Decimal(0),
    )
    if not below:
        return [texts.CAPAIAN_NONE_BELOW.format(period=period, known=len(known))]
    lines = [texts.CAPAIAN_BELOW_TITLE.format(period=period)]
    for r in below:
        lines.append(
            f"• {esc(short(r.name, 80))}: {esc(target_text(r.quarter_target))} → "
            f"{esc(qty(r.realized))} (<b>{percent(r.achievement)}</b>)"
        )
    return lines
