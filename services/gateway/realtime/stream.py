"""One user's stream of notifications: catch up from the inbox after a cursor, then follow live, in order,
each notification once (a redelivered or replayed one is skipped by its cursor)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol

import anyio

from services.gateway.realtime.fanout import Listener
from services.gateway.realtime.inbox import InboxEntry
from shared.i18n import Language

HEARTBEAT_S = 15.0


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
    """Yields notifications (or None as a heartbeat) until the consumer stops iterating."""
    connection_id = uuid.uuid4().hex
    listener = await fanout.listen(user_id)  # listen first, so nothing falls between catch-up and live
    try:
        await presence.touch(user_id, connection_id)
        listener.behind = True
        while True:
            if listener.behind:
                listener.behind = False
                for entry in await inbox.after(user_id, cursor):
                    cursor = entry.cursor
                    yield entry.public(language)
            try:
                payload = await asyncio.wait_for(listener.queue.get(), heartbeat_s)
            except TimeoutError:
                await presence.touch(user_id, connection_id)
                listener.behind = await fanout.head_of(user_id) > cursor  # a live one was missed
                if not listener.behind:
                    yield None
                continue
            if payload is None or listener.behind:
                continue
            entry = InboxEntry.from_document(payload_document(payload))
            if entry.cursor > cursor:
                cursor = entry.cursor
                yield entry.public(language)
    finally:
        with anyio.CancelScope(shield=True):  # a cancelled request must still let go of its subscription
            await fanout.stop_listening(user_id, listener)
            await presence.leave(user_id, connection_id)


def payload_document(payload: dict[str, Any]) -> dict[str, Any]:
    document = dict(payload)
    document["_id"] = document.pop("event_id", document.get("_id"))
    if isinstance(document.get("created_at"), str):
        document["created_at"] = datetime.fromisoformat(document["created_at"])
    return document
