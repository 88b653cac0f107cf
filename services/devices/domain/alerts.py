"""Alert rules for a monitored child: what a fix or a status report means for his guardians.

Pure: the caller passes the child's state, fences, school and settings, and gets the new state and the
findings (each later becomes an alert, an event and notifications). A late alarm still alerts, marked
late; geofence rules look only at trusted fixes that move forward in fix time.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

from services.devices.domain.geofences import Geofence, GeofenceKind, Transition, transitions
from services.devices.domain.schools import School
from services.devices.domain.telemetry import Alarm

BATTERY_HYSTERESIS = 5


class AlertKind(enum.StrEnum):
    SOS = "sos"
    WATCH_REMOVED = "watch_removed"
    FALL = "fall"
    LOW_BATTERY = "low_battery"
    OFFLINE = "offline"
    GEOFENCE_EXIT_DURING_SCHOOL = "geofence_exit_during_school"
    DANGER_ZONE_ENTERED = "danger_zone_entered"


ALARM_ALERTS: dict[Alarm, AlertKind] = {
    Alarm.SOS: AlertKind.SOS,
    Alarm.REMOVAL: AlertKind.WATCH_REMOVED,
    Alarm.FALL: AlertKind.FALL,
    Alarm.LOW_BATTERY: AlertKind.LOW_BATTERY,
}
EMERGENCIES = frozenset({AlertKind.SOS, AlertKind.FALL})


@dataclasses.dataclass(frozen=True)
class AlertSettings:
    """A guardian's choices for one child; the server-side thresholds come from here."""

    low_battery_percent: int = 15
    offline_minutes: int = 30
    muted: frozenset[AlertKind] = frozenset()

    def wants(self, kind: AlertKind) -> bool:
        return kind in EMERGENCIES or kind not in self.muted  # an SOS or a fall can never be muted


@dataclasses.dataclass(frozen=True)
class ChildState:
    """What the rules remember about a child between reports."""

    inside: frozenset[str] = frozenset()
    last_fix_time: datetime | None = None
    last_seen: datetime | None = None
    low_battery_alerted: bool = False
    offline: bool = False


@dataclasses.dataclass(frozen=True)
class Report:
    """A fix or a status from the child's device, as the rules need it."""

    device_id: str
    at: datetime
    alarms: frozenset[Alarm]
    late: bool
    battery_percent: int | None
    received_at: datetime
    latitude: float | None = None
    longitude: float | None = None
    trusted_fix: bool = False


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: AlertKind
    at: datetime
    late: bool
    device_id: str
    geofence_id: str | None = None
    geofence_name: str | None = None

    @property
    def alert_id(self) -> str:
        """Deterministic, so a redelivered report raises nothing twice."""
        suffix = f":{self.geofence_id}" if self.geofence_id else ""
        return f"{self.kind.value}:{self.device_id}:{self.at.isoformat()}{suffix}"


@dataclasses.dataclass(frozen=True)
class Assessment:
    state: ChildState
    findings: tuple[Finding, ...]
    transitions: tuple[Transition, ...]  # in fix-time order: only fixes newer than the last evaluated move it


def assess(
    report: Report,
    state: ChildState,
    *,
    geofences: Iterable[Geofence],
    school: School | None,
    low_battery_percent: int,
) -> Assessment:
    findings = [
        Finding(ALARM_ALERTS[alarm], report.at, report.late, report.device_id)
        for alarm in sorted(report.alarms)
        if alarm in ALARM_ALERTS
    ]
    battery_alerted = state.low_battery_alerted
    if report.battery_percent is not None:
        if report.battery_percent <= low_battery_percent and not battery_alerted:
            if not any(finding.kind is AlertKind.LOW_BATTERY for finding in findings):
                findings.append(Finding(AlertKind.LOW_BATTERY, report.at, report.late, report.device_id))
            battery_alerted = True
        elif report.battery_percent > low_battery_percent + BATTERY_HYSTERESIS:
            battery_alerted = False
    elif any(finding.kind is AlertKind.LOW_BATTERY for finding in findings):
        battery_alerted = True
    inside, last_fix = state.inside, state.last_fix_time
    moves: list[Transition] = []
    in_order = last_fix is None or report.at > last_fix
    if report.trusted_fix and in_order and report.latitude is not None and report.longitude is not None:
        inside, moves = transitions(state.inside, geofences, report.latitude, report.longitude, report.at)
        last_fix = report.at
        for move in moves:
            kind = _transition_alert(move.geofence, move.entered, report.at, school)
            if kind is not None:
                findings.append(
                    Finding(kind, report.at, report.late, report.device_id, move.geofence.id, move.geofence.name)
                )
    last_seen = max(filter(None, (state.last_seen, report.received_at)))
    new_state = ChildState(inside, last_fix, last_seen, battery_alerted, offline=False)
    return Assessment(new_state, tuple(findings), tuple(moves))


def _transition_alert(fence: Geofence, entered: bool, at: datetime, school: School | None) -> AlertKind | None:
    if entered and fence.kind is GeofenceKind.DANGER and fence.watched_at(at):
        return AlertKind.DANGER_ZONE_ENTERED
    if entered or fence.kind not in (GeofenceKind.SCHOOL, GeofenceKind.CUSTOM):
        return None
    if fence.schedule is not None:
        return AlertKind.GEOFENCE_EXIT_DURING_SCHOOL if fence.schedule.active_at(at) else None
    if fence.kind is GeofenceKind.SCHOOL and school is not None and school.during_classes(at):
        return AlertKind.GEOFENCE_EXIT_DURING_SCHOOL
    return None


def offline_due(state: ChildState, offline_after: timedelta) -> datetime | None:
    """When the child's device counts as offline if it stays silent; None if never seen or already offline."""
    if state.last_seen is None or state.offline:
        return None
    return state.last_seen + offline_after
