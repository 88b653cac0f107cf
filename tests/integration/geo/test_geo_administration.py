"""Administrators change the registry within their scope; every change is an event on `territory.v1`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.geo.domain.geometry import to_shape
from services.geo.domain.registry import Territory
from shared.auth import Role
from shared.events.registry import TERRITORY
from tests.infra import Servers
from tests.integration.geo.conftest import CHILONZOR, YAKKASAROY, problem_code
from tests.support.auth import TestTokens
from tests.support.waiting import EVENTUALLY_S

NAMES = {"uz-Latn": "Sinov MFY", "uz-Cyrl": "Синов МФЙ", "ru": "МСГ «Синов»"}


def square(lon: float, lat: float, size: float = 0.004) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@contextlib.asynccontextmanager
async def territory_events(servers: Servers) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer positioned at the end of `territory.v1`: it sees only what happens from now on."""
    consumer = AIOKafkaConsumer(bootstrap_servers=servers.kafka_bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(TERRITORY.name, p) for p in consumer.partitions_for_topic(TERRITORY.name) or ()]
        if not partitions:
            partitions = [TopicPartition(TERRITORY.name, p) for p in range(TERRITORY.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)
        yield consumer
    finally:
        await consumer.stop()


async def events_of(
    consumer: AIOKafkaConsumer, subject: str, *event_types: str, timeout: float = EVENTUALLY_S
) -> dict[str, dict[str, Any]]:
    """Read on until an event of each type about `subject` has arrived; the first of each type, by type.
    (They may come in one fetch, so nothing read is thrown away before all are found.)"""
    found: dict[str, dict[str, Any]] = {}

    async def wait() -> dict[str, dict[str, Any]]:
        while len(found) < len(event_types):
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    headers = {key: value.decode() for key, value in record.headers}
                    kind = headers.get("ce_type", "")
                    if headers.get("ce_subject") == subject and kind in event_types and kind not in found:
                        found[kind] = {"key": record.key.decode() if record.key else None, **json.loads(record.value)}
        return found

    return await asyncio.wait_for(wait(), timeout)


async def next_event(consumer: AIOKafkaConsumer, subject: str, event_type: str) -> dict[str, Any]:
    return (await events_of(consumer, subject, event_type))[event_type]


REMOVED = "uz.smartmahalla.geo.official_removed.v1"
ASSIGNED = "uz.smartmahalla.geo.official_assigned.v1"


def admin(tokens: TestTokens, *scope: str) -> dict[str, str]:
    return tokens.headers(roles=(Role.ADMINISTRATOR,), scope=scope)


async def test_an_administrator_creates_a_mahalla_and_other_services_hear_of_it(
    geo: httpx.AsyncClient, tokens: TestTokens, servers: Servers, small_territory: Territory
) -> None:
    sector = next(s.code for s in small_territory.sectors if s.code.startswith(CHILONZOR))
    code = f"{sector}901"
    async with territory_events(servers) as consumer:
        created = await geo.post("/v1/territory/units", headers=admin(tokens, CHILONZOR),
                                 json={"code": code, "names": NAMES, "geometry": square(69.50, 41.50)})  # fmt: skip
        assert created.status_code == 201, created.text
        event = await next_event(consumer, code, "uz.smartmahalla.geo.unit_created.v1")
    assert event["key"] == code
    assert event["level"] == "mahalla"
    assert event["parent_code"] == sector
    located = await geo.get("/v1/locate", params={"lat": 41.502, "lon": 69.502})
    assert located.json()["mahalla_code"] == code  # the index was rebuilt at once


async def test_a_unit_outside_the_administrators_scope_is_refused(geo: httpx.AsyncClient, tokens: TestTokens) -> None:
    body = {"code": f"{CHILONZOR}01902", "names": NAMES, "geometry": square(69.6, 41.6)}
    response = await geo.post("/v1/territory/units", headers=admin(tokens, YAKKASAROY), json=body)
    assert response.status_code == 403, response.text
    citizen = await geo.post("/v1/territory/units", headers=tokens.headers(), json=body)
    assert citizen.status_code == 403


async def test_retiring_a_mahalla_is_published_and_a_district_with_mahallas_cannot_be_retired(
    geo: httpx.AsyncClient, tokens: TestTokens, servers: Servers, small_territory: Territory
) -> None:
    mahalla = next(m for m in small_territory.mahallas if m.code.startswith(YAKKASAROY))
    async with territory_events(servers) as consumer:
        retired = await geo.post(f"/v1/territory/units/{mahalla.code}/retire", headers=admin(tokens, "1726"))
        assert retired.status_code == 200
        assert retired.json()["status"] == "retired"
        event = await next_event(consumer, mahalla.code, "uz.smartmahalla.geo.unit_retired.v1")
    assert event["code"] == mahalla.code
    refused = await geo.post(f"/v1/territory/units/{YAKKASAROY}/retire", headers=admin(tokens, "1726"))
    assert refused.status_code == 409
    assert problem_code(refused) == "geo.unit_has_active_children"


async def test_a_new_chairman_replaces_the_old_one_with_two_events(
    geo: httpx.AsyncClient, tokens: TestTokens, servers: Servers, small_territory: Territory
) -> None:
    mahalla = next(m for m in small_territory.mahallas if m.code.startswith(CHILONZOR))
    body = {"role": "chairman", "territory_code": mahalla.code, "full_name_latn": "Karimov Aziz Botir oʻgʻli",
            "full_name_cyrl": "Каримов Азиз Ботир ўғли", "phone": "+998901112233",
            "reception_hours": [{"weekday": 0, "opens": "09:00", "closes": "13:00"}]}  # fmt: skip
    async with territory_events(servers) as consumer:
        assigned = await geo.post("/v1/territory/officials", headers=admin(tokens, CHILONZOR), json=body)
        assert assigned.status_code == 201, assigned.text
        events = await events_of(consumer, mahalla.code, REMOVED, ASSIGNED)
    removed, added = events[REMOVED], events[ASSIGNED]
    assert removed["official_id"] == mahalla.chairman_id
    assert added["official_id"] == assigned.json()["id"]
    assert "Karimov" not in json.dumps(added)
    card = (await geo.get(f"/v1/territory/mahallas/{mahalla.code}")).json()
    chairmen = [o["id"] for o in card["officials"] if o["role"] == "chairman"]
    assert chairmen == [assigned.json()["id"]]


@pytest.mark.parametrize("scope", [CHILONZOR])
async def test_a_bulk_import_reports_what_it_rejected_and_why(
    geo: httpx.AsyncClient, tokens: TestTokens, small_territory: Territory, scope: str
) -> None:
    sector = next(s.code for s in small_territory.sectors if s.code.startswith(CHILONZOR))
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[69.7, 41.7], [69.71, 41.71], [69.71, 41.7], [69.7, 41.71], [69.7, 41.7]]],
    }
    feature = lambda code, geometry: {"type": "Feature", "geometry": geometry,  # noqa: E731
                                      "properties": {"code": code, "names": NAMES}}  # fmt: skip
    collection = {"type": "FeatureCollection", "features": [
        feature(f"{sector}951", square(69.80, 41.80)),
        feature(f"{sector}952", bowtie),
        feature(f"{CHILONZOR}77003", square(69.90, 41.90)),
    ]}  # fmt: skip
    response = await geo.post("/v1/territory/import", headers=admin(tokens, scope), json=collection)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["summary"] == {"accepted": 1, "rejected": 2}
    reasons = {r["code"]: r["rejections"][0]["reason"] for r in report["rejected"]}
    assert reasons == {f"{sector}952": "invalid_polygon", f"{CHILONZOR}77003": "unknown_parent"}
    assert (await geo.get(f"/v1/territory/units/{sector}951")).status_code == 200
    outside = await geo.post("/v1/territory/import", headers=admin(tokens, YAKKASAROY), json=collection)
    assert outside.status_code == 403


async def test_an_inspectors_phone_changes_and_his_post_moves_within_the_mahalla(
    geo: httpx.AsyncClient, tokens: TestTokens, servers: Servers, small_territory: Territory
) -> None:
    mahalla = [m for m in small_territory.mahallas if m.code.startswith(YAKKASAROY)][-1]
    inspector_id, post_id = mahalla.inspector_ids[0], mahalla.post_id
    patched = await geo.patch(f"/v1/territory/officials/{inspector_id}", headers=admin(tokens, YAKKASAROY),
                              json={"phone": "+998909998877"})  # fmt: skip
    assert patched.status_code == 200, patched.text
    inside = to_shape(mahalla.polygon).representative_point()
    async with territory_events(servers) as consumer:
        moved = await geo.put(f"/v1/territory/posts/{post_id}/location", headers=admin(tokens, YAKKASAROY),
                              json={"lat": inside.y, "lon": inside.x})  # fmt: skip
        assert moved.status_code == 200, moved.text
        event = await next_event(consumer, mahalla.code, "uz.smartmahalla.geo.post_moved.v1")
    assert event["post_id"] == post_id
    mine = (await geo.get("/v1/my-inspector", headers=tokens.headers(mahalla_code=mahalla.code))).json()
    card = next(i for i in mine["inspectors"] if i["id"] == inspector_id)
    assert card["phone"] == "+998909998877"
    assert card["post"]["location"] == {"lat": inside.y, "lon": inside.x}
    away = await geo.put(f"/v1/territory/posts/{post_id}/location", headers=admin(tokens, YAKKASAROY),
                         json={"lat": 41.2, "lon": 69.6})  # fmt: skip
    assert away.status_code == 422
    assert problem_code(away) == "geo.post_outside_mahalla"
