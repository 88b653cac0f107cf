"""Durable timers in the database: claimed atomically, fired once across replicas, surviving restarts.

A timer is a document with a due time. Every scheduler claims a due timer by inserting a claim record
whose unique id names the timer and the attempt, so two replicas never fire the same timer. A scheduler
asks the database only when its clock reaches the earliest due time it knows of (learned from the
database, and from timers scheduled through its own store) or at least every `rescan_interval`, for
timers other replicas scheduled (FerretDB reads and sorts the whole collection for such a query; asked
twice a second, it competed with every write while appeals were being submitted). A claim carries an
expiry: if its scheduler dies mid-fire, the timer is claimed again after the claim expires (handlers
therefore make their effect idempotent, keyed by the timer id). A fired timer is marked, never fired
again.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.background import BackgroundLoop
from shared.clock import Clock, SystemClock
from shared.mongo import Document, GroupedInserts, IndexSpec, ascending

logger = logging.getLogger(__name__)

TIMERS = "_timers"
TIMER_CLAIMS = "_timer_claims"
CLAIM_CANDIDATES = 10
SCHEDULED, CLAIMED, FIRED, CANCELLED = "scheduled", "claimed", "fired", "cancelled"

TimerHandler = Callable[[str, Mapping[str, Any]], Awaitable[None]]
DueListener = Callable[[datetime], None]

TIMER_INDEXES = [IndexSpec(TIMERS, ascending("state", "due_at"))]


class TimerStore:
    def __init__(self, database: AsyncDatabase[Document], clock: Clock | None = None) -> None:
        self._timers = database[TIMERS]
        self._new_timers = GroupedInserts(self._timers)  # a submission burst schedules many at once
        self._claims = database[TIMER_CLAIMS]
        self._clock = clock or SystemClock()
        self._due_listeners: list[DueListener] = []

    def on_due_time(self, listener: DueListener) -> None:
        """Tell `listener` the due time of every timer scheduled or released through this store."""
        self._due_listeners.append(listener)

    def _announce(self, due_at: datetime) -> None:
        for listener in self._due_listeners:
            listener(due_at)

    async def schedule(self, timer_id: str, kind: str, due_at: datetime, payload: Mapping[str, Any]) -> None:
        """Create or move a timer; a timer that already fired stays fired."""
        try:
            await self._new_timers.insert(
                {
                    "_id": timer_id,
                    "kind": kind,
                    "due_at": due_at,
                    "payload": dict(payload),
                    "state": SCHEDULED,
                    "attempts": 0,
                    "created_at": self._clock.now(),
                }
            )
        except DuplicateKeyError:
            await self._timers.update_one(
                {"_id": timer_id, "state": {"$nin": [FIRED, CLAIMED]}},
                {"$set": {"kind": kind, "due_at": due_at, "payload": dict(payload), "state": SCHEDULED}},
            )
        self._announce(due_at)

    async def cancel(self, timer_id: str) -> None:
        await self._timers.update_one({"_id": timer_id, "state": SCHEDULED}, {"$set": {"state": CANCELLED}})

    async def get(self, timer_id: str) -> Document | None:
        return await self._timers.find_one({"_id": timer_id})

    async def next_due(self) -> datetime | None:
        """The earliest moment a timer can be claimed: a scheduled timer's due time or a claim's expiry."""
        moments = []
        for state, field in ((SCHEDULED, "due_at"), (CLAIMED, "claim_expires_at")):
            first = await self._timers.find_one({"state": state}, {field: 1}, sort=[(field, 1)])
            if first is not None and first.get(field) is not None:
                moments.append(first[field])
        return min(moments, default=None)

    async def claim_due(self, owner: str, claim_for: timedelta) -> Document | None:
        """Claim the most overdue timer, or return None when nothing is due.

        The arbiter is the unique `_id` of a claim record (`<timer id>#<attempt>`): an insert either
        succeeds for exactly one scheduler or fails with a duplicate key, on MongoDB and FerretDB alike
        (FerretDB's find-and-modify is not atomic between concurrent clients).
        """
        now = self._clock.now()
        due = (
            self._timers.find(
                {
                    "$or": [
                        {"state": SCHEDULED, "due_at": {"$lte": now}},
                        {"state": CLAIMED, "claim_expires_at": {"$lt": now}},
                    ]
                },
            )
            .sort("due_at", 1)
            .limit(CLAIM_CANDIDATES)
        )
        async for timer in due:
            if await self._try_claim(timer, owner, now, claim_for):
                timer.update(state=CLAIMED, claimed_by=owner, claim_expires_at=now + claim_for)
                return timer
        return None

    async def _try_claim(self, timer: Document, owner: str, now: datetime, claim_for: timedelta) -> bool:
        attempt = int(timer.get("attempts", 0))
        claim_id = f"{timer['_id']}#{attempt}"
        try:
            await self._claims.insert_one({"_id": claim_id, "owner": owner, "expires_at": now + claim_for})
        except DuplicateKeyError:
            await self._skip_abandoned_claim(timer, claim_id, attempt, now)
            return False
        await self._timers.update_one(
            {"_id": timer["_id"], "attempts": attempt},
            {
                "$set": {
                    "state": CLAIMED,
                    "claimed_by": owner,
                    "claim_expires_at": now + claim_for,
                    "attempts": attempt + 1,
                }
            },
        )
        return True

    async def _skip_abandoned_claim(self, timer: Document, claim_id: str, attempt: int, now: datetime) -> None:
        """A claimer that died between its claim and its update left the attempt blocked: move past it."""
        claim = await self._claims.find_one({"_id": claim_id})
        if claim is not None and claim["expires_at"] < now:
            await self._timers.update_one(
                {"_id": timer["_id"], "attempts": attempt}, {"$set": {"attempts": attempt + 1}}
            )

    async def mark_fired(self, timer_id: str, owner: str) -> None:
        await self._timers.update_one(
            {"_id": timer_id, "claimed_by": owner, "state": CLAIMED},
            {"$set": {"state": FIRED, "fired_at": self._clock.now()}},
        )

    async def release(self, timer_id: str, owner: str, retry_at: datetime) -> None:
        await self._timers.update_one(
            {"_id": timer_id, "claimed_by": owner, "state": CLAIMED},
            {"$set": {"state": SCHEDULED, "due_at": retry_at}},
        )
        self._announce(retry_at)


def _earlier(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return first or second
    return min(first, second)


class DueTime:
    """When a scheduler must next ask the database: the earliest due time it knows of, or at the latest
    `rescan_interval` (monotonic seconds) after it last asked."""

    def __init__(self, clock: Clock, rescan_interval: float) -> None:
        self._clock = clock
        self._rescan_interval = rescan_interval
        self._earliest: datetime | None = None
        self._learned_while_asking: datetime | None = None
        self._rescan_at = 0.0  # unknown until asked: ask at once

    def learn(self, due_at: datetime) -> None:
        self._earliest = _earlier(self._earliest, due_at)
        self._learned_while_asking = _earlier(self._learned_while_asking, due_at)

    def asking(self) -> None:
        self._learned_while_asking = None

    def asked(self, earliest: datetime | None, monotonic_now: float) -> None:
        """The database's answer, kept with any due time learned while it was being asked (a timer
        scheduled after the query read the collection)."""
        self._earliest = _earlier(earliest, self._learned_while_asking)
        self._rescan_at = monotonic_now + self._rescan_interval

    def reached(self, monotonic_now: float) -> bool:
        if monotonic_now >= self._rescan_at:
            return True
        return self._earliest is not None and self._clock.now() >= self._earliest


class TimerScheduler:
    """Fires due timers with the handler registered for each kind, asking the database only when a known
    due time is reached or the rescan interval has passed."""

    def __init__(
        self,
        store: TimerStore,
        handlers: Mapping[str, TimerHandler],
        *,
        clock: Clock | None = None,
        poll_interval: float = 0.5,
        rescan_interval: float = 10.0,
        claim_for: timedelta = timedelta(seconds=30),
    ) -> None:
        self._store = store
        self._handlers = dict(handlers)
        self._clock = clock or SystemClock()
        self._poll_interval = poll_interval
        self._claim_for = claim_for
        self._due = DueTime(self._clock, rescan_interval)
        store.on_due_time(self._due.learn)
        self.owner = uuid.uuid4().hex
        self._loop = BackgroundLoop(self._run, "timer-scheduler")
        self.fired = 0

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()

    async def _run(self) -> None:
        while True:
            if self._due.reached(time.monotonic()):
                try:
                    await self.fire_all_due()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    logger.exception("timer pass failed; retrying")
            await asyncio.sleep(self._poll_interval)

    async def fire_all_due(self) -> int:
        """Fire every timer due now, then learn when the next one is due; returns how many fired."""
        fired = 0
        self._due.asking()
        while await self.fire_due():
            fired += 1
        self._due.asked(await self._store.next_due(), time.monotonic())
        return fired

    async def fire_due(self) -> bool:
        """Claim and fire one due timer; False when none was due."""
        timer = await self._store.claim_due(self.owner, self._claim_for)
        if timer is None:
            return False
        handler = self._handlers.get(timer["kind"])
        if handler is None:
            logger.error("no handler for timer kind %s; leaving it claimed", timer["kind"])
            return True
        try:
            await handler(timer["_id"], timer.get("payload") or {})
        except Exception:
            logger.exception("timer %s failed; retrying in 5 s", timer["_id"])
            await self._store.release(timer["_id"], self.owner, self._clock.now() + timedelta(seconds=5))
            return True
        await self._store.mark_fired(timer["_id"], self.owner)
        self.fired += 1
        return True
