"""School attendance: turnstile passes and the durable "not arrived by the start of classes" timer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from services.devices.domain.attendance import AttendanceFact, SchoolDay, check_not_arrived, record_pass
from services.devices.domain.guardianship import Child
from services.devices.domain.registry import OwnerKind
from services.devices.domain.schools import School
from services.devices.domain.telemetry import Direction
from services.devices.handlers.context import Context
from services.devices.handlers.notifications import notification
from shared.events.devices import AccessPassRecordedV1, ChildAttendanceRecordedV1
from shared.events.envelope import Event

NOT_ARRIVED = "attendance.not_arrived"
SAVE_ATTEMPTS = 5


async def on_access_pass(event: AccessPassRecordedV1, ctx: Context) -> None:
    device = await ctx.devices.get(event.subject)
    if device is None or device.owner.kind is not OwnerKind.SCHOOL:
        return
    school = await ctx.children.school(device.owner.id)
    child = await ctx.children.child_by_pass(device.owner.id, event.person_id) if school else None
    if school is None or child is None:
        return
    pass_key = (
        f"{device.id}:{event.serial}" if event.serial is not None else f"{device.id}:{event.person_id}:{event.at}"
    )
    direction = Direction(event.direction)
    await _update_day(
        child,
        school,
        school.local_date(event.at),
        ctx,
        lambda day: record_pass(day, pass_key=pass_key, direction=direction, at=event.at, school=school),
    )


async def schedule_not_arrived(child: Child, school: School, ctx: Context, *, after: datetime) -> None:
    start = school.next_classes_start(after)
    day = school.local_date(start)
    due = start + timedelta(minutes=ctx.settings.not_arrived_grace_minutes)
    await ctx.timers.schedule(
        f"attendance:{child.id}:{day.isoformat()}:not_arrived",
        NOT_ARRIVED,
        due,
        {"child_id": child.id, "school_id": school.id, "date": day.isoformat()},
    )


async def on_not_arrived_timer(timer_id: str, payload: Mapping[str, Any], ctx: Context) -> None:
    child = await ctx.children.child(payload["child_id"])
    school = await ctx.children.school(payload["school_id"])
    if child is None or school is None or child.school_id != school.id:
        return  # moved to another school: that school's timers take over
    day = date.fromisoformat(payload["date"])
    window = school.classes_window(day)
    if window is not None:
        await _update_day(child, school, day, ctx, lambda current: check_not_arrived(current, at=window[0]))
        await schedule_not_arrived(child, school, ctx, after=window[0])


async def _update_day(child: Child, school: School, day: date, ctx: Context, change: Any) -> None:
    """Read the day, apply `change` (pure), write it back with its events; retried on a concurrent write."""
    for _ in range(SAVE_ATTEMPTS):
        current, version = await ctx.monitoring.school_day(child.id, school.id, day)
        updated, facts = change(current)
        if updated == current:
            return
        events = await _events(child, school, updated, facts, ctx)
        entries = [{"kind": f"school.{fact.kind.value}", "at": fact.at, "school_id": school.id} for fact in facts]
        if await ctx.monitoring.save_school_day(updated, version, events, entries):
            ctx.wake_relay()
            return
    raise RuntimeError(f"school day {child.id}:{day} kept changing under us")


async def _events(
    child: Child, school: School, day: SchoolDay, facts: list[AttendanceFact], ctx: Context
) -> list[Event]:
    guardians = await ctx.children.active_guardians(child.id)
    events: list[Event] = []
    for fact in facts:
        events.append(
            ChildAttendanceRecordedV1(
                subject=child.id,
                kind=fact.kind.value,
                school_id=school.id,
                school_date=day.day.isoformat(),
                occurred_at=fact.at,
            )
        )
        events.extend(
            notification(
                fact.kind.value,
                guardian_id=guardian.guardian_id,
                child_id=child.id,
                name=child.first_name,
                at=fact.at,
                extra={"school_id": school.id},
            )
            for guardian in guardians
        )
    return events
