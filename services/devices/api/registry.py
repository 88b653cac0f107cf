"""Registry routes for administrators and school operators, checked against their territorial scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from services.devices.api.schemas import (
    ChildPublic,
    DeviceCreate,
    DevicePublic,
    PupilCreate,
    SchoolCreate,
    SchoolPublic,
)
from services.devices.deps import ContextDep
from services.devices.domain.registry import Device, Owner
from services.devices.handlers import registry
from shared.auth import Principal, Role, require_roles

router = APIRouter(prefix="/v1", tags=["registry"])
Operator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR, Role.SCHOOL_OPERATOR))]
Administrator = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]


def _public(device: Device, found: registry.DeviceStatus | None = None) -> DevicePublic:
    return DevicePublic(
        id=device.id,
        type=device.type,
        protocol=device.protocol,
        identifier=device.identifier,
        owner_kind=device.owner.kind,
        owner_id=device.owner.id,
        territory_code=device.territory_code,
        time_zone=device.time_zone,
        **(
            {"status": found.presence, "last_seen": found.last_seen, "battery_percent": found.battery_percent}
            if found
            else {}
        ),
    )


@router.post("/devices", status_code=status.HTTP_201_CREATED)
async def register_device(body: DeviceCreate, principal: Operator, ctx: ContextDep) -> DevicePublic:
    command = registry.RegisterDevice(
        body.type,
        body.protocol,
        body.identifier,
        Owner(body.owner_kind, body.owner_id),
        body.territory_code,
        body.time_zone,
    )
    return _public(await registry.register_device(command, principal, ctx))


@router.get("/devices/{device_id}")
async def read_device(device_id: str, principal: Operator, ctx: ContextDep) -> DevicePublic:
    found = await registry.device_status(device_id, principal, ctx)
    return _public(found.device, found)


@router.post("/schools", status_code=status.HTTP_201_CREATED)
async def register_school(body: SchoolCreate, principal: Administrator, ctx: ContextDep) -> SchoolPublic:
    school = registry.school_from(
        school_id=body.id,
        name=body.name,
        territory_code=body.territory_code,
        classes_start=body.classes_start,
        classes_end=body.classes_end,
        weekdays=frozenset(body.weekdays),
        time_zone=body.time_zone,
    )
    await registry.register_school(school, principal, ctx)
    return SchoolPublic(**{**body.model_dump(), "id": school.id})


@router.post("/schools/{school_id}/pupils", status_code=status.HTTP_201_CREATED)
async def enrol_pupil(school_id: str, body: PupilCreate, principal: Operator, ctx: ContextDep) -> ChildPublic:
    child = await registry.enrol_pupil(school_id, body.child_pinfl, body.pass_id, principal, ctx)
    return ChildPublic(id=child.id, first_name=child.first_name, school_id=child.school_id)
