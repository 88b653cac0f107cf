"""A record waiting on a topic when a service starts is handled once its start-up hooks are done."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.kafka import KafkaBroker
from pydantic import BaseModel

from shared.events.registry import dead_letter_topic
from shared.kafka import create_broker, subscriber
from shared.service import Runtime, ServiceSpec, create_service_app
from shared.settings import ServiceSettings
from tests.infra import Servers
from tests.support.cleanup import drop_test_database
from tests.support.waiting import EVENTUALLY_S


class Greeting(BaseModel):
    name: str


async def dead_letters_in(servers: Servers, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=servers.kafka_bootstrap)
    await consumer.start()
    try:
        partition = TopicPartition(dead_letter_topic(topic), 0)
        return int((await consumer.end_offsets([partition]))[partition])
    finally:
        await consumer.stop()


async def test_a_record_waiting_before_start_is_handled_with_what_the_start_hooks_built_and_not_dead_lettered(
    servers: Servers, topic: str, unique: str
) -> None:
    producer = create_broker(servers.kafka_bootstrap, client_id=f"test-start-{unique}")
    await producer.start()
    await producer.publish(json.dumps({"name": "Dilnoza"}).encode(), topic=topic, key=b"one")
    await producer.stop()

    greeted: list[str] = []

    async def build_greeter(runtime: Runtime) -> None:
        await asyncio.sleep(5)  # a hook that takes a while, as loading keys or a read model can
        runtime.extras["greeter"] = lambda name: f"Assalomu alaykum, {name}"

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        @subscriber(broker, topic, group=f"start-{unique}")  # type: ignore[untyped-decorator]
        async def greet(greeting: Greeting) -> None:
            greeter: Any = runtime.extras["greeter"]  # KeyError if a record arrived before the hook ran
            greeted.append(greeter(greeting.name))

    settings = ServiceSettings(
        service_name=f"start-order-{unique}", kafka_bootstrap=servers.kafka_bootstrap, mongo_url=servers.mongo_url,
        redis_url=servers.redis_url, database_prefix=f"test_{unique}_",
    )  # fmt: skip
    spec = ServiceSpec(name="start-order", title="start order", register_subscribers=register, on_start=[build_greeter])
    app = create_service_app(spec, settings)
    try:
        async with app.router.lifespan_context(app):
            for _ in range(int(EVENTUALLY_S * 10)):
                if greeted:
                    break
                await asyncio.sleep(0.1)
    finally:
        await drop_test_database(servers.mongo_url, settings.database_name)

    assert greeted == ["Assalomu alaykum, Dilnoza"]
    assert await dead_letters_in(servers, topic) == 0
