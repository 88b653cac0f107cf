"""Normalised telemetry: what every protocol decoder produces, whatever the device spoke.

Units are fixed here once: times are aware UTC datetimes, speeds km/h, distances metres, battery
percent. A record never holds a raw device unit.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType


class Alarm(enum.StrEnum):
    """What a device raised; the names are stable (they travel in events)."""

    SOS = "sos"
    POWER_CUT = "power_cut"
    POWER_OFF = "power_off"
    VIBRATION = "vibration"
    OVERSPEED = "overspeed"
    LOW_BATTERY = "low_battery"
    REMOVAL = "removal"
    FALL = "fall"
    TAMPER = "tamper"
    GEOFENCE_ENTER = "geofence_enter"
    GEOFENCE_EXIT = "geofence_exit"


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class CameraEventKind(enum.StrEnum):
    MOTION = "motion"
    MOTION_ENDED = "motion_ended"
    LINE_CROSSING = "line_crossing"
    INTRUSION = "intrusion"
    TAMPER = "tamper"


class StatusKind(enum.StrEnum):
    """Why a device spoke without a position."""

    HEARTBEAT = "heartbeat"
    LOGIN = "login"
    CELL_ONLY = "cell_only"
    ALARM_WITHOUT_FIX = "alarm_without_fix"


@dataclasses.dataclass(frozen=True)
class CellTower:
    mcc: int
    mnc: int
    lac: int
    cid: int
    rssi: int | None = None


@dataclasses.dataclass(frozen=True)
class Position:
    """One fix of one device.

    `valid` is the device's own claim about its fix; `late` means the fix was collected earlier and
    uploaded now (re-upload flags, or a fix older than the late threshold, see `domain.filtering`).
    """

    device_id: str
    fix_time: datetime
    latitude: float
    longitude: float
    speed_kmh: float
    course: float | None
    accuracy_m: float | None
    altitude_m: float | None
    valid: bool
    battery_percent: int | None
    alarms: frozenset[Alarm]
    late: bool
    received_at: datetime
    satellites: int | None = None
    cells: tuple[CellTower, ...] = ()
    protocol: str = ""

    def __post_init__(self) -> None:
        _require_aware("fix_time", self.fix_time)
        _require_aware("received_at", self.received_at)

    def as_late(self) -> Position:
        """This fix marked late. Spelled out rather than `dataclasses.replace`, which costs three times as much
        on a path that can see every position of a device uploading its stored track."""
        return Position(
            self.device_id, self.fix_time, self.latitude, self.longitude, self.speed_kmh, self.course,
            self.accuracy_m, self.altitude_m, self.valid, self.battery_percent, self.alarms, True, self.received_at,
            self.satellites, self.cells, self.protocol,
        )  # fmt: skip


@dataclasses.dataclass(frozen=True)
class AccessPass:
    """A person passed a turnstile or door, in one direction."""

    device_id: str
    person_id: str
    direction: Direction
    time: datetime
    serial: int | None
    received_at: datetime
    method: str | None = None
    protocol: str = ""

    def __post_init__(self) -> None:
        _require_aware("time", self.time)
        _require_aware("received_at", self.received_at)

    @property
    def dedupe_key(self) -> tuple[str, str]:
        """Offline events are re-uploaded: the device's serial identifies one, else person and time do."""
        if self.serial is not None:
            return (self.device_id, f"serial:{self.serial}")
        return (self.device_id, f"pass:{self.person_id}:{self.time.isoformat()}")


@dataclasses.dataclass(frozen=True)
class CameraEvent:
    """Event metadata from a camera and at most a reference to a snapshot — never video."""

    device_id: str
    kind: CameraEventKind
    time: datetime
    source: str
    snapshot_ref: str | None
    data: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False)
    received_at: datetime | None = None
    protocol: str = ""

    def __post_init__(self) -> None:
        _require_aware("time", self.time)
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))


@dataclasses.dataclass(frozen=True)
class DeviceStatus:
    """A device spoke without a fix: heartbeat, login, cell-only report, or an alarm with no position.

    An alarm raised here must reach the alerting pipeline like one on a position: the pipeline pairs it
    with the device's last known position.
    """

    device_id: str
    kind: StatusKind
    time: datetime
    received_at: datetime
    battery_percent: int | None = None
    charging: bool | None = None
    signal: int | None = None
    steps: int | None = None
    alarms: frozenset[Alarm] = frozenset()
    cells: tuple[CellTower, ...] = ()
    late: bool = False
    protocol: str = ""

    def __post_init__(self) -> None:
        _require_aware("time", self.time)
        _require_aware("received_at", self.received_at)


TelemetryRecord = Position | AccessPass | CameraEvent | DeviceStatus


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is UTC:  # the common case, answered without asking the zone for an offset
        return
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
