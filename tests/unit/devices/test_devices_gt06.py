"""GT06: framing of a real byte stream, tolerated lies, alarms, late data and the server's replies."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import Alarm, DeviceStatus, Position, StatusKind
from services.devices.protocol import gt06
from services.devices.protocol.results import Anomaly

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
LOGIN = bytes.fromhex("78780d01012345678901234500018cdd0d0a")
TASHKENT_SCHOOL = (41.311081, 69.240562)


def packet(protocol_number: int, content: bytes = b"", serial: int = 7) -> bytes:
    """A well-formed short frame: the server's encoder builds the same layout a device sends."""
    return gt06.encode_reply(protocol_number, serial, content)


def long_packet(protocol_number: int, content: bytes = b"", serial: int = 7) -> bytes:
    body = (5 + len(content)).to_bytes(2, "big") + bytes([protocol_number]) + content + serial.to_bytes(2, "big")
    return gt06.HEADER_LONG + body + gt06.crc16_x25(body).to_bytes(2, "big") + gt06.STOP


def gps_block(
    when: datetime, lat: float, lon: float, *, speed: int = 12, course: int = 90, valid: bool = True
) -> bytes:
    flags = (course & 0x3FF) | (0x0400 if lat >= 0 else 0) | (0x0800 if lon < 0 else 0) | (0x1000 if valid else 0)
    return (
        bytes([when.year - 2000, when.month, when.day, when.hour, when.minute, when.second, 0xC9])
        + round(abs(lat) * 1_800_000).to_bytes(4, "big")
        + round(abs(lon) * 1_800_000).to_bytes(4, "big")
        + bytes([speed])
        + flags.to_bytes(2, "big")
    )


ZEROED_GPS = bytes(18)
LBS_WITH_LENGTH = (
    bytes([9]) + (434).to_bytes(2, "big") + bytes([5]) + (1234).to_bytes(2, "big") + (56789).to_bytes(3, "big")
)


def status_block(info: int = 0x44, voltage: int = 4, gsm: int = 3, alarm: int = 0x00) -> bytes:
    return bytes([info, voltage, gsm, alarm, 0x02])


def logged_in(tz: ZoneInfo | None = None) -> gt06.Gt06Session:
    session = gt06.Gt06Session(tz=tz) if tz else gt06.Gt06Session()
    session.decode(LOGIN, received_at=NOW)
    return session


def test_the_login_names_the_device_and_is_acknowledged_with_its_serial() -> None:
    session = gt06.Gt06Session()
    result = session.decode(LOGIN, received_at=NOW)
    assert result.device_id == "123456789012345" == session.device_id
    assert result.reply == bytes.fromhex("787805010001d9dc0d0a")
    assert isinstance(result.records[0], DeviceStatus)
    assert result.records[0].kind is StatusKind.LOGIN


def test_a_position_before_any_login_is_not_decoded_and_not_acknowledged() -> None:
    frame = packet(gt06.GPS, gps_block(NOW, *TASHKENT_SCHOOL))
    result = gt06.Gt06Session().decode(frame, received_at=NOW)
    assert result.records == ()
    assert result.reply is None
    assert Anomaly.NOT_LOGGED_IN in result.anomalies


def test_a_bad_crc_is_counted_but_the_position_is_kept_and_acknowledged() -> None:
    frame = bytearray(packet(gt06.GPS, gps_block(NOW, *TASHKENT_SCHOOL), serial=9))
    frame[-4] ^= 0xFF
    (cut,) = gt06.Gt06Framer().feed(bytes(frame))
    result = logged_in().decode(cut, received_at=NOW)
    assert Anomaly.CRC_MISMATCH in result.anomalies
    (position,) = result.records
    assert isinstance(position, Position)
    assert position.latitude == pytest.approx(TASHKENT_SCHOOL[0], abs=1e-6)
    assert position.longitude == pytest.approx(TASHKENT_SCHOOL[1], abs=1e-6)
    assert result.reply == gt06.encode_reply(gt06.GPS, 9)


@pytest.mark.parametrize("declared", [0x05, 0x10, 0x30, 0xFF])
def test_a_wrong_length_byte_is_tolerated_and_the_next_frame_still_arrives(declared: int) -> None:
    frame = bytearray(packet(gt06.GPS, gps_block(NOW, *TASHKENT_SCHOOL), serial=3))
    frame[2] = declared  # the CRC still covers what the device sent
    frame[-4:-2] = gt06.crc16_x25(frame[2:-4]).to_bytes(2, "big")
    heartbeat = packet(gt06.STATUS, status_block(), serial=4)
    framer = gt06.Gt06Framer()
    frames = framer.feed(bytes(frame) + heartbeat)
    assert [f.data for f in frames] == [bytes(frame), heartbeat]
    session = logged_in()
    first = session.decode(frames[0], received_at=NOW)
    assert Anomaly.LENGTH_MISMATCH in first.anomalies
    assert Anomaly.CRC_MISMATCH not in first.anomalies
    assert isinstance(first.records[0], Position)
    assert session.decode(frames[1], received_at=NOW).reply == gt06.encode_reply(gt06.STATUS, 4)


def test_a_lying_length_on_the_last_frame_is_cut_at_its_valid_crc_so_the_waiting_device_gets_its_ack() -> None:
    frame = bytearray(LOGIN)
    frame[2] = 0x40
    frame[-4:-2] = gt06.crc16_x25(frame[2:-4]).to_bytes(2, "big")
    (cut,) = gt06.Gt06Framer().feed(bytes(frame))
    result = gt06.Gt06Session().decode(cut, received_at=NOW)
    assert result.device_id == "123456789012345"
    assert result.reply == bytes.fromhex("787805010001d9dc0d0a")


def test_garbage_between_frames_is_dropped_and_reported_on_the_next_frame() -> None:
    framer = gt06.Gt06Framer()
    frames = framer.feed(b"\x00\xffGET / HTTP/1.1\r\n" + LOGIN + b"\x78junk\x79" + LOGIN)
    assert [f.data for f in frames] == [LOGIN, LOGIN]
    assert frames[0].skipped_before == 18
    assert frames[1].skipped_before == 6
    result = gt06.Gt06Session().decode(frames[1], received_at=NOW)
    assert Anomaly.GARBAGE_SKIPPED in result.anomalies


def test_a_truncated_frame_waits_for_the_rest_and_nothing_is_lost() -> None:
    framer = gt06.Gt06Framer()
    assert framer.feed(LOGIN[:7]) == []
    assert framer.buffered == 7
    (frame,) = framer.feed(LOGIN[7:])
    assert frame.data == LOGIN
    assert framer.buffered == 0


def test_the_buffer_stays_bounded_whatever_garbage_or_unclosed_headers_arrive() -> None:
    framer = gt06.Gt06Framer(max_frame=256)
    assert framer.feed(bytes(range(256)) * 400) == []
    assert framer.buffered <= 1
    assert framer.feed(b"\x78\x78\xff" + b"\x00" * 5000) == []
    assert framer.buffered <= 256
    (frame,) = framer.feed(LOGIN)
    assert frame.data == LOGIN


def test_a_frame_cut_short_inside_its_content_is_a_protocol_error_for_that_frame_only() -> None:
    truncated = packet(gt06.GPS, gps_block(NOW, *TASHKENT_SCHOOL)[:10])
    with pytest.raises(ProtocolError) as error:
        logged_in().decode(truncated, received_at=NOW)
    assert error.value.reason == "truncated"


def test_a_login_with_a_non_decimal_imei_is_refused() -> None:
    with pytest.raises(ProtocolError):
        gt06.Gt06Session().decode(packet(gt06.LOGIN, bytes.fromhex("0abcdef012345678")), received_at=NOW)


def test_an_sos_without_a_fix_is_a_position_with_its_alarm_and_the_arrival_time() -> None:
    frame = packet(gt06.ALARM, ZEROED_GPS + LBS_WITH_LENGTH + status_block(alarm=0x01), serial=11)
    result = logged_in().decode(frame, received_at=NOW)
    (position,) = result.records
    assert isinstance(position, Position)
    assert position.alarms == {Alarm.SOS}
    assert position.valid is False
    assert position.fix_time == NOW
    assert Anomaly.BAD_TIME in result.anomalies
    assert position.cells[0].mcc == 434
    assert position.cells[0].cid == 56789
    assert position.battery_percent == 66
    assert result.reply == gt06.encode_reply(gt06.ALARM, 11)


@pytest.mark.parametrize(
    ("protocol_number", "code", "alarm"),
    [
        (gt06.ALARM, 0x02, Alarm.POWER_CUT),
        (gt06.ALARM_2, 0x18, Alarm.REMOVAL),
        (gt06.ALARM_3, 0x23, Alarm.FALL),
        (gt06.ALARM, 0x06, Alarm.OVERSPEED),
        (gt06.ALARM_2, 0x19, Alarm.LOW_BATTERY),
        (gt06.ALARM, 0x03, Alarm.VIBRATION),
    ],
)
def test_alarm_packets_carry_their_alarm_on_the_position(protocol_number: int, code: int, alarm: Alarm) -> None:
    content = gps_block(NOW, *TASHKENT_SCHOOL) + LBS_WITH_LENGTH + status_block(alarm=code)
    result = logged_in().decode(packet(protocol_number, content), received_at=NOW)
    (position,) = result.records
    assert isinstance(position, Position)
    assert alarm in position.alarms
    assert position.valid


def test_an_unknown_alarm_code_is_reported_not_invented() -> None:
    content = gps_block(NOW, *TASHKENT_SCHOOL) + LBS_WITH_LENGTH + status_block(alarm=0x7E)
    result = logged_in().decode(packet(gt06.ALARM, content), received_at=NOW)
    assert result.records[0].alarms == frozenset()  # type: ignore[union-attr]
    assert Anomaly.UNKNOWN_ALARM_CODE in result.anomalies


def test_an_alarm_from_the_cell_only_status_packet_arrives_as_a_fixless_alarm() -> None:
    result = logged_in().decode(packet(gt06.LBS_STATUS, LBS_WITH_LENGTH + status_block(alarm=0x01)), received_at=NOW)
    (status,) = result.records
    assert isinstance(status, DeviceStatus)
    assert status.kind is StatusKind.ALARM_WITHOUT_FIX
    assert status.alarms == {Alarm.SOS}
    assert result.reply == gt06.encode_reply(gt06.LBS_STATUS, 7)


def test_an_sos_in_the_heartbeat_terminal_bits_is_raised() -> None:
    result = logged_in().decode(packet(gt06.STATUS, status_block(info=0x04 | (4 << 3))), received_at=NOW)
    assert result.records[0].alarms == {Alarm.SOS}  # type: ignore[union-attr]


def test_a_re_uploaded_gps_packet_is_marked_late() -> None:
    earlier = datetime(2026, 11, 25, 7, 15, 0, tzinfo=UTC)
    lbs = (434).to_bytes(2, "big") + bytes([5]) + (1234).to_bytes(2, "big") + (56789).to_bytes(3, "big")
    content = gps_block(earlier, *TASHKENT_SCHOOL) + lbs + bytes([0x01, 0x00, 0x01])
    (position,) = logged_in().decode(packet(gt06.GPS_LBS_2, content), received_at=NOW).records
    assert isinstance(position, Position)
    assert position.late
    assert position.fix_time == earlier


def test_device_local_time_is_converted_with_the_device_zone() -> None:
    local = datetime(2026, 11, 25, 13, 45, 0)
    block = gps_block(local.replace(tzinfo=UTC), *TASHKENT_SCHOOL)
    (position,) = logged_in(ZoneInfo("Asia/Tashkent")).decode(packet(gt06.GPS, block), received_at=NOW).records
    assert position.fix_time == datetime(2026, 11, 25, 8, 45, 0, tzinfo=UTC)  # type: ignore[union-attr]


def test_south_and_west_hemispheres_come_out_negative() -> None:
    (position,) = logged_in().decode(packet(gt06.GPS, gps_block(NOW, -33.86, -70.65)), received_at=NOW).records
    assert isinstance(position, Position)
    assert position.latitude == pytest.approx(-33.86)
    assert position.longitude == pytest.approx(-70.65)


def test_a_time_request_is_answered_with_the_server_utc_time_and_the_serial() -> None:
    result = logged_in().decode(packet(gt06.TIME_REQUEST, serial=0x1234), received_at=NOW)
    clock = bytes([26, 11, 25, 9, 0, 0])
    assert result.reply == gt06.encode_reply(gt06.TIME_REQUEST, 0x1234, clock)
    assert result.reply[2] == 0x0B


def test_an_unknown_message_type_is_acknowledged_and_reported() -> None:
    result = logged_in().decode(packet(0x5A, b"\x01\x02"), received_at=NOW)
    assert result.records == ()
    assert Anomaly.UNKNOWN_MESSAGE_TYPE in result.anomalies
    assert result.reply == gt06.encode_reply(0x5A, 7)


def test_a_reply_to_our_command_gets_no_acknowledgement() -> None:
    assert logged_in().decode(packet(0x81, b"OK"), received_at=NOW).reply is None


def test_the_long_79_79_form_is_framed_and_decoded() -> None:
    frame = long_packet(gt06.GPS, gps_block(NOW, *TASHKENT_SCHOOL))
    (cut,) = gt06.Gt06Framer().feed(b"\x00" + frame)
    result = logged_in().decode(cut, received_at=NOW)
    assert isinstance(result.records[0], Position)
    assert result.anomalies == (Anomaly.GARBAGE_SKIPPED,)
