"""The device registry's rules: what a device is, which protocols serve which types, and its presence."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.devices.domain.errors import UnsupportedProtocol


class DeviceType(enum.StrEnum):
    TRACKER = "tracker"
    WATCH = "watch"
    UNIT_TRACKER = "unit_tracker"
    TURNSTILE = "turnstile"
    CAMERA = "camera"


class OwnerKind(enum.StrEnum):
    CHILD = "child"
    UNIT = "unit"
    SCHOOL = "school"


class Presence(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


POSITIONING = frozenset({DeviceType.TRACKER, DeviceType.WATCH, DeviceType.UNIT_TRACKER})
PROTOCOLS: dict[str, frozenset[DeviceType]] = {
    "gt06": POSITIONING,
    "watch": POSITIONING,
    "h02": POSITIONING,
    "osmand": POSITIONING,
    "hikvision": frozenset({DeviceType.TURNSTILE}),
    "zkteco": frozenset({DeviceType.TURNSTILE}),
    "onvif": frozenset({DeviceType.CAMERA}),
}


@dataclasses.dataclass(frozen=True)
class Owner:
    kind: OwnerKind
    id: str


@dataclasses.dataclass(frozen=True)
class Device:
    """One registered device. `identifier` is what the device says about itself (IMEI, serial, MAC)."""

    id: str
    type: DeviceType
    protocol: str
    identifier: str
    owner: Owner
    territory_code: str
    time_zone: str
    registered_at: datetime
    registered_by: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def normalise_identifier(protocol: str, identifier: str) -> str:
    """IMEIs and serials compare as digits/letters; MAC addresses without separators, lower case."""
    text = identifier.strip()
    if protocol == "hikvision":
        return text.replace(":", "").replace("-", "").lower()
    return text


def check_registration(device_type: DeviceType, protocol: str, time_zone: str) -> None:
    """Refuse a protocol that cannot serve the type and a zone that does not exist."""
    if device_type not in PROTOCOLS.get(protocol, frozenset()):
        raise UnsupportedProtocol(protocol=protocol, device_type=device_type.value)
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnsupportedProtocol(protocol=protocol, device_type=f"time zone {time_zone}") from exc
