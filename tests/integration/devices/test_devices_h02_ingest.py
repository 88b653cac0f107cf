"""H02 over real TCP: a position and a heartbeat answered as the protocol says, a stranger refused."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime

import pytest

from shared.events.registry import TELEMETRY_POSITIONS
from tests.integration.devices.conftest import DevicesService, header

READ_TIMEOUT = 10
# School No. 110, Tashkent: 41.311081 N, 69.240562 E as H02's degrees and minutes
LATITUDE, LONGITUDE = "4118.6649", "06914.4337"


def new_h02_id() -> str:
    return "".join(random.choices("0123456789", k=10))


def v1_position(device_id: str, when: datetime, status: str = "FFFFFBFF") -> bytes:
    return (f"*HQ,{device_id},V1,{when:%H%M%S},A,{LATITUDE},N,{LONGITUDE},E,10.80,90,{when:%d%m%y},{status}#"
            ).encode()  # fmt: skip


async def reply_of(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"#"), READ_TIMEOUT)


async def test_an_h02_tracker_position_and_heartbeat_are_answered_and_the_position_published(
    service: DevicesService,
) -> None:
    h02_id = new_h02_id()
    device = await service.register(type="tracker", protocol="h02", identifier=h02_id, owner_kind="unit",
                                    owner_id="unit-12", territory_code="1726", time_zone="UTC")  # fmt: skip
    tail = await service.tail(TELEMETRY_POSITIONS)
    reader, writer = await asyncio.open_connection("127.0.0.1", service.port("h02"))
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        writer.write(v1_position(h02_id, now))
        await writer.drain()
        answered = await reply_of(reader)
        writer.write(b"\x00\xffnoise between frames\r\n" + f"*HQ,{h02_id},HTBT,80#".encode())
        await writer.drain()
        heartbeat = await reply_of(reader)
    finally:
        writer.close()
    [record] = await tail.wait_for(
        lambda r: (
            r.key == device["id"].encode() and header(r, "ce_type") == "uz.smartmahalla.devices.position_reported.v1"
        )
    )
    await tail.stop()

    assert answered.startswith(f"*HQ,{h02_id},V4,V1,".encode())
    assert heartbeat == f"*HQ,{h02_id},HTBT#".encode()
    position = json.loads(record.value)
    assert (position["latitude"], position["longitude"]) == pytest.approx((41.311081, 69.240562), abs=1e-5)
    assert position["speed_kmh"] == pytest.approx(10.80 * 1.852, abs=0.01)
    assert position["fix_time"].startswith(now.strftime("%Y-%m-%dT%H:%M:%S"))
    assert position["protocol"] == "h02"


async def test_an_h02_frame_from_an_unknown_id_closes_the_connection_unanswered(service: DevicesService) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", service.port("h02"))
    writer.write(v1_position(new_h02_id(), datetime.now(UTC)))
    await writer.drain()
    assert await asyncio.wait_for(reader.read(100), READ_TIMEOUT) == b""
    writer.close()
