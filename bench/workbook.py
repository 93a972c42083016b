"""The Excel import's bench (issue #16): a workbook of 1,000 budget rows, previewed then
committed as a new agency into a migrated database, each sample into a fresh one.

    python -m bench.workbook --samples 3     # a quick look, printed
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlmodel import Session

from lakip_model.db import make_engine, session_scope, upgrade
from seed.workbook import columns as C
from seed.workbook.book import Book
from seed.workbook.importer import commit_import, plan_import
from seed.workbook.writer import book_bytes

TARGET_SECONDS = 3.0  # preview + commit of 1,000 rows (issue #16)


def thousand_rows(programs: int = 20, activities: int = 7, subs: int = 6) -> Book:
    """20 programs × 7 kegiatan × 6 sub kegiatan = 1,000 rows, with pagu, targets and units."""
    book = Book(meta={"format": C.FORMAT_NAME, "version": C.FORMAT_VERSION, "year": 2026})
    book.rows(C.AGENCY).append(
        {"code": "bench", "name": "Dinas Bench", "short_name": "Bench", "region": "Kota"}
    )
    book.rows(C.UNITS).extend(
        {"code": f"bidang-{i}", "kind": "bidang", "name": f"Bidang {i}", "duties": "Satu\nDua"}
        for i in range(1, 6)
    )
    rows = book.rows(C.BUDGET)
    for p in range(1, programs + 1):
        rows.append({"key": f"P{p}", "level": "program", "name": f"Program {p}"})
        for k in range(1, activities + 1):
            rows.append({"key": f"P{p}.K{k}", "level": "kegiatan", "name": f"Kegiatan {p}.{k}"})
            for s in range(1, subs + 1):
                rows.append(
                    {
                        "key": f"P{p}.K{k}.S{s}",
                        "level": "sub_kegiatan",
                        "name": f"Sub kegiatan {p}.{k}.{s}",
                        "indicator_text": "Jumlah dokumen",
                        "target_text": f"{s} dok",
                        "pagu": 1_000_000 * p + 1_000 * k + s,
                        "unit": f"bidang-{1 + p % 5}",
                    }
                )
    return book


def measure(samples: int = 5) -> dict[str, Any]:
    data = book_bytes(thousand_rows())
    previews, commits = [], []
    with tempfile.TemporaryDirectory(prefix="lakip-bench-xlsx-") as tmp:
        for i in range(samples):
            engine = make_engine(f"sqlite:///{Path(tmp) / f'{i}.db'}")
            upgrade(engine)
            started = time.perf_counter()
            with Session(engine) as session:
                plan = plan_import(session, data)
            middle = time.perf_counter()
            with session_scope(engine) as session:
                done = commit_import(session, data)
            ended = time.perf_counter()
            assert plan.ok and done.ok, [str(x) for x in plan.issues + done.issues]
            previews.append(middle - started)
            commits.append(ended - middle)
            engine.dispose()
    totals = [p + c for p, c in zip(previews, commits, strict=True)]
    return {
        "rows": sum(thousand_rows().counts().values()),
        "bytes": len(data),
        "samples": samples,
        "preview_s": sorted(previews),
        "commit_s": sorted(commits),
        "worst_total_s": max(totals),
        "target_s": TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workbook", description=__doc__)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args(argv)
    r = measure(args.samples)
    print(
        f"{r['rows']} rows, {r['bytes'] / 1024:.0f} KiB: preview {r['preview_s'][0]:.2f}–"
        f"{r['preview_s'][-1]:.2f} s, commit {r['commit_s'][0]:.2f}–{r['commit_s'][-1]:.2f} s, "
        f"worst total {r['worst_total_s']:.2f} s (target ≤ {TARGET_SECONDS:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
