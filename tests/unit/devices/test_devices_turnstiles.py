"""School turnstiles: Hikvision ISAPI event pushes (JSON, XML, multipart) and ZKTeco ADMS uploads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import AccessPass, DeviceStatus, Direction
from services.devices.protocol import hikvision, zkteco
from services.devices.protocol.results import Anomaly, DecodeResult

NOW = datetime(2026, 9, 2, 3, 5, 0, tzinfo=UTC)
TASHKENT = ZoneInfo("Asia/Tashkent")
ARRIVED = datetime(2026, 9, 2, 3, 1, 2, tzinfo=UTC)  # 08:01:02 in Tashkent


def hik_alert(**event: Any) -> dict[str, Any]:
    fields = {"majorEventType": 5, "subEventType": 75, "employeeNoString": "1001", "doorNo": 1, "serialNo": 4211}
    return {
        "ipAddress": "10.20.0.15",
        "macAddress": "bc:ad:28:11:22:33",
        "dateTime": "2026-09-02T08:01:02+05:00",
        "eventType": "AccessControllerEvent",
        "AccessControllerEvent": {**fields, **event},
    }


def hik_passes(body: bytes, content_type: str, **kwargs: Any) -> tuple[list[AccessPass], DecodeResult]:
    result = hikvision.decode_event(body, content_type, received_at=NOW, **kwargs)
    passes = [record for record in result.records if isinstance(record, AccessPass)]
    return passes, result


def test_a_face_pass_through_door_one_is_an_entry() -> None:
    (access,), result = hik_passes(json.dumps(hik_alert()).encode(), "application/json")
    assert access.direction is Direction.IN
    assert access.person_id == "1001"
    assert access.time == ARRIVED
    assert access.serial == 4211
    assert access.method == "face"
    assert access.device_id == "bc:ad:28:11:22:33" == result.device_id


def test_a_card_pass_through_door_two_is_an_exit_and_the_route_device_id_wins() -> None:
    body = json.dumps(hik_alert(subEventType=1, doorNo=2, employeeNoString=None, cardNo="A1B2")).encode()
    (access,), _ = hik_passes(body, "application/json", device_id="turnstile-12")
    assert access.direction is Direction.OUT
    assert access.person_id == "A1B2"
    assert access.method == "card"
    assert access.device_id == "turnstile-12"


def test_a_re_uploaded_event_has_the_same_dedupe_key() -> None:
    body = json.dumps(hik_alert()).encode()
    (first,), _ = hik_passes(body, "application/json")
    (again,), _ = hik_passes(body, "application/json")
    assert first.dedupe_key == again.dedupe_key == ("bc:ad:28:11:22:33", "serial:4211")


@pytest.mark.parametrize(("major", "minor"), [(5, 22), (5, 9), (2, 1), (3, 75)])
def test_events_that_are_not_passes_are_ignored(major: int, minor: int) -> None:
    passes, result = hik_passes(
        json.dumps(hik_alert(majorEventType=major, subEventType=minor)).encode(), "application/json"
    )
    assert passes == []
    assert Anomaly.IGNORED_EVENT in result.anomalies


def test_a_pass_through_an_unknown_door_or_without_a_person_is_reported_not_guessed() -> None:
    passes, result = hik_passes(json.dumps(hik_alert(doorNo=3)).encode(), "application/json")
    assert passes == []
    assert Anomaly.UNKNOWN_DOOR in result.anomalies
    passes, result = hik_passes(json.dumps(hik_alert(employeeNoString="")).encode(), "application/json")
    assert passes == []
    assert Anomaly.MISSING_PERSON in result.anomalies


def test_the_xml_form_is_read_with_its_namespace() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
  <ipAddress>10.20.0.15</ipAddress><macAddress>bc:ad:28:11:22:33</macAddress>
  <dateTime>2026-09-02T08:01:02+05:00</dateTime><eventType>AccessControllerEvent</eventType>
  <AccessControllerEvent><majorEventType>5</majorEventType><subEventType>1</subEventType>
    <employeeNoString>1002</employeeNoString><doorNo>2</doorNo><serialNo>99</serialNo></AccessControllerEvent>
</EventNotificationAlert>"""
    (access,), _ = hik_passes(body, "application/xml")
    assert (access.person_id, access.direction, access.serial, access.time) == ("1002", Direction.OUT, 99, ARRIVED)


def test_the_multipart_form_with_a_picture_gives_the_pass() -> None:
    boundary = "MIME_boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="AccessControllerEvent"\r\n'
            f"Content-Type: application/json\r\n\r\n{json.dumps(hik_alert())}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="Picture"; filename="face.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"\xff\xd8\xff\xe0{<binary>\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    (access,), _ = hik_passes(body, f'multipart/form-data; boundary="{boundary}"')
    assert access.person_id == "1001"
    assert access.direction is Direction.IN


def test_a_heartbeat_is_a_device_status() -> None:
    body = json.dumps({"macAddress": "bc:ad", "dateTime": "2026-09-02T08:01:02+05:00", "eventType": "heartBeat"})
    result = hikvision.decode_event(body.encode(), "application/json", received_at=NOW)
    assert isinstance(result.records[0], DeviceStatus)


def test_a_wrong_event_time_keeps_the_pass_at_its_arrival_time() -> None:
    alert = hik_alert()
    alert["dateTime"] = "02/09/2026 08:01"
    (access,), result = hik_passes(json.dumps(alert).encode(), "application/json")
    assert access.time == NOW
    assert Anomaly.BAD_TIME in result.anomalies


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/json"),
        (b"{broken", "application/json"),
        (json.dumps({k: v for k, v in hik_alert().items() if k != "macAddress"}).encode(), "application/json"),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "application/xml"),
        (b"<a><b></a>", "application/xml"),
        (b"--x\r\n\r\n", "multipart/form-data"),
        (b"GIF89a", "image/gif"),
    ],
)
def test_bodies_that_cannot_be_used_are_protocol_errors(body: bytes, content_type: str) -> None:
    with pytest.raises(ProtocolError):
        hikvision.decode_event(body, content_type, received_at=NOW)


ZK_QUERY = "SN=3392113170057&table=ATTLOG&Stamp=1"


def test_the_zkteco_handshake_announces_real_time_push_and_the_device_zone() -> None:
    text = zkteco.handshake_reply("3392113170057", tz=TASHKENT, now=NOW).decode()
    lines = text.splitlines()
    assert lines[0] == "GET OPTION FROM: 3392113170057"
    assert "TimeZone=5" in lines
    assert "Realtime=1" in lines
    assert "ATTLOGStamp=None" in lines
    assert zkteco.is_handshake("SN=3392113170057&options=all&pushver=2.4.1")


def test_attlog_lines_in_local_time_become_passes_in_utc() -> None:
    body = b"1001\t2026-09-02 08:01:02\t0\t15\t0\n1002\t2026-09-02 14:30:00\t1\t1\t0\n"
    result = zkteco.decode_cdata(ZK_QUERY, body, tz=TASHKENT, received_at=NOW)
    first, second = result.records
    assert isinstance(first, AccessPass)
    assert isinstance(second, AccessPass)
    assert (first.person_id, first.direction, first.time, first.method) == ("1001", Direction.IN, ARRIVED, "face")
    assert second.direction is Direction.OUT
    assert second.time == datetime(2026, 9, 2, 9, 30, tzinfo=UTC)
    assert result.reply == b"OK"
    assert result.device_id == "3392113170057"


def test_bad_attlog_lines_are_skipped_and_reported_while_the_rest_is_kept() -> None:
    body = (
        b"1001\t2026-09-02 08:01:02\t0\t1\t0\r\n"
        b"garbage line\r\n"
        b"1003\t02.09.2026 08:01\t0\t1\t0\r\n"
        b"1004\t2026-02-30 08:01:02\t0\t1\t0\r\n"
        b"1005\t2026-09-02 08:01:02\t9\t1\t0\r\n"
        b"\r\n"
    )
    result = zkteco.decode_cdata(ZK_QUERY, body, tz=TASHKENT, received_at=NOW)
    assert [r.person_id for r in result.records] == ["1001"]  # type: ignore[union-attr]
    assert result.anomalies == (Anomaly.BAD_LINE, Anomaly.BAD_TIME, Anomaly.BAD_TIME, Anomaly.UNKNOWN_STATUS)


def test_other_tables_are_acknowledged_without_records() -> None:
    result = zkteco.decode_cdata(
        "SN=3392113170057&table=OPERLOG", b"OPLOG 4\t0\t2026-09-02 08:00:00", tz=TASHKENT, received_at=NOW
    )
    assert result.records == ()
    assert result.reply == b"OK"


@pytest.mark.parametrize("query", ["table=ATTLOG", "SN=&table=ATTLOG", "SN=a%20b&table=ATTLOG"])
def test_an_upload_without_a_usable_serial_number_is_refused(query: str) -> None:
    with pytest.raises(ProtocolError):
        zkteco.decode_cdata(query, b"1001\t2026-09-02 08:01:02\t0\t1\t0", tz=TASHKENT, received_at=NOW)
