"""OsmAnd / Traccar Client: every timestamp form, units, the JSON body, and requests to refuse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import Alarm, DeviceStatus, Position
from services.devices.protocol import osmand
from services.devices.protocol.results import Anomaly

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
FIX = datetime(2026, 11, 25, 8, 59, 30, tzinfo=UTC)


def position_of(query: str = "", body: bytes = b"", content_type: str | None = None, **kwargs: object) -> Position:
    result = osmand.decode_request(query, body, content_type, received_at=NOW, **kwargs)  # type: ignore[arg-type]
    (position,) = result.records
    assert isinstance(position, Position)
    return position


@pytest.mark.parametrize(
    "stamp",
    [
        str(int(FIX.timestamp())),
        str(int(FIX.timestamp() * 1000)),
        "2026-11-25T08:59:30Z",
        "2026-11-25T13:59:30%2B05:00",
        "2026-11-25%2008:59:30",
    ],
)
def test_every_timestamp_form_gives_the_same_instant(stamp: str) -> None:
    assert position_of(f"id=unit-7&lat=41.3&lon=69.2&timestamp={stamp}").fix_time == FIX


def test_a_zoneless_timestamp_is_read_in_the_device_zone() -> None:
    position = position_of("id=unit-7&lat=41.3&lon=69.2&timestamp=2026-11-25T13:59:30", tz=ZoneInfo("Asia/Tashkent"))
    assert position.fix_time == FIX


@pytest.mark.parametrize("stamp", ["yesterday", "2026-13-45T00:00:00Z", "-5", "99999999999999999999999"])
def test_a_wrong_timestamp_is_refused(stamp: str) -> None:
    with pytest.raises(ProtocolError) as error:
        osmand.decode_request(f"id=unit-7&lat=41.3&lon=69.2&timestamp={stamp}", b"", None, received_at=NOW)
    assert error.value.status == 400


def test_a_missing_timestamp_takes_the_arrival_time_and_is_reported() -> None:
    result = osmand.decode_request("id=unit-7&lat=41.3&lon=69.2", b"", None, received_at=NOW)
    assert isinstance(result.records[0], Position)
    assert result.records[0].fix_time == NOW
    assert Anomaly.MISSING_TIME in result.anomalies


def test_query_speed_is_knots_by_default_and_configurable() -> None:
    assert position_of("id=u&lat=41.3&lon=69.2&speed=10").speed_kmh == pytest.approx(18.52)
    assert position_of("id=u&lat=41.3&lon=69.2&speed=10", speed_unit="kmh").speed_kmh == 10.0


def test_the_location_parameter_battery_accuracy_and_bearing_are_read() -> None:
    position = position_of(
        "deviceid=unit-7&location=41.3,69.2&batt=57&accuracy=12.5&bearing=270&altitude=455&valid=false"
    )
    assert (position.latitude, position.longitude) == (41.3, 69.2)
    assert position.battery_percent == 57
    assert position.accuracy_m == 12.5
    assert position.course == 270.0
    assert position.altitude_m == 455.0
    assert position.valid is False


def test_the_cell_parameter_is_kept() -> None:
    position = position_of("id=u&lat=41.3&lon=69.2&cell=434,5,1234,56789,-70")
    assert [(c.mcc, c.mnc, c.lac, c.cid, c.rssi) for c in position.cells] == [(434, 5, 1234, 56789, -70)]


def test_an_sos_from_the_crew_app_is_an_alarm() -> None:
    assert position_of("id=u&lat=41.3&lon=69.2&alarm=sos").alarms == {Alarm.SOS}


def test_a_post_form_body_is_read_when_the_query_is_empty() -> None:
    body = b"id=unit-7&lat=41.3&lon=69.2&timestamp=2026-11-25T08:59:30Z"
    position = position_of("", body, "application/x-www-form-urlencoded")
    assert position.device_id == "unit-7"
    assert position.fix_time == FIX


def test_a_report_without_coordinates_is_a_status_not_a_position_at_zero() -> None:
    result = osmand.decode_request("id=u&batt=12&alarm=sos", b"", None, received_at=NOW)
    (status,) = result.records
    assert isinstance(status, DeviceStatus)
    assert status.alarms == {Alarm.SOS}
    assert status.battery_percent == 12


def test_the_json_body_speed_is_metres_per_second_and_battery_a_fraction() -> None:
    document = {
        "device_id": "unit-7",
        "location": {
            "timestamp": "2026-11-25T08:59:30.000Z",
            "coords": {"latitude": 41.3, "longitude": 69.2, "speed": 10, "heading": 90, "accuracy": 8, "altitude": 450},
            "battery": {"level": 0.42, "is_charging": False},
            "extras": {"alarm": "sos"},
        },
    }
    position = position_of("", json.dumps(document).encode(), "application/json")
    assert position.speed_kmh == pytest.approx(36.0)
    assert position.battery_percent == 42
    assert position.course == 90.0
    assert position.accuracy_m == 8.0
    assert position.alarms == {Alarm.SOS}


def test_a_json_batch_of_locations_gives_one_position_each() -> None:
    location = {"timestamp": "2026-11-25T08:59:30Z", "coords": {"latitude": 41.3, "longitude": 69.2}}
    body = json.dumps({"device_id": "unit-7", "location": [location, location]}).encode()
    assert len(osmand.decode_request("", body, "application/json", received_at=NOW).records) == 2


@pytest.mark.parametrize(
    ("query", "body", "content_type"),
    [
        ("lat=41.3&lon=69.2", b"", None),
        ("id=&lat=41.3&lon=69.2", b"", None),
        ("id=u&lat=north&lon=69.2", b"", None),
        ("id=u&lat=nan&lon=69.2", b"", None),
        ("id=u&location=41.3", b"", None),
        ("", b'{"location": {"coords": {"latitude": 1, "longitude": 2}}}', "application/json"),
        ("", b'{"device_id": "u", "location": {"coords": {"latitude": "x", "longitude": 2}}}', "application/json"),
        ("", b'{"device_id": "u"}', "application/json"),
        ("", b"[1, 2]", "application/json"),
        ("", b"{not json", "application/json"),
        ("", b"[" * 100_000, "application/json"),
    ],
)
def test_requests_without_an_id_or_with_unreadable_values_are_refused(
    query: str, body: bytes, content_type: str | None
) -> None:
    with pytest.raises(ProtocolError) as error:
        osmand.decode_request(query, body, content_type, received_at=NOW)
    assert error.value.status == 400
