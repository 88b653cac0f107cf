"""Realtime delivery through the real gateway: SSE and WebSocket streams, resume, two instances, push."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import websockets
from faststream.kafka import KafkaBroker

from services.gateway.adapters.push import SANDBOX_PUSH
from services.gateway.main import create_app
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.events.registry import NOTIFICATIONS, dead_letter_topic
from shared.i18n import Text
from shared.kafka import create_broker
from tests.infra import Servers
from tests.integration.gateway.conftest import bearer, new_phone, sign_in_citizen
from tests.support.dead_letters import first_record
from tests.support.publishing import publish_record
from tests.support.running import listening
from tests.support.waiting import EVENTUALLY_S

ANSWERED = Text("Murojaatingizga javob berildi ({number}).", "Мурожаатингизга жавоб берилди ({number}).",
                "На ваше обращение дан ответ ({number}).", "Your appeal has been answered ({number}).")  # fmt: skip


async def started_broker(servers: Servers) -> KafkaBroker:
    broker = create_broker(servers.kafka_bootstrap, client_id="tests-notifier")
    await broker.start()
    return broker


# Each test's gateway is a deployment of its own whose consumer group begins at the topic's end (see the
# `notifications_from_now` fixture). The bound covers a slow shared database: late in a full run the
# resumed stream has taken over 60 s (the earlier 120 s bound never failed).
CATCH_UP_S = 2 * EVENTUALLY_S


async def notify(broker: KafkaBroker, user_id: str, number: int) -> None:
    text = LocalisedText.of(ANSWERED, number=f"TAS-2026-{number:06d}")
    event = NotificationRequestedV1(subject=user_id, kind="appeal.answered", title=text, body=text,
                                    data={"appeal": f"a-{number}"})  # fmt: skip
    await publish_record(broker, event.to_record())


async def sse_events(client: httpx.AsyncClient, headers: dict[str, str], count: int) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    async with client.stream("GET", "/v1/stream", headers={**headers, "Accept": "text/event-stream"}) as stream:
        event_id = None
        async for line in stream.aiter_lines():
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("data: "):
                item = json.loads(line[6:])
                assert item["id"] == event_id
                received.append(item)
                if len(received) == count:
                    break
    return received


async def test_notifications_reach_an_open_sse_stream_in_order_and_resume_after_a_disconnect(
    gateway: str, servers: Servers
) -> None:
    broker = await started_broker(servers)
    try:
        async with httpx.AsyncClient(base_url=gateway, timeout=60, headers={"Accept-Language": "ru"}) as client:
            tokens = await sign_in_citizen(client, new_phone(), "device-sse1")
            listening_task = asyncio.create_task(sse_events(client, bearer(tokens), 2))
            await asyncio.sleep(0.5)
            for number in (1, 2):
                await notify(broker, tokens["user_id"], number)
            first = await asyncio.wait_for(listening_task, CATCH_UP_S)
            for number in (3, 4):  # sent while the app is disconnected
                await notify(broker, tokens["user_id"], number)
            resume = {**bearer(tokens), "Last-Event-ID": first[-1]["id"]}
            try:
                resumed = await asyncio.wait_for(sse_events(client, resume, 2), CATCH_UP_S)
            finally:  # on a timeout, the inbox tells a lost delivery from a notification never consumed
                inbox = (await client.get("/v1/notifications", headers=bearer(tokens))).json()
                print("inbox after the resume:", [(item["id"], item["data"]) for item in inbox["items"]])
    finally:
        await broker.stop()

    assert [item["data"]["appeal"] for item in first] == ["a-1", "a-2"]
    assert first[0]["title"] == "На ваше обращение дан ответ (TAS-2026-000001)."
    assert [item["data"]["appeal"] for item in resumed] == ["a-3", "a-4"]
    assert int(resumed[0]["id"]) > int(first[-1]["id"])
    assert [item["data"]["appeal"] for item in inbox["items"]] == ["a-4", "a-3", "a-2", "a-1"]
    assert inbox["unread"] == 4


async def websocket_items(url: str, token: str, count: int) -> AsyncIterator[dict[str, Any]]:
    async with websockets.connect(f"{url}/v1/stream?access_token={token}&lang=en") as socket:
        seen = 0
        while seen < count:
            message = json.loads(await socket.recv())
            if message["type"] == "notification":
                seen += 1
                yield message


async def test_with_two_gateway_instances_a_user_on_either_gets_each_notification_once(
    settings_for: Any, servers: Servers
) -> None:
    settings = settings_for()
    broker = await started_broker(servers)
    try:
        async with listening(create_app(settings)) as first_url, listening(create_app(settings)) as second_url:
            async with httpx.AsyncClient(base_url=first_url) as client:
                tokens = await sign_in_citizen(client, new_phone(), "device-ws01")
            ws_url = second_url.replace("http://", "ws://")
            received: list[dict[str, Any]] = []

            async def collect() -> None:
                async for item in websocket_items(ws_url, tokens["access_token"], 6):
                    received.append(item)

            collector = asyncio.create_task(collect())
            await asyncio.sleep(0.5)
            for number in range(1, 7):
                await notify(broker, tokens["user_id"], number)
            await asyncio.wait_for(collector, CATCH_UP_S)
            await asyncio.sleep(1.0)  # a duplicate would arrive now; the socket is closed, so count the inbox
            async with httpx.AsyncClient(base_url=first_url) as client:
                inbox = (await client.get("/v1/notifications", headers=bearer(tokens), params={"limit": 50})).json()
    finally:
        await broker.stop()

    assert [item["data"]["appeal"] for item in received] == [f"a-{number}" for number in range(1, 7)]
    assert received[0]["title"] == "Your appeal has been answered (TAS-2026-000001)."
    assert len(inbox["items"]) == 6


async def test_a_user_with_no_open_stream_is_pushed_and_an_invalid_token_closes_the_socket(
    settings_for: Any, servers: Servers
) -> None:
    app = create_app(settings_for())
    broker = await started_broker(servers)
    try:
        async with listening(app) as url, httpx.AsyncClient(base_url=url) as client:
            tokens = await sign_in_citizen(client, new_phone(), "device-push")
            chosen = await client.patch("/v1/me", json={"language": "ru"}, headers=bearer(tokens))
            await notify(broker, tokens["user_id"], 9)
            pushes: list[dict[str, Any]] = []
            for _ in range(int(CATCH_UP_S * 5)):
                pushes = await app.state.runtime.db[SANDBOX_PUSH].find({"user_id": tokens["user_id"]}).to_list()
                if pushes:
                    break
                await asyncio.sleep(0.2)
            refused = None
            try:
                async with websockets.connect(url.replace("http://", "ws://") + "/v1/stream?access_token=forged"):
                    pass
            except websockets.InvalidStatus as rejection:
                refused = rejection.response
    finally:
        await broker.stop()

    assert chosen.status_code == 200
    assert chosen.json()["language"] == "ru"
    assert len(pushes) == 1
    assert pushes[0]["data"] == {"appeal": "a-9"}
    assert pushes[0]["title"] == "На ваше обращение дан ответ (TAS-2026-000009)."
    assert refused is not None
    assert refused.status_code == 401
    assert json.loads(refused.body)["code"] == "auth.unauthenticated"


async def test_a_record_that_is_not_a_notification_is_dead_lettered_and_the_next_one_still_reaches_the_inbox(
    settings_for: Any, servers: Servers
) -> None:
    broker = await started_broker(servers)
    try:
        async with listening(create_app(settings_for())) as url, httpx.AsyncClient(base_url=url) as client:
            tokens = await sign_in_citizen(client, new_phone(), "device-bad-record")
            user_id = tokens["user_id"]
            await broker.publish(b'{"subject": "' + user_id.encode() + b'", "kind": 7', topic=NOTIFICATIONS.name,
                                 key=user_id.encode())  # fmt: skip
            await notify(broker, user_id, 11)
            items: list[dict[str, Any]] = []
            for _ in range(int(CATCH_UP_S * 5)):
                items = (await client.get("/v1/notifications", headers=bearer(tokens))).json()["items"]
                if items:
                    break
                await asyncio.sleep(0.2)
            rejected, headers = await first_record(servers, dead_letter_topic(NOTIFICATIONS.name), key=user_id.encode())
    finally:
        await broker.stop()

    assert [item["data"] for item in items] == [{"appeal": "a-11"}]
    assert rejected.startswith(b'{"subject": "')
    assert headers["dlq_topic"] == NOTIFICATIONS.name.encode()
    assert headers["dlq_error_type"] in (b"JSONDecodeError", b"ValidationError")
