"""The gateway consumes `notifications.v1`: one instance of the consumer group takes each notification."""

from __future__ import annotations

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.gateway.deps import parts_of
from services.gateway.handlers.notifications import deliver
from shared.events.notifications import NotificationRequestedV1
from shared.events.registry import NOTIFICATIONS
from shared.kafka import subscriber
from shared.service import Runtime

GROUP = "gateway.notifications"


def register(broker: KafkaBroker, runtime: Runtime) -> None:
    @subscriber(broker, NOTIFICATIONS.name, group=GROUP)  # type: ignore[untyped-decorator]
    async def on_notification(event: NotificationRequestedV1, message: KafkaMessage) -> None:
        parts = parts_of(runtime)
        await deliver(
            event, message.raw_message.offset, inbox=parts.inbox, fanout=parts.fanout,  # type: ignore[union-attr]
            presence=parts.presence, push=parts.push, clock=runtime.clock,
        )  # fmt: skip
