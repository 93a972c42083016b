"""Failures: the user gets a short Indonesian answer, the log gets the cause, nobody the token."""

from __future__ import annotations

import io
import logging

from sqlalchemy import text

from bot.logs import RedactSecrets
from emulator import plain_text
from tests.support.bot import BotEnv


async def test_a_failing_handler_answers_politely_and_logs_without_the_token(
    env: BotEnv,
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([env.emu.token]))
    root = logging.getLogger()
    root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # URLs carry the token: redact them too
    try:
        with env.engine.begin() as conn:  # the database loses a table under the bot
            conn.execute(text("ALTER TABLE realizationentry RENAME TO realizationentry_gone"))
        [reply] = await env.emu.ask(env.kadis, "/ringkasan")
    finally:
        root.removeHandler(handler)
        logging.getLogger("httpx").setLevel(logging.WARNING)
    assert "terjadi kesalahan" in plain_text(reply)
    assert "Traceback" not in plain_text(reply) and "realizationentry" not in plain_text(reply)
    logged = stream.getvalue()
    assert "realizationentry" in logged  # the cause is in the log
    assert env.emu.token not in logged
    assert env.emu.token.split(":")[1] not in logged


def test_redaction_covers_messages_arguments_and_tracebacks() -> None:
    token = "123456:SECRET-token"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([token]))
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    log.propagate = False
    log.warning("calling https://api.example/bot%s/getMe", token)
    try:
        raise RuntimeError(f"failed at /bot{token}/sendMessage")
    except RuntimeError:
        log.exception("boom")
    assert token not in stream.getvalue() and "<TOKEN>" in stream.getvalue()


def test_refusals_of_users_and_years_are_worded_with_their_values_escaped() -> None:
    from bot.errors import describe
    from lakip_model.errors import Conflict, NotFound
    from lakip_model.queries import YearNotFound

    assert describe(NotFound("unit.unknown", code="<b>x")) == "Unit '&lt;b&gt;x' tidak dikenal."
    assert describe(Conflict("registration.decided", status="ditolak")) == (
        "Permintaan ini sudah ditolak."
    )
    assert describe(YearNotFound(1999, [2021, 2022])) == (
        "Tidak ada data untuk tahun 1999. Tahun yang tersedia: 2021, 2022."
    )
    assert describe(YearNotFound(None, [])) == "Belum ada data laporan di basis data."
    assert describe(Conflict("year.exists", year=2022)) == "Tahun 2022 sudah ada."
