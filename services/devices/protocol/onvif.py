"""ONVIF event notifications (WS-BaseNotification `Notify`) -> camera events: metadata only, never video.

Each `wsnt:NotificationMessage` has a `wsnt:Topic` (`tns1:RuleEngine/CellMotionDetector/Motion`,
`tns1:RuleEngine/LineDetector/Crossed`, ...) and a `tt:Message@UtcTime` with `tt:Source` and `tt:Data`
simple items. XML with a DOCTYPE or entity declarations is refused (see `safe_xml`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import CameraEvent, CameraEventKind
from services.devices.protocol.clock import parse_iso
from services.devices.protocol.results import Anomaly, DecodeResult, malformed_as_protocol_error
from services.devices.protocol.safe_xml import XmlRejected, local_name, parse_xml

PROTOCOL = "onvif"
MAX_BODY = 1 << 20
SOURCE_TOKENS = ("VideoSourceConfigurationToken", "VideoSourceToken", "Source", "InputToken")
SNAPSHOT_ITEMS = ("SnapshotUri", "Snapshot", "ImageRef")
_TRUE = ("true", "1")


Decide = Callable[[dict[str, str]], CameraEventKind | None]


def _state(name: str, on: CameraEventKind, off: CameraEventKind | None) -> Decide:
    def kind(data: dict[str, str]) -> CameraEventKind | None:
        return on if data.get(name, "").strip().lower() in _TRUE else off

    return kind


def _always(kind: CameraEventKind) -> Decide:
    return lambda _: kind


# Topic path (after the namespace prefix) -> the kind of event, given the message's data items.
TOPICS: dict[str, Decide] = {
    "RuleEngine/CellMotionDetector/Motion": _state("IsMotion", CameraEventKind.MOTION, CameraEventKind.MOTION_ENDED),
    "VideoSource/MotionAlarm": _state("State", CameraEventKind.MOTION, CameraEventKind.MOTION_ENDED),
    "RuleEngine/MotionRegionDetector/Motion": _state("State", CameraEventKind.MOTION, CameraEventKind.MOTION_ENDED),
    "RuleEngine/LineDetector/Crossed": _always(CameraEventKind.LINE_CROSSING),
    "RuleEngine/FieldDetector/ObjectsInside": _state("IsInside", CameraEventKind.INTRUSION, None),
    "RuleEngine/TamperDetector/Tamper": _state("IsTamper", CameraEventKind.TAMPER, None),
    "VideoSource/GlobalSceneChange/ImagingService": _state("State", CameraEventKind.TAMPER, None),
    "VideoSource/GlobalSceneChange/AnalyticsService": _state("State", CameraEventKind.TAMPER, None),
}


def decode_notification(
    body: bytes, *, device_id: str, received_at: datetime, snapshot_ref: str | None = None
) -> DecodeResult:
    """A pushed `Notify` (or a PullMessages response): one camera event per known topic."""
    with malformed_as_protocol_error(PROTOCOL):
        try:
            root = parse_xml(body, max_bytes=MAX_BODY)
        except XmlRejected as exc:
            raise ProtocolError(protocol=PROTOCOL, reason="bad_xml", detail=str(exc)[:120]) from exc
        messages = [element for element in root.iter() if local_name(element.tag) == "NotificationMessage"]
        if not messages:
            raise ProtocolError(protocol=PROTOCOL, reason="no_event")
        anomalies: list[Anomaly] = []
        events = []
        for message in messages:
            event = _event(message, device_id, received_at, snapshot_ref, anomalies)
            if event is not None:
                events.append(event)
        return DecodeResult(PROTOCOL, "Notify", device_id, tuple(events), b"", tuple(anomalies), body)


def _event(
    message: Element,
    device_id: str,
    received_at: datetime,
    snapshot_ref: str | None,
    anomalies: list[Anomaly],
) -> CameraEvent | None:
    topic = next((child for child in message if local_name(child.tag) == "Topic"), None)
    path = (topic.text or "").strip().rpartition(":")[2].strip("/") if topic is not None else ""
    decide = TOPICS.get(path)
    if decide is None:
        anomalies.append(Anomaly.UNKNOWN_TOPIC)
        return None
    body = next(
        (element for element in message.iter() if local_name(element.tag) == "Message" and "UtcTime" in element.attrib),
        None,
    )
    if body is None:
        raise ProtocolError(protocol=PROTOCOL, reason="no_message", detail=path)
    source = _items(body, "Source")
    data = _items(body, "Data")
    kind = decide(data)
    if kind is None:
        return None
    try:
        time = parse_iso(body.attrib["UtcTime"], UTC)
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        time = received_at
    operation = body.attrib.get("PropertyOperation")
    details = {**source, **data, "topic": path} | ({"operation": operation} if operation else {})
    return CameraEvent(
        device_id=device_id,
        kind=kind,
        time=time,
        source=next((source[name] for name in SOURCE_TOKENS if name in source), ""),
        snapshot_ref=snapshot_ref or next((data[name] for name in SNAPSHOT_ITEMS if name in data), None),
        data=details,
        received_at=received_at,
        protocol=PROTOCOL,
    )


def _items(message: Element, section: str) -> dict[str, str]:
    """The `SimpleItem Name= Value=` pairs of the message's `Source` or `Data` section."""
    for child in message:
        if local_name(child.tag) == section:
            return {
                item.attrib["Name"][:64]: item.attrib.get("Value", "")[:256]
                for item in child.iter()
                if local_name(item.tag) == "SimpleItem" and "Name" in item.attrib
            }
    return {}
