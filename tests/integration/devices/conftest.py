"""One devices service per test module on the real servers: its own database, consumer groups and free ports."""

from __future__ import annotations

import asyncio
import dataclasses
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from fastapi import FastAPI

from services.devices.deps import parts_of
from services.devices.main import create_app
from services.devices.settings import DevicesSettings
from shared.auth import Role, identity_digest
from shared.events.registry import NOTIFICATIONS, TELEMETRY_ACCESS, TELEMETRY_POSITIONS, USERS, TopicSpec
from shared.service import Runtime
from tests.infra import Servers
from tests.support.auth import TestTokens
from tests.support.cleanup import drop_test_database
from tests.support.kafka_groups import begin_group_at_topic_end
from tests.support.running import serving
from tests.support.waiting import EVENTUALLY_S

ADMIN_SCOPE = ("17",)


class TopicTail:
    """Reads a shared topic from its end at the time of `start`, so only this test's records are seen."""

    def __init__(self, bootstrap: str, topic: TopicSpec) -> None:
        self.topic = topic.name
        self._partitions = topic.partitions
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=50)
        self.seen: list[ConsumerRecord[bytes, bytes]] = []

    async def start(self) -> None:
        await self._consumer.start()
        assigned = [TopicPartition(self.topic, partition) for partition in range(self._partitions)]
        self._consumer.assign(assigned)
        await self._consumer.seek_to_end(*assigned)
        for partition in assigned:
            await self._consumer.position(partition)

    async def stop(self) -> None:
        await self._consumer.stop()

    async def wait_for(
        self, matches: Callable[[ConsumerRecord[bytes, bytes]], bool], *, count: int = 1, timeout: float = EVENTUALLY_S
    ) -> list[ConsumerRecord[bytes, bytes]]:
        deadline = time.monotonic() + timeout
        while True:
            found = [record for record in self.seen if matches(record)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.topic}: wanted {count} matching record(s) in {timeout} s, saw {len(found)}"
                )
            batches = await self._consumer.getmany(timeout_ms=200)
            for records in batches.values():
                self.seen.extend(records)

    async def settle(self, seconds: float) -> None:
        """Keep reading for a while (to prove something did NOT arrive)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            batches = await self._consumer.getmany(timeout_ms=200)
            for records in batches.values():
                self.seen.extend(records)


def header(record: ConsumerRecord[bytes, bytes], name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode()
    return None


@dataclasses.dataclass
class DevicesService:
    app: FastAPI
    client: httpx.AsyncClient
    tokens: TestTokens
    bootstrap: str

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def port(self, protocol: str) -> int:
        return parts_of(self.runtime).servers.port(protocol)

    def identity_of(self, pinfl: str) -> str:
        """The identity digest the gateway would sign into the token of the citizen verified with `pinfl`."""
        return identity_digest(pinfl, self.runtime.settings.identity_digest_key.get_secret_value())

    def admin(self) -> dict[str, str]:
        return self.tokens.headers(subject="admin-1", roles=(Role.ADMINISTRATOR,), scope=ADMIN_SCOPE)

    async def register(self, **body: Any) -> dict[str, Any]:
        response = await self.client.post("/v1/devices", json=body, headers=self.admin())
        assert response.status_code == 201, response.text
        document: dict[str, Any] = response.json()
        return document

    async def tail(self, topic: TopicSpec) -> TopicTail:
        tail = TopicTail(self.bootstrap, topic)
        await tail.start()
        return tail


@pytest.fixture(scope="module")
async def service(servers: Servers) -> AsyncIterator[DevicesService]:
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    groups = f"test-devices-{uuid.uuid4().hex[:8]}"
    await asyncio.gather(
        begin_group_at_topic_end(servers.kafka_bootstrap, f"{groups}.positions", TELEMETRY_POSITIONS.name),
        begin_group_at_topic_end(servers.kafka_bootstrap, f"{groups}.access", TELEMETRY_ACCESS.name),
        begin_group_at_topic_end(servers.kafka_bootstrap, f"{groups}.users", USERS.name),
    )
    settings = DevicesSettings(
        kafka_bootstrap=servers.kafka_bootstrap, mongo_url=servers.mongo_url, redis_url=servers.redis_url,
        database_prefix=prefix, gt06_port=0, watch_port=0, h02_port=0, osmand_port=0, consumer_group_prefix=groups,
        idle_timeout_s=30,
    )  # fmt: skip
    tokens = TestTokens()
    app = create_app(settings, jwks_fetcher=tokens.jwks_fetcher)
    async with serving(app) as client:
        yield DevicesService(app, client, tokens, servers.kafka_bootstrap)
    # Only once the service has stopped: FerretDB v1 can crash when a database is dropped under live queries.
    await drop_test_database(servers.mongo_url, settings.database_name)


__all__ = ["NOTIFICATIONS", "DevicesService", "TopicTail", "header"]
