"""Documents at scale: the LKjIP draft of one agency-year, its figures and its Word file.

Target (issue #16): ≤ 2 s for one agency-year at 100× data. Measured as /laporan builds it:
``lakip_model.lkjip.build`` in a session (every table's figures, the earlier years compared,
the contradictions of a report year), then ``bot.documents.lkjip.docx_bytes`` (python-docx).
``python -m bench.documents`` runs this part alone (it builds the databases as ``make bench``
does), for a quick check; ``make bench`` includes it in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bench.scenarios import Scenario, build_databases, scenarios
from bot.documents import lkjip as document
from lakip_model import lkjip
from lakip_model.queries import resolve_year

TARGET_SECONDS = 2.0


def measure(scenario: Scenario, samples: int) -> dict[str, Any]:
    """``samples`` drafts of the scenario's agency-year: seconds for the figures, the file and
    both, and what the draft holds."""
    engine = scenario.engine()
    figures, files, totals = [], [], []
    size = rows = 0
    try:
        for _ in range(samples):
            started = time.perf_counter()
            with Session(engine) as session:
                data = lkjip.build(
                    session, resolve_year(session, scenario.read_year, scenario.agency)
                )
            built = time.perf_counter()
            content = document.docx_bytes(data, date(2026, 5, 15))
            done = time.perf_counter()
            figures.append(built - started)
            files.append(done - built)
            totals.append(done - started)
            size = len(content)
            rows = len(data.finance) + len(data.measurement) + len(data.renja) + len(data.pk)
    finally:
        engine.dispose()
    return {
        "title": scenario.title,
        "year": scenario.read_year,
        "samples": samples,
        "figures_median_s": statistics.median(figures),
        "docx_median_s": statistics.median(files),
        "total_median_s": statistics.median(totals),
        "total_max_s": max(totals),
        "size_kb": size / 1024,
        "table_rows": rows,
        "target_s": TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lakip-bench-docs-") as workdir:
        small, big = build_databases(Path(workdir))
        for scenario in scenarios(small, big):
            r = measure(scenario, args.samples)
            print(
                f"{scenario.key}: {r['year']} figures {r['figures_median_s'] * 1000:.0f} ms, "
                f"docx {r['docx_median_s'] * 1000:.0f} ms, total median "
                f"{r['total_median_s'] * 1000:.0f} ms, max {r['total_max_s'] * 1000:.0f} ms "
                f"({r['table_rows']} table rows, {r['size_kb']:.0f} KB)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
