"""What every decoder hands back: records, the reply to send, anomalies — and the one error it raises."""

from __future__ import annotations

import dataclasses
import enum
import struct
from collections.abc import Iterator
from contextlib import contextmanager

from services.devices.domain.errors import ProtocolError
from services.devices.domain.telemetry import TelemetryRecord


class Anomaly(enum.StrEnum):
    """Something odd about a frame that was decoded anyway: counted and logged, never a reason to drop."""

    CRC_MISMATCH = "crc_mismatch"
    LENGTH_MISMATCH = "length_mismatch"
    GARBAGE_SKIPPED = "garbage_skipped"
    UNKNOWN_MESSAGE_TYPE = "unknown_message_type"
    NOT_LOGGED_IN = "not_logged_in"
    BAD_TIME = "bad_time"
    MISSING_TIME = "missing_time"
    UNKNOWN_ALARM_CODE = "unknown_alarm_code"
    BAD_ESCAPE = "bad_escape"
    SHORT_CONTENT = "short_content"
    IGNORED_EVENT = "ignored_event"
    BAD_LINE = "bad_line"
    UNKNOWN_DOOR = "unknown_door"
    UNKNOWN_STATUS = "unknown_status"
    MISSING_PERSON = "missing_person"
    UNKNOWN_TOPIC = "unknown_topic"


@dataclasses.dataclass(frozen=True)
class Frame:
    """One frame cut from a byte stream; `skipped_before` garbage bytes were dropped just before it."""

    data: bytes
    skipped_before: int = 0


@dataclasses.dataclass(frozen=True)
class DecodeResult:
    """The outcome of one frame or request.

    `reply` is what to send back once the records are stored (None: send nothing). For a frame that
    names its device (`device_id`), send the reply only if the registry knows the device.
    """

    protocol: str
    message_type: str
    device_id: str | None
    records: tuple[TelemetryRecord, ...] = ()
    reply: bytes | None = None
    anomalies: tuple[Anomaly, ...] = ()
    raw: bytes = b""


# Errors that malformed input provokes in parsing code (int(), struct, slicing, calendars, json);
# the decoders turn them into ProtocolError at their boundary so nothing else escapes.
_PARSE_FAILURES = (
    ValueError,
    IndexError,
    KeyError,
    TypeError,
    OverflowError,
    RecursionError,
    struct.error,
)


@contextmanager
def malformed_as_protocol_error(protocol: str) -> Iterator[None]:
    try:
        yield
    except ProtocolError:
        raise
    except _PARSE_FAILURES as exc:
        raise ProtocolError(protocol=protocol, reason="malformed", detail=str(exc)[:200]) from exc
