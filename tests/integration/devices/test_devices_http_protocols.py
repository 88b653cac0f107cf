"""OsmAnd on its own port, ZKTeco ADMS and the watch protocol, against the running service."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx

from sandbox.fleet.protocols import osmand_query, zkteco_attlog
from shared.events.registry import TELEMETRY_ACCESS, TELEMETRY_POSITIONS
from tests.integration.devices.conftest import DevicesService

TASHKENT = ZoneInfo("Asia/Tashkent")


async def test_an_osmand_unit_tracker_is_stored_and_an_unknown_id_gets_404(service: DevicesService) -> None:
    crew = f"crew-{random.getrandbits(32):08x}"
    device = await service.register(type="unit_tracker", protocol="osmand", identifier=crew, owner_kind="unit",
                                    owner_id="ambulance-12", territory_code="1726")  # fmt: skip
    tail = await service.tail(TELEMETRY_POSITIONS)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{service.port('osmand')}") as client:
        known = await client.get("/?" + osmand_query(crew, datetime.now(UTC), 41.2995, 69.2401, speed=10, batt=77))
        unknown = await client.get("/?" + osmand_query("nobody-knows-me", datetime.now(UTC), 41.2995, 69.2401))
        missing_id = await client.post("/", content=b"lat=41.3&lon=69.2")
    assert (known.status_code, known.content) == (200, b"")
    assert unknown.status_code == 404
    assert missing_id.status_code == 400
    [record] = await tail.wait_for(lambda r: r.key == device["id"].encode())
    await tail.stop()
    position = json.loads(record.value)
    assert position["speed_kmh"] == 18.52
    assert position["battery_percent"] == 77


async def test_a_zkteco_terminal_shakes_hands_and_gets_ok_only_for_stored_attendance(service: DevicesService) -> None:
    serial = f"CQZ{random.getrandbits(32):08X}"
    device = await service.register(type="turnstile", protocol="zkteco", identifier=serial, owner_kind="school",
                                    owner_id="school-x", territory_code="172626601014")  # fmt: skip
    tail = await service.tail(TELEMETRY_ACCESS)
    handshake = await service.client.get(f"/iclock/cdata?SN={serial}&options=all")
    upload = await service.client.post(f"/iclock/cdata?SN={serial}&table=ATTLOG&Stamp=9999",
                                       content=zkteco_attlog([("3001", datetime.now(UTC), 0)], TASHKENT))  # fmt: skip
    stranger = await service.client.post("/iclock/cdata?SN=UNKNOWN1&table=ATTLOG", content=b"1\t2026-11-25 08:00:00\t0")
    assert handshake.status_code == 200
    assert "TimeZone=5" in handshake.text
    assert (upload.status_code, upload.text) == (200, "OK")
    assert stranger.status_code == 404
    assert stranger.text != "OK"
    [record] = await tail.wait_for(lambda r: r.key == device["id"].encode())
    await tail.stop()
    assert json.loads(record.value)["direction"] == "in"


async def test_a_kids_watch_heartbeat_is_answered_in_its_vendor_dialect(service: DevicesService) -> None:
    watch_id = str(random.randrange(10**9, 10**10))
    await service.register(type="watch", protocol="watch", identifier=watch_id, owner_kind="child",
                           owner_id="child-x", territory_code="1726")  # fmt: skip
    reader, writer = await asyncio.open_connection("127.0.0.1", service.port("watch"))
    try:
        writer.write(f"[SG*{watch_id}*0009*LK,0,0,88]".encode())
        await writer.drain()
        reply = await asyncio.wait_for(reader.readuntil(b"]"), 10)
    finally:
        writer.close()
    assert reply == f"[SG*{watch_id}*0002*LK]".encode()
