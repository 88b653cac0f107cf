"""The gateway consumes `notifications.v1` in batches: one instance of the consumer group takes each record.

Records are validated one by one, so a bad one is dead-lettered alone and its batch still delivered.
"""

from __future__ import annotations

import json
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.gateway.deps import parts_of, settings_of
from services.gateway.handlers.notifications import deliver_batch
from services.gateway.repository.preferences import PreferenceRepository
from shared.events.notifications import NotificationRequestedV1
from shared.events.registry import NOTIFICATIONS
from shared.kafka import parsed_records, subscriber
from shared.service import Runtime

BATCH = 500


def notification_of(record: Any) -> NotificationRequestedV1:
    return NotificationRequestedV1.model_validate(json.loads(record.value))


def register(broker: KafkaBroker, runtime: Runtime) -> None:
    group = settings_of(runtime).notifications_consumer_group

    @subscriber(broker, NOTIFICATIONS.name, group=group, batch=True, max_records=BATCH, batch_timeout_ms=10)  # type: ignore[untyped-decorator]
    async def on_notifications(body: list[Any], message: KafkaMessage) -> None:
        parsed = await parsed_records(broker, message, notification_of)
        accepted = [(notification, record.offset) for notification, record in parsed]
        parts = parts_of(runtime)
        await deliver_batch(
            accepted, inbox=parts.inbox, fanout=parts.fanout, presence=parts.presence, push=parts.push,
            preferences=PreferenceRepository(runtime.db), clock=runtime.clock,
        )  # fmt: skip
