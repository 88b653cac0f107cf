"""Notification published to Kafka → received on an open WebSocket, with 1,000 connections open.

Publishes `notifications.v1` events at a steady rate to random connected users and measures, per message,
the time from the publish call to its arrival on the user's socket (both ends in this process, one clock).
The gateway runs as its own process on the real servers. The raw Kafka round trip measured in the same run
is the baseline. Goal: p99 ≤ 100 ms at 500 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import random
import sys
import time
from typing import Any

import websockets
from aiokafka import AIOKafkaProducer

from bench.kafka_baseline import round_trip
from bench.support import (
    ROOT,
    free_port,
    infra_env,
    service_process,
    summary_ms,
    unique_prefix,
)
from shared.auth import Principal, Role
from shared.auth.tokens import TokenIssuer
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.i18n import Text
from shared.memory import settle_after_start
from tests.support.kafka_groups import begin_group_at_topic_end

TEXT = LocalisedText.of(Text("Sinov", "Синов", "Тест", "Test"))


async def gateway_issuer(env: dict[str, str]) -> TokenIssuer:
    """Tokens signed with the gateway's own key ring (read from its database, as another instance would)."""
    from pymongo import AsyncMongoClient

    from services.gateway.repository.keys import KeyRingStore
    from services.gateway.settings import GatewaySettings

    settings = GatewaySettings(database_prefix=env["SM_DATABASE_PREFIX"], mongo_url=env["SM_MONGO_URL"])
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongo_url)
    ring = await KeyRingStore(client[settings.database_name], settings.key_encryption_key.get_secret_value()).load()
    await client.close()
    assert ring is not None, "the gateway stores its key ring at start"
    return TokenIssuer(ring, issuer=settings.token_issuer, audience=settings.token_audience)


def notifications_group(env: dict[str, str]) -> str:
    from services.gateway.settings import GatewaySettings

    return GatewaySettings(database_prefix=env["SM_DATABASE_PREFIX"]).notifications_consumer_group


def publish_probes(bootstrap: str, users: list[str], run: str, total: int, rate: float) -> None:
    """In a process of its own: `total` notifications to random users at `rate` per second, each record as
    a service's outbox relay publishes it. A bare producer, not the services' broker: the machine has two
    cores, and the harness should leave them to what is measured."""

    async def publish() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, client_id="bench-notifier", linger_ms=1)
        await producer.start()
        began = time.perf_counter()
        for number in range(total):
            data = {"probe": f"{run}-p{number}", "sent_at": repr(time.time())}
            event = NotificationRequestedV1(subject=random.choice(users), kind="bench", title=TEXT, body=TEXT,
                                            data=data)  # fmt: skip
            record = event.to_record()
            headers = [(name, str(value).encode()) for name, value in record["headers"].items()]
            await producer.send(record["topic"], record["value"].encode(), key=str(record["key"]).encode(),
                                headers=headers)  # fmt: skip
            delay = began + (number + 1) / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        await producer.stop()

    asyncio.run(publish())


async def main(connections: int, rate: float, seconds: float, instances: int) -> int:
    env = {**infra_env(), "SM_DATABASE_PREFIX": unique_prefix("rt")}
    baseline = await round_trip(env["SM_KAFKA_BOOTSTRAP"], count=300, rate_per_s=rate)
    ports = [free_port() for _ in range(instances)]
    # This run's gateway begins at the topic's end, as a fresh deployment would, not replaying earlier runs.
    await begin_group_at_topic_end(env["SM_KAFKA_BOOTSTRAP"], notifications_group(env), NotificationRequestedV1.topic)
    async with contextlib.AsyncExitStack() as gateways:
        for port in ports:  # one consumer group: each instance takes its share of the partitions
            await gateways.enter_async_context(service_process("services.gateway.main:create_app", port, env))
        issuer = await gateway_issuer(env)
        # Ids and probes of this run only, so nothing from an earlier run can be counted.
        run = env["SM_DATABASE_PREFIX"].rstrip("_")
        users = [f"c-{run}-{index:05d}" for index in range(connections)]
        latencies: list[float] = []
        sockets = []
        for start in range(0, connections, 100):
            batch = users[start : start + 100]
            citizen = frozenset({Role.CITIZEN})
            principals = [Principal(subject=user, roles=citizen, session_id=f"s{user}") for user in batch]
            tokens = [issuer.issue(principal).token for principal in principals]
            sockets += await asyncio.gather(*(
                websockets.connect(f"ws://127.0.0.1:{ports[index % instances]}/v1/stream?access_token={token}",
                                   max_queue=None)
                for index, token in enumerate(tokens, start)))  # fmt: skip

        async def receive(socket: Any) -> None:
            async for raw in socket:
                message = json.loads(raw)
                data = message.get("data", {}) if message.get("type") == "notification" else {}
                if str(data.get("probe", "")).startswith(f"{run}-p"):
                    latencies.append(time.time() - float(data["sent_at"]))

        receivers = [asyncio.create_task(receive(socket)) for socket in sockets]
        # A thousand phones are a thousand devices, not one process: this process's own collections (10-35 ms
        # every second with a thousand sockets open) would be counted as delivery time, so it settles as a
        # service does after its start.
        settle_after_start()
        await asyncio.sleep(3.0)  # let every stream subscribe
        total = int(rate * seconds)
        # The publisher runs in its own process, so producing and receiving do not share one event loop
        # (both ends read the same wall clock); each probe carries the time it was handed to Kafka.
        publisher = multiprocessing.get_context("spawn").Process(
            target=publish_probes, args=(env["SM_KAFKA_BOOTSTRAP"], users, run, total, rate)
        )
        publisher.start()
        await asyncio.get_running_loop().run_in_executor(None, publisher.join, seconds + 120)
        for _ in range(100):
            if len(latencies) >= total:
                break
            await asyncio.sleep(0.1)
        for task in receivers:
            task.cancel()
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    delivered = summary_ms(latencies) if latencies else {"p50_ms": float("nan"), "p99_ms": float("nan"), "count": 0}
    result = {"connections": connections, "gateway_instances": instances, "rate_per_s": rate, "sent": total,
              "received": len(latencies),
              "delivery": delivered, "kafka_round_trip": baseline, "goal_p99_ms": 100,
              "p99_ratio_to_kafka_round_trip": delivered["p99_ms"] / baseline["p99_ms"]}  # fmt: skip
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "gateway_realtime.json").write_text(json.dumps(result, indent=2))
    sys.stdout.write(
        f"{connections} sockets on {instances} gateway(s), {rate:.0f} msg/s: received {len(latencies)}/{total}; "
        f"publish→socket p50 "
        f"{delivered['p50_ms']:.1f} ms, p99 {delivered['p99_ms']:.1f} ms (goal ≤ 100 ms); raw Kafka round trip "
        f"p99 {baseline['p99_ms']:.1f} ms → ratio {result['p99_ratio_to_kafka_round_trip']:.1f}\n"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--instances", type=int, default=1, help="gateway processes sharing the consumer group")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.connections, arguments.rate, arguments.seconds, arguments.instances)))
