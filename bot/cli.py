"""The ``lakip-bot`` command: database upkeep, checks and running the bot.

Telegram is imported only by the commands that need it, so ``seed`` and ``check`` work on a
server that only hosts the database.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from lakip_model.config import Settings, get_settings
from lakip_model.db import make_engine, upgrade
from lakip_model.models import FiscalYear

log = logging.getLogger("lakip")


def _engine(settings: Settings) -> Engine:
    return make_engine(settings.database_url)


def prepare_database(engine: Engine, *, seed_if_empty: bool = True) -> None:
    """Bring the schema up to date and, on an empty database, load the report."""
    upgrade(engine)
    if not seed_if_empty:
        return
    with Session(engine) as session:
        years = session.exec(select(func.count()).select_from(FiscalYear)).one()
    if years == 0:
        from seed.loader import load_all

        report = load_all(engine)
        log.info("database seeded: %s", ", ".join(report.loaded))


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    upgrade(_engine(settings))
    print("Skema basis data sudah versi terbaru.")
    return 0


def cmd_seed(settings: Settings, _args: argparse.Namespace) -> int:
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


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from lakip_model.checks import find_contradictions
    from lakip_model.queries import YearNotFound, resolve_year

    engine = _engine(settings)
    prepare_database(engine)
    with Session(engine) as session:
        try:
            fy = resolve_year(session, args.year)
        except YearNotFound as exc:
            print(f"Tidak ada data untuk tahun {exc.year}. Tahun tersedia: {exc.available}")
            return 1
        found = find_contradictions(session, fy)
    print(f"Laporan {fy.year}: {len(found)} ketidaksesuaian tercetak di laporan.\n")
    for i, c in enumerate(found, 1):
        print(f"{i}. [{c.kind}] {c.where}\n   - {c.first}\n   - {c.second}")
    return 0


def cmd_summary(settings: Settings, args: argparse.Namespace) -> int:
    from lakip_model.numbers import format_percent, format_rupiah
    from lakip_model.queries import YearNotFound, resolve_year, summary

    engine = _engine(settings)
    prepare_database(engine)
    with Session(engine) as session:
        try:
            fy = resolve_year(session, args.year)
        except YearNotFound as exc:
            print(f"Tidak ada data untuk tahun {exc.year}. Tahun tersedia: {exc.available}")
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


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import run_bot

    engine = _engine(settings)
    prepare_database(engine)
    run_bot(settings, engine)
    return 0


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import run_offline_chat

    engine = _engine(settings)
    prepare_database(engine)
    run_offline_chat(settings, engine)
    return 0


def cmd_up(settings: Settings, args: argparse.Namespace) -> int:
    """What ``make run`` does: the real bot with a token, the offline chat without one."""
    if settings.token:
        return cmd_run(settings, args)
    print("TELEGRAM_BOT_TOKEN tidak diisi: membuka obrolan luring (emulator lokal).")
    return cmd_chat(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lakip-bot", description="Bot Telegram LAKIP DP3AM Binjai"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log lebih rinci")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="perbarui skema basis data").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="muat transkripsi laporan (idempoten)").set_defaults(func=cmd_seed)
    for name, func_, text in (
        ("check", cmd_check, "daftar ketidaksesuaian di laporan"),
        ("summary", cmd_summary, "ringkasan data"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--year", type=int, default=None)
        p.set_defaults(func=func_)
    sub.add_parser("run", help="jalankan bot (long polling / webhook)").set_defaults(func=cmd_run)
    sub.add_parser("chat", help="obrolan luring di terminal lewat emulator").set_defaults(
        func=cmd_chat
    )
    sub.add_parser("up", help="bot bila ada token, selain itu obrolan luring").set_defaults(
        func=cmd_up
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bot.logs import setup_logging

    args = build_parser().parse_args(argv)
    settings = get_settings()
    quiet = args.command in ("chat", "up") and not settings.token  # the terminal is the chat
    level = logging.DEBUG if args.verbose else logging.WARNING if quiet else logging.INFO
    setup_logging(level, [settings.token or ""])
    return int(args.func(settings, args))


if __name__ == "__main__":
    raise SystemExit(main())
