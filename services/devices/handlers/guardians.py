"""A guardian's side: proving guardianship, revoking it, linking a watch, geofences and alert settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services.devices.domain.alerts import AlertSettings
from services.devices.domain.errors import ChildNotFound, GuardianshipNotConfirmed
from services.devices.domain.geofences import Geofence, GeofenceKind, Schedule, Shape
from services.devices.domain.guardianship import (
    Child,
    Guardianship,
    GuardianshipStatus,
    ensure_own_identity,
    relation_of_caller,
)
from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.handlers.context import Context
from services.devices.handlers.notifications import TASHKENT, notification
from services.devices.handlers.registry import RegisterDevice, child_from_registry, new_id, register_device
from shared.auth import Principal, Role
from shared.auth.principal import REPUBLIC_CODE
from shared.mongo import Document


async def claim_guardianship(principal: Principal, child_pinfl: str, guardian_pinfl: str | None, ctx: Context) -> Child:
    """The civil registry must name the caller — his verified identity, not a PINFL he types — as the child's
    parent or guardian; both parents can. `guardian_pinfl`, when given, must be the caller's own."""
    caller = ensure_own_identity(principal.identity_digest, guardian_pinfl, ctx.identity_digest_of)
    record = await ctx.civil_registry.child(child_pinfl)
    if record is None:
        raise GuardianshipNotConfirmed()
    relation = relation_of_caller(caller, record.guardians, ctx.identity_digest_of)
    child = await child_from_registry(record, ctx)
    now = ctx.clock.now()
    guardianship = Guardianship(child.id, principal.subject, relation, GuardianshipStatus.VERIFIED, now)
    told = notification(
        "guardianship_verified", guardian_id=principal.subject, child_id=child.id, name=child.first_name, at=now
    )
    await ctx.children.save_guardianship(guardianship, [told])
    ctx.wake_relay()
    return child


async def guarded_child(principal: Principal, child_id: str, ctx: Context) -> Child:
    """The child, if the caller is his verified guardian; otherwise not found (existence is not disclosed)."""
    guardianship = await ctx.children.guardianship(child_id, principal.subject)
    child = await ctx.children.child(child_id) if guardianship is not None and guardianship.active else None
    if child is None:
        raise ChildNotFound()
    return child


async def revoke_guardianship(principal: Principal, child_id: str, guardian_id: str, ctx: Context) -> None:
    """A guardian gives up his own guardianship; an administrator revokes anyone's (a court decision)."""
    if guardian_id != principal.subject and Role.ADMINISTRATOR not in principal.roles:
        raise ChildNotFound()
    guardianship = await ctx.children.guardianship(child_id, guardian_id)
    if guardianship is None or not guardianship.active:
        raise ChildNotFound()
    await ctx.children.save_guardianship(guardianship.revoke(ctx.clock.now()))


async def forget_guardian(account_id: str, ctx: Context) -> int:
    """The account was deleted: each guardianship it held is revoked (the record stays, for the audit of who
    could see a child) and its alert settings go. Returns how many were revoked; a redelivery finds none."""
    revoked = 0
    for guardianship in await ctx.children.wards(account_id):
        await ctx.children.save_guardianship(guardianship.revoke(ctx.clock.now()))
        await ctx.children.forget_alert_settings(guardianship.child_id, account_id)
        revoked += 1
    return revoked


async def link_device(
    principal: Principal,
    child_id: str,
    device_type: DeviceType,
    protocol: str,
    identifier: str,
    time_zone: str,
    ctx: Context,
) -> Device:
    child = await guarded_child(principal, child_id, ctx)
    command = RegisterDevice(
        device_type,
        protocol,
        identifier,
        Owner(OwnerKind.CHILD, child.id),
        principal.mahalla_code or REPUBLIC_CODE,
        time_zone,
    )
    return await register_device(command, None, ctx)


async def add_geofence(
    principal: Principal,
    child_id: str,
    name: str,
    kind: GeofenceKind,
    shape: Shape,
    schedule: Schedule | None,
    ctx: Context,
) -> Geofence:
    child = await guarded_child(principal, child_id, ctx)
    fence = Geofence(new_id("fence"), child.id, name, kind, shape, schedule)
    await ctx.children.add_geofence(fence)
    return fence


async def alert_settings(principal: Principal, child_id: str, ctx: Context) -> AlertSettings:
    child = await guarded_child(principal, child_id, ctx)
    return await ctx.children.alert_settings(child.id, principal.subject, ctx.default_alert_settings)


async def change_alert_settings(principal: Principal, child_id: str, settings: AlertSettings, ctx: Context) -> None:
    child = await guarded_child(principal, child_id, ctx)
    await ctx.children.save_alert_settings(child.id, principal.subject, settings)


async def live_position(principal: Principal, child_id: str, ctx: Context) -> dict[str, Any] | None:
    child = await guarded_child(principal, child_id, ctx)
    return await ctx.live.position(child.id)


async def timeline_of_day(principal: Principal, child_id: str, day: date | None, ctx: Context) -> list[Document]:
    """School in/out, zone transitions and alerts of one Tashkent day (today by default), in time order."""
    child = await guarded_child(principal, child_id, ctx)
    local_day = day or ctx.clock.now().astimezone(TASHKENT).date()
    since = datetime.combine(local_day, time(0), tzinfo=TASHKENT).astimezone(UTC)
    return await ctx.monitoring.timeline(child.id, since, since + timedelta(days=1))


async def position_history(
    principal: Principal, child_id: str, since: datetime, until: datetime, ctx: Context, limit: int = 5000
) -> list[Document]:
    child = await guarded_child(principal, child_id, ctx)
    oldest = ctx.clock.now() - timedelta(days=ctx.settings.position_history_days)
    return await ctx.monitoring.positions(child.id, max(since, oldest), until, limit)


async def recent_alerts(principal: Principal, child_id: str, ctx: Context, days: int = 7) -> list[Document]:
    child = await guarded_child(principal, child_id, ctx)
    now = ctx.clock.now()
    return await ctx.monitoring.alerts(child.id, now - timedelta(days=days), now + timedelta(minutes=5))


async def wards(principal: Principal, ctx: Context) -> list[Child]:
    found = [await ctx.children.child(g.child_id) for g in await ctx.children.wards(principal.subject)]
    return [child for child in found if child is not None]
