"""Point → mahalla and address → mahalla on the running service."""

from __future__ import annotations

import httpx

from services.geo.domain.registry import Territory
from services.geo.domain.territory import GeoPoint
from tests.integration.geo.conftest import CHILONZOR, problem_code


def a_point_inside(territory: Territory, district: str) -> tuple[str, GeoPoint]:
    post = next(p for p in territory.posts if p.mahalla_code.startswith(district))
    return post.mahalla_code, post.location


async def test_a_point_inside_a_mahalla_gets_its_codes_and_names(
    geo: httpx.AsyncClient, small_territory: Territory
) -> None:
    code, point = a_point_inside(small_territory, CHILONZOR)
    response = await geo.get("/v1/locate", params={"lat": point.lat, "lon": point.lon})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["mahalla_code"], body["sector_code"], body["district_code"], body["region_code"]) == (
        code, code[:9], code[:7], code[:4])  # fmt: skip
    assert body["names"]["uz-Cyrl"].endswith("МФЙ")


async def test_a_point_outside_every_mahalla_is_outside_the_service_area(geo: httpx.AsyncClient) -> None:
    response = await geo.get("/v1/locate", params={"lat": 42.46, "lon": 59.61}, headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert problem_code(response) == "geo.outside_service_area"
    assert response.json()["title"].startswith("Точка вне зоны обслуживания")


async def test_swapped_or_impossible_coordinates_are_refused(geo: httpx.AsyncClient) -> None:
    swapped = await geo.get("/v1/locate", params={"lat": 69.24, "lon": 41.29})
    assert swapped.status_code == 422
    assert problem_code(swapped) == "geo.coordinates_swapped"
    impossible = await geo.get("/v1/locate", params={"lat": 95, "lon": 69.2})
    assert impossible.status_code == 422
    assert problem_code(impossible) == "validation_failed"


async def test_a_sandbox_address_resolves_to_its_mahalla_however_it_is_typed(geo: httpx.AsyncClient) -> None:
    examples = (await geo.get("/v1/sandbox/addresses", params={"limit": 5})).json()
    assert len(examples) == 5
    bunyodkor = next(e for e in (await geo.get("/v1/sandbox/addresses", params={"limit": 50})).json()
                     if "Bunyodkor" in e["address"] and e["address"].endswith(", 1-uy"))  # fmt: skip
    response = await geo.get("/v1/locate/address", params={"q": "БУНЁДКОР кўчаси, 1-уй"})
    assert response.status_code == 200, response.text
    assert response.json() == bunyodkor
    located = await geo.get("/v1/locate", params={"lat": bunyodkor["latitude"], "lon": bunyodkor["longitude"]})
    assert located.json()["mahalla_code"] == bunyodkor["mahalla_code"]
    assert bunyodkor["cadastre_number"].count(":") == 4


async def test_an_unknown_address_is_not_found(geo: httpx.AsyncClient) -> None:
    response = await geo.get("/v1/locate/address", params={"q": "Navro'z ko'chasi, 500-uy"})
    assert response.status_code == 404
    assert problem_code(response) == "geo.address_not_found"
