"""As a citizen and as staff would, through the gateway, with every service running as its own process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.i18n import Text
from shared.kafka import create_broker
from tests.e2e.conftest import System
from tests.e2e.scenarios import bearer, become_resident, new_phone, refresh, sandbox_address, sign_in, staff_sign_in
from tests.support.publishing import publish_record

# The first test also waits for every service to start and the pilot data to load.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]


async def test_a_citizen_registers_binds_his_mahalla_uses_two_devices_and_a_revoked_one_stops_working(
    system: System,
) -> None:
    address = await sandbox_address(system.urls["geo"])
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30, headers={"Accept-Language": "uz-Cyrl"}) as client:
        phone = new_phone()
        first = await become_resident(client, await sign_in(client, phone, "phone-one"), address["address"], 11)
        second = await sign_in(client, phone, "tablet-two")
        profile = (await client.get("/v1/me", headers=bearer(second))).json()
        my_mahalla = await client.get("/v1/my-mahalla", headers=bearer(first))
        second = await refresh(client, second)
        revoked = await client.delete(f"/v1/me/sessions/{second['session_id']}", headers=bearer(first))
        after = await client.get("/v1/me", headers=bearer(second))
        first_still = await client.get("/v1/me/sessions", headers=bearer(first))

    assert profile["stage"] == "resident"
    assert profile["mahalla_code"] == address["mahalla_code"]
    assert my_mahalla.status_code == 200, my_mahalla.text
    assert revoked.status_code == 204
    assert after.status_code == 401
    assert [session["device_id"] for session in first_still.json()] == ["phone-one"]


async def test_an_inspector_signs_in_with_password_and_totp_and_sees_the_public_card_of_his_mahalla(
    system: System,
) -> None:
    async with httpx.AsyncClient(base_url=system.urls["geo"]) as geo:
        first = (await geo.get("/v1/territory/mahallas", params={"within": "1726", "limit": 1})).json()["items"][0]
    async with httpx.AsyncClient(base_url=system.gateway, timeout=30) as client:
        tokens = await staff_sign_in(client, f"inspector.{first['code']}", "tablet-inspector")
        card = await client.get(f"/v1/territory/mahallas/{first['code']}", headers=bearer(tokens))
        wrong = await client.post(
            "/v1/auth/staff/sign-in",
            json={
                "login": f"inspector.{first['code']}",
                "password": "Mahalla-2026-sandbox",
                "totp_code": "000000",
                "device_id": "x-device",
                "device_name": "x",
            },
        )

    assert card.status_code == 200
    inspectors = [official for official in card.json()["officials"] if official["role"] == "inspector"]
    assert tokens["user_id"] in {official["id"] for official in inspectors}
    assert wrong.status_code == 401


async def test_notifications_follow_a_citizen_across_two_gateway_instances_and_resume_after_a_disconnect(
    system: System,
) -> None:
    second_gateway, process = system.start_extra_gateway()
    broker = create_broker(system.env["SM_KAFKA_BOOTSTRAP"], client_id="e2e-notifier")
    await broker.start()
    text = Text("Xabar {n}", "Хабар {n}", "Сообщение {n}", "Message {n}")
    try:
        async with (
            httpx.AsyncClient(base_url=system.gateway, timeout=60) as first_client,
            httpx.AsyncClient(base_url=second_gateway, timeout=60) as second_client,
        ):
            tokens = await sign_in(first_client, new_phone(), "phone-rt")

            async def publish(number: int) -> None:
                event = NotificationRequestedV1(
                    subject=tokens["user_id"],
                    kind="e2e",
                    title=LocalisedText.of(text, n=number),
                    body=LocalisedText.of(text, n=number),
                    data={"n": str(number)},
                )
                await publish_record(broker, event.to_record())

            first_batch = asyncio.create_task(read_sse(second_client, bearer(tokens), 2))
            await asyncio.sleep(1.0)
            await publish(1)
            await publish(2)
            received = await asyncio.wait_for(first_batch, 60)
            await publish(3)
            resumed = await asyncio.wait_for(
                read_sse(first_client, {**bearer(tokens), "Last-Event-ID": received[-1]["id"]}, 1), 60
            )
    finally:
        await broker.stop()
        process.terminate()
        process.wait(timeout=15)

    assert [item["data"]["n"] for item in received] == ["1", "2"]
    assert [item["data"]["n"] for item in resumed] == ["3"]


async def read_sse(client: httpx.AsyncClient, headers: dict[str, str], count: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    async with client.stream("GET", "/v1/stream", headers={**headers, "Accept": "text/event-stream"}) as stream:
        async for line in stream.aiter_lines():
            if line.startswith("data: "):
                items.append(json.loads(line[6:]))
                if len(items) == count:
                    return items
    return items
