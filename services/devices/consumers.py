"""The devices service reads its own telemetry back to monitor children: positions/statuses and turnstile passes;
and `users.v1`, where a deleted account loses its guardianships.

Keyed by device, so one device's reports are handled in the order they arrived. Handlers are idempotent:
alerts, school days and history entries have deterministic ids.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.devices.deps import context_for, settings_of
from services.devices.handlers import attendance, monitoring
from services.devices.handlers.guardians import forget_guardian
from shared.events.devices import AccessPassRecordedV1, DeviceStatusReportedV1, PositionReportedV1
from shared.events.envelope import decode_event
from shared.events.gateway import UserDeletedV1
from shared.kafka import subscriber
from shared.service import Runtime

# A guardian waits on these: the broker answers a fetch as soon as a record arrives, or after this long.
FETCH_MAX_WAIT_MS = 50


def register(broker: KafkaBroker, runtime: Runtime) -> None:
    settings = settings_of(runtime)
    prefix = settings.consumer_group_prefix

    @subscriber(broker, settings.users_topic, group=f"{prefix}.users")  # type: ignore[untyped-decorator]
    async def on_user(body: dict[str, Any], message: KafkaMessage) -> None:
        event = decode_event(message.headers.get("ce_type"), body)
        if isinstance(event, UserDeletedV1):
            await forget_guardian(event.subject, context_for(runtime))

    if not settings.monitoring_enabled:
        return

    @subscriber(broker, settings.positions_topic, group=f"{prefix}.positions", fetch_max_wait_ms=FETCH_MAX_WAIT_MS)  # type: ignore[untyped-decorator]
    async def on_position(body: dict[str, Any], message: KafkaMessage) -> None:
        event = decode_event(message.headers.get("ce_type"), body)
        if isinstance(event, PositionReportedV1):
            await monitoring.on_position(event, context_for(runtime))
        elif isinstance(event, DeviceStatusReportedV1):
            await monitoring.on_status(event, context_for(runtime))

    @subscriber(broker, settings.access_topic, group=f"{prefix}.access", fetch_max_wait_ms=FETCH_MAX_WAIT_MS)  # type: ignore[untyped-decorator]
    async def on_access(body: dict[str, Any], message: KafkaMessage) -> None:
        event = decode_event(message.headers.get("ce_type"), body)
        if isinstance(event, AccessPassRecordedV1):
            await attendance.on_access_pass(event, context_for(runtime))
