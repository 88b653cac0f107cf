"""The event base class and the CloudEvents 1.0 envelope in Kafka binary mode.

An event is a frozen pydantic model. Its value on Kafka is the model's JSON; the CloudEvents attributes
travel as `ce_*` headers beside `traceparent`, so any CloudEvents-aware consumer can read it.
Type names follow `uz.smartmahalla.<service>.<fact>.v<N>`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from random import getrandbits
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


# A version-4 UUID: clear the version and variant fields, then set version 4 and the RFC 4122 variant.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID4_SET = (4 << 76) | (0x8000 << 48)


def new_event_id() -> str:
    """A random version-4 UUID as 32 hex digits. Drawn from `random.getrandbits`, which Python re-seeds in
    a forked child, at a sixth of `uuid.uuid4()`'s cost (telemetry makes one per position): an event id
    must be unique, not secret."""
    return f"{getrandbits(128) & _UUID4_CLEAR | _UUID4_SET:032x}"


def utc_now() -> datetime:
    return datetime.now(UTC)


_EVENT_TYPES: dict[str, type[Event]] = {}


class Event(BaseModel):
    """Base of every contract. Subclasses set `event_type`, `topic` and override `key()` when needed."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str] = "uz.smartmahalla.event.v1"
    topic: ClassVar[str] = ""
    source: ClassVar[str] = "/smart-mahalla"

    id: str = Field(default_factory=new_event_id, description="Unique event id (CloudEvents `id`).")
    time: datetime = Field(default_factory=utc_now, description="When the fact happened, UTC.")
    subject: str = Field(description="The aggregate the event is about; also the Kafka key.")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # Contracts register themselves by type so a consumer of a topic carrying several types can decode.
        if cls.event_type != Event.event_type and cls.__module__.startswith("shared.events"):
            _EVENT_TYPES.setdefault(cls.event_type, cls)

    @classmethod
    def version(cls) -> int:
        return int(cls.event_type.rsplit(".v", 1)[1])

    def key(self) -> bytes:
        return self.subject.encode()

    def headers(self, traceparent: str | None = None) -> dict[str, str]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_type": self.event_type,
            "ce_source": self.source,
            "ce_time": self.time.isoformat(),
            "ce_subject": self.subject,
            "content-type": CONTENT_TYPE,
        }
        if traceparent:
            headers["traceparent"] = traceparent
        return headers

    def to_record(self) -> dict[str, Any]:
        """The form stored in an outbox: everything needed to publish later, unchanged."""
        return {
            "id": self.id,
            "topic": self.topic,
            "key": self.subject,
            "type": self.event_type,
            "value": self.model_dump_json(),
            "headers": self.headers(),
        }


def event_class_for(event_type: str) -> type[Event] | None:
    """The contract registered for a CloudEvents type, or None for a type this code does not know yet."""
    return _EVENT_TYPES.get(event_type)


def decode_event(event_type: str | None, body: dict[str, Any]) -> Event | None:
    """Parse a message of a multi-type topic; None when the type is unknown (a newer producer), which a
    consumer skips. A known type whose body breaks its contract raises (the message is dead-lettered)."""
    contract = event_class_for(event_type or "")
    return None if contract is None else contract.model_validate(body)
