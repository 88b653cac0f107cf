"""Each citizen's appeals of the last days, for the duplicate check: a sorted set per citizen in Redis.

FerretDB reads the whole collection for a query on any field but `_id`, so "this citizen's appeals of the
last 7 days" cannot be asked of the appeals themselves at 200 submissions/s. The list first lived in a
FerretDB document per citizen: a read and an update of it were two of the five documents FerretDB handled
for every submission (1.4 ms of its CPU, about 3 ms of the submission's wait). In Redis each is one round
trip well under a millisecond.

An appeal is listed before it is written: a crash between the two leaves an id that leads nowhere (skipped
when read), never an appeal the check cannot see. Entries older than the window are dropped when the list
is written, and a list nobody wrote for longer than the window expires. Redis may lose what it holds (it
runs without persistence here), so the lists count only while a mark says they are complete: the first
start, or the first check, that finds no mark lists every appeal of the window from the database and then
sets it. Until then a check asks the database itself (a whole-collection read on FerretDB, correct but
slow). The keys expire, so Redis must not evict keys with an expiry (`noeviction`, its default).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

import redis.asyncio as redis_async
from pymongo.asynchronous.collection import AsyncCollection

from shared.mongo import Document

logger = logging.getLogger(__name__)
RESTORE_BATCH = 500


class RecentAppeals:
    """The lists of one appeals database (`namespace` is its name: tests share one Redis)."""

    def __init__(self, redis: redis_async.Redis, namespace: str, appeals: AsyncCollection[Document], *,
                 window: timedelta) -> None:  # fmt: skip
        self._redis = redis
        self._prefix = f"{namespace}:recent:"
        self._complete = f"{namespace}:recent-lists-complete"
        self._appeals = appeals
        self._window = window
        self._restoring: asyncio.Task[int] | None = None

    async def note(self, citizen_id: str, appeal_id: str, received_at: datetime) -> None:
        await self._note_many([(citizen_id, appeal_id, received_at)])

    async def ids_since(self, citizen_id: str, since: datetime) -> list[str]:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.exists(self._complete)
            pipe.zrangebyscore(self._key(citizen_id), since.timestamp(), "+inf")
            complete, listed = await pipe.execute()
        if complete:
            return [appeal_id.decode() for appeal_id in listed]
        self._restore_soon(since)
        found = self._appeals.find({"citizen_id": citizen_id, "received_at": {"$gte": since}}, {"_id": 1})
        return [document["_id"] async for document in found]

    async def restore(self, since: datetime) -> int:
        """Unless the lists are marked complete: lists every appeal received since `since`, then marks them."""
        if await self._redis.exists(self._complete):
            return 0
        restored, batch = 0, []
        async for appeal in self._appeals.find({"received_at": {"$gte": since}}, {"citizen_id": 1, "received_at": 1}):
            batch.append((appeal["citizen_id"], appeal["_id"], appeal["received_at"]))
            if len(batch) >= RESTORE_BATCH:
                restored += await self._note_many(batch)
                batch = []
        restored += await self._note_many(batch)
        await self._redis.set(self._complete, since.isoformat())
        logger.info("recent appeal lists restored", extra={"appeals": restored})
        return restored

    async def forget(self, citizen_id: str) -> None:
        await self._redis.delete(self._key(citizen_id))

    def _key(self, citizen_id: str) -> str:
        return f"{self._prefix}{citizen_id}"

    async def _note_many(self, entries: Sequence[tuple[str, str, datetime]]) -> int:
        if not entries:
            return 0
        keep_s = int(self._window.total_seconds()) + 86_400
        async with self._redis.pipeline(transaction=False) as pipe:
            for citizen_id, appeal_id, received_at in entries:
                key = self._key(citizen_id)
                pipe.zadd(key, {appeal_id: received_at.timestamp()})
                pipe.zremrangebyscore(key, "-inf", f"({(received_at - self._window).timestamp()}")
                pipe.expire(key, keep_s)
            await pipe.execute()
        return len(entries)

    def _restore_soon(self, since: datetime) -> None:
        """The lists were lost (Redis restarted): list the window again, once, in the background."""
        if self._restoring is None or self._restoring.done():
            self._restoring = asyncio.create_task(self._restore_logged(since), name="restore-recent-appeals")

    async def _restore_logged(self, since: datetime) -> int:
        try:
            return await self.restore(since)
        except Exception:
            logger.exception("recent appeal lists could not be restored; the next check tries again")
            return 0
