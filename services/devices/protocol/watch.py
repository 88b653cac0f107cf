"""Kids' watches, the "3G" text protocol, port 5093: `[VV*<id>*LLLL*<content>]`.

VV is the vendor (SG, 3G, CS, ZJ, ...), LLLL the content length in hex — often wrong, so tolerated.
Some firmwares put a 4-hex index before the length (`[VV*id*IIII*LLLL*content]`); replies echo it.
Bytes `7D 01..05` in the content stand for `} [ ] , *`. LK and AL and TKQ get replies; UD2 is stored
data uploaded late. Watches usually send local time: pass the device's zone as `tz`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import (
    Alarm,
    CellTower,
    DeviceStatus,
    Position,
    StatusKind,
    TelemetryRecord,
)
from services.devices.protocol.clock import local_to_utc
from services.devices.protocol.framing import StreamFramer
from services.devices.protocol.results import Anomaly, DecodeResult, Frame, malformed_as_protocol_error

PROTOCOL = "watch"
ESCAPES = {0x01: ord("}"), 0x02: ord("["), 0x03: ord("]"), 0x04: ord(","), 0x05: ord("*")}
_VENDOR = re.compile(rb"[0-9A-Za-z]{2}")
_DEVICE_ID = re.compile(rb"[0-9A-Za-z]{1,32}")
_HEX4 = re.compile(rb"[0-9A-Fa-f]{4}")
_NUMBER = re.compile(r" *-?\d+(?:\.\d*)?", re.ASCII)
_STATUS = re.compile(r"[0-9A-Fa-f]{1,16}", re.ASCII)
# Status bits of UD/AL; several may be set at once.
STATUS_ALARMS: dict[int, Alarm] = {
    0: Alarm.LOW_BATTERY,
    1: Alarm.GEOFENCE_EXIT,
    2: Alarm.GEOFENCE_ENTER,
    14: Alarm.POWER_CUT,
    16: Alarm.SOS,
    17: Alarm.LOW_BATTERY,
    18: Alarm.GEOFENCE_EXIT,
    19: Alarm.GEOFENCE_ENTER,
    20: Alarm.REMOVAL,
    21: Alarm.FALL,
    22: Alarm.FALL,
}
POSITION_FIELDS = 16  # date .. status


class WatchFramer(StreamFramer):
    """Cuts `[...]` frames from a byte stream. Escaping keeps `[` and `]` out of the content, so a frame
    starts at the last `[` before its `]`; anything else is garbage. Bounded by `max_frame`."""

    def __init__(self, *, max_frame: int = 65536) -> None:
        super().__init__()
        self.max_frame = max_frame

    def _next_frame(self) -> Frame | None:
        buffer = self._buffer
        while True:
            end = buffer.find(b"]")
            if end < 0:
                start = buffer.rfind(b"[")
                self._drop(len(buffer) if start < 0 else start)
                if len(buffer) <= self.max_frame:
                    return None
                self._drop(len(buffer))  # an open frame past the limit: give it up
                return None
            start = buffer.rfind(b"[", 0, end)
            if start < 0:
                self._drop(end + 1)  # a stray ']'
                continue
            self._drop(start)
            return self._cut(end - start + 1)


def unescape(content: bytes) -> tuple[bytes, bool]:
    """Undo `7D 01..05`; returns the content and whether an unknown escape was met (kept as is)."""
    if b"}" not in content:
        return content, False
    out = bytearray()
    bad = False
    index = 0
    while index < len(content):
        byte = content[index]
        if byte == 0x7D and index + 1 < len(content) and content[index + 1] in ESCAPES:
            out.append(ESCAPES[content[index + 1]])
            index += 2
            continue
        bad = bad or byte == 0x7D
        out.append(byte)
        index += 1
    return bytes(out), bad


def encode_reply(vendor: str, device_id: str, content: str, index: str | None = None) -> bytes:
    """`[VV*id*LLLL*content]`, with the index echoed when the watch sent one."""
    middle = f"{index}*" if index is not None else ""
    return f"[{vendor}*{device_id}*{middle}{len(content):04x}*{content}]".encode("ascii")


def decode(frame: Frame | bytes, *, received_at: datetime, tz: tzinfo = UTC) -> DecodeResult:
    """Decode one `[...]` frame; times are read in the watch's zone `tz`."""
    data, skipped = (frame.data, frame.skipped_before) if isinstance(frame, Frame) else (frame, 0)
    anomalies = [Anomaly.GARBAGE_SKIPPED] if skipped else []
    with malformed_as_protocol_error(PROTOCOL):
        return _decode(data, received_at, tz, anomalies)


def _decode(data: bytes, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> DecodeResult:
    if not (data.startswith(b"[") and data.endswith(b"]")):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_frame", detail=data[:40].hex())
    parts = data[1:-1].split(b"*", 4)
    if len(parts) < 4 or not _VENDOR.fullmatch(parts[0]) or not _DEVICE_ID.fullmatch(parts[1]):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_header", detail=data[:40].hex())
    vendor, device_id = parts[0].decode("ascii"), parts[1].decode("ascii")
    index: str | None = None
    if len(parts) == 5 and _HEX4.fullmatch(parts[2]) and _HEX4.fullmatch(parts[3]):
        index, length_field, escaped = parts[2].decode("ascii"), parts[3], parts[4]
    else:
        length_field, escaped = parts[2], b"*".join(parts[3:])
    content, bad_escape = unescape(escaped)
    if bad_escape:
        anomalies.append(Anomaly.BAD_ESCAPE)
    if not _HEX4.fullmatch(length_field) or int(length_field, 16) not in (len(content), len(escaped)):
        anomalies.append(Anomaly.LENGTH_MISMATCH)
    text = content.decode("latin-1")
    kind, _, rest = text.partition(",")
    records: tuple[TelemetryRecord, ...] = ()
    reply: str | None = None
    if kind == "LK":
        reply = "LK"
        records = (_heartbeat(device_id, rest, received_at),)
    elif kind.startswith("UD") or kind.startswith("AL"):
        late = kind == "UD2"
        records = (_position(device_id, rest.split(","), received_at, tz, late, anomalies),)
        reply = "AL" if kind.startswith("AL") else None
    elif kind in ("TKQ", "TKQ2"):
        reply = kind
    elif kind == "INIT":
        reply = "INIT,1"
    else:
        anomalies.append(Anomaly.UNKNOWN_MESSAGE_TYPE)
    return DecodeResult(
        protocol=PROTOCOL,
        message_type=kind[:32],
        device_id=device_id,
        records=records,
        reply=encode_reply(vendor, device_id, reply, index) if reply is not None else None,
        anomalies=tuple(anomalies),
        raw=data,
    )


def _heartbeat(device_id: str, rest: str, received_at: datetime) -> DeviceStatus:
    values = rest.split(",") if rest else []
    steps = _small_int(values[0]) if len(values) >= 3 else None
    battery = _small_int(values[2]) if len(values) >= 3 else None
    return DeviceStatus(
        device_id=device_id,
        kind=StatusKind.HEARTBEAT,
        time=received_at,
        received_at=received_at,
        battery_percent=battery if battery is not None and battery <= 100 else None,
        steps=steps,
        protocol=PROTOCOL,
    )


def _position(
    device_id: str,
    values: list[str],
    received_at: datetime,
    tz: tzinfo,
    late: bool,
    anomalies: list[Anomaly],
) -> Position:
    if len(values) < POSITION_FIELDS:
        raise ProtocolError(protocol=PROTOCOL, reason="truncated", detail=f"{len(values)} position fields")
    date, clock, validity, lat, north_south, lon, east_west = values[:7]
    speed, course, altitude = (_number(value) for value in values[7:10])
    satellites, battery = _small_int(values[10]), _small_int(values[12])
    if validity not in ("A", "V") or north_south not in ("N", "S") or east_west not in ("E", "W", ""):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_field", detail=",".join(values[2:7])[:60])
    latitude, longitude = abs(_number(lat)), abs(_number(lon))
    status = values[15]
    if not _STATUS.fullmatch(status):
        anomalies.append(Anomaly.UNKNOWN_STATUS)
        status = "0"
    bits = int(status, 16)
    return Position(
        device_id=device_id,
        fix_time=_fix_time(date, clock, received_at, tz, anomalies),
        latitude=-latitude if north_south == "S" else latitude,
        longitude=-longitude if east_west == "W" else longitude,
        speed_kmh=speed,
        course=course,
        accuracy_m=None,
        altitude_m=altitude,
        valid=validity == "A",
        battery_percent=battery if battery is not None and battery <= 100 else None,
        alarms=frozenset(alarm for bit, alarm in STATUS_ALARMS.items() if bits >> bit & 1),
        late=late,
        received_at=received_at,
        satellites=satellites,
        cells=_cells(values[16:]),
        protocol=PROTOCOL,
    )


def _fix_time(date: str, clock: str, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> datetime:
    if not (len(date) == 6 and _digits(date) and len(clock) == 6 and _digits(clock)):
        anomalies.append(Anomaly.BAD_TIME)
        return received_at
    try:
        return local_to_utc(
            2000 + int(date[4:]), int(date[2:4]), int(date[:2]), int(clock[:2]), int(clock[2:4]), int(clock[4:]), tz
        )
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        return received_at


def _cells(values: list[str]) -> tuple[CellTower, ...]:
    """`count, timing advance, mcc, mnc, (lac, cid, rssi) * count, ...`; an unreadable block is skipped."""
    if len(values) < 4 or not all(_digits(value) for value in values[:4]):
        return ()
    count, mcc, mnc = int(values[0]), int(values[2]), int(values[3])
    towers = values[4 : 4 + 3 * min(count, 16)]
    if len(towers) < 3 * min(count, 16) or not all(_digits(value.lstrip("-")) for value in towers):
        return ()
    return tuple(
        CellTower(mcc, mnc, int(towers[i]), int(towers[i + 1]), int(towers[i + 2])) for i in range(0, len(towers), 3)
    )


def _number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_number", detail=text[:20])
    return float(text)


def _small_int(text: str) -> int | None:
    return int(text) if _digits(text) and len(text) <= 6 else None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
