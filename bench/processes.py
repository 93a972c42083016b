"""Several bot processes on one PostgreSQL database (issue #18, items 4 and 5).

    python -m bench.processes --url postgresql+psycopg://postgres@127.0.0.1:5432/lakip_p

(The database is emptied and rebuilt: give one made for this. ``make bench`` runs it when
``LAKIP_BENCH_DATABASE_URL`` is set.) Two measurements, written into docs/performance.md
between the markers of :data:`MARK`:

- **Updates per second**, one process against two: ``lakip-bot run`` in webhook mode, each on
  its own port, behind one "URL": :class:`Relay` plays Telegram's webhook delivery and the load
  balancer, taking the updates the emulator queues and POSTing each to the next process in turn
  (with the secret header). A burst of cheap commands from many readers (no reader over the flood
  limit, which stays on: shared in the database), timed from the first POST to the last reply.
- **Reminder fan-out from two processes at once**: 1,000 groups subscribe; two processes start a
  delivery pass at the same instant (:func:`fanout_worker`, the production rate limiter: the
  shared send pace). The emulator enforces Telegram's limits and counts 429s; every group must
  get its reminder exactly once.

The same pieces (:class:`WebhookProcess`, :class:`Relay`, :func:`run_fanout_workers`) are what
tests/robustness/test_processes.py starts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from emulator import BotApiEmulator

SECRET = "bench_Secret-0123456789"
WEBHOOK_URL = "https://lakip.test/telegram"  # never called: the relay posts to each process
ROOT = Path(__file__).resolve().parents[1]
MARK = ("<!-- processes: bench/processes.py -->", "<!-- /processes -->")
Route = Callable[[dict[str, Any]], int]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _base_env(workdir: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "PYTHONUNBUFFERED": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(workdir / "mpl"),
    }
    if "PYTHONPATH" in os.environ:  # a checkout other than the installed one
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@dataclass
class WebhookProcess:
    """``python -m bot.cli run`` in webhook mode on its own port, against ``emu``."""

    name: str
    emu: BotApiEmulator
    database_url: str
    workdir: Path
    admin_ids: str = "7001"
    env: dict[str, str] = field(default_factory=dict)  # more settings (LAKIP_AGENCY, ...)
    paced: bool = True  # False: without the outgoing rate limiter (bench only: processing)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"bot-{self.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        env = {
            **_base_env(self.workdir),
            "TELEGRAM_BOT_TOKEN": self.emu.token,
            "TELEGRAM_BASE_URL": self.emu.base_url,
            "TELEGRAM_BASE_FILE_URL": self.emu.base_file_url,
            "TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_WEBHOOK_LISTEN": f"127.0.0.1:{self.port}",
            "DATABASE_URL": self.database_url,
            "LAKIP_ADMIN_IDS": self.admin_ids,
            **self.env,
        }
        command = [sys.executable, "-m", "bot.cli", "run"]
        if not self.paced:
            command = [sys.executable, "-m", "bench.processes", "webhook-bot"]
            env["PYTHONPATH"] = str(ROOT)
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=self.workdir,  # no .env of the project folder
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def listening(self, timeout: float = 60.0) -> None:
        """Wait until the webhook port accepts connections."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.output()}")
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name} never listened: {self.output()}") from None
                await asyncio.sleep(0.1)
                continue
            writer.close()
            await writer.wait_closed()
            return

    async def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM (PTB shuts down cleanly); the loop keeps serving the emulator meanwhile."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait(10)
                return
            await asyncio.sleep(0.05)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def round_robin(count: int) -> Route:
    """Each update to the next process in turn: every step of a conversation changes process."""
    turn = iter(range(10**12))
    return lambda _update: next(turn) % count


class Relay:
    """Telegram's webhook delivery and the load balancer in one.

    The emulator queues updates for ``getUpdates`` (it does not deliver webhooks); the relay
    takes them from that queue, as long polling would, and POSTs each with the secret header to
    the process ``route`` picks. PTB answers a webhook POST as soon as the update is queued, so
    the relay never waits for the bot's work.
    """

    def __init__(
        self, emu: BotApiEmulator, processes: Sequence[WebhookProcess], route: Route | None = None
    ) -> None:
        self.emu = emu
        self.processes = list(processes)
        self.route = route or round_robin(len(self.processes))
        self.posted: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None
        self._client = httpx.AsyncClient(timeout=30, headers={"Connection": "keep-alive"})

    async def __aenter__(self) -> Relay:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._client.aclose()

    async def _run(self) -> None:
        emu: Any = self.emu  # the emulator's queue, as getUpdates reads it
        while True:
            batch = emu._pending(100)
            if not batch:
                await emu._updates_signal.wait(0.5)
                continue
            for update in batch:
                await self._post(self.processes[self.route(update) % len(self.processes)], update)
            emu._confirm(batch[-1]["update_id"] + 1)

    async def _post(self, process: WebhookProcess, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for _attempt in range(100):  # a process still starting refuses the connection
            try:
                answer = await self._client.post(process.url, json=update, headers=headers)
            except httpx.TransportError:
                await asyncio.sleep(0.1)
                continue
            answer.raise_for_status()
            self.posted[process.name] += 1
            return
        raise RuntimeError(f"{process.name} never took update {update['update_id']}")


# --- the fan-out from several processes -----------------------------------------------------------


@dataclass
class WorkerReport:
    """What one process's delivery pass did (``bot.jobs.reminders.TickReport``)."""

    sent: int
    failed: int
    taken: int
    seconds: float


async def _fanout_worker(url: str, base_url: str, token: str, instant: str, agency: str) -> None:
    """One process: the production Application (its rate limiter: the shared send pace) runs one
    delivery pass at ``instant``; prints its report as JSON."""
    from bot.app import build_application
    from bot.jobs import reminders
    from bot.settings import BotSettings
    from lakip_model.db import make_engine

    @dataclass(frozen=True)
    class Api:
        token: str
        base_url: str
        base_file_url: str

    settings = BotSettings(
        DATABASE_URL=url,
        LAKIP_AGENCY=agency,
        LAKIP_ADMIN_IDS="7001",  # type: ignore[arg-type]
        TELEGRAM_BOT_TOKEN=None,
    )
    engine = make_engine(url)
    api = Api(token, base_url, base_url.replace("/bot", "/file/bot"))
    app = build_application(settings, engine, api=api, rate_limiter=True)
    at = datetime.fromisoformat(instant)
    app.bot_data.clock = lambda: at
    reminders.disarm(app)
    async with app:
        print("ready", flush=True)
        sys.stdin.readline()  # the start signal: both passes begin together
        started = time.monotonic()
        report = await reminders.deliver_due(app)
        seconds = time.monotonic() - started
    engine.dispose()
    print(
        json.dumps(
            {
                "sent": report.sent,
                "failed": report.failed,
                "taken": report.taken,
                "seconds": seconds,
            }
        ),
        flush=True,
    )


async def run_fanout_workers(
    emu: BotApiEmulator, url: str, instant: datetime, agency: str, workdir: Path, count: int = 2
) -> list[WorkerReport]:
    """``count`` processes deliver the reminders due at ``instant``, starting together."""
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.processes",
            "fanout-worker",
            url,
            emu.base_url,
            emu.token,
            instant.isoformat(),
            agency,
            cwd=workdir,
            env={**_base_env(workdir), "PYTHONPATH": str(ROOT)},  # bench is not installed
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=(workdir / f"fanout-{n}.log").open("wb"),
        )
        for n in range(count)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), timeout=60)
            if line.strip() != b"ready":
                raise RuntimeError(f"a fan-out worker did not start: {line!r}")
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            await proc.stdin.drain()
        reports = []
        for proc in procs:
            assert proc.stdout is not None
            out = await asyncio.wait_for(proc.stdout.read(), timeout=600)
            await proc.wait()
            reports.append(WorkerReport(**json.loads(out.decode().strip().splitlines()[-1])))
        return reports
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


@dataclass
class FanOutRun:
    """Two processes' passes seen from Telegram's side."""

    groups: int
    sent: int  # messages the groups received
    twice: int  # groups that received more than one
    missing: int  # groups that received none
    seconds: float  # first send to last
    too_many_requests: int
    max_in_one_second: int  # the most sends in any 1 s window
    workers: list[WorkerReport]

    @property
    def rate(self) -> float:
        return (self.sent - 1) / self.seconds if self.seconds else 0.0


def count_fanout(
    emu: BotApiEmulator, groups: Sequence[int], workers: list[WorkerReport]
) -> FanOutRun:
    wanted = set(groups)
    sends = sorted(
        (o for o in emu.outputs if o.kind == "send" and o.chat_id in wanted), key=lambda o: o.at
    )
    per_group = Counter(o.chat_id for o in sends)
    times = [o.at for o in sends]
    window = 0
    start = 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        window = max(window, end - start + 1)
    return FanOutRun(
        groups=len(wanted),
        sent=len(sends),
        twice=sum(1 for n in per_group.values() if n > 1),
        missing=len(wanted - set(per_group)),
        seconds=(times[-1] - times[0]) if times else 0.0,
        too_many_requests=sum(1 for _m, code, _d in emu.errors if code == 429),
        max_in_one_second=window,
        workers=workers,
    )


async def fanout(url: str, agency: str, groups: int, workdir: Path) -> FanOutRun:
    """``groups`` groups subscribed, two processes deliver at once under Telegram's limits."""
    from bench.fanout import GROUP_BASE, subscribe_groups

    instant = subscribe_groups(url, agency, groups)
    chats = [GROUP_BASE - index for index in range(groups)]
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        for index, chat in enumerate(chats):
            emu.group(chat, f"Grup {index}")
        with emu.flood_limits(per_chat_per_minute=20, global_per_second=30):
            emu.errors.clear()
            workers = await run_fanout_workers(emu, url, instant, agency, workdir)
            return count_fanout(emu, chats, workers)


# --- updates per second -------------------------------------------------------------------------


@dataclass
class Throughput:
    processes: int
    paced: bool  # with the production outgoing limiter (the shared send pace)
    updates: int
    answered: int
    seconds: float
    driver_cpu: float  # CPU share of this process (emulator and relay) during the burst
    load: float  # the machine's 1-minute load average after the burst

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


COMMANDS = ("/bantuan", "/tahun", "/ringkasan 2022")


async def throughput(
    url: str,
    agency: str,
    readers: dict[int, str],
    processes: int,
    updates: int,
    workdir: Path,
    paced: bool,
) -> Throughput:
    """A burst of cheap commands relayed round-robin to ``processes`` webhook processes."""
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        users = [emu.user(uid, name) for uid, name in readers.items()]
        fleet = [
            WebhookProcess(
                f"p{n}-of-{processes}{'' if paced else '-unpaced'}",
                emu,
                url,
                workdir,
                env={"LAKIP_AGENCY": agency},
                paced=paced,
            )
            for n in range(processes)
        ]
        for process in fleet:
            process.start()
        try:
            for process in fleet:
                await process.listening()
            async with Relay(emu, fleet):
                # warm up: every process answers one command before the clock starts
                for n in range(processes * 2):
                    await emu.ask(users[n % len(users)], "/bantuan", timeout=60)
                since = emu.mark()
                started = time.monotonic()
                cpu = _cpu()
                for n in range(updates):
                    user = users[n % len(users)]
                    await emu.send_text(user, COMMANDS[(n // len(users)) % len(COMMANDS)])
                await emu.wait_for(
                    lambda: _answered(emu, since) >= updates, timeout=300, interval=0.02
                )
                answers = [o for o in emu.outputs_since(since) if o.kind == "send"]
                seconds = max(o.at for o in answers) - started
                driver = (_cpu() - cpu) / (time.monotonic() - started)
                load = os.getloadavg()[0]
                return Throughput(processes, paced, updates, len(answers), seconds, driver, load)
        finally:
            for process in fleet:
                await process.stop()


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def _answered(emu: BotApiEmulator, since: int) -> int:
    return sum(1 for o in emu.outputs_since(since) if o.kind == "send")


# --- the run -------------------------------------------------------------------------------------


def _rebuild(url: str) -> dict[int, str]:
    """The 1× database (seed, people, 2026 open) on the server; the bench readers."""
    from bench import scenarios
    from lakip_model.db import make_engine, upgrade
    from seed.loader import load_all

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    load_all(engine)
    scenarios._report_people(engine)
    scenarios._bench_people(engine, scenarios.REPORT_AGENCY, "bidang-pppa", 0)
    people = scenarios._people(engine)
    engine.dispose()
    return {uid: name for uid, name in people.items() if uid >= scenarios.BENCH_ID_BASE}


def render(runs: list[Throughput], fan: FanOutRun, meta: str) -> str:
    lines = [
        MARK[0],
        "## Several processes on one PostgreSQL (bench/processes.py)",
        "",
        meta,
        "",
        "Webhook processes, one or two behind one URL (the relay posts each update to the next "
        "process in turn); a burst of cheap commands (/bantuan, /tahun, /ringkasan 2022) from 100 "
        "readers, the shared flood limit and persistence on. Time from the first POST to the last "
        "reply. *Unpaced*: without the outgoing rate limiter (`python -m bench.processes "
        "webhook-bot`), what the processes can answer; *paced*: `lakip-bot run` as in production, "
        "where every reply waits for its instant of the shared send pace (29.1 messages a second "
        "for the whole bot, Telegram's bound), whatever the number of processes.",
        "",
        "| outgoing | processes | updates | answered | s | updates/s | vs one process | "
        "emulator + relay CPU | load average |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        one = next(o for o in runs if o.processes == 1 and o.paced == r.paced)
        lines.append(
            f"| {'paced' if r.paced else 'unpaced'} | {r.processes} | {r.updates} | {r.answered} "
            f"| {r.seconds:.2f} | {r.per_second:.0f} | {r.per_second / one.per_second:.2f}× "
            f"| {r.driver_cpu:.0%} | {r.load:.1f} |"
        )
    bound = (fan.sent - 1) / 30 if fan.sent else 0.0
    lines += [
        "",
        f"Reminder fan-out: {fan.groups} groups, two processes start a delivery pass at the same "
        "instant with the production rate limiter (the shared send pace on the database, "
        "`SHARED_PACE` = 29.1/s); the emulator enforces 30 messages/s and 20 per group a minute.",
        "",
        "| sent | twice | missing | first to last s | bound s | rate /s | of bound | "
        "most in 1 s | 429 | per process (sent / taken by the other) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {fan.sent} | {fan.twice} | {fan.missing} | {fan.seconds:.1f} | {bound:.1f} | "
        f"{fan.rate:.2f} | {fan.seconds / bound if bound else 0:.3f} | {fan.max_in_one_second} | "
        f"{fan.too_many_requests} | "
        + ", ".join(f"{w.sent} / {w.taken}" for w in fan.workers)
        + " |",
        MARK[1],
    ]
    return "\n".join(lines) + "\n"


def write_section(section: str, path: Path) -> None:
    """Put the section into ``path`` in place of the previous one (or at its end)."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARK[0] in current and MARK[1] in current:
        before, rest = current.split(MARK[0], 1)
        _old, after = rest.split(MARK[1], 1)
        current = before + section.rstrip("\n") + after
    else:
        current = current.rstrip("\n") + "\n\n" + section
    path.write_text(current, encoding="utf-8")


def _webhook_bot() -> None:
    """``lakip-bot run`` in webhook mode without the outgoing rate limiter: what the processes
    can answer, not what Telegram lets through (its ~30 messages a second for the whole bot)."""
    from bot.app import Webhook, build_application
    from bot.settings import BotSettings
    from lakip_model.db import make_engine

    settings = BotSettings()
    webhook = Webhook.of(settings)
    assert webhook is not None, "TELEGRAM_WEBHOOK_URL is not set"
    app = build_application(settings, make_engine(settings.database_url), rate_limiter=False)
    app.run_webhook(**webhook.options())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["fanout-worker"]:
        asyncio.run(_fanout_worker(*argv[1:6]))
        return 0
    if argv[:1] == ["webhook-bot"]:
        _webhook_bot()
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.processes", description=__doc__)
    parser.add_argument("--url", default=os.environ.get("LAKIP_BENCH_DATABASE_URL"))
    parser.add_argument("--updates", type=int, default=600)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("docs/performance.md"))
    args = parser.parse_args(argv)
    if not args.url or make_url(args.url).get_backend_name() != "postgresql":
        print("bench.processes: no PostgreSQL URL (--url or LAKIP_BENCH_DATABASE_URL); skipped")
        return 0
    from bench.harness import quiet_logs
    from bench.scenarios import REPORT_AGENCY

    quiet_logs()
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="lakip-processes-"))
    readers = _rebuild(args.url)

    async def measure() -> tuple[list[Throughput], FanOutRun]:
        runs = []
        for paced in (False, True):
            for count in (1, 2):
                print(f"throughput, {count} process(es), paced {paced} ...", flush=True)
                runs.append(
                    await throughput(
                        args.url, REPORT_AGENCY, readers, count, args.updates, workdir, paced
                    )
                )
                print(f"  {runs[-1]}", flush=True)
        print(f"fan-out to {args.groups} groups from two processes ...", flush=True)
        fan = await fanout(args.url, REPORT_AGENCY, args.groups, workdir)
        print(f"  {fan}", flush=True)
        return runs, fan

    runs, fan = asyncio.run(measure())
    meta = (
        f"Measured {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} in "
        f"{time.perf_counter() - started:.0f} s on {os.cpu_count()} cores shared with other "
        "work (figures vary from run to run); PostgreSQL on the same machine."
    )
    write_section(render(runs, fan, meta), args.out)
    print(f"written into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
