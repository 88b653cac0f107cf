"""The TCP server with hand-written fakes on loopback: ACK only after the records are handed over, never before."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from prometheus_client import CollectorRegistry

from sandbox.fleet.protocols import gt06_ack, gt06_login, gt06_position
from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.ingest.metrics import IngestMetrics
from services.devices.ingest.tcp import GT06, StreamServer
from services.devices.protocol.results import DecodeResult
from shared.clock import SystemClock

IMEI = "359339075123456"
TRACKER = Device("dev-1", DeviceType.TRACKER, "gt06", IMEI, Owner(OwnerKind.UNIT, "u-1"), "1726", "UTC",
                 datetime(2026, 1, 1, tzinfo=UTC), "admin")  # fmt: skip


class KnownDevices:
    def __init__(self, *devices: Device) -> None:
        self._by_identifier = {device.identifier: device for device in devices}

    async def by_identifier(self, protocol: str, identifier: str) -> Device | None:
        return self._by_identifier.get(identifier)


class RecordingIngestor:
    """Stores what it is handed; `failing` makes it refuse like a Kafka that is away."""

    def __init__(self) -> None:
        self.handed: list[DecodeResult] = []
        self.counted: list[DecodeResult] = []
        self.failing = False

    def count(self, result: DecodeResult) -> None:
        self.counted.append(result)

    async def ingest(self, device: Device, results: Sequence[DecodeResult]) -> None:
        if self.failing:
            raise ConnectionError("kafka is away")
        self.handed.extend(results)


@pytest.fixture
async def ingestor() -> RecordingIngestor:
    return RecordingIngestor()


@pytest.fixture
async def server(ingestor: RecordingIngestor) -> AsyncIterator[StreamServer]:
    metrics = IngestMetrics(CollectorRegistry())
    running = StreamServer(GT06, devices=KnownDevices(TRACKER), ingestor=ingestor, metrics=metrics,  # type: ignore[arg-type]
                           clock=SystemClock(), idle_timeout_s=0.5, max_connections=100)  # fmt: skip
    await running.start("127.0.0.1", 0)
    yield running
    await running.stop()


async def talk(server: StreamServer, data: bytes, expect: int) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        writer.write(data)
        await writer.drain()
        return await asyncio.wait_for(reader.read(expect) if expect else reader.read(100), 5)
    finally:
        writer.close()


async def test_the_ack_follows_the_records_being_handed_over(server: StreamServer, ingestor: RecordingIngestor) -> None:
    reply = await talk(server, gt06_login(IMEI, 1) + gt06_position(datetime.now(UTC), 41.3, 69.2, serial=2), 20)
    assert reply == gt06_ack(0x01, 1) + gt06_ack(0x12, 2)
    assert [result.message_type for result in ingestor.handed] == ["0x01", "0x12"]


async def test_no_ack_is_sent_when_the_records_could_not_be_handed_over(
    server: StreamServer, ingestor: RecordingIngestor
) -> None:
    ingestor.failing = True
    assert await talk(server, gt06_login(IMEI, 1), 0) == b""  # closed without an ACK: the device sends again


async def test_a_malformed_frame_is_skipped_and_the_next_one_is_answered(
    server: StreamServer, ingestor: RecordingIngestor
) -> None:
    truncated_gps = bytes.fromhex("78780a1201020304050001") + b"\x00\x00\r\n"
    reply = await talk(server, gt06_login(IMEI, 1) + truncated_gps + gt06_position(datetime.now(UTC), 41.3, 69.2,
                                                                                   serial=3), 20)  # fmt: skip
    assert reply == gt06_ack(0x01, 1) + gt06_ack(0x12, 3)


async def test_an_unknown_imei_is_closed_and_a_silent_connection_times_out(server: StreamServer) -> None:
    assert await talk(server, gt06_login("359339075000000", 1), 0) == b""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    started = asyncio.get_running_loop().time()
    assert await asyncio.wait_for(reader.read(100), 5) == b""
    assert asyncio.get_running_loop().time() - started < 3
    writer.close()
    await asyncio.sleep(0.05)
    assert server.connections == 0
