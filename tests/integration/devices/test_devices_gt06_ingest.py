"""GT06 over real TCP: login, position and alarm ACKed after Kafka has them; strangers and garbage refused."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from sandbox.fleet.protocols import ALARM_SOS, gt06_ack, gt06_alarm, gt06_login, gt06_position
from services.devices.deps import settings_of
from services.devices.housekeeping import purge_once
from services.devices.ingest.archive import archived_frames
from services.devices.repository import DEVICE_LOOKUPS, RAW_FRAMES
from services.devices.repository.devices import DeviceRepository
from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.clock import FixedClock
from shared.events.registry import TELEMETRY_POSITIONS
from tests.integration.devices.conftest import DevicesService, header

SCHOOL_NO_110 = (41.311081, 69.240562)
READ_TIMEOUT = 10


def parts_settings(service: DevicesService) -> DevicesSettings:
    return settings_of(service.runtime)


def new_imei() -> str:
    return "35" + "".join(random.choices("0123456789", k=13))


async def connect(service: DevicesService) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", service.port("gt06"))


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, packet: bytes, reply_size: int = 10
) -> bytes:
    writer.write(packet)
    await writer.drain()
    return await asyncio.wait_for(reader.readexactly(reply_size), READ_TIMEOUT)


async def register_tracker(service: DevicesService, imei: str) -> str:
    device = await service.register(type="tracker", protocol="gt06", identifier=imei, owner_kind="unit",
                                    owner_id="unit-7", territory_code="1726", time_zone="UTC")  # fmt: skip
    return str(device["id"])


async def test_a_tracker_logs_in_and_its_position_and_alarm_are_acknowledged_and_published(
    service: DevicesService,
) -> None:
    imei = new_imei()
    device_id = await register_tracker(service, imei)
    tail = await service.tail(TELEMETRY_POSITIONS)
    reader, writer = await connect(service)
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        assert await exchange(reader, writer, gt06_login(imei, serial=1)) == gt06_ack(0x01, 1)
        assert await exchange(reader, writer, gt06_position(now, *SCHOOL_NO_110, serial=2)) == gt06_ack(0x12, 2)
        assert await exchange(reader, writer, gt06_alarm(now, *SCHOOL_NO_110, ALARM_SOS, serial=3)) == gt06_ack(0x16, 3)
    finally:
        writer.close()
    positions = await tail.wait_for(
        lambda r: (
            r.key == device_id.encode() and header(r, "ce_type") == "uz.smartmahalla.devices.position_reported.v1"
        ),
        count=2,
    )
    await tail.stop()
    first, alarm = (json.loads(record.value) for record in positions)
    assert (first["latitude"], first["longitude"]) == pytest.approx(SCHOOL_NO_110, abs=1e-6)
    assert first["fix_time"].startswith(now.strftime("%Y-%m-%dT%H:%M:%S"))
    assert first["alarms"] == []
    assert alarm["alarms"] == ["sos"]
    assert alarm["battery_percent"] == 66
    for _ in range(100):  # the registry learns the last contact from the telemetry it reads back
        status = (await service.client.get(f"/v1/devices/{device_id}", headers=service.admin())).json()
        if status["status"] == "online" and status["battery_percent"] == 66:
            break
        await asyncio.sleep(0.1)
    assert (status["status"], status["battery_percent"]) == ("online", 66)
    assert not alarm["late"]


async def test_a_login_from_an_unknown_imei_closes_the_connection_without_an_ack(service: DevicesService) -> None:
    reader, writer = await connect(service)
    writer.write(gt06_login(new_imei(), serial=1))
    await writer.drain()
    assert await asyncio.wait_for(reader.read(100), READ_TIMEOUT) == b""  # closed, nothing answered
    writer.close()


async def test_garbage_on_one_connection_does_not_disturb_another(service: DevicesService) -> None:
    imei = new_imei()
    await register_tracker(service, imei)
    good_reader, good_writer = await connect(service)
    _bad_reader, bad_writer = await connect(service)
    try:
        assert await exchange(good_reader, good_writer, gt06_login(imei, serial=1)) == gt06_ack(0x01, 1)
        bad_writer.write(bytes(random.getrandbits(8) for _ in range(4000)) + b"\x78\x78\x05\x01\xff\xff\r\n" * 3)
        await bad_writer.drain()
        now = datetime.now(UTC)
        for serial in range(2, 6):
            packet = gt06_position(now + timedelta(seconds=serial), *SCHOOL_NO_110, serial=serial)
            assert await exchange(good_reader, good_writer, packet) == gt06_ack(0x12, serial)
    finally:
        good_writer.close()
        bad_writer.close()


async def test_raw_frames_are_archived_and_purged_in_code_once_they_expire(service: DevicesService) -> None:
    imei = new_imei()
    device_id = await register_tracker(service, imei)
    reader, writer = await connect(service)
    try:
        assert await exchange(reader, writer, gt06_login(imei, serial=1)) == gt06_ack(0x01, 1)
    finally:
        writer.close()
    archive = service.runtime.db[RAW_FRAMES]
    for _ in range(50):
        if await archive.count_documents({"devices": device_id}):
            break
        await asyncio.sleep(0.1)
    [written] = [document async for document in archive.find({"devices": device_id})]
    [frame] = [frame for frame in archived_frames(written) if frame.device_id == device_id]
    assert (frame.raw, frame.protocol, frame.message_type) == (gt06_login(imei, serial=1), "gt06", "0x01")
    settings = parts_settings(service)
    later = FixedClock(datetime.now(UTC) + timedelta(hours=settings.raw_frame_retention_hours + 1))
    removed = await purge_once(MonitoringRepository(service.runtime.db), settings, later)
    assert removed["raw_frames"] >= 1
    assert await archive.count_documents({"devices": device_id}) == 0


async def test_a_device_whose_lookup_is_missing_is_found_again_once_lookups_are_restored(
    service: DevicesService,
) -> None:
    imei = new_imei()
    device_id = await register_tracker(service, imei)
    database = service.runtime.db
    # As after a crash between the device's write and its lookup's, or for a device older than lookups.
    await database[DEVICE_LOOKUPS].delete_one({"_id": f"gt06:{imei}"})
    registry = DeviceRepository(database)  # a fresh one: no cache

    assert await registry.by_identifier("gt06", imei) is None
    assert await registry.restore_lookups() == 1
    device = await DeviceRepository(database).by_identifier("gt06", imei)
    assert device is not None
    assert device.id == device_id
    assert await registry.restore_lookups() == 0


async def test_a_second_registration_of_an_imei_is_refused_and_the_first_device_still_logs_in(
    service: DevicesService,
) -> None:
    imei = new_imei()
    first = await register_tracker(service, imei)
    response = await service.client.post("/v1/devices", headers=service.admin(), json={
        "type": "tracker", "protocol": "gt06", "identifier": imei, "owner_kind": "unit", "owner_id": "unit-8",
        "territory_code": "1726", "time_zone": "UTC"})  # fmt: skip
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")

    device = await DeviceRepository(service.runtime.db).by_identifier("gt06", imei)
    assert device is not None
    assert device.id == first
    reader, writer = await connect(service)
    try:
        assert await exchange(reader, writer, gt06_login(imei, serial=1)) == gt06_ack(0x01, 1)
    finally:
        writer.close()
