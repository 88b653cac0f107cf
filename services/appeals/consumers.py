"""Subscribers of the appeals service: the territory read model from `territory.v1`, from the beginning,
and deleted accounts from `users.v1`.

Territory facts are taken in batches (the pilot's load is thousands of them): one bulk write and one
re-routing read per batch. A record that breaks its contract is dead-lettered alone. Of `users.v1`, only
`UserDeletedV1` matters here: the account's appeals are unlinked from it.
"""

from __future__ import annotations

import json
from typing import Any, cast

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.appeals.deps import context_for
from services.appeals.domain.territory import TerritoryChange
from services.appeals.handlers.accounts import forget_citizen
from services.appeals.handlers.territory import apply_territory_changes, change_of
from services.appeals.settings import AppealsSettings
from shared.events.envelope import decode_event
from shared.events.gateway import UserDeletedV1
from shared.kafka import parsed_records, subscriber
from shared.service import Runtime

BATCH = 500


def territory_change_of(record: Any) -> TerritoryChange | None:
    """The fact a `territory.v1` record carries, or None for a type appeals does not use."""
    headers = {key: value.decode() for key, value in record.headers or () if value is not None}
    event = decode_event(headers.get("ce_type"), json.loads(record.value))
    return change_of(event) if event is not None else None


def register(broker: KafkaBroker, runtime: Runtime) -> None:
    settings = cast(AppealsSettings, runtime.settings)

    @subscriber(broker, settings.territory_topic, group=settings.territory_consumer_group, batch=True,
                max_records=BATCH, batch_timeout_ms=50)  # type: ignore[untyped-decorator]  # fmt: skip
    async def on_territory(body: list[Any], message: KafkaMessage) -> None:
        facts = [fact for fact, _ in await parsed_records(broker, message, territory_change_of) if fact is not None]
        if facts:
            await apply_territory_changes(facts, context_for(runtime))

    @subscriber(broker, settings.users_topic, group=settings.users_consumer_group)  # type: ignore[untyped-decorator]
    async def on_user(body: dict[str, Any], message: KafkaMessage) -> None:
        event = decode_event(message.headers.get("ce_type"), body)
        if isinstance(event, UserDeletedV1):
            await forget_citizen(event.subject, context_for(runtime))
