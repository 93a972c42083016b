"""The typed context every handler and job receives (python-telegram-bot's ``ContextTypes``).

What a journey needs from its surroundings is declared here once, as in the FastAPI template's
``deps.py``: the settings, the database (a transaction off the event loop, or a point read on
it), who is asking, and what time it is. Handlers say ``await context.db(fn)`` and
``await context.actor(Role.OPERATOR)`` instead of looking up string keys in ``bot_data``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.settings import BotSettings
from lakip_model.db import is_busy, read_async, run_async, session_scope
from lakip_model.errors import PermissionDenied
from lakip_model.models import Role
from lakip_model.users import Actor, actor_of

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.ratelimit import RateLimiter

T = TypeVar("T")
U = TypeVar("U")
OPENED_AGENCY = "opd"  # user_data: the agency code a city reader opened with /opd
log = logging.getLogger(__name__)


class BotData:
    """What the handlers of one process share; filled in once by ``bot.app.build_application``.

    Nothing here is persisted (the persistence stores user data only), so it may hold engines
    and callables.
    """

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.reader: Engine | None = None  # lakip_model.db.point_reader, SQLite files only
        self.async_engine: AsyncEngine | None = None  # lakip_model.db.async_twin, PostgreSQL
        self.settings: BotSettings | None = None
        self.clock: Callable[[], datetime] | None = None  # tests fix the time; else the wall clock
        self.actors: dict[int, Actor] = {}  # the access gate's lookup, per update's user
        self.menus_set: set[int] = set()  # users whose command menu this process has set
        self.documents_building: set[tuple[int, str]] = set()  # (chat, kind) being built
        self.limiter: RateLimiter | None = None
        self.reminder_grace: timedelta | None = None  # overrides LAKIP_REMINDER_GRACE_HOURS
        self.reminder_lease: timedelta | None = None  # overrides LAKIP_REMINDER_LEASE_MINUTES
        self.process_name: str | None = None  # this process in Delivery.claimed_by
        self.reminders_registered = False


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """``CallbackContext`` with typed access to settings, database, actor and clock."""

    @property
    def settings(self) -> BotSettings:
        return settings_of(self.application)

    @property
    def engine(self) -> Engine:
        return engine_of(self.application)

    def now(self) -> datetime:
        """The aware current time in the agency's zone: one clock for every journey and job."""
        return now_of(self.application)

    def today(self) -> date:
        return self.now().date()

    async def db(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` as one transaction without stalling other updates while it waits.

        On PostgreSQL it runs on the asyncio engine (waiting on the network is waiting on the
        loop); on SQLite on a worker thread. The transaction commits when ``fn`` returns and
        rolls back if it raises: a refused write leaves nothing behind.
        """
        async_engine = self.bot_data.async_engine
        if async_engine is not None:
            return await run_async(async_engine, fn)
        return await run_db(self.engine, fn)

    async def db_then(
        self, fn: Callable[[Session], T], then: Callable[[Session, T], U]
    ) -> tuple[T, U | None]:
        """``fn`` as one transaction, then ``then(session, result)`` as another.

        For a write and what to tell others about it: on SQLite one hand-off to a thread instead
        of two (each costs more than a small read while updates queue); on PostgreSQL both wait
        on the loop. Since ``fn`` has committed before ``then`` starts, a failure of ``then``
        (logged, None) never undoes the write.
        """
        engine = self.engine
        async_engine = self.bot_data.async_engine
        if async_engine is not None:
            result = await run_async(async_engine, fn)
            try:
                return result, await run_async(async_engine, lambda s: then(s, result))
            except Exception:
                log.exception("reading what follows a committed write failed")
                return result, None

        def work() -> tuple[T, U | None]:
            with session_scope(engine) as session:
                result = fn(session)
            try:
                with session_scope(engine) as session:
                    return result, then(session, result)
            except Exception:
                log.exception("reading what follows a committed write failed")
                return result, None

        return await asyncio.to_thread(work)

    async def read(self, fn: Callable[[Connection], T]) -> T:
        """A read of a row or two that every update makes (who is asking, the agency's years).

        On SQLite such a read takes a tenth of a millisecond, less than handing it to a worker
        thread; under a burst of updates the worker threads' contest with the event loop for the
        GIL cost more than the reads and halved the updates answered per second (see
        docs/performance.md). So ``fn`` runs right here on the read-only connection of
        :func:`lakip_model.db.point_reader`, which never waits: if the file is locked, the read
        goes to a worker thread like any other. On PostgreSQL a read crosses a network: it
        waits on the loop through the asyncio engine. ``fn`` must be a bounded lookup; queries
        over a year's figures use :meth:`db`.
        """
        reader = self.bot_data.reader
        if reader is not None:
            try:
                with reader.connect() as connection:
                    return fn(connection)
            except OperationalError as exc:
                if not is_busy(exc):
                    raise
        async_engine = self.bot_data.async_engine
        if async_engine is not None:
            return await read_async(async_engine, fn)
        return await self.db(lambda session: fn(session.connection()))

    @property
    def agency_code(self) -> str | None:
        """The agency this update reads: the user's own, or for a city reader (a city role, a
        super admin) the one named in the command or opened with /opd.

        A stranger reading under LAKIP_OPEN_READ reads LAKIP_AGENCY's (None: the first
        agency). Writes never use this: they go by :attr:`home_agency` and the domain checks
        the actor's own agency again.
        """
        user, restricted = self.user, self.settings.agency_code
        if user is None or restricted:
            return restricted  # LAKIP_AGENCY: this deployment serves that agency only
        if user.reads_city:
            named = self.__dict__.get("_named_agency")
            if named:
                return str(named)
            opened = self.user_data.get(OPENED_AGENCY) if self.user_data is not None else None
            if opened:
                return str(opened)
        return user.agency_code or self.settings.agency_code

    def name_agency(self, code: str) -> None:
        """The agency a city reader named in this command (``/ringkasan dinkes 2022``): it
        holds for this update only; /opd keeps one for the following ones."""
        self.__dict__["_named_agency"] = code

    @property
    def home_agency(self) -> str | None:
        """The asker's own agency (LAKIP_AGENCY or the first for a stranger): whose deadlines,
        reminders and registrations a command sets, whatever a city reader has opened."""
        user = self.user
        if user is not None and user.agency_code:
            return user.agency_code
        return self.settings.agency_code

    @property
    def user(self) -> Actor | None:
        """The registered user the access gate found for this update (None if unregistered)."""
        if self._user_id is None:
            return None
        return self.bot_data.actors.get(self._user_id)

    async def actor(self, *roles: Role) -> Actor:
        """Who is asking, read afresh for a write: a role removed a second ago already counts.

        Raises :class:`PermissionDenied` for an unregistered user or one without ``roles``
        (any role when none is given); the error handler words it.
        """
        user_id = self._user_id
        found = None if user_id is None else await self.db(lambda s: actor_of(s, user_id))
        if found is None:
            raise PermissionDenied("user.not_registered")
        if roles and found.role not in roles:
            raise PermissionDenied("user.role_refused", role=found.role)
        return found


# The Application as the journeys see it: what matters to them is its typed bot_data.
App = Application[Any, Any, Any, Any, BotData, Any]
CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)


def engine_of(app: App) -> Engine:
    engine = app.bot_data.engine
    if engine is None:
        raise RuntimeError("the Application was not built by bot.app.build_application")
    return engine


def settings_of(app: App) -> BotSettings:
    settings = app.bot_data.settings
    if settings is None:
        raise RuntimeError("the Application was not built by bot.app.build_application")
    return settings


def now_of(app: App) -> datetime:
    """The injected clock if any (tests), else the wall clock in the agency's time zone."""
    clock = app.bot_data.clock
    return clock() if clock is not None else datetime.now(settings_of(app).tz)


async def run_db(engine: Engine, fn: Callable[[Session], T]) -> T:
    """``fn`` as one transaction on a worker thread (for jobs, which have no update)."""

    def work() -> T:
        with session_scope(engine) as session:
            return fn(session)

    return await asyncio.to_thread(work)
