"""The gateway consumes `notifications.v1`: one instance of the consumer group takes each record.

Not through a FastStream subscriber, as the other services consume: the realtime path fans a batch out before
storing it, which a subscriber's fetch-handle-commit cycle does not allow (`realtime.pipeline` says why and
how). Records are still validated one by one, so a bad one is dead-lettered alone and its batch delivered.
"""

from __future__ import annotations

import json
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener
from prometheus_client import Histogram

from services.gateway.deps import parts_of, settings_of
from services.gateway.handlers.notifications import fan_out, keep
from services.gateway.realtime.fanout import Listening
from services.gateway.realtime.pipeline import HAND_OVER_WITHIN_S, Delivery, NotificationPipeline
from services.gateway.repository.preferences import PreferenceRepository
from shared.events.notifications import NotificationRequestedV1
from shared.events.registry import NOTIFICATIONS
from shared.kafka import dead_letter_record
from shared.service import Runtime

AGE_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def notification_of(record: Any) -> NotificationRequestedV1:
    return NotificationRequestedV1.model_validate(json.loads(record.value))


class NotificationDelivery:
    """What the pipeline does with a batch, in the gateway's parts; a span for each stage."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._tracer = runtime.tracer_provider.get_tracer("services.gateway.notifications")

    def parse(self, record: Any) -> NotificationRequestedV1:
        return notification_of(record)

    async def fan_out(self, notifications: Delivery) -> None:
        with self._tracer.start_as_current_span("notifications.v1 fan-out", attributes={"count": len(notifications)}):
            await fan_out(notifications, fanout=parts_of(self._runtime).fanout)

    async def keep(self, notifications: Delivery) -> None:
        parts = parts_of(self._runtime)
        with self._tracer.start_as_current_span("notifications.v1 keep", attributes={"count": len(notifications)}):
            await keep(
                notifications, inbox=parts.inbox, presence=Listening(parts.fanout, parts.presence), push=parts.push,
                preferences=PreferenceRepository(self._runtime.db), clock=self._runtime.clock,
            )  # fmt: skip

    async def reject(self, record: Any, error: BaseException) -> None:
        await dead_letter_record(self._runtime.broker, record, error)


class SettleBeforeHandingOver(ConsumerRebalanceListener):  # type: ignore[misc]
    """Partitions leave this instance only once what it fetched from them is stored and committed."""

    def __init__(self, pipeline: NotificationPipeline) -> None:
        self._pipeline = pipeline

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self._pipeline.settle(HAND_OVER_WITHIN_S)

    async def on_partitions_assigned(self, assigned: Any) -> None:
        return None


class NotificationConsumer:
    """The Kafka consumer and the loop over it, started and stopped in the gateway's lifespan."""

    def __init__(self, runtime: Runtime) -> None:
        settings = settings_of(runtime)
        self._kafka = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap, group_id=settings.notifications_consumer_group,
            client_id=f"{settings.service_name}-notifications", enable_auto_commit=False,
            auto_offset_reset="earliest",
        )  # fmt: skip
        age = Histogram("gateway_notification_age_seconds", "Age of a notification when it is fanned out",
                        registry=runtime.metrics, buckets=AGE_BUCKETS_S)  # fmt: skip
        self._pipeline = NotificationPipeline(self._kafka, NotificationDelivery(runtime), observe_age=age.observe)

    async def start(self) -> None:
        self._kafka.subscribe([NOTIFICATIONS.name], listener=SettleBeforeHandingOver(self._pipeline))
        await self._kafka.start()
        self._pipeline.start()

    async def stop(self) -> None:
        await self._pipeline.stop()
        await self._kafka.stop()


async def start(runtime: Runtime) -> None:
    consumer = runtime.extras["notifications"] = NotificationConsumer(runtime)
    await consumer.start()


async def stop(runtime: Runtime) -> None:
    consumer = runtime.extras.pop("notifications", None)
    if consumer is not None:
        await consumer.stop()
