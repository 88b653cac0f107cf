"""A citizen reads "My mahalla" and "My inspector" for the mahalla in his token."""

from __future__ import annotations

import httpx

from services.geo.domain.registry import Territory
from tests.integration.geo.conftest import CHILONZOR, problem_code
from tests.support.auth import TestTokens


async def test_my_mahalla_shows_the_chairman_sector_head_and_distance_in_the_readers_script(
    geo: httpx.AsyncClient, tokens: TestTokens, small_territory: Territory
) -> None:
    mahalla = next(m for m in small_territory.mahallas if m.code.startswith(CHILONZOR))
    chairman = small_territory.official(mahalla.chairman_id or "")
    assert chairman is not None
    headers = {**tokens.headers(mahalla_code=mahalla.code), "Accept-Language": "ru"}
    response = await geo.get("/v1/my-mahalla", headers=headers, params={"lat": 41.28, "lon": 69.20})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["chairman"]["name"] == chairman.full_name_cyrl
    assert body["chairman"]["reception_hours"][0]["day"] == "Понедельник"
    assert body["demographics"]["population"] == mahalla.demographics.population  # type: ignore[union-attr]
    assert body["sector"]["head"]["role"] == "sector_head"
    assert body["sector"]["headquarters"]["distance_m"] > 0


async def test_my_inspector_says_where_his_post_is_and_how_far(
    geo: httpx.AsyncClient, tokens: TestTokens, small_territory: Territory
) -> None:
    mahalla = next(m for m in small_territory.mahallas if m.code.startswith(CHILONZOR))
    response = await geo.get("/v1/my-inspector", headers=tokens.headers(mahalla_code=mahalla.code),
                             params={"lat": 41.28, "lon": 69.20})  # fmt: skip
    assert response.status_code == 200, response.text
    (first, *_) = response.json()["inspectors"]
    assert first["id"] in mahalla.inspector_ids
    assert first["post"]["phone"].startswith("+99871")
    assert "huquq-tartibot maskanida" in first["how_to_reach"]
    assert "km" in first["how_to_reach"]


async def test_a_citizen_without_a_bound_mahalla_is_told_to_bind_his_residence(
    geo: httpx.AsyncClient, tokens: TestTokens
) -> None:
    for path in ("/v1/my-mahalla", "/v1/my-inspector"):
        response = await geo.get(path, headers=tokens.headers())
        assert response.status_code == 409
        assert problem_code(response) == "geo.residence_not_bound"
    anonymous = await geo.get("/v1/my-mahalla")
    assert anonymous.status_code == 401


async def test_the_public_mahalla_card_lists_its_officials_by_id(
    geo: httpx.AsyncClient, small_territory: Territory
) -> None:
    mahalla = small_territory.mahallas[0]
    card = (await geo.get(f"/v1/territory/mahallas/{mahalla.code}")).json()
    ids = {official["id"] for official in card["officials"]}
    assert mahalla.chairman_id in ids
    assert set(mahalla.inspector_ids) <= ids
    assert set(card["officials"][0]) == {"id", "role", "full_name_latn", "full_name_cyrl"}


async def test_units_children_and_a_paginated_listing(geo: httpx.AsyncClient, small_territory: Territory) -> None:
    unit = (await geo.get(f"/v1/territory/units/{CHILONZOR}", params={"geometry": "true"})).json()
    assert unit["level"] == "district"
    assert unit["geometry"]["type"] == "Polygon"
    children = (await geo.get(f"/v1/territory/units/{CHILONZOR}/children")).json()["children"]
    assert {c["level"] for c in children} == {"sector"}
    seen, cursor = [], None
    while True:
        params = {"within": CHILONZOR, "limit": 30, **({"cursor": cursor} if cursor else {})}
        page = (await geo.get("/v1/territory/mahallas", params=params)).json()
        seen += [item["code"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [m.code for m in small_territory.mahallas if m.code.startswith(CHILONZOR)]
    unknown = await geo.get("/v1/territory/units/1726999")
    assert unknown.status_code == 404
    assert problem_code(unknown) == "geo.unknown_code"
