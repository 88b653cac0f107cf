"""Monitoring a child from his device's telemetry: history, live position, alert rules, offline timers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from services.devices.domain.alerts import AlertKind, AlertSettings, ChildState, Finding, Report, assess, offline_due
from services.devices.domain.guardianship import Child
from services.devices.domain.registry import Device, OwnerKind
from services.devices.domain.telemetry import Alarm
from services.devices.handlers.context import Context
from services.devices.handlers.notifications import notification
from shared.events.devices import ChildAlertRaisedV1, DeviceStatusReportedV1, PositionReportedV1
from shared.events.envelope import Event

OFFLINE = "monitoring.offline"


async def on_position(event: PositionReportedV1, ctx: Context) -> None:
    found = await _child_device(event.subject, event.received_at, event.battery_percent, ctx)
    if found is None:
        return
    device, child = found
    position = {
        "fix_time": event.fix_time,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "speed_kmh": event.speed_kmh,
        "course": event.course,
        "battery_percent": event.battery_percent,
        "late": event.late,
        "trusted_fix": event.trusted_fix,
        "alarms": event.alarms,
        "received_at": event.received_at,
    }
    await ctx.monitoring.add_position(child.id, device.id, position)
    if event.trusted_fix:
        await ctx.live.update_position(
            child.id,
            {
                **position,
                "fix_time": event.fix_time.isoformat(),
                "received_at": event.received_at.isoformat(),
                "device_id": device.id,
            },
        )
    report = Report(
        device.id,
        event.fix_time,
        _alarms(event.alarms),
        event.late,
        event.battery_percent,
        event.received_at,
        event.latitude,
        event.longitude,
        event.trusted_fix,
    )
    await _assess(child, report, ctx)


async def on_status(event: DeviceStatusReportedV1, ctx: Context) -> None:
    found = await _child_device(event.subject, event.received_at, event.battery_percent, ctx)
    if found is None:
        return
    device, child = found
    report = Report(device.id, event.at, _alarms(event.alarms), event.late, event.battery_percent, event.received_at)
    await _assess(child, report, ctx)


async def on_offline_timer(timer_id: str, payload: Mapping[str, Any], ctx: Context) -> None:
    child = await ctx.children.child(payload["child_id"])
    if child is None:
        return
    state = await ctx.monitoring.state(child.id)
    settings = await _settings(child, ctx)
    due = offline_due(state, timedelta(minutes=settings.offline_minutes))
    if due is None or state.last_seen is None:
        return
    if ctx.clock.now() < due:
        await _schedule_offline(child, payload["device_id"], state.last_seen, due, ctx)
        return
    finding = Finding(AlertKind.OFFLINE, state.last_seen, False, payload["device_id"])
    await _raise(child, finding, ctx)
    await ctx.monitoring.save_state(
        child.id,
        ChildState(state.inside, state.last_fix_time, state.last_seen, state.low_battery_alerted, offline=True),
    )


async def _child_device(
    device_id: str, received_at: datetime, battery: int | None, ctx: Context
) -> tuple[Device, Child] | None:
    device = await ctx.devices.get(device_id)
    if device is None:
        return None
    await ctx.live.seen(device.id, received_at, battery)
    if device.owner.kind is not OwnerKind.CHILD:
        return None
    child = await ctx.children.child(device.owner.id)
    return (device, child) if child is not None else None


async def _assess(child: Child, report: Report, ctx: Context) -> None:
    state = await ctx.monitoring.state(child.id)
    settings = await _settings(child, ctx)
    school = await ctx.children.school(child.school_id) if child.school_id else None
    assessment = assess(
        report,
        state,
        geofences=await ctx.children.geofences(child.id),
        school=school,
        low_battery_percent=settings.low_battery_percent,
    )
    for finding in assessment.findings:
        await _raise(child, finding, ctx)
    await ctx.monitoring.add_timeline(
        [
            {
                "_id": f"{child.id}:{move.geofence.id}:{move.at.isoformat()}",
                "child_id": child.id,
                "kind": f"zone.{'entered' if move.entered else 'left'}",
                "at": move.at,
                "geofence_id": move.geofence.id,
                "geofence_kind": move.geofence.kind.value,
                "name": move.geofence.name,
            }
            for move in assessment.transitions
        ]
    )
    await ctx.monitoring.save_state(child.id, assessment.state)
    if (state.last_seen is None or state.offline) and assessment.state.last_seen is not None:
        due = assessment.state.last_seen + timedelta(minutes=settings.offline_minutes)
        await _schedule_offline(child, report.device_id, assessment.state.last_seen, due, ctx)


async def _schedule_offline(child: Child, device_id: str, last_seen: datetime, due: datetime, ctx: Context) -> None:
    await ctx.timers.schedule(
        f"offline:{child.id}:{last_seen.isoformat()}", OFFLINE, due, {"child_id": child.id, "device_id": device_id}
    )


async def _settings(child: Child, ctx: Context) -> AlertSettings:
    """The most cautious of the guardians' thresholds decides when the child's alert is raised."""
    guardians = await ctx.children.active_guardians(child.id)
    chosen = [await ctx.children.alert_settings(child.id, g.guardian_id, ctx.default_alert_settings) for g in guardians]
    if not chosen:
        return ctx.default_alert_settings
    return AlertSettings(
        low_battery_percent=max(settings.low_battery_percent for settings in chosen),
        offline_minutes=min(settings.offline_minutes for settings in chosen),
    )


async def _raise(child: Child, finding: Finding, ctx: Context) -> None:
    """One alert: stored with its event and a notification per guardian who wants it, all through the outbox."""
    events: list[Event] = [
        ChildAlertRaisedV1(
            subject=child.id,
            alert_id=finding.alert_id,
            kind=finding.kind.value,
            device_id=finding.device_id,
            occurred_at=finding.at,
            late=finding.late,
        )
    ]
    for guardian in await ctx.children.active_guardians(child.id):
        settings = await ctx.children.alert_settings(child.id, guardian.guardian_id, ctx.default_alert_settings)
        if settings.wants(finding.kind):
            events.append(
                notification(
                    finding.kind.value,
                    guardian_id=guardian.guardian_id,
                    child_id=child.id,
                    name=child.first_name,
                    at=finding.at,
                    late=finding.late,
                    zone=finding.geofence_name or "",
                    extra={"alert_id": finding.alert_id},
                )
            )
    if await ctx.monitoring.raise_alert(child.id, finding, ctx.clock.now(), events):
        await ctx.monitoring.add_timeline(
            [
                {
                    "_id": f"alert:{finding.alert_id}",
                    "child_id": child.id,
                    "kind": f"alert.{finding.kind.value}",
                    "at": finding.at,
                    "late": finding.late,
                }
            ]
        )
        ctx.wake_relay()


def _alarms(names: list[str]) -> frozenset[Alarm]:
    return frozenset(Alarm(name) for name in names if name in Alarm._value2member_map_)
