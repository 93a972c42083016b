"""The report's contradictions in words (``lakip_model.checks``), for ``lakip-bot check`` and
for the budget drill-down, which marks the figure and says what disagrees beside it.

Sentences are in ``bot/texts/checks.py``; both callers format a contradiction's figures here,
with the same fields, so the terminal and the chat never word one contradiction two ways.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from bot import texts
from lakip_model.checks import Contradiction, Figure, Kind, Measure, Source, Table
from lakip_model.numbers import format_percent, format_rupiah

# The kinds the drill-down marks: two printed figures of one row that disagree. A blank cell
# summed from the rows below is marked by the views' own "*" (texts.LABEL_DERIVED).
MARKED = (Kind.PAGU_NOT_SUM, Kind.REALIZED_NOT_SUM, Kind.PERCENT_DIFFERS, Kind.PERCENT_UNREADABLE)
MARKER = "†"


def figure_text(figure: Figure) -> str:
    """A figure as shown: Rupiah, percentage, the printed text, or blank."""
    value = figure.value
    if value is None:
        return texts.CHECK_NOT_COMPUTABLE if figure.source == Source.COMPUTED else texts.CHECK_BLANK
    if isinstance(value, Decimal):
        return format_percent(value)
    if isinstance(value, int):
        return format_rupiah(value)
    return value


def _rupiah_or_blank(amount: int | None) -> str:
    return texts.CHECK_BLANK if amount is None else format_rupiah(amount)


def fields(c: Contradiction) -> dict[str, Any]:
    """The fields every sentence of ``bot/texts/checks.py`` is formatted with."""
    first, second = figure_text(c.first), figure_text(c.second)
    a, b = c.first.value, c.second.value
    difference = format_rupiah(a - b) if isinstance(a, int) and isinstance(b, int) else ""
    realized, pagu = c.second.operands or (None, None)
    return {
        "first": first,
        "second": second,
        "first_quoted": texts.CHECK_BLANK if a is None else f"«{first}»",
        "second_quoted": texts.CHECK_BLANK if b is None else f"«{second}»",
        "first_source": texts.CHECK_SOURCES.get(c.first.source, ""),
        "second_source": texts.CHECK_SOURCES.get(c.second.source, ""),
        "rows": c.second.rows,
        "difference": difference,
        "realized": _rupiah_or_blank(realized),
        "pagu": _rupiah_or_blank(pagu),
        "key": c.row.key,
        "level": texts.CHECK_LEVELS.get(c.row.level or "", "").lower(),
        "below": texts.CHECK_BELOW.get(c.row.level or "", texts.CHECK_BELOW[""]),
    }


def contradiction_text(number: int, c: Contradiction) -> str:
    """One numbered contradiction of ``lakip-bot check`` (plain text for the terminal)."""
    label, first_line, second_line = texts.CHECK_KINDS[c.kind]
    row = c.row
    if row.table == Table.FINANCE:
        level = texts.CHECK_LEVELS[row.level or ""]
        where = texts.CHECK_ROW_FINANCE.format(level=level, key=row.key, name=row.name)
    elif row.table == Table.INDICATOR:
        where = texts.CHECK_ROW_INDICATOR.format(name=row.name)
    else:
        where = texts.CHECK_ROW_MEASUREMENT.format(name=row.name)
    values = fields(c)
    return texts.CHECK_ITEM.format(
        number=number,
        label=label,
        row=where,
        first=first_line.format(**values),
        second=second_line.format(**values),
    )


def note(c: Contradiction) -> str:
    """The short note under a marked row of the drill-down (plain text: escape it in HTML)."""
    return MARKER + " " + texts.CHECK_NOTES[c.kind].format(**fields(c))


def marked_measures(found: Iterable[Contradiction]) -> set[Measure]:
    """The columns of a row whose figure the report contradicts (each gets the marker)."""
    return {c.first.measure for c in found}


def by_row(found: Iterable[Contradiction]) -> dict[int, list[Contradiction]]:
    """The drill-down's contradictions, by the finance-table row they are on."""
    out: dict[int, list[Contradiction]] = defaultdict(list)
    for c in found:
        if c.kind in MARKED and c.row.table == Table.FINANCE and c.row.node_id is not None:
            out[c.row.node_id].append(c)
    return dict(out)
