"""Kids' watches ("3G" protocol): alarms and their replies, late uploads, escapes, vendors, lying lengths."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import Alarm, DeviceStatus, Position
from services.devices.protocol import watch
from services.devices.protocol.results import Anomaly, DecodeResult

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
BODY = "251126,081500,A,41.311081,N,69.240562,E,3.5,120.0,450,9,80,76,2300,1,{status},1,1,434,5,1234,56789,-61"


def framed(content: str, vendor: str = "3G", device_id: str = "8800000015", length: int | None = None) -> bytes:
    size = len(content.encode("latin-1")) if length is None else length
    return f"[{vendor}*{device_id}*{size:04X}*{content}]".encode("latin-1")


def decode(frame: bytes, **kwargs: object) -> tuple[Position, DecodeResult]:
    result = watch.decode(frame, received_at=NOW, **kwargs)  # type: ignore[arg-type]
    (position,) = result.records
    assert isinstance(position, Position)
    return position, result


def test_an_sos_alarm_is_decoded_and_answered() -> None:
    position, result = decode(framed("AL," + BODY.format(status="00010000")))
    assert position.alarms == {Alarm.SOS}
    assert result.reply == b"[3G*8800000015*0002*AL]"
    assert position.latitude == 41.311081
    assert position.longitude == 69.240562
    assert position.speed_kmh == 3.5
    assert position.altitude_m == 450.0
    assert position.battery_percent == 76


@pytest.mark.parametrize(
    ("status", "alarms"),
    [
        ("00100000", {Alarm.REMOVAL}),
        ("00200000", {Alarm.FALL}),
        ("00400000", {Alarm.FALL}),
        ("00010001", {Alarm.SOS, Alarm.LOW_BATTERY}),
        ("00000000", set()),
    ],
)
def test_status_bits_raise_removal_fall_and_the_rest(status: str, alarms: set[Alarm]) -> None:
    position, _ = decode(framed("UD," + BODY.format(status=status)))
    assert position.alarms == alarms


def test_ud2_is_stored_data_and_marked_late_without_a_reply() -> None:
    position, result = decode(framed("UD2," + BODY.format(status="00000000")))
    assert position.late is True
    assert result.reply is None


def test_ud_lte_and_al_lte_variants_are_positions() -> None:
    position, result = decode(framed("AL_LTE," + BODY.format(status="00010000")))
    assert position.alarms == {Alarm.SOS}
    assert result.reply == b"[3G*8800000015*0002*AL]"
    position, result = decode(framed("UD_LTE," + BODY.format(status="00000000")))
    assert position.late is False
    assert result.message_type == "UD_LTE"


@pytest.mark.parametrize("vendor", ["SG", "3G", "CS", "ZJ"])
def test_every_vendor_tag_is_accepted_and_echoed(vendor: str) -> None:
    result = watch.decode(framed("LK", vendor=vendor), received_at=NOW)
    assert result.reply == f"[{vendor}*8800000015*0002*LK]".encode()
    assert isinstance(result.records[0], DeviceStatus)


def test_an_index_before_the_length_is_echoed_in_the_reply() -> None:
    result = watch.decode(b"[3G*8800000015*00A1*0003*TKQ]", received_at=NOW)
    assert result.reply == b"[3G*8800000015*00A1*0003*TKQ]"
    assert Anomaly.LENGTH_MISMATCH not in result.anomalies


def test_a_wrong_length_is_tolerated_and_reported() -> None:
    position, result = decode(framed("UD," + BODY.format(status="00000000"), length=0x12))
    assert Anomaly.LENGTH_MISMATCH in result.anomalies
    assert position.valid


def test_a_non_hex_length_is_tolerated_and_reported() -> None:
    result = watch.decode(b"[3G*8800000015*zz*LK]", received_at=NOW)
    assert result.reply == b"[3G*8800000015*0002*LK]"
    assert Anomaly.LENGTH_MISMATCH in result.anomalies


def test_escaped_bytes_are_restored_before_decoding() -> None:
    assert watch.unescape(b"a}\x01b}\x02c}\x03d}\x04e}\x05f") == (b"a}b[c]d,e*f", False)
    escaped = b"[3G*8800000015*0007*TK,}\x02}\x03}\x05}\x01]"
    (frame,) = watch.WatchFramer().feed(escaped)
    result = watch.decode(frame, received_at=NOW)
    assert result.message_type == "TK"
    assert Anomaly.LENGTH_MISMATCH not in result.anomalies


def test_an_unknown_escape_is_kept_and_reported() -> None:
    result = watch.decode(b"[3G*8800000015*0005*LK}\x09x]", received_at=NOW)
    assert Anomaly.BAD_ESCAPE in result.anomalies


def test_local_watch_time_is_converted_with_the_watch_zone() -> None:
    position, _ = decode(framed("UD," + BODY.format(status="0")), tz=ZoneInfo("Asia/Tashkent"))
    assert position.fix_time == datetime(2026, 11, 25, 3, 15, 0, tzinfo=UTC)


def test_an_invalid_fix_with_sos_is_still_a_position_carrying_the_alarm() -> None:
    body = "251126,081500,V,0.000000,N,0.000000,E,0,0,0,0,40,15,0,0,00010000,0,0"
    position, result = decode(framed("AL," + body))
    assert position.valid is False
    assert position.alarms == {Alarm.SOS}
    assert result.reply is not None


@pytest.mark.parametrize("date", ["251399", "2511", "xx1126"])
def test_a_wrong_time_keeps_the_position_at_its_arrival_time(date: str) -> None:
    body = BODY.format(status="0").replace("251126", date, 1)
    position, result = decode(framed("UD," + body))
    assert position.fix_time == NOW
    assert Anomaly.BAD_TIME in result.anomalies


def test_an_unknown_message_type_is_reported_without_a_reply() -> None:
    result = watch.decode(framed("PEDO,12"), received_at=NOW)
    assert result.records == ()
    assert result.reply is None
    assert Anomaly.UNKNOWN_MESSAGE_TYPE in result.anomalies


def test_the_cell_block_is_read_and_a_broken_one_is_skipped() -> None:
    position, _ = decode(framed("UD," + BODY.format(status="0")))
    assert [(c.mcc, c.mnc, c.lac, c.cid, c.rssi) for c in position.cells] == [(434, 5, 1234, 56789, -61)]
    broken = BODY.format(status="0").rsplit(",", 3)[0] + ",x,y"
    position, _ = decode(framed("UD," + broken))
    assert position.cells == ()


@pytest.mark.parametrize(
    "frame",
    [
        b"[3G*8800000015]",
        b"[3G8800000015*0002*LK]",
        b"[3G**0002*LK]",
        b"3G*8800000015*0002*LK]",
        framed("UD,251126,081500,A,41.3"),
        framed("UD," + BODY.format(status="0").replace("41.311081", "4l.31")),
        framed("UD," + BODY.format(status="0").replace(",N,", ",Q,")),
        framed("UD," + BODY.format(status="0").replace("3.5", "nan")),
    ],
)
def test_frames_that_cannot_be_parsed_are_protocol_errors(frame: bytes) -> None:
    with pytest.raises(ProtocolError):
        watch.decode(frame, received_at=NOW)


def test_the_framer_resynchronises_on_the_last_open_bracket_and_drops_stray_closers() -> None:
    lk = framed("LK")
    frames = watch.WatchFramer().feed(b"]]noise[[half" + lk + b"\r\n" + lk)
    assert [f.data for f in frames] == [lk, lk]
    assert frames[0].skipped_before == len(b"]]noise[[half")
    assert frames[1].skipped_before == 2


def test_the_framer_gives_up_an_open_frame_past_its_limit() -> None:
    framer = watch.WatchFramer(max_frame=100)
    assert framer.feed(b"[3G*88*" + b"x" * 1000) == []
    assert framer.buffered == 0
    (frame,) = framer.feed(framed("LK"))
    assert frame.data == framed("LK")
