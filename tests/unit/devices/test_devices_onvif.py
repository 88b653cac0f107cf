"""ONVIF camera notifications: motion and line crossing as metadata, and hostile XML refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import CameraEvent, CameraEventKind
from services.devices.protocol import onvif
from services.devices.protocol.results import Anomaly, DecodeResult

NOW = datetime(2026, 3, 1, 7, 30, 5, tzinfo=UTC)


def message(topic: str, data: str, utc_time: str = "2026-03-01T07:30:00Z") -> str:
    return f"""<wsnt:NotificationMessage>
  <wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">{topic}</wsnt:Topic>
  <wsnt:Message><tt:Message UtcTime="{utc_time}" PropertyOperation="Changed">
    <tt:Source><tt:SimpleItem Name="VideoSourceConfigurationToken" Value="VideoSource_1"/>
      <tt:SimpleItem Name="Rule" Value="SchoolGate"/></tt:Source>
    <tt:Data>{data}</tt:Data>
  </tt:Message></wsnt:Message>
</wsnt:NotificationMessage>"""


def notify(*messages: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"
  xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tns1="http://www.onvif.org/ver10/topics">
<s:Body><wsnt:Notify>{"".join(messages)}</wsnt:Notify></s:Body></s:Envelope>""".encode()


def events(body: bytes) -> tuple[list[CameraEvent], DecodeResult]:
    result = onvif.decode_notification(body, device_id="cam-gate-1", received_at=NOW)
    return [record for record in result.records if isinstance(record, CameraEvent)], result


MOTION = "tns1:RuleEngine/CellMotionDetector/Motion"


def test_motion_starts_and_ends_as_two_kinds_of_event() -> None:
    found, _ = events(
        notify(
            message(MOTION, '<tt:SimpleItem Name="IsMotion" Value="true"/>'),
            message(MOTION, '<tt:SimpleItem Name="IsMotion" Value="false"/>', "2026-03-01T07:30:04Z"),
        )
    )
    assert [event.kind for event in found] == [CameraEventKind.MOTION, CameraEventKind.MOTION_ENDED]
    first = found[0]
    assert first.time == datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    assert first.source == "VideoSource_1"
    assert first.data["Rule"] == "SchoolGate"
    assert first.snapshot_ref is None
    assert first.device_id == "cam-gate-1"


def test_a_line_crossing_keeps_its_object_and_a_snapshot_reference() -> None:
    data = '<tt:SimpleItem Name="ObjectId" Value="17"/><tt:SimpleItem Name="SnapshotUri" Value="snap/17.jpg"/>'
    (event,), _ = events(notify(message("tns1:RuleEngine/LineDetector/Crossed", data)))
    assert event.kind is CameraEventKind.LINE_CROSSING
    assert event.data["ObjectId"] == "17"
    assert event.snapshot_ref == "snap/17.jpg"


def test_the_legacy_motion_alarm_topic_and_another_prefix_are_understood() -> None:
    body = notify(message("ns9:VideoSource/MotionAlarm", '<tt:SimpleItem Name="State" Value="true"/>'))
    (event,), _ = events(body)
    assert event.kind is CameraEventKind.MOTION


def test_an_unknown_topic_is_reported_and_skipped() -> None:
    found, result = events(
        notify(message("tns1:Device/Trigger/DigitalInput", '<tt:SimpleItem Name="LogicalState" Value="true"/>'))
    )
    assert found == []
    assert Anomaly.UNKNOWN_TOPIC in result.anomalies


def test_a_wrong_utc_time_keeps_the_event_at_its_arrival_time() -> None:
    (event,), result = events(notify(message(MOTION, '<tt:SimpleItem Name="IsMotion" Value="true"/>', "01.03.2026")))
    assert event.time == NOW
    assert Anomaly.BAD_TIME in result.anomalies


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"""


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>',
        b"",
        b"<unclosed>",
        b"<Notify/>",
        notify(message(MOTION, "").replace('UtcTime="2026-03-01T07:30:00Z"', "")),
    ],
)
def test_hostile_or_unusable_xml_is_a_protocol_error(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        onvif.decode_notification(body, device_id="cam-gate-1", received_at=NOW)
