"""School attendance from turnstile passes: arrived, left, left during classes, not arrived by the start.

One `SchoolDay` per child and school-local date. The first entry is the arrival; every exit is a
departure, and one during classes is also reported as such. Re-uploaded passes change nothing.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime

from services.devices.domain.schools import School
from services.devices.domain.telemetry import Direction


class AttendanceKind(enum.StrEnum):
    ARRIVED = "arrived"
    LEFT = "left"
    NOT_ARRIVED = "not_arrived"
    LEFT_DURING_CLASSES = "left_during_classes"


@dataclasses.dataclass(frozen=True)
class SchoolDay:
    child_id: str
    school_id: str
    day: date
    arrived_at: datetime | None = None
    left_at: datetime | None = None
    inside: bool = False
    not_arrived_reported: bool = False
    passes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.child_id}:{self.day.isoformat()}"


@dataclasses.dataclass(frozen=True)
class AttendanceFact:
    kind: AttendanceKind
    at: datetime


def record_pass(
    current: SchoolDay, *, pass_key: str, direction: Direction, at: datetime, school: School
) -> tuple[SchoolDay, list[AttendanceFact]]:
    """Apply one turnstile pass; a pass already seen (same key) changes nothing."""
    if pass_key in current.passes:
        return current, []
    passes = (*current.passes, pass_key)
    if direction is Direction.IN:
        facts = [] if current.arrived_at is not None else [AttendanceFact(AttendanceKind.ARRIVED, at)]
        arrived = current.arrived_at if current.arrived_at is not None and current.arrived_at <= at else at
        return dataclasses.replace(current, arrived_at=arrived, inside=True, passes=passes), facts
    kind = AttendanceKind.LEFT_DURING_CLASSES if school.during_classes(at) else AttendanceKind.LEFT
    return dataclasses.replace(current, left_at=at, inside=False, passes=passes), [AttendanceFact(kind, at)]


def check_not_arrived(current: SchoolDay, *, at: datetime) -> tuple[SchoolDay, list[AttendanceFact]]:
    """At the start of classes: report a child who has not come in, once."""
    if current.arrived_at is not None or current.not_arrived_reported:
        return current, []
    return dataclasses.replace(current, not_arrived_reported=True), [AttendanceFact(AttendanceKind.NOT_ARRIVED, at)]
