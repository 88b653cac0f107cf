"""Ingestion survives a crash half-way: nothing is lost and nothing is counted twice."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo import AsyncMongoClient

from services.geo.domain import crime_counters
from services.geo.domain.incidents import Incident
from services.geo.domain.registry import Territory
from services.geo.handlers.incidents import batch_id, ingest, recorded
from services.geo.repository import BATCHES, EVENTS
from services.geo.repository.incidents import IncidentStore
from shared.mongo import Document
from tests.infra import Servers
from tests.integration.geo.conftest import settings_for


def thefts(territory: Territory, count: int) -> list[Incident]:
    post = territory.posts[0]
    return [
        Incident.record(
            id=f"crash-{n}", category="crime.theft", occurred_at=datetime(2025, 4, 1 + n % 20, 9, tzinfo=UTC),
            location=post.location, mahalla_code=post.mahalla_code,
        )
        for n in range(count)
    ]  # fmt: skip


async def test_a_batch_stored_but_not_counted_is_counted_once_by_the_next_ingestion(
    servers: Servers, small_territory: Territory
) -> None:
    settings = settings_for(servers)
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    database = client[settings.database_name]
    try:
        store = IncidentStore(database)
        incidents = thefts(small_territory, 30)
        # A crash after the incidents and their batch were stored, before any counter was touched:
        batch = batch_id(sorted(incidents, key=lambda i: (i.mahalla_code[:7], crime_counters.local_day(i), i.id)))
        fresh = await store.insert_new(incidents, batch)
        await store.add_batch(batch, crime_counters.tally(fresh), [recorded(i) for i in fresh])
        report = await ingest(incidents, store)  # finishes the batch, then finds nothing new
        assert report.stored == 0
        again = await ingest(incidents, store)
        assert again.stored == 0
        district, month = small_territory.posts[0].mahalla_code[:7], "2025-04"
        document = await store.counters(district, month)
        assert document is not None
        assert sum(row.count for row in crime_counters.decode(document)) == 30
        batch_document = await database[BATCHES].find_one({"_id": batch})
        assert batch_document is not None
        assert batch_document["done"] is True
        pending = [d async for d in database[EVENTS].find({"batch": batch})]
        assert sum(len(d["_outbox"]) for d in pending) == 30  # the events wait for the relay
    finally:
        await client.drop_database(settings.database_name)
        await client.close()
