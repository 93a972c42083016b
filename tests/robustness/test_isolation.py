"""Isolation, proven (issue #18, item 3): two agencies in one database, and nobody of one ever
sees or changes the other's entries, users, reminders or files.

Agency A is the seeded 2022 report (dp3am-binjai, 2026 opened from it, one entry waiting);
agency B is a synthetic agency of ``seed.demo.generate`` (demo-001: 2022-2026, its own people,
entries waiting in 2026 and four subscribed groups). Its figures differ from A's, so a figure
of B in an A user's reply is a leak. A's people are those of tests/support/bot.py (the admin of
LAKIP_ADMIN_IDS is a super admin, so A also gets a plain admin) plus a bappeda user; B's are the
demo's. Nothing is mocked: the real Application on the emulator, over the real database.

Buttons with forged data: every kind the callbacks registry knows that carries an id (a
bounded int field that is not a year, quarter, page, month, day, preset or upload number) is
pressed with B's ids by A's people; a kind added later without a case here fails
``test_every_id_button_kind_has_a_forged_case``.
"""

from __future__ import annotations

import dataclasses
import io
import re
import typing
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

import bot.app  # noqa: F401  (every journey's buttons registered)
from bot import callbacks
from bot.callbacks import Button
from bot.jobs import digest as digest_job
from bot.jobs import reminders as reminder_job
from bot.views import admin as admin_views
from bot.views import city as city_views
from bot.views import entries as entry_views
from bot.views import indicators as indicator_views
from bot.views import reminders as reminder_views
from bot.views import status as status_views
from bot.views.imports import ImportSave
from emulator import BotApiEmulator, EmuChat, EmuUser, plain_text
from lakip_model import digest, ledger, queries, verification
from lakip_model import reminders as rem
from lakip_model.action_plan import set_plan
from lakip_model.db import session_scope
from lakip_model.deadlines import JAKARTA
from lakip_model.errors import DomainError, PermissionDenied
from lakip_model.ledger import Draft
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    EntryStatus,
    FiscalYear,
    Indicator,
    IndicatorTarget,
    NodeLevel,
    Objective,
    RealizationEntry,
    RegistrationRequest,
    Role,
)
from lakip_model.numbers import format_rupiah
from lakip_model.users import set_user, unit_by_code
from lakip_model.years import close_year, open_year
from seed.demo import generate, telegram_id
from seed.workbook import columns as C
from seed.workbook.book import read_book
from seed.workbook.importer import commit_import
from seed.workbook.writer import book_bytes
from tests.robustness.test_security import forge
from tests.support.bot import (
    ADMIN_ID,
    KADIS_ID,
    OPERATOR_ID,
    PEOPLE,
    VERIFIER_ID,
    Person,
    add_people,
    bot_on_emulator,
    make_settings,
)

A, B = "dp3am-binjai", "demo-001"
A_ADMIN = 7011  # a plain admin of A (ADMIN_ID is a super admin: LAKIP_ADMIN_IDS)
BAPPEDA_ID = 7021
B_ADMIN, B_KADIS, B_VERIFIER = telegram_id(1, 0), telegram_id(1, 1), telegram_id(1, 2)
B_OPERATOR = telegram_id(1, 4)  # Bidang 1
MAY = date(2026, 5, 15)  # the clock of tests/support/bot.py
GROUP_A, GROUP_B, GROUP_AB = -1004001, -1004002, -1004003

PEOPLE_HERE: dict[str, Person] = {
    **PEOPLE,
    "a_admin": Person(A_ADMIN, "Admin A"),
    "bappeda": Person(BAPPEDA_ID, "Bappeda"),
    "b_admin": Person(B_ADMIN, "Admin B"),
    "b_kadis": Person(B_KADIS, "Kadis B"),
    "b_verifier": Person(B_VERIFIER, "Verifikator B"),
    "b_operator": Person(B_OPERATOR, "Operator B"),
}

# Tables a refused press or command must leave as they were (conversation state may change).
WATCHED = (
    "realizationentry",
    "entryreview",
    "appuser",
    "registrationrequest",
    "auditlog",
    "fiscalyear",
    "budgetnode",
    "indicator",
    "indicatorplan",
    "unit",
    "remindersubscription",
    "reminderdelivery",
    "digestsubscription",
    "deadlinerule",
)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in WATCHED
        }


# --- the two agencies ---------------------------------------------------------------------------


@dataclass
class Side:
    """One agency's ids and what identifies its figures in a reply."""

    code: str
    agency_id: int
    name: str
    node_2022: int  # a sub-activity of 2022
    node_2026: int  # a sub-activity of the open year
    indicator_2022: int
    indicator_2026: int
    pending_entry: int  # an entry of 2026 waiting for verification
    unit: int  # a unit that follows reminders (a Bidang)
    unit_names: list[str]
    names: set[str]  # every text of its budget rows, indicators, targets, objectives
    pagu_2022: int
    realized_2022: int


def _texts(row: Any) -> set[str]:
    return {v for c in row.__table__.columns if isinstance(v := getattr(row, c.name), str)}


def _side(session: Session, code: str) -> Side:
    agency = session.exec(select(Agency).where(Agency.code == code)).one()
    years = {
        fy.year: fy
        for fy in session.exec(select(FiscalYear).where(FiscalYear.agency_id == agency.id))
    }

    def first(model: Any, fy: FiscalYear, *where: Any) -> int:
        return int(
            session.exec(
                select(model.id)
                .where(model.fiscal_year_id == fy.id, *where)
                .order_by(col(model.id))
            ).first()
        )

    sub = BudgetNode.level == NodeLevel.SUB_KEGIATAN
    names: set[str] = set()
    for fy in years.values():  # every text of the agency's rows, not only their names
        for model in (BudgetNode, Indicator, Objective):
            for row in session.exec(select(model).where(model.fiscal_year_id == fy.id)):
                names |= _texts(row)
        for target in session.exec(
            select(IndicatorTarget)
            .join(Indicator, col(Indicator.id) == IndicatorTarget.indicator_id)
            .where(Indicator.fiscal_year_id == fy.id)
        ):
            names |= _texts(target)
    pending = session.exec(
        select(RealizationEntry.id)
        .join(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
        .where(
            BudgetNode.fiscal_year_id == years[2026].id,
            RealizationEntry.status == EntryStatus.DIAJUKAN,
        )
        .order_by(col(RealizationEntry.id))
    ).first()
    units = rem.reminder_units(session, code)
    tree = queries.budget_tree(session, years[2022])
    return Side(
        code=code,
        agency_id=int(agency.id or 0),
        name=agency.name,
        node_2022=first(BudgetNode, years[2022], sub),
        node_2026=first(BudgetNode, years[2026], sub),
        indicator_2022=first(Indicator, years[2022]),
        indicator_2026=first(Indicator, years[2026]),
        pending_entry=int(pending or 0),
        unit=int(units[-1].id or 0),
        unit_names=[u.name for u in units],
        names=names,
        pagu_2022=int(tree.root.pagu or 0),
        realized_2022=int(tree.root.realized or 0),
    )


@dataclass
class World:
    emu: BotApiEmulator
    engine: Engine
    app: Any
    people: dict[str, EmuUser]
    a: Side
    b: Side
    b_request: int  # a registration request waiting in B
    b_subscription: int  # one of B's demo groups

    def only_b(self) -> set[str]:
        """Names of B's rows that no text of A holds (the demo draws from the report's words,
        so a B name may be part of an A name), long enough not to occur by chance."""
        a_text = "\n".join(self.a.names)
        return {n for n in self.b.names if len(n) >= 12 and " " in n and n not in a_text}


def _build(engine: Engine) -> None:
    add_people(engine)
    with session_scope(engine) as session:
        set_user(session, None, A_ADMIN, Role.ADMIN, name="Admin A")
        set_user(session, None, BAPPEDA_ID, Role.BAPPEDA, name="Bappeda")
        open_year(session, 2026, 2022)
    with session_scope(engine) as session:
        fy = session.exec(select(FiscalYear).where(FiscalYear.year == 2026)).one()
        node = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy.id,
                BudgetNode.level == NodeLevel.SUB_KEGIATAN,
                BudgetNode.unit_id == unit_by_code(session, "bidang-pppa").id,
            )
        ).first()
        assert node is not None
        draft = Draft(int(node.id or 0), 2026, 4, None, None, 1_250_000)
        ledger.save(session, OPERATOR_ID, draft, MAY, confirmed=set(), expected_replaces=None)
    generate(engine, 1, 5)
    with session_scope(engine) as session:
        rem.seed_default_rules(session, rem.agency_id(session, A))


@pytest.fixture
async def world(db_url: str, engine: Engine) -> AsyncIterator[World]:
    _build(engine)
    with session_scope(engine) as session:
        a, b = _side(session, A), _side(session, B)
        request = RegistrationRequest(
            telegram_id=7555, agency_id=b.agency_id, name="Calon B", chat_id=7555
        )
        session.add(request)
        session.flush()
        sub = rem.subscriptions(session, agency=b.agency_id)[0]
        b_request, b_subscription = int(request.id or 0), int(sub.id or 0)
    assert a.pagu_2022 != b.pagu_2022 and a.realized_2022 != b.realized_2022
    # the forged presses come faster than a person presses: the flood limit is not under test
    settings = make_settings(db_url, LAKIP_FLOOD_LIMIT="1000")
    async with bot_on_emulator(settings, engine, people=PEOPLE_HERE) as bot:
        reminder_job.disarm(bot.app)
        yield World(bot.emu, engine, bot.app, bot.people, a, b, b_request, b_subscription)


def said(emu: BotApiEmulator, since: int) -> str:
    """Everything the bot sent or edited since ``since``, and the alerts it answered."""
    parts = [plain_text(m) for m in emu.messages_of(emu.outputs_since(since))]
    return "\n".join(parts)


def leaks(world: World, output: str) -> list[str]:
    """What of B appears in ``output``: its figures, its agency, its rows' and units' names."""
    b = world.b
    found = [
        shown
        for shown in (format_rupiah(b.pagu_2022), format_rupiah(b.realized_2022), b.name, b.code)
        if shown in output
    ]
    found += [n for n in world.only_b() if n in output]
    found += [u for u in b.unit_names if u not in world.a.unit_names and u in output]
    return found


# --- commands -------------------------------------------------------------------------------------

A_READERS = ("kadis", "operator", "verifier", "a_admin")
READ_COMMANDS = (
    "/ringkasan 2022",
    "/ringkasan",
    "/anggaran 2022",
    "/capaian 2022",
    "/dibawahtarget 2022",
    "/riwayat",
    "/tenggat",
    "/bantuan",
    "/start",
)


async def test_read_commands_of_an_a_user_show_only_a(world: World) -> None:
    emu = world.emu
    a = world.a
    for who in A_READERS:
        user = world.people[who]
        for command in READ_COMMANDS:
            since = emu.mark()
            await emu.ask(user, command)
            output = said(emu, since)
            assert output, (who, command)
            assert not leaks(world, output), (who, command, leaks(world, output))
        since = emu.mark()
        await emu.ask(user, "/ringkasan 2022")
        output = said(emu, since)
        assert format_rupiah(a.pagu_2022) in output and format_rupiah(a.realized_2022) in output
    # and the other way round: B's Kepala Dinas sees B's totals, never A's
    since = emu.mark()
    await emu.ask(world.people["b_kadis"], "/ringkasan 2022")
    output = said(emu, since)
    assert format_rupiah(world.b.pagu_2022) in output
    assert format_rupiah(a.pagu_2022) not in output and a.name not in output


async def test_search_finds_no_row_of_b(world: World) -> None:
    emu = world.emu
    for name in sorted(world.only_b())[:5]:
        words = " ".join(name.split()[:4])
        asks = (
            ("kadis", f"/cari {words}"),
            ("kadis", f"/anggaran {words}"),
            ("verifier", f"/riwayat {words}"),
            ("operator", f"/lapor {words}"),
            ("operator", "/batal"),
        )
        for who, command in asks:
            since = emu.mark()
            await emu.ask(world.people[who], command)
            output = re.sub("«[^»]*»", "«»", said(emu, since))  # the query, as echoed, apart
            assert name not in output and not leaks(world, output), (command, output)
        since = emu.mark()
        await emu.ask(world.people["b_kadis"], f"/cari {words}")
        assert name in " ".join(said(emu, since).split()) or "…" in said(emu, since)


async def test_belumlapor_and_verifikasi_count_a_only(world: World) -> None:
    emu, a = world.emu, world.a
    with Session(world.engine) as session:
        expected = rem.missing_reports(session, KADIS_ID, MAY)
        pending_a = verification.pending_entries(session, a.agency_id)
        pending_b = verification.pending_entries(session, world.b.agency_id)
    assert expected.status is not None and pending_a and pending_b
    since = emu.mark()
    await emu.ask(world.people["kadis"], "/belumlapor")
    output = said(emu, since)
    assert str(len(expected.status.missing)) in output and not leaks(world, output), output
    since = emu.mark()
    await emu.ask(world.people["verifier"], "/verifikasi")
    output = said(emu, since)
    assert f"#{pending_a[0].id}" in output or str(len(pending_a)) in output, output
    for entry in pending_b:
        assert f"#{entry.id} " not in output and f"#{entry.id}\n" not in output
    assert not leaks(world, output), leaks(world, output)


async def test_free_text_naming_b_answers_from_a_only(world: World) -> None:
    emu = world.emu
    for name in sorted(world.only_b())[:3]:
        words = " ".join(name.split()[:4])
        for question in (f"berapa realisasi {words} 2022", f"capaian {words}"):
            since = emu.mark()
            await emu.ask(world.people["kadis"], question)
            output = said(emu, since)
            assert not leaks(world, output), (question, leaks(world, output))


# --- exports and documents ----------------------------------------------------------------------


async def test_export_chart_and_lkjip_of_an_a_user_hold_a_only(world: World) -> None:
    emu, a = world.emu, world.a
    kadis = world.people["kadis"]
    [sent] = await emu.ask(kadis, "/ekspor 2022", timeout=30)
    book = load_workbook(io.BytesIO(emu.file_bytes(sent["document"]["file_id"])))
    cells = [
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    ]
    values = " ".join(cells)
    assert a.pagu_2022 in [c.value for s in book.worksheets for r in s.iter_rows() for c in r]
    assert not leaks(world, values) and str(world.b.pagu_2022) not in cells
    [chart] = await emu.ask(kadis, "/grafik 2022", timeout=30)
    assert "photo" in chart and not leaks(world, chart.get("caption") or "")
    [draft] = await emu.ask(kadis, "/laporan 2022", timeout=60)
    doc = Document(io.BytesIO(emu.file_bytes(draft["document"]["file_id"])))
    content = "\n".join(p.text for p in doc.paragraphs)
    content += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert a.name in content or "Binjai" in content
    assert not leaks(world, content), leaks(world, content)
    assert format_rupiah(world.b.pagu_2022) not in content


# --- buttons with forged data -------------------------------------------------------------------

# Bounded int fields that are not row, user or request ids.
SCALAR_FIELDS = frozenset({"year", "quarter", "page", "month", "day", "preset", "seq", "template"})


def id_fields(kind: type[Button]) -> list[str]:
    hints = typing.get_type_hints(kind, include_extras=True)
    found = []
    for field in dataclasses.fields(kind):  # type: ignore[arg-type]
        hint = hints[field.name]
        if typing.get_origin(hint) in (typing.Union, getattr(typing, "UnionType", ())) or str(
            hint
        ).startswith(("typing.Optional", "Optional")):
            hint = next(h for h in typing.get_args(hint) if h is not type(None))
        base = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
        if base is int and field.name not in SCALAR_FIELDS:
            found.append(field.name)
    return found


def id_kinds() -> dict[str, type[Button]]:
    """The bot's kinds of button that carry an id (not those other tests register)."""
    return {
        p: k
        for p, k in sorted(callbacks._REGISTRY.items())
        if k.__module__.startswith("bot.") and id_fields(k)
    }


@dataclass(frozen=True)
class Forged:
    """How to press a kind with B's ids: who of A presses it, where, after which command."""

    pressers: tuple[str, ...]
    make: Callable[[World], Button]
    where: str = "private"  # or "group": a group of A's
    first: str | None = None  # a command that opens the conversation the button belongs to


FORGED: dict[str, Forged] = {
    "budget.node": Forged(("kadis",), lambda w: status_views.BudgetNode(2022, w.b.node_2022, 0, 0)),
    "capaian.ind": Forged(
        ("kadis",), lambda w: indicator_views.CapaianIndicator(w.b.indicator_2022, 0)
    ),
    "indicator.show": Forged(
        ("kadis",), lambda w: status_views.IndicatorShow(2022, w.b.indicator_2022)
    ),
    "search.open": Forged(
        ("kadis",), lambda w: status_views.SearchOpen(2022, False, w.b.node_2022, 0, "x")
    ),
    "history.node": Forged(
        ("verifier", "operator"), lambda w: entry_views.HistoryNode(w.b.node_2026)
    ),
    "lapor.node": Forged(
        ("operator", "a_admin"), lambda w: entry_views.LaporNode(w.b.node_2026), first="/lapor"
    ),
    "lapor.ind": Forged(
        ("operator", "a_admin"),
        lambda w: indicator_views.LaporIndicator(w.b.indicator_2026),
        first="/lapor",
    ),
    "plan.ind": Forged(
        ("operator", "a_admin"),
        lambda w: indicator_views.PlanIndicator(w.b.indicator_2026),
        first="/rencanaaksi",
    ),
    "review.approve": Forged(
        ("verifier", "a_admin"), lambda w: entry_views.ReviewApprove(w.b.pending_entry)
    ),
    "review.reject": Forged(
        ("verifier", "a_admin"), lambda w: entry_views.ReviewReject(w.b.pending_entry)
    ),
    "registration.approve": Forged(
        ("a_admin",),
        lambda w: admin_views.RegistrationApprove(w.b_request, Role.VERIFIKATOR),
    ),
    "registration.reject": Forged(
        ("a_admin",), lambda w: admin_views.RegistrationReject(w.b_request)
    ),
    # a registered user choosing an agency to register in is told they are registered already
    "registration.agency": Forged(
        ("operator", "a_admin"), lambda w: admin_views.RegistrationAgency(w.b.agency_id)
    ),
    # moving a request to another agency, listing and appointing agencies' admins, another
    # agency's user list: super admins only (the A admin is an agency admin)
    "registration.move": Forged(
        ("a_admin",), lambda w: admin_views.RegistrationMove(w.b_request, 0)
    ),
    "registration.move_to": Forged(
        ("a_admin",), lambda w: admin_views.RegistrationMoveTo(w.b_request, w.a.agency_id)
    ),
    "agencies.open": Forged(("a_admin",), lambda w: admin_views.AgencyOpen(w.b.agency_id)),
    "agencies.admin_remove": Forged(
        ("a_admin",), lambda w: admin_views.AgencyAdminRemove(w.b.agency_id, B_ADMIN)
    ),
    "agencies.admin_remove_confirmed": Forged(
        ("a_admin",), lambda w: admin_views.AgencyAdminRemoveConfirmed(w.b.agency_id, B_ADMIN)
    ),
    "users.agency": Forged(("a_admin",), lambda w: admin_views.UsersOfAgency(w.b.agency_id, 0)),
    # opening another agency's views: city readers only
    "city.open": Forged(
        ("kadis", "a_admin", "operator"), lambda w: city_views.AgencyOpen(w.b.agency_id)
    ),
    "users.open": Forged(("a_admin",), lambda w: admin_views.UserOpen(B_OPERATOR)),
    "users.roles": Forged(("a_admin",), lambda w: admin_views.UserRoles(B_OPERATOR)),
    "users.role": Forged(("a_admin",), lambda w: admin_views.UserSetRole(B_OPERATOR, Role.ADMIN)),
    "users.remove": Forged(("a_admin",), lambda w: admin_views.UserRemove(B_OPERATOR)),
    "users.remove_confirmed": Forged(
        ("a_admin",), lambda w: admin_views.UserRemoveConfirmed(B_ADMIN)
    ),
    "reminder.preview": Forged(
        ("a_admin",), lambda w: reminder_views.ReminderPreview(w.b_subscription)
    ),
    "reminder.toggle": Forged(
        ("a_admin",),
        lambda w: reminder_views.ReminderToggle(w.b.unit, "realisasi-bulanan"),
        where="group",
    ),
    "reminder.unit": Forged(
        ("a_admin",), lambda w: reminder_views.ReminderUnit(w.b.unit), where="group"
    ),
    "reminder.leads": Forged(
        ("a_admin",), lambda w: reminder_views.ReminderLeads(w.b.unit, 1), where="group"
    ),
    "reminder.done": Forged(
        ("a_admin",), lambda w: reminder_views.ReminderDone(w.b.unit), where="group"
    ),
}


def test_every_id_button_kind_has_a_forged_case() -> None:
    """A new kind of button carrying an id needs its case in FORGED (and a cased kind that no
    longer carries one is taken out)."""
    assert sorted(id_kinds()) == sorted(FORGED)


async def test_buttons_forged_with_b_ids_are_refused_and_change_nothing(world: World) -> None:
    await _press_forged(world, FORGED)


async def _press_forged(world: World, cases: dict[str, Forged]) -> None:
    """Each case pressed by each of its pressers of A: refused (an alert or a sentence saying
    so), nothing of B shown, nothing written."""
    emu = world.emu
    group = emu.group(GROUP_A, "Grup A", members=[world.people["a_admin"]])
    kinds = id_kinds()
    assert cases
    for prefix, case in cases.items():
        button = case.make(world)
        assert isinstance(button, kinds[prefix]), prefix
        for who in case.pressers:
            user = world.people[who]
            chat: EmuChat | None = group if case.where == "group" else None
            if case.first:
                await emu.ask(user, case.first, chat=chat)
            elif case.where == "group":
                await emu.ask(user, "/pengingat", chat=group)
            before = snapshot(world.engine)
            since = emu.mark()
            answer = await forge(emu, user, button.data(), chat=chat)
            output = said(emu, since) + "\n" + (answer.get("text") or "")
            assert answer["show_alert"] or re.search(
                "tidak berlaku|tidak ditemukan|bukan|tidak dapat|tidak mengizinkan|sudah terdaftar",
                output,
            ), (prefix, who, output)
            assert not leaks(world, output), (prefix, who, leaks(world, output))
            assert snapshot(world.engine) == before, (prefix, who)
            await emu.ask(user, "/batal", chat=chat)


# --- writes ---------------------------------------------------------------------------------------


def test_the_domain_refuses_writes_across_agencies(world_engine: tuple[Engine, Side, Side]) -> None:
    engine, _a, b = world_engine
    cases: list[tuple[str, Callable[[Session], object]]] = [
        (
            "lapor on B's row",
            lambda s: ledger.save(
                s,
                OPERATOR_ID,
                Draft(b.node_2026, 2026, 4, None, None, 1_000),
                MAY,
                confirmed=set(),
                expected_replaces=None,
            ),
        ),
        (
            "an A admin records on B's row",
            lambda s: ledger.save(
                s,
                A_ADMIN,
                Draft(b.node_2026, 2026, 4, None, None, 1_000),
                MAY,
                confirmed=set(),
                expected_replaces=None,
            ),
        ),
        (
            "decide B's entry",
            lambda s: verification.review(s, VERIFIER_ID, b.pending_entry, approve=True),
        ),
        (
            "an A admin decides B's entry",
            lambda s: verification.review(s, A_ADMIN, b.pending_entry, approve=False, reason="x"),
        ),
        ("rencana aksi of B", lambda s: set_plan(s, A_ADMIN, b.indicator_2026, {1: "5"})),
        ("open a year for B", lambda s: open_year(s, 2027, 2026, agency_code=B, actor_id=A_ADMIN)),
        ("close B's year", lambda s: close_year(s, 2026, B, actor_id=A_ADMIN)),
    ]
    for what, write in cases:
        before = snapshot(engine)
        with pytest.raises(DomainError), session_scope(engine) as session:
            write(session)
        assert snapshot(engine) == before, what


@pytest.fixture
def world_engine(engine: Engine) -> tuple[Engine, Side, Side]:
    _build(engine)
    with Session(engine) as session:
        return engine, _side(session, A), _side(session, B)


def test_an_a_admin_cannot_import_over_b(world_engine: tuple[Engine, Side, Side]) -> None:
    """B's own workbook, sent by A's admin: refused, B's rows untouched."""
    engine, _a, b = world_engine
    with Session(engine) as session:
        fy = session.exec(
            select(FiscalYear).where(FiscalYear.agency_id == b.agency_id, FiscalYear.year == 2026)
        ).one()
        book = read_book(session, fy)
    book.rows(C.AGENCY)[0]["name"] = "Diubah oleh A"
    data = book_bytes(book)
    before = snapshot(engine)
    with session_scope(engine) as session:
        try:
            plan = commit_import(session, data, actor_id=A_ADMIN)
        except PermissionDenied:
            plan = None
    assert plan is None or not plan.ok
    assert snapshot(engine) == before


async def test_an_a_operator_and_admin_undo_only_their_own(world: World) -> None:
    """/urungkan withdraws the presser's own last entry of their agency, never one of B's."""
    emu = world.emu
    with Session(world.engine) as session:
        b_entries = session.exec(
            select(RealizationEntry.id, RealizationEntry.status)
            .join(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(FiscalYear.agency_id == world.b.agency_id)
        ).all()
    for who in ("a_admin", "verifier", "kadis"):
        since = emu.mark()
        await emu.ask(world.people[who], "/urungkan")
        assert not leaks(world, said(emu, since))
    with Session(world.engine) as session:
        after = session.exec(
            select(RealizationEntry.id, RealizationEntry.status)
            .join(BudgetNode, col(BudgetNode.id) == RealizationEntry.node_id)
            .join(FiscalYear, col(FiscalYear.id) == BudgetNode.fiscal_year_id)
            .where(FiscalYear.agency_id == world.b.agency_id)
        ).all()
    assert sorted(after) == sorted(b_entries)


async def test_tahun_and_pengguna_of_an_a_admin_are_a_only(world: World) -> None:
    emu = world.emu
    admin = world.people["a_admin"]
    since = emu.mark()
    await emu.ask(admin, "/pengguna")
    output = said(emu, since)
    with Session(world.engine) as session:
        count = len(
            session.exec(
                select(AppUser).where(AppUser.agency_id == world.a.agency_id, col(AppUser.active))
            ).all()
        )
    assert f"Pengguna aktif ({count})" in output and not leaks(world, output), output
    since = emu.mark()
    await emu.ask(admin, "/tahun")
    output = said(emu, since)
    assert "2026" in output and not leaks(world, output)


# --- reminders and notices ----------------------------------------------------------------------


SUBSCRIBED = datetime(2026, 5, 20, 9, 0, tzinfo=JAKARTA)  # after the clock's 15 May


def _subscribe(session: Session, chat_id: int, code: str, actor: int, title: str) -> None:
    rem.subscribe(
        session,
        actor,
        chat_id,
        "realisasi-bulanan",
        None,
        agency_code=code,
        lead_days="3",
        now=SUBSCRIBED,
        chat_title=title,
    )


async def test_each_agencys_groups_get_their_own_reminder_and_admins_their_own_notice(
    world: World,
) -> None:
    emu, engine = world.emu, world.engine
    with session_scope(engine) as session:
        session.execute(text("UPDATE remindersubscription SET active = false"))  # the demo's
        _subscribe(session, GROUP_A, A, A_ADMIN, "Grup A")
        _subscribe(session, GROUP_B, B, B_ADMIN, "Grup B")
        _subscribe(session, GROUP_AB, A, A_ADMIN, "Grup AB")  # one group following both
        _subscribe(session, GROUP_AB, B, B_ADMIN, "Grup AB")
    with Session(engine) as session:
        planned = rem.next_instant(session, SUBSCRIBED, tz=JAKARTA)
        assert planned is not None
        due = rem.due_reminders(session, planned.instant + timedelta(minutes=1), tz=JAKARTA)
    assert sorted((p.chat_id, p.agency_id) for p in due.send) == sorted(
        [
            (GROUP_A, world.a.agency_id),
            (GROUP_B, world.b.agency_id),
            (GROUP_AB, world.a.agency_id),
            (GROUP_AB, world.b.agency_id),
        ]
    )
    for chat_id, title in ((GROUP_A, "Grup A"), (GROUP_B, "Grup B"), (GROUP_AB, "Grup AB")):
        emu.group(chat_id, title)
    world.app.bot_data.clock = lambda: planned.instant + timedelta(minutes=1)
    report = await reminder_job.deliver_due(world.app)
    assert (report.sent, report.failed) == (4, 0)
    sent = {chat: emu.chat(chat).texts() for chat in (GROUP_A, GROUP_B, GROUP_AB)}
    [to_a], [to_b] = sent[GROUP_A], sent[GROUP_B]
    assert to_a != to_b and not leaks(world, to_a)
    with Session(engine) as session:  # each text counts its own agency's missing rows
        status_a = rem.realization_status(
            session, next(p for p in due.send if p.chat_id == GROUP_A), A
        )
        status_b = rem.realization_status(
            session, next(p for p in due.send if p.chat_id == GROUP_B), B
        )
    assert status_a is not None and status_b is not None
    for status, to in ((status_a, to_a), (status_b, to_b)):  # A has 29 rows, B 28
        assert f"{len(status.missing)} dari {status.total}" in to or (
            not status.missing and f"Semua {status.total} sub kegiatan" in to
        ), to
    assert status_a.total != status_b.total
    assert sorted(sent[GROUP_AB]) == sorted([to_a, to_b])
    # the group removes the bot: each agency's admins hear of their own subscriptions only
    since = emu.mark()
    await reminder_job.chat_lost(world.app, GROUP_A, "Grup A", "dikeluarkan")
    told = {o.chat_id for o in emu.outputs_since(since) if o.kind == "send"}
    assert told == {ADMIN_ID, A_ADMIN}
    since = emu.mark()
    await reminder_job.chat_lost(world.app, GROUP_AB, "Grup AB", "dikeluarkan")
    told = {o.chat_id for o in emu.outputs_since(since) if o.kind == "send"}
    assert told == {ADMIN_ID, A_ADMIN, B_ADMIN}


async def test_a_refused_reminder_is_told_to_its_agencys_admins_only(world: World) -> None:
    emu, engine = world.emu, world.engine
    with session_scope(engine) as session:
        session.execute(text("UPDATE remindersubscription SET active = false"))
        _subscribe(session, GROUP_B, B, B_ADMIN, "Grup B")
    with Session(engine) as session:
        planned = rem.next_instant(session, SUBSCRIBED, tz=JAKARTA)
    assert planned is not None
    # GROUP_B is unknown to the emulator: Telegram answers 400 "chat not found", for good
    world.app.bot_data.clock = lambda: planned.instant + timedelta(minutes=1)
    since = emu.mark()
    report = await reminder_job.deliver_due(world.app)
    assert report.failed == 1
    told = {o.chat_id for o in emu.outputs_since(since) if o.kind == "send"}
    assert told == {B_ADMIN}


async def test_pengguna_counts_only_the_own_agencys_requests(world: World) -> None:
    since = world.emu.mark()
    await world.emu.ask(world.people["a_admin"], "/pengguna")
    assert "permintaan pendaftaran menunggu" not in said(world.emu, since)


async def test_the_digest_goes_to_each_agencys_people_with_its_own_figures(world: World) -> None:
    emu = world.emu
    q1 = datetime(2026, 4, 1, 8, 0, tzinfo=JAKARTA)
    world.app.bot_data.clock = lambda: q1 + timedelta(minutes=1)
    report = await digest_job.deliver_digests(world.app)
    assert report.failed == 0
    with Session(world.engine) as session:
        a_digest = digest.quarter_digest(session, world.a.agency_id, 2026, 1)
        b_digest = digest.quarter_digest(session, world.b.agency_id, 2026, 1)
    people = world.people
    for who, own, other in (("kadis", a_digest, b_digest), ("b_kadis", b_digest, a_digest)):
        chat = emu.private_chat(people[who])
        [text_] = [t for t in chat.texts() if t.startswith("📊 Ringkasan")]
        assert own.agency_name in text_ and other.agency_name not in text_
        assert own.pagu is not None and format_rupiah(own.pagu) in text_
        assert other.pagu is None or format_rupiah(other.pagu) not in text_
    with Session(world.engine) as session:
        keys = [(d.agency_id, d.chat_id) for d in rem.deliveries(session)]
    assert (world.a.agency_id, KADIS_ID) in keys and (world.b.agency_id, B_KADIS) in keys
    assert len(keys) == len(set(keys)) == report.sent


async def test_pengingat_in_a_group_follows_the_setters_agency(world: World) -> None:
    emu = world.emu
    stranger = world.people["stranger"]
    group = emu.group(
        GROUP_A,
        "Grup A",
        members=[world.people["a_admin"], world.people["b_admin"], stranger],
        admins=[stranger],
    )
    [refused] = await emu.ask(stranger, "/pengingat", chat=group)
    assert "terdaftar" in plain_text(refused)
    [panel_a] = await emu.ask(world.people["a_admin"], "/pengingat", chat=group)
    assert not leaks(world, plain_text(panel_a))
    await emu.click(
        world.people["a_admin"], panel_a, "▫️ Laporan realisasi fisik dan keuangan bulanan"
    )
    with Session(world.engine) as session:
        subs = rem.subscriptions(session, GROUP_A)
    assert {s.agency_id for s in subs} == {world.a.agency_id}


# --- city roles -----------------------------------------------------------------------------------


WRITE_COMMANDS = (
    "/lapor",
    "/verifikasi",
    "/urungkan",
    "/rencanaaksi",
    "/impor",
    "/tahun",
    "/pengguna",
)


async def test_a_bappeda_user_reads_but_never_writes(world: World) -> None:
    emu = world.emu
    bappeda = world.people["bappeda"]
    since = emu.mark()
    await emu.ask(bappeda, "/ringkasan 2022")
    assert format_rupiah(world.a.pagu_2022) in said(emu, since)
    before = snapshot(world.engine)
    for command in WRITE_COMMANDS:
        since = emu.mark()
        await emu.ask(bappeda, command)
        output = said(emu, since)
        assert re.search("tidak|hanya|bukan", output, re.IGNORECASE), (command, output)
    forged = (
        entry_views.LaporNode(world.a.node_2026),
        entry_views.ReviewApprove(world.a.pending_entry),
        entry_views.ReviewReject(world.a.pending_entry),
        indicator_views.PlanIndicator(world.a.indicator_2026),
        admin_views.UserSetRole(OPERATOR_ID, Role.ADMIN),
        admin_views.UserRemoveConfirmed(VERIFIER_ID),
    )
    for button in forged:
        answer = await forge(emu, bappeda, button.data())
        assert answer["show_alert"], (button, answer)
    assert snapshot(world.engine) == before


def test_the_domain_refuses_every_write_of_a_city_role(
    world_engine: tuple[Engine, Side, Side],
) -> None:
    engine, a, _b = world_engine
    draft = Draft(a.node_2026, 2026, 4, None, None, 1_000)
    with Session(engine) as session:
        fy = session.exec(
            select(FiscalYear).where(FiscalYear.agency_id == a.agency_id, FiscalYear.year == 2026)
        ).one()
        workbook = book_bytes(read_book(session, fy))
    writes: list[tuple[str, Callable[[Session], object]]] = [
        (
            "ledger save",
            lambda s: ledger.save(
                s, BAPPEDA_ID, draft, MAY, confirmed=set(), expected_replaces=None
            ),
        ),
        ("decide", lambda s: verification.review(s, BAPPEDA_ID, a.pending_entry, approve=True)),
        ("undo", lambda s: ledger.withdraw_last(s, BAPPEDA_ID)),
        ("set plan", lambda s: set_plan(s, BAPPEDA_ID, a.indicator_2026, {1: "5"})),
        ("open year", lambda s: open_year(s, 2027, 2026, actor_id=BAPPEDA_ID)),
        ("close year", lambda s: close_year(s, 2026, actor_id=BAPPEDA_ID)),
        ("import", lambda s: commit_import(s, workbook, actor_id=BAPPEDA_ID)),
        ("set user", lambda s: set_user(s, BAPPEDA_ID, OPERATOR_ID, Role.ADMIN)),
    ]
    for what, write in writes:
        before = snapshot(engine)
        with pytest.raises(PermissionDenied), session_scope(engine) as session:
            write(session)
        assert snapshot(engine) == before, what


async def test_an_admins_private_pengingat_lists_the_own_agencys_groups(world: World) -> None:
    emu = world.emu
    with session_scope(world.engine) as session:
        _subscribe(session, GROUP_A, A, A_ADMIN, "Grup A")
        b_titles = [
            s.chat_title or "" for s in rem.subscriptions(session, agency=world.b.agency_id)
        ]
    assert b_titles
    [listed] = await emu.ask(world.people["a_admin"], "/pengingat")
    assert "Grup A" in plain_text(listed)
    assert not [t for t in b_titles if t in plain_text(listed)]
    [theirs] = await emu.ask(world.people["b_admin"], "/pengingat")
    assert "Grup A" not in plain_text(theirs) and b_titles[0] in plain_text(theirs)


async def test_langganan_subscribes_to_the_own_agency(world: World) -> None:
    emu = world.emu
    operator = world.people["b_operator"]
    [panel] = await emu.ask(operator, "/langganan")
    await emu.click(operator, panel, "🔔 Berlangganan")
    with Session(world.engine) as session:
        rows = session.exec(select(rem.DigestSubscription)).all()
    assert [(r.agency_id, r.telegram_id, r.subscribed) for r in rows] == [
        (world.b.agency_id, B_OPERATOR, True)
    ]


async def test_impor_of_bs_workbook_by_an_a_admin_is_refused(world: World) -> None:
    """B's own workbook, changed and sent to the bot by A's admin: the preview refuses it (no
    Simpan button), nothing of B shown or written; its Simpan button forged changes nothing."""
    emu = world.emu
    with Session(world.engine) as session:
        fy = session.exec(
            select(FiscalYear).where(
                FiscalYear.agency_id == world.b.agency_id, FiscalYear.year == 2026
            )
        ).one()
        book = read_book(session, fy)
    book.rows(C.AGENCY)[0]["name"] = "Diubah oleh A"
    admin = world.people["a_admin"]
    before = snapshot(world.engine)
    since = emu.mark()
    await emu.send_document(
        admin,
        book_bytes(book),
        file_name="b.xlsx",
        mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    await emu.idle()
    output = said(emu, since)
    assert output and "Impor tersimpan" not in output
    shown = emu.private_chat(admin).last_bot_message or {}
    assert "✅ Simpan" not in [
        b["text"] for row in shown.get("reply_markup", {}).get("inline_keyboard", []) for b in row
    ]
    for seq in range(4):  # whatever the upload's number: no preview of it is pending
        since = emu.mark()
        answer = await forge(emu, admin, ImportSave(seq).data())
        assert answer["show_alert"] or "tidak berlaku" in said(emu, since)
    assert snapshot(world.engine) == before


async def test_tenggat_counts_each_askers_own_agency(world: World) -> None:
    """Beside the monthly realization deadline, /tenggat counts who has not reported: of the
    asker's agency (A has 29 sub-activities in 2026, B 28)."""
    emu = world.emu
    for who, side in (("kadis", world.a), ("b_kadis", world.b)):
        with Session(world.engine) as session:
            items = rem.upcoming(session, MAY, agency_code=side.code)
            found = rem.outstanding_of_upcoming(session, items, MAY, side.agency_id)
        assert found, who
        since = emu.mark()
        await emu.ask(world.people[who], "/tenggat")
        output = said(emu, since)
        for status in found.values():
            line = (
                f"Belum lapor: {len(status.missing)} dari {status.total} sub kegiatan"
                if status.missing
                else f"Semua {status.total} sub kegiatan sudah lapor"
            )
            assert line in output, (who, line, output)
