"""The /laporan draft built as its own short-lived process, and what the bot's process needs of
it without python-docx: the figures, the file's name, and the build itself (through
``bot.documents.apart``: stdin, a pickled ``(LkjipData, date)``; stdout, the ``.docx``)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.documents import apart
from lakip_model import lkjip
from lakip_model.models import FiscalYear


def report_data(session: Session, fy: FiscalYear) -> lkjip.LkjipData:
    """The draft's facts (for ``context.db`` / ``in_year``)."""
    return lkjip.build(session, fy)


def file_name(data: lkjip.LkjipData) -> str:
    return f"lkjip-{data.agency_code}-{data.year}.docx"


async def render_docx(data: lkjip.LkjipData, today: date) -> bytes:
    """The draft as a .docx, built in a child process: python-docx never enters the bot's."""
    return await apart.build_async("bot.documents.lkjipbuild", (data, today))


def main() -> None:
    from bot.documents import lkjip as document  # python-docx: in this process only

    payload = apart.read_payload()
    data, today = payload
    if not isinstance(data, lkjip.LkjipData) or not isinstance(today, date):
        raise SystemExit("expected (LkjipData, date) on stdin")
    apart.write_file(document.docx_bytes(data, today))


if __name__ == "__main__":
    main()
