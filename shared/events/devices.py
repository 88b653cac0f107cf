"""Contracts produced by the devices service: normalised telemetry and child-monitoring facts.

Telemetry (`telemetry.*`) is keyed by the registry's device id and is read by services, not analysts.
Monitoring facts (`monitoring.alerts.v1`) are keyed by the child id and carry no personal data: opaque
ids, kinds and times — no names, PINFLs or coordinates. What a guardian is told travels separately as
`NotificationRequestedV1`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event
from shared.events.registry import MONITORING_ALERTS, TELEMETRY_ACCESS, TELEMETRY_CAMERA, TELEMETRY_POSITIONS

DeviceType = Literal["tracker", "watch", "unit_tracker", "turnstile", "camera"]


class _TelemetryEvent(Event):
    source = "/devices"

    device_type: DeviceType = Field(description="What kind of device spoke.")
    protocol: str = Field(description="The protocol it spoke (gt06, watch, h02, osmand, hikvision, zkteco, onvif).")
    received_at: datetime = Field(description="When the server received the frame, UTC.")


class PositionReportedV1(_TelemetryEvent):
    """A device's fix, normalised (subject: device id). Speeds km/h, distances metres, battery percent."""

    event_type = "uz.smartmahalla.devices.position_reported.v1"
    topic = TELEMETRY_POSITIONS.name

    fix_time: datetime = Field(description="When the device took the fix, UTC.")
    latitude: float
    longitude: float
    speed_kmh: float
    course: float | None = None
    accuracy_m: float | None = None
    altitude_m: float | None = None
    valid: bool = Field(description="The device's own claim about its fix.")
    battery_percent: int | None = None
    alarms: list[str] = Field(default_factory=list, description="Alarm names (sos, removal, fall, ...).")
    late: bool = Field(False, description="Collected earlier and uploaded now.")
    trusted_fix: bool = Field(
        True, description="False when the fix failed a filter and is kept only because it carries an alarm."
    )
    filter_reason: str = Field("ok", description="Why the fix is not trusted (invalid_fix, null_island, ...).")


class DeviceStatusReportedV1(_TelemetryEvent):
    """A device spoke without a fix: heartbeat, login, cell-only report or an alarm with no position."""

    event_type = "uz.smartmahalla.devices.status_reported.v1"
    topic = TELEMETRY_POSITIONS.name

    kind: str = Field(description="heartbeat, login, cell_only or alarm_without_fix.")
    at: datetime
    battery_percent: int | None = None
    charging: bool | None = None
    alarms: list[str] = Field(default_factory=list)
    late: bool = False


class AccessPassRecordedV1(_TelemetryEvent):
    """A person passed a turnstile (subject: the turnstile's device id)."""

    event_type = "uz.smartmahalla.devices.access_pass_recorded.v1"
    topic = TELEMETRY_ACCESS.name

    person_id: str = Field(description="The person's number on the terminal (not a name).")
    direction: Literal["in", "out"]
    at: datetime
    serial: int | None = None
    method: str | None = None


class CameraEventRecordedV1(_TelemetryEvent):
    """Camera event metadata and at most a snapshot reference — never video."""

    event_type = "uz.smartmahalla.devices.camera_event_recorded.v1"
    topic = TELEMETRY_CAMERA.name

    kind: str
    at: datetime
    source_token: str = ""
    snapshot_ref: str | None = None
    data: dict[str, str] = Field(default_factory=dict)


class _MonitoringEvent(Event):
    topic = MONITORING_ALERTS.name
    source = "/devices"


class ChildAlertRaisedV1(_MonitoringEvent):
    """An alert about a child (subject: child id): no names, no coordinates."""

    event_type = "uz.smartmahalla.devices.child_alert_raised.v1"

    alert_id: str
    kind: str = Field(
        description="sos, watch_removed, fall, low_battery, offline, geofence_exit_during_school, danger_zone_entered."
    )
    device_id: str | None = None
    occurred_at: datetime = Field(description="When it happened on the device (fix time), UTC.")
    late: bool = Field(False, description="The device reported it late (stored data uploaded later).")


class ChildAttendanceRecordedV1(_MonitoringEvent):
    """A school attendance fact (subject: child id): arrived, left, not_arrived, left_during_classes."""

    event_type = "uz.smartmahalla.devices.child_attendance_recorded.v1"

    kind: Literal["arrived", "left", "not_arrived", "left_during_classes"]
    school_id: str
    school_date: str = Field(description="The school-local date, YYYY-MM-DD.")
    occurred_at: datetime
