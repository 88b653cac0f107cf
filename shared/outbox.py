"""The transactional outbox, kept inside the aggregate's own document.

A state change and the events it produced are written in ONE single-document update (`with_events`), so
either both happen or neither. A relay publishes pending events in order and then removes them.

- A writer that knows which document it wrote tells its own relay (`written`), which reads just that
  document by `_id` at once (or takes the outbox an insert handed over) and publishes what it holds.
- A sweep, one active per service (chosen by a lease in the database), looks for every document still
  holding events at least every `sweep_interval`, and at once after a plain `wake()`.
- A third loop removes what the named documents' passes published. Until it has, those events are not
  published again when their document is read anew.

The three run as separate loops: FerretDB reads the whole collection for the sweep's query, and a removal
is an update FerretDB serialises per collection; in one loop either held the named documents up. A pass
that failed (the broker away) names its documents again and is tried after `retry_after`. After a crash
between the write and the publish, the events are still in the document and the next sweep publishes
them; two relays may publish the same events (a hint and a sweep), and consumers are idempotent, so a
publish repeated after a crash between publish and removal changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, Protocol

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

# Publishes outbox records, those of one aggregate in the order given; returns once Kafka has them all.
Publish = Callable[[Sequence[Mapping[str, Any]]], Awaitable[None]]
RemovalKey = tuple[str, Any]  # (collection, document id)


class Written(Protocol):
    """Names a document a write left events in (and, for a document just inserted, its outbox)."""

    def __call__(
        self, collection: str, document_id: Any, inserted_outbox: Sequence[Mapping[str, Any]] | None = None
    ) -> None: ...


def no_relay(collection: str, document_id: Any, inserted_outbox: Sequence[Mapping[str, Any]] | None = None) -> None:
    """For stores used without a relay (tools, tests): the sweep of a running service finds the events."""


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
        sweep_interval: float = 1.0,
        batch: int = 1000,
        retry_after: float = 1.0,
    ) -> None:
        self._database = database
        self._collections = list(collections)
        self._publish = publish
        self._sweep_interval = sweep_interval
        self._batch = batch
        self._retry_after = retry_after
        self._lease = Lease(database, f"outbox-relay:{name}", ttl=timedelta(seconds=10), clock=clock or SystemClock())
        self._sweep_now = asyncio.Event()
        self._named = asyncio.Event()
        self._removal_due = asyncio.Event()
        self._more_pending = False
        self._written: dict[str, dict[Any, list[Mapping[str, Any]] | None]] = {}
        # Published, not yet removed from their documents: a document read again meanwhile is not
        # published twice for them.
        self._removing: dict[RemovalKey, list[Mapping[str, Any]]] = {}
        # Separate loops, so a sweep (a whole-collection read on FerretDB) never holds up the named
        # documents, and neither waits for the removal of what it published.
        self._hints = BackgroundLoop(self._run_hints, "outbox-relay-hints")
        self._sweeps = BackgroundLoop(self._run_sweeps, "outbox-relay-sweeps")
        self._removals = BackgroundLoop(self._run_removals, "outbox-relay-removals")
        self.published = 0

    def wake(self) -> None:
        """Ask for a sweep now rather than at the next interval."""
        self._sweep_now.set()

    def written(
        self, collection: str, document_id: Any, inserted_outbox: Sequence[Mapping[str, Any]] | None = None
    ) -> None:
        """Tell the relay which document a write left events in; it publishes them without a sweep.

        A writer that has just inserted the document may hand over its outbox, which then is all the
        document holds and is published without reading it back. Any later write names the document
        without one, and the relay reads it.
        """
        named = self._written.setdefault(collection, {})
        if document_id in named:
            named[document_id] = None  # written again since: what the document holds now is read
        else:
            named[document_id] = list(inserted_outbox) if inserted_outbox is not None else None
        self._named.set()

    def start(self) -> None:
        self._hints.start()
        self._sweeps.start()
        self._removals.start()

    async def stop(self) -> None:
        await self._hints.stop()
        await self._sweeps.stop()
        await self._removals.stop()
        with contextlib.suppress(TimeoutError):  # what is left is published again after the restart
            await asyncio.wait_for(self._attempt(self._remove_published), self._retry_after * 5)
        with contextlib.suppress(PyMongoError):
            await self._lease.release()

    async def _run_hints(self) -> None:
        while True:
            await self._named.wait()
            self._named.clear()
            written, self._written = self._written, {}
            if not await self._attempt(functools.partial(self._relay_written, written)):
                await asyncio.sleep(self._retry_after)  # what failed was named again

    async def _run_sweeps(self) -> None:
        while True:
            self._sweep_now.clear()
            self._more_pending = False
            await self._attempt(self._sweep)
            # Only a pass cut short by its batch sweeps again at once. Under steady writes a sweep always
            # finds something (documents their hints are about to take); sweeping again on that made the
            # relay a loop of whole-collection reads.
            if self._more_pending:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sweep_now.wait(), self._sweep_interval)

    async def _run_removals(self) -> None:
        while True:
            await self._removal_due.wait()
            self._removal_due.clear()
            await self._attempt(self._remove_published)

    @staticmethod
    async def _attempt(step: Callable[[], Awaitable[object]]) -> bool:
        """Run one pass; a failure is logged, and what it left is tried again (named documents after a
        pause, anything else by the next sweep)."""
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("outbox relay pass failed; what it left is tried again")
            return False
        return True

    async def _sweep(self) -> int:
        return await self.drain_once() if await self._lease.try_acquire() else 0

    async def _relay_written(self, written: dict[str, dict[Any, list[Mapping[str, Any]] | None]]) -> None:
        """Publish what the named documents hold, a collection at a time; the collection that failed and those
        after it are named again, to be tried after a pause, so a broker away for a moment does not wait
        for the next sweep."""
        collections = list(written.items())
        for position, (name, named) in enumerate(collections):
            try:
                await self._relay_named(name, named)
            except Exception:
                for left_name, left in collections[position:]:
                    for document_id, outbox in left.items():
                        self.written(left_name, document_id, outbox)
                raise

    async def _relay_named(self, name: str, named: dict[Any, list[Mapping[str, Any]] | None]) -> None:
        """An inserted document's outbox as handed over, any other read by `_id`. Their pending flag stays
        up: lowering it safely needs a filter FerretDB cannot push down, a whole-collection read per batch.
        The sweep asks for documents that hold events, so a stale flag costs it nothing; on FerretDB it
        reads every document either way."""
        collection = self._database[name]
        known = [{"_id": document_id, OUTBOX_FIELD: outbox} for document_id, outbox in named.items() if outbox]
        to_read = [document_id for document_id, outbox in named.items() if outbox is None]
        found = await asyncio.gather(
            *(collection.find_one({"_id": document_id}, {OUTBOX_FIELD: 1}) for document_id in to_read)
        )
        holding = await self._publish_unpublished(name, known + [document for document in found if document])
        for document in holding:
            key = (name, document["_id"])
            self._removing[key] = [*self._removing.get(key, ()), *document[OUTBOX_FIELD]]
        if holding:
            self._removal_due.set()

    async def drain_once(self) -> int:
        """One sweep over every collection; returns how many events were published."""
        moved = 0
        for name in self._collections:
            collection = self._database[name]
            holding = {PENDING_FIELD: True, OUTBOX_FIELD: {"$ne": []}}
            cursor = collection.find(holding, {OUTBOX_FIELD: 1}).limit(self._batch)
            documents = [document async for document in cursor]
            self._more_pending = self._more_pending or len(documents) >= self._batch
            if documents:
                published = await self._publish_unpublished(name, documents)
                await self._pull(collection.name, {document["_id"]: document[OUTBOX_FIELD] for document in published})
                moved += sum(len(document[OUTBOX_FIELD]) for document in published)
                await self._lower_flags(collection, documents)
        return moved

    async def _publish_unpublished(self, name: str, documents: list[Document]) -> list[Document]:
        """Publish the events the documents hold that were not published already (aggregates side by side,
        each in order, in one hand-over to the publisher); returns the documents, each with what it had."""
        holding = []
        for document in documents:
            removing = self._removing.get((name, document["_id"]), ())
            outbox = [record for record in document.get(OUTBOX_FIELD) or () if record not in removing]
            if outbox:
                holding.append({"_id": document["_id"], OUTBOX_FIELD: outbox})
        if holding:
            await self._publish([record for document in holding for record in document[OUTBOX_FIELD]])
            self.published += sum(len(document[OUTBOX_FIELD]) for document in holding)
        return holding

    async def _remove_published(self) -> None:
        """Remove from their documents the events the named documents' passes published (update commands of
        many statements per collection). Until it is done they are not published again."""
        taken = dict(self._removing)
        by_collection: dict[str, dict[Any, list[Mapping[str, Any]]]] = {}
        for (name, document_id), records in taken.items():
            by_collection.setdefault(name, {})[document_id] = records
        try:
            for name, published in by_collection.items():
                await self._pull(name, published)
        finally:
            for key, records in taken.items():
                if self._removing.get(key) is records:
                    del self._removing[key]
                elif key in self._removing:
                    self._removing[key] = [record for record in self._removing[key] if record not in records]

    async def _pull(self, name: str, published: Mapping[Any, Sequence[Mapping[str, Any]]]) -> None:
        """Remove from each document exactly the events published (`$pullAll` by `_id` alone: any appended
        since stay)."""
        removing = [{"q": {"_id": document_id}, "u": {"$pullAll": {OUTBOX_FIELD: list(records)}}}
                    for document_id, records in published.items()]  # fmt: skip
        if removing:
            await run_updates(self._database, name, removing, ordered=False)

    @staticmethod
    async def _lower_flags(collection: AsyncCollection[Document], documents: list[Document]) -> None:
        """Lower the pending flag of the swept documents whose outbox is now empty, in one update for the
        batch. FerretDB v1 scans the whole collection for any filter but an `_id`-only one, so a clear
        guarded per document cost a scan each (decision 0001); here the batch costs one."""
        emptied = {"_id": {"$in": [document["_id"] for document in documents]}, OUTBOX_FIELD: {"$size": 0}}
        await collection.update_many(emptied, {"$set": {PENDING_FIELD: False}})
