"""The geo service in-process on the real servers, over a small slice of the pilot (two Tashkent districts)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.geo import repository
from services.geo.domain.registry import Territory
from services.geo.handlers.loading import load_territory
from services.geo.main import create_app
from services.geo.pilot import generate_pilot
from services.geo.repository.territory import TerritoryStore
from services.geo.settings import GeoSettings
from shared.clock import SystemClock
from shared.mongo import Document, ensure_indexes
from tests.infra import Servers
from tests.support.auth import TestTokens
from tests.support.running import serving

CHILONZOR, YAKKASAROY = "1726294", "1726287"
_PILOT: list[Territory] = []


def slice_of(territory: Territory, *districts: str) -> Territory:
    def inside(code: str) -> bool:
        return code == "1726" or code.startswith(districts)

    sectors = tuple(s for s in territory.sectors if inside(s.code))
    mahallas = tuple(m for m in territory.mahallas if inside(m.code))
    return Territory(
        regions=tuple(r for r in territory.regions if r.code == "1726"),
        districts=tuple(d for d in territory.districts if inside(d.code)), sectors=sectors, mahallas=mahallas,
        officials=tuple(o for o in territory.officials if inside(o.territory_code)),
        posts=tuple(p for p in territory.posts if inside(p.mahalla_code)),
        headquarters=tuple(h for h in territory.headquarters if inside(h.sector_code)),
    )  # fmt: skip


@pytest.fixture(scope="session")
def small_territory() -> Territory:
    if not _PILOT:
        _PILOT.append(slice_of(generate_pilot(), CHILONZOR, YAKKASAROY))
    return _PILOT[0]


@pytest.fixture(scope="module")
def tokens() -> TestTokens:
    return TestTokens()


def settings_for(servers: Servers) -> GeoSettings:
    return GeoSettings(
        kafka_bootstrap=servers.kafka_bootstrap, mongo_url=servers.mongo_url, redis_url=servers.redis_url,
        database_prefix=f"t{uuid.uuid4().hex[:10]}_", territory_poll_s=0.5, seed_incident_days=2,
        incident_poll_s=0, ministry_sync_s=0,  # the tests trigger the feeds themselves, to count what they add
    )  # fmt: skip


@pytest.fixture(scope="module")
def settings(servers: Servers) -> GeoSettings:
    """One database per test module: loading the territory is the slow part, so a module's tests share it
    and change only units and officials of their own."""
    return settings_for(servers)


@pytest.fixture(scope="module")
async def loaded(settings: GeoSettings, small_territory: Territory) -> AsyncIterator[GeoSettings]:
    """The small territory stored in the test's own database (dropped afterwards)."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        database = client[settings.database_name]
        await ensure_indexes(database, repository.INDEXES)
        await load_territory(small_territory, TerritoryStore(database), SystemClock(), announce=False)
        yield settings
    finally:
        await client.drop_database(settings.database_name)
        await client.close()


@pytest.fixture(scope="module")
async def geo(loaded: GeoSettings, tokens: TestTokens) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(loaded, jwks_fetcher=tokens.jwks_fetcher)) as client:
        yield client


def problem_code(response: httpx.Response) -> Any:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return response.json()["code"]
