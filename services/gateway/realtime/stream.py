"""One user's stream of notifications: catch up from the inbox after a cursor, then follow live, in order,
each notification once (a redelivered or replayed one is skipped by its cursor)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from services.gateway.realtime.fanout import FanOut, Presence
from services.gateway.realtime.inbox import Inbox, InboxEntry
from shared.i18n import Language

HEARTBEAT_S = 15.0


async def follow(
    user_id: str,
    cursor: int,
    language: Language,
    *,
    inbox: Inbox,
    fanout: FanOut,
    presence: Presence,
    heartbeat_s: float = HEARTBEAT_S,
) -> AsyncIterator[dict[str, Any] | None]:
    """Yields notifications (or None as a heartbeat) until the consumer stops iterating."""
    connection_id = uuid.uuid4().hex
    listener = await fanout.listen(user_id)  # listen first, so nothing falls between catch-up and live
    await presence.touch(user_id, connection_id)
    try:
        for entry in await inbox.after(user_id, cursor):
            cursor = entry.cursor
            yield entry.public(language)
        while True:
            try:
                payload = await asyncio.wait_for(listener.queue.get(), heartbeat_s)
            except TimeoutError:
                await presence.touch(user_id, connection_id)
                yield None
                continue
            if listener.overflowed:
                listener.overflowed = False
                for entry in await inbox.after(user_id, cursor):
                    cursor = entry.cursor
                    yield entry.public(language)
            entry = InboxEntry.from_document(payload_document(payload))
            if entry.cursor <= cursor:
                continue
            cursor = entry.cursor
            yield entry.public(language)
    finally:
        await fanout.stop_listening(user_id, listener)
        await presence.leave(user_id, connection_id)


def payload_document(payload: dict[str, Any]) -> dict[str, Any]:
    document = dict(payload)
    document["_id"] = document.pop("event_id", document.get("_id"))
    if isinstance(document.get("created_at"), str):
        document["created_at"] = datetime.fromisoformat(document["created_at"])
    return document
