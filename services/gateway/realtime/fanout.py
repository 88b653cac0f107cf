"""Fan-out across gateway instances: whichever instance consumes a notification hands it to its own streams
of that user and, if presence shows a stream of the user on another instance, publishes it on Redis, where
every instance holding one forwards it. Presence also says whether anyone is listening at all (push).

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

RAISE_HEADS_THEN_PUBLISH = """
local users = #KEYS / 2
local others = {}
for index = 1, users do
  redis.call('ZADD', KEYS[index], 'GT', ARGV[4 + index], ARGV[2])
  redis.call('EXPIRE', KEYS[index], ARGV[1])
  others[index] = false
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[users + index], ARGV[3], '+inf')) do
    if string.sub(member, 1, #ARGV[4]) ~= ARGV[4] then
      others[index] = true
      break
    end
  end
end
local published = 0
for index = users + 5, #ARGV, 3 do
  if others[tonumber(ARGV[index])] then
    redis.call('PUBLISH', ARGV[index + 1], ARGV[index + 2])
    published = published + 1
  end
end
return published
"""
"""KEYS: the users' head keys, then their presence keys in the same order. ARGV: the heads' TTL, their
member, the time now, this instance's presence prefix, each head's cursor (in the order of KEYS), then
for each message the index of its user, its channel and the message. One command rather than three per
notification (the fan-out's Redis client work was the largest cost of delivery at 500 notifications/s).
GT: a redelivered older batch never lowers a head. A message is published only if a stream of its user is
open on another instance: this instance hands its own streams their messages directly."""


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
    """Open streams per user, as a sorted set of `<instance>/<connection>` members scored by expiry
    (crash-safe): the fan-out tells from it whether another instance holds a stream of the user."""

    def __init__(self, redis: redis_async.Redis, namespace: str, instance_id: str) -> None:
        self._redis = redis
        self._keys = Keys(namespace)
        self._prefix = presence_prefix(instance_id)

    async def touch(self, user_id: str, connection_id: str) -> None:
        key = self._keys.presence(user_id)
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {self._prefix + connection_id: time.time() + PRESENCE_TTL_S})
            pipe.expire(key, PRESENCE_TTL_S * 2)
            await pipe.execute()

    async def leave(self, user_id: str, connection_id: str) -> None:
        await self._redis.zrem(self._keys.presence(user_id), self._prefix + connection_id)

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


def presence_prefix(instance_id: str) -> str:
    return f"{instance_id}/"


class Listening:
    """Who has a stream open anywhere: this instance's own streams, then presence in Redis for the others
    (in a single-instance deployment, no Redis call at all)."""

    def __init__(self, fanout: FanOut, presence: Presence) -> None:
        self._fanout = fanout
        self._presence = presence

    async def listening_among(self, user_ids: set[str]) -> set[str]:
        here = self._fanout.listening_here(user_ids)
        return here | await self._presence.listening_among(user_ids - here)


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

    def __init__(self, redis: redis_async.Redis, namespace: str, instance_id: str | None = None) -> None:
        self._redis = redis
        self._keys = Keys(namespace)
        self._pubsub = redis.pubsub()
        self._confirmations: dict[str, asyncio.Event] = {}
        self._listeners: dict[str, set[Listener]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._raise_heads_then_publish = redis.register_script(RAISE_HEADS_THEN_PUBLISH)
        self.instance_id = instance_id or uuid.uuid4().hex
        self._origin = f"{self.instance_id} ".encode()

    async def publish(self, user_id: str, payload: dict[str, Any]) -> None:
        await self.publish_many([(user_id, payload)])

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        """Raises each user's head to the newest cursor (each payload carries its `cursor`) and publishes what
        another instance's stream needs, in one script; then hands the payloads to this instance's own
        streams. Heads first: a stream that subscribed too late for a publish finds the head raised already;
        so does one whose presence came after the script looked. Each message names the instance that sent
        it, so that its own subscription passes over what it handed over already."""
        heads: dict[str, int] = {}
        for user_id, payload in messages:
            heads[user_id] = max(heads.get(user_id, -1), int(payload["cursor"]))
        position = {user_id: index for index, user_id in enumerate(heads, start=1)}
        published: list[Any] = []
        for user_id, payload in messages:
            message = self._origin + json.dumps(payload, default=str).encode()
            published += [position[user_id], self._keys.channel(user_id), message]
        keys = [self._keys.head(user_id) for user_id in heads] + [self._keys.presence(user_id) for user_id in heads]
        now = repr(time.time())
        await self._raise_heads_then_publish(
            keys=keys,
            args=[HEAD_TTL_S, HEAD_MEMBER, now, presence_prefix(self.instance_id), *heads.values(), *published],
        )
        for user_id, payload in messages:
            self._offer(user_id, payload)

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
            if not message["data"].startswith(self._origin):  # this instance's own were handed over at once
                self._offer(self._keys.user_of(channel), json.loads(message["data"].partition(b" ")[2]))

    def listening_here(self, user_ids: set[str]) -> set[str]:
        """The users among these with a stream open on this instance."""
        return {user_id for user_id in user_ids if self._listeners.get(user_id)}

    def _offer(self, user_id: str, payload: dict[str, Any]) -> None:
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
