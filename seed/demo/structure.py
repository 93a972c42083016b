"""An agency's standing structure: its row, units with duties, Renstra, and each fiscal year's row.

What does not move with the ledger: who the agency is, how it is organised, its strategic plan,
and per year the header rows of the report (staff counts, and for a closed year its findings).
"""

from __future__ import annotations

from lakip_model.models import (
    Agency,
    Finding,
    FindingKind,
    FiscalYear,
    Goal,
    Mission,
    StaffCount,
    StrategicPlan,
    Unit,
    UnitDuty,
    UnitKind,
)
from seed.demo.builder import Builder
from seed.demo.common import LAST_YEAR, SOURCE, agency_code
from seed.demo.words import BIDANG, DINAS, DUTIES, OBJECTIVES, REGIONS, STAFF


def agency(b: Builder) -> None:
    """The agency row: a dinas of a region, both chosen by index, never by the random stream."""
    dinas, short = DINAS[(b.index - 1) % len(DINAS)]
    region = REGIONS[(b.index - 1) // len(DINAS) % len(REGIONS)]
    row = Agency(
        code=agency_code(b.index),
        name=f"{dinas} {region} (data sintetis)",
        short_name=f"{short} {region.split(' ', 1)[1]} (demo {b.index:03d})",
        region=region,
        legal_basis="Data sintetis untuk uji skala; bukan laporan resmi.",
    )
    b.add([row])
    b.agency_id = int(row.id or 0)


def units(b: Builder) -> None:
    """Kepala, Sekretariat, three Bidang and the functional group, each with three duties."""
    bidang = b.rng.sample(BIDANG, 3)
    specs = [
        ("kepala", UnitKind.KEPALA, "Kepala Dinas"),
        ("sekretariat", UnitKind.SEKRETARIAT, "Sekretariat"),
        *((f"bidang-{i}", UnitKind.BIDANG, name) for i, name in enumerate(bidang, 1)),
        ("fungsional", UnitKind.FUNGSIONAL, "Kelompok Jabatan Fungsional"),
    ]
    b.units = [
        Unit(
            agency_id=b.agency_id,
            code=code,
            kind=kind,
            name=name,
            task=f"{name} melaksanakan sebagian tugas Kepala Dinas.",
            sort_order=order,
        )
        for order, (code, kind, name) in enumerate(specs)
    ]
    b.add(b.units)
    b.insert(
        UnitDuty,
        [
            {"unit_id": unit.id, "number": n, "text": text}
            for unit in b.units
            for n, text in enumerate(b.rng.sample(DUTIES, 3), 1)
        ],
    )


def renstra(b: Builder) -> None:
    """The strategic plan ending in LAST_YEAR, with its missions and goals."""
    start = min(b.years[0], LAST_YEAR - 5)
    plan = StrategicPlan(
        agency_id=b.agency_id,
        start_year=start,
        end_year=LAST_YEAR,
        vision="Terwujudnya masyarakat yang sejahtera, setara dan berdaya saing",
    )
    b.add([plan])
    b.insert(
        Mission,
        [
            {"plan_id": plan.id, "number": i, "text": t, "supported": i == 2}
            for i, t in enumerate(
                (
                    "Mewujudkan tata kelola pemerintahan yang baik",
                    "Meningkatkan kualitas hidup perempuan dan anak",
                    "Memberdayakan masyarakat",
                ),
                1,
            )
        ],
    )
    b.insert(
        Goal,
        [{"plan_id": plan.id, "number": i, "text": t} for i, t in enumerate(OBJECTIVES[:4], 1)],
    )


def fiscal_year(b: Builder, year: int, *, closed: bool) -> int:
    """The year's row with its staff counts and, once closed, its findings; returns its id."""
    fy = FiscalYear(
        agency_id=b.agency_id,
        year=year,
        title=f"Laporan Kinerja {year} (data sintetis)",
        source=SOURCE,
        closed=closed,
        staff_as_of=f"akhir Tahun {year - 1}",
    )
    b.add([fy])
    fy_id = int(fy.id or 0)
    b.insert(
        StaffCount,
        [
            {
                "fiscal_year_id": fy_id,
                "dimension": "jabatan",
                "label": label,
                "pns": None,
                "non_pns": None,
                "total": b.rng.randint(lo, hi),
                "sort_order": i,
            }
            for i, (label, lo, hi) in enumerate(STAFF)
        ],
    )
    if closed:
        b.insert(
            Finding,
            [
                {"fiscal_year_id": fy_id, "kind": kind.value, "number": 1, "text": text}
                for kind, text in (
                    (FindingKind.KESIMPULAN, "Sebagian besar sasaran tercapai."),
                    (FindingKind.HAMBATAN, "Keterbatasan anggaran dan sumber daya manusia."),
                    (FindingKind.SARAN, "Meningkatkan koordinasi lintas perangkat daerah."),
                )
            ],
        )
    return fy_id
