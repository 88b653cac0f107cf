"""GT06 ingestion: positions per second decoded, filtered and published to Kafka from 1,000 TCP connections.

The devices service runs in this process (its real lifespan, monitoring off, positions to a fresh topic),
and in `BENCH_INGEST_PROCESSES - 1` more processes listening on the same GT06 port (`REUSE_PORT`, as
replicas of the service would; the kernel spreads the connections over them). 1,000 simulated watches run
in one more process, each sending bursts of position packets and waiting for every ACK (an ACK means Kafka
has the position). Printed as a ratio to the raw aiokafka producer baseline measured in the same run.
Bounded: about a minute. Run: `.venv/bin/python bench/devices_gt06_ingest.py`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import uvloop
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.kafka_baseline import fresh_topic, throughput, write_result
from sandbox.fleet.protocols import gt06_login, gt06_position
from services.devices.deps import parts_of
from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.main import create_app
from services.devices.settings import DevicesSettings
from tests.support.cleanup import drop_test_database

DEVICES_COUNT = int(os.environ.get("BENCH_DEVICES", "1000"))
DURATION_S = float(os.environ.get("BENCH_DURATION_S", "20"))
INGEST_PROCESSES = int(os.environ.get("BENCH_INGEST_PROCESSES", "2"))
BURST = 20
ROUTE_LENGTH = 4000
PARTITIONS = 12
# Raw frames go to the database off the ACK path, 1,000 to a document. The benchmark leaves the archive off
# unless asked: on this machine FerretDB then competes for the cores the ingest processes are measured on.
ARCHIVE = os.environ.get("BENCH_ARCHIVE", "0") == "1"


def imei(index: int) -> str:
    return f"86{index:013d}"


def route_packets() -> list[bytes]:
    """One walk (1 s between fixes, a few metres apart) that every simulated watch replays, begun nine
    minutes ago as a live watch's would be: no fix is late (10 min) and none is from the future (5 min
    ahead) unless a watch sent over 840 in the run, which the count in Kafka would show."""
    start = datetime.now(UTC) - timedelta(minutes=9)
    return [
        gt06_position(start + timedelta(seconds=n), 41.30 + n * 0.00002, 69.24 + n * 0.00001, serial=n % 65536)
        for n in range(ROUTE_LENGTH)
    ]


async def _login(port: int, index: int, gate: asyncio.Semaphore) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(gt06_login(imei(index)))
        await writer.drain()
        await asyncio.wait_for(reader.readexactly(10), 60)
        return reader, writer


async def _report(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, packets: list[bytes], stop_at: float, counts: list[int]
) -> None:
    try:
        position = 0
        while time.monotonic() < stop_at and position + BURST <= len(packets):
            writer.write(b"".join(packets[position : position + BURST]))
            await writer.drain()
            await asyncio.wait_for(reader.readexactly(10 * BURST), 60)
            counts[0] += BURST
            position += BURST
    finally:
        writer.close()


async def _fleet(port: int, duration: float) -> dict[str, float]:
    """Log every watch in first (registry look-ups), then measure only the steady reporting."""
    packets = route_packets()
    gate = asyncio.Semaphore(100)
    started = time.monotonic()
    connections = await asyncio.gather(*(_login(port, index, gate) for index in range(DEVICES_COUNT)))
    login_s = time.monotonic() - started
    counts = [0]
    measured_from = time.monotonic()
    results = await asyncio.gather(
        *(_report(reader, writer, packets, measured_from + duration, counts) for reader, writer in connections),
        return_exceptions=True,
    )
    elapsed = time.monotonic() - measured_from
    failures = sum(isinstance(result, BaseException) for result in results)
    return {"acked_positions": counts[0], "seconds": elapsed, "failed_connections": failures, "login_s": login_s}


def _fleet_process(port: int, duration: float, queue: Any) -> None:
    queue.put(uvloop.run(_fleet(port, duration)))


async def _kafka_count(bootstrap: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        ends = await consumer.end_offsets(partitions)
        return int(sum(ends.values()))
    finally:
        await consumer.stop()


def _settings(prefix: str, topic: str, port: int) -> DevicesSettings:
    return DevicesSettings(
        database_prefix=prefix, gt06_port=port, watch_port=-1, h02_port=-1, osmand_port=-1, reuse_port=True,
        positions_topic=topic, monitoring_enabled=False, log_level="WARNING", archive_raw_frames=ARCHIVE,
    )  # fmt: skip


async def _replica(settings: DevicesSettings, ready: Any, stop: Any) -> None:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        ready.put(True)
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)


def _replica_process(settings: DevicesSettings, ready: Any, stop: Any) -> None:
    uvloop.run(_replica(settings, ready, stop))


async def measure(bootstrap: str) -> dict[str, Any]:
    baseline = await throughput(bootstrap, messages=20_000, size=400)
    topic = await fresh_topic(bootstrap, partitions=PARTITIONS)
    prefix = f"bench_{uuid.uuid4().hex[:8]}_"
    app = create_app(_settings(prefix, topic, 0))
    spawn = multiprocessing.get_context("spawn")
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        now = datetime.now(UTC)
        registry = parts_of(runtime).devices
        for i in range(DEVICES_COUNT):  # as the registry API writes them: the device and its lookup
            await registry.add(Device(f"dev-bench-{i}", DeviceType.WATCH, "gt06", imei(i),
                                      Owner(OwnerKind.CHILD, f"c-{i}"), "1726", "UTC", now, "bench"))  # fmt: skip
        port = parts_of(runtime).servers.port("gt06")
        ready, stop = spawn.Queue(), spawn.Event()
        replicas = [spawn.Process(target=_replica_process, args=(_settings(prefix, topic, port), ready, stop))
                    for _ in range(INGEST_PROCESSES - 1)]  # fmt: skip
        for replica in replicas:
            replica.start()
        for _ in replicas:
            await asyncio.get_running_loop().run_in_executor(None, ready.get, True, 60)
        queue: Any = spawn.Queue()
        process = spawn.Process(target=_fleet_process, args=(port, DURATION_S, queue))
        process.start()
        fleet: dict[str, float] = await asyncio.get_running_loop().run_in_executor(
            None, queue.get, True, DURATION_S + 90
        )
        process.join(10)
        stop.set()
        for replica in replicas:
            replica.join(30)
        archive = parts_of(runtime).archive
        dropped = sum(sample.value for metric in parts_of(runtime).metrics.archive_dropped.collect()
                      for sample in metric.samples if sample.name.endswith("_total"))  # fmt: skip
    await drop_test_database(runtime.settings.mongo_url, runtime.db.name)  # once the service has stopped
    in_kafka = await _kafka_count(bootstrap, topic)
    per_s = fleet["acked_positions"] / fleet["seconds"]
    return {
        "devices": DEVICES_COUNT, "ingest_processes": INGEST_PROCESSES, "duration_s": fleet["seconds"],
        "acked_positions": fleet["acked_positions"],
        "positions_in_kafka": in_kafka, "failed_connections": fleet["failed_connections"],
        "positions_per_s": per_s, "baseline_produce_per_s": baseline["produce_per_s"],
        "ratio_to_baseline": per_s / baseline["produce_per_s"], "raw_frames_archived_here": archive.stored,
        "raw_frames_not_archived_here": dropped, "archive_enabled": ARCHIVE, "login_phase_s": fleet["login_s"],
        "goal_positions_per_s": 30_000,
    }  # fmt: skip


def main() -> int:
    bootstrap = os.environ.get("SM_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
    result = uvloop.run(measure(bootstrap))  # the loop uvicorn runs the service on
    path = write_result("devices_gt06_ingest", result)
    sys.stdout.write(
        f"gt06 ingest: {result['positions_per_s']:.0f} positions/s from {result['devices']} connections "
        f"into {result['ingest_processes']} ingest processes "
        f"({result['acked_positions']} ACKed, {result['positions_in_kafka']} in Kafka, "
        f"{result['failed_connections']} failed connections, logins took {result['login_phase_s']:.1f} s); "
        f"raw aiokafka baseline "
        f"{result['baseline_produce_per_s']:.0f} msg/s; ratio {result['ratio_to_baseline']:.2f}; goal 30000/s\n"
        f"written to {path}\n"
    )
    return 0 if result["failed_connections"] == 0 and result["positions_in_kafka"] >= result["acked_positions"] else 1


if __name__ == "__main__":
    sys.exit(main())
