"""What every decoder hands back: records, the reply to send, anomalies — and the one error it raises."""

from __future__ import annotations

import enum
import struct
from types import TracebackType
from typing import NamedTuple

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


class Frame(NamedTuple):
    """One frame cut from a byte stream; `skipped_before` garbage bytes were dropped just before it."""

    data: bytes
    skipped_before: int = 0


class DecodeResult(NamedTuple):
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


class malformed_as_protocol_error:  # noqa: N801 - used as a `with` statement, named for how it reads there
    """`with malformed_as_protocol_error(protocol):` turns a parse failure into `ProtocolError`.

    A class rather than a generator context manager: decoders enter it once per frame, tens of
    thousands of times a second, and this costs a fraction of a generator's set-up.
    """

    __slots__ = ("protocol",)

    def __init__(self, protocol: str) -> None:
        self.protocol = protocol

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: TracebackType | None) -> None:
        if exc is None or isinstance(exc, ProtocolError) or not isinstance(exc, _PARSE_FAILURES):
            return
        raise ProtocolError(protocol=self.protocol, reason="malformed", detail=str(exc)[:200]) from exc
