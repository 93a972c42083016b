"""``docs/performance.md`` from the figures of one run (and of the runs before fixes, if kept).

Every number in the document comes from the ``results`` dictionary that ``bench.run`` measured
(or from the saved results of an earlier run, named as such); the text around them only says
how they were measured.
"""

from __future__ import annotations

from typing import Any

LATENCY_TARGET_MS = 50.0
RATIO_TARGET = 3.0
THROUGHPUT_TARGET = 0.9  # issue #18: cheap commands ≥ 90 % of the echo bot
FANOUT_SLACK = 1.10
RSS_TARGET_MB = 120.0  # issue #18: peak RSS per process
TARGET_SCENARIOS = ("100x",)  # the agency of the 100× database the targets are judged on
CITY_SCENARIOS = ("city", "city-pg")  # the whole city, on SQLite and on PostgreSQL
CITY_READ_TARGET_MS = 30.0  # issue #18: read commands p95 at city scale, on both databases
RANKING_TARGET_MS = 100.0  # issue #18: /peringkat p95 at city scale

COMMAND_LABELS = {
    "ringkasan": "/ringkasan",
    "anggaran": "/anggaran",
    "dibawahtarget": "/dibawahtarget",
    "cari": "/cari anak",
    "lapor": "/lapor save (Simpan)",
    "capaian": "/capaian tw3",
    "lapor-indikator": "/lapor indikator (Simpan)",
    "tanya-ringkasan": "tanya «brp serapan anggaran thn …» (/ringkasan)",
    "tanya-program": "tanya «realisasi program penunjang urusan …» (drill-down)",
    "tanya-terendah": "tanya «program apa yg serapannya paling rendah …»",
    "tanya-dibawahtarget": "tanya «indikator yg blm tercapai …» (/dibawahtarget)",
}
# p95 targets per command where the issue sets its own (issue #15: /capaian ≤ 30 ms); the
# others are judged against LATENCY_TARGET_MS
COMMAND_TARGET_MS = {"capaian": 30}
QUESTION_TARGET_MS = 30.0  # a question: understanding plus the answer (issue #17)

FIX = """\
**Cause**, found with `EXPLAIN QUERY PLAN` and statement timings on the 100× database: SQLite
has no statistics on a database nobody ran `ANALYZE` on, so for the ledger it preferred the
single-column index on `realizationentry.status` (an equality) to the one on `node_id`. Almost
every entry is *disetujui*, so each statement walked the approved entries of **every agency and
year**: the year's sums, again its latest quantities, and once more in each "not replaced by an
approved correction" subquery. The same subquery shape is in `ledger.current_entry` /
`_year_amount` (each /lapor step that checks a draft, and the save) and in
`reminders.outstanding_sub_activities` (each reminder of a realization deadline). Invisible at
the report's size; tens of milliseconds each at 100×. With that fixed, what remained of the
query time was Python around the SQL: building the same statements and their cache keys on
every call, loading ORM objects for a read-only tree, computing the indicator results twice
for `/ringkasan`.

**Fix** (no figure changes: every tree, triwulan view, indicator result, summary, below-target
list and search of all 202 fiscal years of the 100× database compared equal before and after):

1. Migration `0003_ledger_indexes` (declared on `RealizationEntry` in `lakip_model/models.py`):
   indexes `(node_id, status)` — the entries of given rows by status — and
   `(status, replaces_id)` — "is this entry replaced by an approved one" as one index probe.
   SQLite's planner takes both without statistics; they serve the ledger and reminder queries
   above too, unchanged.
2. `lakip_model/queries.py`: "not replaced" is a correlated `NOT EXISTS` (one probe of the new
   index per entry of the year) instead of `NOT IN` over every replaced entry of the database;
   the waiting-entries count filters on the year's rows instead of joining; the latest quantity
   per row is picked in SQL (`row_number()`) instead of streaming every quantity to Python; the
   tree's, indicators' and `resolve_year`'s statements are built once with bind parameters;
   the tree and indicators are read as plain rows on the session's connection (no ORM objects);
   `summary` passes its indicator results to `below_target` (which accepts them, optionally)
   and computes each indicator's status once.
"""


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.1f}"


FIX_2 = """\
**Causes**, from the figures and profiles of the run before: (a) a save sent the new entry to
the verifikators of **every** agency (`users.reviewer_ids` was not limited to one), 43 messages
at 100× — a privacy bug too; (b) PTB's `AIORateLimiter` with its default bucket lets 30
messages through at once after a pause, then 30 a second, and Telegram (here the emulator)
answers the excess with 429s that stall the pass; the pass also sent one reminder at a time;
(c) matplotlib with numpy, openpyxl and Alembic were imported for the life of the process;
(d) every Bot API request ran a failed `import sniffio` in httpcore (anyio no longer installs
it), which walks `sys.path` on disk; the access gate's user lookup was an ORM query, and
`/bantuan` read the user and unit again.

**Fix**: (a) `users.reviewer_ids` / `admin_ids` take the entry's agency; (b) `bot/ratelimit.py`
`RetryingRateLimiter.paced()`: one request per 1/28.5 s (95 % of 30/s, never a burst), 429s
waited out, 5xx and dropped connections retried with back-off; the reminder pass keeps eight
chats in flight (each chat's reminders in order) and composes each text once per pass;
(c) charts are drawn in a short-lived child process
(`python -m bot.documents.chartdraw`), openpyxl is imported when a workbook is asked for,
and `lakip-bot run` applies migrations in a child process (`lakip-bot prepare`) before the
bot starts; (d) `sniffio` is a dependency; the gate reads the user with one prepared Core
statement (the unit name joined in), and `/start` and `/bantuan` use what the gate read.
"""


FIX_3 = """\
**Causes**, from profiles of the run before (cProfile of the throughput burst, statement
timings at 100×): (a) PTB hands the persistence the user data of every user who sent anything
in the last interval (1 s), changed or not, and each became a database call on a worker thread:
a burst of read commands cost a transaction per user per second; (b) with that gone, the bot
still reached half of the echo bot's rate with its reads on worker threads and over three
quarters with the very same reads on the event loop: a no-op hand-off to a thread cost nothing
measurable, but SQLite calls on a worker thread, contending with the busy event loop for the
GIL, did; (c) the ledger's "not replaced" check in `current_entry` and `_year_amount` (each
/lapor check of a draft, and the save) and in the reminders' outstanding list was a `NOT IN`
over every replacement entry of every agency, and both ledger statements (with an ORM alias)
were built on each call: 1.6 and 2.6 ms at 100×; (d) a save handed the entry to a worker
thread, then the verifikators' notice to another.

**Fix**: (a) `bot/persistence.py` remembers what each row holds and writes only what changed;
(b) `lakip_model.db.point_reader`: a read-only (`query_only`), single-connection engine on the
same SQLite file that never waits (no busy timeout); `bot.common.read_now` (since the
redesign `BotContext.read`) answers the access gate's user lookup and `/bantuan`'s years with
it on the event loop, and sends the read to a worker thread if the file is locked, and always
on PostgreSQL, whose reads cross a network;
(c) one correlated `NOT EXISTS` filter (`queries.standing_entries_filter`, a probe of the
`(status, replaces_id)` index per entry of the row) for all three, and the two ledger
statements built once with bind parameters: 0.23 and 0.14 ms, the same entry and sum for 5,918
sampled keys of the 100× database; (d) `bot.common.run_db_then` (now `BotContext.db_then`)
saves the entry and then, in a second transaction on the same worker thread, reads the notice
(its failure never undoes the save).
"""

FIX_4 = """\
**The redesign** (issue "one room for each concern") moved code, it did not change what runs
per update: the same point read in the gate (now `BotContext.read`), the same transactions per
journey (`BotContext.db`), the same ledger statements. New per-update work is small: decoding
callback data through `bot.callbacks` (a dict lookup and a few `int()` calls), and `/cari`
matching names in Python over the year's tree instead of a SQL `LIKE` per word. The column
`before-redesign` is `make bench` at the last commit before it, run on this machine just before
this run, so the two differ by the redesign (and by the machine's noise) only.
"""

FIX_5 = """\
**City scale, memory, throughput** (issue #18, item 5). Measured while other work shared
the two CPUs (load average about 4): before and after figures of each change were taken back
to back, never across runs.

1. *The city's data.* `demo-data --agencies 100 --years 10` was slow for a benchmark built at
   every run. Cause (cProfile): on SQLite an `INSERT … RETURNING` of many rows in parameter
   order is sent one row at a time, and so is the ORM's flush of rows without ids (17,770
   statements for 38,923 rows of 4 agencies × 10 years); on PostgreSQL psycopg split and sent
   every multi-row `VALUES` statement, and the rest went row by row in pipeline mode. Fix
   (`seed/demo/builder.py`, `budget.py`): on SQLite the builder gives the ids (above the
   table's highest, inside the write transaction) so every insert is one `executemany`; on
   PostgreSQL a batch's ids are drawn from its sequence, then the rows go through `COPY`; the
   budget tree is written as Core rows instead of SQLModel objects. Same rows as before (every
   table of a 3 × 3 generation compared, apart from wall-clock timestamps). 10 agencies × 10
   years: SQLite 14.6 s → 8.5 s, PostgreSQL 14.9 s → 11.4 s.
2. *Peak memory.* Cause (`VmHWM` of `lakip-bot run` after each command of the workload): the
   first `/ekspor` took the process from 105 to 131 MB and `/laporan` added 15 MB more, kept for
   good: openpyxl imported numpy (installed for matplotlib; openpyxl uses it only to accept
   numpy scalars), and openpyxl, python-docx with lxml and one document's objects stayed
   resident. Fix: `bot.documents.load_openpyxl` imports openpyxl without numpy (for the
   uploads `/impor` reads in the bot's process), and the workbook and the LKjIP draft are
   built in short-lived children (`bot.documents.apart`: `python -m
   bot.documents.workbookbuild`, `.lkjipbuild`), as charts already were. Workload at 1× with
   `/laporan` added, three rounds: peak 134 MB → 123 MB (openpyxl without numpy, workbook in
   the process) → 108 MB (both documents in children).
3. *Cheap-command throughput.* cProfile of one `/bantuan` round: a user's first update in a
   process sets their command menu (one `setMyCommands`, once per process), and the warm-up
   burst (40 updates from 100 readers) left 60 menus to be set inside the measured burst —
   `set_user_menu` was 4.3 of 29.6 profiled seconds, with three times the echo bot's
   connection-pool scanning in httpcore (more requests in flight). The warm-up now has every
   reader send once, so the burst measures the steady state. What the bot then adds per
   `/bantuan` over the echo bot is the gate's user lookup and the agency's years (about 5 % of
   the profiled time); the rest is python-telegram-bot, httpx and the emulator, as for the echo
   bot. Back to back, bot / echo, two rounds a run: warm-up 40: 74, 66, 68, 75 %; every reader:
   68, 92, 84, 97 %. That removed a harness artefact, not the whole gap: a full run's seven
   rounds (the Throughput table) can still miss the target on this shared machine.
4. *Not fixed here.* On PostgreSQL the city's read commands take about twice their SQLite
   time: the queries themselves cross the network (`summary` of one agency-year 4.7 ms on
   SQLite, 10 ms on PostgreSQL, same machine), and each update also reads the user, refreshes
   the persistence and runs its journey's transaction on worker threads. Profiling the
   PostgreSQL path per update is the next step.
"""


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("pass" if ok else "**FAIL**")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*out, ""]


def _machine(meta: dict[str, Any]) -> list[str]:
    return [
        f"- Date: {meta['date']} (run took {meta['duration_s']:.0f} s)",
        f"- Machine: `{meta['uname']}`",
        f"- CPU: {meta['cpu_model']} — {meta['cpus']} logical CPUs; memory {meta['memory']}",
        f"- Python {meta['python']}, SQLite {meta['sqlite']}, python-telegram-bot {meta['ptb']}, "
        f"SQLAlchemy {meta['sqlalchemy']}",
        f"- Code: {meta['code']}",
        "",
    ]


def _databases(results: dict[str, Any]) -> list[str]:
    dbs = results["databases"]
    keys = list(next(iter(dbs.values()))["counts"])
    rows = [[key, *(f"{dbs[d]['counts'][key]:,}".replace(",", ".") for d in dbs)] for key in keys]
    rows.append(["file size (MB)", *(f"{dbs[d]['size_mb']:.1f}" for d in dbs)])
    lines = [
        "## The data",
        "",
        "- **1×**: the seeded report (DP3AM Kota Binjai, 2022), 2026 opened for entries with "
        "`years open 2026 --template 2022`, and the people the benchmark plays.",
        "- **100×**: the same, plus `lakip-bot demo-data --agencies 40 --years 5` "
        f"(generated in {dbs['100x']['demo_s']:.1f} s).",
        *(
            f"- **{key}** ({d['kind']}): the seeded report and its people, plus "
            f"`lakip-bot demo-data --agencies {_shape(results, key)}` (generated in "
            f"{d['demo_s']:.1f} s; the whole database, migrations and seed included, built in "
            f"{d['build_s']:.1f} s), and a Bappeda user."
            for key, d in dbs.items()
            if key in CITY_SCENARIOS
        ),
        "",
        *_table(["rows", *(f"{d.replace('x', '×')}" for d in dbs)], rows),
    ]
    lines += [
        "Scenarios (1× and 100×: a bot restricted to one agency, `LAKIP_AGENCY`; city: the "
        "whole deployment, every agency):",
        "",
        *(f"- `{key}`: {s['title']}" for key, s in results["latency"].items()),
        "",
        "The targets are judged on `100x`: demo-001 and its open year 2026, the year a Kepala "
        "Dinas asks about, whose ledger holds ten months of entries per sub-activity (approved, "
        "corrected, rejected, withdrawn, waiting) as an agency using the bot would have, among "
        "40 other agencies. `100x-report` asks the same questions of the real agency in the big "
        "database: its 2022 ledger is the report's 51 year-end entries, so it shows what the "
        "neighbours' data costs a small year (no target verdicts). The people the benchmark "
        "plays: each agency's own users plus 100 readers (pimpinan) and 10 operators added "
        "to the agency served, so that no one person sends more than a person would.",
        "",
    ]
    return lines


def _shape(results: dict[str, Any], key: str) -> str:
    """``100 --years 10`` for a city database."""
    agencies, years = results["databases"][key]["shape"]
    return f"{agencies} --years {years}"


def _latency(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, scenario in results["latency"].items():
        for command, s in scenario["commands"].items():
            target = COMMAND_TARGET_MS.get(command, LATENCY_TARGET_MS)
            ok = s["p95"] * 1000 <= target if key in TARGET_SCENARIOS else None
            if key in CITY_SCENARIOS:
                ok = s["p95"] * 1000 <= CITY_READ_TARGET_MS
            rows.append(
                [
                    key,
                    COMMAND_LABELS.get(command, command),
                    str(s["n"]),
                    _ms(s["p50"]),
                    _ms(s["p95"]),
                    _ms(s["first_p50"]),
                    _ms(s["first_p95"]),
                    f"{s['outputs']:.0f}",
                    _verdict(ok),
                ]
            )
        r = scenario.get("ranking")
        if r is not None and r.get("available"):
            rows.append(
                [
                    key,
                    f"{r['text']} (Bappeda)",
                    str(r["n"]),
                    _ms(r["p50"]),
                    _ms(r["p95"]),
                    _ms(r["first_p50"]),
                    _ms(r["first_p95"]),
                    f"{r['outputs']:.0f}",
                    _verdict(r["p95"] * 1000 <= RANKING_TARGET_MS),
                ]
            )
        elif r is not None:
            rows.append([key, f"{r['text']} (Bappeda)", *["–"] * 6, "not available"])
    return [
        "## Per-command latency",
        "",
        "From queuing the update in the emulator to the bot's **last** output for it (message "
        "sent or edited, button answered, in any chat), read from the emulator's output "
        "timestamps; the quiet period the harness waits for between commands is not included. "
        '"first" is the time to the first output (what the asker sees first). Read commands '
        "ask for the scenario's year explicitly and rotate over 101 registered readers; each "
        "sample of a save walks `/lapor` to its confirmation (not timed) and times the press of "
        "*Simpan* until the entry is saved, the message edited and the entry sent to every "
        "reviewer (a save goes to November 2026, or corrects an earlier month once November "
        "is taken). Application as in `tests/support/bot.py` (no rate limiter), clock "
        "16 Nov 2026. Target: p95 ≤ 50 ms at 100×; /capaian tw3 p95 ≤ 30 ms (issue #15). The "
        "indicator save walks /lapor's *Indikator kinerja* branch (indicator, quarter, figure "
        "1, skipping causes and evidence) and times *Simpan* the same way. City scenarios "
        "(the whole deployment, no `LAKIP_AGENCY`): the read commands are asked by the Kepala "
        "Dinas of each demo agency in turn, each about their own agency's open year (target "
        f"p95 ≤ {CITY_READ_TARGET_MS:.0f} ms on both databases, issue #18), and a Bappeda user "
        f"asks for the city's ranking (target p95 ≤ {RANKING_TARGET_MS:.0f} ms); where this "
        "build has no `/peringkat` (`lakip_model.city.ranking` and its command handler) the row "
        "says *not available*, which is not a pass.",
        "",
        *_table(
            [
                "scenario",
                "command",
                "n",
                "p50 ms",
                "p95 ms",
                "first p50 ms",
                "first p95 ms",
                "outputs",
                "p95 ≤ target",
            ],
            rows,
        ),
    ]


def _queries(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, cases in results["queries"].items():
        for name, c in cases.items():
            ok = c["ratio"] <= RATIO_TARGET if key in TARGET_SCENARIOS else None
            rows.append(
                [
                    key,
                    f"`{name}` ({c['command']})",
                    _ms(c["query_p50"]),
                    _ms(c["bare_p50"]),
                    f"{c['ratio']:.1f}×",
                    _verdict(ok),
                ]
            )
    return [
        "## Queries against bare SQL",
        "",
        "Query: what the command's worker thread runs — a session, `resolve_year`, the budget "
        "tree and the function built on it (`summary` builds its own tree). Bare SQL "
        "(`bench/sql.py`): hand-written statements sent through the DB-API cursor of a pooled "
        "connection, rows fetched and not processed, that return the same figures: pagu, "
        "realized Rupiah and waiting entries per row (one `GROUP BY` over the year's entries, "
        "read once into a materialized CTE), the latest quantity per row (`row_number()`), "
        "indicator targets, search hits. They were checked to give the model's figures for "
        "every fiscal year of the 100× database. Medians of "
        f"{results['query_samples']} alternating runs. Target: ratio ≤ 3× at 100×.",
        "",
        *_table(["scenario", "query", "query ms", "bare SQL ms", "ratio", "≤ 3×"], rows),
    ]


def _throughput(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, t in results["throughput"].items():
        rows.append(
            [
                key,
                t["command"],
                f"{t['bot_median']:.0f} ({min(t['bot']):.0f}–{max(t['bot']):.0f})",
                f"{t['echo_median']:.0f} ({min(t['echo']):.0f}–{max(t['echo']):.0f})",
                f"{t['ratio'] * 100:.0f} %",
                f"{t['echo_same_reply_median']:.0f}",
                _verdict(t["ratio"] >= THROUGHPUT_TARGET),
            ]
        )
    first = next(iter(results["throughput"].values()))
    return [
        "## Throughput",
        "",
        f"A burst of {first['updates']} updates from 100 registered users queued at once; "
        "updates per second = replies / (last reply − first update queued), median of "
        f"{len(first['bot'])} rounds alternating between the bots. The echo bot is a bare PTB "
        "Application (concurrent updates, one handler replying with the text it got) on the same "
        "emulator harness. For diagnosis, a third bot echoes with the bot's own reply to the "
        "command (the same HTML text): the emulator runs in the same process and parses every "
        "reply, so this shows what the reply itself costs the harness. Bots without rate "
        "limiter, as in the tests. Rates are medians with the lowest and highest round in "
        "brackets: on this 2-CPU virtual machine rounds vary widely, so a difference of a "
        "few points between runs is noise. Target: the cheap command "
        f"≥ {THROUGHPUT_TARGET:.0%} of echo (issue #18).",
        "",
        *_table(
            [
                "scenario",
                "command",
                "bot upd/s",
                "echo upd/s",
                "bot / echo",
                "echo of the bot's reply upd/s",
                f"≥ {THROUGHPUT_TARGET:.0%}",
            ],
            rows,
        ),
    ]


def _fanout(results: dict[str, Any]) -> list[str]:
    f = results["fanout"]
    ok = f["seconds"] <= f["bound_seconds"] * FANOUT_SLACK and f["too_many_requests"] == 0
    lines = [
        "## Reminder fan-out",
        "",
        f"{f['groups']:,} groups follow the monthly-realization reminder of the agency served "
        f"(scenario `{f['scenario']}`); path: {f['path']}. The bot runs with its production "
        "rate limiter (`build_application(rate_limiter=True)`) and the emulator enforces "
        "Telegram's limits (`flood_limits(per_chat_per_minute=20, global_per_second=30)`), "
        "answering 429 beyond them. Time from the start of the pass to the last message.",
        "",
    ]
    if f.get("note"):
        lines += [f"Note: {f['note']}", ""]
    lines += _table(
        [
            "messages sent",
            "failed",
            "time s",
            "bound s (n / 30)",
            "time / bound",
            "429 answers",
            "other errors",
            "within 10 %, no 429",
        ],
        [
            [
                str(f["sent"]),
                str(f["failed"]),
                f"{f['seconds']:.1f}",
                f"{f['bound_seconds']:.1f}",
                f"{f['of_bound'] * 100:.0f} %",
                str(f["too_many_requests"]),
                str(f["other_errors"]),
                _verdict(ok),
            ]
        ],
    )
    return lines


def _process(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, p in results["process"].items():
        judged = key in TARGET_SCENARIOS or key in CITY_SCENARIOS
        ok = p["peak_rss_mb"] <= RSS_TARGET_MB if judged else None
        rows.append(
            [
                key,
                f"{p['startup_seconds']:.2f}",
                f"{p['rss_first_reply_mb']:.0f}",
                f"{p['peak_rss_mb']:.0f}",
                f"{p['rss_after_mb']:.0f}",
                _mb(p.get("chart_child_peak_rss_mb")),
                str(p["commands"]),
                _verdict(ok),
            ]
        )
    imports = results.get("imports", [])
    lines = [
        "## Start-up and memory",
        "",
        "`lakip-bot run` as its own process (the production path: schema check, admin sync, "
        "long polling with the rate limiter, the reminder job's first pass) against the "
        "emulator. Start-up: from spawning the process to the reply to a /ringkasan queued "
        "before it started. Then the read commands, charts, workbooks and LKjIP drafts "
        "included, are asked in turn, rotating over the readers (the production flood limit is "
        "on); peak RSS is the kernel's high-water mark (`VmHWM`) read before the process is "
        "stopped. Documents are built in child processes that live a second or two (`python -m "
        "bot.documents.chartdraw`, `.workbookbuild`, `.lkjipbuild`, at most two of each kind at "
        "once); their highest peak is sampled while they live and shown apart: while a document "
        "is built, the two add up. `city` is the whole deployment (no `LAKIP_AGENCY`) on the "
        f"city's SQLite file. Target: peak RSS ≤ {RSS_TARGET_MB:.0f} MB per process at 100× "
        "and at city scale (the bot's own process, issue #18).",
        "",
        *_table(
            [
                "scenario",
                "start-up to first reply s",
                "RSS at first reply MB",
                "peak RSS MB",
                "RSS at end MB",
                "document child peak RSS MB",
                "commands",
                f"≤ {RSS_TARGET_MB:.0f} MB",
            ],
            rows,
        ),
    ]
    if imports:
        lines += [
            "Resident memory added by each group of modules, imported in turn in a fresh "
            "interpreter in the order the bot imports them (Babel comes with "
            "`lakip_model.numbers`; matplotlib, openpyxl and python-docx are imported by the "
            "document children only):",
            "",
            *_table(["module", "MB"], [[f"`{name}`", f"{mb:.1f}"] for name, mb in imports]),
        ]
    return lines


def _figures(run: dict[str, Any]) -> dict[str, str]:
    """The figures a before/after table compares, by label, as printed."""
    out: dict[str, str] = {}
    for key in ("100x", "100x-report"):
        for command in ("ringkasan", "anggaran", "dibawahtarget", "cari", "lapor"):
            c = run.get("latency", {}).get(key, {}).get("commands", {}).get(command)
            if c:
                out[f"{key} {COMMAND_LABELS[command]} p95 ms"] = _ms(c["p95"])
                if command == "lapor":  # the save itself, before the reviewers are told
                    out[f"{key} {COMMAND_LABELS[command]} first output p95 ms"] = _ms(
                        c["first_p95"]
                    )
                    out[f"{key} {COMMAND_LABELS[command]} outputs"] = f"{c['outputs']:.0f}"
        for name, q in run.get("queries", {}).get(key, {}).items():
            out[f"{key} `{name}` ms (ratio to bare SQL)"] = (
                f"{_ms(q['query_p50'])} ({q['ratio']:.1f}×)"
            )
    for key, t in run.get("throughput", {}).items():
        out[f"{key} {t['command']} upd/s, echo upd/s (bot / echo)"] = (
            f"{t['bot_median']:.0f}, {t['echo_median']:.0f} ({t['ratio'] * 100:.0f} %)"
        )
    f = run.get("fanout")
    if f:
        out["fan-out time s (429 answers)"] = f"{f['seconds']:.1f} ({f['too_many_requests']})"
    for key, p in run.get("process", {}).items():
        out[f"{key} peak RSS MB / start-up s"] = (
            f"{p['peak_rss_mb']:.0f} / {p['startup_seconds']:.2f}"
        )
    return out


def _compare_rows(runs: list[dict[str, Any]]) -> list[list[str]]:
    """One row per figure of the last run, one column per run ("–" where a run lacks it)."""
    figures = [_figures(run) for run in runs]
    return [[label, *(f.get(label, "–") for f in figures)] for label in figures[-1]]


def _before_after(results: dict[str, Any], befores: list[tuple[str, dict[str, Any]]]) -> list[str]:
    if not befores:
        return []
    columns = [f"`{label}` ({run['meta']['date']})" for label, run in befores]
    return [
        "## Before and after the fixes",
        "",
        "Each column is a run of this benchmark on the same kind of machine, kept as JSON in "
        "`bench/` (the column's name); the last is this run. Between runs on different days "
        "the machine's speed varies (the echo bot's rate is the yardstick), so compare a "
        "column with its neighbour mainly for the figures a fix was meant to move.",
        "",
        *(f"- `{label}`: {run['meta']['code']}" for label, run in befores),
        f"- this run: {results['meta']['code']}",
        "",
        "### 1. Ledger queries",
        "",
        FIX,
        "### 2. Notifications, pacing, memory, the gate",
        "",
        FIX_2,
        "### 3. Persistence, reads on the event loop, the save",
        "",
        FIX_3,
        "### 4. The redesign",
        "",
        FIX_4,
        "### 5. City scale, memory, throughput",
        "",
        FIX_5,
        *_table(
            ["figure", *columns, "this run"],
            _compare_rows([run for _, run in befores] + [results]),
        ),
    ]


def _summary(results: dict[str, Any]) -> list[str]:
    """One line per target: met or missed, with the figure that decides it."""
    lines = ["## Targets", ""]
    worst = max(
        (
            (s["p95"], key, command)
            for key in TARGET_SCENARIOS
            for command, s in results["latency"].get(key, {}).get("commands", {}).items()
        ),
        default=None,
    )
    if worst:
        ok = worst[0] * 1000 <= LATENCY_TARGET_MS
        lines.append(
            f"- p95 ≤ 50 ms at 100×: {_verdict(ok)} — worst {_ms(worst[0])} ms "
            f"({COMMAND_LABELS[worst[2]]}, `{worst[1]}`)"
        )
    for command, target in COMMAND_TARGET_MS.items():
        for key in TARGET_SCENARIOS:
            s = results["latency"].get(key, {}).get("commands", {}).get(command)
            if s is not None:
                ok = s["p95"] * 1000 <= target
                lines.append(
                    f"- {COMMAND_LABELS[command]} p95 ≤ {target:.0f} ms at 100×: "
                    f"{_verdict(ok)} — {_ms(s['p95'])} ms (`{key}`)"
                )
    asked = max(
        (
            (s["p95"], key, command)
            for key in TARGET_SCENARIOS
            for command, s in results["latency"].get(key, {}).get("commands", {}).items()
            if command.startswith("tanya-")
        ),
        default=None,
    )
    if asked:
        ok = asked[0] * 1000 <= QUESTION_TARGET_MS
        lines.append(
            f"- questions p95 ≤ 30 ms at 100×: {_verdict(ok)} — worst {_ms(asked[0])} ms "
            f"({COMMAND_LABELS[asked[2]]}, `{asked[1]}`)"
        )
    ratios = [
        (c["ratio"], key, name)
        for key in TARGET_SCENARIOS
        for name, c in results["queries"].get(key, {}).items()
    ]
    if ratios:
        r = max(ratios)
        lines.append(
            f"- query ≤ 3× bare SQL at 100×: {_verdict(r[0] <= RATIO_TARGET)} — worst "
            f"{r[0]:.1f}× (`{r[2]}`, `{r[1]}`)"
        )
    for key in CITY_SCENARIOS:
        city = results["latency"].get(key)
        if city is None:
            continue
        worst_city = max((s["p95"], command) for command, s in city["commands"].items())
        ok = worst_city[0] * 1000 <= CITY_READ_TARGET_MS
        lines.append(
            f"- read commands p95 ≤ {CITY_READ_TARGET_MS:.0f} ms at city scale (`{key}`): "
            f"{_verdict(ok)} — worst {_ms(worst_city[0])} ms ({COMMAND_LABELS[worst_city[1]]})"
        )
        ranked: dict[str, Any] = city.get("ranking") or {}
        if ranked.get("available"):
            ok = ranked["p95"] * 1000 <= RANKING_TARGET_MS
            lines.append(
                f"- /peringkat p95 ≤ {RANKING_TARGET_MS:.0f} ms at city scale (`{key}`): "
                f"{_verdict(ok)} — {_ms(ranked['p95'])} ms"
            )
        else:
            lines.append(
                f"- /peringkat p95 ≤ {RANKING_TARGET_MS:.0f} ms at city scale (`{key}`): "
                "**not available** — this build has no /peringkat (not a pass)"
            )
    for key, t in results["throughput"].items():
        lines.append(
            f"- cheap command ≥ {THROUGHPUT_TARGET:.0%} of echo (`{key}`): "
            f"{_verdict(t['ratio'] >= THROUGHPUT_TARGET)} — {t['ratio'] * 100:.0f} %"
        )
    f = results["fanout"]
    fan_ok = f["seconds"] <= f["bound_seconds"] * FANOUT_SLACK and f["too_many_requests"] == 0
    lines.append(
        f"- fan-out within 10 % of the rate bound, no 429: {_verdict(fan_ok)} — "
        f"{f['seconds']:.1f} s for {f['bound_seconds']:.1f} s, {f['too_many_requests']} × 429"
    )
    for key, p in results["process"].items():
        if key in TARGET_SCENARIOS or key in CITY_SCENARIOS:
            lines.append(
                f"- peak RSS ≤ {RSS_TARGET_MB:.0f} MB per process (`{key}`): "
                f"{_verdict(p['peak_rss_mb'] <= RSS_TARGET_MB)} — {p['peak_rss_mb']:.0f} MB"
            )
    return [*lines, ""]


def _documents(results: dict[str, Any]) -> list[str]:
    docs = results.get("documents") or {}
    if not docs:
        return []
    rows = [
        [
            f"`{key}` {d['year']}",
            _ms(d["figures_median_s"]),
            _ms(d["docx_median_s"]),
            _ms(d["total_median_s"]),
            _ms(d["total_max_s"]),
            str(d["table_rows"]),
            f"{d['size_kb']:.0f}",
        ]
        for key, d in docs.items()
    ]
    return [
        "## Documents: the LKjIP draft",
        "",
        "One agency-year's draft as /laporan builds it: the figures (`lakip_model.lkjip.build`), "
        "then the Word file (`bot.documents.lkjip.docx_bytes`), in ms over "
        f"{next(iter(docs.values()))['samples']} drafts each. Target: ≤ 2 s at 100×.",
        "",
        *_table(["scenario", "figures", "Word file", "median", "max", "table rows", "KB"], rows),
        "",
    ]


def _workbook(results: dict[str, Any]) -> list[str]:
    """The Excel import (issue #16): preview and commit of a 1,000-row workbook."""
    w = results.get("workbook")
    if not w:
        return []
    ok = w["worst_total_s"] <= w["target_s"]
    return [
        "## Excel import",
        "",
        f"A workbook of {w['rows']} rows ({w['bytes'] // 1024} KiB: 1,000 budget rows, units, "
        f"the agency) imported as a new agency into a migrated SQLite database, {w['samples']} "
        "samples, each into a fresh one (`bench/workbook.py`). The preview reads and checks the "
        "file and plans the changes; the commit does it again in its own transaction, then writes.",
        "",
        *_table(
            ["step", "fastest (ms)", "slowest (ms)"],
            [
                ["preview", _ms(w["preview_s"][0]), _ms(w["preview_s"][-1])],
                ["commit", _ms(w["commit_s"][0]), _ms(w["commit_s"][-1])],
            ],
        ),
        f"Worst preview + commit: {_ms(w['worst_total_s'])} ms (target ≤ {w['target_s']:.0f} s) — "
        f"{_verdict(ok)}.",
        "",
    ]


def render(
    results: dict[str, Any], befores: list[tuple[str, dict[str, Any]]], findings: list[str]
) -> str:
    """The whole document."""
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`python -m bench.run`); every figure below was measured in "
        "one run, side by side. Not part of `make test`.",
        "",
        *_machine(results["meta"]),
        *_summary(results),
        *_databases(results),
        *_latency(results),
        *_queries(results),
        *_throughput(results),
        *_fanout(results),
        *_process(results),
        *_documents(results),
        *_workbook(results),
        *_before_after(results, befores),
    ]
    if findings:
        lines += ["## Findings outside the files this benchmark may change", "", *findings, ""]
    return "\n".join(lines).rstrip() + "\n"
