"""Delivering notifications: fan them out to open streams, keep them in the inbox, push when nobody listens."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Protocol

from services.gateway.adapters.push import PushSender
from services.gateway.realtime.inbox import InboxEntry
from shared.clock import Clock
from shared.events.notifications import NotificationRequestedV1
from shared.i18n import Language

PUSH_WINDOW = timedelta(hours=1)
"""Older notifications (a gateway catching up after an outage) wait in the inbox; a phone is not woken for them."""


class NotificationStore(Protocol):
    async def add_many(self, entries: list[InboxEntry]) -> set[str]: ...


class Broadcaster(Protocol):
    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None: ...


class ListenerRegistry(Protocol):
    async def listening_among(self, user_ids: set[str]) -> set[str]: ...


class LanguageChoices(Protocol):
    async def languages_of(self, user_ids: set[str]) -> dict[str, Language]: ...


async def fan_out(notifications: Sequence[tuple[NotificationRequestedV1, int]], *, fanout: Broadcaster) -> None:
    """Hand notifications to the open streams at once, in order, before they are stored: a stream that sees
    the user's head ahead of the inbox reads the inbox again shortly (`realtime.stream`)."""
    entries = [InboxEntry.of(event, cursor) for event, cursor in notifications]
    if entries:
        await fanout.publish_many([(entry.user_id, entry.live_payload()) for entry in entries])


async def keep(
    notifications: Sequence[tuple[NotificationRequestedV1, int]], *, inbox: NotificationStore,
    presence: ListenerRegistry, push: PushSender, preferences: LanguageChoices, clock: Clock,
) -> int:  # fmt: skip
    """Store in the inbox and push the fresh ones to users with no open stream; returns how many were new.
    The store and the presence lookup run side by side. A batch that fails to store fails for a retry and
    wakes no phone; a redelivered notification is not pushed twice."""
    entries = [InboxEntry.of(event, cursor) for event, cursor in notifications]
    if not entries:
        return 0
    oldest_pushed = clock.now() - PUSH_WINDOW
    recent = [(event, entry) for (event, _), entry in zip(notifications, entries, strict=True)
              if event.time >= oldest_pushed]  # fmt: skip
    new_ids, listening = await asyncio.gather(
        inbox.add_many(entries), presence.listening_among({entry.user_id for _, entry in recent})
    )
    absent = [(event, entry) for event, entry in recent if entry.event_id in new_ids and entry.user_id not in listening]
    languages = await preferences.languages_of({entry.user_id for _, entry in absent}) if absent else {}
    for event, entry in absent:
        language = languages[entry.user_id]
        await push.push(entry.user_id, event.title.in_language(language), event.body.in_language(language),
                        dict(event.data), clock.now())  # fmt: skip
    return len(new_ids)
