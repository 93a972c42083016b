"""Load the transcription of a report into the database, all or nothing.

Every file is read and validated first; only then is one transaction opened. A problem stops the
load with a ``SeedError`` naming the file, the row and the problem, and the database is left as it
was. Loading twice is loading once: an agency, plan or year already present is left untouched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from lakip_model.db import session_scope
from lakip_model.models import (
    Accumulation,
    Agency,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FindingKind,
    FiscalYear,
    Goal,
    Indicator,
    IndicatorMeasure,
    IndicatorTarget,
    Mission,
    NodeLevel,
    Objective,
    OutputMeasurement,
    RealizationEntry,
    StaffCount,
    StrategicPlan,
    TargetDocument,
    Unit,
    UnitDuty,
    UnitKind,
)
from lakip_model.models import Finding as FindingRow
from lakip_model.numbers import NumberParseError, parse_quantity
from lakip_model.text import fold
from seed import schema

DATA_DIR = Path(__file__).resolve().parent / "data"
M = TypeVar("M", bound=BaseModel)


class SeedError(Exception):
    """A seed file cannot be loaded; the message names file, row and problem."""


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class YearSeed:
    directory: Path
    report: schema.ReportFile
    renja: schema.ObjectivesFile
    pk: schema.ObjectivesFile
    finance: schema.FinanceFile
    measurement: schema.MeasurementFile
    closing: schema.ClosingFile
    digest: str


@dataclass
class AgencySeed:
    directory: Path
    agency: schema.AgencyFile
    renstra: list[schema.RenstraFile]
    years: list[YearSeed]


# --- reading and validating ---------------------------------------------------------------------


def _read(path: Path, model: type[M]) -> M:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SeedError(f"{path}: berkas tidak ada") from exc
    except yaml.YAMLError as exc:
        raise SeedError(f"{path}: YAML tidak valid: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(err, raw) for err in exc.errors())
        raise SeedError(f"{path}: {problems}") from exc


def _describe(err: Any, raw: Any) -> str:
    """Name the row by its key or name when the path reaches one, as a reviewer looks for it."""
    loc = err.get("loc", ())
    where = ".".join(str(p) for p in loc)
    node = raw
    label = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            label = node.get("key") or node.get("code") or node.get("name") or label
    row = f" (baris {label})" if label else ""
    return f"{where}{row}: {err.get('msg')}"


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def read_agency(directory: Path) -> AgencySeed:
    agency = _read(directory / "agency.yaml", schema.AgencyFile)
    renstra = [_read(p, schema.RenstraFile) for p in sorted(directory.glob("renstra-*.yaml"))]
    years = [read_year(d) for d in sorted(directory.iterdir()) if d.is_dir() and d.name.isdigit()]
    seed = AgencySeed(directory, agency, renstra, years)
    _check_references(seed)
    return seed


def read_year(directory: Path) -> YearSeed:
    files = (
        "laporan.yaml",
        "renja.yaml",
        "perjanjian-kinerja.yaml",
        "keuangan.yaml",
        "pengukuran.yaml",
        "bab4.yaml",
    )
    report = _read(directory / "laporan.yaml", schema.ReportFile)
    if str(report.year) != directory.name:
        raise SeedError(
            f"{directory / 'laporan.yaml'}: year {report.year} ≠ folder {directory.name}"
        )
    return YearSeed(
        directory=directory,
        report=report,
        renja=_read(directory / "renja.yaml", schema.ObjectivesFile),
        pk=_read(directory / "perjanjian-kinerja.yaml", schema.ObjectivesFile),
        finance=_read(directory / "keuangan.yaml", schema.FinanceFile),
        measurement=_read(directory / "pengukuran.yaml", schema.MeasurementFile),
        closing=_read(directory / "bab4.yaml", schema.ClosingFile),
        digest=_digest(directory / name for name in files),
    )


def _finance_rows(finance: schema.FinanceFile) -> Iterator[tuple[schema.FinanceRow, str | None]]:
    """Every row with its parent's key, parents first."""
    for program in finance.programs:
        yield program, None
        for kegiatan in program.kegiatan:
            yield kegiatan, program.key
            for sub in kegiatan.sub_kegiatan:
                yield sub, kegiatan.key


def _check_references(seed: AgencySeed) -> None:
    """Cross-file rules that a schema cannot express: keys nest, references resolve."""
    units = {u.code for u in seed.agency.units}
    for year in seed.years:
        path = year.directory / "keuangan.yaml"
        seen: set[str] = set()
        for row, parent in _finance_rows(year.finance):
            if row.key in seen:
                raise SeedError(f"{path}: baris {row.key}: kunci ganda")
            seen.add(row.key)
            if parent is not None and not row.key.startswith(parent + "."):
                raise SeedError(f"{path}: baris {row.key}: induk {parent} tidak cocok dengan kunci")
            if row.unit is not None and row.unit not in units:
                raise SeedError(
                    f"{path}: baris {row.key}: unit '{row.unit}' tidak ada di agency.yaml"
                )
            for label, text in (("target_k", row.target_k), ("realisasi_k", row.realisasi_k)):
                try:
                    parse_quantity(text)
                except NumberParseError as exc:
                    raise SeedError(f"{path}: baris {row.key}: {label}: {exc}") from exc
        mpath = year.directory / "pengukuran.yaml"
        for program in year.measurement.programs:
            for kegiatan in program.kegiatan:
                for sub in kegiatan.sub_kegiatan:
                    for ref in (program.keuangan_key, kegiatan.keuangan_key, sub.keuangan_key):
                        if ref is not None and ref not in seen:
                            raise SeedError(
                                f"{mpath}: baris '{sub.name[:40]}': keuangan_key {ref} tidak ada "
                                "di keuangan.yaml"
                            )
        for doc_name, doc in (("renja.yaml", year.renja), ("perjanjian-kinerja.yaml", year.pk)):
            keys: dict[str, str] = {}
            for objective in doc.objectives:
                for ind in objective.indicators:
                    if ind.key in keys:
                        raise SeedError(
                            f"{year.directory / doc_name}: indikator '{ind.key}' muncul dua kali"
                        )
                    keys[ind.key] = ind.name


# --- writing ------------------------------------------------------------------------------------


def load_all(engine: Engine, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load every agency folder under ``data_dir`` in one transaction."""
    seeds = [read_agency(d) for d in sorted(data_dir.iterdir()) if (d / "agency.yaml").exists()]
    if not seeds:
        raise SeedError(f"{data_dir}: tidak ada folder lembaga dengan agency.yaml")
    report = LoadReport()
    with session_scope(engine) as session:
        for seed in seeds:
            _load_agency(session, seed, report)
    return report


def _load_agency(session: Session, seed: AgencySeed, report: LoadReport) -> None:
    info = seed.agency.agency
    agency = session.exec(select(Agency).where(Agency.code == info.code)).first()
    if agency is None:
        agency = Agency(
            code=info.code,
            name=info.name,
            short_name=info.short_name,
            region=info.region,
            legal_basis="\n".join(info.legal_basis) or None,
        )
        session.add(agency)
        session.flush()
        for order, unit_seed in enumerate(seed.agency.units):
            unit = Unit(
                agency_id=_id(agency),
                code=unit_seed.code,
                kind=UnitKind(unit_seed.kind),
                name=unit_seed.name,
                task=unit_seed.task,
                note=unit_seed.note,
                sort_order=order,
            )
            session.add(unit)
            session.flush()
            session.add_all(
                UnitDuty(unit_id=_id(unit), number=i, text=t)
                for i, t in enumerate(unit_seed.duties, 1)
            )
        report.loaded.append(f"lembaga {info.code}")
    else:
        report.skipped.append(f"lembaga {info.code} (sudah ada)")
    units = {u.code: u for u in session.exec(select(Unit).where(Unit.agency_id == agency.id))}

    for plan_seed in seed.renstra:
        exists = session.exec(
            select(StrategicPlan).where(
                StrategicPlan.agency_id == agency.id,
                StrategicPlan.start_year == plan_seed.period.start,
            )
        ).first()
        if exists:
            report.skipped.append(f"renstra {plan_seed.period.start}-{plan_seed.period.end}")
            continue
        plan = StrategicPlan(
            agency_id=_id(agency),
            start_year=plan_seed.period.start,
            end_year=plan_seed.period.end,
            vision=plan_seed.vision,
            support_note=plan_seed.support_note,
        )
        session.add(plan)
        session.flush()
        session.add_all(
            Mission(plan_id=_id(plan), number=m.number, text=m.text, supported=m.supported)
            for m in plan_seed.missions
        )
        session.add_all(
            Goal(plan_id=_id(plan), number=g.number, text=g.text) for g in plan_seed.goals
        )
        report.loaded.append(f"renstra {plan_seed.period.start}-{plan_seed.period.end}")

    for year_seed in seed.years:
        year = year_seed.report.year
        existing = session.exec(
            select(FiscalYear).where(FiscalYear.agency_id == agency.id, FiscalYear.year == year)
        ).first()
        if existing is not None:
            report.skipped.append(f"tahun {year} (sudah ada)")
            if existing.seed_digest and existing.seed_digest != year_seed.digest:
                report.warnings.append(
                    f"tahun {year}: berkas seed berubah sejak dimuat; data di basis data tidak "
                    "diubah (buat migrasi data bila perlu)"
                )
            continue
        _load_year(session, _id(agency), units, year_seed)
        report.loaded.append(f"tahun {year}")


def _id(row: Any) -> int:
    assert row.id is not None, "flush() before using the id"
    return int(row.id)


def _load_year(session: Session, agency_id: int, units: dict[str, Unit], seed: YearSeed) -> None:
    rep = seed.report
    source = Path(rep.source).stem
    fy = FiscalYear(
        agency_id=agency_id,
        year=rep.year,
        title=rep.title,
        source=rep.source,
        closed=True,  # a year transcribed from its final report is history
        seed_digest=seed.digest,
        staff_as_of=rep.staff.as_of if rep.staff else None,
        summary_text=rep.summary_counts.text if rep.summary_counts else None,
    )
    session.add(fy)
    session.flush()
    fy_id = _id(fy)
    if rep.staff:
        for i, rank in enumerate(rep.staff.by_rank):
            session.add(
                StaffCount(
                    fiscal_year_id=fy_id,
                    dimension="jabatan",
                    label=rank.label,
                    total=rank.count,
                    sort_order=i,
                )
            )
        for i, edu in enumerate(rep.staff.by_education):
            session.add(
                StaffCount(
                    fiscal_year_id=fy_id,
                    dimension="pendidikan",
                    label=edu.label,
                    pns=edu.pns,
                    non_pns=edu.non_pns,
                    total=edu.total,
                    sort_order=i,
                )
            )
    findings = [
        *((FindingKind.PENYEBAB, f.number, f.text) for f in rep.factors),
        *((FindingKind.KESIMPULAN, i, t) for i, t in enumerate(seed.closing.conclusions, 1)),
        *((FindingKind.HAMBATAN, f.number, f.text) for f in seed.closing.obstacles),
        *((FindingKind.SARAN, f.number, f.text) for f in seed.closing.recommendations),
    ]
    session.add_all(
        FindingRow(fiscal_year_id=fy_id, kind=k, number=n, text=t) for k, n, t in findings
    )

    indicators: dict[str, Indicator] = {}

    def indicator(key: str, name: str, polarity: str, target: str | None = None) -> Indicator:
        if key not in indicators:
            measure, unit = measure_of(name, target)
            ind = Indicator(
                fiscal_year_id=fy_id,
                key=key,
                name=name,
                polarity=polarity,
                sort_order=len(indicators),
                measure=measure,
                measure_unit=unit,
            )
            session.add(ind)
            session.flush()
            indicators[key] = ind
        return indicators[key]

    for document, doc in (
        (TargetDocument.RENJA, seed.renja),
        (TargetDocument.PERJANJIAN_KINERJA, seed.pk),
    ):
        for order, obj_seed in enumerate(doc.objectives):
            objective = Objective(
                fiscal_year_id=fy_id, document=document, number=obj_seed.number, name=obj_seed.name
            )
            session.add(objective)
            session.flush()
            for i, ind_seed in enumerate(obj_seed.indicators):
                ind = indicator(ind_seed.key, ind_seed.name, ind_seed.polarity, ind_seed.target)
                # the Perjanjian Kinerja's indicators are the IKU (Bab II B: "beserta Indikator
                # Kinerja Utama dan target")
                ind.iku = ind.iku or document == TargetDocument.PERJANJIAN_KINERJA
                if ind_seed.measure:
                    ind.measure = IndicatorMeasure(ind_seed.measure)
                if ind_seed.accumulation:
                    ind.accumulation = Accumulation(ind_seed.accumulation)
                session.add(ind)
                target = parse_quantity(ind_seed.target)
                session.add(
                    IndicatorTarget(
                        indicator_id=_id(ind),
                        objective_id=_id(objective),
                        document=document,
                        printed_name=ind_seed.name,
                        target_text=ind_seed.target,
                        target_value=target.value,
                        target_unit=target.unit,
                        note=ind_seed.note,
                        sort_order=order * 100 + i,
                    )
                )

    root = BudgetNode(
        fiscal_year_id=fy_id,
        level=NodeLevel.TOTAL,
        key="TOTAL",
        name="Jumlah Keseluruhan",
        pagu=seed.finance.total.pagu,
        printed_capaian_rp=seed.finance.total.capaian_rp,
    )
    session.add(root)
    session.flush()
    _report_entry(session, root, rep.year, source, None, seed.finance.total.realisasi_rp)

    nodes: dict[str, BudgetNode] = {}
    levels = {0: NodeLevel.PROGRAM, 1: NodeLevel.KEGIATAN, 2: NodeLevel.SUB_KEGIATAN}
    for order, (row, parent_key) in enumerate(_finance_rows(seed.finance), 1):
        depth = row.key.count(".")
        parent = root if parent_key is None else nodes[parent_key]
        unit_code = row.unit
        inferred = row.unit_inferred
        unit_id: int | None
        if unit_code is None and parent.unit_id is not None:
            unit_id, inferred = parent.unit_id, parent.unit_inferred
        else:
            unit_id = units[unit_code].id if unit_code else None
        target = parse_quantity(row.target_k)
        ind_id = None
        reported: Indicator | None = None
        if row.indicator_key:
            name = row.indicator or row.indicator_key
            reported = indicator(row.indicator_key, name, row.polarity, row.target_k)
            ind_id = _id(reported)
            if reported.unit_id is None and unit_id is not None:
                reported.unit_id = unit_id  # the unit of the program row that reports it
                session.add(reported)
        node = BudgetNode(
            fiscal_year_id=fy_id,
            parent_id=_id(parent),
            level=levels[depth],
            key=row.key,
            number=row.number,
            name=row.name,
            printed=row.printed,
            sasaran_no=row.sasaran.number if row.sasaran else None,
            sasaran_text=row.sasaran.text if row.sasaran else None,
            indicator_text=row.indicator,
            indicator_id=ind_id,
            polarity=row.polarity,
            target_text=row.target_k,
            target_value=target.value,
            target_unit=target.unit,
            pagu=row.pagu,
            printed_capaian_k=row.capaian_k,
            printed_capaian_rp=row.capaian_rp,
            unit_id=unit_id,
            unit_inferred=inferred,
            search_text=fold(" ".join(filter(None, [row.name, row.indicator]))),
            note=row.note,
            sort_order=order,
        )
        session.add(node)
        session.flush()
        nodes[row.key] = node
        _report_entry(session, node, rep.year, source, row.realisasi_k, row.realisasi_rp)
        if reported is not None and row.realisasi_k is not None:
            _indicator_entry(session, reported, rep.year, source, row.realisasi_k)

    order = 0
    for program in seed.measurement.programs:
        for kegiatan in program.kegiatan:
            for sub in kegiatan.sub_kegiatan:
                order += 1
                target = parse_quantity(sub.target)
                realized = parse_quantity(sub.realisasi)
                node_ref = nodes.get(sub.keuangan_key) if sub.keuangan_key else None
                session.add(
                    OutputMeasurement(
                        fiscal_year_id=fy_id,
                        node_id=node_ref.id if node_ref else None,
                        program_no=program.number,
                        program_name=program.name,
                        kegiatan_no=kegiatan.number,
                        kegiatan_name=kegiatan.name,
                        sub_no=sub.number,
                        sub_name=sub.name,
                        indicator=sub.indicator,
                        target_text=sub.target,
                        target_value=target.value,
                        target_unit=target.unit,
                        realized_text=sub.realisasi,
                        realized_value=realized.value,
                        realized_unit=realized.unit,
                        printed_capaian=sub.capaian,
                        sort_order=order,
                    )
                )


def _report_entry(
    session: Session,
    node: BudgetNode,
    year: int,
    source: str,
    quantity_text: str | None,
    amount: int | None,
) -> None:
    """The report's year-end realization of a row, as an approved ledger entry."""
    if quantity_text is None and amount is None:
        return
    quantity = parse_quantity(quantity_text)
    session.add(
        RealizationEntry(
            node_id=_id(node),
            year=year,
            month=None,
            quantity=quantity.value,
            quantity_text=quantity_text,
            amount=amount,
            kind=EntryKind.ENTRY,
            status=EntryStatus.DISETUJUI,
            source=source,
            submitted_by_name=source,
        )
    )


def _indicator_entry(
    session: Session, ind: Indicator, year: int, source: str, quantity_text: str
) -> None:
    """The report's year figure of an indicator (printed on the program row that reports it),
    as an approved whole-year entry: quarter NULL, since the report gives no quarters."""
    quantity = parse_quantity(quantity_text)
    session.add(
        RealizationEntry(
            indicator_id=_id(ind),
            year=year,
            quarter=None,
            quantity=quantity.value,
            quantity_text=quantity_text,
            kind=EntryKind.ENTRY,
            status=EntryStatus.DISETUJUI,
            source=source,
            submitted_by_name=source,
        )
    )


def measure_of(name: str, target: str | None) -> tuple[IndicatorMeasure | None, str | None]:
    """How an indicator is measured, read from its printed target: "100 %" a percentage, "85
    sekolah" a count of sekolah, a bare number an index (a ratio when the name says "Rasio").
    A target that cannot be read says nothing (None)."""
    try:
        printed = parse_quantity(target)
    except NumberParseError:
        return None, None
    if printed.value is None:
        return None, None
    if printed.unit == "%":
        return IndicatorMeasure.PERCENT, "%"
    if printed.unit:
        return IndicatorMeasure.COUNT, printed.unit
    if "rasio" in name.lower():
        return IndicatorMeasure.RATIO, None
    return IndicatorMeasure.INDEX, None
