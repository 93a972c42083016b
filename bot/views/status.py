"""The status views of the Kepala Dinas: summary, budget drill-down, indicators, search."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.views.common import (
    Reply,
    callback,
    esc,
    figure_table,
    fit_rows,
    nav_row,
    paginate,
    pre,
    qty,
    rupiah,
    short,
)
from lakip_model.arithmetic import Polarity
from lakip_model.numbers import Quantity, format_percent
from lakip_model.queries import (
    BelowTargetItem,
    IndicatorResult,
    NodeFigures,
    Summary,
)
from lakip_model.search import SearchHit

PAGE_BUDGET = 4


PAGE_INDICATORS = 5


PAGE_BELOW = 6


PAGE_SEARCH = 8


def menu_keyboard(year: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_BUDGET, callback_data=callback("ang", year, 0, 0)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_INDICATORS, callback_data=callback("cap", year, 0)
                ),
            ],
            [
                InlineKeyboardButton(texts.BUTTON_BELOW, callback_data=callback("bwh", year, 0)),
                InlineKeyboardButton(texts.BUTTON_CHART, callback_data=callback("gfk", year)),
                InlineKeyboardButton(texts.BUTTON_EXPORT, callback_data=callback("eks", year)),
            ],
        ]
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
    prefix: tuple[object, ...] = ("ang", year) if quarter is None else ("tw", year, quarter)
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
            buttons.append(
                [
                    InlineKeyboardButton(
                        short(f"{i}. {node.name}", 40),
                        callback_data=callback(*prefix, node.id, 0),
                    )
                ]
            )
    if any_derived:
        lines.append(f"<i>{esc(texts.LABEL_DERIVED)}</i>")
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav_id = parent.id if parent else 0
    nav = nav_row(
        (*prefix, nav_id) if not query else ("angq", year, quarter or 0),
        page,
        pages,
        () if not query else (query,),
    )
    if nav:
        buttons.append(nav)
    if parent is not None:
        back = parent.parent_id if parent.level.value != "program" else 0
        buttons.append(
            [InlineKeyboardButton(texts.BUTTON_BACK, callback_data=callback(*prefix, back, 0))]
        )
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
            [
                InlineKeyboardButton(
                    texts.BUTTON_BACK, callback_data=callback("ang", year, back or 0, 0)
                )
            ],
            [
                InlineKeyboardButton(
                    texts.BUTTON_PROGRAMS, callback_data=callback("ang", year, 0, 0)
                )
            ],
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
    nav = nav_row(("cap", year), page, pages)
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
    nav = nav_row(("bwh", year), page, pages)
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
        data = (
            callback("ind", year, hit.id)
            if hit.kind == "indikator"
            else callback("ang", year, hit.id, 0)
        )
        buttons.append([InlineKeyboardButton(short(f"{i}. {hit.name}", 40), callback_data=data)])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(("cari", year), page, pages, (query,))
    if nav:
        buttons.append(nav)
    return Reply("\n".join(lines), InlineKeyboardMarkup(buttons))
