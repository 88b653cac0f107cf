"""A message a consumer cannot take goes to `<topic>.dlq` with its error; the partition moves on."""

from __future__ import annotations

import asyncio
import json

from pydantic import BaseModel

from shared.events.registry import dead_letter_topic
from shared.kafka import create_broker, subscriber
from tests.infra import Servers
from tests.support.dead_letters import first_record


class Reading(BaseModel):
    meter: str
    value: int


async def test_a_poison_message_lands_in_the_dead_letter_topic_and_the_next_one_is_still_handled(
    servers: Servers, topic: str, unique: str
) -> None:
    handled: list[Reading] = []
    next_handled = asyncio.Event()
    broker = create_broker(servers.kafka_bootstrap, client_id=f"test-dlq-{unique}")

    @subscriber(broker, topic, group=f"dlq-{unique}")
    async def take(reading: Reading) -> None:
        handled.append(reading)
        next_handled.set()

    await broker.start()
    try:
        # All on one key, so they share a partition and the good one waits behind the poison.
        await broker.publish(b"{not json", topic=topic, key=b"meter-1", headers={"ce_id": "poison-1"})
        await broker.publish(json.dumps({"meter": "meter-1"}).encode(), topic=topic, key=b"meter-1")
        await broker.publish(json.dumps({"meter": "meter-1", "value": 7}).encode(), topic=topic, key=b"meter-1")
        await asyncio.wait_for(next_handled.wait(), 45)
    finally:
        await broker.stop()

    assert handled == [Reading(meter="meter-1", value=7)]
    body, headers = await first_record(servers, dead_letter_topic(topic))
    assert body == b"{not json"
    assert headers["dlq_topic"].decode() == topic
    assert headers["ce_id"] == b"poison-1"
    assert headers["dlq_error"]
