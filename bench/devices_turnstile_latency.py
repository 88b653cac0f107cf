"""Turnstile pass → guardian notification on Kafka: p50/p99 latency through the whole devices pipeline.

The devices service runs in this process with its real lifespan (own database, consumer groups starting at
the topics' end). Six pupils of the sandbox civil registry have two verified guardians each; a Hikvision
terminal pushes passes over HTTP at a steady rate; each pass becomes an access record on Kafka, the
attendance consumer turns it into a school-day change with notifications in its outbox, and the relay
publishes them to `notifications.v1`, where this script times their arrival. Goal: p99 ≤ 1 s. About 30 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from collections import defaultdict
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.kafka_baseline import percentile, write_result
from sandbox.fleet.protocols import hikvision_pass
from services.devices.adapters.civil_registry import SANDBOX_FAMILIES
from services.devices.deps import context_for
from services.devices.domain.registry import DeviceType, Owner, OwnerKind
from services.devices.domain.schools import School
from services.devices.handlers import guardians, registry
from services.devices.main import create_app
from services.devices.settings import DevicesSettings
from shared.auth import Principal, Role
from shared.events.registry import NOTIFICATIONS, TELEMETRY_ACCESS, TELEMETRY_POSITIONS, TopicSpec
from tests.support.cleanup import drop_test_database

TASHKENT = ZoneInfo("Asia/Tashkent")
PASSES = int(os.environ.get("BENCH_PASSES", "100"))
RATE_PER_S = float(os.environ.get("BENCH_RATE", "5"))
MAC = "a4:14:37:be:0c:01"
ATTENDANCE_KINDS = ("child.arrived", "child.left", "child.left_during_classes")  # not the claims' confirmations


async def _at_end(bootstrap: str, topic: TopicSpec, group: str | None) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                fetch_max_wait_ms=5)  # fmt: skip
    await consumer.start()
    partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    positions = {partition: await consumer.position(partition) for partition in partitions}
    if group is not None:
        await consumer.commit(positions)
    return consumer


async def database_write_ms(runtime: Any) -> float:
    """The database's single-update latency right now: the pipeline's floor (several writes per pass)."""
    probe = runtime.db["bench_probe"]
    await probe.insert_one({"_id": "probe", "n": 0})
    samples = []
    for number in range(15):
        started = time.perf_counter()
        await probe.update_one({"_id": "probe"}, {"$set": {"n": number}})
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


async def measure(bootstrap: str) -> dict[str, Any]:
    groups = f"bench-devices-{uuid.uuid4().hex[:8]}"
    for topic, suffix in ((TELEMETRY_POSITIONS, "positions"), (TELEMETRY_ACCESS, "access")):
        await (await _at_end(bootstrap, topic, f"{groups}.{suffix}")).stop()
    settings = DevicesSettings(
        database_prefix=f"bench_{uuid.uuid4().hex[:8]}_", gt06_port=-1, watch_port=-1, h02_port=-1, osmand_port=-1,
        consumer_group_prefix=groups, log_level="WARNING",
    )  # fmt: skip
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        ctx = context_for(runtime)
        write_ms = await database_write_ms(runtime)
        await registry.register_school(School("bench-school", "110-maktab", "172626601014", clock_time(0, 0, 1),
                                              clock_time(0, 0, 2), frozenset(range(7))), None, ctx)  # fmt: skip
        pupils: dict[str, list[str]] = {}
        for number, family in enumerate(SANDBOX_FAMILIES):
            await registry.enrol_pupil("bench-school", family.pinfl, f"{5000 + number}", None, ctx)
            pupils[f"{5000 + number}"] = []
            for index, pinfl in enumerate(family.guardians):
                user = f"bench-guardian-{number}-{index}-{uuid.uuid4().hex[:6]}"
                principal = Principal(user, frozenset({Role.GUARDIAN}), "s-1", verified=True,
                                      identity_digest=ctx.identity_digest_of(pinfl))  # fmt: skip
                await guardians.claim_guardianship(principal, family.pinfl, None, ctx)
                pupils[f"{5000 + number}"].append(user)
        await registry.register_device(
            registry.RegisterDevice(DeviceType.TURNSTILE, "hikvision", MAC, Owner(OwnerKind.SCHOOL, "bench-school"),
                                    "172626601014", "Asia/Tashkent"), None, ctx)  # fmt: skip
        tail = await _at_end(bootstrap, NOTIFICATIONS, None)
        recipients = {user: pass_id for pass_id, users in pupils.items() for user in users}
        arrivals: dict[str, list[float]] = defaultdict(list)
        done = asyncio.Event()
        expected = (PASSES + len(pupils)) * 2  # two guardians per pupil; warm-up entries included

        async def collect() -> None:
            while sum(len(times) for times in arrivals.values()) < expected:
                batches = await tail.getmany(timeout_ms=50)
                now = time.perf_counter()
                for records in batches.values():
                    for record in records:
                        user = (record.key or b"").decode()
                        if user in recipients and json.loads(record.value)["kind"] in ATTENDANCE_KINDS:
                            arrivals[user].append(now)
            done.set()

        sent: dict[str, list[float]] = defaultdict(list)
        collector = asyncio.create_task(collect())
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://devices.bench") as client:

            async def push(pass_id: str, door: int, serial: int) -> None:
                sent[pass_id].append(time.perf_counter())
                body = hikvision_pass(MAC, pass_id, door, datetime.now(TASHKENT), serial)
                response = await client.post(
                    "/isapi/events", content=body, headers={"content-type": "application/json"}
                )
                response.raise_for_status()

            # Warm-up, not measured: every pupil comes in once (consumers joined, relay running).
            for number, pass_id in enumerate(pupils):
                await push(pass_id, 1, 1_000 + number)
            warm_deadline = time.perf_counter() + 60
            while sum(len(times) for times in arrivals.values()) < 2 * len(pupils):
                if time.perf_counter() > warm_deadline:
                    raise RuntimeError("the warm-up notifications did not arrive within 60 s")
                await asyncio.sleep(0.05)
            warmed = {user: len(times) for user, times in arrivals.items()}
            sent.clear()
            started = time.perf_counter()
            pass_ids = list(pupils)
            for number in range(PASSES):  # every measured pass is an exit: each tells both guardians
                await push(pass_ids[number % len(pass_ids)], 2, 10_000 + number)
                await asyncio.sleep(max(0.0, started + (number + 1) / RATE_PER_S - time.perf_counter()))
            try:
                await asyncio.wait_for(done.wait(), 60)
            except TimeoutError:
                collector.cancel()
        await tail.stop()
    await drop_test_database(runtime.settings.mongo_url, runtime.db.name)  # once the service has stopped
    latencies = [
        arrived - sent_at
        for user, times in arrivals.items()
        for sent_at, arrived in zip(sent[recipients[user]], times[warmed.get(user, 0) :], strict=False)
    ]
    return {
        "passes": PASSES, "rate_per_s": RATE_PER_S, "notifications": len(latencies), "expected": PASSES * 2,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p99_ms": percentile(latencies, 0.99) * 1000 if latencies else None,
        "max_ms": max(latencies) * 1000 if latencies else None, "goal_p99_ms": 1000,
        "database_update_p50_ms": write_ms,
    }  # fmt: skip


def main() -> int:
    bootstrap = os.environ.get("SM_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
    result = asyncio.run(measure(bootstrap))
    path = write_result("devices_turnstile_latency", result)
    sys.stdout.write(
        f"turnstile pass → guardian notification: {result['notifications']}/{result['expected']} notifications, "
        f"p50 {result['p50_ms'] or 0:.0f} ms, p99 {result['p99_ms'] or 0:.0f} ms, max {result['max_ms'] or 0:.0f} ms "
        f"at {result['rate_per_s']:.0f} passes/s (database update p50 {result['database_update_p50_ms']:.0f} ms); "
        f"goal p99 ≤ 1000 ms\nwritten to {path}\n"
    )
    return 0 if result["notifications"] == result["expected"] else 1


if __name__ == "__main__":
    sys.exit(main())
