"""Builds the /ekspor workbook as its own short-lived process (``workbook.render_xlsx``).

openpyxl and the cells of one workbook live only as long as the build: the process reads the
workbook's figures (a pickled :class:`~bot.documents.workbook.ExportData`, written by the bot's
own process) on stdin and writes the ``.xlsx`` to stdout.
"""

from __future__ import annotations

import pickle
import sys

from bot.documents.workbook import ExportData, xlsx_bytes


def main() -> None:
    data = pickle.loads(sys.stdin.buffer.read())
    if not isinstance(data, ExportData):
        raise SystemExit("expected the ExportData of one workbook on stdin")
    sys.stdout.buffer.write(xlsx_bytes(data))


if __name__ == "__main__":
    main()
