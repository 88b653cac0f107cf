"""One appeals service per test on the real servers: its own database, territory topic and consumer group,
a shifted clock, and a staffed mahalla of its own (unique codes and official ids)."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from fastapi import FastAPI

from services.appeals.main import create_app
from services.appeals.repository import OFFICIALS
from services.appeals.settings import AppealsSettings
from shared.auth import Role
from shared.auth.tokens import TokenIssuer
from shared.clock import ShiftedClock
from shared.events import geo
from shared.events.envelope import Event
from shared.events.registry import NOTIFICATIONS, USERS, TopicSpec, create_topics, dead_letter_topic, ensure_topics
from shared.service import Runtime
from tests.infra import Servers
from tests.support.auth import AUDIENCE, ISSUER, TestTokens
from tests.support.cleanup import drop_test_database
from tests.support.running import serving
from tests.support.waiting import EVENTUALLY_S

# A PNG's first bytes are enough for the type sniffing; the rest is padding.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


class NotificationTail:
    """Reads `notifications.v1` from its end at start, so only this test's notifications are seen."""

    def __init__(self, bootstrap: str) -> None:
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=50)
        self.seen: list[ConsumerRecord[bytes, bytes]] = []

    async def start(self) -> None:
        await self._consumer.start()
        assigned = [TopicPartition(NOTIFICATIONS.name, p) for p in range(NOTIFICATIONS.partitions)]
        self._consumer.assign(assigned)
        await self._consumer.seek_to_end(*assigned)
        for partition in assigned:
            await self._consumer.position(partition)

    async def stop(self) -> None:
        await self._consumer.stop()

    def _matching(self, recipient: str, kind: str) -> list[dict[str, Any]]:
        import json

        found = []
        for record in self.seen:
            body = json.loads(record.value)
            if body["subject"] == recipient and body["kind"] == kind:
                found.append(body)
        return found

    async def wait_for(
        self, recipient: str, kind: str, *, count: int = 1, timeout: float = EVENTUALLY_S
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(recipient, kind)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"wanted {count} {kind} notification(s) for {recipient}, saw {len(found)}")
            await self._read()

    async def settle(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await self._read()

    def count(self, recipient: str, kind: str) -> int:
        return len(self._matching(recipient, kind))

    async def _read(self) -> None:
        batches = await self._consumer.getmany(timeout_ms=200)
        for records in batches.values():
            self.seen.extend(records)


@dataclasses.dataclass
class Mahalla:
    code: str
    inspector: str
    sector_head: str

    @property
    def sector(self) -> str:
        return self.code[:9]


@dataclasses.dataclass
class AppealsService:
    app: FastAPI
    client: httpx.AsyncClient
    tokens: TestTokens
    clock: ShiftedClock
    notifications: NotificationTail
    mahalla: Mahalla
    publish: Callable[..., Any]  # (event, *, value=None)

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def citizen(self, subject: str | None = None, *, verified: bool = True) -> dict[str, str]:
        return self.tokens.headers(subject=subject or f"c-{random.getrandbits(40):x}", verified=verified,
                                   mahalla_code=self.mahalla.code)  # fmt: skip

    def inspector(self) -> dict[str, str]:
        return self.tokens.headers(subject=self.mahalla.inspector, roles=(Role.INSPECTOR,), scope=(self.mahalla.code,))

    def sector_head(self) -> dict[str, str]:
        return self.tokens.headers(subject=self.mahalla.sector_head, roles=(Role.SECTOR_HEAD,),
                                   scope=(self.mahalla.sector,))  # fmt: skip

    async def submit(self, headers: dict[str, str], **fields: Any) -> httpx.Response:
        data = {"kind": "application", "category": "noise", "text": "Qo‘shnim har kecha baland musiqa qo‘yadi.",
                **fields}  # fmt: skip
        files = data.pop("files", None)
        return await self.client.post("/v1/appeals", data=data, files=files, headers=headers)


async def wait_until(condition: Callable[[], Any], timeout: float = EVENTUALLY_S) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


def fresh_mahalla(unique: str) -> Mahalla:
    digits = f"{random.randrange(10**8):08d}"
    return Mahalla(code=f"1726{digits}", inspector=f"insp-{unique}", sector_head=f"head-{unique}")


def staffing(mahalla: Mahalla) -> list[Event]:
    return [
        geo.UnitCreatedV1(subject=mahalla.code, code=mahalla.code, level="mahalla", parent_code=mahalla.sector),
        geo.OfficialAssignedV1(subject=mahalla.code, official_id=mahalla.inspector, role="inspector",
                               territory_code=mahalla.code, mahalla_code=mahalla.code, sector_code=mahalla.sector),
        geo.OfficialAssignedV1(subject=mahalla.sector, official_id=mahalla.sector_head, role="sector_head",
                               territory_code=mahalla.sector, sector_code=mahalla.sector),
    ]  # fmt: skip


@pytest.fixture
async def appeals(servers: Servers, unique: str) -> AsyncIterator[AppealsService]:
    territory_topic, users_topic = f"test.{unique}.territory.v1", f"test.{unique}.users.v1"
    await ensure_topics(servers.kafka_bootstrap)
    await create_topics(
        servers.kafka_bootstrap,
        [
            TopicSpec(name, 1, "code", 1, "tests", (), "test")
            for topic in (territory_topic, users_topic)
            for name in (topic, dead_letter_topic(topic))
        ],
    )
    settings = AppealsSettings(
        database_prefix=f"t{unique}_", territory_topic=territory_topic, territory_group=f"appeals.{unique}", geo_url="",
        users_topic=users_topic, users_group=f"appeals.users.{unique}",
        kafka_bootstrap=servers.kafka_bootstrap, mongo_url=servers.mongo_url, redis_url=servers.redis_url,
    )  # fmt: skip
    tokens, clock = TestTokens(), ShiftedClock()
    # Tokens are signed on the service's (shifted) clock, or moving it would expire them.
    tokens.issuer = TokenIssuer(tokens.issuer.key_ring, issuer=ISSUER, audience=AUDIENCE, clock=clock)
    app = create_app(settings, jwks_fetcher=tokens.jwks_fetcher, clock=clock)
    producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap)
    await producer.start()

    async def publish(event: Event, *, value: bytes | None = None) -> None:
        """To this test's own copy of the event's topic (`territory.v1` or `users.v1`); with `value`, the
        event's key and headers around another body."""
        record = event.to_record()
        headers = [(k, v.encode()) for k, v in record["headers"].items()]
        topic = users_topic if event.topic == USERS.name else territory_topic
        body = value if value is not None else record["value"].encode()
        await producer.send_and_wait(topic, body, key=record["key"].encode(), headers=headers)

    mahalla = fresh_mahalla(unique)
    tail = NotificationTail(servers.kafka_bootstrap)
    await tail.start()
    try:
        async with serving(app) as client:
            service = AppealsService(app, client, tokens, clock, tail, mahalla, publish)
            for event in staffing(mahalla):
                await publish(event)
            officials = service.runtime.db[OFFICIALS]
            await wait_until(lambda: _count(officials, mahalla))
            yield service
        await client.aclose()
    finally:
        await tail.stop()
        await producer.stop()
        await _drop(servers, settings.database_name)


async def _count(collection: Any, mahalla: Mahalla) -> bool:
    return await collection.count_documents({"territory_code": {"$in": [mahalla.code, mahalla.sector]}}) >= 2


async def _drop(servers: Servers, name: str) -> None:
    await drop_test_database(servers.mongo_url, name)
