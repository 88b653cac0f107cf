"""The transactional outbox, kept inside the aggregate's own document.

A state change and the events it produced are written in ONE single-document update (`with_events`), so
either both happen or neither. A relay — one active per service, chosen by a lease in the database —
publishes pending events in order and then removes them. After a crash between the write and the
publish, the events are still in the document and are published when a relay runs again; consumers are
idempotent, so a publish repeated after a crash between publish and removal changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from opentelemetry import propagate
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from shared.background import BackgroundLoop
from shared.clock import Clock, SystemClock
from shared.events.envelope import Event
from shared.mongo import Document, IndexSpec, ascending, run_updates

logger = logging.getLogger(__name__)

OUTBOX_FIELD = "_outbox"
PENDING_FIELD = "_outbox_pending"
LEASES = "_leases"

Publish = Callable[[Mapping[str, Any]], Awaitable[None]]


def outbox_index(collection: str) -> IndexSpec:
    return IndexSpec(collection, ascending(PENDING_FIELD))


def records_of(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Outbox records, each carrying the current trace context so the consumer's span joins the trace."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    records = []
    for event in events:
        record = event.to_record()
        if "traceparent" in carrier:
            record["headers"]["traceparent"] = carrier["traceparent"]
        records.append(record)
    return records


def with_events(update: dict[str, Any], events: Sequence[Event]) -> dict[str, Any]:
    """Extend a Mongo update so it also appends `events` to the document's outbox."""
    if not events:
        return update
    merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$push", {})[OUTBOX_FIELD] = {"$each": records_of(events)}
    merged.setdefault("$set", {})[PENDING_FIELD] = True
    return merged


def new_document_with_events(document: Document, events: Sequence[Event]) -> Document:
    """A document to insert, carrying its first events."""
    return {**document, OUTBOX_FIELD: records_of(events), PENDING_FIELD: bool(events)}


def strip_outbox(document: Document) -> Document:
    return {key: value for key, value in document.items() if key not in (OUTBOX_FIELD, PENDING_FIELD)}


class Lease:
    """A named lease in the database: at most one holder at a time, renewed while alive."""

    def __init__(self, database: AsyncDatabase[Document], name: str, *, ttl: timedelta, clock: Clock) -> None:
        self._leases = database[LEASES]
        self._name = name
        self._ttl = ttl
        self._clock = clock
        self.holder = uuid.uuid4().hex

    async def try_acquire(self) -> bool:
        now = self._clock.now()
        try:
            document = await self._leases.find_one_and_update(
                {"_id": self._name, "$or": [{"holder": self.holder}, {"expires_at": {"$lt": now}}]},
                {"$set": {"holder": self.holder, "expires_at": now + self._ttl}},
                upsert=True,
                return_document=True,
            )
        except DuplicateKeyError:
            return False
        return document is not None and document.get("holder") == self.holder

    async def release(self) -> None:
        await self._leases.delete_one({"_id": self._name, "holder": self.holder})


class OutboxRelay:
    """Publishes what handlers left in the outboxes of the given collections, oldest first."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        collections: Sequence[str],
        publish: Publish,
        *,
        name: str,
        clock: Clock | None = None,
        idle_interval: float = 1.0,
        batch: int = 1000,
    ) -> None:
        self._database = database
        self._collections = list(collections)
        self._publish = publish
        self._idle_interval = idle_interval
        self._batch = batch
        self._lease = Lease(database, f"outbox-relay:{name}", ttl=timedelta(seconds=10), clock=clock or SystemClock())
        self._wake = asyncio.Event()
        self._loop = BackgroundLoop(self._run, "outbox-relay")
        self.published = 0

    def wake(self) -> None:
        """Nudge the relay after a write so events leave without waiting for the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
        with contextlib.suppress(PyMongoError):
            await self._lease.release()

    async def _run(self) -> None:
        while True:
            moved = 0
            try:
                if await self._lease.try_acquire():
                    moved = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("outbox relay pass failed; retrying")
            if moved == 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._idle_interval)

    async def drain_once(self) -> int:
        """One pass over every collection; returns how many events were published."""
        moved = 0
        for name in self._collections:
            collection = self._database[name]
            cursor = collection.find({PENDING_FIELD: True}, {OUTBOX_FIELD: 1}).limit(self._batch)
            documents = [document async for document in cursor]
            if documents:
                moved += await self._publish_documents(collection, documents)
        return moved

    async def _publish_records(self, document: Document) -> None:
        for record in document.get(OUTBOX_FIELD) or []:  # one aggregate's events, in order
            await self._publish(record)

    async def _publish_documents(self, collection: AsyncCollection[Document], documents: list[Document]) -> int:
        """Publish a batch (aggregates side by side, each in order), then clear exactly what was published."""
        await asyncio.gather(*(self._publish_records(document) for document in documents))
        await self._clear(collection, documents)
        published = sum(len(document.get(OUTBOX_FIELD) or []) for document in documents)
        self.published += published
        return published

    @staticmethod
    async def _clear(collection: AsyncCollection[Document], documents: list[Document]) -> None:
        """Remove from each document exactly the events published (`$pullAll`: any appended since stay),
        addressing it by `_id` alone, then lower the pending flag, in one update for the batch, where the
        outbox is now empty. FerretDB v1 scans the whole collection for any filter but an `_id`-only one,
        so a clear guarded per document cost a scan each (decision 0001); here the batch costs one."""
        clearing = [
            {"q": {"_id": document["_id"]}, "u": {"$pullAll": {OUTBOX_FIELD: document.get(OUTBOX_FIELD) or []}}}
            for document in documents
        ]
        await run_updates(collection.database, collection.name, clearing, ordered=False)
        emptied = {"_id": {"$in": [document["_id"] for document in documents]}, OUTBOX_FIELD: {"$size": 0}}
        await collection.update_many(emptied, {"$set": {PENDING_FIELD: False}})
