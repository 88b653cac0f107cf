"""Hikvision ISAPI access-control event push: JSON, XML or multipart bodies -> access passes.

`AccessControllerEvent.{majorEventType, subEventType, employeeNoString, cardNo, doorNo, serialNo}` with
the alert's `dateTime` (ISO with offset). Major 5 is an event; minor 1 (card) and 75 (face) are passes,
everything else is ignored. On a turnstile door 1 is the entry and door 2 the exit. Offline events are
re-uploaded: `AccessPass.dedupe_key` carries (device, serialNo).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import AccessPass, DeviceStatus, Direction, StatusKind, TelemetryRecord
from services.devices.protocol.clock import parse_iso
from services.devices.protocol.results import Anomaly, DecodeResult, malformed_as_protocol_error
from services.devices.protocol.safe_xml import XmlRejected, local_name, parse_xml

PROTOCOL = "hikvision"
MAX_BODY = 4 << 20
MAJOR_EVENT = 5
PASS_METHODS = {0x01: "card", 0x4B: "face"}
DOORS: Mapping[int, Direction] = {1: Direction.IN, 2: Direction.OUT}
_EVENT_FIELDS = (
    "majorEventType",
    "subEventType",
    "employeeNoString",
    "employeeNo",
    "cardNo",
    "doorNo",
    "cardReaderNo",
    "serialNo",
    "currentVerifyMode",
)


def decode_event(
    body: bytes,
    content_type: str | None,
    *,
    received_at: datetime,
    device_id: str | None = None,
    tz: tzinfo = UTC,
    doors: Mapping[int, Direction] = DOORS,
) -> DecodeResult:
    """One pushed HTTP body. `device_id` is the registry's id for the sender when the route knows it;
    otherwise the alert's MAC address identifies the terminal. Reply 200 once the passes are stored."""
    with malformed_as_protocol_error(PROTOCOL):
        if len(body) > MAX_BODY:
            raise ProtocolError(protocol=PROTOCOL, reason="too_large")
        kind = (content_type or "").lower()
        parts = _multipart(body, content_type or "") if kind.startswith("multipart/") else [(kind, body)]
        alerts = [alert for part_type, payload in parts for alert in _alerts(part_type, payload)]
        if not alerts:
            raise ProtocolError(protocol=PROTOCOL, reason="no_event")
        anomalies: list[Anomaly] = []
        records: list[TelemetryRecord] = []
        sender: str | None = device_id
        for alert in alerts:
            sender = device_id or alert.get("macAddress") or alert.get("deviceID") or None
            if not sender:
                raise ProtocolError(protocol=PROTOCOL, reason="missing_device_id")
            record = _record(sender, alert, received_at, tz, doors, anomalies)
            if record is not None:
                records.append(record)
        message_type = str(alerts[0].get("eventType") or "unknown")[:64]
        return DecodeResult(PROTOCOL, message_type, sender, tuple(records), b"", tuple(anomalies), body)


def _record(
    device_id: str,
    alert: dict[str, str],
    received_at: datetime,
    tz: tzinfo,
    doors: Mapping[int, Direction],
    anomalies: list[Anomaly],
) -> TelemetryRecord | None:
    event_type = alert.get("eventType", "")
    time = _time(alert.get("dateTime"), received_at, tz, anomalies)
    if event_type.lower() == "heartbeat":
        return DeviceStatus(device_id, StatusKind.HEARTBEAT, time, received_at, protocol=PROTOCOL)
    major, minor = _int(alert.get("majorEventType")), _int(alert.get("subEventType"))
    if event_type != "AccessControllerEvent" or major != MAJOR_EVENT or minor not in PASS_METHODS:
        anomalies.append(Anomaly.IGNORED_EVENT)
        return None
    person = alert.get("employeeNoString") or alert.get("employeeNo") or alert.get("cardNo")
    if not person:
        anomalies.append(Anomaly.MISSING_PERSON)
        return None
    door = _int(alert.get("doorNo")) or _int(alert.get("cardReaderNo"))
    direction = doors.get(door) if door is not None else None
    if direction is None:
        anomalies.append(Anomaly.UNKNOWN_DOOR)
        return None
    return AccessPass(
        device_id=device_id,
        person_id=person[:64],
        direction=direction,
        time=time,
        serial=_int(alert.get("serialNo")),
        received_at=received_at,
        method=PASS_METHODS[minor],
        protocol=PROTOCOL,
    )


def _alerts(content_type: str, payload: bytes) -> list[dict[str, str]]:
    """The alerts of one JSON or XML document, flattened to the fields we read; other parts: none."""
    start = payload.lstrip()[:1]
    if "json" in content_type or start in (b"{", b"["):
        document = json.loads(payload)
        items = document if isinstance(document, list) else [document]
        return [_json_alert(item) for item in items if isinstance(item, dict)]
    if "xml" in content_type or start == b"<":
        try:
            root = parse_xml(payload, max_bytes=MAX_BODY)
        except XmlRejected as exc:
            raise ProtocolError(protocol=PROTOCOL, reason="bad_xml", detail=str(exc)[:120]) from exc
        return [_xml_alert(root)]
    return []  # a picture or another attachment


def _json_alert(document: dict[str, Any]) -> dict[str, str]:
    wrapped = document.get("EventNotificationAlert")
    alert = wrapped if isinstance(wrapped, dict) else document
    flat: dict[str, str] = {}
    for key, value in alert.items():
        if (text := _text(value)) is not None:
            flat[str(key)] = text
    event = alert.get("AccessControllerEvent")
    if isinstance(event, dict):
        flat.update({key: text for key in _EVENT_FIELDS if (text := _text(event.get(key))) is not None})
        flat.setdefault("eventType", "AccessControllerEvent")
    return flat


def _xml_alert(root: Any) -> dict[str, str]:
    flat: dict[str, str] = {}
    for child in root:
        if len(child) == 0 and child.text is not None:
            flat[local_name(child.tag)] = child.text.strip()
    for element in root.iter():
        if local_name(element.tag) == "AccessControllerEvent":
            flat.setdefault("eventType", "AccessControllerEvent")
            for field in element:
                name = local_name(field.tag)
                if name in _EVENT_FIELDS and field.text is not None:
                    flat[name] = field.text.strip()
            break
    return flat


def _multipart(body: bytes, content_type: str) -> list[tuple[str, bytes]]:
    boundary = ""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip().strip('"')
    if not boundary:
        raise ProtocolError(protocol=PROTOCOL, reason="bad_multipart", detail="no boundary")
    parts: list[tuple[str, bytes]] = []
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, separator, payload = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            head, separator, payload = chunk.lstrip(b"\n").partition(b"\n\n")
        part_type = ""
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-type":
                part_type = value.strip().lower()
        parts.append((part_type, payload.removesuffix(b"\r\n").removesuffix(b"\n")))
    return parts


def _time(value: str | None, received_at: datetime, tz: tzinfo, anomalies: list[Anomaly]) -> datetime:
    if not value:
        anomalies.append(Anomaly.MISSING_TIME)
        return received_at
    try:
        return parse_iso(value, tz)
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        return received_at


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    return str(value)
