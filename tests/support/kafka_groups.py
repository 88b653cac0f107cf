"""Where a new deployment's consumer group begins on a shared topic.

A service's consumer group starts at the earliest record when it has no committed offset, so nothing
published before its first start is missed. In production the topic is born with the deployment. Tests and
benchmarks give every run a deployment of its own on topics that the whole run shares; committing the
topic's current end for the new group first makes it begin where a fresh deployment would, instead of
replaying (and storing) every earlier test's records.
"""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


async def begin_group_at_topic_end(bootstrap: str, group: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [description] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [TopicPartition(topic, entry["partition"]) for entry in description["partitions"]]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.commit(dict(ends.items()))
    finally:
        await consumer.stop()
