"""The seed loads the territory and incidents once: a second run changes nothing."""

from __future__ import annotations

from pymongo import AsyncMongoClient

from services.geo.domain.registry import Territory
from services.geo.seed import seed
from shared.mongo import Document
from tests.infra import Servers
from tests.integration.geo.conftest import settings_for


async def test_seeding_twice_changes_nothing_the_second_time(servers: Servers, small_territory: Territory) -> None:
    settings = settings_for(servers)
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        loaded, incidents = await seed(settings, territory=small_territory)
        assert loaded.units == len(list(small_territory.units()))
        assert loaded.officials == len(small_territory.officials)
        assert incidents.stored > 0
        database = client[settings.database_name]
        pending = await database["units"].count_documents({"_outbox_pending": True})
        assert pending == loaded.units  # every unit announced, waiting for the service's relay
        again, incidents_again = await seed(settings, territory=small_territory)
        assert (again.units, again.officials, again.places, incidents_again.stored) == (0, 0, 0, 0)
        assert incidents_again.received == incidents.received
        assert await database["incidents"].count_documents({}) == incidents.stored
    finally:
        await client.drop_database(settings.database_name)
        await client.close()
