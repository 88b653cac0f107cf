"""Where a new deployment's consumer group begins on a shared topic.

A service's consumer group starts at the earliest record when it has no committed offset, so nothing
published before its first start is missed. In production the topic is born with the deployment. Tests and
benchmarks give every run a deployment of its own on topics that the whole run shares; committing the
topic's current end for the new group first makes it begin where a fresh deployment would, instead of
replaying (and storing) every earlier test's records.
"""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


async def _partitions_of(admin: AIOKafkaAdminClient, topic: str) -> list[TopicPartition]:
    [description] = await admin.describe_topics([topic])
    return [TopicPartition(topic, entry["partition"]) for entry in description["partitions"]]


async def begin_group_at_topic_end(bootstrap: str, group: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        partitions = await _partitions_of(admin, topic)
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.commit(dict(ends.items()))
    finally:
        await consumer.stop()


async def wait_until_group_caught_up(bootstrap: str, group: str, topic: str, timeout_s: float) -> float:
    """Seconds until `group` has committed, on every partition of `topic`, the end offset the topic had when
    this was called; TimeoutError after `timeout_s`. A system has settled once its consumers have."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await reader.start()
    began = time.monotonic()
    try:
        partitions = await _partitions_of(admin, topic)
        targets = await reader.end_offsets(partitions)
        while time.monotonic() - began < timeout_s:
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            behind = sum(end - (committed[tp].offset if tp in committed else 0) for tp, end in targets.items())
            if behind <= 0:
                return time.monotonic() - began
            await asyncio.sleep(1.0)
        raise TimeoutError(f"consumer group {group} still behind on {topic} after {timeout_s:.0f} s")
    finally:
        await reader.stop()
        await admin.close()
