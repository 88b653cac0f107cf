"""Registering devices, schools and pupils (administrators and school operators, within their territory)."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime, time

from services.devices.adapters.civil_registry import RegistryChild
from services.devices.domain.errors import ChildNotFound, DeviceNotFound, SchoolNotFound
from services.devices.domain.guardianship import Child
from services.devices.domain.registry import (
    Device,
    DeviceType,
    Owner,
    Presence,
    check_registration,
    normalise_identifier,
)
from services.devices.domain.schools import School
from services.devices.handlers.attendance import schedule_not_arrived
from services.devices.handlers.context import Context
from shared.auth import Principal, ensure_in_scope


@dataclasses.dataclass(frozen=True)
class RegisterDevice:
    type: DeviceType
    protocol: str
    identifier: str
    owner: Owner
    territory_code: str
    time_zone: str


@dataclasses.dataclass(frozen=True)
class DeviceStatus:
    device: Device
    presence: Presence
    last_seen: datetime | None
    battery_percent: int | None


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


async def register_device(command: RegisterDevice, principal: Principal | None, ctx: Context) -> Device:
    """`principal` None: registered by the service itself (seed, a guardian's checked request)."""
    if principal is not None:
        ensure_in_scope(principal, command.territory_code)
    check_registration(command.type, command.protocol, command.time_zone)
    device = Device(
        id=new_id("dev"),
        type=command.type,
        protocol=command.protocol,
        identifier=normalise_identifier(command.protocol, command.identifier),
        owner=command.owner,
        territory_code=command.territory_code,
        time_zone=command.time_zone,
        registered_at=ctx.clock.now(),
        registered_by=principal.subject if principal else "system",
    )
    await ctx.devices.add(device)
    return device


async def device_status(device_id: str, principal: Principal, ctx: Context) -> DeviceStatus:
    device = await ctx.devices.get(device_id)
    if device is None or not principal.covers(device.territory_code):
        raise DeviceNotFound(device_id=device_id)
    last_seen, battery = await ctx.live.last_contact(device.id)
    presence = Presence.UNKNOWN
    if last_seen is not None:
        silent_minutes = (ctx.clock.now() - last_seen).total_seconds() / 60
        presence = Presence.ONLINE if silent_minutes < ctx.settings.default_offline_minutes else Presence.OFFLINE
    return DeviceStatus(device, presence, last_seen, battery)


async def register_school(school: School, principal: Principal | None, ctx: Context) -> School:
    if principal is not None:
        ensure_in_scope(principal, school.territory_code)
    school.next_classes_start(ctx.clock.now())  # refuses a school without school days
    await ctx.children.save_school(school)
    return school


async def enrol_pupil(
    school_id: str, child_pinfl: str, pass_id: str, principal: Principal | None, ctx: Context
) -> Child:
    """Enrol a child (known to the civil registry) at a school under his turnstile number."""
    school = await ctx.children.school(school_id)
    if school is None:
        raise SchoolNotFound(school_id=school_id)
    if principal is not None:
        ensure_in_scope(principal, school.territory_code)
    record = await ctx.civil_registry.child(child_pinfl)
    if record is None:
        raise ChildNotFound()
    child = await child_from_registry(record, ctx)
    await ctx.children.enrol(child.id, school.id, pass_id)
    child = dataclasses.replace(child, school_id=school.id, pass_id=pass_id)
    await schedule_not_arrived(child, school, ctx, after=ctx.clock.now())
    return child


async def child_from_registry(record: RegistryChild, ctx: Context) -> Child:
    return await ctx.children.add_child(Child(new_id("child"), record.first_name, ctx.pinfl_hash(record.pinfl)))


def school_from(
    *,
    school_id: str | None,
    name: str,
    territory_code: str,
    classes_start: time,
    classes_end: time,
    weekdays: frozenset[int],
    time_zone: str,
) -> School:
    return School(school_id or new_id("school"), name, territory_code, classes_start, classes_end, weekdays, time_zone)
