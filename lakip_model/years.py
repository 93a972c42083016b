"""Opening a new fiscal year, so officers have rows to report against.

The report only gives 2022 (a closed year). A new year's rows and budgets come from its DPA;
until an admin enters those, the structure is copied from a template year with the budgets
carried over and marked as such, so nothing pretends to be official.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from lakip_model.errors import Conflict, InvalidInput, PermissionDenied
from lakip_model.models import (
    Agency,
    BudgetNode,
    FiscalYear,
    Indicator,
    IndicatorTarget,
    NodeLevel,
    Objective,
    Role,
)
from lakip_model.queries import default_agency_code, resolve_year
from lakip_model.users import audit, require

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a year outside is a typing mistake, not a fiscal year


def _scope(session: Session, actor_id: int | None, agency_code: str | None) -> str | None:
    """The agency a change of years is for: the acting admin's (checked here, in the write's
    transaction), or ``agency_code`` for the command line, which acts as nobody."""
    if actor_id is None:
        return agency_code
    actor = require(session, actor_id, Role.ADMIN)
    agency = session.get(Agency, actor.agency_id)
    code = agency.code if agency is not None else None
    if agency_code and agency_code != code:
        raise PermissionDenied("year.other_agency")
    return code


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput("year.out_of_range", year=year, first=FIRST_YEAR, last=LAST_YEAR)


def agency_years(
    session: Session, agency_code: str | None = None, *, actor_id: int | None = None
) -> list[FiscalYear]:
    """The agency's years, newest first (the first is the default template of a new year)."""
    code = _scope(session, actor_id, agency_code) or default_agency_code(session)
    return list(
        session.exec(
            select(FiscalYear)
            .join(Agency, col(Agency.id) == FiscalYear.agency_id)
            .where(Agency.code == code)
            .order_by(col(FiscalYear.year).desc())
        )
    )


@dataclass(frozen=True)
class OpenPlan:
    """What opening a year would do, for the admin to confirm before it is done."""

    year: int
    template: int
    sub_activities: int  # rows copied, with their pagu and targets marked as carried over


def plan_open(
    session: Session,
    year: int,
    template_year: int | None = None,
    agency_code: str | None = None,
    *,
    actor_id: int | None = None,
) -> OpenPlan:
    """The checks of :func:`open_year` without its writes: the same refusals, before asking."""
    template = _template(session, year, template_year, agency_code, actor_id)
    rows = session.exec(
        select(func.count())
        .select_from(BudgetNode)
        .where(
            BudgetNode.fiscal_year_id == template.id,
            BudgetNode.level == NodeLevel.SUB_KEGIATAN,
        )
    ).one()
    return OpenPlan(year, template.year, int(rows))


def _template(
    session: Session,
    year: int,
    template_year: int | None,
    agency_code: str | None,
    actor_id: int | None,
) -> FiscalYear:
    """The template of a new ``year``, once the year, the actor and the agency are checked."""
    _check_year(year)
    template = resolve_year(session, template_year, _scope(session, actor_id, agency_code))
    exists = session.exec(
        select(FiscalYear).where(
            FiscalYear.agency_id == template.agency_id, FiscalYear.year == year
        )
    ).first()
    if exists is not None:
        raise Conflict("year.exists", year=year)
    return template


def open_year(
    session: Session,
    year: int,
    template_year: int | None = None,
    agency_code: str | None = None,
    *,
    actor_id: int | None = None,
) -> FiscalYear:
    """Create ``year`` (open for entries) with the budget tree of ``template_year`` (default:
    the agency's latest year). With ``actor_id``, only an admin, for the admin's agency."""
    template = _template(session, year, template_year, agency_code, actor_id)
    fy = FiscalYear(
        agency_id=template.agency_id,
        year=year,
        title=f"Tahun anggaran {year}",
        source=f"struktur disalin dari {template.year}",
        closed=False,
    )
    session.add(fy)
    session.flush()
    nodes = session.exec(
        select(BudgetNode)
        .where(BudgetNode.fiscal_year_id == template.id)
        .order_by(col(BudgetNode.sort_order), col(BudgetNode.id))
    ).all()
    indicator_ids = _copy_indicators(session, int(template.id or 0), int(fy.id or 0))
    new_ids: dict[int, int] = {}
    # parents come before their children in report order (the root first)
    skip = {"id", "fiscal_year_id", "parent_id", "printed_capaian_k", "printed_capaian_rp", "note"}

    def depth(n: BudgetNode) -> tuple[int, int]:
        return (n.key.count(".") if n.parent_id else -1, n.sort_order)

    for node in sorted(nodes, key=depth):
        data = node.model_dump(exclude=skip | {"indicator_id"}, warnings=False)
        copy = BudgetNode(
            **data,
            fiscal_year_id=int(fy.id or 0),
            parent_id=new_ids.get(node.parent_id) if node.parent_id else None,
            indicator_id=indicator_ids.get(node.indicator_id) if node.indicator_id else None,
            note=f"Pagu dan target disalin dari {template.year}; perbarui sesuai DPA {year}.",
        )
        session.add(copy)
        session.flush()
        new_ids[int(node.id or 0)] = int(copy.id or 0)
    audit(session, actor_id, "buka-tahun", str(year), f"templat {template.year}")
    return fy


def _copy_indicators(session: Session, source_id: int, target_id: int) -> dict[int, int]:
    """Indicators, sasaran and targets of the template year; returns old id → new id."""
    ids: dict[int, int] = {}
    for ind in session.exec(select(Indicator).where(Indicator.fiscal_year_id == source_id)):
        copy = Indicator(
            **ind.model_dump(exclude={"id", "fiscal_year_id"}, warnings=False),
            fiscal_year_id=target_id,
        )
        session.add(copy)
        session.flush()
        ids[int(ind.id or 0)] = int(copy.id or 0)
    for obj in session.exec(select(Objective).where(Objective.fiscal_year_id == source_id)):
        new_obj = Objective(
            **obj.model_dump(exclude={"id", "fiscal_year_id"}, warnings=False),
            fiscal_year_id=target_id,
        )
        session.add(new_obj)
        session.flush()
        for target in session.exec(
            select(IndicatorTarget).where(IndicatorTarget.objective_id == obj.id)
        ):
            session.add(
                IndicatorTarget(
                    **target.model_dump(
                        exclude={"id", "indicator_id", "objective_id"}, warnings=False
                    ),
                    indicator_id=ids[target.indicator_id],
                    objective_id=int(new_obj.id or 0),
                )
            )
    return ids


def close_year(
    session: Session, year: int, agency_code: str | None = None, *, actor_id: int | None = None
) -> FiscalYear:
    """No more entries for ``year``: its figures become history. With ``actor_id``, only an
    admin, for the admin's agency; a year closed already is refused (``year.closed``)."""
    fy = closable_year(session, year, agency_code, actor_id=actor_id)
    fy.closed = True
    session.add(fy)
    audit(session, actor_id, "tutup-tahun", str(year))
    return fy


def closable_year(
    session: Session, year: int, agency_code: str | None = None, *, actor_id: int | None = None
) -> FiscalYear:
    """The open year ``year`` of the agency, as :func:`close_year` checks it before closing."""
    fy = resolve_year(session, year, _scope(session, actor_id, agency_code))
    if fy.closed:
        raise Conflict("year.closed", year=year)
    return fy
