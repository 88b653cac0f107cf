"""The fan-out on the real Redis: a dropped subscription connection, and each user's head."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis_async

from services.gateway.realtime.fanout import FanOut
from tests.infra import Servers
from tests.support.waiting import EVENTUALLY_S

NAMESPACE = "tests_gateway"


@pytest.fixture
async def named_redis(servers: Servers) -> AsyncIterator[tuple[redis_async.Redis, str]]:
    name = f"fanout-{uuid.uuid4().hex[:10]}"
    client = redis_async.Redis.from_url(servers.redis_url, client_name=name)
    yield client, name
    await client.aclose()


@pytest.fixture
async def fanout(named_redis: tuple[redis_async.Redis, str]) -> AsyncIterator[FanOut]:
    fan_out = FanOut(named_redis[0], NAMESPACE)
    yield fan_out
    await fan_out.close()


async def drop_subscription_connection(servers: Servers, client_name: str) -> None:
    """What a Redis restart or a network cut does to one instance's subscription."""
    admin = redis_async.Redis.from_url(servers.redis_url)
    try:
        for client in await admin.client_list():
            if client.get("name") == client_name and int(client.get("sub", 0)) > 0:
                await admin.client_kill_filter(_id=client["id"])
    finally:
        await admin.aclose()


async def test_after_its_connection_is_dropped_the_fan_out_tells_every_stream_to_catch_up_from_the_inbox(
    servers: Servers, named_redis: tuple[redis_async.Redis, str], fanout: FanOut
) -> None:
    _, name = named_redis
    user = f"c-{uuid.uuid4().hex[:12]}"
    listener = await fanout.listen(user)
    try:
        await drop_subscription_connection(servers, name)
        woken = await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S)
        assert woken is None
        assert listener.behind
        listener.behind = False
        await fanout.publish(user, {"cursor": 12, "kind": "appeal.answered"})  # subscribed again
        assert await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S) == {"cursor": 12, "kind": "appeal.answered"}
    finally:
        await fanout.stop_listening(user, listener)


async def test_a_users_head_is_the_newest_cursor_fanned_out_and_a_redelivered_batch_never_lowers_it(
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut
) -> None:
    client, _ = named_redis
    user, other = f"c-{uuid.uuid4().hex[:12]}", f"c-{uuid.uuid4().hex[:12]}"
    assert await fanout.head_of(user) == -1
    await fanout.publish_many([(user, {"cursor": 40}), (other, {"cursor": 41}), (user, {"cursor": 42})])
    await fanout.publish_many([(user, {"cursor": 40})])  # a redelivery of an older record
    assert (await fanout.head_of(user), await fanout.head_of(other)) == (42, 41)
    assert 0 < await client.ttl(f"{NAMESPACE}:notify-head:{user}") <= 24 * 3600


async def test_when_listening_begins_redis_has_confirmed_the_subscription_and_a_publish_at_once_arrives(
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut
) -> None:
    client, _ = named_redis
    for attempt in range(20):
        user = f"c-{uuid.uuid4().hex[:12]}"
        listener = await fanout.listen(user)
        channel = f"{NAMESPACE}:notify:{user}"
        assert await client.pubsub_numsub(channel) == [(channel.encode(), 1)]
        await fanout.publish(user, {"cursor": attempt})
        assert await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S) == {"cursor": attempt}
        await fanout.stop_listening(user, listener)


async def test_a_stream_hears_only_its_own_deployment_though_two_share_one_redis(
    named_redis: tuple[redis_async.Redis, str],
) -> None:
    client, _ = named_redis
    ours, theirs = FanOut(client, NAMESPACE), FanOut(client, "other_gateway")
    user = f"c-{uuid.uuid4().hex[:12]}"
    listener = await ours.listen(user)
    try:
        await theirs.publish(user, {"cursor": 7, "from": "theirs"})  # ahead of our own inbox: must not reach us
        await ours.publish(user, {"cursor": 7, "from": "ours"})
        assert await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S) == {"cursor": 7, "from": "ours"}
        assert listener.queue.empty()
        assert await theirs.head_of(user) == await ours.head_of(user) == 7
    finally:
        await ours.stop_listening(user, listener)
        await ours.close()
        await theirs.close()
