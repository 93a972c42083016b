"""The status views of the Kepala Dinas: summary, budget drill-down, indicators, search.

The buttons of these screens are kinds of :mod:`bot.callbacks` data, defined here beside the
keyboards that send them; :mod:`bot.journeys.status` and :mod:`bot.journeys.files` decode them.
Everyone who may read may press them (``Access.READ``).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Access, Button, Page, Quarter, RowId, Year, button
from bot.views.common import (
    Reply,
    esc,
    figure_table,
    fit_rows,
    key,
    nav_row,
    paginate,
    pre,
    qty,
    rupiah,
    short,
)
from lakip_model.arithmetic import Polarity
from lakip_model.numbers import Quantity, format_percent
from lakip_model.performance import BelowTargetItem, IndicatorResult, Summary
from lakip_model.queries import NodeFigures
from lakip_model.search import SearchHit
from lakip_model.users import Actor

PAGE_BUDGET = 4


PAGE_INDICATORS = 5


PAGE_BELOW = 6


PAGE_SEARCH = 8


@button("budget.node", access=Access.READ)
class BudgetNode(Button):
    """A budget screen: the programs (``node`` 0) or a row's children or detail; ``quarter``
    0 for the whole year, else that triwulan's figures."""

    year: Year
    node: RowId
    page: Page
    quarter: Quarter = 0


@button("budget.filter", access=Access.READ)
class BudgetFilter(Button):
    """A page of /anggaran with words: the programs and kegiatan whose names match ``text``."""

    year: Year
    quarter: Quarter
    page: Page
    text: str


@button("indicators.page", access=Access.READ)
class IndicatorsPage(Button):
    year: Year
    page: Page


@button("below.page", access=Access.READ)
class BelowPage(Button):
    year: Year
    page: Page


@button("search.page", access=Access.READ)
class SearchPage(Button):
    year: Year
    page: Page
    text: str


@button("indicator.show", access=Access.READ)
class IndicatorShow(Button):
    year: Year
    indicator: RowId


@button("chart", access=Access.READ)
class Chart(Button):
    year: Year


@button("export", access=Access.READ)
class Export(Button):
    year: Year


def menu_keyboard(year: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                key(texts.BUTTON_BUDGET, BudgetNode(year, 0, 0)),
                key(texts.BUTTON_INDICATORS, IndicatorsPage(year, 0)),
            ],
            [
                key(texts.BUTTON_BELOW, BelowPage(year, 0)),
                key(texts.BUTTON_CHART, Chart(year)),
                key(texts.BUTTON_EXPORT, Export(year)),
            ],
        ]
    )


def help_text(actor: Actor | None, year: int | None) -> str:
    """What the bot does, and what this user may do with it."""
    role = actor.role.value if actor else ""
    unit = actor.unit_name if actor else None
    return texts.HELP.format(year=year or "–") + texts.HELP_ROLE[role].format(
        unit=f" — {esc(unit)}" if unit else ""
    )


def start(agency: str, actor: Actor | None, year: int | None, *, menu: bool) -> Reply:
    """The welcome, with the status menu for a year there is and a user who may read it."""
    return Reply(
        texts.START.format(agency=esc(agency), help=help_text(actor, year)),
        menu_keyboard(year) if year and menu else None,
    )


def money_rows(node: NodeFigures) -> list[tuple[str, str]]:
    pagu = rupiah(node.pagu) + ("*" if node.pagu_derived else "")
    real = rupiah(node.realized) + ("*" if node.realized_derived else "")
    return [
        (texts.LABEL_PAGU, pagu),
        (texts.LABEL_REALIZED, real),
        (texts.LABEL_ABSORPTION, format_percent(node.absorption)),
    ]


def node_title(node: NodeFigures, index: int | None = None) -> str:
    number = f"{index}. " if index is not None else ""
    return f"<b>{esc(number + node.name)}</b>"


def budget_block(node: NodeFigures, index: int | None = None) -> str:
    return node_title(node, index) + "\n" + pre(figure_table(money_rows(node)))


def summary(s: Summary, below_shown: int = 5) -> Reply:
    lines = [texts.SUMMARY_TITLE.format(year=s.fiscal_year.year, agency=esc(s.agency_name))]
    lines.append(
        pre(
            figure_table(
                [
                    (texts.LABEL_PAGU, rupiah(s.pagu)),
                    (texts.LABEL_REALIZED, rupiah(s.realized)),
                    (texts.LABEL_ABSORPTION, format_percent(s.absorption)),
                ]
            )
        )
    )
    unknown = (
        texts.SUMMARY_UNKNOWN.format(count=s.indicators_unknown) if s.indicators_unknown else ""
    )
    lines.append(
        texts.SUMMARY_INDICATORS.format(
            met=s.indicators_met, not_met=s.indicators_not_met, unknown=unknown
        )
    )
    lines.append("")
    lines.append(texts.SUMMARY_LOWEST)
    for p in s.lowest_programs:
        lines.append(f"• {esc(p.name)}: <b>{format_percent(p.absorption)}</b>")
    lines.append("")
    lines.append(texts.SUMMARY_BELOW)
    if not s.below:
        lines.append(texts.SUMMARY_BELOW_NONE)
    for item in s.below[:below_shown]:
        lines.append(
            f"• {esc(item.name)}: {esc(qty(item.target))} → {esc(qty(item.realized))} "
            f"(<b>{format_percent(item.achievement)}</b>)"
        )
    if len(s.below) > below_shown:
        lines.append(texts.SUMMARY_MORE_BELOW.format(count=len(s.below) - below_shown))
    if s.pending_entries:
        lines.append("")
        lines.append(texts.PENDING_NOTE.format(count=s.pending_entries))
    return Reply("\n".join(lines), menu_keyboard(s.fiscal_year.year))


def budget_list(
    year: int,
    nodes: Sequence[NodeFigures],
    page: int,
    *,
    parent: NodeFigures | None,
    query: str | None = None,
    quarter: int | None = None,
) -> Reply:
    """Programs (or a node's children) with figures, paged, one button per row to drill down.

    With ``quarter`` the figures are that triwulan's, and the buttons keep to it.
    """
    page, pages, start, end = paginate(len(nodes), page, PAGE_BUDGET)
    in_quarter = quarter or 0
    lines = []
    if parent is None:
        title = (
            str(year)
            if quarter is None
            else texts.QUARTER.format(quarter=texts.QUARTER_NUMERALS[quarter], year=year)
        )
        lines.append(texts.BUDGET_TITLE.format(year=title))
        if query:
            lines.append(texts.BUDGET_FILTER.format(query=esc(query)))
    else:
        lines.append(detail_header(parent))
    any_derived = parent is not None and (parent.pagu_derived or parent.realized_derived)
    buttons = []
    for i, node in enumerate(nodes[start:end], start + 1):
        lines.append(budget_block(node, i))
        any_derived = any_derived or node.pagu_derived or node.realized_derived
        if node.children or node.level.value == "sub_kegiatan":
            label = short(f"{i}. {node.name}", 40)
            buttons.append([key(label, BudgetNode(year, node.id, 0, in_quarter))])
    if any_derived:
        lines.append(f"<i>{esc(texts.LABEL_DERIVED)}</i>")
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav_id = parent.id if parent else 0
    nav = nav_row(
        (lambda p: BudgetNode(year, nav_id, p, in_quarter))
        if not query
        else (lambda p: BudgetFilter(year, in_quarter, p, query)),
        page,
        pages,
    )
    if nav:
        buttons.append(nav)
    if parent is not None:
        back = parent.parent_id if parent.level.value != "program" else 0
        buttons.append([key(texts.BUTTON_BACK, BudgetNode(year, back or 0, 0, in_quarter))])
    return Reply("\n\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None)


def detail_header(node: NodeFigures) -> str:
    level = texts.LEVEL_NAMES.get(node.level.value, "")
    lines = [f"<i>{esc(level)}</i>", node_title(node), pre(figure_table(money_rows(node)))]
    if node.indicator_text:
        lines.append(f"{texts.LABEL_INDICATOR}: {esc(node.indicator_text)}")
        target_rows = [(texts.LABEL_TARGET, qty(node.target))]
        realized = Quantity(
            node.realized_quantity, node.target.unit, node.realized_quantity_text or ""
        )
        target_rows.append(
            (
                texts.LABEL_REALIZED,
                qty(realized) if node.realized_quantity is not None else texts.LABEL_NO_REALIZATION,
            )
        )
        if node.output_achievement is not None:
            target_rows.append((texts.LABEL_ACHIEVEMENT, format_percent(node.output_achievement)))
        lines.append(pre(figure_table(target_rows)))
    if node.unit_name:
        inferred = f" {texts.LABEL_INFERRED}" if node.unit_inferred else ""
        lines.append(f"{texts.LABEL_UNIT}: {esc(node.unit_name)}{esc(inferred)}")
    if node.remaining is not None and node.level.value == "sub_kegiatan":
        lines.append(f"{texts.LABEL_REMAINING}: {rupiah(node.remaining)}")
    if node.pending:
        lines.append(texts.PENDING_NOTE.format(count=node.pending))
    return "\n".join(lines)


def node_detail(year: int, node: NodeFigures) -> Reply:
    """A leaf row: its figures and a way back up."""
    back = node.parent_id if node.level.value != "program" else 0
    keyboard = InlineKeyboardMarkup(
        [
            [key(texts.BUTTON_BACK, BudgetNode(year, back or 0, 0))],
            [key(texts.BUTTON_PROGRAMS, BudgetNode(year, 0, 0))],
        ]
    )
    return Reply(detail_header(node), keyboard)


def indicator_block(r: IndicatorResult) -> str:
    lines = [f"<b>{esc(r.name)}</b>"]
    rows = [
        (
            texts.LABEL_TARGET,
            qty(r.target)
            + (
                f" ({texts.DOCUMENT_NAMES.get(r.target_document or '', '')})"
                if r.target_document
                else ""
            ),
        ),
        (texts.LABEL_REALIZED, qty(r.realized) if r.realized else texts.LABEL_NO_REALIZATION),
        (texts.LABEL_ACHIEVEMENT, format_percent(r.achievement)),
    ]
    if r.category is not None:
        rows.append((texts.LABEL_CATEGORY, r.category.value))
    lines.append(pre(fit_rows(rows)))
    differing = {t.target.value for t in r.targets if t.target.value is not None}
    if len(differing) > 1:
        listed = "; ".join(
            f"{texts.DOCUMENT_NAMES.get(t.document, t.document)} {qty(t.target)}"
            for t in r.targets
            if t.target.value is not None
        )
        lines.append(f"<i>{esc(texts.LABEL_TARGETS_DIFFER.format(targets=listed))}</i>")
    if r.polarity == Polarity.LOWER:
        lines.append(f"<i>({esc(texts.LABEL_LOWER_BETTER)})</i>")
    return "\n".join(lines)


def indicators(year: int, results: Sequence[IndicatorResult], page: int) -> Reply:
    page, pages, start, end = paginate(len(results), page, PAGE_INDICATORS)
    parts = [texts.INDICATORS_TITLE.format(year=year)]
    parts += [indicator_block(r) for r in results[start:end]]
    if pages > 1:
        parts.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(lambda p: IndicatorsPage(year, p), page, pages)
    return Reply("\n\n".join(parts), InlineKeyboardMarkup([nav]) if nav else None)


def below(year: int, items: Sequence[BelowTargetItem], page: int) -> Reply:
    if not items:
        return Reply(texts.BELOW_NONE.format(year=year))
    page, pages, start, end = paginate(len(items), page, PAGE_BELOW)
    parts = [texts.BELOW_TITLE.format(year=year)]
    for i, item in enumerate(items[start:end], start + 1):
        head = f"{i}. <i>{esc(texts.KIND_NAMES[item.kind])}</i> <b>{esc(item.name)}</b>"
        if item.detail and item.detail != item.name:
            head += f"\n{esc(item.detail)}"
        parts.append(
            head
            + "\n"
            + pre(
                fit_rows(
                    [
                        (texts.LABEL_TARGET, qty(item.target)),
                        (texts.LABEL_REALIZED, qty(item.realized)),
                        (texts.LABEL_ACHIEVEMENT, format_percent(item.achievement)),
                    ]
                )
            )
        )
    if pages > 1:
        parts.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(lambda p: BelowPage(year, p), page, pages)
    return Reply("\n\n".join(parts), InlineKeyboardMarkup([nav]) if nav else None)


def search_results(year: int, query: str, hits: Sequence[SearchHit], page: int) -> Reply:
    if not hits:
        return Reply(texts.SEARCH_NONE.format(query=esc(query), year=year))
    page, pages, start, end = paginate(len(hits), page, PAGE_SEARCH)
    lines = [texts.SEARCH_HEADER.format(query=esc(query), count=len(hits), year=year)]
    buttons = []
    for i, hit in enumerate(hits[start:end], start + 1):
        level = texts.LEVEL_NAMES.get(hit.kind, hit.kind)
        lines.append(f"{i}. <i>{esc(level)}</i> {esc(hit.name)}")
        to: Button = (
            IndicatorShow(year, hit.id) if hit.kind == "indikator" else BudgetNode(year, hit.id, 0)
        )
        buttons.append([key(short(f"{i}. {hit.name}", 40), to)])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(lambda p: SearchPage(year, p, query), page, pages)
    if nav:
        buttons.append(nav)
    return Reply("\n".join(lines), InlineKeyboardMarkup(buttons))


def budget_none(query: str, year: int) -> Reply:
    return Reply(texts.BUDGET_NONE.format(query=esc(query), year=year))


def chart_caption(agency: str, year: int) -> str:
    return texts.CHART_CAPTION.format(agency=esc(agency), year=year)


def export_caption(agency: str, year: int) -> str:
    return texts.EXPORT_CAPTION.format(agency=esc(agency), year=year)
