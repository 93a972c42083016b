"""/impor: the preview of a workbook (chat and command line), and its buttons."""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from bot.callbacks import Button, RowId, button
from bot.texts import imports as t
from bot.views.common import Reply, esc
from seed.workbook.columns import MAX_BYTES
from seed.workbook.importer import Mode, Plan

if TYPE_CHECKING:
    from telegram import InlineKeyboardButton

SHOWN = 15  # changes and problems listed in a message; the rest counted


@button("import.save")
class ImportSave(Button):
    seq: RowId  # the preview it confirms: an older preview's button is stale


@button("import.cancel")
class ImportCancel(Button):
    pass


@button("import.template")
class ImportTemplate(Button):
    pass


IMPORT_BUTTONS: tuple[type[Button], ...] = (ImportSave, ImportCancel, ImportTemplate)


def _key(label: str, value: Button) -> InlineKeyboardButton:
    from telegram import InlineKeyboardButton

    return InlineKeyboardButton(label, callback_data=value.data())


def _listed(items: list[str]) -> list[str]:
    lines = [f"• {esc(i)}" for i in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(t.IMPORT_MORE.format(count=len(items) - SHOWN))
    return lines


def preview_text(plan: Plan, file_name: str = "", *, html_markup: bool = True) -> str:
    """Counts per sheet, the changes or every problem (sheet, row, column)."""
    if not plan.ok:
        problems = [str(i) for i in plan.issues]
        lines = [t.IMPORT_ERRORS.format(count=len(problems)), *_listed(problems)]
    else:
        counts = ", ".join(f"{name} {n}" for name, n in plan.counts.items())
        lines = [
            t.IMPORT_PREVIEW_TITLE.format(file=esc(file_name)).strip(),
            t.IMPORT_TARGET.format(
                agency=esc(plan.agency_code), year=plan.year, mode=esc(plan.mode)
            ),
            t.IMPORT_COUNTS.format(counts=counts),
            "",
        ]
        if plan.mode == Mode.UPDATE:
            if plan.changes:
                lines += [t.IMPORT_CHANGES.format(count=len(plan.changes)), *_listed(plan.changes)]
            else:
                lines.append(t.IMPORT_NO_CHANGES)
        else:
            lines.append(t.IMPORT_NEW_ROWS)
            lines += _listed(plan.changes)
        if plan.ignored:
            lines += ["", t.IMPORT_IGNORED, *_listed(plan.ignored)]
        lines += ["", t.IMPORT_ASK]
    text = "\n".join(lines)
    return text if html_markup else unescape(re.sub(r"</?[a-z]+>", "", text))


def how_to() -> Reply:
    from telegram import InlineKeyboardMarkup

    text = t.IMPORT_HOW.format(mb=MAX_BYTES // 2**20)
    return Reply(text, InlineKeyboardMarkup([[_key(t.BUTTON_IMPORT_TEMPLATE, ImportTemplate())]]))


def preview(plan: Plan, file_name: str, seq: int, *, from_chat: bool = True) -> Reply:
    from telegram import InlineKeyboardMarkup

    text = preview_text(plan, file_name)
    if not plan.ok:
        return Reply(text)
    if from_chat and plan.mode != Mode.UPDATE and plan.book.counts().get("Data Realisasi"):
        text = text.replace(t.IMPORT_ASK, f"{t.IMPORT_PENDING_NOTE}\n\n{t.IMPORT_ASK}")
    keyboard = InlineKeyboardMarkup(
        [
            [
                _key(t.BUTTON_IMPORT_SAVE, ImportSave(seq)),
                _key(t.BUTTON_IMPORT_CANCEL, ImportCancel()),
            ]
        ]
    )
    return Reply(text, keyboard)


def done(plan: Plan) -> Reply:
    text = t.IMPORT_DONE.format(mode=esc(plan.mode), agency=esc(plan.agency_code), year=plan.year)
    if plan.mode == Mode.NEW_AGENCY:  # nobody administers it yet: say how to appoint someone
        text += "\n" + t.IMPORT_NEW_AGENCY_ADMIN.format(agency=esc(plan.agency_code))
    return Reply(text)


def message(text: str) -> Reply:
    return Reply(text)
