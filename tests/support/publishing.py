"""Putting events on Kafka from a test as a service's outbox relay would, through the FastStream broker."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from faststream.kafka import KafkaBroker
from opentelemetry import context as otel_context
from opentelemetry import propagate


async def publish_record(broker: KafkaBroker, record: Mapping[str, Any]) -> None:
    """Publish one outbox record (see `Event.to_record`) exactly as it was stored, inside the trace context
    stored with it, so the producer span (and the consumer's after it) joins the trace that caused it."""
    token = otel_context.attach(propagate.extract(dict(record["headers"])))
    try:
        await broker.publish(
            record["value"].encode() if isinstance(record["value"], str) else record["value"],
            topic=record["topic"],
            key=str(record["key"]).encode(),
            headers=dict(record["headers"]),
        )
    finally:
        otel_context.detach(token)


async def publish_records(broker: KafkaBroker, records: Iterable[Mapping[str, Any]]) -> None:
    """A relay's publisher, a record at a time."""
    for record in records:
        await publish_record(broker, record)
