"""One user's stream of notifications: catch up from the inbox after a cursor, then follow live, in order,
each notification once (a redelivered or replayed one is skipped by its cursor)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol

import anyio

from services.gateway.realtime.fanout import Listener
from services.gateway.realtime.inbox import InboxEntry
from shared.i18n import Language

HEARTBEAT_S = 15.0
SETTLE_S = 0.05
"""How soon the inbox is read again when the user's head is ahead of it (the store is on its way); each
further read waits twice as long, up to `SETTLE_MAX_S`, for at most `SETTLE_READS` reads (about 6 s)."""
SETTLE_MAX_S = 1.0
SETTLE_READS = 10


class History(Protocol):
    async def after(self, user_id: str, cursor: int) -> list[InboxEntry]: ...


class LiveFeed(Protocol):
    async def listen(self, user_id: str) -> Listener: ...

    async def stop_listening(self, user_id: str, listener: Listener) -> None: ...

    async def head_of(self, user_id: str) -> int: ...


class Attendance(Protocol):
    async def touch(self, user_id: str, connection_id: str) -> None: ...

    async def leave(self, user_id: str, connection_id: str) -> None: ...


async def follow(
    user_id: str,
    cursor: int,
    language: Language,
    *,
    inbox: History,
    fanout: LiveFeed,
    presence: Attendance,
    heartbeat_s: float = HEARTBEAT_S,
) -> AsyncIterator[dict[str, Any] | None]:
    """Yields notifications (or None as a heartbeat) until the consumer stops iterating.

    The gateway fans a notification out before it is stored (`realtime.pipeline`). After each read of the
    inbox the stream compares the user's head with what it has sent: if the head is ahead, a notification
    was fanned out (perhaps before this stream subscribed) and is not stored yet, so the stream reads again
    shortly, sending nothing live meanwhile, which would pass over the gap."""
    connection_id = uuid.uuid4().hex
    listener = await fanout.listen(user_id)  # listen first, so nothing falls between catch-up and live
    try:
        await presence.touch(user_id, connection_id)
        listener.behind = True
        gap = StoreGap()
        while True:
            if listener.behind:
                listener.behind = False
                for entry in await inbox.after(user_id, cursor):
                    cursor = entry.cursor
                    yield entry.public(language)
                gap.observe(await fanout.head_of(user_id) > cursor)
            try:
                payload = await next_payload(listener, gap.remaining_s() if gap.waiting else heartbeat_s)
            except TimeoutError:
                if gap.waiting:
                    listener.behind = True
                    continue
                await presence.touch(user_id, connection_id)
                listener.behind = await fanout.head_of(user_id) > cursor  # a live one was missed
                if not listener.behind:
                    yield None
                continue
            if payload is None or listener.behind or gap.waiting:
                continue
            entry = InboxEntry.from_document(payload_document(payload))
            if entry.cursor > cursor:
                cursor = entry.cursor
                yield entry.public(language)
    finally:
        with anyio.CancelScope(shield=True):  # a cancelled request must still let go of its subscription
            await fanout.stop_listening(user_id, listener)
            await presence.leave(user_id, connection_id)


async def next_payload(listener: Listener, wait_s: float) -> dict[str, Any] | None:
    """The next payload, or TimeoutError after `wait_s`; one already queued is taken without a timer."""
    if not listener.queue.empty():
        return listener.queue.get_nowait()
    async with asyncio.timeout(wait_s):
        return await listener.queue.get()


class StoreGap:
    """Whether the inbox lags behind the user's head, when to read it again, and how many quick re-reads
    that may still cost: a notification that is never stored (its user erased meanwhile) falls back to the
    heartbeat's check. The moment to read again is fixed when the gap is seen, so live notifications
    arriving meanwhile (ignored, the inbox gives them in order) do not put it off."""

    def __init__(self) -> None:
        self.waiting = False
        self._reads_left = SETTLE_READS
        self._read_at = 0.0

    def remaining_s(self) -> float:
        return max(0.0, self._read_at - time.monotonic())

    def observe(self, head_ahead: bool) -> None:
        self.waiting = head_ahead and self._reads_left > 0
        if not head_ahead:
            self._reads_left = SETTLE_READS
        elif self.waiting:
            self._reads_left -= 1
            self._read_at = time.monotonic() + settle_wait_s(SETTLE_READS - self._reads_left)


def settle_wait_s(reads_done: int) -> float:
    return float(min(SETTLE_S * 2 ** max(reads_done - 1, 0), SETTLE_MAX_S))


def payload_document(payload: dict[str, Any]) -> dict[str, Any]:
    document = dict(payload)
    document["_id"] = document.pop("event_id", document.get("_id"))
    if isinstance(document.get("created_at"), str):
        document["created_at"] = datetime.fromisoformat(document["created_at"])
    return document
