"""`python -m services.devices.seed [--devices N]`: the sandbox schools, pupils and fleet for `make run`.

Registers the roster that `python -m sandbox.fleet` drives (same identities), so the simulated devices
are known. Idempotent: what is already registered is left as it is. No guardianship is seeded: a sandbox
guardian claims a child himself, signed in through the gateway and verified with a parent's PINFL of the
civil registry's sandbox families, so that his token carries the matching identity digest (see the README).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from datetime import time

import redis.asyncio as redis_async

from sandbox.fleet.roster import SCHOOLS, FleetDevice, roster
from services.devices import repository
from services.devices.adapters.civil_registry import SANDBOX_FAMILIES, RegistryChild, SandboxCivilRegistry
from services.devices.domain.errors import DeviceAlreadyRegistered
from services.devices.domain.registry import DeviceType, Owner, OwnerKind
from services.devices.domain.schools import School
from services.devices.handlers import registry
from services.devices.handlers.context import Context
from services.devices.repository.children import ChildrenRepository
from services.devices.repository.devices import DeviceRepository
from services.devices.repository.live import LiveStore
from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.clock import SystemClock
from shared.mongo import create_client, ensure_indexes
from shared.timers import TIMER_INDEXES, TimerStore

logger = logging.getLogger(__name__)
PROTOCOL_OF = {"watch": "gt06", "unit_tracker": "osmand", "turnstile": "hikvision"}


async def seed_fleet(fleet: list[FleetDevice], settings: DevicesSettings | None = None) -> int:
    """Register schools, the sandbox pupils and every device of `fleet`; returns how many devices were new."""
    settings = settings or DevicesSettings()
    client = create_client(settings.mongo_url, app_name="devices-seed")
    cache = redis_async.Redis.from_url(settings.redis_url)
    database = client[settings.database_name]
    try:
        await ensure_indexes(database, [*repository.INDEXES, *TIMER_INDEXES])
        clock = SystemClock()
        ctx = Context(
            settings=settings, clock=clock, devices=DeviceRepository(database), children=ChildrenRepository(database),
            monitoring=MonitoringRepository(database), live=LiveStore(cache, settings.database_name),
            timers=TimerStore(database, clock), civil_registry=SandboxCivilRegistry(latency_s=0),
            wake_relay=lambda: None,
        )  # fmt: skip
        for school_id, (name, _, _, territory) in SCHOOLS.items():
            await registry.register_school(School(school_id, name, territory, time(8, 0), time(13, 0)), None, ctx)
        watches = [device.index for device in fleet if device.kind == "watch"]
        families = dict(zip(watches, SANDBOX_FAMILIES, strict=False))  # the first watches: registry children
        return sum([await _register(device, families.get(device.index), ctx) for device in fleet])
    finally:
        await cache.aclose()
        await client.close()


async def _register(device: FleetDevice, family: RegistryChild | None, ctx: Context) -> int:
    protocol = PROTOCOL_OF[device.kind]
    if await ctx.devices.by_identifier(protocol, device.identifier) is not None:
        return 0
    territory = SCHOOLS[device.school_id][3]
    owner = Owner(OwnerKind.SCHOOL, device.school_id)
    if device.kind == "unit_tracker":
        owner = Owner(OwnerKind.UNIT, f"unit-{device.index}")
    elif device.kind == "watch" and device.pass_id is not None:
        child_id = f"sandbox-child-{device.index}"  # a pupil the sandbox registry does not know: no guardians
        if family is not None:
            child_id = (await registry.enrol_pupil(device.school_id, family.pinfl, device.pass_id, None, ctx)).id
        owner = Owner(OwnerKind.CHILD, child_id)
    command = registry.RegisterDevice(DeviceType(device.kind), protocol, device.identifier, owner, territory,
                                      "Asia/Tashkent")  # fmt: skip
    try:
        await registry.register_device(command, None, ctx)
    except DeviceAlreadyRegistered:
        return 0
    return 1


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.devices.seed", description=__doc__)
    parser.add_argument("--devices", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    added = asyncio.run(seed_fleet(roster(args.devices)))
    logger.info("devices seed: %d new devices, %d in the roster", added, args.devices)


if __name__ == "__main__":
    main()
