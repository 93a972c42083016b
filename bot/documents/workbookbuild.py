"""Builds the /ekspor workbook as its own short-lived process (``workbook.render_xlsx``, through
``bot.documents.apart``): stdin, a pickled :class:`~bot.documents.workbook.ExportData`; stdout,
the ``.xlsx``."""

from __future__ import annotations

from bot.documents import apart
from bot.documents.workbook import ExportData, xlsx_bytes


def main() -> None:
    data = apart.read_payload()
    if not isinstance(data, ExportData):
        raise SystemExit("expected the ExportData of one workbook on stdin")
    apart.write_file(xlsx_bytes(data))


if __name__ == "__main__":
    main()
