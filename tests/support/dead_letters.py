"""Reading what a consumer dead-lettered."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer

from tests.infra import Servers
from tests.support.waiting import EVENTUALLY_S


async def read_one(servers: Servers, topic: str, timeout: float = EVENTUALLY_S) -> tuple[bytes, dict[str, bytes]]:
    """The first record of `topic`: its value and its headers."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout)
    finally:
        await consumer.stop()
    assert record.value is not None
    return record.value, {key: value for key, value in record.headers}


async def find_by_key(
    servers: Servers, topic: str, key: bytes, timeout: float = EVENTUALLY_S
) -> tuple[bytes, dict[str, bytes]]:
    """The first record of `topic` with this key (a shared dead-letter topic holds other tests' records too)."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        async with asyncio.timeout(timeout):
            async for record in consumer:
                if record.key == key and record.value is not None:
                    return record.value, {name: value for name, value in record.headers}
    finally:
        await consumer.stop()
    raise AssertionError(f"no record keyed {key!r} on {topic}")
