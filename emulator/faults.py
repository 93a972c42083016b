"""Fault injection: requests that fail the way Telegram and networks make them fail.

A random plan (each call fails with some probability), failures forced on the next calls of a
method, Telegram's flood control (429 with ``retry_after`` beyond its rates), and requests held
back until the test lets them through or drops them (:class:`HeldRequest`, to make a window
certain: the bot has written, the user has not been told). The emulator asks
:class:`FaultInjector` before it serves each request.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from emulator.errors import JSON, too_many_requests

FAULT_KINDS = ("429", "500", "502", "drop", "drop_after", "slow")
# Methods Telegram's flood control counts (messages sent or changed in a chat).
FLOOD_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendsticker",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
    }
)


@dataclass
class FaultPlan:
    """Random faults: each call of a covered method fails with probability ``rate``."""

    rate: float = 0.0
    kinds: tuple[str, ...] = ("429", "500", "drop", "slow")
    methods: frozenset[str] | None = None
    exempt: frozenset[str] = frozenset({"getupdates"})
    retry_after: int = 1
    slow_seconds: float = 0.5
    rng: random.Random = field(default_factory=random.Random)

    def covers(self, method: str) -> bool:
        if method in self.exempt and (self.methods is None or method not in self.methods):
            return False
        return self.methods is None or method in self.methods


@dataclass
class FloodLimits:
    """Telegram-like flood control on sending methods (None switches a limit off)."""

    per_chat_per_minute: int | None = 20
    global_per_second: int | None = 30
    per_chat_per_second: int | None = None


class Restorer:
    """Returned by settings that apply at once; ``with`` it to undo them on exit."""

    def __init__(self, undo: Callable[[], None]) -> None:
        self._undo = undo

    def __enter__(self) -> Restorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._undo()

    def undo(self) -> None:
        self._undo()


class HeldRequest:
    """The bot's next request that matches, kept waiting until the test decides its fate.

    Made by :meth:`BotApiEmulator.hold`. Once it has arrived it is recorded in ``calls`` but not
    served, so nothing of it is applied yet. ``release()`` serves it as if it had just arrived
    (faults and flood limits still apply); ``drop()`` closes its connection unanswered: not
    applied, and the bot, if it is still there, sees a network error.
    """

    def __init__(
        self, method: str, chat_id: int | None, where: Callable[[JSON], bool] | None
    ) -> None:
        self.method = method.lower()
        self.chat_id = chat_id
        self.where = where
        self.params: JSON | None = None  # the request's parameters, once it has arrived
        self.outcome: str | None = None  # "released" or "dropped", once decided
        self._arrived = asyncio.Event()
        self._decided = asyncio.Event()

    def __repr__(self) -> str:
        state = self.outcome or ("held" if self.arrived else "waiting")
        return f"<HeldRequest {self.method} chat={self.chat_id} {state}>"

    @property
    def arrived(self) -> bool:
        return self.params is not None

    def matches(self, method: str, params: JSON) -> bool:
        if self.arrived or self.outcome is not None or method != self.method:
            return False
        if self.chat_id is not None and str(params.get("chat_id")) != str(self.chat_id):
            return False
        return self.where is None or bool(self.where(params))

    def take(self, params: JSON) -> None:
        self.params = params
        self._arrived.set()

    async def arrival(self, timeout: float = 10.0) -> JSON:
        """Wait until the request has arrived (and is held); its parameters."""
        try:
            await asyncio.wait_for(self._arrived.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no {self.method} to hold arrived within {timeout}s") from None
        assert self.params is not None
        return self.params

    def release(self) -> None:
        """Serve it now (or, if it has not arrived yet, let it through when it does)."""
        self._decide("released")

    def drop(self) -> None:
        """Close its connection unanswered (or, if it has not arrived yet, stop waiting for it)."""
        self._decide("dropped")

    def _decide(self, outcome: str) -> None:
        if self.outcome is None:
            self.outcome = outcome
            self._decided.set()

    async def decision(self) -> str:
        await self._decided.wait()
        assert self.outcome is not None
        return self.outcome


class FaultInjector:
    """Which request fails, and how: the random plan, forced failures, the flood limits and the
    requests to hold."""

    def __init__(self) -> None:
        self.plan = FaultPlan()
        self.forced: dict[str, deque[tuple[str, int]]] = {}
        self.flood: FloodLimits | None = None
        self.flood_global: deque[float] = deque()
        self.flood_chat: dict[int, deque[float]] = {}
        self.holds: list[HeldRequest] = []

    def use_plan(self, plan: FaultPlan) -> Restorer:
        previous = self.plan
        self.plan = plan
        return Restorer(lambda: setattr(self, "plan", previous))

    def force(self, method: str, kind: str, *, times: int, retry_after: int) -> None:
        queue = self.forced.setdefault(method.lower(), deque())
        queue.extend([(kind, retry_after)] * times)

    def hold(self, held: HeldRequest) -> HeldRequest:
        self.holds = [h for h in self.holds if h.outcome is None]
        self.holds.append(held)
        return held

    def take_hold(self, method: str, params: JSON) -> HeldRequest | None:
        """The first waiting hold this request matches (it is held from now on), or None."""
        for held in self.holds:
            if held.matches(method, params):
                held.take(params)
                return held
        return None

    def drop_holds(self) -> None:
        """On closing: every request held is dropped, and every hold still waiting for one."""
        for held in self.holds:
            held.drop()
        self.holds.clear()

    def pick(self, method: str) -> tuple[str, int] | None:
        forced = self.forced.get(method)
        if forced:
            return forced.popleft()
        plan = self.plan
        if plan.rate <= 0 or not plan.kinds or not plan.covers(method):
            return None
        if plan.rng.random() >= plan.rate:
            return None
        return plan.rng.choice(plan.kinds), plan.retry_after

    def use_flood_limits(self, limits: FloodLimits) -> Restorer:
        previous = self.flood
        self.flood = limits
        self.flood_global.clear()
        self.flood_chat.clear()
        return Restorer(lambda: setattr(self, "flood", previous))

    def _windows(self, params: JSON) -> list[tuple[deque[float], int, float]]:
        limits = self.flood
        if limits is None:
            return []
        windows: list[tuple[deque[float], int, float]] = []
        if limits.global_per_second:
            windows.append((self.flood_global, limits.global_per_second, 1.0))
        try:
            chat_id = int(str(params.get("chat_id")))
        except ValueError:
            return windows
        sent = self.flood_chat.setdefault(chat_id, deque())
        if limits.per_chat_per_minute:
            windows.append((sent, limits.per_chat_per_minute, 60.0))
        if limits.per_chat_per_second:
            windows.append((sent, limits.per_chat_per_second, 1.0))
        return windows

    def check_flood(self, method: str, params: JSON) -> None:
        if method not in FLOOD_METHODS:
            return
        now = time.monotonic()
        for sent, limit, window in self._windows(params):
            recent = [t for t in sent if now - t < window]
            if len(recent) >= limit:
                wait = recent[-limit] + window - now
                raise too_many_requests(max(1, math.ceil(wait)))

    def count_flood(self, method: str, params: JSON) -> None:
        if method not in FLOOD_METHODS or self.flood is None:
            return
        now = time.monotonic()
        for sent in {id(s): s for s, _, _ in self._windows(params)}.values():
            sent.append(now)
            while sent and now - sent[0] > 60.0:
                sent.popleft()
