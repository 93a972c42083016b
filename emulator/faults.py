"""Fault injection: requests that fail the way Telegram and networks make them fail.

A random plan (each call fails with some probability), failures forced on the next calls of a
method, and Telegram's flood control (429 with ``retry_after`` beyond its rates). The emulator
asks :class:`FaultInjector` before it serves each request.
"""

from __future__ import annotations

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


class FaultInjector:
    """Which request fails, and how: the random plan, forced failures and the flood limits."""

    def __init__(self) -> None:
        self.plan = FaultPlan()
        self.forced: dict[str, deque[tuple[str, int]]] = {}
        self.flood: FloodLimits | None = None
        self.flood_global: deque[float] = deque()
        self.flood_chat: dict[int, deque[float]] = {}

    def use_plan(self, plan: FaultPlan) -> Restorer:
        previous = self.plan
        self.plan = plan
        return Restorer(lambda: setattr(self, "plan", previous))

    def force(self, method: str, kind: str, *, times: int, retry_after: int) -> None:
        queue = self.forced.setdefault(method.lower(), deque())
        queue.extend([(kind, retry_after)] * times)

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
