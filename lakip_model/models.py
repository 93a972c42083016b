"""SQLModel tables for the performance reports of many agencies over many years.

Conventions, because the figures are official:
- money is integer Rupiah (``BigInteger``), quantities and ratios are ``Decimal`` (``Numeric``);
- every cell the report printed is kept as printed (``*_text``) next to its parsed value, and
  ``None`` means the report left the cell blank – derived figures are computed by queries, never
  written back over what was printed;
- realizations are an append-only ledger (``RealizationEntry``): a correction or a withdrawal is a
  new row that points at the row it supersedes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Numeric, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

QTY = Numeric(20, 6)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UnitKind(StrEnum):
    KEPALA = "kepala"
    SEKRETARIAT = "sekretariat"
    BIDANG = "bidang"
    FUNGSIONAL = "fungsional"


class NodeLevel(StrEnum):
    """Levels of the budget tree; ``total`` is the "Jumlah Keseluruhan" row of a year."""

    TOTAL = "total"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"


class TargetDocument(StrEnum):
    RENJA = "renja"
    PERJANJIAN_KINERJA = "pk"


class IndicatorMeasure(StrEnum):
    """The type of figure an indicator is measured in (how it is read, typed and shown)."""

    PERCENT = "persen"
    INDEX = "indeks"
    RATIO = "rasio"
    COUNT = "jumlah"


class Accumulation(StrEnum):
    """How an indicator's quarterly figures make up its year (and so its year to date).

    - CUMULATIVE: each quarter's figure is the position at the end of that quarter (a percentage,
      an index, a ratio, or a count to date); the year to date is the latest quarter's figure.
    - PER_QUARTER: each quarter's figure counts that quarter alone (cases handled in TW II); the
      year to date is the sum of the quarters so far.
    """

    CUMULATIVE = "kumulatif"
    PER_QUARTER = "per_triwulan"


class EntryStatus(StrEnum):
    DIAJUKAN = "diajukan"  # submitted, waiting for a verifikator
    DISETUJUI = "disetujui"  # approved: counts in the official figures
    DITOLAK = "ditolak"  # rejected by a verifikator
    DITARIK = "ditarik"  # withdrawn by its submitter


class EntryKind(StrEnum):
    ENTRY = "entry"
    CORRECTION = "correction"  # replaces an earlier entry of the same node and period
    WITHDRAWAL = "withdrawal"  # cancels an earlier entry


class FindingKind(StrEnum):
    KESIMPULAN = "kesimpulan"
    HAMBATAN = "hambatan"
    SARAN = "saran"
    PENYEBAB = "penyebab"  # the causes listed in Bab III B.1


# --- the agency ------------------------------------------------------------------------------


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    short_name: str
    region: str
    legal_basis: str | None = None


class Unit(SQLModel, table=True):
    """Sekretariat, a Bidang, ...: the owner of sub-activities and of operators."""

    __table_args__ = (UniqueConstraint("agency_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    code: str
    kind: UnitKind = Field(sa_type=AutoString)
    name: str
    task: str | None = None
    note: str | None = None
    sort_order: int = 0


class UnitDuty(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    number: int
    text: str


class StrategicPlan(SQLModel, table=True):
    """Renstra period with the mayor's vision the agency works under."""

    __table_args__ = (UniqueConstraint("agency_id", "start_year"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    start_year: int
    end_year: int
    vision: str
    support_note: str | None = None


class Mission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="strategicplan.id", index=True)
    number: int
    text: str
    supported: bool = False


class Goal(SQLModel, table=True):
    """Tujuan strategis."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="strategicplan.id", index=True)
    number: int
    text: str


class FiscalYear(SQLModel, table=True):
    """One agency's year: the unit that reports, figures and closing hang from."""

    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    year: int = Field(index=True)
    title: str | None = None
    source: str | None = None  # e.g. "laporan-kinerja-2022.txt"
    seed_digest: str | None = None  # hash of the seed files this year was loaded from
    closed: bool = False  # a closed year accepts no new entries
    staff_as_of: str | None = None
    summary_text: str | None = None


class StaffCount(SQLModel, table=True):
    """Staff composition as printed (by rank, or by education with PNS / non-PNS columns)."""

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    dimension: str  # "jabatan" | "pendidikan"
    label: str
    pns: int | None = None
    non_pns: int | None = None
    total: int
    sort_order: int = 0


class Finding(SQLModel, table=True):
    """Conclusions, obstacles, recommendations and causes written in the report."""

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    kind: FindingKind = Field(sa_type=AutoString)
    number: int
    text: str


# --- objectives and indicators ----------------------------------------------------------------


class Objective(SQLModel, table=True):
    """A sasaran (strategis) as one document of the year printed it."""

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    document: TargetDocument = Field(sa_type=AutoString)
    number: int
    name: str


class Indicator(SQLModel, table=True):
    """A performance indicator, possibly printed in several tables under different targets."""

    __table_args__ = (UniqueConstraint("fiscal_year_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    key: str
    name: str
    polarity: str = "higher"  # lakip_model.arithmetic.Polarity value
    sort_order: int = 0
    iku: bool = False  # an Indikator Kinerja Utama of the Perjanjian Kinerja
    measure: IndicatorMeasure | None = Field(default=None, sa_type=AutoString)
    measure_unit: str | None = None  # satuan as printed: "%", "indeks", "kasus", "lembaga"
    accumulation: Accumulation = Field(default=Accumulation.CUMULATIVE, sa_type=AutoString)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)  # who reports it


class IndicatorTarget(SQLModel, table=True):
    """One printed row of the Renja or Perjanjian Kinerja table."""

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    document: TargetDocument = Field(sa_type=AutoString)
    printed_name: str
    target_text: str | None = None
    target_value: Decimal | None = Field(default=None, sa_column=Column(QTY))
    target_unit: str | None = None
    note: str | None = None
    sort_order: int = 0


class IndicatorPlan(SQLModel, table=True):
    """Rencana aksi: one triwulan's target of an indicator.

    Append-only like the ledger: changing a target adds a row, and the latest row (highest id)
    of an (indicator, quarter) governs; earlier rows stay as the history of the plan. A range
    target ("70–80") keeps its bounds in ``target_value`` and ``target_max``.
    """

    __table_args__ = (
        Index("ix_indicatorplan_indicator_id_quarter", "indicator_id", "quarter"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_indicatorplan_quarter"),
    )
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    quarter: int
    target_text: str
    target_value: Decimal | None = Field(default=None, sa_column=Column(QTY))
    target_max: Decimal | None = Field(default=None, sa_column=Column(QTY))
    source: str  # "telegram", "excel", "seed"
    set_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    set_at: datetime = Field(default_factory=utcnow)
    note: str | None = None


class AchievementBand(SQLModel, table=True):
    """One band of an agency's scale of achievement categories.

    An agency without rows uses Permendagri 86/2017 (``lakip_model.arithmetic``); regions that
    use another scale store theirs here. ``lower_bound`` is inclusive; the band with the
    highest bound not above a percentage is its category.
    """

    __table_args__ = (UniqueConstraint("agency_id", "lower_bound"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    lower_bound: Decimal = Field(sa_column=Column(QTY, nullable=False))
    label: str


# --- the budget tree ----------------------------------------------------------------------------


class BudgetNode(SQLModel, table=True):
    """A row of the finance table: total, program, kegiatan or sub kegiatan.

    ``pagu`` is what the report printed on this row (None when blank); the figures shown to users
    come from ``lakip_model.queries``, which derive blanks from children and realizations from the
    ledger.
    """

    __table_args__ = (UniqueConstraint("fiscal_year_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="budgetnode.id", index=True)
    level: NodeLevel = Field(sa_type=AutoString)
    key: str  # "P1", "P1.K2", "P1.K2.S3"; "TOTAL" for the year's root
    number: str | None = None  # as printed in the row's number cell
    name: str
    printed: bool = True  # False when the row is missing from the report's table
    sasaran_no: str | None = None
    sasaran_text: str | None = None
    indicator_text: str | None = None
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id")
    polarity: str = "higher"
    target_text: str | None = None
    target_value: Decimal | None = Field(default=None, sa_column=Column(QTY))
    target_unit: str | None = None
    pagu: int | None = Field(default=None, sa_column=Column(BigInteger))
    printed_capaian_k: str | None = None
    printed_capaian_rp: str | None = None
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    unit_inferred: bool = False
    search_text: str = ""  # accent- and case-folded name + indicator, for /cari
    note: str | None = None
    sort_order: int = 0


class OutputMeasurement(SQLModel, table=True):
    """A sub-activity row of the measurement table ("Pengukuran capaian kinerja", Bab III A)."""

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year_id: int = Field(foreign_key="fiscalyear.id", index=True)
    node_id: int | None = Field(default=None, foreign_key="budgetnode.id", index=True)
    program_no: str | None = None
    program_name: str
    kegiatan_no: str | None = None
    kegiatan_name: str
    sub_no: str | None = None
    sub_name: str
    indicator: str
    target_text: str | None = None
    target_value: Decimal | None = Field(default=None, sa_column=Column(QTY))
    target_unit: str | None = None
    realized_text: str | None = None
    realized_value: Decimal | None = Field(default=None, sa_column=Column(QTY))
    realized_unit: str | None = None
    printed_capaian: str | None = None
    sort_order: int = 0


# --- the ledger ---------------------------------------------------------------------------------


class RealizationEntry(SQLModel, table=True):
    """One realization report: append-only, never updated in its figures.

    An entry reports either a sub-activity of the budget tree (``node_id``: output and Rupiah,
    per ``month``) or a performance indicator (``indicator_id``: its figure per ``quarter``);
    exactly one of the two is set. ``month`` / ``quarter`` None is a whole-year figure (the
    report's year-end realizations).
    """

    # a year's entries by status, and "which entries replace this one" (docs/performance.md)
    __table_args__ = (
        Index("ix_realizationentry_node_id_status", "node_id", "status"),
        Index("ix_realizationentry_indicator_id_status", "indicator_id", "status"),
        Index("ix_realizationentry_status_replaces_id", "status", "replaces_id"),
        CheckConstraint(
            "(node_id IS NULL) <> (indicator_id IS NULL)", name="ck_realizationentry_subject"
        ),
        CheckConstraint(
            "quarter IS NULL OR quarter BETWEEN 1 AND 4", name="ck_realizationentry_quarter"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    node_id: int | None = Field(default=None, foreign_key="budgetnode.id", index=True)
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id")
    year: int
    month: int | None = None
    quarter: int | None = None
    quantity: Decimal | None = Field(default=None, sa_column=Column(QTY))
    quantity_text: str | None = None
    amount: int | None = Field(default=None, sa_column=Column(BigInteger))
    kind: EntryKind = Field(default=EntryKind.ENTRY, sa_type=AutoString)
    replaces_id: int | None = Field(default=None, foreign_key="realizationentry.id")
    status: EntryStatus = Field(default=EntryStatus.DIAJUKAN, sa_type=AutoString, index=True)
    source: str  # "laporan-kinerja-2022" for the report, "telegram" for officers
    submitted_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    submitted_by_name: str | None = None
    submitted_at: datetime = Field(default_factory=utcnow)
    note: str | None = None
    causes: str | None = None  # faktor penghambat / pendorong of an indicator's figure
    evidence_file_id: str | None = None
    # the /lapor draft it was saved from: a second save of that draft returns this entry
    draft_key: str | None = Field(default=None, index=True, unique=True)


# --- people and permissions ---------------------------------------------------------------------


class Role(StrEnum):
    ADMIN = "admin"  # manages users; everything else too
    PIMPINAN = "pimpinan"  # the Kepala Dinas: reads everything
    VERIFIKATOR = "verifikator"  # Sekretariat: approves or rejects entries
    OPERATOR = "operator"  # records realizations for the sub-activities of their unit
    # City roles (issue 18): they read every agency of the deployment and never write entries.
    BAPPEDA = "bappeda"  # the city's planning agency
    INSPEKTORAT = "inspektorat"  # the city's internal audit
    WALIKOTA = "walikota"  # the Wali Kota and their office


CITY_ROLES: tuple[Role, ...] = (Role.BAPPEDA, Role.INSPEKTORAT, Role.WALIKOTA)


class AppUser(SQLModel, table=True):
    """A registered Telegram user. Removing a user deactivates it: entries keep their author."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, index=True, nullable=False))
    agency_id: int = Field(foreign_key="agency.id", index=True)
    name: str
    username: str | None = None
    role: Role = Field(sa_type=AutoString)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    active: bool = True
    # One of LAKIP_ADMIN_IDS (set at every start): manages agencies and their admins, and reads
    # every agency; an admin of their own agency too.
    super_admin: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class RegistrationRequest(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    agency_id: int = Field(foreign_key="agency.id")
    name: str
    username: str | None = None
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(default="menunggu", sa_type=AutoString)  # menunggu|disetujui|ditolak
    requested_at: datetime = Field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    decided_at: datetime | None = None


class EntryReview(SQLModel, table=True):
    """A verifikator's decision on an entry; the entry's status mirrors the latest review."""

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="realizationentry.id", index=True)
    decision: EntryStatus = Field(sa_type=AutoString)
    reason: str | None = None
    reviewer: int = Field(sa_column=Column(BigInteger, nullable=False))
    reviewed_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Who did what: every write by a user, kept forever."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: int | None = Field(default=None, sa_column=Column(BigInteger))
    action: str
    subject: str | None = None
    detail: str | None = None
