"""The fan-out on the real Redis: a dropped subscription connection, each user's head, and what reaches an
instance's streams from itself and from another instance."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis_async

from services.gateway.realtime.fanout import FanOut, Listening, Presence
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


@pytest.fixture
async def another_instance(named_redis: tuple[redis_async.Redis, str]) -> AsyncIterator[FanOut]:
    """A second gateway instance of the same deployment: what it publishes reaches ours through Redis."""
    fan_out = FanOut(named_redis[0], NAMESPACE)
    yield fan_out
    await fan_out.close()


async def streams_open_on(instance: FanOut, client: redis_async.Redis, user: str, namespace: str = NAMESPACE) -> None:
    """What a stream's start records: the user has a stream on this instance (other instances publish for it)."""
    await Presence(client, namespace, instance.instance_id).touch(user, uuid.uuid4().hex)


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
    servers: Servers, named_redis: tuple[redis_async.Redis, str], fanout: FanOut, another_instance: FanOut
) -> None:
    client, name = named_redis
    user = f"c-{uuid.uuid4().hex[:12]}"
    listener = await fanout.listen(user)
    await streams_open_on(fanout, client, user)
    try:
        await drop_subscription_connection(servers, name)
        woken = await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S)
        assert woken is None
        assert listener.behind
        listener.behind = False
        await another_instance.publish(user, {"cursor": 12, "kind": "appeal.answered"})  # subscribed again
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
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut, another_instance: FanOut
) -> None:
    client, _ = named_redis
    for attempt in range(20):
        user = f"c-{uuid.uuid4().hex[:12]}"
        listener = await fanout.listen(user)
        await streams_open_on(fanout, client, user)
        channel = f"{NAMESPACE}:notify:{user}"
        assert await client.pubsub_numsub(channel) == [(channel.encode(), 1)]
        await another_instance.publish(user, {"cursor": attempt})
        assert await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S) == {"cursor": attempt}
        await fanout.stop_listening(user, listener)


async def test_a_stream_hears_only_its_own_deployment_though_two_share_one_redis(
    named_redis: tuple[redis_async.Redis, str],
) -> None:
    client, _ = named_redis
    ours, theirs = FanOut(client, NAMESPACE), FanOut(client, "other_gateway")
    user = f"c-{uuid.uuid4().hex[:12]}"
    listener = await ours.listen(user)
    await streams_open_on(ours, client, user)
    await streams_open_on(FanOut(client, "other_gateway"), client, user, "other_gateway")  # they publish
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


async def test_an_instance_hands_its_own_notifications_to_its_streams_at_once_and_passes_over_their_echo(
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut, another_instance: FanOut
) -> None:
    client, _ = named_redis
    user = f"c-{uuid.uuid4().hex[:12]}"
    listener = await fanout.listen(user)
    await streams_open_on(fanout, client, user)
    await streams_open_on(another_instance, client, user)  # so both publish on Redis
    try:
        await fanout.publish(user, {"cursor": 1, "from": "ours"})
        assert listener.queue.get_nowait() == {"cursor": 1, "from": "ours"}  # before Redis sent anything back
        await another_instance.publish(user, {"cursor": 2, "from": "theirs"})  # arrives after our echo
        assert await asyncio.wait_for(listener.queue.get(), EVENTUALLY_S) == {"cursor": 2, "from": "theirs"}
        assert listener.queue.empty()
    finally:
        await fanout.stop_listening(user, listener)


async def test_an_instance_publishes_on_redis_only_for_users_with_a_stream_on_another_instance(
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut, another_instance: FanOut
) -> None:
    client, _ = named_redis
    user = f"c-{uuid.uuid4().hex[:12]}"
    await streams_open_on(fanout, client, user)
    watcher = client.pubsub()
    await watcher.subscribe(f"{NAMESPACE}:notify:{user}")
    try:
        await fanout.publish(user, {"cursor": 1})  # only our own stream: handed over directly
        await streams_open_on(another_instance, client, user)
        await fanout.publish(user, {"cursor": 2})
        heard = None
        async with asyncio.timeout(EVENTUALLY_S):
            while heard is None:
                heard = await watcher.get_message(ignore_subscribe_messages=True, timeout=1.0)
        assert heard["data"].endswith(b'{"cursor": 2}')  # the first publish never went out
        assert await fanout.head_of(user) == 2
    finally:
        await watcher.aclose()


async def test_a_user_listens_with_a_stream_on_this_instance_or_with_presence_on_another_and_not_otherwise(
    named_redis: tuple[redis_async.Redis, str], fanout: FanOut, another_instance: FanOut
) -> None:
    client, _ = named_redis
    here, there, nowhere = (f"c-{uuid.uuid4().hex[:12]}" for _ in range(3))
    listener = await fanout.listen(here)  # no presence recorded yet: known from this instance alone
    await streams_open_on(another_instance, client, there)
    try:
        listening = Listening(fanout, Presence(client, NAMESPACE, fanout.instance_id))
        assert await listening.listening_among({here, there, nowhere}) == {here, there}
    finally:
        await fanout.stop_listening(here, listener)
