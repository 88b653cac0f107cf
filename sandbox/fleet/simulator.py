"""Drives the roster over the real protocols: GT06 watches walking home to school, OsmAnd unit patrols,
Hikvision turnstile pushes when a child reaches school. Bounded by `duration`; loopback only."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import math
import random
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx

from sandbox.fleet.protocols import (
    ALARM_SOS,
    gt06_alarm,
    gt06_heartbeat,
    gt06_login,
    gt06_position,
    hikvision_pass,
    osmand_query,
)
from sandbox.fleet.roster import FleetDevice, school_point

logger = logging.getLogger(__name__)
TASHKENT = ZoneInfo("Asia/Tashkent")
WALK_KMH = 4.5
PATROL_KMH = 30.0


@dataclasses.dataclass
class Targets:
    host: str = "127.0.0.1"
    service_port: int = 8005
    gt06_port: int = 5023
    osmand_port: int = 5055


@dataclasses.dataclass
class Tally:
    frames: int = 0
    acks: int = 0
    http_ok: int = 0
    http_refused: int = 0
    errors: int = 0
    arrivals: int = 0


def _towards(start: tuple[float, float], end: tuple[float, float], fraction: float) -> tuple[float, float]:
    fraction = min(max(fraction, 0.0), 1.0)
    return start[0] + (end[0] - start[0]) * fraction, start[1] + (end[1] - start[1]) * fraction


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (b[0] - a[0]) * 111_195
    dx = (b[1] - a[1]) * 111_195 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


class Fleet:
    def __init__(self, devices: list[FleetDevice], targets: Targets, *, interval_s: float, speedup: float,
                 sos_probability: float) -> None:  # fmt: skip
        self.devices = devices
        self.targets = targets
        self.interval_s = interval_s
        self.speedup = speedup  # simulated walking seconds per real second
        self.sos_probability = sos_probability
        self.tally = Tally()
        self.arrived: asyncio.Queue[FleetDevice] = asyncio.Queue()

    async def run(self, duration_s: float) -> Tally:
        stop_at = time.monotonic() + duration_s
        async with httpx.AsyncClient(timeout=10) as client:
            tasks = [asyncio.create_task(self._drive(device, client, stop_at)) for device in self.devices]
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.tally

    async def _drive(self, device: FleetDevice, client: httpx.AsyncClient, stop_at: float) -> None:
        await asyncio.sleep(random.uniform(0, min(self.interval_s, 2.0)))  # spread the connections
        try:
            if device.kind == "watch":
                await self._watch(device, stop_at)
            elif device.kind == "unit_tracker":
                await self._patrol(device, client, stop_at)
            else:
                await self._turnstile(device, client, stop_at)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, httpx.HTTPError) as error:
            self.tally.errors += 1
            logger.warning("device %s stopped: %r", device.identifier, error)

    async def _watch(self, device: FleetDevice, stop_at: float) -> None:
        reader, writer = await asyncio.open_connection(self.targets.host, self.targets.gt06_port)
        try:
            serial = 1
            await self._send(reader, writer, gt06_login(device.identifier, serial))
            school = school_point(device.school_id)
            trip_m = _distance_m(device.home, school)
            started = time.monotonic()
            at_school = False
            while time.monotonic() < stop_at:
                serial += 1
                walked_m = (time.monotonic() - started) * self.speedup * WALK_KMH / 3.6
                here = _towards(device.home, school, walked_m / trip_m)
                jitter = (random.gauss(0, 0.00003), random.gauss(0, 0.00003))
                point = (here[0] + jitter[0], here[1] + jitter[1])
                now = datetime.now(UTC)
                if random.random() < self.sos_probability:
                    packet = gt06_alarm(now, *point, ALARM_SOS, serial=serial, tz=TASHKENT)
                elif serial % 10 == 0:
                    packet = gt06_heartbeat(serial=serial)
                else:
                    packet = gt06_position(now, *point, serial=serial, speed_kmh=round(WALK_KMH), tz=TASHKENT)
                await self._send(reader, writer, packet)
                if not at_school and walked_m >= trip_m:
                    at_school = True
                    await self.arrived.put(device)
                await asyncio.sleep(self.interval_s)
        finally:
            writer.close()

    async def _send(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, packet: bytes) -> None:
        writer.write(packet)
        await writer.drain()
        self.tally.frames += 1
        await asyncio.wait_for(reader.readexactly(10), 15)
        self.tally.acks += 1

    async def _patrol(self, device: FleetDevice, client: httpx.AsyncClient, stop_at: float) -> None:
        base = f"http://{self.targets.host}:{self.targets.osmand_port}/"
        angle = random.uniform(0, 2 * math.pi)
        radius_deg = 0.01
        while time.monotonic() < stop_at:
            angle += PATROL_KMH / 3.6 * self.interval_s / (radius_deg * 111_195)
            point = (device.home[0] + radius_deg * math.cos(angle), device.home[1] + radius_deg * math.sin(angle))
            query = osmand_query(device.identifier, datetime.now(UTC), *point, speed=round(PATROL_KMH / 1.852, 1),
                                 bearing=round(math.degrees(angle) % 360), batt=90)  # fmt: skip
            self._count((await client.get(base + "?" + query)).status_code)
            await asyncio.sleep(self.interval_s)

    async def _turnstile(self, device: FleetDevice, client: httpx.AsyncClient, stop_at: float) -> None:
        url = f"http://{self.targets.host}:{self.targets.service_port}/isapi/events"
        serial = int(time.time()) % 1_000_000 * 100
        while time.monotonic() < stop_at:
            with contextlib.suppress(TimeoutError):
                child = await asyncio.wait_for(self.arrived.get(), max(0.1, min(1.0, stop_at - time.monotonic())))
                if child.school_id != device.school_id or child.pass_id is None:
                    await self.arrived.put(child)
                    await asyncio.sleep(0.05)
                    continue
                serial += 1
                body = hikvision_pass(device.identifier, child.pass_id, 1, datetime.now(TASHKENT), serial)
                response = await client.post(url, content=body, headers={"content-type": "application/json"})
                self._count(response.status_code)
                self.tally.arrivals += 1

    def _count(self, status: int) -> None:
        if status == 200:
            self.tally.http_ok += 1
        else:
            self.tally.http_refused += 1
