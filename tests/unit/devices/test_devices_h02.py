"""H02: text and binary frames, knots, active-low alarms, replies and the bad input devices send."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import Alarm, DeviceStatus, Position, StatusKind
from services.devices.protocol import h02
from services.devices.protocol.results import Anomaly

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
ALL_CLEAR = "FFFFFFFF"


def v1(status: str = ALL_CLEAR, *, date: str = "251126", clock: str = "081500", validity: str = "A") -> bytes:
    return f"*HQ,4210051415,V1,{clock},{validity},4118.6649,N,06914.4337,E,10.00,45,{date},{status}#".encode()


def only_position(frame: bytes, **kwargs: object) -> Position:
    (position,) = h02.decode(frame, received_at=NOW, **kwargs).records  # type: ignore[arg-type]
    assert isinstance(position, Position)
    return position


def binary(*, flags: int = 0xE, status: int = 0xFFFFFFFF, battery: int = 0x05, clock: str = "081500") -> bytes:
    # $ | id | hhmmss | ddmmyy | DDMMMMMM | battery | DDDMMMMMM + flags nibble | speed, course | status | reserved
    text = f"24 4210051415 {clock} 251126 41186649 {battery:02x} 069144337{flags:x} 010045 {status:08x} 000000"
    return bytes.fromhex(text)


def test_a_v1_position_is_converted_from_knots_and_minutes_and_answered_with_v4() -> None:
    result = h02.decode(v1(), received_at=NOW)
    (position,) = result.records
    assert isinstance(position, Position)
    assert position.latitude == pytest.approx(41 + 18.6649 / 60)
    assert position.longitude == pytest.approx(69 + 14.4337 / 60)
    assert position.speed_kmh == pytest.approx(18.52)
    assert position.course == 45.0
    assert position.valid
    assert position.fix_time == datetime(2026, 11, 25, 8, 15, 0, tzinfo=UTC)
    assert result.reply == b"*HQ,4210051415,V4,V1,20261125090000#"


@pytest.mark.parametrize(
    ("status", "alarm"),
    [
        ("FFFFFFFD", Alarm.SOS),  # bit 1 cleared
        ("FFFBFFFF", Alarm.SOS),  # bit 18 cleared
        ("FFFFFFFE", Alarm.VIBRATION),  # bit 0
        ("FFFFFFFB", Alarm.OVERSPEED),  # bit 2
        ("FFF7FFFF", Alarm.POWER_CUT),  # bit 19
    ],
)
def test_status_bits_are_active_low(status: str, alarm: Alarm) -> None:
    assert only_position(v1(status)).alarms == {alarm}


def test_an_all_set_status_raises_no_alarm_and_several_cleared_bits_raise_them_all() -> None:
    assert only_position(v1(ALL_CLEAR)).alarms == frozenset()
    assert only_position(v1("FFF3FFFC")).alarms == {Alarm.SOS, Alarm.VIBRATION, Alarm.POWER_CUT}


def test_an_invalid_fix_is_decoded_as_invalid() -> None:
    assert only_position(v1(validity="V")).valid is False


def test_the_device_zone_converts_local_times() -> None:
    position = only_position(v1(clock="131500"), tz=ZoneInfo("Asia/Tashkent"))
    assert position.fix_time == datetime(2026, 11, 25, 8, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("date", "anomaly"), [("", Anomaly.MISSING_TIME), ("321399", Anomaly.BAD_TIME), ("25-11-", Anomaly.BAD_TIME)]
)
def test_a_wrong_date_keeps_the_position_at_its_arrival_time(date: str, anomaly: Anomaly) -> None:
    frame = f"*HQ,4210051415,V1,081500,A,4118.6649,N,06914.4337,E,10.00,45,{date},FFFFFFFF#".encode()
    result = h02.decode(frame, received_at=NOW)
    assert isinstance(result.records[0], Position)
    assert result.records[0].fix_time == NOW
    assert anomaly in result.anomalies


def test_a_battery_field_before_the_date_is_read() -> None:
    frame = b"*HQ,4210051415,V1,081500,A,4118.6649,N,06914.4337,E,0.00,0,85,251126,FFFFFFFF#"
    position = only_position(frame)
    assert position.battery_percent == 85
    assert position.fix_time.day == 25


def test_a_heartbeat_is_echoed_and_carries_the_battery() -> None:
    result = h02.decode(b"*HQ,135790246811220,HTBT,64#", received_at=NOW)
    assert result.reply == b"*HQ,135790246811220,HTBT#"
    (status,) = result.records
    assert isinstance(status, DeviceStatus)
    assert status.battery_percent == 64


def test_a_cell_only_report_keeps_its_towers_and_its_sos() -> None:
    frame = b"*HQ,4210051415,NBR,081500,434,5,1,2,1234,56789,-61,1235,56790,-70,251126,FFFFFFFD#"
    result = h02.decode(frame, received_at=NOW)
    (status,) = result.records
    assert isinstance(status, DeviceStatus)
    assert [(c.lac, c.cid, c.rssi) for c in status.cells] == [(1234, 56789, -61), (1235, 56790, -70)]
    assert status.alarms == {Alarm.SOS}
    assert status.kind is StatusKind.ALARM_WITHOUT_FIX
    assert result.reply == b"*HQ,4210051415,V4,NBR,20261125090000#"


def test_a_link_heartbeat_carries_battery_steps_and_signal() -> None:
    (status,) = h02.decode(b"*HQ,4210051415,LINK,081500,25,7,88,1200,3,251126,FFFFFFFF#", received_at=NOW).records
    assert isinstance(status, DeviceStatus)
    assert (status.battery_percent, status.steps, status.signal) == (88, 1200, 25)


def test_an_unknown_message_type_is_reported_without_records() -> None:
    result = h02.decode(b"*HQ,4210051415,XYZ,1,2,3#", received_at=NOW)
    assert result.records == ()
    assert Anomaly.UNKNOWN_MESSAGE_TYPE in result.anomalies


@pytest.mark.parametrize(
    "frame",
    [
        b"*HQ#",
        b"*HQ,ABC,V1,081500#",
        b"*HQ,4210051415,V1,081500,A,41x8.6649,N,06914.4337,E,10.00,45,251126,FFFFFFFF#",
        b"*HQ,4210051415,V1,081500,A,4118.6649,Q,06914.4337,E,10.00,45,251126,FFFFFFFF#",
        b"*HQ,4210051415,V1,081500,A,4118.6649,N,06914.4337,E,fast,45,251126,FFFFFFFF#",
        b"*HQ,4210051415,V1,081500,A#",
        b"$\x42\x10",
    ],
)
def test_frames_that_cannot_be_parsed_are_protocol_errors(frame: bytes) -> None:
    with pytest.raises(ProtocolError):
        h02.decode(frame, received_at=NOW)


def test_the_binary_form_is_decoded_with_bcd_fields_and_flag_bits() -> None:
    result = h02.decode(binary(), received_at=NOW)
    (position,) = result.records
    assert isinstance(position, Position)
    assert result.device_id == "4210051415"
    assert result.reply is None
    assert position.latitude == pytest.approx(41 + 18.6649 / 60)
    assert position.longitude == pytest.approx(69 + 14.4337 / 60)
    assert position.valid
    assert position.fix_time == datetime(2026, 11, 25, 8, 15, 0, tzinfo=UTC)
    assert position.speed_kmh == pytest.approx(10 * 1.852)
    assert position.course == 45.0
    assert position.battery_percent == 80


def test_the_binary_form_has_active_low_alarms_and_hemisphere_flags_too() -> None:
    position = only_position(binary(flags=0x2, status=0xFFFFFFFD))
    assert position.alarms == {Alarm.SOS}
    assert position.latitude < 0
    assert position.longitude < 0


def test_the_framer_splits_text_and_binary_frames_and_skips_line_ends_and_garbage() -> None:
    framer = h02.H02Framer()
    stream = b"noise" + v1() + b"\r\n" + binary() + b"\r\n" + b"*HQ,135790246811220,HTBT,64#"
    frames = framer.feed(stream)
    assert [f.data for f in frames] == [v1(), binary(), b"*HQ,135790246811220,HTBT,64#"]
    assert frames[0].skipped_before == 5
    assert frames[1].skipped_before == 0


def test_the_framer_drops_an_unclosed_text_frame_past_its_limit() -> None:
    framer = h02.H02Framer(max_text=128)
    assert framer.feed(b"*HQ," + b"9" * 500) == []
    assert framer.buffered < 128
    (frame,) = framer.feed(v1())
    assert frame.data == v1()
