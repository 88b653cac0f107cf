"""The guardian's app: claim a child, follow him (live, today, history), fences, alert settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from services.devices.api.schemas import (
    AlertPublic,
    AlertSettingsBody,
    ChildPublic,
    DevicePublic,
    GeofenceCreate,
    GeofencePublic,
    GuardianshipClaim,
    HistoryPoint,
    LinkDevice,
    LivePosition,
    ScheduleBody,
    TimelineEntry,
)
from services.devices.deps import ContextDep
from services.devices.domain.alerts import AlertSettings
from services.devices.domain.errors import ChildNotFound
from services.devices.domain.geofences import Circle, Geofence, Schedule, make_shape
from services.devices.domain.registry import DeviceType
from services.devices.handlers import guardians
from shared.auth import Principal, authenticated, require_verified

router = APIRouter(prefix="/v1", tags=["guardians"])
Caller = Annotated[Principal, Depends(authenticated)]
Verified = Annotated[Principal, Depends(require_verified)]


@router.post("/children/guardianships", status_code=status.HTTP_201_CREATED)
async def claim(body: GuardianshipClaim, principal: Verified, ctx: ContextDep) -> ChildPublic:
    child = await guardians.claim_guardianship(principal, body.child_pinfl, body.guardian_pinfl, ctx)
    return ChildPublic(id=child.id, first_name=child.first_name, school_id=child.school_id)


@router.get("/children")
async def my_children(principal: Caller, ctx: ContextDep) -> list[ChildPublic]:
    return [
        ChildPublic(id=c.id, first_name=c.first_name, school_id=c.school_id)
        for c in await guardians.wards(principal, ctx)
    ]


@router.delete("/children/{child_id}/guardians/{guardian_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke(child_id: str, guardian_id: str, principal: Caller, ctx: ContextDep) -> Response:
    await guardians.revoke_guardianship(principal, child_id, guardian_id, ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/children/{child_id}/devices", status_code=status.HTTP_201_CREATED)
async def link_device(child_id: str, body: LinkDevice, principal: Verified, ctx: ContextDep) -> DevicePublic:
    device = await guardians.link_device(
        principal, child_id, DeviceType(body.type), body.protocol, body.identifier, body.time_zone, ctx
    )
    return DevicePublic(
        id=device.id,
        type=device.type,
        protocol=device.protocol,
        identifier=device.identifier,
        owner_kind=device.owner.kind,
        owner_id=device.owner.id,
        territory_code=device.territory_code,
        time_zone=device.time_zone,
    )


def _fence_public(fence: Geofence) -> GeofencePublic:
    circle = (
        (fence.shape.latitude, fence.shape.longitude, fence.shape.radius_m) if isinstance(fence.shape, Circle) else None
    )
    polygon = None if isinstance(fence.shape, Circle) else list(fence.shape.points)
    schedule = (
        ScheduleBody(
            weekdays=sorted(fence.schedule.weekdays),
            start=fence.schedule.start,
            end=fence.schedule.end,
            time_zone=fence.schedule.time_zone,
        )
        if fence.schedule
        else None
    )
    return GeofencePublic(
        id=fence.id, name=fence.name, kind=fence.kind, circle=circle, polygon=polygon, schedule=schedule
    )


@router.post("/children/{child_id}/geofences", status_code=status.HTTP_201_CREATED)
async def add_geofence(child_id: str, body: GeofenceCreate, principal: Caller, ctx: ContextDep) -> GeofencePublic:
    shape = make_shape(circle=body.circle, polygon=body.polygon)
    schedule = (
        Schedule(frozenset(body.schedule.weekdays), body.schedule.start, body.schedule.end, body.schedule.time_zone)
        if body.schedule
        else None
    )
    return _fence_public(await guardians.add_geofence(principal, child_id, body.name, body.kind, shape, schedule, ctx))


@router.get("/children/{child_id}/geofences")
async def list_geofences(child_id: str, principal: Caller, ctx: ContextDep) -> list[GeofencePublic]:
    child = await guardians.guarded_child(principal, child_id, ctx)
    return [_fence_public(fence) for fence in await ctx.children.geofences(child.id)]


@router.delete("/children/{child_id}/geofences/{geofence_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_geofence(child_id: str, geofence_id: str, principal: Caller, ctx: ContextDep) -> Response:
    child = await guardians.guarded_child(principal, child_id, ctx)
    if not await ctx.children.delete_geofence(child.id, geofence_id):
        raise ChildNotFound()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/children/{child_id}/live")
async def live(child_id: str, principal: Caller, ctx: ContextDep) -> LivePosition | None:
    found = await guardians.live_position(principal, child_id, ctx)
    return LivePosition.model_validate(found) if found else None


@router.get("/children/{child_id}/timeline")
async def timeline(
    child_id: str, principal: Caller, ctx: ContextDep, day: Annotated[date | None, Query()] = None
) -> list[TimelineEntry]:
    return [
        TimelineEntry.model_validate(entry) for entry in await guardians.timeline_of_day(principal, child_id, day, ctx)
    ]


@router.get("/children/{child_id}/positions")
async def history(
    child_id: str,
    principal: Caller,
    ctx: ContextDep,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
) -> list[HistoryPoint]:
    end = until or ctx.clock.now()
    start = since or end - timedelta(days=1)
    found = await guardians.position_history(principal, child_id, start, end, ctx)
    return [HistoryPoint.model_validate(point) for point in found]


@router.get("/children/{child_id}/alerts")
async def alerts(child_id: str, principal: Caller, ctx: ContextDep) -> list[AlertPublic]:
    found = await guardians.recent_alerts(principal, child_id, ctx)
    return [AlertPublic(id=a["_id"], kind=a["kind"], occurred_at=a["occurred_at"], late=a["late"]) for a in found]


@router.get("/children/{child_id}/alert-settings")
async def read_alert_settings(child_id: str, principal: Caller, ctx: ContextDep) -> AlertSettingsBody:
    chosen = await guardians.alert_settings(principal, child_id, ctx)
    return AlertSettingsBody(
        low_battery_percent=chosen.low_battery_percent,
        offline_minutes=chosen.offline_minutes,
        muted=sorted(chosen.muted),
    )


@router.put("/children/{child_id}/alert-settings")
async def change_alert_settings(
    child_id: str, body: AlertSettingsBody, principal: Caller, ctx: ContextDep
) -> AlertSettingsBody:
    chosen = AlertSettings(body.low_battery_percent, body.offline_minutes, frozenset(body.muted))
    await guardians.change_alert_settings(principal, child_id, chosen, ctx)
    return body
