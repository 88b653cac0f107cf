"""The crime map on the running service: ingested incidents, anonymised points and hidden small counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from h3.api import basic_int as h3_int
from pymongo import AsyncMongoClient

from services.geo.domain.incidents import ANONYMISED_RESOLUTION, Incident
from services.geo.domain.registry import Territory
from services.geo.domain.territory import LawEnforcementPost
from services.geo.handlers.incidents import ingest
from services.geo.repository.incidents import IncidentStore
from services.geo.settings import GeoSettings
from shared.mongo import Document
from tests.integration.geo.conftest import CHILONZOR, problem_code


def incidents_in(territory: Territory) -> tuple[list[Incident], list[str]]:
    """Five thefts in one mahalla, four in a second, one in a third, all in March 2025."""
    cells: dict[int, LawEnforcementPost] = {}
    for post in territory.posts:
        if post.mahalla_code.startswith(CHILONZOR):
            cells.setdefault(h3_int.latlng_to_cell(post.location.lat, post.location.lon, ANONYMISED_RESOLUTION), post)
    posts = list(cells.values())[:3]  # in three different anonymised cells
    incidents = []
    for post, count in zip(posts, (5, 4, 1), strict=True):
        for n in range(count):
            incidents.append(Incident.record(
                id=f"it-{post.mahalla_code}-{n}", category="crime.theft",
                occurred_at=datetime(2025, 3, 3 + n, 12, tzinfo=UTC), location=post.location,
                mahalla_code=post.mahalla_code,
            ))  # fmt: skip
    return incidents, [p.mahalla_code for p in posts]


@pytest.fixture(scope="module")
async def stored(loaded: GeoSettings, small_territory: Territory) -> AsyncIterator[list[str]]:
    incidents, codes = incidents_in(small_territory)
    client: AsyncMongoClient[Document] = AsyncMongoClient(loaded.mongo_url, tz_aware=True)
    try:
        store = IncidentStore(client[loaded.database_name])
        first = await ingest(incidents, store)
        again = await ingest(incidents, store)
        assert (first.stored, again.stored) == (10, 0)
        yield codes
    finally:
        await client.close()


async def test_small_counts_are_hidden_and_enough_others_with_them(geo: httpx.AsyncClient, stored: list[str]) -> None:
    five, four, one = stored
    response = await geo.get("/v1/crime-map", params={"territory": CHILONZOR, "from": "2025-03", "categories": "crime"})
    assert response.status_code == 200, response.text
    body = response.json()
    counts = {item["key"]: item["count"] for item in body["by_territory"]["items"]}
    assert counts == {five: 5, four: None, one: None}
    assert body["by_territory"]["total"]["count"] == 10
    points = {f["properties"]["count"] for f in body["points"]["features"]}
    assert points == {5, 4, None}
    assert body["series"]["items"] == [{"key": "2025-03", "count": 10, "suppressed": False}]


async def test_points_are_cell_centres_never_the_exact_place(
    geo: httpx.AsyncClient, stored: list[str], small_territory: Territory
) -> None:
    body = (await geo.get("/v1/crime-map", params={"territory": stored[0], "from": "2025-03"})).json()
    (feature,) = body["points"]["features"]
    post = next(p for p in small_territory.posts if p.mahalla_code == stored[0])
    assert feature["geometry"]["coordinates"] != [post.location.lon, post.location.lat]


async def test_a_radius_query_finds_the_same_incidents_around_a_point(
    geo: httpx.AsyncClient, stored: list[str], small_territory: Territory
) -> None:
    post = next(p for p in small_territory.posts if p.mahalla_code == stored[0])
    params = {
        "lat": post.location.lat,
        "lon": post.location.lon,
        "radius": 1000,
        "from": "2025-03-01",
        "to": "2025-03-31",
    }
    body = (await geo.get("/v1/crime-map", params=params)).json()
    assert body["by_cell"]["total"]["count"] >= 5


async def test_a_period_longer_than_twelve_months_is_refused(geo: httpx.AsyncClient) -> None:
    response = await geo.get("/v1/crime-map", params={"territory": CHILONZOR, "from": "2024-01", "to": "2025-03"})
    assert response.status_code == 422
    assert problem_code(response) == "geo.period_too_long"
    two_areas = await geo.get("/v1/crime-map", params={"territory": CHILONZOR, "bbox": "69.1,41.2,69.3,41.3"})
    assert problem_code(two_areas) == "geo.ambiguous_area"
    bad_date = await geo.get("/v1/crime-map", params={"territory": CHILONZOR, "from": "March"})
    assert problem_code(bad_date) == "geo.invalid_date"
