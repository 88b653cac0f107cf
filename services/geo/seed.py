"""`python -m services.geo.seed`: the pilot territory and about three months of sandbox incidents.

Runs against the database in the service's settings (SM_* environment) once the service is up; the
service's outbox relays publish the events (`territory.v1`, `incidents.v1`) and its instances pick the
new territory up within `SM_GEO_TERRITORY_POLL_S`. A second run changes nothing: units, officials and
incidents already stored are skipped. Incidents come month by month, each month from its own random
stream, and only whole local days up to yesterday, so a later run adds the new days and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta

from services.geo import repository
from services.geo.adapters.incident_feed import SandboxIncidentFeed
from services.geo.domain.crime_query import TASHKENT, tashkent_midnight
from services.geo.domain.registry import Territory
from services.geo.handlers.incidents import IngestReport, ingest
from services.geo.handlers.loading import LoadReport, load_territory
from services.geo.pilot import generate_pilot
from services.geo.repository.incidents import IncidentStore
from services.geo.repository.territory import TerritoryStore
from services.geo.settings import GeoSettings
from shared.clock import Clock, SystemClock
from shared.mongo import create_client, ensure_indexes
from shared.outbox import outbox_index

logger = logging.getLogger("services.geo.seed")


def month_windows(today: date, days: int) -> list[tuple[datetime, datetime]]:
    """[start, end) per local month, from the month `days` ago up to today's local midnight."""
    first = (today - timedelta(days=days)).replace(day=1)
    windows = []
    while first < today:
        following = (first + timedelta(days=32)).replace(day=1)
        windows.append((tashkent_midnight(first), tashkent_midnight(min(following, today))))
        first = following
    return windows


async def seed_incidents(
    territory: Territory, store: IncidentStore, settings: GeoSettings, today: date
) -> IngestReport:
    received = stored = 0
    for start, end in month_windows(today, settings.seed_incident_days):
        feed = SandboxIncidentFeed(settings.pilot_seed * 100 + start.month, settings.incident_rate_multiplier)
        report = await ingest(feed.fetch(territory, start, end), store)
        received, stored = received + report.received, stored + report.stored
    return IngestReport(received, stored)


async def seed(
    settings: GeoSettings, clock: Clock | None = None, territory: Territory | None = None
) -> tuple[LoadReport, IngestReport]:
    """Load `territory` (the pilot by default) and its incidents; returns what was new."""
    clock = clock or SystemClock()
    client = create_client(settings.mongo_url, app_name="geo-seed")
    try:
        database = client[settings.database_name]
        await ensure_indexes(database, [*repository.INDEXES, *map(outbox_index, repository.OUTBOX_COLLECTIONS)])
        territory = territory or generate_pilot(settings.pilot_seed)
        loaded = await load_territory(territory, TerritoryStore(database), clock)
        today = clock.now().astimezone(TASHKENT).date()
        incidents = await seed_incidents(territory, IncidentStore(database), settings, today)
        return loaded, incidents
    finally:
        await client.close()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    loaded, incidents = asyncio.run(seed(GeoSettings()))
    logger.info(
        "geo seed: %d units, %d officials, %d places stored; %d of %d incidents new",
        loaded.units, loaded.officials, loaded.places, incidents.stored, incidents.received,
    )  # fmt: skip


if __name__ == "__main__":
    main()
