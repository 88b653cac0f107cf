"""Incidents, one document each with its H3 cell and territory codes, and the crime-map counters.

A batch of incidents from the feed has an id derived from its incidents' ids. Ingesting it: (1) if its
batch document says it is done, nothing to do; (2) insert the incidents not stored yet (each marked with
the batch, so a retry after a crash recognises its own); (3) store their `incidents.v1` events in outbox documents
of 100 and the batch document with the tallies of the new incidents; (4) fold the tallies into the
per-(district, month) counter documents, each applied once per batch (the batch id is recorded in the
counter document by the same conditional write); (5) mark the batch done. A batch left undone by a crash
is finished from its own document. Every step writes whole documents or one document: FerretDB applies
a multi-document update one document at a time, slowly, behind its request queue.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.geo.domain.crime_counters import Tally, counter_id, decode, encode, local_day, merge, month_key
from services.geo.domain.incidents import Incident
from services.geo.domain.territory import GeoPoint
from services.geo.repository.territory import insert_new
from shared.events.envelope import Event
from shared.mongo import Document, IndexSpec
from shared.outbox import new_document_with_events

INCIDENTS = "incidents"
BATCHES = "incident_batches"
EVENTS = "incident_events"  # the outbox of incident events, in small documents (see `add_batch`)
EVENTS_PER_DOCUMENT = 100
COUNTERS = "crime_counters"
APPLIED = "_applied_batches"
INSERT_CHUNK = 200
INCIDENT_INDEXES = [
    IndexSpec(INCIDENTS, [("district_code", 1), ("month", 1)]),
    IndexSpec(INCIDENTS, [("batch", 1)]),
    IndexSpec(BATCHES, [("done", 1)]),
]


def incident_document(incident: Incident, batch: str) -> Document:
    day = local_day(incident)
    codes = incident.territory_codes
    return {
        "_id": incident.id, "category": incident.category, "group": incident.group.value,
        "occurred_at": incident.occurred_at, "day": day.isoformat(), "month": month_key(day),
        "location": {"lat": incident.location.lat, "lon": incident.location.lon},
        "region_code": codes[0], "district_code": codes[1], "sector_code": codes[2], "mahalla_code": codes[3],
        "cell": incident.cell, "injuries": incident.injuries, "deaths": incident.deaths, "batch": batch,
    }  # fmt: skip


def incident_of(document: Document) -> Incident:
    return Incident(
        id=document["_id"], category=document["category"], occurred_at=document["occurred_at"],
        location=GeoPoint(**document["location"]), mahalla_code=document["mahalla_code"], cell=int(document["cell"]),
        injuries=document.get("injuries", 0), deaths=document.get("deaths", 0),
    )  # fmt: skip


Groups = Mapping[tuple[str, str], Sequence[Tally]]


class IncidentStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._incidents = database[INCIDENTS]
        self._batches = database[BATCHES]
        self._events = database[EVENTS]
        self._counters = database[COUNTERS]

    async def batch_done(self, batch: str) -> bool:
        document = await self._batches.find_one({"_id": batch}, {"done": 1})
        return bool(document and document.get("done"))

    async def insert_new(self, incidents: Sequence[Incident], batch: str) -> list[Incident]:
        """Store the incidents not stored yet; returns those, and those an earlier try of this batch stored."""
        fresh: list[Incident] = []
        refused: list[Incident] = []
        for start in range(0, len(incidents), INSERT_CHUNK):
            chunk = incidents[start : start + INSERT_CHUNK]
            failed: set[int] = set()
            try:
                await self._incidents.insert_many([incident_document(i, batch) for i in chunk], ordered=False)
            except BulkWriteError as error:
                errors = error.details.get("writeErrors", [])
                if any(e.get("code") != 11000 for e in errors):
                    raise
                failed = {int(e["index"]) for e in errors}
            fresh.extend(incident for index, incident in enumerate(chunk) if index not in failed)
            refused.extend(chunk[index] for index in sorted(failed))
        if refused:
            ours = {d["_id"] async for d in self._incidents.find({"batch": batch}, {"_id": 1})}
            fresh.extend(incident for incident in refused if incident.id in ours)
        return fresh

    async def add_batch(self, batch: str, groups: Groups, events: Sequence[Event]) -> None:
        """The batch's tallies, and its events in outbox documents of at most 100: the relay removes
        published events with `$pullAll`, which FerretDB runs in time growing with the square of the
        array, holding its single writer meanwhile."""
        size = EVENTS_PER_DOCUMENT
        chunks = [
            new_document_with_events({"_id": f"{batch}:{n}", "batch": batch}, events[start : start + size])
            for n, start in enumerate(range(0, len(events), size))
        ]
        if chunks:
            await insert_new(self._events, chunks)  # stored before a crash: the same events
        counters = {counter_id(d, m): encode(d, m, rows) for (d, m), rows in groups.items()}
        with contextlib.suppress(DuplicateKeyError):  # stored before a crash, with the same tallies
            await self._batches.insert_one({"_id": batch, "done": False, "counters": list(counters.values())})

    async def unfinished(self) -> dict[str, Groups]:
        """Batches a crashed ingestion left undone, with their tallies."""
        found: dict[str, Groups] = {}
        async for document in self._batches.find({"done": False}, {"counters": 1}):
            found[document["_id"]] = {(c["district_code"], c["month"]): list(decode(c)) for c in document["counters"]}
        return found

    async def mark_done(self, batch: str) -> None:
        await self._batches.update_one({"_id": batch}, {"$set": {"done": True}, "$unset": {"counters": ""}})

    async def apply_counters(self, batch: str, district_code: str, month: str, rows: Iterable[Tally]) -> bool:
        """Fold tallies into the (district, month) counter document once per batch; True when applied now."""
        key = counter_id(district_code, month)
        rows = list(rows)
        while True:
            document = await self._counters.find_one({"_id": key})
            if document is not None and batch in document.get(APPLIED, []):
                return False
            fields = encode(district_code, month, merge(decode(document) if document else (), rows))
            if document is None:
                try:
                    await self._counters.insert_one({"_id": key, **fields, "version": 1, APPLIED: [batch]})
                    return True
                except DuplicateKeyError:
                    continue
            version = document.get("version", 0)
            result = await self._counters.update_one(
                {"_id": key, "version": version},
                {"$set": {**fields, "version": version + 1}, "$push": {APPLIED: batch}},
            )
            if result.modified_count:
                return True

    async def counters(self, district_code: str, month: str) -> dict[str, Any] | None:
        return await self._counters.find_one({"_id": counter_id(district_code, month)}, {APPLIED: 0})

    async def raw(self, district_code: str, month: str) -> list[Incident]:
        """The stored incidents of a district and month (the benchmark's baseline reads these)."""
        cursor = self._incidents.find({"district_code": district_code, "month": month})
        return [incident_of(document) async for document in cursor]
