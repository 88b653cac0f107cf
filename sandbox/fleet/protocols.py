"""What the devices send, byte for byte: GT06 packets, OsmAnd queries, Hikvision pushes, ZKTeco ATTLOG lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlencode

from services.devices.protocol.gt06 import crc16_x25

GT06_LOGIN, GT06_GPS_LBS, GT06_HEARTBEAT, GT06_ALARM = 0x01, 0x12, 0x13, 0x16
ALARM_SOS, ALARM_LOW_BATTERY, ALARM_REMOVAL, ALARM_FALL = 0x01, 0x0E, 0x18, 0x23
LBS = (434).to_bytes(2, "big") + bytes([5]) + (1234).to_bytes(2, "big") + (56789).to_bytes(3, "big")  # Ucell


def gt06_packet(protocol_number: int, content: bytes, serial: int) -> bytes:
    body = bytes([5 + len(content), protocol_number]) + content + (serial & 0xFFFF).to_bytes(2, "big")
    return b"\x78\x78" + body + crc16_x25(body).to_bytes(2, "big") + b"\r\n"


def gt06_login(imei: str, serial: int = 1) -> bytes:
    return gt06_packet(GT06_LOGIN, bytes.fromhex(imei.rjust(16, "0")), serial)


def _gps_block(when: datetime, latitude: float, longitude: float, speed_kmh: int, course: int, tz: tzinfo) -> bytes:
    local = when.astimezone(tz)
    flags = (course & 0x3FF) | 0x1000 | (0x0400 if latitude >= 0 else 0) | (0x0800 if longitude < 0 else 0)
    return (
        bytes([local.year - 2000, local.month, local.day, local.hour, local.minute, local.second, 0xC9])
        + round(abs(latitude) * 1_800_000).to_bytes(4, "big")
        + round(abs(longitude) * 1_800_000).to_bytes(4, "big")
        + bytes([max(0, min(255, speed_kmh))])
        + flags.to_bytes(2, "big")
    )


def gt06_position(
    when: datetime, latitude: float, longitude: float, *, serial: int, speed_kmh: int = 4, course: int = 0,
    tz: tzinfo = UTC,
) -> bytes:  # fmt: skip
    return gt06_packet(GT06_GPS_LBS, _gps_block(when, latitude, longitude, speed_kmh, course, tz) + LBS, serial)


def gt06_alarm(
    when: datetime, latitude: float, longitude: float, alarm: int, *, serial: int, voltage_level: int = 4,
    tz: tzinfo = UTC,
) -> bytes:  # fmt: skip
    status = bytes([0x44, voltage_level, 3, alarm, 0x02])
    return gt06_packet(GT06_ALARM, _gps_block(when, latitude, longitude, 0, 0, tz) + bytes([9]) + LBS + status, serial)


def gt06_heartbeat(*, serial: int, voltage_level: int = 4) -> bytes:
    return gt06_packet(GT06_HEARTBEAT, bytes([0x44, voltage_level, 3, 0, 0x02]), serial)


def gt06_ack(protocol_number: int, serial: int) -> bytes:
    return gt06_packet(protocol_number, b"", serial)


def osmand_query(device_id: str, when: datetime, latitude: float, longitude: float, **extra: object) -> str:
    return urlencode({"id": device_id, "timestamp": int(when.timestamp()), "lat": f"{latitude:.6f}",
                      "lon": f"{longitude:.6f}", **{k: str(v) for k, v in extra.items()}})  # fmt: skip


def hikvision_pass(mac: str, employee: str, door: int, when: datetime, serial: int) -> bytes:
    return json.dumps({
        "ipAddress": "10.0.0.5", "macAddress": mac, "dateTime": when.isoformat(), "eventType": "AccessControllerEvent",
        "eventState": "active", "AccessControllerEvent": {
            "majorEventType": 5, "subEventType": 75, "employeeNoString": employee, "doorNo": door,
            "serialNo": serial, "currentVerifyMode": "face"},
    }).encode()  # fmt: skip


def zkteco_attlog(lines: list[tuple[str, datetime, int]], tz: tzinfo) -> bytes:
    """`PIN<TAB>local time<TAB>status(0 in, 1 out)<TAB>verify<TAB>workcode` per line."""
    return "\n".join(
        f"{pin}\t{when.astimezone(tz):%Y-%m-%d %H:%M:%S}\t{status}\t15\t0" for pin, when, status in lines
    ).encode()
