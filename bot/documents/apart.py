"""Documents built in a short-lived child process: the /ekspor workbook and the /laporan draft.

openpyxl and python-docx (with lxml), and the objects of one document, would stay in the bot's
memory for good after the first file (freed objects leave the allocator's pages resident): some
25 MB for a workbook, 15 MB for a draft. A child (``python -m <module>``) reads the document's
figures as a pickle on stdin, written by the bot's own process and by nothing else, and writes
the file to stdout; it lives only as long as one document. The charts have their own drawing
process (``bot.documents.chart``), which takes JSON.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import subprocess
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

# Documents built at once (each process holds its library and one document), and how long
# one may take.
MAX_BUILDERS = 2
BUILD_TIMEOUT_SECONDS = 120
_builders = threading.BoundedSemaphore(MAX_BUILDERS)


class BuildError(RuntimeError):
    """The building process failed; the cause is in the log."""


def build(module: str, payload: Any) -> bytes:
    """Run ``python -m module`` with ``payload`` pickled on stdin; its stdout. Blocks, so call
    it off the event loop (:func:`build_async`)."""
    with _builders:
        done = subprocess.run(
            [sys.executable, "-m", module],
            input=pickle.dumps(payload),
            capture_output=True,
            timeout=BUILD_TIMEOUT_SECONDS,
            check=False,
        )
    if done.returncode != 0 or not done.stdout:
        log.error("%s failed (%s): %s", module, done.returncode, done.stderr.decode()[-2000:])
        raise BuildError(f"{module} exited with {done.returncode}")
    return done.stdout


async def build_async(module: str, payload: Any) -> bytes:
    """:func:`build` without blocking other chats."""
    return await asyncio.to_thread(build, module, payload)


def read_payload() -> Any:
    """In the child: what :func:`build` sent."""
    return pickle.loads(sys.stdin.buffer.read())


def write_file(content: bytes) -> None:
    """In the child: the document, to the parent."""
    sys.stdout.buffer.write(content)
