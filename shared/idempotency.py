"""Consumers apply each event id once: a redelivered event changes nothing.

Two tools, for the two shapes of consumer:
- `apply_once` — the effect is one update of one document: the event id is recorded in that same document
  by the same atomic update, so the check and the effect cannot drift apart.
- `ProcessedEvents` — the effect spans several writes that are themselves idempotent (upserts): the id is
  remembered after the effect, and a redelivery is skipped.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document

APPLIED_FIELD = "_applied_events"
PROCESSED = "_processed_events"
DUPLICATE_KEY = 11000


async def apply_once(
    collection: AsyncCollection[Document],
    filter_: dict[str, Any],
    update: dict[str, Any],
    *,
    event_id: str,
    upsert: bool = False,
) -> bool:
    """Apply `update` to the document unless it already carries `event_id`; True when applied now."""
    guarded, merged = guarded_update(filter_, update, event_id=event_id)
    try:
        result = await collection.update_one(guarded, merged, upsert=upsert)
    except DuplicateKeyError:
        # The upsert raced with a document that already holds the event: nothing to do.
        return False
    return result.modified_count > 0 or result.upserted_id is not None


def guarded_update(
    filter_: dict[str, Any], update: dict[str, Any], *, event_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filter and update of `apply_once`, for callers that send many of them in one bulk write."""
    guarded = {**filter_, APPLIED_FIELD: {"$ne": event_id}}
    merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$addToSet", {})[APPLIED_FIELD] = event_id
    return guarded, merged


class ProcessedEvents:
    """Per-consumer memory of handled event ids."""

    def __init__(self, database: AsyncDatabase[Document], consumer: str) -> None:
        self._collection = database[PROCESSED]
        self._consumer = consumer

    def _key(self, event_id: str) -> str:
        return f"{self._consumer}:{event_id}"

    async def seen(self, event_id: str) -> bool:
        return await self._collection.find_one({"_id": self._key(event_id)}, {"_id": 1}) is not None

    async def remember(self, event_id: str, at: datetime) -> None:
        with contextlib.suppress(DuplicateKeyError):
            await self._collection.insert_one({"_id": self._key(event_id), "at": at})
