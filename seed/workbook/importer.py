"""Importing a workbook: a preview of what it would change, then, once confirmed, all of it in
one transaction or nothing.

Three cases, decided by the file's agency code and year against the database:
- a new agency (command line, or a super admin in the chat): agency, units, year, budget
  tree, indicators, measurement table and the realizations, as the seed loader builds a year;
- a new year of an existing agency: the same for the year; units it lacks are added;
- an open year that exists (a DPA arriving for a year opened from a template): pagu and targets
  are updated, new rows added, the "disalin dari" mark removed; recorded entries are never
  touched, and the file's realization rows are not imported.
A closed year is refused. The preview and the commit run the same planning, so the commit
re-checks everything in its own transaction (the database may have moved since the preview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from lakip_model.errors import PermissionDenied
from lakip_model.models import (
    Accumulation,
    Agency,
    AppUser,
    BudgetNode,
    EntryKind,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorMeasure,
    IndicatorPlan,
    IndicatorTarget,
    NodeLevel,
    Objective,
    OutputMeasurement,
    RealizationEntry,
    Role,
    TargetDocument,
    Unit,
    UnitDuty,
    UnitKind,
)
from lakip_model.numbers import format_rupiah, parse_quantity
from lakip_model.text import fold
from lakip_model.users import admin_ids, audit, require, set_user
from seed.workbook import columns as C
from seed.workbook.book import Book, Row
from seed.workbook.checks import TOTAL_KEY, check_book, parent_key
from seed.workbook.reader import Issue, read_workbook

SOURCE = "excel"
COPIED_MARK = "disalin dari"


class Mode(StrEnum):
    NEW_AGENCY = "lembaga baru"
    NEW_YEAR = "tahun baru"
    UPDATE = "perbarui DPA"


@dataclass
class Plan:
    """What an import would do: for the preview, and the commit's own re-check."""

    book: Book
    issues: list[Issue]
    mode: Mode | None = None
    agency_code: str | None = None
    year: int | None = None
    changes: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues and self.mode is not None

    @property
    def counts(self) -> dict[str, int]:
        return self.book.counts()


def plan_import(session: Session, data: bytes, *, actor_id: int | None = None) -> Plan:
    """Read and check ``data``, and work out what importing it would change; writes nothing.

    With ``actor_id`` (the chat), only an admin, and only into the admin's own agency; a super
    admin into any agency, or a new one (which has no admin until the super admin appoints one
    in /instansi; meanwhile its registration requests go to the super admins).
    """
    actor_agency: int | None = None
    if actor_id is not None:
        actor = require(session, actor_id, Role.ADMIN)
        actor_agency = None if actor.super_admin else actor.agency_id
    read = read_workbook(data)
    plan = Plan(read.book, read.issues)
    if plan.issues:
        return plan
    book = plan.book
    info = book.rows(C.AGENCY)[0] if len(book.rows(C.AGENCY)) == 1 else {}
    code = info.get("code")
    agency = session.exec(select(Agency).where(Agency.code == code)).first() if code else None
    if actor_agency is not None and (agency is None or agency.id != actor_agency):
        raise PermissionDenied("import.other_agency", agency=code or "")
    known: set[str] = set()
    known_indicators: set[str] = set()
    year = int(book.meta["year"])
    fy = None
    if agency is not None:
        known = set(session.exec(select(Unit.code).where(Unit.agency_id == agency.id)))
        fy = session.exec(
            select(FiscalYear).where(FiscalYear.agency_id == agency.id, FiscalYear.year == year)
        ).first()
    if fy is not None:  # a DPA may refer to the year's indicators without listing them again
        known_indicators = set(
            session.exec(select(Indicator.key).where(Indicator.fiscal_year_id == fy.id))
        )
    plan.issues.extend(check_book(book, known, known_indicators))
    if plan.issues:
        return plan
    users_changes = _plan_users(session, plan, agency)
    if plan.issues:
        return plan
    plan.agency_code, plan.year = code, year
    if agency is None:
        plan.mode = Mode.NEW_AGENCY
        plan.changes.extend(users_changes)
        return plan
    if fy is None:
        plan.mode = Mode.NEW_YEAR
        new_units = [r["code"] for r in book.rows(C.UNITS) if r["code"] not in known]
        if new_units:
            plan.changes.append(f"unit baru: {', '.join(new_units)}")
        plan.changes.extend(users_changes)
        return plan
    if fy.closed:
        plan.issues.append(
            Issue(
                C.FORMAT_SHEET,
                None,
                "Tahun anggaran",
                f"tahun {year} sudah ditutup; impor tidak mengubahnya",
            )
        )
        return plan
    plan.mode = Mode.UPDATE
    _update(session, plan, fy, agency, actor_id, write=False)
    plan.changes.extend(users_changes)
    return plan


def commit_import(session: Session, data: bytes, *, actor_id: int | None = None) -> Plan:
    """Plan again in this transaction and, without a problem, write it all; the caller's
    transaction (``session_scope``) makes it all or nothing."""
    plan = plan_import(session, data, actor_id=actor_id)
    if not plan.ok:
        return plan
    book = plan.book
    if plan.mode == Mode.NEW_AGENCY:
        info = book.rows(C.AGENCY)[0]
        agency = Agency(
            code=info["code"],
            name=info["name"],
            short_name=info["short_name"],
            region=info["region"],
            legal_basis=info.get("legal_basis"),
        )
        session.add(agency)
        session.flush()
    else:
        agency = session.exec(select(Agency).where(Agency.code == plan.agency_code)).one()
    if plan.mode == Mode.UPDATE:
        fy = session.exec(
            select(FiscalYear).where(
                FiscalYear.agency_id == agency.id, FiscalYear.year == plan.year
            )
        ).one()
        _update(session, plan, fy, agency, actor_id, write=True)
    else:
        units = _add_units(session, book, int(agency.id or 0))
        _new_year(session, book, int(agency.id or 0), units, actor_id)
    _write_users(session, book, agency, actor_id)
    audit(
        session,
        actor_id,
        "impor-excel",
        f"{plan.agency_code} {plan.year}",
        f"{plan.mode}; " + ", ".join(f"{k} {v}" for k, v in plan.counts.items()),
    )
    return plan


# --- the users of the optional sheet Pengguna ----------------------------------------------------


def _plan_users(session: Session, plan: Plan, agency: Agency | None) -> list[str]:
    """The changes the Pengguna rows make, or issues in ``plan``: a user registered in another
    agency is not moved by a file, a super admin stays an admin, the agency keeps an admin."""
    rows = plan.book.rows(C.USERS)
    if not rows:
        return []
    ids = [int(r["telegram_id"]) for r in rows]
    existing = {
        u.telegram_id: u
        for u in session.exec(select(AppUser).where(col(AppUser.telegram_id).in_(ids)))
    }
    changes: list[str] = []
    admins_after = set()
    if agency is not None:
        admins_after = set(admin_ids(session, int(agency.id or 0)))
    for row in rows:
        tid, role, n = int(row["telegram_id"]), Role(row["role"]), row["_row"]
        user = existing.get(tid)
        where = (C.USERS.name, n, "ID Telegram")
        if user is not None and (agency is None or user.agency_id != agency.id):
            plan.issues.append(Issue(*where, f"{tid} terdaftar di instansi lain"))
            continue
        if user is not None and user.super_admin and role != Role.ADMIN:
            plan.issues.append(Issue(*where, f"{tid} super admin; perannya tetap admin"))
            continue
        if role == Role.ADMIN:
            admins_after.add(tid)
        else:
            admins_after.discard(tid)
        if user is None or not user.active:
            changes.append(f"pengguna baru: {row['name']} ({tid}) sebagai {role}")
        elif user.role != role or user.name != row["name"]:
            changes.append(f"pengguna {row['name']} ({tid}): {user.role} → {role}")
    if agency is not None and admin_ids(session, int(agency.id or 0)) and not admins_after:
        plan.issues.append(Issue(C.USERS.name, None, "Peran", "instansi harus tetap punya admin"))
    return changes


def _write_users(session: Session, book: Book, agency: Agency, actor_id: int | None) -> None:
    """The Pengguna rows as users of ``agency``, each checked and audited as /pengguna's."""
    units = {
        u.code: int(u.id or 0)
        for u in session.exec(select(Unit).where(Unit.agency_id == agency.id))
    }
    # admins first: a file that hands the agency to a new admin never leaves it without one
    for row in sorted(book.rows(C.USERS), key=lambda r: r["role"] != "admin"):
        role = Role(row["role"])
        unit_id = units.get(row["unit"]) if row.get("unit") else None
        set_user(
            session,
            actor_id,
            int(row["telegram_id"]),
            role,
            unit_id,
            row["name"],
            agency.code,
        )


# --- writing a new year -------------------------------------------------------------------------


def _add_units(session: Session, book: Book, agency_id: int) -> dict[str, int]:
    units = {
        u.code: int(u.id or 0)
        for u in session.exec(select(Unit).where(Unit.agency_id == agency_id))
    }
    order = len(units)
    for row in book.rows(C.UNITS):
        if row["code"] in units:
            continue
        unit = Unit(
            agency_id=agency_id,
            code=row["code"],
            kind=UnitKind(row["kind"]),
            name=row["name"],
            task=row.get("task"),
            note=row.get("note"),
            sort_order=order,
        )
        order += 1
        session.add(unit)
        session.flush()
        units[unit.code] = int(unit.id or 0)
        duties = [d.strip() for d in (row.get("duties") or "").split("\n") if d.strip()]
        session.add_all(
            UnitDuty(unit_id=units[unit.code], number=i, text=t) for i, t in enumerate(duties, 1)
        )
    return units


def _polarity(row: Row) -> str:
    return C.POLARITY.get(row.get("polarity") or "naik", "higher")


def _target(row: Row, text_key: str = "target_text") -> tuple[Any, str | None]:
    q = parse_quantity(row.get(text_key))
    return q.value, q.unit or row.get("target_unit")


def _new_year(
    session: Session, book: Book, agency_id: int, units: dict[str, int], actor_id: int | None
) -> None:
    meta = book.meta
    fy = FiscalYear(
        agency_id=agency_id,
        year=int(meta["year"]),
        title=meta.get("title") or f"Tahun anggaran {meta['year']}",
        source=meta.get("source") or "impor Excel",
        closed=bool(meta.get("closed")),
    )
    session.add(fy)
    session.flush()
    fy_id = int(fy.id or 0)
    indicators: dict[str, int] = {}
    for order, row in enumerate(book.rows(C.INDICATORS)):
        ind = Indicator(
            fiscal_year_id=fy_id,
            key=row["key"],
            name=row["name"],
            polarity=_polarity(row),
            sort_order=order,
            iku=bool(row.get("iku")),
            measure=IndicatorMeasure(row["measure"]) if row.get("measure") else None,
            measure_unit=row.get("measure_unit"),
            accumulation=Accumulation(row.get("accumulation") or Accumulation.CUMULATIVE),
            unit_id=units.get(row.get("unit") or ""),
        )
        session.add(ind)
        session.flush()
        indicators[ind.key] = int(ind.id or 0)
        _add_plans(session, ind.id, row, actor_id, {})
    objectives: dict[tuple[str, int, str], int] = {}
    for order, row in enumerate(book.rows(C.TARGETS)):
        ident = (row["document"], row["objective_no"], row["objective"])
        if ident not in objectives:
            obj = Objective(
                fiscal_year_id=fy_id,
                document=TargetDocument(row["document"]),
                number=row["objective_no"],
                name=row["objective"],
            )
            session.add(obj)
            session.flush()
            objectives[ident] = int(obj.id or 0)
        value, unit = _target(row)
        session.add(
            IndicatorTarget(
                indicator_id=indicators[row["indicator_key"]],
                objective_id=objectives[ident],
                document=TargetDocument(row["document"]),
                printed_name=row["printed_name"],
                target_text=row.get("target_text"),
                target_value=value,
                target_unit=unit,
                note=row.get("note"),
                sort_order=order,
            )
        )
    rows = {r["key"]: r for r in book.rows(C.BUDGET)}
    if TOTAL_KEY not in rows:
        rows = {
            TOTAL_KEY: {"key": TOTAL_KEY, "level": "total", "name": "Jumlah Keseluruhan"},
            **rows,
        }
    nodes: dict[str, BudgetNode] = {}
    ordered = sorted(rows.values(), key=lambda r: 0 if r["key"] == TOTAL_KEY else 1)
    # parents first: the sheet may list a sub-activity above its kegiatan
    ordered.sort(key=lambda r: -1 if r["key"] == TOTAL_KEY else r["key"].count("."))
    sort_of = {r["key"]: i for i, r in enumerate(rows.values())}
    for row in ordered:
        node = _node(row, fy_id, units, indicators, sort_of[row["key"]])
        if row["key"] != TOTAL_KEY:
            node.parent_id = nodes[parent_key(row["key"])].id
        session.add(node)
        session.flush()
        nodes[row["key"]] = node
    for order, row in enumerate(book.rows(C.MEASUREMENT), 1):
        target, realized = (
            parse_quantity(row.get("target_text")),
            parse_quantity(row.get("realized_text")),
        )
        ref = nodes.get(row.get("node_key") or "")
        session.add(
            OutputMeasurement(
                fiscal_year_id=fy_id,
                node_id=ref.id if ref else None,
                program_no=row.get("program_no"),
                program_name=row["program_name"],
                kegiatan_no=row.get("kegiatan_no"),
                kegiatan_name=row["kegiatan_name"],
                sub_no=row.get("sub_no"),
                sub_name=row["sub_name"],
                indicator=row["indicator"],
                target_text=row.get("target_text"),
                target_value=target.value,
                target_unit=target.unit,
                realized_text=row.get("realized_text"),
                realized_value=realized.value,
                realized_unit=realized.unit,
                printed_capaian=row.get("printed_capaian"),
                sort_order=order,
            )
        )
    # the command line acts as the server's operator, as the seed does: figures are approved;
    # from the chat an admin's file waits for a verifikator, like any entry (four eyes)
    status = EntryStatus.DISETUJUI if actor_id is None else EntryStatus.DIAJUKAN
    for row in book.rows(C.ENTRIES):
        quantity = parse_quantity(row.get("quantity_text"))
        by_node = row["subject"] == "anggaran"
        session.add(
            RealizationEntry(
                node_id=nodes[row["key"]].id if by_node else None,
                indicator_id=None if by_node else indicators[row["key"]],
                year=fy.year,
                month=row.get("month"),
                quarter=row.get("quarter"),
                quantity=quantity.value,
                quantity_text=row.get("quantity_text"),
                amount=row.get("amount"),
                kind=EntryKind.ENTRY,
                status=status,
                source=row.get("source") or SOURCE,
                submitted_by=actor_id,
                submitted_by_name=row.get("source") or "impor Excel",
                note=row.get("note"),
                causes=row.get("causes"),
            )
        )


def _node(
    row: Row, fy_id: int, units: dict[str, int], indicators: dict[str, int], order: int
) -> BudgetNode:
    value, unit = _target(row)
    printed = row.get("printed")
    return BudgetNode(
        fiscal_year_id=fy_id,
        level=NodeLevel(row["level"]),
        key=row["key"],
        number=row.get("number"),
        name=row["name"],
        printed=True if printed is None else bool(printed),
        sasaran_no=row.get("sasaran_no"),
        sasaran_text=row.get("sasaran_text"),
        indicator_text=row.get("indicator_text"),
        indicator_id=indicators.get(row.get("indicator_key") or ""),
        polarity=_polarity(row),
        target_text=row.get("target_text"),
        target_value=value,
        target_unit=unit,
        pagu=row.get("pagu"),
        printed_capaian_k=row.get("printed_capaian_k"),
        printed_capaian_rp=row.get("printed_capaian_rp"),
        unit_id=units.get(row.get("unit") or ""),
        unit_inferred=bool(row.get("unit_inferred")),
        search_text=fold(" ".join(filter(None, [row["name"], row.get("indicator_text")]))),
        note=row.get("note"),
        sort_order=order,
    )


def _add_plans(
    session: Session,
    indicator_id: int | None,
    row: Row,
    actor_id: int | None,
    current: dict[int, str],
) -> list[int]:
    """Rencana aksi rows for the quarters whose target differs from ``current``; append-only."""
    changed = []
    for q in range(1, 5):
        text = row.get(f"tw{q}")
        if text is None or current.get(q) == text:
            continue
        target = parse_quantity(text)
        session.add(
            IndicatorPlan(
                indicator_id=int(indicator_id or 0),
                quarter=q,
                target_text=text,
                target_value=target.value,
                source=SOURCE,
                set_by=actor_id,
            )
        )
        changed.append(q)
    return changed


# --- updating an open year (its DPA) ------------------------------------------------------------


def _rp(value: int | None) -> str:
    return "kosong" if value is None else format_rupiah(value)


def _update(
    session: Session,
    plan: Plan,
    fy: FiscalYear,
    agency: Agency,
    actor_id: int | None,
    *,
    write: bool,
) -> None:
    """Pagu, targets and new rows of an open year from its DPA; with ``write``, do it."""
    book = plan.book
    fy_id = int(fy.id or 0)
    units = {
        u.code: int(u.id or 0)
        for u in session.exec(select(Unit).where(Unit.agency_id == agency.id))
    }
    if write:
        units = _add_units(session, book, int(agency.id or 0))
    existing = {
        n.key: n for n in session.exec(select(BudgetNode).where(BudgetNode.fiscal_year_id == fy_id))
    }
    inds = {
        i.key: i for i in session.exec(select(Indicator).where(Indicator.fiscal_year_id == fy_id))
    }
    ind_ids = {k: int(i.id or 0) for k, i in inds.items()}
    next_order = max((n.sort_order for n in existing.values()), default=0) + 1
    for order, row in enumerate(book.rows(C.INDICATORS), len(inds)):
        if row["key"] in inds:
            continue
        plan.changes.append(f"indikator baru {row['key']}: {row['name']}")
        if write:
            ind = Indicator(
                fiscal_year_id=fy_id,
                key=row["key"],
                name=row["name"],
                polarity=_polarity(row),
                sort_order=order,
                iku=bool(row.get("iku")),
                measure=IndicatorMeasure(row["measure"]) if row.get("measure") else None,
                measure_unit=row.get("measure_unit"),
                accumulation=Accumulation(row.get("accumulation") or Accumulation.CUMULATIVE),
                unit_id=units.get(row.get("unit") or ""),
            )
            session.add(ind)
            session.flush()
            inds[ind.key], ind_ids[ind.key] = ind, int(ind.id or 0)
    plans: dict[tuple[int, int], str] = {}
    for p in session.exec(
        select(IndicatorPlan)
        .where(col(IndicatorPlan.indicator_id).in_(list(ind_ids.values())))
        .order_by(col(IndicatorPlan.id))
    ):
        plans[(p.indicator_id, p.quarter)] = p.target_text
    for row in book.rows(C.INDICATORS):
        ind_id = ind_ids.get(row["key"])
        current = {q: t for (i, q), t in plans.items() if i == ind_id}
        changed = [
            q
            for q in range(1, 5)
            if row.get(f"tw{q}") is not None and current.get(q) != row.get(f"tw{q}")
        ]
        if changed:
            plan.changes.append(
                f"rencana aksi {row['key']}: TW " + ", ".join(str(q) for q in changed)
            )
        if write and ind_id is not None:
            _add_plans(session, ind_id, row, actor_id, current)
    targets = {
        (t.indicator_id, str(t.document)): t
        for t in session.exec(
            select(IndicatorTarget).where(
                col(IndicatorTarget.indicator_id).in_(list(ind_ids.values()))
            )
        )
    }
    for row in book.rows(C.TARGETS):
        t = targets.get((ind_ids.get(row["indicator_key"], -1), row["document"]))
        if t is None:
            plan.ignored.append(
                f"Target Indikator baris {row['_row']}: {row['indicator_key']} belum punya "
                f"target {row['document']} di tahun ini (tambahkan lewat templat tahun baru)"
            )
        elif t.target_text != row.get("target_text"):
            plan.changes.append(
                f"target {row['document']} {row['indicator_key']}: "
                f"{t.target_text or 'kosong'} → {row.get('target_text') or 'kosong'}"
            )
            if write:
                t.target_text = row.get("target_text")
                t.target_value, t.target_unit = _target(row)
                session.add(t)
    file_keys = {r["key"] for r in book.rows(C.BUDGET)}
    nodes = dict(existing)
    for row in sorted(book.rows(C.BUDGET), key=lambda r: r["key"].count(".")):
        key = row["key"]
        node = nodes.get(key)
        if node is None:
            plan.changes.append(f"baris baru {key}: {row['name']} (pagu {_rp(row.get('pagu'))})")
            if write:
                node = _node(row, fy_id, units, ind_ids, next_order)
                next_order += 1
                parent = nodes.get(parent_key(key)) if key != TOTAL_KEY else None
                node.parent_id = parent.id if parent else None
                session.add(node)
                session.flush()
                nodes[key] = node
            continue
        value, unit = _target(row)
        if node.pagu != row.get("pagu"):
            plan.changes.append(f"{key} pagu: {_rp(node.pagu)} → {_rp(row.get('pagu'))}")
        if node.target_text != row.get("target_text"):
            plan.changes.append(
                f"{key} target: {node.target_text or 'kosong'} → "
                f"{row.get('target_text') or 'kosong'}"
            )
        if write:
            if node.pagu != row.get("pagu") or node.target_text != row.get("target_text"):
                audit(
                    session,
                    actor_id,
                    "impor-dpa",
                    f"{fy.year} {key}",
                    f"pagu {node.pagu}->{row.get('pagu')}; target {node.target_text}->"
                    f"{row.get('target_text')}",
                )
            node.pagu = row.get("pagu")
            node.target_text, node.target_value, node.target_unit = (
                row.get("target_text"),
                value,
                unit,
            )
            if node.note and COPIED_MARK in node.note:
                node.note = (
                    row.get("note") if row.get("note") and COPIED_MARK not in row["note"] else None
                )
            session.add(node)
    untouched = [k for k in existing if k not in file_keys]
    if untouched:
        plan.ignored.append(
            f"{len(untouched)} baris tahun {fy.year} tidak ada di berkas dan dibiarkan: "
            + ", ".join(sorted(untouched)[:10])
            + (" …" if len(untouched) > 10 else "")
        )
    if book.rows(C.ENTRIES):
        plan.ignored.append(
            f"{len(book.rows(C.ENTRIES))} baris Data Realisasi tidak diimpor: tahun {fy.year} "
            "sudah ada, realisasinya dicatat lewat /lapor dan tidak diubah"
        )
    if book.rows(C.MEASUREMENT):
        plan.ignored.append(
            f"{len(book.rows(C.MEASUREMENT))} baris Data Pengukuran tidak diimpor "
            "untuk tahun yang sudah ada"
        )
    if write and not untouched and COPIED_MARK in (fy.source or ""):
        fy.source = f"DPA {fy.year} (impor Excel)"
        session.add(fy)
