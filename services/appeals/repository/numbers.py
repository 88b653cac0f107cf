"""Counters behind appeal numbers: one per region and year (`TAS-2026`), handed out in blocks.

Each instance claims a block of sequence numbers with one `$inc` (atomic on MongoDB, and on FerretDB
behind our launcher, which passes one request at a time) and hands them out from memory: an update costs
far more than a read on the local database, and a number is needed on every submission. Once half of the
block in hand is used, the next block is claimed in the background, so a submission rarely waits for the
database at a block's end (and never all the submissions queued behind it). Numbers stay unique across
instances; a restart leaves the rest of its blocks unused (a gap, never a repeat). The unique index on
`appeals.number` is the last guard: a clash is retried with the next number.
"""

from __future__ import annotations

import asyncio

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document

COUNTERS = "counters"
BLOCK = 20

Block = tuple[int, int]  # (next, last) sequence numbers still free in a block


class NumberCounter:
    def __init__(self, database: AsyncDatabase[Document], block: int = BLOCK) -> None:
        self._counters = database[COUNTERS]
        self._block = block
        self._in_hand: dict[str, Block] = {}
        self._claiming: dict[str, asyncio.Task[Block]] = {}  # scope → the claim of its following block
        self._lock = asyncio.Lock()

    async def next(self, scope: str) -> int:
        async with self._lock:
            following, last = self._in_hand.get(scope, (1, 0))
            if following > last:
                following, last = await self._following_block(scope)
            self._in_hand[scope] = (following + 1, last)
            if last - following < self._block // 2 and scope not in self._claiming:
                self._claiming[scope] = asyncio.create_task(self._claim(scope))
            return following

    async def close(self) -> None:
        """Drops the claims still on their way; their numbers become a gap."""
        claims, self._claiming = list(self._claiming.values()), {}
        for claim in claims:
            claim.cancel()
        await asyncio.gather(*claims, return_exceptions=True)

    async def _following_block(self, scope: str) -> Block:
        claim = self._claiming.pop(scope, None)
        if claim is None:
            return await self._claim(scope)
        return await claim  # a failed claim fails this submission; the next one claims afresh

    async def _claim(self, scope: str) -> Block:
        document = await self._counters.find_one_and_update(
            {"_id": scope}, {"$inc": {"value": self._block}}, upsert=True, return_document=ReturnDocument.AFTER
        )
        assert document is not None
        last = int(document["value"])
        return last - self._block + 1, last
