"""The ``lakip-bot`` command: database upkeep, checks and running the bot.

Telegram is imported only by the commands that need it, so ``seed`` and ``check`` work on a
server that only hosts the database.
"""

from __future__ import annotations

import argparse
import html
import logging
import re
import subprocess
import sys
from collections.abc import Sequence

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot import texts
from bot.settings import BotSettings, get_settings
from lakip_model.db import make_engine, upgrade
from lakip_model.errors import DomainError
from lakip_model.models import FiscalYear, Role

log = logging.getLogger("lakip")


def _engine(settings: BotSettings) -> Engine:
    return make_engine(settings.database_url)


def prepare_database(
    engine: Engine, settings: BotSettings | None = None, *, seed_if_empty: bool = True
) -> None:
    """Bring the schema up to date, load the report into an empty database, sync the admins."""
    upgrade(engine)
    if seed_if_empty:
        with Session(engine) as session:
            years = session.exec(select(func.count()).select_from(FiscalYear)).one()
        if years == 0:
            from seed.loader import load_all

            report = load_all(engine)
            log.info("database seeded: %s", ", ".join(report.loaded))
    if settings is not None and settings.admin_ids:
        from lakip_model.db import session_scope
        from lakip_model.users import sync_admins

        with session_scope(engine) as session:
            sync_admins(session, settings.admin_ids, settings.agency_code)


def _said(exc: DomainError) -> str:
    """A domain refusal worded for the terminal: the bot's sentence (``bot/texts/errors.py``)
    as plain text. Not ``bot.errors.describe``, which imports Telegram and escapes for HTML."""
    from bot.texts.errors import ERRORS, UNWORDED

    template = ERRORS.get(exc.code)
    text = UNWORDED if template is None else template.format(**exc.data)
    return html.unescape(re.sub(r"</?[a-z]+>", "", text))


def _year(session: Session, settings: BotSettings, year: int | None) -> FiscalYear | None:
    """The requested year of the configured agency, or None after saying which years exist."""
    from lakip_model.queries import YearNotFound, resolve_year

    try:
        return resolve_year(session, year, settings.agency_code)
    except YearNotFound as exc:
        available = ", ".join(str(y) for y in exc.available) or "belum ada"
        print(f"Tidak ada data untuk tahun {exc.year}. Tahun tersedia: {available}.")
        return None


def cmd_migrate(settings: BotSettings, _args: argparse.Namespace) -> int:
    upgrade(_engine(settings))
    print("Skema basis data sudah versi terbaru.")
    return 0


def cmd_seed(settings: BotSettings, _args: argparse.Namespace) -> int:
    from seed.loader import SeedError, load_all

    engine = _engine(settings)
    upgrade(engine)
    try:
        report = load_all(engine)
    except SeedError as exc:
        print(f"Seed gagal, basis data tidak diubah:\n{exc}", file=sys.stderr)
        return 1
    for item in report.loaded:
        print(f"dimuat: {item}")
    for item in report.skipped:
        print(f"dilewati: {item}")
    for item in report.warnings:
        print(f"peringatan: {item}", file=sys.stderr)
    return 0


def cmd_check(settings: BotSettings, args: argparse.Namespace) -> int:
    from bot.views.checks import contradiction_text
    from lakip_model.checks import find_contradictions

    engine = _engine(settings)
    prepare_database(engine, settings)
    with Session(engine) as session:
        fy = _year(session, settings, args.year)
        if fy is None:
            return 1
        found = find_contradictions(session, fy)
    print(texts.CHECK_HEADER.format(year=fy.year, count=len(found)))
    for i, c in enumerate(found, 1):
        print(contradiction_text(i, c))
    return 0


def cmd_summary(settings: BotSettings, args: argparse.Namespace) -> int:
    from lakip_model.numbers import format_percent, format_rupiah
    from lakip_model.performance import summary

    engine = _engine(settings)
    prepare_database(engine, settings)
    with Session(engine) as session:
        fy = _year(session, settings, args.year)
        if fy is None:
            return 1
        s = summary(session, fy)
    print(f"{s.agency_name} — tahun {fy.year}")
    print(f"Pagu      : {format_rupiah(s.pagu or 0)}")
    print(f"Realisasi : {format_rupiah(s.realized or 0)} ({format_percent(s.absorption)})")
    print(
        f"Indikator : {s.indicators_met} tercapai, {s.indicators_not_met} belum tercapai, "
        f"{s.indicators_unknown} tanpa data realisasi"
    )
    print("Serapan terendah:")
    for p in s.lowest_programs:
        print(f"  - {p.name}: {format_percent(p.absorption)}")
    print("Di bawah target:")
    for item in s.below:
        print(
            f"  - {item.name}: {item.target.text} → {item.realized.text} "
            f"({format_percent(item.achievement)})"
        )
    return 0


def cmd_lkjip(settings: BotSettings, args: argparse.Namespace) -> int:
    """The year's LKjIP draft, the same file /laporan sends."""
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from bot.documents import lkjip

    engine = _engine(settings)
    prepare_database(engine, settings)
    with Session(engine) as session:
        fy = _year(session, settings, args.year)
        if fy is None:
            return 1
        data = lkjip.report_data(session, fy)
    out = Path(args.out) if args.out else Path(lkjip.file_name(data))
    today = datetime.now(ZoneInfo(settings.timezone)).date()  # the agency's day, as the bot's
    content = lkjip.docx_bytes(data, today)
    out.write_bytes(content)
    from bot.texts.lkjip import CLI_WRITTEN

    print(CLI_WRITTEN.format(year=data.year, path=out, size=len(content)))
    return 0


def cmd_prepare(settings: BotSettings, _args: argparse.Namespace) -> int:
    prepare_database(_engine(settings), settings)
    return 0


def cmd_run(settings: BotSettings, args: argparse.Namespace) -> int:
    from bot.app import Webhook, WebhookConfigError, run_bot

    try:
        Webhook.of(settings)  # a webhook that cannot run safely stops here, before anything
    except WebhookConfigError as exc:
        log.critical("%s; the bot is not started", exc)
        return 2

    # The schema upgrade and the first seeding need Alembic and the YAML loader; a child process
    # does them, so the long-running bot never holds their memory (docs/performance.md).
    verbose = ["-v"] if args.verbose else []
    code = subprocess.call([sys.executable, "-m", "bot.cli", *verbose, "prepare"])
    if code != 0:
        log.critical("preparing the database failed (exit %s); the bot is not started", code)
        return code
    run_bot(settings, _engine(settings))
    return 0


def cmd_chat(settings: BotSettings, args: argparse.Namespace) -> int:
    from bot.app import run_offline_chat

    engine = _engine(settings)
    prepare_database(engine, settings)
    run_offline_chat(settings, engine)
    return 0


def cmd_users(settings: BotSettings, args: argparse.Namespace) -> int:
    """Manage users from the server, e.g. the first admin before anyone can use /pengguna."""
    from lakip_model import users
    from lakip_model.db import session_scope

    engine = _engine(settings)
    prepare_database(engine, settings)
    try:
        with session_scope(engine) as session:
            if args.action == "list":
                agency_id = users.agency_id_of(session, args.agency) if args.agency else None
                for u in users.list_users(session, agency_id):
                    where = f" ({u.unit_code})" if u.unit_code else ""
                    print(f"{u.telegram_id}\t{u.role.value}{where}\t{u.name}")
            elif args.action == "set":
                # --agency: the user joins (or moves to) that agency, e.g. the first admin of
                # an agency just imported; without it a new user joins LAKIP_AGENCY's (else
                # the first) and an existing one keeps theirs
                agency = args.agency or settings.agency_code
                unit_id = None
                if args.unit:
                    existing = users.find_user(session, args.telegram_id)
                    unit_agency = agency
                    if existing is not None and not args.agency:
                        unit_agency = users.agency_code_of(session, existing.agency_id)
                    unit_id = users.unit_by_code(session, args.unit, unit_agency).id
                user = users.set_user(
                    session,
                    None,
                    args.telegram_id,
                    Role(args.role),
                    unit_id,
                    args.name,
                    agency,
                    move=bool(args.agency),
                )
                code = users.agency_code_of(session, user.agency_id)
                print(f"{user.telegram_id}: {user.role} {args.unit or ''}".rstrip() + f" [{code}]")
            elif args.action == "remove":
                users.remove_user(session, None, args.telegram_id)
                print(f"{args.telegram_id}: dinonaktifkan")
            else:  # units
                for unit in users.units(session, args.agency or settings.agency_code):
                    print(f"{unit.code}\t{unit.name}")
    except DomainError as exc:
        print(f"Gagal: {_said(exc)}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_years(settings: BotSettings, args: argparse.Namespace) -> int:
    """Open a new year for entries (structure copied from a template year) or close one."""
    from lakip_model import years
    from lakip_model.db import session_scope

    engine = _engine(settings)
    prepare_database(engine, settings)
    try:
        with session_scope(engine) as session:
            if args.action == "open":
                fy = years.open_year(session, args.year, args.template, settings.agency_code)
                print(
                    f"Tahun {fy.year} dibuka (struktur dari {args.template or 'tahun terakhir'})."
                )
            else:
                years.close_year(session, args.year, settings.agency_code)
                print(f"Tahun {args.year} ditutup.")
    except DomainError as exc:
        print(f"Gagal: {_said(exc)}", file=sys.stderr)
        return 1
    return 0


def cmd_export(settings: BotSettings, args: argparse.Namespace) -> int:
    """The /ekspor workbook of a year into a file (the same bytes the bot sends)."""
    from pathlib import Path

    from bot.documents import workbook

    engine = _engine(settings)
    prepare_database(engine, settings)
    with Session(engine) as session:
        fy = _year(session, settings, args.year)
        if fy is None:
            return 1
        data = workbook.export_data(session, fy, args.tw)
    Path(args.out).write_bytes(workbook.xlsx_bytes(data))
    print(
        f"Ditulis: {args.out} (tahun {fy.year}, "
        f"evaluasi Renja s.d. triwulan {data.evaluation.quarter})"
    )
    return 0


def cmd_import(settings: BotSettings, args: argparse.Namespace) -> int:
    """A workbook of the format into the database: the preview, a confirmation, all or nothing."""
    from pathlib import Path

    from bot.views.imports import preview_text
    from lakip_model.db import session_scope
    from seed.workbook.columns import MAX_BYTES
    from seed.workbook.importer import commit_import, plan_import
    from seed.workbook.writer import template_bytes

    if args.template:
        out = args.out or "templat-lakip.xlsx"
        Path(out).write_bytes(template_bytes())
        print(f"Templat ditulis: {out}")
        return 0
    if not args.file:
        print("Sebutkan berkas: lakip-bot import FILE.xlsx (atau --template)", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"Berkas tidak ada: {path}", file=sys.stderr)
        return 1
    if path.stat().st_size > MAX_BYTES:
        print(f"Ditolak: berkas lebih dari {MAX_BYTES // 2**20} MB", file=sys.stderr)
        return 1
    data = path.read_bytes()
    engine = _engine(settings)
    prepare_database(engine, settings, seed_if_empty=False)  # the file may be the first agency
    with Session(engine) as session:
        plan = plan_import(session, data)
    print(preview_text(plan, html_markup=False))
    if not plan.ok:
        return 1
    if not args.yes:
        answer = input("Simpan ke basis data? [y/N] ").strip().casefold()
        if answer not in ("y", "ya", "yes"):
            print("Dibatalkan, tidak ada yang diubah.")
            return 1
    with session_scope(engine) as session:
        plan = commit_import(session, data)
    if not plan.ok:  # the database moved since the preview
        print(preview_text(plan, html_markup=False))
        return 1
    print(f"Tersimpan: {plan.mode} {plan.agency_code} {plan.year}.")
    return 0


def cmd_up(settings: BotSettings, args: argparse.Namespace) -> int:
    """What ``make run`` does: the real bot with a token, the offline chat without one."""
    if settings.token:
        return cmd_run(settings, args)
    print("TELEGRAM_BOT_TOKEN tidak diisi: membuka obrolan luring (emulator lokal).")
    print(
        "Data boleh dibaca siapa saja di obrolan ini. Untuk mencoba /lapor dan fitur admin: "
        "lakip-bot users set 1001 admin"
    )
    return cmd_chat(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lakip-bot", description="Bot Telegram LAKIP DP3AM Binjai"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log lebih rinci")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="perbarui skema basis data").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="muat transkripsi laporan (idempoten)").set_defaults(func=cmd_seed)
    sub.add_parser(
        "prepare", help="skema terbaru, data laporan bila kosong, admin dari konfigurasi"
    ).set_defaults(func=cmd_prepare)
    for name, func_, text in (
        ("check", cmd_check, "daftar ketidaksesuaian di laporan"),
        ("summary", cmd_summary, "ringkasan data"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--year", type=int, default=None)
        p.set_defaults(func=func_)
    lkjip_p = sub.add_parser("lkjip", help="tulis draf LKjIP tahunan (Word, .docx)")
    lkjip_p.add_argument("year", type=int)
    lkjip_p.add_argument("--out", help="berkas .docx yang ditulis (bawaan: lkjip-KODE-TAHUN.docx)")
    lkjip_p.set_defaults(func=cmd_lkjip)
    users_p = sub.add_parser(
        "users", aliases=["user"], help="kelola pengguna (list, set, remove, units)"
    )
    users_sub = users_p.add_subparsers(dest="action", required=True)
    list_p = users_sub.add_parser("list", help="daftar pengguna aktif")
    list_p.add_argument("--agency", help="kode instansi (bawaan: semua)")
    units_p = users_sub.add_parser("units", help="daftar kode unit")
    units_p.add_argument("--agency", help="kode instansi (bawaan: LAKIP_AGENCY atau yang pertama)")
    set_p = users_sub.add_parser("set", help="tambah pengguna atau ubah perannya")
    set_p.add_argument("telegram_id", type=int)
    set_p.add_argument("role", choices=[r.value for r in Role])
    set_p.add_argument("--unit", help="kode unit (wajib untuk operator)")
    set_p.add_argument("--name", help="nama yang ditampilkan")
    set_p.add_argument(
        "--agency", help="kode instansi: pengguna masuk (atau pindah) ke instansi ini"
    )
    rm_p = users_sub.add_parser("remove", help="nonaktifkan pengguna")
    rm_p.add_argument("telegram_id", type=int)
    users_p.set_defaults(func=cmd_users)
    years_p = sub.add_parser("years", help="buka atau tutup tahun anggaran")
    years_sub = years_p.add_subparsers(dest="action", required=True)
    open_p = years_sub.add_parser("open", help="buka tahun baru untuk entri realisasi")
    open_p.add_argument("year", type=int)
    open_p.add_argument("--template", type=int, help="tahun sumber struktur (bawaan: terakhir)")
    close_p = years_sub.add_parser("close", help="tutup tahun: tidak ada entri lagi")
    close_p.add_argument("year", type=int)
    years_p.set_defaults(func=cmd_years)
    export_p = sub.add_parser("export", help="buku kerja Excel satu tahun (sama dengan /ekspor)")
    export_p.add_argument("year", type=int)
    export_p.add_argument("--out", required=True, help="berkas .xlsx yang ditulis")
    export_p.add_argument("--tw", type=int, choices=[1, 2, 3, 4], help="triwulan evaluasi Renja")
    export_p.set_defaults(func=cmd_export)
    import_p = sub.add_parser("import", help="impor buku kerja Excel (pratinjau, lalu simpan)")
    import_p.add_argument("file", nargs="?", help="berkas .xlsx format bot")
    import_p.add_argument("--yes", action="store_true", help="simpan tanpa bertanya")
    import_p.add_argument("--template", action="store_true", help="tulis templat kosong")
    import_p.add_argument("--out", help="berkas templat (bawaan templat-lakip.xlsx)")
    import_p.set_defaults(func=cmd_import)
    sub.add_parser("run", help="jalankan bot (long polling / webhook)").set_defaults(func=cmd_run)
    sub.add_parser("chat", help="obrolan luring di terminal lewat emulator").set_defaults(
        func=cmd_chat
    )
    sub.add_parser("up", help="bot bila ada token, selain itu obrolan luring").set_defaults(
        func=cmd_up
    )
    demo_p = sub.add_parser("demo-data", help="tambah lembaga sintetis (demo-001, ...) uji skala")
    demo_p.add_argument("--agencies", type=int, default=40, help="jumlah lembaga (bawaan 40)")
    demo_p.add_argument("--years", type=int, default=5, help="tahun per lembaga (bawaan 5)")
    demo_p.add_argument("--seed", type=int, default=1, help="benih acak (hasil sama tiap kali)")
    demo_p.set_defaults(func=cmd_demo_data)
    return parser


def cmd_demo_data(settings: BotSettings, args: argparse.Namespace) -> int:
    """Synthetic agencies for scale tests; existing agencies (the real one too) are untouched."""
    from seed.demo import DemoError, generate

    engine = _engine(settings)
    prepare_database(engine, settings)
    try:
        report = generate(engine, args.agencies, args.years, args.seed)
    except DemoError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 1
    for code in report.added:
        print(f"ditambahkan: {code}")
    for code in report.skipped:
        print(f"dilewati (sudah ada): {code}")
    print(", ".join(f"{table} {count}" for table, count in sorted(report.rows.items())))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from bot.logs import setup_logging

    args = build_parser().parse_args(argv)
    settings = get_settings()
    quiet = args.command in ("chat", "up") and not settings.token  # the terminal is the chat
    level = logging.DEBUG if args.verbose else logging.WARNING if quiet else logging.INFO
    setup_logging(level, [settings.token or ""])
    try:
        return int(args.func(settings, args))
    except Exception:
        # Through the log, not Python's default hook: PTB's InvalidToken quotes the token, and
        # only the log's filter redacts it.
        logging.getLogger("lakip_bot").critical("lakip-bot %s failed", args.command, exc_info=True)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
