"""The gateway reads `notifications.v1` with a loop of its own, so that a notification reaches the open streams
as soon as Kafka hands it over while its storage runs behind.

Why not a FastStream subscriber, as everywhere else: a subscriber fetches its next batch only after the
handler returned and the batch's offsets were committed, and aiokafka fetches a partition again only after the
records it holds were taken. At 500 notifications/s a record was 50–90 ms old when its batch began; with
this loop the newest and oldest records of a batch were on average 13 and 24 ms old when it was handed on.

Three loops share the work. The fetch loop parses each fetched batch (a record that is not a notification is
dead-lettered alone) and hands it on at once, so that Kafka is asked for more while the batch is delivered.
The fan-out loop publishes everything handed to it since its last publish, in order; the storage loop stores
(inbox and push) likewise, behind it. Offsets are committed up to the newest batch fanned out and stored
along with every batch before it: nothing is committed before it is stored (at least once, as with a
subscriber). Storage that fails is retried with backoff and then dead-lettered, as the shared subscribers do.
When `MAX_BEHIND` records wait for their storage, fetching waits too. Before partitions go to another
instance (for `HAND_OVER_WITHIN_S` at most), and on stop, what was fetched is fanned out, stored and committed.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from shared.background import SHUTDOWN_STEP_S, BackgroundLoop, bounded_step
from shared.events.notifications import NotificationRequestedV1
from shared.kafka import TRANSIENT_BACKOFF_S, parse_each, retrying_transient

logger = logging.getLogger(__name__)

BATCH = 500
MAX_BEHIND = 2000
"""Records fetched and not yet stored, at most: this bounds how long handing partitions over waits (a
gateway starting on a backlog would otherwise hold tens of thousands, and be dropped from its group)."""
HAND_OVER_WITHIN_S = 8.0
"""Handing partitions over waits at most this long for storage, inside the group's rebalance timeout (10 s):
what is not stored by then is not committed either, and the next owner delivers it again."""
STORED_AT_ONCE = 1000
FETCH_WAIT_MS = 200
RETRY_AFTER_FAILURE_S = 1.0
COMMIT_EVERY_S = 0.5
"""Offsets are committed at most this often (and at once before partitions are handed over and on stop):
each commit is a write on the broker, and a crash only means the records since are delivered again."""

Delivery = Sequence[tuple[NotificationRequestedV1, int]]
"""Notifications with their cursors (their Kafka offsets)."""


class RecordSource(Protocol):
    """What the loop needs of a Kafka consumer (aiokafka's `AIOKafkaConsumer` has it)."""

    async def getmany(self, *partitions: Any, timeout_ms: int = 0, max_records: int | None = None) -> Any: ...

    async def commit(self, offsets: Any = None) -> None: ...


class Delivering(Protocol):
    def parse(self, record: Any) -> NotificationRequestedV1: ...

    async def fan_out(self, notifications: Delivery) -> None: ...

    async def keep(self, notifications: Delivery) -> None: ...

    async def reject(self, record: Any, error: BaseException) -> None: ...


@dataclasses.dataclass
class Fetched:
    notifications: list[tuple[NotificationRequestedV1, int]]
    records: list[Any]
    offsets: dict[Any, int]
    fanned_out: asyncio.Future[None]
    stored: asyncio.Future[None]

    def finished(self) -> bool:
        return self.fanned_out.done() and self.stored.done()


class Backlog:
    """Fetched batches, oldest first, until their storage has finished and their offsets are taken to commit."""

    def __init__(self) -> None:
        self._batches: collections.deque[Fetched] = collections.deque()
        self.records = 0

    def __len__(self) -> int:
        return len(self._batches)

    def add(self, batch: Fetched) -> None:
        self._batches.append(batch)
        self.records += len(batch.records)

    def finished_offsets(self) -> dict[Any, int]:
        """The next offset per partition after the oldest batches whose storage has finished; a batch still
        being stored holds back every batch after it."""
        offsets: dict[Any, int] = {}
        while self._batches and self._batches[0].finished():
            batch = self._batches.popleft()
            offsets.update(batch.offsets)
            self.records -= len(batch.records)
        return offsets

    async def oldest_finished(self) -> None:
        if self._batches:
            await asyncio.wait([self._batches[0].fanned_out, self._batches[0].stored])

    async def all_finished(self) -> None:
        if self._batches:
            await asyncio.wait([future for batch in self._batches for future in (batch.fanned_out, batch.stored)])


class Coalescing:
    """Applies `apply` to every batch handed over since its last run, one run at a time, in order; a run takes
    batches up to `at_once` notifications (at least one batch)."""

    def __init__(self, apply: Callable[[list[Fetched]], Awaitable[None]], at_once: int = BATCH) -> None:
        self._apply = apply
        self._at_once = at_once
        self._waiting: collections.deque[Fetched] = collections.deque()
        self._wake = asyncio.Event()

    def put(self, batch: Fetched) -> None:
        self._waiting.append(batch)
        self._wake.set()

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                await self._apply(self._take())

    def _take(self) -> list[Fetched]:
        taken = [self._waiting.popleft()]
        count = len(taken[0].notifications)
        while self._waiting and count + len(self._waiting[0].notifications) <= self._at_once:
            count += len(self._waiting[0].notifications)
            taken.append(self._waiting.popleft())
        return taken


class NotificationPipeline:
    def __init__(self, source: RecordSource, delivering: Delivering, *, max_behind: int = MAX_BEHIND,
                 backoff_s: float = TRANSIENT_BACKOFF_S,
                 observe_age: Callable[[float], None] = lambda seconds: None) -> None:  # fmt: skip
        self._source = source
        self._backoff_s = backoff_s
        self._delivering = delivering
        self._max_behind = max_behind
        self._observe_age = observe_age
        self._backlog = Backlog()
        self._live = Coalescing(self._fan_out)
        self._storage = Coalescing(self._keep, STORED_AT_ONCE)
        self._loops = [BackgroundLoop(self._fetch_forever, "notification-fetch"),
                       BackgroundLoop(self._live.run, "notification-fan-out"),
                       BackgroundLoop(self._storage.run, "notification-storage")]  # fmt: skip
        self._uncommitted: dict[Any, int] = {}
        self._committing: asyncio.Task[None] | None = None
        self._committed_at = 0.0

    def start(self) -> None:
        for loop in self._loops:
            loop.start()

    async def stop(self, settle_within_s: float = SHUTDOWN_STEP_S) -> None:
        """Stops fetching, lets what was fetched be stored and committed, then stops delivering."""
        fetching, *delivering = self._loops
        await fetching.stop()
        await bounded_step("notification storage", self.settle(), settle_within_s)
        for loop in delivering:
            await loop.stop()

    async def settle(self, within_s: float | None = None) -> None:
        """Let every storage finish (or wait `within_s` at most) and commit what was stored: before partitions
        are taken away, and on stop."""
        try:
            await asyncio.wait_for(self._backlog.all_finished(), within_s)
        except TimeoutError:
            logger.warning("notification storage still running; what it has not stored is not committed")
        if self._committing is not None:
            await asyncio.wait([self._committing])
        self._uncommitted.update(self._backlog.finished_offsets())
        offsets, self._uncommitted = self._uncommitted, {}
        if offsets:
            await self._commit(offsets)

    async def step(self) -> None:
        """One fetch: waits while too much waits for storage, hands the batch on, commits what is stored."""
        while self._backlog.records >= self._max_behind:
            await self._backlog.oldest_finished()
            self._commit_finished()
        fetched = await self._source.getmany(timeout_ms=FETCH_WAIT_MS, max_records=BATCH)
        if fetched:
            await self._hand_on(fetched)
        self._commit_finished()

    async def _fetch_forever(self) -> None:
        while True:
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("notification delivery failed to fetch; retrying")
                await asyncio.sleep(RETRY_AFTER_FAILURE_S)

    async def _hand_on(self, fetched: dict[Any, list[Any]]) -> None:
        records = [record for partition in fetched.values() for record in partition]
        now_ms = time.time() * 1000
        for record in records:
            self._observe_age(max(0.0, now_ms - record.timestamp) / 1000)
        offsets = {partition: records[-1].offset + 1 for partition, records in fetched.items() if records}
        loop = asyncio.get_running_loop()
        batch = Fetched(await self._parsed(records), records, offsets, loop.create_future(), loop.create_future())
        self._backlog.add(batch)
        self._live.put(batch)
        self._storage.put(batch)

    async def _parsed(self, records: list[Any]) -> list[tuple[NotificationRequestedV1, int]]:
        parsed = await parse_each(records, self._delivering.parse, self._delivering.reject)
        return [(notification, record.offset) for notification, record in parsed]

    async def _fan_out(self, batches: list[Fetched]) -> None:
        try:
            await self._delivering.fan_out([notification for batch in batches for notification in batch.notifications])
        except Exception:  # streams catch up from the inbox when the fan-out's connection comes back
            logger.exception("notification fan-out failed; the inbox still gets these")
        for batch in batches:
            batch.fanned_out.set_result(None)

    async def _keep(self, batches: list[Fetched]) -> None:
        """Stores batches, retrying a transient failure with backoff; batches that still fail are dead-lettered,
        so that their partitions move on."""
        notifications = [notification for batch in batches for notification in batch.notifications]
        records = [record for batch in batches for record in batch.records]
        await retrying_transient(lambda: self._delivering.keep(notifications),
                                 lambda error: self._reject_all(records, error), backoff_s=self._backoff_s)  # fmt: skip
        for batch in batches:
            batch.stored.set_result(None)

    async def _reject_all(self, records: list[Any], error: BaseException) -> None:
        for record in records:
            try:
                await self._delivering.reject(record, error)
            except Exception:
                logger.exception("a notification could not be dead-lettered", extra={"offset": record.offset})

    def _commit_finished(self) -> None:
        """Commits in the background, one commit at a time, so that fetching never waits for one."""
        self._uncommitted.update(self._backlog.finished_offsets())
        due = time.monotonic() - self._committed_at >= COMMIT_EVERY_S
        if self._uncommitted and due and (self._committing is None or self._committing.done()):
            self._committed_at = time.monotonic()
            offsets, self._uncommitted = self._uncommitted, {}
            self._committing = asyncio.create_task(self._commit(offsets), name="notification-commit")

    async def _commit(self, offsets: dict[Any, int]) -> None:
        try:
            await self._source.commit(offsets)
        except Exception as error:  # e.g. a rebalance under way: a later batch's commit covers these; if none
            # comes, the records are delivered again after a restart, and skipped by their ids and cursors
            logger.warning("notification offsets not committed", extra={"error": repr(error)})
