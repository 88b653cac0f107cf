"""Reading what a consumer dead-lettered."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer

from tests.infra import Servers
from tests.support.waiting import EVENTUALLY_S


async def first_record(
    servers: Servers, topic: str, *, key: bytes | None = None, timeout: float = EVENTUALLY_S
) -> tuple[bytes, dict[str, bytes]]:
    """The first record of `topic` (with this key, when given: a shared dead-letter topic holds other tests'
    records too): its value and its headers."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        async with asyncio.timeout(timeout):
            async for record in consumer:
                if record.value is not None and key in (None, record.key):
                    return record.value, {name: value for name, value in record.headers}
    finally:
        await consumer.stop()
    raise AssertionError(f"no record{f' keyed {key!r}' if key else ''} on {topic}")
