"""The LKjIP draft as a Word document (python-docx), laid out as the report is (PermenPAN-RB
53/2014): Bab I–IV and an appendix of the report's contradictions.

The facts come from :func:`lakip_model.lkjip.build`; this module only lays them out, with the
sentences of ``bot/texts/lkjip.py`` and the Indonesian formats of ``lakip_model.numbers``. A
year loaded from its report keeps every printed cell as printed (``90.77`` stays ``90.77``); a
year recorded through the bot shows its figures formatted the Indonesian way. The wide tables
of Bab III sit in landscape sections, as in the report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Pt
from docx.table import Table

from bot.documents.lkjipbuild import file_name as file_name  # re-exported: the CLI's
from bot.documents.lkjipbuild import report_data as report_data
from bot.texts import lkjip as t
from bot.views.checks import MARKER, contradiction_text
from lakip_model import lkjip
from lakip_model.models import FindingKind, NodeLevel
from lakip_model.numbers import (
    Quantity,
    format_date,
    format_decimal,
    format_percent,
    format_quantity,
    format_rupiah,
)

TABLE_STYLE = "Table Grid"
BODY_FONT = "Arial"
SMALL = Pt(8)


# --- cells ----------------------------------------------------------------------------------------


def money(amount: int | None) -> str:
    """A Rupiah cell of a table whose header says Rp: digits grouped, blank when None."""
    return "" if amount is None else format_decimal(Decimal(amount))


def quantity(q: Quantity | None, as_printed: bool) -> str:
    if q is None:
        return ""
    if as_printed or q.value is None:
        return q.text
    return format_quantity(q.value, q.unit)


def percent(printed: str | None, computed: Decimal | None, as_printed: bool) -> str:
    if as_printed:
        return printed or ""
    return "" if computed is None else format_percent(computed)


# --- layout helpers -------------------------------------------------------------------------------


def _table(
    doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]], small: bool = False
) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = TABLE_STYLE
    header = table.rows[0]
    _repeat_header(header._tr)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if small:
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = SMALL
    return table


def _repeat_header(tr: CT_Row) -> None:
    """The header row repeats on every page of a long table."""
    props = tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _section(doc: DocxDocument, landscape: bool) -> None:
    """A new page in the given orientation (the width and height swap with it)."""
    previous = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    want = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if previous.orientation != want:
        section.orientation = want
        section.page_width, section.page_height = previous.page_height, previous.page_width


def _caption(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _numbered(doc: DocxDocument, items: Sequence[str]) -> None:
    for i, item in enumerate(items, 1):
        doc.add_paragraph(f"{i}. {item}")


# --- the document ---------------------------------------------------------------------------------


def build_document(data: lkjip.LkjipData, today: date) -> DocxDocument:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    _title_page(doc, data, today)
    _bab_i(doc, data)
    _bab_ii(doc, data)
    _bab_iii(doc, data)
    _bab_iv(doc, data)
    _appendix(doc, data)
    return doc


def _title_page(doc: DocxDocument, data: lkjip.LkjipData, today: date) -> None:
    doc.add_heading(t.TITLE, 0)
    doc.add_heading(t.TITLE_YEAR.format(year=data.year), 1)
    doc.add_paragraph(data.agency)
    doc.add_paragraph(data.region)
    source = t.SOURCE_REPORT.format(year=data.year) if data.as_printed else t.SOURCE_LEDGER
    doc.add_paragraph(t.DRAFT_NOTE.format(date=format_date(today), source=source))


def _bab_i(doc: DocxDocument, data: lkjip.LkjipData) -> None:
    doc.add_page_break()
    doc.add_heading(t.BAB_I, 1)
    doc.add_heading(t.ORGANISATION, 2)
    if not data.units:
        doc.add_paragraph(t.ORGANISATION_NONE)
    for unit in data.units:
        doc.add_heading(unit.name, 3)
        if unit.task:
            doc.add_paragraph(t.UNIT_TASK.format(task=unit.task))
        if unit.duties:
            doc.add_paragraph(t.UNIT_DUTIES)
            _numbered(doc, unit.duties)
    doc.add_heading(t.STAFF, 2)
    if not data.staff_by_rank and not data.staff_by_education:
        doc.add_paragraph(t.STAFF_NONE.format(year=data.year))
        return
    if data.staff_as_of:
        doc.add_paragraph(t.STAFF_AS_OF.format(as_of=data.staff_as_of))
    if data.staff_by_rank:
        _table(
            doc,
            t.STAFF_RANK_HEADERS,
            [
                [str(i), s.label, t.PEOPLE.format(count=s.total)]
                for i, s in enumerate(data.staff_by_rank, 1)
            ],
        )
        doc.add_paragraph()
    if data.staff_by_education:
        _table(
            doc,
            t.STAFF_EDUCATION_HEADERS,
            [
                [
                    str(i),
                    s.label,
                    t.PEOPLE.format(count=s.pns or 0),
                    t.PEOPLE.format(count=s.non_pns or 0),
                    t.PEOPLE.format(count=s.total),
                ]
                for i, s in enumerate(data.staff_by_education, 1)
            ],
        )


def _bab_ii(doc: DocxDocument, data: lkjip.LkjipData) -> None:
    doc.add_page_break()
    doc.add_heading(t.BAB_II.format(year=data.year), 1)
    plan = data.plan
    if plan is None:
        doc.add_heading(t.PLAN.format(start="", end="").rstrip("– "), 2)
        doc.add_paragraph(t.PLAN_NONE.format(year=data.year))
    else:
        doc.add_heading(t.PLAN.format(start=plan.start_year, end=plan.end_year), 2)
        doc.add_heading(t.VISION, 3)
        doc.add_paragraph().add_run(plan.vision).bold = True
        doc.add_heading(t.MISSIONS, 3)
        for number, text, supported in plan.missions:
            shown = t.MISSION_SUPPORTED.format(text=text, agency=data.agency_short)
            doc.add_paragraph(f"{number}. {shown if supported else text}")
        if plan.support_note:
            doc.add_paragraph(plan.support_note)
        doc.add_heading(t.GOALS, 3)
        for number, text in plan.goals:
            doc.add_paragraph(f"{number}. {text}")
    doc.add_heading(t.RENJA.format(year=data.year), 2)
    if data.renja:
        _table(
            doc,
            t.RENJA_HEADERS,
            [[r.objective or "", r.indicator, r.target or ""] for r in data.renja],
        )
    else:
        doc.add_paragraph(t.TABLE_NONE.format(year=data.year))
    doc.add_heading(t.PK.format(year=data.year), 2)
    if data.pk:
        _table(
            doc,
            t.PK_HEADERS,
            [
                [
                    f"{r.objective_number}." if r.objective else "",
                    r.objective or "",
                    r.indicator,
                    r.target or "",
                ]
                for r in data.pk
            ],
        )
    else:
        doc.add_paragraph(t.TABLE_NONE.format(year=data.year))


def _bab_iii(doc: DocxDocument, data: lkjip.LkjipData) -> None:
    _section(doc, landscape=True)
    doc.add_heading(t.BAB_III, 1)
    doc.add_heading(t.MEASUREMENT, 2)
    _caption(doc, t.MEASUREMENT_CAPTION.format(year=data.year))
    if data.measurement:
        _table(
            doc, t.MEASUREMENT_HEADERS, [_measurement_row(m, data) for m in data.measurement], True
        )
    else:
        doc.add_paragraph(t.TABLE_NONE.format(year=data.year))
    doc.add_heading(t.IKU, 2)
    _caption(doc, t.IKU_CAPTION.format(year=data.year))
    _table(
        doc,
        t.IKU_HEADERS,
        [
            [
                str(i),
                sasaran,
                f.name,
                quantity(f.target, False),
                quantity(f.realized, False) if f.realized else t.NOT_REPORTED,
                format_percent(f.achievement) if f.achievement is not None else t.BLANK,
                f.category.value if f.category else t.BLANK,
            ]
            for i, (sasaran, f) in enumerate(data.iku, 1)
        ],
    )
    _section(doc, landscape=False)
    doc.add_heading(t.ANALYSIS, 2)
    for s in data.sasaran:
        _sasaran(doc, s)
    factors = data.findings.get(FindingKind.PENYEBAB.value, [])
    if factors:
        doc.add_paragraph(t.FACTORS)
        _numbered(doc, factors)
    _section(doc, landscape=True)
    doc.add_heading(t.FINANCE, 2)
    _caption(doc, t.FINANCE_CAPTION.format(year=data.year))
    rows = [_finance_row(f, data.as_printed) for f in data.finance]
    rows.append(
        [
            "",
            "",
            "",
            t.FINANCE_TOTAL + (f" {MARKER}" if data.total_contradicted else ""),
            "",
            "",
            money(data.total_pagu),
            "",
            money(data.total_realized),
            "",
            percent(data.total_absorption_text, data.total_absorption, data.as_printed),
        ]
    )
    _table(doc, t.FINANCE_HEADERS, rows, small=True)
    if data.total_contradicted or any(f.contradicted for f in data.finance):
        doc.add_paragraph(t.FINANCE_MARK_NOTE)


def _measurement_row(m: lkjip.MeasurementLine, data: lkjip.LkjipData) -> list[str]:
    if m.level != NodeLevel.SUB_KEGIATAN:
        return [m.number or "", m.name, "", "", "", ""]
    return [
        m.number or "",
        m.name,
        m.indicator or "",
        quantity(m.target, data.as_printed),
        quantity(m.realized, data.as_printed),
        percent(m.achievement_text, m.achievement, data.as_printed),
    ]


def _finance_row(f: lkjip.FinanceLine, as_printed: bool) -> list[str]:
    name = f"{f.name} {MARKER}" if f.contradicted else f.name
    return [
        f.sasaran_number or "",
        f.sasaran or "",
        f.number or "",
        name,
        f.indicator or "",
        quantity(f.target, as_printed) if f.target.text else "",
        money(f.pagu),
        quantity(f.realized_quantity, as_printed),
        money(f.realized),
        percent(f.achievement_k_text, f.achievement_k, as_printed),
        percent(f.absorption_text, f.absorption, as_printed),
    ]


def _sasaran(doc: DocxDocument, s: lkjip.SasaranFacts) -> None:
    doc.add_heading(t.SASARAN_HEADING.format(number=s.number, name=s.name), 3)
    doc.add_paragraph(sasaran_verdict(s))
    for f in s.indicators:
        doc.add_paragraph(indicator_paragraph(f), style="List Bullet")
    doc.add_paragraph(budget_sentence(s))


def sasaran_verdict(s: lkjip.SasaranFacts) -> str:
    count = len(s.indicators)
    if not count:
        return t.SASARAN_NO_INDICATOR
    below = sum(1 for i in s.indicators if i.below_target)
    if below:
        return t.SASARAN_NOT_MET.format(below=below, count=count)
    if s.met:
        return t.SASARAN_MET.format(count=count)
    return t.SASARAN_UNKNOWN.format(missing=count - len(s.measured), count=count)


def indicator_paragraph(f: lkjip.IndicatorFacts) -> str:
    target = quantity(f.target, False) or t.BLANK
    if f.realized is None or f.below_target is None:
        parts = [t.INDICATOR_UNMEASURED.format(name=f.name, target=target)]
    else:
        realized = quantity(f.realized, False)
        if f.achievement is not None and f.category is not None:
            parts = [
                t.INDICATOR_MEASURED.format(
                    name=f.name,
                    target=target,
                    realized=realized,
                    achievement=format_percent(f.achievement),
                    category=f.category.value,
                )
            ]
        else:
            parts = [
                t.INDICATOR_MEASURED_NO_ACHIEVEMENT.format(
                    name=f.name, target=target, realized=realized
                )
            ]
        if f.below_target:
            unit = f.target.unit if f.target else None
            parts.append(
                t.INDICATOR_BELOW.format(gap=format_quantity(f.shortfall, unit))
                if f.shortfall is not None
                else t.INDICATOR_BELOW_NO_GAP
            )
            parts.append(t.CAUSES.format(causes="; ".join(f.causes)) if f.causes else t.CAUSES_NONE)
        else:
            parts.append(t.INDICATOR_MET)
    if f.earlier:
        years = ", ".join(
            t.EARLIER_YEAR.format(
                year=e.year,
                realized=quantity(e.realized, False),
                achievement=format_percent(e.achievement),
            )
            for e in f.earlier
        )
        parts.append(t.EARLIER.format(years=years))
    else:
        parts.append(t.EARLIER_NONE)
    if f.renstra_target is None:
        parts.append(t.RENSTRA_NONE)
    else:
        parts.append(t.RENSTRA_TARGET.format(target=quantity(f.renstra_target, False)))
    return " ".join(parts)


def budget_sentence(s: lkjip.SasaranFacts) -> str:
    b = s.budget
    if b is None:
        return t.BUDGET_NONE
    out = t.BUDGET.format(
        programs="; ".join(b.programs),
        pagu=format_rupiah(b.pagu) if b.pagu is not None else t.BLANK,
        realized=format_rupiah(b.realized) if b.realized is not None else t.BLANK,
        absorption=format_percent(b.absorption),
    )
    measured = [i.achievement for i in s.indicators if i.achievement is not None]
    if len(measured) == 1 and b.absorption is not None:
        achievement = measured[0]
        shown = format_percent(achievement)
        if achievement > b.absorption:
            out += " " + t.BUDGET_VS_HIGHER.format(achievement=shown)
        elif achievement < b.absorption:
            out += " " + t.BUDGET_VS_LOWER.format(achievement=shown)
        else:
            out += " " + t.BUDGET_VS_EQUAL.format(achievement=shown)
    return out


def _bab_iv(doc: DocxDocument, data: lkjip.LkjipData) -> None:
    _section(doc, landscape=False)
    doc.add_heading(t.BAB_IV, 1)
    doc.add_heading(t.CONCLUSION, 2)
    doc.add_paragraph(conclusion(data))
    printed = data.findings.get(FindingKind.KESIMPULAN.value, [])
    if printed:
        doc.add_paragraph(t.CONCLUSION_PRINTED)
        for text in printed:
            doc.add_paragraph(text)
    doc.add_heading(t.OBSTACLES, 2)
    obstacles = data.findings.get(FindingKind.HAMBATAN.value, [])
    if obstacles:
        _numbered(doc, obstacles)
    else:
        doc.add_paragraph(t.OBSTACLES_NONE.format(year=data.year))
    doc.add_heading(t.RECOMMENDATIONS, 2)
    recommendations = data.findings.get(FindingKind.SARAN.value, [])
    below = [f.name for _, f in data.iku if f.below_target]
    if recommendations:
        _numbered(doc, recommendations)
    if below:
        doc.add_paragraph(t.RECOMMEND_BELOW.format(names="; ".join(below)))
    if not recommendations and not below:
        doc.add_paragraph(t.RECOMMENDATIONS_NONE.format(year=data.year))


def conclusion(data: lkjip.LkjipData) -> str:
    pagu = format_rupiah(data.total_pagu) if data.total_pagu is not None else t.BLANK
    if not data.has_figures:
        return t.CONCLUSION_NO_FIGURES.format(year=data.year, pagu=pagu)
    facts = [f for _, f in data.iku]
    return t.CONCLUSION_FIGURES.format(
        year=data.year,
        count=len(facts),
        met=sum(1 for f in facts if f.below_target is False),
        below=sum(1 for f in facts if f.below_target),
        missing=sum(1 for f in facts if f.below_target is None),
        realized=format_rupiah(data.total_realized or 0),
        pagu=pagu,
        absorption=format_percent(data.total_absorption),
    )


def _appendix(doc: DocxDocument, data: lkjip.LkjipData) -> None:
    doc.add_page_break()
    doc.add_heading(t.APPENDIX, 1)
    if not data.as_printed:
        doc.add_paragraph(t.APPENDIX_LEDGER.format(year=data.year))
        return
    if not data.contradictions:
        doc.add_paragraph(t.APPENDIX_NONE_PRINTED.format(year=data.year))
        return
    doc.add_paragraph(t.APPENDIX_INTRO.format(year=data.year, count=len(data.contradictions)))
    for i, c in enumerate(data.contradictions, 1):
        doc.add_paragraph(contradiction_text(i, c))


def docx_bytes(data: lkjip.LkjipData, today: date) -> bytes:
    """The draft as a .docx file; blocks for a fraction of a second, so call it off the loop."""
    buf = io.BytesIO()
    build_document(data, today).save(buf)
    return buf.getvalue()
