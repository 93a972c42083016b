"""The status views of the Kepala Dinas: summary, budget drill-down, indicators, search.

The buttons of these screens are kinds of :mod:`bot.callbacks` data, defined here beside the
keyboards that send them; :mod:`bot.journeys.status` and :mod:`bot.journeys.files` decode them.
Everyone who may read may press them (``Access.READ``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardMarkup

from bot import commands, texts
from bot.callbacks import Access, Button, Page, Quarter, RowId, Year, button
from bot.views import checks as checks_view
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
from lakip_model.checks import Contradiction, Measure
from lakip_model.models import Role
from lakip_model.numbers import Quantity, format_percent
from lakip_model.performance import BelowTargetItem, IndicatorResult, Summary
from lakip_model.queries import NodeFigures, YearStatus
from lakip_model.search import SearchHit
from lakip_model.text import fold
from lakip_model.users import Actor

PAGE_BUDGET = 4


PAGE_INDICATORS = 5


PAGE_BELOW = 6


PAGE_SEARCH = 8


ECHO_WIDTH = 24  # a query echoed inside a sentence: one phone line with the words around it


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


@button("search.open", access=Access.READ)
class SearchOpen(Button):
    """A result of /cari opened: the budget row (or the indicator) ``row``, shown with a button
    back to page ``page`` of the results for ``text``."""

    year: Year
    indicator: bool
    row: RowId
    page: Page
    text: str


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


def help_text(
    actor: Actor | None, year: int | None, *, open_read: bool = False, group: bool = False
) -> str:
    """What this user may do now: the commands the table offers them (bot.commands), each with
    its line, under who they are; in a group, the group commands."""
    role = actor.role if actor else None
    super_admin = actor.super_admin if actor else False
    reads_city = actor.reads_city if actor else False
    offered = commands.offered(
        role, open_read=open_read, group=group, super_admin=super_admin, reads_city=reads_city
    )
    lines = []
    if group:
        lines.append(texts.HELP_TITLE_GROUP)
    else:
        if actor is not None:
            unit = f" — {esc(actor.unit_name)}" if actor.unit_name else ""
            lines.append(texts.HELP_ROLE.format(role=texts.ROLE_LABELS[actor.role], unit=unit))
        else:
            lines.append(texts.HELP_OPEN_READER if open_read else texts.HELP_STRANGER)
        lines += ["", texts.HELP_TITLE]
    unit_of = texts.HELP_UNIT_OF if role == Role.OPERATOR else ""
    for c in offered:
        if c.name == "daftar" and open_read:
            line = texts.HELP_DAFTAR_READER
        else:
            line = texts.HELP_LINES.get(c.name, f"/{c.name} — {c.description}")
        lines.append(line.format(unit_of=unit_of))
    if year is not None and any(c.access == Access.READ for c in offered):
        lines += ["", texts.HELP_YEAR.format(year=year)]
        # bot.journeys.ask answers whoever may read (in a group: when spoken to)
        lines.append(texts.HELP_ASK_GROUP if group else texts.HELP_ASK)
    return "\n".join(lines)


def start(
    agency: str, actor: Actor | None, year: int | None, *, open_read: bool, group: bool = False
) -> Reply:
    """The welcome, with the status menu for a year there is and a user who may read it."""
    reads = actor is not None or open_read
    return Reply(
        texts.START.format(
            agency=esc(agency), help=help_text(actor, year, open_read=open_read, group=group)
        ),
        menu_keyboard(year) if year and reads else None,
    )


Notes = Mapping[int, Sequence[Contradiction]]  # a row's contradictions, by its id
NO_NOTES: Notes = {}


def money_rows(node: NodeFigures, found: Sequence[Contradiction] = ()) -> list[tuple[str, str]]:
    """Pagu, realization and serapan; a figure the report contradicts carries the marker."""
    marked = checks_view.marked_measures(found)

    def mark(measure: Measure, text: str, derived: bool = False) -> str:
        return text + ("*" if derived else "") + (checks_view.MARKER if measure in marked else "")

    return [
        (texts.LABEL_PAGU, mark(Measure.PAGU, rupiah(node.pagu), node.pagu_derived)),
        (
            texts.LABEL_REALIZED,
            mark(Measure.REALIZED, rupiah(node.realized), node.realized_derived),
        ),
        (texts.LABEL_ABSORPTION, mark(Measure.ABSORPTION, format_percent(node.absorption))),
    ]


def contradiction_notes(found: Sequence[Contradiction]) -> list[str]:
    """What the report prints differently, under the row it concerns."""
    return [f"<i>{esc(checks_view.note(c))}</i>" for c in found]


def titled(level: str, name: str) -> str:
    """``name`` with its level in front, unless the name starts with it already ("Program
    Perlindungan Khusus Anak" is not made "Program Program …")."""
    label = texts.LEVEL_NAMES.get(level, level)
    if fold(name).startswith(fold(label)):
        return esc(name)
    return f"<i>{esc(label)}</i> {esc(name)}"


def node_title(node: NodeFigures, index: int | None = None) -> str:
    number = f"{index}. " if index is not None else ""
    return f"<b>{esc(number + node.name)}</b>"


def budget_block(
    node: NodeFigures, index: int | None = None, found: Sequence[Contradiction] = ()
) -> str:
    lines = [node_title(node, index), pre(figure_table(money_rows(node, found)))]
    return "\n".join(lines + contradiction_notes(found))


def year_label(status: YearStatus) -> str | None:
    """The line under a title for a year without verified figures (a year just opened)."""
    if status.has_figures:
        return None
    if status.copied_from is not None:
        return texts.YEAR_EMPTY_COPIED.format(year=status.year, template=status.copied_from)
    return texts.YEAR_EMPTY.format(year=status.year)


def summary(s: Summary, below_shown: int = 5) -> Reply:
    lines = [texts.SUMMARY_TITLE.format(year=s.fiscal_year.year, agency=esc(s.agency_name))]
    label = year_label(s.status)
    if label:
        lines.append(label)
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
    if not s.status.has_figures:
        count = s.indicators_met + s.indicators_not_met + s.indicators_unknown
        lines.append(texts.SUMMARY_NO_DATA.format(count=count))
        if s.pending_entries:
            lines.append("")
            lines.append(texts.PENDING_NOTE.format(count=s.pending_entries))
        return Reply("\n".join(lines), menu_keyboard(s.fiscal_year.year))
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
    if s.all_met:
        lines.append(texts.SUMMARY_BELOW_NONE)
    elif not s.below:
        lines.append(
            texts.SUMMARY_BELOW_UNKNOWN.format(
                indicators=s.indicators_unknown, outputs=s.outputs_unknown
            )
        )
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
    status: YearStatus | None = None,
    total: NodeFigures | None = None,
    notes: Notes = NO_NOTES,
    indicator: IndicatorResult | None = None,
) -> Reply:
    """Programs (or a node's children) with figures, paged, one button per row to drill down.

    With ``quarter`` the figures are that triwulan's, and the buttons keep to it. ``total`` (the
    report's Jumlah Keseluruhan) heads every page of the programs; ``notes`` marks the figures
    the report contradicts and says what disagrees; ``status`` labels a year without figures.
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
        label = year_label(status) if status else None
        if label:
            lines.append(label)
        if query:
            lines.append(texts.BUDGET_FILTER.format(query=esc(echo(query))))
        if total is not None:
            found = notes.get(total.id, ())
            block = [f"<b>{esc(texts.LABEL_TOTAL)}</b>"]
            block += [pre(figure_table(money_rows(total, found))), *contradiction_notes(found)]
            lines.append("\n".join(block))
    else:
        missing = missing_realization(status)
        lines.append(detail_header(parent, notes.get(parent.id, ()), missing, indicator))
    any_derived = parent is not None and (parent.pagu_derived or parent.realized_derived)
    buttons = []
    for i, node in enumerate(nodes[start:end], start + 1):
        lines.append(budget_block(node, i, notes.get(node.id, ())))
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


def missing_realization(status: YearStatus | None) -> str:
    """What stands for a realization that is not there: the report did not measure it, or
    nobody has recorded it yet."""
    if status is not None and status.from_report:
        return texts.LABEL_NOT_REPORTED.format(year=status.year)
    return texts.LABEL_NO_REALIZATION


def detail_header(
    node: NodeFigures,
    found: Sequence[Contradiction] = (),
    missing: str = texts.LABEL_NO_REALIZATION,
    indicator: IndicatorResult | None = None,
) -> str:
    """A row's figures; a row that reports an indicator shows its governing target and its
    achievement as /capaian does (computed once, not against the finance table's own target).
    """
    level = texts.LEVEL_NAMES.get(node.level.value, "")
    lines = [] if fold(node.name).startswith(fold(level)) else [f"<i>{esc(level)}</i>"]
    lines += [node_title(node), pre(figure_table(money_rows(node, found)))]
    lines += contradiction_notes(found)
    if node.indicator_text:
        lines.append(f"{texts.LABEL_INDICATOR}: {esc(node.indicator_text)}")
        target, achieved = qty(node.target), node.output_achievement
        if indicator is not None and indicator.target is not None:
            document = texts.DOCUMENT_NAMES.get(indicator.target_document or "", "")
            target = qty(indicator.target) + (f" ({document})" if document else "")
            achieved = indicator.achievement
        target_rows = [(texts.LABEL_TARGET, target)]
        realized = Quantity(
            node.realized_quantity, node.target.unit, node.realized_quantity_text or ""
        )
        target_rows.append(
            (
                texts.LABEL_REALIZED,
                qty(realized) if node.realized_quantity is not None else missing,
            )
        )
        if achieved is not None:
            target_rows.append((texts.LABEL_ACHIEVEMENT, format_percent(achieved)))
        lines.append(pre(fit_rows(target_rows)))
    if node.unit_name:
        inferred = f" {texts.LABEL_INFERRED}" if node.unit_inferred else ""
        lines.append(f"{texts.LABEL_UNIT}: {esc(node.unit_name)}{esc(inferred)}")
    if node.remaining is not None and node.level.value == "sub_kegiatan":
        lines.append(f"{texts.LABEL_REMAINING}: {rupiah(node.remaining)}")
    if node.pending:
        lines.append(texts.PENDING_NOTE.format(count=node.pending))
    return "\n".join(lines)


def node_detail(
    year: int,
    node: NodeFigures,
    *,
    status: YearStatus | None = None,
    notes: Notes = NO_NOTES,
    quarter: int | None = None,
    indicator: IndicatorResult | None = None,
) -> Reply:
    """A leaf row: its figures and a way back up."""
    back = node.parent_id if node.level.value != "program" else 0
    in_quarter = quarter or 0
    keyboard = InlineKeyboardMarkup(
        [
            [key(texts.BUTTON_BACK, BudgetNode(year, back or 0, 0, in_quarter))],
            [key(texts.BUTTON_PROGRAMS, BudgetNode(year, 0, 0, in_quarter))],
        ]
    )
    missing = missing_realization(status)
    return Reply(detail_header(node, notes.get(node.id, ()), missing, indicator), keyboard)


def echo(query: str) -> str:
    """What the user typed, cut to fit one phone line inside a sentence."""
    return short(" ".join(query.split()), ECHO_WIDTH)


def year_end_only(year: int) -> Reply:
    """A triwulan asked of a year that holds only year-end figures (a report's year)."""
    return Reply(texts.QUARTER_YEAR_END_ONLY.format(year=year))


def indicator_block(r: IndicatorResult, missing: str = texts.LABEL_NO_REALIZATION) -> str:
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
        (texts.LABEL_REALIZED, qty(r.realized) if r.realized else missing),
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


def indicators(
    year: int,
    results: Sequence[IndicatorResult],
    page: int,
    status: YearStatus | None = None,
) -> Reply:
    page, pages, start, end = paginate(len(results), page, PAGE_INDICATORS)
    parts = [texts.INDICATORS_TITLE.format(year=year)]
    label = year_label(status) if status else None
    if label:
        parts.append(label)
    missing = missing_realization(status)
    parts += [indicator_block(r, missing) for r in results[start:end]]
    if pages > 1:
        parts.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(lambda p: IndicatorsPage(year, p), page, pages)
    return Reply("\n\n".join(parts), InlineKeyboardMarkup([nav]) if nav else None)


def below(
    year: int, items: Sequence[BelowTargetItem], page: int, s: Summary | None = None
) -> Reply:
    """What misses its target, worst first; with nothing below target, says whether that is
    because everything is met or because not everything is measured (``s``: the year's summary).
    """
    if not items:
        if s is not None and not s.status.has_figures:
            label = year_label(s.status) or ""
            count = s.indicators_met + s.indicators_not_met + s.indicators_unknown
            return Reply(label + "\n" + texts.SUMMARY_NO_DATA.format(count=count))
        if s is not None and not s.all_met:
            return Reply(
                texts.BELOW_TITLE.format(year=year)
                + "\n"
                + texts.SUMMARY_BELOW_UNKNOWN.format(
                    indicators=s.indicators_unknown, outputs=s.outputs_unknown
                )
            )
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
        return Reply(texts.SEARCH_NONE.format(query=esc(echo(query)), year=year))
    page, pages, start, end = paginate(len(hits), page, PAGE_SEARCH)
    lines = [texts.SEARCH_HEADER.format(query=esc(echo(query)), count=len(hits), year=year)]
    buttons = []
    for i, hit in enumerate(hits[start:end], start + 1):
        lines.append(f"{i}. {titled(hit.kind, hit.name)}")
        to = SearchOpen(year, hit.kind == "indikator", hit.id, page, query)
        buttons.append([key(short(f"{i}. {hit.name}", 40), to)])
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    nav = nav_row(lambda p: SearchPage(year, p, query), page, pages)
    if nav:
        buttons.append(nav)
    return Reply("\n".join(lines), InlineKeyboardMarkup(buttons))


def from_search(reply: Reply, b: SearchOpen) -> Reply:
    """A row opened from /cari, with a button back to the results it was opened from."""
    back = [key(texts.BUTTON_BACK_TO_RESULTS, SearchPage(b.year, b.page, b.text))]
    rows = list(reply.keyboard.inline_keyboard) if reply.keyboard else []
    return Reply(reply.text, InlineKeyboardMarkup([back, *rows]))


def budget_none(query: str, year: int) -> Reply:
    return Reply(texts.BUDGET_NONE.format(query=esc(echo(query)), year=year))


def chart_caption(agency: str, year: int) -> str:
    return texts.CHART_CAPTION.format(agency=esc(agency), year=year)


def export_caption(agency: str, year: int) -> str:
    return texts.EXPORT_CAPTION.format(agency=esc(agency), year=year)
