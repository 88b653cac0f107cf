"""The event base class and the CloudEvents 1.0 envelope in Kafka binary mode.

An event is a frozen pydantic model. Its value on Kafka is the model's JSON; the CloudEvents attributes
travel as `ce_*` headers beside `traceparent`, so any CloudEvents-aware consumer can read it.
Type names follow `uz.smartmahalla.<service>.<fact>.v<N>`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


def new_event_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(UTC)


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
