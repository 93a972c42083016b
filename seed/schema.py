"""The shape of the seed files, validated before anything touches the database.

Each model mirrors one YAML file of ``seed/data/<agency>/``; see ``seed/README.md``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgencyInfo(_Strict):
    code: str
    name: str
    short_name: str
    region: str
    legal_basis: list[str] = []


class UnitSeed(_Strict):
    code: str
    kind: str = Field(pattern="^(kepala|sekretariat|bidang|fungsional)$")
    name: str
    task: str | None = None
    duties: list[str] = []
    note: str | None = None


class AgencyFile(_Strict):
    agency: AgencyInfo
    units: list[UnitSeed]

    @model_validator(mode="after")
    def _unique_units(self) -> AgencyFile:
        codes = [u.code for u in self.units]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"kode unit ganda: {', '.join(dupes)}")
        return self


class Period(_Strict):
    start: int
    end: int


class Numbered(_Strict):
    number: int
    text: str


class MissionSeed(Numbered):
    supported: bool = False


class RenstraFile(_Strict):
    period: Period
    vision: str
    missions: list[MissionSeed]
    support_note: str | None = None
    goals: list[Numbered]


class RankCount(_Strict):
    label: str
    count: NonNegativeInt
    note: str | None = None


class EducationCount(_Strict):
    number: int
    label: str
    pns: NonNegativeInt
    non_pns: NonNegativeInt
    total: NonNegativeInt


class Staff(_Strict):
    as_of: str | None = None
    by_rank: list[RankCount] = []
    by_education: list[EducationCount] = []


class SummaryCounts(_Strict):
    text: str
    sasaran_strategis: int | None = None
    program: int | None = None
    sub_kegiatan: int | None = None


class ReportFile(_Strict):
    year: int
    title: str
    source: str
    staff: Staff | None = None
    factors: list[Numbered] = []
    summary_counts: SummaryCounts | None = None


class IndicatorSeed(_Strict):
    key: str
    name: str
    target: str | None = None
    polarity: str = Field(default="higher", pattern="^(higher|lower)$")
    note: str | None = None
    # how the indicator is measured through the year; when absent, read from the printed target
    # (seed.loader.measure_of) and kumulatif
    measure: str | None = Field(default=None, pattern="^(persen|indeks|rasio|jumlah)$")
    accumulation: str | None = Field(default=None, pattern="^(kumulatif|per_triwulan)$")


class ObjectiveSeed(_Strict):
    number: int
    name: str
    indicators: list[IndicatorSeed]
    note: str | None = None


class ObjectivesFile(_Strict):
    objectives: list[ObjectiveSeed]


class Sasaran(_Strict):
    number: str | None = None
    text: str


class FinanceRow(_Strict):
    key: str
    printed: bool = True
    number: str | None = None
    name: str
    sasaran: Sasaran | None = None
    indicator: str | None = None
    indicator_key: str | None = None
    polarity: str = Field(default="higher", pattern="^(higher|lower)$")
    target_k: str | None = None
    pagu: NonNegativeInt | None = None
    realisasi_k: str | None = None
    realisasi_rp: NonNegativeInt | None = None
    capaian_k: str | None = None
    capaian_rp: str | None = None
    unit: str | None = None
    unit_inferred: bool = False
    note: str | None = None


class SubKegiatanRow(FinanceRow):
    pass


class KegiatanRow(FinanceRow):
    sub_kegiatan: list[SubKegiatanRow] = []


class ProgramRow(FinanceRow):
    kegiatan: list[KegiatanRow] = []


class FinanceTotal(_Strict):
    pagu: NonNegativeInt | None = None
    realisasi_rp: NonNegativeInt | None = None
    capaian_rp: str | None = None


class FinanceFile(_Strict):
    total: FinanceTotal
    programs: list[ProgramRow]


class MeasurementSub(_Strict):
    number: str | None = None
    name: str
    keuangan_key: str | None = None
    indicator: str
    target: str | None = None
    realisasi: str | None = None
    capaian: str | None = None
    note: str | None = None


class MeasurementKegiatan(_Strict):
    number: str | None = None
    name: str
    keuangan_key: str | None = None
    sub_kegiatan: list[MeasurementSub]
    note: str | None = None


class MeasurementProgram(_Strict):
    number: str | None = None
    name: str
    keuangan_key: str | None = None
    kegiatan: list[MeasurementKegiatan]
    note: str | None = None


class MeasurementFile(_Strict):
    programs: list[MeasurementProgram]


class ClosingFile(_Strict):
    conclusions: list[str] = []
    obstacles: list[Numbered] = []
    recommendations: list[Numbered] = []
