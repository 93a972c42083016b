"""Synthetic agencies shaped like the report, for scale tests and benchmarks (``demo-data``).

Each agency (``demo-001``, ``demo-002``, ...) gets what the real one has: units with duties, a
Renstra, ``years`` fiscal years ending in :data:`LAST_YEAR` (the latest open, the others
closed), a budget tree of the report's shape (8 programs, ~15 kegiatan, ~29 sub kegiatan, pagu
in the same magnitudes, targets such as "1 dok", "30 org", "100 %"), indicators with Renja / PK
targets, a ledger of monthly entries per sub-activity as officers record them (approved, some
corrected, rejected, withdrawn or still waiting), its users and, when the reminder tables exist,
group subscriptions.

Generation is deterministic in ``seed`` (each agency draws from its own ``Random``), writes in
bulk in one transaction, and only ever adds rows: an agency whose code already exists is
skipped, so the real agency's data and an earlier run are left as they are.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from lakip_model.db import session_scope
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    EntryKind,
    EntryReview,
    EntryStatus,
    Finding,
    FindingKind,
    FiscalYear,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    NodeLevel,
    Objective,
    OutputMeasurement,
    RealizationEntry,
    Role,
    StaffCount,
    StrategicPlan,
    TargetDocument,
    Unit,
    UnitDuty,
    UnitKind,
)
from lakip_model.numbers import parse_quantity
from lakip_model.text import fold

CODE_PREFIX = "demo-"
LAST_YEAR = 2026  # the report's Renstra runs to 2026; demo years end with it
OPEN_MONTHS = 10  # the open year has entries for January..October (the last ones pending)
# Far above any real Telegram user id, so a demo user never shadows a person.
TELEGRAM_ID_BASE = 990_000_000_000
GROUP_ID_BASE = -1_009_900_000_000  # fake supergroup ids of demo group chats
SOURCE = "demo"

# --- word lists ---------------------------------------------------------------------------------

DINAS = (
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Tenaga Kerja", "Disnaker"),
    ("Dinas Koperasi dan Usaha Mikro", "Diskop"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Lingkungan Hidup", "DLH"),
)
REGIONS = (
    "Kota Medan",
    "Kabupaten Deli Serdang",
    "Kabupaten Langkat",
    "Kabupaten Karo",
    "Kabupaten Simalungun",
    "Kabupaten Asahan",
    "Kabupaten Labuhanbatu",
    "Kota Pematangsiantar",
    "Kota Tebing Tinggi",
    "Kota Sibolga",
    "Kota Tanjungbalai",
    "Kabupaten Dairi",
    "Kabupaten Batu Bara",
    "Kabupaten Serdang Bedagai",
    "Kabupaten Samosir",
    "Kota Padangsidimpuan",
)
BIDANG = (
    "Bidang Kualitas Hidup dan Keluarga",
    "Bidang Perlindungan dan Pemenuhan Hak",
    "Bidang Pemberdayaan Kelompok Masyarakat",
    "Bidang Layanan dan Rehabilitasi",
    "Bidang Data dan Informasi",
)
DUTIES = (
    "menyusun dan melaksanakan rencana kerja kegiatan",
    "mengkoordinasikan pelaksanaan program sesuai ketentuan",
    "memantau, mengevaluasi dan melaporkan pelaksanaan kegiatan",
    "memberikan petunjuk dan bimbingan teknis kepada bawahan",
    "melaksanakan tugas lain yang diberikan oleh atasan",
)
PROGRAM_THEMES = (
    "Pengarusutamaan Gender dan Pemberdayaan Perempuan",
    "Perlindungan Perempuan",
    "Peningkatan Kualitas Keluarga",
    "Pengelolaan Sistem Data Gender dan Anak",
    "Pemenuhan Hak Anak",
    "Perlindungan Khusus Anak",
    "Pemberdayaan Lembaga Kemasyarakatan",
    "Rehabilitasi Sosial",
    "Pelayanan Kesehatan Masyarakat",
    "Peningkatan Kapasitas Sumber Daya Aparatur",
    "Pengembangan Usaha Mikro",
    "Penanganan Bencana",
)
VERBS = (
    "Penyediaan",
    "Pengelolaan",
    "Koordinasi",
    "Pembinaan",
    "Fasilitasi",
    "Penguatan",
    "Pengembangan",
    "Pelaksanaan",
    "Penyusunan",
    "Pemantauan",
    "Sosialisasi",
    "Peningkatan",
)
OBJECTS = (
    "Layanan Pengaduan Masyarakat",
    "Data dan Informasi",
    "Sarana dan Prasarana",
    "Kapasitas Aparatur",
    "Dokumen Perencanaan",
    "Lembaga Kemasyarakatan",
    "Forum Anak",
    "Kelompok Usaha Perempuan",
    "Kader Posyandu",
    "Kader PKK",
    "Lembaga Penyedia Layanan",
    "Pusat Pembelajaran Keluarga",
    "Rumah Aman",
    "Sekolah Ramah Anak",
    "Organisasi Perempuan",
    "Jejaring Perlindungan Anak",
)
QUALIFIERS = (
    "Tingkat Daerah Kabupaten/Kota",
    "Lingkup Daerah Kabupaten/Kota",
    "Kewenangan Kabupaten/Kota",
    "bagi Korban Kekerasan",
    "di Tingkat Kecamatan",
    "Perangkat Daerah",
)
OUTPUTS = (
    "Jumlah dokumen",
    "Jumlah orang yang dilatih",
    "Persentase layanan",
    "Jumlah lembaga yang dibina",
    "Jumlah kegiatan",
    "Jumlah laporan",
)
# unit word as printed, smallest and largest target
TARGETS = (
    ("dok", 1, 4),
    ("org", 20, 300),
    ("%", 100, 100),
    ("unit", 1, 12),
    ("keg", 2, 12),
    ("lembaga", 2, 6),
    ("kel", 10, 40),
    ("th", 1, 1),
    ("pkt", 1, 5),
    ("buku", 1, 3),
    ("lbr", 100, 500),
)
INDICATOR_STEMS = (
    ("Persentase", "perempuan korban kekerasan yang dilayani sesuai standar", "%"),
    ("Persentase", "anak korban kekerasan yang ditangani", "%"),
    ("Indeks", "Pembangunan Gender", ""),
    ("Indeks", "Pemberdayaan Gender", ""),
    ("Jumlah", "Organisasi Perempuan yang Terfasilitasi", "org"),
    ("Persentase", "OPD yang menyusun anggaran responsif gender", "%"),
    ("Jumlah", "Sekolah Ramah Anak sesuai standar", "sekolah"),
    ("Persentase", "Forum Anak yang aktif", "%"),
    ("Jumlah", "PKK Aktif", "%"),
    ("Jumlah", "Posyandu Aktif", "%"),
    ("Persentase", "LPM yang terbina", "%"),
    ("Skor", "Kota Layak Anak", ""),
    ("Rasio", "kekerasan dalam rumah tangga", ""),
    ("Persentase", "Kinerja Urusan Pemerintah Daerah", "%"),
    ("Persentase", "data terpilah yang diperbarui", "%"),
    ("Jumlah", "kelurahan layak anak", "kel"),
    ("Persentase", "pengaduan yang ditindaklanjuti", "%"),
    ("Jumlah", "lembaga layanan yang terakreditasi", "lembaga"),
    ("Persentase", "kader yang terlatih", "%"),
)
OBJECTIVES = (
    "Meningkatnya tata kelola administrasi pemerintahan",
    "Meningkatnya kesetaraan dan keadilan gender dalam pembangunan",
    "Akuratnya data gender dan anak",
    "Meningkatnya perlindungan perempuan dan anak",
    "Terwujudnya kota layak anak",
    "Optimalnya pembinaan kelembagaan masyarakat",
)
STAFF = (("Eselon II", 1, 1), ("Eselon III", 3, 4), ("Eselon IV", 6, 10), ("Staf", 15, 40))
MONTH_WEIGHTS = (3, 5, 6, 7, 8, 8, 8, 9, 9, 10, 11, 16)  # spending piles up in December


class DemoError(ValueError):
    """Demo data cannot be generated as asked."""


@dataclass
class DemoReport:
    """What ``generate`` did: agencies added or skipped, and rows written per table."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)


def agency_code(index: int) -> str:
    """``demo-001`` for index 1."""
    return f"{CODE_PREFIX}{index:03d}"


def demo_years(years: int) -> list[int]:
    """The fiscal years generated: ``years`` of them, ending in LAST_YEAR."""
    return list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))


def telegram_id(agency_index: int, n: int) -> int:
    """The Telegram id of the ``n``-th demo user of an agency (0 = admin)."""
    return TELEGRAM_ID_BASE + agency_index * 100 + n


def generate(engine: Engine, agencies: int, years: int, seed: int = 1) -> DemoReport:
    """Add ``agencies`` synthetic agencies with ``years`` fiscal years each, in one transaction."""
    if agencies < 1 or years < 1:
        raise DemoError("agencies and years must be at least 1")
    if agencies > 999:
        raise DemoError("at most 999 demo agencies (codes demo-001..demo-999)")
    report = DemoReport()
    with session_scope(engine) as session:
        existing = set(
            session.exec(select(Agency.code).where(col(Agency.code).startswith(CODE_PREFIX)))
        )
        for index in range(1, agencies + 1):
            code = agency_code(index)
            if code in existing:
                report.skipped.append(code)
                continue
            _Agency(session, index, years, random.Random(f"{seed}:{index}"), report).build()
            report.added.append(code)
    return report


# --- one agency ---------------------------------------------------------------------------------


@dataclass
class _Sub:
    """The shape of one sub-activity, kept across the agency's years."""

    key: str
    name: str
    output: str
    unit_word: str
    target: int
    pagu: int
    unit_index: int


@dataclass
class _Program:
    key: str
    name: str
    unit_index: int
    indicator: int | None  # index into the year's indicators
    kegiatan: list[tuple[str, str, list[_Sub]]]


class _Agency:
    """Builds one agency: its structure first, then every year with its ledger."""

    def __init__(
        self, session: Session, index: int, years: int, rng: random.Random, report: DemoReport
    ) -> None:
        self.session = session
        self.index = index
        self.years = demo_years(years)
        self.rng = rng
        self.report = report
        self.units: list[Unit] = []
        self.operators: dict[int, list[tuple[int, str]]] = {}  # unit index -> (telegram id, name)
        self.verifier = (telegram_id(index, 2), "Verifikator")

    # --- helpers --------------------------------------------------------------------------------

    def _add(self, rows: list[Any]) -> None:
        """ORM rows whose ids are needed next: added and flushed in one batch."""
        if not rows:
            return
        self.session.add_all(rows)
        self.session.flush()
        self.report.rows[type(rows[0]).__name__] += len(rows)

    def _insert(self, model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
        """Core bulk insert; with ``returning`` the new ids in the order of ``rows``."""
        if not rows:
            return []
        self.report.rows[model.__name__] += len(rows)
        table = model.__table__
        if not returning:
            self.session.execute(insert(table), rows)
            return []
        result = self.session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [int(r[0]) for r in result]

    # --- structure ------------------------------------------------------------------------------

    def build(self) -> None:
        dinas, short = DINAS[(self.index - 1) % len(DINAS)]
        region = REGIONS[(self.index - 1) // len(DINAS) % len(REGIONS)]
        agency = Agency(
            code=agency_code(self.index),
            name=f"{dinas} {region} (data sintetis)",
            short_name=f"{short} {region.split(' ', 1)[1]} (demo {self.index:03d})",
            region=region,
            legal_basis="Data sintetis untuk uji skala; bukan laporan resmi.",
        )
        self._add([agency])
        self.agency_id = int(agency.id or 0)
        self._units()
        self._people()
        self._renstra()
        shape = self._shape()
        for year in self.years:
            self._year(year, shape, closed=year != self.years[-1])
        self._subscriptions()

    def _units(self) -> None:
        bidang = self.rng.sample(BIDANG, 3)
        specs = [
            ("kepala", UnitKind.KEPALA, "Kepala Dinas"),
            ("sekretariat", UnitKind.SEKRETARIAT, "Sekretariat"),
            *((f"bidang-{i}", UnitKind.BIDANG, name) for i, name in enumerate(bidang, 1)),
            ("fungsional", UnitKind.FUNGSIONAL, "Kelompok Jabatan Fungsional"),
        ]
        self.units = [
            Unit(
                agency_id=self.agency_id,
                code=code,
                kind=kind,
                name=name,
                task=f"{name} melaksanakan sebagian tugas Kepala Dinas.",
                sort_order=order,
            )
            for order, (code, kind, name) in enumerate(specs)
        ]
        self._add(self.units)
        self._insert(
            UnitDuty,
            [
                {"unit_id": unit.id, "number": n, "text": text}
                for unit in self.units
                for n, text in enumerate(self.rng.sample(DUTIES, 3), 1)
            ],
        )

    def _people(self) -> None:
        """Admin, pimpinan and verifikator; one or two operators for each unit with rows."""
        people: list[dict[str, Any]] = [
            {"n": 0, "name": "Admin Demo", "role": Role.ADMIN, "unit_id": None},
            {"n": 1, "name": "Kepala Dinas", "role": Role.PIMPINAN, "unit_id": None},
            {"n": 2, "name": self.verifier[1], "role": Role.VERIFIKATOR, "unit_id": None},
        ]
        n = 3
        for unit_index in (1, 2, 3, 4):  # the Sekretariat and the Bidang own sub-activities
            for k in range(1 + (unit_index + self.index) % 2):
                name = f"Operator {self.units[unit_index].code} {k + 1}"
                people.append({"n": n, "name": name, "role": Role.OPERATOR, "unit_id": unit_index})
                self.operators.setdefault(unit_index, []).append((telegram_id(self.index, n), name))
                n += 1
        created = datetime(self.years[0], 1, 2, 2, 0, tzinfo=UTC)
        self._insert(
            AppUser,
            [
                {
                    "telegram_id": telegram_id(self.index, p["n"]),
                    "agency_id": self.agency_id,
                    "name": p["name"],
                    "username": None,
                    "role": p["role"].value,
                    "unit_id": self.units[p["unit_id"]].id if p["unit_id"] is not None else None,
                    "active": True,
                    "created_at": created,
                }
                for p in people
            ],
        )

    def _renstra(self) -> None:
        start = min(self.years[0], LAST_YEAR - 5)
        plan = StrategicPlan(
            agency_id=self.agency_id,
            start_year=start,
            end_year=LAST_YEAR,
            vision="Terwujudnya masyarakat yang sejahtera, setara dan berdaya saing",
        )
        self._add([plan])
        self._insert(
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
        self._insert(
            Goal,
            [{"plan_id": plan.id, "number": i, "text": t} for i, t in enumerate(OBJECTIVES[:4], 1)],
        )

    def _shape(self) -> list[_Program]:
        """8 programs, ~15 kegiatan, ~29 sub kegiatan, as in the report; the same every year."""
        rng = self.rng
        kegiatan_counts = [5, 1, 2, 1, 1, 1, 3, 1]
        if rng.random() < 0.5:  # a little variety between agencies
            kegiatan_counts[rng.randrange(1, 8)] += 1
        themes = rng.sample(PROGRAM_THEMES, 7)
        linked = set(rng.sample(range(1, 8), 5))  # program rows that report an indicator
        programs: list[_Program] = []
        indicator_no = 0
        for p, n_kegiatan in enumerate(kegiatan_counts, 1):
            if p == 1:
                name, unit_index = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 1
            else:
                name, unit_index = f"Program {themes[p - 2]}", 2 + (p % 3)
            indicator = None
            if p - 1 in linked:
                indicator = indicator_no
                indicator_no += 1
            kegiatan = []
            for k in range(1, n_kegiatan + 1):
                if p == 1:
                    k_name = (
                        "Administrasi Keuangan Perangkat Daerah"
                        if k == 1
                        else f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} Perangkat Daerah"
                    )
                else:
                    k_name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
                n_subs = rng.choice((1, 2, 2)) if p != 1 or k != 2 else 5
                subs = [
                    self._sub(f"P{p}.K{k}.S{s}", unit_index, gaji=p == 1 and k == 1 and s == 1)
                    for s in range(1, n_subs + 1)
                ]
                kegiatan.append((f"P{p}.K{k}", k_name, subs))
            programs.append(_Program(f"P{p}", name, unit_index, indicator, kegiatan))
        return programs

    def _sub(self, key: str, unit_index: int, *, gaji: bool) -> _Sub:
        rng = self.rng
        if gaji:
            return _Sub(
                key,
                "Penyediaan Gaji dan Tunjangan ASN",
                "Gaji dan Tunjangan ASN",
                "org",
                rng.randint(20, 45),
                rng.randint(2_000_000_000, 3_000_000_000),
                unit_index,
            )
        word, low, high = rng.choice(TARGETS)
        obj = rng.choice(OBJECTS)
        name = f"{rng.choice(VERBS)} {obj} {rng.choice(QUALIFIERS)}"
        # pagu between Rp 3,5 juta and Rp 300 juta, log-uniform like the report's rows
        pagu = int(round(10 ** rng.uniform(6.55, 8.48), -3)) + rng.randint(0, 999)
        return _Sub(
            key,
            name,
            f"{rng.choice(OUTPUTS)} {obj.lower()}",
            word,
            rng.randint(low, high),
            pagu,
            unit_index,
        )

    # --- one year -------------------------------------------------------------------------------

    def _year(self, year: int, shape: list[_Program], *, closed: bool) -> None:
        rng = self.rng
        fy = FiscalYear(
            agency_id=self.agency_id,
            year=year,
            title=f"Laporan Kinerja {year} (data sintetis)",
            source=SOURCE,
            closed=closed,
            staff_as_of=f"akhir Tahun {year - 1}",
        )
        self._add([fy])
        fy_id = int(fy.id or 0)
        self._insert(
            StaffCount,
            [
                {
                    "fiscal_year_id": fy_id,
                    "dimension": "jabatan",
                    "label": label,
                    "pns": None,
                    "non_pns": None,
                    "total": rng.randint(lo, hi),
                    "sort_order": i,
                }
                for i, (label, lo, hi) in enumerate(STAFF)
            ],
        )
        if closed:
            self._insert(
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
        indicators = self._indicators(fy_id)
        nodes = self._tree(fy_id, shape, indicators)
        self._measurements(fy_id, shape, nodes, closed)
        self._ledger(year, shape, nodes, indicators, closed)

    def _indicators(self, fy_id: int) -> list[tuple[Indicator, str]]:
        """~19 indicators with Renja targets (and PK targets for some): (row, Renja target)."""
        rng = self.rng
        objectives = [
            Objective(fiscal_year_id=fy_id, document=doc, number=i, name=name)
            for doc, names in (
                (TargetDocument.RENJA, OBJECTIVES),
                (TargetDocument.PERJANJIAN_KINERJA, OBJECTIVES[:5]),
            )
            for i, name in enumerate(names, 1)
        ]
        self._add(objectives)
        renja, pk = objectives[:6], objectives[6:]
        stems = list(INDICATOR_STEMS)
        rng.shuffle(stems)
        rows = [
            Indicator(
                fiscal_year_id=fy_id,
                key=f"ind-{i:02d}",
                name=f"{head} {tail}",
                polarity="lower" if head == "Rasio" else "higher",
                sort_order=i,
            )
            for i, (head, tail, _unit) in enumerate(stems)
        ]
        self._add(rows)
        targets: list[dict[str, Any]] = []
        result = []
        for i, (ind, (head, _tail, unit)) in enumerate(zip(rows, stems, strict=True)):
            text = _indicator_target(rng, head, unit)
            result.append((ind, text))
            docs = [(TargetDocument.RENJA, renja[i % 6], text)]
            if rng.random() < 0.4:
                docs.append((TargetDocument.PERJANJIAN_KINERJA, pk[i % 5], text))
            for doc, objective, target_text in docs:
                target = parse_quantity(target_text)
                targets.append(
                    {
                        "indicator_id": ind.id,
                        "objective_id": objective.id,
                        "document": doc.value,
                        "printed_name": ind.name,
                        "target_text": target_text,
                        "target_value": target.value,
                        "target_unit": target.unit,
                        "note": None,
                        "sort_order": (objective.number or 0) * 100 + i,
                    }
                )
        self._insert(IndicatorTarget, targets)
        return result

    def _tree(
        self, fy_id: int, shape: list[_Program], indicators: list[tuple[Indicator, str]]
    ) -> dict[str, BudgetNode]:
        """The finance table's rows, parents flushed before children; printed pagu summed up."""
        rng = self.rng
        scale = Decimal(str(round(rng.uniform(0.9, 1.1), 3)))  # budgets move a little each year
        pagu = {
            s.key: int(s.pagu * scale) for p in shape for _k, _n, subs in p.kegiatan for s in subs
        }
        k_pagu = {k: sum(pagu[s.key] for s in subs) for p in shape for k, _n, subs in p.kegiatan}
        p_pagu = {p.key: sum(k_pagu[k] for k, _n, _s in p.kegiatan) for p in shape}
        order = iter(range(1, 1000))
        root = BudgetNode(
            fiscal_year_id=fy_id,
            level=NodeLevel.TOTAL,
            key="TOTAL",
            name="Jumlah Keseluruhan",
            pagu=sum(p_pagu.values()),
        )
        self._add([root])
        nodes: dict[str, BudgetNode] = {"TOTAL": root}
        programs = []
        for p_no, program in enumerate(shape, 1):
            ind_text = target_text = None
            ind_id = None
            if program.indicator is not None:
                ind, target_text = indicators[program.indicator]
                ind_id, ind_text = ind.id, ind.name
            programs.append(
                self._node(
                    fy_id,
                    root,
                    NodeLevel.PROGRAM,
                    program.key,
                    f"{p_no}.",
                    program.name,
                    p_pagu[program.key],
                    program.unit_index,
                    next(order),
                    indicator_text=ind_text,
                    indicator_id=ind_id,
                    target_text=target_text,
                    polarity=ind.polarity if ind_id is not None else "higher",
                    sasaran=(str(p_no), OBJECTIVES[(p_no - 1) % len(OBJECTIVES)]),
                )
            )
        self._add(programs)
        nodes.update((n.key, n) for n in programs)
        kegiatan = []
        for program in shape:
            for k_no, (key, name, _subs) in enumerate(program.kegiatan, 1):
                blank = rng.random() < 0.08  # a blank cell: the pagu is the sum of its rows
                kegiatan.append(
                    self._node(
                        fy_id,
                        nodes[program.key],
                        NodeLevel.KEGIATAN,
                        key,
                        str(k_no),
                        name,
                        None if blank else k_pagu[key],
                        program.unit_index,
                        next(order),
                    )
                )
        self._add(kegiatan)
        nodes.update((n.key, n) for n in kegiatan)
        subs = []
        for program in shape:
            for key, _name, k_subs in program.kegiatan:
                for s_no, sub in enumerate(k_subs, 1):
                    subs.append(
                        self._node(
                            fy_id,
                            nodes[key],
                            NodeLevel.SUB_KEGIATAN,
                            sub.key,
                            str(s_no),
                            sub.name,
                            pagu[sub.key],
                            sub.unit_index,
                            next(order),
                            indicator_text=sub.output,
                            target_text=f"{sub.target} {sub.unit_word}",
                        )
                    )
        self._add(subs)
        nodes.update((n.key, n) for n in subs)
        return nodes

    def _node(
        self,
        fy_id: int,
        parent: BudgetNode,
        level: NodeLevel,
        key: str,
        number: str,
        name: str,
        pagu: int | None,
        unit_index: int,
        sort_order: int,
        *,
        indicator_text: str | None = None,
        indicator_id: int | None = None,
        target_text: str | None = None,
        polarity: str = "higher",
        sasaran: tuple[str, str] | None = None,
    ) -> BudgetNode:
        target = parse_quantity(target_text)
        return BudgetNode(
            fiscal_year_id=fy_id,
            parent_id=parent.id,
            level=level,
            key=key,
            number=number,
            name=name,
            sasaran_no=sasaran[0] if sasaran else None,
            sasaran_text=sasaran[1] if sasaran else None,
            indicator_text=indicator_text,
            indicator_id=indicator_id,
            polarity=polarity,
            target_text=target_text,
            target_value=target.value,
            target_unit=target.unit,
            pagu=pagu,
            unit_id=self.units[unit_index].id,
            unit_inferred=False,
            search_text=fold(" ".join(filter(None, [name, indicator_text]))),
            sort_order=sort_order,
        )

    def _measurements(
        self, fy_id: int, shape: list[_Program], nodes: dict[str, BudgetNode], closed: bool
    ) -> None:
        """The measurement table of a closed year: about half of the sub-activities."""
        if not closed:
            return
        rows: list[dict[str, Any]] = []
        for p_no, program in enumerate(shape, 1):
            for k_no, (_key, k_name, subs) in enumerate(program.kegiatan, 1):
                for s_no, sub in enumerate(subs, 1):
                    if self.rng.random() < 0.5:
                        continue
                    realized = max(0, round(sub.target * self.rng.uniform(0.7, 1.05)))
                    target = parse_quantity(f"{sub.target} {sub.unit_word}")
                    done = parse_quantity(f"{realized} {sub.unit_word}")
                    rows.append(
                        {
                            "fiscal_year_id": fy_id,
                            "node_id": nodes[sub.key].id,
                            "program_no": f"{p_no}.",
                            "program_name": program.name,
                            "kegiatan_no": str(k_no),
                            "kegiatan_name": k_name,
                            "sub_no": str(s_no),
                            "sub_name": sub.name,
                            "indicator": sub.output,
                            "target_text": target.text,
                            "target_value": target.value,
                            "target_unit": target.unit,
                            "realized_text": done.text,
                            "realized_value": done.value,
                            "realized_unit": done.unit,
                            "printed_capaian": None,
                            "sort_order": len(rows) + 1,
                        }
                    )
        self._insert(OutputMeasurement, rows)

    # --- the ledger -----------------------------------------------------------------------------

    def _ledger(
        self,
        year: int,
        shape: list[_Program],
        nodes: dict[str, BudgetNode],
        indicators: list[tuple[Indicator, str]],
        closed: bool,
    ) -> None:
        """Monthly entries per sub-activity, then corrections, reviews and a withdrawal."""
        rng = self.rng
        months = list(range(1, 13 if closed else OPEN_MONTHS + 1))
        total_weight = sum(MONTH_WEIGHTS)
        entries: list[dict[str, Any]] = []
        for program in shape:
            for _k, _name, subs in program.kegiatan:
                for sub in subs:
                    node = nodes[sub.key]
                    absorption = rng.uniform(0.72, 0.99)
                    achievement = rng.uniform(0.6, 1.1) if rng.random() < 0.35 else 1.0
                    reports_quantity = rng.random() < 0.85
                    operator = rng.choice(self.operators[sub.unit_index])
                    cumulative = 0
                    for month in months:
                        cumulative += MONTH_WEIGHTS[month - 1]
                        amount = int((node.pagu or 0) * absorption * MONTH_WEIGHTS[month - 1])
                        amount = amount // total_weight // 1000 * 1000 + rng.randint(0, 999)
                        quantity_text = None
                        if reports_quantity:
                            quantity_text = _cumulative(
                                sub, achievement * cumulative / total_weight
                            )
                        if rng.random() < 0.02:  # rejected first, then sent again
                            entries.append(
                                self._entry(
                                    node,
                                    year,
                                    month,
                                    amount * 10,
                                    quantity_text,
                                    operator,
                                    EntryStatus.DITOLAK,
                                    day=3,
                                )
                            )
                        status = EntryStatus.DISETUJUI
                        if not closed and month == months[-1]:
                            status = EntryStatus.DIAJUKAN if rng.random() < 0.7 else status
                        elif not closed and month == months[-2] and rng.random() < 0.2:
                            status = EntryStatus.DIAJUKAN
                        entries.append(
                            self._entry(node, year, month, amount, quantity_text, operator, status)
                        )
        # program rows: the indicator's realization, reported at year end (mid-year if open)
        for program in shape:
            if program.indicator is None:
                continue
            _ind, target_text = indicators[program.indicator]
            value = _indicator_realized(rng, target_text, 1.0 if closed else 0.5)
            entries.append(
                self._entry(
                    nodes[program.key],
                    year,
                    None if closed else 6,
                    None,
                    value,
                    (self.verifier[0], self.verifier[1]),
                    EntryStatus.DISETUJUI,
                )
            )
        ids = self._insert(RealizationEntry, entries, returning=True)
        for entry, entry_id in zip(entries, ids, strict=True):
            entry["id"] = entry_id
        self._followups(entries, closed)

    def _entry(
        self,
        node: BudgetNode,
        year: int,
        month: int | None,
        amount: int | None,
        quantity_text: str | None,
        who: tuple[int, str],
        status: EntryStatus,
        *,
        day: int = 5,
        kind: EntryKind = EntryKind.ENTRY,
        replaces_id: int | None = None,
    ) -> dict[str, Any]:
        quantity = parse_quantity(quantity_text)
        if month is None:
            at = datetime(year + 1, 1, 20, 2, 0, tzinfo=UTC)
        elif month == 12:
            at = datetime(year + 1, 1, day, 2, 0, tzinfo=UTC)
        else:
            at = datetime(year, month + 1, day, 2, 0, tzinfo=UTC)
        return {
            "node_id": node.id,
            "year": year,
            "month": month,
            "quantity": quantity.value,
            "quantity_text": quantity_text,
            "amount": amount,
            "kind": kind.value,
            "replaces_id": replaces_id,
            "status": status.value,
            "source": "telegram",
            "submitted_by": who[0],
            "submitted_by_name": who[1],
            "submitted_at": at,
            "note": None,
            "evidence_file_id": None,
        }

    def _followups(self, entries: list[dict[str, Any]], closed: bool) -> None:
        """Approved corrections of ~4% of the entries, a withdrawal, and every review."""
        rng = self.rng
        later: list[dict[str, Any]] = []
        approved = [e for e in entries if e["status"] == EntryStatus.DISETUJUI.value]
        for entry in approved:
            if entry["amount"] is None or rng.random() >= 0.04:
                continue
            correction = dict(entry)
            correction.pop("id")
            correction.update(
                amount=int(entry["amount"] * rng.uniform(0.9, 1.1)),
                kind=EntryKind.CORRECTION.value,
                replaces_id=entry["id"],
                submitted_at=entry["submitted_at"] + timedelta(days=2),
                note="Koreksi nilai sesuai SP2D",
            )
            later.append(correction)
        if not closed:  # an officer withdrew a pending entry within the undo window
            pending = [e for e in entries if e["status"] == EntryStatus.DIAJUKAN.value]
            if pending:
                entry = rng.choice(pending)
                entry["status"] = EntryStatus.DITARIK.value
                later.append(
                    {
                        **{k: v for k, v in entry.items() if k != "id"},
                        "quantity": None,
                        "quantity_text": None,
                        "amount": None,
                        "kind": EntryKind.WITHDRAWAL.value,
                        "replaces_id": entry["id"],
                        "status": EntryStatus.DISETUJUI.value,
                        "submitted_at": entry["submitted_at"] + timedelta(minutes=5),
                    }
                )
                self.session.execute(
                    RealizationEntry.__table__.update()  # type: ignore[attr-defined]
                    .where(RealizationEntry.__table__.c.id == entry["id"])  # type: ignore[attr-defined]
                    .values(status=EntryStatus.DITARIK.value)
                )
        later_ids = self._insert(RealizationEntry, later, returning=True)
        for entry, entry_id in zip(later, later_ids, strict=True):
            entry["id"] = entry_id
        reviews = []
        for entry in (*entries, *later):
            decided = entry["status"] in (EntryStatus.DISETUJUI.value, EntryStatus.DITOLAK.value)
            if not decided or entry["kind"] == EntryKind.WITHDRAWAL.value:
                continue
            rejected = entry["status"] == EntryStatus.DITOLAK.value
            reviews.append(
                {
                    "entry_id": entry["id"],
                    "decision": entry["status"],
                    "reason": "Nilai tidak sesuai bukti" if rejected else None,
                    "reviewer": self.verifier[0],
                    "reviewed_at": entry["submitted_at"] + timedelta(days=1),
                }
            )
        self._insert(EntryReview, reviews)

    # --- reminders ------------------------------------------------------------------------------

    def _subscriptions(self) -> None:
        """Group chats subscribed to the monthly-realization reminder, when the tables exist."""
        try:
            from lakip_model.reminders import Subscription, seed_default_rules
        except ImportError:  # the reminder module is optional here
            return
        self.report.rows["DeadlineRuleRow"] += seed_default_rules(self.session, self.agency_id)
        since = datetime(LAST_YEAR, 1, 1, tzinfo=UTC)
        rows = []
        for k, unit_index in enumerate((None, 2, 3, 4)):
            unit_id = self.units[unit_index].id if unit_index is not None else None
            rows.append(
                {
                    "chat_id": GROUP_ID_BASE - self.index * 10 - k,
                    "chat_title": f"Grup {self.units[unit_index or 0].name} demo {self.index:03d}",
                    "rule_code": "realisasi-bulanan",
                    "unit_id": unit_id,
                    "unit_key": unit_id or 0,
                    "lead_days": "3,1,0",
                    "at_time": "08:00",
                    "active": True,
                    "since": since,
                    "created_by": telegram_id(self.index, 0),
                    "created_at": since,
                    "updated_by": None,
                }
            )
        self._insert(Subscription, rows)


# --- numbers as officers type them --------------------------------------------------------------


def _cumulative(sub: _Sub, progress: float) -> str | None:
    """The cumulative quantity to date as typed ("12 org", "75 %"); None before the first."""
    value = int(sub.target * progress)
    if value <= 0:
        return None
    return f"{value} {sub.unit_word}"


def _indicator_target(rng: random.Random, head: str, unit: str) -> str:
    if unit == "%":
        return "100 %"
    if head == "Indeks":
        return f"{rng.uniform(68, 92):.2f}".replace(".", ",")
    if head == "Rasio":
        return "0,005"
    if head == "Skor":
        return str(rng.choice((500, 550, 600)))
    return f"{rng.randint(5, 90)} {unit}"


def _indicator_realized(rng: random.Random, target_text: str, progress: float) -> str:
    """A realization near the target (sometimes below it), printed like the target."""
    target = parse_quantity(target_text)
    factor = Decimal(str(round(progress * rng.uniform(0.85, 1.08), 4)))
    value = (target.value or Decimal(0)) * factor
    unit = target_text.split(" ", 1)[1] if " " in target_text else ""
    if "," in target_text:
        text = f"{value:.3f}".replace(".", ",") if value < 1 else f"{value:.2f}".replace(".", ",")
    else:
        text = str(int(value))
    return f"{text} {unit}".strip()
