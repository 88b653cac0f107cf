"""The territory registry in the database: units, officials and places (posts, sector headquarters).

Every change is one document written together with its events (the outbox in the document), then the
registry's version is bumped so every instance reloads its in-memory snapshot. Bulk loads insert in
batches and skip what exists, so loading the same data twice changes nothing and publishes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.geo.domain.errors import UnitExists
from services.geo.domain.registry import Territory
from services.geo.domain.territory import LawEnforcementPost, Official, SectorHeadquarters, TerritorialUnit
from services.geo.repository.documents import (
    official_document,
    official_of,
    place_document,
    place_of,
    snapshot,
    unit_document,
)
from shared.events.envelope import Event
from shared.mongo import Document, IndexSpec
from shared.outbox import new_document_with_events, with_events

UNITS = "units"
OFFICIALS = "officials"
PLACES = "places"
META = "meta"
TERRITORY_VERSION = "territory"
BULK_BATCH = 250
TERRITORY_INDEXES = [IndexSpec(OFFICIALS, [("status", 1)])]


async def insert_new(collection: AsyncCollection[Document], documents: Sequence[Document]) -> int:
    """Insert the documents whose `_id` is not taken yet; how many were inserted."""
    inserted = 0
    for start in range(0, len(documents), BULK_BATCH):
        chunk = documents[start : start + BULK_BATCH]
        try:
            result = await collection.insert_many(chunk, ordered=False)
            inserted += len(result.inserted_ids)
        except BulkWriteError as error:
            if any(e.get("code") != 11000 for e in error.details.get("writeErrors", [])):
                raise
            inserted += int(error.details.get("nInserted", 0))
    return inserted


class TerritoryStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._units = database[UNITS]
        self._officials = database[OFFICIALS]
        self._places = database[PLACES]
        self._meta = database[META]

    async def load(self) -> Territory:
        units = [d async for d in self._units.find({}, {"_outbox": 0})]
        officials = [official_of(d) async for d in self._officials.find({"status": "active"}, {"_outbox": 0})]
        places = [place_of(d) async for d in self._places.find({}, {"_outbox": 0})]
        return snapshot(units, officials, places)

    async def version(self) -> int:
        document = await self._meta.find_one({"_id": TERRITORY_VERSION})
        return int(document["version"]) if document else 0

    async def bump(self) -> None:
        await self._meta.update_one({"_id": TERRITORY_VERSION}, {"$inc": {"version": 1}}, upsert=True)

    # --- bulk (the pilot load, imports) ---------------------------------------------------------

    async def add_units(self, units: Iterable[TerritorialUnit], events: Mapping[str, Sequence[Event]]) -> int:
        documents = [new_document_with_events(unit_document(u), events.get(u.code, ())) for u in units]
        return await insert_new(self._units, documents)

    async def add_officials(self, officials: Iterable[Official], events: Mapping[str, Sequence[Event]]) -> int:
        documents = [new_document_with_events(official_document(o), events.get(o.id, ())) for o in officials]
        return await insert_new(self._officials, documents)

    async def add_places(self, places: Iterable[LawEnforcementPost | SectorHeadquarters]) -> int:
        return await insert_new(self._places, [new_document_with_events(place_document(p), ()) for p in places])

    # --- one record at a time (administration) --------------------------------------------------

    async def insert_unit(self, unit: TerritorialUnit, events: Sequence[Event]) -> None:
        try:
            await self._units.insert_one(new_document_with_events(unit_document(unit), events))
        except DuplicateKeyError as error:
            raise UnitExists(code=unit.code) from error

    async def save_unit(self, unit: TerritorialUnit, events: Sequence[Event] = ()) -> None:
        fields = {k: v for k, v in unit_document(unit).items() if k != "_id"}
        await self._units.update_one({"_id": unit.code}, with_events({"$set": fields}, events), upsert=True)

    async def save_official(self, official: Official, events: Sequence[Event], *, active: bool = True) -> None:
        fields = {k: v for k, v in official_document(official, active=active).items() if k != "_id"}
        await self._officials.update_one({"_id": official.id}, with_events({"$set": fields}, events), upsert=True)

    async def save_place(self, place: LawEnforcementPost | SectorHeadquarters, events: Sequence[Event] = ()) -> None:
        fields = {k: v for k, v in place_document(place).items() if k != "_id"}
        await self._places.update_one({"_id": place.id}, with_events({"$set": fields}, events), upsert=True)

    async def next_sequence(self, name: str) -> int:
        """The next number of a named sequence (the sandbox ministry feed's calls)."""
        document = await self._meta.find_one_and_update(
            {"_id": f"sequence:{name}"}, {"$inc": {"value": 1}}, upsert=True, return_document=True
        )
        return int(document["value"]) if document else 1
