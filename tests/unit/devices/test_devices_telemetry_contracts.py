"""The hand-built position record on the hot path says exactly what the `PositionReportedV1` contract says."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.domain.telemetry import Alarm, Position
from services.devices.ingest.pipeline import position_record
from shared.events.devices import PositionReportedV1
from shared.events.envelope import decode_event

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
WATCH = Device("dev-1", DeviceType.WATCH, "gt06", "359339075123456", Owner(OwnerKind.CHILD, "child-1"), "1726",
               "Asia/Tashkent", NOW, "admin")  # fmt: skip


def position(**changes: object) -> Position:
    values: dict[str, object] = {
        "device_id": "359339075123456", "fix_time": NOW - timedelta(minutes=30), "latitude": 41.311081,
        "longitude": 69.240562, "speed_kmh": 4.5, "course": 90.0, "accuracy_m": None, "altitude_m": None,
        "valid": True, "battery_percent": 66, "alarms": frozenset({Alarm.SOS, Alarm.FALL}), "late": True,
        "received_at": NOW, "protocol": "gt06",
    }  # fmt: skip
    values.update(changes)
    return Position(**values)  # type: ignore[arg-type]


def test_the_hand_built_record_validates_as_the_contract_with_the_same_fields() -> None:
    record = position_record(WATCH, position(), trusted=False, reason="invalid_fix", topic="telemetry.positions.v1")
    headers = {name: value.decode() for name, value in record.headers}
    event = decode_event(headers["ce_type"], json.loads(record.value))
    assert isinstance(event, PositionReportedV1)
    assert event.subject == "dev-1"
    assert record.key == b"dev-1"
    assert event.fix_time == NOW - timedelta(minutes=30)
    assert event.received_at == NOW
    assert event.alarms == ["fall", "sos"]
    assert event.late
    assert not event.trusted_fix
    assert event.filter_reason == "invalid_fix"
    assert event.battery_percent == 66
    assert headers == event.headers()


def test_a_record_without_optional_values_still_validates() -> None:
    plain = position(course=None, battery_percent=None, alarms=frozenset(), late=False)
    record = position_record(WATCH, plain, trusted=True, reason="ok", topic="telemetry.positions.v1")
    event = PositionReportedV1.model_validate_json(record.value)
    assert event.course is None
    assert event.alarms == []
    assert event.trusted_fix
