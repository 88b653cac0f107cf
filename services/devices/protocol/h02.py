"""H02 protocol (text `*HQ,...#` and binary `$` forms), port 5013.

Text: `*HQ,<id>,V1,hhmmss,A|V,DDMM.MMMM,N|S,DDDMM.MMMM,E|W,speed(knots),course,ddmmyy,<status hex>#`,
`HTBT` heartbeat, `NBR` cell-only report, `LINK` watch heartbeat. Speeds are knots; status bits are
active-low (a cleared bit raises the alarm). Reply to V1: `*HQ,<id>,V4,V1,<yyyyMMddHHmmss>#`.
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

PROTOCOL = "h02"
KNOT_KMH = 1.852
BINARY_SHORT = 32
BINARY_LONG = 45
_DIGITS = re.compile(r"\d+", re.ASCII)
_HEX = re.compile(r"[0-9A-Fa-f]{1,8}", re.ASCII)
_COORDINATE_FORMS = (
    re.compile(r"-(\d+)-(\d+\.\d+)", re.ASCII),  # -DD-MM.MMMM
    # DDMM.MMMM; the degrees may be absent ("38.6508" is 0 degrees 38.6508 minutes)
    re.compile(r"(\d*)(\d\d\.\d+)", re.ASCII),
    re.compile(r"(\d+)(\d\d)(\d{4})", re.ASCII),  # DDMMmmmm without a point
)


class H02Framer(StreamFramer):
    """Cuts `*...#` text frames and fixed-size `$` binary frames from a byte stream, bounded."""

    def __init__(self, *, binary_length: int = BINARY_SHORT, max_text: int = 1024) -> None:
        if binary_length not in (BINARY_SHORT, BINARY_LONG):
            raise ValueError("binary frames are 32 or 45 bytes")
        super().__init__()
        self.binary_length = binary_length
        self.max_text = max_text

    def _next_frame(self) -> Frame | None:
        buffer = self._buffer
        while True:
            while buffer and buffer[0] in (0x0D, 0x0A):
                del buffer[:1]  # line ends after a '#' are not garbage
            marks = [index for index in (buffer.find(b"*"), buffer.find(b"$")) if index >= 0]
            if not marks:
                self._drop(len(buffer))
                return None
            self._drop(min(marks))
            if buffer[:1] == b"$":
                if len(buffer) < self.binary_length:
                    return None
                return self._cut(self.binary_length)
            end = buffer.find(b"#", 0, self.max_text)
            if end >= 0:
                return self._cut(end + 1)
            if len(buffer) < self.max_text:
                return None
            self._drop(1)  # a '*' never closed within the limit: resynchronise


def decode(frame: Frame | bytes, *, received_at: datetime, tz: tzinfo = UTC) -> DecodeResult:
    """Decode one H02 frame (text or binary); times are read in the device's zone `tz`."""
    data, skipped = (frame.data, frame.skipped_before) if isinstance(frame, Frame) else (frame, 0)
    anomalies = [Anomaly.GARBAGE_SKIPPED] if skipped else []
    with malformed_as_protocol_error(PROTOCOL):
        if data[:1] == b"$":
            return _decode_binary(data, received_at, tz, anomalies)
        return _decode_text(data, received_at, tz, anomalies)


def _decode_text(data: bytes, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> DecodeResult:
    sentence = data.decode("latin-1").strip()
    if not (sentence.startswith("*") and sentence.endswith("#")):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_frame", detail=sentence[:40])
    fields = sentence[1:-1].split(",")
    if len(fields) < 3 or not _DIGITS.fullmatch(fields[1]):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_header", detail=sentence[:40])
    maker, device_id, kind = fields[0], fields[1], fields[2]
    values = fields[3:]
    records: tuple[TelemetryRecord, ...] = ()
    reply: bytes | None = None
    if kind in ("HTBT", "V0"):
        battery = _battery_percent(values[0]) if values else None
        records = (_status(device_id, StatusKind.HEARTBEAT, received_at, received_at, battery=battery),)
        reply = f"*{maker},{device_id},{kind}#".encode("ascii", "replace")
    elif kind == "NBR":
        records = (_decode_nbr(device_id, values, received_at, tz, anomalies),)
        reply = _v4_reply(device_id, "NBR", received_at)
    elif kind == "LINK":
        records = (_decode_link(device_id, values, received_at, tz, anomalies),)
    elif kind == "V4":
        pass  # the device's answer to a command of ours
    elif kind.startswith("V"):
        records = (_decode_position(device_id, values, received_at, tz, anomalies),)
        if kind == "V1":
            reply = _v4_reply(device_id, "V1", received_at)
    else:
        anomalies.append(Anomaly.UNKNOWN_MESSAGE_TYPE)
    return DecodeResult(PROTOCOL, kind, device_id, records, reply, tuple(anomalies), data)


def _v4_reply(device_id: str, kind: str, received_at: datetime) -> bytes:
    return f"*HQ,{device_id},V4,{kind},{received_at.astimezone(UTC):%Y%m%d%H%M%S}#".encode("ascii")


def _decode_position(
    device_id: str, values: list[str], received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]
) -> Position:
    if len(values) < 8:
        raise ProtocolError(protocol=PROTOCOL, reason="truncated", detail=f"{len(values)} position fields")
    clock, validity, lat, north_south, lon, east_west, speed, course = values[:8]
    rest = values[8:]
    battery: int | None = None
    date = ""
    status_text = ""
    if rest and _is_date(rest[0]):
        date, status_text = rest[0], rest[1] if len(rest) > 1 else ""
    elif len(rest) > 1 and _is_date(rest[1]):
        battery, date, status_text = _battery_percent(rest[0]), rest[1], rest[2] if len(rest) > 2 else ""
    elif rest:
        date, status_text = rest[0], rest[1] if len(rest) > 1 else ""  # a malformed date: BAD_TIME below
    latitude = _coordinate(lat, north_south, "NS")
    longitude = _coordinate(lon, east_west, "EW")
    knots = float(speed.strip() or "0")
    if not 0 <= knots < 10_000:
        raise ProtocolError(protocol=PROTOCOL, reason="bad_speed", detail=speed)
    alarms = _alarms(status_text, anomalies)
    return Position(
        device_id=device_id,
        fix_time=_fix_time(date, clock, received_at, tz, anomalies),
        latitude=latitude,
        longitude=longitude,
        speed_kmh=knots * KNOT_KMH,
        course=float(course) if course.strip() else None,
        accuracy_m=None,
        altitude_m=None,
        valid=validity == "A",
        battery_percent=battery,
        alarms=alarms,
        late=False,
        received_at=received_at,
        protocol=PROTOCOL,
    )


def _decode_nbr(
    device_id: str, values: list[str], received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]
) -> DeviceStatus:
    # hhmmss, mcc, mnc, gsm delay, count, (lac, cid, rssi)*, ddmmyy, status
    if len(values) < 7:
        raise ProtocolError(protocol=PROTOCOL, reason="truncated", detail=f"{len(values)} NBR fields")
    mcc, mnc = int(values[1]), int(values[2])
    towers = values[5:-2]
    cells = tuple(
        CellTower(mcc, mnc, int(towers[i]), int(towers[i + 1]), int(towers[i + 2]))
        for i in range(0, len(towers) - 2, 3)
    )
    alarms = _alarms(values[-1], anomalies)
    time = _fix_time(values[-2], values[0], received_at, tz, anomalies)
    kind = StatusKind.ALARM_WITHOUT_FIX if alarms else StatusKind.CELL_ONLY
    return _status(device_id, kind, time, received_at, alarms=alarms, cells=cells)


def _decode_link(
    device_id: str, values: list[str], received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]
) -> DeviceStatus:
    # hhmmss, rssi, satellites, battery, steps, turnovers, ddmmyy, status
    if len(values) < 8:
        raise ProtocolError(protocol=PROTOCOL, reason="truncated", detail=f"{len(values)} LINK fields")
    alarms = _alarms(values[7], anomalies)
    return _status(
        device_id,
        StatusKind.ALARM_WITHOUT_FIX if alarms else StatusKind.HEARTBEAT,
        _fix_time(values[6], values[0], received_at, tz, anomalies),
        received_at,
        battery=_battery_percent(values[3]),
        signal=int(values[1]),
        steps=int(values[4]),
        alarms=alarms,
    )


def _status(
    device_id: str,
    kind: StatusKind,
    time: datetime,
    received_at: datetime,
    *,
    battery: int | None = None,
    signal: int | None = None,
    steps: int | None = None,
    alarms: frozenset[Alarm] = frozenset(),
    cells: tuple[CellTower, ...] = (),
) -> DeviceStatus:
    return DeviceStatus(
        device_id=device_id,
        kind=kind,
        time=time,
        received_at=received_at,
        battery_percent=battery,
        signal=signal,
        steps=steps,
        alarms=alarms,
        cells=cells,
        protocol=PROTOCOL,
    )


def _decode_binary(data: bytes, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> DecodeResult:
    if len(data) not in (BINARY_SHORT, BINARY_LONG):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_length", detail=f"binary frame of {len(data)}")
    long_id = len(data) == BINARY_LONG
    device_id = data[1:9].hex()[:15] if long_id else data[1:6].hex()
    if not device_id.isdigit():
        raise ProtocolError(protocol=PROTOCOL, reason="bad_header", detail=device_id)
    body = data[9:] if long_id else data[6:]
    digits = body[:10].hex() + body[11:19].hex()  # time, date, latitude | longitude, speed, course
    if not digits[:29].isdigit() or not digits[30:].isdigit():
        raise ProtocolError(protocol=PROTOCOL, reason="bad_bcd", detail=digits)
    hour, minute, second, day, month, year = (int(digits[i : i + 2]) for i in range(0, 12, 2))
    latitude = int(digits[12:14]) + int(digits[14:20]) / 10000 / 60
    longitude = int(digits[20:23]) + int(digits[23:29]) / 10000 / 60
    flags = int(digits[29], 16)
    status = int.from_bytes(body[19:23])
    try:
        fix_time = local_to_utc(2000 + year, month, day, hour, minute, second, tz)
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        fix_time = received_at
    position = Position(
        device_id=device_id,
        fix_time=fix_time,
        latitude=latitude if flags & 0x04 else -latitude,
        longitude=longitude if flags & 0x08 else -longitude,
        speed_kmh=int(digits[30:33]) * KNOT_KMH,
        course=float(int(digits[33:36])),
        accuracy_m=None,
        altitude_m=None,
        valid=bool(flags & 0x02),
        battery_percent=_battery_level(body[10]),
        alarms=_status_alarms(status),
        late=False,
        received_at=received_at,
        protocol=PROTOCOL,
    )
    return DecodeResult(PROTOCOL, "binary", device_id, (position,), None, tuple(anomalies), data)


def _is_date(text: str) -> bool:
    return len(text) == 6 and text.isascii() and text.isdigit()


def _fix_time(date: str, clock: str, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> datetime:
    if not date or not clock:
        anomalies.append(Anomaly.MISSING_TIME)
        return received_at
    if not (_is_date(date) and _is_date(clock)):
        anomalies.append(Anomaly.BAD_TIME)
        return received_at
    day, month, year = int(date[:2]), int(date[2:4]), int(date[4:])
    hour, minute, second = int(clock[:2]), int(clock[2:4]), int(clock[4:])
    try:
        return local_to_utc(2000 + year, month, day, hour, minute, second, tz)
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        return received_at


def _coordinate(text: str, hemisphere: str, hemispheres: str) -> float:
    if hemisphere not in hemispheres:
        raise ProtocolError(protocol=PROTOCOL, reason="bad_hemisphere", detail=hemisphere)
    for form in _COORDINATE_FORMS:
        match = form.fullmatch(text.strip())
        if match is None:
            continue
        degrees = int(match.group(1) or "0")
        minutes = float(match.group(2)) if len(match.groups()) == 2 else float(f"{match[2]}.{match[3]}")
        value = degrees + minutes / 60
        return -value if hemisphere == hemispheres[1] else value
    raise ProtocolError(protocol=PROTOCOL, reason="bad_coordinate", detail=text[:20])


def _alarms(status_text: str, anomalies: list[Anomaly]) -> frozenset[Alarm]:
    if not status_text:
        return frozenset()
    if not _HEX.fullmatch(status_text):
        anomalies.append(Anomaly.UNKNOWN_STATUS)
        return frozenset()
    return _status_alarms(int(status_text, 16))


def _status_alarms(status: int) -> frozenset[Alarm]:
    """Active-low status bits: a cleared bit raises its alarm."""
    alarms: set[Alarm] = set()
    if not status & (1 << 0):
        alarms.add(Alarm.VIBRATION)
    if not status & (1 << 1) or not status & (1 << 18):
        alarms.add(Alarm.SOS)
    if not status & (1 << 2):
        alarms.add(Alarm.OVERSPEED)
    if not status & (1 << 19):
        alarms.add(Alarm.POWER_CUT)
    return frozenset(alarms)


def _battery_percent(text: str) -> int | None:
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else None
    return value if value is not None and value <= 100 else None


def _battery_level(value: int) -> int | None:
    """Battery as H02 devices encode it: levels 1..6, a percentage, or 0xF1..0xF6 while charging."""
    if value == 0:
        return None
    if value <= 3:
        return (value - 1) * 10
    if value <= 6:
        return (value - 1) * 20
    if value <= 100:
        return value
    if 0xF1 <= value <= 0xF6:
        return value - 0xF0
    return None
