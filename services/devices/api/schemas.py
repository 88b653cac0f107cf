"""Request and response bodies: storage documents are never returned as they are."""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

from pydantic import BaseModel, Field

from services.devices.domain.alerts import AlertKind
from services.devices.domain.geofences import GeofenceKind
from services.devices.domain.registry import DeviceType, OwnerKind, Presence

Pinfl = Field(pattern=r"^\d{14}$", description="14-digit personal identification number")


class DeviceCreate(BaseModel):
    type: DeviceType
    protocol: Literal["gt06", "watch", "h02", "osmand", "hikvision", "zkteco", "onvif"]
    identifier: str = Field(min_length=3, max_length=64, description="IMEI, serial number or MAC address")
    owner_kind: OwnerKind
    owner_id: str = Field(min_length=1, max_length=64)
    territory_code: str = Field(pattern=r"^17\d{0,10}$")
    time_zone: str = "Asia/Tashkent"


class DevicePublic(BaseModel):
    id: str
    type: DeviceType
    protocol: str
    identifier: str
    owner_kind: OwnerKind
    owner_id: str
    territory_code: str
    time_zone: str
    status: Presence = Presence.UNKNOWN
    last_seen: datetime | None = None
    battery_percent: int | None = None


class SchoolCreate(BaseModel):
    id: str | None = Field(None, pattern=r"^[a-z0-9-]{3,64}$")
    name: str = Field(min_length=2, max_length=200)
    territory_code: str = Field(pattern=r"^17\d{0,10}$")
    classes_start: time = time(8, 0)
    classes_end: time = time(13, 0)
    weekdays: list[int] = Field(default=[0, 1, 2, 3, 4, 5], description="0 = Monday")
    time_zone: str = "Asia/Tashkent"


class SchoolPublic(SchoolCreate):
    id: str | None = None


class PupilCreate(BaseModel):
    child_pinfl: str = Pinfl
    pass_id: str = Field(min_length=1, max_length=64, description="The pupil's number on the turnstiles")


class ChildPublic(BaseModel):
    id: str
    first_name: str
    school_id: str | None = None


class GuardianshipClaim(BaseModel):
    child_pinfl: str = Pinfl
    guardian_pinfl: str | None = Field(
        None,
        pattern=r"^\d{14}$",
        description="Optional, kept for older clients: the caller's own PINFL (another person's is refused). "
        "The caller is matched to the civil registry by the verified identity in his token.",
    )


class LinkDevice(BaseModel):
    type: Literal["watch", "tracker"] = "watch"
    protocol: Literal["gt06", "watch", "h02", "osmand"] = "watch"
    identifier: str = Field(min_length=3, max_length=64)
    time_zone: str = "Asia/Tashkent"


class ScheduleBody(BaseModel):
    weekdays: list[int] = Field(default=[0, 1, 2, 3, 4, 5])
    start: time
    end: time
    time_zone: str = "Asia/Tashkent"


class GeofenceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    kind: GeofenceKind
    circle: tuple[float, float, float] | None = Field(None, description="[latitude, longitude, radius in metres]")
    polygon: list[tuple[float, float]] | None = Field(None, description="[[latitude, longitude], ...]")
    schedule: ScheduleBody | None = None


class GeofencePublic(BaseModel):
    id: str
    name: str
    kind: GeofenceKind
    circle: tuple[float, float, float] | None = None
    polygon: list[tuple[float, float]] | None = None
    schedule: ScheduleBody | None = None


class AlertSettingsBody(BaseModel):
    low_battery_percent: int = Field(15, ge=1, le=90)
    offline_minutes: int = Field(30, ge=5, le=24 * 60)
    muted: list[AlertKind] = Field(default_factory=list, description="SOS and falls can never be muted")


class LivePosition(BaseModel):
    device_id: str
    fix_time: datetime
    latitude: float
    longitude: float
    speed_kmh: float
    battery_percent: int | None = None
    received_at: datetime


class HistoryPoint(BaseModel):
    device_id: str
    fix_time: datetime
    latitude: float
    longitude: float
    speed_kmh: float
    late: bool
    battery_percent: int | None = None


class TimelineEntry(BaseModel):
    kind: str
    at: datetime
    name: str | None = None
    late: bool = False


class AlertPublic(BaseModel):
    id: str
    kind: AlertKind
    occurred_at: datetime
    late: bool
