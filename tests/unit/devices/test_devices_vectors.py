"""Every device-protocol vector of the handout (`../shared/vectors/telemetry.json`) gives its expected result."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from services.devices.domain.errors import ProtocolError
from services.devices.domain.filtering import distance_m
from services.devices.domain.telemetry import DeviceStatus, Direction, Position
from services.devices.protocol import gt06, h02, osmand, watch, zkteco
from services.devices.protocol.results import Anomaly

VECTORS_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "vectors"
VECTORS_FILE = VECTORS_DIR / "telemetry.json"
RECEIVED_AT = datetime(2026, 11, 25, 14, 30, 5, tzinfo=UTC)
TASHKENT = ZoneInfo("Asia/Tashkent")
KNOT_KMH = 1.852


def _vectors() -> list[dict[str, Any]]:
    if not VECTORS_FILE.exists():
        return []
    vectors: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["vectors"]
    return vectors


VECTORS = _vectors()


def _vector_id(vector: dict[str, Any]) -> str:
    text = vector.get("input_hex") or vector.get("input_text") or ""
    return f"{vector['protocol']}:{text[:32]}"


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _logged_in_gt06() -> gt06.Gt06Session:
    session = gt06.Gt06Session()
    session.decode(bytes.fromhex("78780d01012345678901234500018cdd0d0a"), received_at=RECEIVED_AT)
    return session


def check_gt06(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    raw = bytes.fromhex(vector["input_hex"])
    framer = gt06.Gt06Framer()
    frames = framer.feed(raw)
    assert [frame.data for frame in frames] == [raw]
    session = gt06.Gt06Session() if expect["packet_type"] == "0x01" else _logged_in_gt06()
    result = session.decode(frames[0], received_at=RECEIVED_AT)

    assert result.message_type == expect["packet_type"]
    assert int.from_bytes(raw[-6:-4]) == expect["serial"]
    assert (Anomaly.CRC_MISMATCH not in result.anomalies) is expect["crc_valid"]
    assert result.reply is not None
    assert result.reply.hex() == expect["server_response_hex"]
    derived = expect.get("derived", {})
    if "imei" in derived:
        assert result.device_id == derived["imei"]
    positions = [record for record in result.records if isinstance(record, Position)]
    if expect["result"] == "position":
        (position,) = positions
        asserted = expect.get("asserted_by_traccar_test", derived)
        tolerance = asserted.get("tolerance_deg", 1e-5)
        assert position.fix_time == _utc(asserted["fix_time_utc"])
        assert position.valid is asserted["valid"]
        assert position.latitude == pytest.approx(asserted["lat"], abs=tolerance)
        assert position.longitude == pytest.approx(asserted["lon"], abs=tolerance)
        assert position.latitude == pytest.approx(derived["lat"], abs=1e-6)
        assert position.longitude == pytest.approx(derived["lon"], abs=1e-6)
        assert position.speed_kmh == derived["speed_kmh"]
        assert position.course == derived["course"]
        assert position.satellites == derived["satellites"]
        if "cell" in derived:
            cell = position.cells[0]
            assert (cell.mcc, cell.mnc, cell.lac, cell.cid) == tuple(
                derived["cell"][k] for k in ("mcc", "mnc", "lac", "cid")
            )
    else:
        assert positions == []
    if expect["result"] == "attributes only":
        (status,) = result.records
        assert isinstance(status, DeviceStatus)
        assert status.battery_percent == derived["battery_level"]
        assert status.charging is derived["charge"]
        assert status.signal == derived["rssi_level"]
        assert status.alarms == frozenset()


def check_gt06_crc(vector: dict[str, Any]) -> None:
    data = bytes.fromhex(vector["input_hex"]) if "input_hex" in vector else vector["input_text"].encode()
    assert f"{gt06.crc16_x25(data):04x}" == vector["expect"]["crc16_x25"]


def check_gt06_ack(vector: dict[str, Any]) -> None:
    serial = int(re.search(r"serial (\d+)", vector["input_text"]).group(1))  # type: ignore[union-attr]
    assert gt06.encode_reply(gt06.LOGIN, serial).hex() == vector["expect"]["ack_hex"]


def check_h02(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    (frame,) = h02.H02Framer().feed(vector["input_text"].encode())
    result = h02.decode(frame, received_at=RECEIVED_AT)
    derived = expect.get("derived", {})
    if expect["result"] == "position":
        (position,) = result.records
        assert isinstance(position, Position)
        asserted = expect["asserted_by_traccar_test"]
        assert result.device_id == derived["id"]
        assert result.message_type == derived["type"]
        assert position.fix_time == _utc(asserted["fix_time_utc"])
        assert position.valid is asserted["valid"]
        assert position.latitude == pytest.approx(asserted["lat"], abs=asserted["tolerance_deg"])
        assert position.longitude == pytest.approx(asserted["lon"], abs=asserted["tolerance_deg"])
        assert position.speed_kmh == pytest.approx(derived["speed_knots"] * KNOT_KMH)
        assert position.course == derived["course"]
        assert position.alarms == frozenset()  # every status bit of these vectors is clear of alarms
    else:
        (status,) = result.records
        assert isinstance(status, DeviceStatus)
        assert status.battery_percent == expect["asserted_by_traccar_test"]["batteryLevel"]
    response = expect.get("server_response")
    if response is None:
        assert result.reply is None
    elif "<server UTC yyyyMMddHHmmss>" in response:
        stamp = RECEIVED_AT.strftime("%Y%m%d%H%M%S")
        assert result.reply == response.replace("<server UTC yyyyMMddHHmmss>", stamp).encode()
    else:
        assert result.reply == response.encode()


def check_watch(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    derived = expect["derived"]
    (frame,) = watch.WatchFramer().feed(vector["input_text"].encode())
    result = watch.decode(frame, received_at=RECEIVED_AT)
    assert result.device_id == derived["device_id"]
    assert result.message_type == derived["type"]
    assert (Anomaly.LENGTH_MISMATCH not in result.anomalies) is derived["length_ok"]
    response = expect.get("server_response")
    assert result.reply == (response.encode() if response else None)
    if expect["result"] == "position":
        (position,) = result.records
        assert isinstance(position, Position)
        asserted = expect["asserted_by_traccar_test"]
        assert position.fix_time == _utc(asserted["fix_time_utc"])
        assert position.valid is asserted["valid"]
        assert position.latitude == pytest.approx(asserted["lat"], abs=asserted["tolerance_deg"])
        assert position.longitude == pytest.approx(asserted["lon"], abs=asserted["tolerance_deg"])
        assert position.speed_kmh == derived["speed_kmh"]
        assert position.course == derived["course"]
        assert position.altitude_m == derived["altitude"]
        assert position.satellites == derived["satellites"]
        assert position.battery_percent == derived["battery_level"]
        assert [(c.mcc, c.mnc, c.lac, c.cid, c.rssi) for c in position.cells] == [
            (c["mcc"], c["mnc"], c["lac"], c["cid"], c["rssi"]) for c in derived["cells"]
        ]
        assert position.late is False
    elif expect["result"] == "attributes only":
        (status,) = result.records
        assert isinstance(status, DeviceStatus)
        assert status.battery_percent == derived["battery_level"]
        assert status.steps == derived["steps"]
    else:
        assert result.records == ()


def _osmand_request(text: str) -> tuple[str, bytes, str | None]:
    if text.startswith("GET "):
        return urlsplit(text.split(" ", 2)[1]).query, b"", None
    match = re.fullmatch(r"POST \S+ Content-Type: (\S+) (.*)", text, re.DOTALL)
    assert match is not None
    return "", match.group(2).encode(), match.group(1)


def check_osmand(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    query, body, content_type = _osmand_request(vector["input_text"])
    if expect["http_status"] != 200:
        with pytest.raises(ProtocolError) as error:
            osmand.decode_request(query, body, content_type, received_at=RECEIVED_AT)
        assert error.value.status == expect["http_status"]
        return
    result = osmand.decode_request(query, body, content_type, received_at=RECEIVED_AT)
    assert result.reply == b""
    (position,) = result.records
    assert isinstance(position, Position)
    derived = expect["derived"]
    assert position.fix_time == _utc(derived["fix_time_utc"])
    assert position.valid is derived["valid"]
    assert position.latitude == derived["lat"]
    assert position.longitude == derived["lon"]
    if "device_id" in derived:
        assert result.device_id == derived["device_id"]
    if "speed_knots" in derived:
        assert position.speed_kmh == pytest.approx(derived["speed_knots"] * KNOT_KMH)
    if isinstance(derived.get("altitude"), float):
        assert position.altitude_m == derived["altitude"]
    if "batteryLevel" in derived:
        assert position.battery_percent == derived["batteryLevel"]
    if "course" in derived:
        assert position.course is None  # heading -1 means unknown
    if "accuracy" in derived:
        # Deliberately unlike Traccar (which drops accuracy under 10 m): the reported 5 m is kept.
        assert position.accuracy_m == 5.0


def check_geofence(vector: dict[str, Any]) -> None:
    match = re.fullmatch(r"CIRCLE \(([-\d.]+) ([-\d.]+), ([\d.]+)\)", vector["input_text"])
    assert match is not None
    lat, lon, radius = (float(value) for value in match.groups())
    for point in vector["expect"]["contains"]:
        assert (distance_m(lat, lon, point["lat"], point["lon"]) <= radius) is point["inside"]


def check_zkteco(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    query = urlsplit(vector["transport"].split(" ", 2)[2]).query
    result = zkteco.decode_cdata(query, vector["input_text"].encode(), tz=TASHKENT, received_at=RECEIVED_AT)
    assert expect["http_response"] == f"200 '{result.reply.decode()}'"  # type: ignore[union-attr]
    (access,) = result.records
    assert access.person_id == expect["pin"]  # type: ignore[union-attr]
    local = datetime.fromisoformat(expect["time_local"]).replace(tzinfo=TASHKENT)
    assert access.time == local.astimezone(UTC)  # type: ignore[union-attr]
    assert access.direction is (Direction.IN if expect["status"] == "0" else Direction.OUT)  # type: ignore[union-attr]
    assert access.method == "password"  # type: ignore[union-attr]  # verify 0


CHECKS = {
    "gt06": check_gt06,
    "gt06-crc": check_gt06_crc,
    "gt06-ack": check_gt06_ack,
    "h02": check_h02,
    "watch": check_watch,
    "osmand": check_osmand,
    "geofence": check_geofence,
    "zkteco-adms": check_zkteco,
}


def test_the_handout_vectors_are_present() -> None:
    if not VECTORS_FILE.exists():
        pytest.skip(f"the handout's vectors are not beside the repository ({VECTORS_FILE})")
    assert len(VECTORS) >= 10


@pytest.mark.parametrize("vector", VECTORS, ids=_vector_id)
def test_every_handout_vector_gives_its_expected_result(vector: dict[str, Any]) -> None:
    check = CHECKS.get(vector["protocol"])
    if check is None:
        pytest.fail(f"no check for the vector protocol {vector['protocol']!r}: add one")
    check(vector)


def test_the_geofence_vector_radius_is_met_at_the_boundary_by_distance_alone() -> None:
    assert math.isclose(distance_m(0.0, 0.0, 0.0, 1.0), 111_195, rel_tol=1e-3)
