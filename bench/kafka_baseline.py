"""The baseline every other benchmark is measured against: raw aiokafka on this machine.

Measures (1) produce→consume throughput of 1 KB messages, batched, and (2) the round-trip latency of a
single message (produce, then see it arrive at a consumer) at a steady rate, as p50/p99.
Run: `make bench` (starts the servers), or with SM_KAFKA_BOOTSTRAP set: `.venv/bin/python bench/kafka_baseline.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

RESULTS = Path(__file__).resolve().parent / "results"


async def fresh_topic(bootstrap: str, partitions: int = 3) -> str:
    name = f"bench.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1, topic_configs={"retention.ms": "600000"})])
    finally:
        await admin.close()
    return name


async def started_consumer(bootstrap: str, topic: str) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        fetch_max_wait_ms=5,
    )
    await consumer.start()
    while not consumer.assignment():
        await asyncio.sleep(0.05)
    return consumer


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def throughput(bootstrap: str, messages: int = 20_000, size: int = 1024) -> dict[str, float]:
    topic = await fresh_topic(bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5)
    consumer = await started_consumer(bootstrap, topic)
    await producer.start()
    payload = b"x" * size
    try:
        started = time.perf_counter()
        for number in range(messages):
            await producer.send(topic, payload, key=str(number % 64).encode())
        await producer.flush()
        produced = time.perf_counter() - started
        seen = 0
        while seen < messages:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            seen += sum(len(records) for records in batches.values())
        total = time.perf_counter() - started
    finally:
        await producer.stop()
        await consumer.stop()
    return {
        "messages": messages,
        "message_bytes": size,
        "produce_per_s": messages / produced,
        "end_to_end_per_s": messages / total,
    }


async def round_trip(bootstrap: str, count: int = 500, rate_per_s: float = 200) -> dict[str, float]:
    topic = await fresh_topic(bootstrap, partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=0)
    consumer = await started_consumer(bootstrap, topic)
    await producer.start()
    sent_at: dict[bytes, float] = {}
    latencies: list[float] = []

    async def receive() -> None:
        while len(latencies) < count:
            batches = await consumer.getmany(timeout_ms=100)
            now = time.perf_counter()
            for records in batches.values():
                latencies.extend(now - sent_at[record.key] for record in records if record.key in sent_at)

    receiver = asyncio.create_task(receive())
    try:
        for number in range(count):
            key = str(number).encode()
            sent_at[key] = time.perf_counter()
            await producer.send(topic, b"x" * 1024, key=key)
            await asyncio.sleep(1 / rate_per_s)
        await asyncio.wait_for(receiver, 60)
    finally:
        await producer.stop()
        await consumer.stop()
    return {
        "count": count,
        "rate_per_s": rate_per_s,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


async def measure(bootstrap: str) -> dict[str, Any]:
    return {"throughput": await throughput(bootstrap), "round_trip": await round_trip(bootstrap)}


def write_result(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2))
    return path


def main() -> int:
    bootstrap = os.environ.get("SM_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
    result = asyncio.run(measure(bootstrap))
    path = write_result("kafka_baseline", result)
    tp, rt = result["throughput"], result["round_trip"]
    sys.stdout.write(
        f"kafka baseline: produce {tp['produce_per_s']:.0f} msg/s, produce→consume {tp['end_to_end_per_s']:.0f} msg/s "
        f"(1 KB, batched); round trip at {rt['rate_per_s']:.0f}/s p50 {rt['p50_ms']:.2f} ms, p99 {rt['p99_ms']:.2f} ms"
        f"\nwritten to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
