"""What the gateway tells the rest of the system, and how it describes itself."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from services.gateway.adapters.identity_registry import make_pinfl
from tests.infra import Servers
from tests.integration.gateway.conftest import MAHALLA, bearer, new_phone, sign_in_citizen


async def user_events(servers: Servers, user_id: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    consumer = AIOKafkaConsumer("users.v1", bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    found: list[tuple[str, dict[str, Any]]] = []
    try:
        async with asyncio.timeout(45):
            while len(found) < count:
                batches = await consumer.getmany(timeout_ms=500)
                for records in batches.values():
                    for record in records:
                        if record.key == user_id.encode():
                            headers = dict(record.headers)
                            found.append((headers["ce_type"].decode(), json.loads(record.value or b"{}")))
    finally:
        await consumer.stop()
    return found


async def test_registration_identity_and_moving_house_are_published_without_personal_data(
    gateway: str, servers: Servers
) -> None:
    phone = new_phone()
    async with httpx.AsyncClient(base_url=gateway) as client:
        tokens = await sign_in_citizen(client, phone, "device-events")
        headers = bearer(tokens)
        await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)
        pinfl = make_pinfl(date(1979, 12, 31), "female", serial=77)
        identity = {"pinfl": pinfl, "document_number": "AA7777777", "birth_date": "1979-12-31"}
        await client.post("/v1/me/identity", headers=headers, json=identity)
        moved = await client.post("/v1/me/residence", json={"address": "Samarqand, Registon ko‘chasi, 5"},
                                  headers=headers)  # fmt: skip
        profile = (await client.get("/v1/me", headers=headers)).json()

    events = await user_events(servers, tokens["user_id"], 3)

    assert moved.status_code == 200
    types = [event_type.rsplit(".", 2)[-2] for event_type, _ in events]
    assert types == ["user_registered", "user_identity_verified", "user_residence_changed"]
    assert events[2][1]["mahalla_code"] == MAHALLA
    everything = json.dumps(events, ensure_ascii=False)
    for personal in (phone, pinfl, "AA7777777", profile["full_name_latin"], profile["full_name_cyrillic"], "Registon"):
        assert personal not in everything


async def test_one_openapi_document_covers_the_gateway_and_the_services_behind_it(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        document = (await client.get("/v1/openapi.json")).json()
        plain = await client.get("/healthz")

    assert "/v1/auth/codes" in document["paths"]
    assert "/v1/territory/units/{code}" in document["paths"]  # the stand-in service's route, merged in
    assert "/v1/{path}" not in document["paths"]
    assert plain.headers["x-content-type-options"] == "nosniff"
    assert plain.headers["x-frame-options"] == "DENY"
