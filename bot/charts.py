"""The /grafik picture: pagu vs realization per program, sized for a phone held upright."""

from __future__ import annotations

import asyncio
import io
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.figure import Figure
from sqlmodel import Session

from bot import texts
from lakip_model import queries
from lakip_model.models import Agency, FiscalYear
from lakip_model.numbers import format_decimal, format_percent


@dataclass
class ChartData:
    agency: str
    year: int
    labels: list[str]
    pagu: list[int]
    realized: list[int]
    absorption: list[Decimal | None]


def chart_data(session: Session, fy: FiscalYear) -> ChartData:
    tree = queries.budget_tree(session, fy)
    agency = session.get(Agency, fy.agency_id)
    programs = tree.programs
    return ChartData(
        agency=agency.short_name if agency else "",
        year=fy.year,
        labels=[_label(p.name) for p in programs],
        pagu=[p.pagu or 0 for p in programs],
        realized=[p.realized or 0 for p in programs],
        absorption=[p.absorption for p in programs],
    )


def _label(name: str) -> str:
    trimmed = name.removeprefix("PROGRAM ").removeprefix("Program ")
    return "\n".join(textwrap.wrap(trimmed.title() if trimmed.isupper() else trimmed, 28)[:3])


def draw(data: ChartData) -> Figure:
    """Horizontal bars (long names read better on a narrow screen), millions of Rupiah."""
    n = len(data.labels)
    # Figure without pyplot: no global state, safe on worker threads.
    fig = Figure(figsize=(7.2, 1.1 + 1.05 * n), dpi=150)
    ax = fig.subplots()
    ys = list(range(n))[::-1]
    height = 0.38
    pagu_m = [p / 1_000_000 for p in data.pagu]
    real_m = [r / 1_000_000 for r in data.realized]
    ax.barh([y + height / 2 for y in ys], pagu_m, height, label=texts.CHART_PAGU, color="#9db4d3")
    ax.barh(
        [y - height / 2 for y in ys], real_m, height, label=texts.CHART_REALIZED, color="#1f5fa8"
    )
    limit = max(pagu_m + real_m + [1.0])
    for y, value, pct in zip(ys, real_m, data.absorption, strict=True):
        ax.text(value + limit * 0.01, y - height / 2, format_percent(pct), va="center", fontsize=8)
    ax.set_yticks(ys, data.labels, fontsize=8)
    ax.set_xlim(0, limit * 1.15)
    ax.set_xlabel(texts.CHART_AXIS, fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.xaxis.set_major_formatter(lambda v, _pos: format_decimal(Decimal(round(v))))
    ax.set_title(texts.CHART_TITLE.format(year=data.year), fontsize=11)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def png_bytes(data: ChartData) -> bytes:
    fig = draw(data)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


async def render_png(data: ChartData) -> bytes:
    """Draw on a worker thread: matplotlib takes a noticeable moment and must not block chats."""
    return await asyncio.to_thread(png_bytes, data)
