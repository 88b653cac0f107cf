"""Fixtures on the real Kafka, FerretDB and Redis; each test gets its own database and topics."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import redis.asyncio as redis_async
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.events.registry import TopicSpec, create_topics, dead_letter_topic
from shared.mongo import Document
from tests.infra import (
    NO_SERVERS_MESSAGE,
    Servers,
    docker_answers,
    servers_from_environment,
    servers_from_testcontainers,
)
from tests.support.cleanup import drop_test_database


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    found = servers_from_environment()
    if found is not None:
        yield found
        return
    if docker_answers():
        with servers_from_testcontainers() as started:
            yield started
        return
    pytest.fail(NO_SERVERS_MESSAGE, pytrace=False)


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def database(servers: Servers, unique: str) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(servers.mongo_url, tz_aware=True)
    name = f"test_{unique}"
    try:
        yield client[name]
    finally:
        await client.close()
        await drop_test_database(servers.mongo_url, name)


@pytest.fixture
async def redis_client(servers: Servers) -> AsyncIterator[redis_async.Redis]:
    client = redis_async.Redis.from_url(servers.redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def topic(servers: Servers, unique: str) -> str:
    """A fresh topic (with its dead-letter twin) that no other test writes to."""
    name = f"test.{unique}.v1"
    specs = [
        TopicSpec(name, 3, "test key", 1, "tests", ("tests",), "test topic"),
        TopicSpec(dead_letter_topic(name), 1, "test key", 1, "tests", ("tests",), "test dead letters"),
    ]
    await create_topics(servers.kafka_bootstrap, specs)
    return name
