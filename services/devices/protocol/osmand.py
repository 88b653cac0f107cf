"""OsmAnd / Traccar Client over HTTP, port 5055: query or form parameters, or the JSON body.

Query/form: `id` (or `deviceid`), `lat`, `lon` or `location=lat,lon`, `timestamp` (Unix seconds,
milliseconds when >= 2^31-1, ISO-8601 when it has a `T`, or `yyyy-MM-dd HH:mm:ss`), `speed`, `bearing`
or `heading`, `altitude`, `accuracy`, `batt`, `valid`, `cell=mcc,mnc,lac,cid[,rssi]`, `alarm`.
The query `speed` is in knots, as Traccar reads it by default (`speed_unit` changes that); the JSON
body's `coords.speed` is m/s and its `battery.level` 0..1. The HTTP reply is 200 with an empty body;
a request without an id is a ProtocolError (HTTP 400).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal
from urllib.parse import parse_qsl

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import (
    Alarm,
    CellTower,
    DeviceStatus,
    Position,
    StatusKind,
    TelemetryRecord,
)
from services.devices.protocol.clock import from_unix, parse_iso
from services.devices.protocol.results import Anomaly, DecodeResult, malformed_as_protocol_error

PROTOCOL = "osmand"
SpeedUnit = Literal["kn", "kmh", "mps", "mph"]
SPEED_TO_KMH: dict[str, float] = {"kn": 1.852, "kmh": 1.0, "mps": 3.6, "mph": 1.609344}
MAX_BODY = 1 << 20
MAX_LOCATIONS = 1000
# Traccar's alarm names, as the client app sends them in `alarm=`.
ALARM_NAMES: dict[str, Alarm] = {
    "sos": Alarm.SOS,
    "fallDown": Alarm.FALL,
    "lowBattery": Alarm.LOW_BATTERY,
    "powerCut": Alarm.POWER_CUT,
    "powerOff": Alarm.POWER_OFF,
    "vibration": Alarm.VIBRATION,
    "overspeed": Alarm.OVERSPEED,
    "removing": Alarm.REMOVAL,
    "tampering": Alarm.TAMPER,
}


def decode_request(
    query: str,
    body: bytes,
    content_type: str | None,
    *,
    received_at: datetime,
    tz: tzinfo = UTC,
    speed_unit: SpeedUnit = "kn",
) -> DecodeResult:
    """One HTTP request: the query string if it has parameters, else the JSON or form body."""
    with malformed_as_protocol_error(PROTOCOL):
        if len(body) > MAX_BODY or len(query) > MAX_BODY:
            raise ProtocolError(protocol=PROTOCOL, reason="too_large")
        raw = query.encode("utf-8", "replace") + b"\n" + body
        params = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        if params:
            return decode_params(params, received_at=received_at, tz=tz, speed_unit=speed_unit, raw=raw)
        if "json" in (content_type or "").lower() or body.lstrip()[:1] in (b"{", b"["):
            return decode_json(body, received_at=received_at, tz=tz, raw=raw)
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return decode_params(form, received_at=received_at, tz=tz, speed_unit=speed_unit, raw=raw)


def decode_params(
    params: Mapping[str, str] | Sequence[tuple[str, str]],
    *,
    received_at: datetime,
    tz: tzinfo = UTC,
    speed_unit: SpeedUnit = "kn",
    raw: bytes = b"",
) -> DecodeResult:
    """Query or form parameters as sent by the OsmAnd-style clients."""
    with malformed_as_protocol_error(PROTOCOL):
        values = dict(params.items() if isinstance(params, Mapping) else params)
        device_id = (values.get("id") or values.get("deviceid") or "").strip()
        if not device_id:
            raise ProtocolError(protocol=PROTOCOL, reason="missing_device_id")
        anomalies: list[Anomaly] = []
        fix_time = _params_time(values.get("timestamp"), received_at, tz, anomalies)
        latitude, longitude = _params_coordinates(values)
        battery = _percent(_optional(values, "batt"))
        alarm = ALARM_NAMES.get(values.get("alarm", ""))
        alarms = frozenset({alarm}) if alarm else frozenset()
        cells = _cell(values.get("cell"))
        record: TelemetryRecord
        if latitude is None or longitude is None:
            kind = StatusKind.ALARM_WITHOUT_FIX if alarms else StatusKind.HEARTBEAT
            record = DeviceStatus(
                device_id, kind, fix_time, received_at, battery, alarms=alarms, cells=cells, protocol=PROTOCOL
            )
        else:
            speed = _optional(values, "speed")
            course = _optional(values, "bearing", "heading")
            record = Position(
                device_id=device_id,
                fix_time=fix_time,
                latitude=latitude,
                longitude=longitude,
                speed_kmh=max(speed, 0.0) * SPEED_TO_KMH[speed_unit] if speed is not None else 0.0,
                course=course if course is not None and course >= 0 else None,
                accuracy_m=_optional(values, "accuracy"),
                altitude_m=_optional(values, "altitude"),
                valid=values.get("valid", "true").lower() in ("true", "1"),
                battery_percent=battery,
                alarms=alarms,
                late=False,
                received_at=received_at,
                cells=cells,
                protocol=PROTOCOL,
            )
        return DecodeResult(PROTOCOL, "query", device_id, (record,), b"", tuple(anomalies), raw)


def decode_json(
    body: bytes | Mapping[str, Any], *, received_at: datetime, tz: tzinfo = UTC, raw: bytes = b""
) -> DecodeResult:
    """The JSON form (`application/json`): one location object or a list of them under `location`."""
    with malformed_as_protocol_error(PROTOCOL):
        document = json.loads(body) if isinstance(body, bytes | bytearray) else body
        if not isinstance(document, dict):
            raise ProtocolError(protocol=PROTOCOL, reason="bad_json", detail="not an object")
        device_id = str(document.get("device_id") or document.get("id") or "").strip()
        if not device_id:
            raise ProtocolError(protocol=PROTOCOL, reason="missing_device_id")
        raw_locations = document.get("location", document.get("locations"))
        items = raw_locations if isinstance(raw_locations, list) else [raw_locations]
        locations = [item for item in items if isinstance(item, dict)]
        if not locations or len(locations) != len(items) or len(locations) > MAX_LOCATIONS:
            raise ProtocolError(protocol=PROTOCOL, reason="bad_json", detail="no location object")
        anomalies: list[Anomaly] = []
        records = tuple(_json_position(device_id, item, received_at, tz, anomalies) for item in locations)
        return DecodeResult(PROTOCOL, "json", device_id, records, b"", tuple(anomalies), raw)


def _json_position(
    device_id: str, location: dict[str, Any], received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]
) -> Position:
    coords = location.get("coords")
    if not isinstance(coords, dict):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_json", detail="no coords")
    stamp = location.get("timestamp")
    fix_time = _params_time(str(stamp) if stamp is not None else None, received_at, tz, anomalies)
    speed = _json_number(coords.get("speed"))
    heading = _json_number(coords.get("heading"))
    battery = location.get("battery")
    level = _json_number(battery.get("level")) if isinstance(battery, dict) else None
    extras = location.get("extras")
    alarm = ALARM_NAMES.get(str(extras.get("alarm", ""))) if isinstance(extras, dict) else None
    accuracy = _json_number(coords.get("accuracy"))
    return Position(
        device_id=device_id,
        fix_time=fix_time,
        latitude=_required_number(coords.get("latitude"), "latitude"),
        longitude=_required_number(coords.get("longitude"), "longitude"),
        speed_kmh=speed * 3.6 if speed is not None and speed > 0 else 0.0,
        course=heading if heading is not None and heading >= 0 else None,
        accuracy_m=accuracy if accuracy is not None and accuracy >= 0 else None,
        altitude_m=_json_number(coords.get("altitude")),
        valid=True,
        battery_percent=round(level * 100) if level is not None and 0 <= level <= 1 else None,
        alarms=frozenset({alarm}) if alarm else frozenset(),
        late=False,
        received_at=received_at,
        protocol=PROTOCOL,
    )


def _params_time(value: str | None, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> datetime:
    if value is None or not value.strip():
        anomalies.append(Anomaly.MISSING_TIME)
        return received_at
    text = value.strip()
    try:
        if text.isascii() and text.isdigit():
            return from_unix(int(text))
        if "T" in text or "t" in text:
            return parse_iso(text, tz)
        return parse_iso(text.replace(" ", "T", 1), tz)  # yyyy-MM-dd HH:mm:ss
    except ValueError as exc:
        raise ProtocolError(protocol=PROTOCOL, reason="bad_time", detail=text[:40]) from exc


def _params_coordinates(values: dict[str, str]) -> tuple[float | None, float | None]:
    if "location" in values:
        latitude, _, longitude = values["location"].partition(",")
        return _finite(latitude, "location"), _finite(longitude, "location")
    lat, lon = values.get("lat"), values.get("lon")
    if lat is None or lon is None:
        return None, None
    return _finite(lat, "lat"), _finite(lon, "lon")


def _optional(values: dict[str, str], *names: str) -> float | None:
    for name in names:
        if values.get(name, "").strip():
            return _finite(values[name], name)
    return None


def _finite(text: str, name: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ProtocolError(protocol=PROTOCOL, reason="bad_number", detail=name)
    return value


def _percent(value: float | None) -> int | None:
    return round(value) if value is not None and 0 <= value <= 100 else None


def _cell(value: str | None) -> tuple[CellTower, ...]:
    parts = (value or "").split(",")
    if len(parts) not in (4, 5) or not all(part.strip().lstrip("-").isdecimal() for part in parts):
        return ()
    numbers = [int(part) for part in parts]
    rssi = numbers[4] if len(numbers) == 5 else None
    return (CellTower(mcc=numbers[0], mnc=numbers[1], lac=numbers[2], cid=numbers[3], rssi=rssi),)


def _json_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _required_number(value: object, name: str) -> float:
    number = _json_number(value)
    if number is None:
        raise ProtocolError(protocol=PROTOCOL, reason="bad_number", detail=name)
    return number
