"""Draws the /grafik picture, as its own short-lived process (``bot.documents.chart.render_png``).

matplotlib (with numpy) is the largest import the bot has: some 40 MB that would stay in the
bot's memory for good after the first chart. Here it lives only as long as one drawing. The
process reads the chart's figures as JSON on stdin and writes the PNG to stdout.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot import texts
from lakip_model.numbers import format_decimal, format_percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class ChartData:
    agency: str
    year: int
    labels: list[str]
    pagu: list[int]
    realized: list[int]
    absorption: list[Decimal | None]

    def to_json(self) -> str:
        fields = asdict(self)
        fields["absorption"] = [None if a is None else str(a) for a in self.absorption]
        return json.dumps(fields)

    @classmethod
    def from_json(cls, text: str) -> ChartData:
        fields: dict[str, Any] = json.loads(text)
        fields["absorption"] = [None if a is None else Decimal(a) for a in fields["absorption"]]
        return cls(**fields)


def draw(data: ChartData) -> Figure:
    """Horizontal bars (long names read better on a narrow screen), millions of Rupiah."""
    from matplotlib.figure import Figure

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
    buf = io.BytesIO()
    draw(data).savefig(buf, format="png")
    return buf.getvalue()


def main() -> None:
    sys.stdout.buffer.write(png_bytes(ChartData.from_json(sys.stdin.read())))


if __name__ == "__main__":
    main()
