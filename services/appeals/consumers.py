"""Subscribers of the appeals service: the territory read model from `territory.v1`, from the beginning."""

from __future__ import annotations

from typing import Any, cast

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.appeals.deps import context_for
from services.appeals.handlers.territory import apply_territory_change, change_of
from services.appeals.settings import AppealsSettings
from shared.events.envelope import decode_event
from shared.kafka import subscriber
from shared.service import Runtime


def register(broker: KafkaBroker, runtime: Runtime) -> None:
    settings = cast(AppealsSettings, runtime.settings)

    @subscriber(broker, settings.territory_topic, group=settings.territory_consumer_group)  # type: ignore[untyped-decorator]
    async def on_territory(body: dict[str, Any], message: KafkaMessage) -> None:
        event = decode_event(message.headers.get("ce_type"), body)
        fact = change_of(event) if event is not None else None
        if fact is not None:
            await apply_territory_change(fact, context_for(runtime))
