"""The /grafik picture: pagu vs realization per program, sized for a phone held upright.

The figures come from the database here; the drawing happens in a short-lived process
(:mod:`bot.documents.chartdraw`), so matplotlib never stays in the bot's memory.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
import threading

from sqlmodel import Session

from bot.documents.chartdraw import ChartData
from lakip_model import queries
from lakip_model.models import Agency, FiscalYear

log = logging.getLogger(__name__)

# Drawings at once (each process holds matplotlib, ~80 MB), and how long one may take.
MAX_RENDERERS = 2
RENDER_TIMEOUT_SECONDS = 60
_renderers = threading.BoundedSemaphore(MAX_RENDERERS)


class ChartError(RuntimeError):
    """The drawing process failed; the cause is in the log."""


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


def png_bytes(data: ChartData) -> bytes:
    """Draw in a child process; blocks, so call it off the event loop."""
    with _renderers:
        done = subprocess.run(
            [sys.executable, "-m", "bot.documents.chartdraw"],
            input=data.to_json().encode(),
            capture_output=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    if done.returncode != 0 or not done.stdout:
        log.error("chart process failed (%s): %s", done.returncode, done.stderr.decode()[-2000:])
        raise ChartError(f"chart process exited with {done.returncode}")
    return done.stdout


async def render_png(data: ChartData) -> bytes:
    """Draw without blocking other chats (a drawing takes a second or two)."""
    return await asyncio.to_thread(png_bytes, data)
