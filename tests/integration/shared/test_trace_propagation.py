"""A trace started by an HTTP request continues through the outbox and Kafka into the consumer."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.events.envelope import Event
from shared.kafka import subscriber
from shared.outbox import new_document_with_events
from shared.service import Runtime, ServiceSpec, create_service_app
from shared.settings import ServiceSettings
from tests.infra import Servers
from tests.support.running import serving

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_the_consumer_of_an_event_continues_the_trace_of_the_request_that_caused_it(
    servers: Servers, topic: str, unique: str
) -> None:
    class ParcelSentV1(Event):
        event_type = "uz.smartmahalla.tests.parcel_sent.v1"

    ParcelSentV1.topic = topic  # type: ignore[misc]
    seen: list[str] = []
    arrived = asyncio.Event()
    router = APIRouter()

    @router.post("/parcels/{parcel_id}")
    async def send(parcel_id: str, request: Request) -> dict[str, str]:
        runtime: Runtime = request.app.state.runtime
        await runtime.db["parcels"].insert_one(
            new_document_with_events({"_id": parcel_id}, [ParcelSentV1(subject=parcel_id)])
        )
        assert runtime.relay is not None
        runtime.relay.wake()
        return {"id": parcel_id}

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        @subscriber(broker, topic, group=f"trace-{unique}")
        async def on_parcel(body: dict[str, Any], message: KafkaMessage) -> None:
            seen.append(str(message.headers.get("traceparent", "")))
            arrived.set()

    exporter = InMemorySpanExporter()
    settings = ServiceSettings(
        service_name=f"trace{unique}", kafka_bootstrap=servers.kafka_bootstrap, mongo_url=servers.mongo_url,
        redis_url=servers.redis_url, database_prefix=f"t{unique}_",
    )  # fmt: skip
    spec = ServiceSpec(name=f"trace{unique}", title="trace probe", routers=[router], register_subscribers=register,
                       outbox_collections=["parcels"], span_processors=[SimpleSpanProcessor(exporter)])  # fmt: skip
    async with serving(create_service_app(spec, settings)) as client:
        answer = await client.post("/parcels/p-1", headers={"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"})
        await asyncio.wait_for(arrived.wait(), 45)

    assert answer.status_code == 200
    assert seen[0].startswith(f"00-{TRACE_ID}-")
    trace_ids = {format(span.context.trace_id, "032x") for span in exporter.get_finished_spans()}
    assert TRACE_ID in trace_ids
    consumer_spans = [span for span in exporter.get_finished_spans() if span.kind.name == "CONSUMER"]
    assert any(format(span.context.trace_id, "032x") == TRACE_ID for span in consumer_spans)
