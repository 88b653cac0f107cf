"""Counters behind appeal numbers: one per region and year (`TAS-2026`), handed out in blocks.

Each instance claims a block of sequence numbers with one `$inc` (atomic on MongoDB, and on FerretDB
behind our launcher, which passes one request at a time) and hands them out from memory: an update costs
far more than a read on the local database, and a number is needed on every submission. Numbers stay
unique across instances; a restart leaves the rest of its block unused (a gap, never a repeat). The unique
index on `appeals.number` is the last guard: a clash is retried with the next number.
"""

from __future__ import annotations

import asyncio

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document

COUNTERS = "counters"
BLOCK = 20


class NumberCounter:
    def __init__(self, database: AsyncDatabase[Document], block: int = BLOCK) -> None:
        self._counters = database[COUNTERS]
        self._block = block
        self._free: dict[str, tuple[int, int]] = {}  # scope → (next, last) of the block in hand
        self._lock = asyncio.Lock()

    async def next(self, scope: str) -> int:
        async with self._lock:
            following, last = self._free.get(scope, (1, 0))
            if following > last:
                document = await self._counters.find_one_and_update(
                    {"_id": scope}, {"$inc": {"value": self._block}}, upsert=True, return_document=ReturnDocument.AFTER
                )
                assert document is not None
                last = int(document["value"])
                following = last - self._block + 1
            self._free[scope] = (following + 1, last)
            return following
