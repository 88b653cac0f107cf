"""Fan-out across gateway instances: whichever instance consumes a notification publishes it on Redis, and
every instance holding a stream of that user forwards it. Presence says whether anyone is listening.

Redis pub/sub delivers at most once: what is published while an instance's subscription connection is down
is lost to it. The inbox stays the record, so the fan-out only has to say when a stream must read it again:
after its connection came back, and whenever the user's head (the newest cursor fanned out) is ahead of
what the stream has sent.

Every key and channel is named within a deployment's namespace (its database name, as its consumer group
is): two deployments sharing a Redis each fan out every notification from their own inbox, and a foreign
deployment's publish can run ahead of this one's store, which a stream must never see.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import defaultdict
from typing import Any

import redis.asyncio as redis_async

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "notify:"
PRESENCE_PREFIX = "presence:"
PRESENCE_TTL_S = 60
HEAD_PREFIX = "notify-head:"
HEAD_TTL_S = 24 * 3600
HEAD_MEMBER = "head"
SUBSCRIBE_CONFIRMATION_S = 5.0


class Keys:
    """A deployment's Redis names for one user."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def channel(self, user_id: str) -> str:
        return f"{self.namespace}:{CHANNEL_PREFIX}{user_id}"

    def presence(self, user_id: str) -> str:
        return f"{self.namespace}:{PRESENCE_PREFIX}{user_id}"

    def head(self, user_id: str) -> str:
        return f"{self.namespace}:{HEAD_PREFIX}{user_id}"

    def user_of(self, channel: str) -> str:
        return channel.removeprefix(f"{self.namespace}:{CHANNEL_PREFIX}")


class Presence:
    """Open streams per user, as a sorted set of connection ids scored by expiry (crash-safe)."""

    def __init__(self, redis: redis_async.Redis, namespace: str) -> None:
        self._redis = redis
        self._keys = Keys(namespace)

    async def touch(self, user_id: str, connection_id: str) -> None:
        key = self._keys.presence(user_id)
        await self._redis.zadd(key, {connection_id: time.time() + PRESENCE_TTL_S})
        await self._redis.expire(key, PRESENCE_TTL_S * 2)

    async def leave(self, user_id: str, connection_id: str) -> None:
        await self._redis.zrem(self._keys.presence(user_id), connection_id)

    async def listening_among(self, user_ids: set[str]) -> set[str]:
        if not user_ids:
            return set()
        ordered = sorted(user_ids)
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id in ordered:
                pipe.zcount(self._keys.presence(user_id), time.time(), "+inf")
            counts = await pipe.execute()
        return {user_id for user_id, count in zip(ordered, counts, strict=True) if count}

    async def is_listening(self, user_id: str) -> bool:
        return bool(await self._redis.zcount(self._keys.presence(user_id), time.time(), "+inf"))


class Listener:
    """One open stream's queue; `behind` tells the stream to catch up from the inbox (a None in the queue
    only wakes it)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(maxsize=1000)
        self.behind = False

    def offer(self, payload: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(payload)
        except asyncio.QueueFull:
            self.behind = True

    def catch_up(self) -> None:
        self.behind = True
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


class FanOut:
    """One Redis subscription per instance; a listener per open stream."""

    def __init__(self, redis: redis_async.Redis, namespace: str) -> None:
        self._redis = redis
        self._keys = Keys(namespace)
        self._pubsub = redis.pubsub()
        self._confirmations: dict[str, asyncio.Event] = {}
        self._listeners: dict[str, set[Listener]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.instance_id = uuid.uuid4().hex

    async def publish(self, user_id: str, payload: dict[str, Any]) -> None:
        await self.publish_many([(user_id, payload)])

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        """Publishes each payload (which carries its `cursor`) and raises each user's head to the newest."""
        heads: dict[str, int] = {}
        for user_id, payload in messages:
            heads[user_id] = max(heads.get(user_id, -1), int(payload["cursor"]))
        async with self._redis.pipeline(transaction=False) as pipe:
            # Heads first: a stream that subscribed too late for a publish finds the head raised already.
            for user_id, cursor in heads.items():  # GT: a redelivered older batch never lowers it
                pipe.zadd(self._keys.head(user_id), {HEAD_MEMBER: cursor}, gt=True)
                pipe.expire(self._keys.head(user_id), HEAD_TTL_S)
            for user_id, payload in messages:
                pipe.publish(self._keys.channel(user_id), json.dumps(payload, default=str))
            await pipe.execute()

    async def head_of(self, user_id: str) -> int:
        """The newest cursor fanned out to this user in the last day, or -1."""
        score = await self._redis.zscore(self._keys.head(user_id), HEAD_MEMBER)
        return int(score) if score is not None else -1

    async def listen(self, user_id: str) -> Listener:
        """Returns once Redis has confirmed the user's subscription. A SUBSCRIBE merely sent can still lose
        a race with a PUBLISH of a notification stored a moment later, and the stream, reading the inbox
        after this, would miss that one both ways."""
        listener = Listener()
        async with self._lock:
            first = not self._listeners[user_id]
            self._listeners[user_id].add(listener)
            if first:
                await self._subscribe(self._keys.channel(user_id))
        return listener

    async def _subscribe(self, channel: str) -> None:
        confirmed = self._confirmations[channel] = asyncio.Event()
        await self._pubsub.subscribe(channel)
        if self._task is None:
            self._task = asyncio.create_task(self._pump(), name="notification-fanout")
        try:
            await asyncio.wait_for(confirmed.wait(), SUBSCRIBE_CONFIRMATION_S)
        except TimeoutError:  # the connection is in trouble; its reconnect makes every stream catch up
            logger.warning("fan-out: Redis did not confirm a subscription within %s s", SUBSCRIBE_CONFIRMATION_S)
        finally:
            self._confirmations.pop(channel, None)

    async def stop_listening(self, user_id: str, listener: Listener) -> None:
        async with self._lock:
            self._listeners[user_id].discard(listener)
            if not self._listeners[user_id]:
                del self._listeners[user_id]
                await self._pubsub.unsubscribe(self._keys.channel(user_id))

    async def _pump(self) -> None:
        connection_lost = False
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("fan-out subscription failed; retrying")
                connection_lost = True
                await asyncio.sleep(0.5)
                continue
            if connection_lost:  # subscribed again now: what was published meanwhile is only in the inbox
                connection_lost = False
                self._tell_everyone_to_catch_up()
            if message is None:
                continue
            channel = (message.get("channel") or b"").decode()
            if message["type"] == "subscribe" and channel in self._confirmations:
                self._confirmations[channel].set()
            if message["type"] != "message":
                continue
            user_id = self._keys.user_of(channel)
            payload = json.loads(message["data"])
            for listener in list(self._listeners.get(user_id, ())):
                listener.offer(payload)

    def _tell_everyone_to_catch_up(self) -> None:
        for listeners in self._listeners.values():
            for listener in listeners:
                listener.catch_up()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
