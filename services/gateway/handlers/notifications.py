"""Delivering notifications: keep them in the inbox, fan them out to open streams, push when nobody listens."""

from __future__ import annotations

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


async def deliver_batch(
    notifications: Sequence[tuple[NotificationRequestedV1, int]], *, inbox: NotificationStore, fanout: Broadcaster,
    presence: ListenerRegistry, push: PushSender, preferences: LanguageChoices, clock: Clock,
) -> int:  # fmt: skip
    """Store, fan out, push; returns how many were new. Stored before it is fanned out: a stream listens
    first and then reads the inbox, so whatever it misses live is already stored (fanned out first, a
    notification could pass between a stream's subscription and its inbox read, and be lost to it). A
    redelivered notification is fanned out again (the first attempt may have died before) and streams skip
    what they already sent; it is not pushed twice."""
    entries = [InboxEntry.of(event, cursor) for event, cursor in notifications]
    if not entries:
        return 0
    new_ids = await inbox.add_many(entries)
    await fanout.publish_many(
        [(entry.user_id, entry.to_document() | {"event_id": entry.event_id}) for entry in entries]
    )
    oldest_pushed = clock.now() - PUSH_WINDOW
    fresh = [
        (event, entry) for (event, _), entry in zip(notifications, entries, strict=True)
        if entry.event_id in new_ids and event.time >= oldest_pushed
    ]  # fmt: skip
    if not fresh:
        return len(new_ids)
    listening = await presence.listening_among({entry.user_id for _, entry in fresh})
    absent = [(event, entry) for event, entry in fresh if entry.user_id not in listening]
    languages = await preferences.languages_of({entry.user_id for _, entry in absent}) if absent else {}
    for event, entry in absent:
        language = languages[entry.user_id]
        await push.push(entry.user_id, event.title.in_language(language), event.body.in_language(language),
                        dict(event.data), clock.now())  # fmt: skip
    return len(new_ids)
