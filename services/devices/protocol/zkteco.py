"""ZKTeco ADMS / PUSH ("iclock") turnstiles: handshake options and ATTLOG uploads -> access passes.

`GET /iclock/cdata?SN=<sn>&options=all` is the handshake (reply: the options text);
`POST /iclock/cdata?SN=<sn>&table=ATTLOG` carries lines `PIN\\tYYYY-MM-DD hh:mm:ss\\tstatus\\tverify\\t...`
in the device's local time without a zone; status 0 is in, 1 is out. Reply `OK` only once the passes
are stored — any other reply makes the device send them again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from urllib.parse import parse_qsl

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import AccessPass, Direction, TelemetryRecord
from services.devices.protocol.clock import local_to_utc
from services.devices.protocol.results import Anomaly, DecodeResult, malformed_as_protocol_error

PROTOCOL = "zkteco"
MAX_BODY = 1 << 20
OK = b"OK"
# Attendance states: check-in/out, break-out/in, overtime-in/out.
DIRECTIONS: Mapping[str, Direction] = {
    "0": Direction.IN,
    "1": Direction.OUT,
    "2": Direction.OUT,
    "3": Direction.IN,
    "4": Direction.IN,
    "5": Direction.OUT,
}
VERIFY_METHODS: Mapping[str, str] = {"0": "password", "1": "fingerprint", "2": "card", "15": "face"}
_LOCAL_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})", re.ASCII)
_SERIAL_NUMBER = re.compile(r"[0-9A-Za-z_-]{1,64}", re.ASCII)


def query_params(query: str | Mapping[str, str]) -> dict[str, str]:
    if isinstance(query, Mapping):
        return dict(query)
    return dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))


def serial_number(query: str | Mapping[str, str]) -> str:
    """The device's serial number from the `SN` parameter; a request without one is refused."""
    sn = query_params(query).get("SN", "").strip()
    if not _SERIAL_NUMBER.fullmatch(sn):
        raise ProtocolError(protocol=PROTOCOL, reason="missing_device_id", detail=sn[:64])
    return sn


def is_handshake(query: str | Mapping[str, str]) -> bool:
    return query_params(query).get("options") == "all"


def handshake_reply(
    sn: str,
    *,
    tz: tzinfo,
    now: datetime,
    attlog_stamp: str = "None",
    operlog_stamp: str = "9999",
    delay_s: int = 10,
) -> bytes:
    """The options text for `GET /iclock/cdata?SN=..&options=all`: push attendance in real time.

    `TimeZone` is the device zone's offset in hours at `now`; the device keeps local time with it.
    `ATTLOGStamp` is the last stamp stored (`None`: send everything the device holds).
    """
    offset = tz.utcoffset(now.replace(tzinfo=None))
    hours = round(offset.total_seconds() / 3600) if offset is not None else 0
    lines = [
        f"GET OPTION FROM: {sn}",
        f"ATTLOGStamp={attlog_stamp}",
        f"OPERLOGStamp={operlog_stamp}",
        "ATTPHOTOStamp=None",
        "ErrorDelay=30",
        f"Delay={delay_s}",
        "TransTimes=00:00;14:05",
        "TransInterval=1",
        "TransFlag=TransData AttLog OpLog EnrollUser ChgUser",
        f"TimeZone={hours}",
        "Realtime=1",
        "Encrypt=None",
    ]
    return "\r\n".join(lines).encode("ascii") + b"\r\n"


def decode_cdata(query: str | Mapping[str, str], body: bytes, *, tz: tzinfo, received_at: datetime) -> DecodeResult:
    """`POST /iclock/cdata`: ATTLOG lines become passes (times read in the device zone `tz`); other
    tables carry nothing for us and are acknowledged. A bad line is skipped and reported."""
    with malformed_as_protocol_error(PROTOCOL):
        sn = serial_number(query)
        table = query_params(query).get("table", "")
        if len(body) > MAX_BODY:
            raise ProtocolError(protocol=PROTOCOL, reason="too_large")
        if table != "ATTLOG":
            return DecodeResult(PROTOCOL, table[:32] or "unknown", sn, (), OK, (), body)
        anomalies: list[Anomaly] = []
        records: list[TelemetryRecord] = []
        for line in body.decode("utf-8", "replace").splitlines():
            if line.strip():
                record = _attendance(sn, line, tz, received_at, anomalies)
                if record is not None:
                    records.append(record)
        return DecodeResult(PROTOCOL, "ATTLOG", sn, tuple(records), OK, tuple(anomalies), body)


def _attendance(sn: str, line: str, tz: tzinfo, received_at: datetime, anomalies: list[Anomaly]) -> AccessPass | None:
    fields = [field.strip() for field in line.split("\t")]
    if len(fields) < 3 or not fields[0]:
        anomalies.append(Anomaly.BAD_LINE)
        return None
    pin, stamp, status = fields[0], fields[1], fields[2]
    match = _LOCAL_TIME.fullmatch(stamp)
    if match is None:
        anomalies.append(Anomaly.BAD_TIME)
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        time = local_to_utc(year, month, day, hour, minute, second, tz)
    except ValueError:
        anomalies.append(Anomaly.BAD_TIME)
        return None
    direction = DIRECTIONS.get(status)
    if direction is None:
        anomalies.append(Anomaly.UNKNOWN_STATUS)
        return None
    verify = fields[3] if len(fields) > 3 else ""
    return AccessPass(
        device_id=sn,
        person_id=pin[:64],
        direction=direction,
        time=time,
        serial=None,
        received_at=received_at,
        method=VERIFY_METHODS.get(verify, f"verify:{verify}" if verify else None),
        protocol=PROTOCOL,
    )
