"""Files the bot sends: the /grafik chart and the /ekspor workbook.

Each is built off the event loop; matplotlib lives only in the short-lived drawing process
(``python -m bot.documents.chartdraw``) and openpyxl is imported only when a workbook is asked for
(or a workbook is uploaded), through :func:`load_openpyxl`.
"""

from __future__ import annotations

import importlib
import sys
import threading

_openpyxl_lock = threading.Lock()


def load_openpyxl() -> None:
    """Import openpyxl without numpy, unless numpy is loaded already.

    openpyxl imports numpy when it is installed (matplotlib brings it), only to accept numpy
    scalars as cell values, which the bot never writes: some 14 MB that would stay in the bot's
    memory for good after the first /ekspor. While openpyxl is imported, ``numpy`` is marked
    absent so its ``import numpy`` fails; nothing else in the bot's process imports numpy.
    """
    with _openpyxl_lock:
        if "openpyxl" in sys.modules or "numpy" in sys.modules:
            importlib.import_module("openpyxl")
            return
        sys.modules["numpy"] = None  # type: ignore[assignment]  # an import of it fails
        try:
            importlib.import_module("openpyxl")
        finally:
            del sys.modules["numpy"]
