"""The LKjIP draft of a year recorded through the bot (not loaded from a report): its current
figures, the earlier year compared, the officers' notes as causes, and nothing claimed for a
year without verified figures."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from docx import Document
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.documents import lkjip as document
from lakip_model import lkjip
from lakip_model.db import session_scope
from lakip_model.models import BudgetNode, EntryStatus, FiscalYear, RealizationEntry
from lakip_model.queries import resolve_year
from lakip_model.years import open_year


def _draft(engine: Engine, year: int) -> tuple[lkjip.LkjipData, list[str], list[list[list[str]]]]:
    with Session(engine) as session:
        data = lkjip.build(session, resolve_year(session, year))
    doc = Document(io.BytesIO(document.docx_bytes(data, date(2026, 5, 15))))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return data, [p.text for p in doc.paragraphs], tables


def _node(session: Session, fy: FiscalYear, key: str) -> BudgetNode:
    return session.exec(
        select(BudgetNode).where(BudgetNode.fiscal_year_id == fy.id, BudgetNode.key == key)
    ).one()


def _approved(node: BudgetNode, **fields: object) -> RealizationEntry:
    return RealizationEntry(
        node_id=node.id,
        year=2026,
        month=3,
        status=EntryStatus.DISETUJUI,
        source="telegram",
        submitted_by=7003,
        **fields,  # type: ignore[arg-type]
    )


def test_a_year_without_verified_figures_claims_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    data, text, tables = _draft(engine, 2026)
    assert not data.as_printed and not data.has_figures and data.contradictions == []
    assert (
        "Tahun 2026 belum memiliki realisasi terverifikasi; capaian kinerja dan serapan anggaran "
        "belum dapat disimpulkan. Pagu tercatat Rp 5.993.530.294."
    ) in text
    assert not any("tercapai:" in t or "memenuhi target" in t for t in text)
    assert any(
        t.startswith("Angka tahun 2026 berasal dari entri realisasi terverifikasi") for t in text
    )
    assert "Komposisi aparatur tahun 2026 belum tercatat di basis data." in text
    finance = next(t for t in tables if t[0][:2] == ["NO", "SASARAN STRATEGIS"] and len(t[0]) == 11)
    p1 = next(r for r in finance if r[3] == "PROGRAM PENUNJANG URUSAN PEMERINTAH DAERAH")
    assert p1[6] == "536.731.778" and p1[8] == "" and p1[10] == ""  # copied pagu, nothing spent


def test_a_recorded_year_shows_its_figures_causes_and_the_year_before(engine: Engine) -> None:
    with session_scope(engine) as session:
        fy = open_year(session, 2026, 2022)
        program = _node(session, fy, "P2")  # reports the Indeks Pembangunan Gender
        sub = _node(session, fy, "P2.K1.S1")
        session.add(
            _approved(
                program, quantity=Decimal(88), quantity_text="88", note="Pokja PUG belum aktif"
            )
        )
        session.add(_approved(sub, amount=5_000_000, quantity=Decimal(40), quantity_text="40"))
    data, text, tables = _draft(engine, 2026)
    assert data.has_figures and not data.as_printed
    ipg = next(t for t in text if t.startswith("Indeks Pembangunan Gender: target"))
    assert "target 90,77, realisasi 88, capaian 96,95% (kategori Sangat Tinggi)" in ipg
    assert "Di bawah target, selisih 2,77." in ipg
    assert "Penyebab yang dicatat: Pokja PUG belum aktif." in ipg
    assert "Tahun sebelumnya: 2022 realisasi 90,63 (capaian 99,85%)." in ipg
    assert (
        "Anggaran yang mendukung (Program Pengarusutamaan Gender dan Pemberdayaan Perempuan): "
        "pagu Rp 25.180.901, realisasi Rp 5.000.000, serapan 19,86%. Capaian kinerja (96,95%) "
        "lebih tinggi daripada serapan anggaran."
    ) in text
    assert (
        "Pada tahun 2026, dari 7 indikator kinerja utama, 0 memenuhi target, 1 di bawah target "
        "dan 6 belum memiliki realisasi dalam data. Realisasi anggaran Rp 5.000.000 dari pagu "
        "Rp 5.993.530.294 (0,08%)."
    ) in text
    finance = next(t for t in tables if t[0][:2] == ["NO", "SASARAN STRATEGIS"] and len(t[0]) == 11)
    row = next(
        r
        for r in finance
        if r[3] == "Koordinasi dan Sinkronisasi Perumusan Kebijakan Pelaksanaan PUG"
    )
    # the current figures, formatted: 40 of 40 OPD, Rp 5.000.000 of Rp 25.180.901
    assert row[5:] == ["40 OPD", "25.180.901", "40 OPD", "5.000.000", "100%", "19,86%"]
    assert finance[-1][3] == "Jumlah Keseluruhan" and finance[-1][8] == "5.000.000"
